//! KPI returns from records (`hcp kpi`): each KPI's `compute:` definition run over checked records
//! for a period, as typed data: numerator, denominator, the records that could not be judged, and
//! (for `--explain`) which references fell where. Ages are read on the calendar
//! (`model::calendar`, the one place the convention lives).
//!
//! Nothing is dropped without a count: a file that fails its checks is listed in `failed`; a record
//! that could be in a cohort but lacks what the KPI needs (a date of birth, an expected date of
//! delivery, the tools or feeding status of the event) is counted in `not_judged` and named by
//! reference with `--explain`.

use std::path::PathBuf;

use jiff::civil::Date;

use crate::model::calendar::{CalendarAge, Period, gestation_reached, reached};
use crate::model::diagnostic::Diagnostic;
use crate::model::family::{DoneOn, Record};
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{Compute, Denominator, KpiStatus};

/// What `hcp kpi` was asked.
#[derive(Debug, Clone)]
pub struct KpiRequest {
    /// The period.
    pub period: Period,
    /// The KPI ids asked for, in the order given; empty: every KPI of the set.
    pub kpis: Vec<String>,
    /// The KPI whose records to list by reference.
    pub explain: Option<String>,
    /// Today: records may not hold future dates; a period that ends after it is provisional.
    pub today: Date,
}

/// A KPI id that the set does not have.
#[derive(Debug, Clone, thiserror::Error)]
#[error("no KPI `{id}` in the pathway set{}", suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
pub struct UnknownKpi {
    /// What was asked.
    pub id: String,
    /// The nearest id.
    pub suggestion: Option<String>,
}

/// Why a record could not be judged for a KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Unjudged {
    /// No date of birth, and the expected date of delivery says the child may be in the cohort.
    NoDateOfBirth,
    /// The KPI reads a week of pregnancy, and the record gives no expected date of delivery.
    NoExpectedDate,
    /// The KPI looks for a tool, and the event records none.
    NoTools,
    /// The KPI looks for a feeding status, and the event records none.
    NoFeeding,
}

impl Unjudged {
    /// Every reason, in order.
    pub const ALL: [Unjudged; 4] = [
        Unjudged::NoDateOfBirth,
        Unjudged::NoExpectedDate,
        Unjudged::NoTools,
        Unjudged::NoFeeding,
    ];

    /// Its token in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Unjudged::NoDateOfBirth => "no-date-of-birth",
            Unjudged::NoExpectedDate => "no-expected-date-of-delivery",
            Unjudged::NoTools => "no-tools-recorded",
            Unjudged::NoFeeding => "no-feeding-recorded",
        }
    }
}

/// Where one record falls for one KPI.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// Not in the cohort.
    Outside,
    /// In the denominator only.
    Denominator,
    /// In the numerator (and the denominator, when the KPI has one).
    Numerator,
    /// Could be counted, but the record lacks what the KPI needs.
    NotJudged(Unjudged),
}

/// A computed KPI.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    /// Records in the numerator.
    pub numerator: usize,
    /// Records in the denominator; `None` for a count (C1).
    pub denominator: Option<usize>,
    /// Records that could not be judged.
    pub not_judged: usize,
}

impl Counts {
    /// The percentage in tenths (one decimal, rounded half up); `None` for a count or an empty
    /// denominator.
    pub fn percent_tenths(&self) -> Option<u64> {
        let d = self.denominator.filter(|d| *d > 0)? as u64;
        Some((self.numerator as u64 * 1000 + d / 2) / d)
    }
}

/// What a KPI's row holds.
#[derive(Debug, Clone)]
pub enum Outcome {
    /// Computed from the records.
    Computed(Counts),
    /// The catalogue says records cannot compute it.
    NotComputable {
        /// Why, from the catalogue.
        reason: Text,
    },
    /// The catalogue gives no definition (HCP036 warns).
    NoDefinition,
}

/// The references behind one KPI's numbers (`--explain`), in file order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Explained {
    /// In the denominator (for a count: empty).
    pub denominator: Vec<String>,
    /// In the numerator.
    pub numerator: Vec<String>,
    /// Not judged, and why.
    pub not_judged: Vec<(String, Unjudged)>,
}

/// One KPI's row.
#[derive(Debug, Clone)]
pub struct KpiRow {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Existing (national) or recommended.
    pub status: KpiStatus,
    /// The catalogue's definition, numerator and denominator in words.
    pub definition: Text,
    /// The numerator in words.
    pub numerator_text: Text,
    /// The denominator in words.
    pub denominator_text: Text,
    /// Where the definition comes from.
    pub source: Text,
    /// The executable definition, when computable.
    pub compute: Option<Compute>,
    /// The numbers, or why there are none.
    pub outcome: Outcome,
}

/// What `hcp kpi` made of its files.
#[derive(Debug, Clone)]
pub struct Returns {
    /// The period.
    pub period: Period,
    /// Today, as the records were checked.
    pub today: Date,
    /// The period ends after today: the figures can still change.
    pub provisional: bool,
    /// How many files were named (after removing repeats).
    pub files: usize,
    /// How many records were counted (files that passed their checks).
    pub records: usize,
    /// One row per KPI, in catalogue order (or the order asked).
    pub rows: Vec<KpiRow>,
    /// The KPI explained, and its references.
    pub explained: Option<(Text, Explained)>,
    /// Files that could not be read or failed their checks, as named, in order.
    pub failed: Vec<String>,
    /// Why (positions and codes only, never values from the files).
    pub findings: Vec<Diagnostic>,
    /// Files named more than once (counted once).
    pub repeated_files: Vec<String>,
    /// References more than one file carries (each file is counted: one child may be counted
    /// twice).
    pub repeated_references: Vec<String>,
}

/// The date an age is reached for a record: after birth from the date of birth, in pregnancy from
/// the expected date of delivery. `Err` when the record lacks the date needed.
fn when(r: &Record, age: CalendarAge) -> Result<Option<Date>, Unjudged> {
    match age {
        CalendarAge::Postnatal { months, days } => r
            .born
            .map(|b| reached(b, months, days))
            .ok_or(Unjudged::NoDateOfBirth),
        CalendarAge::Gestation(days) => r
            .expected
            .map(|e| gestation_reached(e, days))
            .ok_or(Unjudged::NoExpectedDate),
    }
}

/// Whether the event was done on time (`by`, `from`, `after`).
fn on_time(c: &Compute, r: &Record, done: &DoneOn) -> Result<bool, Unjudged> {
    let mut ok = true;
    if let Some(by) = &c.by {
        ok &= when(r, by.value)?.is_some_and(|d| done.date <= d);
    }
    if let Some(from) = &c.from {
        ok &= when(r, from.value)?.is_some_and(|d| done.date >= d);
    }
    if let Some(after) = &c.after {
        ok &= when(r, after.value)?.is_some_and(|d| done.date > d);
    }
    Ok(ok)
}

/// Whether the event meets the KPI's `tool` and `feeding` conditions.
fn meets(c: &Compute, done: &DoneOn) -> Result<bool, Unjudged> {
    let mut ok = true;
    if let Some(tool) = &c.tool {
        if done.tools.is_empty() {
            return Err(Unjudged::NoTools);
        }
        ok &= done
            .tools
            .iter()
            .any(|t| t.trim().eq_ignore_ascii_case(tool.value.as_str()));
    }
    if !c.feeding.is_empty() {
        let Some(feeding) = done.feeding else {
            return Err(Unjudged::NoFeeding);
        };
        ok &= c.feeding.iter().any(|f| f.value == feeding);
    }
    Ok(ok)
}

/// Where one record falls for one computable KPI in `period`. Events dated after the period's
/// last day are not counted, so a return run again later gives the same figure.
pub fn judge(c: &Compute, r: &Record, period: Period) -> Judged {
    let Some(cohort) = &c.cohort else {
        return Judged::Outside;
    };
    let event = c.event.as_ref().map(|e| e.value.as_str()).unwrap_or("");
    let events = r
        .done
        .iter()
        .filter(|d| d.intervention == event && d.date <= period.to);
    let cohort = &cohort.value;
    if cohort.done_in_period.as_ref().is_some_and(|b| b.value) {
        // A count: each record with the event in the period that meets the conditions.
        let mut unjudged = None;
        for done in events.filter(|d| period.contains(d.date)) {
            match on_time(c, r, done).and_then(|t| if t { meets(c, done) } else { Ok(false) }) {
                Ok(true) => return Judged::Numerator,
                Ok(false) => {}
                Err(u) => unjudged = unjudged.or(Some(u)),
            }
        }
        return unjudged.map_or(Judged::Outside, Judged::NotJudged);
    }
    // Is the child in the cohort?
    let entered = if let Some(turned) = &cohort.turned {
        let CalendarAge::Postnatal { months, days } = turned.value else {
            return Judged::Outside;
        };
        match (r.born, r.expected) {
            (Some(b), _) => reached(b, months, days),
            // Not recorded as born: it may be, if it would have reached the age by the period's
            // end had it been born on the expected date.
            (None, Some(e)) => {
                return if reached(e, months, days).is_some_and(|d| d <= period.to) {
                    Judged::NotJudged(Unjudged::NoDateOfBirth)
                } else {
                    Judged::Outside
                };
            }
            (None, None) => return Judged::NotJudged(Unjudged::NoDateOfBirth),
        }
    } else {
        match (r.born, r.expected) {
            (Some(b), _) => Some(b),
            (None, Some(e)) if e <= period.to => {
                return Judged::NotJudged(Unjudged::NoDateOfBirth);
            }
            _ => return Judged::Outside,
        }
    };
    if !entered.is_some_and(|d| period.contains(d)) {
        return Judged::Outside;
    }
    let with_event = c.denominator.as_ref().map(|d| d.value) == Some(Denominator::WithEvent);
    let mut timely = false;
    let mut unjudged = None;
    for done in events {
        match on_time(c, r, done) {
            Ok(true) => {}
            Ok(false) => continue,
            Err(u) => {
                unjudged = unjudged.or(Some(u));
                continue;
            }
        }
        timely = true;
        match meets(c, done) {
            Ok(true) => return Judged::Numerator,
            Ok(false) => {}
            Err(u) => unjudged = unjudged.or(Some(u)),
        }
    }
    match unjudged {
        Some(u) => Judged::NotJudged(u),
        None if with_event && !timely => Judged::Outside,
        None => Judged::Denominator,
    }
}

/// The rows, and the KPI explained with its references.
pub type Computed = (Vec<KpiRow>, Option<(Text, Explained)>);

/// Run the KPIs asked for over checked records.
pub fn compute(
    lib: &Library,
    records: &[Record],
    request: &KpiRequest,
) -> Result<Computed, UnknownKpi> {
    let known = || lib.catalogue.kpis.iter().map(|k| k.item.id.value.as_str());
    let find = |id: &str| {
        lib.kpi(id).ok_or_else(|| UnknownKpi {
            id: id.to_string(),
            suggestion: crate::model::diagnostic::did_you_mean(id, known()),
        })
    };
    let kpis: Vec<&crate::model::Kpi> = if request.kpis.is_empty() {
        lib.catalogue.kpis.iter().map(|k| &k.item).collect()
    } else {
        request
            .kpis
            .iter()
            .map(|id| find(id))
            .collect::<Result<_, _>>()?
    };
    let explain = request.explain.as_deref().map(find).transpose()?;
    let mut explained = None;
    let mut rows = Vec::with_capacity(kpis.len());
    for kpi in kpis {
        let compute = kpi.compute.as_ref().map(|c| &c.value);
        let outcome = match compute {
            None => Outcome::NoDefinition,
            Some(c) if !c.computable() => Outcome::NotComputable {
                reason: c
                    .reason
                    .as_ref()
                    .map(|r| r.value.clone())
                    .unwrap_or_default(),
            },
            Some(c) => {
                let count_only = c
                    .cohort
                    .as_ref()
                    .and_then(|k| k.value.done_in_period.as_ref())
                    .is_some_and(|b| b.value);
                let mut counts = Counts {
                    numerator: 0,
                    denominator: (!count_only).then_some(0),
                    not_judged: 0,
                };
                let explaining = explain.is_some_and(|e| e.id.value == kpi.id.value);
                let mut e = Explained::default();
                for r in records {
                    let judged = judge(c, r, request.period);
                    match judged {
                        Judged::Outside => {}
                        Judged::Denominator | Judged::Numerator => {
                            if let Some(d) = counts.denominator.as_mut() {
                                *d += 1;
                                if explaining {
                                    e.denominator.push(r.reference.clone());
                                }
                            }
                            if judged == Judged::Numerator {
                                counts.numerator += 1;
                                if explaining {
                                    e.numerator.push(r.reference.clone());
                                }
                            }
                        }
                        Judged::NotJudged(why) => {
                            counts.not_judged += 1;
                            if explaining {
                                e.not_judged.push((r.reference.clone(), why));
                            }
                        }
                    }
                }
                if explaining {
                    explained = Some((kpi.id.value.clone(), e));
                }
                Outcome::Computed(counts)
            }
        };
        rows.push(KpiRow {
            id: kpi.id.value.clone(),
            title: kpi.title.clone(),
            status: kpi.status,
            definition: kpi.definition.clone(),
            numerator_text: kpi.numerator.clone(),
            denominator_text: kpi.denominator.clone(),
            source: kpi.source.clone(),
            compute: compute.filter(|c| c.computable()).cloned(),
            outcome,
        });
    }
    // A KPI explained but not computable still answers: with nothing to list.
    if let (None, Some(k)) = (&explained, explain) {
        explained = Some((k.id.value.clone(), Explained::default()));
    }
    Ok((rows, explained))
}

/// Read and check one record file; `display` names it in findings.
pub fn read_record(
    path: &std::path::Path,
    lib: &Library,
    today: Date,
) -> Result<Record, Vec<Diagnostic>> {
    crate::check::record::read(path, lib, today).map(|(_, _, record)| record)
}

/// Read, check and count record files: every file named is counted or listed as failed.
pub fn kpi_files(
    lib: &Library,
    files: &[PathBuf],
    request: &KpiRequest,
) -> Result<Returns, UnknownKpi> {
    let (unique, repeated_files) = crate::load::family::unique(files);
    let results = crate::load::parallel::map_ordered(&unique, true, |file| {
        read_record(file, lib, request.today)
    });
    let mut records = Vec::with_capacity(unique.len());
    let mut failed = Vec::new();
    let mut findings = Vec::new();
    for (file, result) in unique.iter().zip(results) {
        match result {
            Ok(r) => records.push(r),
            Err(f) => {
                failed.push(file.display().to_string());
                findings.extend(f);
            }
        }
    }
    let repeated_references =
        crate::load::family::repeated_references(records.iter().map(|r| r.reference.as_str()));
    let (rows, explained) = compute(lib, &records, request)?;
    Ok(Returns {
        period: request.period,
        today: request.today,
        provisional: request.period.to >= request.today,
        files: unique.len(),
        records: records.len(),
        rows,
        explained,
        failed,
        findings,
        repeated_files,
        repeated_references,
    })
}

impl Returns {
    /// Whether the return is clean: every file counted, no reference carried twice.
    pub fn clean(&self) -> bool {
        self.failed.is_empty() && self.repeated_references.is_empty()
    }

    /// The code of the first finding about a failed file.
    pub fn failure_code(&self, file: &str) -> Option<crate::model::diagnostic::Code> {
        self.findings
            .iter()
            .find(|d| d.file == file)
            .map(|d| d.code)
    }
}

#[cfg(test)]
mod tests;

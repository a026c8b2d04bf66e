//! Scoring Assessment Triangle inputs into a suggested band, and explaining it, as typed data:
//! the rules that fired, the single changes that would lower or raise the band (`render` words
//! them), and for one family what is due now.
//!
//! The engine ([`score`]) is pure: a [`Framework`] (resolved from `pathways/assessment/`) and the
//! observed indicators per dimension go in; an [`Outcome`] comes out. It is monotone (more need
//! never gives a lower band) and does not depend on the order of its inputs. Missing is not "no
//! concern": a dimension with nothing observed is *not assessed*, and the outcome says it is
//! incomplete.

mod score;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};

pub use score::score;
use score::score_band;

use crate::model::Level;
use crate::model::age::Point;
use crate::model::framework::Framework;
use crate::model::library::Library;
use crate::model::text::Text;

/// A rule that contributed to the suggestion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fired {
    /// Which rule, and what it found.
    pub rule: FiredRule,
    /// The band it suggests.
    pub gives: Level,
}

/// A rule of the banding, with what it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FiredRule {
    /// The highest band observed in any dimension (`highest-band`).
    HighestBand {
        /// The observed indicators at that band.
        indicators: Vec<Text>,
        /// How many dimensions were assessed.
        assessed: usize,
    },
    /// Decisive indicators, always Universal Partnership Plus (`decisive-indicator`).
    DecisiveIndicator {
        /// The decisive indicators observed.
        indicators: Vec<Text>,
    },
    /// An escalation rule of the framework met its thresholds.
    Escalation {
        /// The rule's id.
        id: Text,
        /// The band it counts dimensions at (or above).
        band: Level,
        /// The dimensions it counted.
        dimensions: Vec<Text>,
        /// How many domains they fall in.
        domains: usize,
        /// The rule's description, from the framework.
        description: Text,
    },
}

impl FiredRule {
    /// The rule's id: `highest-band`, `decisive-indicator`, or an escalation rule's id.
    pub fn id(&self) -> &str {
        match self {
            FiredRule::HighestBand { .. } => "highest-band",
            FiredRule::DecisiveIndicator { .. } => "decisive-indicator",
            FiredRule::Escalation { id, .. } => id.as_str(),
        }
    }
}

/// One dimension's part in the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct DimensionOutcome {
    /// Domain id.
    pub domain: Text,
    /// Dimension id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Whether anything was observed.
    pub assessed: bool,
    /// The highest band observed, if assessed (left out when not).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub band: Option<Level>,
    /// The observed indicators: (id, text, band).
    pub indicators: Vec<ObservedIndicator>,
}

/// An observed indicator in the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct ObservedIndicator {
    /// Id.
    pub id: Text,
    /// In words.
    pub text: Text,
    /// Its band.
    pub band: Level,
    /// Always Universal Partnership Plus.
    pub decisive: bool,
    /// Pathways it points to.
    pub pathways: Vec<Text>,
}

/// A single change that would lower the band, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lowering {
    /// Without this observed indicator the suggestion would be `band`.
    Without {
        /// The indicator.
        indicator: Text,
        /// The band without it.
        band: Level,
    },
    /// No single indicator change would lower it: several needs at `band` or above drive it.
    NoSingleChange {
        /// The current band.
        band: Level,
    },
}

/// One of the nearest changes that would raise the band.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Raising {
    /// Any indicator at this band (or a decisive one, for Universal Partnership Plus) would
    /// suggest this band.
    AnyIndicatorAt(Level),
    /// `need` more dimensions at `band` or above would meet escalation rule `rule`.
    MoreDimensions {
        /// The escalation rule.
        rule: Text,
        /// The band it counts at.
        band: Level,
        /// How many more dimensions.
        need: usize,
        /// How many it counts now.
        now: usize,
        /// Its threshold.
        min: u32,
    },
    /// A need at `band` in `need` more domains would meet escalation rule `rule`.
    MoreDomains {
        /// The escalation rule.
        rule: Text,
        /// The band it counts at.
        band: Level,
        /// How many more domains.
        need: usize,
        /// How many it counts now.
        now: usize,
        /// Its threshold.
        min: u32,
    },
}

/// The scored result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The suggested band (a lower bound when incomplete).
    pub suggested: Level,
    /// Whether every dimension was assessed.
    pub complete: bool,
    /// Dimensions not assessed.
    pub missing: Vec<Text>,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionOutcome>,
    /// The rules that produced the band.
    pub fired: Vec<Fired>,
    /// Targeted pathways the indicators point to, in id order.
    pub pathways: Vec<Text>,
    /// Single changes that would lower the band.
    pub would_lower: Vec<Lowering>,
    /// The nearest changes that would raise the band.
    pub would_raise: Vec<Raising>,
}

/// The practitioner's decision beside the suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct Decision {
    /// The band the practitioner decided.
    pub band: Level,
    /// Whether it matches the suggestion.
    pub agrees: bool,
    /// The practitioner's rationale (single-family report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// A full assessment report for one family.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Pseudonymous reference.
    pub reference: String,
    /// Assessment date.
    pub assessment_date: jiff::civil::Date,
    /// Where the child is on the timeline on that date.
    pub child: Point,
    /// The child's age in calendar months and days, when the file gives a date of birth.
    pub child_calendar: Option<(u32, u32)>,
    /// The scored outcome (its `dimensions` are every dimension of the framework).
    pub outcome: Outcome,
    /// The practitioner's decision, when recorded.
    pub practitioner: Option<Decision>,
    /// Interventions due at the child's age on the assessment date, on the indicated pathways and
    /// Universal, at or below the suggested level.
    pub due: Vec<crate::answer::query::Row>,
    /// The pathways searched for `due` (the indicated ones and Universal) that are past their
    /// `next_review` date (HCP027) on `review_day`, the day hcp ran (not the assessment date): what
    /// is listed may rest on out-of-date content. Empty when no review day is given.
    pub review_overdue: Vec<crate::answer::review::OverdueReview>,
}

/// Score a family and gather what is due now; with `review_day` (the real date), note the
/// pathways searched that are overdue for review.
pub fn report(
    lib: &Library,
    fw: &Framework,
    family: &crate::model::family::Family,
    review_day: Option<jiff::civil::Date>,
) -> Report {
    let outcome = score(fw, &family.observations);
    let at = match family.at {
        crate::model::age::Point::Gestation(g) => Some(crate::answer::query::At::Gestation(g)),
        crate::model::age::Point::Postnatal(d) => Some(crate::answer::query::At::Age(d)),
        crate::model::age::Point::Preconception => None,
    };
    let targeted: Vec<String> = outcome
        .pathways
        .iter()
        .filter(|p| lib.pathway(p).is_some())
        .map(|p| p.to_string())
        .collect();
    let universal = lib
        .catalogue
        .pathway_set
        .iter()
        .find(|e| e.item.kind == crate::model::PathwayKind::Universal)
        .map(|e| e.item.id.value.to_string());
    let request = crate::answer::query::QueryRequest {
        at,
        pathways: if targeted.is_empty() {
            universal.into_iter().collect()
        } else {
            targeted
        },
        // Birth-cohort schedules are read for the child's date of birth: the assessment date
        // minus the age.
        today: Some(family.assessment_date),
        ..Default::default()
    };
    // Only help at or below the suggested level: a Universal Plus family is not listed the
    // multi-agency (Partnership Plus) interventions.
    let searched = crate::answer::query::run(lib, &request).unwrap_or_default();
    let review_overdue = review_day.map_or_else(Vec::new, |day| {
        crate::answer::review::overdue(lib, &searched.pathways, day)
    });
    let due = searched
        .results
        .into_iter()
        .filter(|row| row.level <= outcome.suggested)
        // What is for now: not what only opens later (`query` lists that as coming up).
        .filter(|row| row.status != Some(crate::answer::status::Status::Upcoming))
        .collect();
    Report {
        reference: family.reference.clone(),
        assessment_date: family.assessment_date,
        child: family.at,
        child_calendar: family.calendar_age,
        practitioner: family
            .practitioner
            .as_ref()
            .map(|(band, rationale)| Decision {
                band: *band,
                agrees: *band == outcome.suggested,
                // Folded YAML text ends in a newline: no text value in an output does.
                rationale: rationale.as_deref().map(|r| r.trim_end().to_string()),
            }),
        outcome,
        due,
        review_overdue,
    }
}

/// One family's line in a caseload summary: no free text, no identifiers beyond the reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// Pseudonymous reference.
    pub reference: String,
    /// Where the child is on the timeline on the assessment date.
    pub child: Point,
    /// The child's age in calendar months and days, when the file gives a date of birth.
    pub child_calendar: Option<(u32, u32)>,
    /// Suggested band (a lower bound when `complete` is false).
    pub suggested: Level,
    /// Whether every dimension was assessed.
    pub complete: bool,
    /// Dimensions not assessed (their ids, as in the full report).
    pub missing: Vec<Text>,
    /// Dimensions in the framework.
    pub dimensions: usize,
    /// The practitioner's band, when recorded.
    pub practitioner: Option<Level>,
    /// Pathways indicated.
    pub pathways: Vec<Text>,
}

/// A family's caseload row, computed directly: the same row as `CaseRow::from(&report(..))`
/// without the explanations and the list of what is due, which a row does not show.
pub fn case_row(fw: &Framework, family: &crate::model::family::Family) -> CaseRow {
    let outcome = score_band(fw, &family.observations);
    CaseRow {
        reference: family.reference.clone(),
        child: family.at,
        child_calendar: family.calendar_age,
        suggested: outcome.suggested,
        complete: outcome.complete,
        missing: outcome.missing,
        dimensions: outcome.dimensions.len(),
        practitioner: family.practitioner.as_ref().map(|(band, _)| *band),
        pathways: outcome.pathways,
    }
}

impl From<&Report> for CaseRow {
    fn from(r: &Report) -> CaseRow {
        CaseRow {
            reference: r.reference.clone(),
            child: r.child,
            child_calendar: r.child_calendar,
            suggested: r.outcome.suggested,
            complete: r.outcome.complete,
            missing: r.outcome.missing.clone(),
            dimensions: r.outcome.dimensions.len(),
            practitioner: r.practitioner.as_ref().map(|p| p.band),
            pathways: r.outcome.pathways.clone(),
        }
    }
}

/// Read one family file and check it against the framework and the calendar (`today` guards
/// against future dates): the family, or its findings (positions only, never values).
pub fn read_family(
    path: &std::path::Path,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    let display = path.display().to_string();
    let file = crate::load::family::read(path, &display)?;
    crate::check::family::family(&display, file, framework, today)
}

/// What the files given to `hcp assess` are.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Input {
    /// Family files (YAML, docs/assessment-format.md).
    #[default]
    Family,
    /// FHIR R4 QuestionnaireResponses answering hcp's Assessment Triangle Questionnaire
    /// (`hcp assess --from-fhir`; docs/fhir.md): read by `load::fhir_response` into the family
    /// file they amount to, then checked and scored exactly as that file would be.
    FhirResponse,
}

/// Read one QuestionnaireResponse and check the family file it amounts to, as [`read_family`]
/// does a family file; findings are at JSON paths, in the response's words.
pub fn read_fhir_response(
    path: &std::path::Path,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    let display = path.display().to_string();
    let crate::load::fhir_response::Response { file, places } =
        crate::load::fhir_response::read(path, &display)?;
    crate::check::family::family(&display, file, framework, today).map_err(|mut findings| {
        crate::load::fhir_response::relocate(&mut findings, &places);
        findings
    })
}

fn read_input(
    input: Input,
    path: &std::path::Path,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    match input {
        Input::Family => read_family(path, framework, today),
        Input::FhirResponse => read_fhir_response(path, framework, today),
    }
}

/// A family file's text, parsed and checked as [`read_family`] does a file; `display` names it in
/// findings.
pub fn family_from_text(
    display: &str,
    text: &str,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    let file = crate::load::family::parse(display, text)?;
    crate::check::family::family(display, file, framework, today)
}

/// Whether a suggested band is the band, not only a lower bound: the assessment is complete, or
/// it already reaches the top band (scoring is monotone, so the missing dimensions can only keep
/// or raise a band, and nothing is above Universal Partnership Plus). A child-protection case with
/// dimensions still to assess is Universal Partnership Plus, never "incomplete" alone.
pub fn band_confirmed(suggested: Level, complete: bool) -> bool {
    complete || suggested == Level::UniversalPartnershipPlus
}

impl CaseRow {
    /// Whether [`CaseRow::suggested`] is the band, not only a lower bound ([`band_confirmed`]).
    pub fn confirmed(&self) -> bool {
        band_confirmed(self.suggested, self.complete)
    }
}

/// What `hcp assess` made of its family files.
#[derive(Debug, Clone, Default)]
pub struct Assessed {
    /// The full report, when a single family file was asked about.
    pub report: Option<Report>,
    /// One row per family assessed when several were (a caseload), by need: the highest
    /// suggested band first and, within a band, incomplete assessments first; then file order.
    pub rows: Vec<CaseRow>,
    /// The files that could not be assessed, as named, in the order given.
    pub failed: Vec<String>,
    /// Files named more than once (assessed once).
    pub repeated_files: Vec<String>,
    /// References that more than one file carries (each file is still assessed; two records may
    /// be one child's, or two children may share a reference).
    pub repeated_references: Vec<String>,
    /// Why: findings with positions, never values from the files.
    pub findings: Vec<crate::model::diagnostic::Diagnostic>,
    /// How many files were read.
    pub files: usize,
}

/// Assess family files: the full report for one file asked about alone (`single`), else a
/// caseload row per file, read, checked and scored on all cores with rows in file order. A file
/// that cannot be assessed is listed in `failed` with its findings, and the rest still are.
/// `today` guards against future dates; `review_day` (the clock's date, never a pinned
/// assessment date) finds the pathways of the report that are overdue for review.
pub fn assess_files(
    lib: &Library,
    framework: &Framework,
    files: &[std::path::PathBuf],
    single: bool,
    today: jiff::civil::Date,
    review_day: Option<jiff::civil::Date>,
) -> Assessed {
    assess_inputs(
        Input::Family,
        lib,
        framework,
        files,
        single,
        today,
        review_day,
    )
}

/// As [`assess_files`], for files of the kind `input` says.
pub fn assess_inputs(
    input: Input,
    lib: &Library,
    framework: &Framework,
    files: &[std::path::PathBuf],
    single: bool,
    today: jiff::civil::Date,
    review_day: Option<jiff::civil::Date>,
) -> Assessed {
    let mut assessed = Assessed {
        files: files.len(),
        ..Assessed::default()
    };
    let fail = |assessed: &mut Assessed, file: &std::path::Path, findings| {
        assessed.failed.push(file.display().to_string());
        assessed.findings.extend(findings);
    };
    if let (true, [file]) = (single, files) {
        match read_input(input, file, framework, today) {
            Ok(family) => assessed.report = Some(report(lib, framework, &family, review_day)),
            Err(findings) => fail(&mut assessed, file, findings),
        }
        return assessed;
    }
    // A file named twice is assessed once, and said so.
    let (unique, repeated_files) = crate::load::family::unique(files);
    assessed.repeated_files = repeated_files;
    // Families are independent: read, check and score them on all cores, rows in file order.
    let results = crate::load::parallel::map_ordered(&unique, true, |file| {
        read_input(input, file, framework, today).map(|family| case_row(framework, &family))
    });
    for (file, result) in unique.iter().zip(results) {
        match result {
            Ok(row) => assessed.rows.push(row),
            Err(findings) => fail(&mut assessed, file, findings),
        }
    }
    assessed.repeated_references = crate::load::family::repeated_references(
        assessed.rows.iter().map(|r| r.reference.as_str()),
    );
    // By need: highest band first, incomplete first within a band (stable: then file order).
    assessed
        .rows
        .sort_by_key(|r| (std::cmp::Reverse(r.suggested), r.complete));
    assessed
}

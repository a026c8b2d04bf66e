//! A child's schedule from their record (`hcp schedule FILE`), and a team's worklist across a
//! caseload (`hcp schedule DIR --within 4w`): every scheduled intervention on the child's
//! pathways, with its calendar window and one status given what has been done and today's date.
//!
//! * `done`: recorded on a date up to the window's last day (early counts as done);
//! * `done-late`: recorded after the window (the KPI that counts it late is named);
//! * `due`: not recorded, and today is inside the window;
//! * `overdue`: not recorded, the window has closed, and today is on or before `catch_up_until`;
//! * `missed`: not recorded, and the window (and any catch-up) has passed;
//! * `upcoming`: not recorded, and the window opens after today.
//!
//! Windows are inclusive at both ends and read as calendar dates (`model::calendar`). Items for
//! other birth cohorts (`born`) are left out; a time-limited programme (`offered`) runs only
//! between its dates. Before birth, items after birth are placed from the expected date of
//! delivery and marked `estimated`.

use crate::answer::query::{IdKind, QueryError, ordered_pathways};
use crate::answer::status::{Priority, priority, scheduled_window};
use crate::model::calendar::{date_of, pregnancy_start};
use crate::model::diagnostic::did_you_mean;
use crate::model::family::{DoneOn, Record};
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{PathwayKind, TimingKind};
use jiff::civil::Date;

/// Where a scheduled intervention stands for a child.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScheduleStatus {
    /// Not done; the window and any catch-up have closed.
    Missed,
    /// Not done; the window has closed, catch-up has not.
    Overdue,
    /// Not done; today is in the window.
    Due,
    /// Not done; the window opens later.
    Upcoming,
    /// Done after the window.
    DoneLate,
    /// Done by the end of the window.
    Done,
}

impl ScheduleStatus {
    /// Every status, most urgent first.
    pub const ALL: [ScheduleStatus; 6] = [
        ScheduleStatus::Missed,
        ScheduleStatus::Overdue,
        ScheduleStatus::Due,
        ScheduleStatus::Upcoming,
        ScheduleStatus::DoneLate,
        ScheduleStatus::Done,
    ];

    /// The id used in JSON, CSV and iCalendar.
    pub fn id(self) -> &'static str {
        match self {
            ScheduleStatus::Missed => "missed",
            ScheduleStatus::Overdue => "overdue",
            ScheduleStatus::Due => "due",
            ScheduleStatus::Upcoming => "upcoming",
            ScheduleStatus::DoneLate => "done-late",
            ScheduleStatus::Done => "done",
        }
    }

    /// Whether it is recorded as done.
    pub fn is_done(self) -> bool {
        matches!(self, ScheduleStatus::Done | ScheduleStatus::DoneLate)
    }
}

/// One scheduled intervention for one child.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleRow {
    /// The child's pseudonymous reference.
    pub reference: String,
    /// Intervention id.
    pub intervention: Text,
    /// Its title.
    pub title: Text,
    /// Its pathway id.
    pub pathway: Text,
    /// The lead profession's title.
    pub lead_title: Text,
    /// Where it stands.
    pub status: ScheduleStatus,
    /// First day of the window.
    pub from: Date,
    /// Last day of the window.
    pub to: Date,
    /// The last day a missed one is still done.
    pub catch_up_until: Option<Date>,
    /// When it was done.
    pub done_on: Option<Date>,
    /// The KPI that counts it: the late one when it is (or would be) late, else its first KPI.
    pub kpi: Option<Text>,
    /// Mandated review, screening or immunisation, or other.
    pub priority: Priority,
    /// Placed from the expected date of delivery, before birth.
    pub estimated: bool,
}

/// A child's schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Schedule {
    /// The child's pseudonymous reference.
    pub reference: String,
    /// The date of birth, when born.
    pub born: Option<Date>,
    /// The expected date of delivery, before birth.
    pub expected: Option<Date>,
    /// The date the statuses are for.
    pub today: Date,
    /// The pathways scheduled, Universal first.
    pub pathways: Vec<Text>,
    /// Every scheduled intervention, in date order.
    pub rows: Vec<ScheduleRow>,
    /// Interventions recorded as done that are not scheduled ones (ongoing, if needed, event),
    /// with their dates.
    pub other_done: Vec<(Text, Date)>,
}

/// Check the `--pathway` names: every one must exist.
pub fn check_pathways(lib: &Library, names: &[String]) -> Result<(), QueryError> {
    for name in names {
        if lib.pathway(name).is_none() {
            return Err(QueryError::Unknown {
                kind: IdKind::Pathway,
                value: name.clone(),
                suggestion: did_you_mean(name, lib.pathway_ids()),
            });
        }
    }
    Ok(())
}

/// The schedule of one record on Universal and the pathways named, as of `today`.
pub fn schedule(lib: &Library, record: &Record, pathways: &[String], today: Date) -> Schedule {
    let searched: Vec<_> =
        ordered_pathways(lib)
            .into_iter()
            .filter(|p| {
                pathways.iter().any(|n| p.id.value == *n)
                    || lib.catalogue.pathway_set.iter().any(|e| {
                        e.item.id.value == p.id.value && e.item.kind == PathwayKind::Universal
                    })
            })
            .collect();
    let start = record.expected.and_then(pregnancy_start);
    // Before birth, dates after birth are placed from the expected date of delivery.
    let birth = record.born.or(record.expected);
    let cohort_date = birth;
    let done_on =
        |id: &str| -> Option<&DoneOn> { record.done.iter().find(|d| d.intervention == id) };
    let mut rows = Vec::new();
    for p in &searched {
        for iv in &p.interventions {
            if iv.timing.as_ref().map(|k| k.value) != Some(TimingKind::Scheduled) {
                continue;
            }
            if let (Some(born), Some(range)) = (cohort_date, &iv.born)
                && !range.contains(born)
            {
                continue;
            }
            let Some(window) = scheduled_window(iv) else {
                continue;
            };
            let (Some(mut from), Some(mut to)) = (
                date_of(window.from, birth, start),
                date_of(window.to, birth, start),
            ) else {
                continue; // a pregnancy item for a child already born: not scheduled
            };
            let mut catch_up = iv
                .catch_up_until
                .as_ref()
                .and_then(|c| date_of(c.value, birth, start));
            if let Some(offered) = &iv.offered {
                if let Some(first) = offered.from.as_ref().map(|d| d.value.0) {
                    from = from.max(first);
                }
                if let Some(last) = offered.to.as_ref().map(|d| d.value.0) {
                    to = to.min(last);
                    catch_up = catch_up.map(|c| c.min(last));
                }
                if from > to {
                    continue; // the programme does not run while this child is eligible
                }
            }
            let estimated = record.born.is_none()
                && matches!(window.from, crate::model::age::Point::Postnatal(_));
            let done = done_on(&iv.id.value);
            let status = match done {
                Some(d) if d.date > to => ScheduleStatus::DoneLate,
                Some(_) => ScheduleStatus::Done,
                None if today < from => ScheduleStatus::Upcoming,
                None if today <= to => ScheduleStatus::Due,
                None if catch_up.is_some_and(|c| today <= c) => ScheduleStatus::Overdue,
                None => ScheduleStatus::Missed,
            };
            let late = matches!(
                status,
                ScheduleStatus::DoneLate | ScheduleStatus::Overdue | ScheduleStatus::Missed
            );
            let kpi = if late {
                iv.late_kpi.as_ref().map(|k| k.value.clone())
            } else {
                None
            }
            .or_else(|| iv.kpis.first().map(|k| k.value.clone()));
            rows.push(ScheduleRow {
                reference: record.reference.clone(),
                intervention: iv.id.value.clone(),
                title: iv.title.clone(),
                pathway: p.id.value.clone(),
                lead_title: lib
                    .profession(&iv.lead.value)
                    .map_or(iv.lead.value.clone(), |x| x.title.clone()),
                status,
                from,
                to,
                catch_up_until: catch_up,
                done_on: done.map(|d| d.date),
                kpi,
                priority: priority(lib, iv),
                estimated,
            });
        }
    }
    rows.sort_by(|a, b| {
        (a.from, a.priority, a.to, &a.intervention).cmp(&(
            b.from,
            b.priority,
            b.to,
            &b.intervention,
        ))
    });
    let other_done = record
        .done
        .iter()
        .filter(|d| {
            !rows
                .iter()
                .any(|r| r.intervention == d.intervention.as_str())
        })
        .map(|d| (Text::from(d.intervention.as_str()), d.date))
        .collect();
    Schedule {
        reference: record.reference.clone(),
        born: record.born,
        expected: record.expected,
        today,
        pathways: searched.iter().map(|p| p.id.value.clone()).collect(),
        rows,
        other_done,
    }
}

/// A team's worklist: what is missed-but-unrecorded is not work; overdue, due and what opens
/// within `within` days of `today` is, across every schedule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Worklist {
    /// The date the worklist is for.
    pub today: Date,
    /// The last day "opens within" reaches.
    pub until: Date,
    /// The rows, overdue first (soonest catch-up end first), then due (soonest end first), then
    /// upcoming (soonest start first).
    pub rows: Vec<ScheduleRow>,
    /// How many rows per intervention and status, in the rows' order of first appearance.
    pub counts: Vec<(Text, ScheduleStatus, usize)>,
    /// How many children were scheduled.
    pub children: usize,
}

/// The last day a worklist that looks `within_days` ahead of `today` reaches.
pub fn worklist_until(today: Date, within_days: u32) -> Date {
    today
        .checked_add(jiff::Span::new().days(i64::from(within_days)))
        .unwrap_or(today)
}

/// Whether a row is work for a worklist that reaches `until`: overdue, due, or opening by then.
pub fn is_work(r: &ScheduleRow, until: Date) -> bool {
    match r.status {
        ScheduleStatus::Overdue | ScheduleStatus::Due => true,
        ScheduleStatus::Upcoming => r.from <= until,
        _ => false,
    }
}

/// Build the worklist of these schedules.
pub fn worklist(schedules: &[Schedule], today: Date, within_days: u32) -> Worklist {
    let until = worklist_until(today, within_days);
    let mut rows: Vec<ScheduleRow> = schedules
        .iter()
        .flat_map(|s| s.rows.iter())
        .filter(|r| is_work(r, until))
        .cloned()
        .collect();
    rows.sort_by(|a, b| {
        let key = |r: &ScheduleRow| match r.status {
            ScheduleStatus::Overdue => (0, r.catch_up_until.unwrap_or(r.to)),
            ScheduleStatus::Due => (1, r.to),
            _ => (2, r.from),
        };
        (key(a), a.priority, &a.reference, &a.intervention).cmp(&(
            key(b),
            b.priority,
            &b.reference,
            &b.intervention,
        ))
    });
    let mut counts: Vec<(Text, ScheduleStatus, usize)> = Vec::new();
    for r in &rows {
        match counts
            .iter_mut()
            .find(|(id, s, _)| *id == r.intervention && *s == r.status)
        {
            Some(c) => c.2 += 1,
            None => counts.push((r.intervention.clone(), r.status, 1)),
        }
    }
    Worklist {
        today,
        until,
        rows,
        counts,
        children: schedules.len(),
    }
}

/// Schedules of record files: every file accounted for. A file that cannot be scheduled is in
/// `failed` with its findings, and the rest still are.
#[derive(Debug, Clone, Default)]
pub struct Scheduled {
    /// The schedules, in file order.
    pub schedules: Vec<Schedule>,
    /// Files that could not be scheduled, as named.
    pub failed: Vec<String>,
    /// The findings about them (positions and codes only).
    pub findings: Vec<crate::model::diagnostic::Diagnostic>,
    /// Files named more than once (scheduled once).
    pub repeated_files: Vec<String>,
    /// References carried by more than one file: two children's records may be merged, or one
    /// child's record given twice.
    pub repeated_references: Vec<String>,
    /// How many paths were given.
    pub files: usize,
}

/// Read, check and schedule record files on all cores, in file order. With `work_until` (a
/// worklist), each schedule keeps only the rows that are work by that day ([`is_work`]).
///
/// A record that also holds an assessment (`assessment_date` and `dimensions`) is checked and
/// scored as `hcp assess` would, and the pathways its indicators point to are scheduled too.
pub fn schedule_files(
    lib: &Library,
    framework: Option<&crate::model::framework::Framework>,
    files: &[std::path::PathBuf],
    pathways: &[String],
    today: Date,
    work_until: Option<Date>,
) -> Scheduled {
    let mut out = Scheduled {
        files: files.len(),
        ..Scheduled::default()
    };
    let (unique, repeated_files) = crate::load::family::unique(files);
    out.repeated_files = repeated_files;
    let results = crate::load::parallel::map_ordered(&unique, unique.len() > 64, |file| {
        let (display, written, record) = crate::check::record::read(file, lib, today)?;
        let mut on: Vec<String> = pathways.to_vec();
        if let Some(fw) = framework
            && written.assessment_date.is_some()
            && !written.dimensions.is_empty()
        {
            let family = crate::check::family::family(&display, written, fw, today)?;
            let outcome = crate::answer::assess::score(fw, &family.observations);
            on.extend(outcome.pathways.iter().map(ToString::to_string));
        }
        let mut one = schedule(lib, &record, &on, today);
        // A worklist keeps only its work: 50,000 whole schedules need not stay in memory.
        if let Some(until) = work_until {
            one.rows.retain(|r| is_work(r, until));
            one.rows.shrink_to_fit();
        }
        Ok::<_, Vec<crate::model::diagnostic::Diagnostic>>(one)
    });
    for (file, result) in unique.iter().zip(results) {
        match result {
            Ok(s) => out.schedules.push(s),
            Err(findings) => {
                out.failed.push(file.display().to_string());
                out.findings.extend(findings);
            }
        }
    }
    out.repeated_references = crate::load::family::repeated_references(
        out.schedules.iter().map(|s| s.reference.as_str()),
    );
    out
}

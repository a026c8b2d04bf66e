//! One intervention as a row of an answer, with its timing as data.

use crate::answer::status::{Priority, Status, priority, scheduled_window};
use crate::model::age::{Duration, Point, Span};
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{Basis, Category, Certainty, Intervention, Level, Pathway, TimingKind};

/// One matching intervention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Pathway id.
    pub pathway: Text,
    /// Pathway title.
    pub pathway_title: Text,
    /// Service level id.
    pub level: Level,
    /// Intervention id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
    /// First stage id.
    pub stage: Text,
    /// Last stage id, when it runs across stages.
    pub until_stage: Option<Text>,
    /// When it happens.
    pub timing: Timing,
    /// Where it stands at the point asked about (due, overdue, coming up, …); `None` when the
    /// question named no point (or a stage, see [`super::run`]).
    pub status: Option<Status>,
    /// Mandated review, screening or immunisation, or other: the order of what is due.
    pub priority: Priority,
    /// Screening or immunisation, when the data says so.
    pub category: Option<Category>,
    /// The dates of birth it applies to (inclusive; either end open), for cohort schedules.
    pub born: Option<(Option<jiff::civil::Date>, Option<jiff::civil::Date>)>,
    /// The calendar dates a time-limited programme runs (inclusive; either end open).
    pub offered: Option<(Option<jiff::civil::Date>, Option<jiff::civil::Date>)>,
    /// The event this intervention is (e.g. a mandated contact).
    pub event: Option<Text>,
    /// Lead profession id.
    pub lead: Text,
    /// Lead profession title.
    pub lead_title: Text,
    /// Other profession ids.
    pub with: Vec<Text>,
    /// KPI ids.
    pub kpis: Vec<Text>,
    /// Children's Centre core purposes.
    pub core_purposes: Vec<u8>,
    /// Named tools and programmes.
    pub tools: Vec<Text>,
    /// Partnership interfaces.
    pub interfaces: Vec<Text>,
    /// Guidance it comes from.
    pub source: Text,
    /// What it rests on.
    pub basis: Basis,
    /// How sure it is.
    pub certainty: Certainty,
    /// Caveats.
    pub note: Option<Text>,
}

/// When an intervention happens, as the data gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// How it is timed (HCP030 makes every bundled intervention say).
    pub kind: Option<TimingKind>,
    /// A scheduled intervention's window: its `window`, or one `due` age.
    pub scheduled: Option<Span>,
    /// The last age a missed scheduled one is still done.
    pub catch_up_until: Option<Point>,
    /// The KPI that counts a late one.
    pub late_kpi: Option<Text>,
    /// The exact window, when there is one.
    pub window: Option<Span>,
    /// The single age it is scheduled at, when there is one.
    pub due: Option<Point>,
    /// The span of the stage(s) it is listed under, when they are known.
    pub stages: Option<Span>,
    /// Timing after an event, when there is one.
    pub relative: Option<RelativeTiming>,
    /// When its KPI counts it by, when that is recorded.
    pub kpi_deadline: Option<Point>,
}

/// Timing after an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelativeTiming {
    /// The event id.
    pub after: Text,
    /// The event's title, when the catalogue has the event.
    pub event_title: Option<Text>,
    /// Earliest time after the event.
    pub earliest: Duration,
    /// Latest time after the event.
    pub latest: Duration,
}

/// When an intervention happens, from its window, due age, stages and event-relative timing.
pub fn timing(lib: &Library, iv: &Intervention) -> Timing {
    Timing {
        kind: iv.timing.as_ref().map(|k| k.value),
        scheduled: scheduled_window(iv),
        catch_up_until: iv.catch_up_until.as_ref().map(|c| c.value),
        late_kpi: iv.late_kpi.as_ref().map(|k| k.value.clone()),
        window: iv.window.as_ref().map(|w| Span {
            from: w.from.value,
            to: w.to.value,
        }),
        due: iv.due.as_ref().map(|d| d.value),
        stages: lib.intervention_stages(iv),
        relative: iv.relative.as_ref().map(|r| RelativeTiming {
            after: r.after.value.clone(),
            event_title: lib.event(&r.after.value).map(|e| e.title.clone()),
            earliest: r.earliest(),
            latest: r.latest.value,
        }),
        kpi_deadline: iv.kpi_deadline.as_ref().map(|k| k.value),
    }
}

/// One intervention of pathway `p` as a row.
pub fn row(lib: &Library, p: &Pathway, iv: &Intervention) -> Row {
    Row {
        pathway: p.id.value.clone(),
        pathway_title: p.title.clone(),
        level: iv.level.value,
        id: iv.id.value.clone(),
        title: iv.title.clone(),
        description: iv.description.trimmed(),
        stage: iv.stage.value.clone(),
        until_stage: iv.until_stage.as_ref().map(|s| s.value.clone()),
        timing: timing(lib, iv),
        status: None,
        priority: priority(lib, iv),
        category: iv.category.as_ref().map(|c| c.value),
        born: iv.born.as_ref().map(dates),
        offered: iv.offered.as_ref().map(dates),
        event: iv.event.as_ref().map(|e| e.value.clone()),
        lead: iv.lead.value.clone(),
        lead_title: lib
            .profession(&iv.lead.value)
            .map_or(iv.lead.value.clone(), |p| p.title.clone()),
        with: iv.with.iter().map(|w| w.value.clone()).collect(),
        kpis: iv.kpis.iter().map(|k| k.value.clone()).collect(),
        core_purposes: iv.core_purposes.iter().map(|c| c.value).collect(),
        tools: iv.tools.clone(),
        interfaces: iv.interfaces.iter().map(|i| i.value.clone()).collect(),
        source: iv.source.value.clone(),
        basis: iv.basis,
        certainty: iv.certainty,
        note: iv.note.clone(),
    }
}

fn dates(
    range: &crate::model::DateRange,
) -> (Option<jiff::civil::Date>, Option<jiff::civil::Date>) {
    (
        range.from.as_ref().map(|d| d.value.0),
        range.to.as_ref().map(|d| d.value.0),
    )
}

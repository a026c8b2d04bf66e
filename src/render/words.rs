//! The words every format shares: a row's timing, the question a query asked, why nothing
//! matched, where a child is, the suggested band, why a rule fired and what would change the band,
//! and the messages of the answers' errors. The answers are typed data; only this module (and the
//! format files beside it) turn them into English.

use std::fmt;

use super::ages;
use crate::answer::assess::{Fired, FiredRule, Lowering, Raising};
use crate::answer::browse::NotFound;
use crate::answer::query::{At, IdKind, QueryError, QueryRequest, QueryResult, Row, Timing};
use crate::answer::status::Status;
use crate::model::age::{Duration, Point, Span, format_age_days, format_gestation_days};
use crate::model::{Basis, Certainty, Level, TimingKind};

/// The standing statement printed with every schedule and worklist.
pub const SCHEDULE_STATEMENT: &str = "Statuses come from what the records say was done, on the dates given; the practitioner decides what to offer.";

/// The standing statement printed with every assessment.
pub const STATEMENT: &str = "This is a suggestion to support professional judgement. The practitioner decides the level of service.";

/// `one` or `many`, by `n`.
pub(super) fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

/// A level's short name in tables: `U`, `U+`, `UPP`.
pub(super) fn level_short(level: Level) -> &'static str {
    match level {
        Level::Universal => "U",
        Level::UniversalPlus => "U+",
        Level::UniversalPartnershipPlus => "UPP",
    }
}

/// Items joined with `, `.
pub(super) fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// When an intervention happens, in words, by its kind: a scheduled window (`6 to 8 weeks`,
/// `at 12 weeks`), the span an ongoing or if-needed item runs over (`from birth to 9 months`), or
/// the time after its event (`within 15 working days of the initial conference`); then the KPI
/// deadline. Catch-up is worded where the status needs it ([`catch_up`]).
pub(super) fn timing(t: &Timing) -> String {
    let mut parts = Vec::new();
    if let Some(r) = &t.relative {
        parts.push(after_event(r));
    } else if let Some(window) = t.scheduled.or(t.window) {
        parts.push(ages::window(window));
    } else if let Some(stages) = t.stages {
        parts.push(ages::window(stages));
    }
    if let Some(k) = t.kpi_deadline {
        parts.push(format!("KPI counts by {}", ages::point(k)));
    }
    parts.join("; ")
}

/// Timing after an event: `at booking`, `within 15 working days of the conference`.
fn after_event(r: &crate::answer::query::RelativeTiming) -> String {
    let event = r
        .event_title
        .as_ref()
        .map_or_else(|| r.after.to_string(), |title| title.to_lowercase());
    match (r.earliest.min_calendar_days(), r.latest) {
        (0, Duration::Days(0)) => format!("at {event}"),
        (0, latest) => format!("within {} of {event}", ages::duration(latest)),
        _ => format!(
            "{} to {} after {event}",
            ages::duration(r.earliest),
            ages::duration(r.latest)
        ),
    }
}

/// What an overdue item still allows: `still done until 1 year; a late one counts in C3`.
pub(super) fn catch_up(t: &Timing) -> Option<String> {
    let until = t.catch_up_until?;
    let mut words = format!("still done {}", ages::until(until));
    if let Some(k) = &t.late_kpi {
        words.push_str(&format!("; a late one counts in {k}"));
    }
    Some(words)
}

/// How an intervention is timed, in words.
pub(super) fn kind_words(kind: TimingKind) -> &'static str {
    match kind {
        TimingKind::Scheduled => "scheduled: due in its window",
        TimingKind::Ongoing => "ongoing: offered throughout its span",
        TimingKind::IfNeeded => "if needed: done when a need arises within its span",
        TimingKind::Event => "after an event",
    }
}

/// A section heading of a point-of-care answer.
pub(super) fn section(status: Status, ahead: u32) -> String {
    match status {
        Status::Due => "Due now".into(),
        Status::Overdue => "Overdue if not yet done".into(),
        Status::Upcoming => format!("Coming up (next {})", ages::age(ahead)),
        Status::Ongoing => "Ongoing".into(),
        Status::IfNeeded => "If needed".into(),
        Status::Event => "After an event".into(),
    }
}

/// When a row happens, worded for its section: what is due, until when an overdue one is still
/// done, when a coming one opens.
pub(crate) fn when(r: &Row) -> String {
    let t = &r.timing;
    match r.status {
        Some(Status::Overdue) => {
            let was = t.scheduled.map(ages::window).unwrap_or_default();
            match catch_up(t) {
                Some(c) => format!("was due {was}; {c}"),
                None => format!("was due {was}"),
            }
        }
        Some(Status::Upcoming) => match t.scheduled {
            Some(w) if w.from == w.to => format!("due at {}", ages::point(w.from)),
            Some(w) => format!("{} ({})", ages::opens(w.from), ages::window(w)),
            None => timing(t),
        },
        _ => timing(t),
    }
}

/// The birth cohort a row is for: `born 1 Jan 2025 or later`.
pub(super) fn cohort(r: &Row) -> Option<String> {
    let fmt = |d: jiff::civil::Date| d.strftime("%-d %b %Y").to_string();
    match r.born? {
        (Some(a), Some(b)) => Some(format!("born {} to {}", fmt(a), fmt(b))),
        (Some(a), None) => Some(format!("born {} or later", fmt(a))),
        (None, Some(b)) => Some(format!("born {} or earlier", fmt(b))),
        (None, None) => None,
    }
}

/// A duration as data writes it: `0d`, `3m`, `15wd`.
pub(super) fn duration_code(d: Duration) -> String {
    match d {
        Duration::Days(0) => "0d".to_string(),
        Duration::Days(n) => format_age_days(n),
        Duration::WorkingDays(n) => format!("{n}wd"),
    }
}

/// The question in words, e.g. `at 2y (day 730), involving gp`.
pub(super) fn asked(req: &QueryRequest) -> String {
    let mut parts = Vec::new();
    match &req.at {
        Some(At::Age(d)) => parts.push(format!(
            "at {} (day {d})",
            req.typed.clone().unwrap_or_else(|| ages::age(*d))
        )),
        Some(At::Gestation(d)) => parts.push(format!(
            "at {} of pregnancy",
            req.typed.clone().unwrap_or_else(|| ages::gestation(*d))
        )),
        Some(At::Stage(s)) => parts.push(format!("in stage {s}")),
        None => parts.push("at any age".to_string()),
    }
    if let Some(p) = &req.profession {
        parts.push(format!("involving {p}"));
    }
    if let Some(l) = req.level {
        parts.push(format!("at level {}", l.id()));
    }
    if let Some(cp) = req.core_purpose {
        parts.push(format!("serving core purpose {cp}"));
    }
    if let Some(k) = &req.kpi {
        parts.push(format!("measured by {k}"));
    }
    if let Some(i) = &req.interface {
        parts.push(format!("on the {i} interface"));
    }
    if let Some(t) = &req.text {
        parts.push(format!("mentioning \"{t}\""));
    }
    parts.join(", ")
}

/// When nothing matched: why, and what would find something.
pub(super) fn empty_reason(result: &QueryResult) -> Option<String> {
    if !result.results.is_empty() {
        return None;
    }
    let req = &result.request;
    let named = if req.pathways.is_empty() {
        "no interventions".to_string()
    } else {
        format!("no {} interventions", req.pathways.join(" or "))
    };
    let mut reason = format!("{named} {}", asked(req));
    if let Some(u) = &result.universal_instead {
        reason.push_str(&format!(
            "; {} has {} — drop --no-universal",
            u.title, u.count
        ));
    }
    Some(reason)
}

/// When `--age` was probably meant as a gestation: which flag to use instead.
pub(super) fn gestation_hint(result: &QueryResult) -> Option<String> {
    let days = result.gestation_instead?;
    let weeks = format_gestation_days(days);
    Some(format!(
        "--age is the child's age after birth; for {weeks} of pregnancy use --gestation {weeks}"
    ))
}

/// A timeline point as a number of days: `day 10 after birth`, `gestation day 196`.
pub(super) fn day(point: Point) -> String {
    match point {
        Point::Postnatal(0) => "day 0 (birth)".to_string(),
        Point::Postnatal(d) => format!("day {d} after birth"),
        Point::Gestation(g) => format!("gestation day {g}"),
        Point::Preconception => "preconception".to_string(),
    }
}

/// A span in days: `days 10 to 14 after birth`, `gestation days 0 to 195`.
pub(super) fn days(span: Span) -> String {
    match (span.from, span.to) {
        (a, b) if a == b => day(a),
        (Point::Postnatal(a), Point::Postnatal(b)) => format!("days {a} to {b} after birth"),
        (Point::Gestation(a), Point::Gestation(b)) => format!("gestation days {a} to {b}"),
        (a, b) => format!("{} to {}", day(a), day(b)),
    }
}

/// What an intervention rests on, in words.
pub(super) fn basis(basis: Basis) -> &'static str {
    match basis {
        Basis::National => "national guidance",
        Basis::EastOfEngland => "the East of England Best Practice Pathways",
        Basis::LocalPractice => "local practice, where national guidance is silent",
    }
}

/// How sure an intervention's content is, in words.
pub(super) fn certainty(certainty: Certainty) -> &'static str {
    match certainty {
        Certainty::Confirmed => "confirmed in the source",
        Certainty::Partial => "partly confirmed (the note says which part)",
        Certainty::Unverified => {
            "UNVERIFIED: not confirmed in a source; verify before relying on it"
        }
    }
}

/// Where the child is on the timeline: `18 months and 2 days (day 549)`, `30 weeks of pregnancy`.
pub(super) fn child(point: Point, calendar: Option<(u32, u32)>) -> String {
    // With a date of birth, the age by the calendar (15 months on the day, whatever the month
    // lengths); the day number stays the timeline's.
    if let (Point::Postnatal(d), Some((months, days))) = (point, calendar)
        && d > 84
    {
        return format!("{} (day {d})", ages::calendar(months, days));
    }
    match point {
        Point::Postnatal(d) => format!("{} (day {d})", ages::age(d)),
        Point::Gestation(g) => format!("{} (gestation day {g})", ages::point(point)),
        other => ages::point(other),
    }
}

/// The suggested band in words; an incomplete assessment is never a confident band.
pub fn suggestion(suggested: Level, complete: bool, missing: usize, dimensions: usize) -> String {
    if complete {
        return suggested.title().to_string();
    }
    match suggested {
        // The top band: what is missing cannot lower it, so it is never shown as "at least".
        Level::UniversalPartnershipPlus => format!(
            "{} (INCOMPLETE: {missing} of {dimensions} dimensions not assessed; they cannot lower this band)",
            suggested.title()
        ),
        Level::Universal => format!(
            "INCOMPLETE: cannot confirm Universal ({missing} of {dimensions} dimensions not assessed)"
        ),
        band => format!(
            "at least {} (INCOMPLETE: {missing} of {dimensions} dimensions not assessed)",
            band.title()
        ),
    }
}

/// What a fired rule found.
pub(super) fn because(fired: &Fired) -> String {
    match &fired.rule {
        FiredRule::HighestBand { assessed, .. } if fired.gives == Level::Universal => {
            format!("no additional need observed in the {assessed} dimension(s) assessed")
        }
        FiredRule::HighestBand { indicators, .. } => format!(
            "highest band observed: {} ({})",
            fired.gives.title(),
            join(indicators)
        ),
        FiredRule::DecisiveIndicator { indicators } => {
            format!("always Universal Partnership Plus: {}", join(indicators))
        }
        FiredRule::Escalation {
            band,
            dimensions,
            domains,
            description,
            ..
        } => format!(
            "{} dimension(s) in {domains} domain(s) at {} or above ({}): {description}",
            dimensions.len(),
            band.title(),
            join(dimensions)
        ),
    }
}

/// A change that would lower the band, in words.
pub(super) fn lowering(l: &Lowering) -> String {
    match l {
        Lowering::Without { indicator, band } => format!(
            "without `{indicator}` the suggestion would be {}",
            band.title()
        ),
        Lowering::NoSingleChange { band } => format!(
            "no single indicator change would lower it: several needs at {} or above drive it",
            band.title()
        ),
    }
}

/// A change that would raise the band, in words.
pub(super) fn raising(r: &Raising) -> String {
    match r {
        Raising::AnyIndicatorAt(Level::UniversalPartnershipPlus) => {
            "any Universal Partnership Plus or decisive indicator would suggest Universal Partnership Plus"
                .to_string()
        }
        Raising::AnyIndicatorAt(band) => format!(
            "any {} indicator would suggest {}",
            band.title(),
            band.title()
        ),
        Raising::MoreDimensions {
            rule,
            band,
            need,
            now,
            min,
        } => format!(
            "{need} more dimension(s) at {} or above would meet `{rule}` ({now} of {min} now)",
            band.title()
        ),
        Raising::MoreDomains {
            rule,
            band,
            need,
            now,
            min,
        } => format!(
            "a {} need in {need} more domain(s) would meet `{rule}` ({now} of {min} now)",
            band.title()
        ),
    }
}

/// `; did you mean `x`?`, or nothing.
fn did_you_mean(suggestion: Option<&String>) -> String {
    suggestion
        .map(|s| format!("; did you mean `{s}`?"))
        .unwrap_or_default()
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            QueryError::Unknown {
                kind,
                value,
                suggestion,
            } => {
                let kind = match kind {
                    IdKind::Pathway => "pathway",
                    IdKind::Stage => "stage",
                    IdKind::Profession => "profession",
                    IdKind::Kpi => "KPI",
                    IdKind::Interface => "interface",
                };
                write!(
                    f,
                    "unknown {kind} `{}`{}",
                    super::sanitize::inline(value),
                    did_you_mean(suggestion.as_ref())
                )
            }
            QueryError::CorePurpose(n) => {
                write!(f, "core purpose {n} does not exist; use 1, 2 or 3")
            }
        }
    }
}

impl fmt::Display for NotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no pathway, KPI, profession or intervention `{}`{}",
            super::sanitize::inline(&self.id),
            did_you_mean(self.suggestion.as_ref())
        )
    }
}

/// `hcp list indicators --dimension ID` named no dimension of the framework.
#[derive(Debug)]
pub struct DimensionNotFound(pub NotFound);

impl fmt::Display for DimensionNotFound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no assessment dimension `{}`{} (`hcp list dimensions` lists them)",
            super::sanitize::inline(&self.0.id),
            did_you_mean(self.0.suggestion.as_ref())
        )
    }
}

impl std::error::Error for DimensionNotFound {}

/// The answer's own line about pathways past their review date (HCP027), so a report saved or
/// pasted without its stderr still says its content may be out of date; `None` when none is.
pub(super) fn review_overdue_line(
    overdue: &[crate::answer::review::OverdueReview],
) -> Option<String> {
    if overdue.is_empty() {
        return None;
    }
    let list: Vec<String> = overdue
        .iter()
        .map(|o| {
            format!(
                "`{}` (due {})",
                super::sanitize::inline(&o.pathway),
                o.next_review
            )
        })
        .collect();
    Some(format!(
        "Review overdue: this answer draws on pathways past their review date, whose content may no longer match national guidance: {} (HCP027).",
        list.join(", ")
    ))
}

/// The lines of a point-of-care answer that every format shares.
pub(super) mod point_of_care;

/// Words for schedules and worklists.
pub(super) mod schedule_words;

/// Where an answer came from, in one line: hcp's version, the pathway set (bundled with its
/// review dates, or a directory with the start of its SHA-256) and the as-of date.
pub(super) fn provenance_line(p: &crate::answer::provenance::Provenance) -> String {
    let long = |text: &str| {
        text.parse::<jiff::civil::Date>().map_or_else(
            |_| text.to_string(),
            |d| d.strftime("%-d %B %Y").to_string(),
        )
    };
    let set = &p.pathway_set;
    let mut reviewed = Vec::new();
    if let Some(d) = &set.last_reviewed {
        reviewed.push(format!("reviewed {}", long(d)));
    }
    if let Some(d) = &set.next_review {
        reviewed.push(format!("next review {}", long(d)));
    }
    let reviewed = if reviewed.is_empty() {
        "no review dates".to_string()
    } else {
        reviewed.join(", ")
    };
    let which = match (&set.path, &set.sha256) {
        (Some(path), Some(hash)) => format!("the directory {path} (SHA-256 {hash}; {reviewed})"),
        _ => format!("the bundled set ({reviewed})"),
    };
    let as_of = p
        .as_of
        .as_deref()
        .map_or_else(String::new, |d| format!(", as of {}", long(d)));
    format!("Made by hcp {} from {which}{as_of}.", p.hcp_version)
}

//! The words every format shares: a row's timing, the question a query asked, why nothing
//! matched, where a child is, the suggested band, why a rule fired and what would change the band,
//! and the messages of the answers' errors. The answers are typed data; only this module (and the
//! format files beside it) turn them into English.

use std::fmt;

use crate::answer::assess::{Fired, FiredRule, Lowering, Raising};
use crate::answer::browse::NotFound;
use crate::answer::query::{At, IdKind, QueryError, QueryRequest, QueryResult, Timing};
use crate::model::age::{Duration, Point, Span, format_age_days, format_gestation_days};
use crate::model::{Basis, Certainty, Level};

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

/// When an intervention happens, in words: the window (or the due age, or else the stages),
/// then any event-relative timing and the KPI deadline.
pub(super) fn timing(t: &Timing) -> String {
    let mut parts = Vec::new();
    if let Some(window) = t.window {
        parts.push(window.to_string());
    } else if let Some(due) = t.due {
        parts.push(format!("due at {due}"));
    } else if t.relative.is_none()
        && let Some(stages) = t.stages
    {
        // An event-relative timing says when; the stages only say where it is listed.
        parts.push(stages.to_string());
    }
    if let Some(r) = &t.relative {
        let event = r
            .event_title
            .as_ref()
            .map_or_else(|| r.after.to_string(), |title| title.to_lowercase());
        if r.earliest.min_calendar_days() == 0 {
            parts.push(format!("within {} of {event}", r.latest));
        } else {
            parts.push(format!("{} to {} after {event}", r.earliest, r.latest));
        }
    }
    if let Some(k) = t.kpi_deadline {
        parts.push(format!("KPI counts by {k}"));
    }
    parts.join("; ")
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
        Some(At::Age(d)) => parts.push(format!("at {} (day {d})", format_age_days(*d))),
        Some(At::Gestation(d)) => {
            parts.push(format!("at {} of pregnancy", format_gestation_days(*d)))
        }
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

/// Where the child is on the timeline: `18m2d (day 549)`, `30w of pregnancy`.
pub(super) fn child(point: Point) -> String {
    match point {
        Point::Postnatal(d) => format!("{} (day {d})", format_age_days(d)),
        Point::Gestation(g) => format!("{} of pregnancy", format_gestation_days(g)),
        Point::Preconception => "preconception".to_string(),
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

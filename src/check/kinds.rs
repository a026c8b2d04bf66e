//! HCP030: every intervention says how it is timed, and has what that kind of timing needs.
//!
//! The kind decides what a point-of-care answer calls it: a `scheduled` item is due in its window
//! and overdue until `catch_up_until`; an `ongoing` one is offered throughout its span; an
//! `if-needed` one is done when a need arises; an `event` one counts from an event.

use super::rule::{Rule, Sink};
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::Library;
use crate::model::{Intervention, TimingKind};

/// The kinds, for the help line.
const KINDS: &str = "`scheduled`, `ongoing`, `if-needed` or `event`";

/// HCP030: the timing kind is declared and consistent with the timing fields.
pub(super) fn timing_kind(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        let path = |field: &str| format!("interventions[{i}].{field}");
        let Some(kind) = &iv.timing else {
            sink.at_with_help(
                file,
                &iv.id,
                path("timing"),
                format!("`{}` does not say how it is timed", iv.id.value),
                Some(format!("add `timing:` with one of {KINDS}")),
            );
            continue;
        };
        let id = &iv.id.value;
        match kind.value {
            TimingKind::Scheduled if iv.window.is_none() && iv.due.is_none() => {
                sink.at_with_help(
                    file,
                    kind,
                    path("timing"),
                    format!("`{id}` is `scheduled` but has no `window` or `due` age"),
                    Some(
                        "give the window its source names, or use `ongoing` or `if-needed`".into(),
                    ),
                );
            }
            TimingKind::Event if iv.relative.is_none() => {
                sink.at_with_help(
                    file,
                    kind,
                    path("timing"),
                    format!("`{id}` is timed from an `event` but has no `relative` timing"),
                    Some("add `relative: {after: EVENT, latest: DURATION}`".into()),
                );
            }
            _ => {}
        }
        if let Some(r) = &iv.relative
            && kind.value != TimingKind::Event
        {
            sink.at(
                file,
                &r.after,
                path("relative"),
                format!(
                    "`{id}` has `relative` timing but is `{}`; timing after an event is `event`",
                    kind.value.id()
                ),
            );
        }
        if kind.value != TimingKind::Scheduled {
            scheduled_only(iv, kind.value, sink, file, &path);
        }
        if let Some(until) = &iv.catch_up_until {
            let closes = iv
                .window
                .as_ref()
                .map(|w| w.to.value)
                .or(iv.due.as_ref().map(|d| d.value));
            if let Some(closes) = closes
                && until.value < closes
            {
                sink.at(
                    file,
                    until,
                    path("catch_up_until"),
                    format!(
                        "`catch_up_until` ({}) of `{id}` is before its window closes ({closes})",
                        until.value
                    ),
                );
            }
        }
    }
}

/// The fields that only a scheduled intervention may have.
fn scheduled_only(
    iv: &Intervention,
    kind: TimingKind,
    sink: &mut Sink,
    file: crate::model::library::FileId,
    path: &dyn Fn(&str) -> String,
) {
    let id = &iv.id.value;
    let why = |field: &str| {
        format!(
            "`{id}` is `{}`, but `{field}` belongs to a `scheduled` intervention",
            kind.id()
        )
    };
    if let Some(d) = &iv.due {
        sink.at(file, d, path("due"), why("due"));
    }
    if let Some(c) = &iv.catch_up_until {
        sink.at(file, c, path("catch_up_until"), why("catch_up_until"));
    }
    if let Some(k) = &iv.late_kpi {
        sink.at(file, k, path("late_kpi"), why("late_kpi"));
    }
}

/// HCP030 timing-kind.
pub(super) const TIMING_KIND: Rule = Rule {
    code: Code::TimingKind,
    severity: Severity::Error,
    summary: "An intervention does not say how it is timed, or its timing fields do not fit the kind.",
    explanation: "Every intervention declares `timing`: `scheduled` (due in a `window`, or at one `due` age; \
a missed one is overdue until `catch_up_until`, and `late_kpi` names the KPI that counts a late one), \
`ongoing` (offered throughout its span), `if-needed` (done when a need arises within its span) or \
`event` (timed by `relative` from an event, such as working days after a conference). The kind decides \
what `hcp query` calls it at an age: due now, overdue, coming up, ongoing or if needed. Without it, an \
item with only a stage would be shown as due from the stage's first day, which misleads.\n\nFix: add \
`timing:`; a `scheduled` item needs the window its source names; `due`, `catch_up_until` and \
`late_kpi` belong to `scheduled` items; `relative` belongs to `event` items; `catch_up_until` is not \
before the window closes.",
    check: Some(timing_kind),
};

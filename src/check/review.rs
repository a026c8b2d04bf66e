//! HCP027: review dates. The one check that depends on the calendar, so it takes "today" and runs
//! beside the registry's date-free checks rather than among them.

use jiff::civil::Date;

use super::rule::{Rule, Sink};
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::Library;

/// Report pathways with no `next_review`, whose `next_review` has passed, whose `last_reviewed`
/// is after today, or whose two dates are the wrong way round.
pub(super) fn review_due(lib: &Library, today: Date, sink: &mut Sink) {
    for (file, p) in &lib.pathways {
        if let Some(last) = &p.last_reviewed
            && last.value.0 > today
        {
            sink.at(
                *file,
                last,
                "last_reviewed".into(),
                format!(
                    "pathway `{}` says it was last reviewed on {}, after today ({today})",
                    p.id.value, last.value
                ),
            );
        }
        let Some(next) = &p.next_review else {
            // Missing is not "reviewed": without a date, staleness cannot be seen at all.
            sink.at_with_help(
                *file,
                &p.id,
                "next_review".into(),
                format!(
                    "pathway `{}` records no `next_review` date, so nothing will say when its content is out of date",
                    p.id.value
                ),
                Some(
                    "after checking the pathway against its sources, add `last_reviewed: YYYY-MM-DD` and `next_review: YYYY-MM-DD`"
                        .into(),
                ),
            );
            continue;
        };
        if let Some(last) = &p.last_reviewed
            && next.value <= last.value
        {
            sink.at(
                *file,
                next,
                "next_review".into(),
                format!(
                    "pathway `{}` has its next review ({}) on or before its last one ({})",
                    p.id.value, next.value, last.value
                ),
            );
        } else if p.review_overdue(today).is_some() {
            sink.at_with_help(
                *file,
                next,
                "next_review".into(),
                format!(
                    "pathway `{}` was due for review on {}: its content may no longer match national guidance",
                    p.id.value, next.value
                ),
                Some(
                    "check each intervention against its `source`, then set `last_reviewed` and a new `next_review`"
                        .into(),
                ),
            );
        }
    }
}

/// HCP027 review-due.
pub(super) const REVIEW_DUE: Rule = Rule {
    code: Code::ReviewDue,
    severity: Severity::Warning,
    summary: "A pathway records no `next_review` date, is past it, or its review dates are impossible.",
    explanation: "National guidance changes: a contact is added, a screening schedule moves, a programme is \
withdrawn. A pathway records when its content was last checked against its sources (`last_reviewed`) and \
when it must be checked again (`next_review`, YYYY-MM-DD). Once that date has passed, `hcp validate` warns \
(so `--strict` in CI fails until someone reviews the pathway) and `query`, `show`, `list` and `assess` print a \
note that the content may be out of date. A pathway with no `next_review` is reported too (missing is not \
\"reviewed\": without a date nothing can ever say the content is stale), as are a `last_reviewed` after today \
and a `next_review` on or before `last_reviewed`. This is the one check that depends on the date: `hcp validate --today \
YYYY-MM-DD` pins it.\n\nFix: check each intervention against its `source`, then set `last_reviewed` to \
today and `next_review` to the date of the next review.",
    check: None,
};

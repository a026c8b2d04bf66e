//! HCP027: review dates. The one check that depends on the calendar, so it takes "today" and runs
//! beside the registry's date-free checks rather than among them.

use jiff::civil::Date;

use super::Sink;
use crate::library::Library;

/// Report pathways whose `next_review` has passed, whose `last_reviewed` is after today, or whose
/// two dates are the wrong way round.
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
        } else if next.value.0 < today {
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

//! Review dates as an answer: which pathways an answer draws on are past their `next_review`
//! (HCP027), so every answer from a stale set can say its content may be out of date.

use serde::{Deserialize, Serialize};

use crate::model::library::Library;
use crate::model::text::Text;

/// A pathway past its review date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
pub struct OverdueReview {
    /// Pathway id.
    pub pathway: Text,
    /// The `next_review` date that has passed (YYYY-MM-DD).
    pub next_review: String,
}

/// The pathways among `ids` whose `next_review` is before `today`.
pub fn overdue(
    lib: &Library,
    ids: &[impl AsRef<str>],
    today: jiff::civil::Date,
) -> Vec<OverdueReview> {
    ids.iter()
        .filter_map(|id| lib.pathway(id.as_ref()))
        .filter_map(|p| {
            p.review_overdue(today).map(|next| OverdueReview {
                pathway: p.id.value.clone(),
                next_review: next.value.to_string(),
            })
        })
        .collect()
}

/// Every pathway of the set past its review date, in load order.
pub fn overdue_in_set(lib: &Library, today: jiff::civil::Date) -> Vec<OverdueReview> {
    overdue(lib, &lib.pathway_ids().collect::<Vec<_>>(), today)
}

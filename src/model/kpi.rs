//! How a KPI is computed from records (`hcp kpi`): the `compute:` block of a catalogue KPI, and
//! the feeding statuses a record's `done` entry can carry for C8ii. The catalogue's KPI type
//! (`model::pathway::Kpi`) holds a [`Compute`]; family records (`model::family`) use [`Feeding`].

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::calendar::CalendarAge;
use crate::model::span::Spanned;
use crate::model::text::Text;

/// How the baby was fed, as the OHID C8 metrics record it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Feeding {
    /// Breast milk only.
    TotallyBreastfed,
    /// Breast milk and formula.
    PartiallyBreastfed,
    /// No breast milk.
    NotBreastfed,
}

/// How a KPI is computed from records (`hcp kpi`): who is counted (`cohort`), what is looked for
/// in each record's `done` list (`event`), and what it must meet to count (`by`, `from`, `after`,
/// `tool`, `feeding`). Ages are read on the calendar (`model::calendar`). Or `computable: false`
/// with the `reason` records cannot compute it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Compute {
    /// False when records cannot compute the KPI; `reason` then says why. Default true.
    #[serde(default)]
    pub computable: Option<Spanned<bool>>,
    /// Why records cannot compute it (with `computable: false`).
    #[serde(default)]
    pub reason: Option<Spanned<Text>>,
    /// Who is counted: the denominator (or, for a count, whose events are counted).
    #[serde(default)]
    pub cohort: Option<Spanned<Cohort>>,
    /// The intervention id looked for in each record's `done` list.
    #[serde(default)]
    pub event: Option<Spanned<Text>>,
    /// Counts when done on or before this age (the day it is reached included).
    #[serde(default)]
    pub by: Option<Spanned<CalendarAge>>,
    /// Counts when done on or after this age (`28w gestation`: at 28 weeks or above).
    #[serde(default)]
    pub from: Option<Spanned<CalendarAge>>,
    /// Counts when done after this age (from the day after it is reached).
    #[serde(default)]
    pub after: Option<Spanned<CalendarAge>>,
    /// Counts when the event records this tool (`ASQ-3`); an event with no tools recorded
    /// cannot be judged.
    #[serde(default)]
    pub tool: Option<Spanned<Text>>,
    /// Counts when the event records one of these feeding statuses; an event with none recorded
    /// cannot be judged.
    #[serde(default)]
    pub feeding: Vec<Spanned<Feeding>>,
    /// What the denominator is: the whole `cohort` (default), or only those of it whose event is
    /// on time (`with-event`, e.g. reviews that used ASQ-3 out of reviews done).
    #[serde(default)]
    pub denominator: Option<Spanned<Denominator>>,
    /// What the computation cannot see, in words (shown with the definition).
    #[serde(default)]
    pub note: Option<Text>,
}

impl Compute {
    /// Whether it is computable (the default).
    pub fn computable(&self) -> bool {
        self.computable.as_ref().is_none_or(|c| c.value)
    }
}

/// Who a KPI counts: exactly one of the fields.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Cohort {
    /// Children who reached this age in the period (`30d`, `12m`, `2y6m`).
    #[serde(default)]
    pub turned: Option<Spanned<CalendarAge>>,
    /// Children born in the period.
    #[serde(default)]
    pub born_in_period: Option<Spanned<bool>>,
    /// A count, with no denominator: records whose `event` was done in the period.
    #[serde(default)]
    pub done_in_period: Option<Spanned<bool>>,
}

/// What a KPI's denominator is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Denominator {
    /// Everyone in the cohort.
    Cohort,
    /// Those of the cohort whose event was done on time (`by`, `from`, `after`).
    WithEvent,
}

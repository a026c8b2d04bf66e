//! How an intervention is timed: its kind (scheduled, ongoing, if needed, after an event), what kind
//! of offer a scheduled one is, and the calendar-date ranges of birth cohorts and time-limited
//! programmes. Used by `model::pathway::Intervention`.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::model::CalendarDate;
use crate::model::span::Spanned;

/// How an intervention is timed (HCP030 checks each kind has what it needs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum TimingKind {
    /// Due in a window (`window`, or one `due` age); a missed one may be caught up until
    /// `catch_up_until`.
    Scheduled,
    /// Offered throughout its span (vitamin D advice, Children's Centre groups, safer sleep).
    Ongoing,
    /// Responsive: done when a need arises within its span (faltering growth, Portage, referrals).
    IfNeeded,
    /// Timed from an event (`relative`), such as working days after a conference.
    Event,
}

impl TimingKind {
    /// All kinds, in the order answers list them.
    pub const ALL: [TimingKind; 4] = [
        TimingKind::Scheduled,
        TimingKind::Ongoing,
        TimingKind::IfNeeded,
        TimingKind::Event,
    ];

    /// The id used in data.
    pub fn id(self) -> &'static str {
        match self {
            TimingKind::Scheduled => "scheduled",
            TimingKind::Ongoing => "ongoing",
            TimingKind::IfNeeded => "if-needed",
            TimingKind::Event => "event",
        }
    }
}

/// What kind of offer a scheduled intervention is: answers list mandated reviews first, then
/// screening and immunisations, then the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Category {
    /// A national screening programme (NIPE, blood spot, hearing, vision).
    Screening,
    /// A vaccination of the routine schedule.
    Immunisation,
}

/// A range of calendar dates, inclusive; either end may be open.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DateRange {
    /// The first date (`YYYY-MM-DD`); none means open.
    #[serde(default)]
    pub from: Option<Spanned<CalendarDate>>,
    /// The last date (`YYYY-MM-DD`); none means open.
    #[serde(default)]
    pub to: Option<Spanned<CalendarDate>>,
}

impl DateRange {
    /// Whether `date` falls in the range.
    pub fn contains(&self, date: jiff::civil::Date) -> bool {
        self.from.as_ref().is_none_or(|f| f.value.0 <= date)
            && self.to.as_ref().is_none_or(|t| date <= t.value.0)
    }
}

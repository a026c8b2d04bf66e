//! Where an intervention stands at a point of the timeline: due now, overdue if not yet done,
//! coming up, ongoing, if needed, or after an event. This is the point-of-care answer; `query`
//! sorts its rows into these sections and `render` words them.
//!
//! * A **scheduled** intervention is *due* on every day of its window (a single `due` age is a
//!   window of one day); *overdue* from the day after it closes until `catch_up_until` (it is
//!   still done, and may count late); *upcoming* when it opens within the look-ahead; otherwise
//!   it is not shown (too early, or past catch-up).
//! * An **ongoing** one is *ongoing* on every day of its span (window, else stages).
//! * An **if-needed** one is *if-needed* on every day of its span.
//! * An **event** one is *event* on every day of its span: it happens after an event, not at an
//!   age.
//!
//! Points on different timelines (a pregnancy and an age after birth) never make an item
//! upcoming: how far away birth is cannot be known from a gestation.

use crate::model::age::{Point, Span};
use crate::model::library::Library;
use crate::model::{Category, Intervention, TimingKind};

/// An intervention's status at a point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// A scheduled window holds the point.
    Due,
    /// A scheduled window has closed, but a missed one is still done (until `catch_up_until`).
    Overdue,
    /// A scheduled window opens within the look-ahead.
    Upcoming,
    /// Offered throughout a span that holds the point.
    Ongoing,
    /// Done when a need arises, within a span that holds the point.
    IfNeeded,
    /// Timed from an event, within a span that holds the point.
    Event,
}

impl Status {
    /// Every status, in the order answers list them (most urgent first).
    pub const ALL: [Status; 6] = [
        Status::Due,
        Status::Overdue,
        Status::Upcoming,
        Status::Ongoing,
        Status::IfNeeded,
        Status::Event,
    ];

    /// The id used in JSON and CSV.
    pub fn id(self) -> &'static str {
        match self {
            Status::Due => "due",
            Status::Overdue => "overdue",
            Status::Upcoming => "upcoming",
            Status::Ongoing => "ongoing",
            Status::IfNeeded => "if-needed",
            Status::Event => "event",
        }
    }
}

/// The look-ahead when none is given: 8 weeks.
pub const DEFAULT_AHEAD_DAYS: u32 = 56;

/// The scheduled window of an intervention: its `window`, or a single `due` age.
pub fn scheduled_window(iv: &Intervention) -> Option<Span> {
    iv.window
        .as_ref()
        .map(|w| w.span())
        .or_else(|| iv.due.as_ref().map(|d| Span::at(d.value)))
}

/// The status of `iv` at `point`, looking `ahead` days forward for what opens soon; `None` when
/// it has no place at that point (not yet, or past its catch-up).
pub fn status_at(lib: &Library, iv: &Intervention, point: Point, ahead: u32) -> Option<Status> {
    let kind = iv.timing.as_ref().map(|k| k.value)?;
    if kind != TimingKind::Scheduled {
        let span = lib.intervention_span(iv)?;
        return span.contains(point).then_some(match kind {
            TimingKind::Ongoing => Status::Ongoing,
            TimingKind::IfNeeded => Status::IfNeeded,
            _ => Status::Event,
        });
    }
    let window = scheduled_window(iv)?;
    if window.contains(point) {
        return Some(Status::Due);
    }
    if point > window.to {
        let until = iv.catch_up_until.as_ref().map(|c| c.value)?;
        return (point <= until).then_some(Status::Overdue);
    }
    let opens_in = days_between(point, window.from)?;
    (opens_in <= ahead).then_some(Status::Upcoming)
}

/// Days from `a` forward to `b` on one timeline; `None` across timelines or backwards.
pub fn days_between(a: Point, b: Point) -> Option<u32> {
    match (a, b) {
        (Point::Postnatal(x), Point::Postnatal(y)) | (Point::Gestation(x), Point::Gestation(y)) => {
            y.checked_sub(x)
        }
        _ => None,
    }
}

/// How urgent a due item is among the others: mandated reviews first, then screening and
/// immunisation, then the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Priority {
    /// One of the catalogue's mandated contacts.
    Mandated,
    /// A national screening programme or a routine immunisation.
    ScreeningOrImmunisation,
    /// Anything else.
    Other,
}

/// The priority of an intervention.
pub fn priority(lib: &Library, iv: &Intervention) -> Priority {
    let mandated = iv.event.as_ref().is_some_and(|e| {
        lib.catalogue
            .mandated_contacts
            .iter()
            .any(|m| m.item.value == e.value)
    });
    if mandated {
        Priority::Mandated
    } else if matches!(
        iv.category.as_ref().map(|c| c.value),
        Some(Category::Screening | Category::Immunisation)
    ) {
        Priority::ScreeningOrImmunisation
    } else {
        Priority::Other
    }
}

//! National facts hcp holds in code, not in editable data, so that a local copy of the pathways
//! cannot drop or move them without `hcp validate` saying so (hazard H4 in docs/hazard-log.md).
//!
//! The pathway data stays the place where a service records *its* timings; these are the outer
//! limits national guidance sets, which every English service's timings must lie within.

use crate::model::age::{MAX_GESTATION_DAYS, Point, Span, months_to_days};

/// One of the five health visiting contacts mandated in England.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MandatedContact {
    /// The catalogue event id an intervention marks itself with (`event: new-birth-visit`).
    pub event: &'static str,
    /// The contact's name.
    pub title: &'static str,
    /// The widest window national guidance allows; a service's own window must lie inside it.
    pub window: Span,
    /// Where the window comes from.
    pub source: &'static str,
}

const fn postnatal_months(months: u64) -> Point {
    // At most 30 months here, so the day count fits easily.
    Point::Postnatal(months_to_days(months) as u32)
}

/// The windows of the five mandated health visiting reviews. (The reviews have been mandated since
/// 1 October 2015: UKHSA blog, "Continuing the mandation of the universal 5 health visiting
/// checks", 2017.)
const DHSC_2026: &str =
    "DHSC, Delivery of the Healthy Child Programme, part 1: principles of delivery, 2026";

/// The five mandated contacts, in timeline order, with the windows of the 2026 DHSC guidance
/// (`../shared/domain/facts.md` §2.1): from 28 weeks of pregnancy (DHSC 2026 says "more than 28
/// weeks pregnant"; PHE's "from 28 weeks" and KPI C1's "at 28 weeks or above" include the day
/// itself, so 28w+0d is inside); 1 day to 2 weeks; 6 to 8 weeks; 9 to 15 months; 24 to 30 months. Local windows seen in practice (10-14 days, 28-36 weeks, 9-11
/// months, 27-30 months) all lie inside these.
pub const MANDATED_CONTACTS: [MandatedContact; 5] = [
    MandatedContact {
        event: "antenatal-contact",
        title: "antenatal health-promoting review",
        window: Span {
            from: Point::Gestation(28 * 7),
            to: Point::Gestation(MAX_GESTATION_DAYS),
        },
        source: DHSC_2026,
    },
    MandatedContact {
        event: "new-birth-visit",
        title: "new birth visit",
        window: Span {
            from: Point::Postnatal(1),
            to: Point::Postnatal(14),
        },
        source: DHSC_2026,
    },
    MandatedContact {
        event: "6-8-week-review",
        title: "6-8 week review",
        window: Span {
            from: Point::Postnatal(6 * 7),
            to: Point::Postnatal(8 * 7),
        },
        source: DHSC_2026,
    },
    MandatedContact {
        event: "1-year-review",
        title: "1 year review",
        window: Span {
            from: postnatal_months(9),
            to: postnatal_months(15),
        },
        source: DHSC_2026,
    },
    MandatedContact {
        event: "2-year-review",
        title: "2-2½ year review",
        window: Span {
            from: postnatal_months(24),
            to: postnatal_months(30),
        },
        source: DHSC_2026,
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The windows, written out the way a reader of the guidance would: as ages.
    #[test]
    fn windows_are_the_national_ones() {
        let parsed = |from: &str, to: &str| Span {
            from: Point::parse(from).unwrap(),
            to: Point::parse(to).unwrap(),
        };
        let expected = [
            parsed("28w gestation", "42w gestation"),
            parsed("1d", "2w"),
            parsed("6w", "8w"),
            parsed("9m", "15m"),
            parsed("2y", "2y6m"),
        ];
        let windows: Vec<Span> = MANDATED_CONTACTS.iter().map(|c| c.window).collect();
        assert_eq!(windows, expected);
        assert_eq!(
            MANDATED_CONTACTS.map(|c| c.event),
            [
                "antenatal-contact",
                "new-birth-visit",
                "6-8-week-review",
                "1-year-review",
                "2-year-review"
            ]
        );
    }
}

//! Timeline points as calendar dates, for a child whose date of birth (or expected date of
//! delivery) is known: the one place that decides these conventions.
//!
//! * The day of birth is day 0; `10d` is ten days after it.
//! * Where a date of birth is known, months and years are **calendar** months: `15m` for a child
//!   born on 1 March 2023 is 1 June 2024 (not the 456th day, 30 May). A month that has no such
//!   day ends the count on its last day (born 31 January: one month is 28 or 29 February; born
//!   29 February: the first birthday is 28 February in a year that is not a leap year).
//! * A point one day either side of a whole number of months (a stage that ends `8m29d`, the day
//!   before 9 months, or starts `15m1d`) is that calendar month less or plus one day.
//! * Weeks and days are days (`6w` is 42 days after birth).
//! * In pregnancy, day `g` of gestation is `g` days after the first day of pregnancy, which is
//!   280 days (40 weeks) before the expected date of delivery.
//!
//! The 30.4375-day month of `model::age` is used only where an age is typed without a date.

use jiff::civil::Date;
use jiff::{Span, ToSpan};

use crate::model::age::{Point, months_to_days};

/// Whole months `m` whose 30.4375-day length is exactly `days`.
fn whole_months(days: u32) -> Option<i64> {
    let d = u64::from(days);
    (1..=72u64)
        .find(|m| months_to_days(*m) == d)
        .and_then(|m| i64::try_from(m).ok())
}

/// The date `days` after `born` by the conventions above.
pub fn after_birth(born: Date, days: u32) -> Option<Date> {
    if days == 0 {
        return Some(born);
    }
    let months = |m: i64| born.checked_add(m.months()).ok();
    if let Some(m) = whole_months(days) {
        return months(m);
    }
    if let Some(m) = whole_months(days + 1) {
        return months(m)?.checked_sub(1.day()).ok();
    }
    if let Some(m) = days.checked_sub(1).and_then(whole_months) {
        return months(m)?.checked_add(1.day()).ok();
    }
    born.checked_add(Span::new().days(i64::from(days))).ok()
}

/// The date of a point for a child born on `born`, or (before birth) whose pregnancy began on
/// `pregnancy_start`. `None` for preconception, or when the date the point counts from is not
/// known.
pub fn date_of(point: Point, born: Option<Date>, pregnancy_start: Option<Date>) -> Option<Date> {
    match point {
        Point::Preconception => None,
        Point::Gestation(g) => pregnancy_start?
            .checked_add(Span::new().days(i64::from(g)))
            .ok(),
        Point::Postnatal(d) => after_birth(born?, d),
    }
}

/// The first day of a pregnancy with this expected date of delivery.
pub fn pregnancy_start(expected: Date) -> Option<Date> {
    expected.checked_sub(280.days()).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn calendar_months_where_the_date_of_birth_is_known() {
        let cases = [
            // (born, days as data writes them, expected date)
            (date(2023, 3, 1), 456, date(2024, 6, 1)), // 15m: 1 June, not 30 May
            (date(2023, 3, 1), 365, date(2024, 3, 1)), // 1y
            (date(2024, 2, 29), 365, date(2025, 2, 28)), // 29 February born: 28 February
            (date(2024, 2, 29), 730, date(2026, 2, 28)),
            (date(2024, 2, 29), 1461, date(2028, 2, 29)), // 4y: a leap year again
            (date(2025, 1, 31), 30, date(2025, 2, 28)),   // 1m from 31 January
            (date(2025, 1, 31), 10, date(2025, 2, 10)),   // days cross the month end
            (date(2025, 12, 25), 14, date(2026, 1, 8)),   // and the year end
            (date(2025, 6, 1), 42, date(2025, 7, 13)),    // 6w = 42 days
            (date(2025, 6, 1), 112, date(2025, 9, 21)),   // 16w = 112 days
            (date(2025, 6, 1), 272, date(2026, 2, 28)),   // 8m29d: the day before 9 months
            (date(2025, 6, 1), 457, date(2026, 9, 2)),    // 15m1d: the day after 15 months
            (date(2025, 6, 1), 1217, date(2028, 10, 1)),  // 3y4m
            (date(2025, 6, 1), 0, date(2025, 6, 1)),
        ];
        for (born, days, want) in cases {
            assert_eq!(
                after_birth(born, days),
                Some(want),
                "born {born}, day {days}"
            );
        }
    }

    #[test]
    fn pregnancy_counts_from_forty_weeks_before_the_due_date() {
        let start = pregnancy_start(date(2027, 3, 10)).unwrap();
        assert_eq!(start, date(2026, 6, 3));
        assert_eq!(
            date_of(Point::Gestation(196), None, Some(start)),
            Some(date(2026, 12, 16))
        );
        assert_eq!(date_of(Point::Gestation(196), Some(start), None), None);
        assert_eq!(
            date_of(Point::Preconception, Some(start), Some(start)),
            None
        );
    }
}

//! What "today" is: the civil date in England (GMT in winter, BST in summer), which is what a
//! practitioner's calendar says. The UTC date is a day behind between midnight and 01:00 BST, and a
//! child born "today" would then be born tomorrow (hazard H11).
//!
//! UK summer time runs from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday
//! in October (Summer Time Act 1972, Summer Time Order 2002). jiff applies that rule from its POSIX
//! TZ form, written here rather than read from the machine's time-zone database, so the answer does
//! not depend on the machine (a container without `/usr/share/zoneinfo` gets the same date).

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

/// UK civil time as a POSIX TZ rule: GMT (UTC+0); BST (UTC+1) from the last Sunday in March at
/// 01:00 GMT (`M3.5.0/1`) to the last Sunday in October at 02:00 BST (`M10.5.0`, the default
/// 02:00 local), both 01:00 UTC.
const ENGLAND: &str = "GMT0BST,M3.5.0/1,M10.5.0";

/// Today's date in England, from the system clock; `None` if the clock is outside jiff's range.
pub fn today_in_england() -> Option<Date> {
    date_in_england(Timestamp::now())
}

/// The date in England at an instant.
pub fn date_in_england(instant: Timestamp) -> Option<Date> {
    let tz = TimeZone::posix(ENGLAND).ok()?;
    Some(tz.to_datetime(instant).date())
}

/// The date in England at `unix_seconds` (seconds since 1970-01-01T00:00:00Z).
pub fn england_date_at(unix_seconds: i64) -> Option<Date> {
    date_in_england(Timestamp::from_second(unix_seconds).ok()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> i64 {
        text.parse::<jiff::Timestamp>().unwrap().as_second()
    }

    fn date(text: &str) -> Date {
        text.parse().unwrap()
    }

    /// The edges of British Summer Time in 2026 (29 March and 25 October), a second either side.
    #[test]
    fn summer_time_starts_and_ends_at_one_in_the_morning_utc() {
        for (instant, expected) in [
            ("2026-03-28T23:59:59Z", "2026-03-28"),
            ("2026-03-29T00:59:59Z", "2026-03-29"),
            ("2026-03-29T01:00:00Z", "2026-03-29"),
            ("2026-03-29T22:59:59Z", "2026-03-29"),
            ("2026-03-29T23:00:00Z", "2026-03-30"),
            ("2026-06-30T23:30:00Z", "2026-07-01"),
            ("2026-10-24T22:59:59Z", "2026-10-24"),
            ("2026-10-24T23:00:00Z", "2026-10-25"),
            ("2026-10-25T00:59:59Z", "2026-10-25"),
            ("2026-10-25T01:00:00Z", "2026-10-25"),
            ("2026-10-25T23:59:59Z", "2026-10-25"),
            ("2026-10-26T00:00:00Z", "2026-10-26"),
            ("2026-12-31T23:59:59Z", "2026-12-31"),
            ("2027-01-01T00:00:00Z", "2027-01-01"),
        ] {
            assert_eq!(
                england_date_at(at(instant)),
                Some(date(expected)),
                "{instant}"
            );
        }
    }

    /// The published change dates of 2025 to 2028: 23:00 UTC the evening before is already the
    /// change day in BST only once summer time has begun, and still the day before once it ends.
    #[test]
    fn the_published_change_dates_are_the_last_sundays() {
        for (march, october) in [
            ("2025-03-30", "2025-10-26"),
            ("2026-03-29", "2026-10-25"),
            ("2027-03-28", "2027-10-31"),
            ("2028-03-26", "2028-10-29"),
        ] {
            let instant = |day: &str, time: &str| at(&format!("{day}T{time}Z"));
            // Midnight to 01:00 UTC on the March change day is still GMT: the same date.
            assert_eq!(
                england_date_at(instant(march, "00:59:59")),
                Some(date(march))
            );
            // From 01:00 UTC it is BST: 23:00 UTC that evening is already the next day.
            assert_eq!(
                england_date_at(instant(march, "23:00:00")),
                Some(date(march).tomorrow().unwrap())
            );
            // A week earlier it was still GMT at 23:00 UTC.
            let week_before = date(march).checked_sub(jiff::Span::new().days(7)).unwrap();
            assert_eq!(
                england_date_at(at(&format!("{week_before}T23:00:00Z"))),
                Some(week_before)
            );
            // On the October change day, 23:00 UTC is GMT again: still that day.
            assert_eq!(
                england_date_at(instant(october, "23:00:00")),
                Some(date(october))
            );
            // The evening before, still BST: 23:00 UTC is already the change day.
            let eve = date(october).yesterday().unwrap();
            assert_eq!(
                england_date_at(at(&format!("{eve}T23:00:00Z"))),
                Some(date(october))
            );
        }
    }
}

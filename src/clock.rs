//! What "today" is: the civil date in England (GMT in winter, BST in summer), which is what a
//! practitioner's calendar says. The UTC date is a day behind between midnight and 01:00 BST, and a
//! child born "today" would then be born tomorrow (hazard H11).
//!
//! UK summer time runs from 01:00 UTC on the last Sunday in March to 01:00 UTC on the last Sunday
//! in October (Summer Time Act 1972, Summer Time Order 2002). The rule is written out here rather
//! than read from a time-zone database, so the answer does not depend on the machine.

use jiff::civil::Date;

const SECONDS_PER_DAY: i64 = 86_400;

/// Today's date in England, from the system clock; `None` if the clock is outside jiff's range.
pub fn today_in_england() -> Option<Date> {
    england_date_at(jiff::Timestamp::now().as_second())
}

/// The date in England at `unix_seconds` (seconds since 1970-01-01T00:00:00Z).
pub fn england_date_at(unix_seconds: i64) -> Option<Date> {
    let utc = date_of_day(unix_seconds.div_euclid(SECONDS_PER_DAY))?;
    let year = utc.year();
    let starts = last_sunday(year, 3)? * SECONDS_PER_DAY + 3_600;
    let ends = last_sunday(year, 10)? * SECONDS_PER_DAY + 3_600;
    let local = if (starts..ends).contains(&unix_seconds) {
        unix_seconds.checked_add(3_600)?
    } else {
        unix_seconds
    };
    date_of_day(local.div_euclid(SECONDS_PER_DAY))
}

/// The date `days` after 1970-01-01.
fn date_of_day(days: i64) -> Option<Date> {
    jiff::civil::date(1970, 1, 1)
        .checked_add(jiff::Span::new().try_days(days).ok()?)
        .ok()
}

/// Days since 1970-01-01 of the last Sunday of `month` (March or October: 31 days) in `year`.
fn last_sunday(year: i16, month: i8) -> Option<i64> {
    let last = Date::new(year, month, 31).ok()?;
    let epoch = jiff::civil::date(1970, 1, 1);
    let day = i64::from(epoch.until(last).ok()?.get_days());
    // 1970-01-01 was a Thursday: day 0 is 4 days after a Sunday.
    let since_sunday = (day + 4).rem_euclid(7);
    Some(day - since_sunday)
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

    #[test]
    fn last_sundays_are_the_published_change_dates() {
        let day = |d: &str| {
            i64::from(
                jiff::civil::date(1970, 1, 1)
                    .until(date(d))
                    .unwrap()
                    .get_days(),
            )
        };
        for (year, march, october) in [
            (2025, "2025-03-30", "2025-10-26"),
            (2026, "2026-03-29", "2026-10-25"),
            (2027, "2027-03-28", "2027-10-31"),
            (2028, "2028-03-26", "2028-10-29"),
        ] {
            assert_eq!(last_sunday(year, 3), Some(day(march)), "{year}");
            assert_eq!(last_sunday(year, 10), Some(day(october)), "{year}");
        }
    }
}

//! Ages by the calendar, for records that carry real dates (`hcp kpi`, `hcp schedule`): the one
//! place that decides when a child born on a date reaches an age, and which days a reporting
//! period holds.
//!
//! Pathway data keeps its timeline points as day counts (`model::age`); a schedule reads them back
//! into calendar units with [`after_birth`]: a point that is a whole number of 30.4375-day months
//! is that many calendar months, one a day either side of such a point (a stage that ends `8m29d`,
//! the day before 9 months, or starts `15m1d`) is that calendar month less or plus one day, and
//! any other point (weeks, days) is days.
//!
//! `model::age` counts an age typed without a date in days (a month is 30.4375 days). Where the
//! date of birth is known, ages are read on the calendar instead:
//!
//! * **The day of birth is day 0.** A child born on 1 March is 14 days old on 15 March, so
//!   "within 14 days" means on or before 15 March and "after 14 days" means from 16 March.
//! * **Weeks and days** are added as days: 8 weeks after 1 March is 26 April.
//! * **Months and years** are calendar months: the same day of the month, `months` later. A child
//!   born on 1 March 2023 turns 15 months on 1 June 2024 (not on 30 May, as 15 × 30.4375 days
//!   would give). When that day does not exist in the month reached, it is the month's last day:
//!   a child born on **29 February turns 1 on 28 February** in a year that is not a leap year, and
//!   one born on 31 August turns 6 months on 28 (or 29) February.
//! * An age with both (`1y2w`) adds the months first, then the days.
//! * **"By an age"** includes the day the age is reached ("by 12 months" is on or before the first
//!   birthday); **"after an age"** starts the day after it.
//! * **"Turned an age in the period"**: the day the age is reached is one of the period's days;
//!   both ends of a period are included.
//! * **Gestation**: pregnancy day 0 is 280 days (40 weeks) before the expected date of delivery,
//!   so 28 weeks of pregnancy is reached 84 days before it.
//! * **Quarters**: `2026-Q3` is a calendar quarter (1 July to 30 September 2026); `2026/27-Q3` is a
//!   quarter of the financial year that starts on 1 April 2026, as national returns count them
//!   (Q1 April to June, so 2026/27 Q3 is 1 October to 31 December 2026). Outputs always print the
//!   dates.

use std::fmt;

use jiff::civil::Date;
use jiff::{Span, ToSpan};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::model::age::spelling::{self, Kind};
use crate::model::age::{AGE_EXAMPLES, AgeError, Point, Spelling, months_to_days};

/// Days from the first day of pregnancy to the expected date of delivery (40 weeks).
pub const PREGNANCY_DAYS: i64 = 280;

/// An age as written in a KPI definition, kept in calendar units: whole months (years are 12) and
/// days (weeks are 7), after birth; or days of pregnancy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CalendarAge {
    /// After birth: `months` calendar months, then `days` days.
    Postnatal {
        /// Whole months (a year is 12).
        months: u32,
        /// Days after the months (a week is 7).
        days: u32,
    },
    /// Days of pregnancy (`28w gestation` is 196).
    Gestation(u32),
}

impl CalendarAge {
    /// Read `birth`, an age (`14d`, `8w`, `12m`, `2y6m`) or a gestation (`28w gestation`).
    pub fn parse(text: &str) -> Result<CalendarAge, AgeError> {
        let text = text.trim();
        if let Some(weeks) = crate::model::age::gestation_weeks(text) {
            return crate::model::age::parse_gestation_days_as(weeks?, Spelling::Lenient)
                .map(CalendarAge::Gestation);
        }
        if text.eq_ignore_ascii_case("birth") {
            return Ok(CalendarAge::Postnatal { months: 0, days: 0 });
        }
        let c = crate::model::age::components(text)?;
        let months = u32::try_from(c.years * 12 + c.months)
            .map_err(|_| AgeError::new("the number is too large for an age"))?;
        let days = u32::try_from(c.weeks * 7 + c.days)
            .map_err(|_| AgeError::new("the number is too large for an age"))?;
        // Within the programme (to 5 years), as every timeline point is.
        if months > 60 || (months == 60 && days > 0) || (months == 0 && days > 1826) {
            return Err(AgeError::new(
                "the Healthy Child Programme 0-5 ends at 5 years",
            ));
        }
        Ok(CalendarAge::Postnatal { months, days })
    }

    /// The age on the programme's day-count timeline (a month is 30.4375 days), to compare it
    /// with a KPI's `deadline`: `12m` is day 365, `14d` is day 14, `28w gestation` is gestation day
    /// 196.
    pub fn point(self) -> crate::model::age::Point {
        match self {
            CalendarAge::Postnatal { months, days } => crate::model::age::Point::Postnatal(
                u32::try_from(months_to_days(u64::from(months))).unwrap_or(u32::MAX) + days,
            ),
            CalendarAge::Gestation(days) => crate::model::age::Point::Gestation(days),
        }
    }

    /// Whether the age is after birth.
    pub fn is_postnatal(self) -> bool {
        matches!(self, CalendarAge::Postnatal { .. })
    }
}

impl fmt::Display for CalendarAge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            CalendarAge::Postnatal { months: 0, days: 0 } => f.write_str("birth"),
            CalendarAge::Postnatal { months, days } => {
                match (months / 12, months % 12) {
                    (0, 0) => {}
                    (y, 0) => write!(f, "{y}y")?,
                    (y, m) if y >= 2 => write!(f, "{y}y{m}m")?,
                    _ => write!(f, "{months}m")?,
                }
                match days {
                    0 => Ok(()),
                    d if d % 7 == 0 && (d >= 28 || months > 0) => write!(f, "{}w", d / 7),
                    d => write!(f, "{d}d"),
                }
            }
            CalendarAge::Gestation(days) => write!(
                f,
                "{} gestation",
                crate::model::age::format_gestation_days(days)
            ),
        }
    }
}

impl<'de> Deserialize<'de> for CalendarAge {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CalendarAge::parse(&text)
            .and_then(|age| {
                // Data files: the one spelling (`model::age::spelling`), as for a timeline point.
                spelling::require(&text, Kind::CalendarAge, || age.to_string()).map(|()| age)
            })
            .map_err(|e| {
                serde::de::Error::custom(format!(
                    "invalid age `{text}`: {} (an age such as {AGE_EXAMPLES}, or `28w gestation`)",
                    e.with_suggestion()
                ))
            })
    }
}

impl Serialize for CalendarAge {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl schemars::JsonSchema for CalendarAge {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CalendarAge".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "An age read on the calendar (day of birth = day 0; months are calendar months): `birth`, `14d`, `8w`, `12m`, `2y6m`; or a gestation, `28w gestation`. Written as a timeline point is (lower case, up to 5y or 42 weeks of pregnancy).",
            "type": "string",
            "pattern": spelling::pattern(Kind::CalendarAge),
            "patternErrorMessage": "not an age: write birth, an age up to 5y in lower case (14d, 8w, 12m, 2y6m, 8m29d) or a gestation (28w gestation)"
        })
    }
}

/// The date a child born on `born` reaches the postnatal age `months` + `days`: calendar months
/// first (clamped to the last day of a shorter month), then days. `None` outside jiff's range.
pub fn reached(born: Date, months: u32, days: u32) -> Option<Date> {
    born.checked_add(jiff::Span::new().months(i64::from(months)))
        .ok()?
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .ok()
}

/// The date a pregnancy with expected date of delivery `expected` reaches gestation day `days`.
pub fn gestation_reached(expected: Date, days: u32) -> Option<Date> {
    expected
        .checked_sub(jiff::Span::new().days(PREGNANCY_DAYS))
        .ok()?
        .checked_add(jiff::Span::new().days(i64::from(days)))
        .ok()
}

/// A reporting period: every day from `from` to `to`, both included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// The first day.
    pub from: Date,
    /// The last day.
    pub to: Date,
}

/// Why a period could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct PeriodError(pub String);

impl Period {
    /// Whether `date` is one of the period's days.
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    /// A period from two dates; the first may not be after the last.
    pub fn between(from: Date, to: Date) -> Result<Period, PeriodError> {
        if from > to {
            return Err(PeriodError(format!(
                "the period starts ({from}) after it ends ({to})"
            )));
        }
        Ok(Period { from, to })
    }

    /// A quarter: `2026-Q3` (calendar: July to September 2026) or `2026/27-Q3` (financial year
    /// from 1 April 2026: October to December 2026).
    pub fn quarter(text: &str) -> Result<Period, PeriodError> {
        let bad = || {
            PeriodError(format!(
                "`{}` is not a quarter; write 2026-Q3 (a calendar quarter, July to September 2026) or 2026/27-Q3 (a financial-year quarter, October to December 2026)",
                text.escape_debug()
            ))
        };
        let (year, quarter) = text.trim().split_once(['-', ' ']).ok_or_else(bad)?;
        let q: i8 = quarter
            .strip_prefix(['Q', 'q'])
            .and_then(|n| n.parse().ok())
            .filter(|n| (1..=4).contains(n))
            .ok_or_else(bad)?;
        let (first_year, financial) = match year.split_once('/') {
            None => (year.parse::<i16>().map_err(|_| bad())?, false),
            Some((start, end)) => {
                let start: i16 = start.parse().map_err(|_| bad())?;
                let end: i16 = end.parse().map_err(|_| bad())?;
                // `2026/27` or `2026/2027`: the second year follows the first.
                let follows = if end < 100 {
                    end == (start + 1) % 100
                } else {
                    end == start + 1
                };
                if !follows || year.len() < 7 {
                    return Err(bad());
                }
                (start, true)
            }
        };
        if !(1900..=2999).contains(&first_year) {
            return Err(bad());
        }
        // The quarter's first month, counted from January of `first_year` (0-based).
        let first_month = if financial {
            3 + (q - 1) * 3
        } else {
            (q - 1) * 3
        };
        let (y, m) = (
            first_year + i16::from(first_month / 12),
            first_month % 12 + 1,
        );
        let from = Date::new(y, m, 1).map_err(|_| bad())?;
        let to = from
            .checked_add(jiff::Span::new().months(3))
            .and_then(|d| d.checked_sub(jiff::Span::new().days(1)))
            .map_err(|_| bad())?;
        Ok(Period { from, to })
    }
}

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

/// A child's age on `date` as a point of the data's timeline, read by the calendar: the number of
/// days since `birth`, kept between the point of the whole calendar months reached and the next
/// month's point (`model/calendar.rs`'s convention). So a point in weeks or days (`6w`, `14d`)
/// is reached on its exact day, and a month point (`15m`, day 456) on the calendar day: a child
/// born on 1 March 2023 reaches `15m` on 1 June 2024 and not before, whatever the month lengths in
/// between (H29).
pub fn age_point(birth: Date, date: Date) -> Option<u32> {
    let (months, _) = calendar_age(birth, date)?;
    let d = u64::try_from(date.since(birth).ok()?.get_days()).ok()?;
    let m = u64::from(months);
    // The day count, kept between this month's point and the next one's: a point in weeks or
    // days (6w, 14d) is exact, and a month point (9m, 15m) is reached on the calendar day.
    let point = d.clamp(months_to_days(m), months_to_days(m + 1) - 1);
    u32::try_from(point).ok()
}

/// A child's age on `date` in whole calendar months and days since `birth` (the month's last day
/// when the day of birth does not exist in it: born 29 February, a year on 28 February).
pub fn calendar_age(birth: Date, date: Date) -> Option<(u32, u32)> {
    let reached = |m: i64| birth.checked_add(jiff::Span::new().months(m)).ok();
    let mut whole = i64::from(
        birth
            .until((jiff::Unit::Month, date))
            .ok()?
            .get_months()
            .max(0),
    );
    while reached(whole + 1).is_some_and(|d| d <= date) {
        whole += 1;
    }
    let start = reached(whole)?;
    let days = start.until(date).ok()?.get_days();
    Some((u32::try_from(whole).ok()?, u32::try_from(days).ok()?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn age(text: &str) -> (u32, u32) {
        match CalendarAge::parse(text).expect("parses") {
            CalendarAge::Postnatal { months, days } => (months, days),
            CalendarAge::Gestation(_) => (u32::MAX, u32::MAX),
        }
    }

    #[test]
    fn ages_by_the_calendar() {
        // (born, age, the day it is reached)
        let table = [
            ("2026-03-01", "14d", "2026-03-15"),
            ("2026-03-01", "30d", "2026-03-31"),
            ("2026-03-01", "8w", "2026-04-26"),
            ("2026-03-01", "12m", "2027-03-01"),
            ("2026-03-01", "1y", "2027-03-01"),
            ("2023-03-01", "15m", "2024-06-01"), // not 30 May (15 × 30.4375 days)
            ("2024-02-29", "1y", "2025-02-28"),  // 29 February: 28 February in a common year
            ("2024-02-29", "4y", "2028-02-29"),
            ("2024-02-29", "15m", "2025-05-29"),
            ("2024-02-29", "2y6m", "2026-08-29"),
            ("2025-08-31", "6m", "2026-02-28"), // the last day of a shorter month
            ("2023-08-31", "6m", "2024-02-29"),
            ("2026-01-31", "1m", "2026-02-28"),
            ("2024-12-31", "2y6m", "2027-06-30"),
            ("2026-06-30", "birth", "2026-06-30"), // day of birth = day 0
            ("2026-01-01", "1y2w", "2027-01-15"),  // months first, then days
        ];
        for (born, text, expected) in table {
            let (months, days) = age(text);
            let born: Date = born.parse().expect("date");
            assert_eq!(
                reached(born, months, days)
                    .map(|d| d.to_string())
                    .as_deref(),
                Some(expected),
                "born {born}, {text}"
            );
        }
    }

    #[test]
    fn gestation_counts_back_from_the_expected_date() {
        let edd = date(2026, 12, 31);
        assert_eq!(gestation_reached(edd, 28 * 7), Some(date(2026, 10, 8)));
        assert_eq!(gestation_reached(edd, 280), Some(edd));
        assert_eq!(gestation_reached(edd, 0), Some(date(2026, 3, 26)));
    }

    #[test]
    fn quarters() {
        let table = [
            ("2026-Q1", "2026-01-01", "2026-03-31"),
            ("2026-Q3", "2026-07-01", "2026-09-30"),
            ("2026-Q4", "2026-10-01", "2026-12-31"),
            ("2024-q1", "2024-01-01", "2024-03-31"),
            ("2026/27-Q1", "2026-04-01", "2026-06-30"),
            ("2026/27-Q3", "2026-10-01", "2026-12-31"),
            ("2026/27-Q4", "2027-01-01", "2027-03-31"),
            ("2023/2024-Q4", "2024-01-01", "2024-03-31"), // 29 February included
            ("1999/00-Q4", "2000-01-01", "2000-03-31"),
        ];
        for (text, from, to) in table {
            let p = Period::quarter(text).expect(text);
            assert_eq!(
                (p.from.to_string(), p.to.to_string()),
                (from.to_string(), to.to_string()),
                "{text}"
            );
        }
        for bad in [
            "2026",
            "2026-Q5",
            "2026-Q0",
            "Q3",
            "2026/28-Q1",
            "26-Q1",
            "2026-3",
            "2026/7-Q1",
        ] {
            assert!(Period::quarter(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn period_ends_are_included() {
        let p = Period::between(date(2026, 7, 1), date(2026, 9, 30)).expect("period");
        assert!(p.contains(date(2026, 7, 1)));
        assert!(p.contains(date(2026, 9, 30)));
        assert!(!p.contains(date(2026, 6, 30)));
        assert!(!p.contains(date(2026, 10, 1)));
        assert!(Period::between(date(2026, 7, 2), date(2026, 7, 1)).is_err());
    }

    #[test]
    fn ages_read_and_print_back() {
        for (text, shown) in [
            ("14d", "14d"),
            ("30d", "30d"),
            ("8w", "8w"),
            ("12m", "1y"),
            ("15m", "15m"),
            ("2y6m", "2y6m"),
            ("birth", "birth"),
            ("28w gestation", "28w gestation"),
        ] {
            assert_eq!(
                CalendarAge::parse(text).expect(text).to_string(),
                shown,
                "{text}"
            );
        }
        assert_eq!(
            CalendarAge::parse("12m").expect("12m").point(),
            crate::model::age::Point::Postnatal(365)
        );
        assert!(CalendarAge::parse("6y").is_err());
        assert!(CalendarAge::parse("12x").is_err());
    }

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

    #[test]
    fn an_age_from_a_date_of_birth_is_read_by_the_calendar() {
        // 15 months (the data's `15m`, day 456) is reached on 1 June 2024, not on 30 May: the
        // day count (458 on 1 June) is kept under 456 until the calendar says 15 months.
        let fifteen = 456;
        assert!(age_point(date(2023, 3, 1), date(2024, 6, 1)).unwrap() >= fifteen);
        assert_eq!(age_point(date(2023, 3, 1), date(2024, 5, 31)), Some(455));
        assert_eq!(age_point(date(2023, 3, 1), date(2024, 5, 30)), Some(455));
        assert_eq!(
            calendar_age(date(2023, 3, 1), date(2024, 6, 1)),
            Some((15, 0))
        );
        assert_eq!(
            calendar_age(date(2023, 3, 1), date(2024, 5, 31)),
            Some((14, 30))
        );
        // Seven weeks is day 49 however long the first month is.
        assert_eq!(age_point(date(2026, 10, 7), date(2026, 11, 25)), Some(49));
        // Born 29 February: one year on 28 February of a common year.
        assert_eq!(age_point(date(2024, 2, 29), date(2025, 2, 28)), Some(365));
        // Weeks and days are days while under a month.
        assert_eq!(age_point(date(2026, 11, 1), date(2026, 11, 15)), Some(14));
        assert_eq!(age_point(date(2026, 11, 1), date(2026, 11, 1)), Some(0));
    }
}

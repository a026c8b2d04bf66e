//! Ages and windows in the units practitioners use (the Red Book's): the one place that words a
//! point of the timeline for people. Data and diagnostics keep the compact notation (`8m29d`,
//! `57d`); answers never show it.
//!
//! * Days in the neonatal period and its month, up to 31 days (`10 days`, `28 days`, `30 days`).
//! * Then weeks up to 12 weeks (`6 weeks`, `12 weeks`).
//! * Then months up to 2 years (`3 months`, `9 months`, `18 months`), and whole weeks where
//!   guidance counts in weeks (`16 weeks`, `17 weeks`, `24 weeks`) up to 6 months.
//! * Then years and months (`2 years`, `2½ years`, `3 years 4 months`).
//!
//! Stages and windows end the day before a round age (`8m29d` is the last day before 9 months)
//! and start the day after one (`57d` is the first day after 8 weeks); a window's ends are
//! snapped to that round age, so a stage reads "from 8 weeks to 9 months". Pregnancy is in weeks
//! and days. Exact day numbers appear only in a `(day N)` hint and in JSON.

use crate::model::age::{Duration, MAX_GESTATION_DAYS, Point, Span, months_to_days};

/// A postnatal age in practitioners' units, when it is a round one.
fn round(days: u32) -> Option<String> {
    let d = u64::from(days);
    if days == 0 {
        return Some("birth".into());
    }
    if days == 1 {
        return Some("1 day".into());
    }
    // The neonatal period and its month are counted in days (a 30-day cohort, "by 28 days").
    if days <= 31 {
        return Some(format!("{days} days"));
    }
    if days <= 84 && days.is_multiple_of(7) {
        return Some(format!("{} weeks", days / 7));
    }
    let months = (1..=72u64).find(|m| months_to_days(*m) == d);
    match months {
        Some(m) if m < 24 && m == 12 => return Some("1 year".into()),
        Some(1) => return Some("1 month".into()),
        Some(m) if m < 24 => return Some(format!("{m} months")),
        Some(m) => {
            let (y, rest) = (m / 12, m % 12);
            return Some(match rest {
                0 => format!("{y} years"),
                6 => format!("{y}½ years"),
                1 => format!("{y} years 1 month"),
                r => format!("{y} years {r} months"),
            });
        }
        None => {}
    }
    if days <= 182 && days.is_multiple_of(7) {
        return Some(format!("{} weeks", days / 7));
    }
    None
}

/// A postnatal age in words, exact: a round age, or else the nearest round age below it and the
/// days after it (`9 weeks and 3 days`, `10 months and 2 days`). Never `8m29d` or `57d`.
pub fn age(days: u32) -> String {
    if let Some(r) = round(days) {
        return r;
    }
    let below = (0..days).rev().find_map(|d| round(d).map(|r| (d, r)));
    match below {
        Some((d, r)) => {
            let rest = days - d;
            format!("{r} and {rest} {}", if rest == 1 { "day" } else { "days" })
        }
        None => format!("{days} days"),
    }
}

/// An age counted on the calendar, in whole months and days: `15 months`, `2 years 2 months and
/// 15 days`, `1 year and 3 days`.
pub fn calendar(months: u32, days: u32) -> String {
    let whole = match (months / 12, months % 12) {
        (0, 1) => "1 month".into(),
        (0, m) => format!("{m} months"),
        (1, 0) if months < 24 => "1 year".into(),
        (_, _) if months < 24 => format!("{months} months"),
        (y, 0) => format!("{y} years"),
        (y, 6) => format!("{y}½ years"),
        (y, 1) => format!("{y} years 1 month"),
        (y, m) => format!("{y} years {m} months"),
    };
    match days {
        0 => whole,
        1 => format!("{whole} and 1 day"),
        d => format!("{whole} and {d} days"),
    }
}

/// A gestation in words: `28 weeks`, `13 weeks 6 days`.
pub fn gestation(days: u32) -> String {
    match (days / 7, days % 7) {
        (w, 0) => format!("{w} weeks"),
        (w, 1) => format!("{w} weeks 1 day"),
        (w, d) => format!("{w} weeks {d} days"),
    }
}

/// A point in words: `preconception`, `28 weeks of pregnancy`, `birth`, `6 weeks`.
pub fn point(p: Point) -> String {
    match p {
        Point::Preconception => "preconception".into(),
        Point::Gestation(d) => format!("{} of pregnancy", gestation(d)),
        Point::Postnatal(d) => age(d),
    }
}

/// A window's first day, snapped back to a round age it follows by one day.
fn start(p: Point) -> Point {
    match p {
        Point::Postnatal(d) if round(d).is_none() && d > 0 && round(d - 1).is_some() => {
            Point::Postnatal(d - 1)
        }
        other => other,
    }
}

/// A window's last day, snapped on to a round age it comes one day before.
fn end(p: Point) -> Point {
    match p {
        Point::Postnatal(d) if round(d).is_none() && round(d + 1).is_some() => {
            Point::Postnatal(d + 1)
        }
        other => other,
    }
}

/// The unit word of a round phrase (`weeks` of `6 weeks`), for "6 to 8 weeks".
fn unit(phrase: &str) -> Option<(&str, &str)> {
    let (number, unit) = phrase.split_once(' ')?;
    (!number.is_empty() && number.chars().next().is_some_and(|c| c.is_ascii_digit()))
        .then_some((number, unit))
}

/// A whole-year age as a birthday: `the 4th birthday`.
fn birthday(p: Point) -> Option<String> {
    let Point::Postnatal(d) = p else { return None };
    let years = (1..=5u64).find(|y| months_to_days(y * 12) == u64::from(d))?;
    let nth = match years {
        1 => "1st",
        2 => "2nd",
        3 => "3rd",
        4 => "4th",
        _ => "5th",
    };
    Some(format!("the {nth} birthday"))
}

/// A window in words: `at 12 weeks`, `6 to 8 weeks`, `10 to 14 days`, `from 8 weeks to
/// 9 months`, `from birth to the 4th birthday`, `from 28 weeks of pregnancy to birth`.
pub fn window(span: Span) -> String {
    let (a, b) = (start(span.from), end(span.to));
    if a == b {
        return format!("at {}", point(a));
    }
    match (a, b) {
        (Point::Gestation(x), Point::Gestation(y)) => {
            let to_birth = y >= MAX_GESTATION_DAYS;
            match (x, to_birth) {
                (0, true) => "at any point in pregnancy".into(),
                (0, false) => format!("by {} of pregnancy", gestation(y)),
                (_, true) => format!("from {} of pregnancy to birth", gestation(x)),
                _ if x % 7 == 0 && y % 7 == 0 => {
                    format!("{} to {} weeks of pregnancy", x / 7, y / 7)
                }
                _ => format!("from {} to {} of pregnancy", gestation(x), gestation(y)),
            }
        }
        (Point::Postnatal(_), Point::Postnatal(_)) => {
            let (mut from, mut to) = (point(a), point(b));
            // Beside months, the first birthday is 12 months: "12 to 13 months", "9 to 12 months".
            let in_months = |p: &str| unit(p).is_some_and(|(_, u)| u == "months");
            if from == "1 year" && in_months(&to) {
                from = "12 months".into();
            }
            if to == "1 year" && in_months(&from) {
                to = "12 months".into();
            }
            if let (Some((n, u)), Some((m, v))) = (unit(&from), unit(&to))
                && u == v
            {
                return format!("{n} to {m} {u}");
            }
            if let Some(day) = birthday(b)
                && (unit(&from).is_none_or(|(_, u)| u != "years"))
            {
                return format!("from {from} to {day}");
            }
            format!("from {from} to {to}")
        }
        _ => {
            // Across timelines: say where each end is.
            let from = match a {
                Point::Gestation(0) => "the start of pregnancy".to_string(),
                other => point(other),
            };
            let to = match b {
                Point::Postnatal(0) => "birth".to_string(),
                Point::Postnatal(_) => {
                    birthday(b).unwrap_or_else(|| format!("{} after birth", point(b)))
                }
                other => point(other),
            };
            format!("from {from} to {to}")
        }
    }
}

/// The first day of a span in words, snapped back to the round age it follows (`15m1d` reads
/// `15 months`).
pub fn first(p: Point) -> String {
    point(start(p))
}

/// The last day of a span in words, snapped on to the round age it precedes (`23m29d` reads
/// `2 years`).
pub fn last(p: Point) -> String {
    point(end(p))
}

/// When a window opens: `opens at 16 weeks`.
pub fn opens(p: Point) -> String {
    format!("from {}", point(start(p)))
}

/// The last day something is still done: `until 1 year`, `until 3 months`.
pub fn until(p: Point) -> String {
    match birthday(p) {
        Some(day) => format!("until {day}"),
        None => format!("until {}", point(end(p))),
    }
}

/// A length of time after an event: `10 working days`, `3 months`, `14 days`.
pub fn duration(d: Duration) -> String {
    match d {
        Duration::Days(0) => "the same day".into(),
        Duration::Days(n) => age(n),
        Duration::WorkingDays(1) => "1 working day".into(),
        Duration::WorkingDays(n) => format!("{n} working days"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::age::Point::{Gestation as G, Postnatal as P};

    fn w(a: Point, b: Point) -> String {
        window(Span { from: a, to: b })
    }

    #[test]
    fn ages_read_in_practitioners_units() {
        let table = [
            (0, "birth"),
            (5, "5 days"),
            (14, "14 days"),
            (28, "28 days"),
            (42, "6 weeks"),
            (84, "12 weeks"),
            (29, "29 days"),
            (30, "30 days"),
            (60, "2 months"),
            (91, "3 months"),
            (112, "16 weeks"),
            (119, "17 weeks"),
            (182, "6 months"),
            (273, "9 months"),
            (365, "1 year"),
            (456, "15 months"),
            (547, "18 months"),
            (730, "2 years"),
            (913, "2½ years"),
            (1217, "3 years 4 months"),
            (1461, "4 years"),
            (1826, "5 years"),
            (15, "15 days"),
            (57, "8 weeks and 1 day"),
            (272, "8 months and 29 days"),
        ];
        for (days, want) in table {
            assert_eq!(age(days), want, "day {days}");
        }
    }

    #[test]
    fn calendar_ages_read_as_practitioners_say_them() {
        assert_eq!(calendar(15, 0), "15 months");
        assert_eq!(calendar(12, 3), "1 year and 3 days");
        assert_eq!(calendar(26, 15), "2 years 2 months and 15 days");
        assert_eq!(calendar(30, 0), "2½ years");
        assert_eq!(calendar(4, 1), "4 months and 1 day");
        assert_eq!(calendar(1, 3), "1 month and 3 days");
    }

    #[test]
    fn windows_read_as_practitioners_say_them() {
        assert_eq!(w(P(42), P(56)), "6 to 8 weeks");
        assert_eq!(w(P(10), P(14)), "10 to 14 days");
        assert_eq!(w(P(57), P(272)), "from 8 weeks to 9 months");
        assert_eq!(w(P(0), P(1461)), "from birth to the 4th birthday");
        assert_eq!(w(P(730), P(913)), "2 to 2½ years");
        assert_eq!(w(P(914), P(1826)), "2½ to 5 years");
        assert_eq!(w(P(84), P(84)), "at 12 weeks");
        assert_eq!(w(P(273), P(456)), "9 to 15 months");
        assert_eq!(w(P(365), P(395)), "12 to 13 months");
        assert_eq!(w(P(273), P(365)), "9 to 12 months");
        assert_eq!(w(G(196), G(294)), "from 28 weeks of pregnancy to birth");
        assert_eq!(
            w(G(77), G(97)),
            "from 11 weeks to 13 weeks 6 days of pregnancy"
        );
        assert_eq!(w(G(0), G(70)), "by 10 weeks of pregnancy");
        assert_eq!(w(G(126), G(140)), "18 to 20 weeks of pregnancy");
        assert_eq!(
            w(G(0), P(14)),
            "from the start of pregnancy to 14 days after birth"
        );
        assert_eq!(
            w(Point::Preconception, P(1826)),
            "from preconception to the 5th birthday"
        );
        assert_eq!(until(P(365)), "until the 1st birthday");
        assert_eq!(until(P(91)), "until 3 months");
    }
}

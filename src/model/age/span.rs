//! Spans of the timeline (inclusive windows of points) and durations after an event (working
//! days or calendar units).

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::spelling::{self, Kind};
use super::{AgeError, Point, format_age_days, format_gestation_days, parse_age_days};

/// An inclusive span of the timeline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Span {
    /// First point inside the span.
    pub from: Point,
    /// Last point inside the span.
    pub to: Point,
}

impl Span {
    /// The span of one point.
    pub fn at(point: Point) -> Span {
        Span {
            from: point,
            to: point,
        }
    }

    /// Whether `point` lies in the span (both ends inclusive).
    pub fn contains(&self, point: Point) -> bool {
        self.from <= point && point <= self.to
    }

    /// Whether `inner` lies wholly inside this span.
    pub fn covers(&self, inner: &Span) -> bool {
        self.contains(inner.from) && self.contains(inner.to)
    }

    /// Whether the two spans share at least one point.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.from <= other.to && other.from <= self.to
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let (Point::Gestation(a), Point::Gestation(b)) = (self.from, self.to)
            && a != b
        {
            return write!(
                f,
                "{} to {} gestation",
                format_gestation_days(a),
                format_gestation_days(b)
            );
        }
        if self.from == self.to {
            write!(f, "{}", self.from)
        } else {
            write!(f, "{} to {}", self.from, self.to)
        }
    }
}

/// A length of time after an event: calendar days or working days.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Duration {
    /// Calendar days (weeks, months and years converted as for ages).
    Days(u32),
    /// Working days (Monday to Friday, excluding bank holidays).
    WorkingDays(u32),
}

impl Duration {
    /// Parse `15wd` (working days) or a calendar length such as `10d`, `6w`, `3m`, as written in
    /// pathway data ([`Spelling::Strict`]).
    pub fn parse(text: &str) -> Result<Duration, AgeError> {
        let duration = Duration::read(text)?;
        spelling::require(text, Kind::Duration, || duration.canonical())?;
        Ok(duration)
    }

    /// The duration written the way data files write it (`15wd`, `3m`, `0d`).
    fn canonical(self) -> String {
        match self {
            Duration::Days(d) => Some(format_age_days(d).replace("birth", "0d"))
                .filter(|s| spelling::is_canonical(s, Kind::Duration))
                .unwrap_or_else(|| format!("{d}d")),
            Duration::WorkingDays(d) => format!("{d}wd"),
        }
    }

    fn read(text: &str) -> Result<Duration, AgeError> {
        let text = text.trim();
        if let Some(n) = text
            .len()
            .checked_sub(2)
            .filter(|&cut| text.is_char_boundary(cut) && text[cut..].eq_ignore_ascii_case("wd"))
            .map(|cut| &text[..cut])
        {
            return n
                .parse::<u32>()
                .ok()
                .filter(|n| *n <= spelling::MAX_WORKING_DAYS)
                .map(Duration::WorkingDays)
                .ok_or_else(|| {
                    AgeError::new("working days are written as a whole number then `wd`, e.g. 15wd")
                });
        }
        let days = parse_age_days(text)?;
        u32::try_from(days)
            .ok()
            .filter(|d| *d <= spelling::MAX_DURATION_DAYS)
            .map(Duration::Days)
            .ok_or_else(|| AgeError::new("the number is too large for a duration"))
    }

    /// The duration as a lower bound in calendar days (a working day is at least one calendar day).
    pub fn min_calendar_days(self) -> u32 {
        match self {
            Duration::Days(d) | Duration::WorkingDays(d) => d,
        }
    }

    /// Whether the two durations are in the same unit and so can be compared.
    pub fn same_unit(self, other: Duration) -> bool {
        matches!(
            (self, other),
            (Duration::Days(_), Duration::Days(_))
                | (Duration::WorkingDays(_), Duration::WorkingDays(_))
        )
    }
}

impl fmt::Display for Duration {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Duration::Days(0) => f.write_str("0d"),
            Duration::Days(d) => f.write_str(&format_age_days(d)),
            Duration::WorkingDays(1) => f.write_str("1 working day"),
            Duration::WorkingDays(d) => write!(f, "{d} working days"),
        }
    }
}

impl<'de> Deserialize<'de> for Duration {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Duration::parse(&text).map_err(|e| {
            serde::de::Error::custom(format!(
                "invalid duration `{text}`: {} (durations are e.g. 10d, 6w, 3m or 15wd for working days)",
                e.with_suggestion()
            ))
        })
    }
}

impl Serialize for Duration {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.canonical())
    }
}

/// JSON Schema of a duration after an event.
impl schemars::JsonSchema for Duration {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Duration".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A length of time after an event: working days (`15wd`) or calendar units as for ages (`10d`, `6w`, `3m`), lower case.",
            "markdownDescription": "A length of time after an event:\n\n- working days: `15wd`, `10wd` (Monday to Friday, not bank holidays)\n- calendar days, weeks, months or years: `0d`, `10d`, `6w`, `3m`, or an age such as `2y6m`\n\nLower case, no spaces.",
            "pattern": spelling::pattern(Kind::Duration),
            "patternErrorMessage": "not a duration: write working days as 15wd, or calendar time in lower case as 10d, 6w, 3m or 2y6m",
            "examples": ["15wd", "10wd", "3m", "6w"]
        })
    }
}

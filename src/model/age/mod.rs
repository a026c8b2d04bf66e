//! Ages, timeline points, windows and durations: the one place where hcp does date arithmetic.
//!
//! The programme timeline runs `preconception` < pregnancy (weeks of gestation) < `birth` < age.
//! After birth every age is a whole number of days since birth:
//!
//! * a week is 7 days;
//! * a month is 365.25 / 12 = 30.4375 days and a year 365.25 days, so `NyMm` is
//!   `floor((12N + M) × 30.4375)` days (then `+ 7 × weeks + days`);
//! * so `6w` = 42, `8w` = 56, `9m` = 273, `1y` = `12m` = 365, `15m` = 456, `2y` = 730,
//!   `2y6m` = `30m` = 913, `4y` = 1461 and `5y` = 1826.
//!
//! Windows are inclusive at both ends: `6w..8w` holds days 42 to 56, and "by 8 weeks" means on or
//! before day 56.
//!
//! Data files are read in one canonical spelling ([`Spelling::Strict`], the forms in
//! [`spelling`], the same set the JSON Schemas' patterns accept); the command line leniently.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

mod span;
pub mod spelling;
pub use span::{Duration, Span};
use spelling::Kind;
pub use spelling::Spelling;

/// Days in `months` whole months, using the 30.4375-day month (487/16 days, exact in integers).
pub const fn months_to_days(months: u64) -> u64 {
    months * 487 / 16
}

/// The last day of the programme: the fifth birthday (`5y`, day 1826).
pub const PROGRAMME_END_DAYS: u32 = 1826;
/// The longest pregnancy the timeline accepts: 42 weeks.
pub const MAX_GESTATION_DAYS: u32 = 42 * 7;

/// A point on the programme timeline.
///
/// The derived order is the timeline order: preconception, then pregnancy, then age after birth.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Point {
    /// Before pregnancy (one open period).
    Preconception,
    /// Days of gestation (weeks of pregnancy × 7 + days), 0 to 294.
    Gestation(u32),
    /// Days since birth; `Postnatal(0)` is the day of birth.
    Postnatal(u32),
}

/// Why an age or point could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{reason}")]
pub struct AgeError {
    /// What was wrong, in words, without repeating the input.
    pub reason: String,
    /// The canonical spelling of the same value, when it was read but is not written the one way
    /// data files use (`8W` → `8w`). It repeats the value, so it is never printed for a family
    /// file.
    pub suggestion: Option<String>,
}

impl AgeError {
    pub(crate) fn new(reason: impl Into<String>) -> Self {
        AgeError {
            reason: reason.into(),
            suggestion: None,
        }
    }

    /// The reason, with the canonical spelling when there is one (`…; did you mean `8w`?`), for
    /// messages about pathway data, which may quote what it holds.
    pub fn with_suggestion(&self) -> String {
        match &self.suggestion {
            Some(s) => format!("{}; did you mean `{s}`?", self.reason),
            None => self.reason.clone(),
        }
    }
}

/// Examples shown whenever an age cannot be read.
pub const AGE_EXAMPLES: &str = "birth, 10d, 6w, 9m, 2y, 2y6m, 30m";

/// Parsed `y m w d` components of an age literal such as `2y6m` or `11w6d`.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Components {
    pub(crate) years: u64,
    pub(crate) months: u64,
    pub(crate) weeks: u64,
    pub(crate) days: u64,
}

/// The `y m w d` components of an age literal, kept apart (for ages read on the calendar,
/// `model::calendar`).
pub(crate) fn components(text: &str) -> Result<Components, AgeError> {
    if text.starts_with('-') {
        return Err(AgeError::new("an age cannot be negative"));
    }
    parse_components(text)
}

fn parse_components(text: &str) -> Result<Components, AgeError> {
    if text.is_empty() {
        return Err(AgeError::new(format!(
            "an age is empty; write it as a number and unit, e.g. {AGE_EXAMPLES}"
        )));
    }
    let mut out = Components::default();
    // Units must come in this order, each at most once.
    let order = ['y', 'm', 'w', 'd'];
    let mut next_unit = 0;
    let mut digits = String::new();
    for ch in text.chars() {
        if ch.is_ascii_digit() {
            digits.push(ch);
            continue;
        }
        if ch.is_whitespace() {
            return Err(AgeError::new(
                "an age is written without spaces or words, each number with its unit (18m, 2y6m)",
            ));
        }
        let unit = ch.to_ascii_lowercase();
        let Some(position) = order.iter().position(|&u| u == unit) else {
            return Err(AgeError::new(format!(
                "`{ch}` is not a unit; use y (years), m (months), w (weeks) or d (days), e.g. {AGE_EXAMPLES}"
            )));
        };
        if digits.is_empty() {
            return Err(AgeError::new(format!(
                "unit `{ch}` has no number before it, e.g. {AGE_EXAMPLES}"
            )));
        }
        if position < next_unit {
            return Err(AgeError::new(
                "units must come in the order y, m, w, d, each at most once (e.g. 2y6m, 11w6d)",
            ));
        }
        next_unit = position + 1;
        let value: u64 = digits
            .parse()
            .ok()
            .filter(|v| *v <= 100_000)
            .ok_or_else(|| AgeError::new("the number is too large for an age"))?;
        digits.clear();
        match unit {
            'y' => out.years = value,
            'm' => out.months = value,
            'w' => out.weeks = value,
            _ => out.days = value,
        }
    }
    if !digits.is_empty() {
        return Err(AgeError::new(format!(
            "the number `{digits}` has no unit; add y, m, w or d, e.g. {AGE_EXAMPLES}"
        )));
    }
    Ok(out)
}

/// The short form of an age written in words (`18 months` → `18m`, `2 years 6 months` → `2y6m`,
/// `6 weeks` → `6w`), or of a bare number of weeks when `weeks` (`28` → `28w`, for gestations);
/// `None` when it is not one. For error messages about what was typed on the command line.
pub fn short_form(text: &str, weeks: bool) -> Option<String> {
    let text = text.trim().to_ascii_lowercase();
    if weeks && !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return Some(format!("{text}w"));
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        rest = rest
            .trim_start_matches([' ', ','])
            .trim_start_matches("and ");
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits == 0 {
            return None;
        }
        out.push_str(&rest[..digits]);
        rest = rest[digits..].trim_start();
        let word = rest.len()
            - rest
                .trim_start_matches(|c: char| c.is_ascii_alphabetic())
                .len();
        let unit = match &rest[..word] {
            "y" | "yr" | "yrs" | "year" | "years" => 'y',
            "m" | "mo" | "mos" | "mth" | "mths" | "month" | "months" => 'm',
            "w" | "wk" | "wks" | "week" | "weeks" => 'w',
            "d" | "day" | "days" => 'd',
            _ => return None,
        };
        out.push(unit);
        rest = rest[word..].trim_start();
    }
    let parsed = if weeks {
        parse_gestation_days(&out).is_ok()
    } else {
        parse_age_days(&out).is_ok()
    };
    (parsed && out != text).then_some(out)
}

/// Parse an age after birth (`birth`, `10d`, `6w`, `9m`, `2y6m`, …) into days since birth.
///
/// Does not check the programme range; see [`parse_programme_age`] for that.
pub fn parse_age_days(text: &str) -> Result<u64, AgeError> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("birth") {
        return Ok(0);
    }
    if text.starts_with('-') {
        return Err(AgeError::new("an age cannot be negative"));
    }
    let c = parse_components(text)?;
    Ok(months_to_days(c.years * 12 + c.months) + c.weeks * 7 + c.days)
}

/// Parse an age after birth no later than the fifth birthday, as written in a data file (a
/// family file's `age`): [`Spelling::Strict`].
pub fn parse_programme_age(text: &str) -> Result<u32, AgeError> {
    parse_programme_age_as(text, Spelling::Strict)
}

/// Parse an age after birth no later than the fifth birthday: as a practitioner types it
/// ([`Spelling::Lenient`], `hcp query --age 8W`) or as data files write it.
pub fn parse_programme_age_as(text: &str, spelling: Spelling) -> Result<u32, AgeError> {
    let days = parse_age_days(text)?;
    if days > u64::from(PROGRAMME_END_DAYS) {
        return Err(AgeError::new(format!(
            "the Healthy Child Programme 0-5 ends at 5 years (day {PROGRAMME_END_DAYS}); this age is day {days}"
        )));
    }
    let days =
        u32::try_from(days).map_err(|_| AgeError::new("the number is too large for an age"))?;
    if spelling == Spelling::Strict {
        spelling::require(text, Kind::Age, || format_age_days(days))?;
    }
    Ok(days)
}

/// Parse a gestation (`28w`, `11w6d`, `40w`) into days of pregnancy, 0 to 42 weeks, as written in
/// a data file: [`Spelling::Strict`].
pub fn parse_gestation_days(text: &str) -> Result<u32, AgeError> {
    parse_gestation_days_as(text, Spelling::Strict)
}

/// Parse a gestation into days of pregnancy, 0 to 42 weeks, as typed or as written in data.
pub fn parse_gestation_days_as(text: &str, spelling: Spelling) -> Result<u32, AgeError> {
    let written = text;
    let text = text.trim();
    if text.starts_with('-') {
        return Err(AgeError::new("a gestation cannot be negative"));
    }
    if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
        return Err(AgeError::new(
            "a gestation is weeks of pregnancy: add w after the number of weeks (e.g. 28w, 11w6d)",
        ));
    }
    let c = parse_components(text)?;
    if c.years != 0 || c.months != 0 {
        return Err(AgeError::new(
            "gestation is written in weeks and days of pregnancy, e.g. 28w or 11w6d",
        ));
    }
    let days = c.weeks * 7 + c.days;
    if days > u64::from(MAX_GESTATION_DAYS) {
        return Err(AgeError::new("gestation must be between 0 and 42 weeks"));
    }
    let days = u32::try_from(days)
        .map_err(|_| AgeError::new("gestation must be between 0 and 42 weeks"))?;
    if spelling == Spelling::Strict {
        spelling::require(written, Kind::Gestation, || format_gestation_days(days))?;
    }
    Ok(days)
}

/// The weeks of a gestation written `28w gestation` (lenient: any case, any spaces before the
/// word, but at least one: `28wgestation` is not read), or None when the text does not end in
/// the word.
pub(crate) fn gestation_weeks(text: &str) -> Option<Result<&str, AgeError>> {
    let text = text.trim();
    let cut = text.len().checked_sub("gestation".len())?;
    if !text.is_char_boundary(cut) || !text[cut..].eq_ignore_ascii_case("gestation") {
        return None;
    }
    let weeks = &text[..cut];
    if !weeks.is_empty() && !weeks.ends_with(char::is_whitespace) {
        let mut error = AgeError::new(
            "a gestation is written as weeks, one space, then the word gestation, e.g. 28w gestation",
        );
        error.suggestion = Some(format!("{weeks} gestation")).filter(|s| {
            s.strip_suffix(" gestation")
                .is_some_and(|w| parse_gestation_days(w).is_ok())
        });
        return Some(Err(error));
    }
    Some(Ok(weeks.trim()))
}

impl Point {
    /// Parse a timeline point as written in pathway data ([`Spelling::Strict`]):
    /// `preconception`, `28w gestation`, `birth`, or an age after birth within the programme
    /// (`10d`, `2y6m`, … up to `5y`).
    pub fn parse(text: &str) -> Result<Point, AgeError> {
        Point::parse_as(text, Spelling::Strict)
    }

    /// Parse a timeline point in either spelling.
    pub fn parse_as(text: &str, spelling: Spelling) -> Result<Point, AgeError> {
        let point = Point::read(text)?;
        if spelling == Spelling::Strict {
            spelling::require(text, Kind::Point, || point.to_string())?;
        }
        Ok(point)
    }

    fn read(text: &str) -> Result<Point, AgeError> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("preconception") {
            return Ok(Point::Preconception);
        }
        if let Some(weeks) = gestation_weeks(text) {
            return Ok(Point::Gestation(parse_gestation_days_as(
                weeks?,
                Spelling::Lenient,
            )?));
        }
        Ok(Point::Postnatal(parse_programme_age_as(
            text,
            Spelling::Lenient,
        )?))
    }

    /// Whether this point is after birth.
    pub fn is_postnatal(self) -> bool {
        matches!(self, Point::Postnatal(_))
    }
}

/// Format a number of days since birth in a short exact form: `birth`, `9m`, `2y6m`, `6w`, `10d`,
/// `57d`, `8m29d`.
///
/// The result always parses back to the same number of days.
pub fn format_age_days(days: u32) -> String {
    if days == 0 {
        return "birth".to_string();
    }
    let d = u64::from(days);
    // Whole months below `d`: months_to_days is monotone, so step down from an estimate.
    let mut months = d * 16 / 487 + 1;
    while months > 0 && months_to_days(months) > d {
        months -= 1;
    }
    let rest = d - months_to_days(months);
    let months_form = |months: u64| -> String {
        match (months / 12, months % 12) {
            (0, m) => format!("{m}m"),
            (y, 0) => format!("{y}y"),
            (y, m) if months >= 24 => format!("{y}y{m}m"),
            _ => format!("{months}m"),
        }
    };
    if d > 13 && rest == 0 {
        return months_form(months);
    }
    // The neonatal period is spoken of in days ("by 14 days", "28 days"); later weeks.
    if d > 28 && d < 91 && d % 7 == 0 {
        return format!("{}w", d / 7);
    }
    if d < 91 {
        return format!("{d}d");
    }
    format!("{}{rest}d", months_form(months))
}

/// Format a gestation in weeks and days: `28w`, `11w6d`.
pub fn format_gestation_days(days: u32) -> String {
    match (days / 7, days % 7) {
        (w, 0) => format!("{w}w"),
        (w, d) => format!("{w}w{d}d"),
    }
}

impl fmt::Display for Point {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Point::Preconception => f.write_str("preconception"),
            Point::Gestation(days) => write!(f, "{} gestation", format_gestation_days(days)),
            Point::Postnatal(days) => f.write_str(&format_age_days(days)),
        }
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Point::parse(&text).map_err(|e| serde::de::Error::custom(point_refused(&text, &e)))
    }
}

/// Why a timeline point written in pathway data is refused, in the words every reader of the
/// data uses (the deserializer, and the schema check that finds every mistake of a file).
pub fn point_refused(text: &str, error: &AgeError) -> String {
    format!(
        "invalid timeline point `{text}`: {} (points are `preconception`, `28w gestation`, `birth`, or an age such as 10d, 6w, 9m, 2y6m)",
        error.with_suggestion()
    )
}

impl Serialize for Point {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// JSON Schema of a timeline point, for editors and external validators: the pattern is the
/// strict spelling's ([`spelling`]); `patternErrorMessage` is what yaml-language-server shows
/// instead of the regular expression.
impl schemars::JsonSchema for Point {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Point".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": POINT_WORDS,
            "markdownDescription": POINT_MARKDOWN,
            "pattern": spelling::pattern(Kind::Point),
            "patternErrorMessage": POINT_PATTERN_MESSAGE,
            "examples": ["preconception", "28w gestation", "birth", "10d", "6w", "9m", "2y6m", "5y"]
        })
    }
}

/// What a timeline point is, in the schema's words.
pub const POINT_WORDS: &str = "A point on the programme timeline: `preconception`, weeks of pregnancy (`28w gestation`, `11w6d gestation`, up to 42 weeks), `birth`, or an age after birth up to 5y: one unit (`10d`, `6w`, `9m`, `2y`), weeks and days (`11w6d`), years and months (`2y6m`), or months or years then days (`8m29d`). Lower case, no leading zeros, one space before `gestation`. A month is 30.4375 days; windows are inclusive.";

/// The same, for hover in an editor, with examples.
const POINT_MARKDOWN: &str = "A point on the programme timeline, written the one way data files use (lower case, one space before `gestation`):\n\n- `preconception`\n- weeks of pregnancy, up to 42 weeks: `28w gestation`, `11w6d gestation`\n- `birth`\n- an age after birth, up to `5y`: `10d`, `6w`, `9m`, `2y`, `2y6m`, `11w6d`, `8m29d`\n\nNot `8W`, `28wgestation`, `18 months` or `6y`. A month is 30.4375 days; windows are inclusive at both ends.";

/// What an editor says about a point that is not written the canonical way (hcp validate's
/// HCP003 says the same and suggests the spelling).
pub const POINT_PATTERN_MESSAGE: &str = "not a timeline point: write preconception, 28w gestation (weeks of pregnancy up to 42w, one space before gestation), birth, or an age up to 5y in lower case: 10d, 6w, 9m, 2y, 2y6m, 11w6d, 8m29d";

#[cfg(test)]
mod tests;

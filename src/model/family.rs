//! Family files: the pseudonymous Assessment Triangle inputs `hcp assess` scores, as written
//! ([`FamilyFile`]) and once checked ([`Family`]).
//!
//! Privacy: only `reference` identifies a family in anything hcp prints. `name`, `nhs_number` and
//! `notes` are accepted (they may come from a clinical system export) but are never printed, and
//! findings about family files carry positions, never a key or a value the file wrote: a key of
//! [`FamilyFile::dimensions`] and an indicator are printed only as the framework's id they
//! matched, and data paths show only this format's own keys (docs/assessment-format.md, "What hcp
//! prints from a family file"). The loader (`load::family`) reads a file; the checks
//! (`check::family`) refuse a `reference` that holds control, bidi or zero-width characters
//! (HCP101), or an NHS number, or is the file's own `nhs_number` or `name` (HCP105), rather than
//! print it.

use std::collections::HashMap;
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use crate::model::Level;
use crate::model::age::Point;
use crate::model::framework::Observations;
pub use crate::model::kpi::Feeding;
use crate::model::span::Spanned;

/// A value that is read but never shown (its `Debug` is redacted too).
#[derive(Clone, Default)]
pub struct Redacted(());

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl JsonSchema for Redacted {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Redacted".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Accepted but never printed by hcp (identifiers and free text about the family)."
        })
    }
}

impl<'de> Deserialize<'de> for Redacted {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Redacted(()))
    }
}

/// An identifier that is read but never shown, like [`Redacted`]; a scalar's text is kept, only so
/// that `reference` can be checked against it (its `Debug` is redacted; see [`Self::compare_only`]).
/// It accepts exactly what [`Redacted`] accepts: a list or mapping is read and dropped.
#[derive(Clone, Default)]
pub struct RedactedIdentifier(Option<Box<str>>);

impl RedactedIdentifier {
    /// An identifier read from elsewhere than a family file's own keys (a FHIR
    /// QuestionnaireResponse's `subject`), kept only to compare `reference` with.
    pub fn from_text(text: &str) -> Self {
        RedactedIdentifier(Some(text.into()))
    }

    /// The scalar's text, for comparing a `reference` with it (HCP105); never to be printed.
    pub fn compare_only(&self) -> Option<&str> {
        self.0.as_deref()
    }
}

impl fmt::Debug for RedactedIdentifier {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl<'de> Deserialize<'de> for RedactedIdentifier {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{EnumAccess, IgnoredAny, MapAccess, SeqAccess, Visitor};

        struct Scalar;

        impl<'de> Visitor<'de> for Scalar {
            type Value = Option<Box<str>>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("any value")
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
                Ok(Some(v.to_string().into()))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
                Ok(Some(v.to_string().into()))
            }
            fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
                Ok(Some(v.to_string().into()))
            }
            fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
                Ok(Some(v.to_string().into()))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
                // A plain number with a leading zero (`0123456780`) arrives as a float; below
                // 1e15 a whole float is exact and fits an i64.
                Ok((v.fract() == 0.0 && v.abs() < 1e15).then(|| (v as i64).to_string().into()))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Some(v.into()))
            }
            fn visit_bytes<E>(self, _: &[u8]) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_none<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(None)
            }
            fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
                d.deserialize_ignored_any(self)
            }
            fn visit_newtype_struct<D: Deserializer<'de>>(
                self,
                d: D,
            ) -> Result<Self::Value, D::Error> {
                d.deserialize_ignored_any(self)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_seq(seq).map(|_| None)
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_map(map).map(|_| None)
            }
            fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
                IgnoredAny.visit_enum(data).map(|_| None)
            }
        }

        // The same entry point as `Redacted` (IgnoredAny), so the same files are accepted.
        deserializer
            .deserialize_ignored_any(Scalar)
            .map(RedactedIdentifier)
    }
}

/// Text only: a YAML number, boolean or null where text belongs is refused rather than turned
/// into text (`reference: 0042` would otherwise become `42`), as the schema's `type: string`
/// refuses it in an editor.
struct TextOnly(String);

impl<'de> Deserialize<'de> for TextOnly {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Text;

        impl serde::de::Visitor<'_> for Text {
            type Value = String;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text (quote a reference that is all digits, e.g. '0042')")
            }
            fn visit_str<E>(self, v: &str) -> Result<String, E> {
                Ok(v.to_string())
            }
        }

        deserializer.deserialize_any(Text).map(TextOnly)
    }
}

/// A `reference` read as text only ([`TextOnly`]), keeping its place.
fn text_only<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Spanned<String>, D::Error> {
    let read = Spanned::<TextOnly>::deserialize(deserializer)?;
    Ok(Spanned {
        value: read.value.0,
        line: read.line,
        column: read.column,
    })
}

/// What a family file's `reference` may be, for the schema: text on one line that is not blank,
/// without the characters `hcp assess` refuses in it (`model::printable`).
struct ReferenceText;

impl JsonSchema for ReferenceText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "ReferenceText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Not blank, and no character `hcp assess` refuses in a reference (HCP101): the same
        // predicate, written out for the Basic Multilingual Plane.
        let unprintable = crate::model::printable::bmp_class();
        let pattern = format!("^[^{unprintable}]*[^\\s{unprintable}][^{unprintable}]*$");
        schemars::json_schema!({
            "type": "string",
            "pattern": pattern,
            "markdownDescription": "Text your service assigns, such as `HV-2026-0042`: never an NHS number or a name. Quote one that is all digits (`'0042'`).",
            "patternErrorMessage": "a reference is pseudonymous text on one line, not blank, without control, bidi or zero-width characters, e.g. HV-2026-0042",
            "errorMessage": "a reference is text, e.g. HV-2026-0042 (quote one that is all digits: '0042')"
        })
    }
}

/// A calendar date in a family file, for the schema: exactly `YYYY-MM-DD`, as `hcp assess`
/// reads it (`check::family::parse_date`).
struct DateText;

impl JsonSchema for DateText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "DateText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // In `hcp assess`'s words for a date it refuses.
        crate::model::pathway::date_schema(
            "not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-25",
        )
    }
}

/// An age after birth in a family file, for the schema: the strict spelling `hcp assess` reads
/// (`model::age::spelling`).
struct AgeText;

impl JsonSchema for AgeText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AgeText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::model::age::spelling::{Kind, pattern};
        schemars::json_schema!({
            "type": "string",
            "pattern": pattern(Kind::Age),
            "markdownDescription": "An age up to 5 years, lower case, no spaces: `birth`, `10d`, `7w`, `9m`, `2y`, `2y6m`, `8m29d` (not `18 months` or `2Y`).",
            "patternErrorMessage": "age cannot be read: write an age up to 5y in lower case without spaces, e.g. birth, 10d, 6w, 9m, 2y, 2y6m",
            "errorMessage": "age cannot be read: write an age up to 5y in lower case without spaces, e.g. birth, 10d, 6w, 9m, 2y, 2y6m"
        })
    }
}

/// Weeks of pregnancy in a family file, for the schema.
struct GestationText;

impl JsonSchema for GestationText {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> std::borrow::Cow<'static, str> {
        "GestationText".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::model::age::spelling::{Kind, pattern};
        schemars::json_schema!({
            "type": "string",
            "pattern": pattern(Kind::Gestation),
            "markdownDescription": "Weeks (and days) of pregnancy, up to 42 weeks: `30w`, `11w6d` (not `30 weeks`).",
            "patternErrorMessage": "gestation cannot be read: write weeks of pregnancy up to 42w, e.g. 12w, 30w, 36w6d",
            "errorMessage": "gestation cannot be read: write weeks of pregnancy up to 42w, e.g. 12w, 30w, 36w6d"
        })
    }
}

/// A family file as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyFile {
    /// Pseudonymous reference: the only identifier hcp prints.
    #[serde(deserialize_with = "text_only")]
    #[schemars(with = "ReferenceText")]
    pub reference: Spanned<String>,
    /// Never printed.
    #[serde(default)]
    #[schemars(with = "Option<Redacted>")]
    pub name: Option<RedactedIdentifier>,
    /// Never printed.
    #[serde(default)]
    #[schemars(with = "Option<Redacted>")]
    pub nhs_number: Option<RedactedIdentifier>,
    /// The child (or the pregnancy).
    pub child: Spanned<Child>,
    /// The date of the assessment (YYYY-MM-DD); `hcp assess` needs it, a record for `hcp
    /// schedule` may leave it out.
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub assessment_date: Option<Spanned<String>>,
    /// Observations by dimension id.
    #[serde(default)]
    pub dimensions: HashMap<Spanned<String>, Spanned<Observed>>,
    /// The practitioner's own decision.
    #[serde(default)]
    pub practitioner: Option<Practitioner>,
    /// What has been done, for `hcp schedule` and `hcp kpi`.
    #[serde(default)]
    pub done: Vec<Spanned<Done>>,
}

/// One intervention recorded as done.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Done {
    /// The intervention id (`universal.new-birth-visit`).
    pub intervention: Spanned<String>,
    /// The date it was done (YYYY-MM-DD).
    #[schemars(with = "DateText")]
    pub date: Spanned<String>,
    /// Named tools used (`ASQ-3` at a review), for KPIs that count them.
    #[serde(default)]
    pub tools: Vec<Spanned<String>>,
    /// Feeding at the time (at the 6-8 week review, for C8ii).
    #[serde(default)]
    pub feeding: Option<Spanned<Feeding>>,
    /// Never printed.
    #[serde(default)]
    pub notes: Option<Redacted>,
}

/// How old the child is: one of the four ways.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// Date of birth (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub date_of_birth: Option<Spanned<String>>,
    /// Age on the assessment date (`2y`, `7w`).
    #[serde(default)]
    #[schemars(with = "Option<AgeText>")]
    pub age: Option<Spanned<String>>,
    /// Weeks of pregnancy on the assessment date (`30w`).
    #[serde(default)]
    #[schemars(with = "Option<GestationText>")]
    pub gestation: Option<Spanned<String>>,
    /// Expected date of delivery (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<DateText>")]
    pub expected_date_of_delivery: Option<Spanned<String>>,
}

/// What was observed for one dimension.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// Indicator ids.
    #[serde(default)]
    pub indicators: Vec<Spanned<String>>,
    /// Never printed.
    #[serde(default)]
    pub notes: Option<Redacted>,
}

/// The practitioner's decision.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// The band decided.
    pub band: Spanned<Level>,
    /// Why (shown only in the single-family report, never in caseload summaries).
    #[serde(default)]
    pub rationale: Option<String>,
}

/// A family file checked against the framework, ready to score.
#[derive(Debug, Clone)]
pub struct Family {
    /// Pseudonymous reference.
    pub reference: String,
    /// The assessment date.
    pub assessment_date: jiff::civil::Date,
    /// Where the child is on the timeline on the assessment date.
    pub at: Point,
    /// The child's age in calendar months and days, when the file gives a date of birth.
    pub calendar_age: Option<(u32, u32)>,
    /// Observations.
    pub observations: Observations,
    /// The practitioner's decision, if recorded.
    pub practitioner: Option<(Level, Option<String>)>,
}

/// A record checked for `hcp schedule` and `hcp kpi`: when the child was (or is expected to be)
/// born, and what has been done.
#[derive(Debug, Clone)]
pub struct Record {
    /// Pseudonymous reference.
    pub reference: String,
    /// The date of birth, when the child is born.
    pub born: Option<jiff::civil::Date>,
    /// The expected date of delivery, when the child is not yet born.
    pub expected: Option<jiff::civil::Date>,
    /// What has been done, in file order.
    pub done: Vec<DoneOn>,
}

impl Record {
    /// The first day of pregnancy (40 weeks before the expected date of delivery), when the
    /// child is not yet born.
    pub fn pregnancy_start(&self) -> Option<jiff::civil::Date> {
        self.expected
            .and_then(|e| e.checked_sub(jiff::Span::new().days(280)).ok())
    }
}

/// One intervention done, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DoneOn {
    /// The intervention id (known to the pathway set).
    pub intervention: String,
    /// When.
    pub date: jiff::civil::Date,
    /// Named tools used.
    pub tools: Vec<String>,
    /// Feeding at the time.
    pub feeding: Option<Feeding>,
}

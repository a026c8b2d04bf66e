//! The assessment framework as data: the DH 2000 Assessment Triangle (3 domains, 20 dimensions),
//! indicators at each band, and the banding rules (`pathways/assessment/*.yaml`).
//!
//! The format is documented for authors in `docs/assessment-format.md`.

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::{Basis, Certainty, Level};
use crate::text::Text;
use crate::yaml::Spanned;

/// One file under `pathways/assessment/`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    /// Assessment Triangle domains.
    #[serde(default)]
    pub domains: Vec<Domain>,
    /// The banding rules (in exactly one file).
    #[serde(default)]
    pub banding: Option<Banding>,
}

/// A side of the Assessment Triangle.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// `child-developmental-needs`, `parenting-capacity` or `family-and-environmental-factors`.
    #[schemars(with = "String")]
    pub id: Spanned<Text>,
    /// Display title.
    pub title: Text,
    /// Its dimensions.
    pub dimensions: Vec<Dimension>,
}

/// One of the 20 dimensions.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Dimension {
    /// Stable id, e.g. `health`.
    #[schemars(with = "String")]
    pub id: Spanned<Text>,
    /// Display title.
    pub title: Text,
    /// What it covers.
    #[serde(default)]
    pub description: Text,
    /// Indicators at each band.
    pub indicators: Vec<Indicator>,
}

/// An observable indicator and the band it suggests.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// Stable id: `<dimension id>.<name>`.
    #[schemars(with = "String")]
    pub id: Spanned<Text>,
    /// The band it suggests.
    #[schemars(with = "Level")]
    pub band: Spanned<Level>,
    /// The indicator in words.
    pub text: Text,
    /// Targeted pathways it points to.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub pathways: Vec<Spanned<Text>>,
    /// Always means Universal Partnership Plus.
    #[serde(default)]
    #[schemars(with = "Option<bool>")]
    pub decisive: Option<Spanned<bool>>,
    /// Where it comes from.
    pub source: Text,
    /// What it rests on.
    pub basis: Basis,
    /// How sure it is.
    pub certainty: Certainty,
    /// Caveats.
    #[serde(default)]
    pub note: Option<Text>,
}

impl Indicator {
    /// Whether the indicator always suggests Universal Partnership Plus.
    pub fn is_decisive(&self) -> bool {
        self.decisive.as_ref().is_some_and(|d| d.value)
    }
}

/// The declared banding policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum BandingPolicy {
    /// The highest band of any observed indicator, raised by decisive indicators and escalation rules.
    HighestBandWithEscalation,
}

/// The banding rules.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Banding {
    /// The policy.
    #[schemars(with = "BandingPolicy")]
    pub policy: Spanned<BandingPolicy>,
    /// The policy in words.
    pub description: Text,
    /// Escalation when needs accumulate.
    #[serde(default)]
    pub escalation: Vec<Escalation>,
}

/// An escalation rule: enough dimensions (or domains) at `band` or above suggest `gives`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Escalation {
    /// Stable id.
    #[schemars(with = "String")]
    pub id: Spanned<Text>,
    /// The rule in words.
    pub description: Text,
    /// Dimensions whose band is at least this count towards the rule.
    #[schemars(with = "Level")]
    pub band: Spanned<Level>,
    /// How many such dimensions trigger it.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub min_dimensions: Option<Spanned<u32>>,
    /// How many domains with such a dimension trigger it.
    #[serde(default)]
    #[schemars(with = "Option<u32>")]
    pub min_domains: Option<Spanned<u32>>,
    /// The band it suggests.
    #[schemars(with = "Level")]
    pub gives: Spanned<Level>,
    /// What it rests on.
    pub basis: Basis,
    /// Where it comes from.
    pub source: Text,
}

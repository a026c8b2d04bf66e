//! The assessment framework as data: the DH 2000 Assessment Triangle (3 domains, 20 dimensions),
//! indicators at each band, and the banding rules (`pathways/assessment/*.yaml`) as written, and
//! resolved for scoring ([`Framework`]); a family's [`Observations`].
//!
//! The format is documented for authors in `docs/assessment-format.md`.

use std::collections::{BTreeMap, BTreeSet};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::model::CalendarDate;
use crate::model::age::Span;
use crate::model::pathway::Window;
use crate::model::span::Spanned;
use crate::model::text::Text;
use crate::model::{Basis, Certainty, Level};

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
    /// The day the file was last checked against its sources (YYYY-MM-DD).
    #[serde(default)]
    pub last_reviewed: Option<Spanned<CalendarDate>>,
}

/// A side of the Assessment Triangle.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    /// `child-developmental-needs`, `parenting-capacity` or `family-and-environmental-factors`.
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
    pub id: Spanned<Text>,
    /// The band it suggests.
    pub band: Spanned<Level>,
    /// The indicator in words.
    pub text: Text,
    /// Targeted pathways it points to.
    #[serde(default)]
    pub pathways: Vec<Spanned<Text>>,
    /// Always means Universal Partnership Plus.
    #[serde(default)]
    pub decisive: Option<Spanned<bool>>,
    /// What it records: a need (the default), or an entitlement marker, which is not a need and
    /// never counts toward escalation.
    #[serde(default)]
    pub kind: Option<Spanned<IndicatorKind>>,
    /// When in the child's life it can be recorded (`{from: 0w gestation, to: 42w gestation}`
    /// for pregnancy only, `{from: birth, to: 5y}` after birth only), both ends inclusive; absent,
    /// at any point of the programme. A family file that records it outside is refused (HCP106).
    #[serde(default)]
    pub applies: Option<Window>,
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

    /// What the indicator records (a need unless it says otherwise).
    pub fn kind(&self) -> IndicatorKind {
        self.kind.as_ref().map_or(IndicatorKind::Need, |k| k.value)
    }
}

/// What an indicator records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum IndicatorKind {
    /// A need, or at Universal the absence of one: counts toward escalation at its band.
    #[default]
    Need,
    /// An entitlement marker (e.g. likely to be eligible for Healthy Start): it suggests its band
    /// and points to its pathways, but it is not a need, so it never counts toward escalation.
    Entitlement,
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
    pub id: Spanned<Text>,
    /// The rule in words.
    pub description: Text,
    /// Dimensions whose band is at least this count towards the rule.
    pub band: Spanned<Level>,
    /// How many such dimensions trigger it.
    #[serde(default)]
    pub min_dimensions: Option<Spanned<u32>>,
    /// How many domains with such a dimension trigger it.
    #[serde(default)]
    pub min_domains: Option<Spanned<u32>>,
    /// The band it suggests.
    pub gives: Spanned<Level>,
    /// What it rests on.
    pub basis: Basis,
    /// Where it comes from.
    pub source: Text,
}

/// The three domains of the DH 2000 Assessment Triangle and their 20 dimensions, in order.
pub const TRIANGLE: [(&str, &[&str]); 3] = [
    (
        "child-developmental-needs",
        &[
            "health",
            "education",
            "emotional-and-behavioural-development",
            "identity",
            "family-and-social-relationships",
            "social-presentation",
            "self-care-skills",
        ],
    ),
    (
        "parenting-capacity",
        &[
            "basic-care",
            "ensuring-safety",
            "emotional-warmth",
            "stimulation",
            "guidance-and-boundaries",
            "stability",
        ],
    ),
    (
        "family-and-environmental-factors",
        &[
            "family-history-and-functioning",
            "wider-family",
            "housing",
            "employment",
            "income",
            "family-social-integration",
            "community-resources",
        ],
    ),
];

/// A resolved indicator.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndicatorDef {
    /// Id.
    pub id: Text,
    /// Band it suggests.
    pub band: Level,
    /// In words.
    pub text: Text,
    /// Targeted pathways it points to.
    pub pathways: Vec<Text>,
    /// Always Universal Partnership Plus.
    pub decisive: bool,
    /// An entitlement marker, not a need: never counted toward escalation.
    pub entitlement: bool,
    /// When in the child's life it can be recorded; `None`: at any point.
    pub applies: Option<Span>,
}

/// A resolved dimension.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DimensionDef {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Domain id.
    pub domain: Text,
    /// Its indicators.
    pub indicators: Vec<IndicatorDef>,
}

/// A resolved escalation rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EscalationDef {
    /// Id.
    pub id: Text,
    /// In words.
    pub description: Text,
    /// Dimensions at this band or above count.
    pub band: Level,
    /// Dimensions needed, if any.
    pub min_dimensions: Option<u32>,
    /// Domains needed, if any.
    pub min_domains: Option<u32>,
    /// The band it suggests.
    pub gives: Level,
}

/// The assessment framework, resolved for scoring.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Framework {
    /// Domains (id, title) in order.
    pub domains: Vec<(Text, Text)>,
    /// Dimensions in order.
    pub dimensions: Vec<DimensionDef>,
    /// Escalation rules.
    pub escalation: Vec<EscalationDef>,
}

impl Framework {
    /// Resolve the framework from its files; `None` if there are none (or they hold no dimension).
    pub fn from_files<'a>(
        files: impl IntoIterator<Item = &'a AssessmentFile>,
    ) -> Option<Framework> {
        let mut fw = Framework::default();
        for file in files {
            for d in &file.domains {
                fw.domains.push((d.id.value.clone(), d.title.clone()));
                for dim in &d.dimensions {
                    fw.dimensions.push(DimensionDef {
                        id: dim.id.value.clone(),
                        title: dim.title.clone(),
                        domain: d.id.value.clone(),
                        indicators: dim
                            .indicators
                            .iter()
                            .map(|i| IndicatorDef {
                                id: i.id.value.clone(),
                                band: i.band.value,
                                text: i.text.clone(),
                                pathways: i.pathways.iter().map(|p| p.value.clone()).collect(),
                                decisive: i.is_decisive(),
                                entitlement: i.kind() == IndicatorKind::Entitlement,
                                applies: i.applies.as_ref().map(Window::span),
                            })
                            .collect(),
                    });
                }
            }
            if let Some(b) = &file.banding {
                fw.escalation
                    .extend(b.escalation.iter().map(|e| EscalationDef {
                        id: e.id.value.clone(),
                        description: e.description.trimmed(),
                        band: e.band.value,
                        min_dimensions: e.min_dimensions.as_ref().map(|m| m.value),
                        min_domains: e.min_domains.as_ref().map(|m| m.value),
                        gives: e.gives.value,
                    }));
            }
        }
        (!fw.dimensions.is_empty()).then_some(fw)
    }

    /// A dimension by id.
    pub fn dimension(&self, id: &str) -> Option<&DimensionDef> {
        self.dimensions.iter().find(|d| d.id == id)
    }

    /// An indicator by id, with its dimension.
    pub fn indicator(&self, id: &str) -> Option<(&DimensionDef, &IndicatorDef)> {
        self.dimensions
            .iter()
            .find_map(|d| d.indicators.iter().find(|i| i.id == id).map(|i| (d, i)))
    }
}

/// Observed indicators per dimension id (ids already checked against the framework).
pub type Observations = BTreeMap<String, BTreeSet<String>>;

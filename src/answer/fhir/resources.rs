//! The FHIR R4 resource and datatype shapes hcp writes (only the elements it fills).

use serde::Serialize;

/// The exported Bundle.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "resourceType", rename = "Bundle")]
pub struct Bundle {
    /// Bundle id.
    pub id: String,
    /// Where the content came from.
    pub meta: Meta,
    /// Always `collection`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The resources.
    pub entry: Vec<Entry>,
}

/// `Resource.meta`.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    /// The pathway set, as a URI.
    pub source: String,
    /// The hcp version, the pathway set, its review dates and the as-of date.
    pub tag: Vec<Coding>,
}

/// A Bundle entry.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    /// `{base}/{resourceType}/{id}`.
    pub full_url: String,
    /// The resource.
    pub resource: Resource,
}

/// The resources the export holds.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "resourceType")]
#[allow(clippy::large_enum_variant)]
pub enum Resource {
    /// A pathway.
    PlanDefinition(PlanDefinition),
    /// An intervention.
    ActivityDefinition(ActivityDefinition),
    /// A KPI.
    Measure(Measure),
    /// One of hcp's code systems.
    CodeSystem(CodeSystem),
    /// The Assessment Triangle.
    Questionnaire(Questionnaire),
}

impl Resource {
    /// The resource's type name.
    pub fn type_name(&self) -> &'static str {
        match self {
            Resource::PlanDefinition(_) => "PlanDefinition",
            Resource::ActivityDefinition(_) => "ActivityDefinition",
            Resource::Measure(_) => "Measure",
            Resource::CodeSystem(_) => "CodeSystem",
            Resource::Questionnaire(_) => "Questionnaire",
        }
    }

    /// The resource's id.
    pub fn id(&self) -> &str {
        match self {
            Resource::PlanDefinition(r) => &r.id,
            Resource::ActivityDefinition(r) => &r.id,
            Resource::Measure(r) => &r.id,
            Resource::CodeSystem(r) => &r.id,
            Resource::Questionnaire(r) => &r.id,
        }
    }
}

/// `Coding`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Coding {
    /// Code system URL.
    pub system: String,
    /// The code.
    pub code: String,
    /// Its display.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
}

/// `CodeableConcept`.
#[derive(Debug, Clone, Serialize)]
pub struct CodeableConcept {
    /// The codings.
    pub coding: Vec<Coding>,
    /// Text.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

impl CodeableConcept {
    pub(super) fn of(coding: Coding) -> Self {
        CodeableConcept {
            coding: vec![coding],
            text: None,
        }
    }
}

/// `Identifier`.
#[derive(Debug, Clone, Serialize)]
pub struct Identifier {
    /// The namespace.
    pub system: String,
    /// hcp's id.
    pub value: String,
}

/// `Quantity` as `Age` or `Duration`: a whole number in UCUM `d`, `wk`, `mo` or `a`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Quantity {
    /// How many.
    pub value: u32,
    /// The unit in words.
    pub unit: &'static str,
    /// UCUM.
    pub system: &'static str,
    /// The UCUM code.
    pub code: &'static str,
}

/// `Range` of ages.
#[derive(Debug, Clone, Serialize)]
pub struct Range {
    /// First age inside the window.
    pub low: Quantity,
    /// Last age inside the window.
    pub high: Quantity,
}

/// `Period` of dates.
#[derive(Debug, Clone, Serialize)]
pub struct Period {
    /// First date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// Last date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// The value of an extension.
#[derive(Debug, Clone, Serialize)]
pub enum Value {
    /// `valueAge`.
    #[serde(rename = "valueAge")]
    Age(Quantity),
    /// `valueDuration`.
    #[serde(rename = "valueDuration")]
    Duration(Quantity),
    /// `valueInteger`.
    #[serde(rename = "valueInteger")]
    Integer(u32),
    /// `valueBoolean`.
    #[serde(rename = "valueBoolean")]
    Boolean(bool),
    /// `valueCode`.
    #[serde(rename = "valueCode")]
    Code(&'static str),
    /// `valueCoding`.
    #[serde(rename = "valueCoding")]
    Coding(Coding),
    /// `valuePeriod`.
    #[serde(rename = "valuePeriod")]
    Period(Period),
    /// `valueCanonical`.
    #[serde(rename = "valueCanonical")]
    Canonical(String),
}

/// `Extension`: a value, or sub-extensions.
#[derive(Debug, Clone, Serialize)]
pub struct Extension {
    /// The extension's URL (full for hcp's; the bare name for a sub-extension).
    pub url: String,
    /// Sub-extensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// The value.
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
}

impl Extension {
    pub(super) fn value(url: impl Into<String>, value: Value) -> Self {
        Extension {
            url: url.into(),
            extension: Vec::new(),
            value: Some(value),
        }
    }

    pub(super) fn complex(url: impl Into<String>, extension: Vec<Extension>) -> Self {
        Extension {
            url: url.into(),
            extension,
            value: None,
        }
    }
}

/// `RelatedArtifact`.
#[derive(Debug, Clone, Serialize)]
pub struct RelatedArtifact {
    /// `citation`, `depends-on`, `documentation`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Short label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub display: Option<String>,
    /// The citation as written in the data.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub citation: Option<String>,
    /// The first web address in the citation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// A canonical reference to another resource.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub resource: Option<String>,
}

/// `PlanDefinition.action.participant` and `ActivityDefinition.participant`.
#[derive(Debug, Clone, Serialize)]
pub struct Participant {
    /// Always `practitioner` (R4 has no type for a service or team).
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// The profession, from the hcp profession code system.
    pub role: CodeableConcept,
}

/// A PlanDefinition: one pathway.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanDefinition {
    /// The pathway id.
    pub id: String,
    /// Provenance.
    pub meta: Meta,
    /// Span, when not wholly after birth.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// hcp's id.
    pub identifier: Vec<Identifier>,
    /// hcp version.
    pub version: &'static str,
    /// Computer-friendly name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `clinical-protocol`.
    #[serde(rename = "type")]
    pub kind: CodeableConcept,
    /// `active`.
    pub status: &'static str,
    /// Summary.
    pub description: String,
    /// Caveats.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    /// `last_reviewed`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_review_date: Option<String>,
    /// Source, and Universal for a targeted pathway.
    pub related_artifact: Vec<RelatedArtifact>,
    /// One action per stage, each holding its interventions.
    pub action: Vec<Action>,
}

/// A PlanDefinition action: a stage group, or an intervention.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Action {
    /// Action id (the intervention's FHIR id, or `stage-{id}`).
    pub id: String,
    /// Extensions.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Title.
    pub title: String,
    /// Level, core purposes and timing kind (interventions); the stage (groups).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<CodeableConcept>,
    /// The age window (wholly after birth).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing_range: Option<Range>,
    /// The one age it is due at (after birth).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub timing_age: Option<Quantity>,
    /// Lead first.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub participant: Vec<Participant>,
    /// The ActivityDefinition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition_canonical: Option<String>,
    /// The interventions of a stage group.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub action: Vec<Action>,
}

/// An ActivityDefinition: one intervention.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityDefinition {
    /// The FHIR id ([`fhir_id`] of the intervention id).
    pub id: String,
    /// Provenance.
    pub meta: Meta,
    /// Certainty, basis, born, KPIs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// hcp's id.
    pub identifier: Vec<Identifier>,
    /// hcp version.
    pub version: &'static str,
    /// Computer-friendly name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `active`.
    pub status: &'static str,
    /// What is done and why.
    pub description: String,
    /// Caveats (the intervention's note).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub usage: Option<String>,
    /// `offered` dates.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_period: Option<Period>,
    /// The source.
    pub related_artifact: Vec<RelatedArtifact>,
    /// `ServiceRequest`.
    pub kind: &'static str,
    /// The level.
    pub code: CodeableConcept,
    /// Lead first.
    pub participant: Vec<Participant>,
}

/// A Measure: one KPI.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Measure {
    /// The KPI id.
    pub id: String,
    /// Provenance.
    pub meta: Meta,
    /// Certainty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// Canonical URL.
    pub url: String,
    /// hcp's id.
    pub identifier: Vec<Identifier>,
    /// hcp version.
    pub version: &'static str,
    /// Computer-friendly name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `active`.
    pub status: &'static str,
    /// The definition.
    pub description: String,
    /// Existing or recommended.
    pub topic: Vec<CodeableConcept>,
    /// The source.
    pub related_artifact: Vec<RelatedArtifact>,
    /// `proportion`, or `cohort` for a count.
    pub scoring: CodeableConcept,
    /// The populations.
    pub group: Vec<MeasureGroup>,
}

/// `Measure.group`.
#[derive(Debug, Clone, Serialize)]
pub struct MeasureGroup {
    /// Numerator and denominator, or the initial population of a count.
    pub population: Vec<Population>,
}

/// `Measure.group.population`.
#[derive(Debug, Clone, Serialize)]
pub struct Population {
    /// `numerator`, `denominator`, `initial-population`.
    pub code: CodeableConcept,
    /// The words from the data.
    pub description: String,
    /// The same words as a `text/plain` expression: not computable (`hcp kpi` computes them).
    pub criteria: Expression,
}

/// `Expression`.
#[derive(Debug, Clone, Serialize)]
pub struct Expression {
    /// `text/plain`.
    pub language: &'static str,
    /// The words.
    pub expression: String,
}

/// A CodeSystem.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CodeSystem {
    /// `hcp-{name}`.
    pub id: String,
    /// Provenance.
    pub meta: Meta,
    /// Canonical URL.
    pub url: String,
    /// hcp version.
    pub version: &'static str,
    /// Computer-friendly name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `active`.
    pub status: &'static str,
    /// What its codes are.
    pub description: String,
    /// True.
    pub case_sensitive: bool,
    /// `complete`.
    pub content: &'static str,
    /// How many codes.
    pub count: usize,
    /// The codes.
    pub concept: Vec<Concept>,
}

/// The Assessment Triangle as a Questionnaire: 3 domain groups, 20 dimension groups, one boolean
/// item per indicator (true: observed), each coded with the band it suggests.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Questionnaire {
    /// `hcp-assessment-triangle`.
    pub id: String,
    /// Provenance.
    pub meta: Meta,
    /// Canonical URL.
    pub url: String,
    /// hcp version.
    pub version: &'static str,
    /// Computer-friendly name.
    pub name: String,
    /// Title.
    pub title: String,
    /// `active`.
    pub status: &'static str,
    /// `Patient`: the child.
    pub subject_type: Vec<&'static str>,
    /// What it captures.
    pub description: String,
    /// The assessment date, then the domains.
    pub item: Vec<Item>,
}

/// `Questionnaire.item`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    /// Decisive, entitlement, points-to.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub extension: Vec<Extension>,
    /// The domain, dimension or indicator id.
    pub link_id: String,
    /// The band an indicator suggests (hcp-level).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub code: Vec<Coding>,
    /// Title or indicator text.
    pub text: String,
    /// `group`, `boolean`, `date`, `string`, `text`, `choice`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether it must be answered.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// The codes a `choice` item is answered with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub answer_option: Vec<AnswerOption>,
    /// Children.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<Item>,
}

/// `Questionnaire.item.answerOption`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    /// The code.
    pub value_coding: Coding,
}

/// `CodeSystem.concept`.
#[derive(Debug, Clone, Serialize)]
pub struct Concept {
    /// The code.
    pub code: String,
    /// Its display.
    pub display: String,
    /// Its meaning.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub definition: Option<String>,
}

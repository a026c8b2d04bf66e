//! The pathway set as FHIR R4 (4.0.1) resources in one `collection` Bundle (`hcp export fhir`):
//! a PlanDefinition per pathway, an ActivityDefinition per intervention, a Measure per KPI and
//! the CodeSystems hcp's own codes come from. `docs/fhir.md` is the mapping table.
//!
//! This is an answer, not a renderer: it decides how hcp's data maps onto FHIR's elements (which
//! element carries a window, which extension a gestation), and returns typed structs; writing them
//! out is `serde_json` in `render::fhir`. The only words made here are the ones the data already
//! holds (titles, descriptions, definitions) and the fixed definitions of hcp's own code systems.
//!
//! No clinical code is invented: every code is in an hcp CodeSystem, under one base URL
//! ([`DEFAULT_BASE_URL`] unless `--base-url` gives another), or an HL7 terminology code for a
//! FHIR structural element (plan type, measure scoring, population type).

use serde::Serialize;

use crate::answer::provenance::Provenance;
use crate::load::digest::sha256;
use crate::model::age::{Duration, Point, Span, months_to_days};
use crate::model::library::Library;
use crate::model::{Certainty, Intervention, Kpi, KpiStatus, Level, Pathway, TimingKind};

/// The base URL of hcp's canonical URLs when `--base-url` is not given. It is a placeholder
/// (`example.org` is reserved for examples): a service publishing the resources gives its own.
pub const DEFAULT_BASE_URL: &str = "https://example.org/fhir/hcp";

/// The FHIR version the resources are written for.
pub const FHIR_VERSION: &str = "4.0.1";

const UCUM: &str = "http://unitsofmeasure.org";
const PLAN_TYPE: &str = "http://terminology.hl7.org/CodeSystem/plan-definition-type";
const MEASURE_SCORING: &str = "http://terminology.hl7.org/CodeSystem/measure-scoring";
const MEASURE_POPULATION: &str = "http://terminology.hl7.org/CodeSystem/measure-population";

/// hcp's code systems: (id, title, what its codes are).
pub const CODE_SYSTEMS: [(&str, &str, &str); 7] = [
    (
        "level",
        "hcp service levels",
        "The service levels a family's need is met at (Universal, Universal Plus, Universal Partnership Plus).",
    ),
    (
        "core-purpose",
        "hcp Children's Centre core purposes",
        "The Children's Centre core purposes an intervention serves, by number.",
    ),
    (
        "profession",
        "hcp professions and services",
        "The professions and services that lead or take part in interventions.",
    ),
    (
        "stage",
        "hcp ages and stages",
        "The Healthy Child Programme ages and stages, in timeline order.",
    ),
    (
        "timing-kind",
        "hcp timing kinds",
        "How an intervention is timed.",
    ),
    (
        "event",
        "hcp events",
        "The events that event-relative timings count from.",
    ),
    (
        "kpi-status",
        "hcp KPI status",
        "Whether a KPI is a national metric collected today or one the pathways recommend.",
    ),
];

/// The extensions hcp defines: (name, what it carries). Their URLs are
/// `{base}/StructureDefinition/{name}`.
pub const EXTENSIONS: [(&str, &str); 12] = [
    (
        "programme-window",
        "A window or span that is not wholly after birth: sub-extensions preconception-from / preconception-to (valueBoolean true: before pregnancy), gestation-from / gestation-to (valueDuration, weeks of pregnancy), age-from / age-to (valueAge).",
    ),
    (
        "catch-up-until",
        "The last point at which a missed scheduled intervention is still done: sub-extension age (valueAge) or gestation (valueDuration).",
    ),
    (
        "event-relative",
        "A timing counted from an event: event (valueCoding, hcp event code system), earliest / latest (valueDuration, calendar) or earliest-working-days / latest-working-days (valueInteger, Monday to Friday excluding bank holidays).",
    ),
    (
        "until-stage",
        "The last stage an intervention that runs across stages can occur in (valueCoding, hcp stage code system).",
    ),
    (
        "born",
        "The dates of birth an intervention applies to (valuePeriod); absent: every child.",
    ),
    (
        "certainty",
        "How sure the content is: confirmed, partial or unverified (valueCode).",
    ),
    (
        "basis",
        "What the content rests on: national, east-of-england or local-practice (valueCode).",
    ),
    (
        "kpi",
        "A KPI that measures the intervention (valueCanonical to the Measure).",
    ),
    (
        "late-kpi",
        "The KPI that counts the intervention when done after its window (valueCanonical to the Measure).",
    ),
    (
        "decisive",
        "On an Assessment Triangle indicator item: the indicator alone gives Universal Partnership Plus (valueBoolean true).",
    ),
    (
        "entitlement",
        "On an Assessment Triangle indicator item: an entitlement marker, not a need; never counted toward escalation (valueBoolean true).",
    ),
    (
        "points-to",
        "On an Assessment Triangle indicator item: a targeted pathway the indicator points to (valueCanonical to the PlanDefinition).",
    ),
];

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
    fn of(coding: Coding) -> Self {
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
    fn value(url: impl Into<String>, value: Value) -> Self {
        Extension {
            url: url.into(),
            extension: Vec::new(),
            value: Some(value),
        }
    }

    fn complex(url: impl Into<String>, extension: Vec<Extension>) -> Self {
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
    /// `group`, `boolean`, `date`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Whether it must be answered.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub required: bool,
    /// Children.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub item: Vec<Item>,
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

/// A valid FHIR id (`[A-Za-z0-9\-\.]{1,64}`) for an hcp id: the id itself when it is one, else
/// its first 55 usable characters, `-` and the first 8 hex digits of its SHA-256 (the full hcp id
/// stays in `identifier`).
pub fn fhir_id(id: &str) -> String {
    let usable = |c: char| c.is_ascii_alphanumeric() || c == '-' || c == '.';
    if !id.is_empty() && id.len() <= 64 && id.chars().all(usable) {
        return id.to_string();
    }
    let stem: String = id
        .chars()
        .map(|c| if usable(c) { c } else { '-' })
        .take(55)
        .collect();
    let digest = sha256(id.as_bytes());
    let hex: String = digest[..4].iter().map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}")
}

/// A computer-friendly name (`[A-Z][A-Za-z0-9_]*`): the id's words capitalised and joined.
fn fhir_name(id: &str) -> String {
    let mut name: String = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let mut chars = w.chars();
            chars.next().map_or_else(String::new, |first| {
                first.to_ascii_uppercase().to_string() + chars.as_str()
            })
        })
        .collect();
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) {
        name.insert(0, 'X');
    }
    name
}

/// Text as FHIR strings want it: trimmed, and none when empty.
fn text(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_string())
}

fn quantity(value: u32, unit: &'static str, code: &'static str) -> Quantity {
    Quantity {
        value,
        unit,
        system: UCUM,
        code,
    }
}

/// An age after birth (days since birth) as an `Age`: whole years (`a`), whole months from 3
/// (`mo`), whole weeks (`wk`), else days (`d`). UCUM's `mo` and `a` are the mean Julian month and
/// year (30.4375 and 365.25 days), hcp's own; hcp counts the whole days (`9 mo` is day 273).
pub fn age(days: u32) -> Quantity {
    let days64 = u64::from(days);
    if days > 0 {
        for years in 1..=5u32 {
            if months_to_days(u64::from(years) * 12) == days64 {
                return quantity(years, "years", "a");
            }
        }
        for months in 3..=60u32 {
            if months_to_days(u64::from(months)) == days64 {
                return quantity(months, "months", "mo");
            }
        }
        if days.is_multiple_of(7) {
            return quantity(days / 7, "weeks", "wk");
        }
    }
    quantity(days, "days", "d")
}

/// An age window as a `Range` with one unit for both ends: the coarsest of years, months, weeks
/// and days that gives both ends exactly (`10 d` to `14 d`, `9 mo` to `12 mo`).
pub fn age_range(from: u32, to: u32) -> Range {
    let exact = |days: u32, unit: &str| -> Option<u32> {
        let days64 = u64::from(days);
        match unit {
            "a" => (0..=5u32).find(|y| months_to_days(u64::from(*y) * 12) == days64),
            "mo" => (0..=60u32).find(|m| months_to_days(u64::from(*m)) == days64),
            "wk" => (days.is_multiple_of(7)).then_some(days / 7),
            _ => Some(days),
        }
    };
    for (code, unit) in [
        ("a", "years"),
        ("mo", "months"),
        ("wk", "weeks"),
        ("d", "days"),
    ] {
        if let (Some(low), Some(high)) = (exact(from, code), exact(to, code)) {
            return Range {
                low: quantity(low, unit, code),
                high: quantity(high, unit, code),
            };
        }
    }
    unreachable!("every age is a whole number of days")
}

/// A gestation (days of pregnancy) as a `Duration` in weeks, or days when not whole weeks.
pub fn gestation(days: u32) -> Quantity {
    if days.is_multiple_of(7) {
        quantity(days / 7, "weeks", "wk")
    } else {
        quantity(days, "days", "d")
    }
}

/// What `hcp export fhir` writes.
#[derive(Debug, Clone)]
pub struct FhirRequest<'a> {
    /// The base of every canonical URL, without a trailing `/`.
    pub base_url: &'a str,
    /// Where the set came from.
    pub provenance: &'a Provenance,
}

struct Ctx<'a> {
    base: &'a str,
    library: &'a Library,
    meta: Meta,
    version: &'static str,
}

impl Ctx<'_> {
    fn ext(&self, name: &str) -> String {
        format!("{}/StructureDefinition/{name}", self.base)
    }

    fn system(&self, name: &str) -> String {
        format!("{}/CodeSystem/{name}", self.base)
    }

    fn canonical(&self, kind: &str, id: &str) -> String {
        format!("{}/{kind}/{id}", self.base)
    }

    fn coding(&self, system: &str, code: &str, display: Option<&str>) -> Coding {
        Coding {
            system: self.system(system),
            code: code.to_string(),
            display: display.and_then(text),
        }
    }

    fn identifier(&self, kind: &str, id: &str) -> Vec<Identifier> {
        vec![Identifier {
            system: format!("{}/identifier/{kind}", self.base),
            value: id.to_string(),
        }]
    }

    fn participants(&self, iv: &Intervention) -> Vec<Participant> {
        iv.professions()
            .map(|p| Participant {
                kind: "practitioner",
                role: CodeableConcept::of(self.coding(
                    "profession",
                    p,
                    self.library.profession(p).map(|p| p.title.as_str()),
                )),
            })
            .collect()
    }

    fn level(&self, level: Level) -> CodeableConcept {
        CodeableConcept::of(self.coding("level", level.id(), Some(level.title())))
    }

    /// The sub-extensions of one end of a window (`from` or `to`).
    fn window_end(end: &str, point: Point) -> Extension {
        match point {
            Point::Preconception => {
                Extension::value(format!("preconception-{end}"), Value::Boolean(true))
            }
            Point::Gestation(d) => {
                Extension::value(format!("gestation-{end}"), Value::Duration(gestation(d)))
            }
            Point::Postnatal(d) => Extension::value(format!("age-{end}"), Value::Age(age(d))),
        }
    }

    /// A span wholly after birth as a `Range`; any other as the programme-window extension.
    fn window(&self, span: Span) -> (Option<Range>, Option<Extension>) {
        match (span.from, span.to) {
            (Point::Postnatal(from), Point::Postnatal(to)) => (Some(age_range(from, to)), None),
            (from, to) => (
                None,
                Some(Extension::complex(
                    self.ext("programme-window"),
                    vec![Self::window_end("from", from), Self::window_end("to", to)],
                )),
            ),
        }
    }

    fn citation(source: &str) -> RelatedArtifact {
        let url = source
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .find(|w| w.starts_with("https://") || w.starts_with("http://"))
            .map(|w| w.trim_end_matches(['.', ')']).to_string());
        RelatedArtifact {
            kind: "citation",
            display: None,
            citation: text(source),
            url,
            resource: None,
        }
    }

    fn action(&self, iv: &Intervention) -> Action {
        let id = fhir_id(&iv.id.value);
        let mut extension = Vec::new();
        let mut timing_range = None;
        let mut timing_age = None;
        if let Some(window) = &iv.window {
            let (range, ext) = self.window(window.span());
            timing_range = range;
            extension.extend(ext);
        } else if let Some(due) = &iv.due {
            match due.value {
                Point::Postnatal(d) => timing_age = Some(age(d)),
                point => extension.extend(
                    self.window(Span {
                        from: point,
                        to: point,
                    })
                    .1,
                ),
            }
        }
        if let Some(until) = &iv.catch_up_until {
            let sub = match until.value {
                Point::Postnatal(d) => Extension::value("age", Value::Age(age(d))),
                Point::Gestation(d) => Extension::value("gestation", Value::Duration(gestation(d))),
                Point::Preconception => Extension::value("preconception", Value::Boolean(true)),
            };
            extension.push(Extension::complex(self.ext("catch-up-until"), vec![sub]));
        }
        if let Some(rel) = &iv.relative {
            let event = &rel.after.value;
            let mut sub = vec![Extension::value(
                "event",
                Value::Coding(self.coding(
                    "event",
                    event,
                    self.library.event(event).map(|e| e.title.as_str()),
                )),
            )];
            let mut bound = |name: &str, d: Duration| match d {
                Duration::Days(n) => {
                    sub.push(Extension::value(name.to_string(), Value::Duration(age(n))))
                }
                Duration::WorkingDays(n) => sub.push(Extension::value(
                    format!("{name}-working-days"),
                    Value::Integer(n),
                )),
            };
            if let Some(earliest) = &rel.earliest {
                bound("earliest", earliest.value);
            }
            bound("latest", rel.latest.value);
            extension.push(Extension::complex(self.ext("event-relative"), sub));
        }
        if let Some(until) = &iv.until_stage {
            let title = self
                .library
                .stage(&until.value)
                .map(|(_, s)| s.title.as_str());
            extension.push(Extension::value(
                self.ext("until-stage"),
                Value::Coding(self.coding("stage", &until.value, title)),
            ));
        }
        let mut code = vec![self.level(iv.level.value)];
        for cp in &iv.core_purposes {
            let title = self
                .library
                .catalogue
                .core_purposes
                .iter()
                .find(|c| c.item.number.value == cp.value)
                .map(|c| c.item.title.as_str());
            code.push(CodeableConcept::of(self.coding(
                "core-purpose",
                &cp.value.to_string(),
                title,
            )));
        }
        if let Some(kind) = &iv.timing {
            code.push(CodeableConcept::of(self.coding(
                "timing-kind",
                kind.value.id(),
                Some(kind.value.id()),
            )));
        }
        Action {
            definition_canonical: Some(self.canonical("ActivityDefinition", &id)),
            id,
            extension,
            title: iv.title.trim().to_string(),
            code,
            timing_range,
            timing_age,
            participant: self.participants(iv),
            action: Vec::new(),
        }
    }

    fn activity(&self, iv: &Intervention) -> ActivityDefinition {
        let id = fhir_id(&iv.id.value);
        let mut extension = vec![
            Extension::value(self.ext("certainty"), Value::Code(certainty(iv.certainty))),
            Extension::value(self.ext("basis"), Value::Code(basis(iv.basis))),
        ];
        if let Some(born) = &iv.born {
            extension.push(Extension::value(
                self.ext("born"),
                Value::Period(Period {
                    start: born.from.as_ref().map(|d| d.value.to_string()),
                    end: born.to.as_ref().map(|d| d.value.to_string()),
                }),
            ));
        }
        for kpi in &iv.kpis {
            extension.push(Extension::value(
                self.ext("kpi"),
                Value::Canonical(self.canonical("Measure", &fhir_id(&kpi.value))),
            ));
        }
        if let Some(late) = &iv.late_kpi {
            extension.push(Extension::value(
                self.ext("late-kpi"),
                Value::Canonical(self.canonical("Measure", &fhir_id(&late.value))),
            ));
        }
        ActivityDefinition {
            url: self.canonical("ActivityDefinition", &id),
            meta: self.meta.clone(),
            extension,
            identifier: self.identifier("intervention", &iv.id.value),
            version: self.version,
            name: fhir_name(&iv.id.value),
            title: iv.title.trim().to_string(),
            status: "active",
            description: iv.description.trim().to_string(),
            usage: iv.note.as_deref().and_then(text),
            effective_period: iv.offered.as_ref().map(|o| Period {
                start: o.from.as_ref().map(|d| d.value.to_string()),
                end: o.to.as_ref().map(|d| d.value.to_string()),
            }),
            related_artifact: vec![Self::citation(&iv.source.value)],
            kind: "ServiceRequest",
            code: self.level(iv.level.value),
            participant: self.participants(iv),
            id,
        }
    }

    fn plan(&self, pathway: &Pathway, universal: Option<&str>) -> PlanDefinition {
        let id = fhir_id(&pathway.id.value);
        let mut groups = Vec::new();
        for stage in &self.library.catalogue.stages {
            let stage = &stage.item;
            let action: Vec<Action> = pathway
                .interventions
                .iter()
                .filter(|iv| iv.stage.value.as_str() == stage.id.value.as_str())
                .map(|iv| self.action(iv))
                .collect();
            if action.is_empty() {
                continue;
            }
            let (timing_range, ext) = self.window(stage.span());
            groups.push(Action {
                id: fhir_id(&format!("stage-{}", stage.id.value)),
                extension: ext.into_iter().collect(),
                title: stage.title.trim().to_string(),
                code: vec![CodeableConcept::of(self.coding(
                    "stage",
                    &stage.id.value,
                    Some(&stage.title),
                ))],
                timing_range,
                timing_age: None,
                participant: Vec::new(),
                definition_canonical: None,
                action,
            });
        }
        let mut related_artifact = vec![Self::citation(&pathway.source)];
        if let Some(universal) = universal.filter(|u| *u != pathway.id.value.as_str()) {
            related_artifact.push(RelatedArtifact {
                kind: "depends-on",
                display: Some("Builds on the Universal pathway".to_string()),
                citation: None,
                url: None,
                resource: Some(self.canonical("PlanDefinition", &fhir_id(universal))),
            });
        }
        PlanDefinition {
            url: self.canonical("PlanDefinition", &id),
            meta: self.meta.clone(),
            extension: self.window(pathway.span.span()).1.into_iter().collect(),
            identifier: self.identifier("pathway", &pathway.id.value),
            version: self.version,
            name: fhir_name(&pathway.id.value),
            title: pathway.title.trim().to_string(),
            kind: CodeableConcept::of(Coding {
                system: PLAN_TYPE.to_string(),
                code: "clinical-protocol".to_string(),
                display: Some("Clinical Protocol".to_string()),
            }),
            status: "active",
            description: pathway.summary.trim().to_string(),
            usage: pathway.note.as_deref().and_then(text),
            last_review_date: pathway.last_reviewed.as_ref().map(|d| d.value.to_string()),
            related_artifact,
            action: groups,
            id,
        }
    }

    fn measure(&self, kpi: &Kpi) -> Measure {
        let id = fhir_id(&kpi.id.value);
        let count = is_count(kpi);
        let population = |code: &str, display: &str, words: &str| Population {
            code: CodeableConcept::of(Coding {
                system: MEASURE_POPULATION.to_string(),
                code: code.to_string(),
                display: Some(display.to_string()),
            }),
            description: words.trim().to_string(),
            criteria: Expression {
                language: "text/plain",
                expression: words.trim().to_string(),
            },
        };
        let populations = if count {
            vec![population(
                "initial-population",
                "Initial Population",
                &kpi.numerator,
            )]
        } else {
            vec![
                population("denominator", "Denominator", &kpi.denominator),
                population("numerator", "Numerator", &kpi.numerator),
            ]
        };
        let (scoring, display) = if count {
            ("cohort", "Cohort")
        } else {
            ("proportion", "Proportion")
        };
        let status = match kpi.status {
            KpiStatus::Existing => "existing",
            KpiStatus::Recommended => "recommended",
        };
        Measure {
            url: self.canonical("Measure", &id),
            meta: self.meta.clone(),
            extension: kpi
                .certainty
                .map(|c| Extension::value(self.ext("certainty"), Value::Code(certainty(c))))
                .into_iter()
                .collect(),
            identifier: self.identifier("kpi", &kpi.id.value),
            version: self.version,
            name: fhir_name(&kpi.id.value),
            title: kpi.title.trim().to_string(),
            status: "active",
            description: kpi.definition.trim().to_string(),
            topic: vec![CodeableConcept::of(self.coding(
                "kpi-status",
                status,
                Some(status),
            ))],
            related_artifact: vec![Self::citation(&kpi.source)],
            scoring: CodeableConcept::of(Coding {
                system: MEASURE_SCORING.to_string(),
                code: scoring.to_string(),
                display: Some(display.to_string()),
            }),
            group: vec![MeasureGroup {
                population: populations,
            }],
            id,
        }
    }

    fn code_system(&self, name: &str, title: &str, description: &str) -> CodeSystem {
        let concept = |code: &str, display: &str, definition: &str| Concept {
            code: code.to_string(),
            display: display.trim().to_string(),
            definition: text(definition),
        };
        let cat = &self.library.catalogue;
        let concepts: Vec<Concept> = match name {
            "level" => Level::ALL
                .iter()
                .map(|l| {
                    let def = cat
                        .levels
                        .iter()
                        .find(|d| d.item.id.value == *l)
                        .map_or("", |d| d.item.definition.as_str());
                    concept(l.id(), l.title(), def)
                })
                .collect(),
            "core-purpose" => cat
                .core_purposes
                .iter()
                .map(|c| {
                    concept(
                        &c.item.number.value.to_string(),
                        &c.item.title,
                        &c.item.wording,
                    )
                })
                .collect(),
            "profession" => cat
                .professions
                .iter()
                .map(|p| concept(&p.item.id.value, &p.item.title, &p.item.description))
                .collect(),
            "stage" => cat
                .stages
                .iter()
                .map(|s| concept(&s.item.id.value, &s.item.title, &s.item.description))
                .collect(),
            "timing-kind" => TimingKind::ALL
                .iter()
                .map(|k| concept(k.id(), k.id(), timing_definition(*k)))
                .collect(),
            "event" => cat
                .events
                .iter()
                .map(|e| concept(&e.item.id.value, &e.item.title, &e.item.description))
                .collect(),
            _ => vec![
                concept(
                    "existing",
                    "existing",
                    "A national metric that exists today.",
                ),
                concept(
                    "recommended",
                    "recommended",
                    "A measure the pathways recommend where none exists.",
                ),
            ],
        };
        CodeSystem {
            id: format!("hcp-{name}"),
            meta: self.meta.clone(),
            url: self.system(name),
            version: self.version,
            name: fhir_name(&format!("hcp-{name}")),
            title: title.to_string(),
            status: "active",
            description: description.to_string(),
            case_sensitive: true,
            content: "complete",
            count: concepts.len(),
            concept: concepts,
        }
    }
}

impl Ctx<'_> {
    fn questionnaire(&self, framework: &crate::model::framework::Framework) -> Questionnaire {
        let item = |link_id: &str, text: &str, kind, item: Vec<Item>| Item {
            extension: Vec::new(),
            link_id: link_id.to_string(),
            code: Vec::new(),
            text: text.trim().to_string(),
            kind,
            required: false,
            item,
        };
        let mut items = vec![Item {
            required: true,
            ..item("assessment-date", "Assessment date", "date", Vec::new())
        }];
        for (domain, title) in &framework.domains {
            let dimensions = framework
                .dimensions
                .iter()
                .filter(|d| d.domain.as_str() == domain.as_str())
                .map(|d| {
                    let indicators = d
                        .indicators
                        .iter()
                        .map(|i| {
                            let mut ext = Vec::new();
                            if i.decisive {
                                ext.push(Extension::value(
                                    self.ext("decisive"),
                                    Value::Boolean(true),
                                ));
                            }
                            if i.entitlement {
                                ext.push(Extension::value(
                                    self.ext("entitlement"),
                                    Value::Boolean(true),
                                ));
                            }
                            for p in &i.pathways {
                                ext.push(Extension::value(
                                    self.ext("points-to"),
                                    Value::Canonical(self.canonical("PlanDefinition", &fhir_id(p))),
                                ));
                            }
                            Item {
                                extension: ext,
                                code: vec![self.coding("level", i.band.id(), Some(i.band.title()))],
                                ..item(&i.id, &i.text, "boolean", Vec::new())
                            }
                        })
                        .collect();
                    item(&d.id, &d.title, "group", indicators)
                })
                .collect();
            items.push(item(domain, title, "group", dimensions));
        }
        Questionnaire {
            id: "hcp-assessment-triangle".to_string(),
            meta: self.meta.clone(),
            url: self.canonical("Questionnaire", "hcp-assessment-triangle"),
            version: self.version,
            name: "HcpAssessmentTriangle".to_string(),
            title: "Assessment Triangle".to_string(),
            status: "active",
            subject_type: vec!["Patient"],
            description: "The Assessment Triangle inputs hcp assess scores: for each of the 20 \
                          dimensions in 3 domains, the indicators observed (true), each coded with \
                          the band it suggests."
                .to_string(),
            item: items,
        }
    }
}

fn timing_definition(kind: TimingKind) -> &'static str {
    match kind {
        TimingKind::Scheduled => {
            "Due in a window or at one age; a missed one may be caught up until its catch-up-until point."
        }
        TimingKind::Ongoing => "Offered throughout its span.",
        TimingKind::IfNeeded => "Responsive: done when a need arises within its span.",
        TimingKind::Event => "Timed from an event, such as working days after a conference.",
    }
}

fn certainty(c: Certainty) -> &'static str {
    match c {
        Certainty::Confirmed => "confirmed",
        Certainty::Partial => "partial",
        Certainty::Unverified => "unverified",
    }
}

fn basis(b: crate::model::Basis) -> &'static str {
    match b {
        crate::model::Basis::National => "national",
        crate::model::Basis::EastOfEngland => "east-of-england",
        crate::model::Basis::LocalPractice => "local-practice",
    }
}

/// Whether a KPI is a count with no denominator (C1): its computation counts events done in the
/// period.
pub fn is_count(kpi: &Kpi) -> bool {
    kpi.compute
        .as_ref()
        .and_then(|c| c.value.cohort.as_ref())
        .and_then(|c| c.value.done_in_period.as_ref())
        .is_some_and(|d| d.value)
}

/// The provenance as `meta`: `source` names the pathway set; tags carry the hcp version, the set,
/// its review dates and the as-of date.
fn meta(base: &str, provenance: &Provenance) -> Meta {
    let set = &provenance.pathway_set;
    let source = match &set.sha256 {
        Some(hash) => format!("{base}/pathway-set/sha256/{hash}"),
        None => format!(
            "{base}/pathway-set/{}/{}",
            set.source, provenance.hcp_version
        ),
    };
    let tag = |name: &str, code: &str, display: String| Coding {
        system: format!("{base}/tag/{name}"),
        code: code.to_string(),
        display: Some(display),
    };
    let mut tags = vec![
        tag(
            "hcp-version",
            provenance.hcp_version,
            format!("hcp {}", provenance.hcp_version),
        ),
        tag(
            "pathway-set",
            set.sha256.as_deref().unwrap_or(set.source),
            match &set.path {
                Some(path) => format!("pathway set from directory {path}"),
                None => "bundled pathway set".to_string(),
            },
        ),
    ];
    if let Some(d) = &set.last_reviewed {
        tags.push(tag("last-reviewed", d, format!("earliest last review {d}")));
    }
    if let Some(d) = &set.next_review {
        tags.push(tag("next-review", d, format!("earliest next review {d}")));
    }
    if let Some(d) = &provenance.as_of {
        tags.push(tag("as-of", d, format!("as of {d}")));
    }
    Meta { source, tag: tags }
}

/// The whole pathway set as one Bundle: code systems, then per pathway its PlanDefinition and its
/// interventions' ActivityDefinitions, then the Measures.
pub fn export(library: &Library, request: &FhirRequest<'_>) -> Bundle {
    let base = request.base_url.trim_end_matches('/');
    let ctx = Ctx {
        base,
        library,
        meta: meta(base, request.provenance),
        version: request.provenance.hcp_version,
    };
    let universal = library
        .universal_pathway()
        .map(|(_, p)| p.id.value.to_string());
    let mut resources = Vec::new();
    for (name, title, description) in CODE_SYSTEMS {
        resources.push(Resource::CodeSystem(ctx.code_system(
            name,
            title,
            description,
        )));
    }
    for (_, pathway) in &library.pathways {
        resources.push(Resource::PlanDefinition(
            ctx.plan(pathway, universal.as_deref()),
        ));
        for iv in &pathway.interventions {
            resources.push(Resource::ActivityDefinition(ctx.activity(iv)));
        }
    }
    for kpi in &library.catalogue.kpis {
        resources.push(Resource::Measure(ctx.measure(&kpi.item)));
    }
    if let Some(framework) = library.framework().filter(|f| !f.dimensions.is_empty()) {
        resources.push(Resource::Questionnaire(ctx.questionnaire(&framework)));
    }
    Bundle {
        id: "hcp-pathways".to_string(),
        meta: ctx.meta.clone(),
        kind: "collection",
        entry: resources
            .into_iter()
            .map(|resource| Entry {
                full_url: format!("{base}/{}/{}", resource.type_name(), resource.id()),
                resource,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ages_take_the_unit_that_is_exact() {
        let unit = |d| {
            let q = age(d);
            (q.value, q.code)
        };
        assert_eq!(unit(0), (0, "d"));
        assert_eq!(unit(10), (10, "d"));
        assert_eq!(unit(14), (2, "wk"));
        assert_eq!(unit(56), (8, "wk"));
        assert_eq!(unit(273), (9, "mo"));
        assert_eq!(unit(365), (1, "a"));
        assert_eq!(unit(913), (30, "mo"));
        assert_eq!(unit(1826), (5, "a"));
        let range = |a, b| {
            let r = age_range(a, b);
            (r.low.value, r.high.value, r.low.code, r.high.code)
        };
        assert_eq!(range(10, 14), (10, 14, "d", "d"));
        assert_eq!(range(42, 56), (6, 8, "wk", "wk"));
        assert_eq!(range(273, 365), (9, 12, "mo", "mo"));
        assert_eq!(range(0, 1826), (0, 5, "a", "a"));
        assert_eq!(gestation(97).code, "d");
        assert_eq!(gestation(196).value, 28);
    }

    #[test]
    fn long_ids_become_valid_fhir_ids() {
        assert_eq!(
            fhir_id("universal.new-birth-visit"),
            "universal.new-birth-visit"
        );
        let long = "infant-mental-health.additional-visit-significant-attachment-concerns";
        let id = fhir_id(long);
        assert!(id.len() <= 64, "{id}");
        assert_ne!(id, fhir_id(&format!("{long}-2")));
        assert_eq!(
            fhir_name("universal.new-birth-visit"),
            "UniversalNewBirthVisit"
        );
    }
}

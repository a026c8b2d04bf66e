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

mod plan;
mod questionnaire;
mod resources;
#[cfg(test)]
mod tests;
mod values;

pub use resources::*;
pub use values::*;

use crate::answer::provenance::Provenance;
use crate::model::library::Library;

/// The base URL of hcp's canonical URLs when `--base-url` is not given. It is a placeholder
/// (`example.org` is reserved for examples): a service publishing the resources gives its own.
pub const DEFAULT_BASE_URL: &str = "https://example.org/fhir/hcp";

/// The FHIR version the resources are written for.
pub const FHIR_VERSION: &str = "4.0.1";

pub(super) const UCUM: &str = "http://unitsofmeasure.org";
pub(super) const PLAN_TYPE: &str = "http://terminology.hl7.org/CodeSystem/plan-definition-type";
pub(super) const MEASURE_SCORING: &str = "http://terminology.hl7.org/CodeSystem/measure-scoring";
pub(super) const MEASURE_POPULATION: &str =
    "http://terminology.hl7.org/CodeSystem/measure-population";

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
/// What `hcp export fhir` writes.
#[derive(Debug, Clone)]
pub struct FhirRequest<'a> {
    /// The base of every canonical URL, without a trailing `/`.
    pub base_url: &'a str,
    /// Where the set came from.
    pub provenance: &'a Provenance,
}

pub(super) struct Ctx<'a> {
    pub(super) base: &'a str,
    pub(super) library: &'a Library,
    pub(super) meta: Meta,
    pub(super) version: &'static str,
}
/// The provenance as `meta`: `source` names the pathway set; tags carry the hcp version, the set,
/// its review dates and the as-of date.
pub(super) fn meta(base: &str, provenance: &Provenance) -> Meta {
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

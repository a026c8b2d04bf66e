//! The rule registry: every [`Code`] with its severity, summary, explanation (`hcp rule HCP005`)
//! and check, in the way ruff and clippy keep their lints. Each rule is declared beside its check
//! in this folder; this file lists them and runs them.

pub use super::rule::{Rule, Sink};
use super::{
    assessment, characters, family, files, kinds, kpi, pathway_set, record, references, review,
    sources, structure, timing,
};
use crate::model::diagnostic::{Code, Diagnostic};
use crate::model::library::Library;

/// Every rule, in code order; each is declared beside its check.
pub const RULES: &[Rule] = &[
    files::UNREADABLE_FILE,
    files::INVALID_YAML,
    files::INVALID_SHAPE,
    structure::DUPLICATE_ID,
    references::UNRESOLVED_REFERENCE,
    references::CORE_PURPOSE_OUT_OF_RANGE,
    timing::REVERSED_RANGE,
    timing::WINDOW_OUTSIDE_STAGE,
    timing::OUTSIDE_PATHWAY_SPAN,
    structure::LEAD_NOT_UNIQUE,
    structure::CHILDRENS_CENTRE_WITHOUT_CORE_PURPOSE,
    timing::KPI_DEADLINE_UNMEETABLE,
    references::UNUSED_EXISTING_KPI,
    pathway_set::PATHWAY_SET_MISMATCH,
    pathway_set::LEVEL_MISMATCH,
    pathway_set::TARGETED_PATHWAY_INCOMPLETE,
    pathway_set::SPAN_MISMATCH,
    timing::STAGE_SEQUENCE,
    pathway_set::MANDATED_CONTACT_MISSING,
    structure::INTERVENTION_ID_PREFIX,
    pathway_set::EMPTY_LEVEL,
    assessment::TRIANGLE_STRUCTURE,
    assessment::BANDING_RULES,
    assessment::BAND_COVERAGE,
    structure::EMPTY_TEXT,
    pathway_set::NATIONAL_CONTACT,
    review::REVIEW_DUE,
    characters::HIDDEN_CHARACTER,
    characters::ID_FORMAT,
    kinds::TIMING_KIND,
    sources::SOURCE_LOCAL_FILE,
    sources::SOURCE_UNTITLED,
    kpi::KPI_COMPUTE_SHAPE,
    kpi::KPI_COMPUTE_EVENT,
    kpi::KPI_COMPUTE_DEADLINE,
    kpi::KPI_COMPUTE_MISSING,
    family::FAMILY_FILE_INVALID,
    family::FAMILY_UNKNOWN_DIMENSION,
    family::FAMILY_UNKNOWN_INDICATOR,
    family::FAMILY_INVALID_DATE,
    family::FAMILY_IDENTIFYING_REFERENCE,
    family::FAMILY_INDICATOR_OUT_OF_RANGE,
    record::FAMILY_UNKNOWN_INTERVENTION,
    record::FAMILY_DUPLICATE_DONE,
];

/// A rule by its code text (case-insensitive: `hcp005`).
pub fn rule(code: &str) -> Option<&'static Rule> {
    Code::parse(code).and_then(rule_for)
}

/// The rule of a code.
pub fn rule_for(code: Code) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// From this many interventions, the rules run on all cores (below it, starting threads costs
/// more than it saves).
const PARALLEL_MIN_INTERVENTIONS: usize = 5_000;

/// Run every rule over the library; findings come in registry order either way.
pub fn check_all(library: &Library) -> Vec<Diagnostic> {
    let interventions: usize = library
        .pathways
        .iter()
        .map(|(_, p)| p.interventions.len())
        .sum();
    crate::load::parallel::map_ordered(RULES, interventions >= PARALLEL_MIN_INTERVENTIONS, |rule| {
        check_one(library, rule)
    })
    .into_iter()
    .flatten()
    .collect()
}

/// HCP027 over the library, as of `today` (kept apart from [`check_all`], which never depends on
/// the date).
pub fn check_review_dates(library: &Library, today: jiff::civil::Date) -> Vec<Diagnostic> {
    let Some(rule) = rule_for(Code::ReviewDue) else {
        return Vec::new();
    };
    let mut sink = Sink::new(library, rule);
    review::review_due(library, today, &mut sink);
    sink.out
}

/// Run one rule (nothing for the family-file codes, which `hcp assess` reports).
pub fn check_one(library: &Library, rule: &Rule) -> Vec<Diagnostic> {
    let Some(check) = rule.check else {
        return Vec::new();
    };
    let mut sink = Sink::new(library, rule);
    check(library, &mut sink);
    sink.out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_has_exactly_one_rule_in_code_order() {
        let codes: Vec<Code> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(codes, Code::ALL);
    }
}

//! Rules about the assessment framework (`pathways/assessment/`).

use std::collections::{BTreeMap, BTreeSet};

use super::rule::{Rule, Sink};
use crate::model::Level;
use crate::model::diagnostic::{Code, Severity};
use crate::model::framework::{IndicatorKind, TRIANGLE};
use crate::model::library::Library;

/// HCP022: the framework has the three DH 2000 domains and their 20 dimensions, once each, and
/// indicator ids are `<dimension>.<name>`.
pub(super) fn triangle_structure(lib: &Library, sink: &mut Sink) {
    if lib.assessments.is_empty() {
        return;
    }
    let mut seen_domains: BTreeSet<&str> = BTreeSet::new();
    let mut seen_dimensions: BTreeSet<&str> = BTreeSet::new();
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            let Some((_, expected)) = TRIANGLE.iter().find(|(id, _)| *id == d.id.value) else {
                sink.at_with_help(
                    *file,
                    &d.id,
                    format!("domains[{i}].id"),
                    format!("`{}` is not a domain of the Assessment Triangle", d.id.value),
                    crate::model::diagnostic::did_you_mean(&d.id.value, TRIANGLE.iter().map(|(id, _)| *id))
                        .map(|s| format!("did you mean `{s}`?"))
                        .or_else(|| Some("the domains are child-developmental-needs, parenting-capacity and family-and-environmental-factors".into())),
                );
                continue;
            };
            if !seen_domains.insert(&d.id.value) {
                sink.at(
                    *file,
                    &d.id,
                    format!("domains[{i}].id"),
                    format!("domain `{}` appears twice", d.id.value),
                );
            }
            for (j, dim) in d.dimensions.iter().enumerate() {
                let path = format!("domains[{i}].dimensions[{j}].id");
                if !expected.contains(&dim.id.value.as_str()) {
                    let elsewhere = TRIANGLE
                        .iter()
                        .find(|(_, dims)| dims.contains(&dim.id.value.as_str()));
                    let message = match elsewhere {
                        Some((domain, _)) => format!(
                            "dimension `{}` belongs to domain `{domain}`, not `{}`",
                            dim.id.value, d.id.value
                        ),
                        None => {
                            format!("`{}` is not a dimension of `{}`", dim.id.value, d.id.value)
                        }
                    };
                    let help = crate::model::diagnostic::did_you_mean(
                        &dim.id.value,
                        expected.iter().copied(),
                    )
                    .map(|s| format!("did you mean `{s}`?"));
                    sink.at_with_help(*file, &dim.id, path, message, help);
                } else if !seen_dimensions.insert(&dim.id.value) {
                    sink.at(
                        *file,
                        &dim.id,
                        path,
                        format!("dimension `{}` appears twice", dim.id.value),
                    );
                }
                let prefix = format!("{}.", dim.id.value);
                for (k, ind) in dim.indicators.iter().enumerate() {
                    if !ind.id.value.starts_with(&prefix) {
                        sink.at(
                            *file,
                            &ind.id,
                            format!("domains[{i}].dimensions[{j}].indicators[{k}].id"),
                            format!(
                                "indicator id `{}` should start with `{prefix}`",
                                ind.id.value
                            ),
                        );
                    }
                }
            }
        }
    }
    let (file, _) = &lib.assessments[0];
    for (domain, dims) in TRIANGLE {
        if !seen_domains.contains(domain) {
            sink.on_file(
                *file,
                "domains".into(),
                format!("the Assessment Triangle domain `{domain}` is missing"),
                None,
            );
            continue;
        }
        for dim in dims {
            if !seen_dimensions.contains(dim) {
                sink.on_file(
                    *file,
                    "domains".into(),
                    format!("the dimension `{dim}` of `{domain}` is missing"),
                    None,
                );
            }
        }
    }
}

/// What sets an escalation rule off: the band counted and the two thresholds.
type Trigger = (Level, Option<u32>, Option<u32>);

/// HCP023: the banding rules are complete, consistent and can only raise the band with more need.
pub(super) fn banding_rules(lib: &Library, sink: &mut Sink) {
    if lib.assessments.is_empty() {
        return;
    }
    let bandings: Vec<_> = lib
        .assessments
        .iter()
        .filter_map(|(f, a)| a.banding.as_ref().map(|b| (*f, b)))
        .collect();
    match bandings.as_slice() {
        [] => sink.on_file(
            lib.assessments[0].0,
            "banding".into(),
            "the assessment framework has no `banding` rules".into(),
            None,
        ),
        [_] => {}
        [_, rest @ ..] => {
            for (file, b) in rest {
                sink.at(
                    *file,
                    &b.policy,
                    "banding".into(),
                    "a second `banding` section; exactly one file may declare the banding rules"
                        .into(),
                );
            }
        }
    }
    let dimensions: usize = lib
        .assessments
        .iter()
        .flat_map(|(_, a)| &a.domains)
        .map(|d| d.dimensions.len())
        .sum();
    let domains: usize = lib.assessments.iter().map(|(_, a)| a.domains.len()).sum();
    let mut triggers: BTreeMap<Trigger, (Level, String)> = BTreeMap::new();
    let mut reachable: BTreeSet<Level> = BTreeSet::new();
    for (file, b) in &bandings {
        for (i, e) in b.escalation.iter().enumerate() {
            let path = |f: &str| format!("banding.escalation[{i}].{f}");
            if e.min_dimensions.is_none() && e.min_domains.is_none() {
                sink.at(
                    *file,
                    &e.id,
                    path("id"),
                    format!(
                        "escalation `{}` has no threshold (`min_dimensions` or `min_domains`)",
                        e.id.value
                    ),
                );
            }
            if let Some(m) = &e.min_dimensions
                && (m.value == 0 || m.value as usize > dimensions)
            {
                sink.at(*file, m, path("min_dimensions"), format!("`min_dimensions` {} can never work: it must be between 1 and the {dimensions} dimensions", m.value));
            }
            if let Some(m) = &e.min_domains
                && (m.value == 0 || m.value as usize > domains)
            {
                sink.at(*file, m, path("min_domains"), format!("`min_domains` {} can never work: it must be between 1 and the {domains} domains", m.value));
            }
            if e.gives.value <= e.band.value {
                sink.at(
                    *file,
                    &e.gives,
                    path("gives"),
                    format!(
                        "escalation `{}` gives {} for needs at {}: accumulating need must give a higher band",
                        e.id.value,
                        e.gives.value.title(),
                        e.band.value.title()
                    ),
                );
            }
            let key = (
                e.band.value,
                e.min_dimensions.as_ref().map(|m| m.value),
                e.min_domains.as_ref().map(|m| m.value),
            );
            if let Some((other, id)) = triggers.get(&key)
                && *other != e.gives.value
            {
                sink.at(
                    *file,
                    &e.id,
                    path("id"),
                    format!(
                        "escalation `{}` has the same trigger as `{id}` but gives a different band",
                        e.id.value
                    ),
                );
            }
            triggers.insert(key, (e.gives.value, e.id.value.to_string()));
            reachable.insert(e.gives.value);
        }
    }
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            for (j, dim) in d.dimensions.iter().enumerate() {
                for (k, ind) in dim.indicators.iter().enumerate() {
                    let path =
                        |f: &str| format!("domains[{i}].dimensions[{j}].indicators[{k}].{f}");
                    if let Some(range) = &ind.applies
                        && range.from.value > range.to.value
                    {
                        sink.at(
                            *file,
                            &range.from,
                            path("applies.from"),
                            format!(
                                "indicator `{}` applies from {} to {}, which is backwards: no family could record it",
                                ind.id.value, range.from.value, range.to.value
                            ),
                        );
                    }
                    if let Some(kind) = &ind.kind
                        && kind.value == IndicatorKind::Entitlement
                        && ind.is_decisive()
                    {
                        sink.at(
                            *file,
                            kind,
                            path("kind"),
                            format!(
                                "indicator `{}` is an entitlement marker and decisive: an entitlement is not a need, so it cannot always mean Universal Partnership Plus",
                                ind.id.value
                            ),
                        );
                    }
                    reachable.insert(ind.band.value);
                    if ind.is_decisive() {
                        reachable.insert(Level::UniversalPartnershipPlus);
                        if ind.band.value != Level::UniversalPartnershipPlus
                            && let Some(flag) = &ind.decisive
                        {
                            sink.at(
                                *file,
                                flag,
                                path("decisive"),
                                format!("indicator `{}` is decisive (always Universal Partnership Plus) but is banded {}", ind.id.value, ind.band.value.title()),
                            );
                        }
                    }
                }
            }
        }
    }
    for level in Level::ALL {
        if !reachable.contains(&level) {
            sink.on_file(
                lib.assessments[0].0,
                "banding".into(),
                format!(
                    "no indicator or escalation rule can suggest {}",
                    level.title()
                ),
                None,
            );
        }
    }
}

/// HCP024: every dimension has indicators at every band, and no indicator text at two bands.
pub(super) fn band_coverage(lib: &Library, sink: &mut Sink) {
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            for (j, dim) in d.dimensions.iter().enumerate() {
                for level in Level::ALL {
                    if !dim.indicators.iter().any(|ind| ind.band.value == level) {
                        sink.at(
                            *file,
                            &dim.id,
                            format!("domains[{i}].dimensions[{j}].indicators"),
                            format!("dimension `{}` has no {} indicators, so a practitioner cannot record that level for it", dim.id.value, level.title()),
                        );
                    }
                }
                let mut texts: BTreeMap<String, Level> = BTreeMap::new();
                for (k, ind) in dim.indicators.iter().enumerate() {
                    let key = ind.text.trim().to_lowercase();
                    if let Some(other) = texts.get(&key)
                        && *other != ind.band.value
                    {
                        sink.at(
                            *file,
                            &ind.id,
                            format!("domains[{i}].dimensions[{j}].indicators[{k}]"),
                            format!(
                                "the indicator text of `{}` also appears at {}: the bands overlap",
                                ind.id.value,
                                other.title()
                            ),
                        );
                    }
                    texts.insert(key, ind.band.value);
                }
            }
        }
    }
}

/// HCP022 triangle-structure.
pub(super) const TRIANGLE_STRUCTURE: Rule = Rule {
    code: Code::TriangleStructure,
    severity: Severity::Error,
    summary: "The assessment framework lacks, repeats or misplaces an Assessment Triangle domain or dimension.",
    explanation: "The assessment framework follows the DH 2000 Assessment Triangle exactly: child's developmental needs \
(7 dimensions), parenting capacity (6) and family and environmental factors (7). A missing dimension could \
never be assessed, so every family would look incomplete; a misplaced one is counted in the wrong domain \
by the escalation rules. Indicator ids are `<dimension>.<name>`.\n\nFix: use the DH 2000 domain and \
dimension ids (see docs/assessment-format.md).",
    check: Some(triangle_structure),
};

/// HCP023 banding-rules.
pub(super) const BANDING_RULES: Rule = Rule {
    code: Code::BandingRules,
    severity: Severity::Error,
    summary: "The banding rules are missing, duplicated, unreachable, overlapping, or let more need give a lower band.",
    explanation: "Exactly one file declares `banding`. Each escalation rule needs a threshold between 1 and \
the number of dimensions (or domains) and must give a band higher than the needs it counts, so more need \
can never give a lower band. Two rules with the same trigger must agree. Decisive indicators are banded \
Universal Partnership Plus, and an entitlement marker (`kind: entitlement`, not a need) is never decisive. \
An indicator's `applies` range runs forwards (`from` no later than `to`). Every band must be reachable by \
some indicator or rule.\n\nFix: correct the rule or indicator at the position given.",
    check: Some(banding_rules),
};

/// HCP024 band-coverage.
pub(super) const BAND_COVERAGE: Rule = Rule {
    code: Code::BandCoverage,
    severity: Severity::Warning,
    summary: "A dimension has no indicators at some band, or the same indicator at two bands.",
    explanation: "For every dimension the framework lists indicators at Universal, Universal Plus and Universal \
Partnership Plus, as the East of England assessment criteria do. A gap leaves practitioners unable to \
record that level for the dimension; the same text at two bands makes the result depend on which one \
was ticked.\n\nFix: add the missing indicators, or remove the duplicate.",
    check: Some(band_coverage),
};

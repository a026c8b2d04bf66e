//! Rules about references between entries.

use crate::model::text::Text;
use foldhash::HashSet;

use super::rule::{Rule, Sink};
use crate::model::KpiStatus;
use crate::model::diagnostic::did_you_mean;
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::{FileId, Library};
use crate::model::span::Spanned;

fn check_ref<'a, F, I>(
    sink: &mut Sink,
    file: FileId,
    value: &Spanned<Text>,
    // Built only when reporting: a large set resolves millions of references that exist.
    path: impl FnOnce() -> String,
    kind: &str,
    exists: F,
    candidates: I,
) where
    F: Fn(&str) -> bool,
    I: IntoIterator<Item = &'a str>,
{
    if exists(&value.value) {
        return;
    }
    let help = did_you_mean(&value.value, candidates).map(|s| format!("did you mean `{s}`?"));
    sink.at_with_help(
        file,
        value,
        path(),
        format!("unknown {kind} `{}`", value.value),
        help.or_else(|| {
            Some(format!(
                "define it under `catalogue/`, or run `hcp list {kind}s` for the ids"
            ))
        }),
    );
}

/// HCP005: every reference resolves.
pub(super) fn unresolved_references(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        let p = |field: &str| format!("interventions[{i}].{field}");
        let stage_exists = |id: &str| lib.stage(id).is_some();
        check_ref(
            sink,
            file,
            &iv.stage,
            || p("stage"),
            "stage",
            stage_exists,
            lib.stage_ids(),
        );
        if let Some(until) = &iv.until_stage {
            check_ref(
                sink,
                file,
                until,
                || p("until_stage"),
                "stage",
                stage_exists,
                lib.stage_ids(),
            );
        }
        let prof_exists = |id: &str| lib.profession(id).is_some();
        check_ref(
            sink,
            file,
            &iv.lead,
            || p("lead"),
            "profession",
            prof_exists,
            lib.profession_ids(),
        );
        for (j, w) in iv.with.iter().enumerate() {
            check_ref(
                sink,
                file,
                w,
                || p(&format!("with[{j}]")),
                "profession",
                prof_exists,
                lib.profession_ids(),
            );
        }
        for (j, k) in iv.kpis.iter().enumerate() {
            check_ref(
                sink,
                file,
                k,
                || p(&format!("kpis[{j}]")),
                "kpi",
                |id| lib.kpi(id).is_some(),
                lib.kpi_ids(),
            );
        }
        if let Some(k) = &iv.late_kpi {
            check_ref(
                sink,
                file,
                k,
                || p("late_kpi"),
                "kpi",
                |id| lib.kpi(id).is_some(),
                lib.kpi_ids(),
            );
        }
        for (j, f) in iv.interfaces.iter().enumerate() {
            check_ref(
                sink,
                file,
                f,
                || p(&format!("interfaces[{j}]")),
                "interface",
                |id| lib.interface(id).is_some(),
                lib.interface_ids(),
            );
        }
        let event_exists = |id: &str| lib.event(id).is_some();
        if let Some(e) = &iv.event {
            check_ref(
                sink,
                file,
                e,
                || p("event"),
                "event",
                event_exists,
                lib.event_ids(),
            );
        }
        if let Some(r) = &iv.relative {
            check_ref(
                sink,
                file,
                &r.after,
                || p("relative.after"),
                "event",
                event_exists,
                lib.event_ids(),
            );
        }
    }
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            for (j, dim) in d.dimensions.iter().enumerate() {
                for (k, ind) in dim.indicators.iter().enumerate() {
                    for (n, p) in ind.pathways.iter().enumerate() {
                        check_ref(
                            sink,
                            *file,
                            p,
                            || {
                                format!(
                                    "domains[{i}].dimensions[{j}].indicators[{k}].pathways[{n}]"
                                )
                            },
                            "pathway",
                            |id| lib.pathway_known(id),
                            lib.pathway_ids(),
                        );
                    }
                }
            }
        }
    }
    for m in &lib.catalogue.mandated_contacts {
        check_ref(
            sink,
            m.file,
            &m.item,
            || format!("mandated_contacts[{}]", m.index),
            "event",
            |id| lib.event(id).is_some(),
            lib.event_ids(),
        );
    }
}

/// HCP006: core purposes are 1, 2 or 3.
pub(super) fn core_purpose_range(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        for (j, cp) in iv.core_purposes.iter().enumerate() {
            if !(1..=3).contains(&cp.value) {
                sink.at(
                    file,
                    cp,
                    format!("interventions[{i}].core_purposes[{j}]"),
                    format!(
                        "core purpose {} does not exist; Children's Centre core purposes are 1 (child development and school readiness), 2 (parenting aspirations and skills) and 3 (child and family health and life chances)",
                        cp.value
                    ),
                );
            }
        }
    }
    for c in &lib.catalogue.core_purposes {
        if !(1..=3).contains(&c.item.number.value) {
            sink.at(
                c.file,
                &c.item.number,
                format!("core_purposes[{}].number", c.index),
                format!(
                    "core purpose number {} is outside 1 to 3",
                    c.item.number.value
                ),
            );
        }
    }
}

/// HCP013: an existing national KPI is used by at least one intervention.
pub(super) fn unused_existing_kpi(lib: &Library, sink: &mut Sink) {
    let used: HashSet<&str> = lib
        .interventions()
        .flat_map(|(_, _, _, iv)| iv.kpis.iter().map(|k| k.value.as_str()))
        .collect();
    for k in &lib.catalogue.kpis {
        if k.item.status == KpiStatus::Existing && !used.contains(k.item.id.value.as_str()) {
            sink.at(
                k.file,
                &k.item.id,
                format!("kpis[{}]", k.index),
                format!(
                    "national KPI `{}` ({}) is not linked to any intervention",
                    k.item.id.value, k.item.title
                ),
            );
        }
    }
}

/// HCP005 unresolved-reference.
pub(super) const UNRESOLVED_REFERENCE: Rule = Rule {
    code: Code::UnresolvedReference,
    severity: Severity::Error,
    summary: "A reference names a stage, profession, KPI, event, interface or pathway that does not exist.",
    explanation: "Interventions refer to catalogue entries by id: `stage`, `until_stage`, `lead`, `with`, \
`kpis`, `interfaces`, `event` and `relative.after`; the catalogue's `mandated_contacts` refer to events; \
assessment indicators refer to the pathways they point to. A \
reference to an id that no catalogue file defines is a typo or a missing catalogue entry, and the \
intervention would silently drop out of queries by that stage or profession.\n\nFix: use an existing id \
(a did-you-mean is offered), or add the entry to a file under `catalogue/`.",
    check: Some(unresolved_references),
};

/// HCP006 core-purpose-out-of-range.
pub(super) const CORE_PURPOSE_OUT_OF_RANGE: Rule = Rule {
    code: Code::CorePurposeOutOfRange,
    severity: Severity::Error,
    summary: "A Children's Centre core purpose is not 1, 2 or 3.",
    explanation: "Children's Centres are commissioned against three core purposes: 1 child development and \
school readiness, 2 parenting aspirations and parenting skills, 3 child and family health and life \
chances. Any other number refers to nothing.\n\nFix: use 1, 2 or 3.",
    check: Some(core_purpose_range),
};

/// HCP013 unused-existing-kpi.
pub(super) const UNUSED_EXISTING_KPI: Rule = Rule {
    code: Code::UnusedExistingKpi,
    severity: Severity::Warning,
    summary: "A national (existing) KPI is not linked to any intervention.",
    explanation: "Every national metric measures something the pathways deliver. An existing KPI that no \
intervention lists means either the intervention is missing or the link is.\n\nFix: add the KPI id to \
the intervention it measures.",
    check: Some(unused_existing_kpi),
};

//! HCP033-HCP036: the executable KPI definitions (`compute:` on a KPI) that `hcp kpi` runs. A
//! definition is refused when its shape cannot be run (HCP033), when it counts an intervention the
//! set does not have or that is not measured by the KPI (HCP034), or when its age limit disagrees
//! with the KPI's `deadline` (HCP035); a KPI with no definition at all warns (HCP036), so that no KPI
//! is skipped without saying why.

use super::rule::{Rule, Sink};
use crate::model::Kpi;
use crate::model::diagnostic::{Code, Severity, did_you_mean};
use crate::model::library::{FileId, Library};

fn each(lib: &Library) -> impl Iterator<Item = (FileId, usize, &Kpi, &crate::model::Compute)> {
    lib.catalogue.kpis.iter().filter_map(|k| {
        k.item
            .compute
            .as_ref()
            .map(|c| (k.file, k.index, &k.item, &c.value))
    })
}

/// HCP033: the definition can be run.
pub(super) fn compute_shape(lib: &Library, sink: &mut Sink) {
    for (file, index, kpi, c) in each(lib) {
        let id = &kpi.id.value;
        let path = |field: &str| format!("kpis[{index}].compute.{field}");
        let Some(spanned) = kpi.compute.as_ref() else {
            continue;
        };
        if !c.computable() {
            if c.reason.as_ref().is_none_or(|r| r.value.trim().is_empty()) {
                sink.at_with_help(
                    file,
                    spanned,
                    path("reason"),
                    format!("`{id}` is `computable: false` but does not say why"),
                    Some("add `reason:` saying what records would need to hold".into()),
                );
            }
            let fields = [
                c.cohort.is_some(),
                c.event.is_some(),
                c.by.is_some(),
                c.from.is_some(),
                c.after.is_some(),
                c.tool.is_some(),
                !c.feeding.is_empty(),
                c.denominator.is_some(),
            ];
            if fields.iter().any(|f| *f) {
                sink.at(
                    file,
                    spanned,
                    path("computable"),
                    format!("`{id}` is `computable: false` but also gives a definition; keep one"),
                );
            }
            continue;
        }
        if let Some(r) = &c.reason {
            sink.at(
                file,
                r,
                path("reason"),
                format!("`{id}` gives a `reason` but is computable; `reason` goes with `computable: false`"),
            );
        }
        let Some(cohort) = &c.cohort else {
            sink.at_with_help(
                file,
                spanned,
                path("cohort"),
                format!("`{id}` has no `cohort`: who is counted is not said"),
                Some("`cohort: {turned: 30d}`, `{born-in-period: true}` or `{done-in-period: true}`; or `computable: false` with a `reason`".into()),
            );
            continue;
        };
        let kinds = [
            cohort.value.turned.is_some(),
            cohort
                .value
                .born_in_period
                .as_ref()
                .is_some_and(|b| b.value),
            cohort
                .value
                .done_in_period
                .as_ref()
                .is_some_and(|b| b.value),
        ];
        if kinds.iter().filter(|k| **k).count() != 1 {
            sink.at_with_help(
                file,
                cohort,
                path("cohort"),
                format!("the `cohort` of `{id}` must be exactly one of `turned`, `born-in-period: true` or `done-in-period: true`"),
                None,
            );
        }
        if let Some(t) = &cohort.value.turned
            && !t.value.is_postnatal()
        {
            sink.at(
                file,
                t,
                path("cohort.turned"),
                format!("`{id}` counts children who turned an age; a gestation is not one"),
            );
        }
        if c.event.is_none() {
            sink.at(
                file,
                spanned,
                path("event"),
                format!("`{id}` has no `event`: the intervention it looks for is not said"),
            );
        }
        if let (Some(from), Some(after)) = (&c.from, &c.after) {
            sink.at(
                file,
                after,
                path("after"),
                format!(
                    "`{id}` gives both `from` ({}) and `after` ({}); give one lower limit",
                    from.value, after.value
                ),
            );
        }
        let lower = c.from.as_ref().or(c.after.as_ref());
        if let (Some(by), Some(lower)) = (&c.by, lower)
            && by.value.point() < lower.value.point()
        {
            sink.at(
                file,
                by,
                path("by"),
                format!(
                    "`{id}` counts events by {} but not before {}: nothing can count",
                    by.value, lower.value
                ),
            );
        }
        if kinds[2]
            && let Some(d) = &c.denominator
        {
            sink.at(
                file,
                d,
                path("denominator"),
                format!("`{id}` is a count (`done-in-period`), which has no denominator"),
            );
        }
    }
}

/// HCP034: the event is an intervention of the set, measured by the KPI, with the tool it names.
pub(super) fn compute_event(lib: &Library, sink: &mut Sink) {
    for (file, index, kpi, c) in each(lib) {
        let Some(event) = &c.event else { continue };
        let id = &kpi.id.value;
        let path = |field: &str| format!("kpis[{index}].compute.{field}");
        let Some((_, _, iv)) = lib.find_intervention(&event.value) else {
            // A pathway file that could not be parsed is reported once (HCP002/HCP003), not
            // again as every reference into it.
            let unparsed = event
                .value
                .split_once('.')
                .is_some_and(|(p, _)| lib.unparsed_pathways.iter().any(|u| u == p));
            if unparsed {
                continue;
            }
            sink.at_with_help(
                file,
                event,
                path("event"),
                format!(
                    "`{id}` counts `{}`, which is not an intervention of the set",
                    event.value
                ),
                did_you_mean(
                    &event.value,
                    lib.interventions()
                        .map(|(_, _, _, iv)| iv.id.value.as_str()),
                )
                .map(|s| format!("did you mean `{s}`?")),
            );
            continue;
        };
        let lists = |iv: &crate::model::Intervention| {
            iv.kpis.iter().any(|k| k.value == *id)
                || iv.late_kpi.as_ref().is_some_and(|k| k.value == *id)
        };
        // A national KPI no intervention lists is HCP013's finding, reported once.
        let unused_national = kpi.status == crate::model::KpiStatus::Existing
            && !lib.interventions().any(|(_, _, _, iv)| lists(iv));
        if !lists(iv) && !unused_national {
            sink.at_with_help(
                file,
                event,
                path("event"),
                format!(
                    "`{id}` counts `{}`, but that intervention does not list `{id}` in its `kpis`",
                    event.value
                ),
                Some(format!(
                    "add `{id}` to the intervention's `kpis`, or count the intervention the KPI measures"
                )),
            );
        }
        if let Some(tool) = &c.tool
            && !iv
                .tools
                .iter()
                .any(|t| t.as_str().eq_ignore_ascii_case(&tool.value))
        {
            sink.at(
                file,
                tool,
                path("tool"),
                format!(
                    "`{id}` looks for the tool `{}`, which `{}` does not list in its `tools`",
                    tool.value, event.value
                ),
            );
        }
    }
}

/// HCP035: the age limit is the KPI's deadline.
pub(super) fn compute_deadline(lib: &Library, sink: &mut Sink) {
    for (file, index, kpi, c) in each(lib) {
        let Some(deadline) = &kpi.deadline else {
            continue;
        };
        if !c.computable() {
            continue;
        }
        let id = &kpi.id.value;
        match &c.by {
            Some(by) if by.value.point() == deadline.value => {}
            Some(by) => sink.at(
                file,
                by,
                path_of(index, "by"),
                format!(
                    "`{id}` counts events by {}, but its `deadline` is {}",
                    by.value, deadline.value
                ),
            ),
            None => sink.at(
                file,
                deadline,
                path_of(index, "by"),
                format!(
                    "`{id}` has a `deadline` ({}) but its definition has no `by` age",
                    deadline.value
                ),
            ),
        }
    }
}

fn path_of(index: usize, field: &str) -> String {
    format!("kpis[{index}].compute.{field}")
}

/// HCP036: every KPI says how it is computed, or why it cannot be.
pub(super) fn compute_missing(lib: &Library, sink: &mut Sink) {
    for k in &lib.catalogue.kpis {
        if k.item.compute.is_none() {
            sink.at_with_help(
                k.file,
                &k.item.id,
                format!("kpis[{}].compute", k.index),
                format!(
                    "`{}` says neither how `hcp kpi` computes it nor why it cannot",
                    k.item.id.value
                ),
                Some(
                    "add `compute:` with a definition, or `computable: false` and a `reason`"
                        .into(),
                ),
            );
        }
    }
}

/// HCP033 kpi-compute-shape.
pub(super) const KPI_COMPUTE_SHAPE: Rule = Rule {
    code: Code::KpiComputeShape,
    severity: Severity::Error,
    summary: "A KPI's `compute` definition cannot be run as written.",
    explanation: "`hcp kpi` runs each KPI's `compute:` block over records: a `cohort` (exactly one of \
`turned: AGE`, children who reached the age in the period; `born-in-period: true`; or \
`done-in-period: true`, a count with no denominator), an `event` (an intervention id looked for in \
each record's `done` list) and the conditions an event must meet (`by`, `from` or `after` an age, a \
`tool`, a `feeding` status), with `denominator: with-event` when the denominator is only those whose \
event was on time. A KPI records cannot compute says `computable: false` and a `reason`. A block \
missing a cohort or an event, with both `from` and `after`, with a `by` before its lower limit, or \
with a reason beside a definition would give a number that means nothing.\n\nFix: complete the block, \
or mark it `computable: false` with a `reason`.",
    check: Some(compute_shape),
};

/// HCP034 kpi-compute-event.
pub(super) const KPI_COMPUTE_EVENT: Rule = Rule {
    code: Code::KpiComputeEvent,
    severity: Severity::Error,
    summary: "A KPI's `compute` definition counts an intervention that does not exist, is not measured by the KPI, or lacks the tool named.",
    explanation: "The `event` of a `compute:` block is an intervention id of the set, and that \
intervention lists the KPI in its `kpis` (or as its `late_kpi`): the KPI counts what the pathway \
says it measures. A `tool` the definition looks for is one of the intervention's `tools`. Otherwise \
a KPI return would count nothing, or the wrong contact, without saying so.\n\nFix: name the \
intervention the KPI measures (a did-you-mean is offered), or add the KPI or tool to it.",
    check: Some(compute_event),
};

/// HCP035 kpi-compute-deadline.
pub(super) const KPI_COMPUTE_DEADLINE: Rule = Rule {
    code: Code::KpiComputeDeadline,
    severity: Severity::Error,
    summary: "A KPI's `compute` definition counts by a different age than the KPI's `deadline`.",
    explanation: "A KPI with a `deadline` (C2: 14 days; C4: 12 months) counts the intervention done by \
that age, and its `compute:` block says so with `by`. The two are compared as days (a month is \
30.4375 days, as `deadline` is read); `by` itself is read on the calendar when records are counted. \
A definition that counts by another age would report a different KPI under the same \
name.\n\nFix: make `by` the deadline.",
    check: Some(compute_deadline),
};

/// HCP036 kpi-compute-missing.
pub(super) const KPI_COMPUTE_MISSING: Rule = Rule {
    code: Code::KpiComputeMissing,
    severity: Severity::Warning,
    summary: "A KPI says neither how it is computed from records nor why it cannot be.",
    explanation: "Every KPI has a `compute:` block: a definition `hcp kpi` runs, or \
`computable: false` with a `reason` (for instance, records hold no referrals). `hcp kpi` lists a KPI \
without one as having no definition rather than leaving it out, but a reader of the return should \
learn why it has no number.\n\nFix: add `compute:`.",
    check: Some(compute_missing),
};

//! Rules about windows, stages and timings.

use super::rule::{Rule, Sink};
use crate::model::DateRange;
use crate::model::age::{Point, Span};
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::Library;

/// HCP007: ranges run forwards.
pub(super) fn reversed_ranges(lib: &Library, sink: &mut Sink) {
    for s in &lib.catalogue.stages {
        if s.item.from.value > s.item.to.value {
            sink.at(
                s.file,
                &s.item.to,
                format!("stages[{}].to", s.index),
                format!(
                    "stage `{}` ends ({}) before it starts ({})",
                    s.item.id.value, s.item.to.value, s.item.from.value
                ),
            );
        }
    }
    for e in &lib.catalogue.pathway_set {
        let span = &e.item.span;
        if span.from.value > span.to.value {
            sink.at(
                e.file,
                &span.to,
                format!("pathway_set[{}].span.to", e.index),
                format!("the span of `{}` ends before it starts", e.item.id.value),
            );
        }
    }
    for (file, p) in &lib.pathways {
        if p.span.from.value > p.span.to.value {
            sink.at(
                *file,
                &p.span.to,
                "span.to".into(),
                format!(
                    "pathway span ends ({}) before it starts ({})",
                    p.span.to.value, p.span.from.value
                ),
            );
        }
    }
    for (file, _, i, iv) in lib.interventions() {
        if let Some(w) = &iv.window
            && w.from.value > w.to.value
        {
            sink.at(
                file,
                &w.to,
                format!("interventions[{i}].window.to"),
                format!(
                    "window of `{}` ends ({}) before it starts ({})",
                    iv.id.value, w.to.value, w.from.value
                ),
            );
        }
        if let Some(until) = &iv.until_stage
            && let (Some((a, _)), Some((b, _))) =
                (lib.stage(&iv.stage.value), lib.stage(&until.value))
            && b < a
        {
            sink.at(
                file,
                until,
                format!("interventions[{i}].until_stage"),
                format!(
                    "`until_stage` `{}` comes before `stage` `{}`",
                    until.value, iv.stage.value
                ),
            );
        }
        for (field, range) in [("born", &iv.born), ("offered", &iv.offered)] {
            if let Some(DateRange {
                from: Some(from),
                to: Some(to),
            }) = range
                && from.value > to.value
            {
                sink.at(
                    file,
                    to,
                    format!("interventions[{i}].{field}.to"),
                    format!(
                        "`{field}` of `{}` ends ({}) before it starts ({})",
                        iv.id.value, to.value.0, from.value.0
                    ),
                );
            }
        }
        if let Some(r) = &iv.relative {
            let earliest = r.earliest();
            if earliest.same_unit(r.latest.value) && earliest > r.latest.value {
                sink.at(
                    file,
                    &r.latest,
                    format!("interventions[{i}].relative.latest"),
                    format!(
                        "`latest` ({}) is before `earliest` ({earliest}) after `{}`",
                        r.latest.value, r.after.value
                    ),
                );
            }
        }
    }
}

/// HCP008: a window (or due age) lies inside the stage(s) the intervention claims.
pub(super) fn window_outside_stage(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        if let (Some(due), Some(stages)) = (&iv.due, lib.intervention_stages(iv))
            && !stages.contains(due.value)
        {
            sink.at(
                file,
                due,
                format!("interventions[{i}].due"),
                format!(
                    "due age {} of `{}` is outside its stage(s) ({stages})",
                    due.value, iv.id.value
                ),
            );
        }
        let Some(w) = &iv.window else { continue };
        let window = w.span();
        if window.from > window.to {
            continue; // HCP007
        }
        let until = iv.until_stage.as_ref().map(|s| s.value.as_str());
        let Some(stages) = lib.stage_range_span(&iv.stage.value, until) else {
            continue; // HCP005
        };
        if stages.from > stages.to || stages.covers(&window) {
            continue;
        }
        let claimed = match until {
            Some(u) => format!("stages `{}` to `{u}`", iv.stage.value),
            None => format!("stage `{}`", iv.stage.value),
        };
        let blame = if stages.contains(window.from) {
            &w.to
        } else {
            &w.from
        };
        sink.at_with_help(
            file,
            blame,
            format!("interventions[{i}].window"),
            format!(
                "window {window} of `{}` is outside {claimed} ({stages})",
                iv.id.value
            ),
            suggest_stages(lib, &window),
        );
    }
}

fn suggest_stages(lib: &Library, window: &Span) -> Option<String> {
    let touching: Vec<&str> = lib
        .catalogue
        .stages
        .iter()
        .filter(|s| s.item.span().overlaps(window))
        .map(|s| s.item.id.value.as_str())
        .collect();
    match touching.as_slice() {
        [] => None,
        [one] => Some(format!("the window falls in stage `{one}`")),
        [first, .., last] => Some(format!(
            "the window runs across stages; use `stage: {first}` with `until_stage: {last}`"
        )),
    }
}

/// HCP009: an intervention lies inside its pathway's span.
pub(super) fn outside_pathway_span(lib: &Library, sink: &mut Sink) {
    for (file, pathway, i, iv) in lib.interventions() {
        let span = pathway.span.span();
        let Some(timing) = lib.intervention_span(iv) else {
            continue; // HCP005
        };
        if span.from > span.to || timing.from > timing.to || span.covers(&timing) {
            continue;
        }
        let message = format!(
            "`{}` ({} {timing}) falls outside the `{}` pathway's span ({span})",
            iv.id.value,
            if iv.window.is_some() {
                "window"
            } else {
                "stages"
            },
            pathway.id.value
        );
        match &iv.window {
            Some(w) => sink.at(file, &w.from, format!("interventions[{i}].window"), message),
            None => sink.at(
                file,
                &iv.stage,
                format!("interventions[{i}].stage"),
                message,
            ),
        }
    }
}

/// HCP012: KPI deadlines can be met by the intervention's window.
pub(super) fn kpi_deadline_unmeetable(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        let Some(timing) = lib.intervention_span(iv) else {
            continue;
        };
        if let Some(own) = &iv.kpi_deadline
            && own.value < timing.from
        {
            sink.at(
                file,
                own,
                format!("interventions[{i}].kpi_deadline"),
                format!(
                    "`kpi_deadline` {} of `{}` falls before its window opens ({})",
                    own.value, iv.id.value, timing.from
                ),
            );
        }
        for (j, k) in iv.kpis.iter().enumerate() {
            let Some(kpi) = lib.kpi(&k.value) else {
                continue;
            };
            let Some(deadline) = &kpi.deadline else {
                continue;
            };
            if deadline.value < timing.from {
                sink.at(
                    file,
                    k,
                    format!("interventions[{i}].kpis[{j}]"),
                    format!(
                        "KPI `{}` counts by {}, but `{}` cannot start until {}",
                        kpi.id.value, deadline.value, iv.id.value, timing.from
                    ),
                );
            }
        }
    }
}

/// Whether `next` starts exactly where `prev` ends.
fn follows(prev_end: Point, next_start: Point) -> bool {
    match (prev_end, next_start) {
        (Point::Preconception, Point::Gestation(0))
        | (Point::Gestation(_), Point::Postnatal(0)) => true,
        (Point::Gestation(a), Point::Gestation(b)) | (Point::Postnatal(a), Point::Postnatal(b)) => {
            b == a + 1
        }
        _ => false,
    }
}

/// HCP018: the stages tile the timeline in order.
pub(super) fn stage_sequence(lib: &Library, sink: &mut Sink) {
    for pair in lib.catalogue.stages.windows(2) {
        let (prev, next) = (&pair[0], &pair[1]);
        let (end, start) = (prev.item.to.value, next.item.from.value);
        if follows(end, start) {
            continue;
        }
        let what = if start <= end {
            "overlaps the stage before it"
        } else {
            "leaves a gap after the stage before it"
        };
        sink.at(
            next.file,
            &next.item.from,
            format!("stages[{}].from", next.index),
            format!(
                "stage `{}` starts at {start}, which {what} (`{}` ends at {end})",
                next.item.id.value, prev.item.id.value
            ),
        );
    }
}

/// HCP007 reversed-range.
pub(super) const REVERSED_RANGE: Rule = Rule {
    code: Code::ReversedRange,
    severity: Severity::Error,
    summary: "A window, stage or timing ends before it starts.",
    explanation: "Windows are inclusive ranges of the timeline: `from` must not come after `to`. The same \
holds for stages, pathway spans, `until_stage` (which must not be an earlier stage than `stage`) and \
event-relative timings (`earliest` must not be after `latest`). A reversed range matches no age, so the \
intervention would never be shown as due.\n\nFix: swap the ends, or correct the one that is wrong.",
    check: Some(reversed_ranges),
};

/// HCP008 window-outside-stage.
pub(super) const WINDOW_OUTSIDE_STAGE: Rule = Rule {
    code: Code::WindowOutsideStage,
    severity: Severity::Error,
    summary: "An intervention's window lies outside the stage(s) it claims.",
    explanation: "An intervention belongs to a stage (or runs from `stage` to `until_stage`); its exact window \
must lie inside those stages. Otherwise a query by stage and a query by age give different answers for \
the same intervention.\n\nFix: correct the window, or name the stage(s) the window actually falls in.",
    check: Some(window_outside_stage),
};

/// HCP009 outside-pathway-span.
pub(super) const OUTSIDE_PATHWAY_SPAN: Rule = Rule {
    code: Code::OutsidePathwaySpan,
    severity: Severity::Error,
    summary: "An intervention falls outside the span of its pathway.",
    explanation: "Each pathway covers a span of the programme (e.g. Safeguarding runs from birth to 5 years; \
Antenatal from notification of pregnancy to the new birth visit). An intervention whose stages or window \
fall outside it belongs to another pathway.\n\nFix: move the intervention, or correct its timing.",
    check: Some(outside_pathway_span),
};

/// HCP012 kpi-deadline-unmeetable.
pub(super) const KPI_DEADLINE_UNMEETABLE: Rule = Rule {
    code: Code::KpiDeadlineUnmeetable,
    severity: Severity::Error,
    summary: "A KPI's deadline falls before the intervention's window opens.",
    explanation: "A KPI that counts an intervention by an age (C2 by 14 days, C8i by 8 weeks, C4 by 12 \
months…) cannot be met if the intervention's window opens after that age. The intervention's own \
`kpi_deadline`, when given, must also lie at or after the window's start.\n\nFix: correct the window, \
the deadline, or the KPI the intervention is linked to.",
    check: Some(kpi_deadline_unmeetable),
};

/// HCP018 stage-sequence.
pub(super) const STAGE_SEQUENCE: Rule = Rule {
    code: Code::StageSequence,
    severity: Severity::Error,
    summary: "The stages overlap, leave a gap, or are out of timeline order.",
    explanation: "The HCP ages and stages tile the timeline from preconception to 5 years: each stage starts \
the day after the previous one ends (pregnancy stages by gestation). An overlap puts an age in two \
stages; a gap leaves ages in none, and a query by age then finds no stage.\n\nFix: make each stage start \
right after the previous one.",
    check: Some(stage_sequence),
};

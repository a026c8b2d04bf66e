//! Rules about the set of pathways as a whole.

use super::rule::{Rule, Sink};
use crate::model::Intervention;
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::{FileId, Library};
use crate::model::national::{MANDATED_CONTACTS, MandatedContact};
use crate::model::{Level, PathwayKind};

fn expected_kind(lib: &Library, id: &str) -> Option<PathwayKind> {
    lib.expected_pathway(id).map(|e| e.kind)
}

fn file_stem(lib: &Library, file: FileId) -> &str {
    let rel = lib.files.get(file.0).map_or("", |f| f.relative.as_str());
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.strip_suffix(".yaml")
        .or_else(|| name.strip_suffix(".yml"))
        .unwrap_or(name)
}

/// HCP014: the expected pathways are present, once each, each in its own file.
pub(super) fn pathway_set_mismatch(lib: &Library, sink: &mut Sink) {
    for e in &lib.catalogue.pathway_set {
        // By the id index: counting matches over every pathway made this quadratic.
        if lib.pathway(&e.item.id.value).is_none() {
            sink.at_with_help(
                e.file,
                &e.item.id,
                format!("pathway_set[{}]", e.index),
                format!(
                    "expected pathway `{}` ({}) is missing from the set",
                    e.item.id.value, e.item.title
                ),
                Some(format!("add `{}.yaml`", e.item.id.value)),
            );
        }
    }
    let mut seen: foldhash::HashSet<&str> = foldhash::HashSetExt::new();
    for (file, p) in &lib.pathways {
        let id = p.id.value.as_str();
        if !seen.insert(id) {
            sink.at(
                *file,
                &p.id,
                "id".into(),
                format!("pathway `{id}` is defined more than once"),
            );
        }
        if expected_kind(lib, id).is_none() {
            let help = crate::model::diagnostic::did_you_mean(
                id,
                lib.catalogue
                    .pathway_set
                    .iter()
                    .map(|e| e.item.id.value.as_str()),
            )
            .map(|s| format!("did you mean `{s}`?"))
            .or_else(|| Some("register it in the catalogue's `pathway_set`".into()));
            sink.at_with_help(
                *file,
                &p.id,
                "id".into(),
                format!("pathway `{id}` is not in the catalogue's expected pathway set"),
                help,
            );
        }
        let stem = file_stem(lib, *file);
        if stem != id {
            sink.at(
                *file,
                &p.id,
                "id".into(),
                format!("pathway id `{id}` does not match its file name `{stem}`; name the file `{id}.yaml`"),
            );
        }
    }
}

/// HCP015: Universal interventions are universal; targeted ones are Plus or Partnership Plus.
pub(super) fn level_mismatch(lib: &Library, sink: &mut Sink) {
    for (file, pathway, i, iv) in lib.interventions() {
        let Some(kind) = expected_kind(lib, &pathway.id.value) else {
            continue; // HCP014
        };
        let ok = match kind {
            PathwayKind::Universal => iv.level.value == Level::Universal,
            PathwayKind::Targeted => iv.level.value != Level::Universal,
        };
        if !ok {
            let expected = match kind {
                PathwayKind::Universal => "`universal`",
                PathwayKind::Targeted => "`universal-plus` or `universal-partnership-plus`",
            };
            sink.at(
                file,
                &iv.level,
                format!("interventions[{i}].level"),
                format!(
                    "`{}` is at level `{}`, but interventions of the `{}` pathway are {expected}",
                    iv.id.value,
                    iv.level.value.id(),
                    pathway.id.value
                ),
            );
        }
    }
}

/// HCP016: targeted pathways declare entry criteria per level and build on Universal.
pub(super) fn targeted_pathway_incomplete(lib: &Library, sink: &mut Sink) {
    for (file, p) in &lib.pathways {
        if expected_kind(lib, &p.id.value) != Some(PathwayKind::Targeted) {
            continue;
        }
        if p.in_addition_to_universal.as_ref().map(|b| b.value) != Some(true) {
            match &p.in_addition_to_universal {
                Some(flag) => sink.at(
                    *file,
                    flag,
                    "in_addition_to_universal".into(),
                    format!("targeted pathway `{}` must be in addition to Universal (`in_addition_to_universal: true`)", p.id.value),
                ),
                None => sink.at(
                    *file,
                    &p.id,
                    "in_addition_to_universal".into(),
                    format!("targeted pathway `{}` does not declare `in_addition_to_universal: true`", p.id.value),
                ),
            }
        }
        for level in [Level::UniversalPlus, Level::UniversalPartnershipPlus] {
            let used = p.interventions.iter().any(|iv| iv.level.value == level);
            let criteria = p.entry_criteria.as_ref().map(|c| match level {
                Level::UniversalPlus => &c.value.universal_plus,
                _ => &c.value.universal_partnership_plus,
            });
            if used && criteria.is_none_or(|c| c.iter().all(|s| s.trim().is_empty())) {
                let message = format!(
                    "targeted pathway `{}` has {} interventions but no {} entry criteria",
                    p.id.value,
                    level.title(),
                    level.id()
                );
                match &p.entry_criteria {
                    Some(c) => sink.at(*file, c, format!("entry_criteria.{}", level.id()), message),
                    None => sink.at(*file, &p.id, "entry_criteria".into(), message),
                }
            }
        }
    }
}

/// HCP017: a pathway's span matches the catalogue's.
pub(super) fn span_mismatch(lib: &Library, sink: &mut Sink) {
    for (file, p) in &lib.pathways {
        let Some(expected) = lib
            .catalogue
            .pathway_set
            .iter()
            .find(|e| e.item.id.value == p.id.value)
        else {
            continue;
        };
        let (want, have) = (expected.item.span.span(), p.span.span());
        if want != have {
            sink.at(
                *file,
                &p.span.from,
                "span".into(),
                format!(
                    "pathway `{}` spans {have}, but the catalogue sets its span as {want} ({}:{})",
                    p.id.value,
                    lib.display(expected.file),
                    expected.item.span.from.line
                ),
            );
        }
    }
}

/// HCP019: each mandated contact is in the Universal pathway.
pub(super) fn mandated_contact_missing(lib: &Library, sink: &mut Sink) {
    let Some((_, universal)) = lib.universal_pathway() else {
        return; // HCP014 reports the missing pathway
    };
    for m in &lib.catalogue.mandated_contacts {
        let present = universal
            .interventions
            .iter()
            .any(|iv| iv.event.as_ref().is_some_and(|e| e.value == m.item.value));
        if !present {
            sink.at(
                m.file,
                &m.item,
                format!("mandated_contacts[{}]", m.index),
                format!(
                    "mandated contact `{}` has no intervention in the `{}` pathway (none is marked `event: {}`)",
                    m.item.value, universal.id.value, m.item.value
                ),
            );
        }
    }
}

/// HCP026: the five nationally mandated contacts are in the Universal pathway, timed inside the
/// national windows (their level is HCP015's, as for every Universal intervention). The list is pinned in code (`crate::model::national`), so
/// editing the catalogue's `mandated_contacts` cannot drop one unnoticed.
pub(super) fn national_contact(lib: &Library, sink: &mut Sink) {
    let Some((file, universal)) = lib.universal_pathway() else {
        return; // HCP014 reports the missing pathway
    };
    for contact in &MANDATED_CONTACTS {
        let marked: Vec<(usize, &Intervention)> = universal
            .interventions
            .iter()
            .enumerate()
            .filter(|(_, iv)| iv.event.as_ref().is_some_and(|e| e.value == contact.event))
            .collect();
        if marked.is_empty() {
            // A contact the catalogue lists is HCP019's finding; this one is missing from both.
            let listed = lib
                .catalogue
                .mandated_contacts
                .iter()
                .any(|m| m.item.value == contact.event);
            if !listed {
                sink.at_with_help(
                    file,
                    &universal.id,
                    "interventions".into(),
                    format!(
                        "the {} is mandated nationally but is not in the `{}` pathway (no intervention is marked `event: {}`), and the catalogue's `mandated_contacts` does not list it",
                        contact.title, universal.id.value, contact.event
                    ),
                    national_help(contact),
                );
            }
        }
        // Every intervention that says it is the contact is held to it, not only the first.
        for (i, iv) in marked {
            check_mandated_timing(lib, sink, file, i, iv, contact);
        }
    }
}

fn national_help(contact: &MandatedContact) -> Option<String> {
    Some(format!(
        "the national window is {} ({}); see `hcp rule HCP026`",
        contact.window, contact.source
    ))
}

/// A mandated contact is timed by the child's age inside the national window: its window (or else
/// its stages), its due age and its KPI deadline; never relative to an event.
fn check_mandated_timing(
    lib: &Library,
    sink: &mut Sink,
    file: FileId,
    i: usize,
    iv: &Intervention,
    contact: &MandatedContact,
) {
    let what = format!(
        "`{}` (the nationally mandated {})",
        iv.id.value, contact.title
    );
    if let Some(relative) = &iv.relative {
        sink.at_with_help(
            file,
            &relative.after,
            format!("interventions[{i}].relative"),
            format!(
                "{what} is timed relative to `{}`; a mandated contact is timed by the child's age, inside {}",
                relative.after.value, contact.window
            ),
            Some("remove `relative` and give a `window` inside the national one".into()),
        );
    }
    let outside = |point: crate::model::age::Point| !contact.window.contains(point);
    for (key, point) in [("due", &iv.due), ("kpi_deadline", &iv.kpi_deadline)] {
        if let Some(point) = point
            && outside(point.value)
        {
            sink.at_with_help(
                file,
                point,
                format!("interventions[{i}].{key}"),
                format!(
                    "{what} has a `{key}` of {}, outside the national window {}",
                    point.value, contact.window
                ),
                national_help(contact),
            );
        }
    }
    let Some(timing) = lib.intervention_span(iv) else {
        return; // an unknown stage is HCP005's finding
    };
    if timing.from > timing.to || contact.window.covers(&timing) {
        return; // a reversed window is HCP007's finding
    }
    let message = format!(
        "{what} is timed {timing}, outside the national window {}; a local window must lie inside it",
        contact.window
    );
    match &iv.window {
        Some(w) => {
            let path = format!("interventions[{i}].window");
            sink.at_with_help(file, &w.from, path, message, national_help(contact));
        }
        None => {
            let path = format!("interventions[{i}].stage");
            sink.at_with_help(file, &iv.stage, path, message, national_help(contact));
        }
    }
}

/// HCP021: a targeted pathway has interventions at both levels, or says why not.
pub(super) fn empty_level(lib: &Library, sink: &mut Sink) {
    for (file, p) in &lib.pathways {
        if expected_kind(lib, &p.id.value) != Some(PathwayKind::Targeted) || p.note.is_some() {
            continue;
        }
        for level in [Level::UniversalPlus, Level::UniversalPartnershipPlus] {
            if !p.interventions.iter().any(|iv| iv.level.value == level) {
                sink.at(
                    *file,
                    &p.id,
                    "interventions".into(),
                    format!(
                        "targeted pathway `{}` has no {} interventions (state the reason in the pathway's `note`)",
                        p.id.value,
                        level.title()
                    ),
                );
            }
        }
    }
}

/// HCP014 pathway-set-mismatch.
pub(super) const PATHWAY_SET_MISMATCH: Rule = Rule {
    code: Code::PathwaySetMismatch,
    severity: Severity::Error,
    summary: "An expected pathway is missing, unexpected, duplicated, or not in its own file.",
    explanation: "The catalogue's `pathway_set` lists the pathways the set must contain, once each: the \
Universal pathway and the eight targeted pathways. A missing pathway means a query silently returns \
nothing for it. Each pathway lives in `<id>.yaml`.\n\nFix: add the missing file, remove or register the \
unexpected one, or rename the file to match the id.",
    check: Some(pathway_set_mismatch),
};

/// HCP015 level-mismatch.
pub(super) const LEVEL_MISMATCH: Rule = Rule {
    code: Code::LevelMismatch,
    severity: Severity::Error,
    summary: "An intervention's level does not fit its pathway (Universal vs targeted).",
    explanation: "Interventions of the Universal pathway are `universal`; interventions of a targeted pathway \
are `universal-plus` or `universal-partnership-plus`, because targeted pathways are in addition to \
Universal.\n\nFix: correct the level, or move the intervention to the right pathway.",
    check: Some(level_mismatch),
};

/// HCP016 targeted-pathway-incomplete.
pub(super) const TARGETED_PATHWAY_INCOMPLETE: Rule = Rule {
    code: Code::TargetedPathwayIncomplete,
    severity: Severity::Error,
    summary: "A targeted pathway lacks entry criteria for a level it uses, or does not build on Universal.",
    explanation: "A targeted pathway says what need puts a family on it (`entry_criteria`, per level) and \
declares `in_addition_to_universal: true`. Without entry criteria practitioners cannot tell who the \
pathway is for.\n\nFix: add the entry criteria for each level the pathway has interventions at.",
    check: Some(targeted_pathway_incomplete),
};

/// HCP017 span-mismatch.
pub(super) const SPAN_MISMATCH: Rule = Rule {
    code: Code::SpanMismatch,
    severity: Severity::Error,
    summary: "A pathway's span differs from the span the catalogue sets for it.",
    explanation: "The catalogue's `pathway_set` fixes each pathway's span (Antenatal: notification of \
pregnancy to the new birth visit; the other targeted pathways: birth to 5 years). A pathway file that \
claims another span has drifted from the agreed structure.\n\nFix: correct the span in the pathway file, or \
change the agreed span in the catalogue.",
    check: Some(span_mismatch),
};

/// HCP019 mandated-contact-missing.
pub(super) const MANDATED_CONTACT_MISSING: Rule = Rule {
    code: Code::MandatedContactMissing,
    severity: Severity::Error,
    summary: "A mandated health visiting contact is missing from the Universal pathway.",
    explanation: "The five health visiting contacts are mandated (antenatal, new birth visit, 6-8 week \
review, 1 year review, 2-2½ year review). The catalogue lists their events in `mandated_contacts`; the \
Universal pathway must contain an intervention marked `event:` with each. Local edits must never \
silently drop one.\n\nFix: restore the intervention, with its `event`.",
    check: Some(mandated_contact_missing),
};

/// HCP021 empty-level.
pub(super) const EMPTY_LEVEL: Rule = Rule {
    code: Code::EmptyLevel,
    severity: Severity::Warning,
    summary: "A targeted pathway has no interventions at one of its two levels.",
    explanation: "Targeted pathways describe help at Universal Plus and at Universal Partnership Plus. A level \
with no interventions leaves practitioners without guidance for families at that level, unless the \
pathway's `note` explains why.\n\nFix: add the interventions, or state the reason in the pathway's `note`.",
    check: Some(empty_level),
};

/// HCP026 national-contact.
pub(super) const NATIONAL_CONTACT: Rule = Rule {
    code: Code::NationalContact,
    severity: Severity::Error,
    summary: "A nationally mandated contact is missing from the Universal pathway, or timed outside its national window.",
    explanation: "The five health visiting contacts mandated in England are held in hcp's code, not only in \
the catalogue, so a local copy cannot drop one by editing both the Universal pathway and \
`mandated_contacts`. Each must be an intervention of the Universal pathway marked `event:` with its id \
(`antenatal-contact`, `new-birth-visit`, `6-8-week-review`, `1-year-review`, `2-year-review`), \
timed by the child's age inside the national window of the 2026 DHSC guidance: from \
28 weeks of pregnancy; 1 day to 2 weeks; 6 to 8 weeks; 9 to 15 months; 24 to 30 months. Its window (or else \
its stages), its `due` age and its `kpi_deadline` must lie inside, and it must not be timed `relative` to an \
event. Every intervention marked with the event is checked, not only the first. A local window narrower than \
the national one (10-14 days, 9-11 months) is fine. (A contact the catalogue lists but the pathway lacks is \
HCP019; its level, like that of every Universal intervention, is HCP015's.)\n\nFix: restore the intervention with its `event`, or bring its \
window inside the national one.",
    check: Some(national_contact),
};

//! Rules about ids and who delivers an intervention.

use crate::model::text::Text;
use foldhash::{HashMap, HashMapExt};

use super::rule::{Rule, Sink};
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::{Catalogue, FileId, Library, Located};
use crate::model::span::{Spanned, position};

/// HCP004: ids are unique within their kind across all files.
pub(super) fn duplicate_ids(lib: &Library, sink: &mut Sink) {
    for (section, kind, entries) in named_sections(&lib.catalogue) {
        // A pathway registered twice in `pathway_set` is HCP014's finding.
        if section == "pathway_set" {
            continue;
        }
        let ids = entries
            .into_iter()
            .map(|(file, index, id, _)| (file, move || format!("{section}[{index}].id"), id));
        report_duplicates(lib, sink, kind, ids);
    }
    report_duplicates(
        lib,
        sink,
        "indicator",
        lib.assessments.iter().flat_map(|(file, a)| {
            a.domains.iter().enumerate().flat_map(move |(i, d)| {
                d.dimensions.iter().enumerate().flat_map(move |(j, dim)| {
                    dim.indicators.iter().enumerate().map(move |(k, ind)| {
                        (
                            *file,
                            move || format!("domains[{i}].dimensions[{j}].indicators[{k}].id"),
                            &ind.id,
                        )
                    })
                })
            })
        }),
    );
    // A contact listed twice reads as one in every check, and hides an edit that meant another.
    report_duplicates(
        lib,
        sink,
        "mandated contact",
        lib.catalogue.mandated_contacts.iter().map(|m| {
            (
                m.file,
                move || format!("mandated_contacts[{}]", m.index),
                &m.item,
            )
        }),
    );
    report_duplicates(
        lib,
        sink,
        "intervention",
        lib.interventions()
            .map(|(file, _, i, iv)| (file, move || format!("interventions[{i}].id"), &iv.id)),
    );
}

/// Report every id already seen earlier in `entries` (file, data path when reported, id).
fn report_duplicates<'a, P: FnOnce() -> String>(
    lib: &Library,
    sink: &mut Sink,
    kind: &str,
    entries: impl Iterator<Item = (FileId, P, &'a Spanned<Text>)>,
) {
    let mut first: HashMap<&str, (FileId, &Spanned<Text>)> =
        HashMap::with_capacity(entries.size_hint().0);
    for (file, path, id) in entries {
        if let Some((other_file, other)) = first.get(id.value.as_str()) {
            let (line, _) = position(*other);
            sink.at(
                file,
                id,
                path(),
                format!(
                    "duplicate {kind} id `{}`: already defined in {}:{line}",
                    id.value,
                    lib.display(*other_file)
                ),
            );
        } else {
            first.insert(&id.value, (file, id));
        }
    }
}

/// HCP010: exactly one lead; the lead is not repeated in `with`, nor anyone twice.
pub(super) fn lead_not_unique(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        let mut seen = vec![iv.lead.value.as_str()];
        for (j, other) in iv.with.iter().enumerate() {
            if other.value == iv.lead.value {
                sink.at(
                    file,
                    other,
                    format!("interventions[{i}].with[{j}]"),
                    format!(
                        "`{}` is the lead of `{}` and is listed again in `with`; an intervention has exactly one lead",
                        other.value, iv.id.value
                    ),
                );
            } else if seen.contains(&other.value.as_str()) {
                sink.at(
                    file,
                    other,
                    format!("interventions[{i}].with[{j}]"),
                    format!(
                        "`{}` is listed twice in `with` of `{}`",
                        other.value, iv.id.value
                    ),
                );
            }
            seen.push(&other.value);
        }
    }
}

/// The profession id that marks delivery by a Children's Centre.
pub(crate) const CHILDRENS_CENTRE: &str = "childrens-centre-practitioner";

/// HCP011: Children's Centre delivery names its core purpose(s).
pub(super) fn childrens_centre_without_core_purpose(lib: &Library, sink: &mut Sink) {
    for (file, _, i, iv) in lib.interventions() {
        if iv.professions().any(|p| p == CHILDRENS_CENTRE) && iv.core_purposes.is_empty() {
            sink.at_with_help(
                file,
                &iv.id,
                format!("interventions[{i}].core_purposes"),
                format!(
                    "`{}` is delivered with a Children's Centre but names no core purpose",
                    iv.id.value
                ),
                Some("add `core_purposes: [1]`, `[2]` or `[3]` (1 child development and school readiness, 2 parenting, 3 health and life chances)".into()),
            );
        }
    }
}

/// HCP020: intervention ids start with `<pathway id>.`.
pub(super) fn intervention_id_prefix(lib: &Library, sink: &mut Sink) {
    for (file, pathway, i, iv) in lib.interventions() {
        let named_under_pathway = iv
            .id
            .value
            .strip_prefix(pathway.id.value.as_str())
            .and_then(|rest| rest.strip_prefix('.'))
            .is_some_and(|name| !is_blank(name));
        if !named_under_pathway {
            let prefix = format!("{}.", pathway.id.value);
            sink.at(
                file,
                &iv.id,
                format!("interventions[{i}].id"),
                format!(
                    "intervention id `{}` should start with `{prefix}` (its pathway's id)",
                    iv.id.value
                ),
            );
        }
    }
}

/// HCP025: ids, titles, descriptions, summaries, sources, definitions and indicator texts are not
/// empty or blank.
pub(super) fn empty_text(lib: &Library, sink: &mut Sink) {
    for (file, p) in &lib.pathways {
        let fields = [
            ("id", p.id.value.as_str()),
            ("title", &p.title),
            ("summary", &p.summary),
            ("source", &p.source),
        ];
        report_blank(sink, *file, &p.id, String::new, "the pathway's", &fields);
    }
    for (file, _, i, iv) in lib.interventions() {
        let at = || format!("interventions[{i}].");
        let fields = [
            ("id", iv.id.value.as_str()),
            ("title", &iv.title),
            ("description", &iv.description),
        ];
        report_blank(sink, file, &iv.id, at, "the intervention's", &fields);
        let source = [("source", iv.source.value.as_str())];
        report_blank(sink, file, &iv.source, at, "the intervention's", &source);
    }
    let cat = &lib.catalogue;
    let entry = |section: &'static str, index: usize| move || format!("{section}[{index}].");
    for (section, _, entries) in named_sections(cat) {
        let what = format!("the `{section}` entry's");
        for (file, index, id, title) in entries {
            let fields = [("id", id.value.as_str()), ("title", title)];
            report_blank(sink, file, id, entry(section, index), &what, &fields);
        }
    }
    for e in &cat.levels {
        let fields = [
            ("title", e.item.title.as_str()),
            ("definition", &e.item.definition),
            ("source", &e.item.source),
        ];
        let at = entry("levels", e.index);
        report_blank(
            sink,
            e.file,
            &e.item.id,
            at,
            "the `levels` entry's",
            &fields,
        );
    }
    for e in &cat.core_purposes {
        let fields = [
            ("title", e.item.title.as_str()),
            ("wording", &e.item.wording),
        ];
        let at = entry("core_purposes", e.index);
        let what = "the `core_purposes` entry's";
        report_blank(sink, e.file, &e.item.number, at, what, &fields);
    }
    for e in &cat.kpis {
        let fields = [
            ("definition", e.item.definition.as_str()),
            ("numerator", &e.item.numerator),
            ("denominator", &e.item.denominator),
            ("source", &e.item.source),
        ];
        let at = entry("kpis", e.index);
        report_blank(sink, e.file, &e.item.id, at, "the `kpis` entry's", &fields);
    }
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            let at = || format!("domains[{i}].");
            report_blank(
                sink,
                *file,
                &d.id,
                at,
                "the domain's",
                &[("title", &d.title)],
            );
            for (j, dim) in d.dimensions.iter().enumerate() {
                let at = || format!("domains[{i}].dimensions[{j}].");
                let title = [("title", dim.title.as_str())];
                report_blank(sink, *file, &dim.id, at, "the dimension's", &title);
                for (k, ind) in dim.indicators.iter().enumerate() {
                    let at = || format!("domains[{i}].dimensions[{j}].indicators[{k}].");
                    let text = [("text", ind.text.as_str())];
                    report_blank(sink, *file, &ind.id, at, "the indicator's", &text);
                }
            }
        }
    }
}

/// Report each blank field of one entry, at `at` (the entry's id, or the field itself); `prefix`
/// makes the entry's data path with its trailing dot (only when there is something to report).
fn report_blank<T>(
    sink: &mut Sink,
    file: FileId,
    at: &Spanned<T>,
    prefix: impl Fn() -> String,
    whose: &str,
    fields: &[(&str, &str)],
) {
    for (field, value) in fields {
        if is_blank(value) {
            sink.at(
                file,
                at,
                format!("{}{field}", prefix()),
                format!("{whose} `{field}` is empty"),
            );
        }
    }
}

/// One catalogue section's entries: (file, index within its file, id, title).
type Named<'a> = Vec<(FileId, usize, &'a Spanned<Text>, &'a Text)>;

/// The catalogue sections whose entries have an id and a title: (section, what its ids name,
/// entries). HCP004 and HCP025 both walk them.
fn named_sections(cat: &Catalogue) -> [(&'static str, &'static str, Named<'_>); 6] {
    fn entries<T>(section: &[Located<T>], get: fn(&T) -> (&Spanned<Text>, &Text)) -> Named<'_> {
        section
            .iter()
            .map(|e| {
                let (id, title) = get(&e.item);
                (e.file, e.index, id, title)
            })
            .collect()
    }
    [
        (
            "stages",
            "stage",
            entries(&cat.stages, |e| (&e.id, &e.title)),
        ),
        (
            "professions",
            "profession",
            entries(&cat.professions, |e| (&e.id, &e.title)),
        ),
        ("kpis", "KPI", entries(&cat.kpis, |e| (&e.id, &e.title))),
        (
            "events",
            "event",
            entries(&cat.events, |e| (&e.id, &e.title)),
        ),
        (
            "interfaces",
            "interface",
            entries(&cat.interfaces, |e| (&e.id, &e.title)),
        ),
        (
            "pathway_set",
            "pathway",
            entries(&cat.pathway_set, |e| (&e.id, &e.title)),
        ),
    ]
}

/// Empty, or only spaces and invisible characters (zero-width space, joiners, word joiner, BOM).
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    })
}

/// HCP004 duplicate-id.
pub(super) const DUPLICATE_ID: Rule = Rule {
    code: Code::DuplicateId,
    severity: Severity::Error,
    summary: "Two entries share an id (ids are unique across all files).",
    explanation: "Every stage, profession, KPI, event, interface, pathway and intervention has a stable id \
that other data and clinical systems refer to. Two entries with the same id make every reference to it \
ambiguous. Ids are unique within their kind across all files; intervention ids are unique across all \
pathways.\n\nFix: rename one of them (and its references).",
    check: Some(duplicate_ids),
};

/// HCP010 lead-not-unique.
pub(super) const LEAD_NOT_UNIQUE: Rule = Rule {
    code: Code::LeadNotUnique,
    severity: Severity::Error,
    summary: "The lead profession is also listed in `with`, or a profession is listed twice.",
    explanation: "Every intervention has exactly one lead profession (`lead`), accountable for it, and may \
involve others (`with`). Listing the lead again in `with`, or a profession twice, blurs who is \
accountable.\n\nFix: keep the lead in `lead` only, and each other profession once in `with`.",
    check: Some(lead_not_unique),
};

/// HCP011 childrens-centre-without-core-purpose.
pub(super) const CHILDRENS_CENTRE_WITHOUT_CORE_PURPOSE: Rule = Rule {
    code: Code::ChildrensCentreWithoutCorePurpose,
    severity: Severity::Error,
    summary: "A Children's Centre delivers an intervention that names no core purpose.",
    explanation: "The East of England pathways follow every reference to a Children's Centre service with the \
core purpose (1, 2 or 3) it serves. An intervention led by or involving `childrens-centre-practitioner` \
must list `core_purposes`.\n\nFix: add `core_purposes: [n]`.",
    check: Some(childrens_centre_without_core_purpose),
};

/// HCP020 intervention-id-prefix.
pub(super) const INTERVENTION_ID_PREFIX: Rule = Rule {
    code: Code::InterventionIdPrefix,
    severity: Severity::Warning,
    summary: "An intervention id does not start with its pathway id.",
    explanation: "Intervention ids are `<pathway id>.<name>` (e.g. `safeguarding.core-group`), so an id alone \
says where the intervention lives, and ids stay unique when pathways are combined.\n\nFix: rename the id.",
    check: Some(intervention_id_prefix),
};

/// HCP025 empty-text.
pub(super) const EMPTY_TEXT: Rule = Rule {
    code: Code::EmptyText,
    severity: Severity::Error,
    summary: "An id, title, description, summary, source, definition or indicator text is empty.",
    explanation: "Every pathway and intervention names where it comes from (`source`) and says what it is; \
an empty `source` would pass off an intervention as national guidance with nothing to check it against, \
and an empty id or title cannot be queried or shown. (A missing key is HCP003; this is a key that is \
present but blank, such as `source: ''`.)\n\nFix: write the text, or remove the entry.",
    check: Some(empty_text),
};

#[cfg(test)]
mod tests {
    use super::is_blank;

    #[test]
    fn blank_includes_invisible_characters() {
        for text in ["", "  ", "\t\n", "\u{200b}", " \u{feff} "] {
            assert!(is_blank(text), "{text:?}");
        }
        for text in ["a", " x ", "\u{200b}y"] {
            assert!(!is_blank(text), "{text:?}");
        }
    }
}

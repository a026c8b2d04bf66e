//! Rules about ids and who delivers an intervention.

use std::collections::HashMap;

use super::Sink;
use crate::library::{FileId, Library, Located};
use crate::yaml::{Spanned, position};

/// HCP004: ids are unique within their kind across all files.
pub(super) fn duplicate_ids(lib: &Library, sink: &mut Sink) {
    let cat = &lib.catalogue;
    report_duplicates(
        lib,
        sink,
        "stage",
        cat.stages.iter().map(|s| {
            (
                s.file,
                move || format!("stages[{}].id", s.index),
                &s.item.id,
            )
        }),
    );
    report_duplicates(
        lib,
        sink,
        "profession",
        cat.professions.iter().map(|s| {
            (
                s.file,
                move || format!("professions[{}].id", s.index),
                &s.item.id,
            )
        }),
    );
    report_duplicates(
        lib,
        sink,
        "KPI",
        cat.kpis
            .iter()
            .map(|s| (s.file, move || format!("kpis[{}].id", s.index), &s.item.id)),
    );
    report_duplicates(
        lib,
        sink,
        "event",
        cat.events.iter().map(|s| {
            (
                s.file,
                move || format!("events[{}].id", s.index),
                &s.item.id,
            )
        }),
    );
    report_duplicates(
        lib,
        sink,
        "interface",
        cat.interfaces.iter().map(|s| {
            (
                s.file,
                move || format!("interfaces[{}].id", s.index),
                &s.item.id,
            )
        }),
    );
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
    entries: impl Iterator<Item = (FileId, P, &'a Spanned<String>)>,
) {
    let mut first: HashMap<&str, (FileId, &Spanned<String>)> =
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
    let mut blank = |file: FileId, at: &Spanned<String>, path: String, what: &str| {
        sink.at(file, at, path, format!("{what} is empty"));
    };
    for (file, p) in &lib.pathways {
        for (field, value) in [
            ("id", &p.id.value),
            ("title", &p.title),
            ("summary", &p.summary),
            ("source", &p.source),
        ] {
            if is_blank(value) {
                blank(
                    *file,
                    &p.id,
                    field.to_string(),
                    &format!("the pathway's `{field}`"),
                );
            }
        }
    }
    for (file, _, i, iv) in lib.interventions() {
        for (field, value, at) in [
            ("id", &iv.id.value, &iv.id),
            ("title", &iv.title, &iv.id),
            ("description", &iv.description, &iv.id),
            ("source", &iv.source.value, &iv.source),
        ] {
            if is_blank(value) {
                blank(
                    file,
                    at,
                    format!("interventions[{i}].{field}"),
                    &format!("the intervention's `{field}`"),
                );
            }
        }
    }
    let cat = &lib.catalogue;
    let entries = named("stages", &cat.stages, |e| (&e.id, &e.title))
        .chain(named("professions", &cat.professions, |e| {
            (&e.id, &e.title)
        }))
        .chain(named("kpis", &cat.kpis, |e| (&e.id, &e.title)))
        .chain(named("events", &cat.events, |e| (&e.id, &e.title)))
        .chain(named("interfaces", &cat.interfaces, |e| (&e.id, &e.title)))
        .chain(named("pathway_set", &cat.pathway_set, |e| {
            (&e.id, &e.title)
        }));
    for (section, file, index, id, title) in entries {
        for (field, value) in [("id", &id.value), ("title", title)] {
            if is_blank(value) {
                blank(
                    file,
                    id,
                    format!("{section}[{index}].{field}"),
                    &format!("the `{field}` of a `{section}` entry"),
                );
            }
        }
    }
    // What users read about a level, a core purpose, a KPI and the assessment framework.
    for e in &cat.levels {
        for (field, value) in [
            ("title", &e.item.title),
            ("definition", &e.item.definition),
            ("source", &e.item.source),
        ] {
            if is_blank(value) {
                sink.at(
                    e.file,
                    &e.item.id,
                    format!("levels[{}].{field}", e.index),
                    format!("the `{field}` of a `levels` entry is empty"),
                );
            }
        }
    }
    for e in &cat.core_purposes {
        for (field, value) in [("title", &e.item.title), ("wording", &e.item.wording)] {
            if is_blank(value) {
                sink.at(
                    e.file,
                    &e.item.number,
                    format!("core_purposes[{}].{field}", e.index),
                    format!("the `{field}` of a `core_purposes` entry is empty"),
                );
            }
        }
    }
    for e in &cat.kpis {
        for (field, value) in [
            ("definition", &e.item.definition),
            ("numerator", &e.item.numerator),
            ("denominator", &e.item.denominator),
            ("source", &e.item.source),
        ] {
            if is_blank(value) {
                sink.at(
                    e.file,
                    &e.item.id,
                    format!("kpis[{}].{field}", e.index),
                    format!("the `{field}` of a `kpis` entry is empty"),
                );
            }
        }
    }
    for (file, a) in &lib.assessments {
        for (i, d) in a.domains.iter().enumerate() {
            if is_blank(&d.title) {
                sink.at(
                    *file,
                    &d.id,
                    format!("domains[{i}].title"),
                    "the domain's `title` is empty".to_string(),
                );
            }
            for (j, dim) in d.dimensions.iter().enumerate() {
                if is_blank(&dim.title) {
                    sink.at(
                        *file,
                        &dim.id,
                        format!("domains[{i}].dimensions[{j}].title"),
                        "the dimension's `title` is empty".to_string(),
                    );
                }
                for (k, ind) in dim.indicators.iter().enumerate() {
                    if is_blank(&ind.text) {
                        sink.at(
                            *file,
                            &ind.id,
                            format!("domains[{i}].dimensions[{j}].indicators[{k}].text"),
                            "the indicator's `text` is empty".to_string(),
                        );
                    }
                }
            }
        }
    }
}

/// A catalogue section's entries as (section, file, index, id, title).
fn named<'a, T>(
    section: &'static str,
    entries: &'a [Located<T>],
    id_and_title: fn(&T) -> (&Spanned<String>, &String),
) -> impl Iterator<Item = (&'static str, FileId, usize, &'a Spanned<String>, &'a String)> {
    entries.iter().map(move |e| {
        let (id, title) = id_and_title(&e.item);
        (section, e.file, e.index, id, title)
    })
}

/// Empty, or only spaces and invisible characters (zero-width space, joiners, word joiner, BOM).
fn is_blank(text: &str) -> bool {
    text.chars().all(|c| {
        c.is_whitespace() || matches!(c, '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
    })
}

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

//! Entries flattened to (field, value) pairs, the values in the notation the rest of hcp shows
//! (`10d to 14d`, `universal-plus`, lists joined with `, `): what [`super::compare`] compares.

use serde::Serialize;

use super::{EntryDiff, entries_diff};
use crate::model::framework::AssessmentFile;
use crate::model::library::{Library, Located};
use crate::model::text::Text;
use crate::model::{Intervention, Pathway};

/// One entry flattened to its fields.
pub(super) struct Entry {
    pub(super) id: String,
    pub(super) title: String,
    pub(super) fields: Vec<(&'static str, String)>,
}

/// The catalogue's entries that differ, section by section.
pub(super) fn catalogue(base: &Library, changed: &Library) -> Vec<EntryDiff> {
    [
        ("stages", stages as fn(&Library) -> Vec<Entry>),
        ("levels", levels),
        ("core_purposes", core_purposes),
        ("interfaces", |lib| {
            described(&lib.catalogue.interfaces, |i| {
                (&i.id.value, &i.title, &i.description)
            })
        }),
        ("pathway_set", pathway_set),
        ("mandated_contacts", mandated_contacts),
        ("professions", |lib| {
            described(&lib.catalogue.professions, |p| {
                (&p.id.value, &p.title, &p.description)
            })
        }),
        ("kpis", kpis),
        ("events", |lib| {
            described(&lib.catalogue.events, |e| {
                (&e.id.value, &e.title, &e.description)
            })
        }),
    ]
    .into_iter()
    .flat_map(|(section, entries)| entries_diff(section, entries(base), entries(changed)))
    .collect()
}

/// The assessment framework's entries that differ, section by section.
pub(super) fn assessment(base: &Library, changed: &Library) -> Vec<EntryDiff> {
    [
        ("domains", domains as fn(&Library) -> Vec<Entry>),
        ("dimensions", dimensions),
        ("indicators", indicators),
        ("escalation", escalation),
    ]
    .into_iter()
    .flat_map(|(section, entries)| entries_diff(section, entries(base), entries(changed)))
    .collect()
}

/// An enum's word as written in data (`east-of-england`, `confirmed`).
fn word<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

fn join<'a>(items: impl IntoIterator<Item = &'a Text>, separator: &str) -> String {
    items
        .into_iter()
        .map(|s| s.trim())
        .collect::<Vec<_>>()
        .join(separator)
}

fn opt<T: ToString>(value: Option<T>) -> String {
    value.map_or(String::new(), |v| v.to_string())
}

pub(super) fn pathway_fields(p: &Pathway) -> Vec<(&'static str, String)> {
    let criteria = p.entry_criteria.as_ref().map(|c| &c.value);
    vec![
        ("title", p.title.to_string()),
        ("summary", p.summary.trim().to_string()),
        ("span", p.span.span().to_string()),
        (
            "in_addition_to_universal",
            opt(p.in_addition_to_universal.as_ref().map(|b| b.value)),
        ),
        (
            "entry_criteria.universal-plus",
            criteria.map_or(String::new(), |c| join(&c.universal_plus, "; ")),
        ),
        (
            "entry_criteria.universal-partnership-plus",
            criteria.map_or(String::new(), |c| join(&c.universal_partnership_plus, "; ")),
        ),
        ("exit_criteria", join(&p.exit_criteria, "; ")),
        ("source", p.source.trim().to_string()),
        (
            "last_reviewed",
            opt(p.last_reviewed.as_ref().map(|d| d.value)),
        ),
        ("next_review", opt(p.next_review.as_ref().map(|d| d.value))),
        ("note", opt(p.note.as_ref().map(|n| n.trim()))),
    ]
}

pub(super) fn intervention(iv: &Intervention) -> Entry {
    let ids = |items: &[crate::model::span::Spanned<Text>]| {
        items
            .iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    let relative = iv.relative.as_ref().map(|r| {
        format!(
            "{} to {} after {}",
            r.earliest(),
            r.latest.value,
            r.after.value
        )
    });
    Entry {
        id: iv.id.value.to_string(),
        title: iv.title.to_string(),
        fields: vec![
            ("title", iv.title.to_string()),
            ("description", iv.description.trim().to_string()),
            ("level", iv.level.value.id().to_string()),
            ("stage", iv.stage.value.to_string()),
            (
                "until_stage",
                opt(iv.until_stage.as_ref().map(|s| &s.value)),
            ),
            ("window", opt(iv.window.as_ref().map(|w| w.span()))),
            ("due", opt(iv.due.as_ref().map(|d| d.value))),
            (
                "kpi_deadline",
                opt(iv.kpi_deadline.as_ref().map(|d| d.value)),
            ),
            ("relative", opt(relative)),
            ("event", opt(iv.event.as_ref().map(|e| &e.value))),
            ("lead", iv.lead.value.to_string()),
            ("with", ids(&iv.with)),
            (
                "core_purposes",
                iv.core_purposes
                    .iter()
                    .map(|c| c.value.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
            ),
            ("kpis", ids(&iv.kpis)),
            ("tools", join(&iv.tools, ", ")),
            ("interfaces", ids(&iv.interfaces)),
            ("source", iv.source.value.trim().to_string()),
            ("basis", word(&iv.basis)),
            ("certainty", word(&iv.certainty)),
            ("note", opt(iv.note.as_ref().map(|n| n.trim()))),
        ],
    }
}

/// Entries that are an id, a title and a description (interfaces, professions, events).
fn described<T>(items: &[Located<T>], parts: fn(&T) -> (&Text, &Text, &Text)) -> Vec<Entry> {
    items
        .iter()
        .map(|e| {
            let (id, title, description) = parts(&e.item);
            Entry {
                id: id.to_string(),
                title: title.to_string(),
                fields: vec![
                    ("title", title.to_string()),
                    ("description", description.trim().to_string()),
                ],
            }
        })
        .collect()
}

fn stages(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.stages
        .iter()
        .map(|e| Entry {
            id: e.item.id.value.to_string(),
            title: e.item.title.to_string(),
            fields: vec![
                ("title", e.item.title.to_string()),
                ("span", e.item.span().to_string()),
                ("description", e.item.description.trim().to_string()),
            ],
        })
        .collect()
}

fn levels(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.levels
        .iter()
        .map(|e| Entry {
            id: e.item.id.value.id().to_string(),
            title: e.item.title.to_string(),
            fields: vec![
                ("title", e.item.title.to_string()),
                ("definition", e.item.definition.trim().to_string()),
                ("source", e.item.source.trim().to_string()),
            ],
        })
        .collect()
}

fn core_purposes(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.core_purposes
        .iter()
        .map(|e| Entry {
            id: e.item.number.value.to_string(),
            title: e.item.title.to_string(),
            fields: vec![
                ("title", e.item.title.to_string()),
                ("wording", e.item.wording.trim().to_string()),
            ],
        })
        .collect()
}

fn pathway_set(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.pathway_set
        .iter()
        .map(|e| Entry {
            id: e.item.id.value.to_string(),
            title: e.item.title.to_string(),
            fields: vec![
                ("kind", word(&e.item.kind)),
                ("title", e.item.title.to_string()),
                ("span", e.item.span.span().to_string()),
            ],
        })
        .collect()
}

fn mandated_contacts(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.mandated_contacts
        .iter()
        .map(|e| Entry {
            id: e.item.value.to_string(),
            title: lib
                .event(&e.item.value)
                .map_or(String::new(), |ev| ev.title.to_string()),
            fields: vec![("event", e.item.value.to_string())],
        })
        .collect()
}

fn kpis(lib: &Library) -> Vec<Entry> {
    let cat = &lib.catalogue;
    cat.kpis
        .iter()
        .map(|e| {
            let k = &e.item;
            Entry {
                id: k.id.value.to_string(),
                title: k.title.to_string(),
                fields: vec![
                    ("title", k.title.to_string()),
                    ("definition", k.definition.trim().to_string()),
                    ("numerator", k.numerator.trim().to_string()),
                    ("denominator", k.denominator.trim().to_string()),
                    ("deadline", opt(k.deadline.as_ref().map(|d| d.value))),
                    ("status", word(&k.status)),
                    ("source", k.source.trim().to_string()),
                    ("certainty", opt(k.certainty.as_ref().map(word))),
                ],
            }
        })
        .collect()
}

fn frameworks(lib: &Library) -> impl Iterator<Item = &AssessmentFile> {
    lib.assessments.iter().map(|(_, a)| a)
}

fn domains(lib: &Library) -> Vec<Entry> {
    frameworks(lib)
        .flat_map(|a| &a.domains)
        .map(|d| Entry {
            id: d.id.value.to_string(),
            title: d.title.to_string(),
            fields: vec![("title", d.title.to_string())],
        })
        .collect()
}

fn dimensions(lib: &Library) -> Vec<Entry> {
    frameworks(lib)
        .flat_map(|a| &a.domains)
        .flat_map(|d| d.dimensions.iter().map(move |dim| (d, dim)))
        .map(|(d, dim)| Entry {
            id: dim.id.value.to_string(),
            title: dim.title.to_string(),
            fields: vec![
                ("domain", d.id.value.to_string()),
                ("title", dim.title.to_string()),
                ("description", dim.description.trim().to_string()),
            ],
        })
        .collect()
}

fn indicators(lib: &Library) -> Vec<Entry> {
    frameworks(lib)
        .flat_map(|a| &a.domains)
        .flat_map(|d| &d.dimensions)
        .flat_map(|dim| dim.indicators.iter().map(move |i| (dim, i)))
        .map(|(dim, i)| Entry {
            id: i.id.value.to_string(),
            title: i.text.trim().to_string(),
            fields: vec![
                ("dimension", dim.id.value.to_string()),
                ("band", i.band.value.id().to_string()),
                ("text", i.text.trim().to_string()),
                (
                    "pathways",
                    i.pathways
                        .iter()
                        .map(|p| p.value.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                ),
                ("decisive", i.is_decisive().to_string()),
                ("source", i.source.trim().to_string()),
                ("basis", word(&i.basis)),
                ("certainty", word(&i.certainty)),
                ("note", opt(i.note.as_ref().map(|n| n.trim()))),
            ],
        })
        .collect()
}

fn escalation(lib: &Library) -> Vec<Entry> {
    frameworks(lib)
        .filter_map(|a| a.banding.as_ref())
        .flat_map(|b| &b.escalation)
        .map(|r| Entry {
            id: r.id.value.to_string(),
            title: r.description.trim().to_string(),
            fields: vec![
                ("description", r.description.trim().to_string()),
                ("band", r.band.value.id().to_string()),
                (
                    "min_dimensions",
                    opt(r.min_dimensions.as_ref().map(|m| m.value)),
                ),
                ("min_domains", opt(r.min_domains.as_ref().map(|m| m.value))),
                ("gives", r.gives.value.id().to_string()),
                ("basis", word(&r.basis)),
                ("source", r.source.trim().to_string()),
            ],
        })
        .collect()
}

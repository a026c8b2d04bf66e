//! Compare two pathway sets by id, field by field: what a local copy changed from the bundled
//! set, or what a new version of a set changes (hazard H6: a local copy that drifts unseen).
//!
//! Entries are matched by id, so a renamed intervention shows as one removed and one added. Each
//! entry is flattened to (field, value-in-words) pairs, the words the rest of hcp shows (`10d to
//! 14d`, `universal-plus`); two entries differ where those words differ. Source positions never
//! count: moving an intervention within its file is not a change.

use crate::model::text::Text;
use std::collections::HashMap;

use serde::Serialize;

use crate::model::framework::AssessmentFile;
use crate::model::library::{Library, Located};
use crate::model::{Intervention, Pathway};

/// Whether an entry was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Only in the changed set.
    Added,
    /// Only in the base set.
    Removed,
    /// In both, with different fields.
    Changed,
}

/// One field that differs, in words (empty when absent).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// Field name as written in the data (`window`, `lead`, `entry_criteria.universal-plus`).
    pub field: &'static str,
    /// In the base set.
    pub before: String,
    /// In the changed set.
    pub after: String,
}

/// A catalogue, framework or intervention entry that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryDiff {
    /// The section (`stages`, `kpis`, `indicators`, `interventions`, …).
    pub section: &'static str,
    /// The entry's id.
    pub id: String,
    /// Its title (from the changed set when it has one).
    pub title: String,
    /// Added, removed or changed.
    pub status: Status,
    /// For a changed entry, the fields that differ; for an added or removed one, every field it
    /// has (with the other side empty).
    pub fields: Vec<FieldChange>,
}

/// A pathway that differs, in itself or in its interventions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathwayDiff {
    /// Pathway id.
    pub id: String,
    /// Title.
    pub title: String,
    /// Added, removed, or changed (its own fields or any intervention).
    pub status: Status,
    /// The pathway's own fields that differ.
    pub fields: Vec<FieldChange>,
    /// Interventions added, removed or changed (for an added or removed pathway: none listed).
    pub interventions: Vec<EntryDiff>,
}

/// Everything that differs between two sets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Diff {
    /// Pathways, in the base set's order, then added ones.
    pub pathways: Vec<PathwayDiff>,
    /// Catalogue entries.
    pub catalogue: Vec<EntryDiff>,
    /// Assessment framework entries (domains, dimensions, indicators, escalation rules).
    pub assessment: Vec<EntryDiff>,
}

impl Diff {
    /// Whether the two sets hold the same content.
    pub fn is_empty(&self) -> bool {
        self.pathways.is_empty() && self.catalogue.is_empty() && self.assessment.is_empty()
    }

    /// Interventions added, removed and changed, across all pathways that are in both sets.
    pub fn intervention_counts(&self) -> (usize, usize, usize) {
        let all = self.pathways.iter().flat_map(|p| &p.interventions);
        let count = |s: Status| all.clone().filter(|e| e.status == s).count();
        (
            count(Status::Added),
            count(Status::Removed),
            count(Status::Changed),
        )
    }
}

/// Fields whose values are prose: text output says they changed without printing them.
pub const PROSE_FIELDS: &[&str] = &[
    "description",
    "summary",
    "source",
    "note",
    "definition",
    "numerator",
    "denominator",
    "wording",
    "text",
    "entry_criteria.universal-plus",
    "entry_criteria.universal-partnership-plus",
    "exit_criteria",
];

/// Compare `base` with `changed`.
pub fn compare(base: &Library, changed: &Library) -> Diff {
    Diff {
        pathways: pathways(base, changed),
        catalogue: [
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
        .collect(),
        assessment: [
            ("domains", domains as fn(&Library) -> Vec<Entry>),
            ("dimensions", dimensions),
            ("indicators", indicators),
            ("escalation", escalation),
        ]
        .into_iter()
        .flat_map(|(section, entries)| entries_diff(section, entries(base), entries(changed)))
        .collect(),
    }
}

/// One entry flattened to words.
struct Entry {
    id: String,
    title: String,
    fields: Vec<(&'static str, String)>,
}

fn entries_diff(section: &'static str, base: Vec<Entry>, changed: Vec<Entry>) -> Vec<EntryDiff> {
    let in_changed: HashMap<&str, &Entry> = changed.iter().map(|e| (e.id.as_str(), e)).collect();
    let in_base: HashMap<&str, &Entry> = base.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut out = Vec::new();
    for b in &base {
        match in_changed.get(b.id.as_str()) {
            None => out.push(EntryDiff {
                section,
                id: b.id.clone(),
                title: b.title.clone(),
                status: Status::Removed,
                fields: one_sided(&b.fields, true),
            }),
            Some(c) => {
                let fields = field_changes(&b.fields, &c.fields);
                if !fields.is_empty() {
                    out.push(EntryDiff {
                        section,
                        id: c.id.clone(),
                        title: c.title.clone(),
                        status: Status::Changed,
                        fields,
                    });
                }
            }
        }
    }
    for c in changed
        .iter()
        .filter(|c| !in_base.contains_key(c.id.as_str()))
    {
        out.push(EntryDiff {
            section,
            id: c.id.clone(),
            title: c.title.clone(),
            status: Status::Added,
            fields: one_sided(&c.fields, false),
        });
    }
    out
}

fn one_sided(fields: &[(&'static str, String)], before: bool) -> Vec<FieldChange> {
    fields
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(field, v)| FieldChange {
            field,
            before: if before { v.clone() } else { String::new() },
            after: if before { String::new() } else { v.clone() },
        })
        .collect()
}

fn field_changes(
    base: &[(&'static str, String)],
    changed: &[(&'static str, String)],
) -> Vec<FieldChange> {
    let value = |fields: &[(&'static str, String)], name: &str| {
        fields
            .iter()
            .find(|(f, _)| *f == name)
            .map_or(String::new(), |(_, v)| v.clone())
    };
    let mut names: Vec<&'static str> = base.iter().map(|(f, _)| *f).collect();
    names.extend(
        changed
            .iter()
            .map(|(f, _)| *f)
            .filter(|f| !base.iter().any(|(b, _)| b == f)),
    );
    names
        .into_iter()
        .filter_map(|field| {
            let (before, after) = (value(base, field), value(changed, field));
            (before != after).then_some(FieldChange {
                field,
                before,
                after,
            })
        })
        .collect()
}

fn pathways(base: &Library, changed: &Library) -> Vec<PathwayDiff> {
    let mut out = Vec::new();
    for (_, b) in &base.pathways {
        match changed.pathway(&b.id.value) {
            None => out.push(PathwayDiff {
                id: b.id.value.to_string(),
                title: b.title.to_string(),
                status: Status::Removed,
                fields: Vec::new(),
                interventions: Vec::new(),
            }),
            Some(c) => {
                let fields = field_changes(&pathway_fields(b), &pathway_fields(c));
                let interventions = entries_diff(
                    "interventions",
                    b.interventions.iter().map(intervention).collect(),
                    c.interventions.iter().map(intervention).collect(),
                );
                if !fields.is_empty() || !interventions.is_empty() {
                    out.push(PathwayDiff {
                        id: c.id.value.to_string(),
                        title: c.title.to_string(),
                        status: Status::Changed,
                        fields,
                        interventions,
                    });
                }
            }
        }
    }
    for (_, c) in &changed.pathways {
        if base.pathway(&c.id.value).is_none() {
            out.push(PathwayDiff {
                id: c.id.value.to_string(),
                title: c.title.to_string(),
                status: Status::Added,
                fields: Vec::new(),
                interventions: Vec::new(),
            });
        }
    }
    out
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

fn pathway_fields(p: &Pathway) -> Vec<(&'static str, String)> {
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

fn intervention(iv: &Intervention) -> Entry {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, fields: &[(&'static str, &str)]) -> Entry {
        Entry {
            id: id.into(),
            title: id.to_uppercase(),
            fields: fields.iter().map(|(f, v)| (*f, v.to_string())).collect(),
        }
    }

    #[test]
    fn entries_are_matched_by_id_and_compared_field_by_field() {
        let base = vec![
            entry("a", &[("window", "6w to 8w"), ("lead", "health-visitor")]),
            entry("gone", &[("lead", "gp")]),
        ];
        let changed = vec![
            entry("new", &[("lead", "midwife"), ("note", "")]),
            entry("a", &[("window", "6w to 9w"), ("lead", "health-visitor")]),
        ];
        let d = entries_diff("interventions", base, changed);
        assert_eq!(d.len(), 3);
        assert_eq!((d[0].id.as_str(), d[0].status), ("a", Status::Changed));
        assert_eq!(
            d[0].fields,
            [FieldChange {
                field: "window",
                before: "6w to 8w".into(),
                after: "6w to 9w".into()
            }]
        );
        assert_eq!((d[1].id.as_str(), d[1].status), ("gone", Status::Removed));
        assert_eq!(d[1].fields[0].before, "gp");
        assert_eq!((d[2].id.as_str(), d[2].status), ("new", Status::Added));
        // An empty field is not listed for an added entry.
        assert_eq!(d[2].fields.len(), 1);
    }

    #[test]
    fn identical_entries_in_another_order_are_no_change() {
        let base = vec![entry("a", &[("x", "1")]), entry("b", &[("x", "2")])];
        let changed = vec![entry("b", &[("x", "2")]), entry("a", &[("x", "1")])];
        assert!(entries_diff("stages", base, changed).is_empty());
    }

    #[test]
    fn a_field_only_one_side_has_is_a_change() {
        let changes = field_changes(
            &[("a", "1".into())],
            &[("a", "1".into()), ("b", "2".into())],
        );
        assert_eq!(
            changes,
            [FieldChange {
                field: "b",
                before: String::new(),
                after: "2".into()
            }]
        );
    }
}

//! Compare two pathway sets by id, field by field: what a local copy changed from the bundled
//! set, or what a new version of a set changes (hazard H6: a local copy that drifts unseen).
//!
//! Entries are matched by id, so a renamed intervention shows as one removed and one added. Each
//! entry is flattened to (field, value-in-words) pairs, the words the rest of hcp shows (`10d to
//! 14d`, `universal-plus`); two entries differ where those words differ. Source positions never
//! count: moving an intervention within its file is not a change.

mod entries;

use std::collections::HashMap;

use serde::Serialize;

use crate::model::library::Library;
use entries::{Entry, intervention, pathway_fields};

/// Whether an entry was added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct FieldChange {
    /// Field name as written in the data (`window`, `lead`, `entry_criteria.universal-plus`).
    pub field: &'static str,
    /// In the base set.
    pub before: String,
    /// In the changed set.
    pub after: String,
}

/// A catalogue, framework or intervention entry that differs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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

/// Compare `base` with `changed`.
pub fn compare(base: &Library, changed: &Library) -> Diff {
    Diff {
        pathways: pathways(base, changed),
        catalogue: entries::catalogue(base, changed),
        assessment: entries::assessment(base, changed),
    }
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

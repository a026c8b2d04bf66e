//! `hcp show <intervention-id>`: one intervention in full, with the titles of what it refers to.

use serde::Serialize;

use crate::answer::query::{self, Row};
use crate::model::age::Point;
use crate::model::library::Library;
use crate::model::national::MANDATED_CONTACTS;
use crate::model::text::Text;
use crate::model::{Intervention, Level, Pathway};

/// An id with its title (a stage, a profession, an interface, an event).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Named {
    /// Id.
    pub id: Text,
    /// Title (the id when the catalogue does not have it).
    pub title: Text,
}

/// A KPI an intervention is measured by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KpiRef {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Definition.
    pub definition: Text,
    /// Deadline, if any.
    pub deadline: Option<Point>,
}

/// A Children's Centre core purpose an intervention serves.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CorePurposeRef {
    /// 1, 2 or 3.
    pub number: u8,
    /// Title.
    pub title: Text,
}

/// The event an intervention is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRef {
    /// Id and title.
    pub event: Named,
    /// Whether it is one of the mandated health visiting contacts.
    pub mandated: bool,
}

/// `hcp show <intervention-id>`: the intervention's row, with the titles of what it refers to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InterventionShown {
    /// Its row, as a query gives it (timing, ids, provenance).
    pub row: Row,
    /// The stages it is listed under, first to last.
    pub stages: Vec<Named>,
    /// The other professions.
    pub with: Vec<Named>,
    /// The KPIs that measure it.
    pub kpis: Vec<KpiRef>,
    /// The Children's Centre core purposes it serves.
    pub core_purposes: Vec<CorePurposeRef>,
    /// The partnership interfaces it is on.
    pub interfaces: Vec<Named>,
    /// The event it is, when it is one.
    pub event: Option<EventRef>,
    /// The pathway's entry criteria for the intervention's level (none at Universal level).
    pub entry_criteria: Vec<Text>,
}

/// The intervention `id` in full, if there is one.
pub(super) fn intervention(lib: &Library, id: &str) -> Option<InterventionShown> {
    let (_, p, _, iv) = lib
        .interventions()
        .find(|(_, _, _, iv)| iv.id.value == id)?;
    Some(shown(lib, p, iv))
}

/// Intervention `iv` of pathway `p` in full.
pub fn shown(lib: &Library, p: &Pathway, iv: &Intervention) -> InterventionShown {
    let named = |id: &Text, title: Option<&Text>| Named {
        id: id.clone(),
        title: title.unwrap_or(id).clone(),
    };
    let profession = |id: &Text| named(id, lib.profession(id).map(|p| &p.title));
    let first = lib.stage(&iv.stage.value).map(|(i, _)| i);
    let last = match &iv.until_stage {
        Some(u) => lib.stage(&u.value).map(|(i, _)| i),
        None => first,
    };
    let stages = match (first, last) {
        (Some(a), Some(b)) if a <= b => lib.catalogue.stages[a..=b]
            .iter()
            .map(|s| named(&s.item.id.value, Some(&s.item.title)))
            .collect(),
        _ => vec![named(&iv.stage.value, None)],
    };
    let criteria = p.entry_criteria.as_ref().map(|c| &c.value);
    let entry_criteria = match (iv.level.value, criteria) {
        (Level::UniversalPlus, Some(c)) => c.universal_plus.iter().map(Text::trimmed).collect(),
        (Level::UniversalPartnershipPlus, Some(c)) => c
            .universal_partnership_plus
            .iter()
            .map(Text::trimmed)
            .collect(),
        _ => Vec::new(),
    };
    InterventionShown {
        row: query::row(lib, p, iv),
        stages,
        with: iv.with.iter().map(|w| profession(&w.value)).collect(),
        kpis: iv
            .kpis
            .iter()
            .map(|k| {
                let found = lib.kpi(&k.value);
                KpiRef {
                    id: k.value.clone(),
                    title: found.map_or_else(|| k.value.clone(), |f| f.title.clone()),
                    definition: found.map(|f| f.definition.trimmed()).unwrap_or_default(),
                    deadline: found.and_then(|f| f.deadline.as_ref().map(|d| d.value)),
                }
            })
            .collect(),
        core_purposes: iv
            .core_purposes
            .iter()
            .map(|c| CorePurposeRef {
                number: c.value,
                title: lib
                    .catalogue
                    .core_purposes
                    .iter()
                    .find(|x| x.item.number.value == c.value)
                    .map(|x| x.item.title.clone())
                    .unwrap_or_default(),
            })
            .collect(),
        interfaces: iv
            .interfaces
            .iter()
            .map(|i| named(&i.value, lib.interface(&i.value).map(|f| &f.title)))
            .collect(),
        event: iv.event.as_ref().map(|e| EventRef {
            event: named(&e.value, lib.event(&e.value).map(|f| &f.title)),
            mandated: MANDATED_CONTACTS
                .iter()
                .any(|m| m.event == e.value.as_str()),
        }),
        entry_criteria,
    }
}

//! `hcp site`: everything the pathway documents show, as typed data, gathered from the same
//! answers `hcp list` and `hcp show` give (so a page can never say something the terminal does
//! not): the listings for the index, one [`Shown`] per pathway, KPI and profession, one
//! [`InterventionShown`] per intervention, the partnership interfaces with what is on them, the
//! assessment framework, and the pathways past their review date. `render::site` words it.

use crate::answer::browse::{
    self, CorePurposeItem, InterfaceItem, InterventionShown, KpiItem, LevelItem, ListKind, Listing,
    PathwayItem, ProfessionItem, Shown, StageItem,
};
use crate::answer::query::{self, QueryRequest, Row};
use crate::answer::review::{self, OverdueReview};
use crate::model::framework::Framework;
use crate::model::library::Library;
use crate::model::text::Text;

/// A partnership interface and the interventions on it (every pathway's).
#[derive(Debug, Clone)]
pub struct InterfaceShown {
    /// Id, title and how many interventions are on it.
    pub item: InterfaceItem,
    /// What it is.
    pub description: Text,
    /// The interventions on it, in timeline order.
    pub interventions: Vec<Row>,
}

/// The whole site's content.
#[derive(Debug, Clone)]
pub struct Site {
    /// The pathways, Universal first, with their spans and counts by level.
    pub pathways: Vec<PathwayItem>,
    /// The HCP ages and stages, in timeline order.
    pub stages: Vec<StageItem>,
    /// The three levels of service.
    pub levels: Vec<LevelItem>,
    /// The Children's Centre core purposes.
    pub core_purposes: Vec<CorePurposeItem>,
    /// The professions, with how many interventions each leads.
    pub professions: Vec<ProfessionItem>,
    /// The KPIs, national metrics first.
    pub kpis: Vec<KpiItem>,
    /// The partnership interfaces.
    pub interfaces: Vec<InterfaceShown>,
    /// The assessment framework, when the set has one.
    pub framework: Option<Framework>,
    /// One `Shown::Pathway` per pathway, in the order of [`Site::pathways`].
    pub pathway_pages: Vec<Shown>,
    /// One `Shown::Kpi` per KPI, in the order of [`Site::kpis`].
    pub kpi_pages: Vec<Shown>,
    /// One `Shown::Profession` per profession, in the order of [`Site::professions`].
    pub profession_pages: Vec<Shown>,
    /// Every intervention in full, pathway by pathway.
    pub interventions: Vec<InterventionShown>,
    /// The pathways past their review date on `today` (empty when the date is unknown).
    pub review_overdue: Vec<OverdueReview>,
}

fn listed<T>(lib: &Library, kind: ListKind, pick: fn(Listing) -> Option<Vec<T>>) -> Vec<T> {
    pick(browse::list(lib, kind)).unwrap_or_default()
}

/// Gather the site of `lib`; review dates are read on `today`, when it is known.
pub fn site(lib: &Library, today: Option<jiff::civil::Date>) -> Site {
    let pathways = listed(lib, ListKind::Pathways, |l| match l {
        Listing::Pathways(v) => Some(v),
        _ => None,
    });
    let kpis = listed(lib, ListKind::Kpis, |l| match l {
        Listing::Kpis(v) => Some(v),
        _ => None,
    });
    let professions = listed(lib, ListKind::Professions, |l| match l {
        Listing::Professions(v) => Some(v),
        _ => None,
    });
    let interfaces = listed(lib, ListKind::Interfaces, |l| match l {
        Listing::Interfaces(v) => Some(v),
        _ => None,
    })
    .into_iter()
    .map(|item| {
        let description = lib
            .interface(&item.id)
            .map(|i| i.description.trimmed())
            .unwrap_or_default();
        let interventions = query::run(
            lib,
            &QueryRequest {
                interface: Some(item.id.to_string()),
                ..Default::default()
            },
        )
        .map(|r| r.results)
        .unwrap_or_default();
        InterfaceShown {
            item,
            description,
            interventions,
        }
    })
    .collect();
    let pathway_pages = pathways
        .iter()
        .filter_map(|p| lib.pathway(&p.id))
        .map(|p| browse::show_pathway(lib, p))
        .collect();
    let kpi_pages = kpis
        .iter()
        .filter_map(|k| lib.kpi(&k.id))
        .map(|k| browse::show_kpi(lib, k))
        .collect();
    let profession_pages = professions
        .iter()
        .filter_map(|p| lib.profession(&p.id))
        .map(|p| browse::show_profession(lib, p))
        .collect();
    let interventions = lib
        .interventions()
        .map(|(_, p, _, iv)| browse::shown(lib, p, iv))
        .collect();
    Site {
        stages: listed(lib, ListKind::Stages, |l| match l {
            Listing::Stages(v) => Some(v),
            _ => None,
        }),
        levels: listed(lib, ListKind::Levels, |l| match l {
            Listing::Levels(v) => Some(v),
            _ => None,
        }),
        core_purposes: listed(lib, ListKind::CorePurposes, |l| match l {
            Listing::CorePurposes(v) => Some(v),
            _ => None,
        }),
        framework: lib.framework(),
        review_overdue: today.map_or_else(Vec::new, |t| review::overdue_in_set(lib, t)),
        pathways,
        kpis,
        professions,
        interfaces,
        pathway_pages,
        kpi_pages,
        profession_pages,
        interventions,
    }
}

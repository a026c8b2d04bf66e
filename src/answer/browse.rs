//! Browsing the catalogue and pathways: `hcp list …` and `hcp show …`.

use serde::Serialize;

mod intervention;

pub use intervention::{CorePurposeRef, EventRef, InterventionShown, KpiRef, Named, shown};

use crate::answer::query::{self, QueryRequest, Row};
use crate::model::age::{Point, Span};
use crate::model::diagnostic::did_you_mean;
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{
    CalendarDate, EntryCriteria, Kpi, KpiStatus, Level, Pathway, PathwayKind, Profession,
};

/// What `hcp list` can list (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ListKind {
    /// The Universal and targeted pathways.
    Pathways,
    /// HCP ages and stages.
    Stages,
    /// Professions.
    Professions,
    /// KPIs.
    Kpis,
    /// Children's Centre core purposes.
    CorePurposes,
    /// Service levels.
    Levels,
    /// Events timings can be relative to.
    Events,
    /// Partnership interfaces.
    Interfaces,
    /// The assessment framework's dimensions (what `dimensions:` in a family file names).
    Dimensions,
    /// The assessment framework's indicators (what a dimension's `indicators:` in a family file
    /// lists); `--dimension` keeps one dimension's.
    Indicators,
}

/// A listing: the entries of one kind, as typed data (`render` makes the columns).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Listing {
    /// Pathways, in catalogue order.
    Pathways(Vec<PathwayItem>),
    /// Stages, in catalogue order.
    Stages(Vec<StageItem>),
    /// Professions.
    Professions(Vec<ProfessionItem>),
    /// KPIs: national metrics first, then the recommended ones.
    Kpis(Vec<KpiItem>),
    /// Children's Centre core purposes.
    CorePurposes(Vec<CorePurposeItem>),
    /// Service levels.
    Levels(Vec<LevelItem>),
    /// Events.
    Events(Vec<EventItem>),
    /// Partnership interfaces.
    Interfaces(Vec<InterfaceItem>),
    /// Assessment dimensions, in framework order.
    Dimensions(Vec<DimensionItem>),
    /// Assessment indicators, by dimension in framework order.
    Indicators(Vec<IndicatorItem>),
}

/// An assessment dimension in `hcp list dimensions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct DimensionItem {
    /// Id (a family file's `dimensions:` key).
    pub id: Text,
    /// Title.
    pub title: Text,
    /// The domain of the Assessment Triangle it belongs to.
    pub domain: Text,
    /// How many indicators it has.
    pub indicators: usize,
}

/// An assessment indicator in `hcp list indicators`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct IndicatorItem {
    /// Id (what a family file's `observed:` lists).
    pub id: Text,
    /// The dimension it belongs to.
    pub dimension: Text,
    /// The band it points to.
    pub band: Level,
    /// Whether it alone decides the band.
    pub decisive: bool,
    /// What it describes.
    pub text: Text,
}

/// Whether a listed pathway is registered in the catalogue, and as which kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum ListedKind {
    /// The Universal pathway.
    Universal,
    /// A targeted pathway.
    Targeted,
    /// Not in the catalogue's pathway set.
    Unregistered,
}

/// A pathway in `hcp list pathways`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct PathwayItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Universal, targeted or unregistered.
    pub kind: ListedKind,
    /// Where its span starts.
    pub from: Point,
    /// Where its span ends.
    pub to: Point,
    /// Interventions at Universal level.
    pub universal: usize,
    /// Interventions at Universal Plus level.
    pub universal_plus: usize,
    /// Interventions at Universal Partnership Plus level.
    pub universal_partnership_plus: usize,
}

/// A stage in `hcp list stages`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct StageItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// First point.
    pub from: Point,
    /// Last point.
    pub to: Point,
    /// Interventions listed in it (on every pathway).
    pub interventions: usize,
}

/// A profession in `hcp list professions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ProfessionItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Interventions it leads.
    pub leads: usize,
    /// Interventions it leads or takes part in.
    pub involved: usize,
}

/// A KPI in `hcp list kpis`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct KpiItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Existing or recommended.
    pub status: KpiStatus,
    /// Deadline, if any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<Point>,
    /// Interventions it measures.
    pub interventions: usize,
}

/// A core purpose in `hcp list core-purposes`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct CorePurposeItem {
    /// Its number (1–3).
    pub number: u8,
    /// Title.
    pub title: Text,
    /// Its wording.
    pub wording: Text,
    /// Interventions serving it.
    pub interventions: usize,
}

/// A service level in `hcp list levels`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct LevelItem {
    /// Id.
    pub id: Level,
    /// Title.
    pub title: Text,
    /// Definition.
    pub definition: Text,
}

/// An event in `hcp list events`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct EventItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
}

/// A partnership interface in `hcp list interfaces`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct InterfaceItem {
    /// Id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Interventions on it.
    pub interventions: usize,
}

/// Build a listing.
pub fn list(lib: &Library, kind: ListKind) -> Listing {
    let cat = &lib.catalogue;
    let uses = |pred: &dyn Fn(&crate::model::Intervention) -> bool| {
        lib.interventions().filter(|(_, _, _, iv)| pred(iv)).count()
    };
    match kind {
        ListKind::Pathways => Listing::Pathways(
            query::ordered_pathways(lib)
                .into_iter()
                .map(|p| {
                    let kind = cat
                        .pathway_set
                        .iter()
                        .find(|e| e.item.id.value == p.id.value)
                        .map_or(ListedKind::Unregistered, |e| match e.item.kind {
                            PathwayKind::Universal => ListedKind::Universal,
                            PathwayKind::Targeted => ListedKind::Targeted,
                        });
                    let count = |l: Level| {
                        p.interventions
                            .iter()
                            .filter(|iv| iv.level.value == l)
                            .count()
                    };
                    let span = p.span.span();
                    PathwayItem {
                        id: p.id.value.clone(),
                        title: p.title.clone(),
                        kind,
                        from: span.from,
                        to: span.to,
                        universal: count(Level::Universal),
                        universal_plus: count(Level::UniversalPlus),
                        universal_partnership_plus: count(Level::UniversalPartnershipPlus),
                    }
                })
                .collect(),
        ),
        ListKind::Stages => Listing::Stages(
            cat.stages
                .iter()
                .map(|s| {
                    let s = &s.item;
                    let at = query::At::Stage(s.id.value.to_string());
                    StageItem {
                        id: s.id.value.clone(),
                        title: s.title.clone(),
                        from: s.from.value,
                        to: s.to.value,
                        interventions: uses(&|iv| query::matches_at(lib, iv, &at)),
                    }
                })
                .collect(),
        ),
        ListKind::Professions => Listing::Professions(
            cat.professions
                .iter()
                .map(|p| {
                    let id = p.item.id.value.as_str();
                    ProfessionItem {
                        id: p.item.id.value.clone(),
                        title: p.item.title.clone(),
                        leads: uses(&|iv| iv.lead.value == id),
                        involved: uses(&|iv| iv.professions().any(|q| q == id)),
                    }
                })
                .collect(),
        ),
        ListKind::Kpis => Listing::Kpis({
            // National metrics first, then the recommended ones, each in catalogue order.
            let mut kpis: Vec<_> = cat.kpis.iter().collect();
            kpis.sort_by_key(|k| k.item.status != KpiStatus::Existing);
            kpis.into_iter()
                .map(|k| {
                    let id = k.item.id.value.as_str();
                    KpiItem {
                        id: k.item.id.value.clone(),
                        title: k.item.title.clone(),
                        status: k.item.status,
                        deadline: k.item.deadline.as_ref().map(|d| d.value),
                        interventions: uses(&|iv| iv.kpis.iter().any(|x| x.value == id)),
                    }
                })
                .collect()
        }),
        ListKind::CorePurposes => Listing::CorePurposes(
            cat.core_purposes
                .iter()
                .map(|c| {
                    let n = c.item.number.value;
                    CorePurposeItem {
                        number: n,
                        title: c.item.title.clone(),
                        wording: c.item.wording.trimmed(),
                        interventions: uses(&|iv| iv.core_purposes.iter().any(|x| x.value == n)),
                    }
                })
                .collect(),
        ),
        ListKind::Levels => Listing::Levels(
            cat.levels
                .iter()
                .map(|l| LevelItem {
                    id: l.item.id.value,
                    title: l.item.title.clone(),
                    definition: l.item.definition.trimmed(),
                })
                .collect(),
        ),
        ListKind::Events => Listing::Events(
            cat.events
                .iter()
                .map(|e| EventItem {
                    id: e.item.id.value.clone(),
                    title: e.item.title.clone(),
                    description: e.item.description.trimmed(),
                })
                .collect(),
        ),
        ListKind::Interfaces => Listing::Interfaces(
            cat.interfaces
                .iter()
                .map(|i| {
                    let id = i.item.id.value.as_str();
                    InterfaceItem {
                        id: i.item.id.value.clone(),
                        title: i.item.title.clone(),
                        interventions: uses(&|iv| iv.interfaces.iter().any(|x| x.value == id)),
                    }
                })
                .collect(),
        ),
        ListKind::Dimensions => Listing::Dimensions(
            lib.framework()
                .map(|fw| {
                    fw.dimensions
                        .iter()
                        .map(|d| DimensionItem {
                            id: d.id.clone(),
                            title: d.title.clone(),
                            domain: d.domain.clone(),
                            indicators: d.indicators.len(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        ),
        ListKind::Indicators => indicators(lib, None).unwrap_or(Listing::Indicators(Vec::new())),
    }
}

/// The assessment framework's indicators, all or one dimension's; the dimension not found (with
/// the closest id) when it is not in the framework.
pub fn indicators(lib: &Library, dimension: Option<&str>) -> Result<Listing, NotFound> {
    let dimensions = lib.framework().map(|fw| fw.dimensions).unwrap_or_default();
    if let Some(id) = dimension
        && !dimensions.iter().any(|d| d.id == id)
    {
        return Err(NotFound {
            id: id.to_string(),
            suggestion: did_you_mean(id, dimensions.iter().map(|d| d.id.as_str())),
        });
    }
    Ok(Listing::Indicators(
        dimensions
            .iter()
            .filter(|d| dimension.is_none_or(|id| d.id == id))
            .flat_map(|d| {
                d.indicators.iter().map(|i| IndicatorItem {
                    id: i.id.clone(),
                    dimension: d.id.clone(),
                    band: i.band,
                    decisive: i.decisive,
                    text: i.text.trimmed(),
                })
            })
            .collect(),
    ))
}

/// The assessment framework's dimension ids (for completion).
pub fn dimension_ids(lib: &Library) -> Vec<String> {
    lib.framework()
        .map(|fw| fw.dimensions.iter().map(|d| d.id.to_string()).collect())
        .unwrap_or_default()
}

/// What `hcp show` shows.
#[derive(Debug, Clone)]
pub enum Shown {
    /// A whole pathway, by stage and level.
    Pathway {
        /// Id.
        id: String,
        /// Title.
        title: String,
        /// What it is for.
        summary: String,
        /// The part of the timeline it covers.
        span: Span,
        /// Whether it builds on Universal.
        in_addition_to_universal: bool,
        /// Entry criteria per level.
        entry_criteria: EntryCriteria,
        /// Exit / step-down criteria.
        exit_criteria: Vec<Text>,
        /// Source.
        source: String,
        /// When the content was last checked against its sources, if recorded.
        last_reviewed: Option<CalendarDate>,
        /// When it must next be checked, if recorded.
        next_review: Option<CalendarDate>,
        /// Caveats.
        note: Option<String>,
        /// Interventions, in stage then level order.
        interventions: Vec<Row>,
    },
    /// A KPI and the interventions it measures.
    Kpi {
        /// Id.
        id: String,
        /// Title.
        title: String,
        /// Definition.
        definition: String,
        /// Numerator.
        numerator: String,
        /// Denominator.
        denominator: String,
        /// Deadline, if any.
        deadline: Option<Point>,
        /// existing / recommended.
        status: crate::model::KpiStatus,
        /// Source.
        source: String,
        /// Interventions measured by it.
        interventions: Vec<Row>,
    },
    /// One intervention in full.
    Intervention(Box<InterventionShown>),
    /// A profession and the interventions it leads or takes part in.
    Profession {
        /// Id.
        id: String,
        /// Title.
        title: String,
        /// Role.
        description: String,
        /// Interventions involving it.
        interventions: Vec<Row>,
    },
}

/// `hcp show ID` could not find the id (`render` words it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotFound {
    /// What was asked for.
    pub id: String,
    /// The closest id.
    pub suggestion: Option<String>,
}

impl std::error::Error for NotFound {}

fn rows(lib: &Library, req: QueryRequest) -> Vec<Row> {
    query::run(lib, &req).map(|r| r.results).unwrap_or_default()
}

/// Show a pathway, KPI, profession or intervention by id.
pub fn show(lib: &Library, id: &str) -> Result<Shown, NotFound> {
    if let Some(p) = lib.pathway(id) {
        return Ok(show_pathway(lib, p));
    }
    let kpi = lib.kpi(id).or_else(|| {
        lib.kpi_ids()
            .find(|k| k.eq_ignore_ascii_case(id))
            .and_then(|k| lib.kpi(k))
    });
    if let Some(k) = kpi {
        return Ok(show_kpi(lib, k));
    }
    if let Some(p) = lib.profession(id) {
        return Ok(show_profession(lib, p));
    }
    if let Some(shown) = intervention::intervention(lib, id) {
        return Ok(Shown::Intervention(Box::new(shown)));
    }
    let candidates: Vec<&str> = lib
        .pathway_ids()
        .chain(lib.kpi_ids())
        .chain(lib.profession_ids())
        .chain(
            lib.interventions()
                .map(|(_, _, _, iv)| iv.id.value.as_str()),
        )
        .collect();
    Err(NotFound {
        id: id.to_string(),
        suggestion: did_you_mean(id, candidates),
    })
}

/// A whole pathway, its interventions by stage (catalogue order), then level.
pub fn show_pathway(lib: &Library, p: &Pathway) -> Shown {
    let id = p.id.value.as_str();
    let mut interventions = rows(
        lib,
        QueryRequest {
            pathways: vec![id.to_string()],
            no_universal: true,
            ..Default::default()
        },
    );
    let stage_pos = |s: &str| lib.stage(s).map_or(usize::MAX, |(i, _)| i);
    interventions.sort_by_key(|r| (stage_pos(&r.stage), r.level));
    Shown::Pathway {
        id: id.to_string(),
        title: p.title.to_string(),
        summary: p.summary.trim().to_string(),
        span: p.span.span(),
        in_addition_to_universal: p.in_addition_to_universal.as_ref().is_some_and(|b| b.value),
        entry_criteria: p
            .entry_criteria
            .as_ref()
            .map(|c| c.value.clone())
            .unwrap_or_default(),
        exit_criteria: p.exit_criteria.iter().map(Text::trimmed).collect(),
        source: p.source.trim().to_string(),
        last_reviewed: p.last_reviewed.as_ref().map(|d| d.value),
        next_review: p.next_review.as_ref().map(|d| d.value),
        note: p.note.as_ref().map(|n| n.trim().to_string()),
        interventions,
    }
}

/// A KPI and the interventions it measures.
pub fn show_kpi(lib: &Library, k: &Kpi) -> Shown {
    Shown::Kpi {
        id: k.id.value.to_string(),
        title: k.title.to_string(),
        definition: k.definition.trim().to_string(),
        numerator: k.numerator.trim().to_string(),
        denominator: k.denominator.trim().to_string(),
        deadline: k.deadline.as_ref().map(|d| d.value),
        status: k.status,
        source: k.source.trim().to_string(),
        interventions: rows(
            lib,
            QueryRequest {
                kpi: Some(k.id.value.to_string()),
                ..Default::default()
            },
        ),
    }
}

/// A profession and the interventions it leads or takes part in.
pub fn show_profession(lib: &Library, p: &Profession) -> Shown {
    Shown::Profession {
        id: p.id.value.to_string(),
        title: p.title.to_string(),
        description: p.description.trim().to_string(),
        interventions: rows(
            lib,
            QueryRequest {
                profession: Some(p.id.value.to_string()),
                ..Default::default()
            },
        ),
    }
}

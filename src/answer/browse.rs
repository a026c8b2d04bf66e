//! Browsing the catalogue and pathways: `hcp list …` and `hcp show …`.

use serde::Serialize;

use crate::answer::query::{self, QueryRequest, Row};
use crate::model::diagnostic::did_you_mean;
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{EntryCriteria, Level};

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
}

/// A listing: column headers and rows of text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Listing {
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows.
    pub rows: Vec<Vec<String>>,
}

/// Build a listing.
pub fn list(lib: &Library, kind: ListKind) -> Listing {
    let cat = &lib.catalogue;
    let uses = |pred: &dyn Fn(&crate::model::Intervention) -> bool| {
        lib.interventions()
            .filter(|(_, _, _, iv)| pred(iv))
            .count()
            .to_string()
    };
    match kind {
        ListKind::Pathways => Listing {
            headers: vec!["Id", "Title", "Kind", "Span", "U", "U+", "UPP"],
            rows: query::ordered_pathways(lib)
                .into_iter()
                .map(|p| {
                    let kind = cat
                        .pathway_set
                        .iter()
                        .find(|e| e.item.id.value == p.id.value)
                        .map_or("unregistered", |e| match e.item.kind {
                            crate::model::PathwayKind::Universal => "universal",
                            crate::model::PathwayKind::Targeted => "targeted",
                        });
                    let count = |l: Level| {
                        p.interventions
                            .iter()
                            .filter(|iv| iv.level.value == l)
                            .count()
                            .to_string()
                    };
                    vec![
                        p.id.value.to_string(),
                        p.title.to_string(),
                        kind.to_string(),
                        p.span.span().to_string(),
                        count(Level::Universal),
                        count(Level::UniversalPlus),
                        count(Level::UniversalPartnershipPlus),
                    ]
                })
                .collect(),
        },
        ListKind::Stages => Listing {
            headers: vec!["Id", "Title", "From", "To", "Interventions"],
            rows: cat
                .stages
                .iter()
                .map(|s| {
                    let s = &s.item;
                    let id = s.id.value.to_string();
                    vec![
                        s.id.value.to_string(),
                        s.title.to_string(),
                        s.from.value.to_string(),
                        s.to.value.to_string(),
                        uses(&|iv| query::matches_at(lib, iv, &query::At::Stage(id.clone()))),
                    ]
                })
                .collect(),
        },
        ListKind::Professions => Listing {
            headers: vec!["Id", "Title", "Leads", "Involved"],
            rows: cat
                .professions
                .iter()
                .map(|p| {
                    let id = p.item.id.value.as_str();
                    vec![
                        id.to_string(),
                        p.item.title.to_string(),
                        uses(&|iv| iv.lead.value == id),
                        uses(&|iv| iv.professions().any(|q| q == id)),
                    ]
                })
                .collect(),
        },
        ListKind::Kpis => Listing {
            headers: vec!["Id", "Title", "Status", "Deadline", "Interventions"],
            rows: {
                // National metrics first, then the recommended ones, each in catalogue order.
                let mut kpis: Vec<_> = cat.kpis.iter().collect();
                kpis.sort_by_key(|k| k.item.status != crate::model::KpiStatus::Existing);
                kpis
            }
            .into_iter()
            .map(|k| {
                let id = k.item.id.value.as_str();
                vec![
                    id.to_string(),
                    k.item.title.to_string(),
                    format!("{:?}", k.item.status).to_lowercase(),
                    k.item
                        .deadline
                        .as_ref()
                        .map_or(String::new(), |d| d.value.to_string()),
                    uses(&|iv| iv.kpis.iter().any(|x| x.value == id)),
                ]
            })
            .collect(),
        },
        ListKind::CorePurposes => Listing {
            headers: vec!["Number", "Title", "Wording", "Interventions"],
            rows: cat
                .core_purposes
                .iter()
                .map(|c| {
                    let n = c.item.number.value;
                    vec![
                        n.to_string(),
                        c.item.title.to_string(),
                        c.item.wording.trim().to_string(),
                        uses(&|iv| iv.core_purposes.iter().any(|x| x.value == n)),
                    ]
                })
                .collect(),
        },
        ListKind::Levels => Listing {
            headers: vec!["Id", "Title", "Definition"],
            rows: cat
                .levels
                .iter()
                .map(|l| {
                    vec![
                        l.item.id.value.id().to_string(),
                        l.item.title.to_string(),
                        l.item.definition.trim().to_string(),
                    ]
                })
                .collect(),
        },
        ListKind::Events => Listing {
            headers: vec!["Id", "Title", "Description"],
            rows: cat
                .events
                .iter()
                .map(|e| {
                    vec![
                        e.item.id.value.to_string(),
                        e.item.title.to_string(),
                        e.item.description.trim().to_string(),
                    ]
                })
                .collect(),
        },
        ListKind::Interfaces => Listing {
            headers: vec!["Id", "Title", "Interventions"],
            rows: cat
                .interfaces
                .iter()
                .map(|i| {
                    let id = i.item.id.value.as_str();
                    vec![
                        id.to_string(),
                        i.item.title.to_string(),
                        uses(&|iv| iv.interfaces.iter().any(|x| x.value == id)),
                    ]
                })
                .collect(),
        },
    }
}

/// What `hcp show` shows.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Shown {
    /// A whole pathway, by stage and level.
    Pathway {
        /// Id.
        id: String,
        /// Title.
        title: String,
        /// What it is for.
        summary: String,
        /// Span in words.
        span: String,
        /// Whether it builds on Universal.
        in_addition_to_universal: bool,
        /// Entry criteria per level.
        entry_criteria: EntryCriteria,
        /// Exit / step-down criteria.
        exit_criteria: Vec<Text>,
        /// Source.
        source: String,
        /// When the content was last checked against its sources (YYYY-MM-DD), if recorded.
        last_reviewed: Option<String>,
        /// When it must next be checked (YYYY-MM-DD), if recorded.
        next_review: Option<String>,
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
        deadline: Option<String>,
        /// existing / recommended.
        status: crate::model::KpiStatus,
        /// Source.
        source: String,
        /// Interventions measured by it.
        interventions: Vec<Row>,
    },
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

/// `hcp show ID` could not find the id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no pathway, KPI or profession `{id}`{}", .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
pub struct NotFound {
    /// What was asked for.
    pub id: String,
    /// The closest id.
    pub suggestion: Option<String>,
}

fn rows(lib: &Library, req: QueryRequest) -> Vec<Row> {
    query::run(lib, &req).map(|r| r.results).unwrap_or_default()
}

/// Show a pathway, KPI or profession by id.
pub fn show(lib: &Library, id: &str) -> Result<Shown, NotFound> {
    if let Some(p) = lib.pathway(id) {
        let mut interventions = rows(
            lib,
            QueryRequest {
                pathways: vec![id.to_string()],
                no_universal: true,
                ..Default::default()
            },
        );
        // By stage (catalogue order), then level.
        let stage_pos = |s: &str| lib.stage(s).map_or(usize::MAX, |(i, _)| i);
        interventions.sort_by_key(|r| (stage_pos(&r.stage), r.level));
        return Ok(Shown::Pathway {
            id: p.id.value.to_string(),
            title: p.title.to_string(),
            summary: p.summary.trim().to_string(),
            span: p.span.span().to_string(),
            in_addition_to_universal: p.in_addition_to_universal.as_ref().is_some_and(|b| b.value),
            entry_criteria: p
                .entry_criteria
                .as_ref()
                .map(|c| c.value.clone())
                .unwrap_or_default(),
            exit_criteria: p.exit_criteria.iter().map(Text::trimmed).collect(),
            source: p.source.trim().to_string(),
            last_reviewed: p.last_reviewed.as_ref().map(|d| d.value.to_string()),
            next_review: p.next_review.as_ref().map(|d| d.value.to_string()),
            note: p.note.as_ref().map(|n| n.trim().to_string()),
            interventions,
        });
    }
    let kpi = lib.kpi(id).or_else(|| {
        lib.kpi_ids()
            .find(|k| k.eq_ignore_ascii_case(id))
            .and_then(|k| lib.kpi(k))
    });
    if let Some(k) = kpi {
        return Ok(Shown::Kpi {
            id: k.id.value.to_string(),
            title: k.title.to_string(),
            definition: k.definition.trim().to_string(),
            numerator: k.numerator.trim().to_string(),
            denominator: k.denominator.trim().to_string(),
            deadline: k.deadline.as_ref().map(|d| d.value.to_string()),
            status: k.status,
            source: k.source.trim().to_string(),
            interventions: rows(
                lib,
                QueryRequest {
                    kpi: Some(k.id.value.to_string()),
                    ..Default::default()
                },
            ),
        });
    }
    if let Some(p) = lib.profession(id) {
        return Ok(Shown::Profession {
            id: p.id.value.to_string(),
            title: p.title.to_string(),
            description: p.description.trim().to_string(),
            interventions: rows(
                lib,
                QueryRequest {
                    profession: Some(id.to_string()),
                    ..Default::default()
                },
            ),
        });
    }
    let candidates: Vec<&str> = lib
        .pathway_ids()
        .chain(lib.kpi_ids())
        .chain(lib.profession_ids())
        .collect();
    Err(NotFound {
        id: id.to_string(),
        suggestion: did_you_mean(id, candidates),
    })
}

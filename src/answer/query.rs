//! The query engine: which interventions are due at an age, gestation or stage, on which
//! pathways, for which profession, core purpose, level, KPI or interface.
//!
//! Targeted pathways are in addition to Universal, so asking for a targeted pathway includes the
//! Universal interventions too (marked with their pathway and level) unless the caller opts out.
//! The answer is typed data; `render` words it (the question, the timing, why nothing matched).

use super::review::OverdueReview;
use crate::model::age::{Duration, MAX_GESTATION_DAYS, Point, Span};
use crate::model::diagnostic::did_you_mean;
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{Basis, Certainty, Intervention, Level, Pathway, PathwayKind};

/// When the question is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum At {
    /// Days since birth.
    Age(u32),
    /// Days of gestation.
    Gestation(u32),
    /// A named stage.
    Stage(String),
}

/// A query, as the command line gives it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryRequest {
    /// When; `None` means at any time.
    pub at: Option<At>,
    /// Pathway ids; empty means all.
    pub pathways: Vec<String>,
    /// Leave the Universal pathway out when targeted pathways are named.
    pub no_universal: bool,
    /// Only interventions this profession leads or takes part in.
    pub profession: Option<String>,
    /// Only interventions serving this Children's Centre core purpose.
    pub core_purpose: Option<u8>,
    /// Only interventions at this level.
    pub level: Option<Level>,
    /// Only interventions measured by this KPI.
    pub kpi: Option<String>,
    /// Only interventions on this partnership interface.
    pub interface: Option<String>,
    /// Case-insensitive text in the title, description or tools.
    pub text: Option<String>,
}

/// What kind of id a query named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// A pathway (`--pathway`).
    Pathway,
    /// A stage (`--stage`).
    Stage,
    /// A profession (`--profession`).
    Profession,
    /// A KPI (`--kpi`).
    Kpi,
    /// A partnership interface (`--interface`).
    Interface,
}

/// A query that cannot be answered as asked. Its words are made in `render`, which implements
/// `Display` for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryError {
    /// An id that does not exist.
    Unknown {
        /// What kind of id.
        kind: IdKind,
        /// What was given.
        value: String,
        /// The closest known id.
        suggestion: Option<String>,
    },
    /// A core purpose outside 1–3.
    CorePurpose(u8),
}

impl std::error::Error for QueryError {}

/// One matching intervention.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// Pathway id.
    pub pathway: Text,
    /// Pathway title.
    pub pathway_title: Text,
    /// Service level id.
    pub level: Level,
    /// Intervention id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Description.
    pub description: Text,
    /// First stage id.
    pub stage: Text,
    /// Last stage id, when it runs across stages.
    pub until_stage: Option<Text>,
    /// When it happens.
    pub timing: Timing,
    /// The event this intervention is (e.g. a mandated contact).
    pub event: Option<Text>,
    /// Lead profession id.
    pub lead: Text,
    /// Lead profession title.
    pub lead_title: Text,
    /// Other profession ids.
    pub with: Vec<Text>,
    /// KPI ids.
    pub kpis: Vec<Text>,
    /// Children's Centre core purposes.
    pub core_purposes: Vec<u8>,
    /// Named tools and programmes.
    pub tools: Vec<Text>,
    /// Partnership interfaces.
    pub interfaces: Vec<Text>,
    /// Guidance it comes from.
    pub source: Text,
    /// What it rests on.
    pub basis: Basis,
    /// How sure it is.
    pub certainty: Certainty,
    /// Caveats.
    pub note: Option<Text>,
}

/// When an intervention happens, as the data gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timing {
    /// The exact window, when there is one.
    pub window: Option<Span>,
    /// The single age it is scheduled at, when there is one.
    pub due: Option<Point>,
    /// The span of the stage(s) it is listed under, when they are known.
    pub stages: Option<Span>,
    /// Timing after an event, when there is one.
    pub relative: Option<RelativeTiming>,
    /// When its KPI counts it by, when that is recorded.
    pub kpi_deadline: Option<Point>,
}

/// Timing after an event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RelativeTiming {
    /// The event id.
    pub after: Text,
    /// The event's title, when the catalogue has the event.
    pub event_title: Option<Text>,
    /// Earliest time after the event.
    pub earliest: Duration,
    /// Latest time after the event.
    pub latest: Duration,
}

/// The answer to a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryResult {
    /// The question, as asked.
    pub request: QueryRequest,
    /// The pathways searched, in order.
    pub pathways: Vec<Text>,
    /// The matching interventions.
    pub results: Vec<Row>,
    /// When nothing matched because `--no-universal` left the Universal pathway out, and it has
    /// matches: what it would have given.
    pub universal_instead: Option<UniversalInstead>,
    /// When `--age` was given in whole weeks up to 42 for a named pathway that starts in
    /// pregnancy, and that pathway has nothing at that age (or nothing matched at all) but its span
    /// holds that many days of gestation: the gestation, in days, that was probably meant.
    pub gestation_instead: Option<u32>,
    /// Pathways searched that are past their `next_review` date (HCP027): their content may be
    /// out of date. Filled by [`super::review::overdue`]; [`run`] leaves it empty, as it knows no date.
    pub review_overdue: Vec<OverdueReview>,
}

/// What the Universal pathway would have given a query that left it out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UniversalInstead {
    /// The Universal pathway's title.
    pub title: Text,
    /// How many of its interventions match.
    pub count: usize,
}

/// Resolve the `--pathway` names into the pathways to search.
fn pathways_to_search<'a>(
    lib: &'a Library,
    req: &QueryRequest,
) -> Result<Vec<&'a Pathway>, QueryError> {
    let all: Vec<&Pathway> = ordered_pathways(lib);
    if req.pathways.is_empty() {
        return Ok(all);
    }
    for name in &req.pathways {
        if lib.pathway(name).is_none() {
            return Err(QueryError::Unknown {
                kind: IdKind::Pathway,
                value: name.clone(),
                suggestion: did_you_mean(name, lib.pathway_ids()),
            });
        }
    }
    Ok(all
        .into_iter()
        .filter(|p| {
            req.pathways.iter().any(|name| p.id.value == *name)
                || (!req.no_universal && is_universal(lib, p))
        })
        .collect())
}

/// Pathways in catalogue order (Universal first as the catalogue lists it), then any others.
pub fn ordered_pathways(lib: &Library) -> Vec<&Pathway> {
    let mut out: Vec<&Pathway> = lib
        .catalogue
        .pathway_set
        .iter()
        .filter_map(|e| lib.pathway(&e.item.id.value))
        .collect();
    for (_, p) in &lib.pathways {
        if !out.iter().any(|q| q.id.value == p.id.value) {
            out.push(p);
        }
    }
    out
}

fn is_universal(lib: &Library, p: &Pathway) -> bool {
    lib.catalogue
        .pathway_set
        .iter()
        .any(|e| e.item.id.value == p.id.value && e.item.kind == PathwayKind::Universal)
}

fn check_request(lib: &Library, req: &QueryRequest) -> Result<(), QueryError> {
    let unknown = |kind, value: &str, candidates: Vec<&str>| QueryError::Unknown {
        kind,
        value: value.to_string(),
        suggestion: did_you_mean(value, candidates),
    };
    if let Some(At::Stage(s)) = &req.at
        && lib.stage(s).is_none()
    {
        return Err(unknown(IdKind::Stage, s, lib.stage_ids().collect()));
    }
    if let Some(p) = &req.profession
        && lib.profession(p).is_none()
    {
        return Err(unknown(
            IdKind::Profession,
            p,
            lib.profession_ids().collect(),
        ));
    }
    if let Some(k) = &req.kpi
        && lib.kpi(k).is_none()
    {
        let fixed = lib.kpi_ids().find(|id| id.eq_ignore_ascii_case(k));
        return Err(QueryError::Unknown {
            kind: IdKind::Kpi,
            value: k.clone(),
            suggestion: fixed
                .map(str::to_string)
                .or_else(|| did_you_mean(k, lib.kpi_ids())),
        });
    }
    if let Some(i) = &req.interface
        && lib.interface(i).is_none()
    {
        return Err(unknown(IdKind::Interface, i, lib.interface_ids().collect()));
    }
    if let Some(cp) = req.core_purpose
        && !(1..=3).contains(&cp)
    {
        return Err(QueryError::CorePurpose(cp));
    }
    Ok(())
}

/// Whether the intervention can occur at `at`.
pub fn matches_at(lib: &Library, iv: &Intervention, at: &At) -> bool {
    match at {
        At::Stage(id) => {
            let Some((want, _)) = lib.stage(id) else {
                return false;
            };
            let first = lib.stage(&iv.stage.value).map(|(i, _)| i);
            let last = match &iv.until_stage {
                Some(u) => lib.stage(&u.value).map(|(i, _)| i),
                None => first,
            };
            matches!((first, last), (Some(a), Some(b)) if a <= want && want <= b)
        }
        At::Age(d) => span_contains(lib, iv, Point::Postnatal(*d)),
        At::Gestation(d) => span_contains(lib, iv, Point::Gestation(*d)),
    }
}

fn span_contains(lib: &Library, iv: &Intervention, point: Point) -> bool {
    lib.intervention_span(iv)
        .is_some_and(|span: Span| span.contains(point))
}

fn passes_filters(iv: &Intervention, req: &QueryRequest) -> bool {
    if let Some(p) = &req.profession
        && !iv.professions().any(|q| q == p)
    {
        return false;
    }
    if let Some(cp) = req.core_purpose
        && !iv.core_purposes.iter().any(|c| c.value == cp)
    {
        return false;
    }
    if let Some(level) = req.level
        && iv.level.value != level
    {
        return false;
    }
    if let Some(k) = &req.kpi
        && !iv.kpis.iter().any(|x| &x.value == k)
    {
        return false;
    }
    if let Some(f) = &req.interface
        && !iv.interfaces.iter().any(|x| &x.value == f)
    {
        return false;
    }
    if let Some(text) = &req.text {
        let needle = text.to_lowercase();
        let hay = [iv.title.as_str(), iv.description.as_str()]
            .into_iter()
            .chain(iv.tools.iter().map(Text::as_str));
        if !hay.into_iter().any(|h| h.to_lowercase().contains(&needle)) {
            return false;
        }
    }
    true
}

/// Answer a query.
pub fn run(lib: &Library, req: &QueryRequest) -> Result<QueryResult, QueryError> {
    check_request(lib, req)?;
    let pathways = pathways_to_search(lib, req)?;
    let select = |p: &Pathway, req: &QueryRequest| -> Vec<Row> {
        let mut rows: Vec<(Option<Point>, usize, Row)> = p
            .interventions
            .iter()
            .enumerate()
            .filter(|(_, iv)| req.at.as_ref().is_none_or(|at| matches_at(lib, iv, at)))
            .filter(|(_, iv)| passes_filters(iv, req))
            .map(|(i, iv)| {
                (
                    lib.intervention_span(iv).map(|s| s.from),
                    i,
                    row(lib, p, iv),
                )
            })
            .collect();
        rows.sort_by_key(|(start, i, row)| (row.level, *start, *i));
        rows.into_iter().map(|(_, _, r)| r).collect()
    };
    // Targeted pathways first (what was asked for), then Universal, which they build on.
    let mut ordered: Vec<&Pathway> = pathways
        .iter()
        .copied()
        .filter(|p| !is_universal(lib, p))
        .collect();
    ordered.extend(pathways.iter().copied().filter(|p| is_universal(lib, p)));
    if req.pathways.is_empty() {
        ordered = pathways.clone();
    }
    let results: Vec<Row> = ordered.iter().flat_map(|p| select(p, req)).collect();
    let universal_instead = if results.is_empty() && req.no_universal {
        lib.pathways
            .iter()
            .map(|(_, p)| p)
            .find(|p| is_universal(lib, p))
            .map(|u| UniversalInstead {
                title: u.title.clone(),
                count: select(u, req).len(),
            })
            .filter(|u| u.count > 0)
    } else {
        None
    };
    let gestation_instead = gestation_instead(lib, req, results.is_empty());
    Ok(QueryResult {
        request: req.clone(),
        pathways: ordered.iter().map(|p| p.id.value.clone()).collect(),
        results,
        universal_instead,
        gestation_instead,
        review_overdue: Vec::new(),
    })
}

/// The gestation an `--age` probably meant (see [`QueryResult::gestation_instead`]): the age is a
/// whole number of weeks up to 42, a named pathway starts before birth and its span holds that
/// gestation, and either nothing matched or the age is outside that pathway's span.
fn gestation_instead(lib: &Library, req: &QueryRequest, empty: bool) -> Option<u32> {
    let Some(At::Age(days)) = req.at else {
        return None;
    };
    if days % 7 != 0 || days > MAX_GESTATION_DAYS {
        return None;
    }
    let prenatal = req
        .pathways
        .iter()
        .filter_map(|name| lib.pathway(name))
        .map(|p| p.span.span())
        .filter(|span| !span.from.is_postnatal() && span.contains(Point::Gestation(days)));
    prenatal
        .into_iter()
        .any(|span| empty || !span.contains(Point::Postnatal(days)))
        .then_some(days)
}

/// When an intervention happens, from its window, due age, stages and event-relative timing.
pub fn timing(lib: &Library, iv: &Intervention) -> Timing {
    Timing {
        window: iv.window.as_ref().map(|w| Span {
            from: w.from.value,
            to: w.to.value,
        }),
        due: iv.due.as_ref().map(|d| d.value),
        stages: lib.intervention_stages(iv),
        relative: iv.relative.as_ref().map(|r| RelativeTiming {
            after: r.after.value.clone(),
            event_title: lib.event(&r.after.value).map(|e| e.title.clone()),
            earliest: r.earliest(),
            latest: r.latest.value,
        }),
        kpi_deadline: iv.kpi_deadline.as_ref().map(|k| k.value),
    }
}

/// One intervention of pathway `p` as a row.
pub fn row(lib: &Library, p: &Pathway, iv: &Intervention) -> Row {
    Row {
        pathway: p.id.value.clone(),
        pathway_title: p.title.clone(),
        level: iv.level.value,
        id: iv.id.value.clone(),
        title: iv.title.clone(),
        description: iv.description.trimmed(),
        stage: iv.stage.value.clone(),
        until_stage: iv.until_stage.as_ref().map(|s| s.value.clone()),
        timing: timing(lib, iv),
        event: iv.event.as_ref().map(|e| e.value.clone()),
        lead: iv.lead.value.clone(),
        lead_title: lib
            .profession(&iv.lead.value)
            .map_or(iv.lead.value.clone(), |p| p.title.clone()),
        with: iv.with.iter().map(|w| w.value.clone()).collect(),
        kpis: iv.kpis.iter().map(|k| k.value.clone()).collect(),
        core_purposes: iv.core_purposes.iter().map(|c| c.value).collect(),
        tools: iv.tools.clone(),
        interfaces: iv.interfaces.iter().map(|i| i.value.clone()).collect(),
        source: iv.source.value.clone(),
        basis: iv.basis,
        certainty: iv.certainty,
        note: iv.note.clone(),
    }
}

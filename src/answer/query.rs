//! The query engine: which interventions are due at an age, gestation or stage, on which
//! pathways, for which profession, core purpose, level, KPI or interface.
//!
//! Targeted pathways are in addition to Universal, so asking for a targeted pathway includes the
//! Universal interventions too (marked with their pathway and level) unless the caller opts out.

use serde::{Deserialize, Serialize};

use super::review::OverdueReview;
use crate::model::age::{self, Point, Span, format_age_days, format_gestation_days};
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

impl At {
    /// Words for messages: `2y`, `28w of pregnancy`, `stage 6-8-weeks`.
    pub fn describe(&self) -> String {
        match self {
            At::Age(d) => format_age_days(*d),
            At::Gestation(d) => format!("{} of pregnancy", format_gestation_days(*d)),
            At::Stage(s) => format!("stage {s}"),
        }
    }
}

/// A query, as the command line gives it.
#[derive(Debug, Clone, Default)]
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

/// A query that cannot be answered as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// An id that does not exist.
    #[error("unknown {kind} `{value}`{}", .suggestion.as_ref().map(|s| format!("; did you mean `{s}`?")).unwrap_or_default())]
    Unknown {
        /// What kind of id.
        kind: &'static str,
        /// What was given.
        value: String,
        /// The closest known id.
        suggestion: Option<String>,
    },
    /// A core purpose outside 1–3.
    #[error("core purpose {0} does not exist; use 1, 2 or 3")]
    CorePurpose(u8),
}

/// One matching intervention, in the stable JSON shape scripts rely on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub until_stage: Option<Text>,
    /// When, in words: the window, the stages, and any event-relative timing.
    pub timing: String,
    /// Exact window, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub window: Option<WindowOut>,
    /// The single age it is scheduled at, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// Event-relative timing, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub relative: Option<RelativeOut>,
    /// The event this intervention is (e.g. a mandated contact).
    #[serde(skip_serializing_if = "Option::is_none")]
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
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<Text>,
}

/// An exact window in the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WindowOut {
    /// First point, as written in data (`10d`, `28w gestation`).
    pub from: String,
    /// Last point.
    pub to: String,
    /// KPI deadline, when it differs from `to`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kpi_deadline: Option<String>,
}

/// An event-relative timing in the JSON output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelativeOut {
    /// Event id.
    pub after: Text,
    /// Earliest, e.g. `0d`.
    pub earliest: String,
    /// Latest, e.g. `15wd`.
    pub latest: String,
}

/// The answer to a query.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueryResult {
    /// The question in words, e.g. `at 2y (day 730)`.
    pub asked: String,
    /// The pathways searched, in order.
    pub pathways: Vec<Text>,
    /// The matching interventions.
    pub results: Vec<Row>,
    /// When nothing matched: why, and what would find something.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub empty_reason: Option<String>,
    /// Pathways searched that are past their `next_review` date (HCP027): their content may be
    /// out of date. Filled by [`super::review::overdue`]; [`run`] leaves it empty, as it knows no date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_overdue: Vec<OverdueReview>,
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
                kind: "pathway",
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
        return Err(unknown("stage", s, lib.stage_ids().collect()));
    }
    if let Some(p) = &req.profession
        && lib.profession(p).is_none()
    {
        return Err(unknown("profession", p, lib.profession_ids().collect()));
    }
    if let Some(k) = &req.kpi
        && lib.kpi(k).is_none()
    {
        let fixed = lib.kpi_ids().find(|id| id.eq_ignore_ascii_case(k));
        return Err(QueryError::Unknown {
            kind: "KPI",
            value: k.clone(),
            suggestion: fixed
                .map(str::to_string)
                .or_else(|| did_you_mean(k, lib.kpi_ids())),
        });
    }
    if let Some(i) = &req.interface
        && lib.interface(i).is_none()
    {
        return Err(unknown("interface", i, lib.interface_ids().collect()));
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
    let asked = describe_request(req);
    let empty_reason = results.is_empty().then(|| {
        let named = if req.pathways.is_empty() {
            "no interventions".to_string()
        } else {
            format!("no {} interventions", req.pathways.join(" or "))
        };
        let mut reason = format!("{named} {asked}");
        if req.no_universal
            && let Some(u) = lib
                .pathways
                .iter()
                .map(|(_, p)| p)
                .find(|p| is_universal(lib, p))
        {
            let n = select(u, req).len();
            if n > 0 {
                reason.push_str(&format!("; {} has {n} — drop --no-universal", u.title));
            }
        }
        reason
    });
    Ok(QueryResult {
        asked,
        pathways: ordered.iter().map(|p| p.id.value.clone()).collect(),
        results,
        empty_reason,
        review_overdue: Vec::new(),
    })
}

fn describe_request(req: &QueryRequest) -> String {
    let mut parts = Vec::new();
    match &req.at {
        Some(At::Age(d)) => parts.push(format!("at {} (day {d})", format_age_days(*d))),
        Some(at @ At::Gestation(_)) => parts.push(format!("at {}", at.describe())),
        Some(At::Stage(s)) => parts.push(format!("in stage {s}")),
        None => parts.push("at any age".to_string()),
    }
    if let Some(p) = &req.profession {
        parts.push(format!("involving {p}"));
    }
    if let Some(l) = req.level {
        parts.push(format!("at level {}", l.id()));
    }
    if let Some(cp) = req.core_purpose {
        parts.push(format!("serving core purpose {cp}"));
    }
    if let Some(k) = &req.kpi {
        parts.push(format!("measured by {k}"));
    }
    if let Some(i) = &req.interface {
        parts.push(format!("on the {i} interface"));
    }
    if let Some(t) = &req.text {
        parts.push(format!("mentioning \"{t}\""));
    }
    parts.join(", ")
}

/// Words for when an intervention happens.
pub fn timing_text(lib: &Library, iv: &Intervention) -> String {
    let mut parts = Vec::new();
    if let Some(w) = &iv.window {
        parts.push(
            Span {
                from: w.from.value,
                to: w.to.value,
            }
            .to_string(),
        );
    } else if let Some(due) = &iv.due {
        parts.push(format!("due at {}", due.value));
    } else if iv.relative.is_none()
        && let Some(stages) = lib.intervention_stages(iv)
    {
        // An event-relative timing says when; the stages only say where it is listed.
        parts.push(stages.to_string());
    }
    if let Some(r) = &iv.relative {
        let event = lib
            .event(&r.after.value)
            .map_or_else(|| r.after.value.to_string(), |e| e.title.to_lowercase());
        let earliest = r.earliest();
        if earliest.min_calendar_days() == 0 {
            parts.push(format!("within {} of {event}", r.latest.value));
        } else {
            parts.push(format!("{earliest} to {} after {event}", r.latest.value));
        }
    }
    if let Some(k) = &iv.kpi_deadline {
        parts.push(format!("KPI counts by {}", k.value));
    }
    parts.join("; ")
}

fn row(lib: &Library, p: &Pathway, iv: &Intervention) -> Row {
    Row {
        pathway: p.id.value.clone(),
        pathway_title: p.title.clone(),
        level: iv.level.value,
        id: iv.id.value.clone(),
        title: iv.title.clone(),
        description: iv.description.trimmed(),
        stage: iv.stage.value.clone(),
        until_stage: iv.until_stage.as_ref().map(|s| s.value.clone()),
        timing: timing_text(lib, iv),
        window: iv.window.as_ref().map(|w| WindowOut {
            from: w.from.value.to_string(),
            to: w.to.value.to_string(),
            kpi_deadline: iv.kpi_deadline.as_ref().map(|k| k.value.to_string()),
        }),
        due: iv.due.as_ref().map(|d| d.value.to_string()),
        relative: iv.relative.as_ref().map(|r| RelativeOut {
            after: r.after.value.clone(),
            earliest: duration_code(r.earliest()),
            latest: duration_code(r.latest.value),
        }),
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

fn duration_code(d: age::Duration) -> String {
    match d {
        age::Duration::Days(0) => "0d".to_string(),
        age::Duration::Days(n) => format_age_days(n),
        age::Duration::WorkingDays(n) => format!("{n}wd"),
    }
}

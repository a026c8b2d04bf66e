//! The query engine: which interventions are due at an age, gestation or stage, on which
//! pathways, for which profession, core purpose, level, KPI or interface.
//!
//! At an age or a gestation the answer is a point-of-care one: each row has a [`Status`] (due
//! now, overdue if not yet done, coming up, ongoing, if needed, after an event) and rows come most
//! urgent first. The scope at a point is Universal unless pathways are named (or `all`); the
//! answer counts what the targeted pathways left out also have at that point, so nothing is hidden
//! without a word. Targeted pathways are in addition to Universal, so naming one includes the
//! Universal interventions too unless the caller opts out. Without a point the query searches every
//! pathway. The answer is typed data; `render` words it.

mod row;

pub use row::{RelativeTiming, Row, Timing, row, timing};

use super::review::OverdueReview;
use super::status::{DEFAULT_AHEAD_DAYS, Priority, Status, status_at};
use crate::model::age::{MAX_GESTATION_DAYS, Point, Span};
use crate::model::diagnostic::did_you_mean;
use crate::model::library::Library;
use crate::model::text::Text;
use crate::model::{Intervention, Level, Pathway, PathwayKind, TimingKind};

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
    /// Search all nine pathways, and list every pathway's if-needed items.
    pub all: bool,
    /// How far ahead "coming up" looks, in days; `None`: 8 weeks.
    pub ahead: Option<u32>,
    /// Today's date, for birth-cohort schedules and time-limited programmes; `None`: not known
    /// (every cohort's items are shown, each with the dates of birth it is for).
    pub today: Option<jiff::civil::Date>,
    /// The point as typed (`16w`), echoed in the answer.
    pub typed: Option<String>,
}

impl QueryRequest {
    /// The look-ahead in days.
    pub fn ahead_days(&self) -> u32 {
        self.ahead.unwrap_or(DEFAULT_AHEAD_DAYS)
    }

    /// The point asked about, for an age or a gestation.
    pub fn point(&self) -> Option<Point> {
        match self.at {
            Some(At::Age(d)) => Some(Point::Postnatal(d)),
            Some(At::Gestation(d)) => Some(Point::Gestation(d)),
            _ => None,
        }
    }
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

/// The answer to a query.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryResult {
    /// The question, as asked.
    pub request: QueryRequest,
    /// The pathways searched, in order.
    pub pathways: Vec<Text>,
    /// Their titles, in the same order.
    pub pathway_titles: Vec<Text>,
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
    /// Targeted pathways that were not searched but have items at the point asked about (with
    /// the same filters), in catalogue order.
    pub also: Vec<AlsoHere>,
    /// If-needed items of the pathways searched but not named (Universal, unless `all`), left out.
    pub if_needed_left_out: usize,
    /// The date of birth the cohort schedules were read for (today − age), when an age and
    /// today are known.
    pub born_on: Option<jiff::civil::Date>,
    /// Items left out because they are for children born on other dates, or for a time-limited
    /// programme not running today.
    pub other_cohorts: usize,
}

/// A targeted pathway not searched that has items at the point asked about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AlsoHere {
    /// Pathway id.
    pub pathway: Text,
    /// Pathway title.
    pub title: Text,
    /// How many of its interventions have a status there.
    pub count: usize,
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
        if req.all || req.point().is_none() {
            return Ok(all);
        }
        // At a point of care the default is the Universal offer; `also` names the rest.
        return Ok(all.into_iter().filter(|p| is_universal(lib, p)).collect());
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

/// Whether a row from pathway `p` is in the cohort and running today (see
/// [`QueryRequest::today`]); always true without today or for items with no dates.
fn in_cohort(iv: &Intervention, req: &QueryRequest) -> bool {
    let Some(today) = req.today else {
        return true;
    };
    if iv.offered.as_ref().is_some_and(|o| !o.contains(today)) {
        return false;
    }
    match (req.at.as_ref(), iv.born.as_ref()) {
        (Some(At::Age(d)), Some(born)) => born_on(today, *d).is_none_or(|b| born.contains(b)),
        _ => true,
    }
}

/// The date of birth of a child `days` old today.
fn born_on(today: jiff::civil::Date, days: u32) -> Option<jiff::civil::Date> {
    today
        .checked_sub(jiff::Span::new().days(i64::from(days)))
        .ok()
}

/// The status of `iv` for this request: at a point, its point-of-care status; in a stage, its
/// kind (a scheduled item is due in the stage); with no time, none.
fn status_for(lib: &Library, iv: &Intervention, req: &QueryRequest) -> Option<Option<Status>> {
    match &req.at {
        None => Some(None),
        Some(At::Stage(_)) => {
            let at = req.at.as_ref()?;
            matches_at(lib, iv, at).then(|| {
                iv.timing.as_ref().map(|k| match k.value {
                    TimingKind::Scheduled => Status::Due,
                    TimingKind::Ongoing => Status::Ongoing,
                    TimingKind::IfNeeded => Status::IfNeeded,
                    TimingKind::Event => Status::Event,
                })
            })
        }
        Some(_) => {
            let point = req.point()?;
            status_at(lib, iv, point, req.ahead_days()).map(Some)
        }
    }
}

/// What one pathway gives the request: rows with their status, the if-needed items left out
/// and the items of other cohorts.
struct Selected {
    rows: Vec<(SortKey, Row)>,
    if_needed_left_out: usize,
    other_cohorts: usize,
}

fn select(lib: &Library, p: &Pathway, req: &QueryRequest, rank: usize) -> Selected {
    let named = req.all || req.pathways.iter().any(|n| p.id.value == *n);
    let mut out = Selected {
        rows: Vec::new(),
        if_needed_left_out: 0,
        other_cohorts: 0,
    };
    for (i, iv) in p.interventions.iter().enumerate() {
        if !passes_filters(iv, req) {
            continue;
        }
        let Some(status) = status_for(lib, iv, req) else {
            continue;
        };
        if !in_cohort(iv, req) {
            out.other_cohorts += 1;
            continue;
        }
        if status == Some(Status::IfNeeded) && !named && req.point().is_some() {
            out.if_needed_left_out += 1;
            continue;
        }
        let mut r = row(lib, p, iv);
        r.status = status;
        out.rows.push((sort_key(lib, iv, &r, req, rank, i), r));
    }
    out
}

/// How rows are ordered. At a point: by status (most urgent first); due items by priority
/// (mandated reviews, then screening and immunisation, then the rest); overdue items by how soon
/// catch-up ends; coming-up items by when they open; then by pathway (targeted pathways asked for
/// first), level and start. Otherwise: by pathway, level and start.
type SortKey = (
    Option<Status>,
    Priority,
    Option<Point>,
    usize,
    Level,
    Option<Point>,
    usize,
);

fn sort_key(
    lib: &Library,
    iv: &Intervention,
    r: &Row,
    req: &QueryRequest,
    rank: usize,
    index: usize,
) -> SortKey {
    let start = lib.intervention_span(iv).map(|s| s.from);
    if req.point().is_none() {
        return (None, Priority::Other, None, rank, r.level, start, index);
    }
    let (priority, when) = match r.status {
        Some(Status::Due) => (r.priority, None),
        Some(Status::Overdue) => (Priority::Other, r.timing.catch_up_until),
        Some(Status::Upcoming) => (Priority::Other, r.timing.scheduled.map(|w| w.from)),
        _ => (Priority::Other, None),
    };
    (r.status, priority, when, rank, r.level, start, index)
}

/// Answer a query.
pub fn run(lib: &Library, req: &QueryRequest) -> Result<QueryResult, QueryError> {
    check_request(lib, req)?;
    let pathways = pathways_to_search(lib, req)?;
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
    let mut if_needed_left_out = 0;
    let mut other_cohorts = 0;
    // One sort over every pathway: at a point, sections run across pathways; otherwise the key
    // starts with the pathway's rank, which keeps each pathway's rows together.
    let mut keyed: Vec<(SortKey, Row)> = Vec::new();
    for (rank, p) in ordered.iter().enumerate() {
        let selected = select(lib, p, req, rank);
        if_needed_left_out += selected.if_needed_left_out;
        other_cohorts += selected.other_cohorts;
        keyed.extend(selected.rows);
    }
    keyed.sort_by_key(|k| k.0);
    let results: Vec<Row> = keyed.into_iter().map(|(_, r)| r).collect();
    let universal_instead = if results.is_empty() && req.no_universal {
        lib.pathways
            .iter()
            .map(|(_, p)| p)
            .find(|p| is_universal(lib, p))
            .map(|u| UniversalInstead {
                title: u.title.clone(),
                count: select(lib, u, req, 0).rows.len(),
            })
            .filter(|u| u.count > 0)
    } else {
        None
    };
    let also = if req.point().is_some() && !req.all {
        ordered_pathways(lib)
            .into_iter()
            .filter(|p| !is_universal(lib, p) && !ordered.iter().any(|q| q.id.value == p.id.value))
            .map(|p| {
                let everything = QueryRequest {
                    all: true,
                    ..req.clone()
                };
                AlsoHere {
                    pathway: p.id.value.clone(),
                    title: p.title.clone(),
                    count: select(lib, p, &everything, 0).rows.len(),
                }
            })
            .filter(|a| a.count > 0)
            .collect()
    } else {
        Vec::new()
    };
    let gestation_instead = gestation_instead(lib, req, results.is_empty());
    let born_on = match (req.today, &req.at) {
        (Some(today), Some(At::Age(d))) => born_on(today, *d),
        _ => None,
    };
    Ok(QueryResult {
        request: req.clone(),
        pathways: ordered.iter().map(|p| p.id.value.clone()).collect(),
        pathway_titles: ordered.iter().map(|p| p.title.clone()).collect(),
        results,
        universal_instead,
        gestation_instead,
        review_overdue: Vec::new(),
        also,
        if_needed_left_out,
        born_on,
        other_cohorts,
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

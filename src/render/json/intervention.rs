//! `hcp show <intervention-id> --format json`: the intervention, its timeline points with their
//! numbers of days, and what it refers to with titles.

use schemars::JsonSchema;
use serde::Serialize;

use crate::answer::browse::{CorePurposeRef, InterventionShown, KpiRef, Named};
use crate::model::age::{Point, Span};
use crate::model::text::Text;
use crate::model::{Basis, Certainty, Level};
use crate::render::words::{duration_code, timing};

/// A timeline point with its number of days: `{"at": "10d", "day": 10}`,
/// `{"at": "28w gestation", "gestation_day": 196}`, `{"at": "preconception"}`.
#[derive(Serialize, JsonSchema)]
struct PointView {
    at: Point,
    #[serde(skip_serializing_if = "Option::is_none")]
    day: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gestation_day: Option<u32>,
}

impl From<Point> for PointView {
    fn from(at: Point) -> Self {
        let (day, gestation_day) = match at {
            Point::Postnatal(d) => (Some(d), None),
            Point::Gestation(g) => (None, Some(g)),
            Point::Preconception => (None, None),
        };
        PointView {
            at,
            day,
            gestation_day,
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct SpanView {
    from: PointView,
    to: PointView,
}

impl From<Span> for SpanView {
    fn from(span: Span) -> Self {
        SpanView {
            from: span.from.into(),
            to: span.to.into(),
        }
    }
}

#[derive(Serialize, JsonSchema)]
struct EventView<'a> {
    id: &'a Text,
    title: &'a Text,
    mandated: bool,
}

#[derive(Serialize, JsonSchema)]
struct ShownRelativeView<'a> {
    after: &'a Text,
    after_title: Option<&'a Text>,
    earliest: String,
    latest: String,
}

/// `hcp show <intervention-id>`: the row's scalar keys, then the timing in days and what it
/// refers to with titles.
#[derive(Serialize, JsonSchema)]
pub(super) struct InterventionView<'a> {
    id: &'a Text,
    title: &'a Text,
    description: &'a str,
    pathway: &'a Text,
    pathway_title: &'a Text,
    level: Level,
    level_title: &'static str,
    timing: String,
    window: Option<SpanView>,
    due: Option<PointView>,
    kpi_deadline: Option<PointView>,
    relative: Option<ShownRelativeView<'a>>,
    stage: &'a Text,
    until_stage: Option<&'a Text>,
    stages: &'a [Named],
    lead: &'a Text,
    lead_title: &'a Text,
    with: &'a [Named],
    kpis: &'a [KpiRef],
    core_purposes: &'a [CorePurposeRef],
    tools: &'a [Text],
    interfaces: &'a [Named],
    entry_criteria: &'a [Text],
    event: Option<EventView<'a>>,
    source: &'a str,
    basis: Basis,
    certainty: Certainty,
    note: Option<&'a str>,
}

impl<'a> InterventionView<'a> {
    pub(super) fn new(shown: &'a InterventionShown) -> Self {
        let r = &shown.row;
        let t = &r.timing;
        InterventionView {
            id: &r.id,
            title: &r.title,
            description: super::prose(&r.description),
            pathway: &r.pathway,
            pathway_title: &r.pathway_title,
            level: r.level,
            level_title: r.level.title(),
            timing: timing(t),
            window: t.window.map(SpanView::from),
            due: t.due.map(PointView::from),
            kpi_deadline: t.kpi_deadline.map(PointView::from),
            relative: t.relative.as_ref().map(|rel| ShownRelativeView {
                after: &rel.after,
                after_title: rel.event_title.as_ref(),
                earliest: duration_code(rel.earliest),
                latest: duration_code(rel.latest),
            }),
            stage: &r.stage,
            until_stage: r.until_stage.as_ref(),
            stages: &shown.stages,
            lead: &r.lead,
            lead_title: &r.lead_title,
            with: &shown.with,
            kpis: &shown.kpis,
            core_purposes: &shown.core_purposes,
            tools: &r.tools,
            interfaces: &shown.interfaces,
            entry_criteria: &shown.entry_criteria,
            event: shown.event.as_ref().map(|e| EventView {
                id: &e.event.id,
                title: &e.event.title,
                mandated: e.mandated,
            }),
            source: super::prose(&r.source),
            basis: r.basis,
            certainty: r.certainty,
            note: r.note.as_deref().map(super::prose),
        }
    }
}

//! Each page's view: a pathway (with its figure), a KPI, a profession, an intervention, and the
//! lines of the index and the list of KPIs, worded from the answers with the helpers in `views`.

use serde::Serialize;

use super::figures;
use super::timeline::Figure;
use super::views::{
    Ctx, Group, Link, RowView, Segment, by_stage, kpi_href, long_date, one_line, pathway_href,
    profession_href, segments,
};
use crate::answer::browse::{InterventionShown, KpiItem, PathwayItem, Shown};
use crate::answer::query::Row;
use crate::answer::site::Site;
use crate::model::{KpiStatus, Level, TimingKind};
use crate::render::ages;
use crate::render::words::{
    basis, catch_up, certainty, cohort, day, days, join, kind_words, plural, timing,
};

/// A pathway in the index's tables.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PathwayLine {
    href: String,
    title: String,
    kind: &'static str,
    span: String,
    u: usize,
    up: usize,
    upp: usize,
    last_reviewed: String,
    next_review: String,
    overdue: bool,
}

pub(super) fn pathway_line(ctx: Ctx<'_>, site: &Site, p: &PathwayItem) -> PathwayLine {
    use crate::answer::browse::ListedKind;
    let found = ctx.lib.pathway(&p.id);
    PathwayLine {
        href: format!("{}{}", ctx.root, pathway_href(&p.id)),
        title: p.title.to_string(),
        kind: match p.kind {
            ListedKind::Universal => "Universal",
            ListedKind::Targeted => "Targeted",
            ListedKind::Unregistered => "Not in the catalogue",
        },
        span: ages::window(crate::model::age::Span {
            from: p.from,
            to: p.to,
        }),
        u: p.universal,
        up: p.universal_plus,
        upp: p.universal_partnership_plus,
        last_reviewed: long_date(found.and_then(|f| f.last_reviewed.as_ref().map(|d| d.value))),
        next_review: long_date(found.and_then(|f| f.next_review.as_ref().map(|d| d.value))),
        overdue: site.review_overdue.iter().any(|o| o.pathway == p.id),
    }
}

/// Criteria under a heading.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Criteria {
    heading: &'static str,
    items: Vec<String>,
}

/// A pathway's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct PathwayView {
    title: String,
    summary: String,
    span: String,
    levels: String,
    counts: String,
    last_reviewed: String,
    next_review: String,
    overdue: bool,
    note: Option<String>,
    criteria: Vec<Criteria>,
    stages: Vec<Group>,
    source: Vec<Segment>,
    intervention_sources: Vec<Vec<Segment>>,
}

/// A pathway's page and its figure; `None` when `shown` is not a pathway.
pub(super) fn pathway(ctx: Ctx<'_>, site: &Site, shown: &Shown) -> Option<(PathwayView, Figure)> {
    let Shown::Pathway {
        id,
        title,
        summary,
        span,
        in_addition_to_universal,
        entry_criteria,
        exit_criteria,
        source,
        last_reviewed,
        next_review,
        note,
        interventions,
    } = shown
    else {
        return None;
    };
    let count = |l: Level| interventions.iter().filter(|r| r.level == l).count();
    let counts: Vec<String> = Level::ALL
        .iter()
        .map(|l| count(*l))
        .zip(Level::ALL)
        .filter(|(n, _)| *n > 0)
        .map(|(n, l)| format!("{n} at {}", l.title()))
        .collect();
    let mut levels: Vec<&str> = Level::ALL
        .iter()
        .filter(|l| count(**l) > 0)
        .map(|l| l.title())
        .collect();
    if levels.is_empty() {
        levels.push("none");
    }
    let mut levels = levels.join(", ");
    if *in_addition_to_universal {
        levels.push_str(", each in addition to the Universal pathway");
    }
    let mut criteria = Vec::new();
    for (heading, items) in [
        (
            "Entry criteria: Universal Plus",
            &entry_criteria.universal_plus,
        ),
        (
            "Entry criteria: Universal Partnership Plus",
            &entry_criteria.universal_partnership_plus,
        ),
        ("Exit and step-down", exit_criteria),
    ] {
        if !items.is_empty() {
            criteria.push(Criteria {
                heading,
                items: items.iter().map(|i| one_line(i)).collect(),
            });
        }
    }
    let rows: Vec<&Row> = interventions.iter().collect();
    let stages = by_stage(ctx, &rows, &|stage| {
        format!("{title}: interventions in {stage}, by level")
    });
    let mut intervention_sources: Vec<String> = Vec::new();
    for r in interventions {
        let s = one_line(&r.source);
        if !s.is_empty() && s != one_line(source) && !intervention_sources.contains(&s) {
            intervention_sources.push(s);
        }
    }
    let figure = figures::pathway_lanes(ctx.lib, &site.stages, title, interventions);
    let overdue = site.review_overdue.iter().any(|o| o.pathway == id.as_str());
    Some((
        PathwayView {
            title: title.clone(),
            summary: one_line(summary),
            span: ages::window(*span),
            levels,
            counts: if counts.is_empty() {
                "none".into()
            } else {
                counts.join(", ")
            },
            last_reviewed: long_date(*last_reviewed),
            next_review: long_date(*next_review),
            overdue,
            note: note.as_deref().map(one_line),
            criteria,
            stages,
            source: segments(source),
            intervention_sources: intervention_sources.iter().map(|s| segments(s)).collect(),
        },
        figure,
    ))
}

fn status(s: KpiStatus) -> &'static str {
    match s {
        KpiStatus::Existing => "existing (a national metric)",
        KpiStatus::Recommended => "recommended",
    }
}

/// A KPI in the list of KPIs.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiLine {
    href: String,
    id: String,
    title: String,
    status: &'static str,
    deadline: String,
    count: usize,
}

pub(super) fn kpi_line(ctx: Ctx<'_>, k: &KpiItem) -> KpiLine {
    KpiLine {
        href: format!("{}{}", ctx.root, kpi_href(&k.id)),
        id: k.id.to_string(),
        title: k.title.to_string(),
        status: status(k.status),
        deadline: k
            .deadline
            .map_or_else(|| "–".to_string(), |d| format!("by {}", ages::point(d))),
        count: k.interventions,
    }
}

/// A KPI's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiView {
    id: String,
    title: String,
    status: &'static str,
    definition: String,
    numerator: String,
    denominator: String,
    deadline: Option<String>,
    source: Vec<Segment>,
    caption: String,
    rows: Vec<RowView>,
}

pub(super) fn kpi(ctx: Ctx<'_>, shown: &Shown) -> Option<KpiView> {
    let Shown::Kpi {
        id,
        title,
        definition,
        numerator,
        denominator,
        deadline,
        status: s,
        source,
        interventions,
    } = shown
    else {
        return None;
    };
    Some(KpiView {
        id: id.clone(),
        title: title.clone(),
        status: status(*s),
        definition: one_line(definition),
        numerator: one_line(numerator),
        denominator: one_line(denominator),
        deadline: deadline.map(|d| format!("by {}", ages::point(d))),
        source: segments(source),
        caption: format!("The interventions {id} measures"),
        rows: interventions.iter().map(|r| ctx.row(r)).collect(),
    })
}

/// A profession's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ProfessionView {
    title: String,
    description: String,
    leads: Vec<Group>,
    with_caption: String,
    with_rows: Vec<RowView>,
}

pub(super) fn profession(ctx: Ctx<'_>, shown: &Shown) -> Option<ProfessionView> {
    let Shown::Profession {
        id,
        title,
        description,
        interventions,
    } = shown
    else {
        return None;
    };
    let mut rows: Vec<&Row> = interventions.iter().collect();
    rows.sort_by_key(|r| (ctx.stage_pos(&r.stage), r.level));
    let (leads, with): (Vec<&Row>, Vec<&Row>) =
        rows.into_iter().partition(|r| r.lead == id.as_str());
    Some(ProfessionView {
        title: title.clone(),
        description: one_line(description),
        leads: by_stage(ctx, &leads, &|stage| {
            format!("What the {} leads in {stage}", title.to_lowercase())
        }),
        with_caption: format!(
            "What the {} takes part in, led by others",
            title.to_lowercase()
        ),
        with_rows: with.iter().map(|r| ctx.row(r)).collect(),
    })
}

/// A label and its words, for the timing of an intervention.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Fact {
    label: &'static str,
    text: String,
}

/// KPI on an intervention's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct KpiRefView {
    href: String,
    id: String,
    text: String,
}

/// An intervention's page.
#[derive(Debug, Clone, Serialize)]
pub(super) struct InterventionView {
    id: String,
    title: String,
    description: String,
    pathway: Link,
    level: &'static str,
    when: String,
    timing: Vec<Fact>,
    stages_label: &'static str,
    stages: Vec<Link>,
    lead: Link,
    with: Vec<Link>,
    event: Option<String>,
    kpis: Vec<KpiRefView>,
    core_purposes: Vec<Link>,
    tools: String,
    interfaces: Vec<Link>,
    entry_heading: String,
    entry_criteria: Vec<String>,
    source: Vec<Segment>,
    basis: &'static str,
    certainty: &'static str,
    note: Option<String>,
}

pub(super) fn intervention(ctx: Ctx<'_>, shown: &InterventionShown) -> InterventionView {
    let r = &shown.row;
    let t = &r.timing;
    let mut facts = Vec::new();
    if let Some(kind) = t.kind {
        facts.push(Fact {
            label: "Timing",
            text: kind_words(kind).to_string(),
        });
    }
    if let Some(c) = catch_up(t) {
        facts.push(Fact {
            label: "If missed",
            text: c,
        });
    }
    if let Some(c) = cohort(r) {
        facts.push(Fact {
            label: "For children",
            text: c,
        });
    }
    if let Some(w) = t.window {
        facts.push(Fact {
            label: "Window in days",
            text: days(w),
        });
    } else if let Some(d) = t.due {
        facts.push(Fact {
            label: "Due in days",
            text: day(d),
        });
    }
    let pathway_page = pathway_href(&r.pathway);
    let event = shown.event.as_ref().map(|e| {
        let mandated = if e.mandated {
            ", one of the mandated health visiting reviews"
        } else {
            ""
        };
        format!("{}{mandated}", e.event.title)
    });
    InterventionView {
        id: r.id.to_string(),
        title: r.title.to_string(),
        description: one_line(&r.description),
        pathway: ctx.link(pathway_page.clone(), &r.pathway_title),
        level: r.level.title(),
        when: timing(t),
        timing: facts,
        stages_label: plural(shown.stages.len(), "Stage", "Stages"),
        // The pathway's page has a section for the stage an intervention is listed under; the
        // later stages it runs into are named only.
        stages: shown
            .stages
            .iter()
            .map(|s| match s.id == r.stage {
                true => ctx.link(format!("{pathway_page}#stage-{}", s.id), &s.title),
                false => Link {
                    href: String::new(),
                    text: s.title.to_string(),
                },
            })
            .collect(),
        lead: ctx.link(profession_href(&r.lead), &r.lead_title),
        with: shown
            .with
            .iter()
            .map(|w| ctx.link(profession_href(&w.id), &w.title))
            .collect(),
        event,
        kpis: shown
            .kpis
            .iter()
            .map(|k| {
                let by = k
                    .deadline
                    .map(|d| format!(" (by {})", ages::point(d)))
                    .unwrap_or_default();
                KpiRefView {
                    href: format!("{}{}", ctx.root, kpi_href(&k.id)),
                    id: k.id.to_string(),
                    text: format!("{}{by}", k.title),
                }
            })
            .collect(),
        core_purposes: shown
            .core_purposes
            .iter()
            .map(|c| ctx.core_purpose(c.number))
            .collect(),
        tools: if r.tools.is_empty() {
            "none".into()
        } else {
            join(&r.tools)
        },
        interfaces: shown
            .interfaces
            .iter()
            .map(|i| ctx.link(format!("interfaces.html#{}", i.id), &i.title))
            .collect(),
        entry_heading: format!(
            "Entry criteria: {} on the {} pathway",
            r.level.title(),
            r.pathway_title
        ),
        entry_criteria: shown.entry_criteria.iter().map(|c| one_line(c)).collect(),
        source: segments(&r.source),
        basis: basis(r.basis),
        certainty: certainty(r.certainty),
        note: r.note.as_deref().map(one_line),
    }
}

/// Whether a row is a scheduled contact (figure 1 marks them).
pub(super) fn scheduled(r: &Row) -> bool {
    r.timing.kind == Some(TimingKind::Scheduled) && r.timing.scheduled.is_some()
}

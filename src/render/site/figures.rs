//! The site's three figures, computed from the data as geometry (boxes, lines, circles and
//! labels) that the `figure.svg` template draws, each with the same data as a table (its text
//! alternative):
//!
//! 1. the ages and stages: every pathway's span on the HCP stages, with its scheduled contacts and
//!    the mandated health visiting reviews marked;
//! 2. one pathway's interventions on the same timeline, in lanes by level and lead profession;
//! 3. the partnership interfaces: who takes part in each, from pregnancy through birth to school
//!    entry.
//!
//! The timeline and the drawing primitives are in `timeline.rs`.

use super::timeline::{
    Circle, Figure, LABEL_W, Label, Line, PAD, Rect, Scale, Table, empty, grid, pack, r1, wrap,
};
use crate::answer::browse::StageItem;
use crate::answer::query::Row;
use crate::answer::site::InterfaceShown;
use crate::model::age::Span;
use crate::model::library::Library;
use crate::model::{Level, TimingKind};
use crate::render::ages;
use crate::render::words::{level_short, timing};

/// The level's class, for its colour.
fn level_class(level: Level) -> &'static str {
    match level {
        Level::Universal => "lvl-u",
        Level::UniversalPlus => "lvl-up",
        Level::UniversalPartnershipPlus => "lvl-upp",
    }
}

/// Where a row sits on the timeline: its scheduled window, window, or stages.
fn row_span(r: &Row) -> Option<Span> {
    r.timing.scheduled.or(r.timing.window).or(r.timing.stages)
}

/// Figure 1: the ages and stages, each pathway's span and its scheduled contacts. `pathways`:
/// (title, span, its scheduled rows).
pub(super) fn ages_and_stages(
    stages: &[StageItem],
    pathways: &[(String, Span, Vec<&Row>)],
    mandated: &[String],
) -> Figure {
    let table = Table {
        caption: "Figure 1 as a table: each pathway's span and its scheduled contacts".into(),
        headers: vec!["Pathway", "Span", "Scheduled contacts"],
        rows: pathways
            .iter()
            .map(|(title, span, rows)| {
                let contacts: Vec<String> = rows
                    .iter()
                    .map(|r| format!("{} ({})", r.title, timing(&r.timing)))
                    .collect();
                vec![
                    title.clone(),
                    ages::window(*span),
                    if contacts.is_empty() {
                        "none".into()
                    } else {
                        contacts.join("; ")
                    },
                ]
            })
            .collect(),
    };
    let mut fig = empty(
        "fig-ages",
        "Figure 1: the HCP ages and stages, with each pathway's span and its scheduled contacts"
            .into(),
        vec![
            "A bar: the span of the pathway.".into(),
            "A dark mark on a bar: a scheduled contact's window.".into(),
            "A circle: one of the mandated health visiting reviews.".into(),
            "The dashed line: birth.".into(),
        ],
        table,
    );
    let scale = Scale::new(stages, PAD + LABEL_W);
    let row_h = 36.0;
    let rows_height = row_h * pathways.len() as f64;
    let head = grid(&scale, stages, PAD, rows_height, &mut fig);
    for (i, (title, span, rows)) in pathways.iter().enumerate() {
        let y = PAD + head + row_h * i as f64;
        fig.labels.push(Label {
            x: PAD,
            y: r1(y + 12.0),
            lines: wrap(title, 30, 2),
            class: "lane",
            anchor: "start",
        });
        let (x, w) = scale.extent(*span);
        fig.rects.push(Rect {
            x,
            y: r1(y + 12.0),
            w,
            h: 12.0,
            class: "span",
        });
        for r in rows {
            let Some(window) = r.timing.scheduled else {
                continue;
            };
            let (x, w) = scale.extent(window);
            fig.rects.push(Rect {
                x,
                y: r1(y + 8.0),
                w,
                h: 20.0,
                class: "contact",
            });
            if r.event
                .as_ref()
                .is_some_and(|e| mandated.contains(&e.to_string()))
            {
                fig.circles.push(Circle {
                    cx: r1(x + w / 2.0),
                    cy: r1(y + 4.5),
                    r: 3.5,
                    class: "mandated",
                });
            }
        }
    }
    fig.width = r1(scale.right() + PAD);
    fig.height = r1(PAD * 2.0 + head + rows_height);
    fig
}

/// A row and where its bar is (left edge, width).
type Placed<'a> = (&'a Row, (f64, f64));

/// Figure 2: a pathway's interventions on the timeline, in lanes by level and lead profession.
pub(super) fn pathway_lanes(
    lib: &Library,
    stages: &[StageItem],
    title: &str,
    rows: &[Row],
) -> Figure {
    let profession_pos = |id: &str| {
        lib.catalogue
            .professions
            .iter()
            .position(|p| p.item.id.value == id)
            .unwrap_or(usize::MAX)
    };
    let mut ordered: Vec<&Row> = rows.iter().collect();
    ordered.sort_by_key(|r| (r.level, profession_pos(&r.lead), r.lead.clone()));
    let lane_name = |r: &Row| format!("{} · {}", level_short(r.level), r.lead_title);
    let table = Table {
        caption: format!(
            "Figure 2 as a table: the {title} pathway's interventions by level and lead profession"
        ),
        headers: vec!["Intervention", "Level and lead", "When"],
        rows: ordered
            .iter()
            .map(|r| vec![r.title.to_string(), lane_name(r), timing(&r.timing)])
            .collect(),
    };
    let mut fig = empty(
        "fig-lanes",
        format!("Figure 2: the {title} pathway's interventions on the HCP timeline, in lanes by level and lead profession"),
        vec![
            "A lane: one level (U Universal, U+ Universal Plus, UPP Universal Partnership Plus) and one lead profession.".into(),
            "A solid bar: a scheduled intervention's window.".into(),
            "A pale bar: an ongoing or if-needed intervention, or one after an event, over its stages.".into(),
            "The dashed line: birth.".into(),
        ],
        table,
    );
    let scale = Scale::new(stages, PAD + LABEL_W);
    // Lanes in order, each with its rows' extents.
    let mut lanes: Vec<(String, Level, Vec<Placed<'_>>)> = Vec::new();
    for r in &ordered {
        let Some(span) = row_span(r) else { continue };
        let name = lane_name(r);
        if lanes.last().is_none_or(|(n, _, _)| *n != name) {
            lanes.push((name, r.level, Vec::new()));
        }
        if let Some(lane) = lanes.last_mut() {
            lane.2.push((r, scale.extent(span)));
        }
    }
    let pitch = 14.0;
    let heights: Vec<(Vec<usize>, f64)> = lanes
        .iter_mut()
        .map(|(_, _, items)| {
            items.sort_by(|a, b| a.1.0.total_cmp(&b.1.0));
            let extents: Vec<(f64, f64)> = items.iter().map(|(_, e)| *e).collect();
            let (slots, n) = pack(&extents);
            (slots, (pitch * n as f64 + 8.0).max(34.0))
        })
        .collect();
    let rows_height: f64 = heights.iter().map(|(_, h)| h).sum();
    let head = grid(&scale, stages, PAD, rows_height, &mut fig);
    let mut y = PAD + head;
    for ((name, level, items), (slots, h)) in lanes.iter().zip(&heights) {
        fig.lines.push(Line {
            x1: PAD,
            y1: r1(y),
            x2: r1(scale.right()),
            y2: r1(y),
            class: "rule",
        });
        fig.labels.push(Label {
            x: PAD,
            y: r1(y + 14.0),
            lines: wrap(name, 30, 2),
            class: "lane",
            anchor: "start",
        });
        for ((r, (x, w)), slot) in items.iter().zip(slots) {
            let scheduled = r.timing.kind == Some(TimingKind::Scheduled);
            fig.rects.push(Rect {
                x: *x,
                y: r1(y + 5.0 + pitch * *slot as f64),
                w: *w,
                h: 10.0,
                class: match (scheduled, level) {
                    (true, _) => level_class(*level),
                    (false, Level::Universal) => "pale-u",
                    (false, Level::UniversalPlus) => "pale-up",
                    (false, Level::UniversalPartnershipPlus) => "pale-upp",
                },
            });
        }
        y += h;
    }
    fig.width = r1(scale.right() + PAD);
    fig.height = r1(PAD * 2.0 + head + rows_height);
    fig
}

/// Figure 3: who takes part in each partnership interface, and over what part of the timeline.
pub(super) fn interfaces(
    lib: &Library,
    stages: &[StageItem],
    interfaces: &[InterfaceShown],
) -> Figure {
    let title = |id: &str| {
        lib.profession(id)
            .map_or_else(|| id.to_string(), |p| p.title.to_string())
    };
    // (interface title, profession title, extent of its interventions on it, how many)
    let mut bars: Vec<(String, String, Span, usize)> = Vec::new();
    for i in interfaces {
        let mut people: Vec<(String, Span, usize)> = Vec::new();
        let mut rows: Vec<(&Row, Span)> = i
            .interventions
            .iter()
            .filter_map(|r| row_span(r).map(|s| (r, s)))
            .collect();
        rows.sort_by_key(|(_, s)| s.from);
        for (r, span) in rows {
            for who in std::iter::once(&r.lead).chain(&r.with) {
                match people.iter_mut().find(|(id, _, _)| id == who.as_str()) {
                    Some((_, extent, n)) => {
                        extent.from = extent.from.min(span.from);
                        extent.to = extent.to.max(span.to);
                        *n += 1;
                    }
                    None => people.push((who.to_string(), span, 1)),
                }
            }
        }
        bars.extend(
            people
                .into_iter()
                .map(|(id, span, n)| (i.item.title.to_string(), title(&id), span, n)),
        );
    }
    let table = Table {
        caption: "Figure 3 as a table: who takes part in each partnership interface, and when"
            .into(),
        headers: vec!["Interface", "Profession", "From", "To", "Interventions"],
        rows: bars
            .iter()
            .map(|(i, who, span, n)| {
                vec![
                    i.clone(),
                    who.clone(),
                    ages::first(span.from),
                    ages::last(span.to),
                    n.to_string(),
                ]
            })
            .collect(),
    };
    let mut fig = empty(
        "fig-interfaces",
        "Figure 3: the partnership interfaces across pregnancy, birth and school entry: who takes part in each, and when".into(),
        vec![
            "A band: one partnership interface.".into(),
            "A bar: from the first to the last intervention on it that the profession leads or takes part in.".into(),
            "The dashed line: birth.".into(),
        ],
        table,
    );
    let scale = Scale::new(stages, PAD + LABEL_W);
    let row_h = 26.0;
    let head_h = 22.0;
    let names: Vec<&str> = interfaces.iter().map(|i| i.item.title.as_str()).collect();
    let rows_height = row_h * bars.len() as f64 + head_h * names.len() as f64;
    let head = grid(&scale, stages, PAD, rows_height, &mut fig);
    let mut y = PAD + head;
    let mut current = "";
    for (interface, who, span, _) in &bars {
        if interface != current {
            current = interface;
            fig.lines.push(Line {
                x1: PAD,
                y1: r1(y),
                x2: r1(scale.right()),
                y2: r1(y),
                class: "rule",
            });
            fig.labels.push(Label {
                x: PAD,
                y: r1(y + 15.0),
                lines: vec![interface.clone()],
                class: "band-title",
                anchor: "start",
            });
            y += head_h;
        }
        fig.labels.push(Label {
            x: r1(PAD + 12.0),
            y: r1(y + 16.0),
            lines: wrap(who, 30, 1),
            class: "lane",
            anchor: "start",
        });
        let (x, w) = scale.extent(*span);
        fig.rects.push(Rect {
            x,
            y: r1(y + 7.0),
            w,
            h: 12.0,
            class: "span",
        });
        y += row_h;
    }
    // Interfaces with nothing on the timeline still have their band.
    let drawn = bars.iter().map(|b| b.0.as_str()).collect::<Vec<_>>();
    for name in names.iter().filter(|n| !drawn.contains(n)) {
        fig.labels.push(Label {
            x: PAD,
            y: r1(y + 15.0),
            lines: vec![format!("{name}: no interventions on the timeline")],
            class: "band-title",
            anchor: "start",
        });
        y += head_h;
    }
    fig.width = r1(scale.right() + PAD);
    fig.height = r1(PAD * 2.0 + head + rows_height);
    fig
}

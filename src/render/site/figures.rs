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
    BAND_PX, Circle, Figure, LABEL_W, LINE_EM, Label, Line, PAD, Rect, Scale, TEXT_PX, Table,
    empty, grid, pack, r1,
};
use crate::answer::browse::StageItem;
use crate::answer::query::Row;
use crate::answer::site::InterfaceShown;
use crate::model::age::Span;
use crate::model::library::Library;
use crate::model::{Level, TimingKind};
use crate::render::ages;
use crate::render::words::{level_short, timing};

/// The room for a lane's label, left of the timeline (a little space kept before it).
const LANE_W: f64 = LABEL_W - 8.0;

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
    let head = grid(&scale, PAD, rows_height, &mut fig);
    for (i, (title, span, rows)) in pathways.iter().enumerate() {
        let y = PAD + head + row_h * i as f64;
        fig.labels.push(Label::wrapped(
            PAD,
            y + 12.0,
            title,
            LANE_W,
            2,
            "lane",
            "start",
        ));
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
    let head = grid(&scale, PAD, rows_height, &mut fig);
    let mut y = PAD + head;
    for ((name, level, items), (slots, h)) in lanes.iter().zip(&heights) {
        fig.lines.push(Line {
            x1: PAD,
            y1: r1(y),
            x2: r1(scale.right()),
            y2: r1(y),
            class: "rule",
        });
        fig.labels.push(Label::wrapped(
            PAD,
            y + 14.0,
            name,
            LANE_W,
            2,
            "lane",
            "start",
        ));
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
    // An interface's title across the drawing, wrapped to it: each line below the first adds a
    // line's height to its band's head.
    let head_h = 22.0;
    let title_w = scale.right() - PAD;
    let line_h = r1(LINE_EM * BAND_PX);
    // The bands in the order they are drawn: those with bars, then those without.
    let mut bands: Vec<String> = Vec::new();
    for (interface, ..) in &bars {
        if bands.last() != Some(interface) {
            bands.push(interface.clone());
        }
    }
    bands.extend(
        interfaces
            .iter()
            .map(|i| i.item.title.as_str())
            .filter(|name| !bars.iter().any(|b| b.0 == *name))
            .map(|name| format!("{name}: no interventions on the timeline")),
    );
    let band_titles: Vec<Label> = bands
        .iter()
        .map(|text| Label::wrapped(PAD, 0.0, text, title_w, 2, "band-title", "start"))
        .collect();
    let band_h = |l: &Label| head_h + line_h * l.lines.len().saturating_sub(1) as f64;
    // Each profession's name, in up to two lines; a second line adds a line's height to its row.
    let names: Vec<Label> = bars
        .iter()
        .map(|(_, who, _, _)| {
            Label::wrapped(PAD + 12.0, 0.0, who, LANE_W - 12.0, 2, "lane", "start")
        })
        .collect();
    let lane_step = r1(LINE_EM * TEXT_PX);
    let bar_h = |l: &Label| row_h + lane_step * l.lines.len().saturating_sub(1) as f64;
    let rows_height =
        names.iter().map(bar_h).sum::<f64>() + band_titles.iter().map(band_h).sum::<f64>();
    let head = grid(&scale, PAD, rows_height, &mut fig);
    let mut y = PAD + head;
    let mut titles = band_titles.into_iter();
    let mut current = "";
    for ((interface, _, span, _), mut name) in bars.iter().zip(names) {
        if interface != current {
            current = interface;
            fig.lines.push(Line {
                x1: PAD,
                y1: r1(y),
                x2: r1(scale.right()),
                y2: r1(y),
                class: "rule",
            });
            if let Some(mut title) = titles.next() {
                title.y = r1(y + 15.0);
                y += band_h(&title);
                fig.labels.push(title);
            }
        }
        name.y = r1(y + 16.0);
        let h = bar_h(&name);
        fig.labels.push(name);
        let (x, w) = scale.extent(*span);
        fig.rects.push(Rect {
            x,
            y: r1(y + 7.0),
            w,
            h: 12.0,
            class: "span",
        });
        y += h;
    }
    // Interfaces with nothing on the timeline still have their band.
    for mut title in titles {
        title.y = r1(y + 15.0);
        y += band_h(&title);
        fig.labels.push(title);
    }
    fig.width = r1(scale.right() + PAD);
    fig.height = r1(PAD * 2.0 + head + rows_height);
    fig
}

#[cfg(test)]
mod tests {
    use super::super::all_figures;
    use super::super::timeline::Figure;
    use crate::answer::browse::{Shown, StageItem};
    use crate::answer::site::Site;
    use crate::load::{PathwaySource, load_source};
    use crate::model::age::Point;
    use crate::model::library::Library;
    use crate::model::text::Text;

    fn set(source: PathwaySource) -> Library {
        let (lib, diagnostics) = load_source(&source).expect("the set is readable");
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        lib
    }

    fn bundled() -> Library {
        set(PathwaySource::Bundled)
    }

    fn minimal() -> Library {
        set(PathwaySource::Directory(
            [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", "minimal"]
                .iter()
                .collect(),
        ))
    }

    /// Every two labels of a figure whose boxes (estimated as the layout estimates them)
    /// intersect, and every label that leaves the drawing.
    fn collisions(fig: &Figure) -> Vec<String> {
        let boxes: Vec<_> = fig.labels.iter().map(|l| (l, l.bbox())).collect();
        let mut found = Vec::new();
        for (i, (a, (l, t, r, b))) in boxes.iter().enumerate() {
            if *l < 0.0 || *t < 0.0 || *r > fig.width || *b > fig.height {
                found.push(format!(
                    "{}: {:?} at ({l:.1}, {t:.1})-({r:.1}, {b:.1}) leaves the {}×{} drawing",
                    fig.id, a.lines, fig.width, fig.height
                ));
            }
            for (c, (l2, t2, r2, b2)) in &boxes[i + 1..] {
                if l < r2 && l2 < r && t < b2 && t2 < b {
                    found.push(format!(
                        "{}: {:?} at ({l:.1}, {t:.1})-({r:.1}, {b:.1}) overlaps {:?} at ({l2:.1}, {t2:.1})-({r2:.1}, {b2:.1})",
                        fig.id, a.lines, c.lines
                    ));
                }
            }
        }
        found
    }

    fn assert_legible(site: &Site, lib: &Library) -> Vec<Figure> {
        let figures = all_figures(site, lib);
        assert!(figures.len() >= 3);
        let found: Vec<String> = figures.iter().flat_map(collisions).collect();
        assert!(
            found.is_empty(),
            "{} collisions:\n{}",
            found.len(),
            found.join("\n")
        );
        figures
    }

    #[test]
    fn no_two_labels_overlap_in_the_bundled_and_minimal_sets() {
        for lib in [bundled(), minimal()] {
            let site = crate::answer::site::site(&lib, None);
            assert!(!site.stages.is_empty());
            let _ = assert_legible(&site, &lib);
            // Without stages, the timeline's own three columns.
            let mut bare = site.clone();
            bare.stages.clear();
            let _ = assert_legible(&bare, &lib);
        }
    }

    #[test]
    fn no_two_labels_overlap_whatever_the_titles() {
        let long_word = "Supercalifragilisticexpialidocious".repeat(3);
        let titles = [
            long_word.as_str(),
            "WWWWWWWW MMMMMMMM WWWWWWWW",
            "2½ to 4 years (pre-school, and after: the WWWWWW checks)",
            "中文标题非常长的阶段名称中文标题",
            "",
            "x",
            "A very long title of a stage that goes on and on well past any line of a heading, into more lines than fit",
            "well-being-and-self-regulation-before-school",
        ];
        for lib in [bundled(), minimal()] {
            let mut lib = lib;
            for p in &mut lib.catalogue.professions {
                p.item.title = Text::from(format!(
                    "{} {}",
                    p.item.title, "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW"
                ));
            }
            let mut site = crate::answer::site::site(&lib, None);
            // Many narrow stages: a day each, with the titles above in turn.
            site.stages = (0..40u16)
                .map(|d| StageItem {
                    id: format!("day-{d}").into(),
                    title: titles[usize::from(d) % titles.len()].into(),
                    from: Point::Postnatal(u32::from(d) * 3),
                    to: Point::Postnatal(u32::from(d) * 3 + 1),
                    interventions: 0,
                })
                .collect();
            for shown in &mut site.pathway_pages {
                if let Shown::Pathway { title, .. } = shown {
                    *title = format!("{title} {long_word} {}", "W".repeat(60));
                }
            }
            for i in &mut site.interfaces {
                i.item.title = format!("{} {long_word} {}", i.item.title, "M ".repeat(80)).into();
            }
            let figures = assert_legible(&site, &lib);
            // A heading broken inside its word or cut short keeps its whole text.
            let whole = |text: &str| {
                figures
                    .iter()
                    .flat_map(|f| &f.labels)
                    .any(|l| l.full.as_deref() == Some(text))
            };
            assert!(whole(&long_word));
            assert!(whole(titles[6]));
        }
    }
}

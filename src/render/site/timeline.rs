//! The drawing the figures share: the timeline of the HCP stages side by side, each the same
//! width (the neonatal weeks would vanish on a scale of days), with days laid out evenly inside
//! a stage; the boxes, lines, circles and labels the `figure.svg` template draws; label wrapping
//! and the packing of overlapping bars into sub-rows.

use serde::Serialize;

use crate::answer::browse::StageItem;
use crate::model::age::{MAX_GESTATION_DAYS, PROGRAMME_END_DAYS, Point, Span};

/// Width of the label column on the left.
pub(super) const LABEL_W: f64 = 230.0;
/// Width of one stage.
pub(super) const COL_W: f64 = 78.0;
/// Space around the drawing.
pub(super) const PAD: f64 = 8.0;
/// Characters of a stage title per line in the header.
pub(super) const HEAD_CHARS: usize = 12;

/// A box.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Rect {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) w: f64,
    pub(super) h: f64,
    pub(super) class: &'static str,
}

/// A line.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Line {
    pub(super) x1: f64,
    pub(super) y1: f64,
    pub(super) x2: f64,
    pub(super) y2: f64,
    pub(super) class: &'static str,
}

/// A circle.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Circle {
    pub(super) cx: f64,
    pub(super) cy: f64,
    pub(super) r: f64,
    pub(super) class: &'static str,
}

/// A label of one or more lines.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Label {
    pub(super) x: f64,
    pub(super) y: f64,
    pub(super) lines: Vec<String>,
    pub(super) class: &'static str,
    pub(super) anchor: &'static str,
}

/// One figure: its drawing and its table.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Figure {
    /// The figure's id on its page (`fig-ages`), for `aria-labelledby` and links.
    pub id: String,
    /// The caption (the drawing's accessible name).
    pub caption: String,
    /// What the marks mean.
    pub legend: Vec<String>,
    pub(super) width: f64,
    pub(super) height: f64,
    pub(super) rects: Vec<Rect>,
    pub(super) lines: Vec<Line>,
    pub(super) circles: Vec<Circle>,
    pub(super) labels: Vec<Label>,
    /// The same data as a table.
    pub table: Table,
}

/// A table of text: the first cell of each row is its header.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Table {
    /// Its caption.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<&'static str>,
    /// Rows of cells.
    pub rows: Vec<Vec<String>>,
}

pub(super) fn r1(v: f64) -> f64 {
    (v * 10.0).round() / 10.0
}

/// `text` in lines of at most `width` characters (words kept whole unless longer than a line),
/// at most `max` lines, the last cut with `…` when there is more.
pub(super) fn wrap(text: &str, width: usize, max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let fits = line.chars().count() + 1 + word.chars().count() <= width;
        if !line.is_empty() && !fits {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            let kept: String = last.chars().take(width.saturating_sub(1)).collect();
            *last = format!("{}…", kept.trim_end());
        }
    }
    lines
}

/// The timeline: the stages side by side.
pub(super) struct Scale {
    columns: Vec<Span>,
    pub(super) left: f64,
}

impl Scale {
    pub(super) fn new(stages: &[StageItem], left: f64) -> Scale {
        let mut columns: Vec<Span> = stages
            .iter()
            .map(|s| Span {
                from: s.from,
                to: s.to,
            })
            .collect();
        if columns.is_empty() {
            // A catalogue without stages: preconception, pregnancy, and the five years.
            columns = vec![
                Span::at(Point::Preconception),
                Span {
                    from: Point::Gestation(0),
                    to: Point::Gestation(MAX_GESTATION_DAYS),
                },
                Span {
                    from: Point::Postnatal(0),
                    to: Point::Postnatal(PROGRAMME_END_DAYS),
                },
            ];
        }
        Scale { columns, left }
    }

    pub(super) fn right(&self) -> f64 {
        self.left + COL_W * self.columns.len() as f64
    }

    /// Where within a column a day falls, as a fraction of it (`end`: the day's far edge).
    fn fraction(span: Span, p: Point, end: bool) -> f64 {
        let (a, b, d) = match (span.from, span.to, p) {
            (Point::Gestation(a), Point::Gestation(b), Point::Gestation(d))
            | (Point::Postnatal(a), Point::Postnatal(b), Point::Postnatal(d)) => (a, b, d),
            _ => return if end { 1.0 } else { 0.0 },
        };
        let length = f64::from(b.saturating_sub(a)) + 1.0;
        let offset = f64::from(d.saturating_sub(a)) + if end { 1.0 } else { 0.0 };
        (offset / length).clamp(0.0, 1.0)
    }

    /// The x of a point: its day's near edge, or (`end`) its far edge.
    pub(super) fn x(&self, p: Point, end: bool) -> f64 {
        for (i, span) in self.columns.iter().enumerate() {
            if span.contains(p) {
                let f = Scale::fraction(*span, p, end);
                return r1(self.left + COL_W * (i as f64 + f));
            }
        }
        // Between or outside the stages: the edge of the next stage, else the end.
        match self.columns.iter().position(|s| s.from > p) {
            Some(i) => r1(self.left + COL_W * i as f64),
            None => r1(self.right()),
        }
    }

    /// A span as a box's left edge and width (at least 3, so a single day shows).
    pub(super) fn extent(&self, span: Span) -> (f64, f64) {
        let a = self.x(span.from, false);
        let b = self.x(span.to, true).max(a);
        (a, r1((b - a).max(3.0)))
    }
}

/// The header of the stages and the grid under it, down to `bottom`; returns the header height.
pub(super) fn grid(
    scale: &Scale,
    stages: &[StageItem],
    top: f64,
    rows_height: f64,
    fig: &mut Figure,
) -> f64 {
    let titles: Vec<Vec<String>> = if stages.is_empty() {
        ["Preconception", "Pregnancy", "Birth to 5 years"]
            .iter()
            .map(|t| wrap(t, HEAD_CHARS, 4))
            .collect()
    } else {
        stages
            .iter()
            .map(|s| wrap(&s.title, HEAD_CHARS, 4))
            .collect()
    };
    let lines = titles.iter().map(Vec::len).max().unwrap_or(1) as f64;
    let head = 14.0 * lines + 10.0;
    for (i, t) in titles.into_iter().enumerate() {
        let x = scale.left + COL_W * i as f64;
        if i % 2 == 0 {
            fig.rects.push(Rect {
                x: r1(x),
                y: top,
                w: COL_W,
                h: r1(head + rows_height),
                class: "band",
            });
        }
        fig.labels.push(Label {
            x: r1(x + COL_W / 2.0),
            y: r1(top + 14.0),
            lines: t,
            class: "head",
            anchor: "middle",
        });
    }
    let birth = scale.x(Point::Postnatal(0), false);
    fig.lines.push(Line {
        x1: birth,
        y1: r1(top),
        x2: birth,
        y2: r1(top + head + rows_height),
        class: "birth",
    });
    head
}

pub(super) fn empty(id: &str, caption: String, legend: Vec<String>, table: Table) -> Figure {
    Figure {
        id: id.to_string(),
        caption,
        legend,
        width: 0.0,
        height: 0.0,
        rects: Vec::new(),
        lines: Vec::new(),
        circles: Vec::new(),
        labels: Vec::new(),
        table,
    }
}

/// Greedy packing: the sub-row of each extent, so no two in one sub-row overlap.
pub(super) fn pack(extents: &[(f64, f64)]) -> (Vec<usize>, usize) {
    let mut ends: Vec<f64> = Vec::new();
    let mut rows = Vec::with_capacity(extents.len());
    for (x, w) in extents {
        match ends.iter().position(|end| *end + 2.0 <= *x) {
            Some(i) => {
                ends[i] = x + w;
                rows.push(i);
            }
            None => {
                ends.push(x + w);
                rows.push(ends.len() - 1);
            }
        }
    }
    (rows, ends.len().max(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_wrap_between_words_and_are_cut_with_an_ellipsis() {
        assert_eq!(wrap("6 to 8 weeks", 12, 4), vec!["6 to 8 weeks"]);
        assert_eq!(
            wrap("9 to 15 months (1 year review)", 12, 4),
            vec!["9 to 15", "months (1", "year review)"]
        );
        assert_eq!(wrap("a b c d e f", 3, 2), vec!["a b", "c…"]);
        assert!(wrap("", 10, 2).is_empty());
    }

    #[test]
    fn the_scale_places_days_inside_their_stage_and_gaps_at_the_next_stage() {
        let stage = |from, to| StageItem {
            id: "s".into(),
            title: "s".into(),
            from,
            to,
            interventions: 0,
        };
        let stages = [
            stage(Point::Gestation(0), Point::Gestation(99)),
            stage(Point::Postnatal(0), Point::Postnatal(9)),
        ];
        let scale = Scale::new(&stages, 0.0);
        assert_eq!(scale.x(Point::Gestation(0), false), 0.0);
        assert_eq!(scale.x(Point::Gestation(99), true), COL_W);
        assert_eq!(scale.x(Point::Postnatal(5), false), r1(COL_W * 1.5));
        // Preconception is before every stage here: the first stage's edge.
        assert_eq!(scale.x(Point::Preconception, false), 0.0);
        assert_eq!(scale.x(Point::Postnatal(1000), false), 2.0 * COL_W);
        let (_, w) = scale.extent(Span::at(Point::Postnatal(3)));
        assert!(w >= 3.0);
    }

    #[test]
    fn packing_keeps_overlapping_bars_apart() {
        let (slots, n) = pack(&[(0.0, 10.0), (5.0, 10.0), (20.0, 5.0)]);
        assert_eq!(slots, vec![0, 1, 0]);
        assert_eq!(n, 2);
    }
}

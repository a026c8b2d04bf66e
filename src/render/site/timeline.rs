//! The drawing the figures share: the timeline of the HCP stages side by side, each as wide as
//! its heading needs and never narrower than [`COL_W`] (not to scale: the neonatal weeks would
//! vanish on a scale of days), with days laid out evenly inside a stage; the boxes, lines, circles
//! and labels the `figure.svg` template draws; label wrapping and the packing of overlapping bars
//! into sub-rows.
//!
//! No two labels may overlap, whatever the data (hazard H41): every label is wrapped to the room
//! it has, measured with [`text_width`], an estimate on the wide side of what a browser draws.
//! A stage heading has its column, less [`HEAD_PAD`] each side; a column widens (up to
//! [`COL_MAX`]) to fit its heading's longest word, and a word wider still is broken with a
//! hyphen. Heading lines stop at [`HEAD_LINES`]; a label cut short or broken inside a word keeps
//! its whole text in a `<title>`.

use serde::Serialize;

use crate::answer::browse::StageItem;
use crate::model::age::{MAX_GESTATION_DAYS, PROGRAMME_END_DAYS, Point, Span};

/// Width of the label column on the left.
pub(super) const LABEL_W: f64 = 230.0;
/// Least width of one stage.
pub(super) const COL_W: f64 = 78.0;
/// Most width of one stage: a longer word in its heading is broken.
pub(super) const COL_MAX: f64 = 120.0;
/// Space kept clear on each side of a stage's heading, inside its column: at least twice this
/// between two headings, room for a face a little wider than the estimate.
pub(super) const HEAD_PAD: f64 = 3.0;
/// Most lines of a stage heading.
pub(super) const HEAD_LINES: usize = 5;
/// Space around the drawing.
pub(super) const PAD: f64 = 8.0;

/// Font sizes of the labels, in px, as `style.css` sets them for the figures (`.chart text`,
/// `.chart .head`, `.chart .band-title`); a test holds the two to each other.
pub(super) const TEXT_PX: f64 = 12.0;
/// The stage headings' size.
pub(super) const HEAD_PX: f64 = 11.0;
/// The partnership interfaces' titles' size.
pub(super) const BAND_PX: f64 = 13.0;
/// The step from one line of a label to the next, in em (the template's `dy`).
pub(super) const LINE_EM: f64 = 1.15;
/// How far a line of text reaches above its baseline and below it, in em (DejaVu Sans, the
/// widest of the faces a browser draws "Frutiger W01", Arial with: 0.928 and 0.236).
#[cfg(test)]
pub(super) const ASCENT_EM: f64 = 0.93;
#[cfg(test)]
pub(super) const DESCENT_EM: f64 = 0.24;

/// The font size of a label's class.
pub(super) fn font_px(class: &str) -> f64 {
    match class {
        "head" => HEAD_PX,
        "band-title" => BAND_PX,
        _ => TEXT_PX,
    }
}

/// Advance widths of the printable ASCII characters (from the space), in thousandths of an em:
/// for each, the wider of Arial Bold and DejaVu Sans Bold (what a browser without Arial, as on
/// many Linux systems, draws Arial with; it is the wider of the two almost everywhere), so an
/// estimate from them is never short of what a browser draws, bold or regular.
const ADVANCE: [u16; 95] = [
    348, 456, 521, 838, 696, 1002, 872, 306, 457, 457, 523, 838, 380, 415, 380,
    365, // space to /
    696, 696, 696, 696, 696, 696, 696, 696, 696, 696, // 0 to 9
    400, 400, 838, 838, 838, 611, 1000, // : to @
    774, 762, 734, 830, 683, 683, 821, 837, 372, 556, 775, 637, 995, // A to M
    837, 850, 733, 850, 770, 720, 682, 812, 774, 1103, 771, 724, 725, // N to Z
    457, 365, 457, 838, 556, 500, // [ to `
    675, 716, 593, 716, 678, 435, 716, 712, 343, 343, 665, 343, 1042, // a to m
    712, 687, 716, 716, 493, 595, 478, 712, 652, 924, 645, 652, 582, // n to z
    712, 365, 712, 838, // { to ~
];

/// The advance of one character, in thousandths of an em: from [`ADVANCE`], a few common marks,
/// and for any other character more than an em (wider than CJK ideographs, emoji and `½`).
fn advance(c: char) -> u16 {
    match c {
        ' '..='~' => ADVANCE[c as usize - 0x20],
        '·' | '‘' | '’' => 380,
        '–' => 556,
        '—' | '…' => 1000,
        _ => 1100,
    }
}

/// How wide `text` is drawn at `px`, estimated on the wide side (see [`ADVANCE`]).
pub(super) fn text_width(text: &str, px: f64) -> f64 {
    let thousandths: u32 = text.chars().map(|c| u32::from(advance(c))).sum();
    f64::from(thousandths) * px / 1000.0
}

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
    /// The whole text, when the lines show less of it (cut short) or break a word.
    pub(super) full: Option<String>,
}

impl Label {
    /// A label of `text` wrapped to `width` at its class's size, in at most `max` lines.
    pub(super) fn wrapped(
        x: f64,
        y: f64,
        text: &str,
        width: f64,
        max: usize,
        class: &'static str,
        anchor: &'static str,
    ) -> Label {
        let (lines, altered) = wrap(text, width, font_px(class), max);
        Label {
            x: r1(x),
            y: r1(y),
            lines,
            class,
            anchor,
            full: altered.then(|| text.split_whitespace().collect::<Vec<_>>().join(" ")),
        }
    }
}

#[cfg(test)]
impl Label {
    /// The box its lines take, estimated as the layout estimates them: (left, top, right, bottom).
    pub(super) fn bbox(&self) -> (f64, f64, f64, f64) {
        let px = font_px(self.class);
        let w = self
            .lines
            .iter()
            .map(|l| text_width(l, px))
            .fold(0.0, f64::max);
        let left = match self.anchor {
            "middle" => self.x - w / 2.0,
            "end" => self.x - w,
            _ => self.x,
        };
        let below = LINE_EM * px * self.lines.len().saturating_sub(1) as f64;
        (
            left,
            self.y - ASCENT_EM * px,
            left + w,
            self.y + below + DESCENT_EM * px,
        )
    }
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

/// The pieces a line may break between: words, and a word's parts after each hyphen inside it
/// (`(pre-` `school)`); each with whether it follows the one before without a space.
fn pieces(text: &str) -> Vec<(&str, bool)> {
    let mut out = Vec::new();
    for word in text.split_whitespace() {
        let mut glued = false;
        let mut rest = word;
        while let Some(i) = rest
            .char_indices()
            .skip(1)
            .find(|&(i, c)| c == '-' && i + 1 < rest.len())
            .map(|(i, _)| i + 1)
        {
            out.push((&rest[..i], glued));
            rest = &rest[i..];
            glued = true;
        }
        out.push((rest, glued));
    }
    out
}

/// How wide the widest piece of `text` (see [`pieces`]) is drawn at `px`.
pub(super) fn widest_piece(text: &str, px: f64) -> f64 {
    pieces(text)
        .iter()
        .map(|(p, _)| text_width(p, px))
        .fold(0.0, f64::max)
}

/// `text` in lines no wider than `width` at `px` (as [`text_width`] estimates): broken between
/// words, or after a hyphen inside one, and a piece wider than a line broken with a `-` where it
/// must; at most `max` lines, the last cut with `…` when there is more. Also whether the lines
/// break a word or leave text out (and the label needs its whole text in a `<title>`).
pub(super) fn wrap(text: &str, width: f64, px: f64, max: usize) -> (Vec<String>, bool) {
    let fits = |s: &str| text_width(s, px) <= width;
    let mut altered = false;
    // The pieces, those wider than a line broken into parts that fit, each but the last with `-`.
    let mut parts: Vec<(String, bool)> = Vec::new();
    for (piece, glued) in pieces(text) {
        if fits(piece) {
            parts.push((piece.to_string(), glued));
            continue;
        }
        altered = true;
        let mut chunk = String::new();
        let mut first = true;
        for c in piece.chars() {
            let longer = format!("{chunk}{c}-");
            if !chunk.is_empty() && !fits(&longer) {
                chunk.push('-');
                parts.push((std::mem::take(&mut chunk), glued || !first));
                first = false;
            }
            chunk.push(c);
        }
        parts.push((chunk, glued || !first));
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for (part, glued) in parts {
        let joined = if glued || line.is_empty() {
            format!("{line}{part}")
        } else {
            format!("{line} {part}")
        };
        if !line.is_empty() && !fits(&joined) {
            lines.push(std::mem::replace(&mut line, part));
        } else {
            line = joined;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    if lines.len() > max {
        altered = true;
        lines.truncate(max);
        if let Some(last) = lines.last_mut() {
            while !last.is_empty() && !fits(&format!("{last}…")) {
                last.pop();
            }
            *last = format!("{}…", last.trim_end().trim_end_matches('-'));
        }
    }
    (lines, altered)
}

/// The timeline: the stages side by side.
pub(super) struct Scale {
    columns: Vec<Span>,
    /// Each column's heading.
    heads: Vec<String>,
    /// Each column's left edge, then the last one's right edge.
    edges: Vec<f64>,
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
        let mut heads: Vec<String> = stages.iter().map(|s| s.title.to_string()).collect();
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
            heads = ["Preconception", "Pregnancy", "Birth to 5 years"]
                .map(String::from)
                .to_vec();
        }
        let mut edges = vec![left];
        for head in &heads {
            let need = (widest_piece(head, HEAD_PX) + 2.0 * HEAD_PAD).ceil();
            let x = edges.last().copied().unwrap_or(left);
            edges.push(x + need.clamp(COL_W, COL_MAX));
        }
        Scale {
            columns,
            heads,
            edges,
            left,
        }
    }

    pub(super) fn right(&self) -> f64 {
        self.edges.last().copied().unwrap_or(self.left)
    }

    /// Column `i`'s left edge and width.
    fn column(&self, i: usize) -> (f64, f64) {
        (self.edges[i], self.edges[i + 1] - self.edges[i])
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
                let (x, w) = self.column(i);
                return r1(x + w * f);
            }
        }
        // Between or outside the stages: the edge of the next stage, else the end.
        match self.columns.iter().position(|s| s.from > p) {
            Some(i) => r1(self.edges[i]),
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
/// Each stage's heading is wrapped to its column.
pub(super) fn grid(scale: &Scale, top: f64, rows_height: f64, fig: &mut Figure) -> f64 {
    let heads: Vec<Label> = scale
        .heads
        .iter()
        .enumerate()
        .map(|(i, title)| {
            let (x, w) = scale.column(i);
            Label::wrapped(
                x + w / 2.0,
                top + 14.0,
                title,
                w - 2.0 * HEAD_PAD,
                HEAD_LINES,
                "head",
                "middle",
            )
        })
        .collect();
    let lines = heads
        .iter()
        .map(|h| h.lines.len())
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    let head = 14.0 * lines + 10.0;
    for (i, label) in heads.into_iter().enumerate() {
        let (x, w) = scale.column(i);
        if i % 2 == 0 {
            fig.rects.push(Rect {
                x: r1(x),
                y: top,
                w: r1(w),
                h: r1(head + rows_height),
                class: "band",
            });
        }
        if !label.lines.is_empty() {
            fig.labels.push(label);
        }
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

    /// `text` wrapped to lines of at most `chars` average lowercase letters of a heading.
    fn wrapped(text: &str, chars: f64, max: usize) -> (Vec<String>, bool) {
        wrap(text, chars * text_width("n", HEAD_PX), HEAD_PX, max)
    }

    #[test]
    fn labels_wrap_between_words_and_are_cut_with_an_ellipsis() {
        assert_eq!(
            wrapped("6 to 8 weeks", 12.0, 4),
            (vec!["6 to 8 weeks".into()], false)
        );
        assert_eq!(
            wrapped("9 to 15 months (1 year review)", 10.0, 4),
            (
                vec!["9 to 15".into(), "months (1".into(), "year review)".into()],
                false
            )
        );
        assert_eq!(
            wrapped("a b c d e f", 3.0, 2),
            (vec!["a b".into(), "c…".into()], true)
        );
        assert_eq!(wrapped("", 10.0, 2), (vec![], false));
    }

    #[test]
    fn a_word_wider_than_a_line_breaks_after_its_hyphen_else_with_one() {
        assert_eq!(
            wrapped("2½ to 4 years (pre-school)", 7.0, 5),
            (
                vec![
                    "2½ to 4".into(),
                    "years".into(),
                    "(pre-".into(),
                    "school)".into()
                ],
                false
            )
        );
        let (lines, altered) = wrapped("Supercalifragilistic", 6.0, 5);
        assert!(altered);
        assert!(lines.len() > 1, "{lines:?}");
        assert_eq!(lines.concat().replace('-', ""), "Supercalifragilistic");
        for line in &lines {
            assert!(
                text_width(line, HEAD_PX) <= 6.0 * text_width("n", HEAD_PX),
                "{line}"
            );
        }
    }

    #[test]
    fn the_estimate_is_never_narrower_than_the_faces_drawn() {
        // "Preconception" in DejaVu Sans Bold, 8.103 em, and in Arial Bold, 6.946 em.
        assert!(text_width("Preconception", 1000.0) >= 8103.0);
        assert!(text_width("中", 1.0) >= 1.0 && text_width("½", 1.0) >= 1.035);
    }

    #[test]
    fn the_font_sizes_are_the_stylesheets() {
        let css = include_str!("templates/style.css");
        for (rule, px) in [
            (".chart text {", TEXT_PX),
            (".chart .head {", HEAD_PX),
            (".chart .band-title {", BAND_PX),
        ] {
            let line = css.lines().find(|l| l.starts_with(rule)).expect(rule);
            assert!(line.contains(&format!("font-size: {px}px;")), "{line}");
        }
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

//! `hcp schedule --format json`: one child's schedule, or a team's worklist, with every file that
//! could not be scheduled (docs/json.md).

use std::io::{self, Write};

use serde::Serialize;

use super::{Json, Keys};
use crate::answer::schedule::{Schedule, ScheduleRow, Scheduled, Worklist};
use crate::model::diagnostic::Code;
use crate::model::text::Text;
use crate::render::words::SCHEDULE_STATEMENT as STATEMENT;
use crate::render::words::schedule_words::status;
use crate::render::{Render, Scheduling};

/// One row: the fields scripts rely on, then the words.
#[derive(Serialize)]
pub(in crate::render) struct RowView<'a> {
    reference: &'a str,
    intervention: &'a Text,
    pathway: &'a Text,
    title: &'a Text,
    status: &'static str,
    from: String,
    to: String,
    catch_up_until: Option<String>,
    done_on: Option<String>,
    kpi: Option<&'a Text>,
    estimated: bool,
    /// The status in words.
    words: String,
}

impl<'a> RowView<'a> {
    pub(in crate::render) fn new(r: &'a ScheduleRow) -> Self {
        RowView {
            reference: &r.reference,
            intervention: &r.intervention,
            pathway: &r.pathway,
            title: &r.title,
            status: r.status.id(),
            from: r.from.to_string(),
            to: r.to.to_string(),
            catch_up_until: r.catch_up_until.map(|d| d.to_string()),
            done_on: r.done_on.map(|d| d.to_string()),
            kpi: r.kpi.as_ref(),
            estimated: r.estimated,
            words: status(r),
        }
    }
}

#[derive(Serialize)]
struct Failed<'a> {
    file: &'a str,
    code: Option<Code>,
}

#[derive(Serialize)]
struct Accounting<'a> {
    files: usize,
    scheduled: usize,
    failed: Vec<Failed<'a>>,
    repeated_files: &'a [String],
    repeated_references: &'a [String],
}

fn accounting(s: &Scheduled) -> Accounting<'_> {
    Accounting {
        files: s.files,
        scheduled: s.schedules.len(),
        failed: s
            .failed
            .iter()
            .map(|f| Failed {
                file: f,
                code: s.findings.iter().find(|d| &d.file == f).map(|d| d.code),
            })
            .collect(),
        repeated_files: &s.repeated_files,
        repeated_references: &s.repeated_references,
    }
}

#[derive(Serialize)]
struct ScheduleView<'a> {
    kind: &'static str,
    reference: &'a str,
    born: Option<String>,
    expected: Option<String>,
    today: String,
    pathways: &'a [Text],
    rows: Vec<RowView<'a>>,
    other_done: Vec<OtherDone<'a>>,
    #[serde(flatten)]
    accounting: Accounting<'a>,
    statement: &'static str,
}

#[derive(Serialize)]
struct OtherDone<'a> {
    intervention: &'a Text,
    date: String,
}

#[derive(Serialize)]
struct WorklistView<'a> {
    kind: &'static str,
    today: String,
    until: String,
    children: usize,
    rows: Vec<RowView<'a>>,
    counts: Vec<CountView<'a>>,
    #[serde(flatten)]
    accounting: Accounting<'a>,
    statement: &'static str,
}

#[derive(Serialize)]
struct CountView<'a> {
    intervention: &'a Text,
    status: &'static str,
    children: usize,
}

fn schedule_view<'a>(one: &'a Schedule, s: &'a Scheduled) -> ScheduleView<'a> {
    ScheduleView {
        kind: "schedule",
        reference: &one.reference,
        born: one.born.map(|d| d.to_string()),
        expected: one.expected.map(|d| d.to_string()),
        today: one.today.to_string(),
        pathways: &one.pathways,
        rows: one.rows.iter().map(RowView::new).collect(),
        other_done: one
            .other_done
            .iter()
            .map(|(id, d)| OtherDone {
                intervention: id,
                date: d.to_string(),
            })
            .collect(),
        accounting: accounting(s),
        statement: STATEMENT,
    }
}

fn worklist_view<'a>(w: &'a Worklist, s: &'a Scheduled) -> WorklistView<'a> {
    WorklistView {
        kind: "worklist",
        today: w.today.to_string(),
        until: w.until.to_string(),
        children: w.children,
        rows: w.rows.iter().map(RowView::new).collect(),
        counts: w
            .counts
            .iter()
            .map(|(id, st, n)| CountView {
                intervention: id,
                status: st.id(),
                children: *n,
            })
            .collect(),
        accounting: accounting(s),
        statement: STATEMENT,
    }
}

impl Render<Scheduling<'_>> for Json<'_> {
    fn render(&self, s: &Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
        match (s.worklist, s.scheduled.schedules.as_slice()) {
            (None, [one]) => self
                .envelope("schedule", schedule_view(one, s.scheduled))
                .write(Keys::Declared, out),
            (Some(w), _) => self
                .envelope("schedule", worklist_view(w, s.scheduled))
                .write(Keys::Declared, out),
            // One record that could not be scheduled prints no result (the CLI does not ask).
            (None, _) => Ok(()),
        }
    }
}

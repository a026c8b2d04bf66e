//! `hcp schedule --format json`: one child's schedule, or a team's worklist, with every file that
//! could not be scheduled (docs/json.md).

use std::io::{self, Write};

use schemars::JsonSchema;
use serde::Serialize;

use super::{DATE_PATTERN, Json, Keys};
use crate::answer::schedule::{Schedule, ScheduleRow, ScheduleStatus, Scheduled, Worklist};
use crate::model::diagnostic::Code;
use crate::model::text::Text;
use crate::render::words::SCHEDULE_STATEMENT as STATEMENT;
use crate::render::words::schedule_words::status;
use crate::render::{Render, Scheduling};

/// One row: the fields scripts rely on, then the words.
#[derive(Serialize, JsonSchema)]
pub(in crate::render) struct RowView<'a> {
    /// The child's reference, as the record gives it.
    #[schemars(length(min = 1))]
    reference: &'a str,
    /// The intervention's id (`universal.new-birth-visit`).
    intervention: &'a Text,
    /// The pathway it comes from.
    pathway: &'a Text,
    /// The intervention's title.
    title: &'a Text,
    /// Where it stands for the child on `today`.
    #[schemars(schema_with = "status_schema")]
    status: &'static str,
    /// The first day of its window (YYYY-MM-DD).
    #[schemars(pattern(DATE_PATTERN))]
    from: String,
    /// The last day of its window (YYYY-MM-DD).
    #[schemars(pattern(DATE_PATTERN))]
    to: String,
    /// The last day it may still be done late, when the pathway allows catch-up.
    #[schemars(pattern(DATE_PATTERN))]
    catch_up_until: Option<String>,
    /// The day it was recorded as done.
    #[schemars(pattern(DATE_PATTERN))]
    done_on: Option<String>,
    /// The KPI that counts it, if any.
    kpi: Option<&'a Text>,
    /// Whether the dates rest on an expected date of delivery rather than a date of birth.
    estimated: bool,
    /// The status in words.
    words: String,
}

/// The schema of a row's `status`: one of [`ScheduleStatus::ALL`]'s ids.
fn status_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = ScheduleStatus::ALL.iter().map(|s| s.id()).collect();
    schemars::json_schema!({ "type": "string", "enum": ids })
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

/// A file that could not be scheduled: its name and the first finding's code (never its content).
#[derive(Serialize, JsonSchema)]
struct Failed<'a> {
    file: &'a str,
    code: Option<Code>,
}

/// Every file given is accounted for: scheduled, failed, or a repeat.
#[derive(Serialize, JsonSchema)]
struct Accounting<'a> {
    /// Files read.
    files: usize,
    /// Records scheduled.
    scheduled: usize,
    /// Files that could not be scheduled.
    failed: Vec<Failed<'a>>,
    /// Files given more than once (read once).
    repeated_files: &'a [String],
    /// References found in more than one file (each scheduled once).
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

/// One child's schedule.
#[derive(Serialize, JsonSchema)]
struct ScheduleView<'a> {
    #[schemars(extend("const" = "schedule"))]
    kind: &'static str,
    /// The child's reference.
    #[schemars(length(min = 1))]
    reference: &'a str,
    /// The date of birth, when recorded.
    #[schemars(pattern(DATE_PATTERN))]
    born: Option<String>,
    /// The expected date of delivery, when recorded.
    #[schemars(pattern(DATE_PATTERN))]
    expected: Option<String>,
    /// The date the schedule is as of.
    #[schemars(pattern(DATE_PATTERN))]
    today: String,
    /// The pathways the child is on (Universal and any targeted ones).
    pathways: &'a [Text],
    rows: Vec<RowView<'a>>,
    /// Interventions recorded as done that no pathway of the child schedules.
    other_done: Vec<OtherDone<'a>>,
    #[serde(flatten)]
    accounting: Accounting<'a>,
    /// That the schedule supports, and does not replace, the practitioner's judgement.
    #[schemars(length(min = 1))]
    statement: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct OtherDone<'a> {
    intervention: &'a Text,
    #[schemars(pattern(DATE_PATTERN))]
    date: String,
}

/// A team's worklist.
#[derive(Serialize, JsonSchema)]
struct WorklistView<'a> {
    #[schemars(extend("const" = "worklist"))]
    kind: &'static str,
    /// The date the worklist is as of.
    #[schemars(pattern(DATE_PATTERN))]
    today: String,
    /// The last day it looks ahead to.
    #[schemars(pattern(DATE_PATTERN))]
    until: String,
    /// Children scheduled.
    children: usize,
    rows: Vec<RowView<'a>>,
    /// Children per intervention and status.
    counts: Vec<CountView<'a>>,
    #[serde(flatten)]
    accounting: Accounting<'a>,
    /// That the schedule supports, and does not replace, the practitioner's judgement.
    #[schemars(length(min = 1))]
    statement: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct CountView<'a> {
    intervention: &'a Text,
    #[schemars(schema_with = "status_schema")]
    status: &'static str,
    children: usize,
}

/// `hcp schedule --format json`: one child's schedule, or a worklist (schema only).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ScheduleResult<'a> {
    /// One child's schedule.
    Schedule(super::Envelope<'a, ScheduleView<'a>>),
    /// A team's worklist.
    Worklist(super::Envelope<'a, WorklistView<'a>>),
}

/// The schema of `schedule-result`.
pub(super) fn schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<ScheduleResult<'static>>()
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

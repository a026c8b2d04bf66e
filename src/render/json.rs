//! JSON: every JSON answer is one [`Envelope`] (`version`, `tool`, `command`, `provenance`, then
//! the answer's fields), pretty-printed; JSON Lines (`assess --format jsonl`) is one caseload row a line.
//!
//! The answers are typed; the views here give them the shapes scripts rely on (`docs/json.md`),
//! with the words (`timing`, `because`, `suggestion`) made by `words.rs`. Two key orders are in
//! use, each kept as it has always been: `validate`, `query`, `list` and `diff` print their keys
//! in the order the views declare them; `show`, `assess` and caseloads print every object's keys
//! sorted ([`Keys::Sorted`]).

use std::io::{self, Write};

use schemars::JsonSchema;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use serde_json::Value;

mod assess;
mod intervention;
mod kpi;
mod schedule;
mod schema;

pub(super) use schema::output_schema;

use intervention::InterventionView;

use super::words::{duration_code, empty_reason, gestation_hint, timing};
use super::{Comparison, DiffFormat, Findings, Render, Showing, source_name};
use crate::answer::browse::{Listing, Shown};
use crate::answer::diff::Diff;
use crate::answer::provenance::Provenance;
use crate::answer::query::{QueryResult, Row};
use crate::answer::review::OverdueReview;
use crate::answer::status::Status;
use crate::model::DATE_PATTERN;
use crate::model::age::Point;
use crate::model::age::format_gestation_days;
use crate::model::diagnostic::{Diagnostic, Summary};
use crate::model::schema::SchemaKind;
use crate::model::text::Text;
use crate::model::{Basis, Category, Certainty, EntryCriteria, KpiStatus, Level, TimingKind};

/// Version of the JSON envelopes hcp prints. Bumped only on incompatible changes.
pub const JSON_VERSION: u32 = 2;

/// The envelope of every JSON answer: `version`, `tool`, `command`, then the answer's fields.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Envelope<'a, T> {
    /// [`JSON_VERSION`].
    pub version: u32,
    /// Always `hcp`.
    pub tool: &'static str,
    /// The command that answered (`validate`, `query`, …).
    pub command: &'a str,
    /// Where the answer came from: hcp's version, the pathway set, the as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub provenance: Option<&'a Provenance>,
    /// The answer's fields.
    #[serde(flatten)]
    pub payload: T,
}

/// The order an envelope's keys are printed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// As the types declare them.
    Declared,
    /// Sorted, in every object at every depth.
    Sorted,
}

impl<'a, T: Serialize> Envelope<'a, T> {
    /// The envelope of `command`'s answer.
    pub fn new(command: &'a str, payload: T) -> Self {
        Envelope {
            version: JSON_VERSION,
            tool: "hcp",
            command,
            provenance: None,
            payload,
        }
    }

    /// The same envelope, carrying `provenance`.
    pub fn with_provenance(mut self, provenance: Option<&'a Provenance>) -> Self {
        self.provenance = provenance;
        self
    }

    /// Pretty-print it, two-space indented, with a final newline.
    pub fn write(&self, keys: Keys, out: &mut dyn Write) -> io::Result<()> {
        match keys {
            Keys::Declared => serde_json::to_writer_pretty(&mut *out, self)?,
            Keys::Sorted => {
                let value = serde_json::to_value(self)?;
                serde_json::to_writer_pretty(&mut *out, &SortedKeys(&value))?;
            }
        }
        out.write_all(b"\n")
    }
}

/// A JSON value printed with every object's keys sorted, whatever order its map keeps.
struct SortedKeys<'a>(&'a Value);

impl Serialize for SortedKeys<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Object(map) => {
                let mut entries: Vec<(&String, &Value)> = map.iter().collect();
                entries.sort_by(|a, b| a.0.cmp(b.0));
                let mut object = serializer.serialize_map(Some(entries.len()))?;
                for (key, value) in entries {
                    object.serialize_entry(key, &SortedKeys(value))?;
                }
                object.end()
            }
            Value::Array(items) => serializer.collect_seq(items.iter().map(SortedKeys)),
            other => other.serialize(serializer),
        }
    }
}

/// A versioned JSON envelope, with the answer's provenance when the command has one.
#[derive(Debug, Clone, Copy)]
pub(super) struct Json<'p>(pub Option<&'p Provenance>);

impl<'p> Json<'p> {
    /// `command`'s envelope, with this answer's provenance.
    pub(super) fn envelope<'a, T: Serialize>(&self, command: &'a str, payload: T) -> Envelope<'a, T>
    where
        'p: 'a,
    {
        Envelope::new(command, payload).with_provenance(self.0)
    }
}

/// JSON Lines: one caseload row a line.
#[derive(Debug, Clone, Copy)]
pub(super) struct JsonLines;

/// A query row, in the stable shape scripts rely on.
#[derive(Serialize, JsonSchema)]
struct RowView<'a> {
    pathway: &'a Text,
    pathway_title: &'a Text,
    level: Level,
    id: &'a Text,
    title: &'a Text,
    description: &'a str,
    stage: &'a Text,
    #[serde(skip_serializing_if = "Option::is_none")]
    until_stage: Option<&'a Text>,
    timing: String,
    /// Where it stands at the point asked about (`due`, `overdue`, `upcoming`, `ongoing`,
    /// `if-needed`, `event`); null without a point.
    status: Option<&'static str>,
    /// How it is timed (`scheduled`, `ongoing`, `if-needed`, `event`).
    timing_kind: Option<&'static str>,
    /// When, worded for its status (`was due 10 to 14 days; still done until 6 weeks`).
    when: String,
    /// The window (scheduled) or span as day numbers: days after birth, or of pregnancy.
    from_day: Option<u32>,
    to_day: Option<u32>,
    from_gestation_day: Option<u32>,
    to_gestation_day: Option<u32>,
    catch_up_until_day: Option<u32>,
    late_kpi: Option<&'a Text>,
    category: Option<Category>,
    born_from: Option<String>,
    born_to: Option<String>,
    offered_from: Option<String>,
    offered_to: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    window: Option<WindowView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    due: Option<Point>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relative: Option<RelativeView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    event: Option<&'a Text>,
    lead: &'a Text,
    lead_title: &'a Text,
    with: &'a [Text],
    kpis: &'a [Text],
    core_purposes: &'a [u8],
    tools: &'a [Text],
    interfaces: &'a [Text],
    source: &'a str,
    basis: Basis,
    certainty: Certainty,
    #[serde(skip_serializing_if = "Option::is_none")]
    note: Option<&'a str>,
}

/// An exact window: its ends as timeline points (`10d`, `28w gestation`).
#[derive(Serialize, JsonSchema)]
struct WindowView {
    from: Point,
    to: Point,
    #[serde(skip_serializing_if = "Option::is_none")]
    kpi_deadline: Option<Point>,
}

/// Timing after an event: durations as data writes them (`0d`, `15wd`).
#[derive(Serialize, JsonSchema)]
struct RelativeView<'a> {
    after: &'a Text,
    earliest: String,
    latest: String,
}

/// Days after birth of a point, if it is after birth.
fn after_birth(p: Point) -> Option<u32> {
    match p {
        Point::Postnatal(d) => Some(d),
        _ => None,
    }
}

/// Days of pregnancy of a point, if it is in pregnancy.
fn of_pregnancy(p: Point) -> Option<u32> {
    match p {
        Point::Gestation(d) => Some(d),
        _ => None,
    }
}

impl<'a> RowView<'a> {
    fn new(r: &'a Row) -> Self {
        let t = &r.timing;
        let span = t.scheduled.or(t.window).or(t.stages);
        RowView {
            pathway: &r.pathway,
            pathway_title: &r.pathway_title,
            level: r.level,
            id: &r.id,
            title: &r.title,
            description: prose(&r.description),
            stage: &r.stage,
            until_stage: r.until_stage.as_ref(),
            timing: timing(t),
            status: r.status.map(Status::id),
            timing_kind: t.kind.map(TimingKind::id),
            when: super::words::when(r),
            from_day: span.and_then(|s| after_birth(s.from)),
            to_day: span.and_then(|s| after_birth(s.to)),
            from_gestation_day: span.and_then(|s| of_pregnancy(s.from)),
            to_gestation_day: span.and_then(|s| of_pregnancy(s.to)),
            catch_up_until_day: t.catch_up_until.and_then(after_birth),
            late_kpi: t.late_kpi.as_ref(),
            category: r.category,
            born_from: r.born.and_then(|b| b.0).map(|d| d.to_string()),
            born_to: r.born.and_then(|b| b.1).map(|d| d.to_string()),
            offered_from: r.offered.and_then(|b| b.0).map(|d| d.to_string()),
            offered_to: r.offered.and_then(|b| b.1).map(|d| d.to_string()),
            window: t.window.map(|w| WindowView {
                from: w.from,
                to: w.to,
                kpi_deadline: t.kpi_deadline,
            }),
            due: t.due,
            relative: t.relative.as_ref().map(|rel| RelativeView {
                after: &rel.after,
                earliest: duration_code(rel.earliest),
                latest: duration_code(rel.latest),
            }),
            event: r.event.as_ref(),
            lead: &r.lead,
            lead_title: &r.lead_title,
            with: &r.with,
            kpis: &r.kpis,
            core_purposes: &r.core_purposes,
            tools: &r.tools,
            interfaces: &r.interfaces,
            source: prose(&r.source),
            basis: r.basis,
            certainty: r.certainty,
            note: r.note.as_deref().map(prose),
        }
    }
}

/// Text from the data as a JSON value: YAML folded text (`note: >`) ends in a newline, and no
/// text value hcp prints does.
fn prose(text: &str) -> &str {
    text.trim_end()
}

fn rows(rows: &[Row]) -> Vec<RowView<'_>> {
    rows.iter().map(RowView::new).collect()
}

/// `hcp validate`'s answer.
#[derive(Serialize, JsonSchema)]
struct Validated<'a> {
    ok: bool,
    summary: &'a Summary,
    diagnostics: &'a [Diagnostic],
}

/// `hcp query`'s answer.
#[derive(Serialize, JsonSchema)]
struct Answered<'a> {
    asked: String,
    pathways: &'a [Text],
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    empty_reason: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    gestation_instead: Option<GestationView>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    review_overdue: &'a [OverdueReview],
    /// How far "upcoming" looks ahead, in days.
    ahead_days: u32,
    /// Targeted pathways not searched that have items at the point asked about.
    also: Vec<AlsoView<'a>>,
    if_needed_left_out: usize,
    /// The date of birth the cohort schedules were read for.
    born_on: Option<String>,
    other_cohorts: usize,
    results: Vec<RowView<'a>>,
}
/// A targeted pathway not searched that has items at the point asked about.
#[derive(Serialize, JsonSchema)]
struct AlsoView<'a> {
    pathway: &'a Text,
    title: &'a Text,
    count: usize,
}

/// `hcp list`'s answer: the kind, and its items.
/// The items of one kind, each with its own keys.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum Items<'a> {
    Pathways(&'a [crate::answer::browse::PathwayItem]),
    Stages(&'a [crate::answer::browse::StageItem]),
    Professions(&'a [crate::answer::browse::ProfessionItem]),
    Kpis(&'a [crate::answer::browse::KpiItem]),
    CorePurposes(&'a [crate::answer::browse::CorePurposeItem]),
    Levels(&'a [crate::answer::browse::LevelItem]),
    Events(&'a [crate::answer::browse::EventItem]),
    Interfaces(&'a [crate::answer::browse::InterfaceItem]),
    Dimensions(&'a [crate::answer::browse::DimensionItem]),
    Indicators(&'a [crate::answer::browse::IndicatorItem]),
}
#[derive(Serialize, JsonSchema)]
struct Listed<'a> {
    kind: &'static str,
    items: Items<'a>,
}

/// `hcp diff`'s answer.
#[derive(Serialize, JsonSchema)]
struct Compared<'a> {
    base: String,
    changed: String,
    identical: bool,
    #[serde(flatten)]
    diff: &'a Diff,
}

impl Render<Findings<'_>> for Json<'_> {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        let payload = Validated {
            ok: f.ok,
            summary: f.summary,
            diagnostics: f.diagnostics,
        };
        self.envelope("validate", payload)
            .write(Keys::Declared, out)
    }
}

/// The gestation an `--age` probably meant: days, the `--gestation` argument, and the hint.
#[derive(Serialize, JsonSchema)]
struct GestationView {
    gestation_day: u32,
    gestation: String,
    hint: String,
}

impl Render<QueryResult> for Json<'_> {
    fn render(&self, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
        let payload = Answered {
            asked: super::words::asked(&result.request),
            pathways: &result.pathways,
            count: result.results.len(),
            empty_reason: empty_reason(result),
            gestation_instead: result.gestation_instead.map(|days| GestationView {
                gestation_day: days,
                gestation: format_gestation_days(days),
                hint: gestation_hint(result).unwrap_or_default(),
            }),
            review_overdue: &result.review_overdue,
            ahead_days: result.request.ahead_days(),
            also: result
                .also
                .iter()
                .map(|a| AlsoView {
                    pathway: &a.pathway,
                    title: &a.title,
                    count: a.count,
                })
                .collect(),
            if_needed_left_out: result.if_needed_left_out,
            born_on: result.born_on.map(|d| d.to_string()),
            other_cohorts: result.other_cohorts,
            results: rows(&result.results),
        };
        self.envelope("query", payload).write(Keys::Declared, out)
    }
}

impl Render<Listing> for Json<'_> {
    fn render(&self, listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
        let items = match listing {
            Listing::Pathways(i) => Items::Pathways(i),
            Listing::Stages(i) => Items::Stages(i),
            Listing::Professions(i) => Items::Professions(i),
            Listing::Kpis(i) => Items::Kpis(i),
            Listing::CorePurposes(i) => Items::CorePurposes(i),
            Listing::Levels(i) => Items::Levels(i),
            Listing::Events(i) => Items::Events(i),
            Listing::Interfaces(i) => Items::Interfaces(i),
            Listing::Dimensions(i) => Items::Dimensions(i),
            Listing::Indicators(i) => Items::Indicators(i),
        };
        let payload = Listed {
            kind: super::cells::list_kind(listing),
            items,
        };
        self.envelope("list", payload).write(Keys::Declared, out)
    }
}

/// `hcp show`'s answer: the entry's fields and its interventions, tagged with its kind.
#[derive(Serialize, JsonSchema)]
#[serde(tag = "kind", rename_all = "kebab-case")]
enum ShownView<'a> {
    Pathway {
        id: &'a str,
        title: &'a str,
        summary: &'a str,
        span: String,
        in_addition_to_universal: bool,
        entry_criteria: &'a EntryCriteria,
        exit_criteria: &'a [Text],
        source: &'a str,
        last_reviewed: Option<String>,
        next_review: Option<String>,
        note: Option<&'a str>,
        interventions: Vec<RowView<'a>>,
    },
    Kpi {
        id: &'a str,
        title: &'a str,
        definition: &'a str,
        numerator: &'a str,
        denominator: &'a str,
        deadline: Option<Point>,
        status: KpiStatus,
        source: &'a str,
        interventions: Vec<RowView<'a>>,
    },
    Profession {
        id: &'a str,
        title: &'a str,
        description: &'a str,
        interventions: Vec<RowView<'a>>,
    },
    Intervention(Box<InterventionView<'a>>),
}

impl Render<Showing<'_>> for Json<'_> {
    fn render(&self, showing: &Showing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let view = match showing.shown {
            Shown::Pathway {
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
            } => ShownView::Pathway {
                id,
                title,
                summary: prose(summary),
                span: span.to_string(),
                in_addition_to_universal: *in_addition_to_universal,
                entry_criteria,
                exit_criteria,
                source: prose(source),
                last_reviewed: last_reviewed.map(|d| d.to_string()),
                next_review: next_review.map(|d| d.to_string()),
                note: note.as_deref().map(prose),
                interventions: rows(interventions),
            },
            Shown::Kpi {
                id,
                title,
                definition,
                numerator,
                denominator,
                deadline,
                status,
                source,
                interventions,
            } => ShownView::Kpi {
                id,
                title,
                definition: prose(definition),
                numerator: prose(numerator),
                denominator: prose(denominator),
                deadline: *deadline,
                status: *status,
                source: prose(source),
                interventions: rows(interventions),
            },
            Shown::Profession {
                id,
                title,
                description,
                interventions,
            } => ShownView::Profession {
                id,
                title,
                description: prose(description),
                interventions: rows(interventions),
            },
            Shown::Intervention(shown) => {
                ShownView::Intervention(Box::new(InterventionView::new(shown)))
            }
        };
        self.envelope("show", view).write(Keys::Sorted, out)
    }
}

impl Render<Comparison<'_>> for Json<'_> {
    fn render(&self, c: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
        let payload = Compared {
            base: source_name(c.base, DiffFormat::Json),
            changed: source_name(c.changed, DiffFormat::Json),
            identical: c.diff.is_empty(),
            diff: c.diff,
        };
        self.envelope("diff", payload).write(Keys::Declared, out)
    }
}

//! Every output format, and every word the user reads. The answers (`crate::answer`) and the
//! findings (`crate::check`) are typed data; each format is one file here that implements
//! [`Render`] for the answers it can show, writing to the [`Write`] it is given:
//!
//! | file | format | answers |
//! |---|---|---|
//! | `text/` | terminal text and tables | all |
//! | `markdown.rs` | Markdown | query, list, show, assess, caseload, diff |
//! | `json.rs` | one versioned [`json::Envelope`]; JSON Lines | all but rules |
//! | `csv.rs` | CSV | query, list, show |
//! | `github.rs` | GitHub Actions workflow commands | findings |
//! | `sarif.rs` | SARIF 2.1.0 | findings |
//! | `junit.rs` | JUnit XML | findings |
//! | `fhir.rs` | FHIR R4 JSON | the pathway set (`hcp export fhir`) |
//! | `site/` | a static website (HTML, SVG, CSS; minijinja templates) | the pathway set (`hcp site`) |
//!
//! `words.rs` holds the words several formats share (a row's timing, why a rule fired, the
//! messages of the answers' errors), `cells.rs` the columns of the tabular answers. The functions
//! below pick the format's file for a command's `--format`.

pub mod ages;
mod cells;
mod csv;
pub mod fhir;
mod github;
mod ics;
pub mod init;
pub mod json;
mod junit;
mod kpi;
pub mod man;
mod markdown;
pub mod sanitize;
mod sarif;
pub use sarif::UriBase;
pub mod site;
mod text;
mod words;

use std::io::{self, Write};

use crate::answer::assess::{Assessed, CaseRow, Report};
use crate::answer::browse::{Listing, Shown};
use crate::answer::diff::Diff;
use crate::answer::provenance::Provenance;
use crate::answer::query::QueryResult;
use crate::answer::review::OverdueReview;
use crate::check::Rule;
use crate::load::PathwaySource;
use crate::model::diagnostic::{Diagnostic, Summary};
use crate::model::library::Library;

pub use json::JSON_VERSION;
pub use kpi::{kpi_findings, kpi_returns};
pub use text::{summary_line, table};
pub use words::{STATEMENT, suggestion};

/// One output format for one kind of answer: each format's file implements it for every answer
/// that format can show.
pub trait Render<A: ?Sized> {
    /// Write `answer` to `out`.
    fn render(&self, answer: &A, out: &mut dyn Write) -> io::Result<()>;
}

/// What `hcp validate` found, and about which set.
#[derive(Debug, Clone, Copy)]
pub struct Findings<'a> {
    /// The set checked (its files give the excerpts).
    pub library: &'a Library,
    /// The findings, in order.
    pub diagnostics: &'a [Diagnostic],
    /// The counts.
    pub summary: &'a Summary,
    /// Whether the set passes (the exit status's meaning).
    pub ok: bool,
    /// Where files are, for SARIF's `%SRCROOT%` (None: file names as given).
    pub base: Option<&'a UriBase>,
}

/// `hcp show`'s answer, with the set it came from (for stage titles).
#[derive(Debug, Clone, Copy)]
pub struct Showing<'a> {
    /// What was shown.
    pub shown: &'a Shown,
    /// The set.
    pub library: &'a Library,
}

/// A caseload: one row per family assessed (by need), the files that failed with the codes of
/// their findings, and the files and references given more than once.
#[derive(Debug, Clone, Copy)]
pub struct Caseload<'a> {
    /// One row per family, by need (see [`Assessed::rows`]).
    pub rows: &'a [CaseRow],
    /// The files that could not be assessed.
    pub failed: &'a [String],
    /// The findings about them (positions and codes only).
    pub findings: &'a [Diagnostic],
    /// Files named more than once.
    pub repeated_files: &'a [String],
    /// References carried by more than one file.
    pub repeated_references: &'a [String],
}

impl Caseload<'_> {
    /// The code of the first finding about a failed file.
    pub fn failure_code(&self, file: &str) -> Option<crate::model::diagnostic::Code> {
        self.findings
            .iter()
            .find(|d| d.file == file)
            .map(|d| d.code)
    }
}

/// A comparison of two pathway sets, with where each came from.
#[derive(Debug, Clone, Copy)]
pub struct Comparison<'a> {
    /// What differs.
    pub diff: &'a Diff,
    /// The base set.
    pub base: &'a PathwaySource,
    /// The changed set.
    pub changed: &'a PathwaySource,
}

/// How `hcp validate` prints findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiagnosticFormat {
    /// One block per finding with a source excerpt, then a summary line.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
    /// SARIF 2.1.0, for code-scanning uploads.
    Sarif,
    /// JUnit XML: one test case per file.
    Junit,
}

/// How query, list and show results are printed (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    /// A table for the terminal.
    Table,
    /// A versioned JSON envelope.
    Json,
    /// Comma-separated values.
    Csv,
    /// A Markdown table.
    Markdown,
}

/// How assessments are printed (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum AssessFormat {
    /// Plain text.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// Markdown.
    Markdown,
    /// JSON Lines, one summary row per family.
    #[value(name = "jsonl")]
    JsonLines,
}

/// How schedules and worklists are printed (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ScheduleFormat {
    /// A table for the terminal.
    Table,
    /// A versioned JSON envelope.
    Json,
    /// Comma-separated values, one row per child and intervention.
    Csv,
    /// Markdown.
    Markdown,
    /// iCalendar (RFC 5545): one all-day event per window.
    Ics,
}

/// A child's schedule (one record asked about alone) or a team's worklist, with every file that
/// could not be scheduled.
#[derive(Debug, Clone, Copy)]
pub struct Scheduling<'a> {
    /// The schedules and the files that failed.
    pub scheduled: &'a crate::answer::schedule::Scheduled,
    /// The worklist, for a caseload; `None` for one child's whole schedule.
    pub worklist: Option<&'a crate::answer::schedule::Worklist>,
}

/// How a comparison of two pathway sets is printed (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Plain text.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// Markdown, e.g. for a change request.
    Markdown,
}

/// Terminal manners for human-readable output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Style {
    /// Use ANSI colour (never in JSON, SARIF, JUnit or GitHub output).
    pub color: bool,
    /// Leave out summary lines, headers and legends.
    pub quiet: bool,
}

const BOLD: &str = "\x1b[1m";
const BOLD_RED: &str = "\x1b[1;31m";
const BOLD_YELLOW: &str = "\x1b[1;33m";
const RESET: &str = "\x1b[0m";

/// The only terminal sequences hcp writes; [`paint`] takes its colour from these, so the stdout
/// writer's whitelist cannot fall behind it.
const COLOUR_SEQUENCES: [&str; 4] = [BOLD, BOLD_RED, BOLD_YELLOW, RESET];

/// The length of the colour sequence hcp itself writes that `bytes` starts with, if any. The
/// stdout writer lets these through when colouring and escapes every other control byte, so a
/// sequence inside a data value (clear the screen, move the cursor, conceal text, a hyperlink)
/// can never reach the terminal.
pub fn own_colour_sequence(bytes: &[u8]) -> Option<usize> {
    COLOUR_SEQUENCES
        .iter()
        .find(|s| bytes.starts_with(s.as_bytes()))
        .map(|s| s.len())
}

/// `text` in one of hcp's [`COLOUR_SEQUENCES`], when colouring. One string, so that a colour
/// sequence always reaches the writer in one piece (the stdout writer recognises it whole).
fn paint(style: Style, start: &str, text: &str) -> String {
    if style.color {
        format!("{start}{text}{RESET}")
    } else {
        text.to_string()
    }
}

/// The error of `hcp list indicators --dimension ID` when no dimension has that id, in words.
pub fn dimension_not_found(e: crate::answer::browse::NotFound) -> words::DimensionNotFound {
    words::DimensionNotFound(e)
}

/// The width that means "do not wrap": text is one line per row and paragraph (stdout is not a
/// terminal and no `--width` was given).
pub const UNWRAPPED: u16 = u16::MAX;

/// Render through a buffer: the formats write in small pieces, the writer below gets few large
/// ones. (A piece is never split: a colour sequence arrives whole.)
fn buffered(
    out: &mut dyn Write,
    render: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut buffer = io::BufWriter::new(out);
    render(&mut buffer)?;
    buffer.flush()
}

/// Render findings and the summary.
pub fn diagnostics(
    format: DiagnosticFormat,
    style: Style,
    findings: &Findings<'_>,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    buffered(out, |out| match format {
        DiagnosticFormat::Text => text::Text { style, width: 0 }.render(findings, out),
        DiagnosticFormat::Json => json::Json(provenance).render(findings, out),
        DiagnosticFormat::Github => github::Github.render(findings, out),
        DiagnosticFormat::Sarif => sarif::Sarif(provenance).render(findings, out),
        DiagnosticFormat::Junit => junit::Junit.render(findings, out),
    })
}

/// Render a query result.
pub fn query(
    format: TableFormat,
    result: &QueryResult,
    width: u16,
    quiet: bool,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style {
        color: false,
        quiet,
    };
    buffered(out, |out| match format {
        TableFormat::Table => text::Text { style, width }.render(result, out),
        TableFormat::Json => json::Json(provenance).render(result, out),
        TableFormat::Csv => csv::Csv.render(result, out),
        TableFormat::Markdown => {
            markdown::Markdown { quiet }.render(result, out)?;
            markdown::provenance_footer(provenance, out)
        }
    })
}

/// Render a schedule or a worklist.
pub fn schedule(
    format: ScheduleFormat,
    scheduling: &Scheduling<'_>,
    width: u16,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::default();
    buffered(out, |out| match format {
        ScheduleFormat::Table => text::Text { style, width }.render(scheduling, out),
        ScheduleFormat::Json => json::Json(provenance).render(scheduling, out),
        ScheduleFormat::Csv => csv::Csv.render(scheduling, out),
        ScheduleFormat::Markdown => {
            markdown::Markdown { quiet: false }.render(scheduling, out)?;
            markdown::provenance_footer(provenance, out)
        }
        ScheduleFormat::Ics => ics::Ics.render(scheduling, out),
    })
}

/// Render a listing (`hcp list …`).
pub fn listing(
    format: TableFormat,
    listing: &Listing,
    width: u16,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::default();
    buffered(out, |out| match format {
        TableFormat::Table => text::Text { style, width }.render(listing, out),
        TableFormat::Json => json::Json(provenance).render(listing, out),
        TableFormat::Csv => csv::Csv.render(listing, out),
        TableFormat::Markdown => markdown::Markdown { quiet: false }.render(listing, out),
    })
}

/// Render `hcp show` output: `Table` as plain text, `Markdown`, `Json`, or `Csv` (the
/// interventions only).
pub fn shown(
    format: TableFormat,
    shown: &Shown,
    library: &Library,
    width: u16,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let showing = Showing { shown, library };
    let style = Style::default();
    buffered(out, |out| match format {
        TableFormat::Table => text::Text { style, width }.render(&showing, out),
        TableFormat::Json => json::Json(provenance).render(&showing, out),
        TableFormat::Csv => csv::Csv.render(&showing, out),
        TableFormat::Markdown => markdown::Markdown { quiet: false }.render(&showing, out),
    })
}

/// Render one family's assessment.
pub fn assessment(
    format: AssessFormat,
    report: &Report,
    width: u16,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::default();
    buffered(out, |out| match format {
        AssessFormat::Text => text::Text { style, width }.render(report, out),
        AssessFormat::Json => json::Json(provenance).render(report, out),
        AssessFormat::Markdown => {
            markdown::Markdown { quiet: false }.render(report, out)?;
            markdown::provenance_footer(provenance, out)
        }
        AssessFormat::JsonLines => json::JsonLines.render(report, out),
    })
}

/// Render a caseload: the files that failed first, then one row per family by need, counts by
/// band, and the files and references given more than once.
pub fn caseload(
    format: AssessFormat,
    assessed: &Assessed,
    width: u16,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let caseload = Caseload {
        rows: &assessed.rows,
        failed: &assessed.failed,
        findings: &assessed.findings,
        repeated_files: &assessed.repeated_files,
        repeated_references: &assessed.repeated_references,
    };
    let style = Style::default();
    buffered(out, |out| match format {
        AssessFormat::Text => text::Text { style, width }.render(&caseload, out),
        AssessFormat::Json => json::Json(provenance).render(&caseload, out),
        AssessFormat::Markdown => {
            markdown::Markdown { quiet: false }.render(&caseload, out)?;
            markdown::provenance_footer(provenance, out)
        }
        AssessFormat::JsonLines => json::JsonLines.render(&caseload, out),
    })
}

/// Render a comparison of the `base` set with the `changed` one.
pub fn diff(
    format: DiffFormat,
    diff: &Diff,
    base: &PathwaySource,
    changed: &PathwaySource,
    quiet: bool,
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let comparison = Comparison {
        diff,
        base,
        changed,
    };
    let style = Style {
        color: false,
        quiet,
    };
    buffered(out, |out| match format {
        DiffFormat::Text => text::Text { style, width: 0 }.render(&comparison, out),
        DiffFormat::Json => json::Json(provenance).render(&comparison, out),
        DiffFormat::Markdown => markdown::Markdown { quiet }.render(&comparison, out),
    })
}

/// A pathway set's name: in JSON the bundled set is the token `bundled`, which a script can match;
/// in words it is "the bundled set"; a directory is its path.
pub fn source_name(source: &PathwaySource, format: DiffFormat) -> String {
    match (source, format) {
        (PathwaySource::Bundled, DiffFormat::Json) => "bundled".to_string(),
        (PathwaySource::Bundled, _) => "the bundled set".to_string(),
        (PathwaySource::Directory(dir), _) => dir.display().to_string(),
    }
}

/// One note per pathway past its review date (for stderr, even under `-q`).
pub fn review_notes(overdue: &[OverdueReview], out: &mut dyn Write) -> io::Result<()> {
    buffered(out, |out| text::review_notes(overdue, out))
}

/// The JSON Schema of an input file kind or of a JSON output, as shipped in `schemas/`.
pub fn schema(kind: crate::model::schema::SchemaKind) -> String {
    use crate::model::schema::{finish, input_schema};
    let schema = input_schema(kind).unwrap_or_else(|| json::output_schema(kind));
    finish(kind, schema)
}

/// The sub-folders of the directories given that were not looked into (for stderr), one note
/// each, so a caseload never loses a file without saying so.
pub fn skipped_folders(
    folders: &[crate::load::family::SkippedFolder],
    out: &mut dyn Write,
) -> io::Result<()> {
    buffered(out, |out| text::skipped_folders(folders, out))
}

/// The findings about family files that could not be assessed (for stderr): positions, never
/// excerpts of the files, then how many failed.
pub fn family_findings(assessed: &Assessed, out: &mut dyn Write) -> io::Result<()> {
    buffered(out, |out| text::family_findings(assessed, out))
}

/// The findings about record files that could not be scheduled (for stderr): positions, never
/// excerpts of the files.
pub fn record_findings(findings: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    buffered(out, |out| text::record_findings(findings, out))
}

/// `hcp rule --all`: one line per rule.
pub fn rule_list(rules: &[Rule], out: &mut dyn Write) -> io::Result<()> {
    buffered(out, |out| text::rule_list(rules, out))
}

/// `hcp rule CODE`: the rule explained.
pub fn rule_explained(rule: &Rule, out: &mut dyn Write) -> io::Result<()> {
    buffered(out, |out| text::rule_explained(rule, out))
}

/// The error for a code that names no rule.
pub fn no_such_rule(code: &str, rules: &[Rule]) -> String {
    let first = rules.first().map_or("", |r| r.code.as_str());
    let last = rules.last().map_or("", |r| r.code.as_str());
    format!("no rule `{code}`; rules are {first}..{last} (see `hcp rule --all`)")
}

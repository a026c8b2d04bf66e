//! `hcp assess --format json|jsonl`: one family's report with its words, and caseloads (the
//! envelope with rows and counts; JSON Lines with an error record per file that failed first).

use std::io::{self, Write};

use schemars::JsonSchema;
use serde::Serialize;

use super::{Json, JsonLines, Keys, RowView, rows};
use crate::answer::assess::{CaseRow, Decision, DimensionOutcome, Report};
use crate::answer::review::OverdueReview;
use crate::model::Level;
use crate::model::diagnostic::Code;
use crate::model::text::Text;
use crate::render::text::assess::{band_count, incomplete_count, report_suggestion};
use crate::render::words::{STATEMENT, because, child, lowering, raising, suggestion};
use crate::render::{Caseload, Render};

/// One family's report, with its words.
#[derive(Serialize, JsonSchema)]
struct ReportView<'a> {
    reference: &'a str,
    assessment_date: String,
    child: String,
    suggestion: String,
    outcome: OutcomeView<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    practitioner: Option<&'a Decision>,
    due: Vec<RowView<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    review_overdue: &'a [OverdueReview],
    statement: &'static str,
}

#[derive(Serialize, JsonSchema)]
struct OutcomeView<'a> {
    suggested: Level,
    complete: bool,
    /// `suggested` is the band, not only a lower bound (complete, or at the top band).
    confirmed: bool,
    missing: &'a [Text],
    dimensions: &'a [DimensionOutcome],
    fired: Vec<FiredView<'a>>,
    pathways: &'a [Text],
    would_lower: Vec<String>,
    would_raise: Vec<String>,
}

#[derive(Serialize, JsonSchema)]
struct FiredView<'a> {
    rule: &'a str,
    because: String,
    gives: Level,
}

impl<'a> ReportView<'a> {
    fn new(r: &'a Report) -> Self {
        let o = &r.outcome;
        ReportView {
            reference: &r.reference,
            assessment_date: r.assessment_date.to_string(),
            child: child(r.child, r.child_calendar),
            suggestion: report_suggestion(r),
            outcome: OutcomeView {
                suggested: o.suggested,
                complete: o.complete,
                confirmed: crate::answer::assess::band_confirmed(o.suggested, o.complete),
                missing: &o.missing,
                dimensions: &o.dimensions,
                fired: o
                    .fired
                    .iter()
                    .map(|f| FiredView {
                        rule: f.rule.id(),
                        because: because(f),
                        gives: f.gives,
                    })
                    .collect(),
                pathways: &o.pathways,
                would_lower: o.would_lower.iter().map(lowering).collect(),
                would_raise: o.would_raise.iter().map(raising).collect(),
            },
            practitioner: r.practitioner.as_ref(),
            due: rows(&r.due),
            review_overdue: &r.review_overdue,
            statement: STATEMENT,
        }
    }
}

/// One family's line in a caseload: no free text, no identifiers beyond the reference.
#[derive(Serialize, JsonSchema)]
struct CaseRowView<'a> {
    reference: &'a str,
    child: String,
    suggested: Level,
    suggestion: String,
    complete: bool,
    confirmed: bool,
    /// Dimension ids not assessed, as in the full report.
    missing: &'a [Text],
    #[serde(skip_serializing_if = "Option::is_none")]
    practitioner: Option<Level>,
    pathways: &'a [Text],
}

impl<'a> CaseRowView<'a> {
    fn new(r: &'a CaseRow) -> Self {
        CaseRowView {
            reference: &r.reference,
            child: child(r.child, r.child_calendar),
            suggested: r.suggested,
            suggestion: suggestion(r.suggested, r.complete, r.missing.len(), r.dimensions),
            complete: r.complete,
            confirmed: r.confirmed(),
            missing: &r.missing,
            practitioner: r.practitioner,
            pathways: &r.pathways,
        }
    }
}

/// How many families are at each confirmed band, incomplete, and failed: they add up to the
/// files assessed.
#[derive(Serialize, JsonSchema)]
struct Counts {
    universal: usize,
    #[serde(rename = "universal-plus")]
    universal_plus: usize,
    #[serde(rename = "universal-partnership-plus")]
    universal_partnership_plus: usize,
    incomplete: usize,
    failed: usize,
}
/// A caseload's answer (`hcp assess` on several files or a folder).
#[derive(Serialize, JsonSchema)]
struct Assessed<'a> {
    families: Vec<CaseRowView<'a>>,
    counts: Counts,
    failed: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    repeated_files: &'a [String],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    repeated_references: &'a [String],
}

impl Render<Report> for Json<'_> {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        self.envelope("assess", ReportView::new(report))
            .write(Keys::Sorted, out)
    }
}

impl Render<Caseload<'_>> for Json<'_> {
    fn render(&self, c: &Caseload<'_>, out: &mut dyn Write) -> io::Result<()> {
        let payload = Assessed {
            families: c.rows.iter().map(CaseRowView::new).collect(),
            counts: Counts {
                universal: band_count(c, Level::Universal),
                universal_plus: band_count(c, Level::UniversalPlus),
                universal_partnership_plus: band_count(c, Level::UniversalPartnershipPlus),
                incomplete: incomplete_count(c),
                failed: c.failed.len(),
            },
            failed: c.failed,
            repeated_files: c.repeated_files,
            repeated_references: c.repeated_references,
        };
        self.envelope("assess", payload).write(Keys::Sorted, out)
    }
}

/// One line: a record, compact, then a newline.
fn line(record: &AssessLine<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer(&mut *out, record)?;
    out.write_all(b"\n")
}

impl Render<Report> for JsonLines {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        line(
            &AssessLine::Family(CaseRowView::new(&CaseRow::from(report))),
            out,
        )
    }
}

/// A JSON Lines record for a file that could not be assessed, so a script reading the lines
/// accounts for every file: `{"file": …, "error": {"code": "HCP104", "findings": 2}}`.
#[derive(Serialize, JsonSchema)]
struct FailedLine<'a> {
    file: &'a str,
    error: FailedError,
}

#[derive(Serialize, JsonSchema)]
struct FailedError {
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<Code>,
    findings: usize,
}

/// `hcp assess --format json`: one family's report, or a caseload (schema only).
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum AssessResult<'a> {
    /// One family's report.
    Report(super::Envelope<'a, ReportView<'a>>),
    /// A caseload.
    Caseload(super::Envelope<'a, Assessed<'a>>),
}

/// The schema of `assess-result` or `assess-line`.
pub(super) fn schema(
    kind: crate::model::schema::SchemaKind,
    generator: schemars::SchemaGenerator,
) -> schemars::Schema {
    if kind == crate::model::schema::SchemaKind::AssessLine {
        generator.into_root_schema_for::<AssessLine<'static>>()
    } else {
        generator.into_root_schema_for::<AssessResult<'static>>()
    }
}

/// One JSON Lines record: a family's row, or a file that could not be assessed.
#[derive(Serialize, JsonSchema)]
#[serde(untagged)]
enum AssessLine<'a> {
    /// A family assessed.
    Family(CaseRowView<'a>),
    /// A file that could not be assessed.
    Failed(FailedLine<'a>),
}

impl Render<Caseload<'_>> for JsonLines {
    fn render(&self, c: &Caseload<'_>, out: &mut dyn Write) -> io::Result<()> {
        for file in c.failed {
            let record = FailedLine {
                file,
                error: FailedError {
                    code: c.failure_code(file),
                    findings: c.findings.iter().filter(|d| d.file == *file).count(),
                },
            };
            line(&AssessLine::Failed(record), out)?;
        }
        for row in c.rows {
            line(&AssessLine::Family(CaseRowView::new(row)), out)?;
        }
        Ok(())
    }
}

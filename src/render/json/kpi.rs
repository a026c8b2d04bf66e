//! `hcp kpi --format json`: the period, the files not counted (an error record each), one row per
//! KPI with its definition, and with `--explain` the references behind one KPI (docs/json.md,
//! schemas/output/kpi-result.schema.json).

use std::io::{self, Write};

use schemars::JsonSchema;
use serde::Serialize;

use super::{DATE_PATTERN, Json, Keys};
use crate::answer::kpi::{Outcome, Returns, Unjudged};
use crate::model::KpiStatus;
use crate::model::diagnostic::Code;
use crate::render::Render;
use crate::render::kpi::counted;

/// The reporting period, first and last day.
#[derive(Serialize, JsonSchema)]
struct PeriodView {
    #[schemars(pattern(DATE_PATTERN))]
    from: String,
    #[schemars(pattern(DATE_PATTERN))]
    to: String,
}

/// A file not counted: its name, the first finding's code and how many findings (never its
/// content).
#[derive(Serialize, JsonSchema)]
struct FailedView<'a> {
    file: &'a str,
    code: Option<Code>,
    findings: usize,
}

/// One KPI's return. When `computable` is false, `reason` says why and the counts are null.
#[derive(Serialize, JsonSchema)]
#[schemars(extend("if" = { "properties": { "computable": { "const": false } } },
    "then" = { "properties": {
        "reason": { "type": "string", "minLength": 1 },
        "numerator": { "type": "null" },
        "denominator": { "type": "null" },
        "percent": { "type": "null" },
        "not_judged": { "type": "null" }
    } },
    "else" = { "properties": {
        "numerator": { "type": "integer" },
        "not_judged": { "type": "integer" },
        "reason": { "type": "null" }
    } }))]
struct RowView<'a> {
    #[schemars(length(min = 1))]
    kpi: &'a str,
    title: &'a str,
    status: KpiStatus,
    /// Whether the records can answer it (a definition with a `compute` the records support).
    computable: bool,
    numerator: Option<usize>,
    denominator: Option<usize>,
    /// numerator / denominator, to one decimal place; null when the denominator is 0.
    #[schemars(range(min = 0, max = 100))]
    percent: Option<f64>,
    /// Records that could not be judged in or out (see `explain`).
    not_judged: Option<usize>,
    /// Why not computable (or that there is no definition).
    reason: Option<String>,
    /// What the definition counts, in words.
    counted: Option<String>,
    note: Option<&'a str>,
    definition: &'a str,
    numerator_definition: &'a str,
    denominator_definition: &'a str,
    source: &'a str,
}

/// A record neither counted nor left out, and why.
#[derive(Serialize, JsonSchema)]
struct NotJudgedView<'a> {
    reference: &'a str,
    #[schemars(schema_with = "unjudged_schema")]
    reason: &'static str,
}

/// The schema of `not_judged[].reason`: one of [`Unjudged::ALL`]'s ids.
fn unjudged_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let ids: Vec<&str> = Unjudged::ALL.iter().map(|u| u.id()).collect();
    schemars::json_schema!({ "type": "string", "enum": ids })
}

/// The references behind one KPI's counts (`--explain`).
#[derive(Serialize, JsonSchema)]
struct ExplainView<'a> {
    kpi: &'a str,
    denominator: &'a [String],
    numerator: &'a [String],
    not_judged: Vec<NotJudgedView<'a>>,
}

/// `hcp kpi --format json`: a KPI return.
#[derive(Serialize, JsonSchema)]
struct ReturnsView<'a> {
    period: PeriodView,
    /// The date the return is as of.
    #[schemars(pattern(DATE_PATTERN))]
    as_of: String,
    /// Whether the period ends on or after `as_of`, so its counts may still change.
    provisional: bool,
    /// Files read.
    files: usize,
    /// Records counted.
    records: usize,
    /// Files not counted.
    failed: Vec<FailedView<'a>>,
    /// Files given more than once (counted once).
    repeated_files: &'a [String],
    /// References found in more than one file (counted once).
    repeated_references: &'a [String],
    kpis: Vec<RowView<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<ExplainView<'a>>,
}

impl Render<Returns> for Json<'_> {
    fn render(&self, r: &Returns, out: &mut dyn Write) -> io::Result<()> {
        let kpis = r
            .rows
            .iter()
            .map(|k| {
                let (numerator, denominator, percent, not_judged, reason) = match &k.outcome {
                    Outcome::Computed(c) => (
                        Some(c.numerator),
                        c.denominator,
                        c.percent_tenths().map(|t| t as f64 / 10.0),
                        Some(c.not_judged),
                        None,
                    ),
                    Outcome::NotComputable { reason } => {
                        (None, None, None, None, Some(reason.trim().to_string()))
                    }
                    Outcome::NoDefinition => (
                        None,
                        None,
                        None,
                        None,
                        Some("no definition in the pathway set (HCP036)".to_string()),
                    ),
                };
                RowView {
                    kpi: k.id.as_str(),
                    title: k.title.as_str(),
                    status: k.status,
                    computable: matches!(k.outcome, Outcome::Computed(_)),
                    numerator,
                    denominator,
                    percent,
                    not_judged,
                    reason,
                    counted: k.compute.as_ref().map(counted),
                    note: k
                        .compute
                        .as_ref()
                        .and_then(|c| c.note.as_ref())
                        .map(|n| n.trim()),
                    definition: k.definition.trim(),
                    numerator_definition: k.numerator_text.trim(),
                    denominator_definition: k.denominator_text.trim(),
                    source: k.source.trim(),
                }
            })
            .collect();
        let payload = ReturnsView {
            period: PeriodView {
                from: r.period.from.to_string(),
                to: r.period.to.to_string(),
            },
            as_of: r.today.to_string(),
            provisional: r.provisional,
            files: r.files,
            records: r.records,
            failed: r
                .failed
                .iter()
                .map(|f| FailedView {
                    file: f,
                    code: r.failure_code(f),
                    findings: r.findings.iter().filter(|d| d.file == *f).count(),
                })
                .collect(),
            repeated_files: &r.repeated_files,
            repeated_references: &r.repeated_references,
            kpis,
            explain: r.explained.as_ref().map(|(id, e)| ExplainView {
                kpi: id.as_str(),
                denominator: &e.denominator,
                numerator: &e.numerator,
                not_judged: e
                    .not_judged
                    .iter()
                    .map(|(reference, why)| NotJudgedView {
                        reference,
                        reason: why.id(),
                    })
                    .collect(),
            }),
        };
        self.envelope("kpi", payload).write(Keys::Declared, out)
    }
}

/// The schema of `kpi-result`.
pub(super) fn schema(generator: schemars::SchemaGenerator) -> schemars::Schema {
    generator.into_root_schema_for::<super::Envelope<'static, ReturnsView<'static>>>()
}

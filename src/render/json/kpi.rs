//! `hcp kpi --format json`: the period, the files not counted (an error record each), one row per
//! KPI with its definition, and with `--explain` the references behind one KPI (docs/json.md,
//! schemas/output/kpi.schema.json).

use std::io::{self, Write};

use serde::Serialize;

use super::{Json, Keys};
use crate::answer::kpi::{Outcome, Returns};
use crate::model::KpiStatus;
use crate::model::diagnostic::Code;
use crate::render::Render;
use crate::render::kpi::counted;

#[derive(Serialize)]
struct PeriodView {
    from: String,
    to: String,
}

#[derive(Serialize)]
struct FailedView<'a> {
    file: &'a str,
    code: Option<Code>,
    findings: usize,
}

#[derive(Serialize)]
struct RowView<'a> {
    kpi: &'a str,
    title: &'a str,
    status: KpiStatus,
    computable: bool,
    numerator: Option<usize>,
    denominator: Option<usize>,
    percent: Option<f64>,
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

#[derive(Serialize)]
struct NotJudgedView<'a> {
    reference: &'a str,
    reason: &'static str,
}

#[derive(Serialize)]
struct ExplainView<'a> {
    kpi: &'a str,
    denominator: &'a [String],
    numerator: &'a [String],
    not_judged: Vec<NotJudgedView<'a>>,
}

#[derive(Serialize)]
struct ReturnsView<'a> {
    period: PeriodView,
    as_of: String,
    provisional: bool,
    files: usize,
    records: usize,
    failed: Vec<FailedView<'a>>,
    repeated_files: &'a [String],
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

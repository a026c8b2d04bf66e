//! `hcp kpi --format csv`: one record per KPI, then one per file not counted and per reference
//! carried twice, so that a spreadsheet accounts for every path given.
//!
//! Columns: `kind` (`kpi`, `failed-file`, `repeated-file`, `repeated-reference`), `id` (the KPI, the
//! file as named, or the reference), `title`, `numerator`, `denominator` (empty for a count),
//! `percent` (one decimal; empty when there is none), `not_judged`, `note` (why a KPI is not
//! computable, or the code of a file's first finding).

use std::io::{self, Write};

use super::{Csv, write_all};
use crate::answer::kpi::{Outcome, Returns};
use crate::render::Render;
use crate::render::kpi::percent;

/// The header.
const HEADERS: [&str; 8] = [
    "kind",
    "id",
    "title",
    "numerator",
    "denominator",
    "percent",
    "not_judged",
    "note",
];

impl Render<Returns> for Csv {
    fn render(&self, r: &Returns, out: &mut dyn Write) -> io::Result<()> {
        let mut records: Vec<[String; 8]> = vec![HEADERS.map(String::from)];
        for k in &r.rows {
            let (n, d, p, j, note) = match &k.outcome {
                Outcome::Computed(c) => (
                    c.numerator.to_string(),
                    c.denominator.map(|d| d.to_string()).unwrap_or_default(),
                    c.percent_tenths().map(percent).unwrap_or_default(),
                    c.not_judged.to_string(),
                    String::new(),
                ),
                Outcome::NotComputable { reason } => (
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    format!("not computable: {}", reason.trim()),
                ),
                Outcome::NoDefinition => (
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    "no definition".to_string(),
                ),
            };
            records.push([
                "kpi".into(),
                k.id.to_string(),
                k.title.to_string(),
                n,
                d,
                p,
                j,
                note,
            ]);
        }
        let other = |kind: &str, id: &str, note: String| {
            [
                kind.to_string(),
                id.to_string(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                String::new(),
                note,
            ]
        };
        for f in &r.failed {
            let code = r.failure_code(f).map(|c| c.to_string()).unwrap_or_default();
            records.push(other("failed-file", f, code));
        }
        for f in &r.repeated_files {
            records.push(other("repeated-file", f, String::new()));
        }
        for reference in &r.repeated_references {
            records.push(other("repeated-reference", reference, String::new()));
        }
        write_all(out, records)
    }
}

//! SARIF 2.1.0, for code-scanning uploads: the rules in `runs[0].tool.driver.rules`, one result
//! per finding.

use std::io::{self, Write};

use super::text::caret_fits;
use super::{Findings, Render};
use crate::model::diagnostic::Diagnostic;

/// SARIF 2.1.0.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sarif;

fn result(d: &Diagnostic) -> serde_json::Value {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!(" ({help})"));
    }
    let mut region = serde_json::Map::new();
    if d.line > 0 {
        region.insert("startLine".into(), d.line.into());
        // A caret past the end of a cut excerpt would point at the wrong text.
        if caret_fits(d.column) {
            region.insert("startColumn".into(), d.column.into());
        }
    }
    let mut physical = serde_json::json!({ "artifactLocation": { "uri": d.file } });
    if !region.is_empty() {
        physical["region"] = serde_json::Value::Object(region);
    }
    serde_json::json!({
        "ruleId": d.code,
        "level": d.severity.as_str(),
        "message": { "text": message },
        "locations": [{ "physicalLocation": physical }],
        "properties": { "path": d.path },
    })
}

impl Render<Findings<'_>> for Sarif {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        let rules: Vec<serde_json::Value> = crate::check::RULES
            .iter()
            .map(|r| {
                serde_json::json!({
                    "id": r.code,
                    "name": r.code.name(),
                    "shortDescription": { "text": r.summary },
                    "fullDescription": { "text": r.explanation },
                    "defaultConfiguration": { "level": r.severity.as_str() },
                })
            })
            .collect();
        let results: Vec<serde_json::Value> = f.diagnostics.iter().map(result).collect();
        let log = serde_json::json!({
            "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
            "version": "2.1.0",
            "runs": [{
                "tool": { "driver": {
                    "name": "hcp",
                    "version": env!("CARGO_PKG_VERSION"),
                    "informationUri": "https://hcp.invalid/",
                    "rules": rules,
                }},
                "results": results,
            }],
        });
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

//! All output formatting: findings (text, JSON, GitHub annotations) and query results (table,
//! JSON, CSV, Markdown). Commands build data; this module turns it into text.

use std::fmt::Write as _;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, Severity, Summary};
use crate::library::Library;

/// Version of the JSON envelopes hcp prints. Bumped only on incompatible changes.
pub const JSON_VERSION: u32 = 1;

/// How `hcp validate` prints findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DiagnosticFormat {
    /// One block per finding with a source excerpt, then a summary line.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// GitHub Actions workflow commands (`::error file=…`).
    Github,
}

#[derive(Serialize)]
struct ValidateEnvelope<'a> {
    version: u32,
    tool: &'static str,
    command: &'static str,
    ok: bool,
    summary: Summary,
    diagnostics: &'a [Diagnostic],
}

/// Render findings and the summary.
pub fn diagnostics(
    format: DiagnosticFormat,
    library: &Library,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    ok: bool,
) -> String {
    match format {
        DiagnosticFormat::Text => {
            let mut out = String::new();
            for d in diagnostics {
                out.push_str(&text_block(library, d));
                out.push('\n');
            }
            out.push_str(&summary_line(summary));
            out.push('\n');
            out
        }
        DiagnosticFormat::Json => {
            let envelope = ValidateEnvelope {
                version: JSON_VERSION,
                tool: "hcp",
                command: "validate",
                ok,
                summary: *summary,
                diagnostics,
            };
            let mut s = serde_json::to_string_pretty(&envelope).unwrap_or_default();
            s.push('\n');
            s
        }
        DiagnosticFormat::Github => {
            let mut out = String::new();
            for d in diagnostics {
                out.push_str(&github_line(d));
                out.push('\n');
            }
            out
        }
    }
}

/// `hcp: 21 files, 9 pathways, 212 interventions: 0 errors, 3 warnings`
pub fn summary_line(s: &Summary) -> String {
    format!(
        "hcp: {} {}, {} {}, {} {}: {} {}, {} {}",
        s.files,
        plural(s.files, "file", "files"),
        s.pathways,
        plural(s.pathways, "pathway", "pathways"),
        s.interventions,
        plural(s.interventions, "intervention", "interventions"),
        s.errors,
        plural(s.errors, "error", "errors"),
        s.warnings,
        plural(s.warnings, "warning", "warnings"),
    )
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn text_block(library: &Library, d: &Diagnostic) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}[{}]: {}", d.severity.as_str(), d.code, d.message);
    let location = match (d.line, d.column) {
        (0, _) => d.file.clone(),
        (l, 0) => format!("{}:{l}", d.file),
        (l, c) => format!("{}:{l}:{c}", d.file),
    };
    let _ = writeln!(out, "  --> {location}");
    if d.line > 0
        && let Some(line_text) = source_line(library, &d.file, d.line)
    {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        let _ = writeln!(out, "{pad} |");
        let _ = writeln!(out, "{number} | {line_text}");
        if d.column > 0 {
            let caret_pad: String = line_text
                .chars()
                .take(usize::try_from(d.column - 1).unwrap_or(0))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            let _ = writeln!(out, "{pad} | {caret_pad}^");
        }
    }
    if !d.path.is_empty() {
        let _ = writeln!(out, "   = path: {}", d.path);
    }
    if let Some(help) = &d.help {
        let _ = writeln!(out, "   = help: {help}");
    }
    out
}

fn source_line(library: &Library, display: &str, line: u64) -> Option<String> {
    let file = library.files.iter().find(|f| f.display == display)?;
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    let text = file.text.lines().nth(index)?;
    let text = text.trim_end_matches('\r');
    // Keep excerpts short: a very long scalar is cut, never printed whole.
    const MAX: usize = 160;
    if text.chars().count() > MAX {
        Some(text.chars().take(MAX).collect::<String>() + " …")
    } else {
        Some(text.to_string())
    }
}

/// Escape a GitHub workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escape a GitHub workflow-command property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn github_line(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(&d.file))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
    }
    if d.column > 0 {
        props.push(format!("col={}", d.column));
    }
    let name = crate::rules::rule(d.code).map_or("", |r| r.name);
    props.push(format!("title={}", escape_property(&format!("{} {name}", d.code))));
    let mut message = d.message.clone();
    if !d.path.is_empty() {
        message.push_str(&format!(" (at {})", d.path));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("; {help}"));
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_properties_and_data() {
        let d = Diagnostic {
            code: "HCP005",
            severity: Severity::Error,
            file: "a,b:c.yaml".into(),
            line: 3,
            column: 7,
            path: "x".into(),
            message: "50% wrong\nnext".into(),
            help: None,
        };
        assert_eq!(
            github_line(&d),
            "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=HCP005 unresolved-reference::50%25 wrong%0Anext (at x)"
        );
    }
}

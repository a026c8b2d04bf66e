//! All output formatting: findings (text, JSON, GitHub annotations) and query results (table,
//! JSON, CSV, Markdown). Commands build data; this module turns it into text.

use std::fmt::Write as _;

use serde::Serialize;

use crate::model::diagnostic::{Diagnostic, Severity, Summary};
use crate::model::library::Library;
use crate::model::text::Text;

/// Version of the JSON envelopes hcp prints. Bumped only on incompatible changes.
pub const JSON_VERSION: u32 = 1;

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

/// `text` in one of hcp's [`COLOUR_SEQUENCES`], when colouring.
fn paint(style: Style, start: &str, text: &str) -> String {
    if style.color {
        format!("{start}{text}{RESET}")
    } else {
        text.to_string()
    }
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
    style: Style,
    library: &Library,
    diagnostics: &[Diagnostic],
    summary: &Summary,
    ok: bool,
) -> String {
    match format {
        DiagnosticFormat::Text => {
            let mut out = String::new();
            for d in diagnostics {
                out.push_str(&text_block(library, d, style));
                out.push('\n');
            }
            if !style.quiet {
                out.push_str(&summary_line(summary));
                out.push('\n');
            }
            out
        }
        DiagnosticFormat::Sarif => sarif(diagnostics),
        DiagnosticFormat::Junit => junit(library, diagnostics),
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

fn text_block(library: &Library, d: &Diagnostic, style: Style) -> String {
    let mut out = String::new();
    let colour = match d.severity {
        Severity::Error => BOLD_RED,
        Severity::Warning => BOLD_YELLOW,
    };
    let label = paint(
        style,
        colour,
        &format!("{}[{}]", d.severity.as_str(), d.code),
    );
    let _ = writeln!(out, "{label}: {}", paint(style, BOLD, &d.message));
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
        // A caret past the end of a cut excerpt would point at the wrong text.
        if d.column > 0 && d.column <= EXCERPT_CHARS as u64 {
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

/// Excerpts are kept short: a very long line is cut, never printed whole.
const EXCERPT_CHARS: usize = 160;

fn source_line(library: &Library, display: &str, line: u64) -> Option<String> {
    let file = library.files.iter().find(|f| f.display == display)?;
    let index = usize::try_from(line.checked_sub(1)?).ok()?;
    let text = crate::load::yaml::strip_bom(&file.text)
        .lines()
        .nth(index)?;
    let text = text.trim_end_matches('\r');
    if text.chars().count() > EXCERPT_CHARS {
        Some(text.chars().take(EXCERPT_CHARS).collect::<String>() + " …")
    } else {
        Some(text.to_string())
    }
}

fn sarif(diagnostics: &[Diagnostic]) -> String {
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
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut message = d.message.clone();
            if let Some(help) = &d.help {
                message.push_str(&format!(" ({help})"));
            }
            let mut region = serde_json::Map::new();
            if d.line > 0 {
                region.insert("startLine".into(), d.line.into());
                // A caret past the end of a cut excerpt would point at the wrong text.
                if d.column > 0 && d.column <= EXCERPT_CHARS as u64 {
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
        })
        .collect();
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
    let mut s = serde_json::to_string_pretty(&log).unwrap_or_default();
    s.push('\n');
    s
}

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// JUnit XML: one test case per file, failing with its findings.
fn junit(library: &Library, diagnostics: &[Diagnostic]) -> String {
    let mut files: Vec<&str> = library.files.iter().map(|f| f.display.as_str()).collect();
    for d in diagnostics {
        if !files.contains(&d.file.as_str()) {
            files.push(&d.file);
        }
    }
    let failing = files
        .iter()
        .filter(|f| {
            diagnostics
                .iter()
                .any(|d| d.file == **f && d.severity == Severity::Error)
        })
        .count();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"hcp validate\" tests=\"{}\" failures=\"{failing}\">",
        files.len()
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"hcp validate\" tests=\"{}\" failures=\"{failing}\">",
        files.len()
    );
    for file in files {
        let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.file == file).collect();
        let _ = write!(
            out,
            "    <testcase classname=\"hcp.validate\" name=\"{}\"",
            xml(file)
        );
        if found.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        for d in found {
            let tag = if d.severity == Severity::Error {
                "failure"
            } else {
                "system-out"
            };
            let text = format!(
                "{}:{}:{}: {} {} ({})",
                d.file, d.line, d.column, d.code, d.message, d.path
            );
            if tag == "failure" {
                let _ = writeln!(
                    out,
                    "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                    d.code,
                    xml(&d.message),
                    xml(&text)
                );
            } else {
                let _ = writeln!(
                    out,
                    "      <system-out>warning: {}</system-out>",
                    xml(&text)
                );
            }
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

/// Escape a GitHub workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
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
    let name = d.code.name();
    props.push(format!(
        "title={}",
        escape_property(&format!("{} {name}", d.code))
    ));
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
            code: crate::model::diagnostic::Code::UnresolvedReference,
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

fn level_short(level: crate::model::Level) -> &'static str {
    match level {
        crate::model::Level::Universal => "U",
        crate::model::Level::UniversalPlus => "U+",
        crate::model::Level::UniversalPartnershipPlus => "UPP",
    }
}

fn join<T: ToString>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

#[derive(Serialize)]
struct QueryEnvelope<'a> {
    version: u32,
    tool: &'static str,
    command: &'static str,
    asked: &'a str,
    pathways: &'a [Text],
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    empty_reason: Option<&'a str>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    review_overdue: &'a [crate::answer::review::OverdueReview],
    results: &'a [crate::answer::query::Row],
}

/// The columns of the query table / CSV / Markdown.
const QUERY_HEADERS: [&str; 7] = [
    "Pathway",
    "Level",
    "When",
    "Intervention",
    "Lead",
    "KPIs",
    "CC",
];

fn query_cells(row: &crate::answer::query::Row) -> [String; 7] {
    [
        row.pathway.to_string(),
        level_short(row.level).to_string(),
        row.timing.clone(),
        row.title.to_string(),
        row.lead_title.to_string(),
        join(&row.kpis),
        join(&row.core_purposes),
    ]
}

/// Render a query result.
pub fn query(
    format: TableFormat,
    result: &crate::answer::query::QueryResult,
    width: u16,
    quiet: bool,
) -> String {
    match format {
        TableFormat::Json => {
            let envelope = QueryEnvelope {
                version: JSON_VERSION,
                tool: "hcp",
                command: "query",
                asked: &result.asked,
                pathways: &result.pathways,
                count: result.results.len(),
                empty_reason: result.empty_reason.as_deref(),
                review_overdue: &result.review_overdue,
                results: &result.results,
            };
            let mut s = serde_json::to_string_pretty(&envelope).unwrap_or_default();
            s.push('\n');
            s
        }
        TableFormat::Csv => {
            let mut out = csv_line(
                QUERY_HEADERS
                    .iter()
                    .copied()
                    .chain(["Id", "With", "Tools", "Source"]),
            );
            for r in &result.results {
                let cells = query_cells(r);
                let extra = [
                    r.id.to_string(),
                    join(&r.with),
                    join(&r.tools),
                    r.source.to_string(),
                ];
                out.push_str(&csv_line(
                    cells.iter().chain(extra.iter()).map(String::as_str),
                ));
            }
            out
        }
        TableFormat::Markdown => {
            let mut out = format!(
                "Interventions {} ({}):\n\n",
                result.asked,
                result.pathways.join(", ")
            );
            if let Some(reason) = &result.empty_reason {
                out.push_str(&format!("{reason}\n"));
                return out;
            }
            out.push_str(&markdown_row(
                QUERY_HEADERS.iter().map(|s| (*s).to_string()),
            ));
            out.push_str(&markdown_row(
                QUERY_HEADERS.iter().map(|_| "---".to_string()),
            ));
            for r in &result.results {
                out.push_str(&markdown_row(query_cells(r).into_iter()));
            }
            out.push_str(LEGEND_MARKDOWN);
            out
        }
        TableFormat::Table => {
            let mut out = String::new();
            // The empty-result reason is the answer, so it is printed even when quiet.
            if !quiet || result.empty_reason.is_some() {
                out.push_str(&wrap(&format!("Interventions {}", result.asked), width));
                out.push_str(&wrap(
                    &format!("Pathways: {}", result.pathways.join(", ")),
                    width,
                ));
            }
            if let Some(reason) = &result.empty_reason {
                out.push('\n');
                out.push_str(&wrap(reason, width));
                return out;
            }
            for pathway in &result.pathways {
                let rows: Vec<&crate::answer::query::Row> = result
                    .results
                    .iter()
                    .filter(|r| &r.pathway == pathway)
                    .collect();
                let Some(first) = rows.first() else { continue };
                if !(quiet && out.is_empty()) {
                    out.push('\n');
                }
                out.push_str(&format!("{} ({})\n", first.pathway_title, rows.len()));
                out.push_str(&compact_table(&rows, width));
            }
            if quiet {
                return out;
            }
            out.push('\n');
            out.push_str(&wrap(
                &format!(
                    "{} {}. Level: U Universal, U+ Universal Plus, UPP Universal Partnership Plus. CC: Children's Centre core purpose. The practitioner's professional judgement decides.",
                    result.results.len(),
                    plural(result.results.len(), "intervention", "interventions")
                ),
                width,
            ));
            out
        }
    }
}

/// Word-wrap a line of prose to `width` columns (continuation lines indented by two).
fn wrap(text: &str, width: u16) -> String {
    let width = usize::from(width);
    let mut out = String::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = "  ".to_string();
        } else if !line.is_empty() && line != "  " {
            line.push(' ');
        }
        line.push_str(word);
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// One pathway's rows as a table, leaving out columns that are empty for every row.
fn compact_table(rows: &[&crate::answer::query::Row], width: u16) -> String {
    let headers = ["Level", "When", "Intervention", "Lead", "KPIs", "CC"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                level_short(r.level).to_string(),
                r.timing.clone(),
                r.title.to_string(),
                r.lead_title.to_string(),
                join(&r.kpis),
                join(&r.core_purposes),
            ]
        })
        .collect();
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&c| c < 4 || cells.iter().any(|row| !row[c].is_empty()))
        .collect();
    let picked_headers: Vec<&str> = keep.iter().map(|&c| headers[c]).collect();
    let picked: Vec<Vec<String>> = cells
        .iter()
        .map(|row| keep.iter().map(|&c| row[c].clone()).collect())
        .collect();
    table(&picked_headers, &picked, width)
}

const LEGEND_MARKDOWN: &str = "\nLevel: U Universal, U+ Universal Plus, UPP Universal Partnership Plus; CC = Children's Centre core purpose.\n";

/// A plain terminal table, wrapped to `width` columns; identical output whether or not stdout is a terminal.
pub fn table(headers: &[&str], rows: &[Vec<String>], width: u16) -> String {
    use comfy_table::{ContentArrangement, Table, presets};
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .force_no_tty()
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_width(width)
        .set_header(headers.iter().copied());
    for row in rows {
        t.add_row(row.iter().map(String::as_str));
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

fn csv_line<'a>(cells: impl Iterator<Item = &'a str>) -> String {
    let mut line = cells.map(csv_field).collect::<Vec<_>>().join(",");
    line.push('\n');
    line
}

fn markdown_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells
        .map(|c| c.replace('|', "\\|").replace('\n', " "))
        .collect();
    format!("| {} |\n", cells.join(" | "))
}

/// Render a listing (`hcp list …`) in any table format.
pub fn listing(
    format: TableFormat,
    kind: &str,
    headers: &[&str],
    rows: &[Vec<String>],
    width: u16,
) -> String {
    match format {
        TableFormat::Table => table(headers, rows, width),
        TableFormat::Csv => {
            let mut out = csv_line(headers.iter().copied());
            for r in rows {
                out.push_str(&csv_line(r.iter().map(String::as_str)));
            }
            out
        }
        TableFormat::Markdown => {
            let mut out = markdown_row(headers.iter().map(|s| (*s).to_string()));
            out.push_str(&markdown_row(headers.iter().map(|_| "---".to_string())));
            for r in rows {
                out.push_str(&markdown_row(r.iter().cloned()));
            }
            out
        }
        TableFormat::Json => {
            let items: Vec<serde_json::Map<String, serde_json::Value>> = rows
                .iter()
                .map(|r| {
                    headers
                        .iter()
                        .zip(r)
                        .map(|(h, v)| {
                            (
                                h.to_lowercase().replace(' ', "_"),
                                serde_json::Value::String(v.clone()),
                            )
                        })
                        .collect()
                })
                .collect();
            let envelope = serde_json::json!({
                "version": JSON_VERSION, "tool": "hcp", "command": "list", "kind": kind, "items": items,
            });
            let mut s = serde_json::to_string_pretty(&envelope).unwrap_or_default();
            s.push('\n');
            s
        }
    }
}

/// Render `hcp show` output: `Text` (and `Table`) as plain text, `Markdown`, `Json` or `Csv`
/// (the interventions only).
pub fn shown(
    format: TableFormat,
    shown: &crate::answer::browse::Shown,
    library: &Library,
    width: u16,
) -> String {
    use crate::answer::browse::Shown;
    let rows = match shown {
        Shown::Pathway { interventions, .. }
        | Shown::Kpi { interventions, .. }
        | Shown::Profession { interventions, .. } => interventions,
    };
    match format {
        TableFormat::Json => {
            let mut value = serde_json::to_value(shown).unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                map.insert("version".into(), JSON_VERSION.into());
                map.insert("tool".into(), "hcp".into());
                map.insert("command".into(), "show".into());
            }
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            return s;
        }
        TableFormat::Csv => {
            let mut out = csv_line(QUERY_HEADERS.iter().copied().chain(["Id"]));
            for r in rows {
                let cells = query_cells(r);
                out.push_str(&csv_line(
                    cells.iter().map(String::as_str).chain([r.id.as_str()]),
                ));
            }
            return out;
        }
        TableFormat::Table | TableFormat::Markdown => {}
    }
    let md = format == TableFormat::Markdown;
    let mut out = String::new();
    let heading = |out: &mut String, level: usize, text: &str| {
        if md {
            out.push_str(&format!("{} {text}\n\n", "#".repeat(level)));
        } else {
            out.push_str(&format!(
                "{text}\n{}\n",
                if level == 1 { "=" } else { "-" }.repeat(text.chars().count())
            ));
        }
    };
    let bullets = |out: &mut String, items: &[String]| {
        for item in items {
            out.push_str(&format!("- {item}\n"));
        }
        out.push('\n');
    };
    match shown {
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
        } => {
            heading(&mut out, 1, &format!("{title} ({id})"));
            out.push_str(&format!("Span: {span}"));
            if *in_addition_to_universal {
                out.push_str(" · in addition to the Universal pathway");
            }
            out.push_str(&format!("\n\n{summary}\n\n"));
            for (label, items) in [
                (
                    "Entry criteria: Universal Plus",
                    &entry_criteria.universal_plus,
                ),
                (
                    "Entry criteria: Universal Partnership Plus",
                    &entry_criteria.universal_partnership_plus,
                ),
                ("Exit and step-down", exit_criteria),
            ] {
                if !items.is_empty() {
                    heading(&mut out, 2, label);
                    bullets(
                        &mut out,
                        &items
                            .iter()
                            .map(|s| s.trim().replace('\n', " "))
                            .collect::<Vec<_>>(),
                    );
                }
            }
            let mut current_stage = String::new();
            for r in interventions {
                if r.stage != current_stage {
                    current_stage = r.stage.to_string();
                    let title = library
                        .stage(&r.stage)
                        .map_or(r.stage.clone(), |(_, s)| s.title.clone());
                    heading(&mut out, 2, &format!("Stage: {title}"));
                }
                out.push_str(&intervention_line(r));
            }
            out.push_str(&format!("\nSource: {source}\n"));
            out.push_str(&format!(
                "Last reviewed: {} · next review due: {}\n",
                last_reviewed.as_deref().unwrap_or("not recorded"),
                next_review.as_deref().unwrap_or("not recorded")
            ));
            if let Some(n) = note {
                out.push_str(&format!("Note: {n}\n"));
            }
        }
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
        } => {
            heading(&mut out, 1, &format!("{id}: {title}"));
            out.push_str(&format!(
                "Status: {}\nDefinition: {definition}\nNumerator: {numerator}\nDenominator: {denominator}\n",
                format!("{status:?}").to_lowercase()
            ));
            if let Some(d) = deadline {
                out.push_str(&format!("Deadline: by {d}\n"));
            }
            out.push_str(&format!("Source: {source}\n\n"));
            heading(&mut out, 2, "Interventions measured by it");
            out.push_str(&intervention_table(md, interventions, width));
        }
        Shown::Profession {
            id,
            title,
            description,
            interventions,
        } => {
            heading(&mut out, 1, &format!("{title} ({id})"));
            out.push_str(&format!("{description}\n\n"));
            heading(&mut out, 2, "Interventions it leads or takes part in");
            out.push_str(&intervention_table(md, interventions, width));
        }
    }
    out
}

fn intervention_line(r: &crate::answer::query::Row) -> String {
    let mut line = format!(
        "- [{}] {} ({}): {}; lead {}",
        level_short(r.level),
        r.title,
        r.id,
        r.timing,
        r.lead_title
    );
    if !r.kpis.is_empty() {
        line.push_str(&format!("; KPIs {}", join(&r.kpis)));
    }
    if !r.core_purposes.is_empty() {
        line.push_str(&format!("; core purpose {}", join(&r.core_purposes)));
    }
    line.push('\n');
    line
}

fn intervention_table(md: bool, rows: &[crate::answer::query::Row], width: u16) -> String {
    if rows.is_empty() {
        return "None.\n".to_string();
    }
    let cells: Vec<Vec<String>> = rows.iter().map(|r| query_cells(r).to_vec()).collect();
    if md {
        let mut out = markdown_row(QUERY_HEADERS.iter().map(|s| (*s).to_string()));
        out.push_str(&markdown_row(
            QUERY_HEADERS.iter().map(|_| "---".to_string()),
        ));
        for c in cells {
            out.push_str(&markdown_row(c.into_iter()));
        }
        out
    } else {
        table(&QUERY_HEADERS, &cells, width)
    }
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

/// Render one family's assessment.
pub fn assessment(format: AssessFormat, r: &crate::answer::assess::Report) -> String {
    match format {
        AssessFormat::Json => {
            let mut value = serde_json::to_value(r).unwrap_or_default();
            if let Some(map) = value.as_object_mut() {
                map.insert("version".into(), JSON_VERSION.into());
                map.insert("tool".into(), "hcp".into());
                map.insert("command".into(), "assess".into());
            }
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        AssessFormat::JsonLines => {
            let row = crate::answer::assess::CaseRow::from(r);
            let mut s = serde_json::to_string(&row).unwrap_or_default();
            s.push('\n');
            s
        }
        AssessFormat::Text | AssessFormat::Markdown => {
            assessment_prose(format == AssessFormat::Markdown, r)
        }
    }
}

fn assessment_prose(md: bool, r: &crate::answer::assess::Report) -> String {
    let o = &r.outcome;
    let mut out = String::new();
    let h = |out: &mut String, level: usize, text: &str| {
        if md {
            out.push_str(&format!("{} {text}\n\n", "#".repeat(level + 1)));
        } else {
            out.push_str(&format!("{text}\n"));
        }
    };
    h(
        &mut out,
        0,
        &format!(
            "Assessment {}: {} (child {})",
            r.reference, r.assessment_date, r.child
        ),
    );
    if md {
        out.push_str(&format!("**Suggested band: {}**\n\n", r.suggestion));
    } else {
        out.push_str(&format!("\nSuggested band: {}\n", r.suggestion));
    }
    if let Some(p) = &r.practitioner {
        let verdict = if p.agrees {
            "agrees with the suggestion"
        } else {
            "differs from the suggestion; the practitioner's decision stands"
        };
        out.push_str(&format!(
            "Practitioner's decision: {} ({verdict})\n",
            p.band.title()
        ));
        if let Some(why) = &p.rationale {
            out.push_str(&format!("Practitioner's rationale: {}\n", why.trim()));
        }
    }
    if !o.complete {
        out.push_str(&format!(
            "Not assessed ({}): {}. Missing is not \"no concern\": assess these before relying on the band.\n",
            o.missing.len(),
            o.missing.join(", ")
        ));
    }
    out.push('\n');
    h(&mut out, 1, "Why");
    if o.fired.is_empty() {
        out.push_str("- no indicators observed\n");
    }
    for f in &o.fired {
        out.push_str(&format!(
            "- {} → {}: {}\n",
            f.rule,
            f.gives.title(),
            f.because
        ));
    }
    out.push('\n');
    h(&mut out, 1, "By domain and dimension");
    let mut domain = "";
    for d in &o.dimensions {
        if d.domain != domain {
            domain = &d.domain;
            if md {
                out.push_str(&format!("\n**{domain}**\n\n"));
            } else {
                out.push_str(&format!("  {domain}\n"));
            }
        }
        let band = d
            .band
            .map_or("not assessed".to_string(), |b| level_short(b).to_string());
        let inds: Vec<String> = d
            .indicators
            .iter()
            .filter(|i| Some(i.band) == d.band)
            .map(|i| format!("{}{}", i.text, if i.decisive { " (decisive)" } else { "" }))
            .collect();
        let detail = if inds.is_empty() {
            String::new()
        } else {
            format!(": {}", inds.join("; "))
        };
        if md {
            out.push_str(&format!("- {} — {band}{detail}\n", d.title));
        } else {
            out.push_str(&format!("    {:<36} {band}{detail}\n", d.title));
        }
    }
    out.push('\n');
    h(&mut out, 1, "What would change it");
    for l in &o.would_lower {
        out.push_str(&format!("- lower: {l}\n"));
    }
    for l in &o.would_raise {
        out.push_str(&format!("- higher: {l}\n"));
    }
    if !o.complete {
        out.push_str("- assessing the missing dimensions can only keep or raise the band\n");
    }
    out.push('\n');
    h(&mut out, 1, "Pathways indicated");
    if o.pathways.is_empty() {
        out.push_str("- none beyond Universal\n");
    } else {
        for p in &o.pathways {
            out.push_str(&format!("- {p}\n"));
        }
    }
    out.push('\n');
    h(
        &mut out,
        1,
        &format!("Due now ({}) on these pathways and Universal", r.child),
    );
    if r.due.is_empty() {
        out.push_str("- nothing listed at this age\n");
    }
    for row in &r.due {
        out.push_str(&format!(
            "- [{}] {} ({}): {}; lead {}\n",
            level_short(row.level),
            row.title,
            row.pathway,
            row.timing,
            row.lead_title
        ));
    }
    out.push('\n');
    out.push_str(r.statement.as_str());
    out.push('\n');
    out
}

/// Render a caseload: one row per family, counts by band, and the files that failed.
pub fn caseload(
    format: AssessFormat,
    rows: &[crate::answer::assess::CaseRow],
    failed: &[String],
    width: u16,
) -> String {
    use crate::model::Level;
    // Incomplete assessments are never tallied under a band: their band is only a lower bound.
    let count = |l: Level| {
        rows.iter()
            .filter(|r| r.complete && r.suggested == l)
            .count()
    };
    let incomplete = rows.iter().filter(|r| !r.complete).count();
    match format {
        AssessFormat::JsonLines => rows
            .iter()
            .map(|r| serde_json::to_string(r).unwrap_or_default() + "\n")
            .collect(),
        AssessFormat::Json => {
            let value = serde_json::json!({
                "version": JSON_VERSION, "tool": "hcp", "command": "assess",
                "families": rows,
                "counts": {
                    "universal": count(Level::Universal),
                    "universal-plus": count(Level::UniversalPlus),
                    "universal-partnership-plus": count(Level::UniversalPartnershipPlus),
                    "incomplete": incomplete,
                    "failed": failed.len(),
                },
                "failed": failed,
            });
            let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
            s.push('\n');
            s
        }
        AssessFormat::Text | AssessFormat::Markdown => {
            let headers = [
                "Reference",
                "Child",
                "Suggested",
                "Complete",
                "Practitioner",
                "Pathways",
            ];
            let cells: Vec<Vec<String>> = rows
                .iter()
                .map(|r| {
                    vec![
                        r.reference.clone(),
                        r.child.clone(),
                        if r.complete {
                            level_short(r.suggested).to_string()
                        } else {
                            format!("at least {}", level_short(r.suggested))
                        },
                        if r.complete {
                            "yes".into()
                        } else {
                            format!("NO ({} missing)", r.missing)
                        },
                        r.practitioner
                            .map_or(String::new(), |b| level_short(b).to_string()),
                        r.pathways.join(", "),
                    ]
                })
                .collect();
            let mut out = if format == AssessFormat::Markdown {
                listing(TableFormat::Markdown, "caseload", &headers, &cells, width)
            } else {
                table(&headers, &cells, width)
            };
            out.push_str(&format!(
                "\n{} families: {} Universal, {} Universal Plus, {} Universal Partnership Plus (complete assessments); {} incomplete; {} failed.\n{}\n",
                rows.len(),
                count(Level::Universal),
                count(Level::UniversalPlus),
                count(Level::UniversalPartnershipPlus),
                incomplete,
                failed.len(),
                crate::answer::assess::STATEMENT
            ));
            out
        }
    }
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

/// Render a comparison of `base` (named `base_name`) with `changed` (named `changed_name`).
pub fn diff(
    format: DiffFormat,
    d: &crate::answer::diff::Diff,
    base_name: &str,
    changed_name: &str,
    quiet: bool,
) -> String {
    use crate::answer::diff::Status;
    if format == DiffFormat::Json {
        #[derive(Serialize)]
        struct DiffEnvelope<'a> {
            version: u32,
            tool: &'static str,
            command: &'static str,
            base: &'a str,
            changed: &'a str,
            identical: bool,
            #[serde(flatten)]
            diff: &'a crate::answer::diff::Diff,
        }
        let envelope = DiffEnvelope {
            version: JSON_VERSION,
            tool: "hcp",
            command: "diff",
            base: base_name,
            changed: changed_name,
            identical: d.is_empty(),
            diff: d,
        };
        let mut s = serde_json::to_string_pretty(&envelope).unwrap_or_default();
        s.push('\n');
        return s;
    }
    let md = format == DiffFormat::Markdown;
    let mut out = String::new();
    if d.is_empty() {
        let _ = writeln!(
            out,
            "No differences: {base_name} and {changed_name} hold the same pathways, catalogue and assessment framework."
        );
        return out;
    }
    let mark = |s: Status| match s {
        Status::Added => "+",
        Status::Removed => "-",
        Status::Changed => "~",
    };
    let word = |s: Status| match s {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    };
    let heading = |out: &mut String, text: &str| {
        if md {
            let _ = writeln!(out, "\n## {text}\n");
        } else {
            let _ = writeln!(out, "\n{text}");
        }
    };
    let field_line = |out: &mut String, indent: &str, f: &crate::answer::diff::FieldChange| {
        let prose = crate::answer::diff::PROSE_FIELDS.contains(&f.field);
        let what = match (prose, f.before.is_empty(), f.after.is_empty()) {
            (true, true, _) => "added".to_string(),
            (true, _, true) => "removed".to_string(),
            (true, _, _) => "changed (see --format json for the text)".to_string(),
            (false, true, _) => format!("(none) → {}", f.after),
            (false, _, true) => format!("{} → (none)", f.before),
            (false, _, _) => format!("{} → {}", f.before, f.after),
        };
        if md {
            let _ = writeln!(out, "{indent}- `{}`: {what}", f.field);
        } else {
            let _ = writeln!(out, "{indent}{}: {what}", f.field);
        }
    };
    let entry_line =
        |out: &mut String, indent: &str, e: &crate::answer::diff::EntryDiff, section: bool| {
            let what = if section {
                format!("{} {}", e.section, e.id)
            } else {
                e.id.clone()
            };
            let title = if e.title.is_empty() || e.title == e.id {
                String::new()
            } else {
                format!(" ({})", e.title)
            };
            if md {
                let _ = writeln!(out, "{indent}- **{}** `{what}`{title}", word(e.status));
            } else {
                let _ = writeln!(out, "{indent}{} {what}{title}", mark(e.status));
            }
            if e.status == Status::Changed {
                let deeper = format!("{indent}{}", if md { "  " } else { "    " });
                for f in &e.fields {
                    field_line(out, &deeper, f);
                }
            }
        };
    if md {
        let _ = writeln!(out, "# Changes from {base_name} to {changed_name}");
    } else {
        let _ = writeln!(out, "Changes from {base_name} to {changed_name}");
        if !quiet {
            let _ = writeln!(out, "(+ added, - removed, ~ changed)");
        }
    }
    if !d.pathways.is_empty() {
        heading(&mut out, "Pathways");
        for p in &d.pathways {
            if md {
                let _ = writeln!(out, "- **{}** `{}` ({})", word(p.status), p.id, p.title);
            } else {
                let _ = writeln!(out, "{} {} ({})", mark(p.status), p.id, p.title);
            }
            let indent = if md { "  " } else { "    " };
            for f in &p.fields {
                field_line(&mut out, indent, f);
            }
            for e in &p.interventions {
                entry_line(&mut out, indent, e, false);
            }
        }
    }
    for (title, entries) in [
        ("Catalogue", &d.catalogue),
        ("Assessment framework", &d.assessment),
    ] {
        if !entries.is_empty() {
            heading(&mut out, title);
            for e in entries {
                entry_line(&mut out, "", e, true);
            }
        }
    }
    if quiet {
        return out;
    }
    let (added, removed, changed) = d.intervention_counts();
    let _ = writeln!(
        out,
        "\n{} pathway(s) differ; in pathways of both sets, interventions: {added} added, {removed} removed, {changed} changed; {} catalogue and {} assessment framework entries differ.",
        d.pathways.len(),
        d.catalogue.len(),
        d.assessment.len()
    );
    out
}

/// One note per pathway past its review date (stderr, even under `-q`).
pub fn review_notes(overdue: &[crate::answer::review::OverdueReview]) -> String {
    let mut out = String::new();
    for o in overdue {
        let note = format!(
            "note: pathway `{}` was due for review on {}: its content may no longer match national guidance (HCP027; `hcp validate` lists it)",
            o.pathway, o.next_review
        );
        out.extend(note.chars().filter(|c| !c.is_control()));
        out.push('\n');
    }
    out
}

/// A pathway set's name: in JSON the bundled set is the token `bundled`, which a script can match;
/// in words it is "the bundled set"; a directory is its path.
pub fn source_name(source: &crate::load::PathwaySource, format: DiffFormat) -> String {
    use crate::load::PathwaySource;
    match (source, format) {
        (PathwaySource::Bundled, DiffFormat::Json) => "bundled".to_string(),
        (PathwaySource::Bundled, _) => "the bundled set".to_string(),
        (PathwaySource::Directory(dir), _) => dir.display().to_string(),
    }
}

/// The findings about family files that could not be assessed (stderr): positions, never
/// excerpts of the files, then how many failed.
pub fn family_findings(assessed: &crate::answer::assess::Assessed) -> String {
    let style = Style {
        color: false,
        quiet: true,
    };
    let mut out = String::new();
    for d in &assessed.findings {
        out.push_str(&text_block(&Library::default(), d, style));
        out.push('\n');
    }
    let _ = writeln!(
        out,
        "hcp: {} of {} family file(s) could not be assessed",
        assessed.failed.len(),
        assessed.files
    );
    out
}

/// `hcp rule --all`: one line per rule.
pub fn rule_list(rules: &[crate::check::Rule]) -> String {
    let mut out = String::new();
    for r in rules {
        let _ = writeln!(
            out,
            "{}  {:<8} {:<38} {}",
            r.code,
            r.severity.as_str(),
            r.code.name(),
            r.summary
        );
    }
    out
}

/// `hcp rule CODE`: the rule explained.
pub fn rule_explained(r: &crate::check::Rule) -> String {
    format!(
        "{} {} ({})\n\n{}\n\n{}\n",
        r.code,
        r.code.name(),
        r.severity.as_str(),
        r.summary,
        r.explanation
    )
}

/// The error for a code that names no rule.
pub fn no_such_rule(code: &str, rules: &[crate::check::Rule]) -> String {
    let first = rules.first().map_or("", |r| r.code.as_str());
    let last = rules.last().map_or("", |r| r.code.as_str());
    format!("no rule `{code}`; rules are {first}..{last} (see `hcp rule --all`)")
}

//! Text for the terminal: finding blocks with source excerpts, tables (comfy-table), and the prose
//! of query, list, show, assess, caseload and diff. `show`, `assess` and `diff` prose is written
//! once for text and Markdown (`markdown.rs` calls it with `md`).

pub(super) mod assess;
pub(super) mod diff;
pub(super) mod kpi;
pub(super) mod query;
pub(super) mod schedule;

use std::io::{self, Write};

use super::cells::list_cells;
use super::sanitize::{MESSAGE_CHARS, inline, one_line};
use super::words::plural;
use super::{BOLD, BOLD_RED, BOLD_YELLOW, Findings, Render, Style, paint};
use crate::answer::assess::Assessed;
use crate::answer::browse::Listing;
use crate::answer::review::OverdueReview;
use crate::check::Rule;
use crate::load::family::SkippedFolder;
use crate::model::diagnostic::{Diagnostic, Severity, Summary};
use crate::model::library::Library;

/// Terminal text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Text {
    /// Colour and quiet.
    pub(crate) style: Style,
    /// Table width in columns.
    pub(crate) width: u16,
}

impl Render<Findings<'_>> for Text {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in f.diagnostics {
            text_block(f.library, d, self.style, out)?;
            out.write_all(b"\n")?;
        }
        if !self.style.quiet {
            writeln!(out, "{}", summary_line(f.summary))?;
        }
        Ok(())
    }
}

impl Render<Listing> for Text {
    fn render(&self, listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
        let (headers, rows) = list_cells(listing);
        out.write_all(table(headers, &rows, self.width).as_bytes())
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

/// One finding: the coloured label and message, where it is, an excerpt with a caret when the
/// file is in `library`, then the data path and the help.
fn text_block(
    library: &Library,
    d: &Diagnostic,
    style: Style,
    out: &mut dyn Write,
) -> io::Result<()> {
    let colour = match d.severity {
        Severity::Error => BOLD_RED,
        Severity::Warning => BOLD_YELLOW,
    };
    let label = paint(
        style,
        colour,
        &format!("{}[{}]", d.severity.as_str(), d.code),
    );
    // Each field is one line: a newline from data must not start a line of its own.
    let message = one_line(&d.message, MESSAGE_CHARS);
    writeln!(out, "{label}: {}", paint(style, BOLD, &message))?;
    let file = one_line(&d.file, MESSAGE_CHARS);
    let location = match (d.line, d.column) {
        (0, _) => file.into_owned(),
        (l, 0) => format!("{file}:{l}"),
        (l, c) => format!("{file}:{l}:{c}"),
    };
    writeln!(out, "  --> {location}")?;
    if d.line > 0
        && let Some(line_text) = source_line(library, &d.file, d.line)
    {
        let number = d.line.to_string();
        let pad = " ".repeat(number.len());
        writeln!(out, "{pad} |")?;
        writeln!(out, "{number} | {line_text}")?;
        if caret_fits(d.column) {
            let caret_pad: String = line_text
                .chars()
                .take(usize::try_from(d.column - 1).unwrap_or(0))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            writeln!(out, "{pad} | {caret_pad}^")?;
        }
    }
    if !d.path.is_empty() {
        writeln!(out, "   = path: {}", one_line(&d.path, MESSAGE_CHARS))?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "   = help: {}", one_line(help, MESSAGE_CHARS))?;
    }
    Ok(())
}

/// Excerpts are kept short: a very long line is cut, never printed whole.
pub(super) const EXCERPT_CHARS: usize = 160;

/// Whether a column can be pointed at: a caret past the end of a cut excerpt would point at the
/// wrong text (SARIF leaves such a column out too).
pub(super) fn caret_fits(column: u64) -> bool {
    column > 0 && column <= EXCERPT_CHARS as u64
}

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

/// A plain terminal table, wrapped to `width` columns; identical output whether or not stdout is a
/// terminal. A column never splits an id, code or number: each column is at least as wide as the
/// longest such word in it (a table wider than `width` rather than a broken id), and only prose
/// wraps, between words. At [`UNWRAPPED`](crate::render::UNWRAPPED) nothing wraps: one line per
/// row.
pub fn table(headers: &[&str], rows: &[Vec<String>], width: u16) -> String {
    use comfy_table::{ColumnConstraint, ContentArrangement, Table, Width, presets};
    let unwrapped = width == crate::render::UNWRAPPED;
    let mut t = Table::new();
    t.load_style(presets::UTF8_FULL_CONDENSED)
        .set_header(headers.iter().copied());
    if unwrapped {
        t.set_content_arrangement(ContentArrangement::Disabled);
    } else {
        t.set_content_arrangement(ContentArrangement::Dynamic)
            .set_width(width);
    }
    for row in rows {
        if unwrapped {
            t.add_row(
                row.iter()
                    .map(|c| c.split_whitespace().collect::<Vec<_>>().join(" ")),
            );
        } else {
            t.add_row(row.iter().map(String::as_str));
        }
    }
    if !unwrapped {
        // Each column is at least as wide as its longest id, code or number. Prose wraps between
        // words, each column keeping whole its words of prose up to the longest length (at most
        // 20, at least 4) at which the table still fits the width.
        let longest = |c: usize, ids: bool| {
            rows.iter()
                .filter_map(|row| row.get(c).map(String::as_str))
                .chain(headers.get(c).copied())
                .flat_map(str::split_whitespace)
                .filter(|word| unbreakable(word) == ids)
                .map(|word| word.chars().count())
                .max()
                .unwrap_or(0)
        };
        let columns = headers.len();
        let ids: Vec<usize> = (0..columns).map(|c| longest(c, true)).collect();
        let prose: Vec<usize> = (0..columns).map(|c| longest(c, false)).collect();
        let least = |cap: usize| -> Vec<usize> {
            ids.iter()
                .zip(&prose)
                .map(|(&id, &words)| id.max(words.min(cap)))
                .collect()
        };
        // Borders and padding: one rule per column and one more, one space either side of each.
        let fixed = 3 * columns + 1;
        let cap = (4..=20)
            .rev()
            .find(|&cap| fixed + least(cap).iter().sum::<usize>() <= usize::from(width))
            .unwrap_or(4);
        let constraints: Vec<ColumnConstraint> = least(cap)
            .into_iter()
            .map(|n| {
                let n = u16::try_from(n).unwrap_or(u16::MAX);
                // The width includes the padding of one space either side.
                ColumnConstraint::LowerBoundary(Width::Fixed(n.saturating_add(2)))
            })
            .collect();
        t.set_constraints(constraints);
    }
    let mut s = t.to_string();
    s.push('\n');
    s
}

/// Whether a word is an id, code or number (`R-SG-CORE-GROUP-HV-ATTENDANCE`,
/// `universal.new-birth-visit`, `C8ii`, `1,234`, `2y6m`), which a table must not split: it has a
/// digit, a capital after its first letter, or a `-`, `.` or `_` between letters, and no other
/// punctuation than those (a trailing comma aside).
pub(super) fn unbreakable(word: &str) -> bool {
    let word = word.trim_end_matches([',', ';', ':']);
    let id_chars = word
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '.' | '_' | '+' | '/' | ','));
    id_chars
        && (word.chars().any(|c| c.is_ascii_digit())
            || word.chars().skip(1).any(char::is_uppercase)
            || word.contains(['-', '.', '_']))
}

/// Lines of prose longer than `width` wrapped between words, each continuation indented two more
/// than its line; table lines are left alone (they are sized already). At
/// [`UNWRAPPED`](crate::render::UNWRAPPED) the text is returned as it is.
pub(super) fn rewrap(text: &str, width: u16) -> String {
    if width == crate::render::UNWRAPPED {
        return text.to_string();
    }
    let columns = usize::from(width);
    let mut out = String::with_capacity(text.len());
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches('\n');
        let is_table = body.chars().any(|c| ('\u{2500}'..='\u{257F}').contains(&c));
        if is_table || body.chars().count() <= columns {
            out.push_str(line);
            continue;
        }
        let indent = body.len() - body.trim_start().len();
        let wrapped = query::wrap_indented(body.trim_start(), width, indent, indent + 2);
        out.push_str(&wrapped);
        if !line.ends_with('\n') {
            out.pop();
        }
    }
    out
}

/// One note per pathway past its review date, control characters left out.
pub(super) fn review_notes(overdue: &[OverdueReview], out: &mut dyn Write) -> io::Result<()> {
    for o in overdue {
        let note = format!(
            "note: pathway `{}` was due for review on {}: its content may no longer match national guidance (HCP027; `hcp validate` lists it)",
            inline(&o.pathway),
            o.next_review
        );
        writeln!(out, "{note}")?;
    }
    Ok(())
}

pub(super) fn skipped_folders(folders: &[SkippedFolder], out: &mut dyn Write) -> io::Result<()> {
    for folder in folders {
        let path = folder.path.display().to_string();
        let name = inline(&path);
        let note = if folder.link {
            format!(
                "note: `{name}` is a link to a folder and was not followed: name it to include its files"
            )
        } else {
            format!(
                "note: sub-folder `{name}` was not looked into: give --recursive, or name it, to include its files"
            )
        };
        writeln!(out, "{note}")?;
    }
    Ok(())
}

/// The findings about family files (no excerpts: the set given has no files), then how many
/// failed.
pub(super) fn family_findings(assessed: &Assessed, out: &mut dyn Write) -> io::Result<()> {
    let style = Style {
        color: false,
        quiet: true,
    };
    let no_files = Library::default();
    for d in &assessed.findings {
        text_block(&no_files, d, style, out)?;
        out.write_all(b"\n")?;
    }
    writeln!(
        out,
        "hcp: {} of {} family file(s) could not be assessed",
        assessed.failed.len(),
        assessed.files
    )
}

pub(super) fn record_findings(findings: &[Diagnostic], out: &mut dyn Write) -> io::Result<()> {
    let style = Style {
        color: false,
        quiet: true,
    };
    let no_files = Library::default();
    for d in findings {
        text_block(&no_files, d, style, out)?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

pub(super) fn rule_list(rules: &[Rule], out: &mut dyn Write) -> io::Result<()> {
    for r in rules {
        writeln!(
            out,
            "{}  {:<8} {:<38} {}",
            r.code,
            r.severity.as_str(),
            r.code.name(),
            r.summary
        )?;
    }
    Ok(())
}

pub(super) fn rule_explained(r: &Rule, out: &mut dyn Write) -> io::Result<()> {
    write!(
        out,
        "{} {} ({})\n\n{}\n\n{}\n",
        r.code,
        r.code.name(),
        r.severity.as_str(),
        r.summary,
        r.explanation
    )
}

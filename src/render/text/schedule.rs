//! `hcp schedule` as text or Markdown: one child's schedule in date order, or a team's worklist
//! (overdue first) with its counts; every file that could not be scheduled is listed in the
//! output itself.

use std::io::{self, Write};

use super::{Text, table};
use crate::answer::schedule::{Schedule, ScheduleRow, Worklist};
use crate::render::cells::markdown_table;
use crate::render::words::schedule_words::{date, status, status_title, window};
use crate::render::words::{SCHEDULE_STATEMENT as STATEMENT, plural};
use crate::render::{Render, Scheduling};

impl Render<Scheduling<'_>> for Text {
    fn render(&self, s: &Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
        scheduling(false, s, self.width, out)
    }
}

/// Text (`md` false) or Markdown.
pub(in crate::render) fn scheduling(
    md: bool,
    s: &Scheduling<'_>,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    match (s.worklist, s.scheduled.schedules.as_slice()) {
        (Some(w), _) => worklist(md, w, width, out)?,
        (None, [one]) => child(md, one, width, out)?,
        (None, _) => {}
    }
    failed(md, s, out)?;
    writeln!(out, "\n{STATEMENT}")
}

fn grid(
    md: bool,
    headers: &[&str],
    rows: &[Vec<String>],
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    if md {
        markdown_table(headers, rows, out)
    } else {
        out.write_all(table(headers, rows, width).as_bytes())
    }
}

fn child(md: bool, s: &Schedule, width: u16, out: &mut dyn Write) -> io::Result<()> {
    let born = match (s.born, s.expected) {
        (Some(b), _) => format!("born {}", date(b)),
        (None, Some(e)) => format!("expected {}", date(e)),
        _ => String::new(),
    };
    let heading = format!(
        "Schedule for {} ({born}), as of {} · pathways: {}",
        s.reference,
        date(s.today),
        s.pathways
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join(", ")
    );
    if md {
        write!(out, "## {heading}\n\n")?;
    } else {
        writeln!(out, "{heading}\n")?;
    }
    let rows: Vec<Vec<String>> = s.rows.iter().map(|r| row(r, false)).collect();
    grid(
        md,
        &["When", "Intervention", "Status", "Lead"],
        &rows,
        width,
        out,
    )?;
    if !s.other_done.is_empty() {
        let list: Vec<String> = s
            .other_done
            .iter()
            .map(|(id, d)| format!("{id} ({})", date(*d)))
            .collect();
        writeln!(out, "\nAlso recorded: {}", list.join(", "))?;
    }
    Ok(())
}

fn row(r: &ScheduleRow, with_reference: bool) -> Vec<String> {
    let mut cells = Vec::new();
    if with_reference {
        cells.push(r.reference.clone());
    }
    cells.extend([
        window(r),
        r.title.to_string(),
        status(r),
        r.lead_title.to_string(),
    ]);
    cells
}

fn worklist(md: bool, w: &Worklist, width: u16, out: &mut dyn Write) -> io::Result<()> {
    let heading = format!(
        "Worklist as of {}: overdue, due now, and opening by {} ({} {})",
        date(w.today),
        date(w.until),
        w.children,
        plural(w.children, "child", "children")
    );
    if md {
        write!(out, "## {heading}\n\n")?;
    } else {
        writeln!(out, "{heading}\n")?;
    }
    if w.rows.is_empty() {
        writeln!(out, "Nothing is overdue, due or opening in the period.")?;
        return Ok(());
    }
    let rows: Vec<Vec<String>> = w.rows.iter().map(|r| row(r, true)).collect();
    grid(
        md,
        &["Reference", "When", "Intervention", "Status", "Lead"],
        &rows,
        width,
        out,
    )?;
    writeln!(out)?;
    let counts: Vec<Vec<String>> = w
        .counts
        .iter()
        .map(|(id, s, n)| vec![id.to_string(), status_title(*s).to_string(), n.to_string()])
        .collect();
    grid(
        md,
        &["Intervention", "Status", "Children"],
        &counts,
        width,
        out,
    )
}

fn failed(md: bool, s: &Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
    let sch = s.scheduled;
    let mut lines = Vec::new();
    if !sch.failed.is_empty() {
        let files: Vec<String> = sch
            .failed
            .iter()
            .map(|f| {
                let code = sch
                    .findings
                    .iter()
                    .find(|d| &d.file == f)
                    .map(|d| d.code.to_string());
                match code {
                    Some(c) => format!("{} ({c})", crate::render::sanitize::inline(f)),
                    None => crate::render::sanitize::inline(f).into_owned(),
                }
            })
            .collect();
        lines.push(format!(
            "NOT SCHEDULED: {} of {} {} could not be read or checked, so nothing above covers them: {}. The findings are on stderr.",
            sch.failed.len(),
            sch.files,
            plural(sch.files, "file", "files"),
            files.join(", ")
        ));
    }
    if !sch.repeated_files.is_empty() {
        lines.push(format!(
            "Named more than once (scheduled once): {}.",
            sch.repeated_files
                .iter()
                .map(|f| crate::render::sanitize::inline(f).into_owned())
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !sch.repeated_references.is_empty() {
        lines.push(format!(
            "The same reference in more than one file (two records merged, or one given twice?): {}.",
            sch.repeated_references.join(", ")
        ));
    }
    for line in lines {
        if md {
            write!(out, "\n> **{line}**\n")?;
        } else {
            write!(out, "\n{line}\n")?;
        }
    }
    Ok(())
}

//! Markdown: tables for query results and listings; `show`, `assess` and `diff` as the text
//! prose in its Markdown form; a caseload as a table with its counts.

mod kpi;

use std::io::{self, Write};

use super::cells::{
    CASELOAD_HEADERS, QUERY_HEADERS, caseload_table, list_cells, markdown_table as table,
    query_cells,
};
use super::text::{assess, diff, query};
use super::words::{
    asked, empty_reason, gestation_hint, join, point_of_care, provenance_line, review_overdue_line,
    section,
};
use super::{Caseload, Comparison, Render, Showing};
use crate::answer::assess::Report;
use crate::answer::browse::Listing;
use crate::answer::provenance::Provenance;
use crate::answer::query::QueryResult;
use crate::answer::status::Status;

/// Markdown.
#[derive(Debug, Clone, Copy)]
pub(super) struct Markdown {
    /// Leave out summary lines (`diff`).
    pub(super) quiet: bool,
}

/// The footer of a Markdown report: where it came from, after a rule (H33 in the hazard log).
pub(super) fn provenance_footer(
    provenance: Option<&Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    match provenance {
        Some(p) => write!(out, "\n---\n\n*{}*\n", provenance_line(p)),
        None => Ok(()),
    }
}

const LEGEND: &str = "\nLevel: U Universal, U+ Universal Plus, UPP Universal Partnership Plus; CC = Children's Centre core purpose.\n";

/// A point-of-care answer in Markdown: a section (heading and table) per status, most urgent
/// first, then what was left out.
fn sections(result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
    let req = &result.request;
    write!(
        out,
        "**{} {}**\n\n",
        point_of_care::pathway_titles(result),
        asked(req)
    )?;
    if let Some(line) = point_of_care::cohort_line(result) {
        write!(out, "{line}\n\n")?;
    }
    if let Some(hint) = gestation_hint(result) {
        write!(out, "{hint}\n\n")?;
    }
    if let Some(reason) = empty_reason(result) {
        writeln!(out, "{reason}")?;
    }
    for status in Status::ALL {
        let rows: Vec<Vec<String>> = result
            .results
            .iter()
            .filter(|r| r.status == Some(status))
            .map(|r| query_cells(r).to_vec())
            .collect();
        if rows.is_empty() {
            continue;
        }
        write!(out, "### {}\n\n", section(status, req.ahead_days()))?;
        table(&QUERY_HEADERS, &rows, out)?;
        out.write_all(b"\n")?;
    }
    for line in [
        point_of_care::also_line(result),
        point_of_care::if_needed_line(result),
    ]
    .into_iter()
    .flatten()
    {
        writeln!(out, "{line}\n")?;
    }
    out.write_all(LEGEND.trim_start().as_bytes())?;
    if let Some(line) = review_overdue_line(&result.review_overdue) {
        writeln!(out, "\n> **{line}**")?;
    }
    Ok(())
}

impl Render<QueryResult> for Markdown {
    fn render(&self, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
        if result.request.point().is_some() {
            return sections(result, out);
        }
        write!(
            out,
            "Interventions {} ({}):\n\n",
            asked(&result.request),
            join(&result.pathways)
        )?;
        let hint = gestation_hint(result);
        if let Some(reason) = empty_reason(result) {
            writeln!(out, "{reason}")?;
            if let Some(hint) = hint {
                writeln!(out, "\n{hint}")?;
            }
            return Ok(());
        }
        if let Some(hint) = hint {
            write!(out, "{hint}\n\n")?;
        }
        let rows: Vec<Vec<String>> = result
            .results
            .iter()
            .map(|r| query_cells(r).to_vec())
            .collect();
        table(&QUERY_HEADERS, &rows, out)?;
        out.write_all(LEGEND.as_bytes())?;
        if let Some(line) = review_overdue_line(&result.review_overdue) {
            writeln!(out, "\n> **{line}**")?;
        }
        Ok(())
    }
}

impl Render<Listing> for Markdown {
    fn render(&self, listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
        let (headers, rows) = list_cells(listing);
        table(headers, &rows, out)
    }
}

impl Render<Showing<'_>> for Markdown {
    fn render(&self, showing: &Showing<'_>, out: &mut dyn Write) -> io::Result<()> {
        // Markdown tables have no width.
        query::show(true, showing, 0, out)
    }
}

impl Render<Report> for Markdown {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        assess::assessment(true, report, out)
    }
}

impl Render<Caseload<'_>> for Markdown {
    fn render(&self, caseload: &Caseload<'_>, out: &mut dyn Write) -> io::Result<()> {
        let cells = caseload_table(caseload);
        table(&CASELOAD_HEADERS, &cells, out)?;
        assess::caseload_counts(caseload, out)
    }
}

impl Render<Comparison<'_>> for Markdown {
    fn render(&self, comparison: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
        diff::comparison(true, self.quiet, comparison, out)
    }
}

impl Render<crate::render::Scheduling<'_>> for Markdown {
    fn render(&self, s: &crate::render::Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
        super::text::schedule::scheduling(true, s, 0, out)
    }
}

//! CSV (RFC 4180 quoting, `\n` line ends): query results, listings, and the interventions
//! `hcp show` lists.

use std::io::{self, Write};

use super::cells::{QUERY_HEADERS, list_cells, query_cells};
use super::words::join;
use super::{Render, Showing};
use crate::answer::browse::{Listing, Shown};
use crate::answer::query::QueryResult;

/// Comma-separated values.
#[derive(Debug, Clone, Copy)]
pub(super) struct Csv;

fn field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// Write the records, a field quoted only when it holds a comma, a quote or a line break.
fn write_all<I, R, S>(out: &mut dyn Write, records: I) -> io::Result<()>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    for record in records {
        let line: Vec<String> = record.into_iter().map(|s| field(s.as_ref())).collect();
        writeln!(out, "{}", line.join(","))?;
    }
    Ok(())
}

impl Render<QueryResult> for Csv {
    fn render(&self, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
        let header: Vec<String> = QUERY_HEADERS
            .iter()
            .chain(&["Id", "With", "Tools", "Source"])
            .map(|s| (*s).to_string())
            .collect();
        let rows = result.results.iter().map(|r| {
            let mut cells = query_cells(r).to_vec();
            cells.extend([
                r.id.to_string(),
                join(&r.with),
                join(&r.tools),
                r.source.to_string(),
            ]);
            cells
        });
        write_all(out, std::iter::once(header).chain(rows))
    }
}

impl Render<Listing> for Csv {
    fn render(&self, listing: &Listing, out: &mut dyn Write) -> io::Result<()> {
        let (headers, rows) = list_cells(listing);
        let header: Vec<String> = headers.iter().map(|s| (*s).to_string()).collect();
        write_all(out, std::iter::once(header).chain(rows))
    }
}

impl Render<Showing<'_>> for Csv {
    fn render(&self, showing: &Showing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let (Shown::Pathway { interventions, .. }
        | Shown::Kpi { interventions, .. }
        | Shown::Profession { interventions, .. }) = showing.shown;
        let header: Vec<String> = QUERY_HEADERS
            .iter()
            .chain(&["Id"])
            .map(|s| (*s).to_string())
            .collect();
        let rows = interventions.iter().map(|r| {
            let mut cells = query_cells(r).to_vec();
            cells.push(r.id.to_string());
            cells
        });
        write_all(out, std::iter::once(header).chain(rows))
    }
}

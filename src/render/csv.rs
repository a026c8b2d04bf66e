//! CSV (RFC 4180: quoting, CRLF line ends) through the `csv` crate: query results, listings, the
//! interventions `hcp show` lists, worklists and KPI returns. A line break inside a value is folded
//! to a space, so every record is one line whatever reads it.

mod kpi;

use std::io::{self, Write};

use super::cells::{QUERY_HEADERS, list_cells, query_cells};
use super::words::join;
use super::{Render, Showing};
use crate::answer::browse::{Listing, Shown};
use crate::answer::query::QueryResult;
use crate::answer::status::Status;
use crate::model::age::Point;

/// Comma-separated values.
#[derive(Debug, Clone, Copy)]
pub(super) struct Csv;

/// A CSV writer as RFC 4180 has it: a field is quoted only when it holds a comma, a quote or a
/// line break, quotes doubled inside; records end in CRLF.
fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

/// A value on one line: line breaks at its end dropped (YAML folded text ends in one), and each
/// run of them inside, with the blanks around it, folded to one space.
fn one_line(value: &str) -> std::borrow::Cow<'_, str> {
    let breaks: &[char] = &[
        '\n', '\r', '\u{2028}', '\u{2029}', '\u{85}', '\u{b}', '\u{c}',
    ];
    let value = value.trim_end_matches(breaks);
    if !value.contains(breaks) {
        return value.into();
    }
    let mut folded = String::with_capacity(value.len());
    for (i, line) in value
        .split(breaks)
        .filter(|l| !l.trim().is_empty())
        .enumerate()
    {
        if i > 0 {
            folded.truncate(folded.trim_end().len());
            folded.push(' ');
            folded.push_str(line.trim_start());
        } else {
            folded.push_str(line);
        }
    }
    folded.into()
}

/// Write the records, each value on one line, and flush them (the writer buffers).
fn write_all<I, R, S>(out: &mut dyn Write, records: I) -> io::Result<()>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut csv = writer(out);
    for record in records {
        let record: Vec<String> = record
            .into_iter()
            .map(|v| one_line(v.as_ref()).into_owned())
            .collect();
        csv.write_record(&record).map_err(io_error)?;
    }
    csv.flush()
}

/// The I/O error inside a CSV error, so that a closed pipe is still seen as one.
fn io_error(error: csv::Error) -> io::Error {
    match error.into_kind() {
        csv::ErrorKind::Io(error) => error,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Render<QueryResult> for Csv {
    fn render(&self, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
        let header: Vec<String> = QUERY_HEADERS
            .iter()
            .chain(&[
                "Id",
                "With",
                "Tools",
                "Source",
                "Status",
                "From day",
                "To day",
                "From gestation day",
                "To gestation day",
                "Catch-up until day",
            ])
            .map(|s| (*s).to_string())
            .collect();
        let rows = result.results.iter().map(|r| {
            let mut cells = query_cells(r).to_vec();
            cells.extend([
                r.id.to_string(),
                join(&r.with),
                join(&r.tools),
                r.source.to_string(),
                r.status.map_or("", Status::id).to_string(),
            ]);
            let t = &r.timing;
            let span = t.scheduled.or(t.window).or(t.stages);
            let number = |n: Option<u32>| n.map_or_else(String::new, |n| n.to_string());
            let after = |p: Point| match p {
                Point::Postnatal(d) => Some(d),
                _ => None,
            };
            let before = |p: Point| match p {
                Point::Gestation(d) => Some(d),
                _ => None,
            };
            cells.extend([
                number(span.and_then(|s| after(s.from))),
                number(span.and_then(|s| after(s.to))),
                number(span.and_then(|s| before(s.from))),
                number(span.and_then(|s| before(s.to))),
                number(t.catch_up_until.and_then(after)),
            ]);
            cells
        });
        write_all(out, std::iter::once(header).chain(rows))
    }
}

/// One row per child and intervention; then one row per file that could not be scheduled
/// (`status` `error`, the file and the finding's code in `error`), so every path is accounted for.
impl Render<crate::render::Scheduling<'_>> for Csv {
    fn render(&self, s: &crate::render::Scheduling<'_>, out: &mut dyn Write) -> io::Result<()> {
        use crate::answer::schedule::ScheduleRow;
        let header = [
            "reference",
            "intervention",
            "pathway",
            "status",
            "from",
            "to",
            "catch_up_until",
            "done_on",
            "kpi",
            "title",
            "error",
        ]
        .map(String::from)
        .to_vec();
        let rows: Vec<&ScheduleRow> = match s.worklist {
            Some(w) => w.rows.iter().collect(),
            None => s
                .scheduled
                .schedules
                .iter()
                .flat_map(|x| x.rows.iter())
                .collect(),
        };
        let date = |d: Option<jiff::civil::Date>| d.map_or_else(String::new, |d| d.to_string());
        let records = rows.into_iter().map(|r| {
            vec![
                r.reference.clone(),
                r.intervention.to_string(),
                r.pathway.to_string(),
                r.status.id().to_string(),
                r.from.to_string(),
                r.to.to_string(),
                date(r.catch_up_until),
                date(r.done_on),
                r.kpi.as_ref().map_or_else(String::new, ToString::to_string),
                r.title.to_string(),
                String::new(),
            ]
        });
        let failed = s.scheduled.failed.iter().map(|f| {
            let code = s
                .scheduled
                .findings
                .iter()
                .find(|d| &d.file == f)
                .map_or_else(String::new, |d| d.code.to_string());
            let mut row = vec![String::new(); 11];
            row[3] = "error".into();
            row[10] = format!("{f} ({code})");
            row
        });
        write_all(out, std::iter::once(header).chain(records).chain(failed))
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
        let interventions = match showing.shown {
            Shown::Pathway { interventions, .. }
            | Shown::Kpi { interventions, .. }
            | Shown::Profession { interventions, .. } => interventions.as_slice(),
            Shown::Intervention(shown) => std::slice::from_ref(&shown.row),
        };
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

#[cfg(test)]
mod tests {
    use super::*;

    /// The crate quotes exactly the fields that need it (a comma or a quote; line breaks are
    /// folded first), records end in CRLF, and no value spans two lines.
    #[test]
    fn quotes_only_what_needs_quoting_and_ends_records_in_crlf() {
        let mut out = Vec::new();
        write_all(
            &mut out,
            [
                vec![
                    "plain",
                    "a,b",
                    "say \"hi\"",
                    "two\nlines",
                    "cr\r",
                    "",
                    " lead",
                ],
                vec![
                    "folded text \n  on lines\r\n\r\nand a paragraph\n",
                    "x",
                    "",
                    "",
                    "",
                    "",
                    "",
                ],
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "plain,\"a,b\",\"say \"\"hi\"\"\",two lines,cr,, lead\r\n\
             folded text on lines and a paragraph,x,,,,,\r\n"
        );
    }
}

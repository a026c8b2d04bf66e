//! `hcp kpi` as terminal text (and, with `md`, the Markdown of `markdown/kpi.rs`): the period and
//! the files not counted first, one row per KPI, then each definition and, with `--explain`, the
//! references behind one KPI.

use std::io::{self, Write};

use super::{Text, table};
use crate::answer::kpi::{Outcome, Returns};
use crate::render::Render;
use crate::render::kpi::{cells, counted, header_lines, unjudged_words};

/// The table's headers.
pub(in crate::render) const KPI_HEADERS: [&str; 6] = [
    "KPI",
    "Title",
    "Numerator",
    "Denominator",
    "%",
    "Not judged",
];

impl Render<Returns> for Text {
    fn render(&self, r: &Returns, out: &mut dyn Write) -> io::Result<()> {
        prose(r, false, self.width, out)
    }
}

/// The whole return, as text or (with `md`) Markdown.
pub(in crate::render) fn prose(
    r: &Returns,
    md: bool,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    if md {
        out.write_all(b"# KPI return\n\n")?;
    }
    for line in header_lines(r) {
        if md && line.starts_with("NOT COUNTED") {
            writeln!(out, "> **{line}**\n")?;
        } else if md {
            writeln!(out, "{line}\n")?;
        } else {
            writeln!(out, "{line}")?;
        }
    }
    let rows: Vec<Vec<String>> = r
        .rows
        .iter()
        .map(|k| {
            let mut row = vec![k.id.to_string(), k.title.to_string()];
            row.extend(cells(&k.outcome));
            row
        })
        .collect();
    if md {
        writeln!(out, "| {} |", KPI_HEADERS.join(" | "))?;
        writeln!(out, "|{}", "---|".repeat(KPI_HEADERS.len()))?;
        for row in &rows {
            let row: Vec<String> = row.iter().map(|c| c.replace('|', "\\|")).collect();
            writeln!(out, "| {} |", row.join(" | "))?;
        }
        out.write_all(b"\n## Definitions\n\n")?;
    } else {
        out.write_all(b"\n")?;
        out.write_all(table(&KPI_HEADERS, &rows, width).as_bytes())?;
        out.write_all(
            b"\nAges are read on the calendar: the day of birth is day 0, months are calendar months\n(29 February birthdays fall on 28 February in other years); events after the period's last\nday are not counted. Records not judged are in neither the numerator nor the denominator.\n\nDefinitions\n",
        )?;
    }
    if md {
        out.write_all(b"Ages are read on the calendar: the day of birth is day 0, months are calendar months (29 February birthdays fall on 28 February in other years); events after the period's last day are not counted. Records not judged are in neither the numerator nor the denominator.\n\n")?;
    }
    let bullet = if md { "- " } else { "  " };
    let indent = if md { "  - " } else { "      " };
    for k in &r.rows {
        let head = if md {
            format!("**{}** {}", k.id, k.title)
        } else {
            format!("{} {}", k.id, k.title)
        };
        writeln!(out, "{bullet}{head}")?;
        match (&k.outcome, &k.compute) {
            (Outcome::Computed(_), Some(c)) => {
                writeln!(out, "{indent}Numerator: {}", k.numerator_text.trim())?;
                writeln!(out, "{indent}Denominator: {}", k.denominator_text.trim())?;
                writeln!(out, "{indent}Counted from records: {}.", counted(c))?;
                if let Some(note) = &c.note {
                    writeln!(out, "{indent}Note: {}", note.trim())?;
                }
                writeln!(out, "{indent}Source: {}", k.source.trim())?;
            }
            (Outcome::NotComputable { reason }, _) => {
                writeln!(
                    out,
                    "{indent}Not computable from records: {}",
                    reason.trim()
                )?;
            }
            _ => {
                writeln!(
                    out,
                    "{indent}No definition in the pathway set: it says neither how to compute it nor why it cannot be (HCP036)."
                )?;
            }
        }
    }
    if let Some((id, e)) = &r.explained {
        if md {
            writeln!(out, "\n## {id} explained\n")?;
        } else {
            writeln!(out, "\n{id} explained (references only)")?;
        }
        let list = |v: &[String]| {
            if v.is_empty() {
                "none".to_string()
            } else {
                v.join(", ")
            }
        };
        writeln!(
            out,
            "{bullet}Denominator ({}): {}",
            e.denominator.len(),
            list(&e.denominator)
        )?;
        writeln!(
            out,
            "{bullet}Numerator ({}): {}",
            e.numerator.len(),
            list(&e.numerator)
        )?;
        writeln!(out, "{bullet}Not judged ({}):", e.not_judged.len())?;
        for (reference, why) in &e.not_judged {
            writeln!(out, "{indent}{reference}: {}", unjudged_words(*why))?;
        }
    }
    Ok(())
}

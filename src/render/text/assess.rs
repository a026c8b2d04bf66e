//! One family's assessment as prose (text or Markdown), and a caseload as a table with its counts.

use std::io::{self, Write};

use super::{Text, table};
use crate::answer::assess::Report;
use crate::model::Level;
use crate::render::cells::{CASELOAD_HEADERS, caseload_table};
use crate::render::words::{
    STATEMENT, because, child, level_short, lowering, raising, review_overdue_line, section,
    suggestion, when,
};
use crate::render::{Caseload, Render};

impl Render<Report> for Text {
    fn render(&self, report: &Report, out: &mut dyn Write) -> io::Result<()> {
        let mut text = Vec::new();
        assessment(false, report, &mut text)?;
        out.write_all(super::rewrap(&String::from_utf8_lossy(&text), self.width).as_bytes())
    }
}

/// The suggested band of a report, in words.
pub(in crate::render) fn report_suggestion(r: &Report) -> String {
    let o = &r.outcome;
    suggestion(o.suggested, o.complete, o.missing.len(), o.dimensions.len())
}

/// One family's assessment as text (`md` false) or Markdown.
pub(in crate::render) fn assessment(md: bool, r: &Report, out: &mut dyn Write) -> io::Result<()> {
    let o = &r.outcome;
    let h = |out: &mut dyn Write, text: &str| {
        if md {
            write!(out, "## {text}\n\n")
        } else {
            writeln!(out, "{text}")
        }
    };
    let h0 = |out: &mut dyn Write, text: &str| {
        if md {
            write!(out, "# {text}\n\n")
        } else {
            writeln!(out, "{text}")
        }
    };
    h0(
        out,
        &format!(
            "Assessment {}: {} (child {})",
            r.reference,
            r.assessment_date,
            child(r.child, r.child_calendar)
        ),
    )?;
    let suggested = report_suggestion(r);
    if md {
        write!(out, "**Suggested band: {suggested}**\n\n")?;
    } else {
        write!(out, "\nSuggested band: {suggested}\n")?;
    }
    if let Some(p) = &r.practitioner {
        let verdict = if p.agrees {
            "agrees with the suggestion"
        } else {
            "differs from the suggestion; the practitioner's decision stands"
        };
        writeln!(
            out,
            "Practitioner's decision: {} ({verdict})",
            p.band.title()
        )?;
        if let Some(why) = &p.rationale {
            writeln!(out, "Practitioner's rationale: {}", why.trim())?;
        }
    }
    if !o.complete {
        writeln!(
            out,
            "Not assessed ({}): {}. Missing is not \"no concern\": assess these before relying on the band.",
            o.missing.len(),
            o.missing.join(", ")
        )?;
    }
    out.write_all(b"\n")?;
    h(out, "Why")?;
    if o.fired.is_empty() {
        out.write_all(b"- no indicators observed\n")?;
    }
    for f in &o.fired {
        writeln!(
            out,
            "- {} → {}: {}",
            f.rule.id(),
            f.gives.title(),
            because(f)
        )?;
    }
    out.write_all(b"\n")?;
    h(out, "By domain and dimension")?;
    let mut domain = "";
    for d in &o.dimensions {
        if d.domain != domain {
            domain = &d.domain;
            if md {
                write!(out, "\n**{domain}**\n\n")?;
            } else {
                writeln!(out, "  {domain}")?;
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
            writeln!(out, "- {} — {band}{detail}", d.title)?;
        } else {
            writeln!(out, "    {:<36} {band}{detail}", d.title)?;
        }
    }
    out.write_all(b"\n")?;
    h(out, "What would change it")?;
    for l in &o.would_lower {
        writeln!(out, "- lower: {}", lowering(l))?;
    }
    for x in &o.would_raise {
        writeln!(out, "- higher: {}", raising(x))?;
    }
    if !o.complete {
        out.write_all(b"- assessing the missing dimensions can only keep or raise the band\n")?;
    }
    out.write_all(b"\n")?;
    h(out, "Pathways indicated")?;
    if o.pathways.is_empty() {
        out.write_all(b"- none beyond Universal\n")?;
    } else {
        for p in &o.pathways {
            writeln!(out, "- {p}")?;
        }
    }
    out.write_all(b"\n")?;
    h(
        out,
        &format!(
            "What is for now ({}) on these pathways and Universal",
            child(r.child, r.child_calendar)
        ),
    )?;
    if r.due.is_empty() {
        out.write_all(b"- nothing listed at this age\n")?;
    }
    for row in &r.due {
        let status = row
            .status
            .map(|s| format!("{}: ", section(s, 0).to_lowercase()))
            .unwrap_or_default();
        writeln!(
            out,
            "- [{}] {} ({}): {status}{}; lead {}",
            level_short(row.level),
            row.title,
            row.pathway,
            when(row),
            row.lead_title
        )?;
    }
    if let Some(line) = review_overdue_line(&r.review_overdue) {
        if md {
            writeln!(out, "\n> **{line}**")?;
        } else {
            writeln!(out, "\n{line}")?;
        }
    }
    out.write_all(b"\n")?;
    writeln!(out, "{STATEMENT}")
}

impl Render<Caseload<'_>> for Text {
    fn render(&self, caseload: &Caseload<'_>, out: &mut dyn Write) -> io::Result<()> {
        let cells = caseload_table(caseload);
        out.write_all(table(&CASELOAD_HEADERS, &cells, self.width).as_bytes())?;
        caseload_counts(caseload, out)
    }
}

/// A caseload's counts by band (bands that are known: complete assessments, and incomplete ones
/// already at the top band), the incomplete ones below it, the failed files, and what was given
/// more than once.
pub(in crate::render) fn caseload_counts(c: &Caseload<'_>, out: &mut dyn Write) -> io::Result<()> {
    let count = |l: Level| band_count(c, l);
    let top_incomplete = c
        .rows
        .iter()
        .filter(|r| r.confirmed() && !r.complete)
        .count();
    let top_note = match top_incomplete {
        0 => String::new(),
        n => format!(" ({n} of them with dimensions still to assess, which cannot lower it)"),
    };
    write!(
        out,
        "\n{} families: {} Universal, {} Universal Plus, {} Universal Partnership Plus{top_note}; {} incomplete (band not yet known); {} failed.\n",
        c.rows.len(),
        count(Level::Universal),
        count(Level::UniversalPlus),
        count(Level::UniversalPartnershipPlus),
        incomplete_count(c),
        c.failed.len(),
    )?;
    if !c.repeated_files.is_empty() {
        writeln!(
            out,
            "Named more than once (assessed once): {}.",
            c.repeated_files.join(", ")
        )?;
    }
    if !c.repeated_references.is_empty() {
        writeln!(
            out,
            "The same reference in more than one file (one child twice, or two children sharing a reference: check before counting): {}.",
            c.repeated_references.join(", ")
        )?;
    }
    writeln!(out, "{STATEMENT}")
}

/// How many families are at `level`, when their band is known: complete assessments, and
/// incomplete ones already at the top band. An incomplete assessment below it is never tallied
/// under a band, as its band is only a lower bound.
pub(in crate::render) fn band_count(c: &Caseload<'_>, level: Level) -> usize {
    c.rows
        .iter()
        .filter(|r| r.confirmed() && r.suggested == level)
        .count()
}

/// How many assessments are incomplete with their band not yet known.
pub(in crate::render) fn incomplete_count(c: &Caseload<'_>) -> usize {
    c.rows.iter().filter(|r| !r.confirmed()).count()
}

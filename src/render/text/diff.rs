//! A comparison of two pathway sets as text (signs) or Markdown (words).

use std::io::{self, Write};

use super::Text;
use crate::answer::diff::{EntryDiff, FieldChange, Status};
use crate::render::{Comparison, DiffFormat, Render, source_name};

/// Fields whose values are prose: text output says they changed without printing them.
const PROSE_FIELDS: &[&str] = &[
    "description",
    "summary",
    "source",
    "note",
    "definition",
    "numerator",
    "denominator",
    "wording",
    "text",
    "entry_criteria.universal-plus",
    "entry_criteria.universal-partnership-plus",
    "exit_criteria",
];

impl Render<Comparison<'_>> for Text {
    fn render(&self, c: &Comparison<'_>, out: &mut dyn Write) -> io::Result<()> {
        comparison(false, self.style.quiet, c, out)
    }
}

fn mark(s: Status) -> &'static str {
    match s {
        Status::Added => "+",
        Status::Removed => "-",
        Status::Changed => "~",
    }
}

fn word(s: Status) -> &'static str {
    match s {
        Status::Added => "added",
        Status::Removed => "removed",
        Status::Changed => "changed",
    }
}

fn field_line(md: bool, indent: &str, f: &FieldChange, out: &mut dyn Write) -> io::Result<()> {
    let prose = PROSE_FIELDS.contains(&f.field);
    let what = match (prose, f.before.is_empty(), f.after.is_empty()) {
        (true, true, _) => "added".to_string(),
        (true, _, true) => "removed".to_string(),
        (true, _, _) => "changed (see --format json for the text)".to_string(),
        (false, true, _) => format!("(none) → {}", f.after),
        (false, _, true) => format!("{} → (none)", f.before),
        (false, _, _) => format!("{} → {}", f.before, f.after),
    };
    if md {
        writeln!(out, "{indent}- `{}`: {what}", f.field)
    } else {
        writeln!(out, "{indent}{}: {what}", f.field)
    }
}

fn entry_line(
    md: bool,
    indent: &str,
    e: &EntryDiff,
    section: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
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
        writeln!(out, "{indent}- **{}** `{what}`{title}", word(e.status))?;
    } else {
        writeln!(out, "{indent}{} {what}{title}", mark(e.status))?;
    }
    if e.status == Status::Changed {
        let deeper = format!("{indent}{}", if md { "  " } else { "    " });
        for f in &e.fields {
            field_line(md, &deeper, f, out)?;
        }
    }
    Ok(())
}

/// A comparison as text (`md` false) or Markdown.
pub(in crate::render) fn comparison(
    md: bool,
    quiet: bool,
    c: &Comparison<'_>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let d = c.diff;
    let format = if md {
        DiffFormat::Markdown
    } else {
        DiffFormat::Text
    };
    let (base_name, changed_name) = (source_name(c.base, format), source_name(c.changed, format));
    if d.is_empty() {
        return writeln!(
            out,
            "No differences: {base_name} and {changed_name} hold the same pathways, catalogue and assessment framework."
        );
    }
    let heading = |out: &mut dyn Write, text: &str| {
        if md {
            writeln!(out, "\n## {text}\n")
        } else {
            writeln!(out, "\n{text}")
        }
    };
    if md {
        writeln!(out, "# Changes from {base_name} to {changed_name}")?;
    } else {
        writeln!(out, "Changes from {base_name} to {changed_name}")?;
        if !quiet {
            writeln!(out, "(+ added, - removed, ~ changed)")?;
        }
    }
    if !d.pathways.is_empty() {
        heading(out, "Pathways")?;
        for p in &d.pathways {
            if md {
                writeln!(out, "- **{}** `{}` ({})", word(p.status), p.id, p.title)?;
            } else {
                writeln!(out, "{} {} ({})", mark(p.status), p.id, p.title)?;
            }
            let indent = if md { "  " } else { "    " };
            for f in &p.fields {
                field_line(md, indent, f, out)?;
            }
            for e in &p.interventions {
                entry_line(md, indent, e, false, out)?;
            }
        }
    }
    for (title, entries) in [
        ("Catalogue", &d.catalogue),
        ("Assessment framework", &d.assessment),
    ] {
        if !entries.is_empty() {
            heading(out, title)?;
            for e in entries {
                entry_line(md, "", e, true, out)?;
            }
        }
    }
    if quiet {
        return Ok(());
    }
    let (added, removed, changed) = d.intervention_counts();
    writeln!(
        out,
        "\n{} pathway(s) differ; in pathways of both sets, interventions: {added} added, {removed} removed, {changed} changed; {} catalogue and {} assessment framework entries differ.",
        d.pathways.len(),
        d.catalogue.len(),
        d.assessment.len()
    )
}

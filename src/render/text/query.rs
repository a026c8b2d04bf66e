//! Query results as tables by pathway, and `hcp show` as prose (text or Markdown).

use std::io::{self, Write};

use super::{Text, table, wrap};
use crate::answer::browse::{InterventionShown, Named, Shown};
use crate::answer::query::{QueryResult, Row};
use crate::answer::status::Status;
use crate::model::KpiStatus;
use crate::render::ages;
use crate::render::cells::{QUERY_HEADERS, markdown_table, query_cells};
use crate::render::words::{
    asked, basis, certainty, day, days, empty_reason, gestation_hint, join, level_short, plural,
    point_of_care, review_overdue_line, section, timing,
};
use crate::render::words::{catch_up, cohort, kind_words};
use crate::render::{Render, Showing};

impl Render<QueryResult> for Text {
    fn render(&self, result: &QueryResult, out: &mut dyn Write) -> io::Result<()> {
        if result.request.point().is_some() {
            return sections(result, self.width, self.style.quiet, out);
        }
        let (width, quiet) = (self.width, self.style.quiet);
        let empty = empty_reason(result);
        let mut wrote = false;
        // The empty-result reason is the answer, so it is printed even when quiet.
        if !quiet || empty.is_some() {
            let pathways = join(&result.pathways);
            out.write_all(
                wrap(&format!("Interventions {}", asked(&result.request)), width).as_bytes(),
            )?;
            out.write_all(wrap(&format!("Pathways: {pathways}"), width).as_bytes())?;
            wrote = true;
        }
        // The hint says the question was probably not the one meant, so it is printed even when
        // quiet.
        let hint = gestation_hint(result);
        if let Some(reason) = &empty {
            out.write_all(b"\n")?;
            out.write_all(wrap(reason, width).as_bytes())?;
            if let Some(hint) = &hint {
                out.write_all(wrap(hint, width).as_bytes())?;
            }
            return Ok(());
        }
        if let Some(hint) = &hint {
            if wrote {
                out.write_all(b"\n")?;
            }
            out.write_all(wrap(hint, width).as_bytes())?;
            wrote = true;
        }
        for pathway in &result.pathways {
            let rows: Vec<&Row> = result
                .results
                .iter()
                .filter(|r| &r.pathway == pathway)
                .collect();
            let Some(first) = rows.first() else { continue };
            if !quiet || wrote {
                out.write_all(b"\n")?;
            }
            writeln!(out, "{} ({})", first.pathway_title, rows.len())?;
            out.write_all(compact_table(&rows, width).as_bytes())?;
            wrote = true;
        }
        // Whether the answer can be trusted is part of the answer: printed even when quiet.
        if let Some(line) = review_overdue_line(&result.review_overdue) {
            out.write_all(b"\n")?;
            out.write_all(wrap(&line, width).as_bytes())?;
        }
        if quiet {
            return Ok(());
        }
        out.write_all(b"\n")?;
        let n = result.results.len();
        out.write_all(
            wrap(
                &format!(
                    "{n} {}. Level: U Universal, U+ Universal Plus, UPP Universal Partnership Plus. CC: Children's Centre core purpose. The practitioner's professional judgement decides.",
                    plural(n, "intervention", "interventions")
                ),
                width,
            )
            .as_bytes(),
        )
    }
}

/// `text` wrapped to `width`, the first line indented by `first` spaces and the rest by `rest`.
pub(super) fn wrap_indented(text: &str, width: u16, first: usize, rest: usize) -> String {
    let width = usize::from(width).max(rest + 20);
    let mut out = String::new();
    let mut line = " ".repeat(first);
    let mut empty = true;
    for word in text.split_whitespace() {
        let len = line.chars().count();
        if !empty && len + 1 + word.chars().count() > width {
            out.push_str(&line);
            out.push('\n');
            line = " ".repeat(rest);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
    out
}

/// A point-of-care answer: sections most urgent first (due now, overdue if not yet done, coming
/// up, ongoing, if needed, after an event), each row one item; then what was left out and why.
fn sections(result: &QueryResult, width: u16, quiet: bool, out: &mut dyn Write) -> io::Result<()> {
    let req = &result.request;
    let titles = point_of_care::pathway_titles(result);
    let empty = empty_reason(result);
    if !quiet || empty.is_some() {
        out.write_all(wrap(&format!("{titles} {}", asked(req)), width).as_bytes())?;
        if let Some(line) = point_of_care::cohort_line(result) {
            out.write_all(wrap(&line, width).as_bytes())?;
        }
    }
    if let Some(hint) = gestation_hint(result) {
        out.write_all(wrap(&hint, width).as_bytes())?;
    }
    if let Some(reason) = &empty {
        out.write_all(b"\n")?;
        out.write_all(wrap(reason, width).as_bytes())?;
    }
    let many = result.pathways.len() > 1;
    // Under -q with nothing above it, the first section starts the output.
    let mut wrote = !quiet || empty.is_some();
    for status in Status::ALL {
        let rows: Vec<&Row> = result
            .results
            .iter()
            .filter(|r| r.status == Some(status))
            .collect();
        if rows.is_empty() {
            continue;
        }
        if wrote {
            out.write_all(b"\n")?;
        }
        wrote = true;
        writeln!(out, "{}", section(status, req.ahead_days()))?;
        for r in rows {
            let line = point_of_care::item(r, many);
            out.write_all(wrap_indented(&line, width, 2, 4).as_bytes())?;
        }
    }
    // What was left out, then whether the content can be trusted (even under -q), then the
    // standing statement: each its own paragraph.
    let left_out: Vec<String> = [
        point_of_care::also_line(result),
        point_of_care::if_needed_line(result),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut paragraphs = vec![left_out];
    if let Some(line) = review_overdue_line(&result.review_overdue) {
        paragraphs.push(vec![line]);
    }
    if !quiet {
        paragraphs.push(vec![
            "The practitioner's professional judgement decides. `hcp show ID` gives an item in full."
                .to_string(),
        ]);
    }
    for lines in paragraphs.into_iter().filter(|p| !p.is_empty()) {
        out.write_all(b"\n")?;
        for line in lines {
            out.write_all(wrap(&line, width).as_bytes())?;
        }
    }
    Ok(())
}

/// One pathway's rows as a table, leaving out columns that are empty for every row.
fn compact_table(rows: &[&Row], width: u16) -> String {
    let headers = ["Level", "When", "Intervention", "Lead", "KPIs", "CC"];
    let cells: Vec<[String; 6]> = rows
        .iter()
        .map(|r| {
            [
                level_short(r.level).to_string(),
                timing(&r.timing),
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

impl Render<Showing<'_>> for Text {
    fn render(&self, showing: &Showing<'_>, out: &mut dyn Write) -> io::Result<()> {
        let mut text = Vec::new();
        show(false, showing, self.width, &mut text)?;
        out.write_all(super::rewrap(&String::from_utf8_lossy(&text), self.width).as_bytes())
    }
}

/// `hcp show` as text (`md` false) or Markdown.
pub(in crate::render) fn show(
    md: bool,
    showing: &Showing<'_>,
    width: u16,
    out: &mut dyn Write,
) -> io::Result<()> {
    let heading = |out: &mut dyn Write, level: usize, text: &str| {
        if md {
            write!(out, "{} {text}\n\n", "#".repeat(level))
        } else {
            write!(
                out,
                "{text}\n{}\n",
                if level == 1 { "=" } else { "-" }.repeat(text.chars().count())
            )
        }
    };
    match showing.shown {
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
            heading(out, 1, &format!("{title} ({id})"))?;
            write!(out, "Span: {}", ages::window(*span))?;
            if *in_addition_to_universal {
                out.write_all(" · in addition to the Universal pathway".as_bytes())?;
            }
            write!(out, "\n\n{summary}\n\n")?;
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
                    heading(out, 2, label)?;
                    for item in items {
                        writeln!(out, "- {}", item.trim().replace('\n', " "))?;
                    }
                    out.write_all(b"\n")?;
                }
            }
            let mut current_stage = "";
            for r in interventions {
                if r.stage != current_stage {
                    current_stage = r.stage.as_str();
                    let title = showing
                        .library
                        .stage(&r.stage)
                        .map_or(r.stage.clone(), |(_, s)| s.title.clone());
                    heading(out, 2, &format!("Stage: {title}"))?;
                }
                intervention_line(r, out)?;
            }
            let not_recorded = || "not recorded".to_string();
            write!(out, "\nSource: {source}\n")?;
            writeln!(
                out,
                "Last reviewed: {} · next review due: {}",
                last_reviewed.map_or_else(not_recorded, |d| d.to_string()),
                next_review.map_or_else(not_recorded, |d| d.to_string())
            )?;
            if let Some(n) = note {
                writeln!(out, "Note: {n}")?;
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
            heading(out, 1, &format!("{id}: {title}"))?;
            let status = match status {
                KpiStatus::Existing => "existing",
                KpiStatus::Recommended => "recommended",
            };
            write!(
                out,
                "Status: {status}\nDefinition: {definition}\nNumerator: {numerator}\nDenominator: {denominator}\n"
            )?;
            if let Some(d) = deadline {
                writeln!(out, "Deadline: by {}", ages::point(*d))?;
            }
            write!(out, "Source: {source}\n\n")?;
            heading(out, 2, "Interventions measured by it")?;
            intervention_table(md, interventions, width, out)?;
        }
        Shown::Profession {
            id,
            title,
            description,
            interventions,
        } => {
            heading(out, 1, &format!("{title} ({id})"))?;
            write!(out, "{description}\n\n")?;
            heading(out, 2, "Interventions it leads or takes part in")?;
            intervention_table(md, interventions, width, out)?;
        }
        Shown::Intervention(shown) => intervention(md, shown, &heading, out)?,
    }
    Ok(())
}

/// `id (title)`, or the id alone when the catalogue has no title for it.
fn named(n: &Named) -> String {
    if n.title == n.id {
        n.id.to_string()
    } else {
        format!("{} ({})", n.title, n.id)
    }
}

/// A list of named entries on one line, or `none`.
fn names(items: &[Named]) -> String {
    if items.is_empty() {
        return "none".to_string();
    }
    items.iter().map(named).collect::<Vec<_>>().join(", ")
}

/// `hcp show <intervention-id>`: the whole intervention, timing in words and in days.
fn intervention(
    md: bool,
    shown: &InterventionShown,
    heading: &dyn Fn(&mut dyn Write, usize, &str) -> io::Result<()>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let r = &shown.row;
    let t = &r.timing;
    // Markdown needs a blank line, or two trailing spaces, to keep label lines apart.
    let br = if md { "  " } else { "" };
    heading(out, 1, &format!("{} ({})", r.title, r.id))?;
    writeln!(out, "Pathway: {} ({}){br}", r.pathway_title, r.pathway)?;
    writeln!(out, "Level: {}{br}", r.level.title())?;
    writeln!(out, "When: {}{br}", timing(t))?;
    if let Some(kind) = t.kind {
        writeln!(out, "Timing: {}{br}", kind_words(kind))?;
    }
    if let Some(c) = catch_up(t) {
        writeln!(out, "If missed: {c}{br}")?;
    }
    if let Some(c) = cohort(r) {
        writeln!(out, "For children {c}{br}")?;
    }
    if let Some(w) = t.window {
        writeln!(out, "Window in days: {}{br}", days(w))?;
    }
    if let Some(d) = t.due {
        writeln!(out, "Due in days: {}{br}", day(d))?;
    }
    if let Some(k) = t.kpi_deadline {
        writeln!(out, "KPI deadline in days: {}{br}", day(k))?;
    }
    if let Some(c) = t.catch_up_until {
        writeln!(out, "Catch-up in days: until {}{br}", day(c))?;
    }
    let label = if shown.stages.len() == 1 {
        "Stage"
    } else {
        "Stages"
    };
    writeln!(out, "{label}: {}{br}", names(&shown.stages))?;
    writeln!(out, "Lead: {} ({}){br}", r.lead_title, r.lead)?;
    writeln!(out, "With: {}{br}", names(&shown.with))?;
    if let Some(e) = &shown.event {
        let mandated = if e.mandated {
            ", a mandated health visiting contact"
        } else {
            ""
        };
        writeln!(out, "Event: {}{mandated}{br}", named(&e.event))?;
    }
    write!(out, "\n{}\n\n", r.description)?;
    if shown.kpis.is_empty() {
        out.write_all(b"KPIs: none\n\n")?;
    } else {
        heading(out, 2, "KPIs")?;
        for k in &shown.kpis {
            let by = k
                .deadline
                .map(|d| format!(" (by {})", ages::point(d)))
                .unwrap_or_default();
            writeln!(out, "- {}: {}{by}. {}", k.id, k.title, k.definition)?;
        }
        out.write_all(b"\n")?;
    }
    if shown.core_purposes.is_empty() {
        writeln!(out, "Children's Centre core purposes: none{br}")?;
    } else {
        let purposes: Vec<String> = shown
            .core_purposes
            .iter()
            .map(|c| format!("{} {}", c.number, c.title))
            .collect();
        writeln!(
            out,
            "Children's Centre core purposes: {}{br}",
            purposes.join("; ")
        )?;
    }
    let tools = if r.tools.is_empty() {
        "none".to_string()
    } else {
        join(&r.tools)
    };
    writeln!(out, "Tools: {tools}{br}")?;
    writeln!(out, "Interfaces: {}", names(&shown.interfaces))?;
    if !shown.entry_criteria.is_empty() {
        out.write_all(b"\n")?;
        heading(
            out,
            2,
            &format!(
                "Entry criteria: {} on the {} pathway",
                r.level.title(),
                r.pathway_title
            ),
        )?;
        for c in &shown.entry_criteria {
            writeln!(out, "- {}", c.trim().replace('\n', " "))?;
        }
    }
    write!(out, "\nSource: {}{br}\n", r.source.trim())?;
    writeln!(out, "Basis: {}{br}", basis(r.basis))?;
    let br_note = if r.note.is_some() { br } else { "" };
    writeln!(out, "Certainty: {}{br_note}", certainty(r.certainty))?;
    if let Some(n) = &r.note {
        writeln!(out, "Note: {}", n.trim())?;
    }
    Ok(())
}

fn intervention_line(r: &Row, out: &mut dyn Write) -> io::Result<()> {
    let mut line = format!(
        "- [{}] {} ({}): {}; lead {}",
        level_short(r.level),
        r.title,
        r.id,
        timing(&r.timing),
        r.lead_title
    );
    if !r.kpis.is_empty() {
        line.push_str(&format!("; KPIs {}", join(&r.kpis)));
    }
    if !r.core_purposes.is_empty() {
        line.push_str(&format!("; core purpose {}", join(&r.core_purposes)));
    }
    line.push('\n');
    out.write_all(line.as_bytes())
}

fn intervention_table(md: bool, rows: &[Row], width: u16, out: &mut dyn Write) -> io::Result<()> {
    if rows.is_empty() {
        return out.write_all(b"None.\n");
    }
    let cells: Vec<Vec<String>> = rows.iter().map(|r| query_cells(r).to_vec()).collect();
    if md {
        markdown_table(&QUERY_HEADERS, &cells, out)
    } else {
        out.write_all(table(&QUERY_HEADERS, &cells, width).as_bytes())
    }
}

//! The columns of the tabular answers (query rows, listings, caseloads) as text cells, shared by
//! the terminal table, CSV and Markdown; and the Markdown table itself, which text and Markdown
//! renderers both write.

use std::io::{self, Write};

use super::words::{child, join, level_short, when};
use crate::answer::assess::CaseRow;
use crate::answer::browse::{ListedKind, Listing};
use crate::answer::query::Row;
use crate::model::KpiStatus;

/// The columns of the query table / CSV / Markdown.
pub(super) const QUERY_HEADERS: [&str; 7] = [
    "Pathway",
    "Level",
    "When",
    "Intervention",
    "Lead",
    "KPIs",
    "CC",
];

/// A query row under [`QUERY_HEADERS`].
pub(super) fn query_cells(row: &Row) -> [String; 7] {
    [
        row.pathway.to_string(),
        level_short(row.level).to_string(),
        when(row),
        row.title.to_string(),
        row.lead_title.to_string(),
        join(&row.kpis),
        join(&row.core_purposes),
    ]
}

/// A listing's name as `hcp list` takes it (`core-purposes`).
pub(super) fn list_kind(listing: &Listing) -> &'static str {
    match listing {
        Listing::Pathways(_) => "pathways",
        Listing::Stages(_) => "stages",
        Listing::Professions(_) => "professions",
        Listing::Kpis(_) => "kpis",
        Listing::CorePurposes(_) => "core-purposes",
        Listing::Levels(_) => "levels",
        Listing::Events(_) => "events",
        Listing::Interfaces(_) => "interfaces",
        Listing::Dimensions(_) => "dimensions",
        Listing::Indicators(_) => "indicators",
    }
}

fn kpi_status(status: KpiStatus) -> &'static str {
    match status {
        KpiStatus::Existing => "existing",
        KpiStatus::Recommended => "recommended",
    }
}

/// A listing's column headers and rows of text.
pub(super) fn list_cells(listing: &Listing) -> (&'static [&'static str], Vec<Vec<String>>) {
    fn rows<T>(items: &[T], cells: impl Fn(&T) -> Vec<String>) -> Vec<Vec<String>> {
        items.iter().map(cells).collect()
    }
    match listing {
        Listing::Pathways(items) => (
            &["Id", "Title", "Kind", "Span", "U", "U+", "UPP"],
            rows(items, |p| {
                let kind = match p.kind {
                    ListedKind::Universal => "universal",
                    ListedKind::Targeted => "targeted",
                    ListedKind::Unregistered => "unregistered",
                };
                let span = crate::model::age::Span {
                    from: p.from,
                    to: p.to,
                };
                vec![
                    p.id.to_string(),
                    p.title.to_string(),
                    kind.to_string(),
                    super::ages::window(span),
                    p.universal.to_string(),
                    p.universal_plus.to_string(),
                    p.universal_partnership_plus.to_string(),
                ]
            }),
        ),
        Listing::Stages(items) => (
            &["Id", "Title", "From", "To", "Interventions"],
            rows(items, |s| {
                vec![
                    s.id.to_string(),
                    s.title.to_string(),
                    super::ages::first(s.from),
                    super::ages::last(s.to),
                    s.interventions.to_string(),
                ]
            }),
        ),
        Listing::Professions(items) => (
            &["Id", "Title", "Leads", "Involved"],
            rows(items, |p| {
                vec![
                    p.id.to_string(),
                    p.title.to_string(),
                    p.leads.to_string(),
                    p.involved.to_string(),
                ]
            }),
        ),
        Listing::Kpis(items) => (
            &["Id", "Title", "Status", "Deadline", "Interventions"],
            rows(items, |k| {
                vec![
                    k.id.to_string(),
                    k.title.to_string(),
                    kpi_status(k.status).to_string(),
                    k.deadline.map_or(String::new(), super::ages::point),
                    k.interventions.to_string(),
                ]
            }),
        ),
        Listing::CorePurposes(items) => (
            &["Number", "Title", "Wording", "Interventions"],
            rows(items, |c| {
                vec![
                    c.number.to_string(),
                    c.title.to_string(),
                    c.wording.to_string(),
                    c.interventions.to_string(),
                ]
            }),
        ),
        Listing::Levels(items) => (
            &["Id", "Title", "Definition"],
            rows(items, |l| {
                vec![
                    l.id.id().to_string(),
                    l.title.to_string(),
                    l.definition.to_string(),
                ]
            }),
        ),
        Listing::Events(items) => (
            &["Id", "Title", "Description"],
            rows(items, |e| {
                vec![
                    e.id.to_string(),
                    e.title.to_string(),
                    e.description.to_string(),
                ]
            }),
        ),
        Listing::Interfaces(items) => (
            &["Id", "Title", "Interventions"],
            rows(items, |i| {
                vec![
                    i.id.to_string(),
                    i.title.to_string(),
                    i.interventions.to_string(),
                ]
            }),
        ),
        Listing::Dimensions(items) => (
            &["Id", "Title", "Domain", "Indicators"],
            rows(items, |d| {
                vec![
                    d.id.to_string(),
                    d.title.to_string(),
                    d.domain.to_string(),
                    d.indicators.to_string(),
                ]
            }),
        ),
        Listing::Indicators(items) => (
            &["Id", "Dimension", "Band", "Decisive", "Text"],
            rows(items, |i| {
                vec![
                    i.id.to_string(),
                    i.dimension.to_string(),
                    level_short(i.band).to_string(),
                    if i.decisive { "yes" } else { "" }.to_string(),
                    i.text.to_string(),
                ]
            }),
        ),
    }
}

/// The columns of a caseload table.
pub(super) const CASELOAD_HEADERS: [&str; 6] = [
    "Reference",
    "Child",
    "Suggested",
    "Complete",
    "Practitioner",
    "Pathways",
];

/// A caseload row under [`CASELOAD_HEADERS`].
pub(super) fn caseload_cells(r: &CaseRow) -> Vec<String> {
    vec![
        r.reference.clone(),
        child(r.child, r.child_calendar),
        if r.confirmed() {
            level_short(r.suggested).to_string()
        } else {
            format!("at least {}", level_short(r.suggested))
        },
        if r.complete {
            "yes".into()
        } else {
            format!("NO ({} missing)", r.missing.len())
        },
        r.practitioner
            .map_or(String::new(), |b| level_short(b).to_string()),
        join(&r.pathways),
    ]
}

/// The rows of a caseload table: each file that could not be assessed first (named, with the
/// code of its first finding: a child whose need is unknown), then the families by need.
pub(super) fn caseload_table(c: &super::Caseload<'_>) -> Vec<Vec<String>> {
    let failed = c.failed.iter().map(|file| {
        let code = c
            .failure_code(file)
            .map_or(String::new(), |code| format!(" ({code})"));
        vec![
            format!("{file} (not assessed)"),
            String::new(),
            format!("FAILED{code}"),
            String::new(),
            String::new(),
            String::new(),
        ]
    });
    failed.chain(c.rows.iter().map(caseload_cells)).collect()
}

/// One Markdown table row, `|` escaped and line breaks flattened.
fn markdown_row<S: AsRef<str>>(cells: &[S], out: &mut dyn Write) -> io::Result<()> {
    let cells: Vec<String> = cells
        .iter()
        .map(|c| c.as_ref().replace('|', "\\|").replace('\n', " "))
        .collect();
    writeln!(out, "| {} |", cells.join(" | "))
}

/// A Markdown table: the header row, the rule, then the rows.
pub(super) fn markdown_table(
    headers: &[&str],
    rows: &[Vec<String>],
    out: &mut dyn Write,
) -> io::Result<()> {
    markdown_row(headers, out)?;
    markdown_row(&vec!["---"; headers.len()], out)?;
    for r in rows {
        markdown_row(r, out)?;
    }
    Ok(())
}

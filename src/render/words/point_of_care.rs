//! The lines of a point-of-care answer that every format shares.

use super::{cohort, join, level_short, when};
use crate::answer::query::{QueryResult, Row};
use crate::model::Level;

/// The pathways searched, by title: `Safeguarding and Universal`.
pub(in crate::render) fn pathway_titles(result: &QueryResult) -> String {
    let titles: Vec<String> = result
        .pathway_titles
        .iter()
        .map(ToString::to_string)
        .collect();
    match titles.as_slice() {
        [] => "Interventions".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// One item: `Title: when; lead` with its pathway and level when not plain Universal, its
/// KPIs, and the birth cohort it is for.
pub(in crate::render) fn item(r: &Row, many: bool) -> String {
    let mut line = format!("{}: {}; {}", r.title, when(r), r.lead_title);
    if !r.kpis.is_empty() {
        line.push_str(&format!("; KPI {}", join(&r.kpis)));
    }
    let mut tags = Vec::new();
    if many && r.pathway.as_str() != "universal" {
        tags.push(r.pathway_title.to_string());
    }
    if r.level != Level::Universal {
        tags.push(level_short(r.level).to_string());
    }
    if let Some(c) = cohort(r) {
        tags.push(format!("for children {c}"));
    }
    if !tags.is_empty() {
        line.push_str(&format!(" [{}]", tags.join(", ")));
    }
    line
}

/// The targeted pathways left out that also have items at this point.
pub(in crate::render) fn also_line(result: &QueryResult) -> Option<String> {
    if result.also.is_empty() {
        return None;
    }
    let list: Vec<String> = result
        .also
        .iter()
        .map(|a| format!("{} ({})", a.title, a.count))
        .collect();
    Some(format!(
        "Also at this age on targeted pathways: {}. Add one with --pathway ID, or search all nine with --all.",
        list.join(", ")
    ))
}

/// If-needed items left out.
pub(in crate::render) fn if_needed_line(result: &QueryResult) -> Option<String> {
    match result.if_needed_left_out {
        0 => None,
        1 => Some("1 if-needed item is not listed (--all lists it).".into()),
        n => Some(format!(
            "{n} if-needed items are not listed (--all lists them)."
        )),
    }
}

/// Which birth cohort's schedule the answer shows, when the schedule depends on it.
pub(in crate::render) fn cohort_line(result: &QueryResult) -> Option<String> {
    let cohort_rows = result.results.iter().any(|r| r.born.is_some());
    if !cohort_rows && result.other_cohorts == 0 {
        return None;
    }
    match result.born_on {
        Some(born) => Some(format!(
            "Schedule for a child born on {} (today minus the age); children born on other dates have a different immunisation schedule.",
            born.strftime("%-d %B %Y")
        )),
        None => Some(
            "The immunisation schedule depends on the date of birth: each item says which children it is for."
                .into(),
        ),
    }
}

//! `hcp kpi`: the format's file for a `--format`, and the words every format shares for a KPI
//! return (what a definition counts, why a record was not judged, a percentage to one decimal).

use std::io::{self, Write};

use super::{Render, Style, TableFormat, buffered};
use crate::answer::kpi::{Outcome, Returns, Unjudged};
use crate::model::Compute;
use crate::model::calendar::CalendarAge;
use crate::model::family::Feeding;

/// Render a KPI return.
pub fn kpi_returns(
    format: TableFormat,
    returns: &Returns,
    width: u16,
    provenance: Option<&crate::answer::provenance::Provenance>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let style = Style::default();
    buffered(out, |out| match format {
        TableFormat::Table => super::text::Text { style, width }.render(returns, out),
        TableFormat::Json => super::json::Json(provenance).render(returns, out),
        TableFormat::Csv => super::csv::Csv.render(returns, out),
        TableFormat::Markdown => {
            super::markdown::Markdown { quiet: false }.render(returns, out)?;
            super::markdown::provenance_footer(provenance, out)
        }
    })
}

/// The findings about record files that failed (for stderr): positions, never excerpts.
pub fn kpi_findings(returns: &Returns, out: &mut dyn Write) -> io::Result<()> {
    let assessed = crate::answer::assess::Assessed {
        failed: returns.failed.clone(),
        findings: returns.findings.clone(),
        files: returns.files,
        ..Default::default()
    };
    buffered(out, |out| super::text::family_findings(&assessed, out))
}

/// An age in practitioners' words: `14 days`, `8 weeks`, `12 months`, `2½ years`, `28 weeks of
/// pregnancy`.
pub(super) fn age_words(age: CalendarAge) -> String {
    match age {
        CalendarAge::Gestation(days) if days % 7 == 0 => {
            format!("{} weeks of pregnancy", days / 7)
        }
        CalendarAge::Gestation(days) => {
            format!("{} weeks {} days of pregnancy", days / 7, days % 7)
        }
        CalendarAge::Postnatal { months: 0, days: 0 } => "birth".into(),
        CalendarAge::Postnatal { months: 0, days } if days % 7 == 0 && days >= 28 => {
            format!("{} weeks", days / 7)
        }
        CalendarAge::Postnatal { months: 0, days } => format!("{days} days"),
        CalendarAge::Postnatal {
            months: 30,
            days: 0,
        } => "2½ years".into(),
        CalendarAge::Postnatal {
            months: 12,
            days: 0,
        } => "12 months".into(),
        CalendarAge::Postnatal { months, days: 0 } if months % 12 == 0 => {
            format!("{} years", months / 12)
        }
        CalendarAge::Postnatal { months, days: 0 } => format!("{months} months"),
        other => other.to_string(),
    }
}

fn feeding_words(f: Feeding) -> &'static str {
    match f {
        Feeding::TotallyBreastfed => "totally breastfed",
        Feeding::PartiallyBreastfed => "partially breastfed",
        Feeding::NotBreastfed => "not breastfed",
    }
}

/// What a definition counts, in one sentence: the cohort, then the event and its conditions.
pub(super) fn counted(c: &Compute) -> String {
    let cohort = c.cohort.as_ref().map(|k| &k.value);
    let event = c.event.as_ref().map_or("", |e| e.value.as_str());
    let mut conditions = Vec::new();
    if let Some(by) = &c.by {
        conditions.push(match by.value {
            CalendarAge::Postnatal { months: 0, days } if days < 28 => {
                format!("within {days} days of birth")
            }
            age => format!("by {}", age_words(age)),
        });
    }
    if let Some(from) = &c.from {
        conditions.push(format!("at {} or above", age_words(from.value)));
    }
    if let Some(after) = &c.after {
        conditions.push(format!("after {}", age_words(after.value)));
    }
    let timing = if conditions.is_empty() {
        String::new()
    } else {
        format!(" {}", conditions.join(" and "))
    };
    let mut with = Vec::new();
    if let Some(tool) = &c.tool {
        with.push(format!("{} recorded as used", tool.value));
    }
    if !c.feeding.is_empty() {
        let f: Vec<&str> = c.feeding.iter().map(|f| feeding_words(f.value)).collect();
        with.push(format!("feeding recorded as {}", f.join(" or ")));
    }
    let with = if with.is_empty() {
        String::new()
    } else {
        format!(", with {}", with.join(" and "))
    };
    let with_event =
        c.denominator.as_ref().map(|d| d.value) == Some(crate::model::Denominator::WithEvent);
    match cohort {
        Some(k) if k.done_in_period.as_ref().is_some_and(|b| b.value) => format!(
            "a count of records with `{event}` done in the period{timing}{with} (no denominator)"
        ),
        Some(k) => {
            let who = match &k.turned {
                Some(t) => format!("children who turned {} in the period", age_words(t.value)),
                None => "children born in the period".to_string(),
            };
            if with_event {
                format!(
                    "denominator: {who} with `{event}` done{timing}; numerator: those of them{with}"
                )
            } else {
                format!("denominator: {who}; numerator: those with `{event}` done{timing}{with}")
            }
        }
        None => String::new(),
    }
}

/// Why a record was not judged, in words.
pub(super) fn unjudged_words(u: Unjudged) -> &'static str {
    match u {
        Unjudged::NoDateOfBirth => {
            "no date of birth, though the expected date of delivery says the child may be in the cohort"
        }
        Unjudged::NoExpectedDate => {
            "the KPI reads the week of pregnancy, and the record gives no expected date of delivery"
        }
        Unjudged::NoTools => "the contact has no tools recorded",
        Unjudged::NoFeeding => "the contact has no feeding status recorded",
    }
}

/// A percentage in tenths, written with one decimal: `66.7`.
pub(super) fn percent(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// A date in words: `1 July 2026`.
pub(super) fn date_words(d: jiff::civil::Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let month = MONTHS
        .get(usize::try_from(d.month() - 1).unwrap_or(0))
        .copied()
        .unwrap_or("");
    format!("{} {month} {}", d.day(), d.year())
}

/// The table's cells for one KPI: numerator, denominator, percent, not judged.
pub(super) fn cells(outcome: &Outcome) -> [String; 4] {
    match outcome {
        Outcome::Computed(c) => [
            c.numerator.to_string(),
            c.denominator
                .map_or_else(|| "(count)".to_string(), |d| d.to_string()),
            c.percent_tenths().map_or_else(|| "-".to_string(), percent),
            c.not_judged.to_string(),
        ],
        Outcome::NotComputable { .. } => [
            "not computable".into(),
            String::new(),
            String::new(),
            String::new(),
        ],
        Outcome::NoDefinition => [
            "no definition".into(),
            String::new(),
            String::new(),
            String::new(),
        ],
    }
}

/// The lines above the table: the period, the files, and whether the figures may still change.
pub(super) fn header_lines(r: &Returns) -> Vec<String> {
    let mut lines = vec![format!(
        "KPI return for {} to {} ({} to {}): {} record{} counted from {} file{}; {} failed.",
        date_words(r.period.from),
        date_words(r.period.to),
        r.period.from,
        r.period.to,
        r.records,
        if r.records == 1 { "" } else { "s" },
        r.files,
        if r.files == 1 { "" } else { "s" },
        r.failed.len(),
    )];
    if r.provisional {
        lines.push(format!(
            "Provisional: the period ends on or after today ({}); contacts still to come are not counted.",
            r.today
        ));
    }
    if !r.failed.is_empty() {
        lines.push(format!(
            "NOT COUNTED, the files that failed their checks (fix them and run again; the findings are on stderr): {}.",
            r.failed
                .iter()
                .map(|f| match r.failure_code(f) {
                    Some(code) => format!("{f} ({code})"),
                    None => f.clone(),
                })
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    if !r.repeated_references.is_empty() {
        lines.push(format!(
            "The same reference in more than one file (one child counted twice, or two children sharing a reference: check before sending the return): {}.",
            r.repeated_references.join(", ")
        ));
    }
    if !r.repeated_files.is_empty() {
        lines.push(format!(
            "Named more than once (counted once): {}.",
            r.repeated_files.join(", ")
        ));
    }
    lines
}

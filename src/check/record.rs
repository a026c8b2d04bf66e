//! Checks on a record before it is scheduled (`hcp schedule`) or counted (`hcp kpi`): a printable,
//! non-identifying `reference` (HCP101, HCP105, as for `assess`), a date of birth or an expected
//! date of delivery (HCP104), and a `done` list of known interventions (HCP107) on real dates
//! that are not in the future, not before the birth for an item after birth and not before the
//! pregnancy (HCP104), each scheduled intervention at most once (HCP108). As everywhere for family
//! files, findings never repeat what the file wrote: an unknown intervention is shown by its
//! position and the nearest known id.

use std::collections::HashMap;

use super::family::{Findings, check_reference, parse_date};
use super::rule::Rule;
use crate::model::TimingKind;
use crate::model::age::Point;
use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::family::{DoneOn, FamilyFile, Record};
use crate::model::library::Library;

/// Check a record against the pathway set and the calendar. `display` names it in findings;
/// `today` guards against future dates.
pub fn record(
    display: &str,
    file: &FamilyFile,
    lib: &Library,
    today: jiff::civil::Date,
) -> Result<Record, Vec<Diagnostic>> {
    let mut f = Findings {
        file: display,
        out: Vec::new(),
    };
    check_reference(&mut f, file);
    let child = &file.child.value;
    let date = |f: &mut Findings, v: &crate::model::span::Spanned<String>, key: &str| {
        match parse_date(v) {
            Ok(d) => Some(d),
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    v,
                    format!("child.{key}"),
                    format!("`{key}` {e}"),
                    None,
                );
                None
            }
        }
    };
    let born = child
        .date_of_birth
        .as_ref()
        .and_then(|v| date(&mut f, v, "date_of_birth"));
    let expected = child
        .expected_date_of_delivery
        .as_ref()
        .and_then(|v| date(&mut f, v, "expected_date_of_delivery"));
    match (
        &child.date_of_birth,
        &child.expected_date_of_delivery,
        born,
    ) {
        (Some(_), Some(_), _) => f.at(
            Code::FamilyInvalidDate,
            &file.child,
            "child".into(),
            "`child` gives both `date_of_birth` and `expected_date_of_delivery`; give the date of birth once the child is born".into(),
            None,
        ),
        (None, None, _) => f.at(
            Code::FamilyInvalidDate,
            &file.child,
            "child".into(),
            "a schedule needs calendar dates: `child` needs `date_of_birth` (or, in pregnancy, `expected_date_of_delivery`)".into(),
            Some("`age` and `gestation` are enough for `hcp assess`, not for dates".into()),
        ),
        (Some(v), None, Some(b)) if b > today => f.at(
            Code::FamilyInvalidDate,
            v,
            "child.date_of_birth".into(),
            "`date_of_birth` is in the future; before birth use `expected_date_of_delivery`"
                .into(),
            None,
        ),
        _ => {}
    }
    let start = Record {
        reference: String::new(),
        born: None,
        expected,
        done: Vec::new(),
    }
    .pregnancy_start();
    let mut done = Vec::new();
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, entry) in file.done.iter().enumerate() {
        let e = &entry.value;
        let path = |field: &str| format!("done[{i}].{field}");
        let Some((_, _, iv)) = lib.find_intervention(&e.intervention.value) else {
            f.at(
                Code::FamilyUnknownIntervention,
                &e.intervention,
                path("intervention"),
                "unknown intervention (not shown)".into(),
                did_you_mean(
                    &e.intervention.value,
                    lib.interventions()
                        .map(|(_, _, _, iv)| iv.id.value.as_str()),
                )
                .map(|s| format!("did you mean `{s}`?")),
            );
            continue;
        };
        let id = iv.id.value.as_str();
        let on = match parse_date(&e.date) {
            Ok(on) => on,
            Err(why) => {
                f.at(
                    Code::FamilyInvalidDate,
                    &e.date,
                    path("date"),
                    format!("`date` {why}"),
                    None,
                );
                continue;
            }
        };
        let after_birth = lib
            .intervention_span(iv)
            .is_some_and(|s| matches!(s.from, Point::Postnatal(_)));
        let problem = if on > today {
            Some("is in the future".to_string())
        } else if after_birth && born.is_some_and(|b| on < b) {
            Some(format!(
                "is before the date of birth, but `{id}` is after birth"
            ))
        } else if after_birth && born.is_none() && expected.is_some() {
            Some(format!(
                "`{id}` is after birth, and the child is not yet born (the file gives an expected date of delivery)"
            ))
        } else if start.is_some_and(|s| on < s) {
            Some(
                "is before the pregnancy began (40 weeks before the expected date of delivery)"
                    .into(),
            )
        } else {
            None
        };
        if let Some(problem) = problem {
            f.at(
                Code::FamilyInvalidDate,
                &e.date,
                path("date"),
                format!("the date {problem}"),
                None,
            );
            continue;
        }
        let scheduled = iv.timing.as_ref().map(|k| k.value) == Some(TimingKind::Scheduled);
        if scheduled && let Some(first) = seen.insert(id, i) {
            f.at(
                Code::FamilyDuplicateDone,
                &e.intervention,
                path("intervention"),
                format!("`{id}` is recorded as done twice (also at done[{first}]); a scheduled intervention is done once"),
                Some("keep the date it was done; a repeat belongs in the clinical record".into()),
            );
            continue;
        }
        done.push(DoneOn {
            intervention: id.to_string(),
            date: on,
            tools: e.tools.iter().map(|t| t.value.clone()).collect(),
            feeding: e.feeding.as_ref().map(|x| x.value),
        });
    }
    if f.out.is_empty() {
        Ok(Record {
            reference: file.reference.value.clone(),
            born,
            expected: if born.is_some() { None } else { expected },
            done,
        })
    } else {
        Err(f.out)
    }
}

/// Read and check a record file: the name findings give it, the file as written (a record may
/// hold an assessment too) and the checked record.
pub fn read(
    path: &std::path::Path,
    lib: &Library,
    today: jiff::civil::Date,
) -> Result<(String, FamilyFile, Record), Vec<Diagnostic>> {
    let display = path.display().to_string();
    let written = crate::load::family::read(path, &display)?;
    let checked = record(&display, &written, lib, today)?;
    Ok((display, written, checked))
}

/// HCP107 family-unknown-intervention.
pub(super) const FAMILY_UNKNOWN_INTERVENTION: Rule = Rule {
    code: Code::FamilyUnknownIntervention,
    severity: Severity::Error,
    summary: "A record's `done` list names an intervention the pathway set does not have.",
    explanation: "Each entry of `done` in a record names an intervention id of the pathway set \
(`universal.new-birth-visit`; `hcp list` and `hcp show` give them). An unknown one cannot be placed on \
the schedule, so the record is refused rather than the entry dropped: a schedule missing a done \
contact would show it as overdue. The id the file wrote is not shown (it may be free text); the \
nearest known id is.\n\nFix: use the intervention's id.",
    check: None,
};

/// HCP108 family-duplicate-done.
pub(super) const FAMILY_DUPLICATE_DONE: Rule = Rule {
    code: Code::FamilyDuplicateDone,
    severity: Severity::Error,
    summary: "A record gives the same scheduled intervention as done twice.",
    explanation: "A scheduled intervention (a review, a screen, an immunisation) is done once: two \
dates for it are two records merged or a typing error, and either would make a KPI count wrong. \
Ongoing and if-needed interventions may be recorded more than once.\n\nFix: keep the date it was done.",
    check: None,
};

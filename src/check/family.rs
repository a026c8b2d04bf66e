//! Checks on a family file before it is scored: a `reference` that can be printed safely (HCP101)
//! and does not identify anyone (HCP105), dates and ages inside the programme (HCP104),
//! dimensions and indicators the framework knows (HCP102, HCP103), and indicators recorded only
//! at the ages they apply to (HCP106). Findings give positions and
//! never repeat a key or a value from the file: an unknown dimension or indicator is shown by where
//! it is and the framework id nearest to it, and a data path names a dimension only by the
//! framework's id (else [`yaml::HIDDEN_KEY`]).

use super::identifier::{holds_nhs_number, same_identifier, unprintable};
use super::rule::Rule;
use crate::load::yaml;
use crate::model::age::{self, Point};
use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::family::{Child, Family, FamilyFile, Observed, RedactedIdentifier};
use crate::model::framework::{Framework, Observations};
use crate::model::span::{Spanned, position};

pub(super) struct Findings<'a> {
    pub(super) file: &'a str,
    pub(super) out: Vec<Diagnostic>,
}

impl Findings<'_> {
    pub(super) fn at<T>(
        &mut self,
        code: Code,
        v: &Spanned<T>,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        let (line, column) = position(v);
        self.out.push(Diagnostic {
            code,
            severity: Severity::Error,
            file: self.file.to_string(),
            line,
            column,
            path,
            message,
            help,
        });
    }
}

/// A date exactly as the family schema describes it: `YYYY-MM-DD`, nothing around it (a quoted
/// `" 2026-11-25"` is refused here as in the editor, with its own reason; the value is never
/// echoed).
pub(super) fn parse_date(v: &Spanned<String>) -> Result<jiff::civil::Date, String> {
    let read = |text: &str| crate::model::CalendarDate::parse(text).map(|d| d.0);
    read(&v.value).ok_or_else(|| {
        if read(v.value.trim()).is_some() {
            "has a space before or after it; write the date alone as YYYY-MM-DD, e.g. 2026-11-25"
                .to_string()
        } else {
            "is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-25".to_string()
        }
    })
}

/// Why an age or gestation cannot be read, without the parts of the written value that the
/// age parser quotes (a letter, a run of digits that may be an NHS number, the day it came to).
fn without_input(e: &age::AgeError) -> String {
    let reason = e.reason.as_str();
    // The age parser's wording (model/age/) puts what it quotes from the input in backticks.
    match reason.split_once('`') {
        None => reason
            .split("; this age is day ")
            .next()
            .unwrap_or(reason)
            .to_string(),
        Some(("", rest)) if rest.contains("` is not a unit") => {
            "it holds a character that is not a unit; use y (years), m (months), w (weeks) or d (days)"
                .into()
        }
        Some(("unit ", _)) => "a unit has no number before it".into(),
        Some(("the number ", rest)) if rest.contains("` has no unit") => {
            "a number has no unit; add y, m, w or d".into()
        }
        Some(_) => "it is not an age".into(),
    }
}

fn days_between(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    to.duration_since(from).as_secs() / 86_400
}

/// HCP101 and HCP105 on a file's `reference`: printable, and not an identifier.
pub(super) fn check_reference(f: &mut Findings, file: &FamilyFile) {
    let reference = file.reference.value.trim();
    // The whole value is printed as written, so a character at either end counts too.
    let unprintable = unprintable(&file.reference.value);
    if reference.is_empty() || unprintable.is_some() {
        f.at(
            Code::FamilyFileInvalid,
            &file.reference,
            "reference".into(),
            match unprintable {
                // The code point, not the character: it is invisible or would act on the terminal.
                Some(c) => format!(
                    "`reference` holds an invisible or control character (U+{:04X}); it must be a pseudonymous reference on one line, without control characters, bidi controls or zero-width characters",
                    u32::from(c)
                ),
                None => "`reference` must be a non-empty pseudonymous reference on one line, without control characters".into(),
            },
            None,
        );
    } else {
        // Never echo the value: it is the identifier this check found.
        let same_as = |field: &Option<RedactedIdentifier>| {
            field
                .as_ref()
                .and_then(RedactedIdentifier::compare_only)
                .is_some_and(|n| same_identifier(reference, n))
        };
        let message = if holds_nhs_number(reference) {
            Some("`reference` holds an NHS number (10 digits with a valid check digit)")
        } else if same_as(&file.nhs_number) {
            Some("`reference` is the same as this file's `nhs_number`")
        } else if same_as(&file.name) {
            Some("`reference` is the same as this file's `name`")
        } else {
            None
        };
        if let Some(message) = message {
            f.at(
                Code::FamilyIdentifyingReference,
                &file.reference,
                "reference".into(),
                message.into(),
                Some("use a pseudonymous reference (the one identifier hcp prints), never an NHS number or a name".into()),
            );
        }
    }
}

/// Check a family file against the framework and the calendar. `display` names it in findings;
/// `today` guards against future dates of birth and assessments.
pub fn family(
    display: &str,
    file: FamilyFile,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<Family, Vec<Diagnostic>> {
    let mut f = Findings {
        file: display,
        out: Vec::new(),
    };
    check_reference(&mut f, &file);
    let assessment_date = match &file.assessment_date {
        None => {
            f.at(
                Code::FamilyInvalidDate,
                &file.reference,
                "assessment_date".into(),
                "`assessment_date` is missing; `hcp assess` scores an assessment made on a date (YYYY-MM-DD)".into(),
                Some("a record with only `done` is for `hcp schedule`".into()),
            );
            None
        }
        Some(written) => match parse_date(written) {
            Ok(d) if d > today => {
                f.at(
                    Code::FamilyInvalidDate,
                    written,
                    "assessment_date".into(),
                    "`assessment_date` is in the future".into(),
                    None,
                );
                Some(d)
            }
            Ok(d) => Some(d),
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    written,
                    "assessment_date".into(),
                    format!("`assessment_date` {e}"),
                    None,
                );
                None
            }
        },
    };
    let at = assessment_date.and_then(|date| child_point(&mut f, &file.child, date, today));
    if assessment_date.is_some() && at.is_none() && f.out.is_empty() {
        f.at(
            Code::FamilyInvalidDate,
            &file.child,
            "child".into(),
            "`child` needs one of `date_of_birth`, `age`, `gestation` or `expected_date_of_delivery`".into(),
            None,
        );
    }

    let mut observations = Observations::new();
    // In file order, so findings come out in the order they are written.
    let mut dimensions: Vec<(&Spanned<String>, &Spanned<Observed>)> =
        file.dimensions.iter().collect();
    dimensions.sort_by_key(|(key, _)| position(*key));
    for (key, observed) in dimensions {
        let Some(dim) = framework.dimension(&key.value) else {
            // The key is not shown: a name or a note written as a key would be repeated.
            f.at(
                Code::FamilyUnknownDimension,
                key,
                format!("dimensions.{}", yaml::HIDDEN_KEY),
                "unknown dimension (not shown)".into(),
                did_you_mean(
                    &key.value,
                    framework.dimensions.iter().map(|d| d.id.as_str()),
                )
                .map(|s| format!("did you mean `{s}`?")),
            );
            continue;
        };
        // From here on, only the framework's ids are printed, never what the file wrote.
        let dim_id = dim.id.as_str();
        let set = observations.entry(dim_id.to_string()).or_default();
        for (j, ind) in observed.value.indicators.iter().enumerate() {
            let path = format!("dimensions.{dim_id}.indicators[{j}]");
            match framework.indicator(&ind.value) {
                Some((owner, def)) if owner.id == dim.id => {
                    // Only the framework's id and range are printed, never the child's age.
                    if let (Some(range), Some(point)) = (def.applies, at)
                        && !range.contains(point)
                    {
                        f.at(
                            Code::FamilyIndicatorOutOfRange,
                            ind,
                            path,
                            format!(
                                "indicator `{}` applies only {}, and the child's age or gestation on the assessment date is outside that",
                                def.id,
                                range_words(range)
                            ),
                            Some(
                                "check the child's date of birth, age or gestation and the assessment date, or record the indicator of this dimension that fits the child's age"
                                    .into(),
                            ),
                        );
                        continue;
                    }
                    set.insert(ind.value.clone());
                }
                Some((owner, def)) => f.at(
                    Code::FamilyUnknownIndicator,
                    ind,
                    path,
                    format!(
                        "indicator `{}` belongs to dimension `{}`, not `{dim_id}`",
                        def.id, owner.id
                    ),
                    Some(format!("move it under `{}`", owner.id)),
                ),
                None => f.at(
                    Code::FamilyUnknownIndicator,
                    ind,
                    path,
                    // Not shown, whatever its shape: `smith` looks like an id as much as `ok` does.
                    format!("unknown indicator in dimension `{dim_id}` (not shown)"),
                    did_you_mean(&ind.value, dim.indicators.iter().map(|i| i.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            }
        }
        if set.is_empty() {
            observations.remove(dim_id);
        }
    }

    match (assessment_date, at) {
        (Some(assessment_date), Some(at)) if f.out.is_empty() => Ok(Family {
            reference: file.reference.value.clone(),
            assessment_date,
            at,
            calendar_age: file
                .child
                .value
                .date_of_birth
                .as_ref()
                .and_then(|b| parse_date(b).ok())
                .and_then(|b| crate::model::calendar::calendar_age(b, assessment_date)),
            observations,
            practitioner: file.practitioner.map(|p| (p.band.value, p.rationale)),
        }),
        _ => Err(f.out),
    }
}

/// An indicator's range in words: `in pregnancy (0w to 42w gestation)`, `from birth to 8w`.
fn range_words(range: age::Span) -> String {
    match (range.from, range.to) {
        (Point::Gestation(_) | Point::Preconception, Point::Gestation(_)) => {
            format!("in pregnancy ({range})")
        }
        (from, to) => format!("from {from} to {to}"),
    }
}

fn child_point(
    f: &mut Findings,
    child: &Spanned<Child>,
    date: jiff::civil::Date,
    today: jiff::civil::Date,
) -> Option<Point> {
    let c = &child.value;
    let given = [
        c.date_of_birth.is_some(),
        c.age.is_some(),
        c.gestation.is_some(),
        c.expected_date_of_delivery.is_some(),
    ]
    .iter()
    .filter(|b| **b)
    .count();
    if given > 1 {
        f.at(Code::FamilyInvalidDate, child, "child".into(), "`child` gives more than one of `date_of_birth`, `age`, `gestation`, `expected_date_of_delivery`; give exactly one".into(), None);
        return None;
    }
    if let Some(dob) = &c.date_of_birth {
        let birth = match parse_date(dob) {
            Ok(b) => b,
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    dob,
                    "child.date_of_birth".into(),
                    format!("`date_of_birth` {e}"),
                    None,
                );
                return None;
            }
        };
        if birth > today {
            f.at(Code::FamilyInvalidDate, dob, "child.date_of_birth".into(), "`date_of_birth` is in the future; before birth use `expected_date_of_delivery` or `gestation`".into(), None);
            return None;
        }
        let days = days_between(birth, date);
        if days < 0 {
            f.at(
                Code::FamilyInvalidDate,
                dob,
                "child.date_of_birth".into(),
                "the assessment date is before the date of birth".into(),
                None,
            );
            return None;
        }
        if days > i64::from(age::PROGRAMME_END_DAYS) {
            f.at(Code::FamilyInvalidDate, dob, "child.date_of_birth".into(), format!("the child is {} on the assessment date; the Healthy Child Programme 0-5 ends at 5 years", age::format_age_days(u32::try_from(days).unwrap_or(u32::MAX))), None);
            return None;
        }
        return crate::model::calendar::age_point(birth, date).map(Point::Postnatal);
    }
    if let Some(a) = &c.age {
        return match age::parse_programme_age(&a.value) {
            Ok(days) => Some(Point::Postnatal(days)),
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    a,
                    "child.age".into(),
                    format!("`age` cannot be read: {}", without_input(&e)),
                    Some(format!("ages are written {}", age::AGE_EXAMPLES)),
                );
                None
            }
        };
    }
    if let Some(g) = &c.gestation {
        return match age::parse_gestation_days(&g.value) {
            Ok(days) => Some(Point::Gestation(days)),
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    g,
                    "child.gestation".into(),
                    format!("`gestation` cannot be read: {}", without_input(&e)),
                    None,
                );
                None
            }
        };
    }
    if let Some(edd) = &c.expected_date_of_delivery {
        let due = match parse_date(edd) {
            Ok(d) => d,
            Err(e) => {
                f.at(
                    Code::FamilyInvalidDate,
                    edd,
                    "child.expected_date_of_delivery".into(),
                    format!("`expected_date_of_delivery` {e}"),
                    None,
                );
                return None;
            }
        };
        // Term is 40 weeks (280 days) of gestation on the expected date of delivery.
        let gestation = 280 - days_between(date, due);
        if !(0..=i64::from(age::MAX_GESTATION_DAYS)).contains(&gestation) {
            f.at(Code::FamilyInvalidDate, edd, "child.expected_date_of_delivery".into(), "the expected date of delivery puts the assessment date outside pregnancy (0 to 42 weeks)".into(), None);
            return None;
        }
        return u32::try_from(gestation).ok().map(Point::Gestation);
    }
    None
}

/// HCP101 family-file-invalid.
pub(super) const FAMILY_FILE_INVALID: Rule = Rule {
    code: Code::FamilyFileInvalid,
    severity: Severity::Error,
    summary: "A family file cannot be read, is not YAML, or is not shaped like a family file (hcp assess).",
    explanation: "`hcp assess` reads family files (docs/assessment-format.md): `reference`, `child`, \
`assessment_date`, `dimensions` and an optional `practitioner` decision. The file is about a real family, \
so messages give positions and never repeat a key or a value from it: an unknown or duplicated key is \
reported where it is, not by what it says (a misspelt key may be a name, a wrongly indented note a \
sentence), with a did-you-mean naming one of the format's own keys, and a data path shows only the \
format's own keys (any other as `…`). `reference`, the one thing hcp prints from the file, must be \
non-empty and on one line, without control characters (C0, DEL, C1), bidi controls or zero-width and \
other format characters (Unicode Cf), which could hide or reorder what a report or a log shows.\n\nFix: \
correct the file at the line and column given.",
    check: None,
};

/// HCP102 family-unknown-dimension.
pub(super) const FAMILY_UNKNOWN_DIMENSION: Rule = Rule {
    code: Code::FamilyUnknownDimension,
    severity: Severity::Error,
    summary: "A family file names a dimension the assessment framework does not have (hcp assess).",
    explanation: "`dimensions` in a family file is keyed by the ids of the 20 Assessment Triangle dimensions. \
An unknown key is most often a typo, and the observations under it would otherwise be lost. The key is \
never shown (a name or a note written as a key would be repeated into reports and logs): the finding gives \
its position, the path `dimensions.…` and the nearest dimension id of the framework.\n\nFix: use \
the dimension id suggested.",
    check: None,
};

/// HCP103 family-unknown-indicator.
pub(super) const FAMILY_UNKNOWN_INDICATOR: Rule = Rule {
    code: Code::FamilyUnknownIndicator,
    severity: Severity::Error,
    summary: "A family file names an unknown indicator, or one that belongs to another dimension (hcp assess).",
    explanation: "Each observed indicator must be an indicator id of the dimension it is listed under. An \
unknown id would silently not count; an indicator under the wrong dimension would be counted in the wrong \
place by the escalation rules. An unknown indicator is never shown (a name or a note typed as one would be \
repeated): the finding gives its position and the nearest indicator id of its dimension; only the \
framework's ids are printed.\n\nFix: use the id suggested, or move it to its own dimension.",
    check: None,
};

/// HCP104 family-invalid-date.
pub(super) const FAMILY_INVALID_DATE: Rule = Rule {
    code: Code::FamilyInvalidDate,
    severity: Severity::Error,
    summary: "A family file's dates or age are malformed, in the future, inconsistent, or outside the programme (hcp assess).",
    explanation: "Dates are YYYY-MM-DD. The child is given by exactly one of `date_of_birth`, `age`, \
`gestation` or `expected_date_of_delivery`. A date of birth in the future, an assessment before birth, or \
a child over 5 years on the assessment date cannot be assessed against the Healthy Child Programme 0-5. \
Messages say what is wrong, never the date or age written (not a letter or a digit of it).\n\n\
Fix: correct the date.",
    check: None,
};

/// HCP105 family-identifying-reference.
pub(super) const FAMILY_IDENTIFYING_REFERENCE: Rule = Rule {
    code: Code::FamilyIdentifyingReference,
    severity: Severity::Error,
    summary: "A family file's `reference` holds an NHS number, or is the file's own `nhs_number` or `name` (hcp assess).",
    explanation: "`reference` is the one identifier hcp prints (reports, caseload summaries, CI logs), so it must be \
pseudonymous. A reference that holds a run of exactly 10 digits (spaces, hyphens, dots or slashes may split it: \
`NHS 943 476 5919`, `HV-9434765919`) with a valid NHS number Modulus 11 check digit, or that is the file's own \
`nhs_number` or `name` (however spaced, hyphenated, dotted, slashed or capitalised), is refused and the family is not assessed; the message \
never repeats the value. Ten digits with a wrong check digit are not an NHS number and are accepted.\n\nFix: use the \
pseudonymous reference your service assigns (such as HV-2026-0042), never an NHS number or a name.",
    check: None,
};

/// HCP106 family-indicator-out-of-range.
pub(super) const FAMILY_INDICATOR_OUT_OF_RANGE: Rule = Rule {
    code: Code::FamilyIndicatorOutOfRange,
    severity: Severity::Error,
    summary: "A family file records an indicator outside the ages it applies to (hcp assess).",
    explanation: "Some indicators of the assessment framework apply only at some points of the child's life: \
before birth (`health.pregnancy-progressing-well`), after birth, or in the first weeks \
(`health.weight-more-than-10-percent-below-birth-weight`); the framework gives each such indicator an \
`applies` range. An indicator recorded outside its range is a slip (the wrong child's record, the wrong \
date of birth, or the wrong indicator ticked), and scoring it would rest the suggested band on an \
observation that cannot be right, so the family is not assessed. The finding gives the position, the \
framework's id and range, never the child's age, date of birth or gestation. The check needs the child's \
point on the timeline; a file that does not give it is already refused (HCP104), so an indicator is never \
accepted unchecked.\n\nFix: correct the child's date of birth, age or gestation, or the assessment date, \
or record the indicator of that dimension that fits the child's age.",
    check: None,
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_nhs_number_is_kept_only_as_a_redacted_scalar() {
        #[derive(serde::Deserialize)]
        struct T {
            v: RedactedIdentifier,
        }
        let read = |v: &str| {
            let t: T = crate::load::yaml::from_str_redacted(&format!("v: {v}\n")).expect("reads");
            assert_eq!(format!("{:?}", t.v), "[redacted]");
            t.v.compare_only().map(String::from)
        };
        assert_eq!(read("\"999 000 0000\"").as_deref(), Some("999 000 0000"));
        assert_eq!(read("943 476 5919").as_deref(), Some("943 476 5919"));
        assert_eq!(read("9434765919").as_deref(), Some("9434765919"));
        // A leading zero makes the parser read a float; the digits survive.
        assert_eq!(read("0123456780").as_deref(), Some("123456780"));
        assert_eq!(read("[943 476 5919]"), None);
        assert_eq!(read("{a: 943 476 5919}"), None);
        assert_eq!(read("true"), None);
        assert_eq!(read("~"), None);
    }

    /// An age or gestation that cannot be read is refused with the reason, never the value: not a
    /// letter of it, not its digits (an NHS number typed as an age), not the day it came to.
    #[test]
    fn age_reasons_never_repeat_the_written_value() {
        for (text, gestation, want) in [
            ("smith", false, "not a unit"),
            ("Jane Smith", false, "not a unit"),
            ("9434765919", false, "has no unit"),
            ("943 476 5919", false, "without spaces"),
            ("18 months", false, "without spaces"),
            ("q5", false, "not a unit"),
            ("y5", false, "has no number before it"),
            ("-3y", false, "cannot be negative"),
            ("6y", false, "ends at 5 years (day 1826)"),
            ("99999d", false, "ends at 5 years (day 1826)"),
            ("9434765919d", false, "too large"),
            ("", false, "empty"),
            ("2m2y", false, "in the order"),
            ("smith", true, "not a unit"),
            ("9434765919", true, "add w"),
            ("43w", true, "between 0 and 42 weeks"),
            ("1y", true, "weeks and days"),
        ] {
            let e = if gestation {
                age::parse_gestation_days(text).map(|_| ())
            } else {
                age::parse_programme_age(text).map(|_| ())
            }
            .expect_err(text);
            let reason = without_input(&e);
            assert!(reason.contains(want), "{text}: {reason}");
            assert!(!reason.contains('`'), "{text}: {reason}");
            for written in ["smith", "Smith", "9434765919", "5919", "99999", "q"] {
                assert!(!reason.contains(written), "{text}: {reason}");
            }
        }
    }
}

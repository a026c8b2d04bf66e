//! Family files: the pseudonymous Assessment Triangle inputs `hcp assess` scores.
//!
//! Privacy: only `reference` identifies a family in anything hcp prints. `name`, `nhs_number` and
//! `notes` are accepted (they may come from a clinical system export) but are never printed, and
//! findings about family files carry positions, not values.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Deserializer};

use crate::age::{self, Point};
use crate::assess::{Framework, Observations};
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::model::Level;
use crate::yaml::{self, Spanned, YamlErrorKind, position};

/// A value that is read but never shown (its `Debug` is redacted too).
#[derive(Clone, Default)]
pub struct Redacted(());

impl fmt::Debug for Redacted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl JsonSchema for Redacted {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Redacted".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "Accepted but never printed by hcp (identifiers and free text about the family)."
        })
    }
}

impl<'de> Deserialize<'de> for Redacted {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Redacted(()))
    }
}

/// A family file as written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FamilyFile {
    /// Pseudonymous reference: the only identifier hcp prints.
    #[schemars(with = "String")]
    pub reference: Spanned<String>,
    /// Never printed.
    #[serde(default)]
    pub name: Option<Redacted>,
    /// Never printed.
    #[serde(default)]
    pub nhs_number: Option<Redacted>,
    /// The child (or the pregnancy).
    #[schemars(with = "Child")]
    pub child: Spanned<Child>,
    /// The date of the assessment (YYYY-MM-DD).
    #[schemars(with = "String")]
    pub assessment_date: Spanned<String>,
    /// Observations by dimension id.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Observed>")]
    pub dimensions: HashMap<Spanned<String>, Spanned<Observed>>,
    /// The practitioner's own decision.
    #[serde(default)]
    pub practitioner: Option<Practitioner>,
}

/// How old the child is: one of the four ways.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Child {
    /// Date of birth (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub date_of_birth: Option<Spanned<String>>,
    /// Age on the assessment date (`2y`, `7w`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub age: Option<Spanned<String>>,
    /// Weeks of pregnancy on the assessment date (`30w`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub gestation: Option<Spanned<String>>,
    /// Expected date of delivery (YYYY-MM-DD).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub expected_date_of_delivery: Option<Spanned<String>>,
}

/// What was observed for one dimension.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Observed {
    /// Indicator ids.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub indicators: Vec<Spanned<String>>,
    /// Never printed.
    #[serde(default)]
    pub notes: Option<Redacted>,
}

/// The practitioner's decision.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Practitioner {
    /// The band decided.
    #[schemars(with = "Level")]
    pub band: Spanned<Level>,
    /// Why (shown only in the single-family report, never in caseload summaries).
    #[serde(default)]
    pub rationale: Option<String>,
}

/// A family file checked against the framework, ready to score.
#[derive(Debug, Clone)]
pub struct Family {
    /// Pseudonymous reference.
    pub reference: String,
    /// The assessment date.
    pub assessment_date: jiff::civil::Date,
    /// Where the child is on the timeline on the assessment date.
    pub at: Point,
    /// Observations.
    pub observations: Observations,
    /// The practitioner's decision, if recorded.
    pub practitioner: Option<(Level, Option<String>)>,
}

/// Codes of family-file findings (see the rule registry).
pub mod codes {
    /// The file is not a well-formed family file.
    pub const INVALID: &str = "HCP101";
    /// A dimension id that does not exist.
    pub const UNKNOWN_DIMENSION: &str = "HCP102";
    /// An indicator id that does not exist, or belongs to another dimension.
    pub const UNKNOWN_INDICATOR: &str = "HCP103";
    /// A date or age that is malformed, inconsistent or outside the programme.
    pub const INVALID_DATE: &str = "HCP104";
}

struct Findings<'a> {
    file: &'a str,
    out: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn at<T>(
        &mut self,
        code: &'static str,
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

/// Whether a value has the shape of an indicator or dimension id (safe to print).
fn looks_like_id(text: &str) -> bool {
    // Ids are plain key names joined by dots (`health.developmental-delay`).
    text.len() <= 80 && text.split('.').all(yaml::is_plain_key)
}

fn parse_date(v: &Spanned<String>) -> Result<jiff::civil::Date, String> {
    v.value
        .trim()
        .parse::<jiff::civil::Date>()
        .map_err(|_| "is not a valid date; write it as YYYY-MM-DD, e.g. 2026-11-25".to_string())
}

fn days_between(from: jiff::civil::Date, to: jiff::civil::Date) -> i64 {
    to.duration_since(from).as_secs() / 86_400
}

/// Parse and check a family file. `display` names it in findings; `today` guards against future
/// dates of birth and assessments.
pub fn load(
    display: &str,
    text: &str,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<Family, Vec<Diagnostic>> {
    let mut f = Findings {
        file: display,
        out: Vec::new(),
    };
    let file: FamilyFile = match yaml::from_str_redacted(text) {
        Ok(file) => file,
        Err(err) => {
            let help = err.unknown.as_ref().and_then(|(input, expected)| {
                did_you_mean(input, expected.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
            });
            let message = match err.kind {
                YamlErrorKind::Syntax => format!("not well-formed YAML: {}", err.message),
                YamlErrorKind::Shape => format!("not a family file: {}", err.message),
                // Budget messages already say what was too big and the limit.
                YamlErrorKind::Budget => format!("refused: {}", err.message),
            };
            return Err(vec![Diagnostic {
                code: codes::INVALID,
                severity: Severity::Error,
                file: display.to_string(),
                line: err.line,
                column: err.column,
                path: if err.line > 0 {
                    yaml::path_at_line_redacted(text, err.line)
                } else {
                    String::new()
                },
                message,
                help,
            }]);
        }
    };

    let reference = file.reference.value.trim();
    if reference.is_empty() || reference.chars().any(char::is_control) {
        f.at(
            codes::INVALID,
            &file.reference,
            "reference".into(),
            "`reference` must be a non-empty pseudonymous reference on one line, without control characters".into(),
            None,
        );
    }
    let assessment_date = match parse_date(&file.assessment_date) {
        Ok(d) => Some(d),
        Err(e) => {
            f.at(
                codes::INVALID_DATE,
                &file.assessment_date,
                "assessment_date".into(),
                format!("`assessment_date` {e}"),
                None,
            );
            None
        }
    };
    if let Some(d) = assessment_date
        && d > today
    {
        f.at(
            codes::INVALID_DATE,
            &file.assessment_date,
            "assessment_date".into(),
            "`assessment_date` is in the future".into(),
            None,
        );
    }
    let at = assessment_date.and_then(|date| child_point(&mut f, &file.child, date, today));
    if assessment_date.is_some() && at.is_none() && f.out.is_empty() {
        f.at(
            codes::INVALID_DATE,
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
        let dim_id = &key.value;
        let Some(dim) = framework.dimension(dim_id) else {
            f.at(
                codes::UNKNOWN_DIMENSION,
                key,
                format!("dimensions.{dim_id}"),
                format!("unknown dimension `{dim_id}`"),
                did_you_mean(dim_id, framework.dimensions.iter().map(|d| d.id.as_str()))
                    .map(|s| format!("did you mean `{s}`?")),
            );
            continue;
        };
        let set = observations.entry(dim.id.clone()).or_default();
        for (j, ind) in observed.value.indicators.iter().enumerate() {
            let path = format!("dimensions.{dim_id}.indicators[{j}]");
            match framework.indicator(&ind.value) {
                Some((owner, _)) if owner.id == dim.id => {
                    set.insert(ind.value.clone());
                }
                Some((owner, _)) => f.at(
                    codes::UNKNOWN_INDICATOR,
                    ind,
                    path,
                    format!(
                        "indicator `{}` belongs to dimension `{}`, not `{dim_id}`",
                        ind.value, owner.id
                    ),
                    Some(format!("move it under `{}`", owner.id)),
                ),
                None => f.at(
                    codes::UNKNOWN_INDICATOR,
                    ind,
                    path,
                    // Only echo what looks like an id: free text typed here may identify someone.
                    if looks_like_id(&ind.value) {
                        format!("unknown indicator `{}` in dimension `{dim_id}`", ind.value)
                    } else {
                        format!("unknown indicator in dimension `{dim_id}` (not shown: it is not an indicator id)")
                    },
                    did_you_mean(&ind.value, dim.indicators.iter().map(|i| i.id.as_str()))
                        .map(|s| format!("did you mean `{s}`?")),
                ),
            }
        }
        if set.is_empty() {
            observations.remove(&dim.id);
        }
    }

    match (assessment_date, at) {
        (Some(assessment_date), Some(at)) if f.out.is_empty() => Ok(Family {
            reference: file.reference.value.clone(),
            assessment_date,
            at,
            observations,
            practitioner: file.practitioner.map(|p| (p.band.value, p.rationale)),
        }),
        _ => Err(f.out),
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
        f.at(codes::INVALID_DATE, child, "child".into(), "`child` gives more than one of `date_of_birth`, `age`, `gestation`, `expected_date_of_delivery`; give exactly one".into(), None);
        return None;
    }
    if let Some(dob) = &c.date_of_birth {
        let birth = match parse_date(dob) {
            Ok(b) => b,
            Err(e) => {
                f.at(
                    codes::INVALID_DATE,
                    dob,
                    "child.date_of_birth".into(),
                    format!("`date_of_birth` {e}"),
                    None,
                );
                return None;
            }
        };
        if birth > today {
            f.at(codes::INVALID_DATE, dob, "child.date_of_birth".into(), "`date_of_birth` is in the future; before birth use `expected_date_of_delivery` or `gestation`".into(), None);
            return None;
        }
        let days = days_between(birth, date);
        if days < 0 {
            f.at(
                codes::INVALID_DATE,
                dob,
                "child.date_of_birth".into(),
                "the assessment date is before the date of birth".into(),
                None,
            );
            return None;
        }
        if days > i64::from(age::PROGRAMME_END_DAYS) {
            f.at(codes::INVALID_DATE, dob, "child.date_of_birth".into(), format!("the child is {} on the assessment date; the Healthy Child Programme 0-5 ends at 5 years", age::format_age_days(u32::try_from(days).unwrap_or(u32::MAX))), None);
            return None;
        }
        return u32::try_from(days).ok().map(Point::Postnatal);
    }
    if let Some(a) = &c.age {
        return match age::parse_programme_age(&a.value) {
            Ok(days) => Some(Point::Postnatal(days)),
            Err(e) => {
                f.at(
                    codes::INVALID_DATE,
                    a,
                    "child.age".into(),
                    format!("`age` cannot be read: {e}"),
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
                    codes::INVALID_DATE,
                    g,
                    "child.gestation".into(),
                    format!("`gestation` cannot be read: {e}"),
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
                    codes::INVALID_DATE,
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
            f.at(codes::INVALID_DATE, edd, "child.expected_date_of_delivery".into(), "the expected date of delivery puts the assessment date outside pregnancy (0 to 42 weeks)".into(), None);
            return None;
        }
        return u32::try_from(gestation).ok().map(Point::Gestation);
    }
    None
}

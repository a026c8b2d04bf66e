//! What the mapping of a QuestionnaireResponse shares: hcp's fixed linkIds ([`link`]), the
//! elements an answer may have, and the [`Walk`] that gathers the family file, the findings and
//! where each value came from.

use std::collections::HashMap;

use super::{Json, invalid};
use crate::model::Level;
use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::family::FamilyFile;
use crate::model::span::Spanned;

/// The linkIds of hcp's Questionnaire besides the framework's domain, dimension and indicator
/// ids (which are the framework's own).
pub mod link {
    /// The assessment date (`valueDate`), required.
    pub const ASSESSMENT_DATE: &str = "assessment-date";
    /// The group of the four ways to give the child's age; exactly one is answered.
    pub const CHILD: &str = "child";
    /// The date of birth (`valueDate`).
    pub const DATE_OF_BIRTH: &str = "child-date-of-birth";
    /// The age on the assessment date (`valueString`: `2y`, `7w`).
    pub const AGE: &str = "child-age";
    /// Weeks of pregnancy on the assessment date (`valueString`: `30w`).
    pub const GESTATION: &str = "child-gestation";
    /// The expected date of delivery (`valueDate`).
    pub const EXPECTED_DATE_OF_DELIVERY: &str = "child-expected-date-of-delivery";
    /// The group of the practitioner's decision.
    pub const PRACTITIONER: &str = "practitioner";
    /// The band the practitioner decided (`valueCoding` in hcp's level CodeSystem).
    pub const PRACTITIONER_BAND: &str = "practitioner-band";
    /// Why (`valueString`).
    pub const PRACTITIONER_RATIONALE: &str = "practitioner-rationale";
}

/// The elements of an answer besides its `value[x]`.
pub(super) const ANSWER_KEYS: [&str; 4] = ["id", "extension", "modifierExtension", "item"];

pub(super) struct Walk<'a> {
    pub(super) display: &'a str,
    pub(super) findings: Vec<Diagnostic>,
    pub(super) places: Vec<String>,
    /// linkIds met, with where.
    pub(super) seen: HashMap<String, String>,
    pub(super) file: FamilyFile,
    /// Where the first of the child's items is.
    pub(super) child_at: Option<String>,
    /// The practitioner's band, and the rationale with where it is.
    pub(super) band: Option<Spanned<Level>>,
    pub(super) rationale: Option<(String, String)>,
}

impl Walk<'_> {
    pub(super) fn refuse(
        &mut self,
        code: Code,
        path: &str,
        message: impl Into<String>,
        help: Option<String>,
    ) {
        let mut d = invalid(self.display, 0, 0, path.to_string(), message.into());
        d.code = code;
        d.severity = Severity::Error;
        d.help = help;
        self.findings.push(d);
    }

    /// A value placed at `path`, for `check::family` to find it by.
    pub(super) fn place<T>(&mut self, value: T, path: String) -> Spanned<T> {
        self.places.push(path);
        Spanned {
            value,
            line: u32::try_from(self.places.len()).unwrap_or(u32::MAX),
            column: 0,
        }
    }

    /// Refuse keys that are not elements of `keys` (a `_` before an element's name is FHIR's
    /// extension of a primitive, accepted and not read), and a modifier.
    pub(super) fn keys(
        &mut self,
        object: &[(String, Json)],
        path: &str,
        keys: &[&str],
        value_x: bool,
    ) {
        for (key, value) in object {
            let name = key.strip_prefix('_').unwrap_or(key);
            let known = keys.contains(&name) || (value_x && name.starts_with("value"));
            let at = join(path, key);
            if !known {
                self.refuse(
                    Code::FamilyFileInvalid,
                    path,
                    "a key that is not an element of a FHIR R4 QuestionnaireResponse here (not shown)",
                    did_you_mean(key, keys.iter().copied()).map(|s| format!("did you mean `{s}`?")),
                );
            } else if (name == "modifierExtension" && *value != Json::Array(Vec::new()))
                || name == "implicitRules"
            {
                self.refuse(
                    Code::FamilyFileInvalid,
                    &at,
                    format!("`{name}` may change what the response means, and hcp does not read it; the response is not assessed"),
                    None,
                );
            }
        }
    }
}

pub(super) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

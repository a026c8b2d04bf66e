//! Reading a FHIR R4 QuestionnaireResponse that answers hcp's Assessment Triangle Questionnaire
//! (`hcp export fhir`), for `hcp assess --from-fhir`: the file read like a family file (a regular
//! file, up to [`FHIR_RESPONSE_LIMITS`]), parsed as strict JSON (a key given twice in one object
//! is refused: with most readers the last one silently wins, and an answer could flip), then
//! mapped onto the [`FamilyFile`] a YAML family file gives (`map.rs`), so that `check::family`
//! checks it and `answer::assess` scores it exactly as it would the YAML.
//!
//! Privacy, as for family files: findings carry a JSON path made of FHIR's own element names and
//! indices (`item[2].item[0].answer[0]`), never a key or a value the resource wrote. The
//! pseudonymous reference hcp prints is `QuestionnaireResponse.identifier.value`, checked like a
//! family file's `reference` (HCP101, HCP105: also against `subject.identifier.value` and
//! `subject.display`); a response without it is refused. `subject`, `author`, `text`, `contained`
//! and the items' `text` are never read into anything printed. docs/fhir.md, "The other
//! direction".

mod answer;
mod map;
mod walk;

use std::path::Path;

use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};

use super::Links;
use crate::load::yaml::Limits;
use crate::model::diagnostic::{Code, Diagnostic, Severity};
use crate::model::family::FamilyFile;

pub use walk::link;

/// The id of hcp's Assessment Triangle Questionnaire; a response's `questionnaire` must be its
/// canonical URL (under any base, with or without `|version`).
pub const QUESTIONNAIRE_ID: &str = "hcp-assessment-triangle";

/// QuestionnaireResponses. Every indicator of the framework answered, with the items' text, is
/// about 40 KiB; only `bytes` applies (JSON has no anchors or aliases, and serde_json refuses
/// nesting deeper than 128 levels); `depth` is the deepest `item` nesting read.
pub const FHIR_RESPONSE_LIMITS: Limits = Limits {
    kind: "FHIR QuestionnaireResponse",
    bytes: 256 * 1024,
    depth: 4,
    nodes: 0,
    events: 0,
    aliases: 0,
    replayed: 0,
};

/// A QuestionnaireResponse read as a family file: the [`FamilyFile`], and the JSON path of each
/// value in it. A value's `line` is its place in `places` plus one (its `column` is 0), so a
/// finding `check::family` makes about it is put back at its JSON path by [`relocate`].
#[derive(Debug, Clone)]
pub struct Response {
    /// The family file the response amounts to.
    pub file: FamilyFile,
    /// JSON paths, by `line - 1`.
    pub places: Vec<String>,
}

/// Read and map the QuestionnaireResponse at `path`, named `display` in findings.
pub fn read(path: &Path, display: &str) -> Result<Response, Vec<Diagnostic>> {
    let text = super::read_text(path, &FHIR_RESPONSE_LIMITS, Links::Follow).map_err(|reason| {
        vec![invalid(
            display,
            0,
            0,
            String::new(),
            format!("cannot read this file: it {reason}"),
        )]
    })?;
    parse(display, &text)
}

/// Parse and map a QuestionnaireResponse's text, named `display` in findings.
pub fn parse(display: &str, text: &str) -> Result<Response, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let json: Json = serde_json::from_str(text).map_err(|e| {
        // serde_json's own words name what it expected, never the text it read; the position is
        // given apart.
        let words = e.to_string();
        let words = words
            .split(" at line ")
            .next()
            .unwrap_or("not well-formed")
            .to_string();
        vec![invalid(
            display,
            e.line() as u64,
            e.column() as u64,
            String::new(),
            format!("not well-formed JSON: {words}"),
        )]
    })?;
    map::response(display, &json)
}

/// Put findings `check::family` made about a mapped response back where the response has the
/// value (its JSON path, no line or column), in the response's own words: the family file's keys
/// they name become the linkIds and elements that carry them.
pub fn relocate(findings: &mut [Diagnostic], places: &[String]) {
    for d in findings {
        if let Some(place) = usize::try_from(d.line)
            .ok()
            .and_then(|l| l.checked_sub(1))
            .and_then(|i| places.get(i))
        {
            d.path = place.clone();
            d.line = 0;
            d.column = 0;
        }
        d.message = fhir_words(&d.message);
        d.help = d.help.as_deref().map(fhir_words);
    }
}

/// A family file's keys, as findings quote them, and what carries each in a response.
const WORDS: [(&str, &str); 8] = [
    ("`reference`", "`identifier.value`"),
    ("`nhs_number`", "`subject.identifier.value`"),
    ("`name`", "`subject.display`"),
    ("`assessment_date`", "the `assessment-date` answer"),
    ("`date_of_birth`", "the `child-date-of-birth` answer"),
    ("`age`", "the `child-age` answer"),
    ("`gestation`", "the `child-gestation` answer"),
    (
        "`expected_date_of_delivery`",
        "the `child-expected-date-of-delivery` answer",
    ),
];

fn fhir_words(text: &str) -> String {
    let mut out = text.to_string();
    for (yaml, fhir) in WORDS {
        out = out.replace(yaml, fhir);
    }
    out
}

fn invalid(display: &str, line: u64, column: u64, path: String, message: String) -> Diagnostic {
    Diagnostic {
        code: Code::FamilyFileInvalid,
        severity: Severity::Error,
        file: display.to_string(),
        line,
        column,
        path,
        message,
        help: None,
    }
}

/// A JSON value as hcp reads one: objects keep their keys in order and refuse a key given twice;
/// numbers are not kept (no element hcp reads is a number).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Number,
    String(String),
    Array(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Object(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(s) => Some(s),
            _ => None,
        }
    }

    /// What kind of JSON value it is, for messages (never the value).
    fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "a boolean",
            Json::Number => "a number",
            Json::String(_) => "a string",
            Json::Array(_) => "an array",
            Json::Object(_) => "an object",
        }
    }
}

impl<'de> Deserialize<'de> for Json {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Json;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_unit<E>(self) -> Result<Json, E> {
                Ok(Json::Null)
            }
            fn visit_bool<E>(self, v: bool) -> Result<Json, E> {
                Ok(Json::Bool(v))
            }
            fn visit_i64<E>(self, _: i64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Json, E> {
                Ok(Json::Number)
            }
            fn visit_str<E>(self, v: &str) -> Result<Json, E> {
                Ok(Json::String(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<Json, E> {
                Ok(Json::String(v))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Json::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json, A::Error> {
                let mut entries: Vec<(String, Json)> = Vec::new();
                while let Some(key) = map.next_key::<String>()? {
                    if entries.iter().any(|(k, _)| *k == key) {
                        // Not the key: it is the resource's text.
                        return Err(de::Error::custom(
                            "a key is given twice in one object (not shown)",
                        ));
                    }
                    let value = map.next_value()?;
                    entries.push((key, value));
                }
                Ok(Json::Object(entries))
            }
        }
        deserializer.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_given_twice_is_refused_where_it_stands_and_not_named() {
        let text = "{\"resourceType\": \"QuestionnaireResponse\",\n \"status\": \"completed\",\n \"status\": \"in-progress\"}";
        let findings = parse("r.json", text).unwrap_err();
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].line, 3);
        assert!(findings[0].message.contains("given twice"), "{findings:?}");
        assert!(!findings[0].message.contains("status"), "{findings:?}");
    }

    #[test]
    fn json_errors_never_repeat_the_text() {
        for text in ["{\"a\": Jane Smith}", "[9434765919", "\"Jane", "{\"x\" 1}"] {
            let findings = parse("r.json", text).unwrap_err();
            let message = &findings[0].message;
            assert!(message.starts_with("not well-formed JSON"), "{message}");
            for part in ["Jane", "Smith", "9434765919"] {
                assert!(!message.contains(part), "{text}: {message}");
            }
        }
        // A byte order mark is not part of the document.
        let findings = parse("r.json", "\u{feff}{\"resourceType\": \"Patient\"}").unwrap_err();
        assert_eq!(findings[0].path, "resourceType");
    }

    #[test]
    fn findings_are_put_back_at_their_json_path_in_the_responses_words() {
        let mut findings = vec![Diagnostic {
            code: Code::FamilyInvalidDate,
            severity: Severity::Error,
            file: "r.json".into(),
            line: 2,
            column: 0,
            path: "child.date_of_birth".into(),
            message: "`date_of_birth` is in the future; before birth use `expected_date_of_delivery` or `gestation`".into(),
            help: None,
        }];
        relocate(
            &mut findings,
            &[
                "identifier.value".into(),
                "item[1].item[0].answer[0].valueDate".into(),
            ],
        );
        assert_eq!(findings[0].path, "item[1].item[0].answer[0].valueDate");
        assert_eq!((findings[0].line, findings[0].column), (0, 0));
        assert_eq!(
            findings[0].message,
            "the `child-date-of-birth` answer is in the future; before birth use the `child-expected-date-of-delivery` answer or the `child-gestation` answer"
        );
    }
}

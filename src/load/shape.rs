//! Every structural mistake of a file, each where it stands: a file that does not deserialize is
//! checked against its kind's JSON Schema (the one `hcp schema` prints and editors use), so five
//! independent mistakes give five findings, not the first one only. Only files that failed to
//! deserialize are checked this way, so a valid set pays nothing for it.

use std::sync::OnceLock;

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{ValidationError, Validator};
use serde_json::Value;

use super::yaml;
use super::yaml_tree::Located;
use crate::model::age::{POINT_PATTERN_MESSAGE, Point, point_refused};
use crate::model::schema::{SchemaKind, input_schema};

/// One structural mistake.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// 1-based line.
    pub line: u64,
    /// 1-based column.
    pub column: u64,
    /// The data path (`interventions[3].lead`).
    pub path: String,
    /// What is wrong, in words.
    pub message: String,
    /// The value or key written, and what could have been meant (for a did-you-mean).
    pub unknown: Option<(String, Vec<String>)>,
    /// How to put it right, from the schema (`patternErrorMessage`), when it says.
    pub hint: Option<String>,
}

/// Every way `text`, a file of `kind` (pathway, catalogue or assessment), departs from its schema,
/// in file order. Empty when it is not well-formed YAML within the budgets, or fits the schema
/// (the caller then has only the deserializer's error).
pub fn violations(kind: SchemaKind, text: &str) -> Vec<Violation> {
    check(kind, text, false)
}

/// As [`violations`], for a family file: no message, path or did-you-mean repeats anything the
/// file wrote (a key or a value may be a name or a note); the path shows only the format's own
/// keys (`yaml::path_at_line_redacted`).
pub fn violations_redacted(text: &str) -> Vec<Violation> {
    let mut found = check(SchemaKind::Family, text, true);
    for v in &mut found {
        v.path = yaml::path_at_line_redacted(text, v.line);
    }
    found
}

/// Whether the parser's error is said better by a violation: a missing key the schema names
/// where the mapping starts (the parser names the key after it).
pub fn parser_error_is_covered(message: &str, violations: &[Violation]) -> bool {
    message.starts_with("missing required key") && violations.iter().any(|v| v.message == message)
}

/// Where the parser's error goes, beside the violations ([`merge`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParserError {
    /// Left out: a violation says it better ([`parser_error_is_covered`]).
    Covered,
    /// Reported at this line and column (its own, or that of the violation it replaces: the
    /// parser may name the key where the schema names the value).
    At(u64, u64),
}

/// What the schema check and the parser found together: every violation, except that the
/// parser's error, said in hcp's own words (an age's unit, a window's order), replaces the
/// violation at its position (or the first after it on its line). Returns where the parser's
/// error goes, and the violations to report beside it.
pub fn merge(
    parser: (u64, u64, &str),
    mut violations: Vec<Violation>,
) -> (ParserError, Vec<Violation>) {
    let (line, column, message) = parser;
    if parser_error_is_covered(message, &violations) {
        return (ParserError::Covered, violations);
    }
    let replaced = violations
        .iter()
        .position(|v| (v.line, v.column) == (line, column))
        .or_else(|| {
            violations
                .iter()
                .position(|v| v.line == line && v.column > column)
        });
    match replaced {
        Some(i) => {
            let v = violations.remove(i);
            // Every violation at that same position goes with it.
            violations.retain(|o| (o.line, o.column) != (v.line, v.column));
            (ParserError::At(v.line, v.column), violations)
        }
        None => (ParserError::At(line, column), violations),
    }
}

struct Cx<'a> {
    schema: &'a Value,
    at: &'a Located,
    redact: bool,
}

impl Cx<'_> {
    /// A value as a finding quotes it: text in backticks (shortened), anything else by its
    /// kind; in a family file, never the value.
    fn shown(&self, value: &Value) -> String {
        match value {
            _ if self.redact => "the value".to_string(),
            Value::String(s) => {
                let short: String = s.chars().take(60).collect();
                let more = if short.len() < s.len() { "…" } else { "" };
                format!("`{short}{more}`")
            }
            other => found(other).to_string(),
        }
    }
}

fn check(kind: SchemaKind, text: &str, redact: bool) -> Vec<Violation> {
    let Some((validator, schema)) = validator(kind) else {
        return Vec::new();
    };
    let located = if redact {
        yaml::locate_redacted(text)
    } else {
        yaml::locate(text)
    };
    let Some(located) = located else {
        return Vec::new();
    };
    let cx = Cx {
        schema,
        at: &located,
        redact,
    };
    let mut out = Vec::new();
    for error in validator.iter_errors(&located.value) {
        describe(&error.to_owned(), &cx, &mut out);
    }
    out.sort_by(|a, b| (a.line, a.column, &a.message).cmp(&(b.line, b.column, &b.message)));
    out.dedup();
    out
}

/// The compiled validator and schema of an input kind, made once.
fn validator(kind: SchemaKind) -> Option<&'static (Validator, Value)> {
    static PATHWAY: OnceLock<Option<(Validator, Value)>> = OnceLock::new();
    static CATALOGUE: OnceLock<Option<(Validator, Value)>> = OnceLock::new();
    static ASSESSMENT: OnceLock<Option<(Validator, Value)>> = OnceLock::new();
    static FAMILY: OnceLock<Option<(Validator, Value)>> = OnceLock::new();
    let cell = match kind {
        SchemaKind::Pathway => &PATHWAY,
        SchemaKind::Catalogue => &CATALOGUE,
        SchemaKind::Assessment => &ASSESSMENT,
        SchemaKind::Family => &FAMILY,
        _ => return None,
    };
    cell.get_or_init(|| {
        let schema = serde_json::to_value(input_schema(kind)?).ok()?;
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .should_validate_formats(true)
            .build(&schema)
            .ok()?;
        Some((validator, schema))
    })
    .as_ref()
}

fn describe(error: &ValidationError<'static>, cx: &Cx<'_>, out: &mut Vec<Violation>) {
    let (schema, at) = (cx.schema, cx.at);
    let pointer = error.instance_path().as_str();
    let here = |message: String| {
        let (line, column) = at.value_at(pointer);
        Violation {
            line,
            column,
            path: at.data_path(pointer),
            message,
            unknown: None,
            hint: None,
        }
    };
    match error.kind() {
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            let known = keys_allowed(schema, error.schema_path().as_str());
            for key in unexpected {
                let child = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                let (line, column) = at.key_at(&child);
                out.push(Violation {
                    line,
                    column,
                    path: at.data_path(&child),
                    message: match cx.redact {
                        false => format!("unknown key `{key}`"),
                        true if yaml::is_plain_key(key) => "an unknown key (not shown)".to_string(),
                        true => {
                            "an unknown key (not shown; is a note indented wrongly?)".to_string()
                        }
                    },
                    // Only a key shaped like the format's own gets a did-you-mean, which
                    // prints only the format's name.
                    unknown: (!cx.redact || yaml::is_plain_key(key))
                        .then(|| (key.clone(), known.clone())),
                    hint: None,
                });
            }
        }
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            out.push(here(format!("missing required key `{name}`")));
        }
        // A list of allowed words says it better, and is reported beside (its `enum`).
        ValidationErrorKind::Type { .. }
            if schema_at(schema, parent(error.schema_path().as_str()))
                .is_some_and(|s| s.get("enum").is_some() || s.get("const").is_some()) => {}
        ValidationErrorKind::Type { kind } => {
            out.push(here(format!(
                "wrong type: found {}, expected {}",
                found(error.instance()),
                expected(kind)
            )));
        }
        ValidationErrorKind::Enum { options } => {
            let options = strings(options);
            out.push(unknown_value(cx, here, error.instance(), options));
        }
        ValidationErrorKind::Constant { expected_value } => {
            let options = strings(&Value::Array(vec![(**expected_value).clone()]));
            out.push(unknown_value(cx, here, error.instance(), options));
        }
        // A timeline point: hcp's own parser says why, as it does for the first mistake (the
        // schema's pattern is written from the same forms), with the one spelling data uses.
        ValidationErrorKind::Pattern { .. }
            if !cx.redact
                && schema_at(schema, parent(error.schema_path().as_str()))
                    .and_then(|s| s.get("patternErrorMessage"))
                    .is_some_and(|m| m == POINT_PATTERN_MESSAGE) =>
        {
            let text = error.instance().as_str().unwrap_or_default();
            let message = match Point::parse(text) {
                Err(e) => point_refused(text, &e),
                Ok(_) => format!("{} is not in the expected form", cx.shown(error.instance())),
            };
            out.push(here(message));
        }
        ValidationErrorKind::Pattern { .. } => {
            let mut v = here(format!(
                "{} is not in the expected form",
                cx.shown(error.instance())
            ));
            v.hint = schema_at(schema, parent(error.schema_path().as_str())).and_then(form_hint);
            out.push(v);
        }
        ValidationErrorKind::Format { format } if format == "date" => {
            out.push(here(format!(
                "{} is not a calendar date (expected YYYY-MM-DD)",
                cx.shown(error.instance())
            )));
        }
        ValidationErrorKind::MinLength { .. } => {
            out.push(here("empty text where text is required".to_string()));
        }
        ValidationErrorKind::MinItems { limit } => {
            out.push(here(format!("the list needs at least {limit} item(s)")));
        }
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            one_of(error, context, cx, out);
        }
        _ if cx.redact => out.push(here("invalid value here".to_string())),
        _ => out.push(here(format!("does not fit the file format: {error}"))),
    }
}

/// A value that none of the alternatives accept: when every alternative is one allowed word, the
/// words; otherwise the mistakes of the alternative that came closest (the one whose mistakes lie
/// deepest, then the fewest of them), ignoring alternatives of another type altogether.
fn one_of(
    error: &ValidationError<'static>,
    context: &[Vec<ValidationError<'static>>],
    cx: &Cx<'_>,
    out: &mut Vec<Violation>,
) {
    let at = cx.at;
    let pointer = error.instance_path().as_str();
    // Each alternative one allowed word (a `const` or an `enum`, whose other mistake can only be
    // the type): the words.
    let words_of = |branch: &Vec<ValidationError<'static>>| {
        let mut words = Vec::new();
        for e in branch {
            if e.instance_path().as_str() != pointer {
                return None;
            }
            match e.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    words.extend(strings(&Value::Array(vec![(**expected_value).clone()])));
                }
                ValidationErrorKind::Enum { options } => words.extend(strings(options)),
                ValidationErrorKind::Type { .. } => {}
                _ => return None,
            }
        }
        (!words.is_empty()).then_some(words)
    };
    let of_another_type = |branch: &Vec<ValidationError<'static>>| {
        matches!(branch.as_slice(), [e] if e.instance_path().as_str() == pointer
            && matches!(e.kind(), ValidationErrorKind::Type { .. }))
    };
    // Alternatives of another type altogether (the `null` of an optional field) add no words.
    let words: Option<Vec<String>> = context
        .iter()
        .filter(|b| !of_another_type(b))
        .map(words_of)
        .collect::<Option<Vec<_>>>()
        .map(|lists| lists.concat())
        .filter(|w| !w.is_empty());
    let (line, column) = at.value_at(pointer);
    let here = |message: String| Violation {
        line,
        column,
        path: at.data_path(pointer),
        message,
        unknown: None,
        hint: None,
    };
    if let Some(words) = words {
        out.push(unknown_value(cx, here, error.instance(), words));
        return;
    }
    let closest = context
        .iter()
        .filter(|b| !b.is_empty() && !of_another_type(b))
        .max_by_key(|b| {
            let depth = b
                .iter()
                .map(|e| e.instance_path().as_str().matches('/').count())
                .max()
                .unwrap_or(0);
            (depth, usize::MAX - b.len())
        });
    match closest {
        Some(branch) => {
            for e in branch {
                describe(e, cx, out);
            }
        }
        None => {
            let types: Vec<String> = context
                .iter()
                .filter_map(|b| match b.as_slice() {
                    [e] => match e.kind() {
                        ValidationErrorKind::Type { kind } => Some(expected(kind)),
                        _ => None,
                    },
                    _ => None,
                })
                .collect();
            out.push(here(if types.is_empty() {
                format!(
                    "{} is not one of the forms allowed here",
                    cx.shown(error.instance())
                )
            } else {
                format!(
                    "wrong type: found {}, expected {}",
                    found(error.instance()),
                    types.join(" or ")
                )
            }));
        }
    }
}

fn unknown_value(
    cx: &Cx<'_>,
    here: impl Fn(String) -> Violation,
    instance: &Value,
    options: Vec<String>,
) -> Violation {
    let listed = options
        .iter()
        .map(|o| format!("`{o}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let mut v = here(match instance {
        Value::String(_) if cx.redact => format!("unknown value; expected one of {listed}"),
        Value::String(_) => format!(
            "unknown value {}; expected one of {listed}",
            cx.shown(instance)
        ),
        other => format!(
            "wrong type: found {}, expected one of {listed}",
            found(other)
        ),
    });
    if let Value::String(s) = instance {
        v.unknown = Some((s.clone(), options));
    }
    v
}

fn strings(options: &Value) -> Vec<String> {
    options
        .as_array()
        .map(|a| {
            a.iter()
                .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn found(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing (an empty value)",
        Value::Bool(_) => "`true` or `false`",
        Value::Number(n) if n.is_i64() || n.is_u64() => "a whole number",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

fn expected(kind: &TypeKind) -> String {
    let one = |t: &jsonschema::JsonType| {
        match t.to_string().as_str() {
            "string" => "text",
            "integer" => "a whole number",
            "number" => "a number",
            "boolean" => "`true` or `false`",
            "array" => "a list (`- item` lines or `[a, b]`)",
            "object" => "a mapping (`key: value` lines)",
            _ => "nothing",
        }
        .to_string()
    };
    match kind {
        TypeKind::Single(t) => one(t),
        TypeKind::Multiple(set) => set.iter().map(|t| one(&t)).collect::<Vec<_>>().join(" or "),
    }
}

/// What a value with a `pattern` should look like: the schema's own message for editors
/// (`patternErrorMessage`), else its examples.
fn form_hint(schema: &Value) -> Option<String> {
    if let Some(message) = schema.get("patternErrorMessage").and_then(Value::as_str) {
        return Some(message.to_string());
    }
    let examples: Vec<String> = schema
        .get("examples")?
        .as_array()?
        .iter()
        .filter_map(Value::as_str)
        .map(|e| format!("`{e}`"))
        .collect();
    (!examples.is_empty()).then(|| format!("write it like {}", examples.join(", ")))
}

/// The schema path of the keyword's schema (`…/additionalProperties` → `…`).
fn parent(schema_path: &str) -> &str {
    schema_path.rfind('/').map_or("", |i| &schema_path[..i])
}

/// The keys an object schema allows, for a did-you-mean on an unknown key.
fn keys_allowed(schema: &Value, schema_path: &str) -> Vec<String> {
    schema_at(schema, parent(schema_path))
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default()
}

/// The schema a validator's schema path leads to, following local `$ref`s on the way.
fn schema_at<'a>(root: &'a Value, schema_path: &str) -> Option<&'a Value> {
    let mut node = root;
    for raw in schema_path.split('/').skip(1) {
        let segment = raw.replace("~1", "/").replace("~0", "~");
        node = if segment == "$ref" {
            let target = node.get("$ref")?.as_str()?.strip_prefix('#')?;
            root.pointer(target)?
        } else {
            match node {
                Value::Array(items) => items.get(segment.parse::<usize>().ok()?)?,
                other => other.get(&segment)?,
            }
        };
    }
    // The schema itself may be a reference.
    while let Some(target) = node.get("$ref").and_then(Value::as_str) {
        node = root.pointer(target.strip_prefix('#')?)?;
    }
    Some(node)
}

#[cfg(test)]
mod tests;

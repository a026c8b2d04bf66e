//! The YAML backend, kept behind this one module.
//!
//! hcp reads YAML with `serde-saphyr`, not `serde_yaml`: serde_yaml is deprecated upstream, while
//! serde-saphyr is maintained, pure Rust and panic-free, keeps source locations ([`Spanned`]) so
//! *semantic* findings can name file:line:col, rejects duplicate keys, and enforces budgets against
//! alias bombs and deep nesting. Nothing else in the library names the crate (but its sibling
//! `yaml_tree`, which reads a document with positions for `shape`); build.rs converts the
//! bundled data under the same limits and options (`src/load/yaml_budget.rs`, included by both).
//! Data paths for parse errors (`interventions[3].lead`) are worked out in `yaml_path`.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use crate::model::span::Spanned;

pub use super::yaml_path::{HIDDEN_KEY, path_at_line, path_at_line_redacted};
use serde_saphyr::Error;

// The limits and parser options, shared word for word with build.rs (which converts the bundled
// data with exactly these, so its prebuilt form never holds what this module would refuse).
include!("yaml_budget.rs");

/// What went wrong reading a YAML document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YamlErrorKind {
    /// Not well-formed YAML (syntax, duplicate key, alias to an unknown anchor).
    Syntax,
    /// Well-formed YAML of the wrong shape: unknown key, missing key, wrong type or bad value.
    Shape,
    /// The document exceeds a size, depth or alias budget.
    Budget,
}

/// A YAML error with its position (1-based line and column; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    /// The class of problem.
    pub kind: YamlErrorKind,
    /// 1-based line, or 0 when the parser could not tell.
    pub line: u64,
    /// 1-based column, or 0 when the parser could not tell.
    pub column: u64,
    /// What was wrong, in words.
    pub message: String,
    /// The unknown key or value that a did-you-mean applies to, and what was expected.
    pub unknown: Option<(String, Vec<&'static str>)>,
}

/// [`Spanned`] is read through serde-saphyr's own `Spanned`, keeping only where the value is used
/// (its `referenced` location): that is all a finding needs. The impl lives here, beside the one
/// other use of the YAML crate, so the model does not depend on it.
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Spanned<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let spanned = serde_saphyr::Spanned::<T>::deserialize(deserializer)?;
        let at = spanned.referenced;
        Ok(Spanned {
            value: spanned.value,
            line: u32::try_from(at.line()).unwrap_or(u32::MAX),
            column: u32::try_from(at.column()).unwrap_or(u32::MAX),
        })
    }
}

/// Deserialize one YAML document into `T`, with hcp's strict options and the pathway budgets.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse(text, &PATHWAY_LIMITS, false)
}

/// A pathway-set document as JSON with the position of every value and key, read with the same
/// options and budgets as [`from_str`] (None when it is not well-formed YAML within them).
pub fn locate(text: &str) -> Option<super::yaml_tree::Located> {
    super::yaml_tree::locate(strip_bom(text), options(&PATHWAY_LIMITS))
}

/// As [`locate`], for a family file (its budgets). What it holds is never printed: only
/// positions and hcp's own words come out of `shape`.
pub fn locate_redacted(text: &str) -> Option<super::yaml_tree::Located> {
    super::yaml_tree::locate(strip_bom(text), options(&FAMILY_LIMITS))
}

/// As [`from_str`], for files about people, under the family budgets: error messages never
/// repeat a value from the file (only keys, expected types and positions).
pub fn from_str_redacted<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse(text, &FAMILY_LIMITS, true)
}

fn parse<T: DeserializeOwned>(text: &str, limits: &Limits, redact: bool) -> Result<T, YamlError> {
    // A UTF-8 byte order mark is legal at the start of a YAML stream; drop it so it cannot
    // become part of the first key.
    let text = strip_bom(text);
    serde_saphyr::from_str_with_options(text, options(limits)).map_err(|e| {
        let mut converted = convert(&e, limits);
        if converted.message.starts_with(MULTIPLE_DOCUMENTS) {
            point_at_document_marker(text, &mut converted);
        }
        if redact
            && converted
                .unknown
                .as_ref()
                .is_some_and(|(input, _)| !is_plain_key(input))
        {
            converted.unknown = None;
        }
        if redact {
            converted.message = redacted_message(e.without_snippet(), &converted);
        }
        converted
    })
}

const MULTIPLE_DOCUMENTS: &str = "more than one YAML document";

/// The parser reports a second document where its content starts; the `---` (or `...`) line
/// before that is what the user has to remove.
fn point_at_document_marker(text: &str, error: &mut YamlError) {
    let upto = usize::try_from(error.line).unwrap_or(usize::MAX);
    let marker = text
        .lines()
        .take(upto)
        .enumerate()
        .skip(1)
        .filter(|(_, l)| l.starts_with("---") || l.starts_with("..."))
        .last();
    if let Some((index, _)) = marker {
        error.line = index as u64 + 1;
        error.column = 1;
    }
}

/// The message for a file about people: hcp's own words and names from hcp's own schema, never a
/// key or a value the file wrote (a misspelt key may be a name, and a wrongly indented note can
/// turn a sentence into a "key"). Only errors known to carry no file text keep their message;
/// anything else gets a fixed phrase. The position says where; the path shows only the format's
/// own keys ([`path_at_line_redacted`]).
fn redacted_message(error: &Error, converted: &YamlError) -> String {
    match error {
        Error::AliasError { error, .. } => redacted_message(error, converted),
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            format!("wrong type or value: expected {expected}")
        }
        Error::SerdeUnknownVariant { expected, .. } => {
            format!("unknown value; expected one of {}", list(expected))
        }
        // The did-you-mean (`YamlError::unknown`) offers only names from hcp's schema.
        Error::SerdeUnknownField { field, .. } if is_plain_key(field) => {
            "an unknown key (not shown)".to_string()
        }
        Error::SerdeUnknownField { .. } => {
            "an unknown key (not shown; is a note indented wrongly?)".to_string()
        }
        Error::DuplicateMappingKey { .. } => "duplicate key (not shown)".to_string(),
        // hcp's own wording, or only names from hcp's schema.
        Error::SerdeMissingField { .. }
        | Error::Budget { .. }
        | Error::Unexpected { .. }
        | Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | Error::UnexpectedValueForUnitEnumVariant { .. }
        | Error::InvalidScalar { .. }
        | Error::NullIntoString { .. }
        | Error::InvalidBooleanStrict { .. }
        | Error::MultipleDocuments { .. }
        | Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => converted.message.clone(),
        _ => match converted.kind {
            YamlErrorKind::Syntax => "cannot be read past this point".to_string(),
            // Budget messages are hcp's own words, never the file's.
            YamlErrorKind::Budget => converted.message.clone(),
            YamlErrorKind::Shape => "invalid value here".to_string(),
        },
    }
}

/// Whether a key is shaped as hcp's formats write them (`date_of_birth`, `health`, `basic-care`),
/// so a did-you-mean may help; anything else in key position is more likely a sentence (a note
/// indented wrongly). The shape does not make a key from a family file safe to print: `smith` has
/// it. Only names from hcp's own schema or framework are printed.
pub fn is_plain_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 40
        && key
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '_' | '-'))
}

/// The text without a leading UTF-8 byte order mark.
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

fn convert(error: &Error, limits: &Limits) -> YamlError {
    let inner = error.without_snippet();
    // An error met while replaying an alias: report the original error at the place of use.
    if let Error::AliasError {
        error: original, ..
    } = inner
    {
        let mut converted = convert(original, limits);
        if let Some(loc) = inner.location() {
            (converted.line, converted.column) = (loc.line(), loc.column());
        }
        return converted;
    }
    let (line, column) = inner
        .location()
        .map(|l| (l.line(), l.column()))
        .unwrap_or((0, 0));
    let mut unknown = None;
    let (kind, message) = match inner {
        Error::SerdeUnknownField {
            field, expected, ..
        } => {
            unknown = Some((field.clone(), expected.clone()));
            (YamlErrorKind::Shape, format!("unknown key `{field}`"))
        }
        Error::SerdeUnknownVariant {
            variant, expected, ..
        } => {
            unknown = Some((variant.clone(), expected.clone()));
            (
                YamlErrorKind::Shape,
                format!(
                    "unknown value `{variant}`; expected one of {}",
                    list(expected)
                ),
            )
        }
        Error::SerdeMissingField { field, .. } => (
            YamlErrorKind::Shape,
            format!("missing required key `{field}`"),
        ),
        Error::SerdeInvalidType {
            unexpected,
            expected,
            ..
        } => (
            YamlErrorKind::Shape,
            format!(
                "wrong type: found {}, expected {}",
                found_in_words(unexpected),
                in_words(expected)
            ),
        ),
        Error::SerdeInvalidValue {
            unexpected,
            expected,
            ..
        } => (
            YamlErrorKind::Shape,
            format!("invalid value: found {unexpected}, expected {expected}"),
        ),
        Error::Message { msg, .. } => (YamlErrorKind::Shape, msg.clone()),
        Error::NullIntoString { .. } => (
            YamlErrorKind::Shape,
            "empty value where text is required (write the text, or quote it: \"\")".to_string(),
        ),
        Error::InvalidBooleanStrict { .. } => (
            YamlErrorKind::Shape,
            "expected `true` or `false`".to_string(),
        ),
        Error::Budget { breach, .. } => budget_message(breach, limits),
        Error::Unexpected { expected, .. } => (
            YamlErrorKind::Shape,
            format!("wrong type: expected {}", in_words(expected)),
        ),
        Error::ExternallyTaggedEnumExpectedScalarOrMapping { .. }
        | Error::UnexpectedValueForUnitEnumVariant { .. } => (
            YamlErrorKind::Shape,
            "wrong type: expected a single word (one of the allowed values), not a list or mapping"
                .to_string(),
        ),
        Error::InvalidScalar { ty, .. } => (
            YamlErrorKind::Shape,
            format!("invalid value: expected {}", in_words(ty)),
        ),
        Error::AliasReplayLimitExceeded { .. }
        | Error::AliasExpansionLimitExceeded { .. }
        | Error::AliasReplayStackDepthExceeded { .. }
        | Error::AliasReplayCounterOverflow { .. } => (
            YamlErrorKind::Budget,
            "the document expands too many aliases (a possible alias bomb)".to_string(),
        ),
        Error::DuplicateMappingKey { key, .. } => (
            YamlErrorKind::Syntax,
            match key {
                Some(k) => format!("duplicate key `{k}`"),
                None => "duplicate key".to_string(),
            },
        ),
        Error::MultipleDocuments { .. } => (
            YamlErrorKind::Syntax,
            format!("{MULTIPLE_DOCUMENTS} (`---`) in the file; hcp expects exactly one"),
        ),
        other => {
            let message = strip_location(&other.to_string());
            // The parser's own recursion guard (about 256 levels) can fire before the depth
            // budget has seen the events; it is the same problem, said the same way.
            if message.contains("recursion limit") {
                (
                    YamlErrorKind::Budget,
                    format!(
                        "nested too deeply: a {} may nest at most {} levels",
                        limits.kind, limits.depth
                    ),
                )
            } else {
                (YamlErrorKind::Syntax, message)
            }
        }
    };
    YamlError {
        kind,
        line,
        column,
        message,
        unknown,
    }
}

/// A budget breach in words, naming the limit for this kind of file.
fn budget_message(
    breach: &serde_saphyr::budget::BudgetBreach,
    limits: &Limits,
) -> (YamlErrorKind, String) {
    use serde_saphyr::budget::BudgetBreach as B;
    let kind = limits.kind;
    let message = match breach {
        B::Documents { .. } => {
            return (
                YamlErrorKind::Syntax,
                format!("{MULTIPLE_DOCUMENTS} (`---`) in the file; hcp expects exactly one"),
            );
        }
        B::SequenceUnbalanced => {
            return (
                YamlErrorKind::Syntax,
                "unbalanced brackets: a list or mapping is closed that was never opened"
                    .to_string(),
            );
        }
        B::Depth { .. } => format!(
            "nested too deeply: a {kind} may nest at most {} levels",
            limits.depth
        ),
        B::Nodes { .. } => format!(
            "too many values: a {kind} may hold at most {} keys, values and list items",
            limits.nodes
        ),
        B::Events { .. } => format!(
            "too many values: a {kind} may hold at most {} YAML events",
            limits.events
        ),
        B::Aliases { .. } => format!(
            "too many aliases (`*name`): a {kind} may use at most {}",
            limits.aliases
        ),
        B::Anchors { .. } => format!(
            "too many anchors (`&name`): a {kind} may define at most {}",
            limits.aliases
        ),
        B::AliasAnchorRatio { .. } => {
            "too many aliases for the anchors defined (a possible alias bomb)".to_string()
        }
        B::ScalarBytes { .. } | B::InputBytes { .. } => format!(
            "too large: a {kind} may hold at most {} bytes",
            limits.bytes
        ),
        _ => format!("the file exceeds a safety limit for a {kind}"),
    };
    (YamlErrorKind::Budget, message)
}

/// serde's names for what was found (`integer `7``, `sequence`), as a person editing YAML would
/// say them; a value found is kept as serde quotes it.
fn found_in_words(unexpected: &str) -> String {
    match unexpected {
        "sequence" => "a list".to_string(),
        "map" => "a mapping".to_string(),
        "unit value" => "nothing (an empty value)".to_string(),
        other => match other.split_once(' ') {
            Some(("integer" | "floating", value)) => {
                format!("the number {}", value.trim_start_matches("point "))
            }
            Some(("boolean", value)) => value.to_string(),
            _ => other.to_string(),
        },
    }
}

/// serde's names for what was expected, as a person editing YAML would say them.
fn in_words(expected: &str) -> String {
    match expected {
        "mapping start" | "mapping" | "struct" | "map" => "a mapping (`key: value` lines)",
        "sequence start" | "sequence" | "seq" => "a list (`- item` lines or `[a, b]`)",
        "string scalar" | "string" | "a string" => "text",
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "a whole number"
        }
        "f32" | "f64" => "a number",
        "bool" | "boolean" => "`true` or `false`",
        other => return other.to_string(),
    }
    .to_string()
}

fn list(items: &[&str]) -> String {
    items
        .iter()
        .map(|s| format!("`{s}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// serde-saphyr appends " at line L column C" to plain messages; hcp reports positions itself.
fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests;

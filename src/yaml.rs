//! The YAML backend, kept behind this one module.
//!
//! hcp reads YAML with `serde-saphyr`, not `serde_yaml`: serde_yaml is deprecated upstream, while
//! serde-saphyr is maintained, pure Rust and panic-free, keeps source locations ([`Spanned`]) so
//! *semantic* findings can name file:line:col, rejects duplicate keys, and enforces budgets against
//! alias bombs and deep nesting. Nothing outside this module names the crate.

use serde::de::DeserializeOwned;
pub use serde_saphyr::Spanned;
use serde_saphyr::{DuplicateKeyPolicy, Error};

/// The largest YAML file hcp will read (checked before parsing). Real pathway files are < 100 KiB.
pub const MAX_FILE_BYTES: u64 = 2 * 1024 * 1024;

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

/// A source position taken from a [`Spanned`] value.
pub fn position<T>(spanned: &Spanned<T>) -> (u64, u64) {
    let loc = spanned.referenced;
    (loc.line(), loc.column())
}

fn options() -> serde_saphyr::Options {
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: DuplicateKeyPolicy::Error,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(MAX_FILE_BYTES as usize),
            max_depth: 24,
            max_nodes: 200_000,
            max_events: 400_000,
            max_aliases: 2_000,
            max_anchors: 2_000,
            max_documents: 1,
            max_total_scalar_bytes: MAX_FILE_BYTES as usize,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: 100_000,
            max_alias_expansions_per_anchor: 1_000,
        },
    }
}

/// Deserialize one YAML document into `T`, with hcp's strict options and budgets.
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse(text, false)
}

/// As [`from_str`], for files about people: error messages never repeat a value from the file
/// (only keys, expected types and positions).
pub fn from_str_redacted<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    parse(text, true)
}

fn parse<T: DeserializeOwned>(text: &str, redact: bool) -> Result<T, YamlError> {
    // A UTF-8 byte order mark is legal at the start of a YAML stream; drop it so it cannot
    // become part of the first key.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    serde_saphyr::from_str_with_options(text, options()).map_err(|e| {
        let mut converted = convert(&e);
        if redact {
            converted.message = redacted_message(e.without_snippet(), &converted);
        }
        converted
    })
}

fn redacted_message(error: &Error, converted: &YamlError) -> String {
    match error {
        Error::AliasError { error, .. } => redacted_message(error, converted),
        Error::SerdeInvalidType { expected, .. } | Error::SerdeInvalidValue { expected, .. } => {
            format!("wrong type or value: expected {expected}")
        }
        Error::SerdeUnknownVariant { expected, .. } => {
            format!("unknown value; expected one of {}", list(expected))
        }
        Error::Message { .. } | Error::ExternalMessage { .. } => match converted.kind {
            YamlErrorKind::Syntax => "not well-formed YAML here".to_string(),
            _ => "invalid value here".to_string(),
        },
        _ => converted.message.clone(),
    }
}

fn convert(error: &Error) -> YamlError {
    let inner = error.without_snippet();
    // An error met while replaying an alias: report the original error at the place of use.
    if let Error::AliasError {
        error: original, ..
    } = inner
    {
        let mut converted = convert(original);
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
            format!("wrong type: found {unexpected}, expected {expected}"),
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
        Error::Budget { breach, .. } => (
            YamlErrorKind::Budget,
            format!("the document exceeds hcp's safety budget ({breach:?})"),
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
            "more than one YAML document (`---`) in the file; hcp expects exactly one".to_string(),
        ),
        other => (YamlErrorKind::Syntax, strip_location(&other.to_string())),
    };
    YamlError {
        kind,
        line,
        column,
        message,
        unknown,
    }
}

/// The data path (`interventions[3].lead`) of the block-style YAML node on `line` (1-based),
/// worked out from indentation. Used for parse errors, where the parser gives only a position.
pub fn path_at_line(text: &str, line: u64) -> String {
    struct Frame {
        indent: usize,
        segment: String,
        item: bool,
        next_index: usize,
    }
    let mut stack: Vec<Frame> = Vec::new();
    let target = usize::try_from(line).unwrap_or(usize::MAX);
    for raw in text.lines().take(target) {
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || body.starts_with("---") {
            continue;
        }
        let mut indent = raw.len() - body.len();
        let mut rest = body;
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| (rest == "-").then_some(""))
        {
            while stack
                .last()
                .is_some_and(|f| f.indent > indent || (f.indent == indent && f.item))
            {
                stack.pop();
            }
            let index = stack.last_mut().map_or(0, |parent| {
                parent.next_index += 1;
                parent.next_index - 1
            });
            stack.push(Frame {
                indent,
                segment: format!("[{index}]"),
                item: true,
                next_index: 0,
            });
            indent += 2;
            rest = after.trim_start_matches(' ');
        }
        let key = rest
            .split_once(':')
            .map(|(k, _)| k.trim().trim_matches(|c| c == '"' || c == '\''))
            .filter(|k| !k.is_empty() && !k.starts_with(['{', '[', '"', '\'']) && !k.contains(' '));
        if let Some(key) = key {
            while stack.last().is_some_and(|f| f.indent >= indent) {
                stack.pop();
            }
            stack.push(Frame {
                indent,
                segment: key.to_string(),
                item: false,
                next_index: 0,
            });
        }
    }
    let mut path = String::new();
    for frame in &stack {
        if !frame.item && !path.is_empty() {
            path.push('.');
        }
        path.push_str(&frame.segment);
    }
    path
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
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        #[serde(default)]
        flag: bool,
    }

    #[test]
    fn unknown_key_has_position_and_candidates() {
        let err = from_str::<Doc>("name: x\nnmae: y\n").unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Shape);
        assert_eq!((err.line, err.column), (2, 1));
        let (field, expected) = err.unknown.unwrap();
        assert_eq!(field, "nmae");
        assert!(expected.contains(&"name"));
    }

    #[test]
    fn duplicate_keys_are_refused() {
        let err = from_str::<Doc>("name: x\nname: y\n").unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Syntax);
        assert_eq!(err.line, 2);
    }

    #[test]
    fn yaml_1_1_booleans_are_refused() {
        assert!(from_str::<Doc>("name: x\nflag: yes\n").is_err());
    }

    #[test]
    fn alias_bomb_is_refused() {
        let mut text =
            String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
        let mut prev = 'a';
        for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
            let refs = vec![format!("*{prev}"); 9].join(",");
            text.push_str(&format!("{name}: &{name} [{refs}]\n"));
            prev = name;
        }
        let err =
            from_str::<std::collections::BTreeMap<String, serde_json::Value>>(&text).unwrap_err();
        assert_eq!(err.kind, YamlErrorKind::Budget, "{err:?}");
    }

    #[test]
    fn path_at_line_follows_indentation() {
        let text = "id: x\ninterventions:\n  - id: a\n    lead: hv\n  - id: b\n    with:\n      - gp\n    lead: hv\nspan: {from: birth}\n";
        assert_eq!(path_at_line(text, 1), "id");
        assert_eq!(path_at_line(text, 4), "interventions[0].lead");
        assert_eq!(path_at_line(text, 5), "interventions[1].id");
        assert_eq!(path_at_line(text, 7), "interventions[1].with[0]");
        assert_eq!(path_at_line(text, 8), "interventions[1].lead");
        assert_eq!(path_at_line(text, 9), "span");
    }

    #[test]
    fn byte_order_mark_is_ignored() {
        assert!(from_str::<Doc>("\u{feff}name: x\n").is_ok());
    }
}

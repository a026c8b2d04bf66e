//! Reading a family file (`hcp assess`): its size checked before it is read, then parsed under the
//! family budgets into a [`FamilyFile`]. Messages never repeat a value from the file: only keys,
//! expected types and positions (HCP101). Checking it against the framework is `check::family`.

use std::path::Path;

use super::Links;

use crate::load::yaml::{self, YamlErrorKind};
use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::family::FamilyFile;

/// Read and parse the family file at `path`, named `display` in findings.
pub fn read(path: &Path, display: &str) -> Result<FamilyFile, Diagnostic> {
    let text = super::read_text(path, &yaml::FAMILY_LIMITS, Links::Follow).map_err(|reason| {
        Diagnostic {
            code: Code::FamilyFileInvalid,
            severity: Severity::Error,
            file: display.to_string(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!("cannot read this file: it {reason}"),
            help: None,
        }
    })?;
    parse(display, &text)
}

/// Parse a family file's text, named `display` in findings.
pub fn parse(display: &str, text: &str) -> Result<FamilyFile, Diagnostic> {
    yaml::from_str_redacted(text).map_err(|err| {
        let help = err.unknown.as_ref().and_then(|(input, expected)| {
            did_you_mean(input, expected.iter().copied()).map(|s| format!("did you mean `{s}`?"))
        });
        let message = match err.kind {
            YamlErrorKind::Syntax => format!("not well-formed YAML: {}", err.message),
            YamlErrorKind::Shape => format!("not a family file: {}", err.message),
            // Budget messages already say what was too big and the limit.
            YamlErrorKind::Budget => format!("refused: {}", err.message),
        };
        Diagnostic {
            code: Code::FamilyFileInvalid,
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
        }
    })
}

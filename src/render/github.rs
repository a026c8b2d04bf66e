//! GitHub Actions workflow commands: one `::error` or `::warning` line per finding, which the
//! Actions runner turns into annotations on the file.

use std::io::{self, Write};

use super::{Findings, Render};
use crate::model::diagnostic::{Diagnostic, Severity};

/// GitHub Actions workflow commands.
#[derive(Debug, Clone, Copy)]
pub(super) struct Github;

impl Render<Findings<'_>> for Github {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        for d in f.diagnostics {
            writeln!(out, "{}", line(d))?;
        }
        Ok(())
    }
}

/// Escape a workflow-command message.
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escape a workflow-command property value.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn line(d: &Diagnostic) -> String {
    let command = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut props = vec![format!("file={}", escape_property(&d.file))];
    if d.line > 0 {
        props.push(format!("line={}", d.line));
    }
    if d.column > 0 {
        props.push(format!("col={}", d.column));
    }
    let name = d.code.name();
    props.push(format!(
        "title={}",
        escape_property(&format!("{} {name}", d.code))
    ));
    let mut message = d.message.clone();
    if !d.path.is_empty() {
        message.push_str(&format!(" (at {})", d.path));
    }
    if let Some(help) = &d.help {
        message.push_str(&format!("; {help}"));
    }
    format!("::{command} {}::{}", props.join(","), escape_data(&message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn github_escapes_properties_and_data() {
        let d = Diagnostic {
            code: crate::model::diagnostic::Code::UnresolvedReference,
            severity: Severity::Error,
            file: "a,b:c.yaml".into(),
            line: 3,
            column: 7,
            path: "x".into(),
            message: "50% wrong\nnext".into(),
            help: None,
        };
        assert_eq!(
            line(&d),
            "::error file=a%2Cb%3Ac.yaml,line=3,col=7,title=HCP005 unresolved-reference::50%25 wrong%0Anext (at x)"
        );
    }
}

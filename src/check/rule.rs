//! What a rule is ([`Rule`]: a code, a severity, its words and its check) and how a check reports
//! ([`Sink`]). Each rule file declares its rules with these; `registry` lists and runs them.

use crate::model::diagnostic::{Code, Diagnostic, Severity};
use crate::model::library::{FileId, Library};
use crate::model::span::{Spanned, position};

/// A validation rule.
#[derive(Debug, Clone, Copy)]
pub struct Rule {
    /// Stable code (`HCP` + three digits) and kebab-case name.
    pub code: Code,
    /// Default severity.
    pub severity: Severity,
    /// One line.
    pub summary: &'static str,
    /// What it checks, why it matters, and how to fix it.
    pub explanation: &'static str,
    /// The check; `None` for findings the loader makes.
    pub check: Option<fn(&Library, &mut Sink)>,
}

/// Collects one rule's findings.
pub struct Sink<'a> {
    library: &'a Library,
    code: Code,
    severity: Severity,
    pub(super) out: Vec<Diagnostic>,
}

impl<'a> Sink<'a> {
    pub(super) fn new(library: &'a Library, rule: &Rule) -> Self {
        Sink {
            library,
            code: rule.code,
            severity: rule.severity,
            out: Vec::new(),
        }
    }

    /// Report a finding at a spanned value.
    pub fn at<T>(&mut self, file: FileId, value: &Spanned<T>, path: String, message: String) {
        self.at_with_help(file, value, path, message, None);
    }

    /// Report a finding at a spanned value, with a suggestion.
    pub fn at_with_help<T>(
        &mut self,
        file: FileId,
        value: &Spanned<T>,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        let (line, column) = position(value);
        self.push(file, line, column, path, message, help);
    }

    /// Report a finding at a line and column of a file's text.
    pub fn at_line(&mut self, file: FileId, line: u64, column: u64, path: String, message: String) {
        self.push(file, line, column, path, message, None);
    }

    /// Report a finding about a file (or the set) as a whole.
    pub fn on_file(&mut self, file: FileId, path: String, message: String, help: Option<String>) {
        self.push(file, 0, 0, path, message, help);
    }

    fn push(
        &mut self,
        file: FileId,
        line: u64,
        column: u64,
        path: String,
        message: String,
        help: Option<String>,
    ) {
        self.out.push(Diagnostic {
            code: self.code,
            severity: self.severity,
            file: self.library.display(file).to_string(),
            line,
            column,
            path,
            message,
            help,
        });
    }
}

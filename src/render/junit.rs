//! JUnit XML through the `quick-junit` crate, in the dialect of the Jenkins JUnit schema (the most
//! widely read one): one suite, one test case per file. A file with errors fails with one
//! `<failure>` listing them all (a test case has at most one); its warnings go to the case's
//! `<system-out>`.

use std::io::{self, Write};

use quick_junit::{NonSuccessKind, Report, TestCase, TestCaseStatus, TestSuite};

use super::sanitize::{MESSAGE_CHARS, one_line};
use super::{Findings, Render};
use crate::model::diagnostic::{Diagnostic, Severity};

/// JUnit XML.
#[derive(Debug, Clone, Copy)]
pub(super) struct Junit;

const NAME: &str = "hcp validate";

/// `file:line:column: CODE message (path)`, on one line whatever the data holds.
fn finding(d: &Diagnostic) -> String {
    format!(
        "{}:{}:{}: {} {} ({})",
        one_line(&d.file, MESSAGE_CHARS),
        d.line,
        d.column,
        d.code,
        one_line(&d.message, MESSAGE_CHARS),
        one_line(&d.path, MESSAGE_CHARS)
    )
}

/// A file's test case: failing with its errors, passing when it has none; warnings beside.
fn test_case(file: &str, found: &[&Diagnostic]) -> TestCase {
    let (errors, warnings): (Vec<&Diagnostic>, Vec<&Diagnostic>) =
        found.iter().partition(|d| d.severity == Severity::Error);
    let status = match errors.as_slice() {
        [] => TestCaseStatus::success(),
        [first, rest @ ..] => {
            let mut codes: Vec<String> = Vec::new();
            for d in &errors {
                let code = d.code.to_string();
                if !codes.contains(&code) {
                    codes.push(code);
                }
            }
            let first = one_line(&first.message, MESSAGE_CHARS);
            let message = match rest.len() {
                0 => first.into_owned(),
                more => format!("{first} (and {more} more)"),
            };
            let lines: Vec<String> = errors.iter().map(|d| finding(d)).collect();
            let mut status = TestCaseStatus::non_success(NonSuccessKind::Failure);
            status
                .set_type(codes.join(" "))
                .set_message(message)
                .set_description(lines.join("\n"));
            status
        }
    };
    let mut case = TestCase::new(one_line(file, MESSAGE_CHARS).as_ref(), status);
    case.set_classname("hcp.validate");
    if !warnings.is_empty() {
        let lines: Vec<String> = warnings
            .iter()
            .map(|d| format!("warning: {}", finding(d)))
            .collect();
        case.set_system_out(lines.join("\n"));
    }
    case
}

impl Render<Findings<'_>> for Junit {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        // Every file read, then any other file a finding names, each once.
        let mut files: Vec<&str> = f.library.files.iter().map(|f| f.display.as_str()).collect();
        for d in f.diagnostics {
            if !files.contains(&d.file.as_str()) {
                files.push(&d.file);
            }
        }
        let mut suite = TestSuite::new(NAME);
        for file in files {
            let found: Vec<&Diagnostic> = f.diagnostics.iter().filter(|d| d.file == file).collect();
            suite.add_test_case(test_case(file, &found));
        }
        let mut report = Report::new(NAME);
        report.add_test_suite(suite);
        let mut xml = Vec::new();
        report.serialize(&mut xml).map_err(io::Error::other)?;
        out.write_all(jenkins_root(&String::from_utf8_lossy(&xml)).as_bytes())
    }
}

/// quick-junit writes a `skipped` count on the root `<testsuites>`, where the Jenkins schema
/// allows only `name`, `time`, `tests`, `failures` and `errors` (it allows `skipped` on each
/// `<testsuite>`, which keeps it). hcp never skips a file, so the root's `skipped="0"` goes.
fn jenkins_root(xml: &str) -> String {
    let Some(start) = xml.find("<testsuites") else {
        return xml.to_string();
    };
    // Attribute values are escaped, so the tag ends at the first `>`.
    let end = xml[start..].find('>').map_or(xml.len(), |e| start + e);
    let tag = xml[start..end].replacen(" skipped=\"0\"", "", 1);
    format!("{}{tag}{}", &xml[..start], &xml[end..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_root_loses_only_its_skipped_count() {
        let xml = "<?xml version=\"1.0\"?>\n<testsuites name=\"hcp validate\" tests=\"1\" skipped=\"0\" failures=\"0\" errors=\"0\">\n    <testsuite name=\"hcp validate\" tests=\"1\" skipped=\"0\" errors=\"0\" failures=\"0\">";
        assert_eq!(
            jenkins_root(xml),
            "<?xml version=\"1.0\"?>\n<testsuites name=\"hcp validate\" tests=\"1\" failures=\"0\" errors=\"0\">\n    <testsuite name=\"hcp validate\" tests=\"1\" skipped=\"0\" errors=\"0\" failures=\"0\">"
        );
    }
}

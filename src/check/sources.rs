//! HCP031: an intervention's `source` names a public document a user can follow.
//!
//! Users have the pathway files and the public web, not the authors' working notes, so a source
//! that points at a local file (`facts.md`, `../shared/…`, `file://`) is refused, and one that is
//! only an address, with no title or publisher in words, is flagged.

use super::rule::{Rule, Sink};
use crate::model::diagnostic::{Code, Severity};
use crate::model::library::Library;

/// Why a source cannot be followed, if it cannot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SourceFault {
    /// It points at a local file.
    LocalFile,
    /// It has no title or publisher in words: only an address, or fewer than three words.
    NoTitle,
}

/// Words that show a source points at a file on someone's machine.
const LOCAL_MARKERS: &[&str] = &[
    "facts.md",
    "file://",
    "../",
    "/work/",
    "shared/domain",
    "~/",
];

/// Check one source text.
pub(crate) fn source_fault(source: &str) -> Option<SourceFault> {
    if source.trim().is_empty() {
        return None; // HCP025 (empty-text) reports it
    }
    let lower = source.to_ascii_lowercase();
    if LOCAL_MARKERS.iter().any(|m| lower.contains(m)) {
        return Some(SourceFault::LocalFile);
    }
    let words = source
        .split_whitespace()
        .filter(|w| !w.contains("://") && !w.starts_with("www."))
        .filter(|w| w.chars().any(char::is_alphabetic))
        .count();
    (words < 3).then_some(SourceFault::NoTitle)
}

fn check(lib: &Library, sink: &mut Sink, want: SourceFault) {
    for (file, _, i, iv) in lib.interventions() {
        if source_fault(&iv.source.value) != Some(want) {
            continue;
        }
        let (message, help) = match want {
            SourceFault::LocalFile => (
                format!(
                    "the source of `{}` points at a local file, which users do not have",
                    iv.id.value
                ),
                "cite the public document instead: title, publisher, year and address",
            ),
            SourceFault::NoTitle => (
                format!(
                    "the source of `{}` has no title or publisher in words",
                    iv.id.value
                ),
                "name the document: title, publisher, year, then its address",
            ),
        };
        sink.at_with_help(
            file,
            &iv.source,
            format!("interventions[{i}].source"),
            message,
            Some(help.into()),
        );
    }
}

/// HCP031: no source points at a local file.
pub(super) fn source_local_file(lib: &Library, sink: &mut Sink) {
    check(lib, sink, SourceFault::LocalFile);
}

/// HCP032: every source names its document in words.
pub(super) fn source_untitled(lib: &Library, sink: &mut Sink) {
    check(lib, sink, SourceFault::NoTitle);
}

/// HCP031 source-local-file.
pub(super) const SOURCE_LOCAL_FILE: Rule = Rule {
    code: Code::SourceLocalFile,
    severity: Severity::Error,
    summary: "An intervention's source points at a local file that users do not have.",
    explanation: "Every intervention's `source` names the public document it comes from, so that a \
practitioner or commissioner can follow it: `hcp show` prints it. A source that points at a local file \
(`facts.md`, `../shared/…`, `file://`, `/work/…`) cannot be followed by anyone else.\n\nFix: cite the \
primary public source instead (UKHSA, NHS England, DHSC/OHID, NICE, UK NSC, Working Together), with \
title, publisher, year and address.",
    check: Some(source_local_file),
};

/// HCP032 source-untitled.
pub(super) const SOURCE_UNTITLED: Rule = Rule {
    code: Code::SourceUntitled,
    severity: Severity::Warning,
    summary: "An intervention's source is only an address, or names no document.",
    explanation: "A source should say what the document is and who published it (title, publisher, year), \
then its address: a bare address, or fewer than three words besides it, does not, and addresses move. \
The check counts words; it cannot tell a title from other words, so a reviewer still reads each \
source.\n\nFix: e.g. `UKHSA, Routine childhood immunisation schedule (2026), https://www.gov.uk/…`.",
    check: Some(source_untitled),
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_files_and_bare_addresses_are_faults() {
        assert_eq!(
            source_fault("facts.md §3.2 (NIPE)"),
            Some(SourceFault::LocalFile)
        );
        assert_eq!(
            source_fault("see ../shared/domain/notes"),
            Some(SourceFault::LocalFile)
        );
        assert_eq!(
            source_fault("https://www.gov.uk/guidance/x"),
            Some(SourceFault::NoTitle)
        );
        assert_eq!(source_fault("NICE NG247"), Some(SourceFault::NoTitle));
        assert_eq!(
            source_fault(
                "UKHSA, Routine childhood immunisation schedule (2026), https://www.gov.uk/x"
            ),
            None
        );
    }
}

//! Findings as data: a code, a severity, where (file, line, column, data path) and what.
//!
//! Diagnostics are collected, never raised; rendering lives in [`crate::render`].

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth a look; fails only under `--strict`.
    Warning,
    /// The data is wrong; `hcp validate` exits 1.
    Error,
}

impl Severity {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `HCP005`.
    pub code: &'static str,
    /// Error or warning.
    pub severity: Severity,
    /// The file as the user named it (e.g. `pathways/safeguarding.yaml`).
    pub file: String,
    /// 1-based line; 0 when the finding is about the file or the set as a whole.
    pub line: u64,
    /// 1-based column; 0 when unknown.
    pub column: u64,
    /// Where in the data, e.g. `interventions[3].lead`.
    pub path: String,
    /// What is wrong and what was expected.
    pub message: String,
    /// A suggestion, e.g. a did-you-mean.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

/// Counts for the summary line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Files read.
    pub files: usize,
    /// Pathways loaded.
    pub pathways: usize,
    /// Interventions loaded.
    pub interventions: usize,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
}

/// The closest candidate to `input` by edit distance, when it is close enough to suggest.
pub fn did_you_mean<'a, I>(input: &str, candidates: I) -> Option<String>
where
    I: IntoIterator<Item = &'a str>,
{
    let input_lower = input.to_ascii_lowercase();
    candidates
        .into_iter()
        .map(|c| {
            (
                strsim::jaro_winkler(&input_lower, &c.to_ascii_lowercase()),
                c,
            )
        })
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_candidates_only() {
        let ids = ["health-visitor", "midwife", "social-worker"];
        assert_eq!(
            did_you_mean("health-vistor", ids),
            Some("health-visitor".into())
        );
        assert_eq!(did_you_mean("Midwife", ids), Some("midwife".into()));
        assert_eq!(did_you_mean("astronaut", ids), None);
    }
}

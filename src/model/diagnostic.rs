//! Findings as data: a typed [`Code`], a severity, where (file, line, column, data path) and what.
//!
//! Diagnostics are collected, never raised; the loader and the checks make them, the rule registry
//! (`check::registry`) explains each code, and rendering lives in `render`.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Code`]: each variant with its stable code and kebab-case name, in code order.
macro_rules! codes {
    ($($variant:ident = $code:literal, $name:literal;)*) => {
        /// A finding's stable code. Codes are never reused; `hcp rule CODE` explains each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $code, "` ", $name, ".")]
                $variant,
            )*
        }

        impl Code {
            /// Every code, in order.
            pub const ALL: &[Code] = &[$(Code::$variant),*];

            /// The code as written: `HCP005`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            /// The rule's kebab-case name: `unresolved-reference`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)*
                }
            }
        }
    };
}

codes! {
    UnreadableFile = "HCP001", "unreadable-file";
    InvalidYaml = "HCP002", "invalid-yaml";
    InvalidShape = "HCP003", "invalid-shape";
    DuplicateId = "HCP004", "duplicate-id";
    UnresolvedReference = "HCP005", "unresolved-reference";
    CorePurposeOutOfRange = "HCP006", "core-purpose-out-of-range";
    ReversedRange = "HCP007", "reversed-range";
    WindowOutsideStage = "HCP008", "window-outside-stage";
    OutsidePathwaySpan = "HCP009", "outside-pathway-span";
    LeadNotUnique = "HCP010", "lead-not-unique";
    ChildrensCentreWithoutCorePurpose = "HCP011", "childrens-centre-without-core-purpose";
    KpiDeadlineUnmeetable = "HCP012", "kpi-deadline-unmeetable";
    UnusedExistingKpi = "HCP013", "unused-existing-kpi";
    PathwaySetMismatch = "HCP014", "pathway-set-mismatch";
    LevelMismatch = "HCP015", "level-mismatch";
    TargetedPathwayIncomplete = "HCP016", "targeted-pathway-incomplete";
    SpanMismatch = "HCP017", "span-mismatch";
    StageSequence = "HCP018", "stage-sequence";
    MandatedContactMissing = "HCP019", "mandated-contact-missing";
    InterventionIdPrefix = "HCP020", "intervention-id-prefix";
    EmptyLevel = "HCP021", "empty-level";
    TriangleStructure = "HCP022", "triangle-structure";
    BandingRules = "HCP023", "banding-rules";
    BandCoverage = "HCP024", "band-coverage";
    EmptyText = "HCP025", "empty-text";
    NationalContact = "HCP026", "national-contact";
    ReviewDue = "HCP027", "review-due";
    HiddenCharacter = "HCP028", "hidden-character";
    IdFormat = "HCP029", "id-format";
    TimingKind = "HCP030", "timing-kind";
    SourceLocalFile = "HCP031", "source-local-file";
    SourceUntitled = "HCP032", "source-untitled";
    KpiComputeShape = "HCP033", "kpi-compute-shape";
    KpiComputeEvent = "HCP034", "kpi-compute-event";
    KpiComputeDeadline = "HCP035", "kpi-compute-deadline";
    KpiComputeMissing = "HCP036", "kpi-compute-missing";
    FamilyFileInvalid = "HCP101", "family-file-invalid";
    FamilyUnknownDimension = "HCP102", "family-unknown-dimension";
    FamilyUnknownIndicator = "HCP103", "family-unknown-indicator";
    FamilyInvalidDate = "HCP104", "family-invalid-date";
    FamilyIdentifyingReference = "HCP105", "family-identifying-reference";
    FamilyIndicatorOutOfRange = "HCP106", "family-indicator-out-of-range";
    FamilyUnknownIntervention = "HCP107", "family-unknown-intervention";
    FamilyDuplicateDone = "HCP108", "family-duplicate-done";
}

impl Code {
    /// A code by its text, case-insensitive (`hcp005`).
    pub fn parse(text: &str) -> Option<Code> {
        Code::ALL
            .iter()
            .copied()
            .find(|c| c.as_str().eq_ignore_ascii_case(text))
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// JSON Schema of a rule code, as outputs carry it.
impl schemars::JsonSchema for Code {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Code".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "type": "string",
            "description": "A rule code (`hcp rule CODE` explains it).",
            "pattern": "^HCP[0-9]{3}$"
        })
    }
}

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, schemars::JsonSchema)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Diagnostic {
    /// Stable rule code, e.g. `HCP005`.
    pub code: Code,
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
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, schemars::JsonSchema)]
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
    // A typo changes a few characters: at most one in three of what was typed (and at least
    // one). A cut-short id (`nhs_no`, `safeg`) starts with at least four fifths of what was
    // typed (and at least four characters). A shared prefix alone (`R-UNIV-FOO`,
    // `R-UNIV-CO-TESTING`) is not a likeness.
    let typed = input_lower.chars().count();
    let allowed = (typed / 3).max(1);
    let cut_short = (typed * 4).div_ceil(5).max(4);
    candidates
        .into_iter()
        .filter_map(|c| {
            let lower = c.to_ascii_lowercase();
            let edits = strsim::damerau_levenshtein(&input_lower, &lower);
            let prefix = input_lower
                .chars()
                .zip(lower.chars())
                .take_while(|(a, b)| a == b)
                .count();
            let score = strsim::jaro_winkler(&input_lower, &lower);
            let near = edits <= allowed || prefix >= cut_short;
            (near && score >= 0.8).then_some((score, c))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn did_you_mean_offers_only_a_near_id() {
        let kpis = [
            "C1",
            "C8i",
            "C8ii",
            "R-UNIV-CO-TESTING",
            "R-UNIV-CC-REGISTRATION-UNDER-1",
        ];
        let kpis = || kpis.iter().copied();
        assert_eq!(did_you_mean("C8iii", kpis()).as_deref(), Some("C8ii"));
        assert_eq!(did_you_mean("c8ii", kpis()).as_deref(), Some("C8ii"));
        assert_eq!(
            did_you_mean("R-UNIV-CC-REGISTRATON-UNDER-1", kpis()).as_deref(),
            Some("R-UNIV-CC-REGISTRATION-UNDER-1")
        );
        // Unrelated ids that share a prefix, or nothing at all, are not offered.
        assert_eq!(did_you_mean("R-UNIV-FOO", kpis()), None);
        assert_eq!(did_you_mean("breastfeeding", kpis()), None);
        assert_eq!(did_you_mean("X", kpis()), None);
        // A cut-short id is offered in full.
        let keys = ["nhs_number", "name", "reference"];
        assert_eq!(
            did_you_mean("nhs_no", keys.iter().copied()).as_deref(),
            Some("nhs_number")
        );
        let pathways = ["universal", "safeguarding", "parenting-support"];
        assert_eq!(
            did_you_mean("safegaurding", pathways.iter().copied()).as_deref(),
            Some("safeguarding")
        );
    }

    #[test]
    fn codes_are_unique_and_in_order() {
        let texts: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = texts.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(texts, sorted);
        let mut names: Vec<&str> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        assert_eq!(Code::parse("hcp005"), Some(Code::UnresolvedReference));
        assert_eq!(Code::parse("HCP999"), None);
        assert_eq!(
            serde_json::to_string(&Code::ReviewDue).unwrap(),
            "\"HCP027\""
        );
    }

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

//! hcp: the Healthy Child Programme (pregnancy to 5 years) care pathways as validated data.
//!
//! The library loads a pathway set (the bundled copy or a directory), validates it with a registry
//! of coded rules, answers "what is due at this age" queries, and renders the results. The
//! `hcp` binary is a thin command-line layer over it.
//!
//! This API is internal to the hcp binary and not yet stable.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// No panics on input-derived data: the library returns errors instead.
#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod age;
pub mod assess;
pub mod browse;
pub mod clock;
pub mod diagnostic;
pub mod diff;
pub mod family;
pub mod framework;
pub mod library;
pub mod load;
pub mod model;
pub mod national;
pub mod parallel;
pub mod query;
pub mod render;
pub mod rules;
pub mod schema;
pub mod text;
pub mod yaml;

use diagnostic::{Diagnostic, Severity, Summary};
use library::Library;
use load::{LoadError, PathwaySource};

/// The result of validating a pathway set.
#[derive(Debug)]
pub struct Validation {
    /// What was loaded (possibly partially, when files were broken).
    pub library: Library,
    /// All findings, sorted by file, line, column and code.
    pub diagnostics: Vec<Diagnostic>,
    /// Counts.
    pub summary: Summary,
}

impl Validation {
    /// A loaded set and its findings, counted.
    fn of(library: Library, diagnostics: Vec<Diagnostic>) -> Validation {
        let count = |severity| {
            diagnostics
                .iter()
                .filter(|d| d.severity == severity)
                .count()
        };
        let summary = Summary {
            files: library.files.len(),
            pathways: library.pathways.len(),
            interventions: library.interventions().count(),
            errors: count(Severity::Error),
            warnings: count(Severity::Warning),
        };
        Validation {
            library,
            diagnostics,
            summary,
        }
    }

    /// Whether the set passes: no errors, and no warnings when `strict`.
    pub fn passes(&self, strict: bool) -> bool {
        self.summary.errors == 0 && (!strict || self.summary.warnings == 0)
    }
}

/// Load and validate a pathway set, with review dates (HCP027) checked as of today in England.
pub fn validate(source: &PathwaySource) -> Result<Validation, LoadError> {
    validate_for(source, Needs::Everything)
}

/// What a command needs from a pathway set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Pathways, catalogue and the assessment framework (`validate`, `assess`).
    Everything,
    /// Pathways and catalogue only (`query`, `list`, `show`). The bundled set is then loaded
    /// without its assessment framework (a quarter of its size; no answer depends on it), so the
    /// framework's own rules are not run for these commands: the bundled framework is checked by
    /// `hcp validate --strict` in CI and by `cargo test`. A directory is always loaded and
    /// validated whole, so a local set that fails `hcp validate` never answers a query.
    Pathways,
}

/// Load and validate a pathway set for a command that needs only part of it, as of today in
/// England.
pub fn validate_for(source: &PathwaySource, needs: Needs) -> Result<Validation, LoadError> {
    validate_as_of(source, needs, clock::today_in_england())
}

/// Load and validate a pathway set, with review dates checked as of `today` (not at all when
/// `None`: the clock could not be read).
pub fn validate_as_of(
    source: &PathwaySource,
    needs: Needs,
    today: Option<jiff::civil::Date>,
) -> Result<Validation, LoadError> {
    let review = |library: &Library| {
        today.map_or_else(Vec::new, |day| rules::check_review_dates(library, day))
    };
    // The bundled set from its build-time MessagePack form, when that gives a clean set. That form
    // has no source positions, so any finding at all sends us to the YAML, which reports it exactly.
    if *source == PathwaySource::Bundled
        && let Some(library) = load::load_prebuilt(needs == Needs::Everything)
        && rules::check_all(&library).is_empty()
        && review(&library).is_empty()
    {
        return Ok(Validation::of(library, Vec::new()));
    }
    let (library, mut diagnostics) = load::load_source(source)?;
    let broken_catalogue = diagnostics.iter().any(|d| {
        library
            .files
            .iter()
            .any(|f| f.display == d.file && f.relative.starts_with("catalogue/"))
    });
    // Rules over a set with an unparsed catalogue file would only repeat that one problem as
    // hundreds of unresolved references; set-level rules would call an unparsed pathway missing.
    if !broken_catalogue {
        let partial = !diagnostics.is_empty();
        diagnostics.extend(
            rules::check_all(&library)
                .into_iter()
                .filter(|d| !(partial && matches!(d.code, "HCP013" | "HCP014" | "HCP019"))),
        );
    }
    diagnostics.extend(review(&library));
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    Ok(Validation::of(library, diagnostics))
}

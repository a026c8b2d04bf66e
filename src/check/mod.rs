//! Checking: the rule registry and its rules (one file per group, each rule declared beside its
//! check), the checks on a family file, and the policy built on them: what a validation finds, and
//! that a set with errors never answers a question.

mod assessment;
mod characters;
pub mod family;
mod files;
mod identifier;
mod kinds;
mod kpi;
mod pathway_set;
pub mod record;
mod references;
pub mod registry;
mod review;
mod rule;
mod sources;
mod structure;
mod timing;

use std::fmt;

pub use registry::{RULES, Rule, Sink, check_all, check_one, check_review_dates, rule, rule_for};

use crate::load::{self, LoadError, PathwaySource};
use crate::model::diagnostic::{Code, Diagnostic, Severity, Summary};
use crate::model::library::Library;

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

/// What a command needs from a pathway set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needs {
    /// Pathways, catalogue and the assessment framework (`validate`, `assess`, `diff`).
    Everything,
    /// Pathways and catalogue only (`query`, `list`, `show`). The bundled set is then loaded
    /// without its assessment framework (a quarter of its size; no answer depends on it), so the
    /// framework's own rules are not run for these commands: the bundled framework is checked by
    /// `hcp validate --strict` in CI and by `cargo test`. A directory is always loaded and
    /// validated whole, so a local set that fails `hcp validate` never answers a query.
    Pathways,
}

/// Load and validate a pathway set, with review dates (HCP027) checked as of `today` (not at all
/// when `None`: the clock could not be read, or the caller reports them as notes instead).
pub fn validate_as_of(
    source: &PathwaySource,
    needs: Needs,
    today: Option<jiff::civil::Date>,
) -> Result<Validation, LoadError> {
    let review =
        |library: &Library| today.map_or_else(Vec::new, |day| check_review_dates(library, day));
    // The bundled set from its build-time MessagePack form, when that gives a clean set. That form
    // has no source positions, so any finding at all sends us to the YAML, which reports it exactly.
    if *source == PathwaySource::Bundled
        && let Some(library) = load::load_prebuilt(needs == Needs::Everything)
        && check_all(&library).is_empty()
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
        diagnostics.extend(check_all(&library).into_iter().filter(|d| {
            !(partial
                && matches!(
                    d.code,
                    Code::UnusedExistingKpi
                        | Code::PathwaySetMismatch
                        | Code::MandatedContactMissing
                ))
        }));
    }
    diagnostics.extend(review(&library));
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, a.code).cmp(&(&b.file, b.line, b.column, b.code))
    });
    Ok(Validation::of(library, diagnostics))
}

/// Why a pathway set cannot answer questions.
#[derive(Debug, thiserror::Error)]
pub enum NotAnswerable {
    /// The set could not be read at all.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The set has validation errors.
    #[error("{}", Invalid(.errors, .first, .set))]
    Invalid {
        /// How many errors.
        errors: usize,
        /// The first error, for the message.
        first: Box<Diagnostic>,
        /// The set.
        set: PathwaySource,
    },
}

/// The words of [`NotAnswerable::Invalid`].
struct Invalid<'a>(&'a usize, &'a Diagnostic, &'a PathwaySource);

impl fmt::Display for Invalid<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Invalid(errors, d, source) = self;
        write!(
            f,
            "the pathway set has {errors} error(s), so hcp will not answer from it (first: {}:{}: {} {}); run `hcp validate{}` for all of them",
            d.file,
            d.line,
            d.code,
            d.message,
            match source {
                PathwaySource::Directory(dir) => format!(" --pathways {}", dir.display()),
                PathwaySource::Bundled => String::new(),
            }
        )
    }
}

/// Load a pathway set that must be valid before it can answer questions: a set with any
/// validation error never answers. Review dates are not findings here: a pathway past its review
/// date still answers, and the answer carries the overdue reviews instead
/// ([`crate::answer::review::overdue`]); a finding would send the bundled set back to its YAML for
/// positions that a note does not print.
pub fn answerable(source: &PathwaySource, needs: Needs) -> Result<Library, NotAnswerable> {
    let validation = validate_as_of(source, needs, None)?;
    match validation
        .diagnostics
        .into_iter()
        .find(|d| d.severity == Severity::Error)
    {
        Some(first) => Err(NotAnswerable::Invalid {
            errors: validation.summary.errors,
            first: Box::new(first),
            set: source.clone(),
        }),
        None => Ok(validation.library),
    }
}

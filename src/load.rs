//! Loading a pathway set: from the bundled copy compiled into the binary, or from a directory.
//!
//! Problems with single files (unreadable, not UTF-8, too large, malformed YAML, wrong shape) are
//! findings, so one run reports every broken file; only a set that cannot be reached at all (a
//! missing directory) is a [`LoadError`].

use std::fs;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::framework::AssessmentFile;
use crate::library::{FileId, Library, SourceFile};
use crate::model::{CatalogueFile, Pathway};
use crate::rules::codes;
use crate::yaml::{self, YamlErrorKind};

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Where a pathway set comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathwaySource {
    /// The copy of `pathways/` compiled into hcp.
    Bundled,
    /// A directory laid out like `pathways/`.
    Directory(PathBuf),
}

/// The set could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The directory could not be listed.
    // The OS reason is the error's source; anyhow's `{:#}` prints it once, after this.
    #[error("cannot read pathway directory `{path}`")]
    Directory {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The path is not a directory.
    #[error(
        "`{0}` is not a directory; --pathways expects a directory laid out like pathways/ (catalogue/ plus one YAML file per pathway)"
    )]
    NotADirectory(PathBuf),
    /// The directory holds no YAML.
    #[error("`{0}` holds no pathway YAML files (expected catalogue/*.yaml and <pathway>.yaml)")]
    Empty(PathBuf),
}

/// A file as read from disk or from the bundle, before parsing.
#[derive(Debug, Clone)]
pub struct RawFile {
    /// Path relative to the set's root, with `/` separators (e.g. `catalogue/core.yaml`).
    pub relative: String,
    /// Path as shown to the user.
    pub display: String,
    /// The text, or why it could not be read.
    pub content: Result<String, String>,
}

/// Read the files of a pathway set.
pub fn read_source(source: &PathwaySource) -> Result<Vec<RawFile>, LoadError> {
    match source {
        PathwaySource::Bundled => Ok(EMBEDDED
            .iter()
            .map(|(rel, text)| RawFile {
                relative: (*rel).to_string(),
                display: format!("pathways/{rel}"),
                content: Ok((*text).to_string()),
            })
            .collect()),
        PathwaySource::Directory(dir) => read_directory(dir),
    }
}

fn read_directory(dir: &Path) -> Result<Vec<RawFile>, LoadError> {
    let meta = fs::metadata(dir).map_err(|source| LoadError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory(dir.to_path_buf()));
    }
    let mut relatives = Vec::new();
    list_yaml(dir, "", &mut relatives)?;
    for sub in ["catalogue", "assessment"] {
        let path = dir.join(sub);
        if path.is_dir() {
            list_yaml(&path, &format!("{sub}/"), &mut relatives)?;
        }
    }
    relatives.sort();
    if relatives.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    Ok(relatives
        .into_iter()
        .map(|relative| {
            let path = dir.join(&relative);
            RawFile {
                display: path.display().to_string(),
                content: read_text(&path, &yaml::PATHWAY_LIMITS),
                relative,
            }
        })
        .collect())
}

fn list_yaml(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), LoadError> {
    let entries = fs::read_dir(dir).map_err(|source| LoadError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        // A directory named like a YAML file is listed so the user hears about it.
        if is_yaml && !name.starts_with('.') {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// Read a text file with the size limit for its kind, checked before reading it whole.
pub fn read_text(path: &Path, limits: &yaml::Limits) -> Result<String, String> {
    let meta = fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.is_dir() {
        return Err("is a directory, not a file".to_string());
    }
    if meta.len() > limits.bytes {
        return Err(format!(
            "is {} bytes; hcp reads a {} of up to {} bytes",
            meta.len(),
            limits.kind,
            limits.bytes
        ));
    }
    let bytes = fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "is not valid UTF-8 (invalid byte at offset {}); save it as UTF-8",
            e.utf8_error().valid_up_to()
        )
    })
}

/// Whether a file's top-level keys are those of a family file (`reference` and one of `child`,
/// `dimensions`, `assessment_date`): no pathway, catalogue or framework file has `reference`.
fn looks_like_family_file(text: &str) -> bool {
    let mut reference = false;
    let mut family_key = false;
    for line in yaml::strip_bom(text).lines() {
        let key = line.split_once(':').map_or("", |(k, _)| k.trim_end());
        match key {
            "reference" => reference = true,
            "child" | "dimensions" | "assessment_date" => family_key = true,
            _ => {}
        }
    }
    reference && family_key
}

/// Whether a file (relative to the set's root) is a catalogue file.
fn is_catalogue(relative: &str) -> bool {
    relative.starts_with("catalogue/")
}

/// Remember a pathway file that could not be read or parsed, so references to its id (the file
/// stem) are not reported again as unresolved.
fn note_unparsed(library: &mut Library, relative: &str) {
    if !is_catalogue(relative) && !relative.contains('/') {
        let stem = relative.trim_end_matches(".yaml").trim_end_matches(".yml");
        library.unparsed_pathways.push(stem.to_string());
    }
}

/// One file's parse, done independently of every other file (so files can be parsed in parallel).
// One short-lived value per file, moved once into the library: boxing would only add allocations.
#[allow(clippy::large_enum_variant)]
enum Parsed {
    Unreadable(String),
    /// A family file in the pathway set: its content is never kept.
    FamilyFile,
    Catalogue(CatalogueFile),
    Assessment(AssessmentFile),
    Pathway(Pathway),
    Invalid(yaml::YamlError),
}

fn parse_file(relative: &str, content: &Result<String, String>) -> Parsed {
    let text = match content {
        Ok(text) => text,
        Err(reason) => return Parsed::Unreadable(reason.clone()),
    };
    if looks_like_family_file(text) {
        return Parsed::FamilyFile;
    }
    let parsed = if is_catalogue(relative) {
        yaml::from_str(text).map(Parsed::Catalogue)
    } else if relative.starts_with("assessment/") {
        yaml::from_str(text).map(Parsed::Assessment)
    } else {
        yaml::from_str(text).map(Parsed::Pathway)
    };
    parsed.unwrap_or_else(Parsed::Invalid)
}

/// Below this much YAML, starting threads costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 64 * 1024;

/// `parse_file` over every file, on all cores for a large set; results in file order.
fn parse_all(raw: &[RawFile]) -> Vec<Parsed> {
    let bytes: usize = raw
        .iter()
        .map(|f| f.content.as_ref().map_or(0, String::len))
        .sum();
    crate::parallel::map_ordered(raw, bytes >= PARALLEL_MIN_BYTES, |f| {
        parse_file(&f.relative, &f.content)
    })
}

/// Parse every file into a [`Library`], reporting unreadable and malformed files as findings.
pub fn load(raw: Vec<RawFile>) -> (Library, Vec<Diagnostic>) {
    let parsed = parse_all(&raw);
    let mut library = Library::default();
    let mut diagnostics = Vec::new();
    for (file, parsed) in raw.into_iter().zip(parsed) {
        let id = FileId(library.files.len());
        let mut text = file.content.unwrap_or_default();
        let finding = |code, line, column, path, message, help| Diagnostic {
            code,
            severity: Severity::Error,
            file: file.display.clone(),
            line,
            column,
            path,
            message,
            help,
        };
        match parsed {
            Parsed::Catalogue(c) => library.add_catalogue(id, c),
            Parsed::Assessment(a) => library.assessments.push((id, a)),
            Parsed::Pathway(p) => library.pathways.push((id, p)),
            Parsed::Unreadable(reason) => {
                note_unparsed(&mut library, &file.relative);
                diagnostics.push(finding(
                    codes::UNREADABLE_FILE,
                    0,
                    0,
                    String::new(),
                    format!("cannot read this file: it {reason}"),
                    None,
                ));
            }
            Parsed::FamilyFile => {
                // Data about a child in the pathway directory: say so without quoting a line of
                // it, and do not keep its text, so no later finding can print an excerpt.
                note_unparsed(&mut library, &file.relative);
                text = String::new();
                diagnostics.push(finding(
                    codes::INVALID_SHAPE,
                    0,
                    0,
                    String::new(),
                    "this looks like a family file (it has top-level `reference` with `child`, `dimensions` or `assessment_date`), not pathway data".to_string(),
                    Some("files about children do not belong in the pathway directory: move it out, and assess it with `hcp assess`".to_string()),
                ));
            }
            Parsed::Invalid(err) => {
                note_unparsed(&mut library, &file.relative);
                let (code, help) = match err.kind {
                    YamlErrorKind::Syntax | YamlErrorKind::Budget => (codes::INVALID_YAML, None),
                    YamlErrorKind::Shape => (
                        codes::INVALID_SHAPE,
                        err.unknown.as_ref().and_then(|(input, expected)| {
                            did_you_mean(input, expected.iter().copied())
                                .map(|s| format!("did you mean `{s}`?"))
                                .or_else(|| {
                                    (!expected.is_empty()).then(|| {
                                        format!("expected one of: {}", expected.join(", "))
                                    })
                                })
                        }),
                    ),
                };
                let path = if err.line > 0 {
                    yaml::path_at_line(&text, err.line)
                } else {
                    String::new()
                };
                diagnostics.push(finding(code, err.line, err.column, path, err.message, help));
            }
        }
        library.files.push(SourceFile {
            relative: file.relative,
            display: file.display,
            text: text.into(),
        });
    }
    library.reindex();
    (library, diagnostics)
}

/// The bundled set built from the JSON that `build.rs` converted it to, skipping YAML parsing
/// (most of a command's start-up); without the assessment framework unless `with_assessment`. `None` when any file has no JSON form or does not
/// deserialize from it: the caller then parses the YAML, which reports why with positions.
/// JSON carries no source positions, so findings must come from the YAML path; see
/// [`crate::validate`].
pub fn load_prebuilt(with_assessment: bool) -> Option<Library> {
    let mut library = Library::default();
    for (relative, text, json) in PREBUILT {
        if !with_assessment && relative.starts_with("assessment/") {
            continue;
        }
        let id = FileId(library.files.len());
        let json = (*json)?;
        if is_catalogue(relative) {
            library.add_catalogue(id, serde_json::from_str(json).ok()?);
        } else if relative.starts_with("assessment/") {
            library
                .assessments
                .push((id, serde_json::from_str(json).ok()?));
        } else {
            library
                .pathways
                .push((id, serde_json::from_str(json).ok()?));
        }
        library.files.push(SourceFile {
            relative: (*relative).to_string(),
            display: format!("pathways/{relative}"),
            text: std::borrow::Cow::Borrowed(*text),
        });
    }
    library.reindex();
    Some(library)
}

/// Read and parse a pathway set.
pub fn load_source(source: &PathwaySource) -> Result<(Library, Vec<Diagnostic>), LoadError> {
    Ok(load(read_source(source)?))
}

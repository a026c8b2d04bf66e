//! Reading: pathway sets (the bundled copy compiled into the binary, or a directory), family files,
//! the YAML adapter and its budgets, and the clock. Nothing here judges the data; `check` does.
//!
//! Problems with single files (unreadable, not UTF-8, too large, malformed YAML, wrong shape) are
//! findings, so one run reports every broken file; only a set that cannot be reached at all (a
//! missing directory) is a [`LoadError`].

pub mod clock;
pub mod digest;
pub mod family;
pub mod fhir_response;
mod file;
pub mod parallel;
pub mod shape;
pub mod yaml;
mod yaml_path;
mod yaml_tree;

use std::fs;
use std::path::{Path, PathBuf};

use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::framework::AssessmentFile;
use crate::model::library::{FileId, Library, SourceFile};
use crate::model::schema::SchemaKind;
use crate::model::{CatalogueFile, Pathway};
pub use file::{Links, read_text};
use yaml::YamlErrorKind;

/// Where a bundled file's MessagePack form lies in `PREBUILT_DATA` (start, end), if it has one.
type PrebuiltRange = Option<(usize, usize)>;

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

/// From this many files, a directory is read on all cores.
const PARALLEL_MIN_FILES: usize = 64;

/// Why a symbolic link in a pathway set is refused (its target is never opened or read).
pub(super) const LINK_IN_SET: &str =
    "is a symbolic link; hcp does not follow links inside a pathway set: put the file itself here";

fn read_directory(dir: &Path) -> Result<Vec<RawFile>, LoadError> {
    // The directory given is the user's choice and may itself be a link; links inside it are not.
    let meta = fs::metadata(dir).map_err(|source| LoadError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    if !meta.is_dir() {
        return Err(LoadError::NotADirectory(dir.to_path_buf()));
    }
    let mut relatives = Vec::new();
    list_yaml(dir, "", &mut relatives)?;
    // A linked `catalogue/` or `assessment/` is reported, not listed: nothing is read through it.
    let mut linked = Vec::new();
    for sub in ["catalogue", "assessment"] {
        let path = dir.join(sub);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.is_dir() => list_yaml(&path, &format!("{sub}/"), &mut relatives)?,
            Ok(m) if m.file_type().is_symlink() => linked.push(RawFile {
                // Ends in `/`: counted as a broken catalogue (or framework) directory, not as a
                // pathway file.
                relative: format!("{sub}/"),
                display: path.display().to_string(),
                content: Err(LINK_IN_SET.to_string()),
            }),
            _ => {}
        }
    }
    relatives.sort();
    if relatives.is_empty() && linked.is_empty() {
        return Err(LoadError::Empty(dir.to_path_buf()));
    }
    let mut files = parallel::map_ordered(
        &relatives,
        relatives.len() >= PARALLEL_MIN_FILES,
        |relative| {
            let path = dir.join(relative);
            RawFile {
                display: path.display().to_string(),
                content: read_text(&path, &yaml::PATHWAY_LIMITS, Links::Refuse),
                relative: relative.clone(),
            }
        },
    );
    files.extend(linked);
    files.sort_by(|a, b| a.relative.cmp(&b.relative));
    Ok(files)
}

fn list_yaml(dir: &Path, prefix: &str, out: &mut Vec<String>) -> Result<(), LoadError> {
    let entries = fs::read_dir(dir).map_err(|source| LoadError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
        // Anything named like a YAML file is listed (a directory, a link, a FIFO, a device) so
        // the user hears about it; `read_text` refuses all but regular files without reading them.
        if is_yaml && !name.starts_with('.') {
            out.push(format!("{prefix}{name}"));
        }
    }
    Ok(())
}

/// Whether a file that failed to parse as pathway data is a family file: it has keys no pathway,
/// catalogue or framework file has (`nhs_number`, `date_of_birth`, `expected_date_of_delivery`),
/// or `reference` or `name` together with `child`, `dimensions`, `assessment_date` or
/// `practitioner`. Keys are found in block and flow style, quoted or not, at any depth. Only
/// asked of files that did not parse, so prose in valid pathway data can never trip it.
fn looks_like_family_file(text: &str) -> bool {
    let keys = keys_in(yaml::strip_bom(text));
    let has = |k: &str| keys.contains(&k);
    let identifying = has("reference") || has("name");
    let about_a_child =
        has("child") || has("dimensions") || has("assessment_date") || has("practitioner");
    has("nhs_number")
        || has("date_of_birth")
        || has("expected_date_of_delivery")
        || (identifying && about_a_child)
}

/// Words written as mapping keys (`key:` followed by a space or the end of the line), after a
/// line start, an indent, `- `, `{`, `,` or an opening quote.
fn keys_in(text: &str) -> Vec<&str> {
    let mut keys = Vec::new();
    for line in text.lines() {
        let bytes = line.as_bytes();
        let mut start = None;
        for (i, &b) in bytes.iter().enumerate() {
            let word = b.is_ascii_lowercase() || b == b'_';
            match (start, word) {
                (None, true) => {
                    let before = i.checked_sub(1).map(|j| bytes[j]);
                    if before.is_none_or(|c| matches!(c, b' ' | b'{' | b',' | b'"' | b'\'' | b'-'))
                    {
                        start = Some(i);
                    }
                }
                (Some(from), false) => {
                    let after = &line[i..];
                    let after = after.strip_prefix(['"', '\'']).unwrap_or(after);
                    if after
                        .strip_prefix(':')
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with([' ', '\t']))
                    {
                        keys.push(&line[from..i]);
                    }
                    start = None;
                }
                _ => {}
            }
        }
    }
    keys
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
    /// The deserializer's error, and every way the file departs from its schema.
    Invalid(yaml::YamlError, Vec<shape::Violation>),
}

fn parse_file(relative: &str, content: &Result<String, String>) -> Parsed {
    let text = match content {
        Ok(text) => text,
        Err(reason) => return Parsed::Unreadable(reason.clone()),
    };
    let (parsed, kind) = if is_catalogue(relative) {
        (
            yaml::from_str(text).map(Parsed::Catalogue),
            SchemaKind::Catalogue,
        )
    } else if relative.starts_with("assessment/") {
        (
            yaml::from_str(text).map(Parsed::Assessment),
            SchemaKind::Assessment,
        )
    } else {
        (
            yaml::from_str(text).map(Parsed::Pathway),
            SchemaKind::Pathway,
        )
    };
    match parsed {
        Ok(parsed) => parsed,
        Err(_) if looks_like_family_file(text) => Parsed::FamilyFile,
        Err(err) => {
            // Well-formed YAML of the wrong shape: find every mistake, not only the first.
            let violations = if err.kind == YamlErrorKind::Shape {
                shape::violations(kind, text)
            } else {
                Vec::new()
            };
            Parsed::Invalid(err, violations)
        }
    }
}

/// Below this much YAML, starting threads costs more than it saves.
const PARALLEL_MIN_BYTES: usize = 64 * 1024;

/// `parse_file` over every file, on all cores for a large set; results in file order.
fn parse_all(raw: &[RawFile]) -> Vec<Parsed> {
    let bytes: usize = raw
        .iter()
        .map(|f| f.content.as_ref().map_or(0, String::len))
        .sum();
    parallel::map_ordered(raw, bytes >= PARALLEL_MIN_BYTES, |f| {
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
                    Code::UnreadableFile,
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
                    Code::InvalidShape,
                    0,
                    0,
                    String::new(),
                    "this looks like a family file (it has keys such as `reference`, `nhs_number`, `child` or `dimensions`), not pathway data".to_string(),
                    Some("files about children do not belong in the pathway directory: move it out, and assess it with `hcp assess`".to_string()),
                ));
            }
            Parsed::Invalid(err, violations) => {
                note_unparsed(&mut library, &file.relative);
                for v in shape_findings(&err, violations, &text) {
                    diagnostics.push(finding(v.code, v.line, v.column, v.path, v.message, v.help));
                }
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

/// One finding about a file's shape, before it is given the file's name.
struct ShapeFinding {
    code: Code,
    line: u64,
    column: u64,
    path: String,
    message: String,
    help: Option<String>,
}

/// The findings of a file that did not deserialize: every schema violation, each where it stands,
/// with the deserializer's own error in hcp's words in place of those at its position
/// ([`shape::merge`]); the deserializer's error alone when the schema had nothing to say (a
/// syntax error, a budget, a rule the schema cannot express).
fn shape_findings(
    err: &yaml::YamlError,
    violations: Vec<shape::Violation>,
    text: &str,
) -> Vec<ShapeFinding> {
    let help_for = |unknown: Option<(&str, Vec<&str>)>| {
        unknown.and_then(|(input, expected)| {
            did_you_mean(input, expected.iter().copied())
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| {
                    (!expected.is_empty())
                        .then(|| format!("expected one of: {}", expected.join(", ")))
                })
        })
    };
    let (parser_error, violations) = shape::merge((err.line, err.column, &err.message), violations);
    let mut findings = Vec::new();
    if let shape::ParserError::At(line, column) = parser_error {
        let (code, help) = match err.kind {
            YamlErrorKind::Syntax | YamlErrorKind::Budget => (Code::InvalidYaml, None),
            YamlErrorKind::Shape => (
                Code::InvalidShape,
                help_for(
                    err.unknown
                        .as_ref()
                        .map(|(input, expected)| (input.as_str(), expected.clone())),
                ),
            ),
        };
        let path = if line > 0 {
            yaml::path_at_line(text, line)
        } else {
            String::new()
        };
        findings.push(ShapeFinding {
            code,
            line,
            column,
            path,
            message: err.message.clone(),
            help,
        });
    }
    for v in violations {
        let help = help_for(v.unknown.as_ref().map(|(input, expected)| {
            (
                input.as_str(),
                expected.iter().map(String::as_str).collect(),
            )
        }))
        .or(v.hint);
        findings.push(ShapeFinding {
            code: Code::InvalidShape,
            line: v.line,
            column: v.column,
            path: v.path,
            message: v.message,
            help,
        });
    }
    findings.sort_by_key(|f| (f.line, f.column));
    findings
}

/// Some text that lies inside the prebuilt data.
#[cfg(test)]
fn embedded_sample() -> Option<&'static str> {
    let at = PREBUILT_DATA.windows(9).position(|w| w == b"universal")?;
    std::str::from_utf8(PREBUILT_DATA.get(at..at + 9)?).ok()
}

/// The bundled set built from the MessagePack that `build.rs` converted it to, skipping YAML
/// parsing (most of a command's start-up); without the assessment framework unless
/// `with_assessment`. `None` when any file has no prebuilt form or does not deserialize from it:
/// the caller then parses the YAML, which reports why with positions. The prebuilt form carries
/// no source positions, so findings must come from the YAML path; see `check::validate_as_of`.
pub fn load_prebuilt(with_assessment: bool) -> Option<Library> {
    // The model's text then borrows from this data instead of copying it.
    crate::model::text::set_embedded_data(PREBUILT_DATA);
    let mut library = Library::default();
    for (relative, text, range) in PREBUILT {
        // Every file must have converted cleanly, even one this command leaves out.
        let (start, end) = (*range)?;
        let bytes = PREBUILT_DATA.get(start..end)?;
        if !with_assessment && relative.starts_with("assessment/") {
            continue;
        }
        let id = FileId(library.files.len());
        if is_catalogue(relative) {
            library.add_catalogue(id, rmp_serde::from_slice(bytes).ok()?);
        } else if relative.starts_with("assessment/") {
            library
                .assessments
                .push((id, rmp_serde::from_slice(bytes).ok()?));
        } else {
            library
                .pathways
                .push((id, rmp_serde::from_slice(bytes).ok()?));
        }
        library.files.push(SourceFile {
            relative: (*relative).to_string(),
            display: format!("pathways/{relative}"),
            text: std::borrow::Cow::Borrowed(*text),
        });
    }
    library.prebuilt = true;
    library.reindex();
    Some(library)
}

/// Read and parse a pathway set.
pub fn load_source(source: &PathwaySource) -> Result<(Library, Vec<Diagnostic>), LoadError> {
    Ok(load(read_source(source)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_read_from_the_prebuilt_data_borrows_it() {
        let library = load_prebuilt(true).expect("the bundled set is prebuilt");
        let (_, universal) = library.universal_pathway().expect("it has Universal");
        assert!(universal.title.is_embedded());
        let inside = embedded_sample().expect("the bundled set is prebuilt");
        let text: crate::model::text::Text =
            serde_json::from_str(&format!("{inside:?}")).expect("a JSON string");
        // Read from elsewhere (a JSON string here), the same characters are owned.
        assert!(!text.is_embedded());
    }

    #[test]
    fn a_pathway_added_after_indexing_is_still_found() {
        let mut lib = load_prebuilt(false).expect("the bundled set is prebuilt");
        assert!(lib.pathway("universal").is_some());
        let (file, universal) = lib
            .universal_pathway()
            .expect("the bundled set has Universal");
        assert_eq!(universal.id.value, "universal");
        assert_eq!(lib.files[file.0].relative, "universal.yaml");
        assert!(lib.pathway("local-variant").is_none());
        let (file, mut variant) = lib.pathways[0].clone();
        variant.id.value = crate::model::text::Text::from("local-variant");
        lib.pathways.push((file, variant));
        // Not reindexed: found by a scan.
        assert!(lib.pathway("local-variant").is_some());
        lib.reindex();
        assert!(lib.pathway("local-variant").is_some());
        assert!(lib.pathway("no-such-pathway").is_none());
    }

    #[test]
    fn family_files_are_recognised_in_any_style() {
        let block = "reference: F-1\nname: Jane\nchild:\n  age: 2y\n";
        let flow = "{reference: F-1, name: Jane Smith, child: {age: 2y}}\n";
        let quoted = "\"reference\": F-1\n\"dimensions\": {}\n";
        let identifying_only = "name: Jane Smith\nnhs_number: 943 476 5919\n";
        let nested = "- {date_of_birth: 2024-01-01}\n";
        for text in [block, flow, quoted, identifying_only, nested] {
            assert!(looks_like_family_file(text), "{text}");
        }
    }

    #[test]
    fn pathway_data_is_not_a_family_file() {
        let pathway = "id: x\ntitle: X\nsummary: X\nsource: test\ninterventions:\n  - id: x.a\n    title: A\n";
        let prose = "description: the child's name: given at the reference visit\n";
        assert!(!looks_like_family_file(pathway));
        assert!(!looks_like_family_file(prose));
        for (relative, text) in EMBEDDED {
            assert!(!looks_like_family_file(text), "{relative}");
        }
    }
}

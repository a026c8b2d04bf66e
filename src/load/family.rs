//! Reading a family file (`hcp assess`): the files named or found in the directories named, each
//! read only if it is a regular file (a link to one is followed) and only up to the size limit, then
//! parsed under the family budgets into a [`FamilyFile`]. Messages never repeat a key or a value
//! from the file: only the format's own keys, expected types and positions (HCP101). Checking it against the framework is
//! `check::family`.

use std::fs;
use std::path::{Path, PathBuf};

use super::Links;

use crate::load::yaml::{self, YamlErrorKind};
use crate::model::diagnostic::{Code, Diagnostic, Severity, did_you_mean};
use crate::model::family::FamilyFile;

/// A path given to `hcp assess` could not be looked at or listed.
#[derive(Debug, thiserror::Error)]
pub enum ListError {
    /// The path does not exist or its metadata cannot be read.
    // The OS reason is the error's source; anyhow's `{:#}` prints it once, after this.
    #[error("cannot read `{}`", path.display())]
    Path {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The directory could not be listed.
    #[error("cannot list `{}`", path.display())]
    Directory {
        /// The directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
}

/// The family files the paths name, and the sub-folders left out.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listed {
    /// The files, in the order of the paths given; a directory's in path order.
    pub files: Vec<PathBuf>,
    /// Sub-folders of a directory given that were not looked into (without `--recursive`), and
    /// links to folders inside one (never followed, so a link cannot make a loop): named so a
    /// caseload never loses a family without saying so.
    pub skipped: Vec<SkippedFolder>,
}

/// A folder inside a directory given that was not looked into.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedFolder {
    /// Its path.
    pub path: PathBuf,
    /// It is a link to a folder (never followed), not a sub-folder left out without `--recursive`.
    pub link: bool,
}

/// The family files the paths name (a path that does not exist, among several, is listed so that
/// [`read`] reports it; alone, it is a [`ListError`]): a file as it is (whatever it is: [`read`] refuses what is not
/// a regular file, as HCP101), and for a directory (or a link to one) every entry named `*.yaml`
/// or `*.yml` that is not a directory, sorted; with `recursive`, those of its sub-folders at any
/// depth too (sorted by path), else the sub-folders are [`Listed::skipped`]. Nothing is opened here. A FIFO, device, socket or
/// link to one named like a family file is listed so that [`read`] reports it, never skipped
/// silently: a caseload must not lose a family without saying so.
pub fn list(paths: &[PathBuf], recursive: bool) -> Result<Listed, ListError> {
    let mut listed = Listed::default();
    for path in paths {
        let meta = match fs::metadata(path) {
            Ok(meta) => meta,
            // Among several paths, one that cannot be looked at is a file that failed (reported
            // by `read`, HCP101), and the rest are still assessed; given alone, it is an error.
            Err(_)
                if paths.len() > 1
                    && fs::symlink_metadata(path)
                        .is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound) =>
            {
                listed.files.push(path.clone());
                continue;
            }
            Err(source) => {
                return Err(ListError::Path {
                    path: path.clone(),
                    source,
                });
            }
        };
        if !meta.is_dir() {
            listed.files.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        list_directory(path, recursive, &mut found, &mut listed.skipped)?;
        found.sort();
        listed.files.extend(found);
    }
    Ok(listed)
}

/// The family files in `dir` (and, with `recursive`, in its sub-folders), unsorted; sub-folders
/// not looked into go to `skipped`.
fn list_directory(
    dir: &Path,
    recursive: bool,
    found: &mut Vec<PathBuf>,
    skipped: &mut Vec<SkippedFolder>,
) -> Result<(), ListError> {
    let entries = fs::read_dir(dir).map_err(|source| ListError::Directory {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut entries: Vec<PathBuf> = entries.flatten().map(|entry| entry.path()).collect();
    entries.sort();
    for p in entries {
        // `metadata` follows a link; a broken link is not a folder, and is reported by `read`
        // when it is named like a family file.
        let is_dir = fs::metadata(&p).is_ok_and(|m| m.is_dir());
        if is_dir {
            let is_link = fs::symlink_metadata(&p).is_ok_and(|m| m.file_type().is_symlink());
            if recursive && !is_link {
                list_directory(&p, recursive, found, skipped)?;
            } else {
                skipped.push(SkippedFolder {
                    path: p,
                    link: is_link,
                });
            }
        } else if matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")) {
            found.push(p);
        }
    }
    Ok(())
}

/// Read and parse the family file at `path`, named `display` in findings.
pub fn read(path: &Path, display: &str) -> Result<FamilyFile, Vec<Diagnostic>> {
    let text = super::read_text(path, &yaml::FAMILY_LIMITS, Links::Follow).map_err(|reason| {
        vec![Diagnostic {
            code: Code::FamilyFileInvalid,
            severity: Severity::Error,
            file: display.to_string(),
            line: 0,
            column: 0,
            path: String::new(),
            message: format!("cannot read this file: it {reason}"),
            help: None,
        }]
    })?;
    parse(display, &text)
}

/// Parse a family file's text, named `display` in findings: every way its shape departs from
/// the family file format, each where it stands (`shape::violations_redacted`), with the
/// parser's own error in place of those at its position. Nothing the file wrote is repeated.
pub fn parse(display: &str, text: &str) -> Result<FamilyFile, Vec<Diagnostic>> {
    yaml::from_str_redacted(text).map_err(|err| {
        let finding = |line, column, message, help| Diagnostic {
            code: Code::FamilyFileInvalid,
            severity: Severity::Error,
            file: display.to_string(),
            line,
            column,
            path: if line > 0 {
                yaml::path_at_line_redacted(text, line)
            } else {
                String::new()
            },
            message,
            help,
        };
        let violations = if err.kind == YamlErrorKind::Shape {
            super::shape::violations_redacted(text)
        } else {
            Vec::new()
        };
        let (parser_error, violations) =
            super::shape::merge((err.line, err.column, &err.message), violations);
        let mut findings = Vec::new();
        if let super::shape::ParserError::At(line, column) = parser_error {
            let help = err.unknown.as_ref().and_then(|(input, expected)| {
                did_you_mean(input, expected.iter().copied())
                    .map(|s| format!("did you mean `{s}`?"))
            });
            let message = match err.kind {
                YamlErrorKind::Syntax => format!("not well-formed YAML: {}", err.message),
                YamlErrorKind::Shape => format!("not a family file: {}", err.message),
                // Budget messages already say what was too big and the limit.
                YamlErrorKind::Budget => format!("refused: {}", err.message),
            };
            findings.push(finding(line, column, message, help));
        }
        for v in violations {
            let help = v
                .unknown
                .as_ref()
                .and_then(|(input, expected)| {
                    did_you_mean(input, expected.iter().map(String::as_str))
                        .map(|s| format!("did you mean `{s}`?"))
                })
                .or(v.hint);
            findings.push(finding(
                v.line,
                v.column,
                format!("not a family file: {}", v.message),
                help,
            ));
        }
        findings.sort_by_key(|d| (d.line, d.column));
        findings
    })
}

/// The files named, each once, in order, and the names given more than once (`assess`, `schedule`
/// and `kpi` read a file named twice once, and say so).
pub fn unique(files: &[PathBuf]) -> (Vec<&PathBuf>, Vec<String>) {
    let mut once = Vec::with_capacity(files.len());
    let mut repeated: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for file in files {
        if seen.insert(identity(file)) {
            once.push(file);
        } else {
            let name = file.display().to_string();
            if !repeated.contains(&name) {
                repeated.push(name);
            }
        }
    }
    (once, repeated)
}

/// The references carried by more than one record, sorted: two children's records may have been
/// merged, or one child's given twice.
pub fn repeated_references<'a>(references: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    let mut repeated = std::collections::BTreeSet::new();
    for r in references {
        if !seen.insert(r) {
            repeated.insert(r.to_string());
        }
    }
    repeated.into_iter().collect()
}

/// What makes two paths the same file: its device and inode on Unix (one `stat`, where
/// `canonicalize` walks every component of the path), else its canonical path; the path as given
/// when it cannot be read (the read then reports why).
fn identity(file: &Path) -> Identity {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let Ok(m) = fs::metadata(file) {
            return Identity::Inode(m.dev(), m.ino());
        }
    }
    Identity::Path(fs::canonicalize(file).unwrap_or_else(|_| file.to_path_buf()))
}

/// See [`identity`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Identity {
    /// Device and inode.
    #[cfg_attr(not(unix), allow(dead_code))]
    Inode(u64, u64),
    /// A canonical path.
    Path(PathBuf),
}

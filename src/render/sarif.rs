//! SARIF 2.1.0, for code-scanning uploads: the rules in `runs[0].tool.driver.rules` (each with
//! `help`, as `hcp rule CODE` explains it), one result per finding, its file a URI relative to
//! `%SRCROOT%` (`originalUriBaseIds`: the repository, or `--base DIR`) and a `partialFingerprints`
//! entry that stays the same while the finding does. Typed structs, their fields in alphabetical
//! order.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use serde::Serialize;

use super::text::caret_fits;
use super::{Findings, Render};
use crate::answer::provenance::Provenance;
use crate::check::RULES;
use crate::model::diagnostic::{Code, Diagnostic};

/// SARIF 2.1.0, with the run's provenance in `runs[0].properties`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sarif<'p>(pub Option<&'p Provenance>);

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    runs: [Run<'a>; 1],
    version: &'static str,
}

/// Where the files a SARIF log names are: `root` is `%SRCROOT%` (absolute), and a relative file
/// name is read from `cwd`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriBase {
    /// `%SRCROOT%`: the repository (or `--base DIR`), absolute.
    pub root: PathBuf,
    /// The directory relative file names are relative to, absolute.
    pub cwd: PathBuf,
}

/// The id of the base every artifact URI is relative to, as code-scanning tools expect it.
const SRCROOT: &str = "%SRCROOT%";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    original_uri_base_ids: BTreeMap<&'static str, BaseLocation>,
    /// A SARIF property bag: hcp's version, the pathway set checked and the as-of date.
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<&'a Provenance>,
    results: Vec<SarifResult<'a>>,
    tool: Tool,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

/// `%SRCROOT%` as an absolute `file:` URI ending in `/`.
#[derive(Serialize)]
struct BaseLocation {
    uri: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    /// The project's address, when it has one (the README's); never a made-up one.
    #[serde(skip_serializing_if = "Option::is_none")]
    information_uri: Option<&'static str>,
    name: &'static str,
    rules: Vec<ReportingDescriptor>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    default_configuration: Configuration,
    full_description: Message<&'static str>,
    help: Help,
    id: Code,
    name: &'static str,
    short_description: Message<&'static str>,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
struct Message<T> {
    text: T,
}

/// A rule's help, as `hcp rule CODE` gives it, in plain text and Markdown.
#[derive(Serialize)]
struct Help {
    markdown: String,
    text: String,
}

fn help(r: &crate::check::Rule) -> Help {
    Help {
        markdown: format!(
            "**{} {}** ({})\n\n{}\n\n{}\n\nRun `hcp rule {}` for this text, and `hcp validate` to check again.",
            r.code,
            r.code.name(),
            r.severity.as_str(),
            r.summary,
            r.explanation,
            r.code
        ),
        text: format!(
            "{} {} ({})\n\n{}\n\n{}",
            r.code,
            r.code.name(),
            r.severity.as_str(),
            r.summary,
            r.explanation
        ),
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<String>,
    partial_fingerprints: BTreeMap<&'static str, String>,
    properties: Properties<'a>,
    rule_id: Code,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location<'a> {
    physical_location: PhysicalLocation<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation<'a> {
    artifact_location: ArtifactLocation<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    region: Option<Region>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// `path` with `.` and `..` taken out by reading them (no file system access: a link is not
/// resolved, as a code-scanning tool does not resolve one either).
fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

/// A path's components joined with `/`, as a URI path needs them.
fn slashed(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// A file named in a finding as an artifact location: relative to `%SRCROOT%` when it is inside
/// it, else an absolute `file:` URI; as given (a relative reference) when there is no base.
fn artifact<'a>(file: &'a str, base: Option<&UriBase>) -> ArtifactLocation<'a> {
    let Some(base) = base else {
        return ArtifactLocation {
            uri: uri_reference(file),
            uri_base_id: None,
        };
    };
    let absolute = lexical(&base.cwd.join(file));
    match absolute.strip_prefix(lexical(&base.root)) {
        Ok(relative) => ArtifactLocation {
            uri: Cow::Owned(uri_reference(&slashed(relative)).into_owned()),
            uri_base_id: Some(SRCROOT),
        },
        Err(_) => ArtifactLocation {
            uri: Cow::Owned(format!("file:///{}", uri_reference(&slashed(&absolute)))),
            uri_base_id: None,
        },
    }
}

/// A finding's fingerprint: the first 16 bytes (hex) of SHA-256 over its code, data path and file
/// (as its URI), NUL-separated. It does not move when lines are added above the finding, and it
/// is the same on every machine.
fn fingerprint(d: &Diagnostic, uri: &str) -> String {
    let key = format!("{}\0{}\0{}", d.code, d.path, uri);
    crate::load::digest::sha256(key.as_bytes())[..16]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A file name as a URI reference (RFC 3986): unreserved characters and `/` as they are, every
/// other byte percent-encoded, so a name with a space, a `%`, a `:` or a newline is still a valid
/// reference to the same file.
fn uri_reference(path: &str) -> Cow<'_, str> {
    let keep = |b: u8| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/');
    if path.bytes().all(keep) {
        return Cow::Borrowed(path);
    }
    let mut out = String::with_capacity(path.len() + 8);
    for b in path.bytes() {
        if keep(b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    Cow::Owned(out)
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(skip_serializing_if = "Option::is_none")]
    start_column: Option<u64>,
    start_line: u64,
}

#[derive(Serialize)]
struct Properties<'a> {
    path: &'a str,
}

fn result<'a>(d: &'a Diagnostic, base: Option<&UriBase>) -> SarifResult<'a> {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!(" ({help})"));
    }
    // A column past the end of a cut excerpt is left out, as the text caret is.
    let region = (d.line > 0).then(|| Region {
        start_column: caret_fits(d.column).then_some(d.column),
        start_line: d.line,
    });
    let artifact_location = artifact(&d.file, base);
    let partial_fingerprints =
        BTreeMap::from([("hcpFinding/v1", fingerprint(d, &artifact_location.uri))]);
    SarifResult {
        level: d.severity.as_str(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location,
                region,
            },
        }],
        message: Message { text: message },
        partial_fingerprints,
        properties: Properties { path: &d.path },
        rule_id: d.code,
    }
}

impl Render<Findings<'_>> for Sarif<'_> {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        let rules = RULES
            .iter()
            .map(|r| ReportingDescriptor {
                default_configuration: Configuration {
                    level: r.severity.as_str(),
                },
                full_description: Message {
                    text: r.explanation,
                },
                help: help(r),
                id: r.code,
                name: r.code.name(),
                short_description: Message { text: r.summary },
            })
            .collect();
        let log = Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: [Run {
                original_uri_base_ids: f
                    .base
                    .map(|base| {
                        let root = slashed(&lexical(&base.root));
                        let uri = if root.is_empty() {
                            "file:///".to_string()
                        } else {
                            format!("file:///{}/", uri_reference(&root))
                        };
                        BTreeMap::from([(SRCROOT, BaseLocation { uri })])
                    })
                    .unwrap_or_default(),
                properties: self.0,
                results: f.diagnostics.iter().map(|d| result(d, f.base)).collect(),
                tool: Tool {
                    driver: Driver {
                        information_uri: option_env!("CARGO_PKG_REPOSITORY")
                            .filter(|uri| !uri.is_empty()),
                        name: "hcp",
                        rules,
                        version: env!("CARGO_PKG_VERSION"),
                    },
                },
            }],
            version: "2.1.0",
        };
        serde_json::to_writer_pretty(&mut *out, &log)?;
        out.write_all(b"\n")
    }
}

#[cfg(test)]
mod tests {
    use super::{UriBase, artifact, uri_reference};

    #[test]
    fn files_are_relative_to_the_base_when_inside_it() {
        let base = UriBase {
            root: "/work/repo".into(),
            cwd: "/work/repo/sub".into(),
        };
        let inside = artifact("../pathways/my set.yaml", Some(&base));
        assert_eq!(inside.uri, "pathways/my%20set.yaml");
        assert_eq!(inside.uri_base_id, Some("%SRCROOT%"));
        let outside = artifact("/tmp/x/100%.yaml", Some(&base));
        assert_eq!(outside.uri, "file:///tmp/x/100%25.yaml");
        assert_eq!(outside.uri_base_id, None);
        let near = artifact("/work/repository/a.yaml", Some(&base));
        assert_eq!(near.uri, "file:///work/repository/a.yaml");
        let none = artifact("pathways/a.yaml", None);
        assert_eq!(none.uri, "pathways/a.yaml");
        assert_eq!(none.uri_base_id, None);
    }

    #[test]
    fn file_names_become_valid_uri_references() {
        assert_eq!(
            uri_reference("pathways/universal.yaml"),
            "pathways/universal.yaml"
        );
        assert_eq!(uri_reference("/tmp/set_1/a~b.yaml"), "/tmp/set_1/a~b.yaml");
        assert_eq!(uri_reference("my set/100%.yaml"), "my%20set/100%25.yaml");
        assert_eq!(uri_reference("a::b:c.yaml"), "a%3A%3Ab%3Ac.yaml");
        assert_eq!(uri_reference("x\ny"), "x%0Ay");
        assert_eq!(uri_reference("é.yaml"), "%C3%A9.yaml");
    }
}

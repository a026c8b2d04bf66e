//! SARIF 2.1.0, for code-scanning uploads: the rules in `runs[0].tool.driver.rules`, one result
//! per finding. Typed structs, their fields in the alphabetical order hcp has always printed them.

use std::borrow::Cow;
use std::io::{self, Write};

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

#[derive(Serialize)]
struct Run<'a> {
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    information_uri: &'static str,
    name: &'static str,
    rules: Vec<ReportingDescriptor>,
    version: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportingDescriptor {
    default_configuration: Configuration,
    full_description: Message<&'static str>,
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

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    level: &'static str,
    locations: [Location<'a>; 1],
    message: Message<String>,
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
struct ArtifactLocation<'a> {
    uri: Cow<'a, str>,
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

fn result(d: &Diagnostic) -> SarifResult<'_> {
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str(&format!(" ({help})"));
    }
    // A column past the end of a cut excerpt is left out, as the text caret is.
    let region = (d.line > 0).then(|| Region {
        start_column: caret_fits(d.column).then_some(d.column),
        start_line: d.line,
    });
    SarifResult {
        level: d.severity.as_str(),
        locations: [Location {
            physical_location: PhysicalLocation {
                artifact_location: ArtifactLocation {
                    uri: uri_reference(&d.file),
                },
                region,
            },
        }],
        message: Message { text: message },
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
                id: r.code,
                name: r.code.name(),
                short_description: Message { text: r.summary },
            })
            .collect();
        let log = Log {
            schema: "https://json.schemastore.org/sarif-2.1.0.json",
            runs: [Run {
                properties: self.0,
                results: f.diagnostics.iter().map(result).collect(),
                tool: Tool {
                    driver: Driver {
                        information_uri: "https://hcp.invalid/",
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
    use super::uri_reference;

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

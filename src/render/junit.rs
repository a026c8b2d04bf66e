//! JUnit XML: one test suite, one test case per file, failing with its errors; warnings go to
//! `<system-out>`.

use std::io::{self, Write};

use super::{Findings, Render};
use crate::model::diagnostic::{Diagnostic, Severity};

/// JUnit XML.
#[derive(Debug, Clone, Copy)]
pub(super) struct Junit;

fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

impl Render<Findings<'_>> for Junit {
    fn render(&self, f: &Findings<'_>, out: &mut dyn Write) -> io::Result<()> {
        let diagnostics = f.diagnostics;
        let mut files: Vec<&str> = f.library.files.iter().map(|f| f.display.as_str()).collect();
        for d in diagnostics {
            if !files.contains(&d.file.as_str()) {
                files.push(&d.file);
            }
        }
        let failing = files
            .iter()
            .filter(|f| {
                diagnostics
                    .iter()
                    .any(|d| d.file == **f && d.severity == Severity::Error)
            })
            .count();
        out.write_all(b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")?;
        writeln!(
            out,
            "<testsuites name=\"hcp validate\" tests=\"{}\" failures=\"{failing}\">",
            files.len()
        )?;
        writeln!(
            out,
            "  <testsuite name=\"hcp validate\" tests=\"{}\" failures=\"{failing}\">",
            files.len()
        )?;
        for file in files {
            let found: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.file == file).collect();
            write!(
                out,
                "    <testcase classname=\"hcp.validate\" name=\"{}\"",
                xml(file)
            )?;
            if found.is_empty() {
                out.write_all(b"/>\n")?;
                continue;
            }
            out.write_all(b">\n")?;
            for d in found {
                let text = format!(
                    "{}:{}:{}: {} {} ({})",
                    d.file, d.line, d.column, d.code, d.message, d.path
                );
                if d.severity == Severity::Error {
                    writeln!(
                        out,
                        "      <failure type=\"{}\" message=\"{}\">{}</failure>",
                        d.code,
                        xml(&d.message),
                        xml(&text)
                    )?;
                } else {
                    writeln!(
                        out,
                        "      <system-out>warning: {}</system-out>",
                        xml(&text)
                    )?;
                }
            }
            out.write_all(b"    </testcase>\n")?;
        }
        out.write_all(b"  </testsuite>\n</testsuites>\n")
    }
}

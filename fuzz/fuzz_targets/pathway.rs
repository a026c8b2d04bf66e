//! The pathway loader and every rule: `hcp::load::load` over the minimal valid set
//! (tests/fixtures/minimal, small so that each run is fast) with one file replaced or added by the
//! fuzz input, then `hcp::check::check_all`, the assessment framework, and every output format.
//!
//! Input: the first line is the file's path relative to the set (`universal.yaml`,
//! `catalogue/core.yaml`, `assessment/framework.yaml`, …); the rest is its content (bytes that
//! are not UTF-8 become the "cannot read" finding, as from disk).
#![no_main]

use std::sync::OnceLock;

use hcp::load::{self, PathwaySource, RawFile};
use hcp::render::{self, DiagnosticFormat, Style};
use libfuzzer_sys::fuzz_target;

fn minimal() -> &'static [RawFile] {
    static FILES: OnceLock<Vec<RawFile>> = OnceLock::new();
    FILES.get_or_init(|| {
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/minimal");
        load::read_source(&PathwaySource::Directory(dir)).expect("tests/fixtures/minimal")
    })
}

fuzz_target!(|data: &[u8]| {
    let split = data.iter().position(|b| *b == b'\n').unwrap_or(data.len());
    let Ok(relative) = std::str::from_utf8(&data[..split]) else {
        return;
    };
    let relative = relative.trim();
    if relative.is_empty() || relative.len() > 80 {
        return;
    }
    let body = data.get(split + 1..).unwrap_or_default();
    if body.len() as u64 > hcp::load::yaml::PATHWAY_LIMITS.bytes {
        return; // read_text refuses these before parsing.
    }
    let content = String::from_utf8(body.to_vec()).map_err(|_| "is not valid UTF-8".to_string());
    // The assessment framework is the slowest file to parse; leave it out unless the input is an
    // assessment file, so that each run is fast.
    let assessment = relative.starts_with("assessment/");
    let mut raw: Vec<RawFile> = minimal()
        .iter()
        .filter(|f| f.relative != relative)
        .filter(|f| assessment || !f.relative.starts_with("assessment/"))
        .cloned()
        .collect();
    raw.push(RawFile {
        relative: relative.to_string(),
        display: format!("pathways/{relative}"),
        content,
    });
    raw.sort_by(|a, b| a.relative.cmp(&b.relative));

    let (library, mut diagnostics) = load::load(raw);
    diagnostics.extend(hcp::check::check_all(&library));
    let _ = library.framework();
    let summary = hcp::model::diagnostic::Summary {
        files: library.files.len(),
        pathways: library.pathways.len(),
        errors: diagnostics.len(),
        ..Default::default()
    };
    for format in [
        DiagnosticFormat::Text,
        DiagnosticFormat::Json,
        DiagnosticFormat::Github,
        DiagnosticFormat::Sarif,
        DiagnosticFormat::Junit,
    ] {
        let findings = render::Findings {
            library: &library,
            diagnostics: &diagnostics,
            summary: &summary,
            ok: false,
            base: None,
        };
        let _ = render::diagnostics(format, Style::default(), &findings, None, &mut Vec::new());
    }
});

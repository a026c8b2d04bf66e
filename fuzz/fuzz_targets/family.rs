//! The family loader: `hcp::family::load` with the bundled assessment framework, then scoring,
//! the report and every output format for what loads.
#![no_main]

use std::sync::OnceLock;

use hcp::assess::Framework;
use hcp::library::Library;
use hcp::load::PathwaySource;
use hcp::render::{self, AssessFormat};
use libfuzzer_sys::fuzz_target;

fn bundled() -> &'static (Library, Framework) {
    static SET: OnceLock<(Library, Framework)> = OnceLock::new();
    SET.get_or_init(|| {
        let v = hcp::validate(&PathwaySource::Bundled).expect("bundled set");
        let fw = Framework::from_library(&v.library).expect("bundled framework");
        (v.library, fw)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (library, framework) = bundled();
    let today = jiff::civil::date(2026, 11, 25);
    match hcp::family::load("family.yaml", text, framework, today) {
        Ok(family) => {
            let report = hcp::assess::report(library, framework, &family, None);
            for format in [
                AssessFormat::Text,
                AssessFormat::Json,
                AssessFormat::Markdown,
            ] {
                let _ = render::assessment(format, &report);
            }
            let row = hcp::assess::CaseRow::from(&report);
            for format in [AssessFormat::Text, AssessFormat::JsonLines] {
                let _ = render::caseload(format, std::slice::from_ref(&row), &[], 80);
            }
        }
        Err(diagnostics) => assert!(!diagnostics.is_empty(), "refused without a finding"),
    }
});

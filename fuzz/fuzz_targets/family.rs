//! The family loader: `hcp::answer::assess::family_from_text` with the bundled assessment framework, then scoring,
//! the report and every output format for what loads.
#![no_main]

use std::sync::OnceLock;

use hcp::model::framework::Framework;
use hcp::model::library::Library;
use hcp::check::Needs;
use hcp::load::PathwaySource;
use hcp::render::{self, AssessFormat};
use libfuzzer_sys::fuzz_target;

fn bundled() -> &'static (Library, Framework) {
    static SET: OnceLock<(Library, Framework)> = OnceLock::new();
    SET.get_or_init(|| {
        let today = jiff::civil::date(2026, 11, 25);
        let v = hcp::check::validate_as_of(&PathwaySource::Bundled, Needs::Everything, Some(today))
            .expect("bundled set");
        let fw = v.library.framework().expect("bundled framework");
        (v.library, fw)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (library, framework) = bundled();
    let today = jiff::civil::date(2026, 11, 25);
    match hcp::answer::assess::family_from_text("family.yaml", text, framework, today) {
        Ok(family) => {
            let report = hcp::answer::assess::report(library, framework, &family, None);
            for format in [
                AssessFormat::Text,
                AssessFormat::Json,
                AssessFormat::Markdown,
            ] {
                let _ = render::assessment(
                    format,
                    &report,
                    render::UNWRAPPED,
                    None,
                    &mut Vec::new(),
                );
            }
            let assessed = hcp::answer::assess::Assessed {
                rows: vec![hcp::answer::assess::CaseRow::from(&report)],
                files: 1,
                ..Default::default()
            };
            for format in [AssessFormat::Text, AssessFormat::JsonLines] {
                let _ = render::caseload(format, &assessed, 80, None, &mut Vec::new());
            }
        }
        Err(diagnostics) => assert!(!diagnostics.is_empty(), "refused without a finding"),
    }
});

//! The bundled set is read at start-up from the MessagePack that build.rs converted from the YAML
//! (so a command does not parse YAML first). These tests hold that shortcut to its promise: the model it
//! builds is the one the YAML gives, and any finding sends hcp back to the YAML.

use crate::common;
use hcp::load::{self, PathwaySource};

/// `Debug` output with every source location removed: the prebuilt form carries no positions, so those are
/// the one thing allowed to differ.
fn without_locations(debug: &str) -> String {
    const MARKER: &str = ", line: ";
    let mut out = String::with_capacity(debug.len());
    let mut rest = debug;
    while let Some(start) = rest.find(MARKER) {
        out.push_str(&rest[..start]);
        let after = &rest[start + MARKER.len()..];
        let digits = |s: &str| s.len() - s.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let line_len = digits(after);
        let tail = &after[line_len..];
        match tail.strip_prefix(", column: ") {
            Some(column) if line_len > 0 && digits(column) > 0 => {
                out.push_str(", LOC");
                rest = &column[digits(column)..];
            }
            _ => {
                out.push_str(MARKER);
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn the_prebuilt_bundled_set_is_the_yaml_set() {
    let prebuilt = load::load_prebuilt(true).expect("every bundled file has a prebuilt form");
    let (yaml, findings) = load::load(load::read_source(&PathwaySource::Bundled).unwrap());
    assert!(findings.is_empty(), "{findings:?}");

    assert_eq!(prebuilt.files.len(), yaml.files.len());
    for (a, b) in prebuilt.files.iter().zip(&yaml.files) {
        assert_eq!(
            (&a.relative, &a.display, &a.text),
            (&b.relative, &b.display, &b.text)
        );
    }
    let pathways =
        |lib: &hcp::model::library::Library| without_locations(&format!("{:?}", lib.pathways));
    assert_eq!(pathways(&prebuilt), pathways(&yaml));
    let catalogue =
        |lib: &hcp::model::library::Library| without_locations(&format!("{:?}", lib.catalogue));
    assert_eq!(catalogue(&prebuilt), catalogue(&yaml));
    let assessments =
        |lib: &hcp::model::library::Library| without_locations(&format!("{:?}", lib.assessments));
    assert_eq!(assessments(&prebuilt), assessments(&yaml));
    // The comparison is not vacuous: the model really was compared, locations aside.
    assert!(pathways(&yaml).contains("new-birth-visit"));
    assert!(pathways(&yaml).contains("LOC"));
}

#[test]
fn location_stripping_keeps_values() {
    let debug = "Spanned { value: \"x, line: 2\", line: 3, column: 17 }, Spanned { value: 1, line: 0, column: 0 }";
    assert_eq!(
        without_locations(debug),
        "Spanned { value: \"x, line: 2\", LOC }, Spanned { value: 1, LOC }"
    );
}

#[test]
fn validate_of_the_bundled_set_agrees_with_the_yaml_path() {
    let bundled = common::validate(&PathwaySource::Bundled).unwrap();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways");
    let from_yaml = common::validate(&PathwaySource::Directory(dir)).unwrap();
    assert_eq!(bundled.diagnostics.len(), from_yaml.diagnostics.len());
    assert_eq!(bundled.summary.errors, from_yaml.summary.errors);
    assert_eq!(bundled.summary.warnings, from_yaml.summary.warnings);
    assert_eq!(bundled.summary.files, from_yaml.summary.files);
    assert_eq!(bundled.summary.pathways, from_yaml.summary.pathways);
    assert_eq!(
        bundled.summary.interventions,
        from_yaml.summary.interventions
    );
}

#[test]
fn a_pathways_only_load_leaves_out_just_the_assessment_framework() {
    let all = load::load_prebuilt(true).unwrap();
    let pathways = load::load_prebuilt(false).unwrap();
    assert!(!all.assessments.is_empty());
    assert!(pathways.assessments.is_empty());
    assert_eq!(pathways.pathways.len(), all.pathways.len());
    assert_eq!(
        pathways.files.len(),
        all.files
            .iter()
            .filter(|f| !f.relative.starts_with("assessment/"))
            .count()
    );
    // It is still a clean set, so query, list and show answer from it.
    let v = common::validate_for(&PathwaySource::Bundled, hcp::check::Needs::Pathways).unwrap();
    assert_eq!((v.summary.errors, v.summary.warnings), (0, 0));
    assert!(v.library.assessments.is_empty());
}

/// The prebuilt model's text points into the data compiled into hcp instead of being copied onto
/// the heap (start-up time on a small VM is mostly fresh heap pages); text from a directory is
/// owned.
#[test]
fn the_prebuilt_model_borrows_its_text_from_the_binary() {
    let prebuilt = load::load_prebuilt(true).unwrap();
    let texts: Vec<&hcp::model::text::Text> = prebuilt
        .interventions()
        .flat_map(|(_, _, _, iv)| [&iv.id.value, &iv.title, &iv.description, &iv.lead.value])
        .chain(prebuilt.assessments.iter().flat_map(|(_, a)| {
            a.domains
                .iter()
                .flat_map(|d| &d.dimensions)
                .flat_map(|d| &d.indicators)
                .map(|i| &i.text)
        }))
        .collect();
    assert!(texts.len() > 700, "{}", texts.len());
    let copied: Vec<&str> = texts
        .iter()
        .filter(|t| !t.is_embedded())
        .map(|t| t.as_str())
        .collect();
    assert!(copied.is_empty(), "copied, not borrowed: {copied:?}");

    let (from_yaml, _) = load::load_source(&PathwaySource::Directory(
        concat!(env!("CARGO_MANIFEST_DIR"), "/pathways").into(),
    ))
    .unwrap();
    assert!(
        from_yaml
            .interventions()
            .all(|(_, _, _, iv)| !iv.title.is_embedded())
    );
}

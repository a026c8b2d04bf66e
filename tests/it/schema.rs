//! The JSON Schemas: shipped copies are current, every bundled file points at its schema, and
//! files the schema rejects are rejected by `hcp` too.

use crate::common;

use std::path::Path;

use hcp::model::schema::{SchemaKind, schema};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_schemas_are_up_to_date() {
    for kind in SchemaKind::ALL {
        let path = root().join("schemas").join(kind.file_name());
        let shipped = std::fs::read_to_string(&path).expect("shipped schema");
        assert!(
            shipped == schema(kind),
            "{} is stale: run `cargo run -- schema {} > schemas/{}`",
            path.display(),
            kind.name(),
            kind.file_name()
        );
        let value: serde_json::Value = serde_json::from_str(&shipped).unwrap();
        assert_eq!(value["$schema"], "http://json-schema.org/draft-07/schema#");
    }
}

#[test]
fn schema_command_prints_the_shipped_schema() {
    let out = common::run(&["schema", "family"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        schema(SchemaKind::Family)
    );
}

fn yaml_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

#[test]
fn every_bundled_file_and_example_points_at_its_schema() {
    for (dir, schema) in [
        ("pathways", "../schemas/pathway.schema.json"),
        ("pathways/catalogue", "../../schemas/catalogue.schema.json"),
        (
            "pathways/assessment",
            "../../schemas/assessment.schema.json",
        ),
        ("examples", "../schemas/family.schema.json"),
        ("examples/records", "../../schemas/family.schema.json"),
    ] {
        for file in yaml_files(&root().join(dir)) {
            let text = std::fs::read_to_string(&file).unwrap();
            let first = text.lines().next().unwrap_or_default();
            assert_eq!(
                first,
                format!("# yaml-language-server: $schema={schema}"),
                "{}",
                file.display()
            );
            assert!(file.parent().unwrap().join(schema).is_file());
        }
    }
}

#[test]
fn files_the_schema_rejects_hcp_rejects_too() {
    let bad = root().join("tests/schema-bad");
    for (kind, target) in [
        ("pathway", ""),
        ("catalogue", "catalogue/"),
        ("assessment", "assessment/"),
    ] {
        for file in yaml_files(&bad.join(kind)) {
            let set = common::minimal_with(None);
            let name = file.file_name().unwrap().to_string_lossy().into_owned();
            std::fs::copy(&file, set.path().join(format!("{target}{name}"))).unwrap();
            let out = common::hcp()
                .args(["validate", "--pathways"])
                .arg(set.path())
                .output()
                .unwrap();
            assert_eq!(
                out.status.code(),
                Some(1),
                "hcp accepted {}",
                file.display()
            );
            // Refused for what is wrong in the file, not only because a stray pathway file is
            // missing from the catalogue's pathway set (HCP014).
            let stdout = String::from_utf8_lossy(&out.stdout);
            let own_error = stdout
                .lines()
                .filter_map(|l| l.strip_prefix("error["))
                .any(|rest| !rest.starts_with("HCP014]"));
            assert!(
                own_error,
                "{}: only set-level findings\n{stdout}",
                file.display()
            );
        }
    }
    for file in yaml_files(&bad.join("family")) {
        let out = common::hcp()
            .arg("--pathways")
            .arg(common::fixtures().join("minimal"))
            .args(["assess", "--today", "2026-11-25"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(1),
            "hcp accepted {}",
            file.display()
        );
    }
}

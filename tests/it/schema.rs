//! The JSON Schemas: shipped copies are current, every bundled file points at its schema, and
//! files the schema rejects are rejected by `hcp` too.

use crate::common;

use std::path::Path;

use hcp::model::schema::SchemaKind;
use hcp::render::schema;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn shipped_schemas_are_up_to_date() {
    for kind in SchemaKind::ALL {
        let path = root().join(kind.shipped_path());
        let shipped = std::fs::read_to_string(&path).expect("shipped schema");
        assert!(
            shipped == schema(kind),
            "{} is stale: run `cargo run -- schema {} > {}`",
            path.display(),
            kind.name(),
            kind.shipped_path()
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
    let out = common::run(&["schema", "assess-line"]);
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        schema(SchemaKind::AssessLine)
    );
}

/// Every output schema says what docs/json.md says: `version`, `tool` and `command` are fixed,
/// and a field that may be left out is never null.
#[test]
fn output_schemas_pin_the_envelope_and_allow_no_null_for_optional_fields() {
    let query: serde_json::Value = serde_json::from_str(&schema(SchemaKind::QueryResult)).unwrap();
    assert_eq!(query["properties"]["command"]["const"], "query");
    assert_eq!(query["properties"]["tool"]["const"], "hcp");
    assert_eq!(query["properties"]["version"]["const"], 2);
    // A row's `status` is always there (null with no time); `empty_reason` is left out when
    // there is none.
    let row = &query["definitions"]["RowView"];
    assert!(
        row["required"]
            .as_array()
            .unwrap()
            .contains(&"status".into())
    );
    assert!(
        row["properties"]["status"]["type"]
            .as_array()
            .unwrap()
            .contains(&"null".into())
    );
    assert_eq!(query["properties"]["empty_reason"]["type"], "string");
    let assess: serde_json::Value =
        serde_json::from_str(&schema(SchemaKind::AssessResult)).unwrap();
    let band = &assess["definitions"]["DimensionOutcome"]["properties"]["band"];
    assert!(!band.to_string().contains("null"), "{band}");
}

/// Every JSON value of `value` that is a string, with where it is.
fn strings(value: &serde_json::Value, at: &str, out: &mut Vec<(String, String)>) {
    match value {
        serde_json::Value::String(s) => out.push((at.to_string(), s.clone())),
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings(v, &format!("{at}[{i}]"), out);
            }
        }
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                strings(v, &format!("{at}.{k}"), out);
            }
        }
        _ => {}
    }
}

/// Folded YAML text (`note: >`) ends in a newline; no text value of a JSON output does, and the
/// same field has the same type in every output (`missing`: dimension ids, in a report, a
/// caseload and JSON Lines).
#[test]
fn json_text_values_are_trimmed_and_missing_is_always_a_list() {
    let outputs = [
        common::run(&["query", "--age", "10d", "--all", "--format", "json"]),
        common::run(&["query", "--format", "json"]),
        common::run(&["show", "universal", "--format", "json"]),
        common::run(&["show", "C2", "--format", "json"]),
        common::run(&["show", "universal.new-birth-visit", "--format", "json"]),
        common::run(&["list", "core-purposes", "--format", "json"]),
        common::run(&[
            "assess",
            "examples/escalation.yaml",
            "--today",
            "2026-11-25",
            "--format",
            "json",
        ]),
    ];
    let mut checked = 0;
    for out in &outputs {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let value: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        let mut found = Vec::new();
        strings(&value, "$", &mut found);
        for (at, text) in found {
            assert_eq!(text, text.trim_end(), "{at}");
            checked += 1;
        }
    }
    assert!(checked > 1_000, "{checked}");
    let report: serde_json::Value = serde_json::from_slice(
        &common::run(&[
            "assess",
            "examples/incomplete.yaml",
            "--today",
            "2026-11-25",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    let single = report["outcome"]["missing"].as_array().unwrap().clone();
    assert!(!single.is_empty());
    for dimension in report["outcome"]["dimensions"].as_array().unwrap() {
        assert!(
            dimension.get("band").is_none_or(|b| b.is_string()),
            "{dimension}"
        );
    }
    let caseload: serde_json::Value = serde_json::from_slice(
        &common::run(&[
            "assess",
            "examples",
            "--today",
            "2026-11-25",
            "--format",
            "json",
        ])
        .stdout,
    )
    .unwrap();
    let row = caseload["families"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["reference"] == report["reference"])
        .unwrap();
    assert_eq!(row["missing"].as_array().unwrap(), &single);
    let lines = common::run(&[
        "assess",
        "examples",
        "--today",
        "2026-11-25",
        "--format",
        "jsonl",
    ]);
    let line = String::from_utf8_lossy(&lines.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .find(|l| l["reference"] == report["reference"])
        .unwrap();
    assert_eq!(line["missing"].as_array().unwrap(), &single);
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

/// Every object schema in `value` with its properties, wherever it is.
fn property_maps<'a>(value: &'a serde_json::Value, out: &mut Vec<&'a serde_json::Value>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(properties) = map.get("properties") {
                out.push(properties);
            }
            for v in map.values() {
                property_maps(v, out);
            }
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| property_maps(v, out)),
        _ => {}
    }
}

/// Issue #23: an editor shows a property's own words on hover (yaml-language-server takes the
/// deepest description it matches first), no `$ref` has siblings draft-07 would ignore, and no
/// schema carries a made-up `$id`.
#[test]
fn every_property_of_an_input_file_shows_its_own_words_first() {
    for kind in SchemaKind::ALL {
        let value: serde_json::Value = serde_json::from_str(&schema(kind)).unwrap();
        assert!(value.get("$id").is_none(), "{}", kind.name());
        if kind.is_output() {
            continue;
        }
        let definitions = value["definitions"]
            .as_object()
            .cloned()
            .unwrap_or_default();
        let mut maps = Vec::new();
        property_maps(&value, &mut maps);
        let mut checked = 0;
        for properties in maps {
            for (key, property) in properties.as_object().unwrap() {
                let own = property["description"].as_str().expect(key);
                if let Some(markdown) = property.get("markdownDescription") {
                    assert!(markdown.as_str().unwrap().starts_with(own), "{key}");
                }
                assert!(
                    property.get("$ref").is_none() || property.as_object().unwrap().len() == 1,
                    "{key}: a $ref with siblings"
                );
                // The definition the property's value is (not the items of a list or the values
                // of a map, which an editor describes by the list's or map's own words).
                let mut value = property.clone();
                let value = value.as_object_mut().unwrap();
                value.remove("items");
                value.remove("additionalProperties");
                let text = serde_json::Value::Object(value.clone()).to_string();
                for (name, definition) in &definitions {
                    if text.contains(&format!("\"#/definitions/{name}\"")) {
                        assert!(definition.get("description").is_none(), "{key} → {name}");
                    }
                }
                checked += 1;
            }
        }
        assert!(checked > 5, "{}: {checked}", kind.name());
    }
    let pathway: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Pathway)).unwrap();
    let due = &pathway["definitions"]["Intervention"]["properties"]["due"];
    let words = due["markdownDescription"].as_str().unwrap();
    assert!(words.starts_with("The age it is scheduled at"), "{words}");
    assert!(words.contains("`28w gestation`"), "{words}");
    let basis = &pathway["definitions"]["Basis"];
    assert_eq!(basis["enum"][1], "east-of-england");
    assert_eq!(
        basis["markdownEnumDescriptions"][1],
        "The East of England Best Practice Pathways."
    );
    assert!(
        pathway["definitions"]["Point"]["patternErrorMessage"]
            .as_str()
            .unwrap()
            .starts_with("not a timeline point")
    );
}

/// Issue #23: the family schema is as strict on shape as `hcp assess` — dates are dates in
/// YYYY-MM-DD, ages and gestations carry the strict age patterns, `reference` is text.
#[test]
fn the_family_schema_is_as_strict_as_hcp_assess_on_shape() {
    let family: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Family)).unwrap();
    let child = &family["definitions"]["Child"]["properties"];
    let done = &family["definitions"]["Done"]["properties"];
    for date in [
        &family["properties"]["assessment_date"],
        &child["date_of_birth"],
        &child["expected_date_of_delivery"],
        &done["date"],
    ] {
        assert_eq!(date["format"], "date", "{date}");
        assert_eq!(date["pattern"], "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "{date}");
    }
    let pathway: serde_json::Value = serde_json::from_str(&schema(SchemaKind::Pathway)).unwrap();
    let point = pathway["definitions"]["Point"]["pattern"].as_str().unwrap();
    let age = regex::Regex::new(child["age"]["pattern"].as_str().unwrap()).unwrap();
    let gestation = regex::Regex::new(child["gestation"]["pattern"].as_str().unwrap()).unwrap();
    let point = regex::Regex::new(point).unwrap();
    for text in ["2y", "7w", "birth", "2y6m", "8m29d"] {
        assert!(age.is_match(text) && point.is_match(text), "{text}");
    }
    for text in ["18 months", "2Y", "6y", "", " 2y", "02y"] {
        assert!(!age.is_match(text) && !point.is_match(text), "{text}");
    }
    assert!(gestation.is_match("30w") && gestation.is_match("11w6d"));
    assert!(!gestation.is_match("43w") && !gestation.is_match("30 weeks"));
    assert_eq!(family["properties"]["reference"]["type"], "string");
}

/// A non-canonical age in pathway data is refused with the canonical spelling as a did-you-mean;
/// in a family file with the reason only, never the value written.
#[test]
fn a_non_canonical_age_is_refused_with_the_canonical_spelling() {
    let set = common::minimal_with(None);
    std::fs::copy(
        root().join("tests/schema-bad/pathway/age-upper-case.yaml"),
        set.path().join("x.yaml"),
    )
    .unwrap();
    let out = common::hcp()
        .args(["validate", "--pathways"])
        .arg(set.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains(
            "invalid timeline point `8W`: in data files an age is written in lower case; did you mean `8w`?"
        ),
        "{stdout}"
    );
    assert!(stdout.contains("x.yaml:14:"), "{stdout}");
    let out = common::hcp()
        .arg("--pathways")
        .arg(common::fixtures().join("minimal"))
        .args(["assess", "--today", "2026-11-25"])
        .arg(root().join("tests/schema-bad/family/age-upper-case.yaml"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("`age` cannot be read: in data files an age is written in lower case"),
        "{stderr}"
    );
    assert!(stderr.contains("age-upper-case.yaml:3:"), "{stderr}");
    assert!(
        !stderr.contains("2Y") && !stderr.contains("2y`"),
        "{stderr}"
    );
    // The command line reads the same spelling leniently.
    let out = common::run(&["query", "--age", "8W", "--format", "json"]);
    assert!(out.status.success());
}

/// A validator for a shipped schema (the same draft the schemas declare).
fn output_validator(kind: SchemaKind) -> jsonschema::Validator {
    let schema: serde_json::Value = serde_json::from_str(&schema(kind)).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft7)
        .build(&schema)
        .unwrap()
}

/// Real `hcp` JSON output, parsed.
fn json_of(args: &[&str]) -> serde_json::Value {
    let out = common::hcp()
        .current_dir(root())
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "hcp {args:?}: {e}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// The errors of `instance` against `validator`, as text.
fn violations(validator: &jsonschema::Validator, instance: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn schedule_and_kpi_outputs_match_the_schemas_generated_from_their_types() {
    let schedule = output_validator(SchemaKind::ScheduleResult);
    let caseload = tempfile::tempdir().unwrap();
    common::copy_dir(&root().join("examples/records"), caseload.path());
    std::fs::write(
        caseload.path().join("broken.yaml"),
        "reference: T-BROKEN\nchild:\n  date_of_birth: 2026-02-30\n",
    )
    .unwrap();
    let worklist_dir = caseload.path().display().to_string();
    let outputs = [
        json_of(&[
            "schedule",
            "examples/records/record-overdue.yaml",
            "--format",
            "json",
        ]),
        json_of(&[
            "schedule",
            "examples/records/record-antenatal.yaml",
            "--format",
            "json",
        ]),
        json_of(&["schedule", &worklist_dir, "--format", "json"]),
    ];
    assert_eq!(outputs[2]["kind"], "worklist");
    assert_eq!(outputs[2]["failed"].as_array().map(Vec::len), Some(1));
    for output in &outputs {
        assert_eq!(
            violations(&schedule, output),
            Vec::<String>::new(),
            "{output:#}"
        );
    }
    // The schema holds the contract, not only the shape: a status hcp never writes, or a
    // worklist field in a child's schedule under the wrong kind, is refused.
    let mut wrong = outputs[0].clone();
    wrong["rows"][0]["status"] = "late".into();
    assert!(!violations(&schedule, &wrong).is_empty());
    let mut wrong = outputs[0].clone();
    wrong["kind"] = "worklist".into();
    assert!(!violations(&schedule, &wrong).is_empty());
    let mut wrong = outputs[0].clone();
    wrong["rows"][0]["from"] = "3 March 2026".into();
    assert!(!violations(&schedule, &wrong).is_empty());

    let kpi = output_validator(SchemaKind::KpiResult);
    let failed = common::fixtures().join("kpi-failed").display().to_string();
    let outputs = [
        json_of(&[
            "kpi",
            "examples/kpi",
            "--quarter",
            "2026-Q3",
            "--explain",
            "C8ii",
            "--format",
            "json",
        ]),
        json_of(&["kpi", &failed, "--quarter", "2026-Q3", "--format", "json"]),
    ];
    assert!(outputs[0]["explain"].is_object());
    assert!(!outputs[1]["failed"].as_array().unwrap().is_empty());
    for output in &outputs {
        assert_eq!(violations(&kpi, output), Vec::<String>::new(), "{output:#}");
    }
    let rows = outputs[0]["kpis"].as_array().unwrap();
    let computed = rows.iter().position(|r| r["computable"] == true).unwrap();
    let not = rows.iter().position(|r| r["computable"] == false).unwrap();
    // A KPI that cannot be computed carries no count, and says why.
    for (row, field, value) in [
        (not, "numerator", serde_json::json!(3)),
        (not, "denominator", serde_json::json!(50)),
        (not, "not_judged", serde_json::json!(7)),
        (computed, "numerator", serde_json::Value::Null),
        (computed, "not_judged", serde_json::Value::Null),
        (computed, "reason", serde_json::json!("why")),
    ] {
        let mut wrong = outputs[0].clone();
        wrong["kpis"][row][field] = value;
        assert!(
            !violations(&kpi, &wrong).is_empty(),
            "{field} accepted in row {row}"
        );
    }
    let mut wrong = outputs[0].clone();
    wrong["kpis"][computed]["percent"] = 120.5.into();
    assert!(!violations(&kpi, &wrong).is_empty());
    let mut wrong = outputs[0].clone();
    wrong["explain"]["not_judged"] = serde_json::json!([{ "reference": "X", "reason": "unknown" }]);
    assert!(!violations(&kpi, &wrong).is_empty());
}

#[test]
fn the_shipped_schemas_refuse_every_file_in_schema_bad_and_accept_every_bundled_one() {
    let bad = root().join("tests/schema-bad");
    for kind in [
        SchemaKind::Pathway,
        SchemaKind::Catalogue,
        SchemaKind::Assessment,
        SchemaKind::Family,
    ] {
        let validator = output_validator(kind);
        let files = yaml_files(&bad.join(kind.name()));
        assert!(!files.is_empty(), "{}", kind.name());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            assert!(
                !validator.is_valid(&value),
                "the {} schema accepts {}",
                kind.name(),
                file.display()
            );
        }
    }
    // And they do not refuse good data: every example family file, and every bundled pathway,
    // catalogue and assessment file.
    let family = output_validator(SchemaKind::Family);
    let mut examples = 0;
    for file in yaml_files(&root().join("examples")) {
        let text = std::fs::read_to_string(&file).unwrap();
        if !text.contains("assessment_date:") {
            continue;
        }
        examples += 1;
        let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
        assert_eq!(
            violations(&family, &value),
            Vec::<String>::new(),
            "{}",
            file.display()
        );
    }
    assert!(
        examples >= 3,
        "only {examples} example family files checked"
    );
    let pathways = root().join("pathways");
    for (kind, dir) in [
        (SchemaKind::Pathway, pathways.clone()),
        (SchemaKind::Catalogue, pathways.join("catalogue")),
        (SchemaKind::Assessment, pathways.join("assessment")),
    ] {
        let validator = output_validator(kind);
        let files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        assert!(!files.is_empty(), "{}", dir.display());
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            let value: serde_json::Value = serde_saphyr::from_str(&text).unwrap();
            assert_eq!(
                violations(&validator, &value),
                Vec::<String>::new(),
                "{}",
                file.display()
            );
        }
    }
}

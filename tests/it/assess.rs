//! `hcp assess`: every example in every format, incomplete assessments, caseloads, privacy, and the
//! engine's properties (monotone, order-independent, deterministic).

use crate::common;

use std::collections::BTreeMap;

use crate::common::ran;
use hcp::answer::assess::score;
use hcp::model::Level;
use hcp::model::framework::{Framework, Observations};
use proptest::prelude::*;

const TODAY: &str = "2026-11-25";
const EXAMPLES: [&str; 6] = [
    "universal",
    "universal-plus",
    "universal-partnership-plus",
    "escalation",
    "incomplete",
    "antenatal",
];

fn assess(args: &[&str]) -> common::Ran {
    let out = common::hcp()
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["assess", "--today", TODAY])
        .args(args)
        .output()
        .expect("runs");
    ran(out, None)
}

#[test]
fn every_example_in_every_format() {
    for name in EXAMPLES {
        let file = format!("examples/{name}.yaml");
        for format in ["text", "json", "markdown", "jsonl"] {
            let out = assess(&[&file, "--format", format]);
            assert_eq!(out.code, 0, "{file} {format}: {}", out.stderr);
            if format == "json" {
                let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON");
                assert_eq!(value["version"], 2);
                check_due_rows(&file, &value);
                let summary = summary_json(&value);
                assert_eq!(value["statement"], hcp::render::STATEMENT);
                // The assessment in full; each `due` row only as `id (level)` (checked field by
                // field above).
                insta::assert_snapshot!(format!("{name}_{format}"), summary);
            } else {
                insta::assert_snapshot!(format!("{name}_{format}"), out.stdout);
            }
        }
    }
}

/// A JSON report as pretty JSON, with each `due` row cut to `id (level)` (an id starts with its
/// pathway, as `check_due_rows` checks).
fn summary_json(report: &serde_json::Value) -> String {
    let mut summary = report.clone();
    let due: Vec<serde_json::Value> = report["due"]
        .as_array()
        .expect("due")
        .iter()
        .map(|row| {
            let (id, level) = (row["id"].as_str(), row["level"].as_str());
            format!("{} ({})", id.expect("id"), level.expect("level")).into()
        })
        .collect();
    summary["due"] = serde_json::Value::Array(due);
    serde_json::to_string_pretty(&summary).expect("JSON")
}

/// Every `due` row of a JSON report has every field of a query row (and no other), and is exactly
/// the row `hcp query --format json` gives for that intervention at the child's age.
fn check_due_rows(file: &str, report: &serde_json::Value) {
    const TEXT: [&str; 13] = [
        "pathway",
        "pathway_title",
        "level",
        "id",
        "title",
        "description",
        "stage",
        "timing",
        "lead",
        "lead_title",
        "source",
        "basis",
        "certainty",
    ];
    const LISTS: [&str; 5] = ["with", "kpis", "core_purposes", "tools", "interfaces"];
    const OPTIONAL: [&str; 6] = ["until_stage", "window", "due", "relative", "event", "note"];
    // The point-of-care fields (docs/json.md): always present, null where none.
    const POINT_OF_CARE: [&str; 15] = [
        "status",
        "timing_kind",
        "when",
        "from_day",
        "to_day",
        "from_gestation_day",
        "to_gestation_day",
        "catch_up_until_day",
        "late_kpi",
        "category",
        "born_from",
        "born_to",
        "offered_from",
        "offered_to",
        "priority",
    ];
    let due = report["due"].as_array().expect("due");
    assert!(!due.is_empty(), "{file}: nothing due");
    for row in due {
        let id = &row["id"];
        let fields = row.as_object().expect("a due row is an object");
        for key in TEXT {
            assert!(
                fields[key].as_str().is_some_and(|s| !s.trim().is_empty()),
                "{file}: {id} has no {key}: {row}"
            );
        }
        for key in LISTS {
            assert!(
                fields[key].is_array(),
                "{file}: {id} has no list {key}: {row}"
            );
        }
        let pathway = row["pathway"].as_str().unwrap_or_default();
        assert!(
            id.as_str()
                .is_some_and(|id| id.starts_with(&format!("{pathway}."))),
            "{file}: {id} is not in its pathway's namespace `{pathway}.`"
        );
        // What is listed is for now: never only coming up.
        assert!(
            matches!(
                row["status"].as_str(),
                Some("due" | "overdue" | "ongoing" | "if-needed" | "event")
            ),
            "{file}: {id} has status {}",
            row["status"]
        );
        for key in fields.keys() {
            assert!(
                TEXT.contains(&key.as_str())
                    || LISTS.contains(&key.as_str())
                    || OPTIONAL.contains(&key.as_str())
                    || POINT_OF_CARE.contains(&key.as_str()),
                "{file}: {id} has an unknown field {key}"
            );
        }
    }
    // The child's age as hcp prints it: `2 years 2 months and 15 days (day 806)` or
    // `30 weeks of pregnancy (gestation day 210)`.
    let child = report["child"].as_str().expect("child");
    let day = |marker: &str| -> Option<u32> {
        child
            .strip_suffix(')')
            .and_then(|c| c.rsplit_once(marker))
            .and_then(|(_, d)| d.parse().ok())
    };
    let at = match (day("(gestation day "), day("(day ")) {
        (Some(g), _) => ["--gestation".to_string(), format!("{}w{}d", g / 7, g % 7)],
        (None, Some(d)) => ["--age".to_string(), format!("{d}d")],
        _ => panic!("{file}: child `{child}`"),
    };
    let pathways: std::collections::BTreeSet<&str> = due
        .iter()
        .filter_map(|row| row["pathway"].as_str())
        .collect();
    let mut query = common::hcp();
    query.args(["query", "--format", "json"]).args(&at);
    for pathway in pathways {
        query.args(["--pathway", pathway]);
    }
    let out = ran(query.output().expect("runs"), None);
    assert_eq!(out.code, 0, "{file}: {}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("query JSON");
    let rows = value["results"].as_array().expect("results");
    for row in due {
        let same = rows
            .iter()
            .find(|r| r["id"] == row["id"])
            .unwrap_or_else(|| panic!("{file}: {} is not in the query at {at:?}", row["id"]));
        assert_eq!(
            same, row,
            "{file}: {} differs from the query's row",
            row["id"]
        );
    }
}

#[test]
fn examples_give_the_band_their_names_say() {
    let band = |name: &str| {
        let out = assess(&[&format!("examples/{name}.yaml"), "--format", "jsonl"]);
        let row: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("jsonl row");
        let suggested: Level = serde_json::from_value(row["suggested"].clone()).expect("a band");
        (
            suggested,
            row["complete"].as_bool().expect("complete is a boolean"),
        )
    };
    assert_eq!(band("universal"), (Level::Universal, true));
    assert_eq!(band("universal-plus"), (Level::UniversalPlus, true));
    assert_eq!(
        band("universal-partnership-plus"),
        (Level::UniversalPartnershipPlus, true)
    );
    assert_eq!(band("escalation"), (Level::UniversalPartnershipPlus, true));
    assert!(!band("incomplete").1);
}

#[test]
fn escalation_example_fires_an_escalation_rule_and_shows_disagreement() {
    let out = assess(&["examples/escalation.yaml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let fired: Vec<&str> = report["outcome"]["fired"]
        .as_array()
        .expect("fired rules")
        .iter()
        .map(|f| f["rule"].as_str().expect("a rule id"))
        .collect();
    assert!(
        fired.contains(&"universal-plus-multiple-and-complex"),
        "{fired:?}"
    );
    assert!(!fired.contains(&"decisive-indicator"), "{fired:?}");
    let decision = &report["practitioner"];
    assert_eq!(decision["band"], "universal-plus");
    assert_eq!(decision["agrees"], false);
    // Shown, never overridden.
    assert_eq!(report["outcome"]["suggested"], "universal-partnership-plus");
}

#[test]
fn incomplete_says_so_and_lists_the_missing_dimensions() {
    let out = assess(&["examples/incomplete.yaml"]);
    assert!(
        out.stdout.contains("INCOMPLETE: cannot confirm Universal"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("Not assessed (11): education, identity"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("Suggested band: Universal\n"));
    let md = assess(&["examples/incomplete.yaml", "--format", "markdown"]);
    assert!(md.stdout.contains("INCOMPLETE"));
    let caseload = assess(&["examples", "--width", "120"]);
    assert!(
        caseload.stdout.contains("NO (11 missing)"),
        "{}",
        caseload.stdout
    );
}

#[test]
fn antenatal_example_uses_gestation() {
    let out = assess(&["examples/antenatal.yaml", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert!(
        report["child"]
            .as_str()
            .is_some_and(|c| c.contains("of pregnancy"))
    );
    assert!(
        report["due"]
            .as_array()
            .expect("due rows")
            .iter()
            .any(|r| r["id"] == "universal.antenatal-contact")
    );
}

#[test]
fn caseload_reports_bad_files_and_assesses_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    for name in EXAMPLES {
        std::fs::copy(
            format!("{}/examples/{name}.yaml", env!("CARGO_MANIFEST_DIR")),
            dir.path().join(format!("{name}.yaml")),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("broken.yaml"), "reference: X\nchild: [\n").unwrap();
    let out = ran(
        common::hcp()
            .args(["assess", "--today", TODAY, "--format", "jsonl"])
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1);
    // Every file is accounted for in the output itself: the failed one first, as an error record.
    assert_eq!(out.stdout.lines().count(), 7, "{}", out.stdout);
    let first: serde_json::Value =
        serde_json::from_str(out.stdout.lines().next().unwrap()).expect("a JSON line");
    assert_eq!(first["file"], "[DIR]/broken.yaml", "{}", out.stdout);
    assert_eq!(first["error"]["code"], "HCP101", "{}", out.stdout);
    assert!(out.stderr.contains("[DIR]/broken.yaml:"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("1 of 7 family file(s) could not be assessed")
    );
    let table = ran(
        common::hcp()
            .args(["assess", "--today", TODAY, "--width", "200"])
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert!(table.stdout.contains("6 families: 1 Universal, 2 Universal Plus, 2 Universal Partnership Plus; 1 incomplete (band not yet known); 1 failed."), "{}", table.stdout);
    assert!(
        table.stdout.contains("[DIR]/broken.yaml (not assessed)")
            && table.stdout.contains("FAILED (HCP101)"),
        "{}",
        table.stdout
    );
}

/// Families are read and scored on all cores; rows and findings still come out in file order.
#[test]
fn a_caseload_keeps_file_order_on_all_cores() {
    let dir = tempfile::tempdir().unwrap();
    let template = std::fs::read_to_string(format!(
        "{}/examples/escalation.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let mut rows = Vec::new();
    let mut broken = Vec::new();
    for n in 0..60 {
        let name = format!("case-{n:03}.yaml");
        if n % 7 == 3 {
            std::fs::write(dir.path().join(&name), "reference: X\nchild: [\n").unwrap();
            broken.push(name);
        } else {
            let reference = format!("CASE-{n:03}");
            let text =
                template.replace("reference: HV-EX-0004", &format!("reference: {reference}"));
            assert_ne!(text, template, "the template's reference line changed");
            std::fs::write(dir.path().join(&name), text).unwrap();
            rows.push(reference);
        }
    }
    let out = ran(
        common::hcp()
            .args(["assess", "--today", TODAY, "--format", "jsonl"])
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1);
    // Error records for the broken files come first, in file order; then the rows (all one band
    // and complete here, so in file order too).
    let lines: Vec<serde_json::Value> = out
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let failed: Vec<String> = lines
        .iter()
        .filter_map(|v| v["file"].as_str())
        .map(|f| f.trim_start_matches("[DIR]/").to_string())
        .collect();
    assert_eq!(failed, broken);
    let got: Vec<String> = lines
        .iter()
        .filter_map(|v| v["reference"].as_str())
        .map(str::to_string)
        .collect();
    assert_eq!(got, rows);
    let reported: Vec<&str> = out
        .stderr
        .lines()
        .filter_map(|l| l.strip_prefix("  --> [DIR]/"))
        .map(|l| l.split(':').next().unwrap_or_default())
        .collect();
    assert_eq!(reported, broken);
}

#[test]
fn missing_file_could_not_run() {
    let out = assess(&["examples/no-such-family.yaml"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("no-such-family.yaml"));
}

#[test]
fn identifiers_and_notes_never_appear_in_output() {
    let valid = common::fixtures().join("families/valid.yaml");
    let minimal = common::fixtures().join("minimal");
    let secrets = ["Test Family", "999 000 0000", "SECRET-NOTE-TEXT"];
    let mut outputs = Vec::new();
    for format in ["text", "json", "markdown", "jsonl"] {
        let out = common::hcp()
            .arg("--pathways")
            .arg(&minimal)
            .args(["assess", "--today", TODAY, "--format", format])
            .arg(&valid)
            .output()
            .unwrap();
        assert!(out.status.success());
        outputs.push(out);
    }
    // A caseload, and error messages about a broken file that holds the same secrets.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&valid, dir.path().join("a.yaml")).unwrap();
    let text = std::fs::read_to_string(&valid).unwrap();
    std::fs::write(
        dir.path().join("b.yaml"),
        text.replace("reference: TEST-0001", "reference: [TEST-0001")
            .replace(
                "notes: SECRET-NOTE-TEXT never printed",
                "notes: [SECRET-NOTE-TEXT",
            ),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("c.yaml"),
        text.replace("name: Test Family", "name: {Test Family: 1, 2: [}"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("d.yaml"),
        text.replace(
            "nhs_number: \"999 000 0000\"",
            "nhs_number: \"999 000 0000\"\n  nhs: 999 000 0000",
        ),
    )
    .unwrap();
    for format in ["text", "json", "jsonl"] {
        outputs.push(
            common::hcp()
                .arg("--pathways")
                .arg(&minimal)
                .args(["assess", "--today", TODAY, "--format", format])
                .arg(dir.path())
                .output()
                .unwrap(),
        );
    }
    // Validate never reads family files, but make sure a family file in a pathway set leaks nothing.
    let set = common::minimal_with(None);
    std::fs::copy(&valid, set.path().join("family.yaml")).unwrap();
    outputs.push(
        common::hcp()
            .args(["validate", "--pathways"])
            .arg(set.path())
            .output()
            .unwrap(),
    );
    for out in outputs {
        let all = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for secret in secrets {
            assert!(!all.contains(secret), "`{secret}` leaked:\n{all}");
        }
    }
}

/// Run `hcp assess` on the minimal set, paths shown as `[DIR]`.
fn assess_in(dir: &std::path::Path, args: &[&std::ffi::OsStr]) -> common::Ran {
    ran(
        common::hcp()
            .arg("--pathways")
            .arg(common::fixtures().join("minimal"))
            .args(["assess", "--today", TODAY])
            .args(args)
            .output()
            .unwrap(),
        Some(dir),
    )
}

/// `tests/fixtures/families/valid.yaml` with its reference (and perhaps `nhs_number`) replaced.
fn valid_with(reference: &str, nhs_number: Option<&str>) -> String {
    let valid = std::fs::read_to_string(common::fixtures().join("families/valid.yaml")).unwrap();
    let mut text = valid.replace("reference: TEST-0001", &format!("reference: {reference}"));
    if let Some(n) = nhs_number {
        text = text.replace("nhs_number: \"999 000 0000\"", &format!("nhs_number: {n}"));
    }
    assert_ne!(text, valid, "the fixture's reference line changed");
    text
}

/// A file refused with HCP105 at the reference (1:12), in a single report and in a caseload, in
/// every format; no form of the number in `secrets` appears in stdout or stderr.
fn assert_refused_without_echo(name: &str, text: &str, secrets: &[&str]) {
    refused_without_echo(name, text, secrets, "error[HCP105]: `reference`", 12);
}

/// A reference written as a YAML number (`reference: 9434765919`) is not text: refused as the
/// schema refuses it (HCP101, at the value, where the schema check places it; issue #23), never
/// read as digits and never echoed.
fn assert_number_refused_without_echo(name: &str, text: &str, secrets: &[&str]) {
    refused_without_echo(
        name,
        text,
        secrets,
        "error[HCP101]: not a family file: wrong type or value: expected text",
        12,
    );
}

fn refused_without_echo(name: &str, text: &str, secrets: &[&str], error: &str, column: u32) {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join(format!("{name}.yaml"));
    std::fs::write(&bad, text).unwrap();
    // A caseload of the refused file and a good one (which is still assessed).
    let caseload = dir.path().join("caseload");
    std::fs::create_dir(&caseload).unwrap();
    std::fs::write(caseload.join(format!("{name}.yaml")), text).unwrap();
    std::fs::copy(
        common::fixtures().join("families/valid.yaml"),
        caseload.join("good.yaml"),
    )
    .unwrap();
    for format in ["text", "json", "markdown", "jsonl"] {
        for (single, path) in [(true, &bad), (false, &caseload)] {
            let what = format!(
                "{name} --format {format} ({})",
                if single { "single" } else { "caseload" }
            );
            let out = assess_in(
                dir.path(),
                &["--format".as_ref(), format.as_ref(), path.as_os_str()],
            );
            assert_eq!(out.code, 1, "{what}: {}", out.stderr);
            let at = if single {
                format!("  --> [DIR]/{name}.yaml:1:{column}\n")
            } else {
                format!("  --> [DIR]/caseload/{name}.yaml:1:{column}\n")
            };
            assert!(out.stderr.contains(&at), "{what}: {}", out.stderr);
            assert!(out.stderr.contains(error), "{what}: {}", out.stderr);
            assert_eq!(
                out.stderr.matches("error[").count(),
                1,
                "{what}: {}",
                out.stderr
            );
            if single {
                assert!(
                    out.stdout.is_empty(),
                    "{what}: a refused file prints no result"
                );
            } else {
                assert!(out.stdout.contains("TEST-0001"), "{what}: {}", out.stdout);
            }
            for secret in secrets {
                assert!(
                    !out.stdout.contains(secret) && !out.stderr.contains(secret),
                    "{what}: `{secret}` leaked:\n{}{}",
                    out.stdout,
                    out.stderr
                );
            }
        }
    }
}

/// The NHS number forms of the published test number 943 476 5919 (whose check digit is valid).
const TEST_NHS_NUMBER: [&str; 6] = [
    "9434765919",
    "943 476 5919",
    "943-476-5919",
    "943",
    "476",
    "5919",
];

/// H5 residual: an NHS number used as the reference would be the one identifier hcp prints.
#[test]
fn a_reference_that_is_an_nhs_number_is_refused_without_echoing_it() {
    assert_refused_without_echo(
        "quoted",
        &valid_with("'9434765919'", None),
        &TEST_NHS_NUMBER,
    );
    assert_number_refused_without_echo("bare", &valid_with("9434765919", None), &TEST_NHS_NUMBER);
}

#[test]
fn a_spaced_or_hyphenated_nhs_number_reference_is_refused_without_echoing_it() {
    for (name, reference) in [
        ("spaced", "943 476 5919"),
        ("spaced-quoted", "\"943 476 5919\""),
        ("hyphenated", "943-476-5919"),
        ("mixed", "\" 943-476 5919 \""),
    ] {
        assert_refused_without_echo(name, &valid_with(reference, None), &TEST_NHS_NUMBER);
    }
}

/// Found by review: an NHS number inside a longer reference, or split by dots or slashes, was
/// printed; so was a reference that is the family's name.
#[test]
fn a_reference_that_holds_an_nhs_number_or_the_name_is_refused_without_echoing_it() {
    for (name, reference) in [
        ("prefixed", "\"NHS 9434765919\""),
        ("local-prefix", "HV-9434765919"),
        ("dotted", "\"943.476.5919\""),
        ("slashed", "\"943/476/5919\""),
        ("wrapped", "\"ref(943 476 5919)\""),
    ] {
        assert_refused_without_echo(name, &valid_with(reference, None), &TEST_NHS_NUMBER);
    }
    // The fixture's name is `Test Family`.
    for (name, reference) in [
        ("name", "Test Family"),
        ("name-recased", "\"test-FAMILY\""),
        ("name-dotted", "Test.Family"),
    ] {
        assert_refused_without_echo(
            name,
            &valid_with(reference, None),
            &["Test Family", "test-FAMILY", "Test.Family", "Family"],
        );
    }
}

/// Digits that are not an NHS number stay usable in a reference: a date, a short serial number,
/// eleven digits, ten with a wrong check digit inside a longer reference.
#[test]
fn references_with_other_digits_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    for (i, reference) in [
        "HV-2026-0042",
        "\"2026-11-25 visit 3\"",
        "\"SYN 94347659190\"",
        "\"HV-9434765918\"",
    ]
    .iter()
    .enumerate()
    {
        let file = dir.path().join(format!("family-{i}.yaml"));
        std::fs::write(&file, valid_with(reference, None)).unwrap();
        let out = assess_in(dir.path(), &[file.as_os_str()]);
        assert_eq!(out.code, 0, "{reference}: {}", out.stderr);
    }
}

/// 10 digits whose check digit is wrong are not an NHS number: such a reference, written as text,
/// is assessed (and printed, as any reference is), in every format.
#[test]
fn ten_digits_with_an_invalid_check_digit_are_accepted_as_a_reference() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("family.yaml");
    std::fs::write(&file, valid_with("'9434765918'", None)).unwrap();
    for format in ["text", "json", "markdown", "jsonl"] {
        let out = assess_in(
            dir.path(),
            &["--format".as_ref(), format.as_ref(), file.as_os_str()],
        );
        assert_eq!(out.code, 0, "{format}: {}", out.stderr);
        assert!(out.stderr.is_empty(), "{format}: {}", out.stderr);
        assert!(
            out.stdout.contains("9434765918"),
            "{format}: {}",
            out.stdout
        );
    }
    let out = assess_in(
        dir.path(),
        &[
            "--format".as_ref(),
            "jsonl".as_ref(),
            dir.path().as_os_str(),
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let row: serde_json::Value = serde_json::from_str(out.stdout.trim()).expect("jsonl row");
    assert_eq!(row["reference"], "9434765918");
}

/// A reference that is the file's own `nhs_number` is refused whatever its check digit (999 000
/// 0000 has none that is valid; 0123456780 has the wrong one), however either is written.
#[test]
fn a_reference_that_is_the_files_own_nhs_number_is_refused_without_echoing_it() {
    let test_number = [
        "999 000 0000",
        "9990000000",
        "999-000-0000",
        "999.000.0000",
        "999/000/0000",
        "999 000",
    ];
    for (name, reference, nhs_number) in [
        ("own-quoted", "\"999 000 0000\"", None),
        ("own-bare", "999 000 0000", None),
        ("own-respaced", "999-000-0000", None),
        // Dots and slashes split an NHS number found in a reference, so they must not hide the
        // file's own number either (they did: these two were printed).
        ("own-dotted", "999.000.0000", None),
        ("own-slashed", "999/000/0000", None),
        ("own-unspaced", "'9990000000'", Some("999 000 0000")),
    ] {
        assert_refused_without_echo(name, &valid_with(reference, nhs_number), &test_number);
    }
    assert_number_refused_without_echo(
        "own-unspaced-number",
        &valid_with("9990000000", Some("999 000 0000")),
        &test_number,
    );
    // A bare number with a leading zero is read by YAML as a number, not text.
    assert_refused_without_echo(
        "own-leading-zero",
        &valid_with("\"0123456780\"", Some("0123456780")),
        &["0123456780", "123456780", "3456"],
    );
}

// ---- properties of the engine on the bundled framework ------------------------------------------

fn framework() -> Framework {
    static FRAMEWORK: std::sync::OnceLock<Framework> = std::sync::OnceLock::new();
    FRAMEWORK
        .get_or_init(|| {
            let v = common::validate(&hcp::load::PathwaySource::Bundled).unwrap();
            v.library.framework().expect("bundled framework")
        })
        .clone()
}

fn all_indicators(fw: &Framework) -> Vec<(String, String)> {
    fw.dimensions
        .iter()
        .flat_map(|d| {
            d.indicators
                .iter()
                .map(move |i| (d.id.to_string(), i.id.to_string()))
        })
        .collect()
}

fn observations(picks: &[(String, String)]) -> Observations {
    let mut o: Observations = BTreeMap::new();
    for (d, i) in picks {
        o.entry(d.clone()).or_default().insert(i.clone());
    }
    o
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn adding_an_indicator_never_lowers_the_band(seed in proptest::collection::vec(any::<prop::sample::Index>(), 0..25), extra in any::<prop::sample::Index>()) {
        let fw = framework();
        let all = all_indicators(&fw);
        let picks: Vec<_> = seed.iter().map(|ix| all[ix.index(all.len())].clone()).collect();
        let before = score(&fw, &observations(&picks)).suggested;
        let mut more = picks.clone();
        more.push(all[extra.index(all.len())].clone());
        let after = score(&fw, &observations(&more)).suggested;
        prop_assert!(after >= before);
    }

    #[test]
    fn order_of_inputs_does_not_matter(seed in proptest::collection::vec(any::<prop::sample::Index>(), 0..25)) {
        let fw = framework();
        let all = all_indicators(&fw);
        let picks: Vec<_> = seed.iter().map(|ix| all[ix.index(all.len())].clone()).collect();
        let mut reversed = picks.clone();
        reversed.reverse();
        prop_assert_eq!(score(&fw, &observations(&picks)), score(&fw, &observations(&reversed)));
    }

    #[test]
    fn same_input_same_output(seed in proptest::collection::vec(any::<prop::sample::Index>(), 0..25)) {
        let fw = framework();
        let all = all_indicators(&fw);
        let picks: Vec<_> = seed.iter().map(|ix| all[ix.index(all.len())].clone()).collect();
        prop_assert_eq!(score(&fw, &observations(&picks)), score(&fw, &observations(&picks)));
    }

    #[test]
    fn an_incomplete_assessment_is_never_complete(seed in proptest::collection::vec(any::<prop::sample::Index>(), 0..19)) {
        let fw = framework();
        let all = all_indicators(&fw);
        let picks: Vec<_> = seed.iter().map(|ix| all[ix.index(all.len())].clone()).collect();
        let o = observations(&picks);
        let out = score(&fw, &o);
        prop_assert_eq!(out.complete, o.len() == fw.dimensions.len());
        prop_assert!(!out.complete || out.missing.is_empty());
        if !out.complete {
            let words = hcp::render::suggestion(out.suggested, out.complete, out.missing.len(), fw.dimensions.len());
            prop_assert!(words.contains("INCOMPLETE"), "{}", words);
            // Below the top band it is never a confident band; at it, missing cannot lower it.
            if out.suggested != Level::UniversalPartnershipPlus {
                prop_assert!(!words.starts_with("Universal"), "{}", words);
            }
        }
    }
}

/// A caseload row is computed without the full report (for speed); it must be the same row the
/// full report gives, for every example and every corpus family file that loads.
#[test]
fn a_caseload_row_is_the_row_of_the_full_report() {
    let validation = common::validate(&hcp::load::PathwaySource::Bundled).expect("bundled set");
    let lib = &validation.library;
    let fw = lib.framework().expect("framework");
    let today: jiff::civil::Date = TODAY.parse().expect("date");
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut compared = 0;
    for dir in [
        "examples",
        "tests/corpus/families",
        "tests/fixtures/families",
    ] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "yaml") {
                continue;
            }
            let Ok(text) = std::fs::read_to_string(&path) else {
                continue;
            };
            let Ok(family) = hcp::answer::assess::family_from_text("f.yaml", &text, &fw, today)
            else {
                continue;
            };
            let full = hcp::answer::assess::CaseRow::from(&hcp::answer::assess::report(
                lib, &fw, &family, None,
            ));
            assert_eq!(
                hcp::answer::assess::case_row(&fw, &family),
                full,
                "{}",
                path.display()
            );
            compared += 1;
        }
    }
    assert!(compared >= 6, "only {compared} family files compared");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// The same, for random families: any observations, any point, with or without a decision.
    #[test]
    fn a_caseload_row_is_the_row_of_the_full_report_for_any_family(
        seed in proptest::collection::vec(any::<prop::sample::Index>(), 0..30),
        day in 0u32..1827,
        pregnant in any::<bool>(),
        decided in proptest::option::of(0usize..3),
    ) {
        let fw = framework();
        let all = all_indicators(&fw);
        let picks: Vec<_> = seed.iter().map(|ix| all[ix.index(all.len())].clone()).collect();
        let family = hcp::model::family::Family {
            reference: "T-1".into(),
            assessment_date: "2026-11-25".parse().unwrap(),
            at: if pregnant {
                hcp::model::age::Point::Gestation(day % 295)
            } else {
                hcp::model::age::Point::Postnatal(day)
            },
            calendar_age: None,
            observations: observations(&picks),
            practitioner: decided.map(|i| {
                ([Level::Universal, Level::UniversalPlus, Level::UniversalPartnershipPlus][i], None)
            }),
        };
        let lib = &bundled().library;
        let full = hcp::answer::assess::CaseRow::from(&hcp::answer::assess::report(lib, &fw, &family, None));
        prop_assert_eq!(hcp::answer::assess::case_row(&fw, &family), full);
    }
}

fn bundled() -> &'static hcp::check::Validation {
    static BUNDLED: std::sync::OnceLock<hcp::check::Validation> = std::sync::OnceLock::new();
    BUNDLED.get_or_init(|| common::validate(&hcp::load::PathwaySource::Bundled).unwrap())
}

/// A child-protection case with dimensions still to assess, a good file and a broken file: one
/// Universal Partnership Plus (never "incomplete" alone: missing dimensions cannot lower the top
/// band), one Universal, one failed, in every format; rows by need, failures first.
#[test]
fn a_child_protection_case_with_missing_dimensions_is_counted_as_universal_partnership_plus() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a-good.yaml"),
        std::fs::read_to_string(format!(
            "{}/examples/universal.yaml",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap(),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("b-child-protection.yaml"),
        "reference: HV-T-CP\nchild:\n  date_of_birth: 2025-11-03\nassessment_date: 2026-11-25\n\
         dimensions:\n  health:\n    indicators: [health.physically-healthy]\n  ensuring-safety:\n    \
         indicators: [ensuring-safety.child-protection-plan]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("c-broken.yaml"), "reference: X\nchild: [\n").unwrap();
    let run = |format: &str| {
        ran(
            common::hcp()
                .args([
                    "assess", "--today", TODAY, "--width", "200", "--format", format,
                ])
                .arg(dir.path())
                .output()
                .unwrap(),
            Some(dir.path()),
        )
    };
    for format in ["text", "markdown"] {
        let out = run(format);
        assert_eq!(out.code, 1, "{format}");
        assert!(
            out.stdout.contains(
                "2 families: 1 Universal, 0 Universal Plus, 1 Universal Partnership Plus (1 of them with dimensions still to assess, which cannot lower it); 0 incomplete (band not yet known); 1 failed."
            ),
            "{format}: {}",
            out.stdout
        );
        // Failed first, then the highest band; the child-protection row says UPP, not "at least".
        let failed = out
            .stdout
            .find("c-broken.yaml (not assessed)")
            .expect("a failed row");
        let cp = out.stdout.find("HV-T-CP").expect("the CP row");
        let good = out.stdout.find("HV-EX-0001").expect("the good row");
        assert!(failed < cp && cp < good, "{format}: {}", out.stdout);
        assert!(
            !out.stdout.contains("at least UPP"),
            "{format}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("NO (18 missing)"),
            "{format}: {}",
            out.stdout
        );
    }
    let json: serde_json::Value = serde_json::from_str(&run("json").stdout).unwrap();
    assert_eq!(json["counts"]["universal-partnership-plus"], 1);
    assert_eq!(json["counts"]["universal"], 1);
    assert_eq!(json["counts"]["incomplete"], 0);
    assert_eq!(json["counts"]["failed"], 1);
    assert_eq!(json["families"][0]["reference"], "HV-T-CP");
    assert_eq!(json["families"][0]["complete"], false);
    assert_eq!(json["families"][0]["confirmed"], true);
    let lines = run("jsonl").stdout;
    let lines: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "every file accounted for");
    assert_eq!(lines[0]["file"], "[DIR]/c-broken.yaml");
    assert_eq!(lines[1]["reference"], "HV-T-CP");
    assert_eq!(lines[1]["confirmed"], true);
    assert!(
        lines[1]["suggestion"]
            .as_str()
            .unwrap()
            .starts_with("Universal Partnership Plus (INCOMPLETE: 18 of 20"),
        "{}",
        lines[1]
    );
    // Alone, the report says the same.
    let single = assess(&[&dir
        .path()
        .join("b-child-protection.yaml")
        .display()
        .to_string()]);
    assert!(
        single.stdout.contains("Suggested band: Universal Partnership Plus (INCOMPLETE: 18 of 20 dimensions not assessed; they cannot lower this band)"),
        "{}",
        single.stdout
    );
}

/// A file named twice is assessed once and said so; two files with one reference are both
/// assessed and the reference is named; a missing path among several is a failed file, and the
/// rest are still assessed.
#[test]
fn repeats_and_missing_paths_are_accounted_for() {
    let dir = tempfile::tempdir().unwrap();
    let universal = std::fs::read_to_string(format!(
        "{}/examples/universal.yaml",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    let one = dir.path().join("one.yaml");
    let two = dir.path().join("two.yaml");
    std::fs::write(&one, &universal).unwrap();
    std::fs::write(&two, &universal).unwrap();
    let missing = dir.path().join("missing.yaml");
    let out = ran(
        common::hcp()
            .args(["assess", "--today", TODAY, "--format", "json"])
            .arg(&one)
            .arg(&two)
            .arg(&one)
            .arg(&missing)
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(json["families"].as_array().unwrap().len(), 2);
    assert_eq!(
        json["repeated_files"],
        serde_json::json!(["[DIR]/one.yaml"])
    );
    assert_eq!(
        json["repeated_references"],
        serde_json::json!(["HV-EX-0001"])
    );
    assert_eq!(json["failed"], serde_json::json!(["[DIR]/missing.yaml"]));
    assert!(
        out.stderr
            .contains("cannot read this file: it does not exist"),
        "{}",
        out.stderr
    );
    let text = ran(
        common::hcp()
            .args(["assess", "--today", TODAY])
            .arg(&one)
            .arg(&two)
            .arg(&one)
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert!(
        text.stdout
            .contains("Named more than once (assessed once): [DIR]/one.yaml."),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout
            .contains("The same reference in more than one file"),
        "{}",
        text.stdout
    );
}

/// `hcp assess good.yaml missing.yaml`: in every format the missing path is named as a file
/// that failed, the good one is still assessed, and the exit status is 1.
#[test]
fn a_missing_path_among_several_is_named_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    std::fs::copy(
        format!("{}/examples/universal.yaml", env!("CARGO_MANIFEST_DIR")),
        &good,
    )
    .unwrap();
    let missing = dir.path().join("missing.yaml");
    for format in ["text", "markdown", "json", "jsonl"] {
        let out = ran(
            common::hcp()
                .args([
                    "assess", "--today", TODAY, "--width", "200", "--format", format,
                ])
                .arg(&good)
                .arg(&missing)
                .output()
                .unwrap(),
            Some(dir.path()),
        );
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(
            out.stdout.contains("[DIR]/missing.yaml"),
            "{format}: {}",
            out.stdout
        );
        assert!(
            out.stdout.contains("HV-EX-0001"),
            "{format}: {}",
            out.stdout
        );
        assert!(
            out.stderr.contains("[DIR]/missing.yaml"),
            "{format}: {}",
            out.stderr
        );
        if format == "jsonl" {
            let lines: Vec<serde_json::Value> = out
                .stdout
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect();
            assert_eq!(lines.len(), 2, "{}", out.stdout);
            assert_eq!(lines[0]["file"], "[DIR]/missing.yaml");
            assert_eq!(lines[0]["error"]["code"], "HCP101");
            assert_eq!(lines[1]["reference"], "HV-EX-0001");
        }
    }
}

/// A caseload folder with a sub-folder: without `--recursive` the sub-folder is named on stderr
/// (never skipped silently) for `assess`, `schedule` and `kpi`; with it, its files are read too.
#[test]
fn sub_folders_are_named_or_read_with_recursive() {
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let nested = dir.path().join("team/north");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::copy(
        format!("{root}/examples/records/record-overdue.yaml"),
        dir.path().join("team/overdue.yaml"),
    )
    .unwrap();
    std::fs::copy(
        format!("{root}/examples/records/record-on-time.yaml"),
        nested.join("on-time.yaml"),
    )
    .unwrap();
    let team = dir.path().join("team");
    let commands: [&[&str]; 3] = [
        &["assess", "--format", "jsonl"],
        &["schedule", "--format", "json"],
        &["kpi", "--quarter", "2026-Q3", "--format", "json"],
    ];
    for args in commands {
        let flat = ran(
            common::hcp().args(args).arg(&team).output().unwrap(),
            Some(dir.path()),
        );
        assert!(
            flat.stderr.contains(
                "note: sub-folder `[DIR]/team/north` was not looked into: give --recursive"
            ),
            "{args:?}: {}",
            flat.stderr
        );
        let deep = ran(
            common::hcp()
                .args(args)
                .arg("--recursive")
                .arg(&team)
                .output()
                .unwrap(),
            Some(dir.path()),
        );
        assert!(
            !deep.stderr.contains("not looked into"),
            "{args:?}: {}",
            deep.stderr
        );
        let files = |out: &common::Ran| -> usize {
            match args[0] {
                "assess" => out.stdout.lines().count(),
                "schedule" => {
                    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
                    json["files"].as_u64().unwrap() as usize
                }
                _ => {
                    let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
                    json["files"].as_u64().unwrap() as usize
                }
            }
        };
        assert_eq!(files(&flat), 1, "{args:?}: {}", flat.stdout);
        assert_eq!(files(&deep), 2, "{args:?}: {}", deep.stdout);
    }
}

// ---- the recalibrated framework (review of 2026-12-03) ------------------------------------------

/// The band the bundled framework suggests for these indicator ids, and the rules that fired.
fn band_for(ids: &[&str]) -> (Level, Vec<String>) {
    let fw = framework();
    let picks: Vec<(String, String)> = ids
        .iter()
        .map(|id| {
            let (dim, _) = fw
                .indicator(id)
                .unwrap_or_else(|| panic!("`{id}` is not in the framework"));
            (dim.id.to_string(), (*id).to_string())
        })
        .collect();
    let out = score(&fw, &observations(&picks));
    (
        out.suggested,
        out.fired.iter().map(|f| f.rule.id().to_string()).collect(),
    )
}

/// Multiple and complex needs, not a count of common ones: four Universal Plus needs in one domain,
/// or three single-agency needs one per domain, stay Universal Plus; four spanning two domains
/// escalate.
#[test]
fn accumulation_needs_four_dimensions_spanning_two_domains() {
    let one_domain = [
        "housing.overcrowding-or-poor-conditions",
        "income.financial-hardship",
        "family-social-integration.socially-isolated",
        "wider-family.little-support",
    ];
    assert_eq!(
        band_for(&one_domain).0,
        Level::UniversalPlus,
        "four in one domain"
    );
    let one_per_domain = [
        "emotional-and-behavioural-development.sleep-problems",
        "guidance-and-boundaries.low-parenting-confidence",
        "income.financial-hardship",
    ];
    assert_eq!(
        band_for(&one_per_domain).0,
        Level::UniversalPlus,
        "three, one per domain"
    );
    let two_domains = [
        "guidance-and-boundaries.low-parenting-confidence",
        "housing.overcrowding-or-poor-conditions",
        "income.financial-hardship",
        "family-social-integration.socially-isolated",
    ];
    let (band, fired) = band_for(&two_domains);
    assert_eq!(
        band,
        Level::UniversalPartnershipPlus,
        "four across two domains"
    );
    assert!(
        fired.contains(&"universal-plus-multiple-and-complex".to_string()),
        "{fired:?}"
    );
    // Two needs in one dimension count once.
    let same_dimension = [
        "income.financial-hardship",
        "income.not-claiming-entitlements",
        "housing.overcrowding-or-poor-conditions",
        "guidance-and-boundaries.low-parenting-confidence",
    ];
    assert_eq!(
        band_for(&same_dimension).0,
        Level::UniversalPlus,
        "three dimensions"
    );
}

#[test]
fn each_new_decisive_indicator_gives_universal_partnership_plus() {
    let fw = framework();
    for id in [
        "health.bruising-or-injury-in-non-mobile-child",
        "ensuring-safety.concealed-or-denied-pregnancy",
        "family-history-and-functioning.previous-child-removed",
    ] {
        let (_, def) = fw.indicator(id).expect(id);
        assert!(def.decisive, "{id} is decisive");
        let (band, fired) = band_for(&[id]);
        assert_eq!(band, Level::UniversalPartnershipPlus, "{id}");
        assert!(
            fired.contains(&"decisive-indicator".to_string()),
            "{id}: {fired:?}"
        );
    }
    // Medium-risk domestic abuse in pregnancy or with a baby: Universal Partnership Plus by its band.
    let (band, _) =
        band_for(&["family-history-and-functioning.domestic-abuse-medium-risk-baby-or-pregnancy"]);
    assert_eq!(band, Level::UniversalPartnershipPlus);
}

/// Needs that one agency meets are Universal Plus unless complex.
#[test]
fn single_agency_needs_are_universal_plus() {
    for id in [
        "health.chronic-illness",
        "education.needs-speech-and-language-therapy",
        "wider-family.kinship-care",
    ] {
        assert_eq!(band_for(&[id]).0, Level::UniversalPlus, "{id}");
    }
}

/// Healthy Start eligibility is an entitlement, not a need: with three needs across two domains it
/// does not make a fourth dimension (a need in its place does).
#[test]
fn an_entitlement_marker_does_not_count_toward_escalation() {
    let needs = [
        "guidance-and-boundaries.low-parenting-confidence",
        "housing.overcrowding-or-poor-conditions",
        "family-social-integration.socially-isolated",
    ];
    let mut with_marker = needs.to_vec();
    with_marker.push("income.healthy-start-eligible");
    let (band, fired) = band_for(&with_marker);
    assert_eq!(band, Level::UniversalPlus, "{fired:?}");
    let mut with_need = needs.to_vec();
    with_need.push("income.financial-hardship");
    assert_eq!(band_for(&with_need).0, Level::UniversalPartnershipPlus);
    // Alone it still points to the Healthy Start offer at its band.
    assert_eq!(
        band_for(&["income.healthy-start-eligible"]).0,
        Level::UniversalPlus
    );
}

/// A family file for the bundled framework: `child` as written, and `health` indicators.
fn family_with(child: &str, health: &str) -> String {
    format!(
        "reference: HV-T-AGE\nname: Jane Smith\nchild:\n  {child}\nassessment_date: 2026-11-25\n\
         dimensions:\n  health:\n    indicators: [{health}]\n  housing:\n    indicators: [housing.stable-suitable-housing]\n"
    )
}

/// An indicator outside its age range is refused with file:line:col, its data path, the framework's
/// id and range, in a single report and a caseload, in every format; the child's date of birth,
/// gestation and name are never printed. The same indicator inside its range is accepted.
#[test]
fn an_indicator_outside_its_age_range_is_refused_with_its_position() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            "pregnancy-for-a-4-year-old",
            "date_of_birth: 2022-09-14",
            "health.physically-healthy, health.pregnancy-progressing-well",
            "8:45",
            "dimensions.health.indicators[1]",
            "`health.pregnancy-progressing-well` applies only in pregnancy (0w to 42w gestation)",
            ["2022-09-14", "2022"],
        ),
        (
            "weight-loss-in-pregnancy",
            "gestation: 20w3d",
            "health.weight-more-than-10-percent-below-birth-weight",
            "8:18",
            "dimensions.health.indicators[0]",
            "`health.weight-more-than-10-percent-below-birth-weight` applies only from birth to 8w",
            ["20w3d", "20w"],
        ),
    ];
    for (name, child, health, at, path, message, secrets) in cases {
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&file, family_with(child, health)).unwrap();
        for format in ["text", "json", "markdown", "jsonl"] {
            let out = ran(
                common::hcp()
                    .args(["assess", "--today", TODAY, "--format", format])
                    .arg(&file)
                    .output()
                    .unwrap(),
                Some(dir.path()),
            );
            assert_eq!(out.code, 1, "{name} {format}: {}", out.stderr);
            assert!(out.stdout.is_empty(), "{name} {format}: {}", out.stdout);
            assert!(
                out.stderr.contains("error[HCP106]"),
                "{name}: {}",
                out.stderr
            );
            assert!(out.stderr.contains(message), "{name}: {}", out.stderr);
            assert!(
                out.stderr
                    .contains(&format!("  --> [DIR]/{name}.yaml:{at}\n")),
                "{name}: {}",
                out.stderr
            );
            assert!(
                out.stderr.contains(&format!("= path: {path}")),
                "{name}: {}",
                out.stderr
            );
            for secret in secrets.iter().chain(&["Jane Smith", "Smith"]) {
                assert!(
                    !out.stderr.contains(secret),
                    "{name}: `{secret}` leaked: {}",
                    out.stderr
                );
            }
        }
    }
    // In a caseload the file fails and is named; the others are assessed.
    let caseload = ran(
        common::hcp()
            .args(["assess", "--today", TODAY, "--format", "jsonl"])
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(caseload.code, 1);
    assert_eq!(
        caseload.stdout.matches("\"HCP106\"").count(),
        2,
        "{}",
        caseload.stdout
    );
    // Inside their ranges the same indicators are accepted.
    for (name, child, health) in [
        (
            "pregnancy",
            "gestation: 20w3d",
            "health.pregnancy-progressing-well",
        ),
        (
            "newborn",
            "date_of_birth: 2026-11-15",
            "health.weight-more-than-10-percent-below-birth-weight",
        ),
    ] {
        let file = dir.path().join(format!("ok-{name}.yaml"));
        std::fs::write(&file, family_with(child, health)).unwrap();
        let out = ran(
            common::hcp()
                .args(["assess", "--today", TODAY])
                .arg(&file)
                .output()
                .unwrap(),
            Some(dir.path()),
        );
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
    }
    // A misspelt indicator is still HCP103 with a did-you-mean, never shown itself.
    let file = dir.path().join("typo.yaml");
    std::fs::write(
        &file,
        family_with("gestation: 20w", "health.pregnancy-progresing-well"),
    )
    .unwrap();
    let out = ran(
        common::hcp()
            .args(["assess", "--today", TODAY])
            .arg(&file)
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("error[HCP103]"), "{}", out.stderr);
    assert!(
        out.stderr
            .contains("did you mean `health.pregnancy-progressing-well`?"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("progresing"), "{}", out.stderr);
}

//! The command line as a user meets it: exit codes, output formats, README and --help examples.

use crate::common;

use crate::common::{bundled_copy, ran, run};

fn ok(args: &[&str]) -> String {
    let out = ran(run(args), None);
    assert_eq!(
        out.code, 0,
        "hcp {args:?} failed:\n{}{}",
        out.stdout, out.stderr
    );
    out.stdout
}

fn fails(args: &[&str], code: i32) -> String {
    let out = ran(run(args), None);
    assert_eq!(
        out.code, code,
        "hcp {args:?}: expected exit {code}\n{}{}",
        out.stdout, out.stderr
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.stderr);
    out.stderr
}

// ---- validate ---------------------------------------------------------------------------------

#[test]
fn bundled_data_validates_clean_and_strict() {
    let out = ok(&["validate", "--strict"]);
    insta::assert_snapshot!("validate_bundled_text", out);
}

#[test]
fn validate_json_is_a_versioned_envelope() {
    let out = ok(&["validate", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(value["version"], 2);
    assert_eq!(value["ok"], true);
    assert_eq!(value["summary"]["pathways"], 9);
    assert_eq!(value["diagnostics"].as_array().map(Vec::len), Some(0));
    insta::assert_snapshot!("validate_bundled_json", out);
}

#[test]
fn broken_reference_names_file_and_line() {
    let dir = bundled_copy();
    let file = dir.path().join("safeguarding.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("lead: health-visitor"))
        .expect("a health visitor lead")
        + 1;
    let broken = text.replacen("lead: health-visitor", "lead: health-vistor", 1);
    std::fs::write(&file, broken).unwrap();
    let out = ran(
        common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains(&format!("[DIR]/safeguarding.yaml:{line}:")),
        "line {line} not named:\n{}",
        out.stdout
    );
    assert!(out.stdout.contains("did you mean `health-visitor`?"));

    let github = ran(
        common::hcp()
            .args(["validate", "--format", "github", "--pathways"])
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(github.code, 1);
    let annotations: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(annotations.len(), 1, "{}", github.stdout);
    assert!(annotations[0].starts_with(&format!(
        "::error file=[DIR]/safeguarding.yaml,line={line},col="
    )));
    assert!(annotations[0].contains("title=HCP005 unresolved-reference::"));
}

#[test]
fn malformed_yaml_is_reported_with_position_not_a_panic() {
    let dir = bundled_copy();
    std::fs::write(
        dir.path().join("antenatal.yaml"),
        "id: antenatal\ntitle: [unclosed\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("parenting-support.yaml"),
        "id: x\n  bad: indent\n",
    )
    .unwrap();
    let out = ran(
        common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(dir.path())
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1, "{}", out.stdout);
    // Both broken files are reported in one run.
    assert!(
        out.stdout.contains("[DIR]/antenatal.yaml:"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("[DIR]/parenting-support.yaml:"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("HCP002"));
}

#[test]
fn missing_pathway_directory_could_not_run() {
    let err = fails(&["validate", "--pathways", "/no/such/dir"], 2);
    assert!(err.contains("/no/such/dir"), "{err}");
}

#[test]
fn pathways_directory_from_environment() {
    let dir = common::minimal_with(None);
    let out = common::hcp()
        .arg("validate")
        .env("HCP_PATHWAYS", dir.path())
        .output()
        .unwrap();
    let out = ran(out, Some(dir.path()));
    assert_eq!(out.code, 0);
    assert!(
        out.stdout.contains("5 files, 2 pathways, 9 interventions"),
        "{}",
        out.stdout
    );
}

#[test]
fn warnings_fail_only_when_strict() {
    let dir = common::minimal_with(Some(&common::fixtures().join("rules/HCP013")));
    let plain = common::hcp()
        .arg("validate")
        .arg("--pathways")
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(plain.status.code(), Some(0));
    let strict = common::hcp()
        .args(["validate", "--strict", "--pathways"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(strict.status.code(), Some(1));
}

// ---- rule -------------------------------------------------------------------------------------

#[test]
fn rule_explains_a_code() {
    insta::assert_snapshot!("rule_hcp005", ok(&["rule", "hcp005"]));
    insta::assert_snapshot!("rule_all", ok(&["rule", "--all"]));
    let err = fails(&["rule", "HCP999"], 2);
    assert!(err.contains("no rule `HCP999`"), "{err}");
}

// ---- query: the national contacts -------------------------------------------------------------

/// A row of `hcp query --format json`, as a script reads it (docs/json.md): the fields these
/// tests look at, which must be there with these types.
#[derive(Debug, serde::Deserialize)]
struct JsonRow {
    id: String,
    pathway: String,
    level: hcp::model::Level,
    lead: String,
    with: Vec<String>,
    kpis: Vec<String>,
    core_purposes: Vec<u8>,
    interfaces: Vec<String>,
    tools: Vec<String>,
    timing: String,
    relative: Option<JsonRelative>,
}

#[derive(Debug, serde::Deserialize)]
struct JsonRelative {
    after: String,
    latest: String,
}

fn query_json(args: &[&str]) -> Vec<JsonRow> {
    let mut full = vec!["query", "--format", "json"];
    full.extend_from_slice(args);
    let out = ok(&full);
    let value: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    serde_json::from_value(value["results"].clone()).expect("results have the documented fields")
}

fn has(rows: &[JsonRow], id: &str, lead: &str) -> bool {
    rows.iter().any(|r| r.id == id && r.lead == lead)
}

#[test]
fn the_national_contact_due_is_listed_with_its_lead() {
    let rows = query_json(&["--age", "10d"]);
    assert!(has(&rows, "universal.new-birth-visit", "health-visitor"));
    let rows = query_json(&["--age", "7w"]);
    assert!(has(&rows, "universal.6-8-week-review", "health-visitor"));
    assert!(has(&rows, "universal.nipe-infant-examination", "gp"));
    let rows = query_json(&["--age", "2y"]);
    assert!(has(&rows, "universal.2-year-review", "health-visitor"));
    assert!(
        rows.iter()
            .any(|r| r.id == "universal.2-year-review"
                && r.tools.iter().any(|t| t.contains("ASQ-3")))
    );
    let rows = query_json(&["--gestation", "28w"]);
    assert!(has(&rows, "universal.antenatal-contact", "health-visitor"));
}

#[test]
fn targeted_pathways_include_universal_unless_told_not_to() {
    let rows = query_json(&["--pathway", "safeguarding", "--age", "2y"]);
    assert!(rows.iter().any(|r| r.pathway == "safeguarding"));
    assert!(rows.iter().any(|r| r.pathway == "universal"));
    let rows = query_json(&["--pathway", "safeguarding", "--age", "2y", "--no-universal"]);
    assert!(!rows.is_empty() && rows.iter().all(|r| r.pathway == "safeguarding"));
}

#[test]
fn pathway_repeats() {
    let rows = query_json(&[
        "--pathway",
        "safeguarding",
        "--pathway",
        "vulnerable-families",
        "--age",
        "1y",
        "--no-universal",
    ]);
    assert!(rows.iter().any(|r| r.pathway == "safeguarding"));
    assert!(rows.iter().any(|r| r.pathway == "vulnerable-families"));
    assert!(rows.iter().all(|r| r.pathway != "universal"));
}

#[test]
fn event_relative_timings_are_listed_with_their_timing() {
    let rows = query_json(&["--pathway", "safeguarding", "--age", "3y", "--no-universal"]);
    let icpc = rows
        .iter()
        .find(|r| {
            r.relative
                .as_ref()
                .is_some_and(|rel| rel.after == "strategy-discussion")
        })
        .expect("the initial child protection conference is listed at 3y");
    assert_eq!(icpc.relative.as_ref().unwrap().latest, "15wd");
    assert!(
        icpc.timing
            .contains("within 15 working days of strategy discussion"),
        "{}",
        icpc.timing
    );
}

// ---- query: filters ---------------------------------------------------------------------------

#[test]
fn profession_filter() {
    let rows = query_json(&["--age", "7w", "--profession", "gp"]);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.lead == "gp" || r.with.iter().any(|w| w == "gp"))
    );
}

#[test]
fn core_purpose_filter() {
    let rows = query_json(&["--age", "1y", "--core-purpose", "2"]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| r.core_purposes.contains(&2)));
    fails(&["query", "--core-purpose", "4"], 2);
}

#[test]
fn level_filter() {
    let rows = query_json(&[
        "--age",
        "1y",
        "--all",
        "--level",
        "universal-partnership-plus",
    ]);
    assert!(!rows.is_empty());
    assert!(
        rows.iter()
            .all(|r| r.level == hcp::model::Level::UniversalPartnershipPlus)
    );
}

#[test]
fn kpi_filter() {
    let rows = query_json(&["--kpi", "C2"]);
    assert!(rows.iter().any(|r| r.id == "universal.new-birth-visit"));
    assert!(rows.iter().all(|r| r.kpis.iter().any(|k| k == "C2")));
    let err = fails(&["query", "--kpi", "c8I"], 2);
    assert!(err.contains("did you mean `C8i`?"), "{err}");
}

#[test]
fn interface_filter() {
    let rows = query_json(&["--interface", "health-visitor-school-nurse"]);
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|r| {
        r.interfaces
            .iter()
            .any(|i| i == "health-visitor-school-nurse")
    }));
}

#[test]
fn text_filter_is_case_insensitive() {
    let rows = query_json(&["--text", "asq-3"]);
    assert!(rows.iter().any(|r| r.id == "universal.2-year-review"));
}

#[test]
fn stage_query() {
    let rows = query_json(&["--stage", "6-8-weeks", "--pathway", "universal"]);
    assert!(has(&rows, "universal.6-8-week-review", "health-visitor"));
    let err = fails(&["query", "--stage", "6-8-week"], 2);
    assert!(err.contains("did you mean `6-8-weeks`?"), "{err}");
}

#[test]
fn unknown_pathway_gets_a_suggestion() {
    let err = fails(&["query", "--pathway", "safegaurding", "--age", "2y"], 2);
    assert!(
        err.contains("unknown pathway `safegaurding`; did you mean `safeguarding`?"),
        "{err}"
    );
}

#[test]
fn empty_result_says_why() {
    let out = ok(&[
        "query",
        "--pathway",
        "antenatal",
        "--age",
        "2y",
        "--no-universal",
    ]);
    let out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        out.contains("no antenatal interventions at 2y (day 730); Universal has"),
        "{out}"
    );
    assert!(out.contains("drop --no-universal"), "{out}");
}

#[test]
fn bad_ages_are_usage_errors_naming_the_value() {
    for (age, why) in [
        ("2x", "not a unit"),
        ("-1y", "cannot be negative"),
        ("6y", "ends at 5 years"),
        ("99999999y", "too large"),
        ("", "empty"),
    ] {
        let err = fails(&["query", "--age", age], 2);
        assert!(err.contains(&format!("'{age}'")), "{age}: {err}");
        assert!(err.contains(why), "{age}: {err}");
        assert!(
            err.contains("Accepted forms: birth, 10d, 6w"),
            "{age}: {err}"
        );
    }
    let err = fails(&["query", "--gestation", "43w"], 2);
    assert!(err.contains("between 0 and 42 weeks"), "{err}");
    fails(&["query", "--age", "2y", "--gestation", "28w"], 2);
}

// ---- output formats ---------------------------------------------------------------------------

#[test]
fn readme_main_job() {
    insta::assert_snapshot!(
        "query_safeguarding_2y",
        ok(&["query", "--pathway", "safeguarding", "--age", "2y"])
    );
}

#[test]
fn table_fits_80_columns() {
    let out = ok(&["query", "--age", "7w", "--width", "80"]);
    for line in out.lines() {
        assert!(line.chars().count() <= 80, "too wide: {line}");
    }
}

#[test]
fn csv_and_markdown_formats() {
    let csv = ok(&[
        "query",
        "--age",
        "10d",
        "--pathway",
        "universal",
        "--format",
        "csv",
    ]);
    assert!(csv.starts_with(
        "Pathway,Level,When,Intervention,Lead,KPIs,CC,Id,With,Tools,Source,Status,From day,To day,From gestation day,To gestation day,Catch-up until day\r\n"
    ));
    assert!(csv.contains("universal.new-birth-visit"));
    // RFC 4180: every record ends in CRLF, and no value spans two lines (folded YAML text such
    // as `source` used to end in a newline), so a line is a record for any reader.
    assert_eq!(csv.matches('\n').count(), csv.matches("\r\n").count());
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert!(records.len() > 5);
    assert_eq!(csv.lines().count(), records.len() + 1);
    for record in &records {
        for value in record {
            assert!(!value.contains(['\n', '\r']), "{value:?}");
            assert_eq!(value, value.trim_end(), "{value:?}");
        }
    }
    insta::assert_snapshot!(
        "query_universal_10d_markdown",
        ok(&[
            "query",
            "--age",
            "10d",
            "--pathway",
            "universal",
            "--format",
            "markdown"
        ])
    );
}

// ---- list and show ----------------------------------------------------------------------------

#[test]
fn list_every_kind() {
    for kind in [
        "pathways",
        "stages",
        "professions",
        "kpis",
        "core-purposes",
        "levels",
        "events",
        "interfaces",
        "dimensions",
        "indicators",
    ] {
        let out = ok(&["list", kind]);
        assert!(out.lines().count() > 3, "{kind}");
    }
    insta::assert_snapshot!("list_pathways", ok(&["list", "pathways"]));
    insta::assert_snapshot!("list_stages", ok(&["list", "stages", "--width", "100"]));
    let json = ok(&["list", "kpis", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        value["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|k| k["id"] == "C8i")
    );
}

#[test]
fn show_pathway_kpi_and_profession() {
    let out = ok(&["show", "safeguarding"]);
    assert!(out.contains("Entry criteria: Universal Plus"));
    assert!(out.contains("Exit and step-down"));
    assert!(out.contains("Stage: Birth to 2 weeks"));
    let out = ok(&["show", "C8i"]);
    assert!(out.contains("6 to 8 week review"));
    let out = ok(&["show", "health-visitor", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(value["kind"], "profession");
    assert!(value["interventions"].as_array().unwrap().len() > 50);
    let err = fails(&["show", "safegarding"], 2);
    assert!(err.contains("did you mean `safeguarding`?"), "{err}");
}

#[test]
fn query_refuses_an_invalid_set() {
    let dir = common::minimal_with(Some(&common::fixtures().join("rules/HCP005")));
    let out = common::hcp()
        .args(["query", "--age", "2y", "--pathways"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run `hcp validate"));
}

#[test]
fn help_lists_exit_codes() {
    let out = ok(&["--help"]);
    assert!(out.contains("Exit codes:"));
    assert!(out.contains("2  could not run"));
}

/// `hcp show` says when a pathway's content was last checked and is next due, in text and JSON.
#[test]
fn show_gives_a_pathways_review_dates() {
    let minimal = common::fixtures().join("minimal");
    let dir = minimal.to_str().unwrap();
    let text = ok(&["--pathways", dir, "show", "safeguarding"]);
    assert!(
        text.contains("Last reviewed: 2026-11-25 · next review due: 2126-11-25"),
        "{text}"
    );
    let json: serde_json::Value = serde_json::from_str(&ok(&[
        "--pathways",
        dir,
        "show",
        "safeguarding",
        "--format",
        "json",
    ]))
    .unwrap();
    assert_eq!(json["last_reviewed"], "2026-11-25", "{json}");
    assert_eq!(json["next_review"], "2126-11-25", "{json}");
}

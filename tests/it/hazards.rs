//! Clinical safety: the tests that demonstrate the mitigations in the hazard log
//! (docs/safety/hazard-log.yaml, rendered as docs/hazard-log.md).
//! Each test is named in the hazard log (H1 … H10). They run the real binary where the hazard is
//! about what a user sees, and use the library where it is about the data.

use crate::common;

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use crate::common::{Ran, bundled_copy, edit, ran, remove_item};
use hcp::load::PathwaySource;

const TODAY: &str = "2026-11-25";

fn out(output: Output, dir: Option<&Path>) -> Ran {
    let r = ran(output, dir);
    assert!(
        !r.stderr.contains("panicked"),
        "hcp panicked:\n{}",
        r.stderr
    );
    r
}

/// The exit code of a query at 7 weeks answered from `set`.
fn query_code(set: &Path) -> i32 {
    let r = out(
        common::hcp()
            .arg("--pathways")
            .arg(set)
            .args(["query", "--age", "7w"])
            .output()
            .unwrap(),
        Some(set),
    );
    r.code
}

/// The status `hcp query` gives each listed id (`due`, `overdue`, `upcoming`, …).
fn query_statuses(set: Option<&Path>, args: &[&str]) -> Vec<(String, String)> {
    let mut cmd = common::hcp();
    if let Some(set) = set {
        cmd.arg("--pathways").arg(set);
    }
    let r = out(
        cmd.args(["query", "--format", "json"])
            .args(args)
            .output()
            .unwrap(),
        None,
    );
    assert_eq!(r.code, 0, "hcp query {args:?}: {}", r.stderr);
    let value: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
    value["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|row| {
            (
                row["id"].as_str().unwrap_or_default().to_string(),
                row["status"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

fn validate(set: &Path) -> Ran {
    out(
        common::hcp()
            .args(["validate", "--pathways"])
            .arg(set)
            .output()
            .unwrap(),
        Some(set),
    )
}

// ---- H1 wrong timing shown for a contact --------------------------------------------------------

/// The five mandated health visiting contacts, with the windows national guidance gives them,
/// written here independently of the data: the day before, the first day, the last day and the
/// day after each window.
#[test]
fn h1_mandated_contacts_are_due_exactly_in_their_national_windows() {
    // (intervention id, first day, last day) in days since birth.
    let postnatal = [
        ("universal.new-birth-visit", 10, 14),
        ("universal.6-8-week-review", 42, 56),
        ("universal.1-year-review", 273, 456),
        ("universal.2-year-review", 730, 913),
    ];
    for (id, first, last) in postnatal {
        for (day, due) in [
            (first - 1, false),
            (first, true),
            (last, true),
            (last + 1, false),
        ] {
            let age = format!("{day}d");
            let rows = query_statuses(None, &["--pathway", "universal", "--age", &age]);
            assert_eq!(
                rows.iter().any(|(i, status)| i == id && status == "due"),
                due,
                "{id} at day {day}: expected due={due}: {rows:?}"
            );
        }
    }
    // The antenatal contact: from 28 weeks of pregnancy.
    for (gestation, due) in [("27w6d", false), ("28w", true), ("40w", true)] {
        let rows = query_statuses(None, &["--pathway", "universal", "--gestation", gestation]);
        assert_eq!(
            rows.iter()
                .any(|(i, status)| i == "universal.antenatal-contact" && status == "due"),
            due,
            "antenatal contact at {gestation}"
        );
    }
}

/// The window shown to the practitioner is the window in the data, in words.
#[test]
fn h1_the_timing_shown_is_the_window_in_the_data() {
    let r = out(
        common::hcp()
            .args([
                "query",
                "--pathway",
                "universal",
                "--age",
                "7w",
                "--format",
                "json",
            ])
            .output()
            .unwrap(),
        None,
    );
    let value: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let row = value["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["id"] == "universal.6-8-week-review")
        .expect("the 6-8 week review is due at 7 weeks");
    assert_eq!(row["window"]["from"], "6w");
    assert_eq!(row["window"]["to"], "8w");
    assert_eq!(row["from_day"], 42);
    assert_eq!(row["to_day"], 56);
    assert_eq!(row["status"], "due");
    assert!(
        row["timing"].as_str().unwrap().contains("6 to 8 weeks"),
        "{row}"
    );
}

// ---- H2 a targeted pathway missing from a query ------------------------------------------------

/// `--all` searches all nine; without it, at an age, the answer searches Universal and names
/// every targeted pathway that also has items there (JSON `also`, and a line in text), so none
/// is left out without a word.
#[test]
fn h2_a_query_at_an_age_searches_or_names_all_nine() {
    let v = common::validate(&PathwaySource::Bundled).unwrap();
    assert_eq!(v.library.catalogue.pathway_set.len(), 9);
    let json = |args: &[&str]| -> serde_json::Value {
        let r = out(
            common::hcp()
                .args(["query", "--format", "json"])
                .args(args)
                .output()
                .unwrap(),
            None,
        );
        serde_json::from_str(&r.stdout).unwrap()
    };
    let strings = |value: &serde_json::Value, key: &str| -> Vec<String> {
        value[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                p.as_str()
                    .map_or_else(|| p["pathway"].as_str().unwrap().to_string(), String::from)
            })
            .collect()
    };
    let all = json(&["--age", "2y", "--all"]);
    let searched = strings(&all, "pathways");
    for expected in &v.library.catalogue.pathway_set {
        assert!(
            searched.contains(&expected.item.id.value.to_string()),
            "`{}` was not searched with --all: {searched:?}",
            expected.item.id.value
        );
    }
    let default = json(&["--age", "2y"]);
    let mut named = strings(&default, "pathways");
    named.extend(strings(&default, "also"));
    let with_items: std::collections::BTreeSet<String> = all["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["pathway"].as_str().unwrap().to_string())
        .collect();
    for p in with_items {
        assert!(
            named.contains(&p),
            "`{p}` has items at 2y but is neither searched nor named: {named:?}"
        );
    }
    let text = out(
        common::hcp()
            .args(["query", "--age", "2y"])
            .output()
            .unwrap(),
        None,
    );
    assert!(
        text.stdout
            .contains("Also at this age on targeted pathways: "),
        "{}",
        text.stdout
    );
}

#[test]
fn h2_a_missing_targeted_pathway_file_stops_every_query() {
    let set = bundled_copy();
    std::fs::remove_file(set.path().join("safeguarding.yaml")).unwrap();
    let v = validate(set.path());
    assert_eq!(v.code, 1);
    assert!(v.stdout.contains("HCP014"), "{}", v.stdout);
    // hcp will not answer from the incomplete set, so no query can silently leave it out.
    let q = out(
        common::hcp()
            .arg("--pathways")
            .arg(set.path())
            .args(["query", "--age", "2y"])
            .output()
            .unwrap(),
        Some(set.path()),
    );
    assert_eq!(q.code, 2, "{}", q.stdout);
    assert!(q.stdout.is_empty());
    assert!(q.stderr.contains("run `hcp validate"), "{}", q.stderr);
}

// ---- H3 an incomplete assessment read as Universal ---------------------------------------------

#[test]
fn h3_an_incomplete_assessment_is_never_shown_as_universal_in_any_format() {
    let minimal = common::fixtures().join("minimal");
    let file = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus/families/fam-missing-domains.yaml");
    let run = |args: &[&str], path: &Path| {
        out(
            common::hcp()
                .arg("--pathways")
                .arg(&minimal)
                .args(["assess", "--today", TODAY])
                .args(args)
                .arg(path)
                .output()
                .unwrap(),
            None,
        )
    };
    let text = run(&[], &file);
    assert_eq!(text.code, 0);
    assert!(
        text.stdout
            .contains("Suggested band: INCOMPLETE: cannot confirm Universal"),
        "{}",
        text.stdout
    );
    assert!(!text.stdout.contains("Suggested band: Universal"));
    let markdown = run(&["--format", "markdown"], &file);
    assert!(
        markdown.stdout.contains("INCOMPLETE"),
        "{}",
        markdown.stdout
    );
    let json = run(&["--format", "json"], &file);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["outcome"]["complete"], false);
    assert!(
        report["suggestion"]
            .as_str()
            .unwrap()
            .contains("INCOMPLETE")
    );
    // In a caseload: the row says so too, in every format.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&file, dir.path().join("a.yaml")).unwrap();
    let jsonl = run(&["--format", "jsonl"], dir.path());
    let row: serde_json::Value = serde_json::from_str(jsonl.stdout.trim()).unwrap();
    assert_eq!(row["complete"], false);
    assert_eq!(row["missing"].as_array().unwrap().len(), 13);
    assert!(row["suggestion"].as_str().unwrap().contains("INCOMPLETE"));
    let table = run(&["--width", "200"], dir.path());
    assert!(table.stdout.contains("NO (13 missing)"), "{}", table.stdout);
    assert!(table.stdout.contains("1 incomplete"), "{}", table.stdout);
    // Known gap (tests/corpus/MANIFEST `fam-missing-domains-caseload`): the caseload's count line
    // still tallies this family under "1 Universal".
}

// ---- H4 local edits silently drop a mandated contact -------------------------------------------

#[test]
fn h4_dropping_a_mandated_contact_fails_validation_and_stops_queries() {
    // Deleting the intervention, or only its `event:` marker, is caught.
    for how in ["delete the intervention", "delete its event marker"] {
        let set = bundled_copy();
        match how {
            "delete the intervention" => {
                remove_item(
                    set.path(),
                    "universal.yaml",
                    "  - id: universal.6-8-week-review\n",
                );
            }
            _ => edit(
                set.path(),
                "universal.yaml",
                "    event: 6-8-week-review\n",
                "",
            ),
        }
        let v = validate(set.path());
        assert_eq!(v.code, 1, "{how}: {}", v.stdout);
        assert!(
            v.stdout
                .contains("error[HCP019]: mandated contact `6-8-week-review`"),
            "{how}: {}",
            v.stdout
        );
        assert_eq!(
            query_code(set.path()),
            2,
            "{how}: a query answered from the edited set"
        );
    }
}

/// The bundled list of mandated contacts is the five national contacts. (A local copy that edits
/// the list is held to the five by HCP026, which keeps them in code: see the next tests.)
#[test]
fn h4_the_bundled_catalogue_mandates_the_five_national_contacts() {
    let v = common::validate(&PathwaySource::Bundled).unwrap();
    let mandated: Vec<&str> = v
        .library
        .catalogue
        .mandated_contacts
        .iter()
        .map(|m| m.item.value.as_str())
        .collect();
    assert_eq!(
        mandated,
        [
            "antenatal-contact",
            "new-birth-visit",
            "6-8-week-review",
            "1-year-review",
            "2-year-review"
        ]
    );
}

/// The residual HCP019 left: a local copy that drops a contact from the Universal pathway *and*
/// from the catalogue's `mandated_contacts` is consistent, so only a list kept in code catches it.
#[test]
fn h4_dropping_a_contact_from_the_pathway_and_the_catalogue_still_fails() {
    let set = bundled_copy();
    edit(
        set.path(),
        "catalogue/core.yaml",
        "  - 6-8-week-review\n",
        "",
    );
    edit(
        set.path(),
        "universal.yaml",
        "    event: 6-8-week-review\n",
        "",
    );
    let v = validate(set.path());
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert!(
        v.stdout.contains(
            "error[HCP026]: the 6-8 week review is mandated nationally but is not in the `universal` pathway"
        ),
        "{}",
        v.stdout
    );
    assert!(
        !v.stdout.contains("HCP019"),
        "one finding, not two: {}",
        v.stdout
    );
    assert_eq!(
        query_code(set.path()),
        2,
        "a query answered from the edited set"
    );
}

/// A mandated contact may be narrowed locally (9-11 months is a real local window) but not moved
/// or widened past the national window, nor taken off the Universal level.
#[test]
fn h4_a_mandated_contact_stays_universal_and_inside_its_national_window() {
    // The only `9m to 15m` window in universal.yaml: the 1 year review's.
    let window = "    window: {from: 9m, to: 15m}\n";
    for (how, from, to, fails) in [
        (
            "narrowed to 9-11 months",
            window,
            "    window: {from: 9m, to: 11m}\n",
            false,
        ),
        (
            "widened to 18 months",
            window,
            "    window: {from: 9m, to: 18m}\n",
            true,
        ),
        (
            "moved to 6-12 months",
            window,
            "    window: {from: 6m, to: 12m}\n",
            true,
        ),
    ] {
        let set = bundled_copy();
        edit(set.path(), "universal.yaml", from, to);
        let v = validate(set.path());
        assert_eq!(v.code, i32::from(fails), "{how}: {}", v.stdout);
        if fails {
            assert!(
                v.stdout.contains("error[HCP026]: `universal.1-year-review` (the nationally mandated 1 year review) is timed"),
                "{how}: {}",
                v.stdout
            );
            assert!(
                v.stdout.contains("outside the national window 9m to 15m"),
                "{how}: {}",
                v.stdout
            );
        }
    }
    let set = bundled_copy();
    let text = std::fs::read_to_string(set.path().join("universal.yaml")).unwrap();
    let at = text.find("  - id: universal.2-year-review").unwrap();
    let level = at + text[at..].find("    level: universal\n").unwrap();
    let edited = format!(
        "{}    level: universal-plus\n{}",
        &text[..level],
        &text[level + "    level: universal\n".len()..]
    );
    std::fs::write(set.path().join("universal.yaml"), edited).unwrap();
    let v = validate(set.path());
    assert_eq!(v.code, 1, "{}", v.stdout);
    // HCP015 holds every Universal intervention to the Universal level, the mandated ones
    // included; HCP026 does not report it a second time.
    assert!(
        v.stdout
            .contains("error[HCP015]: `universal.2-year-review` is at level `universal-plus`"),
        "{}",
        v.stdout
    );
    assert!(v.stdout.contains("1 error, 0 warnings"), "{}", v.stdout);
}

/// A due age outside the national window, and a contact timed by its stage (no window of its own)
/// whose stage lies outside it, are caught where they are written.
#[test]
fn h4_a_mandated_contacts_due_age_and_stage_are_held_to_its_national_window() {
    let window = "    window: {from: 9m, to: 15m}\n";
    let due = bundled_copy();
    edit(
        due.path(),
        "universal.yaml",
        window,
        &format!("{window}    due: 16m\n"),
    );
    let v = validate(due.path());
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert!(
        v.stdout.contains("(the nationally mandated 1 year review) has a `due` of 16m, outside the national window 9m to 15m"),
        "{}",
        v.stdout
    );

    let staged = bundled_copy();
    edit(
        staged.path(),
        "universal.yaml",
        &format!("    stage: 9-15-months\n{window}"),
        "    stage: 15-24-months\n",
    );
    let v = validate(staged.path());
    assert_eq!(v.code, 1, "{}", v.stdout);
    let at_stage = v.stdout.split("error[").find(|block| {
        block.starts_with("HCP026]: `universal.1-year-review`") && block.contains("].stage")
    });
    assert!(
        at_stage.is_some_and(|b| b.contains("outside the national window 9m to 15m")),
        "{}",
        v.stdout
    );
}

/// Found by review: only the first intervention marked with a mandated event was checked, and
/// event-relative timing, due ages and KPI deadlines escaped the national window.
#[test]
fn h4_every_intervention_marked_as_a_mandated_contact_is_held_to_its_window() {
    let review = "  - id: universal.6-8-week-review\n";
    // A second intervention claiming to be the 6-8 week review, at 3-4 months, after the real one.
    let set = bundled_copy();
    let text = std::fs::read_to_string(set.path().join("universal.yaml")).unwrap();
    let begin = text.find(review).unwrap();
    let end = begin + review.len() + text[begin + review.len()..].find("\n  - id: ").unwrap() + 1;
    let copy = text[begin..end]
        .replacen(
            "universal.6-8-week-review",
            "universal.6-8-week-review-again",
            1,
        )
        .replacen(
            "window: {from: 6w, to: 8w}",
            "window: {from: 3m, to: 4m}",
            1,
        )
        .replacen("stage: 6-8-weeks", "stage: 8-weeks-to-9-months", 1);
    assert!(copy.contains("window: {from: 3m, to: 4m}"), "{copy}");
    std::fs::write(
        set.path().join("universal.yaml"),
        format!("{}{copy}{}", &text[..end], &text[end..]),
    )
    .unwrap();
    let v = validate(set.path());
    assert_eq!(v.code, 1, "{}", v.stdout);
    assert!(
        v.stdout.contains("error[HCP026]: `universal.6-8-week-review-again` (the nationally mandated 6-8 week review) is timed 3m to 4m"),
        "{}",
        v.stdout
    );
    // Timed relative to the new birth visit instead of by age; and a KPI deadline past 8 weeks.
    for (from, to, expect) in [
        (
            "    window: {from: 6w, to: 8w}\n",
            "    relative: {after: new-birth-visit, earliest: 20w, latest: 30w}\n",
            "is timed relative to `new-birth-visit`; a mandated contact is timed by the child's age",
        ),
        (
            "    window: {from: 6w, to: 8w}\n",
            "    window: {from: 6w, to: 8w}\n    kpi_deadline: 20w\n",
            "has a `kpi_deadline` of 4m19d, outside the national window 6w to 8w",
        ),
    ] {
        let set = bundled_copy();
        let text = std::fs::read_to_string(set.path().join("universal.yaml")).unwrap();
        let at = text.find(review).unwrap();
        let window = at + text[at..].find(from).unwrap();
        let edited = format!("{}{to}{}", &text[..window], &text[window + from.len()..]);
        std::fs::write(set.path().join("universal.yaml"), edited).unwrap();
        let v = validate(set.path());
        assert_eq!(v.code, 1, "{expect}: {}", v.stdout);
        assert!(
            v.stdout.contains(&format!(
                "error[HCP026]: `universal.6-8-week-review` (the nationally mandated 6-8 week review) {expect}"
            )),
            "{}",
            v.stdout
        );
    }
}

// ---- H5 identifiers leaking into logs or CI output ---------------------------------------------
// More H5 tests, one per diagnostic path a written name, NHS number or note could take (keys,
// indicators, dates, YAML and shape errors, the reference's characters): tests/it/privacy.rs.

/// Family files that hold identifiers in places where hcp must refuse or ignore them. None of the
/// identifiers may appear in any output: single reports, caseloads, or error messages.
#[test]
fn h5_identifiers_in_broken_family_files_never_reach_any_output() {
    let valid = std::fs::read_to_string(common::fixtures().join("families/valid.yaml")).unwrap();
    let secrets = [
        "Test Family",
        "999 000 0000",
        "9434765919",
        "943 476 5919",
        "SECRET",
        "Ann Other",
        "12 Acacia Avenue",
    ];
    let note = "notes: SECRET-NOTE-TEXT never printed";
    let variants: Vec<(&str, String)> = vec![
        // An NHS-number-like value under an unknown key, quoted and bare.
        (
            "unknown-key",
            valid.replace(note, &format!("{note}\n    nhs_no: 943 476 5919")),
        ),
        (
            "unknown-top-key",
            valid.replace(
                "reference: TEST-0001",
                "reference: TEST-0001\nmother: \"Ann Other, 12 Acacia Avenue\"",
            ),
        ),
        // A name on a malformed line (an unclosed quote, a stray bracket, a tab).
        (
            "malformed-name",
            valid.replace("name: Test Family", "name: \"Test Family"),
        ),
        (
            "bracket-name",
            valid.replace("name: Test Family", "name: [Test Family"),
        ),
        (
            "tab-name",
            valid.replace("name: Test Family", "\tname: Test Family"),
        ),
        // Identifiers where another type is expected.
        (
            "nhs-as-reference-list",
            valid.replace("reference: TEST-0001", "reference: [943 476 5919]"),
        ),
        (
            "nhs-as-date",
            valid.replace("date_of_birth: 2025-11-25", "date_of_birth: 9434765919"),
        ),
        (
            "name-as-age",
            valid.replace("date_of_birth: 2025-11-25", "age: Ann Other"),
        ),
        // Identifiers in notes that are themselves malformed, or duplicated.
        (
            "malformed-notes",
            valid.replace(note, "notes: \"SECRET-NOTE-TEXT unclosed"),
        ),
        (
            "duplicate-name",
            valid.replace(
                "name: Test Family            # never printed",
                "name: Test Family\nname: Ann Other",
            ),
        ),
        (
            "notes-as-mapping",
            valid.replace(note, "notes: {Ann Other: 943 476 5919}"),
        ),
    ];
    let minimal = common::fixtures().join("minimal");
    let dir = tempfile::tempdir().unwrap();
    let mut runs = Vec::new();
    for (name, text) in &variants {
        assert_ne!(text, &valid, "{name} changed nothing");
        let file = dir.path().join(format!("{name}.yaml"));
        std::fs::write(&file, text).unwrap();
        for format in ["text", "json", "markdown", "jsonl"] {
            runs.push((
                format!("{name} --format {format}"),
                common::hcp()
                    .arg("--pathways")
                    .arg(&minimal)
                    .args(["assess", "--today", TODAY, "--format", format])
                    .arg(&file)
                    .output()
                    .unwrap(),
            ));
        }
    }
    // All of them at once, as a caseload with the valid file among them.
    std::fs::write(dir.path().join("valid.yaml"), &valid).unwrap();
    for format in ["text", "json", "markdown", "jsonl"] {
        runs.push((
            format!("caseload --format {format}"),
            common::hcp()
                .arg("--pathways")
                .arg(&minimal)
                .args(["assess", "--today", TODAY, "--format", format])
                .arg(dir.path())
                .output()
                .unwrap(),
        ));
    }
    for (what, output) in runs {
        let r = out(output, Some(dir.path()));
        assert!(matches!(r.code, 0..=2), "{what}: exit {}", r.code);
        let all = format!("{}{}", r.stdout, r.stderr);
        for secret in secrets {
            assert!(!all.contains(secret), "{what}: `{secret}` leaked:\n{all}");
        }
    }
}

/// The caseload summary carries the reference and the band, never the rationale or notes.
#[test]
fn h5_caseload_summaries_carry_no_free_text() {
    let valid = std::fs::read_to_string(common::fixtures().join("families/valid.yaml")).unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        valid.replace(
            "rationale: Agreed.",
            "rationale: Discussed with Ann Other at 12 Acacia Avenue.",
        ),
    )
    .unwrap();
    std::fs::write(dir.path().join("b.yaml"), &valid).unwrap();
    for format in ["text", "json", "markdown", "jsonl"] {
        let r = out(
            common::hcp()
                .arg("--pathways")
                .arg(common::fixtures().join("minimal"))
                .args(["assess", "--today", TODAY, "--format", format])
                .arg(dir.path())
                .output()
                .unwrap(),
            Some(dir.path()),
        );
        assert_eq!(r.code, 0, "{format}: {}", r.stderr);
        assert!(r.stdout.contains("TEST-0001"), "{format}: {}", r.stdout);
        for secret in ["Ann Other", "Acacia", "SECRET", "Test Family", "999 000"] {
            assert!(!r.stdout.contains(secret), "{format}: `{secret}` leaked");
        }
    }
}

// ---- H6 stale pathway data ----------------------------------------------------------------------

/// Every intervention says where it comes from and how sure that is, and a query shows it, so a
/// reader can judge whether it is current.
#[test]
fn h6_every_intervention_shows_its_source_basis_and_certainty() {
    let v = common::validate(&PathwaySource::Bundled).unwrap();
    let mut count = 0;
    for (_, p) in &v.library.pathways {
        for iv in &p.interventions {
            count += 1;
            assert!(
                iv.source.value.trim().len() > 3,
                "{} has no real source",
                iv.id.value
            );
        }
    }
    assert_eq!(count, v.summary.interventions);
    assert!(count > 100, "only {count} interventions");
    let r = out(
        common::hcp()
            .args(["query", "--age", "2y", "--format", "json"])
            .output()
            .unwrap(),
        None,
    );
    let value: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    for row in value["results"].as_array().unwrap() {
        for key in ["source", "basis", "certainty"] {
            assert!(
                row[key].as_str().is_some_and(|s| !s.is_empty()),
                "{} has no {key} in query output",
                row["id"]
            );
        }
    }
}

/// Every bundled pathway records when it was last checked against its sources and when it must
/// be checked again, no more than three years apart.
#[test]
fn h6_every_bundled_pathway_records_its_review_dates() {
    let v = common::validate(&PathwaySource::Bundled).unwrap();
    assert_eq!(v.library.pathways.len(), 9);
    for (_, p) in &v.library.pathways {
        let (Some(last), Some(next)) = (&p.last_reviewed, &p.next_review) else {
            panic!("{} has no review dates", p.id.value);
        };
        let gap = last.value.0.until(next.value.0).unwrap().get_days();
        assert!((1..=3 * 366).contains(&gap), "{}: {gap} days", p.id.value);
    }
}

/// The day after `next_review`, `hcp validate` warns (and `--strict` fails); on the day itself
/// and before, it does not. Pinned with `--today`, so the test does not age.
#[test]
fn h6_validate_warns_from_the_day_after_the_review_date() {
    let next = common::validate(&PathwaySource::Bundled)
        .unwrap()
        .library
        .pathways
        .iter()
        .map(|(_, p)| p.next_review.as_ref().unwrap().value.0)
        .min()
        .unwrap();
    let day = |offset: i64| (next + jiff::Span::new().days(offset)).to_string();
    for (today, warns) in [(day(-1), false), (day(0), false), (day(1), true)] {
        for strict in [false, true] {
            let mut cmd = common::hcp();
            cmd.args(["validate", "--today", &today]);
            if strict {
                cmd.arg("--strict");
            }
            let r = out(cmd.output().unwrap(), None);
            assert_eq!(
                r.stdout.contains("warning[HCP027]"),
                warns,
                "{today}: {}",
                r.stdout
            );
            assert_eq!(
                r.code,
                i32::from(warns && strict),
                "{today} strict={strict}"
            );
        }
    }
    // Not a real date, and a date-time (jiff would read its date part): both refused.
    for bad in ["2026-02-30", "2027-11-26T00:00"] {
        let r = out(
            common::hcp()
                .args(["validate", "--today", bad])
                .output()
                .unwrap(),
            None,
        );
        assert_eq!(r.code, 2, "{}", r.stderr);
        assert!(
            r.stderr.contains(&format!("--today `{bad}` is not a date")),
            "{}",
            r.stderr
        );
    }
}

/// A pathway past its review date still answers (the data is not wrong, only possibly old), but
/// every answer from the set says so on stderr, even under `-q`.
#[test]
fn h6_answers_from_a_pathway_past_its_review_date_carry_a_note() {
    // The clock this test is about, pinned here: after the HCP027 fixture's next review
    // (2020-01-15), before the bundled pathways' (2027-12-03).
    let hcp = || {
        let mut cmd = common::hcp();
        cmd.env("HCP_CLOCK", "2026-12-03");
        cmd
    };
    let set = common::minimal_with(Some(&common::fixtures().join("rules/HCP027")));
    let note = "note: ";
    let due = "pathway `safeguarding` was due for review on 2020-01-15";
    for args in [
        vec!["query", "--pathway", "safeguarding", "--age", "1y"],
        vec!["list", "pathways"],
        vec!["show", "safeguarding"],
    ] {
        let r = out(
            hcp()
                .arg("--pathways")
                .arg(set.path())
                .args(&args)
                .output()
                .unwrap(),
            Some(set.path()),
        );
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty(), "{args:?} still answers");
        assert!(
            r.stderr.contains(note) && r.stderr.contains(due) && r.stderr.contains("(HCP027"),
            "{args:?}: {}",
            r.stderr
        );
        assert!(
            !r.stdout.contains(due),
            "{args:?}: the note is not part of the data on stdout"
        );
        let quiet = out(
            hcp()
                .arg("-q")
                .arg("--pathways")
                .arg(set.path())
                .args(&args)
                .output()
                .unwrap(),
            Some(set.path()),
        );
        // -q trims summaries, never a warning about whether the answer can be trusted.
        assert!(quiet.stderr.contains(due), "{args:?} -q: {}", quiet.stderr);
    }
    // Scripts reading the JSON see it too, for the pathways searched.
    let json = out(
        hcp()
            .arg("--pathways")
            .arg(set.path())
            .args([
                "query",
                "--pathway",
                "safeguarding",
                "--age",
                "1y",
                "--format",
                "json",
            ])
            .output()
            .unwrap(),
        Some(set.path()),
    );
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(
        value["review_overdue"],
        serde_json::json!([{"pathway": "safeguarding", "next_review": "2020-01-15"}])
    );
    let universal_only = out(
        hcp()
            .arg("--pathways")
            .arg(set.path())
            .args([
                "query",
                "--pathway",
                "universal",
                "--age",
                "1y",
                "--format",
                "json",
            ])
            .output()
            .unwrap(),
        Some(set.path()),
    );
    let value: serde_json::Value = serde_json::from_str(&universal_only.stdout).unwrap();
    assert!(value.get("review_overdue").is_none(), "{value}");
    // assess checks review dates against the real date, not the --today that pins the
    // assessment: a pinned past date must neither hide staleness nor invent "reviewed in the
    // future" warnings. The single-family JSON carries it too (found by review).
    // A family at Universal Partnership Plus, indicated for safeguarding.
    let valid = std::fs::read_to_string(common::fixtures().join("families/valid.yaml")).unwrap();
    let family = set.path().join("family-upp.yaml.txt");
    std::fs::write(&family, valid.replace("[health.plus]", "[health.upp]")).unwrap();
    for today in ["2019-06-01", "2026-11-25"] {
        let r = out(
            hcp()
                .arg("--pathways")
                .arg(set.path())
                .args(["assess", "--today", today, "--format", "json"])
                .arg(&family)
                .output()
                .unwrap(),
            Some(set.path()),
        );
        assert!(
            r.stderr.contains(due),
            "assess --today {today}: {}",
            r.stderr
        );
        assert!(
            !r.stderr.contains("after today"),
            "assess --today {today}: {}",
            r.stderr
        );
        if today == "2026-11-25" {
            assert_eq!(r.code, 0, "{}", r.stderr);
            let value: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(
                value["review_overdue"],
                serde_json::json!([{"pathway": "safeguarding", "next_review": "2020-01-15"}]),
                "{today}"
            );
        }
    }
    let bundled = out(
        hcp()
            .args([
                "assess",
                "examples/escalation.yaml",
                "--today",
                "2026-11-01",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap(),
        None,
    );
    assert!(!bundled.stderr.contains("note:"), "{}", bundled.stderr);
    // The clock decides, not --today: an assessment pinned to its own date carries the note once
    // the clock is past the bundled pathways' review date.
    let late = out(
        hcp()
            .env("HCP_CLOCK", "2028-06-01")
            .args([
                "assess",
                "examples/escalation.yaml",
                "--today",
                "2026-11-25",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap(),
        None,
    );
    assert_eq!(late.code, 0, "{}", late.stderr);
    assert!(
        late.stderr
            .contains("note: pathway `parental-mental-health` was due for review on 2027-12-03"),
        "{}",
        late.stderr
    );
}

/// Missing is not "reviewed": a pathway that records no review date is a warning, so a local set
/// cannot go stale unseen simply by never having been dated.
#[test]
fn h6_a_pathway_without_a_review_date_is_reported() {
    let set = common::minimal_with(None);
    edit(
        set.path(),
        "safeguarding.yaml",
        "last_reviewed: 2026-11-25\nnext_review: 2126-11-25",
        "",
    );
    let r = validate(set.path());
    assert_eq!(r.code, 0, "a warning, not an error: {}", r.stdout);
    assert!(
        r.stdout.contains(
            "warning[HCP027]: pathway `safeguarding` records no `next_review` date, so nothing will say when its content is out of date"
        ),
        "{}",
        r.stdout
    );
    let strict = out(
        common::hcp()
            .args(["validate", "--strict", "--pathways"])
            .arg(set.path())
            .output()
            .unwrap(),
        Some(set.path()),
    );
    assert_eq!(strict.code, 1, "{}", strict.stdout);
}

/// Dates that cannot be right are reported too: a review in the future, a next review before the
/// last one.
#[test]
fn h6_impossible_review_dates_are_reported() {
    let set = common::minimal_with(Some(&common::fixtures().join("rules/HCP027")));
    edit(
        set.path(),
        "safeguarding.yaml",
        "last_reviewed: 2019-01-15\nnext_review: 2020-01-15\n",
        "last_reviewed: 2099-01-15\nnext_review: 2098-01-15\n",
    );
    let r = validate(set.path());
    assert!(
        r.stdout
            .contains("says it was last reviewed on 2099-01-15, after today"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("has its next review (2098-01-15) on or before its last one (2099-01-15)"),
        "{}",
        r.stdout
    );
}

/// Taking the source away is an error, not a silent gap.
#[test]
fn h6_an_intervention_without_a_source_fails_validation() {
    let set = common::minimal_with(None);
    edit(
        set.path(),
        "safeguarding.yaml",
        "    kpis: [R-TEST]\n    source: Test fixture for hcp\n",
        "    kpis: [R-TEST]\n",
    );
    let v = validate(set.path());
    assert_eq!(v.code, 1);
    assert!(
        v.stdout.contains("missing required key `source`"),
        "{}",
        v.stdout
    );
}

// ---- H7 a typo'd reference silently drops an intervention --------------------------------------

#[test]
fn h7_a_misspelt_stage_is_an_error_and_queries_refuse_the_set() {
    let set = bundled_copy();
    edit(
        set.path(),
        "universal.yaml",
        "    stage: 6-8-weeks\n    window: {from: 6w, to: 8w}",
        "    stage: 6-8-week\n    window: {from: 6w, to: 8w}",
    );
    let v = validate(set.path());
    assert_eq!(v.code, 1);
    assert!(
        v.stdout.contains("unknown stage `6-8-week`"),
        "{}",
        v.stdout
    );
    assert!(
        v.stdout.contains("did you mean `6-8-weeks`?"),
        "{}",
        v.stdout
    );
    let q = out(
        common::hcp()
            .arg("--pathways")
            .arg(set.path())
            .args(["query", "--age", "7w"])
            .output()
            .unwrap(),
        Some(set.path()),
    );
    assert_eq!(q.code, 2);
    assert!(q.stdout.is_empty(), "{}", q.stdout);
}

#[test]
fn h7_a_misspelt_filter_is_refused_not_answered_with_nothing() {
    for (flag, value, suggestion) in [
        ("--pathway", "safegarding", "safeguarding"),
        ("--profession", "health-vistor", "health-visitor"),
        ("--kpi", "C8", "C8i"),
        ("--stage", "6-8-week", "6-8-weeks"),
    ] {
        let mut args = vec!["query", flag, value];
        if flag != "--stage" {
            args.extend(["--age", "7w"]);
        }
        let r = out(common::run(&args), None);
        assert_eq!(r.code, 2, "{flag} {value}: {}", r.stdout);
        assert!(r.stdout.is_empty());
        assert!(
            r.stderr.contains(&format!("`{suggestion}`")),
            "{flag} {value}: {}",
            r.stderr
        );
    }
}

// ---- H8 a YAML bomb taking down CI --------------------------------------------------------------

#[test]
fn h8_an_alias_bomb_is_refused_quickly() {
    let bomb =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/families/fam-alias-bomb.yaml");
    let start = Instant::now();
    let r = out(
        common::hcp()
            .arg("--pathways")
            .arg(common::fixtures().join("minimal"))
            .args(["assess", "--today", TODAY])
            .arg(&bomb)
            .output()
            .unwrap(),
        None,
    );
    let took = start.elapsed();
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("alias bomb"), "{}", r.stderr);
    // The debug binary on a slow machine; the release binary takes ~50 ms (docs/reliability.md).
    assert!(took < Duration::from_secs(5), "took {took:?}");
}

#[test]
fn h8_a_file_over_the_size_limit_is_refused_before_parsing() {
    let set = common::minimal_with(None);
    let limit = usize::try_from(hcp::load::yaml::PATHWAY_LIMITS.bytes).unwrap();
    // Not YAML at all: if hcp parsed it, the message would be a syntax error, not the size.
    std::fs::write(set.path().join("universal.yaml"), "[".repeat(limit + 1)).unwrap();
    let start = Instant::now();
    let v = validate(set.path());
    assert!(start.elapsed() < Duration::from_secs(5));
    assert_eq!(v.code, 1);
    assert!(
        v.stdout.contains(&format!(
            "it is {} bytes; hcp reads a pathway file of up to {limit} bytes",
            limit + 1
        )),
        "{}",
        v.stdout
    );
}

// ---- H9 a practitioner's decision overridden by the tool ----------------------------------------

#[test]
fn h9_the_practitioners_decision_is_shown_beside_a_different_suggestion_never_replaced() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/escalation.yaml");
    let assess = |format: &str, path: &Path| {
        out(
            common::hcp()
                .args(["assess", "--today", TODAY, "--format", format])
                .arg(path)
                .output()
                .unwrap(),
            None,
        )
    };
    let json = assess("json", &file);
    let report: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(report["practitioner"]["band"], "universal-plus");
    assert_eq!(report["practitioner"]["agrees"], false);
    assert_eq!(report["outcome"]["suggested"], "universal-partnership-plus");
    let text = assess("text", &file);
    assert!(
        text.stdout
            .contains("Practitioner's decision: Universal Plus"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("practitioner decides"),
        "{}",
        text.stdout
    );
    // In a caseload row, both bands travel together.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&file, dir.path().join("e.yaml")).unwrap();
    let jsonl = assess("jsonl", dir.path());
    let row: serde_json::Value = serde_json::from_str(jsonl.stdout.trim()).unwrap();
    assert_eq!(row["practitioner"], "universal-plus");
    assert_eq!(row["suggested"], "universal-partnership-plus");
}

// ---- H10 output forged by control characters in a file -----------------------------------------

/// With colour forced on, hcp's own colour codes pass and an escape sequence inside a data value
/// (here ESC [2J, clear the screen) is still printed as `\x1b` (the residual before 2026-11-26).
#[test]
fn h10_forced_colour_lets_only_hcps_own_colour_codes_through() {
    let set = common::minimal_with(None);
    edit(
        set.path(),
        "safeguarding.yaml",
        "    lead: health-visitor\n",
        "    lead: \"health\\e[2Jvisitor\\e]8;;http://x\\a\"\n",
    );
    // And a warning (a pathway with no review date), for the yellow code.
    edit(set.path(), "universal.yaml", "next_review: 2126-11-25", "");
    let r = out(
        common::hcp()
            .args(["validate", "--color", "always", "--pathways"])
            .arg(set.path())
            .output()
            .unwrap(),
        Some(set.path()),
    );
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stdout.contains("\x1b[1;31merror[HCP005]\x1b[0m: \x1b[1m"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("\x1b[1;33mwarning[HCP027]\x1b[0m: \x1b[1m"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("health\\x1b[2Jvisitor\\x1b]8;;http://x\\x07"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("\x1b[2J"), "{}", r.stdout);
    assert!(!r.stdout.contains("\x1b]8"), "{}", r.stdout);
}

// ---- H18 a birth-cohort schedule shown for the wrong child --------------------------------------

/// The 1-year and 3y4m doses depend on the date of birth: the answer reads them for a child born
/// today minus the age, says which date it read, and leaves out the other cohorts' doses. Across
/// the 1 January 2025 boundary the 1-year dose changes from MMR to MMRV.
#[test]
fn h18_a_cohort_schedule_is_read_for_the_childs_date_of_birth() {
    let query = |clock: &str, age: &str| -> serde_json::Value {
        let r = out(
            common::hcp()
                .env("HCP_CLOCK", clock)
                .args(["query", "--age", age, "--format", "json"])
                .output()
                .unwrap(),
            None,
        );
        assert_eq!(r.code, 0, "{}", r.stderr);
        serde_json::from_str(&r.stdout).unwrap()
    };
    let ids = |v: &serde_json::Value| -> Vec<String> {
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    // Born 3 December 2025: MMRV at 1 year.
    let now = query("2026-12-03", "1y");
    assert_eq!(now["born_on"], "2025-12-03");
    assert!(ids(&now).contains(&"universal.immunisations-1-year".to_string()));
    assert!(!ids(&now).contains(&"universal.immunisations-1-year-born-before-2025".to_string()));
    assert!(now["other_cohorts"].as_u64().unwrap() > 0);
    // Born 31 December 2024 (one day before the boundary): MMR at 1 year.
    let before = query("2025-12-31", "1y");
    assert_eq!(before["born_on"], "2024-12-31");
    assert!(ids(&before).contains(&"universal.immunisations-1-year-born-before-2025".to_string()));
    assert!(!ids(&before).contains(&"universal.immunisations-1-year".to_string()));
    // At 3y4m today (born August 2023): the single MMRV dose of that cohort, nothing else.
    let preschool = query("2026-12-03", "3y4m");
    let got = ids(&preschool);
    assert!(
        got.contains(&"universal.mmrv-3y4m-born-sep-2022-to-jun-2024".to_string()),
        "{got:?}"
    );
    assert!(!got.contains(&"universal.mmr-3y4m-born-before-sep-2022".to_string()));
    assert!(!got.contains(&"universal.mmrv-3y4m-born-jul-to-dec-2024".to_string()));
    // The text says which date of birth it read.
    let text = out(
        common::hcp()
            .args(["query", "--age", "1y"])
            .output()
            .unwrap(),
        None,
    );
    assert!(
        text.stdout
            .contains("Schedule for a child born on 3 December 2025"),
        "{}",
        text.stdout
    );
}

// ---- H25 a vaccine shown as not due from a wrong date-of-birth cohort ----------------------------

/// Every cohort boundary of the MMR/MMRV schedules (1 September 2022, 1 July 2024, 1 January 2025):
/// a child born the day before and a child born on the day get their own cohort's doses and never
/// the other's, and every row tied to a cohort is for the date of birth the answer read. The age is
/// 1,500 days (4 years 1 month), when every dose of every cohort is listed (due or in catch-up).
#[test]
fn h25_each_cohort_boundary_gives_each_side_its_own_doses() {
    const AGE_DAYS: i64 = 1500;
    let cases: [(&str, &[&str], &[&str]); 3] = [
        (
            "2022-09-01",
            &["universal.mmr-3y4m-born-before-sep-2022"],
            &["universal.mmrv-3y4m-born-sep-2022-to-jun-2024"],
        ),
        (
            "2024-07-01",
            &["universal.mmrv-3y4m-born-sep-2022-to-jun-2024"],
            &[
                "universal.mmrv-3y4m-born-jul-to-dec-2024",
                "universal.immunisations-18-months-born-jul-dec-2024",
            ],
        ),
        (
            "2025-01-01",
            &["universal.immunisations-1-year-born-before-2025"],
            &[
                "universal.immunisations-1-year",
                "universal.immunisations-18-months",
            ],
        ),
    ];
    for (boundary, before_ids, from_ids) in cases {
        let boundary: jiff::civil::Date = boundary.parse().unwrap();
        for (born, listed, absent) in [
            (boundary.yesterday().unwrap(), before_ids, from_ids),
            (boundary, from_ids, before_ids),
        ] {
            let clock = born.checked_add(jiff::Span::new().days(AGE_DAYS)).unwrap();
            let r = out(
                common::hcp()
                    .env("HCP_CLOCK", clock.to_string())
                    .args([
                        "query",
                        "--age",
                        &format!("{AGE_DAYS}d"),
                        "--format",
                        "json",
                    ])
                    .output()
                    .unwrap(),
                None,
            );
            assert_eq!(r.code, 0, "{}", r.stderr);
            let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
            assert_eq!(v["born_on"], born.to_string(), "born {born}");
            let rows = v["results"].as_array().unwrap();
            let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
            for id in listed {
                assert!(ids.contains(id), "born {born}: {id} missing from {ids:?}");
            }
            for id in absent {
                assert!(
                    !ids.contains(id),
                    "born {born}: {id} is another cohort's: {ids:?}"
                );
            }
            for row in rows {
                let day = born.to_string();
                if let Some(from) = row["born_from"].as_str() {
                    assert!(
                        from <= day.as_str(),
                        "{} born from {from}, child {day}",
                        row["id"]
                    );
                }
                if let Some(to) = row["born_to"].as_str() {
                    assert!(
                        day.as_str() <= to,
                        "{} born to {to}, child {day}",
                        row["id"]
                    );
                }
            }
        }
    }
}

//! `hcp kpi`: the hand-checked caseload in tests/fixtures/kpi/ (35 records, dates on both sides of
//! every boundary: day 14/15, the day an age is reached and the day after, the quarter's first and
//! last day; each file says in its first line why it is there). The expected numbers below were
//! worked out by hand from those dates, not produced by hcp.

use crate::common::{self, fixtures, ran};

fn kpi(args: &[&str]) -> common::Ran {
    ran(
        common::hcp().arg("kpi").args(args).output().expect("runs"),
        Some(&fixtures()),
    )
}

fn json(args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let out = kpi(&all);
    let value = serde_json::from_str(&out.stdout).unwrap_or_else(|e| {
        panic!("not JSON ({e}): {}\n{}", out.stdout, out.stderr);
    });
    (out.code, value)
}

fn row<'a>(v: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    v["kpis"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r["kpi"] == id))
        .unwrap_or_else(|| panic!("no row {id}"))
}

fn caseload() -> String {
    fixtures().join("kpi").display().to_string()
}

/// (KPI, numerator, denominator, percent, not judged).
type Expected = (&'static str, u64, Option<u64>, Option<f64>, u64);

/// (KPI, numerator, denominator, percent, not judged), by hand:
/// - C1 (count): K32 (contact at 28w exactly) and K21 (on 30 September, at 28w3d); not K33 (27w6d)
///   nor K35 (after the quarter); K34 not judged (born: no expected date to read weeks from).
/// - C2/C3 cohort, 30 days in Q3 = born 1 June to 31 August: K01 K03 K05 K06 K07 K08 K12 K13 K14
///   K15 K16 (11); K09 (expected 20 July, no date of birth) not judged. C2 (day 0-14): K01 K05
///   K12 K13 K14. C3 (day 15 on, up to 30 September): K03 K06 K15; not K08 (5 October).
/// - C8 cohort, 8 weeks in Q3 = born 6 May to 5 August: K01 K02 K05 K06 K07 K10 K12 K14 K15 K16
///   (10); K09 not judged. C8i (review by day 56): K10 K12 K15 K16. C8ii: K15 not judged (no
///   feeding recorded), so 9; breastfed at a review by 8 weeks: K10 (totally), K12 (partially).
/// - C4 cohort, 1 year in Q3 = born 1 July to 30 September 2025: K17 K19 K20; by the birthday: K17.
/// - C5 cohort, 15 months in Q3 = born 1 April to 30 June 2025: K18 K22 K23 K25; by 15 months:
///   K18 K22 (at 9 months) K23 (on the day); not K25 (the day after).
/// - C6i cohort, 2½ years in Q3 = born 1 January to 31 March 2024: K26 K27 (29 February) K28 K30
///   K31; by 2½ years: K26 K27 K28. C6ii out of those reviews: K28 not judged (no tools), so K26
///   K27, of which K26 used ASQ-3.
/// - R-UNIV-CC-REGISTRATION-UNDER-1 (C4's cohort): K17 registered by 1 year.
const EXPECTED: [Expected; 10] = [
    ("C1", 2, None, None, 1),
    ("C2", 5, Some(11), Some(45.5), 1),
    ("C3", 3, Some(11), Some(27.3), 1),
    ("C4", 1, Some(3), Some(33.3), 0),
    ("C5", 3, Some(4), Some(75.0), 0),
    ("C6i", 3, Some(5), Some(60.0), 0),
    ("C6ii", 1, Some(2), Some(50.0), 1),
    ("C8i", 4, Some(10), Some(40.0), 1),
    ("C8ii", 2, Some(9), Some(22.2), 2),
    ("R-UNIV-CC-REGISTRATION-UNDER-1", 1, Some(3), Some(33.3), 0),
];

#[test]
fn the_hand_checked_caseload_gives_the_expected_numbers() {
    let (code, v) = json(&[&caseload(), "--quarter", "2026-Q3"]);
    assert_eq!(code, 0);
    assert_eq!(v["command"], "kpi");
    assert_eq!(v["period"]["from"], "2026-07-01");
    assert_eq!(v["period"]["to"], "2026-09-30");
    assert_eq!(v["files"], 35);
    assert_eq!(v["records"], 35);
    assert_eq!(v["provisional"], false);
    assert_eq!(v["failed"], serde_json::json!([]));
    for (id, numerator, denominator, percent, not_judged) in EXPECTED {
        let r = row(&v, id);
        assert_eq!(r["computable"], true, "{id}");
        assert_eq!(r["numerator"].as_u64(), Some(numerator), "{id} numerator");
        assert_eq!(r["denominator"].as_u64(), denominator, "{id} denominator");
        assert_eq!(r["percent"].as_f64(), percent, "{id} percent");
        assert_eq!(
            r["not_judged"].as_u64(),
            Some(not_judged),
            "{id} not judged"
        );
    }
    // Every other KPI is listed, not computable, with its reason; none is left out.
    let rows = v["kpis"].as_array().expect("rows");
    assert_eq!(rows.len(), 44);
    for r in rows.iter().filter(|r| r["computable"] == false) {
        assert!(r["reason"].as_str().is_some_and(|s| !s.is_empty()), "{r}");
        assert!(r["numerator"].is_null() && r["percent"].is_null(), "{r}");
    }
}

#[test]
fn a_financial_year_quarter_is_the_same_days() {
    let (_, calendar) = json(&[&caseload(), "--quarter", "2026-Q3"]);
    let (_, financial) = json(&[&caseload(), "--quarter", "2026/27-Q2"]);
    let (_, dates) = json(&[&caseload(), "--from", "2026-07-01", "--to", "2026-09-30"]);
    assert_eq!(calendar["kpis"], financial["kpis"]);
    assert_eq!(calendar["kpis"], dates["kpis"]);
}

#[test]
fn explain_lists_references_only() {
    let (_, v) = json(&[&caseload(), "--quarter", "2026-Q3", "--explain", "C2"]);
    let e = &v["explain"];
    assert_eq!(e["kpi"], "C2");
    let refs = |key: &str| -> Vec<String> {
        e[key]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| r.as_str().expect("reference").to_string())
            .collect()
    };
    assert_eq!(
        refs("numerator"),
        ["KPI-K01", "KPI-K05", "KPI-K12", "KPI-K13", "KPI-K14"]
    );
    assert_eq!(
        refs("denominator"),
        [
            "KPI-K01", "KPI-K03", "KPI-K05", "KPI-K06", "KPI-K07", "KPI-K08", "KPI-K12", "KPI-K13",
            "KPI-K14", "KPI-K15", "KPI-K16"
        ]
    );
    assert_eq!(
        e["not_judged"],
        serde_json::json!([{"reference": "KPI-K09", "reason": "no-date-of-birth"}])
    );
}

#[test]
fn a_first_birthday_on_29_february_is_28_february() {
    let leap = fixtures().join("kpi-leap").display().to_string();
    // 2025-Q1 holds 28 February 2025: both children turned 1 in it; one was reviewed that day.
    let (_, v) = json(&[
        &leap,
        "--quarter",
        "2025-Q1",
        "--kpi",
        "C4",
        "--explain",
        "C4",
    ]);
    let r = row(&v, "C4");
    assert_eq!(
        (r["numerator"].as_u64(), r["denominator"].as_u64()),
        (Some(1), Some(2))
    );
    assert_eq!(v["explain"]["numerator"], serde_json::json!(["LEAP-1"]));
    // A period ending on 27 February 2025 holds neither first birthday.
    let (_, v) = json(&[
        &leap,
        "--from",
        "2025-01-01",
        "--to",
        "2025-02-27",
        "--kpi",
        "C4",
    ]);
    assert_eq!(row(&v, "C4")["denominator"].as_u64(), Some(0));
    assert!(row(&v, "C4")["percent"].is_null());
}

#[test]
fn a_file_that_fails_is_in_the_output_of_every_format_and_exits_1() {
    let dir = fixtures().join("kpi-failed").display().to_string();
    for format in ["table", "json", "csv", "markdown"] {
        let out = kpi(&[
            &dir,
            "--quarter",
            "2026-Q3",
            "--kpi",
            "C2",
            "--format",
            format,
        ]);
        assert_eq!(out.code, 1, "{format}");
        assert!(
            out.stdout.contains("kpi-failed/future.yaml"),
            "{format}: {}",
            out.stdout
        );
        assert!(out.stdout.contains("HCP104"), "{format}: {}", out.stdout);
        // Nothing from the family file but references reaches either stream.
        for secret in ["Never Printed", "never printed either", "BAD-1"] {
            assert!(!out.stdout.contains(secret), "{format}: {}", out.stdout);
            assert!(!out.stderr.contains(secret), "{format}: {}", out.stderr);
        }
    }
    let (_, v) = json(&[&dir, "--quarter", "2026-Q3", "--kpi", "C2"]);
    assert_eq!(v["files"], 2);
    assert_eq!(v["records"], 1);
    assert_eq!(v["failed"][0]["code"], "HCP104");
    assert_eq!(row(&v, "C2")["numerator"].as_u64(), Some(1));
}

#[test]
fn a_reference_in_two_files_is_reported_and_exits_1() {
    let dir = tempfile::tempdir().expect("tempdir");
    let k01 = fixtures().join("kpi/k01.yaml");
    std::fs::copy(&k01, dir.path().join("a.yaml")).expect("copy");
    std::fs::copy(&k01, dir.path().join("b.yaml")).expect("copy");
    let out = ran(
        common::hcp()
            .args([
                "kpi",
                "--quarter",
                "2026-Q3",
                "--kpi",
                "C2",
                "--format",
                "json",
            ])
            .arg(dir.path())
            .output()
            .expect("runs"),
        Some(dir.path()),
    );
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(v["repeated_references"], serde_json::json!(["KPI-K01"]));
}

#[test]
fn an_unknown_kpi_or_period_is_refused() {
    let out = kpi(&[&caseload(), "--quarter", "2026-Q3", "--kpi", "C9"]);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no KPI `C9`"), "{}", out.stderr);
    let out = kpi(&[&caseload(), "--quarter", "2026-Q5"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("2026/27-Q3"), "{}", out.stderr);
    let out = kpi(&[&caseload()]);
    assert_eq!(out.code, 2);
}

#[test]
fn a_period_not_yet_over_is_provisional() {
    // Tests pin today at 2026-12-03: 2026-Q4 ends after it.
    let (_, v) = json(&[&caseload(), "--quarter", "2026-Q4", "--kpi", "C2"]);
    assert_eq!(v["provisional"], true);
    let out = kpi(&[&caseload(), "--quarter", "2026-Q4", "--kpi", "C2"]);
    assert!(out.stdout.contains("Provisional"), "{}", out.stdout);
}

#[test]
fn markdown_for_one_kpi_explained() {
    let out = kpi(&[
        &caseload(),
        "--quarter",
        "2026-Q3",
        "--kpi",
        "C6ii",
        "--explain",
        "C6ii",
        "--format",
        "markdown",
    ]);
    assert_eq!(out.code, 0);
    insta::assert_snapshot!(out.stdout);
}

#[test]
fn csv_accounts_for_every_kpi() {
    let out = kpi(&[&caseload(), "--quarter", "2026-Q3", "--format", "csv"]);
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "kind,id,title,numerator,denominator,percent,not_judged,note"
    );
    assert_eq!(lines.len(), 45);
    assert!(lines.contains(&"kpi,C2,New birth visits within 14 days,5,11,45.5,1,"));
    assert!(lines.contains(&"kpi,C1,Antenatal contacts at 28 weeks or above,2,,,1,"));
}

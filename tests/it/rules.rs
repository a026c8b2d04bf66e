//! Every validation rule has a fixture (tests/fixtures/rules/HCPnnn/) that overlays the minimal
//! valid set with one fault; validating it must report that rule's code and no other.

use crate::common;

use std::collections::BTreeSet;

use crate::common::{fixtures, minimal_with, ran};

fn codes_in(json: &str) -> BTreeSet<String> {
    let value: serde_json::Value =
        serde_json::from_str(json).expect("validate --format json is JSON");
    value["diagnostics"]
        .as_array()
        .expect("diagnostics array")
        .iter()
        .map(|d| d["code"].as_str().expect("code").to_string())
        .collect()
}

#[test]
fn minimal_set_is_clean() {
    let dir = minimal_with(None);
    let out = ran(
        common::hcp()
            .args(["validate", "--strict", "--pathways"])
            .arg(dir.path())
            .output()
            .expect("runs"),
        Some(dir.path()),
    );
    assert_eq!(out.code, 0, "{}", out.stdout);
}

#[test]
fn every_rule_has_a_fixture() {
    for rule in hcp::check::RULES {
        assert!(
            fixtures().join("rules").join(rule.code.as_str()).is_dir(),
            "{} has no fixture directory",
            rule.code
        );
    }
}

/// Family-file findings (HCP1nn) come from `hcp assess` on the fixture's `family.yaml`, or from
/// `hcp schedule` on its `record.yaml`.
fn family_fixture(code: &str) -> Option<std::path::PathBuf> {
    ["family.yaml", "record.yaml"]
        .into_iter()
        .map(|name| fixtures().join("rules").join(code).join(name))
        .find(|path| path.is_file())
}

#[test]
fn each_family_fixture_reports_exactly_its_code() {
    let minimal = fixtures().join("minimal");
    for rule in hcp::check::RULES {
        let Some(family) = family_fixture(rule.code.as_str()) else {
            continue;
        };
        let command = if family.ends_with("record.yaml") {
            "schedule"
        } else {
            "assess"
        };
        let out = ran(
            common::hcp()
                .arg("--pathways")
                .arg(&minimal)
                .args([command, "--today", "2026-11-25"])
                .arg(&family)
                .output()
                .expect("runs"),
            Some(&fixtures()),
        );
        assert_eq!(out.code, 1, "{}: {}", rule.code, out.stderr);
        assert!(
            out.stdout.is_empty(),
            "{}: a failed file prints no result",
            rule.code
        );
        let codes: BTreeSet<&str> = out
            .stderr
            .lines()
            .filter(|l| l.starts_with("error[") || l.starts_with("warning["))
            .filter_map(|l| {
                l.split_once('[')
                    .and_then(|(_, r)| r.split_once(']'))
                    .map(|(c, _)| c)
            })
            .collect();
        assert_eq!(
            codes,
            BTreeSet::from([rule.code.as_str()]),
            "{}",
            out.stderr
        );
        insta::assert_snapshot!(rule.code.as_str(), out.stderr);
    }
}

#[test]
fn each_fixture_reports_exactly_its_rule() {
    for rule in hcp::check::RULES
        .iter()
        .filter(|r| family_fixture(r.code.as_str()).is_none())
    {
        let dir = minimal_with(Some(&fixtures().join("rules").join(rule.code.as_str())));
        let json = ran(
            common::hcp()
                .args(["validate", "--strict", "--format", "json", "--pathways"])
                .arg(dir.path())
                .output()
                .expect("runs"),
            Some(dir.path()),
        );
        assert_eq!(
            json.code, 1,
            "{}: expected exit 1\n{}",
            rule.code, json.stdout
        );
        let codes = codes_in(&json.stdout);
        assert_eq!(
            codes,
            BTreeSet::from([rule.code.to_string()]),
            "{}: wrong codes\n{}",
            rule.code,
            json.stdout
        );
        let text = ran(
            common::hcp()
                .args(["validate", "--pathways"])
                .arg(dir.path())
                .output()
                .expect("runs"),
            Some(dir.path()),
        );
        insta::assert_snapshot!(rule.code.as_str(), text.stdout);
    }
}

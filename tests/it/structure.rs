//! Every structural mistake of a file in one run (`hcp validate`): each at its own line and
//! column with its data path, and the rest of the set still checked.

use crate::common;

/// A pathway file with five independent mistakes, each on its own line.
const FIVE_MISTAKES: &str = "\
id: extra
title: Extra
summary: A pathway with five mistakes
span: {from: birth, to: 5y}
source: Test fixture for hcp
interventions:
  - id: extra.a
    title: [A]
    descripton: A
    level: universal-plus-plus
    timing: scheduled
    due: 8w
    stage: 6-8-weeks
    lead: health-visitor
    basis: national
    certainty: confirmd
  - id: 8
    title: B
    description: B
    level: universal
    timing: scheduled
    due: 8w
    stage: 6-8-weeks
    lead: health-visitor
    source: Test fixture for hcp
    basis: national
    certainty: confirmed
";

fn findings(set: &std::path::Path) -> (i32, Vec<serde_json::Value>) {
    let out = common::hcp()
        .args(["validate", "--format", "json", "--pathways"])
        .arg(set)
        .output()
        .expect("hcp runs");
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    (
        out.status.code().unwrap_or(-1),
        json["diagnostics"].as_array().expect("diagnostics").clone(),
    )
}

#[test]
fn a_file_with_five_mistakes_gives_five_findings_and_the_set_is_still_checked() {
    let set = common::bundled_copy();
    std::fs::write(set.path().join("extra.yaml"), FIVE_MISTAKES).unwrap();
    // A mistake of meaning in another file, found by the rules as before.
    common::edit(
        set.path(),
        "universal.yaml",
        "stage: 6-8-weeks",
        "stage: 6-8-weeks-later",
    );
    let (code, all) = findings(set.path());
    assert_eq!(code, 1);
    let extra: Vec<(u64, u64, &str, &str, &str)> = all
        .iter()
        .filter(|d| d["file"].as_str().unwrap().ends_with("extra.yaml"))
        .map(|d| {
            (
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap(),
                d["path"].as_str().unwrap(),
                d["message"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        extra,
        vec![
            (
                7,
                5,
                "HCP003",
                "interventions[0]",
                "missing required key `description`"
            ),
            (
                7,
                5,
                "HCP003",
                "interventions[0]",
                "missing required key `source`"
            ),
            (
                8,
                12,
                "HCP003",
                "interventions[0].title",
                "wrong type: found a list, expected text"
            ),
            (
                9,
                5,
                "HCP003",
                "interventions[0].descripton",
                "unknown key `descripton`"
            ),
            (
                10,
                12,
                "HCP003",
                "interventions[0].level",
                "unknown value `universal-plus-plus`; expected one of `universal`, `U`, `u`, `universal-plus`, `U+`, `u+`, `universal-partnership-plus`, `UPP`, `upp`"
            ),
            (
                16,
                16,
                "HCP003",
                "interventions[0].certainty",
                "unknown value `confirmd`; expected one of `confirmed`, `partial`, `unverified`"
            ),
            (
                17,
                9,
                "HCP003",
                "interventions[1].id",
                "wrong type: found a whole number, expected text"
            ),
        ]
    );
    let helps: Vec<&str> = all.iter().filter_map(|d| d["help"].as_str()).collect();
    for help in [
        "did you mean `description`?",
        "did you mean `universal-plus`?",
        "did you mean `confirmed`?",
    ] {
        assert!(helps.contains(&help), "{help}: {helps:?}");
    }
    assert!(
        all.iter()
            .any(|d| d["code"] == "HCP005"
                && d["file"].as_str().unwrap().ends_with("universal.yaml")),
        "the rest of the set is still checked: {all:#?}"
    );
}

#[test]
fn an_id_of_the_wrong_type_in_the_catalogue_is_reported_where_it_stands_and_only_there() {
    let set = common::bundled_copy();
    common::edit(
        set.path(),
        "catalogue/core.yaml",
        "- id: preconception",
        "- id: 7",
    );
    let (code, all) = findings(set.path());
    assert_eq!(code, 1);
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["code"], "HCP003");
    assert_eq!(all[0]["path"], "stages[0].id");
    assert_eq!(
        all[0]["message"],
        "wrong type: found the number `7`, expected text"
    );
    assert_eq!(
        (all[0]["line"].as_u64(), all[0]["column"].as_u64()),
        (Some(7), Some(9))
    );
    assert!(
        all[0]["file"]
            .as_str()
            .unwrap()
            .ends_with("catalogue/core.yaml")
    );
}

#[test]
fn a_missing_source_is_reported_at_its_intervention_not_at_the_next_key() {
    let set = common::bundled_copy();
    let text = std::fs::read_to_string(set.path().join("safeguarding.yaml")).unwrap();
    // The first intervention's own `source:` line (indented four spaces).
    let start = text.find("\n  - id: ").expect("an intervention") + 1;
    let own = text[start..].find("\n    source: ").expect("its source") + start + 1;
    let end = text[own..].find('\n').unwrap() + own + 1;
    let line = text[..start].lines().count() as u64 + 1;
    std::fs::write(
        set.path().join("safeguarding.yaml"),
        format!("{}{}", &text[..own], &text[end..]),
    )
    .unwrap();
    let (_, all) = findings(set.path());
    assert_eq!(all.len(), 1, "{all:#?}");
    assert_eq!(all[0]["message"], "missing required key `source`");
    assert_eq!(all[0]["path"], "interventions[0]");
    assert_eq!(all[0]["line"], line);
}

#[test]
fn every_mistake_of_a_family_file_is_reported_and_none_is_echoed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("family.yaml");
    std::fs::write(
        &file,
        "reference: F-1\n\
         name: Jane Smith\n\
         child:\n\
         \x20 date_of_birth: 2025-01-01\n\
         \x20 agee: 18m\n\
         assessment_date: 2026-11-25\n\
         practitioner:\n\
         \x20 band: universl\n\
         smithsecret: SECRET-NOTE-TEXT\n",
    )
    .unwrap();
    let out = common::hcp()
        .args(["assess", "--format", "json"])
        .arg(&file)
        .output()
        .expect("hcp runs");
    let all = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    for secret in [
        "agee",
        "universl",
        "smithsecret",
        "SECRET-NOTE-TEXT",
        "Jane",
        "Smith",
    ] {
        assert!(!all.contains(secret), "`{secret}` echoed: {all}");
    }
    let text = common::hcp().arg("assess").arg(&file).output().unwrap();
    let stderr = String::from_utf8_lossy(&text.stderr);
    let at: Vec<&str> = stderr
        .lines()
        .filter(|l| l.trim_start().starts_with("--> "))
        .collect();
    assert_eq!(at.len(), 3, "three mistakes, three findings: {stderr}");
    for (line, help) in [
        (":5:3", Some("did you mean `age`?")),
        (":8:9", Some("did you mean `universal`?")),
        (":9:1", None),
    ] {
        assert!(at.iter().any(|l| l.ends_with(line)), "{line}: {stderr}");
        if let Some(help) = help {
            assert!(stderr.contains(help), "{help}: {stderr}");
        }
    }
}

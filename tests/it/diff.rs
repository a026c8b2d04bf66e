//! `hcp diff`: what a local copy of the pathways changed from the bundled set (or one version of a
//! set from another), by id and field by field, through the real binary.

use crate::common;

use std::path::Path;

use crate::common::{Ran, bundled_copy, edit, ran, remove_item};

fn diff(set: &Path, args: &[&str]) -> Ran {
    ran(
        common::hcp()
            .arg("--pathways")
            .arg(set)
            .arg("diff")
            .args(args)
            .output()
            .unwrap(),
        Some(set),
    )
}

/// A local copy with one change of each kind a commissioner makes: a narrowed window, a removed
/// intervention, an added one, a reworded KPI, a moved review date and a tuned escalation rule.
fn local_copy() -> tempfile::TempDir {
    let set = bundled_copy();
    let p = set.path();
    edit(
        p,
        "universal.yaml",
        "    window: {from: 9m, to: 15m}\n",
        "    window: {from: 9m, to: 11m}\n",
    );
    remove_item(
        p,
        "safeguarding.yaml",
        "  - id: safeguarding.injury-and-ae-attendance-follow-up\n",
    );
    edit(
        p,
        "safeguarding.yaml",
        "next_review: 2027-12-03",
        "next_review: 2027-06-30",
    );
    edit(
        p,
        "safeguarding.yaml",
        "interventions:\n",
        "interventions:\n  - id: safeguarding.local-duty-line\n    title: Local safeguarding duty line\n    description: A same-day telephone consultation for health visitors.\n    level: universal-plus\n    timing: if-needed\n    stage: birth-to-2-weeks\n    until_stage: 4-to-5-years\n    lead: health-visitor\n    source: Local safeguarding procedure (2026)\n    basis: local-practice\n    certainty: confirmed\n",
    );
    edit(
        p,
        "catalogue/kpis.yaml",
        "    definition: Percentage of births that receive a face-to-face new birth visit by a health visitor within 14 days.\n",
        "    definition: Percentage of births that receive a new birth visit within 14 days (local wording).\n",
    );
    set
}

#[test]
fn an_unchanged_copy_has_no_differences() {
    let set = bundled_copy();
    let r = diff(set.path(), &[]);
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(
        r.stdout,
        "No differences: the bundled set and [DIR] hold the same pathways, catalogue and assessment framework.\n"
    );
    let json = diff(set.path(), &["bundled", "--format", "json"]);
    assert_eq!(json.code, 0);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["identical"], true);
    assert_eq!(value["pathways"].as_array().unwrap().len(), 0);
}

#[test]
fn a_local_copy_shows_each_change_by_id_and_field() {
    let set = local_copy();
    let r = diff(set.path(), &[]);
    assert_eq!(r.code, 1, "differences exit 1, like diff(1): {}", r.stderr);
    insta::assert_snapshot!("diff_text", r.stdout);
    let md = diff(set.path(), &["--format", "markdown"]);
    assert_eq!(md.code, 1);
    insta::assert_snapshot!("diff_markdown", md.stdout);
    // -q: the changes without the legend and the summary line.
    let quiet = ran(
        common::hcp()
            .args(["-q", "--pathways"])
            .arg(set.path())
            .arg("diff")
            .output()
            .unwrap(),
        Some(set.path()),
    );
    assert_eq!(quiet.code, 1);
    assert!(quiet.stdout.contains("window: 9m to 15m → 9m to 11m"));
    assert!(!quiet.stdout.contains("(+ added"), "{}", quiet.stdout);
    assert!(
        !quiet.stdout.contains("pathway(s) differ"),
        "{}",
        quiet.stdout
    );
}

#[test]
fn the_json_shape_names_every_change_with_before_and_after() {
    let set = local_copy();
    let r = diff(set.path(), &["--format", "json"]);
    assert_eq!(r.code, 1);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    assert_eq!(
        (&v["version"], &v["command"], &v["identical"]),
        (&2.into(), &"diff".into(), &false.into())
    );
    assert_eq!(v["base"], "bundled", "a token for scripts, not words");
    let pathway = |id: &str| {
        v["pathways"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id} not listed"))
            .clone()
    };
    let universal = pathway("universal");
    let review = &universal["interventions"][0];
    assert_eq!(review["id"], "universal.1-year-review");
    assert_eq!(review["status"], "changed");
    assert_eq!(
        review["fields"],
        serde_json::json!([{"field": "window", "before": "9m to 15m", "after": "9m to 11m"}])
    );
    let safeguarding = pathway("safeguarding");
    assert_eq!(
        safeguarding["fields"],
        serde_json::json!([{"field": "next_review", "before": "2027-12-03", "after": "2027-06-30"}])
    );
    let statuses: Vec<(String, String)> = safeguarding["interventions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["id"].as_str().unwrap().to_string(),
                e["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        statuses,
        [
            (
                "safeguarding.injury-and-ae-attendance-follow-up".to_string(),
                "removed".to_string()
            ),
            (
                "safeguarding.local-duty-line".to_string(),
                "added".to_string()
            ),
        ]
    );
    let kpi = &v["catalogue"][0];
    assert_eq!(
        (&kpi["section"], &kpi["id"]),
        (&"kpis".into(), &"C2".into())
    );
    assert_eq!(kpi["fields"][0]["field"], "definition");
    assert!(
        kpi["fields"][0]["after"]
            .as_str()
            .unwrap()
            .contains("local wording")
    );
}

#[test]
fn a_changed_escalation_threshold_is_listed_under_the_assessment_framework() {
    let set = bundled_copy();
    let path = set.path().join("assessment");
    let file = std::fs::read_dir(&path)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            std::fs::read_to_string(p)
                .unwrap()
                .contains("min_dimensions:")
        })
        .expect("a framework file with escalation rules");
    let text = std::fs::read_to_string(&file).unwrap();
    let at = text.find("min_dimensions: ").unwrap() + "min_dimensions: ".len();
    let end = at + text[at..].find('\n').unwrap();
    let old: u32 = text[at..end].trim().parse().unwrap();
    std::fs::write(&file, format!("{}{}{}", &text[..at], old + 1, &text[end..])).unwrap();
    let r = diff(set.path(), &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v: serde_json::Value = serde_json::from_str(&r.stdout).unwrap();
    let rule = &v["assessment"][0];
    assert_eq!(rule["section"], "escalation");
    assert_eq!(
        rule["fields"],
        serde_json::json!([{"field": "min_dimensions", "before": old.to_string(), "after": (old + 1).to_string()}])
    );
}

#[test]
fn a_renamed_domain_is_listed_under_the_assessment_framework() {
    let set = bundled_copy();
    edit(
        set.path(),
        "assessment/framework.yaml",
        "    title: Child's developmental needs\n",
        "    title: Developmental needs of the child\n",
    );
    let r = diff(set.path(), &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stdout.contains("~ domains child-developmental-needs (Developmental needs of the child)\n    title: Child's developmental needs → Developmental needs of the child\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn comparing_a_set_with_itself_or_an_invalid_set_cannot_run() {
    let r = ran(common::hcp().arg("diff").output().unwrap(), None);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr
            .contains("nothing to compare: both sides are the bundled set"),
        "{}",
        r.stderr
    );
    // A missing BASE directory, next to a valid set.
    let valid = bundled_copy();
    let missing = diff(valid.path(), &["/no/such/pathways"]);
    assert_eq!(missing.code, 2, "{}", missing.stderr);
    assert!(missing.stdout.is_empty());
    let set = bundled_copy();
    edit(
        set.path(),
        "universal.yaml",
        "    lead: health-visitor\n",
        "    lead: health-vistor\n",
    );
    let r = diff(set.path(), &[]);
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("so hcp will not answer from it"),
        "{}",
        r.stderr
    );
}

/// `hcp diff DIR` alone would read backwards (the bundled set's changes from DIR), so it is
/// refused with the command that was meant (found by review).
#[test]
fn a_lone_base_directory_is_refused_with_the_command_meant() {
    let set = bundled_copy();
    let r = ran(
        common::hcp().arg("diff").arg(set.path()).output().unwrap(),
        Some(set.path()),
    );
    assert_eq!(r.code, 2, "{}", r.stdout);
    assert!(r.stdout.is_empty());
    assert!(
        r.stderr.contains("run `hcp --pathways [DIR] diff`"),
        "{}",
        r.stderr
    );
}

/// `hcp --pathways NEW diff OLD` compares two directories: the same changes as against the
/// bundled set when OLD is an unchanged copy of it, and the reverse comparison swaps added and
/// removed. The word `bundled` names the set compiled into hcp.
#[test]
fn two_directories_compare_with_each_other_either_way() {
    let base = bundled_copy();
    let changed = local_copy();
    let base_arg = base.path().to_str().unwrap();
    let between = diff(changed.path(), &[base_arg]);
    let against_bundled = diff(changed.path(), &["bundled"]);
    assert_eq!(between.code, 1, "{}", between.stderr);
    assert_eq!(against_bundled.code, 1, "{}", against_bundled.stderr);
    let (head, body) = between.stdout.split_once('\n').unwrap();
    assert_eq!(head, format!("Changes from {base_arg} to [DIR]"));
    let (bundled_head, bundled_body) = against_bundled.stdout.split_once('\n').unwrap();
    assert_eq!(bundled_head, "Changes from the bundled set to [DIR]");
    assert_eq!(body, bundled_body);

    let removed = "safeguarding.injury-and-ae-attendance-follow-up";
    assert!(
        between.stdout.contains(&format!("- {removed}")),
        "{}",
        between.stdout
    );
    let reverse = diff(base.path(), &[changed.path().to_str().unwrap()]);
    assert_eq!(reverse.code, 1, "{}", reverse.stderr);
    assert!(
        reverse.stdout.contains(&format!("+ {removed}")),
        "{}",
        reverse.stdout
    );
    assert!(
        reverse.stdout.contains("- safeguarding.local-duty-line"),
        "{}",
        reverse.stdout
    );
}

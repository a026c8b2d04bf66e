//! `hcp show <intervention-id>`: one intervention in full, in every format; the did-you-mean across
//! every kind of id `show` takes; and `query`'s hint when `--age` was probably meant as a gestation.

use crate::common::{self, ran, run};

fn ok(args: &[&str]) -> String {
    let out = ran(run(args), None);
    assert_eq!(
        out.code, 0,
        "hcp {args:?} failed:\n{}{}",
        out.stdout, out.stderr
    );
    out.stdout
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&ok(args)).expect("JSON")
}

#[test]
fn show_intervention_text() {
    let out = ok(&["show", "universal.new-birth-visit"]);
    insta::assert_snapshot!("show_intervention_new_birth_visit", out);
}

#[test]
fn show_intervention_markdown() {
    let out = ok(&["show", "universal.new-birth-visit", "--format", "markdown"]);
    assert!(
        out.starts_with("# New birth visit (mandated review) (universal.new-birth-visit)\n"),
        "{out}"
    );
    assert!(
        out.contains("Window in days: days 10 to 14 after birth  \n"),
        "{out}"
    );
    assert!(
        out.contains("## KPIs\n\n- C2: New birth visits within 14 days"),
        "{out}"
    );
    assert!(
        out.contains("Lead: Health visitor (health-visitor)"),
        "{out}"
    );
}

#[test]
fn show_intervention_json_is_typed() {
    let v = json(&["show", "universal.new-birth-visit", "--format", "json"]);
    assert_eq!(v["version"], 2);
    assert_eq!(v["command"], "show");
    assert_eq!(v["kind"], "intervention");
    assert_eq!(v["id"], "universal.new-birth-visit");
    assert_eq!(v["pathway"], "universal");
    assert_eq!(v["level"], "universal");
    assert_eq!(v["timing"], "10 to 14 days");
    assert_eq!(v["window"]["from"]["day"], 10);
    assert_eq!(v["window"]["to"]["day"], 14);
    assert!(v["window"]["from"]["day"].is_u64());
    assert!(v["window"]["from"].get("gestation_day").is_none());
    assert!(v["due"].is_null());
    assert_eq!(v["lead"], "health-visitor");
    assert_eq!(v["lead_title"], "Health visitor");
    assert_eq!(v["stages"][0]["id"], "birth-to-2-weeks");
    assert_eq!(v["event"]["id"], "new-birth-visit");
    assert_eq!(v["event"]["mandated"], true);
    let kpis = v["kpis"].as_array().unwrap();
    let ids: Vec<&str> = kpis.iter().map(|k| k["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["C2", "C3"]);
    for k in kpis {
        assert!(
            k["definition"]
                .as_str()
                .is_some_and(|d| d.starts_with("Percentage of births")),
            "{k}"
        );
        assert!(k["title"].as_str().is_some_and(|t| !t.is_empty()), "{k}");
    }
    assert_eq!(kpis[0]["deadline"], "14d");
    assert!(
        v["source"]
            .as_str()
            .unwrap()
            .contains("Local Authorities Regulations 2013")
    );
    assert_eq!(v["basis"], "national");
    assert_eq!(v["certainty"], "confirmed");
    assert!(v["note"].is_string());
}

/// A window in pregnancy is given in gestation days, never as days after birth.
#[test]
fn show_intervention_gestation_window_is_marked_as_gestation() {
    let lib = common::validate(&hcp::load::PathwaySource::Bundled)
        .expect("bundled set loads")
        .library;
    let (_, _, _, iv) = lib
        .interventions()
        .find(|(_, _, _, iv)| {
            iv.window
                .as_ref()
                .is_some_and(|w| matches!(w.from.value, hcp::model::age::Point::Gestation(_)))
        })
        .expect("a bundled intervention has a window in pregnancy");
    let id = iv.id.value.to_string();
    let v = json(&["show", &id, "--format", "json"]);
    let from = &v["window"]["from"];
    assert!(from["gestation_day"].is_u64(), "{v}");
    assert!(from.get("day").is_none(), "{v}");
    assert!(from["at"].as_str().unwrap().ends_with("gestation"), "{v}");
    let text = ok(&["show", &id]);
    assert!(text.contains("Window in days: gestation day"), "{text}");
}

/// Every bundled intervention can be shown in every format.
#[test]
fn every_bundled_intervention_can_be_shown_in_every_format() {
    let lib = common::validate(&hcp::load::PathwaySource::Bundled)
        .expect("bundled set loads")
        .library;
    let ids: Vec<String> = lib
        .interventions()
        .map(|(_, _, _, iv)| iv.id.value.to_string())
        .collect();
    assert!(ids.len() > 100, "{}", ids.len());
    let chunks: Vec<&[String]> = ids.chunks(ids.len().div_ceil(4)).collect();
    std::thread::scope(|scope| {
        for chunk in chunks {
            scope.spawn(move || {
                for id in chunk {
                    for format in ["table", "markdown", "json", "csv"] {
                        let out = ok(&["show", id, "--format", format]);
                        match format {
                            "json" => {
                                let v: serde_json::Value =
                                    serde_json::from_str(&out).expect("JSON");
                                assert_eq!(v["kind"], "intervention", "{id}");
                                assert_eq!(v["id"], id.as_str());
                            }
                            "csv" => assert_eq!(out.lines().count(), 2, "{id}: {out}"),
                            _ => assert!(out.contains(&format!("({id})")), "{id}: {out}"),
                        }
                    }
                }
            });
        }
    });
}

#[test]
fn misspelt_intervention_id_gets_a_did_you_mean() {
    let out = ran(run(&["show", "universal.new-birth-vist"]), None);
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(
        out.stderr.contains(
            "no pathway, KPI, profession or intervention `universal.new-birth-vist`; did you mean `universal.new-birth-visit`?"
        ),
        "{}",
        out.stderr
    );
}

const HINT: &str = "--age is the child's age after birth; for 28w of pregnancy use --gestation 28w";

#[test]
fn query_hints_gestation_when_age_is_given_for_the_antenatal_pathway() {
    let text = ok(&["query", "--pathway", "antenatal", "--age", "28w"]);
    assert!(text.contains(HINT), "{text}");
    let empty = ok(&[
        "query",
        "--pathway",
        "antenatal",
        "--age",
        "28w",
        "--no-universal",
    ]);
    assert!(empty.contains(HINT), "{empty}");
    let v = json(&[
        "query",
        "--pathway",
        "antenatal",
        "--age",
        "28w",
        "--format",
        "json",
    ]);
    assert_eq!(v["gestation_instead"]["gestation_day"], 196, "{v}");
    assert_eq!(v["gestation_instead"]["gestation"], "28w", "{v}");
    assert_eq!(v["gestation_instead"]["hint"], HINT, "{v}");
}

#[test]
fn query_gives_no_gestation_hint_where_it_does_not_apply() {
    for args in [
        &["query", "--pathway", "antenatal", "--gestation", "28w"][..],
        &["query", "--age", "2y"],
        &["query", "--pathway", "universal", "--age", "8w"],
    ] {
        let text = ok(args);
        assert!(!text.contains("--gestation"), "{args:?}: {text}");
        let mut with_json = args.to_vec();
        with_json.extend(["--format", "json"]);
        let v = json(&with_json);
        assert!(v.get("gestation_instead").is_none(), "{args:?}: {v}");
    }
}

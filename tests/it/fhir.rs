//! `hcp export fhir`: the FHIR R4 Bundle of the bundled set. The counts come from the library, not
//! from the export; the independent parse of every resource is `.ci/check-fhir.py` (fhir.resources
//! 6.1.0, FHIR 4.0.1), run by `.ci/run`.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::common;
use hcp::check::Needs;
use hcp::load::PathwaySource;

fn export(args: &[&str]) -> Value {
    let out = common::hcp()
        .args(["export", "fhir"])
        .args(args)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("the export is JSON")
}

fn resources(bundle: &Value) -> Vec<&Value> {
    bundle["entry"]
        .as_array()
        .expect("entries")
        .iter()
        .map(|e| &e["resource"])
        .collect()
}

fn of_type<'a>(bundle: &'a Value, kind: &str) -> Vec<&'a Value> {
    resources(bundle)
        .into_iter()
        .filter(|r| r["resourceType"] == kind)
        .collect()
}

fn resource<'a>(bundle: &'a Value, kind: &str, id: &str) -> &'a Value {
    of_type(bundle, kind)
        .into_iter()
        .find(|r| r["id"] == id)
        .unwrap_or_else(|| panic!("no {kind}/{id}"))
}

/// Every action of a PlanDefinition, stage groups and interventions.
fn actions(list: &Value) -> Vec<&Value> {
    let mut all = Vec::new();
    for action in list.as_array().into_iter().flatten() {
        all.push(action);
        all.extend(actions(&action["action"]));
    }
    all
}

fn valid_fhir_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
}

#[test]
fn one_resource_per_pathway_intervention_and_kpi() {
    let library = hcp::check::answerable(&PathwaySource::Bundled, Needs::Pathways).unwrap();
    let bundle = export(&[]);
    assert_eq!(bundle["resourceType"], "Bundle");
    assert_eq!(bundle["type"], "collection");
    assert_eq!(of_type(&bundle, "PlanDefinition").len(), 9);
    assert_eq!(
        of_type(&bundle, "ActivityDefinition").len(),
        library.interventions().count()
    );
    assert_eq!(
        of_type(&bundle, "Measure").len(),
        library.catalogue.kpis.len()
    );
    let systems: Vec<_> = of_type(&bundle, "CodeSystem")
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect();
    for name in [
        "level",
        "core-purpose",
        "profession",
        "stage",
        "timing-kind",
    ] {
        assert!(systems.contains(&format!("hcp-{name}")), "{systems:?}");
    }
    // Each ActivityDefinition keeps its hcp id, and every hcp intervention has one.
    let exported: HashSet<&str> = of_type(&bundle, "ActivityDefinition")
        .iter()
        .map(|a| a["identifier"][0]["value"].as_str().unwrap())
        .collect();
    for (_, _, _, iv) in library.interventions() {
        assert!(exported.contains(iv.id.value.as_str()), "{}", iv.id.value);
    }
}

#[test]
fn c1_is_a_count_and_the_others_proportions() {
    let bundle = export(&[]);
    for measure in of_type(&bundle, "Measure") {
        let scoring = &measure["scoring"]["coding"][0]["code"];
        let codes: Vec<&str> = measure["group"][0]["population"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["code"]["coding"][0]["code"].as_str().unwrap())
            .collect();
        if measure["id"] == "C1" {
            assert_eq!(scoring, "cohort");
            assert_eq!(codes, ["initial-population"]);
        } else {
            assert_eq!(scoring, "proportion", "{}", measure["id"]);
            assert_eq!(codes, ["denominator", "numerator"], "{}", measure["id"]);
        }
    }
}

#[test]
fn every_definition_canonical_resolves_and_every_id_is_a_fhir_id() {
    let bundle = export(&[]);
    let mut seen = HashSet::new();
    let mut by_url = HashMap::new();
    for entry in bundle["entry"].as_array().unwrap() {
        let r = &entry["resource"];
        let (kind, id) = (
            r["resourceType"].as_str().unwrap(),
            r["id"].as_str().unwrap(),
        );
        assert!(valid_fhir_id(id), "{kind}/{id}");
        assert!(seen.insert((kind, id)), "{kind}/{id} twice");
        assert!(
            entry["fullUrl"]
                .as_str()
                .unwrap()
                .ends_with(&format!("/{kind}/{id}"))
        );
        if let Some(url) = r["url"].as_str() {
            by_url.insert(url.to_string(), kind);
        }
    }
    let mut referenced = HashSet::new();
    for plan in of_type(&bundle, "PlanDefinition") {
        for action in actions(&plan["action"]) {
            assert!(valid_fhir_id(action["id"].as_str().unwrap()));
            let Some(canonical) = action["definitionCanonical"].as_str() else {
                assert!(action["action"].is_array(), "a stage group has actions");
                continue;
            };
            assert_eq!(
                by_url.get(canonical),
                Some(&"ActivityDefinition"),
                "{canonical}"
            );
            assert!(
                referenced.insert(canonical.to_string()),
                "{canonical} twice"
            );
        }
    }
    assert_eq!(
        referenced.len(),
        of_type(&bundle, "ActivityDefinition").len()
    );
    // The longest hcp ids (over 64 characters) are shortened, and keep their hcp id.
    let long = "infant-mental-health.additional-visit-significant-attachment-concerns";
    assert!(
        of_type(&bundle, "ActivityDefinition")
            .iter()
            .any(|a| a["identifier"][0]["value"] == long && a["id"] != long)
    );
}

#[test]
fn targeted_pathways_depend_on_universal() {
    let bundle = export(&[]);
    for plan in of_type(&bundle, "PlanDefinition") {
        let depends: Vec<&Value> = plan["relatedArtifact"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["type"] == "depends-on")
            .collect();
        if plan["id"] == "universal" {
            assert!(depends.is_empty());
        } else {
            assert_eq!(
                depends[0]["resource"], "https://example.org/fhir/hcp/PlanDefinition/universal",
                "{}",
                plan["id"]
            );
        }
        assert_eq!(plan["type"]["coding"][0]["code"], "clinical-protocol");
    }
}

#[test]
fn gestation_and_event_timings_never_pose_as_ages() {
    let bundle = export(&[]);
    let ext = "https://example.org/fhir/hcp/StructureDefinition/";
    let mut gestation = 0;
    let mut working_days = 0;
    for plan in of_type(&bundle, "PlanDefinition") {
        for action in actions(&plan["action"]) {
            for e in action["extension"].as_array().into_iter().flatten() {
                if e["url"] == format!("{ext}programme-window") {
                    gestation += 1;
                    // Not wholly after birth: no core timing, which a consumer would read as an age.
                    assert!(action.get("timingRange").is_none(), "{}", action["id"]);
                    assert!(action.get("timingAge").is_none(), "{}", action["id"]);
                }
                if e["url"] == format!("{ext}event-relative") {
                    assert!(action.get("timingRange").is_none());
                    assert!(e["extension"][0]["url"] == "event");
                    if e["extension"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|s| s["url"] == "latest-working-days")
                    {
                        working_days += 1;
                    }
                }
            }
        }
    }
    assert!(gestation > 5, "{gestation}");
    assert!(working_days > 0);
    // The booking appointment: 0 to 10 weeks of pregnancy.
    let antenatal = resource(&bundle, "PlanDefinition", "antenatal");
    let window = actions(&antenatal["action"])
        .into_iter()
        .find_map(|a| {
            a["extension"]
                .as_array()?
                .iter()
                .find(|e| e["url"] == format!("{ext}programme-window"))
                .cloned()
        })
        .unwrap();
    assert_eq!(window["extension"][0]["url"], "gestation-from");
    assert_eq!(window["extension"][0]["valueDuration"]["code"], "wk");
    // Universal spans preconception to 5 years: one sub-extension for each end.
    let span = &resource(&bundle, "PlanDefinition", "universal")["extension"][0];
    assert_eq!(span["url"], format!("{ext}programme-window"));
    assert_eq!(span["extension"][0]["url"], "preconception-from");
    assert_eq!(span["extension"][1]["url"], "age-to");
    assert_eq!(span["extension"][1]["valueAge"]["value"], 5);
    assert_eq!(span["extension"][1]["valueAge"]["code"], "a");
}

#[test]
fn provenance_is_in_meta() {
    let bundle = export(&[]);
    assert_eq!(
        bundle["meta"]["source"],
        format!(
            "https://example.org/fhir/hcp/pathway-set/bundled/{}",
            env!("CARGO_PKG_VERSION")
        )
    );
    let tags: Vec<(&str, &str)> = bundle["meta"]["tag"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            (
                t["system"].as_str().unwrap().rsplit('/').next().unwrap(),
                t["code"].as_str().unwrap(),
            )
        })
        .collect();
    assert!(tags.contains(&("pathway-set", "bundled")));
    assert!(tags.contains(&("as-of", common::TODAY)));
    assert!(tags.iter().any(|(name, _)| *name == "next-review"));
    for r in resources(&bundle) {
        assert_eq!(r["meta"], bundle["meta"], "{}", r["id"]);
    }
}

#[test]
fn base_url_out_file_and_determinism() {
    let bundle = export(&["--base-url", "https://fhir.example.nhs.uk/hcp/"]);
    let plan = resource(&bundle, "PlanDefinition", "universal");
    assert_eq!(
        plan["url"],
        "https://fhir.example.nhs.uk/hcp/PlanDefinition/universal"
    );
    assert!(!bundle.to_string().contains("example.org"));

    let bad = common::run(&["export", "fhir", "--base-url", "not a url"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(bad.stdout.is_empty());

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bundle.json");
    let out = common::run(&["export", "fhir", "--out", file.to_str().unwrap()]);
    assert!(out.status.success() && out.stdout.is_empty());
    let written: Value = serde_json::from_slice(&std::fs::read(&file).unwrap()).unwrap();
    assert_eq!(written, export(&[]));
}

#[test]
fn help_examples_run() {
    let dir = tempfile::tempdir().unwrap();
    for sub in [&["export", "--help"][..], &["export", "fhir", "--help"]] {
        let help = String::from_utf8_lossy(&common::run(sub).stdout).into_owned();
        let examples: Vec<&str> = help
            .lines()
            .skip_while(|l| !l.starts_with("Examples:"))
            .filter(|l| l.trim_start().starts_with("hcp "))
            .collect();
        assert!(!examples.is_empty(), "{sub:?}");
        for line in examples {
            let command = line.trim().split('>').next().unwrap();
            let args: Vec<&str> = command.split_whitespace().skip(1).collect();
            let out = common::hcp()
                .args(&args)
                .current_dir(dir.path())
                .output()
                .unwrap();
            assert!(out.status.success(), "`{line}`");
        }
    }
}

/// The new birth visit as exported: its action in the Universal plan, its ActivityDefinition and
/// Measure C2 (provenance left out: `provenance_is_in_meta` checks it).
#[test]
fn new_birth_visit_snapshot() {
    let bundle = export(&[]);
    let universal = resource(&bundle, "PlanDefinition", "universal");
    let action = actions(&universal["action"])
        .into_iter()
        .find(|a| a["id"] == "universal.new-birth-visit")
        .unwrap()
        .clone();
    let strip = |r: &Value| {
        let mut r = r.clone();
        r.as_object_mut().unwrap().remove("meta");
        r
    };
    let activity = strip(resource(
        &bundle,
        "ActivityDefinition",
        "universal.new-birth-visit",
    ));
    let measure = strip(resource(&bundle, "Measure", "C2"));
    insta::assert_json_snapshot!(
        "fhir_new_birth_visit",
        serde_json::json!({ "action": action, "activityDefinition": activity, "measure": measure })
    );
}

#[test]
fn docs_name_every_extension_and_code_system() {
    let docs = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/fhir.md"))
        .expect("docs/fhir.md");
    for (name, _) in hcp::answer::fhir::EXTENSIONS {
        assert!(
            docs.contains(&format!("| `{name}` |")),
            "docs/fhir.md lacks the extension {name}"
        );
    }
    for (name, _, _) in hcp::answer::fhir::CODE_SYSTEMS {
        assert!(
            docs.contains(&format!("| `hcp-{name}` |")),
            "docs/fhir.md lacks hcp-{name}"
        );
    }
    assert!(docs.contains(hcp::answer::fhir::DEFAULT_BASE_URL));
}

#[test]
fn the_assessment_triangle_is_one_questionnaire() {
    let library = hcp::check::answerable(&PathwaySource::Bundled, Needs::Everything).unwrap();
    let framework = library.framework().unwrap();
    let bundle = export(&[]);
    let questionnaires = of_type(&bundle, "Questionnaire");
    assert_eq!(questionnaires.len(), 1);
    let items = questionnaires[0]["item"].as_array().unwrap();
    assert_eq!(items[0]["linkId"], "assessment-date");
    // The child and the practitioner's decision are groups of their own (`hcp assess
    // --from-fhir` reads them); the domains are the framework's.
    assert_eq!(items[1]["linkId"], "child");
    assert_eq!(items.last().unwrap()["linkId"], "practitioner");
    let domains: Vec<&Value> = items[2..items.len() - 1].iter().collect();
    assert!(domains.iter().all(|d| d["type"] == "group"));
    assert_eq!(domains.len(), 3);
    let dimensions: Vec<&Value> = domains
        .iter()
        .flat_map(|d| d["item"].as_array().unwrap())
        .collect();
    assert_eq!(dimensions.len(), 20);
    let indicators: Vec<&Value> = dimensions
        .iter()
        .flat_map(|d| d["item"].as_array().unwrap())
        .collect();
    let expected: usize = framework
        .dimensions
        .iter()
        .map(|d| d.indicators.len())
        .sum();
    assert_eq!(indicators.len(), expected);
    for item in indicators {
        let id = item["linkId"].as_str().unwrap();
        let (_, def) = framework
            .indicator(id)
            .expect("an indicator of the framework");
        assert_eq!(item["type"], "boolean");
        assert_eq!(item["code"][0]["code"], def.band.id(), "{id}");
        assert_eq!(
            item["code"][0]["system"],
            "https://example.org/fhir/hcp/CodeSystem/level"
        );
    }
}

#[test]
fn every_code_carries_its_meaning_in_the_bundle() {
    // A consumer reading `universal-plus` must find what it means: each hcp code used is defined
    // in a CodeSystem in the same Bundle, and each level with the catalogue's definition.
    let bundle = export(&[]);
    let mut defined = HashSet::new();
    for system in of_type(&bundle, "CodeSystem") {
        let url = system["url"].as_str().unwrap();
        let concepts = system["concept"].as_array().unwrap();
        assert_eq!(system["count"], concepts.len());
        for c in concepts {
            defined.insert((url.to_string(), c["code"].as_str().unwrap().to_string()));
            if system["id"] == "hcp-level" {
                assert!(
                    c["definition"].as_str().is_some_and(|d| d.len() > 20),
                    "{c}"
                );
            }
        }
    }
    fn codings<'a>(v: &'a Value, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(map) => {
                if map.contains_key("system") && map.contains_key("code") {
                    out.push(v);
                }
                map.values().for_each(|v| codings(v, out));
            }
            Value::Array(list) => list.iter().for_each(|v| codings(v, out)),
            _ => {}
        }
    }
    let mut checked = 0;
    for r in resources(&bundle) {
        let mut r = r.clone();
        r.as_object_mut().unwrap().remove("meta");
        let mut all = Vec::new();
        codings(&r, &mut all);
        for c in all {
            let system = c["system"].as_str().unwrap();
            if system.starts_with("https://example.org/fhir/hcp/CodeSystem/") {
                let code = c["code"].as_str().unwrap().to_string();
                assert!(defined.contains(&(system.to_string(), code)), "{c}");
                checked += 1;
            }
        }
    }
    assert!(checked > 1000, "{checked}");
}

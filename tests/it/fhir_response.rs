//! `hcp assess --from-fhir`: a QuestionnaireResponse answering the exported Questionnaire is
//! scored exactly as the family file it was made from. The responses are built here from the
//! exported Questionnaire (its url, linkIds, item types and answer options) and a family file read
//! as plain YAML, not from hcp's types, so the test holds hcp to the contract a clinical system
//! sees. `.ci/check-fhir-response.py` does the same independently, in Python, and parses the
//! responses with fhir.resources.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::common;

/// The family file's keys for the child, by the linkId that carries each.
const CHILD: [(&str, &str); 4] = [
    ("child-date-of-birth", "date_of_birth"),
    ("child-age", "age"),
    ("child-gestation", "gestation"),
    (
        "child-expected-date-of-delivery",
        "expected_date_of_delivery",
    ),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn questionnaire() -> Value {
    let out = common::run(&["export", "fhir"]);
    assert!(out.status.success());
    let bundle: Value = serde_json::from_slice(&out.stdout).unwrap();
    bundle["entry"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["resource"].clone())
        .find(|r| r["resourceType"] == "Questionnaire")
        .expect("one Questionnaire")
}

/// The example family files that are assessments (they have an assessment date).
fn assessments() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| family(p).get("assessment_date").is_some())
        .collect();
    files.sort();
    files
}

fn family(path: &Path) -> Value {
    serde_saphyr::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

/// The response a form built from `questionnaire` gives for `family`: every indicator of every
/// dimension answered, `true` when the family file lists it and `false` otherwise (a form of
/// tick boxes: a dimension with nothing ticked is still not assessed).
pub fn response(questionnaire: &Value, family: &Value) -> Value {
    let mut ticked = 0;
    let items = answer(
        questionnaire["item"].as_array().unwrap(),
        None,
        family,
        &mut ticked,
    );
    let listed: usize = family["dimensions"]
        .as_object()
        .map(|d| {
            d.values()
                .map(|o| o["indicators"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(ticked, listed, "every indicator listed has an item");
    let mut response = json!({
        "resourceType": "QuestionnaireResponse",
        "id": "example",
        "identifier": {"system": "https://example.org/fhir/hcp/reference", "value": family["reference"]},
        "questionnaire": questionnaire["url"],
        "status": "completed",
        "authored": format!("{}T10:00:00Z", family["assessment_date"].as_str().unwrap()),
        "item": items,
    });
    if let Some(nhs) = family.get("nhs_number") {
        response["subject"] = json!({"identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": nhs.to_string().trim_matches('"')}});
    }
    response
}

fn answer(items: &[Value], group: Option<&str>, family: &Value, ticked: &mut usize) -> Vec<Value> {
    let mut out = Vec::new();
    for item in items {
        let link = item["linkId"].as_str().unwrap();
        let kind = item["type"].as_str().unwrap();
        let value = match (kind, link) {
            ("group", _) => {
                let children = answer(item["item"].as_array().unwrap(), Some(link), family, ticked);
                if !children.is_empty() {
                    out.push(json!({"linkId": link, "text": item["text"], "item": children}));
                }
                continue;
            }
            ("date", "assessment-date") => json!({"valueDate": family["assessment_date"]}),
            ("choice", "practitioner-band") => {
                let Some(band) = family["practitioner"]["band"].as_str() else {
                    continue;
                };
                let option = item["answerOption"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|o| o["valueCoding"]["code"] == band)
                    .expect("an answer option for the band");
                json!({"valueCoding": option["valueCoding"]})
            }
            ("text", "practitioner-rationale") => {
                let Some(text) = family["practitioner"]["rationale"].as_str() else {
                    continue;
                };
                json!({ "valueString": text })
            }
            ("date" | "string", _) => {
                let (_, key) = CHILD
                    .iter()
                    .find(|(l, _)| *l == link)
                    .unwrap_or_else(|| panic!("unexpected item {link}"));
                match family["child"].get(key) {
                    Some(v) if kind == "date" => json!({ "valueDate": v }),
                    Some(v) => json!({ "valueString": v }),
                    None => continue,
                }
            }
            ("boolean", _) => {
                let dimension = group.expect("an indicator in a dimension group");
                let listed = family["dimensions"][dimension]["indicators"]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|i| i == link));
                *ticked += usize::from(listed);
                json!({ "valueBoolean": listed })
            }
            _ => panic!("an item type the generator does not know: {kind}"),
        };
        out.push(json!({"linkId": link, "text": item["text"], "answer": [value]}));
    }
    out
}

fn assess(args: &[&str]) -> std::process::Output {
    common::hcp().arg("assess").args(args).output().unwrap()
}

fn write(dir: &Path, name: &str, value: &Value) -> String {
    let path = dir.join(name);
    std::fs::write(&path, serde_json::to_string_pretty(value).unwrap()).unwrap();
    path.display().to_string()
}

#[test]
fn every_example_scores_the_same_from_fhir_in_every_format() {
    let q = questionnaire();
    let dir = tempfile::tempdir().unwrap();
    let examples = assessments();
    assert!(examples.len() >= 5, "{examples:?}");
    let mut responses = Vec::new();
    for yaml in &examples {
        let name = yaml.file_stem().unwrap().to_str().unwrap();
        let json = write(
            dir.path(),
            &format!("{name}.json"),
            &response(&q, &family(yaml)),
        );
        let yaml = yaml.display().to_string();
        for format in ["text", "json", "markdown", "jsonl"] {
            let from_yaml = assess(&[&yaml, "--format", format]);
            let from_fhir = assess(&["--from-fhir", &json, "--format", format]);
            assert_eq!(
                from_fhir.status.code(),
                from_yaml.status.code(),
                "{name} {format}"
            );
            assert_eq!(
                String::from_utf8_lossy(&from_fhir.stdout),
                String::from_utf8_lossy(&from_yaml.stdout),
                "{name} {format}: {}",
                String::from_utf8_lossy(&from_fhir.stderr)
            );
        }
        responses.push(json);
    }
    // A caseload: the same rows, by need.
    let yamls: Vec<String> = examples.iter().map(|p| p.display().to_string()).collect();
    let mut args = vec!["--from-fhir"];
    args.extend(responses.iter().map(String::as_str));
    args.extend(["--format", "jsonl"]);
    let mut yaml_args: Vec<&str> = yamls.iter().map(String::as_str).collect();
    yaml_args.extend(["--format", "jsonl"]);
    let (from_fhir, from_yaml) = (assess(&args), assess(&yaml_args));
    assert!(from_yaml.status.success());
    assert_eq!(
        String::from_utf8_lossy(&from_fhir.stdout),
        String::from_utf8_lossy(&from_yaml.stdout)
    );
}

/// The response the `--help` example reads is the one the generator makes from
/// examples/universal-plus.yaml (refresh it with HCP_BLESS=1).
#[test]
fn the_help_example_response_is_current() {
    let path = root().join("examples/universal-plus.response.json");
    let made = response(
        &questionnaire(),
        &family(&root().join("examples/universal-plus.yaml")),
    );
    let made = serde_json::to_string_pretty(&made).unwrap() + "\n";
    if std::env::var_os("HCP_BLESS").is_some() {
        std::fs::write(&path, &made).unwrap();
    }
    assert_eq!(
        std::fs::read_to_string(&path).unwrap_or_default(),
        made,
        "HCP_BLESS=1 refreshes it"
    );
}

/// The universal-plus example as a response, with `edit` applied; hcp's exit code, stdout and
/// stderr on it.
fn assess_edited(edit: impl FnOnce(&mut Value), args: &[&str]) -> (Option<i32>, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let mut r = response(
        &questionnaire(),
        &family(&root().join("examples/universal-plus.yaml")),
    );
    edit(&mut r);
    let path = write(dir.path(), "r.json", &r);
    let mut all = vec!["--from-fhir", path.as_str()];
    all.extend(args);
    let out = assess(&all);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Every indicator item of the response, by linkId.
fn indicator<'a>(r: &'a mut Value, link: &str) -> &'a mut Value {
    fn find<'a>(items: &'a mut Value, link: &str) -> Option<&'a mut Value> {
        for item in items.as_array_mut()? {
            if item["linkId"] == link {
                return Some(item);
            }
            if let Some(found) = item.get_mut("item").and_then(|i| find(i, link)) {
                return Some(found);
            }
        }
        None
    }
    find(&mut r["item"], link).unwrap_or_else(|| panic!("no item {link}"))
}

fn dimensions_of(r: &mut Value) -> Vec<&mut Value> {
    r["item"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .filter(|i| {
            !["assessment-date", "child", "practitioner"].contains(&i["linkId"].as_str().unwrap())
        })
        .flat_map(|domain| domain["item"].as_array_mut().unwrap().iter_mut())
        .collect()
}

#[test]
fn unanswered_or_false_is_missing_never_no_concern() {
    // Every indicator false, and every indicator left out: both are 20 dimensions not assessed,
    // an incomplete assessment, never "Universal, no concerns".
    for untick in [true, false] {
        let (code, out, err) = assess_edited(
            |r| {
                for dim in dimensions_of(r) {
                    if untick {
                        for item in dim["item"].as_array_mut().unwrap() {
                            item["answer"] = json!([{"valueBoolean": false}]);
                        }
                    } else {
                        for item in dim["item"].as_array_mut().unwrap() {
                            item.as_object_mut().unwrap().remove("answer");
                        }
                    }
                }
            },
            &["--format", "json"],
        );
        assert_eq!(code, Some(0), "{untick}: {err}");
        let report: Value = serde_json::from_str(&out).unwrap();
        assert_eq!(report["outcome"]["complete"], false, "{out}");
        assert_eq!(report["outcome"]["missing"].as_array().unwrap().len(), 20);
    }
    // One dimension's indicators all false: that dimension is missing, as in YAML.
    let (code, out, _) = assess_edited(
        |r| {
            let dim = indicator(r, "housing");
            for item in dim["item"].as_array_mut().unwrap() {
                item["answer"] = json!([{"valueBoolean": false}]);
            }
        },
        &["--format", "json"],
    );
    assert_eq!(code, Some(0));
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["outcome"]["missing"], json!(["housing"]));
}

type Edit = Box<dyn FnOnce(&mut Value)>;

#[test]
fn refusals_name_a_json_path_and_never_a_value() {
    let secret = "Jane Smith 943 476 5919";
    let cases: Vec<(&str, Edit, &str, &str)> = vec![
        (
            "no reference",
            Box::new(|r: &mut Value| {
                r.as_object_mut().unwrap().remove("identifier");
            }),
            "HCP101",
            "identifier.value",
        ),
        (
            "an NHS number as the reference",
            Box::new(|r: &mut Value| r["identifier"]["value"] = json!("9434765919")),
            "HCP105",
            "identifier.value",
        ),
        (
            "the subject's identifier as the reference",
            Box::new(move |r: &mut Value| {
                r["identifier"]["value"] = json!("JS-1");
                r["subject"] = json!({"identifier": {"value": "JS-1"}, "display": secret});
            }),
            "HCP105",
            "identifier.value",
        ),
        (
            "a string for an indicator",
            Box::new(move |r: &mut Value| {
                indicator(r, "housing.stable-suitable-housing")["answer"] =
                    json!([{"valueString": secret}]);
            }),
            "HCP101",
            ".answer[0].valueString",
        ),
        (
            "an unknown indicator",
            Box::new(move |r: &mut Value| {
                let dim = indicator(r, "housing");
                dim["item"]
                    .as_array_mut()
                    .unwrap()
                    .push(json!({"linkId": secret, "answer": [{"valueBoolean": true}]}));
            }),
            "HCP103",
            "unknown indicator in dimension `housing` (not shown)",
        ),
        (
            "an unknown dimension",
            Box::new(move |r: &mut Value| {
                let dim = indicator(r, "housing");
                dim["linkId"] = json!(secret);
            }),
            "HCP102",
            "unknown dimension (not shown)",
        ),
        (
            "a date that is not one",
            Box::new(move |r: &mut Value| {
                indicator(r, "assessment-date")["answer"] = json!([{"valueDate": secret}]);
            }),
            "HCP104",
            "item[0].answer[0].valueDate",
        ),
        (
            "a future assessment",
            Box::new(|r: &mut Value| {
                indicator(r, "assessment-date")["answer"] = json!([{"valueDate": "2099-01-01"}]);
            }),
            "HCP104",
            "the `assessment-date` answer",
        ),
        (
            "no child",
            Box::new(|r: &mut Value| {
                indicator(r, "child")["item"] = json!([]);
            }),
            "HCP104",
            "answer exactly one of",
        ),
        (
            "two answers",
            Box::new(|r: &mut Value| {
                indicator(r, "housing.stable-suitable-housing")["answer"] =
                    json!([{"valueBoolean": true}, {"valueBoolean": false}]);
            }),
            "HCP101",
            "more than one answer",
        ),
        (
            "an unknown element",
            Box::new(move |r: &mut Value| r[secret] = json!(1)),
            "HCP101",
            "not an element of a FHIR R4 QuestionnaireResponse",
        ),
        (
            "a modifier extension",
            Box::new(|r: &mut Value| {
                r["modifierExtension"] =
                    json!([{"url": "https://example.org/x", "valueBoolean": true}])
            }),
            "HCP101",
            "modifierExtension",
        ),
        (
            "withdrawn",
            Box::new(|r: &mut Value| r["status"] = json!("entered-in-error")),
            "HCP101",
            "entered-in-error",
        ),
        (
            "another questionnaire",
            Box::new(|r: &mut Value| {
                r["questionnaire"] = json!("https://example.org/Questionnaire/phq-9")
            }),
            "HCP101",
            "questionnaire",
        ),
        (
            "a linkId twice",
            Box::new(|r: &mut Value| {
                let first = r["item"][0].clone();
                r["item"].as_array_mut().unwrap().push(first);
            }),
            "HCP101",
            "the same `linkId` as `item[0]`",
        ),
        (
            "not a response",
            Box::new(|r: &mut Value| r["resourceType"] = json!("Patient")),
            "HCP101",
            "resourceType",
        ),
    ];
    for (what, edit, code, words) in cases {
        let (status, out, err) = assess_edited(edit, &[]);
        assert_eq!(status, Some(1), "{what}: {err}");
        assert!(out.is_empty(), "{what}: {out}");
        assert!(err.contains(code), "{what}: {err}");
        assert!(err.contains(words), "{what}: {err}");
        for part in ["Jane", "Smith", "943 476 5919", "9434765919", "JS-1"] {
            assert!(!err.contains(part), "{what} echoed {part}: {err}");
        }
    }
}

#[test]
fn identifiers_in_the_resource_are_never_printed() {
    // A name, an NHS number, narrative, an author and a note sit in the resource; the report, in
    // every format, prints only the reference.
    for format in ["text", "json", "markdown", "jsonl"] {
        let (code, out, err) = assess_edited(
            |r| {
                r["subject"] = json!({"reference": "Patient/jane-smith", "identifier": {"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9434765919"}, "display": "Jane Smith"});
                r["author"] = json!({"display": "Nurse Ratched"});
                r["text"] = json!({"status": "generated", "div": "<div xmlns=\"http://www.w3.org/1999/xhtml\">Jane Smith, 943 476 5919</div>"});
                r["contained"] = json!([{"resourceType": "Patient", "id": "p", "name": [{"text": "Jane Smith"}]}]);
                indicator(r, "housing")["text"] = json!("Jane Smith's flat");
            },
            &["--format", format],
        );
        assert_eq!(code, Some(0), "{err}");
        assert!(out.contains("HV-EX-0002"), "{format}");
        for part in [
            "Jane",
            "Smith",
            "9434765919",
            "943 476",
            "Ratched",
            "jane-smith",
        ] {
            assert!(
                !out.contains(part) && !err.contains(part),
                "{format}: {part}"
            );
        }
    }
}

#[test]
fn unreadable_input_fails_as_for_family_files() {
    let dir = tempfile::tempdir().unwrap();
    // Not JSON: a finding at its line and column (exit 1).
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        "{\"resourceType\": \"QuestionnaireResponse\",\n  \"status\": Jane Smith}",
    )
    .unwrap();
    let out = assess(&["--from-fhir", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.json:2:") && err.contains("not well-formed JSON"),
        "{err}"
    );
    assert!(!err.contains("Jane"), "{err}");
    // A key given twice: refused, where the second one is.
    std::fs::write(&bad, "{\"resourceType\": \"QuestionnaireResponse\",\n\"resourceType\": \"QuestionnaireResponse\"}").unwrap();
    let out = assess(&["--from-fhir", bad.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("bad.json:2:") && err.contains("given twice"),
        "{err}"
    );
    // Alone, a file that does not exist or a directory cannot run (exit 2), as for `hcp assess`.
    let missing = dir.path().join("missing.json");
    for path in [missing.to_str().unwrap(), dir.path().to_str().unwrap()] {
        let out = assess(&["--from-fhir", path]);
        assert_eq!(out.status.code(), Some(2), "{path}");
    }
    // The fixture the independent validators of .ci/run reject (an answer that is not an
    // array) is refused by hcp too, at its path.
    let broken = common::fixtures().join("fhir/broken-response.json");
    let out = assess(&["--from-fhir", broken.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("path: item[2].item[0].item[0].answer\n"),
        "{err}"
    );
    // Family files and --from-fhir are one or the other.
    let out = assess(&[
        "examples/universal.yaml",
        "--from-fhir",
        "examples/universal-plus.response.json",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

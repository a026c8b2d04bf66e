//! Fitting the ecosystem: CI formats, completions, man page, colour, pipes, quiet, and help.

use crate::common;

use std::io::Read;
use std::process::Stdio;

use crate::common::{ran, run};

fn broken_set() -> tempfile::TempDir {
    common::minimal_with(Some(&common::fixtures().join("rules/HCP005")))
}

fn validate(dir: &std::path::Path, args: &[&str]) -> common::Ran {
    ran(
        common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(dir)
            .args(args)
            .output()
            .unwrap(),
        Some(dir),
    )
}

#[test]
fn sarif_is_sarif_2_1_0_with_one_result_per_finding() {
    let dir = broken_set();
    let out = validate(dir.path(), &["--format", "sarif"]);
    assert_eq!(out.code, 1);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["version"], "2.1.0");
    let results = v["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 1);
    assert_eq!(results[0]["ruleId"], "HCP005");
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        22
    );
    let rules = v["runs"][0]["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), hcp::check::RULES.len());
    // Code scanning flags a rule without help: every rule has `hcp rule CODE`'s text.
    for (rule, r) in rules.iter().zip(hcp::check::RULES) {
        let text = rule["help"]["text"].as_str().unwrap();
        assert!(text.contains(r.explanation), "{rule}");
        let markdown = rule["help"]["markdown"].as_str().unwrap();
        assert!(
            markdown.contains(&format!("`hcp rule {}`", r.code)),
            "{rule}"
        );
    }
    // No made-up address (the project has none in Cargo.toml, so none at all).
    assert!(!out.stdout.contains("hcp.invalid"));
    assert!(
        v["runs"][0]["tool"]["driver"]
            .get("informationUri")
            .is_none()
    );
    // The fingerprint is stable: the same on a second run, and it does not move with the line.
    let fingerprint = |stdout: &str| {
        let v: serde_json::Value = serde_json::from_str(stdout).unwrap();
        v["runs"][0]["results"][0]["partialFingerprints"]["hcpFinding/v1"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let first = fingerprint(&out.stdout);
    assert_eq!(first.len(), 32);
    assert_eq!(
        fingerprint(&validate(dir.path(), &["--format", "sarif"]).stdout),
        first
    );
    let file = dir.path().join("safeguarding.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("# a comment moves every line\n{text}")).unwrap();
    let moved = validate(dir.path(), &["--format", "sarif"]);
    let v: serde_json::Value = serde_json::from_str(&moved.stdout).unwrap();
    assert_eq!(
        v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"],
        23
    );
    assert_eq!(fingerprint(&moved.stdout), first);
}

/// SARIF file URIs are relative to `%SRCROOT%`: `--base DIR`, else the repository; a file
/// outside the base is an absolute `file:` URI.
#[test]
fn sarif_uris_are_relative_to_the_base() {
    let dir = broken_set();
    let parent = dir.path().parent().unwrap();
    let sarif = |extra: &[&std::ffi::OsStr]| -> serde_json::Value {
        let out = common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(dir.path())
            .args(["--format", "sarif"])
            .args(extra)
            .output()
            .unwrap();
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let v = sarif(&["--base".as_ref(), parent.as_os_str()]);
    let run = &v["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(
        base.starts_with("file:///") && base.ends_with('/'),
        "{base}"
    );
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let name = dir.path().file_name().unwrap().to_str().unwrap();
    assert_eq!(location["uri"], format!("{name}/safeguarding.yaml"));
    // By default the base is the repository hcp runs in: the temporary set is outside it.
    let v = sarif(&[]);
    let run = &v["runs"][0];
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
        .as_str()
        .unwrap();
    assert!(base.ends_with("/"), "{base}");
    let location = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert!(location.get("uriBaseId").is_none(), "{location}");
    assert!(
        location["uri"]
            .as_str()
            .unwrap()
            .ends_with(&format!("/{name}/safeguarding.yaml")),
        "{location}"
    );
    // A fixture inside the repository is named relative to it.
    let out = common::run(&[
        "validate",
        "--pathways",
        "tests/fixtures/rules/HCP005",
        "--format",
        "sarif",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let location =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    assert!(
        location["uri"]
            .as_str()
            .unwrap()
            .starts_with("tests/fixtures/rules/HCP005/"),
        "{location}"
    );
}

#[test]
fn junit_has_a_failing_case_for_the_broken_file() {
    let dir = broken_set();
    let out = validate(dir.path(), &["--format", "junit"]);
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("<?xml"));
    assert!(out.stdout.contains("failures=\"1\""), "{}", out.stdout);
    // The Jenkins JUnit schema requires `errors` on the suite (.ci/run validates the whole file).
    assert!(out.stdout.contains("errors=\"0\""), "{}", out.stdout);
    // The broken file is one failing case, typed by the codes it breaks; the clean file passes.
    assert!(
        out.stdout.contains(
            "<testcase name=\"[DIR]/safeguarding.yaml\" classname=\"hcp.validate\">\n            <failure message=\""
        ),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("type=\"HCP005\""), "{}", out.stdout);
    assert!(
        out.stdout
            .contains("<testcase name=\"[DIR]/universal.yaml\" classname=\"hcp.validate\"/>"),
        "{}",
        out.stdout
    );
}

#[test]
fn format_repeats_with_output_files() {
    let dir = broken_set();
    let reports = tempfile::tempdir().unwrap();
    let json = reports.path().join("report.json");
    let sarif = reports.path().join("report.sarif");
    let arg_json = format!("json={}", json.display());
    let arg_sarif = format!("sarif={}", sarif.display());
    let out = validate(
        dir.path(),
        &[
            "--format", &arg_json, "--format", &arg_sarif, "--format", "github",
        ],
    );
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stdout.lines().count(),
        1,
        "only the github annotations on stdout"
    );
    let report: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(json).unwrap()).unwrap();
    assert_eq!(report["summary"]["errors"], 1);
    assert!(
        std::fs::read_to_string(sarif)
            .unwrap()
            .contains("\"2.1.0\"")
    );
    let bad = ran(run(&["validate", "--format", "yaml"]), None);
    assert_eq!(bad.code, 2);
    assert!(bad.stderr.contains("unknown format `yaml`"));
}

#[test]
fn completions_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = run(&["completions", shell]);
        assert!(out.status.success(), "{shell}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("validate") && text.contains("assess"),
            "{shell}"
        );
    }
}

#[test]
fn man_page() {
    let out = run(&["man"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with(".ie") || text.contains(".TH hcp 1"));
    assert!(text.contains("validate"));
}

#[test]
fn colour_choices() {
    let dir = broken_set();
    let always = validate(dir.path(), &["--color", "always"]);
    assert!(
        always.stdout.contains("\x1b[1;31merror[HCP005]"),
        "{}",
        always.stdout
    );
    let never = validate(dir.path(), &["--color", "never"]);
    assert!(!never.stdout.contains('\x1b'));
    // Piped (not a terminal): no colour by default.
    let auto = validate(dir.path(), &[]);
    assert!(!auto.stdout.contains('\x1b'));
    // Never in JSON, even when forced.
    let json = validate(dir.path(), &["--color", "always", "--format", "json"]);
    assert!(!json.stdout.contains('\x1b'));
}

#[test]
fn no_color_and_dumb_terminals_are_respected_by_auto() {
    // `auto` needs a terminal to colour; without one these must stay plain whatever the env says.
    let dir = broken_set();
    for (key, value) in [("NO_COLOR", "1"), ("TERM", "dumb")] {
        let out = common::hcp()
            .env(key, value)
            .args(["validate", "--color", "auto", "--pathways"])
            .arg(dir.path())
            .output()
            .unwrap();
        assert!(
            !String::from_utf8_lossy(&out.stdout).contains('\x1b'),
            "{key}"
        );
    }
}

#[test]
fn broken_pipe_exits_quietly() {
    let mut child = common::hcp()
        .args(["query", "--format", "json"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_eq!(status.code(), Some(0), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
}

#[test]
fn quiet_drops_summaries_and_headers() {
    let out = ran(run(&["-q", "validate"]), None);
    assert_eq!(out.code, 0);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    let out = ran(
        run(&[
            "-q",
            "query",
            "--age",
            "10d",
            "--kpi",
            "C2",
            "--pathway",
            "universal",
        ]),
        None,
    );
    assert!(out.stdout.starts_with("Due now\n"), "{}", out.stdout);
    assert!(!out.stdout.contains("professional judgement"));
}

#[test]
fn help_snapshots() {
    insta::assert_snapshot!(
        "help_main",
        String::from_utf8_lossy(&run(&["--help"]).stdout)
    );
    for sub in common::SUBCOMMANDS {
        let out = run(&[sub, "--help"]);
        assert!(out.status.success(), "{sub}");
        let text = String::from_utf8_lossy(&out.stdout).into_owned();
        assert!(
            text.contains("Examples:"),
            "`hcp {sub} --help` has no examples"
        );
        insta::assert_snapshot!(format!("help_{sub}"), text);
    }
}

#[test]
fn installed_binary_works_from_any_directory() {
    // The bundled pathways are compiled in: no files are read from the working directory.
    let elsewhere = tempfile::tempdir().unwrap();
    let out = common::hcp()
        .current_dir(elsewhere.path())
        .args(["validate", "--strict"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("9 pathways"));
}

#[test]
fn piped_tables_ignore_columns() {
    let narrow = common::hcp()
        .env("COLUMNS", "200")
        .args(["list", "levels"])
        .output()
        .unwrap();
    let plain = common::hcp().args(["list", "levels"]).output().unwrap();
    assert_eq!(narrow.stdout, plain.stdout);
    let wide = common::hcp()
        .args(["list", "levels", "--width", "120"])
        .output()
        .unwrap();
    assert_ne!(wide.stdout, plain.stdout);
}

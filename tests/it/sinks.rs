//! Every sink is sanitised (hazard H13): nothing from data, file names or arguments reaches
//! stdout, stderr or a report file as a raw control, C1, bidi or zero-width character, and no
//! newline from a value starts a line of its own (a forged `::error::` in a CI log).

use std::path::Path;

use crate::common::{self, ran};

/// Whether `c` may never appear raw in hcp's output (the sanitiser's own list).
fn hazardous(c: char) -> bool {
    hcp::render::sanitize::is_hazardous(c)
}

fn assert_clean(what: &str, text: &str) {
    let bad: Vec<String> = text
        .chars()
        .filter(|c| hazardous(*c))
        .map(|c| format!("U+{:04X}", u32::from(c)))
        .collect();
    assert!(bad.is_empty(), "{what}: raw {bad:?} in\n{text}");
}

/// A copy of the minimal set whose first intervention's lead profession is `value` (a YAML
/// double-quoted scalar, escapes allowed): an unknown profession, which `validate` repeats.
fn set_with_lead(value: &str) -> tempfile::TempDir {
    let set = common::minimal_with(None);
    common::edit(
        set.path(),
        "safeguarding.yaml",
        "lead: health-visitor",
        &format!("lead: \"{value}\""),
    );
    set
}

fn validate(set: &Path, format: &str) -> common::Ran {
    ran(
        common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(set)
            .args(["--format", format])
            .output()
            .expect("runs"),
        Some(set),
    )
}

#[test]
fn a_newline_in_data_never_starts_a_line_of_its_own() {
    let set = set_with_lead("x\\n::error file=forged.yaml::forged\\r\\n::warning::forged");
    for format in ["text", "junit", "github", "json", "sarif"] {
        let out = validate(set.path(), format);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        for line in out.stdout.lines().chain(out.stderr.lines()) {
            let line = line.trim_start();
            assert!(
                !line.starts_with("::error file=forged") && !line.starts_with("::warning::forged"),
                "{format}: a forged line: {line}"
            );
        }
        assert!(!out.stdout.contains('\r'), "{format}");
        assert_clean(format, &out.stdout);
    }
    // The value is still shown, escaped, where the text report names it.
    let text = validate(set.path(), "text");
    assert!(
        text.stdout.contains(
            "unknown profession `x\\n::error file=forged.yaml::forged\\r\\n::warning::forged`"
        ),
        "{}",
        text.stdout
    );
}

#[test]
fn terminal_bidi_and_zero_width_characters_from_data_reach_no_output_raw() {
    // OSC 52 (write the clipboard), a CSI through C1, a right-to-left override, zero-width space,
    // and two characters XML forbids.
    let set = set_with_lead("a\\e]52;c;SGVsbG8=\\a\\u009B2J\\u202Eb\\u200Bc\\x01\\uFFFE");
    for format in ["text", "junit", "github", "json", "sarif"] {
        let out = validate(set.path(), format);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert_clean(format, &out.stdout);
        assert_clean(format, &out.stderr);
    }
    // JSON stays valid and means the same: the escape decodes back to the characters.
    let json = validate(set.path(), "json");
    let value: serde_json::Value = serde_json::from_str(&json.stdout).expect("valid JSON");
    let messages = value["diagnostics"].to_string();
    assert!(
        messages.contains("\\u202e") || messages.contains('\u{202e}'),
        "{messages}"
    );
    let found = value["diagnostics"].as_array().unwrap().iter().any(|d| {
        d["message"]
            .as_str()
            .is_some_and(|m| m.contains('\u{202e}'))
    });
    assert!(found, "{messages}");
}

#[test]
fn a_report_file_is_sanitised_like_stdout() {
    let set = set_with_lead("a\\e[2Jb\\u202Ec\\nd");
    let dir = tempfile::tempdir().unwrap();
    for format in ["text", "junit", "github", "json", "sarif"] {
        let file = dir.path().join(format!("report.{format}"));
        let out = common::hcp()
            .arg("validate")
            .arg("--pathways")
            .arg(set.path())
            .arg("--format")
            .arg(format!("{format}={}", file.display()))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let written = std::fs::read_to_string(&file).unwrap();
        assert_clean(&format!("{format} file"), &written);
        assert!(
            !written.contains("\nd`"),
            "{format}: a newline from data in\n{written}"
        );
    }
}

#[test]
fn an_argument_with_a_control_character_is_refused_without_echoing_it() {
    let forged = "x\n::error file=forged::forged";
    for args in [
        vec!["query", "--pathway", forged, "--age", "2y"],
        vec!["query", "--stage", forged],
        vec!["query", "--kpi", forged],
        vec!["query", "--profession", forged],
        vec!["query", "--interface", forged],
        vec!["query", "--age", forged],
        vec!["show", forged],
        vec!["rule", forged],
        vec!["diff", forged],
        vec!["validate", "--today", forged],
        vec!["query", "--text", "a\u{1b}]52;c;x\u{7}"],
        vec!["query", "--text", "a\u{202e}b"],
    ] {
        let out = ran(common::hcp().args(&args).output().unwrap(), None);
        assert_eq!(out.code, 2, "{args:?}: {}", out.stderr);
        assert_eq!(out.stdout, "", "{args:?}");
        assert_eq!(out.stderr.lines().count(), 1, "{args:?}: {}", out.stderr);
        assert!(
            out.stderr.starts_with("hcp: error: argument "),
            "{args:?}: {}",
            out.stderr
        );
        assert!(!out.stderr.contains("\n::"), "{args:?}");
        assert_clean(&format!("{args:?}"), &out.stderr);
    }
}

#[test]
fn a_long_argument_is_not_echoed_whole() {
    let long = "p".repeat(100_000);
    for args in [
        vec!["query", "--pathway", &long, "--age", "2y"],
        vec!["query", "--age", &long],
        vec!["query", "--level", &long],
        vec!["show", &long],
        vec!["rule", &long],
        vec!["validate", "--today", &long],
        vec!["--pathways", &long, "list", "pathways"],
    ] {
        let out = ran(common::hcp().args(&args).output().unwrap(), None);
        assert_eq!(out.code, 2, "{}", &out.stderr[..out.stderr.len().min(300)]);
        assert!(
            out.stderr.len() < 4_000,
            "{} bytes of error for {}",
            out.stderr.len(),
            args[..args.len() - 1].join(" ")
        );
        assert!(out.stderr.contains("more characters"), "{}", out.stderr);
    }
}

#[test]
fn sarif_names_a_file_by_a_valid_uri_reference() {
    let parent = tempfile::tempdir().unwrap();
    let set = parent.path().join("my set 100%");
    common::copy_dir(&common::fixtures().join("minimal"), &set);
    common::edit(
        &set,
        "safeguarding.yaml",
        "lead: health-visitor",
        "lead: nobody",
    );
    let out = validate(&set, "sarif");
    assert_eq!(out.code, 1);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let uri = value["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
        ["uri"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        uri.ends_with("/my%20set%20100%25/safeguarding.yaml"),
        "{uri}"
    );
    assert!(!uri.contains(' '), "{uri}");
}

#[test]
fn a_quoted_key_or_a_file_name_with_a_newline_forges_no_line() {
    // A quoted key holding a newline: an unknown key, which HCP003 names.
    let set = common::minimal_with(None);
    common::edit(
        set.path(),
        "safeguarding.yaml",
        "title: Safeguarding",
        "title: Safeguarding\n\"x\\n::error file=forged.yaml::forged\": 1",
    );
    // A file whose name holds a newline and a forged command.
    std::fs::write(
        set.path()
            .join("catalogue")
            .join("x\n::error file=forged.yaml::forged.yaml"),
        "stages: [",
    )
    .unwrap();
    for format in ["text", "junit", "github"] {
        let out = validate(set.path(), format);
        assert_eq!(out.code, 1, "{format}: {}", out.stderr);
        assert!(out.stdout.contains("HCP003"), "{format}: {}", out.stdout);
        assert!(out.stdout.contains("HCP002"), "{format}: {}", out.stdout);
        for line in out.stdout.lines() {
            assert!(
                !line.trim_start().starts_with("::error file=forged"),
                "{format}: a forged line: {line}"
            );
        }
        assert_clean(format, &out.stdout);
    }
}

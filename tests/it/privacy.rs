//! H5 (docs/hazard-log.md): nothing a family file writes reaches any output but its `reference`.
//!
//! A name as written ("Jane Smith"), shaped like a key or an id ("jane-smith", "smith"), an NHS
//! number ("943 476 5919", "9434765919") and a note are put on every diagnostic path: as a key
//! under `dimensions`, at the top level and under a dimension, as an indicator, as a date or age,
//! on the line of a YAML syntax error and as a value of the wrong type. Each file is assessed on
//! its own and in a caseload, in every `--format`; none of the text may appear in stdout or
//! stderr. The findings are still made: each case says which rule must report it.

use crate::common;

use std::path::Path;

use crate::common::ran;

const TODAY: &str = "2026-11-25";

/// What a family file may hold where it should not.
const WRITTEN: [&str; 6] = [
    "Jane Smith",
    "jane-smith",
    "smith",
    "943 476 5919",
    "9434765919",
    "mum says police called",
];

/// None of these may appear in any output, in any case (`Partnership` holds "partner", so the
/// note is looked for by its other words).
const NEVER: [&str; 6] = ["jane", "smith", "476 5919", "4765919", "police", "mum says"];

const FORMATS: [&str; 4] = ["text", "json", "markdown", "jsonl"];

/// A valid family file; each case changes one thing in it.
const BASE: &str = "reference: TEST-0001
child:
  date_of_birth: 2025-11-25
assessment_date: 2026-11-25
dimensions:
  health:
    indicators: [health.plus]
    notes: fine
  housing:
    indicators: [housing.ok]
practitioner:
  band: universal-plus
";

/// The whole of [`BASE`]'s `dimensions`.
const DIMENSIONS: &str = "dimensions:
  health:
    indicators: [health.plus]
    notes: fine
  housing:
    indicators: [housing.ok]
";

/// One family file, and the rule that must report it.
struct Case {
    what: String,
    text: String,
    code: &'static str,
}

/// Where a written text goes: what the case is, the text of [`BASE`] it replaces, the text that
/// replaces it, and the rule that must report it.
type Placement = (&'static str, &'static str, fn(&str) -> String, &'static str);

/// For every written text, one case per placement: `from` in [`BASE`] replaced by `to(text)`.
fn cases(placements: &[Placement]) -> Vec<Case> {
    let mut out = Vec::new();
    for written in WRITTEN {
        for (what, from, to, code) in placements {
            assert!(BASE.contains(from), "{what}: BASE has no `{from}`");
            out.push(Case {
                what: format!("{what} ({written:?})"),
                text: BASE.replacen(from, &to(written), 1),
                code,
            });
        }
    }
    out
}

fn assess(target: &Path, format: &str, dir: &Path) -> common::Ran {
    let output = common::hcp()
        .arg("--pathways")
        .arg(common::fixtures().join("minimal"))
        .args(["assess", "--today", TODAY, "--format", format])
        .arg(target)
        .output()
        .expect("hcp runs");
    // The temporary directory's name is replaced, so only what hcp wrote is looked at.
    ran(output, Some(dir))
}

fn assert_nothing_written(what: &str, r: &common::Ran) {
    assert!(!r.stderr.contains("panicked"), "{what}: {}", r.stderr);
    let all = format!("{}{}", r.stdout, r.stderr).to_lowercase();
    for never in NEVER {
        assert!(
            !all.contains(never),
            "{what}: `{never}` was echoed:\n{}{}",
            r.stdout,
            r.stderr
        );
    }
}

/// Every case refused with its rule and nothing it wrote echoed, alone and as a caseload (with a
/// valid file among them), in every format.
fn assert_never_echoed(cases: &[Case]) {
    let dir = tempfile::tempdir().expect("tempdir");
    let caseload = dir.path().join("caseload");
    std::fs::create_dir(&caseload).expect("mkdir");
    for (i, case) in cases.iter().enumerate() {
        assert_ne!(case.text, BASE, "{} changed nothing", case.what);
        // Neutral file names: a caseload names its files.
        let file = caseload.join(format!("case-{i:03}.yaml"));
        std::fs::write(&file, &case.text).expect("write");
        for format in FORMATS {
            let what = format!("{} --format {format}", case.what);
            let r = assess(&file, format, dir.path());
            assert_eq!(r.code, 1, "{what}: exit {}\n{}", r.code, r.stderr);
            assert!(r.stdout.is_empty(), "{what}: a result for a refused file");
            assert!(
                r.stderr.contains(&format!("[{}", case.code)),
                "{what}: not reported as {}:\n{}",
                case.code,
                r.stderr
            );
            assert_nothing_written(&what, &r);
        }
    }
    std::fs::write(caseload.join("valid.yaml"), BASE).expect("write");
    for format in FORMATS {
        let what = format!("caseload --format {format}");
        let r = assess(&caseload, format, dir.path());
        assert_eq!(r.code, 1, "{what}: exit {}\n{}", r.code, r.stderr);
        assert!(r.stdout.contains("TEST-0001"), "{what}: {}", r.stdout);
        assert_nothing_written(&what, &r);
    }
}

/// (a) Under `dimensions`, in block and flow style, as a note line indented at dimension level
/// (its sentence becomes the key) and twice over. HCP102 used to print the key in its message and
/// its `path:` (``unknown dimension `Jane Smith` ``, `dimensions.smith`).
#[test]
fn h5_a_key_under_dimensions_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "a dimension key",
            "  housing:\n",
            |w| format!("  {w}:\n"),
            "HCP102",
        ),
        (
            "a dimension key in flow style",
            DIMENSIONS,
            |w| format!("dimensions: {{\"{w}\": {{indicators: [housing.ok]}}}}\n"),
            "HCP102",
        ),
        (
            "a note line at dimension level",
            "  housing:\n    indicators: [housing.ok]\n",
            |w| format!("  housing:\n    indicators: [housing.ok]\n  {w}: {w}\n"),
            "HCP101",
        ),
        (
            "a dimension key given twice",
            "  housing:\n",
            |w| format!("  {w}: {{indicators: [housing.ok]}}\n  {w}:\n"),
            "HCP101",
        ),
    ]));
}

/// (b) At the top level. HCP101 used to print a key shaped like a key name (``unknown key
/// `smith` ``, `path: smith`).
#[test]
fn h5_an_unknown_key_at_the_top_level_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "a top-level key",
            "child:\n",
            |w| format!("{w}: mother\nchild:\n"),
            "HCP101",
        ),
        (
            "a top-level key holding a mapping",
            "child:\n",
            |w| format!("{w}:\n  address: x\nchild:\n"),
            "HCP101",
        ),
        (
            "a top-level key in quotes",
            "child:\n",
            |w| format!("\"{w}\": mother\nchild:\n"),
            "HCP101",
        ),
    ]));
}

/// (c) Under a dimension, under `child` and under `practitioner`. HCP101 used to print the key
/// and put it in the path (`dimensions.health.jane-smith`).
#[test]
fn h5_an_unknown_key_under_a_dimension_child_or_practitioner_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "a key under a dimension",
            "    notes: fine\n",
            |w| format!("    {w}: mother\n"),
            "HCP101",
        ),
        (
            "a key under child",
            "  date_of_birth: 2025-11-25\n",
            |w| format!("  date_of_birth: 2025-11-25\n  {w}: mother\n"),
            "HCP101",
        ),
        (
            "a key under practitioner",
            "  band: universal-plus\n",
            |w| format!("  band: universal-plus\n  {w}: agreed\n"),
            "HCP101",
        ),
    ]));
}

/// (d) As an indicator, in a flow and a block list. HCP103 used to print an unknown indicator
/// shaped like an id (``unknown indicator `jane-smith` ``).
#[test]
fn h5_an_indicator_value_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "an indicator in a flow list",
            "[housing.ok]",
            |w| format!("[housing.ok, \"{w}\"]"),
            "HCP103",
        ),
        (
            "an indicator in a block list",
            "    indicators: [housing.ok]\n",
            |w| format!("    indicators:\n      - housing.ok\n      - {w}\n"),
            "HCP103",
        ),
    ]));
}

/// (e) As a date, an age or a gestation. HCP104 used to print what the age parser quoted: the
/// digits of an NHS number typed as an age (``the number `9434765919` has no unit``), or a
/// letter of a name.
#[test]
fn h5_a_date_or_age_value_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "the assessment date",
            "assessment_date: 2026-11-25",
            |w| format!("assessment_date: {w}"),
            "HCP104",
        ),
        (
            "the date of birth",
            "date_of_birth: 2025-11-25",
            |w| format!("date_of_birth: \"{w}\""),
            "HCP104",
        ),
        (
            "the age",
            "date_of_birth: 2025-11-25",
            |w| format!("age: \"{w}\""),
            "HCP104",
        ),
        (
            "the gestation",
            "date_of_birth: 2025-11-25",
            |w| format!("gestation: \"{w}\""),
            "HCP104",
        ),
        (
            "the expected date of delivery",
            "date_of_birth: 2025-11-25",
            |w| format!("expected_date_of_delivery: \"{w}\""),
            "HCP104",
        ),
    ]));
}

/// (f) On the line of a YAML syntax error: as a key or a value, under `dimensions`, at the top
/// level, in a note. The message was already a fixed phrase; the `path:` used to name a key
/// shaped like a key name (`dimensions.smith`).
#[test]
fn h5_a_yaml_syntax_error_never_echoes_its_line() {
    assert_never_echoed(&cases(&[
        (
            "a key with an unclosed quote under dimensions",
            "  housing:\n",
            |w| format!("  {w}: \"unclosed\n"),
            "HCP101",
        ),
        (
            "a key with text after its quoted value under dimensions",
            "  housing:\n",
            |w| format!("  {w}: 'a' b\n"),
            "HCP101",
        ),
        (
            "a value holding a colon at the top level",
            "child:\n",
            |w| format!("name: {w}: x\nchild:\n"),
            "HCP101",
        ),
        (
            "an alias to an anchor never defined",
            "child:\n",
            |w| format!("name: *{w}\nchild:\n"),
            "HCP101",
        ),
        (
            "a note with an unclosed quote",
            "notes: fine",
            |w| format!("notes: \"{w}"),
            "HCP101",
        ),
        (
            "an unclosed indicator list",
            "[housing.ok]",
            |w| format!("[housing.ok, {w}"),
            "HCP101",
        ),
        (
            "a tab-indented key",
            "    notes: fine\n",
            |w| format!("\t{w}: fine\n"),
            "HCP101",
        ),
    ]));
}

/// (g) As a value of the wrong type, under the format's own keys and under a key it wrote. The
/// `path:` used to name the written key (`dimensions.smith`).
#[test]
fn h5_a_value_of_the_wrong_type_is_never_echoed() {
    assert_never_echoed(&cases(&[
        (
            "a list as the reference",
            "reference: TEST-0001",
            |w| format!("reference: [\"{w}\"]"),
            "HCP101",
        ),
        (
            "text as the child",
            "child:\n  date_of_birth: 2025-11-25\n",
            |w| format!("child: {w}\n"),
            "HCP101",
        ),
        (
            "text as the dimensions",
            DIMENSIONS,
            |w| format!("dimensions: {w}\n"),
            "HCP101",
        ),
        (
            "text as a dimension",
            "  housing:\n    indicators: [housing.ok]\n",
            |w| format!("  housing: {w}\n"),
            "HCP101",
        ),
        (
            "text as the indicators",
            "indicators: [housing.ok]",
            |w| format!("indicators: {w}"),
            "HCP101",
        ),
        (
            "text as the band",
            "band: universal-plus",
            |w| format!("band: {w}"),
            "HCP101",
        ),
        (
            "a list as the date of birth",
            "date_of_birth: 2025-11-25",
            |w| format!("date_of_birth: [\"{w}\"]"),
            "HCP101",
        ),
        (
            "a list under a written dimension key",
            "  housing:\n    indicators: [housing.ok]\n",
            |w| format!("  {w}: [\"{w}\"]\n"),
            "HCP101",
        ),
    ]));
}

/// A `reference` is printed in every report, caseload row and log line, so characters that are
/// invisible, reorder text or act on a terminal are refused (HCP101), never printed: controls
/// (C0, DEL, C1), bidi controls, zero-width and other format characters (Unicode Cf), line and
/// paragraph separators. Bidi, zero-width and format characters used to be accepted (exit 0)
/// and printed, and so was a reference ending in a newline (the check looked at it trimmed).
#[test]
fn h5_a_reference_with_control_bidi_or_zero_width_characters_is_refused() {
    let mut refused: Vec<char> = vec!['\u{7}', '\u{1b}', '\u{7f}', '\u{85}', '\u{9b}'];
    refused.extend('\u{202a}'..='\u{202e}');
    refused.extend('\u{2066}'..='\u{2069}');
    refused.extend(['\u{200e}', '\u{200f}', '\u{61c}']);
    refused.extend([
        '\u{200b}', '\u{200c}', '\u{200d}', '\u{2060}', '\u{feff}', '\u{ad}',
    ]);
    refused.extend(['\u{2028}', '\u{2029}']);
    let dir = tempfile::tempdir().expect("tempdir");
    let caseload = dir.path().join("caseload");
    std::fs::create_dir(&caseload).expect("mkdir");
    let mut files = Vec::new();
    for (i, c) in refused.iter().enumerate() {
        let code = format!("U+{:04X}", u32::from(*c));
        // Written as a YAML escape, inside the reference and at its end (where trimming hid it).
        let escape = format!("\\u{:04X}", u32::from(*c));
        for (j, reference) in [format!("HV-{escape}0042"), format!("HV-0042{escape}")]
            .into_iter()
            .enumerate()
        {
            let file = caseload.join(format!("ref-{i:02}-{j}.yaml"));
            let text = BASE.replace(
                "reference: TEST-0001",
                &format!("reference: \"{reference}\""),
            );
            std::fs::write(&file, text).expect("write");
            files.push((file, code.clone()));
        }
    }
    let newline = caseload.join("ref-newline.yaml");
    std::fs::write(
        &newline,
        BASE.replace("reference: TEST-0001", "reference: \"HV-0042\\n\""),
    )
    .expect("write");
    files.push((newline, "U+000A".to_string()));
    for (file, code) in &files {
        for format in FORMATS {
            let what = format!("{} --format {format}", file.display());
            let r = assess(file, format, dir.path());
            assert_eq!(
                r.code, 1,
                "{what}: exit {}\n{}{}",
                r.code, r.stdout, r.stderr
            );
            assert!(r.stdout.is_empty(), "{what}: {}", r.stdout);
            assert!(r.stderr.contains("error[HCP101]"), "{what}: {}", r.stderr);
            assert!(r.stderr.contains(code.as_str()), "{what}: {}", r.stderr);
            assert!(!r.stderr.contains("HV-"), "{what}: the value was printed");
        }
    }
    std::fs::write(caseload.join("valid.yaml"), BASE).expect("write");
    for format in FORMATS {
        let r = assess(&caseload, format, dir.path());
        assert_eq!(r.code, 1, "caseload --format {format}: {}", r.stderr);
        assert!(r.stdout.contains("TEST-0001"), "{format}: {}", r.stdout);
        let all = format!("{}{}", r.stdout, r.stderr);
        assert!(!all.contains("HV-"), "caseload --format {format}: {all}");
        for c in &refused {
            assert!(
                !all.contains(*c),
                "caseload --format {format}: U+{:04X}",
                u32::from(*c)
            );
        }
    }
}

//! The bad-input corpus: every case in `tests/corpus/MANIFEST` is run through the real binary.
//!
//! The manifest says what each case must produce (exit code, where the message points, what it
//! says); every case is also held to the checks no input may break: no panic, no exit 101, no
//! backtrace, no result on stdout when assess or query fail, no raw terminal escapes, bounded
//! output, no identifier from a family file in any output, and a time limit.
//! See the header of `tests/corpus/MANIFEST` for the format.

use crate::common;

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::common::{Ran, ran};
use hcp::load::yaml::{FAMILY_LIMITS, PATHWAY_LIMITS};

const TODAY: &str = "2026-11-25";
/// Values the family files of the corpus hold that must never be printed.
const SECRETS: [&str; 4] = ["Test Family", "999 000 0000", "943 476 5919", "SECRET"];
/// No input should make hcp print more than this (a message may not echo a huge input).
const MAX_OUTPUT_BYTES: usize = 64 * 1024;
/// Per case, for the debug binary on a slow machine; the budgets are measured in
/// docs/reliability.md with the release binary.
const MAX_SECONDS: u64 = 10;
/// A case still running after this is killed (and fails as a signal and as too slow).
const KILL_AFTER_SECONDS: u64 = 60;
const MIN_CASES: usize = 60;

fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

#[derive(Debug)]
enum Run {
    Validate {
        target: String,
        generate: Option<String>,
    },
    Assess {
        generate: Option<String>,
    },
    /// A caseload: a directory holding only the named corpus family file.
    Caseload(String),
    Query(Vec<OsString>),
}

#[derive(Debug)]
enum At {
    Nowhere,
    File {
        line: Option<u64>,
        column: Option<u64>,
    },
}

#[derive(Debug)]
struct Case {
    line: usize,
    section: String,
    name: String,
    run: Run,
    exit: i32,
    at: At,
    expect: Vec<String>,
    known_bug: Option<String>,
}

fn parse_manifest(text: &str) -> Vec<Case> {
    let mut cases = Vec::new();
    let mut section = String::from("(none)");
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        if let Some(title) = raw.strip_prefix("# ----") {
            section = title.trim_matches(|c| c == '-' || c == ' ').to_string();
            continue;
        }
        if raw.trim().is_empty() || raw.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = raw.split(" | ").map(str::trim).collect();
        assert!(
            cols.len() == 5 || cols.len() == 6,
            "MANIFEST:{line}: expected 5 or 6 columns separated by ` | `: {raw}"
        );
        let words: Vec<&str> = cols[1].split_whitespace().collect();
        let generate = words
            .last()
            .and_then(|w| w.strip_prefix("gen:"))
            .map(str::to_string);
        let run = match words.first().copied() {
            Some("validate") => Run::Validate {
                target: words
                    .get(1)
                    .unwrap_or_else(|| panic!("MANIFEST:{line}: validate needs a path"))
                    .to_string(),
                generate,
            },
            Some("assess") if words.get(1) == Some(&"caseload") => Run::Caseload(
                words
                    .get(2)
                    .unwrap_or_else(|| panic!("MANIFEST:{line}: assess caseload needs a file"))
                    .to_string(),
            ),
            Some("assess") => Run::Assess { generate },
            Some("query") => Run::Query(words[1..].iter().map(|w| unescape(w)).collect()),
            other => panic!("MANIFEST:{line}: unknown run `{other:?}`"),
        };
        let exit: i32 = cols[2]
            .parse()
            .unwrap_or_else(|_| panic!("MANIFEST:{line}: exit `{}`", cols[2]));
        assert!(
            matches!(exit, 0..=2),
            "MANIFEST:{line}: exit must be 0, 1 or 2"
        );
        let at = match cols[3] {
            "-" => At::Nowhere,
            spec => {
                let mut parts = spec.split(':');
                assert_eq!(parts.next(), Some("file"), "MANIFEST:{line}: at `{spec}`");
                let number = |p: Option<&str>| {
                    p.map(|n| {
                        n.parse::<u64>()
                            .unwrap_or_else(|_| panic!("MANIFEST:{line}: at `{spec}`"))
                    })
                };
                At::File {
                    line: number(parts.next()),
                    column: number(parts.next()),
                }
            }
        };
        let expect = match cols[4] {
            "-" => Vec::new(),
            list => list.split(';').map(|s| s.trim().to_string()).collect(),
        };
        let known_bug = cols.get(5).map(|c| {
            c.strip_prefix("known-bug:")
                .unwrap_or_else(|| panic!("MANIFEST:{line}: sixth column must be `known-bug: …`"))
                .trim()
                .to_string()
        });
        cases.push(Case {
            line,
            section: section.clone(),
            name: cols[0].to_string(),
            run,
            exit,
            at,
            expect,
            known_bug,
        });
    }
    cases
}

/// `''` is an empty argument; `\xNN` is a raw byte (so arguments can be invalid UTF-8).
fn unescape(word: &str) -> OsString {
    if word == "''" {
        return OsString::new();
    }
    let mut bytes = Vec::new();
    let raw = word.as_bytes();
    let mut i = 0;
    while i < raw.len() {
        if raw[i] == b'\\'
            && raw.get(i + 1) == Some(&b'x')
            && let Some(hex) = word.get(i + 2..i + 4)
            && let Ok(b) = u8::from_str_radix(hex, 16)
        {
            bytes.push(b);
            i += 4;
        } else {
            bytes.push(raw[i]);
            i += 1;
        }
    }
    os_from_bytes(bytes)
}

#[cfg(unix)]
fn os_from_bytes(bytes: Vec<u8>) -> OsString {
    use std::os::unix::ffi::OsStringExt;
    OsString::from_vec(bytes)
}

#[cfg(not(unix))]
fn os_from_bytes(bytes: Vec<u8>) -> OsString {
    String::from_utf8_lossy(&bytes).into_owned().into()
}

// ---- generated inputs -------------------------------------------------------------------------

fn pathway_limit() -> usize {
    usize::try_from(PATHWAY_LIMITS.bytes).expect("the limit fits in memory")
}

fn family_limit() -> usize {
    usize::try_from(FAMILY_LIMITS.bytes).expect("the limit fits in memory")
}

/// `text` padded with comment lines to exactly `size` bytes.
fn padded(text: &str, size: usize) -> String {
    let mut out = text.to_string();
    while out.len() < size {
        let room = size - out.len();
        let line = room.min(100);
        // `#` then spaces, ending in a newline; a one-byte remainder is a bare newline.
        if line == 1 {
            out.push('\n');
        } else {
            out.push('#');
            out.push_str(&" ".repeat(line - 2));
            out.push('\n');
        }
    }
    assert_eq!(out.len(), size);
    out
}

fn minimal_universal() -> String {
    std::fs::read_to_string(common::fixtures().join("minimal/universal.yaml")).expect("fixture")
}

fn valid_family() -> String {
    std::fs::read_to_string(common::fixtures().join("families/valid.yaml")).expect("fixture")
}

fn nested(depth: usize) -> String {
    format!("{}{}", "[".repeat(depth), "]".repeat(depth))
}

/// A flow sequence of `count` one-letter scalars (2 bytes each): a node flood.
fn flood(count: usize) -> String {
    format!("[{}]", vec!["x"; count].join(","))
}

/// Make a file or directory unreadable; false when permissions do not stop reads (root).
#[cfg(unix)]
fn make_unreadable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    std::fs::read(path).is_err()
}

#[cfg(not(unix))]
fn make_unreadable(_: &Path) -> bool {
    false
}

/// What a case produced, or why it was skipped.
enum Outcome {
    Ran {
        out: Ran,
        subject: String,
        elapsed: Duration,
    },
    Skipped(String),
}

fn run_case(case: &Case) -> Outcome {
    let tmp = tempfile::tempdir().expect("tempdir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (mut cmd, subject) = match &case.run {
        Run::Validate { target, generate } => {
            let set = tmp.path().join("set");
            common::copy_dir(&common::fixtures().join("minimal"), &set);
            let dest = set.join(target);
            std::fs::create_dir_all(dest.parent().expect("parent")).expect("mkdir");
            let mut pathways = set.clone();
            match generate.as_deref() {
                None => {
                    let input = corpus_dir().join(format!("pathways/{}.yaml", case.name));
                    std::fs::copy(&input, &dest)
                        .unwrap_or_else(|e| panic!("{}: {}: {e}", case.name, input.display()));
                }
                Some("directory") => std::fs::create_dir_all(&dest).expect("mkdir"),
                Some("delete") => std::fs::remove_file(&dest).expect("rm"),
                Some("unreadable") => {
                    if !make_unreadable(&dest) {
                        return Outcome::Skipped(
                            "permissions do not block reads here (running as root?)".into(),
                        );
                    }
                }
                Some("no-set") => pathways = tmp.path().join("no-such-set"),
                Some("set-is-file") => pathways = set.join("universal.yaml"),
                Some("empty-set") => {
                    pathways = tmp.path().join("empty");
                    std::fs::create_dir(&pathways).expect("mkdir");
                }
                Some("over-limit") => {
                    std::fs::write(&dest, padded(&minimal_universal(), pathway_limit() + 1))
                        .expect("w");
                }
                Some("at-limit") => {
                    std::fs::write(&dest, padded(&minimal_universal(), pathway_limit()))
                        .expect("w");
                }
                Some("long-scalar") => {
                    let long = "y".repeat(pathway_limit() * 3 / 4);
                    let text = minimal_universal()
                        .replace("summary: For every family.", &format!("summary: {long}"));
                    std::fs::write(&dest, text).expect("w");
                }
                Some("long-key") => {
                    let long = "k".repeat(pathway_limit() / 2);
                    let text =
                        minimal_universal().replace("summary: ", &format!("{long}: 1\nsummary: "));
                    std::fs::write(&dest, text).expect("w");
                }
                Some("many-nodes") => {
                    let text = minimal_universal().replace(
                        "    lead: midwife\n",
                        &format!("    lead: midwife\n    tools: {}\n", flood(250_000)),
                    );
                    std::fs::write(&dest, text).expect("w");
                }
                Some("deep-flow") => {
                    let text = minimal_universal().replace(
                        "summary: For every family.",
                        &format!("summary: {}", nested(100_000)),
                    );
                    std::fs::write(&dest, text).expect("w");
                }
                Some(other) => panic!("{}: unknown generator `{other}`", case.name),
            }
            let subject = if pathways == set {
                format!("[DIR]/set/{target}")
            } else {
                format!(
                    "[DIR]/{}",
                    pathways
                        .strip_prefix(tmp.path())
                        .expect("inside tmp")
                        .display()
                )
            };
            let mut cmd = common::hcp();
            cmd.arg("validate").arg("--pathways").arg(&pathways);
            (cmd, subject)
        }
        Run::Assess { generate } => {
            let (input, subject): (PathBuf, String) = match generate.as_deref() {
                None => {
                    let rel = format!("tests/corpus/families/{}.yaml", case.name);
                    assert!(root.join(&rel).is_file(), "{}: no input {rel}", case.name);
                    (PathBuf::from(&rel), rel)
                }
                Some(how) => {
                    let file = tmp.path().join("family.yaml");
                    match how {
                        "over-limit" => {
                            std::fs::write(&file, padded(&valid_family(), family_limit() + 1))
                                .expect("w");
                        }
                        "long-scalar" => {
                            let long = "SECRET ".repeat(family_limit() * 3 / 4 / 7);
                            let text = valid_family().replace(
                                "notes: SECRET-NOTE-TEXT never printed",
                                &format!("notes: {long}"),
                            );
                            std::fs::write(&file, text).expect("w");
                        }
                        "deep-flow" => {
                            let text = valid_family().replace(
                                "notes: SECRET-NOTE-TEXT never printed",
                                // 60 KB: as deep as fits under the family file size limit.
                                &format!("notes: {}", nested(30_000)),
                            );
                            std::fs::write(&file, text).expect("w");
                        }
                        "many-nodes" => {
                            let text = valid_family().replace(
                                "notes: SECRET-NOTE-TEXT never printed",
                                &format!("notes: {}", flood(20_000)),
                            );
                            std::fs::write(&file, text).expect("w");
                        }
                        "missing" => {}
                        "directory" => std::fs::create_dir(&file).expect("mkdir"),
                        "empty-set" => {
                            let dir = tmp.path().join("empty");
                            std::fs::create_dir(&dir).expect("mkdir");
                            return finish(&tmp, assess_cmd(&dir), "[DIR]/empty".into());
                        }
                        "unreadable" => {
                            std::fs::write(&file, valid_family()).expect("w");
                            if !make_unreadable(&file) {
                                return Outcome::Skipped(
                                    "permissions do not block reads here (running as root?)".into(),
                                );
                            }
                        }
                        other => panic!("{}: unknown generator `{other}`", case.name),
                    }
                    (file, "[DIR]/family.yaml".into())
                }
            };
            (assess_cmd(&input), subject)
        }
        Run::Caseload(stem) => {
            let input = corpus_dir().join(format!("families/{stem}.yaml"));
            let dir = tmp.path().join("caseload");
            std::fs::create_dir(&dir).expect("mkdir");
            std::fs::copy(&input, dir.join(format!("{stem}.yaml")))
                .unwrap_or_else(|e| panic!("{}: {}: {e}", case.name, input.display()));
            (assess_cmd(&dir), "[DIR]/caseload".into())
        }
        Run::Query(args) => {
            let mut cmd = common::hcp();
            cmd.arg("query").args(args);
            (cmd, String::new())
        }
    };
    cmd.current_dir(root);
    finish(&tmp, cmd, subject)
}

fn assess_cmd(input: &Path) -> std::process::Command {
    let mut cmd = common::hcp();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "--pathways",
            "tests/fixtures/minimal",
            "assess",
            "--today",
            TODAY,
        ])
        .arg(input);
    cmd
}

fn finish(tmp: &tempfile::TempDir, cmd: std::process::Command, subject: String) -> Outcome {
    let start = Instant::now();
    let output = common::output_within(cmd, Duration::from_secs(KILL_AFTER_SECONDS));
    let elapsed = start.elapsed();
    Outcome::Ran {
        out: ran(output, Some(tmp.path())),
        subject,
        elapsed,
    }
}

// ---- checks -----------------------------------------------------------------------------------

/// Every problem with one case's output (empty: the case passes).
fn check(case: &Case, out: &Ran, subject: &str, elapsed: Duration) -> Vec<String> {
    let mut problems = Vec::new();
    let all = format!("{}{}", out.stdout, out.stderr);
    if out.code == 101 || out.code < 0 {
        problems.push(format!("exit {} (a panic or a signal)", out.code));
    } else if out.code != case.exit {
        problems.push(format!("exit {}, expected {}", out.code, case.exit));
    }
    for bad in [
        "panicked",
        "RUST_BACKTRACE",
        "stack backtrace",
        "thread 'main'",
    ] {
        if out.stderr.contains(bad) {
            problems.push(format!("stderr contains `{bad}`"));
        }
    }
    if case.exit != 0 {
        if let At::File { line, column } = &case.at {
            let place = match (line, column) {
                (None, _) => subject.to_string(),
                (Some(l), None) => format!("{subject}:{l}"),
                (Some(l), Some(c)) => format!("{subject}:{l}:{c}"),
            };
            let named = all.match_indices(&place).any(|(i, _)| {
                // `file:3` must not match `file:31`.
                let next = all[i + place.len()..].chars().next();
                line.is_none() || !next.is_some_and(|c| c.is_ascii_digit())
            });
            if !named {
                problems.push(format!("the output does not name `{place}`"));
            }
        }
        if matches!(case.run, Run::Assess { .. } | Run::Query(_)) && !out.stdout.is_empty() {
            problems.push("a failing assess or query printed to stdout".into());
        }
    }
    for want in &case.expect {
        let want = want
            .replace("{PATHWAY_MAX+1}", &(PATHWAY_LIMITS.bytes + 1).to_string())
            .replace("{PATHWAY_MAX}", &PATHWAY_LIMITS.bytes.to_string())
            .replace("{FAMILY_MAX+1}", &(FAMILY_LIMITS.bytes + 1).to_string())
            .replace("{FAMILY_MAX}", &FAMILY_LIMITS.bytes.to_string());
        match want.strip_prefix('!') {
            Some(banned) if all.contains(banned) => {
                problems.push(format!("the output contains `{banned}`"));
            }
            Some(_) => {}
            None if !all.contains(&want) => problems.push(format!("the output lacks `{want}`")),
            None => {}
        }
    }
    // CSV rows end in CRLF; any other control character (ESC, NUL, a bare CR, C1 codes) could
    // rewrite what a terminal or CI log shows.
    if let Some(c) = all
        .replace("\r\n", "\n")
        .chars()
        .find(|c| c.is_control() && !matches!(c, '\n' | '\t'))
    {
        problems.push(format!(
            "the output contains the control character {c:?} (terminal escapes could spoof it)"
        ));
    }
    if all.len() > MAX_OUTPUT_BYTES {
        problems.push(format!(
            "{} bytes of output (more than {MAX_OUTPUT_BYTES})",
            all.len()
        ));
    }
    for secret in SECRETS {
        if all.contains(secret) {
            problems.push(format!("the output contains the identifier `{secret}`"));
        }
    }
    if elapsed > Duration::from_secs(MAX_SECONDS) {
        problems.push(format!("took {elapsed:?} (limit {MAX_SECONDS} s)"));
    }
    problems
}

/// Guard the inputs themselves: byte-exact files must have survived git, and every corpus file
/// must belong to a case.
fn check_inputs(cases: &[Case]) -> Vec<String> {
    let mut problems = Vec::new();
    let mut names = BTreeSet::new();
    let mut used = BTreeSet::new();
    for case in cases {
        if !names.insert(case.name.clone()) {
            problems.push(format!(
                "MANIFEST:{}: duplicate name `{}`",
                case.line, case.name
            ));
        }
        let dir = match &case.run {
            Run::Validate { generate: None, .. } => "pathways",
            Run::Assess { generate: None } => "families",
            _ => continue,
        };
        let rel = format!("{dir}/{}.yaml", case.name);
        let Ok(bytes) = std::fs::read(corpus_dir().join(&rel)) else {
            problems.push(format!(
                "MANIFEST:{}: no input tests/corpus/{rel}",
                case.line
            ));
            continue;
        };
        if case.name.contains("crlf") && !bytes.windows(2).any(|w| w == b"\r\n") {
            problems.push(format!(
                "{rel} lost its CRLF line endings (git normalised it?)"
            ));
        }
        if case.name.split('-').any(|w| w == "bom") && !bytes.starts_with(b"\xef\xbb\xbf") {
            problems.push(format!("{rel} lost its byte order mark"));
        }
        used.insert(rel);
    }
    for dir in ["pathways", "families"] {
        for entry in std::fs::read_dir(corpus_dir().join(dir)).expect("corpus dir") {
            let name = entry
                .expect("entry")
                .file_name()
                .to_string_lossy()
                .into_owned();
            let rel = format!("{dir}/{name}");
            if !used.contains(&rel) {
                problems.push(format!("tests/corpus/{rel} is not in the MANIFEST"));
            }
        }
    }
    problems
}

#[test]
fn bad_input_corpus() {
    let manifest =
        std::fs::read_to_string(corpus_dir().join("MANIFEST")).expect("tests/corpus/MANIFEST");
    let cases = parse_manifest(&manifest);
    assert!(
        cases.len() >= MIN_CASES,
        "the corpus has {} cases; it must keep at least {MIN_CASES}",
        cases.len()
    );
    let mut failures = check_inputs(&cases);
    let mut report = String::new();
    let mut by_section: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let (mut passed, mut known, mut skipped) = (0, 0, 0);
    for case in &cases {
        let entry = by_section.entry(case.section.clone()).or_default();
        entry.0 += 1;
        let (out, subject, elapsed) = match run_case(case) {
            Outcome::Ran {
                out,
                subject,
                elapsed,
            } => (out, subject, elapsed),
            Outcome::Skipped(why) => {
                skipped += 1;
                let _ = writeln!(report, "SKIP  {}: {why}", case.name);
                continue;
            }
        };
        let problems = check(case, &out, &subject, elapsed);
        if std::env::var_os("HCP_CORPUS_VERBOSE").is_some() {
            let _ = writeln!(
                report,
                "CASE  {} (exit {}, {elapsed:.2?})\n{}{}",
                case.name,
                out.code,
                out.stdout.chars().take(2000).collect::<String>(),
                out.stderr.chars().take(2000).collect::<String>()
            );
        }
        let detail = || {
            let clip = |s: &str| s.chars().take(1500).collect::<String>();
            format!(
                "    exit {}; {elapsed:.2?}\n    stdout: {}\n    stderr: {}",
                out.code,
                clip(&out.stdout).replace('\n', "\n            "),
                clip(&out.stderr).replace('\n', "\n            ")
            )
        };
        match (&case.known_bug, problems.is_empty()) {
            (None, true) => passed += 1,
            (None, false) => {
                failures.push(format!(
                    "MANIFEST:{} {}: {}\n{}",
                    case.line,
                    case.name,
                    problems.join("; "),
                    detail()
                ));
            }
            (Some(bug), false) => {
                known += 1;
                entry.1 += 1;
                let _ = writeln!(
                    report,
                    "KNOWN BUG  {}: {bug}\n    fails: {}",
                    case.name,
                    problems.join("; ")
                );
            }
            (Some(_), true) => failures.push(format!(
                "MANIFEST:{} {}: marked known-bug but now passes: remove the known-bug tag",
                case.line, case.name
            )),
        }
    }
    let _ = writeln!(
        report,
        "corpus: {} cases: {passed} pass, {known} known bugs, {skipped} skipped, {} failing",
        cases.len(),
        failures.len()
    );
    for (section, (n, bugs)) in &by_section {
        let _ = writeln!(report, "  {n:>3}  {section} ({bugs} known bugs)");
    }
    println!("{report}");
    assert!(
        failures.is_empty(),
        "{} corpus failure(s):\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

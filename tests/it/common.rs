//! Helpers shared by the integration tests: run the real binary, copy fixture sets.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use hcp::load::{LoadError, PathwaySource};

/// The date every test takes as today, so that the suite passes on any date: the `hcp` binary gets
/// it as `HCP_CLOCK` (which replaces the system clock, review dates included) and library calls
/// through [`validate`] and [`validate_for`]. It must lie between the bundled pathways'
/// `last_reviewed` and `next_review` (`clock::the_pinned_today_is_inside_every_bundled_review_period`
/// says when it no longer does). Tests about the clock itself pin their own date.
pub const TODAY: &str = "2026-12-03";

/// [`TODAY`] as a date.
pub fn today() -> jiff::civil::Date {
    TODAY.parse().expect("TODAY is a date")
}

/// `hcp::validate`, with review dates checked as of [`TODAY`] instead of the system clock.
pub fn validate(source: &PathwaySource) -> Result<hcp::check::Validation, LoadError> {
    validate_for(source, hcp::check::Needs::Everything)
}

/// `hcp::validate_for`, with review dates checked as of [`TODAY`] instead of the system clock.
pub fn validate_for(
    source: &PathwaySource,
    needs: hcp::check::Needs,
) -> Result<hcp::check::Validation, LoadError> {
    hcp::check::validate_as_of(source, needs, Some(today()))
}

/// Every subcommand (help and examples are tested for each).
pub const SUBCOMMANDS: [&str; 15] = [
    "validate",
    "query",
    "list",
    "show",
    "assess",
    "schedule",
    "kpi",
    "export",
    "site",
    "init",
    "schema",
    "completions",
    "man",
    "rule",
    "diff",
];

/// The `hcp` binary under test, with its clock pinned to [`TODAY`] (`HCP_CLOCK`).
pub fn hcp() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_hcp"));
    cmd.env_remove("HCP_PATHWAYS")
        .env_remove("HCP_TODAY")
        .env("HCP_CLOCK", TODAY)
        .env("NO_COLOR", "1")
        .env_remove("COLUMNS");
    cmd
}

/// Run `hcp` with arguments.
pub fn run(args: &[&str]) -> Output {
    hcp().args(args).output().expect("hcp runs")
}

/// Exit code, stdout and stderr as text (temp paths replaced by `[DIR]`).
pub struct Ran {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

pub fn ran(output: Output, dir: Option<&Path>) -> Ran {
    let clean = |bytes: &[u8]| {
        let mut s = String::from_utf8_lossy(bytes).into_owned();
        if let Some(d) = dir {
            s = s.replace(&d.display().to_string(), "[DIR]");
        }
        s
    };
    Ran {
        code: output.status.code().unwrap_or(-1),
        stdout: clean(&output.stdout),
        stderr: clean(&output.stderr),
    }
}

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// Copy a directory tree.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir") {
        let entry = entry.expect("entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}

/// A temporary copy of the minimal valid set, with `overlay` copied over it.
pub fn minimal_with(overlay: Option<&Path>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&fixtures().join("minimal"), dir.path());
    if let Some(overlay) = overlay {
        for entry in walk(overlay) {
            let rel = entry.strip_prefix(overlay).expect("prefix");
            let name = rel.to_string_lossy();
            if name == "README" {
                continue;
            }
            let target = dir.path().join(rel);
            std::fs::create_dir_all(target.parent().expect("parent")).expect("mkdir");
            std::fs::copy(&entry, target).expect("copy");
        }
    }
    dir
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            out.extend(walk(&path));
        } else {
            out.push(path);
        }
    }
    out.sort();
    out
}

/// A temporary copy of the bundled `pathways/`.
pub fn bundled_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways"),
        dir.path(),
    );
    dir
}

/// Replace the first `from` in `set/file` with `to` (which must be there).
pub fn edit(set: &Path, file: &str, from: &str, to: &str) {
    let path = set.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "{file} has no `{from}`");
    std::fs::write(&path, text.replacen(from, to, 1)).unwrap();
}

/// Remove the YAML list item that starts with `start` (up to the next item at its indentation).
pub fn remove_item(set: &Path, file: &str, start: &str) {
    let path = set.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    let begin = text
        .find(start)
        .unwrap_or_else(|| panic!("{file}: `{start}`"));
    let after = begin + start.len();
    let end = text[after..]
        .find("\n  - id: ")
        .map_or(text.len(), |i| after + i + 1);
    std::fs::write(&path, format!("{}{}", &text[..begin], &text[end..])).unwrap();
}

/// Run to completion, or kill the process after `limit` (a hang fails the case, not the suite).
pub fn output_within(mut cmd: Command, limit: std::time::Duration) -> Output {
    use std::io::Read;
    use std::process::Stdio;
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("hcp runs");
    // Drain both pipes while waiting, so a large output cannot block the child.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr")));
    let start = std::time::Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            break child.wait().expect("wait");
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    Output {
        status,
        stdout: stdout.join().expect("stdout"),
        stderr: stderr.join().expect("stderr"),
    }
}

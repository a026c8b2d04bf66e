//! File access: hcp reads only regular files, reads at most one byte over the size limit, never
//! follows a symbolic link inside a pathway set, and never hangs on a FIFO or a device. Every run
//! here has a deadline: a hang fails the test instead of the suite. The special files (FIFOs, links,
//! `/dev/zero`) are made here, so the cases are Unix-only.
#![cfg(unix)]

use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use crate::common::{self, Ran, TODAY};

/// Every run must finish well within this (they take milliseconds); a hang is killed at it.
const DEADLINE: Duration = Duration::from_secs(5);

/// A value put in hcp's environment that must never appear in its output.
const SECRET: &str = "s3cr3t-9c41e7-never-printed";

/// Run to completion, or kill it at the [`DEADLINE`] and fail; temp paths in the output become
/// `[DIR]`.
fn run_within(cmd: Command, tmp: &Path) -> Ran {
    let start = Instant::now();
    let output = common::output_within(cmd, DEADLINE);
    assert!(
        start.elapsed() < DEADLINE,
        "hcp did not finish within {DEADLINE:?}: it hangs (killed)"
    );
    common::ran(output, Some(tmp))
}

/// `hcp validate --pathways SET [--format FORMAT]`, with [`SECRET`] in its environment.
fn validate(set: &Path, format: &str, tmp: &Path) -> Ran {
    let mut cmd = common::hcp();
    cmd.env("HCP_TEST_SECRET", SECRET)
        .args(["validate", "--format", format, "--pathways"])
        .arg(set);
    run_within(cmd, tmp)
}

/// `hcp --pathways tests/fixtures/minimal assess --today TODAY PATH`.
fn assess(path: &Path, tmp: &Path) -> Ran {
    let mut cmd = common::hcp();
    cmd.env("HCP_TEST_SECRET", SECRET)
        .arg("--pathways")
        .arg(common::fixtures().join("minimal"))
        .args(["assess", "--today", TODAY])
        .arg(path);
    run_within(cmd, tmp)
}

/// Make a FIFO with the `mkfifo` program (std has no call for it, and `unsafe` is forbidden).
fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// Both streams, for checks that a text appears in neither or in one.
fn all(out: &Ran) -> String {
    format!("{}{}", out.stdout, out.stderr)
}

/// The text output names `file` (as `[DIR]/…`) in an HCP001 or HCP101 finding saying `says`.
fn assert_finding(out: &Ran, code: &str, file: &str, says: &str) {
    let text = all(out);
    assert!(
        text.contains(&format!("error[{code}]")),
        "no {code}:\n{text}"
    );
    assert!(
        text.contains(&format!("--> {file}\n")),
        "{file} not named:\n{text}"
    );
    assert!(text.contains(says), "no `{says}`:\n{text}");
}

/// A set (a copy of tests/fixtures/minimal) in `tmp/set`, and the temp dir it lives in.
fn set_in(tmp: &tempfile::TempDir) -> PathBuf {
    let set = tmp.path().join("set");
    common::copy_dir(&common::fixtures().join("minimal"), &set);
    set
}

// ---- pathway sets: links ----------------------------------------------------------------------

#[test]
fn link_to_proc_environ_in_catalogue_is_refused_and_never_read_in_any_format() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    symlink("/proc/self/environ", set.join("catalogue/x.yaml")).unwrap();
    for format in ["text", "github", "json", "sarif", "junit"] {
        let out = validate(&set, format, tmp.path());
        assert_eq!(out.code, 1, "{format}:\n{}", all(&out));
        assert!(
            !all(&out).contains(SECRET) && !all(&out).contains("HCP_TEST_SECRET"),
            "{format} prints the environment:\n{}",
            all(&out)
        );
        assert!(
            all(&out).contains("HCP001") && all(&out).contains("catalogue/x.yaml"),
            "{format} does not name the link with HCP001:\n{}",
            all(&out)
        );
    }
    let out = validate(&set, "text", tmp.path());
    assert_finding(
        &out,
        "HCP001",
        "[DIR]/set/catalogue/x.yaml",
        "is a symbolic link; hcp does not follow links inside a pathway set",
    );
}

#[test]
fn link_to_a_file_outside_the_set_is_refused_unread() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    // An unknown key on line 1: read as catalogue data, this line would be quoted in the finding.
    let outside = tmp.path().join("outside.yaml");
    std::fs::write(&outside, "outside_first_line_5b2e: private\n").unwrap();
    symlink(&outside, set.join("catalogue/extra.yaml")).unwrap();
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert!(
        !all(&out).contains("outside_first_line_5b2e"),
        "the target was read:\n{}",
        all(&out)
    );
    assert_finding(
        &out,
        "HCP001",
        "[DIR]/set/catalogue/extra.yaml",
        "symbolic link",
    );
}

#[test]
fn linked_catalogue_directory_pointing_outside_is_not_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    // The real catalogue moved out of the set, with a file whose first line must not be shown.
    let outside = tmp.path().join("elsewhere");
    std::fs::rename(set.join("catalogue"), &outside).unwrap();
    std::fs::write(
        outside.join("extra.yaml"),
        "outside_dir_line_d81f: private\n",
    )
    .unwrap();
    symlink(&outside, set.join("catalogue")).unwrap();
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert!(
        !all(&out).contains("outside_dir_line_d81f"),
        "a file under the linked directory was read:\n{}",
        all(&out)
    );
    assert_finding(&out, "HCP001", "[DIR]/set/catalogue", "symbolic link");
    // Nothing was read through the link: no finding names a file under it.
    assert!(
        !all(&out).contains("catalogue/"),
        "a file through the link is named:\n{}",
        all(&out)
    );
}

#[test]
fn link_inside_the_set_to_another_file_inside_is_refused_too() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    // Relative, and resolving inside the set: still refused (no links at all in a set).
    symlink("core.yaml", set.join("catalogue/alias.yaml")).unwrap();
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP001",
        "[DIR]/set/catalogue/alias.yaml",
        "symbolic link",
    );
    // The file it points to is read as itself, without a finding.
    assert!(!all(&out).contains("catalogue/core.yaml"), "{}", all(&out));
}

#[test]
fn link_to_dev_zero_in_the_set_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    symlink("/dev/zero", set.join("extra.yaml")).unwrap();
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(&out, "HCP001", "[DIR]/set/extra.yaml", "symbolic link");
}

// ---- pathway sets: special files --------------------------------------------------------------

#[test]
fn fifo_in_the_set_is_refused_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    mkfifo(&set.join("extra.yaml"));
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP001",
        "[DIR]/set/extra.yaml",
        "is a named pipe (FIFO), not a regular file",
    );
}

#[test]
fn directory_named_like_a_yaml_file_is_refused() {
    let tmp = tempfile::tempdir().unwrap();
    let set = set_in(&tmp);
    std::fs::create_dir(set.join("catalogue/x.yaml")).unwrap();
    let out = validate(&set, "text", tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP001",
        "[DIR]/set/catalogue/x.yaml",
        "is a directory",
    );
}

// ---- family files -----------------------------------------------------------------------------

#[test]
fn fifo_as_family_file_is_refused_without_hanging() {
    let tmp = tempfile::tempdir().unwrap();
    let fifo = tmp.path().join("family.yaml");
    mkfifo(&fifo);
    let out = assess(&fifo, tmp.path());
    assert_eq!(out.code, 1, "{}", all(&out));
    assert!(out.stdout.is_empty(), "{}", out.stdout);
    assert_finding(
        &out,
        "HCP101",
        "[DIR]/family.yaml",
        "is a named pipe (FIFO), not a regular file",
    );
}

#[test]
fn dev_zero_as_family_file_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let start = Instant::now();
    let out = assess(Path::new("/dev/zero"), tmp.path());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP101",
        "/dev/zero",
        "is a character device, not a regular file",
    );
}

#[test]
fn link_to_dev_zero_as_family_file_is_refused_at_once() {
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("family.yaml");
    symlink("/dev/zero", &link).unwrap();
    let start = Instant::now();
    let out = assess(&link, tmp.path());
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP101",
        "[DIR]/family.yaml",
        "is a symbolic link to a character device, not to a regular file",
    );
}

#[test]
fn fifo_in_a_caseload_directory_is_reported_not_skipped() {
    let tmp = tempfile::tempdir().unwrap();
    let caseload = tmp.path().join("caseload");
    std::fs::create_dir(&caseload).unwrap();
    std::fs::copy(
        common::fixtures().join("families/valid.yaml"),
        caseload.join("a.yaml"),
    )
    .unwrap();
    mkfifo(&caseload.join("b.yaml"));
    let out = assess(&caseload, tmp.path());
    // The family that could be read is still assessed; the FIFO is a family that could not be.
    assert_eq!(out.code, 1, "{}", all(&out));
    assert_finding(
        &out,
        "HCP101",
        "[DIR]/caseload/b.yaml",
        "is a named pipe (FIFO), not a regular file",
    );
    assert!(out.stdout.contains("TEST-0001"), "{}", out.stdout);
    assert!(out.stdout.contains("1 failed"), "{}", out.stdout);
}

#[test]
fn link_to_a_regular_family_file_is_followed() {
    let tmp = tempfile::tempdir().unwrap();
    let link = tmp.path().join("export.yaml");
    symlink(common::fixtures().join("families/valid.yaml"), &link).unwrap();
    let out = assess(&link, tmp.path());
    assert_eq!(out.code, 0, "{}", all(&out));
    assert!(out.stdout.contains("Suggested band"), "{}", out.stdout);
}

//! Today, pinned: `HCP_CLOCK` replaces the system clock of the `hcp` binary (review dates
//! included), and the suite pins it (and the library's review date) to `common::TODAY`, so that it
//! passes on any date. Tests about the clock itself set their own.

use hcp::load::PathwaySource;

use crate::common::{self, ran};

/// The bundled pathways' review dates, as (last reviewed, next review) per pathway.
fn bundled_review_dates() -> Vec<(String, jiff::civil::Date, jiff::civil::Date)> {
    let v = common::validate(&PathwaySource::Bundled).expect("bundled set loads");
    v.library
        .pathways
        .iter()
        .map(|(_, p)| {
            let last = p.last_reviewed.as_ref().expect("last_reviewed").value.0;
            let next = p.next_review.as_ref().expect("next_review").value.0;
            (p.id.value.to_string(), last, next)
        })
        .collect()
}

/// The pinned date must lie inside every bundled pathway's review period, or every test that
/// expects the bundled set to be clean and quiet fails. When the pathways are reviewed and their
/// dates move on, move `common::TODAY` with them.
#[test]
fn the_pinned_today_is_inside_every_bundled_review_period() {
    let today = common::today();
    let dates = bundled_review_dates();
    assert_eq!(dates.len(), 9);
    for (pathway, last, next) in dates {
        assert!(
            last <= today && today <= next,
            "common::TODAY ({today}) is outside {pathway}'s review period ({last} to {next}): \
             move it into the period"
        );
    }
}

/// With `HCP_CLOCK` past the bundled review date, the same query prints the same answer with a
/// review note per pathway on stderr, and `validate --strict` fails; with the pinned default it
/// prints no note and passes.
#[test]
fn hcp_clock_past_the_review_date_brings_the_review_notes() {
    // At Partnership Plus level only: no birth-cohort items, whose schedule (rightly) moves with
    // the clock, so the rest of the answer must not.
    let query = [
        "query",
        "--pathway",
        "safeguarding",
        "--age",
        "2y",
        "--level",
        "universal-partnership-plus",
    ];
    let pinned = ran(common::hcp().args(query).output().unwrap(), None);
    assert_eq!(pinned.code, 0, "{}", pinned.stderr);
    assert_eq!(pinned.stderr, "", "no note on the pinned date");
    let late = ran(
        common::hcp()
            .env("HCP_CLOCK", "2028-06-01")
            .args(query)
            .output()
            .unwrap(),
        None,
    );
    assert_eq!(late.code, 0, "{}", late.stderr);
    for pathway in ["safeguarding", "universal"] {
        assert!(
            late.stderr.contains(&format!(
                "note: pathway `{pathway}` was due for review on 2027-12-03"
            )),
            "{pathway}: {}",
            late.stderr
        );
    }
    assert!(!late.stdout.contains("due for review"), "{}", late.stdout);
    // The answer is the same, and says itself that it may be out of date (a report saved
    // without its stderr still carries it).
    assert!(
        !pinned.stdout.contains("Review overdue"),
        "{}",
        pinned.stdout
    );
    let flagged = "Review overdue: this answer draws on pathways past their review date";
    let at = late
        .stdout
        .find(flagged)
        .expect("the answer flags the overdue review");
    assert!(
        late.stdout[at..].contains("`safeguarding` (due"),
        "{}",
        late.stdout
    );
    assert_eq!(
        late.stdout[..at].trim_end(),
        pinned.stdout[..pinned.stdout.rfind("\n\n").unwrap()].trim_end(),
        "the answer itself is the same"
    );
    for args in [
        &["query", "--pathway", "safeguarding", "--age", "2y", "-q"][..],
        &[
            "query",
            "--pathway",
            "safeguarding",
            "--age",
            "2y",
            "--format",
            "markdown",
        ],
        &[
            "assess",
            "examples/escalation.yaml",
            "--today",
            "2026-11-25",
        ],
        &[
            "assess",
            "examples/escalation.yaml",
            "--today",
            "2026-11-25",
            "--format",
            "markdown",
        ],
    ] {
        let out = ran(
            common::hcp()
                .current_dir(env!("CARGO_MANIFEST_DIR"))
                .env("HCP_CLOCK", "2028-06-01")
                .args(args)
                .output()
                .unwrap(),
            None,
        );
        assert_eq!(out.code, 0, "{args:?}: {}", out.stderr);
        assert!(
            out.stdout.contains("Review overdue"),
            "{args:?}: {}",
            out.stdout
        );
    }

    let strict = |clock: &str| {
        ran(
            common::hcp()
                .env("HCP_CLOCK", clock)
                .args(["validate", "--strict"])
                .output()
                .unwrap(),
            None,
        )
    };
    let clean = strict(common::TODAY);
    assert_eq!(clean.code, 0, "{}", clean.stdout);
    let overdue = strict("2028-06-01");
    assert_eq!(overdue.code, 1, "{}", overdue.stdout);
    assert!(
        overdue.stdout.contains("warning[HCP027]"),
        "{}",
        overdue.stdout
    );
}

/// A malformed `HCP_CLOCK` is refused (exit 2) with a message that names it, and nothing is
/// answered.
#[test]
fn a_malformed_hcp_clock_is_refused_naming_it() {
    for bad in [
        "2028-02-30",
        "tomorrow",
        "2028-06-01T12:00",
        " 2028-06-01",
        "",
    ] {
        let r = ran(
            common::hcp()
                .env("HCP_CLOCK", bad)
                .args(["query", "--pathway", "safeguarding", "--age", "2y"])
                .output()
                .unwrap(),
            None,
        );
        assert_eq!(r.code, 2, "HCP_CLOCK={bad:?}: {}", r.stderr);
        assert!(r.stdout.is_empty(), "HCP_CLOCK={bad:?}: {}", r.stdout);
        assert!(
            r.stderr.contains(&format!(
                "HCP_CLOCK `{bad}` is not a date; write it as YYYY-MM-DD"
            )),
            "HCP_CLOCK={bad:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
}

/// No test reads the real clock: the binary is started only through `common::hcp()` (which pins
/// `HCP_CLOCK`), and the library is validated only through `common::validate` and
/// `common::validate_for` (which pin the review date).
#[test]
fn no_test_reads_the_real_clock() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it");
    // Spelt in pieces, so that this file does not match itself.
    let banned = [
        format!("hcp::{}(", "validate"),
        format!("hcp::{}(", "validate_for"),
        format!("{}_in_england", "today"),
        format!("env_remove(\"{}\")", "HCP_CLOCK"),
    ];
    // hcp itself is spawned only by common.rs, which pins the clock (other programs may be run).
    let spawn = format!("CARGO_BIN_EXE_{}", "hcp");
    let mut found = Vec::new();
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        files += 1;
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        for (n, line) in text.lines().enumerate() {
            let spawns = name != "common.rs" && line.contains(&spawn);
            if spawns || banned.iter().any(|b| line.contains(b.as_str())) {
                found.push(format!("tests/it/{name}:{}: {}", n + 1, line.trim()));
            }
        }
    }
    assert!(files > 10, "only {files} files read in {}", dir.display());
    assert!(found.is_empty(), "unpinned clock:\n{}", found.join("\n"));
}

//! `hcp schedule`: a child's schedule from their record, and a team's worklist. Dates are pinned
//! (`--today` or the pinned clock), so the statuses hold on any day the suite runs.

use crate::common::{self, ran};

use std::collections::BTreeMap;

use hcp::answer::schedule::{ScheduleStatus, schedule};
use hcp::load::PathwaySource;
use hcp::model::family::{DoneOn, Record};
use jiff::civil::{Date, date};
use proptest::prelude::*;

const EXAMPLES: [&str; 4] = [
    "record-on-time",
    "record-overdue",
    "record-antenatal",
    "record-targeted",
];

fn run(args: &[&str]) -> common::Ran {
    ran(
        common::hcp()
            .args(["schedule"])
            .args(args)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .output()
            .unwrap(),
        None,
    )
}

#[test]
fn every_example_in_every_format() {
    for name in EXAMPLES {
        let file = format!("examples/records/{name}.yaml");
        for format in ["table", "json", "csv", "markdown", "ics"] {
            let out = run(&[&file, "--format", format, "--width", "100"]);
            assert_eq!(out.code, 0, "{name} {format}: {}", out.stderr);
            assert!(out.stderr.is_empty(), "{}", out.stderr);
            insta::assert_snapshot!(format!("{name}_{format}"), out.stdout);
        }
    }
}

/// The statuses the example records were written to show, by intervention.
#[test]
fn the_examples_show_what_their_comments_say() {
    let statuses = |name: &str| -> BTreeMap<String, String> {
        let out = run(&[&format!("examples/records/{name}.yaml"), "--format", "json"]);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["intervention"].as_str().unwrap().to_string(),
                    r["status"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    let on_time = statuses("record-on-time");
    assert!(
        on_time.values().all(|s| s == "done" || s == "upcoming"),
        "{on_time:?}"
    );
    let overdue = statuses("record-overdue");
    assert_eq!(overdue["universal.new-birth-visit"], "done-late");
    assert_eq!(overdue["universal.newborn-hearing-screening"], "missed");
    assert_eq!(overdue["universal.immunisations-1-year"], "overdue");
    assert_eq!(overdue["universal.1-year-review"], "due");
    // Born September 2025: the MMRV cohort; the MMR item for earlier births is not scheduled.
    assert!(!overdue.contains_key("universal.immunisations-1-year-born-before-2025"));
    let antenatal = statuses("record-antenatal");
    assert_eq!(antenatal["universal.booking-appointment"], "done");
    assert_eq!(antenatal["universal.fetal-anomaly-scan"], "missed");
    assert_eq!(antenatal["universal.pertussis-vaccine-in-pregnancy"], "due");
    assert_eq!(antenatal["universal.antenatal-contact"], "upcoming");
    let targeted = statuses("record-targeted");
    assert_eq!(
        targeted["parental-mental-health.new-birth-visit-liaison-and-risk-assessment"],
        "due"
    );
}

/// The late new birth visit names the KPI that counts it (C3).
#[test]
fn a_late_contact_names_its_kpi() {
    let out = run(&["examples/records/record-overdue.yaml", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    let nbv = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["intervention"] == "universal.new-birth-visit")
        .unwrap();
    assert_eq!(nbv["status"], "done-late");
    assert_eq!(nbv["kpi"], "C3");
    assert_eq!(nbv["done_on"], "2025-10-10");
    assert_eq!(nbv["from"], "2025-09-30");
    assert_eq!(nbv["to"], "2025-10-04");
}

/// A worklist over a directory with a broken file: the rest are scheduled, the broken one is
/// named in the output itself (text, JSON, CSV), and the exit code is 1.
#[test]
fn a_worklist_accounts_for_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in EXAMPLES {
        std::fs::copy(
            root.join(format!("examples/records/{name}.yaml")),
            dir.path().join(format!("{name}.yaml")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.path().join("zz-broken.yaml"),
        "reference: REC-X\nchild:\n  date_of_birth: 2026-02-30\n",
    )
    .unwrap();
    let path = dir.path().to_str().unwrap();
    let text = run(&[path, "--width", "120"]);
    assert_eq!(text.code, 1);
    assert!(
        text.stdout.contains("NOT SCHEDULED: 1 of 5 files"),
        "{}",
        text.stdout
    );
    assert!(
        text.stdout.contains("zz-broken.yaml (HCP104)"),
        "{}",
        text.stdout
    );
    assert!(text.stdout.contains("(4 children)"), "{}", text.stdout);
    let json = run(&[path, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v["kind"], "worklist");
    assert_eq!(v["files"], 5);
    assert_eq!(v["scheduled"], 4);
    assert_eq!(v["failed"][0]["code"], "HCP104");
    // Overdue first, then due, then upcoming.
    let order: Vec<&str> = v["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["status"].as_str().unwrap())
        .collect();
    let rank = |s: &str| match s {
        "overdue" => 0,
        "due" => 1,
        _ => 2,
    };
    assert!(
        order.windows(2).all(|w| rank(w[0]) <= rank(w[1])),
        "{order:?}"
    );
    assert!(!order.contains(&"missed") && !order.contains(&"done"));
    let csv = run(&[path, "--format", "csv"]);
    assert!(
        csv.stdout.lines().last().unwrap().contains("error"),
        "{}",
        csv.stdout
    );
    // Nothing the broken file wrote besides its name is shown.
    assert!(!text.stdout.contains("2026-02-30") && !text.stderr.contains("2026-02-30"));
}

/// A worklist looks `--within` ahead: an item opening just inside is listed, just outside is not.
#[test]
fn the_worklist_look_ahead_is_inclusive() {
    // The antenatal record's 28-week contact opens on 16 December 2026.
    let file = "examples/records/record-antenatal.yaml";
    let listed = |today: &str, within: &str| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(file),
            dir.path().join("a.yaml"),
        )
        .unwrap();
        let out = run(&[
            dir.path().to_str().unwrap(),
            "--today",
            today,
            "--within",
            within,
            "--format",
            "json",
        ]);
        let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        v["rows"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["intervention"] == "universal.antenatal-contact")
    };
    assert!(listed("2026-12-02", "14d"));
    assert!(!listed("2026-12-01", "14d"));
}

// ---- the engine, in-process ------------------------------------------------------------------

fn library() -> &'static hcp::model::library::Library {
    static LIB: std::sync::LazyLock<hcp::check::Validation> =
        std::sync::LazyLock::new(|| common::validate(&PathwaySource::Bundled).unwrap());
    &LIB.library
}

fn record(born: Date, done: &[(&str, Date)]) -> Record {
    Record {
        reference: "REC".into(),
        born: Some(born),
        expected: None,
        done: done
            .iter()
            .map(|(id, d)| DoneOn {
                intervention: (*id).into(),
                date: *d,
                tools: Vec::new(),
                feeding: None,
            })
            .collect(),
    }
}

fn status_of(born: Date, done: &[(&str, Date)], id: &str, today: Date) -> Option<ScheduleStatus> {
    schedule(library(), &record(born, done), &[], today)
        .rows
        .into_iter()
        .find(|r| r.intervention == id)
        .map(|r| r.status)
}

/// Calendar boundaries written out by hand: the day before a window, its first and last days, the
/// day after, the last day of catch-up and the day after, for a child born on 29 February and one
/// born on 31 January (windows across month ends and a non-leap February).
#[test]
fn window_edges_on_calendar_dates() {
    use ScheduleStatus::*;
    let leap = date(2024, 2, 29);
    // New birth visit: days 10 to 14 (10 to 14 March 2024); catch-up to 6 weeks (11 April).
    let nbv = "universal.new-birth-visit";
    for (today, want) in [
        (date(2024, 3, 9), Upcoming),
        (date(2024, 3, 10), Due),
        (date(2024, 3, 14), Due),
        (date(2024, 3, 15), Overdue),
        (date(2024, 4, 11), Overdue),
        (date(2024, 4, 12), Missed),
    ] {
        assert_eq!(status_of(leap, &[], nbv, today), Some(want), "{today}");
    }
    // 1 year review: 9 months (29 November 2024) to 15 months (29 May 2025), no catch-up.
    let review = "universal.1-year-review";
    for (today, want) in [
        (date(2024, 11, 28), Upcoming),
        (date(2024, 11, 29), Due),
        (date(2025, 5, 29), Due),
        (date(2025, 5, 30), Missed),
    ] {
        assert_eq!(status_of(leap, &[], review, today), Some(want), "{today}");
    }
    // Born 31 January 2025: the 1-year MMRV window is 31 January 2026 to 13 months, which is
    // 28 February 2026 (no 31 February).
    let jan = date(2025, 1, 31);
    let mmrv = "universal.immunisations-1-year";
    for (today, want) in [
        (date(2026, 1, 30), Upcoming),
        (date(2026, 1, 31), Due),
        (date(2026, 2, 28), Due),
        (date(2026, 3, 1), Overdue),
    ] {
        assert_eq!(status_of(jan, &[], mmrv, today), Some(want), "{today}");
    }
    // Done on the last day is on time; the day after is late.
    assert_eq!(
        status_of(leap, &[(nbv, date(2024, 3, 14))], nbv, date(2024, 6, 1)),
        Some(Done)
    );
    assert_eq!(
        status_of(leap, &[(nbv, date(2024, 3, 15))], nbv, date(2024, 6, 1)),
        Some(DoneLate)
    );
}

/// The MMR/MMRV items follow the date-of-birth cohort exactly at its boundaries.
#[test]
fn cohorts_at_their_boundaries() {
    let today = date(2026, 12, 3);
    let scheduled = |born: Date| -> Vec<String> {
        schedule(library(), &record(born, &[]), &[], today)
            .rows
            .into_iter()
            .map(|r| r.intervention.to_string())
            .filter(|id| id.contains("1-year") || id.contains("3y4m") || id.contains("18-months"))
            .collect()
    };
    let dec_2024 = scheduled(date(2024, 12, 31));
    let jan_2025 = scheduled(date(2025, 1, 1));
    assert!(dec_2024.contains(&"universal.immunisations-1-year-born-before-2025".to_string()));
    assert!(!dec_2024.contains(&"universal.immunisations-1-year".to_string()));
    assert!(jan_2025.contains(&"universal.immunisations-1-year".to_string()));
    assert!(!jan_2025.contains(&"universal.immunisations-1-year-born-before-2025".to_string()));
    let jun_2024 = scheduled(date(2024, 6, 30));
    let jul_2024 = scheduled(date(2024, 7, 1));
    assert!(jun_2024.contains(&"universal.mmrv-3y4m-born-sep-2022-to-jun-2024".to_string()));
    assert!(jul_2024.contains(&"universal.mmrv-3y4m-born-jul-to-dec-2024".to_string()));
    assert!(!jul_2024.contains(&"universal.mmrv-3y4m-born-sep-2022-to-jun-2024".to_string()));
}

/// How urgent a status is, for the properties below (higher is more urgent).
fn urgency(s: ScheduleStatus) -> u8 {
    match s {
        ScheduleStatus::Missed => 5,
        ScheduleStatus::Overdue => 4,
        ScheduleStatus::Due => 3,
        ScheduleStatus::Upcoming => 2,
        ScheduleStatus::DoneLate | ScheduleStatus::Done => 0,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Recording an intervention as done never makes another item more urgent.
    #[test]
    fn recording_one_never_makes_another_more_urgent(
        born_offset in 0i64..1500,
        pick in 0usize..40,
        done_offset in 0i64..2000,
        today_offset in 0i64..2000,
    ) {
        let born = date(2022, 1, 1).checked_add(jiff::Span::new().days(born_offset)).unwrap();
        let today = born.checked_add(jiff::Span::new().days(today_offset)).unwrap();
        let before = schedule(library(), &record(born, &[]), &[], today);
        prop_assume!(!before.rows.is_empty());
        let id = before.rows[pick % before.rows.len()].intervention.to_string();
        let on = born.checked_add(jiff::Span::new().days(done_offset.min(today_offset))).unwrap();
        let after = schedule(library(), &record(born, &[(&id, on)]), &[], today);
        for (a, b) in before.rows.iter().zip(&after.rows) {
            prop_assert_eq!(&a.intervention, &b.intervention);
            if a.intervention != id.as_str() {
                prop_assert!(urgency(b.status) <= urgency(a.status), "{} became more urgent", a.intervention);
            }
        }
    }

    /// Moving today forward never turns something done into anything else.
    #[test]
    fn done_stays_done_as_today_moves_on(
        born_offset in 0i64..1500,
        done_offset in 0i64..1800,
        later in 0i64..1000,
    ) {
        let born = date(2022, 1, 1).checked_add(jiff::Span::new().days(born_offset)).unwrap();
        let on = born.checked_add(jiff::Span::new().days(done_offset)).unwrap();
        let all = schedule(library(), &record(born, &[]), &[], on);
        let done: Vec<(String, Date)> = all.rows.iter().map(|r| (r.intervention.to_string(), on)).collect();
        let pairs: Vec<(&str, Date)> = done.iter().map(|(i, d)| (i.as_str(), *d)).collect();
        let first = schedule(library(), &record(born, &pairs), &[], on);
        let then = schedule(
            library(),
            &record(born, &pairs),
            &[],
            on.checked_add(jiff::Span::new().days(later)).unwrap(),
        );
        for (a, b) in first.rows.iter().zip(&then.rows) {
            prop_assert!(a.status.is_done());
            prop_assert_eq!(a.status, b.status);
        }
    }
}

/// Two files with one reference are both scheduled, and the worklist names the reference: two
/// children's records are never merged under it.
#[test]
fn a_repeated_reference_is_named_not_merged() {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    for name in ["a.yaml", "b.yaml"] {
        std::fs::copy(
            root.join("examples/records/record-overdue.yaml"),
            dir.path().join(name),
        )
        .unwrap();
    }
    let out = run(&[dir.path().to_str().unwrap(), "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
    assert_eq!(v["scheduled"], 2);
    assert_eq!(v["repeated_references"][0], "HV-REC-0002");
    let rows = v["rows"].as_array().unwrap();
    let review = rows
        .iter()
        .filter(|r| r["intervention"] == "universal.1-year-review")
        .count();
    assert_eq!(review, 2, "each file keeps its own rows");
    let text = run(&[dir.path().to_str().unwrap()]);
    assert!(
        text.stdout
            .contains("The same reference in more than one file"),
        "{}",
        text.stdout
    );
}

/// A done entry on an impossible date is refused with HCP104 at its own position, and the date
/// the file wrote is not repeated: in the future, or before the birth for an item after birth.
#[test]
fn done_dates_in_the_future_or_before_birth_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    for (name, date) in [("future.yaml", "2027-01-05"), ("before.yaml", "2026-07-20")] {
        let path = dir.path().join(name);
        std::fs::write(
            &path,
            format!(
                "reference: REC-D\nchild:\n  date_of_birth: 2026-08-01\ndone:\n  - intervention: universal.new-birth-visit\n    date: {date}\n"
            ),
        )
        .unwrap();
        let out = run(&[path.to_str().unwrap()]);
        assert_eq!(out.code, 1, "{name}");
        assert!(out.stdout.is_empty(), "{name}: {}", out.stdout);
        assert!(
            out.stderr.contains("error[HCP104]"),
            "{name}: {}",
            out.stderr
        );
        assert!(
            out.stderr.contains("done[0].date"),
            "{name}: {}",
            out.stderr
        );
        assert!(
            !out.stderr.contains(date),
            "{name} repeats the date: {}",
            out.stderr
        );
    }
}

/// A time-limited programme runs only between its dates: the MMRV catch-up (1 November 2026 to
/// 31 March 2028) is offered to a child of its cohort from the day it starts (not from 3 years
/// 4 months, which for this child came before it), to the end of the child's window.
#[test]
fn a_campaign_is_scheduled_only_between_its_dates() {
    let born = date(2022, 6, 1);
    let id = "universal.mmrv-catch-up";
    let row = |today: Date| {
        schedule(library(), &record(born, &[]), &[], today)
            .rows
            .into_iter()
            .find(|r| r.intervention == id)
    };
    let now = row(date(2026, 12, 3)).expect("offered while it runs");
    assert_eq!(now.status, ScheduleStatus::Due);
    assert_eq!(
        now.from,
        date(2026, 11, 1),
        "the window opens with the campaign"
    );
    assert_eq!(
        now.to,
        date(2027, 6, 1),
        "and ends on the fifth birthday, before the campaign"
    );
    let after = row(date(2028, 6, 1)).expect("still listed, as missed");
    assert_eq!(after.status, ScheduleStatus::Missed);
    // Born outside the cohort: never offered.
    let outside = schedule(
        library(),
        &record(date(2022, 9, 1), &[]),
        &[],
        date(2026, 12, 3),
    );
    assert!(!outside.rows.iter().any(|r| r.intervention == id));
}

/// A date in a record is read exactly as YYYY-MM-DD, as in a family file: one with a space around
/// it (kept by YAML quotes) is refused with its own reason, the value never echoed.
#[test]
fn a_done_date_with_a_space_around_it_is_refused_with_its_reason() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("record.yaml");
    std::fs::write(
        &file,
        "reference: HV-REC-SPACE\nchild:\n  date_of_birth: 2025-09-20\ndone:\n  - intervention: universal.new-birth-visit\n    date: \" 2025-10-10\"\n",
    )
    .unwrap();
    let ran = common::ran(
        common::hcp()
            .arg("schedule")
            .arg(&file)
            .args(["--today", "2026-01-05"])
            .output()
            .unwrap(),
        Some(dir.path()),
    );
    assert_eq!(ran.code, 1, "{}{}", ran.stdout, ran.stderr);
    assert!(ran.stderr.contains("error[HCP104]"), "{}", ran.stderr);
    assert!(
        ran.stderr.contains("`date` has a space before or after it"),
        "{}",
        ran.stderr
    );
    assert!(!ran.stderr.contains("2025-10-10"), "{}", ran.stderr);
}

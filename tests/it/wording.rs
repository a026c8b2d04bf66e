//! Ages in practitioners' units (the Red Book's): no answer a practitioner reads shows the data
//! notation's month-and-day ages (`8m29d`) or day counts over 30 (`57d`); day numbers appear only
//! in a `(day N)` hint and in JSON's number fields. And a point-of-care answer is short enough to
//! read: `hcp query --age 12w` fits in 60 lines at 80 columns.

use crate::common;

use hcp::answer::browse;
use hcp::answer::query::{self, At, QueryRequest};
use hcp::load::PathwaySource;
use hcp::render::TableFormat;

/// A month-and-day age (`8m29d`, `2y6m1d`) or a day count over 30 (`57d`), outside a `(day N)`
/// hint: what practitioners do not say.
fn data_notation(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_alphanumeric()) {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && (bytes[i].is_ascii_alphanumeric()) {
            i += 1;
        }
        let token = &text[start..i];
        let months_and_days = token.contains('m')
            && token.ends_with('d')
            && token.chars().any(|c| c.is_ascii_digit());
        let days = token
            .strip_suffix('d')
            .and_then(|n| n.parse::<u32>().ok())
            .is_some_and(|n| n > 30);
        let hint = text[..start].ends_with("(day ");
        if (months_and_days || days) && !hint && !token.contains("wd") {
            return Some(token.to_string());
        }
    }
    None
}

#[test]
fn the_detector_finds_what_it_should() {
    assert_eq!(data_notation("birth to 8m29d"), Some("8m29d".into()));
    assert_eq!(data_notation("57d to 9m"), Some("57d".into()));
    assert_eq!(data_notation("from 2y6m1d"), Some("2y6m1d".into()));
    assert_eq!(data_notation("at 12w (day 84)"), None);
    assert_eq!(data_notation("10 to 14 days; C8i"), None);
    assert_eq!(data_notation("within 15wd"), None);
}

fn render(result: &query::QueryResult, format: TableFormat) -> String {
    let mut out = Vec::new();
    hcp::render::query(format, result, 80, false, None, &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The words fields of a JSON answer (its numbers and data-notation objects are for machines).
fn json_words(json: &str) -> String {
    let v: serde_json::Value = serde_json::from_str(json).unwrap();
    let mut words = vec![v["asked"].as_str().unwrap_or_default().to_string()];
    for row in v["results"].as_array().into_iter().flatten() {
        for key in ["timing", "when"] {
            words.push(row[key].as_str().unwrap_or_default().to_string());
        }
    }
    words.join("\n")
}

#[test]
fn no_answer_shows_data_notation_ages() {
    let v = common::validate(&PathwaySource::Bundled).unwrap();
    let lib = &v.library;
    let mut ats: Vec<At> = (0..=1826).step_by(7).map(At::Age).collect();
    ats.extend((0..=1826).step_by(30).map(At::Age));
    ats.extend((0..=294).step_by(7).map(At::Gestation));
    ats.extend(lib.stage_ids().map(|s| At::Stage(s.to_string())));
    ats.push(At::Stage("preconception".into()));
    for at in ats {
        let req = QueryRequest {
            at: Some(at.clone()),
            all: true,
            typed: None,
            ..Default::default()
        };
        let result = query::run(lib, &req).unwrap();
        for format in [TableFormat::Table, TableFormat::Markdown, TableFormat::Csv] {
            let text = render(&result, format);
            assert_eq!(data_notation(&text), None, "{at:?} {format:?}:\n{text}");
        }
        let json = json_words(&render(&result, TableFormat::Json));
        assert_eq!(data_notation(&json), None, "{at:?} json:\n{json}");
    }
    for (_, _, _, iv) in lib.interventions() {
        let shown = browse::show(lib, &iv.id.value).unwrap();
        for format in [TableFormat::Table, TableFormat::Markdown] {
            let mut out = Vec::new();
            hcp::render::shown(format, &shown, lib, 80, None, &mut out).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(data_notation(&text), None, "show {}:\n{text}", iv.id.value);
        }
    }
}

/// What a practitioner typed is what the answer says back: `16w` stays `16w`.
#[test]
fn the_age_typed_is_echoed() {
    let out = common::run(&["query", "--age", "16w"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("Universal at 16w (day 112)"), "{text}");
}

#[test]
fn twelve_weeks_fits_in_sixty_lines() {
    let out = common::run(&["query", "--age", "12w", "--width", "80"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    let lines = text.lines().count();
    assert!(lines <= 60, "{lines} lines:\n{text}");
    assert!(text.lines().all(|l| l.chars().count() <= 80), "{text}");
}

/// `--ahead` sets how far "Coming up" looks: at 12 weeks the 16-week immunisations (4 weeks away)
/// are coming up with the default 8 weeks, not with 2 weeks.
#[test]
fn the_look_ahead_is_the_one_asked_for() {
    let upcoming = |args: &[&str]| -> bool {
        let out = common::run(&[&["query", "--age", "12w", "--format", "json"][..], args].concat());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        v["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == "universal.immunisations-16-weeks" && r["status"] == "upcoming")
    };
    assert!(upcoming(&[]));
    assert!(
        upcoming(&["--ahead", "4w"]),
        "the day it opens is inside the look-ahead"
    );
    assert!(!upcoming(&["--ahead", "2w"]));
}

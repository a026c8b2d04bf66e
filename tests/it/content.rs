//! The bundled pathway content, summarised for review against facts.md, and the age-window edges.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::common;
use hcp::answer::query::{self, At, QueryRequest};
use hcp::load::PathwaySource;
use hcp::model::Level;
use hcp::model::age::{Point, format_age_days, format_gestation_days};

fn bundled() -> hcp::model::library::Library {
    let v = common::validate(&PathwaySource::Bundled).expect("bundled set loads");
    assert_eq!(v.summary.errors, 0, "{:?}", v.diagnostics);
    v.library
}

/// Per pathway: interventions by level and stage, and by lead profession. Reviewed against
/// facts.md: every targeted pathway has both levels across at least three stages.
#[test]
fn pathway_content_summary() {
    let lib = bundled();
    let mut out = String::new();
    for p in query::ordered_pathways(&lib) {
        let _ = writeln!(
            out,
            "## {} ({} interventions)",
            p.id.value,
            p.interventions.len()
        );
        for level in Level::ALL {
            let mut by_stage: BTreeMap<usize, (String, usize)> = BTreeMap::new();
            for iv in p.interventions.iter().filter(|iv| iv.level.value == level) {
                let (pos, _) = lib.stage(&iv.stage.value).expect("stage resolves");
                by_stage
                    .entry(pos)
                    .or_insert_with(|| (iv.stage.value.to_string(), 0))
                    .1 += 1;
            }
            if by_stage.is_empty() {
                continue;
            }
            let cells: Vec<String> = by_stage.values().map(|(s, n)| format!("{s} {n}")).collect();
            let _ = writeln!(out, "{:<27} {}", level.id(), cells.join(", "));
            // Stages covered (stage through until_stage), not only where interventions start.
            let covered: std::collections::BTreeSet<usize> = p
                .interventions
                .iter()
                .filter(|iv| iv.level.value == level)
                .flat_map(|iv| {
                    let first = lib.stage(&iv.stage.value).map_or(0, |(i, _)| i);
                    let last = iv
                        .until_stage
                        .as_ref()
                        .and_then(|u| lib.stage(&u.value))
                        .map_or(first, |(i, _)| i);
                    first..=last
                })
                .collect();
            let _ = writeln!(out, "{:<27} covers {} stages", "", covered.len());
            assert!(
                covered.len() >= 3,
                "{} has {} in fewer than three stages",
                p.id.value,
                level.id()
            );
        }
        let mut leads: BTreeMap<&str, usize> = BTreeMap::new();
        for iv in &p.interventions {
            *leads.entry(iv.lead.value.as_str()).or_default() += 1;
        }
        let cells: Vec<String> = leads.iter().map(|(l, n)| format!("{l} {n}")).collect();
        let _ = writeln!(out, "{:<27} {}\n", "leads", cells.join(", "));
    }
    insta::assert_snapshot!(out);
}

#[test]
fn every_targeted_pathway_has_both_levels_and_entry_criteria() {
    let lib = bundled();
    for e in &lib.catalogue.pathway_set {
        let p = lib.pathway(&e.item.id.value).expect("present");
        if e.item.kind == hcp::model::PathwayKind::Targeted {
            for level in [Level::UniversalPlus, Level::UniversalPartnershipPlus] {
                assert!(
                    p.interventions.iter().any(|iv| iv.level.value == level),
                    "{} {level}",
                    p.id.value
                );
            }
            let c = p.entry_criteria.as_ref().expect("entry criteria");
            assert!(
                !c.value.universal_plus.is_empty()
                    && !c.value.universal_partnership_plus.is_empty()
            );
            assert!(!p.exit_criteria.is_empty());
        }
    }
}

fn label(at: &At) -> String {
    match at {
        At::Age(d) => format!("{} (day {d})", format_age_days(*d)),
        At::Gestation(g) => format!("{} gestation", format_gestation_days(*g)),
        At::Stage(s) => s.clone(),
    }
}

fn due(lib: &hcp::model::library::Library, at: At) -> Vec<String> {
    let req = QueryRequest {
        at: Some(at),
        pathways: vec!["universal".into()],
        ..Default::default()
    };
    query::run(lib, &req)
        .expect("query runs")
        .results
        .into_iter()
        .filter(|r| r.status == Some(hcp::answer::status::Status::Due))
        .filter(|r| r.event.is_some() || r.id.contains("nipe") || r.id.contains("blood-spot"))
        .map(|r| r.id.trim_start_matches("universal.").to_string())
        .collect()
}

/// The day before, on, and after every edge of the Universal windows: what is due there.
#[test]
fn window_edges_of_the_universal_contacts() {
    let lib = bundled();
    let u = lib.pathway("universal").expect("universal");
    let mut edges: Vec<Point> = Vec::new();
    for iv in &u.interventions {
        if let Some(w) = &iv.window
            && (iv.event.is_some()
                || iv.id.value.contains("nipe")
                || iv.id.value.contains("blood-spot"))
        {
            edges.push(w.from.value);
            edges.push(w.to.value);
        }
    }
    edges.sort();
    edges.dedup();
    let mut out = String::new();
    for edge in edges {
        let around: Vec<Option<At>> = match edge {
            Point::Postnatal(d) => vec![
                d.checked_sub(1).map(At::Age),
                Some(At::Age(d)),
                (d < 1826).then_some(At::Age(d + 1)),
            ],
            Point::Gestation(g) => vec![
                g.checked_sub(1).map(At::Gestation),
                Some(At::Gestation(g)),
                (g < 294).then_some(At::Gestation(g + 1)),
            ],
            Point::Preconception => continue,
        };
        let _ = writeln!(out, "edge {edge}");
        for at in around.into_iter().flatten() {
            let _ = writeln!(
                out,
                "  {:<22} {}",
                label(&at),
                due(&lib, at.clone()).join(", ")
            );
        }
    }
    insta::assert_snapshot!(out);
}

#[test]
fn six_to_eight_week_edges_are_inclusive() {
    let lib = bundled();
    assert!(!due(&lib, At::Age(41)).contains(&"6-8-week-review".to_string()));
    assert!(due(&lib, At::Age(42)).contains(&"6-8-week-review".to_string()));
    assert!(due(&lib, At::Age(56)).contains(&"6-8-week-review".to_string()));
    assert!(!due(&lib, At::Age(57)).contains(&"6-8-week-review".to_string()));
}

/// The status `hcp query --all` gives `id` at `at` (every pathway, every cohort), if listed.
fn status_of(lib: &hcp::model::library::Library, id: &str, at: At) -> Option<String> {
    let req = QueryRequest {
        at: Some(at),
        all: true,
        ..Default::default()
    };
    query::run(lib, &req)
        .expect("query runs")
        .results
        .into_iter()
        .find(|r| r.id == id)
        .and_then(|r| r.status.map(|s| s.id().to_string()))
}

/// For every bundled scheduled intervention: its status the day before its window opens, on its
/// first and last days, the day after it closes, on the last day of catch-up and the day after.
/// Due exactly in the window; overdue after it only while catch-up lasts; gone after that; never
/// due before it opens. The table is snapshotted so a reviewer sees every edge.
#[test]
fn every_scheduled_intervention_at_its_edges() {
    let lib = bundled();
    let mut out = String::new();
    let mut checked = 0;
    for (_, _, _, iv) in lib.interventions() {
        let Some(window) = hcp::answer::status::scheduled_window(iv) else {
            continue;
        };
        if iv.timing.as_ref().map(|k| k.value) != Some(hcp::model::TimingKind::Scheduled) {
            continue;
        }
        let at = |p: Point, shift: i64| -> Option<At> {
            match p {
                Point::Postnatal(d) => u32::try_from(i64::from(d) + shift)
                    .ok()
                    .filter(|d| *d <= 1826)
                    .map(At::Age),
                Point::Gestation(g) => u32::try_from(i64::from(g) + shift)
                    .ok()
                    .filter(|g| *g <= 294)
                    .map(At::Gestation),
                Point::Preconception => None,
            }
        };
        let id = iv.id.value.as_str();
        let catch_up = iv.catch_up_until.as_ref().map(|c| c.value);
        let mut edges = vec![
            ("day before", at(window.from, -1), "not due"),
            ("first day", at(window.from, 0), "due"),
            ("last day", at(window.to, 0), "due"),
            (
                "day after",
                at(window.to, 1),
                if catch_up.is_some() {
                    "overdue"
                } else {
                    "none"
                },
            ),
        ];
        if let Some(c) = catch_up {
            edges.push(("last catch-up day", at(c, 0), "overdue"));
            edges.push(("day after catch-up", at(c, 1), "none"));
        }
        let _ = writeln!(out, "{id} ({window})");
        for (label_text, point, want) in edges {
            let Some(point) = point else { continue };
            let got = status_of(&lib, id, point.clone());
            let shown = got.clone().unwrap_or_else(|| "none".into());
            match want {
                "not due" => assert_ne!(got.as_deref(), Some("due"), "{id} {label_text}"),
                "none" => assert_eq!(got, None, "{id} {label_text}"),
                want => assert_eq!(got.as_deref(), Some(want), "{id} {label_text}"),
            }
            let _ = writeln!(out, "  {label_text:<19} {:<22} {shown}", label(&point));
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} edges checked");
    insta::assert_snapshot!(out);
}

/// The cases at the point of care: at 12 weeks the 12-week immunisations are due and
/// introducing solids and the 6 month contact are not; at 15 days the new birth visit is overdue
/// and names C3; at 9 months the 1-year immunisations are not due.
#[test]
fn point_of_care_cases() {
    let lib = bundled();
    let at12w = At::Age(84);
    assert_eq!(
        status_of(&lib, "universal.immunisations-12-weeks", at12w.clone()).as_deref(),
        Some("due")
    );
    for id in [
        "universal.introducing-solid-food",
        "universal.6-month-contact",
    ] {
        let s = status_of(&lib, id, at12w.clone());
        assert!(
            matches!(s.as_deref(), None | Some("upcoming")),
            "{id} at 12 weeks: {s:?}"
        );
    }
    let req = QueryRequest {
        at: Some(At::Age(15)),
        pathways: vec!["universal".into()],
        ..Default::default()
    };
    let nbv = query::run(&lib, &req)
        .unwrap()
        .results
        .into_iter()
        .find(|r| r.id == "universal.new-birth-visit")
        .expect("the new birth visit is listed at 15 days");
    assert_eq!(nbv.status, Some(hcp::answer::status::Status::Overdue));
    assert_eq!(nbv.timing.late_kpi.as_deref(), Some("C3"));
    for id in lib
        .interventions()
        .map(|(_, _, _, iv)| iv.id.value.to_string())
        .filter(|id| id.contains("1-year") && id.contains("immunisation"))
    {
        assert_ne!(
            status_of(&lib, &id, At::Age(273)).as_deref(),
            Some("due"),
            "{id} at 9 months"
        );
    }
}

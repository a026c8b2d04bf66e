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

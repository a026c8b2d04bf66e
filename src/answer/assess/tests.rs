//! Tests of the scoring.

use super::score::{band_of, score, suggested_level};
use super::*;
use crate::model::framework::{DimensionDef, EscalationDef, Framework, IndicatorDef, Observations};

fn ind(id: &str, band: Level, decisive: bool) -> IndicatorDef {
    IndicatorDef {
        id: id.into(),
        band,
        text: id.into(),
        pathways: vec![],
        decisive,
        entitlement: false,
        applies: None,
    }
}

fn entitlement(id: &str, band: Level) -> IndicatorDef {
    IndicatorDef {
        entitlement: true,
        ..ind(id, band, false)
    }
}

/// Four dimensions in two domains, each with one indicator per band.
fn framework() -> Framework {
    let dim = |id: &str, domain: &str| DimensionDef {
        id: id.into(),
        title: id.into(),
        domain: domain.into(),
        indicators: vec![
            ind(&format!("{id}.ok"), Level::Universal, false),
            ind(&format!("{id}.plus"), Level::UniversalPlus, false),
            ind(&format!("{id}.upp"), Level::UniversalPartnershipPlus, false),
            ind(&format!("{id}.cp"), Level::UniversalPartnershipPlus, true),
        ],
    };
    Framework {
        domains: vec![("a".into(), "A".into()), ("b".into(), "B".into())],
        dimensions: vec![
            dim("a1", "a"),
            dim("a2", "a"),
            dim("b1", "b"),
            dim("b2", "b"),
        ],
        escalation: vec![EscalationDef {
            id: "three-dimensions".into(),
            description: "three".into(),
            band: Level::UniversalPlus,
            min_dimensions: Some(3),
            min_domains: None,
            gives: Level::UniversalPartnershipPlus,
        }],
    }
}

fn obs(items: &[&str]) -> Observations {
    let mut o = Observations::new();
    for id in items {
        let dim = id.split('.').next().unwrap().to_string();
        o.entry(dim).or_default().insert((*id).to_string());
    }
    o
}

/// The band-only scorer agrees with the full one for every set of observations of the test
/// framework (18 indicators: all 262,144), and, for sets of up to five, with each one left out.
#[test]
fn the_band_only_scorer_agrees_with_the_full_one_everywhere() {
    // Decisive indicators at Universal Plus, so that being decisive changes the band.
    let mut fw = framework();
    for i in fw.dimensions.iter_mut().flat_map(|d| &mut d.indicators) {
        if i.decisive {
            i.band = Level::UniversalPlus;
        }
    }
    // Two Universal Plus indicators in one dimension, which must count as one dimension.
    fw.dimensions[0]
        .indicators
        .push(ind("a1.plus2", Level::UniversalPlus, false));
    // An entitlement marker, which gives its band but never counts toward escalation.
    fw.dimensions[3]
        .indicators
        .push(entitlement("b2.entitled", Level::UniversalPlus));
    let ids: Vec<(Text, Text)> = fw
        .dimensions
        .iter()
        .flat_map(|d| d.indicators.iter().map(|i| (d.id.clone(), i.id.clone())))
        .collect();
    assert_eq!(ids.len(), 18);
    for mask in 0u32..(1 << ids.len()) {
        let chosen: Vec<&str> = (0..ids.len())
            .filter(|b| mask & (1 << b) != 0)
            .map(|b| ids[b].1.as_str())
            .collect();
        let o = obs(&chosen);
        assert_eq!(
            suggested_level(&fw, &o, None),
            band_of(&fw, &o).suggested,
            "{chosen:?}"
        );
        if chosen.len() > 5 {
            continue;
        }
        for (dim, id) in ids.iter().filter(|(_, id)| chosen.contains(&id.as_str())) {
            let mut fewer = o.clone();
            fewer.get_mut(dim.as_str()).unwrap().remove(id.as_str());
            assert_eq!(
                suggested_level(&fw, &o, Some((dim, id))),
                band_of(&fw, &fewer).suggested,
                "{chosen:?} without {id}"
            );
        }
    }
}

#[test]
fn all_universal_is_universal_and_complete() {
    let out = score(&framework(), &obs(&["a1.ok", "a2.ok", "b1.ok", "b2.ok"]));
    assert_eq!(out.suggested, Level::Universal);
    assert!(out.complete);
}

#[test]
fn missing_dimensions_make_it_incomplete() {
    let out = score(&framework(), &obs(&["a1.ok"]));
    assert_eq!(out.suggested, Level::Universal);
    assert!(!out.complete);
    assert_eq!(out.missing, vec!["a2", "b1", "b2"]);
    let empty = score(&framework(), &Observations::new());
    assert!(!empty.complete);
    assert_eq!(empty.missing.len(), 4);
}

#[test]
fn highest_band_wins() {
    let out = score(&framework(), &obs(&["a1.plus", "a2.ok", "b1.ok", "b2.ok"]));
    assert_eq!(out.suggested, Level::UniversalPlus);
    assert_eq!(out.fired[0].rule.id(), "highest-band");
    assert_eq!(
        out.would_lower[0],
        Lowering::Without {
            indicator: "a1.plus".into(),
            band: Level::Universal
        }
    );
}

#[test]
fn decisive_indicator_fires() {
    let out = score(&framework(), &obs(&["a1.cp", "a2.ok", "b1.ok", "b2.ok"]));
    assert_eq!(out.suggested, Level::UniversalPartnershipPlus);
    assert!(
        out.fired
            .iter()
            .any(|f| f.rule.id() == "decisive-indicator")
    );
}

#[test]
fn escalation_at_its_threshold_and_not_below() {
    let two = score(
        &framework(),
        &obs(&["a1.plus", "a2.plus", "b1.ok", "b2.ok"]),
    );
    assert_eq!(two.suggested, Level::UniversalPlus);
    assert!(
        two.would_raise
            .iter()
            .any(|r| matches!(r, Raising::MoreDimensions { need: 1, .. }))
    );
    let three = score(
        &framework(),
        &obs(&["a1.plus", "a2.plus", "b1.plus", "b2.ok"]),
    );
    assert_eq!(three.suggested, Level::UniversalPartnershipPlus);
    assert!(
        three
            .fired
            .iter()
            .any(|f| f.rule.id() == "three-dimensions")
    );
}

#[test]
fn domain_threshold() {
    let mut fw = framework();
    fw.escalation[0].min_dimensions = None;
    fw.escalation[0].min_domains = Some(2);
    let one_domain = score(&fw, &obs(&["a1.plus", "a2.plus"]));
    assert_eq!(one_domain.suggested, Level::UniversalPlus);
    let two_domains = score(&fw, &obs(&["a1.plus", "b1.plus"]));
    assert_eq!(two_domains.suggested, Level::UniversalPartnershipPlus);
}

/// Both thresholds of one rule must be met: 4 dimensions spanning 2 domains.
fn multiple_and_complex() -> Framework {
    let mut fw = framework();
    // Two more dimensions in domain a, so that four can sit in one domain.
    for id in ["a3", "a4"] {
        let mut d = fw.dimensions[0].clone();
        d.id = id.into();
        for i in &mut d.indicators {
            i.id = i.id.replacen("a1", id, 1).into();
        }
        fw.dimensions.insert(2, d);
    }
    fw.escalation[0].min_dimensions = Some(4);
    fw.escalation[0].min_domains = Some(2);
    fw
}

#[test]
fn four_needs_in_one_domain_stay_universal_plus_and_four_across_two_escalate() {
    let fw = multiple_and_complex();
    let one_domain = score(&fw, &obs(&["a1.plus", "a2.plus", "a3.plus", "a4.plus"]));
    assert_eq!(one_domain.suggested, Level::UniversalPlus);
    assert!(
        one_domain
            .would_raise
            .iter()
            .any(|r| matches!(r, Raising::MoreDomains { need: 1, .. }))
    );
    let three_two_domains = score(&fw, &obs(&["a1.plus", "a2.plus", "b1.plus"]));
    assert_eq!(three_two_domains.suggested, Level::UniversalPlus);
    let two_domains = score(&fw, &obs(&["a1.plus", "a2.plus", "a3.plus", "b1.plus"]));
    assert_eq!(two_domains.suggested, Level::UniversalPartnershipPlus);
    assert!(
        two_domains
            .fired
            .iter()
            .any(|f| f.rule.id() == "three-dimensions")
    );
}

#[test]
fn an_entitlement_marker_gives_its_band_but_never_counts_toward_escalation() {
    let mut fw = multiple_and_complex();
    fw.dimensions
        .last_mut()
        .unwrap()
        .indicators
        .push(entitlement("b2.entitled", Level::UniversalPlus));
    let alone = score(&fw, &obs(&["b2.entitled"]));
    assert_eq!(alone.suggested, Level::UniversalPlus);
    assert!(!alone.dimensions.last().unwrap().indicators.is_empty());
    // Three needs in two domains and the marker: still Universal Plus, and the marker's dimension
    // is not counted.
    let marked = score(&fw, &obs(&["a1.plus", "a2.plus", "b1.plus", "b2.entitled"]));
    assert_eq!(marked.suggested, Level::UniversalPlus);
    assert!(marked.would_raise.iter().any(|r| matches!(
        r,
        Raising::MoreDimensions {
            need: 1,
            now: 3,
            ..
        }
    )));
    // The same dimension with a need instead escalates.
    let need = score(&fw, &obs(&["a1.plus", "a2.plus", "b1.plus", "b2.plus"]));
    assert_eq!(need.suggested, Level::UniversalPartnershipPlus);
    // An entitlement-only dimension is still assessed (not missing).
    assert!(!marked.missing.iter().any(|m| m == "b2"));
}

//! Scoring Assessment Triangle inputs into a suggested band, and explaining it.
//!
//! The engine is pure: a [`Framework`] (resolved from `pathways/assessment/`) and the observed
//! indicators per dimension go in; an [`Outcome`] comes out. It is monotone (more need never gives
//! a lower band) and does not depend on the order of its inputs. Missing is not "no concern": a
//! dimension with nothing observed is *not assessed*, and the outcome says it is incomplete.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::model::Level;
use crate::model::framework::{DimensionDef, EscalationDef, Framework, IndicatorDef, Observations};
use crate::model::library::Library;
use crate::model::text::Text;

/// A rule that contributed to the suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fired {
    /// `highest-band`, `decisive-indicator`, or an escalation rule id.
    pub rule: Text,
    /// What it found, in words.
    pub because: String,
    /// The band it suggests.
    pub gives: Level,
}

/// One dimension's part in the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DimensionOutcome {
    /// Domain id.
    pub domain: Text,
    /// Dimension id.
    pub id: Text,
    /// Title.
    pub title: Text,
    /// Whether anything was observed.
    pub assessed: bool,
    /// The highest band observed, if assessed.
    pub band: Option<Level>,
    /// The observed indicators: (id, text, band).
    pub indicators: Vec<ObservedIndicator>,
}

/// An observed indicator in the outcome.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ObservedIndicator {
    /// Id.
    pub id: Text,
    /// In words.
    pub text: Text,
    /// Its band.
    pub band: Level,
    /// Always Universal Partnership Plus.
    pub decisive: bool,
    /// Pathways it points to.
    pub pathways: Vec<Text>,
}

/// The scored result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcome {
    /// The suggested band (a lower bound when incomplete).
    pub suggested: Level,
    /// Whether every dimension was assessed.
    pub complete: bool,
    /// Dimensions not assessed.
    pub missing: Vec<Text>,
    /// Per dimension, in framework order.
    pub dimensions: Vec<DimensionOutcome>,
    /// The rules that produced the band.
    pub fired: Vec<Fired>,
    /// Targeted pathways the indicators point to, in id order.
    pub pathways: Vec<Text>,
    /// Single changes that would lower the band.
    pub would_lower: Vec<String>,
    /// The nearest changes that would raise the band.
    pub would_raise: Vec<String>,
}

struct Band {
    suggested: Level,
    fired: Vec<Fired>,
}

/// The highest observed band of each assessed dimension, in framework order.
fn dimension_bands<'a>(fw: &'a Framework, obs: &Observations) -> Vec<(&'a DimensionDef, Level)> {
    fw.dimensions
        .iter()
        .filter_map(|dim| {
            let ids = obs.get(dim.id.as_str())?;
            let top = dim
                .indicators
                .iter()
                .filter(|i| ids.contains(i.id.as_str()))
                .map(|i| i.band)
                .max()?;
            Some((dim, top))
        })
        .collect()
}

/// The dimensions at `band` or above, and the domains they fall in: what escalation rules count.
fn counted_at<'a>(
    dim_bands: &[(&'a DimensionDef, Level)],
    band: Level,
) -> (Vec<&'a DimensionDef>, BTreeSet<&'a str>) {
    let counted: Vec<&DimensionDef> = dim_bands
        .iter()
        .filter(|(_, b)| *b >= band)
        .map(|(d, _)| *d)
        .collect();
    let domains = counted.iter().map(|d| d.domain.as_str()).collect();
    (counted, domains)
}

/// Whether an escalation rule fires on these dimension bands: it has a threshold and meets every
/// one it has. When it fires, the dimensions and domains it counted.
fn escalation_fires<'a>(
    rule: &EscalationDef,
    dim_bands: &[(&'a DimensionDef, Level)],
) -> Option<(Vec<&'a DimensionDef>, BTreeSet<&'a str>)> {
    let (counted, domains) = counted_at(dim_bands, rule.band);
    let dims_ok = rule
        .min_dimensions
        .is_none_or(|m| counted.len() >= m as usize);
    let domains_ok = rule.min_domains.is_none_or(|m| domains.len() >= m as usize);
    let has_threshold = rule.min_dimensions.is_some() || rule.min_domains.is_some();
    (has_threshold && dims_ok && domains_ok).then_some((counted, domains))
}

fn band_of(fw: &Framework, obs: &Observations) -> Band {
    let mut fired = Vec::new();
    let mut dim_bands: Vec<(&DimensionDef, Level)> = Vec::new();
    let mut highest: Option<(Level, Vec<&str>)> = None;
    let mut decisive: Vec<&str> = Vec::new();
    for dim in &fw.dimensions {
        let Some(ids) = obs.get(dim.id.as_str()) else {
            continue;
        };
        let inds: Vec<&IndicatorDef> = dim
            .indicators
            .iter()
            .filter(|i| ids.contains(i.id.as_str()))
            .collect();
        let Some(top) = inds.iter().map(|i| i.band).max() else {
            continue;
        };
        dim_bands.push((dim, top));
        decisive.extend(inds.iter().filter(|i| i.decisive).map(|i| i.id.as_str()));
        let top_ids: Vec<&str> = inds
            .iter()
            .filter(|i| i.band == top)
            .map(|i| i.id.as_str())
            .collect();
        match &mut highest {
            Some((band, ids)) if *band == top => ids.extend(top_ids),
            Some((band, _)) if *band > top => {}
            _ => highest = Some((top, top_ids)),
        }
    }
    let mut suggested = Level::Universal;
    if let Some((band, ids)) = highest {
        suggested = band;
        let because = if band == Level::Universal {
            format!(
                "no additional need observed in the {} dimension(s) assessed",
                dim_bands.len()
            )
        } else {
            format!(
                "highest band observed: {} ({})",
                band.title(),
                ids.join(", ")
            )
        };
        fired.push(Fired {
            rule: "highest-band".into(),
            because,
            gives: band,
        });
    }
    if !decisive.is_empty() {
        suggested = suggested.max(Level::UniversalPartnershipPlus);
        fired.push(Fired {
            rule: "decisive-indicator".into(),
            because: format!("always Universal Partnership Plus: {}", decisive.join(", ")),
            gives: Level::UniversalPartnershipPlus,
        });
    }
    for rule in &fw.escalation {
        if let Some((counted, domains)) = escalation_fires(rule, &dim_bands) {
            suggested = suggested.max(rule.gives);
            fired.push(Fired {
                rule: rule.id.clone(),
                because: format!(
                    "{} dimension(s) in {} domain(s) at {} or above ({}): {}",
                    counted.len(),
                    domains.len(),
                    rule.band.title(),
                    counted
                        .iter()
                        .map(|d| d.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    rule.description
                ),
                gives: rule.gives,
            });
        }
    }
    Band { suggested, fired }
}

/// The band [`band_of`] suggests, without its explanations, as if the observation `without`
/// (dimension, indicator) had not been made: what "would lowering it" asks once per indicator,
/// with no copy of the observations and no words.
#[cfg(test)]
fn suggested_level(fw: &Framework, obs: &Observations, without: Option<(&str, &str)>) -> Level {
    let observed = observed_indicators(fw, obs);
    let skip =
        without.and_then(|(dim, id)| observed.iter().position(|(d, i)| d.id == dim && i.id == id));
    level_of(fw, &observed, skip)
}

/// The observed indicators as framework entries, in framework order (what scoring reads, found
/// once instead of once per re-score).
fn observed_indicators<'a>(
    fw: &'a Framework,
    obs: &Observations,
) -> Vec<(&'a DimensionDef, &'a IndicatorDef)> {
    fw.dimensions
        .iter()
        .filter_map(|dim| obs.get(dim.id.as_str()).map(|ids| (dim, ids)))
        .flat_map(|(dim, ids)| {
            dim.indicators
                .iter()
                .filter(move |i| ids.contains(i.id.as_str()))
                .map(move |i| (dim, i))
        })
        .collect()
}

/// The band suggested by `observed` (framework order), leaving out entry `skip`.
fn level_of(
    fw: &Framework,
    observed: &[(&DimensionDef, &IndicatorDef)],
    skip: Option<usize>,
) -> Level {
    let mut suggested = Level::Universal;
    let mut dim_bands: Vec<(&DimensionDef, Level)> = Vec::new();
    for (k, (dim, i)) in observed.iter().enumerate() {
        if Some(k) == skip {
            continue;
        }
        if i.decisive {
            suggested = Level::UniversalPartnershipPlus;
        }
        suggested = suggested.max(i.band);
        // Entries of one dimension are adjacent: framework order.
        match dim_bands.last_mut() {
            Some((d, top)) if std::ptr::eq(*d, *dim) => *top = (*top).max(i.band),
            _ => dim_bands.push((dim, i.band)),
        }
    }
    for rule in &fw.escalation {
        if escalation_fires(rule, &dim_bands).is_some() {
            suggested = suggested.max(rule.gives);
        }
    }
    suggested
}

/// Score observations against the framework.
pub fn score(fw: &Framework, obs: &Observations) -> Outcome {
    let mut outcome = score_band(fw, obs);
    outcome.would_lower = lowering_changes(fw, obs, outcome.suggested);
    outcome.would_raise = raising_changes(fw, obs, outcome.suggested);
    outcome
}

/// The band, completeness, dimensions and pathways, without the explanations of what would
/// change the band (which re-score once per indicator, most of the cost of [`score`]).
fn score_band(fw: &Framework, obs: &Observations) -> Outcome {
    let Band { suggested, fired } = band_of(fw, obs);
    let mut dimensions = Vec::new();
    let mut missing = Vec::new();
    let mut pathways = BTreeSet::new();
    for dim in &fw.dimensions {
        let ids = obs.get(dim.id.as_str());
        let indicators: Vec<ObservedIndicator> = dim
            .indicators
            .iter()
            .filter(|i| ids.is_some_and(|s| s.contains(i.id.as_str())))
            .map(|i| ObservedIndicator {
                id: i.id.clone(),
                text: i.text.clone(),
                band: i.band,
                decisive: i.decisive,
                pathways: i.pathways.clone(),
            })
            .collect();
        pathways.extend(indicators.iter().flat_map(|i| i.pathways.iter().cloned()));
        let band = indicators.iter().map(|i| i.band).max();
        if band.is_none() {
            missing.push(dim.id.clone());
        }
        dimensions.push(DimensionOutcome {
            domain: dim.domain.clone(),
            id: dim.id.clone(),
            title: dim.title.clone(),
            assessed: band.is_some(),
            band,
            indicators,
        });
    }
    Outcome {
        suggested,
        complete: missing.is_empty(),
        missing,
        dimensions,
        fired,
        pathways: pathways.into_iter().collect(),
        would_lower: Vec::new(),
        would_raise: Vec::new(),
    }
}

/// Each single observed indicator whose removal would lower the band.
fn lowering_changes(fw: &Framework, obs: &Observations, current: Level) -> Vec<String> {
    if current == Level::Universal {
        return Vec::new();
    }
    let observed = observed_indicators(fw, obs);
    let mut out = Vec::new();
    for (dim, ids) in obs {
        for id in ids {
            let skip = observed
                .iter()
                .position(|(d, i)| d.id == *dim && i.id == *id);
            let lower = level_of(fw, &observed, skip);
            if lower < current {
                out.push(format!(
                    "without `{id}` the suggestion would be {}",
                    lower.title()
                ));
            }
        }
    }
    if out.is_empty() {
        out.push(format!(
            "no single indicator change would lower it: several needs at {} or above drive it",
            current.title()
        ));
    }
    out
}

/// The nearest additions that would raise the band.
fn raising_changes(fw: &Framework, obs: &Observations, current: Level) -> Vec<String> {
    let mut out = Vec::new();
    if current == Level::Universal {
        out.push("any Universal Plus indicator would suggest Universal Plus".to_string());
    }
    if current < Level::UniversalPartnershipPlus {
        out.push(
            "any Universal Partnership Plus or decisive indicator would suggest Universal Partnership Plus"
                .to_string(),
        );
        let dim_bands = dimension_bands(fw, obs);
        for rule in fw.escalation.iter().filter(|r| r.gives > current) {
            let (counted, domains) = counted_at(&dim_bands, rule.band);
            if let Some(min) = rule.min_dimensions {
                let need = (min as usize).saturating_sub(counted.len());
                if need > 0 {
                    out.push(format!(
                        "{need} more dimension(s) at {} or above would meet `{}` ({} of {min} now)",
                        rule.band.title(),
                        rule.id,
                        counted.len()
                    ));
                }
            }
            if let Some(min) = rule.min_domains {
                let need = (min as usize).saturating_sub(domains.len());
                if need > 0 {
                    out.push(format!(
                        "a {} need in {need} more domain(s) would meet `{}` ({} of {min} now)",
                        rule.band.title(),
                        rule.id,
                        domains.len()
                    ));
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ind(id: &str, band: Level, decisive: bool) -> IndicatorDef {
        IndicatorDef {
            id: id.into(),
            band,
            text: id.into(),
            pathways: vec![],
            decisive,
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
    /// framework (17 indicators: all 131,072), and, for sets of up to five, with each one left out.
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
        let ids: Vec<(Text, Text)> = fw
            .dimensions
            .iter()
            .flat_map(|d| d.indicators.iter().map(|i| (d.id.clone(), i.id.clone())))
            .collect();
        assert_eq!(ids.len(), 17);
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
        assert_eq!(out.fired[0].rule, "highest-band");
        assert!(out.would_lower[0].contains("a1.plus"));
    }

    #[test]
    fn decisive_indicator_fires() {
        let out = score(&framework(), &obs(&["a1.cp", "a2.ok", "b1.ok", "b2.ok"]));
        assert_eq!(out.suggested, Level::UniversalPartnershipPlus);
        assert!(out.fired.iter().any(|f| f.rule == "decisive-indicator"));
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
                .any(|r| r.contains("1 more dimension"))
        );
        let three = score(
            &framework(),
            &obs(&["a1.plus", "a2.plus", "b1.plus", "b2.ok"]),
        );
        assert_eq!(three.suggested, Level::UniversalPartnershipPlus);
        assert!(three.fired.iter().any(|f| f.rule == "three-dimensions"));
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
}

/// The practitioner's decision beside the suggestion.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Decision {
    /// The band the practitioner decided.
    pub band: Level,
    /// Whether it matches the suggestion.
    pub agrees: bool,
    /// The practitioner's rationale (single-family report only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rationale: Option<String>,
}

/// The standing statement printed with every assessment.
pub const STATEMENT: &str = "This is a suggestion to support professional judgement. The practitioner decides the level of service.";

/// A full assessment report for one family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Report {
    /// Pseudonymous reference.
    pub reference: String,
    /// Assessment date, YYYY-MM-DD.
    pub assessment_date: String,
    /// The child's age (or gestation) on that date, in words.
    pub child: String,
    /// The suggested band in words, qualified when incomplete.
    pub suggestion: String,
    /// The scored outcome.
    pub outcome: Outcome,
    /// The practitioner's decision, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<Decision>,
    /// Interventions due at the child's age on the assessment date, on the indicated pathways and
    /// Universal, at or below the suggested level.
    pub due: Vec<crate::answer::query::Row>,
    /// The pathways searched for `due` (the indicated ones and Universal) that are past their
    /// `next_review` date (HCP027) on `review_day`, the day hcp ran (not the assessment date): what
    /// is listed may rest on out-of-date content. Empty when no review day is given.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub review_overdue: Vec<crate::answer::review::OverdueReview>,
    /// The standing statement.
    pub statement: String,
}

/// Words for the suggested band; an incomplete assessment is never a confident band.
pub fn suggestion_words(outcome: &Outcome, dimensions: usize) -> String {
    if outcome.complete {
        return outcome.suggested.title().to_string();
    }
    let missing = outcome.missing.len();
    match outcome.suggested {
        Level::Universal => format!(
            "INCOMPLETE: cannot confirm Universal ({missing} of {dimensions} dimensions not assessed)"
        ),
        band => format!(
            "at least {} (INCOMPLETE: {missing} of {dimensions} dimensions not assessed)",
            band.title()
        ),
    }
}

/// Words for where the child is on the timeline.
pub fn describe_point(point: crate::model::age::Point) -> String {
    match point {
        crate::model::age::Point::Postnatal(d) => {
            format!("{} (day {d})", crate::model::age::format_age_days(d))
        }
        crate::model::age::Point::Gestation(g) => {
            format!(
                "{} of pregnancy",
                crate::model::age::format_gestation_days(g)
            )
        }
        crate::model::age::Point::Preconception => "preconception".to_string(),
    }
}

/// Score a family and gather what is due now; with `review_day` (the real date), note the
/// pathways searched that are overdue for review.
pub fn report(
    lib: &Library,
    fw: &Framework,
    family: &crate::model::family::Family,
    review_day: Option<jiff::civil::Date>,
) -> Report {
    let outcome = score(fw, &family.observations);
    let at = match family.at {
        crate::model::age::Point::Gestation(g) => Some(crate::answer::query::At::Gestation(g)),
        crate::model::age::Point::Postnatal(d) => Some(crate::answer::query::At::Age(d)),
        crate::model::age::Point::Preconception => None,
    };
    let targeted: Vec<String> = outcome
        .pathways
        .iter()
        .filter(|p| lib.pathway(p).is_some())
        .map(|p| p.to_string())
        .collect();
    let universal = lib
        .catalogue
        .pathway_set
        .iter()
        .find(|e| e.item.kind == crate::model::PathwayKind::Universal)
        .map(|e| e.item.id.value.to_string());
    let request = crate::answer::query::QueryRequest {
        at,
        pathways: if targeted.is_empty() {
            universal.into_iter().collect()
        } else {
            targeted
        },
        ..Default::default()
    };
    // Only help at or below the suggested level: a Universal Plus family is not listed the
    // multi-agency (Partnership Plus) interventions.
    let searched = crate::answer::query::run(lib, &request).unwrap_or_default();
    let review_overdue = review_day.map_or_else(Vec::new, |day| {
        crate::answer::review::overdue(lib, &searched.pathways, day)
    });
    let due = searched
        .results
        .into_iter()
        .filter(|row| row.level <= outcome.suggested)
        .collect();
    Report {
        reference: family.reference.clone(),
        assessment_date: family.assessment_date.to_string(),
        child: describe_point(family.at),
        suggestion: suggestion_words(&outcome, fw.dimensions.len()),
        practitioner: family
            .practitioner
            .as_ref()
            .map(|(band, rationale)| Decision {
                band: *band,
                agrees: *band == outcome.suggested,
                rationale: rationale.clone(),
            }),
        outcome,
        due,
        review_overdue,
        statement: STATEMENT.to_string(),
    }
}

/// One family's line in a caseload summary: no free text, no identifiers beyond the reference.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseRow {
    /// Pseudonymous reference.
    pub reference: String,
    /// Age or gestation in words.
    pub child: String,
    /// Suggested band (a lower bound when `complete` is false).
    pub suggested: Level,
    /// The suggestion in words, marked INCOMPLETE when dimensions are missing.
    pub suggestion: String,
    /// Whether every dimension was assessed.
    pub complete: bool,
    /// Dimensions not assessed.
    pub missing: usize,
    /// The practitioner's band, when recorded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub practitioner: Option<Level>,
    /// Pathways indicated.
    pub pathways: Vec<Text>,
}

/// A family's caseload row, computed directly: the same row as `CaseRow::from(&report(..))`
/// without the explanations and the list of what is due, which a row does not show.
pub fn case_row(fw: &Framework, family: &crate::model::family::Family) -> CaseRow {
    let outcome = score_band(fw, &family.observations);
    CaseRow {
        reference: family.reference.clone(),
        child: describe_point(family.at),
        suggested: outcome.suggested,
        suggestion: suggestion_words(&outcome, fw.dimensions.len()),
        complete: outcome.complete,
        missing: outcome.missing.len(),
        practitioner: family.practitioner.as_ref().map(|(band, _)| *band),
        pathways: outcome.pathways,
    }
}

impl From<&Report> for CaseRow {
    fn from(r: &Report) -> CaseRow {
        CaseRow {
            reference: r.reference.clone(),
            child: r.child.clone(),
            suggested: r.outcome.suggested,
            suggestion: r.suggestion.clone(),
            complete: r.outcome.complete,
            missing: r.outcome.missing.len(),
            practitioner: r.practitioner.as_ref().map(|p| p.band),
            pathways: r.outcome.pathways.clone(),
        }
    }
}

/// Read one family file and check it against the framework and the calendar (`today` guards
/// against future dates): the family, or its findings (positions only, never values).
pub fn read_family(
    path: &std::path::Path,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    let display = path.display().to_string();
    let file = crate::load::family::read(path, &display).map_err(|d| vec![d])?;
    crate::check::family::family(&display, file, framework, today)
}

/// A family file's text, parsed and checked as [`read_family`] does a file; `display` names it in
/// findings.
pub fn family_from_text(
    display: &str,
    text: &str,
    framework: &Framework,
    today: jiff::civil::Date,
) -> Result<crate::model::family::Family, Vec<crate::model::diagnostic::Diagnostic>> {
    let file = crate::load::family::parse(display, text).map_err(|d| vec![d])?;
    crate::check::family::family(display, file, framework, today)
}

/// What `hcp assess` made of its family files.
#[derive(Debug, Clone, Default)]
pub struct Assessed {
    /// The full report, when a single family file was asked about.
    pub report: Option<Report>,
    /// One row per family assessed, in file order, when several were (a caseload).
    pub rows: Vec<CaseRow>,
    /// The files that could not be assessed, as named.
    pub failed: Vec<String>,
    /// Why: findings with positions, never values from the files.
    pub findings: Vec<crate::model::diagnostic::Diagnostic>,
    /// How many files were read.
    pub files: usize,
}

/// Assess family files: the full report for one file asked about alone (`single`), else a
/// caseload row per file, read, checked and scored on all cores with rows in file order. A file
/// that cannot be assessed is listed in `failed` with its findings, and the rest still are.
/// `today` guards against future dates; `review_day` (the clock's date, never a pinned
/// assessment date) finds the pathways of the report that are overdue for review.
pub fn assess_files(
    lib: &Library,
    framework: &Framework,
    files: &[std::path::PathBuf],
    single: bool,
    today: jiff::civil::Date,
    review_day: Option<jiff::civil::Date>,
) -> Assessed {
    let mut assessed = Assessed {
        files: files.len(),
        ..Assessed::default()
    };
    let fail = |assessed: &mut Assessed, file: &std::path::Path, findings| {
        assessed.failed.push(file.display().to_string());
        assessed.findings.extend(findings);
    };
    if let (true, [file]) = (single, files) {
        match read_family(file, framework, today) {
            Ok(family) => assessed.report = Some(report(lib, framework, &family, review_day)),
            Err(findings) => fail(&mut assessed, file, findings),
        }
        return assessed;
    }
    // Families are independent: read, check and score them on all cores, rows in file order.
    let results = crate::load::parallel::map_ordered(files, true, |file| {
        read_family(file, framework, today).map(|family| case_row(framework, &family))
    });
    for (file, result) in files.iter().zip(results) {
        match result {
            Ok(row) => assessed.rows.push(row),
            Err(findings) => fail(&mut assessed, file, findings),
        }
    }
    assessed
}

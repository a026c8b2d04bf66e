//! The scoring: the band the observed indicators suggest, the rules that produced it, and the
//! single changes that would lower or raise it. Pure: a framework and observations in, an
//! [`Outcome`] out.

use std::collections::BTreeSet;

use super::{DimensionOutcome, Fired, FiredRule, Lowering, ObservedIndicator, Outcome, Raising};
use crate::model::Level;
use crate::model::framework::{DimensionDef, EscalationDef, Framework, IndicatorDef, Observations};
use crate::model::text::Text;

pub(super) struct Band {
    pub(super) suggested: Level,
    pub(super) fired: Vec<Fired>,
}

/// The highest observed band of each dimension with an observed need, in framework order: what
/// escalation rules count. Entitlement markers are not needs and are left out.
fn dimension_bands<'a>(fw: &'a Framework, obs: &Observations) -> Vec<(&'a DimensionDef, Level)> {
    fw.dimensions
        .iter()
        .filter_map(|dim| {
            let ids = obs.get(dim.id.as_str())?;
            let top = dim
                .indicators
                .iter()
                .filter(|i| !i.entitlement && ids.contains(i.id.as_str()))
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

pub(super) fn band_of(fw: &Framework, obs: &Observations) -> Band {
    let mut fired = Vec::new();
    let mut dim_bands: Vec<(&DimensionDef, Level)> = Vec::new();
    let mut highest: Option<(Level, Vec<&str>)> = None;
    let mut decisive: Vec<&str> = Vec::new();
    let mut assessed = 0;
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
        assessed += 1;
        // Escalation counts needs only: an entitlement marker alone leaves a dimension uncounted.
        if let Some(need) = inds.iter().filter(|i| !i.entitlement).map(|i| i.band).max() {
            dim_bands.push((dim, need));
        }
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
        fired.push(Fired {
            rule: FiredRule::HighestBand {
                indicators: ids.into_iter().map(Text::from).collect(),
                assessed,
            },
            gives: band,
        });
    }
    if !decisive.is_empty() {
        suggested = suggested.max(Level::UniversalPartnershipPlus);
        fired.push(Fired {
            rule: FiredRule::DecisiveIndicator {
                indicators: decisive.into_iter().map(Text::from).collect(),
            },
            gives: Level::UniversalPartnershipPlus,
        });
    }
    for rule in &fw.escalation {
        if let Some((counted, domains)) = escalation_fires(rule, &dim_bands) {
            suggested = suggested.max(rule.gives);
            fired.push(Fired {
                rule: FiredRule::Escalation {
                    id: rule.id.clone(),
                    band: rule.band,
                    dimensions: counted.iter().map(|d| d.id.clone()).collect(),
                    domains: domains.len(),
                    description: rule.description.clone(),
                },
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
pub(super) fn suggested_level(
    fw: &Framework,
    obs: &Observations,
    without: Option<(&str, &str)>,
) -> Level {
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
        if i.entitlement {
            continue;
        }
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
pub(super) fn score_band(fw: &Framework, obs: &Observations) -> Outcome {
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
fn lowering_changes(fw: &Framework, obs: &Observations, current: Level) -> Vec<Lowering> {
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
                out.push(Lowering::Without {
                    indicator: id.as_str().into(),
                    band: lower,
                });
            }
        }
    }
    if out.is_empty() {
        out.push(Lowering::NoSingleChange { band: current });
    }
    out
}

/// The nearest additions that would raise the band.
fn raising_changes(fw: &Framework, obs: &Observations, current: Level) -> Vec<Raising> {
    let mut out = Vec::new();
    if current == Level::Universal {
        out.push(Raising::AnyIndicatorAt(Level::UniversalPlus));
    }
    if current < Level::UniversalPartnershipPlus {
        out.push(Raising::AnyIndicatorAt(Level::UniversalPartnershipPlus));
        let dim_bands = dimension_bands(fw, obs);
        for rule in fw.escalation.iter().filter(|r| r.gives > current) {
            let (counted, domains) = counted_at(&dim_bands, rule.band);
            if let Some(min) = rule.min_dimensions {
                let need = (min as usize).saturating_sub(counted.len());
                if need > 0 {
                    out.push(Raising::MoreDimensions {
                        rule: rule.id.clone(),
                        band: rule.band,
                        need,
                        now: counted.len(),
                        min,
                    });
                }
            }
            if let Some(min) = rule.min_domains {
                let need = (min as usize).saturating_sub(domains.len());
                if need > 0 {
                    out.push(Raising::MoreDomains {
                        rule: rule.id.clone(),
                        band: rule.band,
                        need,
                        now: domains.len(),
                        min,
                    });
                }
            }
        }
    }
    out
}

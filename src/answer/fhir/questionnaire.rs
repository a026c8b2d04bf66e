//! The Assessment Triangle as a Questionnaire, and the words of hcp's own codes.

use super::*;
use crate::model::{Certainty, Kpi, TimingKind};

impl Ctx<'_> {
    pub(super) fn questionnaire(
        &self,
        framework: &crate::model::framework::Framework,
    ) -> Questionnaire {
        let item = |link_id: &str, text: &str, kind, item: Vec<Item>| Item {
            extension: Vec::new(),
            link_id: link_id.to_string(),
            code: Vec::new(),
            text: text.trim().to_string(),
            kind,
            required: false,
            item,
        };
        let mut items = vec![Item {
            required: true,
            ..item("assessment-date", "Assessment date", "date", Vec::new())
        }];
        for (domain, title) in &framework.domains {
            let dimensions = framework
                .dimensions
                .iter()
                .filter(|d| d.domain.as_str() == domain.as_str())
                .map(|d| {
                    let indicators = d
                        .indicators
                        .iter()
                        .map(|i| {
                            let mut ext = Vec::new();
                            if i.decisive {
                                ext.push(Extension::value(
                                    self.ext("decisive"),
                                    Value::Boolean(true),
                                ));
                            }
                            if i.entitlement {
                                ext.push(Extension::value(
                                    self.ext("entitlement"),
                                    Value::Boolean(true),
                                ));
                            }
                            for p in &i.pathways {
                                ext.push(Extension::value(
                                    self.ext("points-to"),
                                    Value::Canonical(self.canonical("PlanDefinition", &fhir_id(p))),
                                ));
                            }
                            Item {
                                extension: ext,
                                code: vec![self.coding("level", i.band.id(), Some(i.band.title()))],
                                ..item(&i.id, &i.text, "boolean", Vec::new())
                            }
                        })
                        .collect();
                    item(&d.id, &d.title, "group", indicators)
                })
                .collect();
            items.push(item(domain, title, "group", dimensions));
        }
        Questionnaire {
            id: "hcp-assessment-triangle".to_string(),
            meta: self.meta.clone(),
            url: self.canonical("Questionnaire", "hcp-assessment-triangle"),
            version: self.version,
            name: "HcpAssessmentTriangle".to_string(),
            title: "Assessment Triangle".to_string(),
            status: "active",
            subject_type: vec!["Patient"],
            description: "The Assessment Triangle inputs hcp assess scores: for each of the 20 \
                          dimensions in 3 domains, the indicators observed (true), each coded with \
                          the band it suggests."
                .to_string(),
            item: items,
        }
    }
}

pub(super) fn timing_definition(kind: TimingKind) -> &'static str {
    match kind {
        TimingKind::Scheduled => {
            "Due in a window or at one age; a missed one may be caught up until its catch-up-until point."
        }
        TimingKind::Ongoing => "Offered throughout its span.",
        TimingKind::IfNeeded => "Responsive: done when a need arises within its span.",
        TimingKind::Event => "Timed from an event, such as working days after a conference.",
    }
}

pub(super) fn certainty(c: Certainty) -> &'static str {
    match c {
        Certainty::Confirmed => "confirmed",
        Certainty::Partial => "partial",
        Certainty::Unverified => "unverified",
    }
}

pub(super) fn basis(b: crate::model::Basis) -> &'static str {
    match b {
        crate::model::Basis::National => "national",
        crate::model::Basis::EastOfEngland => "east-of-england",
        crate::model::Basis::LocalPractice => "local-practice",
    }
}

/// Whether a KPI is a count with no denominator (C1): its computation counts events done in the
/// period.
pub fn is_count(kpi: &Kpi) -> bool {
    kpi.compute
        .as_ref()
        .and_then(|c| c.value.cohort.as_ref())
        .and_then(|c| c.value.done_in_period.as_ref())
        .is_some_and(|d| d.value)
}

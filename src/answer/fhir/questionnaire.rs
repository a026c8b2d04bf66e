//! The Assessment Triangle as a Questionnaire, and the words of hcp's own codes.

use super::*;
use crate::load::fhir_response::link;
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
            answer_option: Vec::new(),
            item,
        };
        // The linkIds `hcp assess --from-fhir` reads (load::fhir_response), beside the
        // framework's own ids.
        let mut items = vec![
            Item {
                required: true,
                ..item(link::ASSESSMENT_DATE, "Assessment date", "date", Vec::new())
            },
            item(
                link::CHILD,
                "The child on the assessment date: answer exactly one",
                "group",
                vec![
                    item(link::DATE_OF_BIRTH, "Date of birth", "date", Vec::new()),
                    item(
                        link::AGE,
                        "Age on the assessment date (2y, 7w, 2y6m)",
                        "string",
                        Vec::new(),
                    ),
                    item(
                        link::GESTATION,
                        "Weeks of pregnancy on the assessment date (30w)",
                        "string",
                        Vec::new(),
                    ),
                    item(
                        link::EXPECTED_DATE_OF_DELIVERY,
                        "Expected date of delivery",
                        "date",
                        Vec::new(),
                    ),
                ],
            ),
        ];
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
        items.push(item(
            link::PRACTITIONER,
            "The practitioner's decision",
            "group",
            vec![
                Item {
                    answer_option: crate::model::Level::ALL
                        .into_iter()
                        .map(|l| AnswerOption {
                            value_coding: self.coding("level", l.id(), Some(l.title())),
                        })
                        .collect(),
                    ..item(
                        link::PRACTITIONER_BAND,
                        "The band decided",
                        "choice",
                        Vec::new(),
                    )
                },
                item(link::PRACTITIONER_RATIONALE, "Why", "text", Vec::new()),
            ],
        ));
        Questionnaire {
            id: "hcp-assessment-triangle".to_string(),
            meta: self.meta.clone(),
            url: self.canonical("Questionnaire", "hcp-assessment-triangle"),
            version: self.version,
            name: "HcpAssessmentTriangle".to_string(),
            title: "Assessment Triangle".to_string(),
            status: "active",
            subject_type: vec!["Patient"],
            description: "The Assessment Triangle inputs hcp assess scores: the assessment \
                          date, the child, for each of the 20 dimensions in 3 domains the \
                          indicators observed (true), each coded with the band it suggests, and \
                          the practitioner's decision. hcp assess --from-fhir reads a response's \
                          identifier.value as the family's pseudonymous reference."
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

//! PlanDefinitions and their actions, ActivityDefinitions, Measures and CodeSystems.

use super::questionnaire::*;

use super::*;
use crate::model::age::{Duration, Point, Span};
use crate::model::{Intervention, Kpi, KpiStatus, Level, Pathway, TimingKind};

impl Ctx<'_> {
    pub(super) fn ext(&self, name: &str) -> String {
        format!("{}/StructureDefinition/{name}", self.base)
    }

    pub(super) fn system(&self, name: &str) -> String {
        format!("{}/CodeSystem/{name}", self.base)
    }

    pub(super) fn canonical(&self, kind: &str, id: &str) -> String {
        format!("{}/{kind}/{id}", self.base)
    }

    pub(super) fn coding(&self, system: &str, code: &str, display: Option<&str>) -> Coding {
        Coding {
            system: self.system(system),
            code: code.to_string(),
            display: display.and_then(text),
        }
    }

    pub(super) fn identifier(&self, kind: &str, id: &str) -> Vec<Identifier> {
        vec![Identifier {
            system: format!("{}/identifier/{kind}", self.base),
            value: id.to_string(),
        }]
    }

    pub(super) fn participants(&self, iv: &Intervention) -> Vec<Participant> {
        iv.professions()
            .map(|p| Participant {
                kind: "practitioner",
                role: CodeableConcept::of(self.coding(
                    "profession",
                    p,
                    self.library.profession(p).map(|p| p.title.as_str()),
                )),
            })
            .collect()
    }

    pub(super) fn level(&self, level: Level) -> CodeableConcept {
        CodeableConcept::of(self.coding("level", level.id(), Some(level.title())))
    }

    /// The sub-extensions of one end of a window (`from` or `to`).
    pub(super) fn window_end(end: &str, point: Point) -> Extension {
        match point {
            Point::Preconception => {
                Extension::value(format!("preconception-{end}"), Value::Boolean(true))
            }
            Point::Gestation(d) => {
                Extension::value(format!("gestation-{end}"), Value::Duration(gestation(d)))
            }
            Point::Postnatal(d) => Extension::value(format!("age-{end}"), Value::Age(age(d))),
        }
    }

    /// A span wholly after birth as a `Range`; any other as the programme-window extension.
    pub(super) fn window(&self, span: Span) -> (Option<Range>, Option<Extension>) {
        match (span.from, span.to) {
            (Point::Postnatal(from), Point::Postnatal(to)) => (Some(age_range(from, to)), None),
            (from, to) => (
                None,
                Some(Extension::complex(
                    self.ext("programme-window"),
                    vec![Self::window_end("from", from), Self::window_end("to", to)],
                )),
            ),
        }
    }

    pub(super) fn citation(source: &str) -> RelatedArtifact {
        let url = source
            .split(|c: char| c.is_whitespace() || c == ';' || c == ',')
            .find(|w| w.starts_with("https://") || w.starts_with("http://"))
            .map(|w| w.trim_end_matches(['.', ')']).to_string());
        RelatedArtifact {
            kind: "citation",
            display: None,
            citation: text(source),
            url,
            resource: None,
        }
    }

    pub(super) fn action(&self, iv: &Intervention) -> Action {
        let id = fhir_id(&iv.id.value);
        let mut extension = Vec::new();
        let mut timing_range = None;
        let mut timing_age = None;
        if let Some(window) = &iv.window {
            let (range, ext) = self.window(window.span());
            timing_range = range;
            extension.extend(ext);
        } else if let Some(due) = &iv.due {
            match due.value {
                Point::Postnatal(d) => timing_age = Some(age(d)),
                point => extension.extend(
                    self.window(Span {
                        from: point,
                        to: point,
                    })
                    .1,
                ),
            }
        }
        if let Some(until) = &iv.catch_up_until {
            let sub = match until.value {
                Point::Postnatal(d) => Extension::value("age", Value::Age(age(d))),
                Point::Gestation(d) => Extension::value("gestation", Value::Duration(gestation(d))),
                Point::Preconception => Extension::value("preconception", Value::Boolean(true)),
            };
            extension.push(Extension::complex(self.ext("catch-up-until"), vec![sub]));
        }
        if let Some(rel) = &iv.relative {
            let event = &rel.after.value;
            let mut sub = vec![Extension::value(
                "event",
                Value::Coding(self.coding(
                    "event",
                    event,
                    self.library.event(event).map(|e| e.title.as_str()),
                )),
            )];
            let mut bound = |name: &str, d: Duration| match d {
                Duration::Days(n) => {
                    sub.push(Extension::value(name.to_string(), Value::Duration(age(n))))
                }
                Duration::WorkingDays(n) => sub.push(Extension::value(
                    format!("{name}-working-days"),
                    Value::Integer(n),
                )),
            };
            if let Some(earliest) = &rel.earliest {
                bound("earliest", earliest.value);
            }
            bound("latest", rel.latest.value);
            extension.push(Extension::complex(self.ext("event-relative"), sub));
        }
        if let Some(until) = &iv.until_stage {
            let title = self
                .library
                .stage(&until.value)
                .map(|(_, s)| s.title.as_str());
            extension.push(Extension::value(
                self.ext("until-stage"),
                Value::Coding(self.coding("stage", &until.value, title)),
            ));
        }
        let mut code = vec![self.level(iv.level.value)];
        for cp in &iv.core_purposes {
            let title = self
                .library
                .catalogue
                .core_purposes
                .iter()
                .find(|c| c.item.number.value == cp.value)
                .map(|c| c.item.title.as_str());
            code.push(CodeableConcept::of(self.coding(
                "core-purpose",
                &cp.value.to_string(),
                title,
            )));
        }
        if let Some(kind) = &iv.timing {
            code.push(CodeableConcept::of(self.coding(
                "timing-kind",
                kind.value.id(),
                Some(kind.value.id()),
            )));
        }
        Action {
            definition_canonical: Some(self.canonical("ActivityDefinition", &id)),
            id,
            extension,
            title: iv.title.trim().to_string(),
            code,
            timing_range,
            timing_age,
            participant: self.participants(iv),
            action: Vec::new(),
        }
    }

    pub(super) fn activity(&self, iv: &Intervention) -> ActivityDefinition {
        let id = fhir_id(&iv.id.value);
        let mut extension = vec![
            Extension::value(self.ext("certainty"), Value::Code(certainty(iv.certainty))),
            Extension::value(self.ext("basis"), Value::Code(basis(iv.basis))),
        ];
        if let Some(born) = &iv.born {
            extension.push(Extension::value(
                self.ext("born"),
                Value::Period(Period {
                    start: born.from.as_ref().map(|d| d.value.to_string()),
                    end: born.to.as_ref().map(|d| d.value.to_string()),
                }),
            ));
        }
        for kpi in &iv.kpis {
            extension.push(Extension::value(
                self.ext("kpi"),
                Value::Canonical(self.canonical("Measure", &fhir_id(&kpi.value))),
            ));
        }
        if let Some(late) = &iv.late_kpi {
            extension.push(Extension::value(
                self.ext("late-kpi"),
                Value::Canonical(self.canonical("Measure", &fhir_id(&late.value))),
            ));
        }
        ActivityDefinition {
            url: self.canonical("ActivityDefinition", &id),
            meta: self.meta.clone(),
            extension,
            identifier: self.identifier("intervention", &iv.id.value),
            version: self.version,
            name: fhir_name(&iv.id.value),
            title: iv.title.trim().to_string(),
            status: "active",
            description: iv.description.trim().to_string(),
            usage: iv.note.as_deref().and_then(text),
            effective_period: iv.offered.as_ref().map(|o| Period {
                start: o.from.as_ref().map(|d| d.value.to_string()),
                end: o.to.as_ref().map(|d| d.value.to_string()),
            }),
            related_artifact: vec![Self::citation(&iv.source.value)],
            kind: "ServiceRequest",
            code: self.level(iv.level.value),
            participant: self.participants(iv),
            id,
        }
    }

    pub(super) fn plan(&self, pathway: &Pathway, universal: Option<&str>) -> PlanDefinition {
        let id = fhir_id(&pathway.id.value);
        let mut groups = Vec::new();
        for stage in &self.library.catalogue.stages {
            let stage = &stage.item;
            let action: Vec<Action> = pathway
                .interventions
                .iter()
                .filter(|iv| iv.stage.value.as_str() == stage.id.value.as_str())
                .map(|iv| self.action(iv))
                .collect();
            if action.is_empty() {
                continue;
            }
            let (timing_range, ext) = self.window(stage.span());
            groups.push(Action {
                id: fhir_id(&format!("stage-{}", stage.id.value)),
                extension: ext.into_iter().collect(),
                title: stage.title.trim().to_string(),
                code: vec![CodeableConcept::of(self.coding(
                    "stage",
                    &stage.id.value,
                    Some(&stage.title),
                ))],
                timing_range,
                timing_age: None,
                participant: Vec::new(),
                definition_canonical: None,
                action,
            });
        }
        let mut related_artifact = vec![Self::citation(&pathway.source)];
        if let Some(universal) = universal.filter(|u| *u != pathway.id.value.as_str()) {
            related_artifact.push(RelatedArtifact {
                kind: "depends-on",
                display: Some("Builds on the Universal pathway".to_string()),
                citation: None,
                url: None,
                resource: Some(self.canonical("PlanDefinition", &fhir_id(universal))),
            });
        }
        PlanDefinition {
            url: self.canonical("PlanDefinition", &id),
            meta: self.meta.clone(),
            extension: self.window(pathway.span.span()).1.into_iter().collect(),
            identifier: self.identifier("pathway", &pathway.id.value),
            version: self.version,
            name: fhir_name(&pathway.id.value),
            title: pathway.title.trim().to_string(),
            kind: CodeableConcept::of(Coding {
                system: PLAN_TYPE.to_string(),
                code: "clinical-protocol".to_string(),
                display: Some("Clinical Protocol".to_string()),
            }),
            status: "active",
            description: pathway.summary.trim().to_string(),
            usage: pathway.note.as_deref().and_then(text),
            last_review_date: pathway.last_reviewed.as_ref().map(|d| d.value.to_string()),
            related_artifact,
            action: groups,
            id,
        }
    }

    pub(super) fn measure(&self, kpi: &Kpi) -> Measure {
        let id = fhir_id(&kpi.id.value);
        let count = is_count(kpi);
        let population = |code: &str, display: &str, words: &str| Population {
            code: CodeableConcept::of(Coding {
                system: MEASURE_POPULATION.to_string(),
                code: code.to_string(),
                display: Some(display.to_string()),
            }),
            description: words.trim().to_string(),
            criteria: Expression {
                language: "text/plain",
                expression: words.trim().to_string(),
            },
        };
        let populations = if count {
            vec![population(
                "initial-population",
                "Initial Population",
                &kpi.numerator,
            )]
        } else {
            vec![
                population("denominator", "Denominator", &kpi.denominator),
                population("numerator", "Numerator", &kpi.numerator),
            ]
        };
        let (scoring, display) = if count {
            ("cohort", "Cohort")
        } else {
            ("proportion", "Proportion")
        };
        let status = match kpi.status {
            KpiStatus::Existing => "existing",
            KpiStatus::Recommended => "recommended",
        };
        Measure {
            url: self.canonical("Measure", &id),
            meta: self.meta.clone(),
            extension: kpi
                .certainty
                .map(|c| Extension::value(self.ext("certainty"), Value::Code(certainty(c))))
                .into_iter()
                .collect(),
            identifier: self.identifier("kpi", &kpi.id.value),
            version: self.version,
            name: fhir_name(&kpi.id.value),
            title: kpi.title.trim().to_string(),
            status: "active",
            description: kpi.definition.trim().to_string(),
            topic: vec![CodeableConcept::of(self.coding(
                "kpi-status",
                status,
                Some(status),
            ))],
            related_artifact: vec![Self::citation(&kpi.source)],
            scoring: CodeableConcept::of(Coding {
                system: MEASURE_SCORING.to_string(),
                code: scoring.to_string(),
                display: Some(display.to_string()),
            }),
            group: vec![MeasureGroup {
                population: populations,
            }],
            id,
        }
    }

    pub(super) fn code_system(&self, name: &str, title: &str, description: &str) -> CodeSystem {
        let concept = |code: &str, display: &str, definition: &str| Concept {
            code: code.to_string(),
            display: display.trim().to_string(),
            definition: text(definition),
        };
        let cat = &self.library.catalogue;
        let concepts: Vec<Concept> = match name {
            "level" => Level::ALL
                .iter()
                .map(|l| {
                    let def = cat
                        .levels
                        .iter()
                        .find(|d| d.item.id.value == *l)
                        .map_or("", |d| d.item.definition.as_str());
                    concept(l.id(), l.title(), def)
                })
                .collect(),
            "core-purpose" => cat
                .core_purposes
                .iter()
                .map(|c| {
                    concept(
                        &c.item.number.value.to_string(),
                        &c.item.title,
                        &c.item.wording,
                    )
                })
                .collect(),
            "profession" => cat
                .professions
                .iter()
                .map(|p| concept(&p.item.id.value, &p.item.title, &p.item.description))
                .collect(),
            "stage" => cat
                .stages
                .iter()
                .map(|s| concept(&s.item.id.value, &s.item.title, &s.item.description))
                .collect(),
            "timing-kind" => TimingKind::ALL
                .iter()
                .map(|k| concept(k.id(), k.id(), timing_definition(*k)))
                .collect(),
            "event" => cat
                .events
                .iter()
                .map(|e| concept(&e.item.id.value, &e.item.title, &e.item.description))
                .collect(),
            _ => vec![
                concept(
                    "existing",
                    "existing",
                    "A national metric that exists today.",
                ),
                concept(
                    "recommended",
                    "recommended",
                    "A measure the pathways recommend where none exists.",
                ),
            ],
        };
        CodeSystem {
            id: format!("hcp-{name}"),
            meta: self.meta.clone(),
            url: self.system(name),
            version: self.version,
            name: fhir_name(&format!("hcp-{name}")),
            title: title.to_string(),
            status: "active",
            description: description.to_string(),
            case_sensitive: true,
            content: "complete",
            count: concepts.len(),
            concept: concepts,
        }
    }
}

//! A QuestionnaireResponse's elements mapped onto a [`FamilyFile`]: the reference from
//! `identifier.value`, the child and the assessment date from their items' answers, each
//! dimension group's indicators answered `true` as that dimension's observed indicators, and the
//! practitioner's band and rationale. What is not answered is left out, exactly as a family file
//! that does not list it: a dimension with no indicator answered `true` is not assessed (the
//! report says the assessment is incomplete), never "no concern"; "no concern" is an indicator
//! of its own (`*.no-concerns-for-age` and the like), answered `true` like any other.
//!
//! The mapping knows hcp's fixed linkIds ([`link`]) and the shape of the Questionnaire (groups
//! holding groups holding boolean indicator items), not the framework: an unknown dimension or
//! indicator is `check::family`'s to find (HCP102, HCP103), and it is never printed.

use std::collections::HashMap;

use super::walk::{Walk, link};
use super::{Json, Response};
use crate::model::diagnostic::{Code, Diagnostic};
use crate::model::family::{Child, FamilyFile, Practitioner, RedactedIdentifier};
use crate::model::span::Spanned;

/// The elements of a FHIR R4 QuestionnaireResponse (`implicitRules` and `modifierExtension` are
/// refused where they are met: they may change what the rest means).
const RESPONSE_KEYS: [&str; 20] = [
    "resourceType",
    "id",
    "meta",
    "implicitRules",
    "language",
    "text",
    "contained",
    "extension",
    "modifierExtension",
    "identifier",
    "basedOn",
    "partOf",
    "questionnaire",
    "status",
    "subject",
    "encounter",
    "authored",
    "author",
    "source",
    "item",
];
const ITEM_KEYS: [&str; 8] = [
    "id",
    "extension",
    "modifierExtension",
    "linkId",
    "definition",
    "text",
    "answer",
    "item",
];
const STATUSES: [&str; 5] = [
    "in-progress",
    "completed",
    "amended",
    "entered-in-error",
    "stopped",
];

/// Map a parsed QuestionnaireResponse onto a family file, or say every way it cannot be.
pub(super) fn response(display: &str, json: &Json) -> Result<Response, Vec<Diagnostic>> {
    let mut w = Walk {
        display,
        findings: Vec::new(),
        places: Vec::new(),
        seen: HashMap::new(),
        file: FamilyFile {
            reference: Spanned::unplaced(String::new()),
            name: None,
            nhs_number: None,
            child: Spanned::unplaced(Child::default()),
            assessment_date: None,
            dimensions: HashMap::new(),
            practitioner: None,
            done: Vec::new(),
        },
        child_at: None,
        band: None,
        rationale: None,
    };
    let Json::Object(object) = json else {
        w.refuse(
            Code::FamilyFileInvalid,
            "",
            format!(
                "not a FHIR QuestionnaireResponse: the file holds {}, not an object",
                json.kind()
            ),
            None,
        );
        return Err(w.findings);
    };
    if json.get("resourceType").and_then(Json::as_str) != Some("QuestionnaireResponse") {
        w.refuse(
            Code::FamilyFileInvalid,
            "resourceType",
            "not a FHIR QuestionnaireResponse: `resourceType` must be `QuestionnaireResponse`",
            Some("hcp assess --from-fhir reads a QuestionnaireResponse answering hcp's Assessment Triangle Questionnaire (hcp export fhir)".into()),
        );
        return Err(w.findings);
    }
    w.keys(object, "", &RESPONSE_KEYS, false);
    header(&mut w, json);
    if let Some(items) = json.get("item") {
        walk_items(&mut w, items, "item", None, 1);
    }
    let placed = |w: &Walk, what: &str| w.seen.contains_key(what);
    if !placed(&w, link::ASSESSMENT_DATE) && w.findings.is_empty() {
        w.refuse(
            Code::FamilyInvalidDate,
            "item",
            format!(
                "no answer to `{}`; hcp assess scores an assessment made on a date",
                link::ASSESSMENT_DATE
            ),
            None,
        );
    }
    let child_items = [
        link::DATE_OF_BIRTH,
        link::AGE,
        link::GESTATION,
        link::EXPECTED_DATE_OF_DELIVERY,
    ];
    if !child_items.iter().any(|l| placed(&w, l)) && w.findings.is_empty() {
        w.refuse(
            Code::FamilyInvalidDate,
            "item",
            format!(
                "no answer about the child: answer exactly one of `{}`",
                child_items.join("`, `")
            ),
            None,
        );
    }
    match (w.band.take(), w.rationale.take()) {
        (Some(band), rationale) => {
            w.file.practitioner = Some(Practitioner {
                band,
                rationale: rationale.map(|(text, _)| text),
            })
        }
        (None, Some((_, at))) => w.refuse(
            Code::FamilyFileInvalid,
            &at,
            format!(
                "a `{}` answer without a `{}` answer: a rationale is for a decided band",
                link::PRACTITIONER_RATIONALE,
                link::PRACTITIONER_BAND
            ),
            None,
        ),
        (None, None) => {}
    }
    if !w.findings.is_empty() {
        return Err(w.findings);
    }
    let child_at = w.child_at.take().unwrap_or_else(|| "item".into());
    let child = std::mem::take(&mut w.file.child.value);
    w.file.child = w.place(child, child_at);
    Ok(Response {
        file: w.file,
        places: w.places,
    })
}

/// `status`, `questionnaire`, `identifier` and `subject`.
fn header(w: &mut Walk, json: &Json) {
    match json.get("status").and_then(Json::as_str) {
        Some("entered-in-error") => w.refuse(
            Code::FamilyFileInvalid,
            "status",
            "the response's `status` is `entered-in-error`: it was withdrawn, and is not assessed",
            None,
        ),
        Some(s) if STATUSES.contains(&s) => {}
        _ => w.refuse(
            Code::FamilyFileInvalid,
            "status",
            format!("`status` must be one of `{}`", STATUSES.join("`, `")),
            None,
        ),
    }
    let questionnaire = json.get("questionnaire").and_then(Json::as_str);
    let canonical = questionnaire.map(|q| q.split('|').next().unwrap_or(q));
    let tail = format!("/Questionnaire/{}", super::QUESTIONNAIRE_ID);
    if !canonical.is_some_and(|c| c.ends_with(&tail)) {
        w.refuse(
            Code::FamilyFileInvalid,
            "questionnaire",
            format!("`questionnaire` must be the canonical URL of hcp's Assessment Triangle Questionnaire (ending `{tail}`)"),
            Some("hcp export fhir writes it; its `url` is the one to answer".into()),
        );
    }
    match json.get("identifier") {
        Some(Json::Object(identifier)) => {
            w.keys(
                identifier,
                "identifier",
                &[
                    "id",
                    "extension",
                    "use",
                    "type",
                    "system",
                    "value",
                    "period",
                    "assigner",
                ],
                false,
            );
            match identifier
                .iter()
                .find(|(k, _)| k == "value")
                .map(|(_, v)| v)
            {
                Some(Json::String(value)) => {
                    w.file.reference = w.place(value.clone(), "identifier.value".into());
                }
                _ => missing_reference(w, "identifier"),
            }
        }
        Some(other) => w.refuse(
            Code::FamilyFileInvalid,
            "identifier",
            format!(
                "`identifier` must be an object (one Identifier), not {}",
                other.kind()
            ),
            None,
        ),
        None => missing_reference(w, ""),
    }
    // Read only to refuse a reference that is the subject's own identifier or name (HCP105).
    if let Some(subject) = json.get("subject") {
        let text = |v: Option<&Json>| v.and_then(Json::as_str).map(RedactedIdentifier::from_text);
        w.file.nhs_number = text(subject.get("identifier").and_then(|i| i.get("value")));
        w.file.name = text(subject.get("display"));
    }
}

fn missing_reference(w: &mut Walk, path: &str) {
    w.refuse(
        Code::FamilyFileInvalid,
        path,
        "no `identifier.value`: hcp prints a family only by a pseudonymous reference, and takes it from the response's `identifier.value`",
        Some("set `identifier.value` to the pseudonymous reference your service assigns (such as HV-2026-0042), never an NHS number or a name".into()),
    );
}

/// The items of one list: groups walked into, answers mapped. `parent` is the linkId of the
/// group they are in.
fn walk_items(w: &mut Walk, items: &Json, path: &str, parent: Option<&str>, depth: usize) {
    let Json::Array(items) = items else {
        w.refuse(
            Code::FamilyFileInvalid,
            path,
            format!("`item` must be an array, not {}", items.kind()),
            None,
        );
        return;
    };
    if depth > super::FHIR_RESPONSE_LIMITS.depth {
        w.refuse(
            Code::FamilyFileInvalid,
            path,
            format!(
                "items nested {depth} deep; hcp's Questionnaire nests them at most {} deep",
                super::FHIR_RESPONSE_LIMITS.depth
            ),
            None,
        );
        return;
    }
    for (i, item) in items.iter().enumerate() {
        let at = format!("{path}[{i}]");
        let Json::Object(object) = item else {
            w.refuse(
                Code::FamilyFileInvalid,
                &at,
                format!("an item must be an object, not {}", item.kind()),
                None,
            );
            continue;
        };
        w.keys(object, &at, &ITEM_KEYS, false);
        let Some(link_id) = item.get("linkId").and_then(Json::as_str) else {
            w.refuse(
                Code::FamilyFileInvalid,
                &at,
                "an item without a `linkId` (a string)",
                None,
            );
            continue;
        };
        if let Some(first) = w.seen.get(link_id) {
            let message = format!(
                "an item with the same `linkId` as `{first}` (not shown); hcp's Questionnaire has no repeating items, so each is answered at most once"
            );
            w.refuse(Code::FamilyFileInvalid, &at, message, None);
            continue;
        }
        w.seen.insert(link_id.to_string(), at.clone());
        match (item.get("answer"), item.get("item")) {
            (Some(_), Some(_)) => w.refuse(
                Code::FamilyFileInvalid,
                &at,
                "an item with both `answer` and `item`; hcp's Questionnaire has groups (`item`) and questions (`answer`), never both",
                None,
            ),
            (Some(answers), None) => super::answer::answer(w, answers, &at, link_id, parent),
            (None, Some(children)) => {
                walk_items(w, children, &format!("{at}.item"), Some(link_id), depth + 1)
            }
            // Not answered: left out, as a family file that does not list it.
            (None, None) => {}
        }
    }
}

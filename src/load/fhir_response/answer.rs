//! One answered item of a QuestionnaireResponse, mapped onto the family file: the fixed items
//! (assessment date, child, practitioner) by their linkIds, any other as an indicator of the
//! dimension group it is in.

use super::Json;
use super::walk::{ANSWER_KEYS, Walk, link};
use crate::model::Level;
use crate::model::diagnostic::Code;
use crate::model::family::Observed;

/// An item's one answer: the `value[x]` element named and its value, and its path.
fn one_value<'j>(w: &mut Walk, answers: &'j Json, at: &str) -> Option<(&'j str, &'j Json, String)> {
    let list = match answers {
        Json::Array(list) => list,
        other => {
            w.refuse(
                Code::FamilyFileInvalid,
                &format!("{at}.answer"),
                format!("`answer` must be an array, not {}", other.kind()),
                None,
            );
            return None;
        }
    };
    let first = match list.as_slice() {
        [] => return None,
        [first] => first,
        [_, _, ..] => {
            w.refuse(
                Code::FamilyFileInvalid,
                &format!("{at}.answer"),
                "more than one answer; every item of hcp's Questionnaire takes one",
                None,
            );
            return None;
        }
    };
    let path = format!("{at}.answer[0]");
    let Json::Object(object) = first else {
        w.refuse(
            Code::FamilyFileInvalid,
            &path,
            format!("an answer must be an object, not {}", first.kind()),
            None,
        );
        return None;
    };
    w.keys(object, &path, &ANSWER_KEYS, true);
    if object.iter().any(|(k, _)| k == "item") {
        w.refuse(
            Code::FamilyFileInvalid,
            &format!("{path}.item"),
            "items under an answer; hcp's Questionnaire has none",
            None,
        );
        return None;
    }
    let values: Vec<&(String, Json)> = object
        .iter()
        .filter(|(k, _)| k.starts_with("value"))
        .collect();
    match values.as_slice() {
        [(key, value)] => Some((key.as_str(), value, format!("{path}.{key}"))),
        [] => {
            w.refuse(
                Code::FamilyFileInvalid,
                &path,
                "an answer without a `value[x]`",
                None,
            );
            None
        }
        _ => {
            w.refuse(
                Code::FamilyFileInvalid,
                &path,
                "an answer with more than one `value[x]`",
                None,
            );
            None
        }
    }
}

/// Map one answered item.
pub(super) fn answer(w: &mut Walk, answers: &Json, at: &str, link_id: &str, parent: Option<&str>) {
    let Some((kind, value, path)) = one_value(w, answers, at) else {
        return;
    };
    let expect = |w: &mut Walk, want: &str| -> Option<String> {
        match (kind == want, value) {
            (true, Json::String(s)) => Some(s.clone()),
            _ => {
                w.refuse(
                    Code::FamilyFileInvalid,
                    &path,
                    format!("the answer to `{link_id}` must be a `{want}` (a string)"),
                    None,
                );
                None
            }
        }
    };
    let child_field = match link_id {
        link::ASSESSMENT_DATE => {
            if let Some(date) = expect(w, "valueDate") {
                w.file.assessment_date = Some(w.place(date, path));
            }
            return;
        }
        link::DATE_OF_BIRTH | link::EXPECTED_DATE_OF_DELIVERY => expect(w, "valueDate"),
        link::AGE | link::GESTATION => expect(w, "valueString"),
        link::PRACTITIONER_BAND => {
            practitioner_band(w, kind, value, path);
            return;
        }
        link::PRACTITIONER_RATIONALE => {
            if let Some(text) = expect(w, "valueString") {
                w.rationale = Some((text, at.to_string()));
            }
            return;
        }
        _ => {
            indicator(w, kind, value, path, at, link_id, parent);
            return;
        }
    };
    let Some(written) = child_field else { return };
    w.child_at.get_or_insert_with(|| at.to_string());
    let placed = Some(w.place(written, path));
    let child = &mut w.file.child.value;
    match link_id {
        link::DATE_OF_BIRTH => child.date_of_birth = placed,
        link::AGE => child.age = placed,
        link::GESTATION => child.gestation = placed,
        _ => child.expected_date_of_delivery = placed,
    }
}

fn practitioner_band(w: &mut Walk, kind: &str, value: &Json, path: String) {
    let coding = (kind == "valueCoding").then_some(value);
    let system = coding.and_then(|c| c.get("system")).and_then(Json::as_str);
    let code = coding.and_then(|c| c.get("code")).and_then(Json::as_str);
    let band = Level::ALL.into_iter().find(|l| Some(l.id()) == code);
    match (system.is_some_and(|s| s.ends_with("/CodeSystem/level")), band) {
        (true, Some(band)) => w.band = Some(w.place(band, path)),
        _ => w.refuse(
            Code::FamilyFileInvalid,
            &path,
            format!(
                "the answer to `{}` must be a `valueCoding` of hcp's level CodeSystem (…/CodeSystem/level): `{}`",
                link::PRACTITIONER_BAND,
                Level::ALL.map(Level::id).join("`, `")
            ),
            None,
        ),
    }
}

fn indicator(
    w: &mut Walk,
    kind: &str,
    value: &Json,
    path: String,
    at: &str,
    link_id: &str,
    parent: Option<&str>,
) {
    let Some(dimension) = parent else {
        w.refuse(
            Code::FamilyUnknownIndicator,
            at,
            "an answered item outside a dimension group (not shown); an indicator is answered inside its dimension's group",
            None,
        );
        return;
    };
    let observed = match (kind, value) {
        ("valueBoolean", Json::Bool(b)) => *b,
        _ => {
            w.refuse(
                Code::FamilyFileInvalid,
                &path,
                "an indicator's answer must be a `valueBoolean` (true: observed)",
                None,
            );
            return;
        }
    };
    let group_at = at
        .rsplit_once(".item[")
        .map_or(at, |(group, _)| group)
        .to_string();
    // The group is the dimension; keyed by its linkId, placed where the group is. Only `true` is
    // observed: `false`, like no answer, records nothing.
    let existing = w
        .file
        .dimensions
        .keys()
        .find(|k| k.value == dimension)
        .cloned();
    let key = match existing {
        Some(key) => key,
        None => {
            let key = w.place(dimension.to_string(), group_at.clone());
            let observed = w.place(
                Observed {
                    indicators: Vec::new(),
                    notes: None,
                },
                group_at,
            );
            w.file.dimensions.insert(key.clone(), observed);
            key
        }
    };
    if observed {
        let id = w.place(link_id.to_string(), at.to_string());
        if let Some(o) = w.file.dimensions.get_mut(&key) {
            o.value.indicators.push(id);
        }
    }
}

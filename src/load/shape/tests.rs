use super::*;

/// `(line, column, path, message)` of each violation.
fn found(kind: SchemaKind, text: &str) -> Vec<(u64, u64, String, String)> {
    violations(kind, text)
        .into_iter()
        .map(|v| (v.line, v.column, v.path, v.message))
        .collect()
}

const INTERVENTION: &str = "\
id: x
title: X
summary: X
span: {from: birth, to: 5y}
source: Test fixture for hcp
interventions:
  - id: x.a
    title: A
    description: A
    level: universal
    timing: scheduled
    due: 8w
    stage: 6-8-weeks
    lead: health-visitor
    source: Test fixture for hcp
    basis: national
    certainty: confirmed
";

#[test]
fn a_file_that_fits_its_schema_has_no_violations() {
    assert_eq!(found(SchemaKind::Pathway, INTERVENTION), vec![]);
}

#[test]
fn every_bundled_file_fits_its_schema() {
    for (relative, text) in super::super::EMBEDDED {
        let kind = if relative.starts_with("catalogue/") {
            SchemaKind::Catalogue
        } else if relative.starts_with("assessment/") {
            SchemaKind::Assessment
        } else {
            SchemaKind::Pathway
        };
        assert_eq!(found(kind, text), vec![], "{relative}");
    }
}

#[test]
fn five_independent_mistakes_are_five_violations_each_where_it_stands() {
    let text = INTERVENTION
        .replace("    description: A\n", "    descripton: A\n")
        .replace("level: universal", "level: universal-plus-plus")
        .replace("certainty: confirmed", "certainty: confirmd")
        .replace("    source: Test fixture for hcp\n    basis", "    basis")
        .replace("title: A", "title: [A]");
    let got = found(SchemaKind::Pathway, &text);
    let at: Vec<(u64, &str)> = got.iter().map(|(l, _, p, _)| (*l, p.as_str())).collect();
    assert_eq!(
        at,
        vec![
            // Missing keys are reported where the mapping that lacks them starts.
            (7, "interventions[0]"),
            (7, "interventions[0]"),
            (8, "interventions[0].title"),
            (9, "interventions[0].descripton"),
            (10, "interventions[0].level"),
            (16, "interventions[0].certainty"),
        ],
        "{got:#?}"
    );
    let messages: Vec<&str> = got.iter().map(|(_, _, _, m)| m.as_str()).collect();
    assert!(
        messages.contains(&"missing required key `source`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"missing required key `description`"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"wrong type: found a list, expected text"),
        "{messages:?}"
    );
    assert!(
        messages.contains(&"unknown key `descripton`"),
        "{messages:?}"
    );
}

#[test]
fn an_unknown_key_and_an_unknown_word_carry_what_was_meant() {
    let text = INTERVENTION
        .replace("    lead:", "    leed:")
        .replace("certainty: confirmed", "certainty: confirmd");
    let got = violations(SchemaKind::Pathway, &text);
    let key = got
        .iter()
        .find(|v| v.path.ends_with("leed"))
        .expect("the key");
    let (input, known) = key.unknown.as_ref().expect("candidates");
    assert_eq!(input, "leed");
    assert!(known.iter().any(|k| k == "lead"), "{known:?}");
    assert_eq!((key.line, key.column), (14, 5));
    let word = got
        .iter()
        .find(|v| v.path.ends_with("certainty"))
        .expect("the value");
    let (input, known) = word.unknown.as_ref().expect("candidates");
    assert_eq!(input, "confirmd");
    assert_eq!(known, &["confirmed", "partial", "unverified"]);
    assert_eq!((word.line, word.column), (17, 16));
}

#[test]
fn an_id_of_the_wrong_type_is_reported_where_it_stands() {
    let catalogue =
        "stages:\n  - id: 7\n    title: T\n    from: birth\n    to: 2w\n    description: D\n";
    let got = found(SchemaKind::Catalogue, catalogue);
    assert!(
        got.contains(&(
            2,
            9,
            "stages[0].id".to_string(),
            "wrong type: found a whole number, expected text".to_string()
        )),
        "{got:#?}"
    );
}

#[test]
fn a_word_field_given_a_mapping_names_the_words() {
    let text = INTERVENTION.replace("timing: scheduled", "timing: {due: 8w}");
    let got = found(SchemaKind::Pathway, &text);
    assert_eq!(
        got,
        vec![(
            11,
            13,
            "interventions[0].timing".to_string(),
            "wrong type: found a mapping, expected one of `scheduled`, `ongoing`, `if-needed`, `event`"
                .to_string()
        )]
    );
}

#[test]
fn a_malformed_age_says_what_the_form_is() {
    let text = INTERVENTION.replace("due: 8w", "due: eight weeks");
    let got = violations(SchemaKind::Pathway, &text);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert!(
        got[0]
            .message
            .starts_with("invalid timeline point `eight weeks`: `e` is not a unit"),
        "{}",
        got[0].message
    );
    assert_eq!((got[0].line, got[0].column), (12, 10));
    // The parser's message names the forms itself.
    assert!(got[0].message.contains("10d, 6w"), "{}", got[0].message);
}

#[test]
fn a_timeline_point_is_refused_in_the_parsers_words_with_the_one_spelling() {
    // The first mistake is elsewhere, so the point is found by the schema check, and said as the
    // parser says it, with the canonical spelling.
    let text = INTERVENTION
        .replace("    lead:", "    leed:")
        .replace("due: 8w", "due: 8W");
    let got = violations(SchemaKind::Pathway, &text);
    let due = got
        .iter()
        .find(|v| v.path.ends_with("due"))
        .expect("the point");
    assert!(
        due.message.starts_with("invalid timeline point `8W`:")
            && due.message.contains("did you mean `8w`?"),
        "{}",
        due.message
    );
    assert_eq!(
        due.message,
        point_refused("8W", &Point::parse("8W").unwrap_err())
    );
}

#[test]
fn malformed_yaml_has_no_violations_the_parser_reports_it() {
    assert_eq!(found(SchemaKind::Pathway, "id: [unclosed\n"), vec![]);
    // An output has no input schema to check a file against.
    assert_eq!(found(SchemaKind::QueryResult, INTERVENTION), vec![]);
}

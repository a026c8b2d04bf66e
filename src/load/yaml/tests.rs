use super::*;
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Doc {
    name: String,
    #[serde(default)]
    flag: bool,
}

#[test]
fn unknown_key_has_position_and_candidates() {
    let err = from_str::<Doc>("name: x\nnmae: y\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Shape);
    assert_eq!((err.line, err.column), (2, 1));
    let (field, expected) = err.unknown.unwrap();
    assert_eq!(field, "nmae");
    assert!(expected.contains(&"name"));
}

/// A file about people: a misspelt key may be a name (`smith`), so no written key is
/// repeated, plain or not, unknown or duplicated; the did-you-mean names only the schema's keys.
#[test]
fn redacted_messages_never_repeat_a_written_key() {
    for (text, want) in [
        ("name: x\nsmith: y\n", "an unknown key (not shown)"),
        ("name: x\njane-smith: y\n", "an unknown key (not shown)"),
        (
            "name: x\nJane Smith: y\n",
            "an unknown key (not shown; is a note indented wrongly?)",
        ),
    ] {
        let err = from_str_redacted::<Doc>(text).unwrap_err();
        assert_eq!(err.message, want, "{text}");
        assert!(!err.message.to_lowercase().contains("smith"), "{text}");
    }
    for text in ["smith: y\nsmith: z\n", "Jane Smith: y\nJane Smith: z\n"] {
        let err =
            from_str_redacted::<std::collections::BTreeMap<String, String>>(text).unwrap_err();
        assert_eq!(err.message, "duplicate key (not shown)", "{text}");
    }
    let err = from_str_redacted::<Doc>("name: x\nnmae: y\n").unwrap_err();
    assert_eq!(err.message, "an unknown key (not shown)");
    assert_eq!(
        err.unknown.map(|(_, expected)| expected),
        Some(vec!["name", "flag"])
    );
    // Files that are not about people still name the key.
    assert_eq!(
        from_str::<Doc>("name: x\nsmith: y\n").unwrap_err().message,
        "unknown key `smith`"
    );
}

#[test]
fn duplicate_keys_are_refused() {
    let err = from_str::<Doc>("name: x\nname: y\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Syntax);
    assert_eq!(err.line, 2);
}

#[test]
fn yaml_1_1_booleans_are_refused() {
    assert!(from_str::<Doc>("name: x\nflag: yes\n").is_err());
}

#[test]
fn alias_bomb_is_refused() {
    let mut text = String::from("a: &a [\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\",\"x\"]\n");
    let mut prev = 'a';
    for name in ['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'] {
        let refs = vec![format!("*{prev}"); 9].join(",");
        text.push_str(&format!("{name}: &{name} [{refs}]\n"));
        prev = name;
    }
    let err = from_str::<std::collections::BTreeMap<String, serde_json::Value>>(&text).unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Budget, "{err:?}");
}

fn breach(text: &str, limits: &Limits) -> YamlError {
    parse::<serde_json::Value>(text, limits, true).unwrap_err()
}

#[test]
fn budget_breaches_are_reported_in_words() {
    let tight = Limits {
        kind: "test file",
        bytes: 1024,
        depth: 3,
        nodes: 10,
        events: 1000,
        aliases: 2,
        replayed: 100,
    };
    let deep = breach("a: [[[[x]]]]\n", &tight);
    assert_eq!(deep.kind, YamlErrorKind::Budget);
    assert_eq!(
        deep.message,
        "nested too deeply: a test file may nest at most 3 levels"
    );
    let many = breach("[1,2,3,4,5,6,7,8,9,10,11,12]\n", &tight);
    assert_eq!(
        many.message,
        "too many values: a test file may hold at most 10 keys, values and list items"
    );
    let anchors = breach("[&a 1, &b 2, &c 3]\n", &tight);
    assert_eq!(
        anchors.message,
        "too many anchors (`&name`): a test file may define at most 2"
    );
    for e in [deep, many, anchors] {
        assert!(
            !e.message.contains('{'),
            "a Rust debug value: {}",
            e.message
        );
    }
}

#[test]
fn the_parsers_recursion_limit_is_reported_as_nesting() {
    let text = format!("a: {}{}\n", "[".repeat(1000), "]".repeat(1000));
    let err = from_str_redacted::<serde_json::Value>(&text).unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Budget);
    assert!(
        err.message.starts_with("nested too deeply"),
        "{}",
        err.message
    );
}

#[test]
fn a_second_document_is_syntax_at_its_marker() {
    let err = from_str::<Doc>("name: x\n---\nname: y\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Syntax);
    assert!(err.message.starts_with("more than one YAML document"));
    assert_eq!((err.line, err.column), (2, 1));
    assert_eq!(path_at_line("name: x\n---\nname: y\n", 2), "");
}

#[test]
fn wrong_types_are_shape_errors_in_words() {
    let err = from_str::<Doc>("name: [a, b]\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Shape);
    assert_eq!(err.message, "wrong type: expected text");
    let err = from_str::<Doc>("- name: x\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Shape);
    assert_eq!(
        err.message,
        "wrong type: expected a mapping (`key: value` lines)"
    );
    let err = from_str::<Vec<u8>>("[1, word]\n").unwrap_err();
    assert_eq!(err.kind, YamlErrorKind::Shape);
    assert!(err.message.contains("a whole number"), "{}", err.message);
}

/// Every bundled file parses well inside the budgets: at most a quarter of any limit, so a
/// local variant can grow fourfold before it meets one.
#[test]
fn bundled_files_fit_the_budgets_with_room() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let quarter = |l: &Limits| Limits {
        kind: l.kind,
        bytes: l.bytes / 4,
        depth: l.depth / 4 * 3, // depth grows by structure, not volume: 3/4
        nodes: l.nodes / 4,
        events: l.events / 4,
        aliases: l.aliases / 4,
        replayed: l.replayed / 4,
    };
    let mut checked = 0;
    for (dir, limits) in [
        ("pathways", quarter(&PATHWAY_LIMITS)),
        ("pathways/catalogue", quarter(&PATHWAY_LIMITS)),
        ("pathways/assessment", quarter(&PATHWAY_LIMITS)),
        ("examples", quarter(&FAMILY_LIMITS)),
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                let text = std::fs::read_to_string(&path).unwrap();
                assert!((text.len() as u64) < limits.bytes, "{}", path.display());
                let parsed = parse::<serde_json::Value>(&text, &limits, false);
                assert!(parsed.is_ok(), "{}: {:?}", path.display(), parsed.err());
                checked += 1;
            }
        }
    }
    assert!(checked >= 25, "{checked}");
}

#[test]
fn byte_order_mark_is_ignored() {
    assert!(from_str::<Doc>("\u{feff}name: x\n").is_ok());
}

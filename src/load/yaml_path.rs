//! The data path (`interventions[3].lead`) of the block-style YAML node on a line, worked out
//! from indentation: a parse error has only a position, and a finding also names where in the
//! data it is. Family files get a redacted form that shows only the keys the family file format
//! itself defines, each where the format puts it; any other key is [`HIDDEN_KEY`].

use super::yaml::strip_bom;

/// What a redacted path shows instead of a key that a family file wrote and hcp does not show
/// (`dimensions.…`): a key the format does not define at that place may be a name or a note.
pub const HIDDEN_KEY: &str = "…";

/// The keys of a family file (docs/assessment-format.md, `model::family`), by where the format
/// puts them. A test checks them against the family file's JSON Schema.
const FAMILY_TOP: &[&str] = &[
    "reference",
    "name",
    "nhs_number",
    "child",
    "assessment_date",
    "dimensions",
    "practitioner",
    "done",
];
const FAMILY_CHILD: &[&str] = &[
    "date_of_birth",
    "age",
    "gestation",
    "expected_date_of_delivery",
];
const FAMILY_OBSERVED: &[&str] = &["indicators", "notes"];
const FAMILY_PRACTITIONER: &[&str] = &["band", "rationale"];
const FAMILY_DONE: &[&str] = &["intervention", "date", "tools", "feeding", "notes"];

/// The keys the family file format defines under the (already redacted) `parents`. The keys
/// under `dimensions` are the framework's dimension ids, which a parse error cannot check
/// (the framework is not at hand), so none of them is shown.
fn family_keys_at(parents: &[&str]) -> &'static [&'static str] {
    match parents {
        [] => FAMILY_TOP,
        ["child"] => FAMILY_CHILD,
        ["practitioner"] => FAMILY_PRACTITIONER,
        ["done"] => FAMILY_DONE,
        ["dimensions", _] => FAMILY_OBSERVED,
        _ => &[],
    }
}

/// The data path (`interventions[3].lead`) of the block-style YAML node on `line` (1-based),
/// worked out from indentation. Used for parse errors, where the parser gives only a position.
pub fn path_at_line(text: &str, line: u64) -> String {
    path_with(text, line, Keys::AsWritten)
}

/// As [`path_at_line`], for family files: a key is shown only when it is one the family file
/// format defines at that place (`child.date_of_birth`, `dimensions.….indicators[0]`); any
/// other key (a misspelt key, a dimension key, text of a note or a name that the indentation
/// made look like a key) is [`HIDDEN_KEY`]. Nothing written in the file is ever part of the path.
/// Keys with spaces or in quotes count as keys (`Jane Smith: …` is one), so the path names the
/// key on the line, not the sibling before it. (A line of a block scalar that looks like a key is
/// taken for one too, and shown as `…`.)
pub fn path_at_line_redacted(text: &str, line: u64) -> String {
    path_with(text, line, Keys::Family)
}

/// How keys are read and shown.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Keys {
    /// Pathway data: a key without spaces, shown as written (cut short).
    AsWritten,
    /// A family file: any key, shown only when the format defines it there.
    Family,
}

/// The key a block-style line starts with, if it starts with one.
fn key_of(rest: &str, keys: Keys) -> Option<&str> {
    if keys == Keys::AsWritten {
        let (key, _) = rest.split_once(':')?;
        let key = key.trim().trim_matches(|c| c == '"' || c == '\'');
        let shown =
            !key.is_empty() && !key.starts_with(['{', '[', '"', '\'']) && !key.contains(' ');
        return shown.then_some(key);
    }
    if let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) {
        let inner = &rest[1..];
        let close = inner.find(quote)?;
        inner[close + 1..].trim_start().strip_prefix(':')?;
        return Some(&inner[..close]);
    }
    if rest.starts_with(['{', '[', '#', '|', '>', '&', '*', '!', '?']) {
        return None;
    }
    let end = rest
        .find(": ")
        .or_else(|| rest.strip_suffix(':').map(str::len))?;
    Some(rest[..end].trim()).filter(|k| !k.is_empty())
}

fn path_with(text: &str, line: u64, keys: Keys) -> String {
    struct Frame {
        indent: usize,
        segment: String,
        item: bool,
        next_index: usize,
    }
    let text = strip_bom(text);
    // A document marker (`---`, `...`) belongs to no key.
    let index = usize::try_from(line.saturating_sub(1)).unwrap_or(usize::MAX);
    if text
        .lines()
        .nth(index)
        .is_some_and(|l| l.starts_with("---") || l.starts_with("..."))
    {
        return String::new();
    }
    let mut stack: Vec<Frame> = Vec::new();
    let target = usize::try_from(line).unwrap_or(usize::MAX);
    for raw in text.lines().take(target) {
        let body = raw.trim_start_matches(' ');
        if body.is_empty() || body.starts_with('#') || body.starts_with("---") {
            continue;
        }
        let mut indent = raw.len() - body.len();
        let mut rest = body;
        while let Some(after) = rest
            .strip_prefix("- ")
            .or_else(|| (rest == "-").then_some(""))
        {
            while stack
                .last()
                .is_some_and(|f| f.indent > indent || (f.indent == indent && f.item))
            {
                stack.pop();
            }
            let index = stack.last_mut().map_or(0, |parent| {
                parent.next_index += 1;
                parent.next_index - 1
            });
            stack.push(Frame {
                indent,
                segment: format!("[{index}]"),
                item: true,
                next_index: 0,
            });
            indent += 2;
            rest = after.trim_start_matches(' ');
        }
        if let Some(key) = key_of(rest, keys) {
            while stack.last().is_some_and(|f| f.indent >= indent) {
                stack.pop();
            }
            let segment = match keys {
                Keys::AsWritten => shortened(key),
                Keys::Family => {
                    let parents: Vec<&str> = stack.iter().map(|f| f.segment.as_str()).collect();
                    if family_keys_at(&parents).contains(&key) {
                        key.to_string()
                    } else {
                        HIDDEN_KEY.to_string()
                    }
                }
            };
            stack.push(Frame {
                indent,
                segment,
                item: false,
                next_index: 0,
            });
        }
    }
    let mut path = String::new();
    for frame in &stack {
        if !frame.item && !path.is_empty() {
            path.push('.');
        }
        path.push_str(&frame.segment);
    }
    path
}

/// A key as a path segment, cut short: a path names where, it does not repeat a megabyte key.
fn shortened(key: &str) -> String {
    const MAX_CHARS: usize = 64;
    match key.char_indices().nth(MAX_CHARS) {
        Some((cut, _)) => format!("{}…", &key[..cut]),
        None => key.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_at_line_follows_indentation() {
        let text = "id: x\ninterventions:\n  - id: a\n    lead: hv\n  - id: b\n    with:\n      - gp\n    lead: hv\nspan: {from: birth}\n";
        assert_eq!(path_at_line(text, 1), "id");
        assert_eq!(path_at_line(text, 4), "interventions[0].lead");
        assert_eq!(path_at_line(text, 5), "interventions[1].id");
        assert_eq!(path_at_line(text, 7), "interventions[1].with[0]");
        assert_eq!(path_at_line(text, 8), "interventions[1].lead");
        assert_eq!(path_at_line(text, 9), "span");
    }

    #[test]
    fn path_segments_are_cut_short_and_bom_free() {
        let long = "k".repeat(10_000);
        let path = path_at_line(&format!("{long}: 1\n"), 1);
        assert_eq!(path.chars().count(), 65);
        assert!(path.ends_with('…'));
        assert_eq!(path_at_line("\u{feff}idd: 1\n", 1), "idd");
    }

    const FAMILY: &str = "reference: R-1
smith: x
child:
  age: 2y
  jane-smith: 1
dimensions:
  health:
    indicators:
      - health.ok
    notes: fine
    smith: 1
  Jane Smith:
    indicators: [a]
practitioner:
  band: universal
  name: x
name:
  first: Jane
child:
  Jane Smith: 1
  \"943 476 5919\": 2
  'smith': 3
dimensions:
  housing:
    notes: |
      Jane Smith: left home
      indicators: none
    indicators: [a]
    notes: >-
      smith: x
  jane smith: 1
";

    #[test]
    fn a_family_path_shows_only_the_formats_own_keys_where_the_format_puts_them() {
        let path = |line| path_at_line_redacted(FAMILY, line);
        assert_eq!(path(1), "reference");
        assert_eq!(path(2), "…");
        assert_eq!(path(4), "child.age");
        assert_eq!(path(5), "child.…");
        assert_eq!(path(6), "dimensions");
        // Dimension keys are the framework's ids, which a parse error cannot check.
        assert_eq!(path(7), "dimensions.…");
        assert_eq!(path(9), "dimensions.….indicators[0]");
        assert_eq!(path(10), "dimensions.….notes");
        assert_eq!(path(11), "dimensions.….…");
        assert_eq!(path(12), "dimensions.…");
        assert_eq!(path(13), "dimensions.….indicators");
        assert_eq!(path(15), "practitioner.band");
        // A format key in the wrong place is not shown either.
        assert_eq!(path(16), "practitioner.…");
        assert_eq!(path(18), "name.…");
        // Keys with spaces, and quoted keys, are keys: the path names them, not their sibling.
        assert_eq!(path(20), "child.…");
        assert_eq!(path(21), "child.…");
        assert_eq!(path(22), "child.…");
        // A line of a block scalar that looks like a key is not shown either.
        assert_eq!(path(26), "dimensions.….notes.…");
        assert_eq!(path(27), "dimensions.….notes.…");
        assert_eq!(path(28), "dimensions.….indicators");
        assert_eq!(path(30), "dimensions.….notes.…");
        assert_eq!(path(31), "dimensions.…");
        for line in 1..=31 {
            let p = path(line);
            for written in ["smith", "Smith", "Jane", "first", "health", "943", "none"] {
                assert!(!p.contains(written), "line {line}: {p}");
            }
        }
        // The unredacted form is unchanged.
        assert_eq!(path_at_line(FAMILY, 11), "dimensions.health.smith");
        assert_eq!(path_at_line(FAMILY, 20), "child");
    }

    /// The tables above are the family file format: every key its JSON Schema defines, no other.
    #[test]
    fn the_family_key_tables_are_the_family_file_schema() {
        fn keys(v: &serde_json::Value, out: &mut std::collections::BTreeSet<String>) {
            match v {
                serde_json::Value::Object(map) => {
                    if let Some(serde_json::Value::Object(props)) = map.get("properties") {
                        out.extend(props.keys().cloned());
                    }
                    map.values().for_each(|v| keys(v, out));
                }
                serde_json::Value::Array(items) => items.iter().for_each(|v| keys(v, out)),
                _ => {}
            }
        }
        let schema = crate::model::schema::input_schema(crate::model::schema::SchemaKind::Family)
            .unwrap()
            .to_value();
        let mut from_schema = std::collections::BTreeSet::new();
        keys(&schema, &mut from_schema);
        let tables: std::collections::BTreeSet<String> = [
            FAMILY_TOP,
            FAMILY_CHILD,
            FAMILY_OBSERVED,
            FAMILY_PRACTITIONER,
            FAMILY_DONE,
        ]
        .concat()
        .into_iter()
        .map(String::from)
        .collect();
        assert_eq!(tables, from_schema);
    }
}

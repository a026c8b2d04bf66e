//! A YAML document as JSON with the position of every value and key, for checking it against its
//! JSON Schema: read through serde-saphyr's `Spanned` (so the budgets and strict options apply),
//! not through a second YAML parser.

use std::collections::HashMap;
use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};

/// A 1-based line and column.
pub type Position = (u64, u64);

/// A document as JSON, and where each of its values (by JSON pointer, as the validator writes
/// it) and each key (by the pointer of the value it names) stands.
#[derive(Debug, Default)]
pub struct Located {
    /// The document.
    pub value: Value,
    values: HashMap<String, Position>,
    keys: HashMap<String, Position>,
}

impl Located {
    /// Where the value at `pointer` stands (the nearest enclosing value that has a position).
    pub fn value_at(&self, pointer: &str) -> Position {
        let mut at = pointer;
        loop {
            if let Some(p) = self.values.get(at) {
                return *p;
            }
            match at.rfind('/') {
                Some(i) => at = &at[..i],
                None => return (0, 0),
            }
        }
    }

    /// Where the key that names the value at `pointer` stands (else where the value does).
    pub fn key_at(&self, pointer: &str) -> Position {
        self.keys
            .get(pointer)
            .copied()
            .unwrap_or_else(|| self.value_at(pointer))
    }

    /// The data path (`interventions[3].lead`) of a JSON pointer.
    pub fn data_path(&self, pointer: &str) -> String {
        let mut path = String::new();
        let mut node = Some(&self.value);
        for raw in pointer.split('/').skip(1) {
            let segment = raw.replace("~1", "/").replace("~0", "~");
            match node {
                Some(Value::Array(items)) => {
                    path.push_str(&format!("[{segment}]"));
                    node = segment.parse::<usize>().ok().and_then(|i| items.get(i));
                }
                _ => {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(&segment);
                    node = node.and_then(|n| n.get(&segment));
                }
            }
        }
        path
    }
}

/// Read a document (already checked by the caller to be one YAML document within budgets).
pub fn locate(text: &str, options: serde_saphyr::Options) -> Option<Located> {
    let root: serde_saphyr::Spanned<Tree> =
        serde_saphyr::from_str_with_options(text, options).ok()?;
    let mut located = Located::default();
    located.value = flatten(root, String::new(), &mut located);
    Some(located)
}

fn position(at: &serde_saphyr::Location) -> Position {
    (at.line(), at.column())
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

fn flatten(node: serde_saphyr::Spanned<Tree>, pointer: String, out: &mut Located) -> Value {
    out.values
        .insert(pointer.clone(), position(&node.referenced));
    match node.value {
        Tree::Null => Value::Null,
        Tree::Bool(b) => Value::Bool(b),
        Tree::Number(n) => Value::Number(n),
        Tree::Text(s) => Value::String(s),
        Tree::List(items) => Value::Array(
            items
                .into_iter()
                .enumerate()
                .map(|(i, item)| flatten(item, format!("{pointer}/{i}"), out))
                .collect(),
        ),
        Tree::Mapping(entries) => {
            let mut map = Map::new();
            for (key, value) in entries {
                let child = format!("{pointer}/{}", escape(&key.value.0));
                out.keys.insert(child.clone(), position(&key.referenced));
                let value = flatten(value, child, out);
                map.insert(key.value.0, value);
            }
            Value::Object(map)
        }
    }
}

/// One YAML node, its children with their positions.
enum Tree {
    Null,
    Bool(bool),
    Number(Number),
    Text(String),
    List(Vec<serde_saphyr::Spanned<Tree>>),
    Mapping(Vec<(serde_saphyr::Spanned<Key>, serde_saphyr::Spanned<Tree>)>),
}

impl<'de> Deserialize<'de> for Tree {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(TreeVisitor)
    }
}

struct TreeVisitor;

impl<'de> Visitor<'de> for TreeVisitor {
    type Value = Tree;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Tree, E> {
        Ok(Tree::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Tree, D::Error> {
        Tree::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Tree, E> {
        Ok(Tree::Bool(b))
    }
    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Tree, E> {
        Ok(Tree::Number(n.into()))
    }
    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Tree, E> {
        Ok(Tree::Number(n.into()))
    }
    fn visit_i128<E: de::Error>(self, n: i128) -> Result<Tree, E> {
        // Beyond 64 bits: kept as a float, which is still a number to the schema.
        #[allow(clippy::cast_precision_loss)]
        self.visit_f64(n as f64)
    }
    fn visit_u128<E: de::Error>(self, n: u128) -> Result<Tree, E> {
        #[allow(clippy::cast_precision_loss)]
        self.visit_f64(n as f64)
    }
    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Tree, E> {
        // NaN and infinities have no JSON form; as text they still fail a numeric schema.
        Ok(Number::from_f64(n).map_or_else(|| Tree::Text(n.to_string()), Tree::Number))
    }
    fn visit_str<E: de::Error>(self, s: &str) -> Result<Tree, E> {
        Ok(Tree::Text(s.to_string()))
    }
    fn visit_string<E: de::Error>(self, s: String) -> Result<Tree, E> {
        Ok(Tree::Text(s))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tree, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Tree::List(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Tree, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key()? {
            entries.push((key, map.next_value()?));
        }
        Ok(Tree::Mapping(entries))
    }
}

/// A mapping key as text (a number or a boolean written as a key becomes its digits or word, as
/// JSON would have it).
struct Key(String);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct KeyVisitor;
        impl Visitor<'_> for KeyVisitor {
            type Value = Key;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a key")
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Key, E> {
                Ok(Key(s.to_string()))
            }
            fn visit_bool<E: de::Error>(self, b: bool) -> Result<Key, E> {
                Ok(Key(b.to_string()))
            }
            fn visit_i64<E: de::Error>(self, n: i64) -> Result<Key, E> {
                Ok(Key(n.to_string()))
            }
            fn visit_u64<E: de::Error>(self, n: u64) -> Result<Key, E> {
                Ok(Key(n.to_string()))
            }
            fn visit_f64<E: de::Error>(self, n: f64) -> Result<Key, E> {
                Ok(Key(n.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Key, E> {
                Ok(Key("null".to_string()))
            }
        }
        deserializer.deserialize_any(KeyVisitor)
    }
}

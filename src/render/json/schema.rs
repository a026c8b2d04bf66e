//! The JSON Schemas of hcp's JSON outputs, generated from the view types the outputs are written
//! from (so they cannot drift), then tightened: an optional field is never null, and `version`,
//! `tool` and `command` are constants.

use super::*;

/// The JSON Schema of an output (an input kind gives an empty schema: `model::schema` has
/// those). Generated from the view types the outputs are written from, so it cannot drift.
pub(in crate::render) fn output_schema(kind: SchemaKind) -> schemars::Schema {
    type E<T> = Envelope<'static, T>;
    let generator = crate::model::schema::settings(kind).into_generator();
    let schema = match kind {
        SchemaKind::QueryResult => generator.into_root_schema_for::<E<Answered<'static>>>(),
        SchemaKind::ShowResult => generator.into_root_schema_for::<E<ShownView<'static>>>(),
        SchemaKind::ListResult => generator.into_root_schema_for::<E<Listed<'static>>>(),
        SchemaKind::ValidateResult => generator.into_root_schema_for::<E<Validated<'static>>>(),
        SchemaKind::DiffResult => generator.into_root_schema_for::<E<Compared<'static>>>(),
        SchemaKind::AssessResult | SchemaKind::AssessLine => assess::schema(kind, generator),
        SchemaKind::ScheduleResult => schedule::schema(generator),
        SchemaKind::KpiResult => kpi::schema(generator),
        SchemaKind::Pathway
        | SchemaKind::Catalogue
        | SchemaKind::Assessment
        | SchemaKind::Family => schemars::Schema::default(),
    };
    let mut value = schema.to_value();
    tighten(&mut value, kind);
    schemars::Schema::try_from(value).unwrap_or_default()
}

/// What the types' derived schemas cannot say: an optional field is left out when empty and is
/// never null (`docs/json.md`), so a property that is not required is not nullable either; and an
/// envelope's `version`, `tool` and `command` are constants.
fn tighten(value: &mut Value, kind: SchemaKind) {
    match value {
        Value::Object(map) => {
            let required: Vec<String> = map
                .get("required")
                .and_then(Value::as_array)
                .map(|r| {
                    r.iter()
                        .filter_map(|v| v.as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default();
            if let Some(Value::Object(properties)) = map.get_mut("properties") {
                for (name, property) in properties.iter_mut() {
                    if !required.contains(name) {
                        never_null(property);
                    }
                }
                if ["version", "tool", "command"]
                    .iter()
                    .all(|k| properties.contains_key(*k))
                {
                    let command = kind.name().trim_end_matches("-result");
                    properties.insert(
                        "version".into(),
                        serde_json::json!({ "const": JSON_VERSION }),
                    );
                    properties.insert("tool".into(), serde_json::json!({ "const": "hcp" }));
                    properties.insert("command".into(), serde_json::json!({ "const": command }));
                }
            }
            map.values_mut().for_each(|v| tighten(v, kind));
        }
        Value::Array(items) => items.iter_mut().for_each(|v| tighten(v, kind)),
        _ => {}
    }
}

/// A property schema without its `null`: `{"type": ["string", "null"]}` becomes
/// `{"type": "string"}`, `{"anyOf": [X, {"type": "null"}]}` becomes X.
fn never_null(property: &mut Value) {
    let Value::Object(map) = property else { return };
    if let Some(Value::Array(types)) = map.get_mut("type") {
        types.retain(|t| t != "null");
        if types.len() == 1 {
            let only = types[0].clone();
            map.insert("type".into(), only);
        }
    }
    let null = serde_json::json!({ "type": "null" });
    if let Some(Value::Array(any)) = map.get("anyOf")
        && any.contains(&null)
    {
        let mut rest: Vec<Value> = any.iter().filter(|v| **v != null).cloned().collect();
        map.remove("anyOf");
        if rest.len() == 1 {
            if let Value::Object(only) = rest.remove(0) {
                for (k, v) in only {
                    map.insert(k, v);
                }
            }
        } else {
            map.insert("anyOf".into(), Value::Array(rest));
        }
    }
}

//! JSON Schemas (draft-07, the newest yaml-language-server supports) generated from the Rust
//! types: of the input files, for editor completion and hover help and for external validators
//! such as check-jsonschema (`hcp validate` remains the authority: it also checks meaning —
//! references, windows, rules — that a schema cannot express); and of the JSON outputs, generated
//! from the view types in `render::json` (`render::schema`).

use schemars::Schema;
use schemars::generate::SchemaSettings;

/// Which file kind or output to describe (the doc line of each is its `--help` text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaKind {
    /// A pathway file (pathways/<id>.yaml).
    Pathway,
    /// A catalogue file (pathways/catalogue/*.yaml).
    Catalogue,
    /// An assessment framework file (pathways/assessment/*.yaml).
    Assessment,
    /// A family file (hcp assess).
    Family,
    /// The output of hcp query --format json.
    QueryResult,
    /// The output of hcp show --format json.
    ShowResult,
    /// The output of hcp list --format json.
    ListResult,
    /// The output of hcp validate --format json.
    ValidateResult,
    /// The output of hcp assess --format json (one family, or a caseload).
    AssessResult,
    /// One line of hcp assess --format jsonl (a family, or a file that failed).
    AssessLine,
    /// The output of hcp diff --format json.
    DiffResult,
    /// The output of hcp schedule --format json (one child's schedule, or a worklist).
    ScheduleResult,
    /// The output of hcp kpi --format json.
    KpiResult,
}

impl SchemaKind {
    /// Every kind, in order.
    pub const ALL: [SchemaKind; 13] = [
        SchemaKind::Pathway,
        SchemaKind::Catalogue,
        SchemaKind::Assessment,
        SchemaKind::Family,
        SchemaKind::QueryResult,
        SchemaKind::ShowResult,
        SchemaKind::ListResult,
        SchemaKind::ValidateResult,
        SchemaKind::AssessResult,
        SchemaKind::AssessLine,
        SchemaKind::DiffResult,
        SchemaKind::ScheduleResult,
        SchemaKind::KpiResult,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Pathway => "pathway",
            SchemaKind::Catalogue => "catalogue",
            SchemaKind::Assessment => "assessment",
            SchemaKind::Family => "family",
            SchemaKind::QueryResult => "query-result",
            SchemaKind::ShowResult => "show-result",
            SchemaKind::ListResult => "list-result",
            SchemaKind::ValidateResult => "validate-result",
            SchemaKind::AssessResult => "assess-result",
            SchemaKind::AssessLine => "assess-line",
            SchemaKind::DiffResult => "diff-result",
            SchemaKind::ScheduleResult => "schedule-result",
            SchemaKind::KpiResult => "kpi-result",
        }
    }

    /// Whether it describes an output (else an input file).
    pub fn is_output(self) -> bool {
        !matches!(
            self,
            SchemaKind::Pathway
                | SchemaKind::Catalogue
                | SchemaKind::Assessment
                | SchemaKind::Family
        )
    }

    /// The shipped file name, e.g. `pathway.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }

    /// Where it is shipped, relative to the repository: `schemas/pathway.schema.json`,
    /// `schemas/output/query-result.schema.json`.
    pub fn shipped_path(self) -> String {
        if self.is_output() {
            format!("schemas/output/{}", self.file_name())
        } else {
            format!("schemas/{}", self.file_name())
        }
    }
}

/// The settings every schema is generated with: draft-07; for an output, the shape the types
/// serialize to (a field left out when empty is not required).
pub fn settings(kind: SchemaKind) -> SchemaSettings {
    let settings = SchemaSettings::draft07();
    if kind.is_output() {
        settings.for_serialize()
    } else {
        settings
    }
}

/// The JSON Schema of an input file kind (None for an output: `render::schema` has those), with
/// each property's own words where an editor shows them ([`OwnWords`]).
pub fn input_schema(kind: SchemaKind) -> Option<Schema> {
    let generator = settings(kind).into_generator();
    let mut schema = match kind {
        SchemaKind::Pathway => generator.into_root_schema_for::<crate::model::Pathway>(),
        SchemaKind::Catalogue => generator.into_root_schema_for::<crate::model::CatalogueFile>(),
        SchemaKind::Assessment => {
            generator.into_root_schema_for::<crate::model::framework::AssessmentFile>()
        }
        SchemaKind::Family => generator.into_root_schema_for::<crate::model::family::FamilyFile>(),
        _ => return None,
    };
    OwnWords.transform(&mut schema);
    Some(schema)
}

/// A schema as shipped: pretty-printed, ending in a newline. It has no `$id`: the project has no
/// address of its own to give (a made-up one only makes editors try to fetch it), so a schema is
/// found by path (the modeline each YAML file carries, or an editor's `yaml.schemas` setting).
pub fn finish(_kind: SchemaKind, schema: Schema) -> String {
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// Rewrites an input schema so that an editor shows each property's own words (issue #23).
///
/// yaml-language-server (what VS Code's YAML extension runs) builds a hover from the first
/// matching schema with a description, deepest first: the definition a property refers to
/// (`Point`: "A point on the programme timeline"), or the `oneOf` branch of the value written
/// (`east-of-england`: "The East of England Best Practice Pathways."), comes before the
/// property's own words ("What the content rests on."), even when the `$ref` is wrapped in
/// `allOf` beside the description as draft-07 needs. So, in every schema of the input files:
///
/// * a `$ref` with siblings is wrapped in `allOf: [{$ref}]` (draft-07 ignores a `$ref`'s
///   siblings);
/// * a property that refers to a definition gets a `markdownDescription`: its own description,
///   then the definition's words (what a point or a date is, with examples); the definition
///   keeps its words only as a `$comment`, so nothing deeper outshines the property;
/// * a `oneOf` of constants with a description each (`Basis`, `Level`, …) becomes an `enum`
///   with `enumDescriptions` and `markdownEnumDescriptions`: the same values, described in
///   completion and in hover's list of allowed values;
/// * a property's `markdownDescription` always starts with its own description.
#[derive(Debug, Clone, Copy)]
pub struct OwnWords;

impl schemars::transform::Transform for OwnWords {
    fn transform(&mut self, schema: &mut Schema) {
        let Some(root) = schema.as_object_mut() else {
            return;
        };
        let mut definitions = root
            .remove("definitions")
            .and_then(|d| match d {
                Value::Object(map) => Some(map),
                _ => None,
            })
            .unwrap_or_default();
        let mut used = Vec::new();
        own_words(root, &definitions, &mut used);
        let names: Vec<String> = definitions.keys().cloned().collect();
        for name in names {
            let Some(Value::Object(mut definition)) = definitions.remove(&name) else {
                continue;
            };
            own_words(&mut definition, &definitions, &mut used);
            definitions.insert(name, Value::Object(definition));
        }
        for (name, definition) in definitions.iter_mut() {
            let Some(definition) = definition.as_object_mut() else {
                continue;
            };
            constants_as_enum(definition);
            if used.contains(name) {
                definition.remove("markdownDescription");
                if let Some(words) = definition.remove("description") {
                    definition.insert("$comment".into(), words);
                }
            }
        }
        if !definitions.is_empty() {
            root.insert("definitions".into(), Value::Object(definitions));
        }
    }
}

use schemars::transform::Transform;
use serde_json::{Map, Value};

/// The definition a property's schema refers to: `{$ref}`, `{allOf: [{$ref}]}`, or
/// `{anyOf: [{$ref}, {type: null}]}` (an optional value).
fn referred(property: &Map<String, Value>) -> Option<String> {
    let name = |v: &Value| {
        v.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix("#/definitions/"))
            .map(String::from)
    };
    if let Some(n) = name(&Value::Object(property.clone())) {
        return Some(n);
    }
    for key in ["allOf", "anyOf"] {
        if let Some(Value::Array(items)) = property.get(key) {
            let refs: Vec<String> = items.iter().filter_map(name).collect();
            let rest_null = items
                .iter()
                .all(|i| name(i).is_some() || i.get("type") == Some(&Value::from("null")));
            if refs.len() == 1 && rest_null {
                return refs.into_iter().next();
            }
        }
    }
    None
}

/// The rewriting of one object schema's properties (see [`OwnWords`]), recording in `used` the
/// definitions whose words moved into a property.
fn own_words(
    schema: &mut Map<String, Value>,
    definitions: &Map<String, Value>,
    used: &mut Vec<String>,
) {
    let Some(Value::Object(properties)) = schema.get_mut("properties") else {
        return;
    };
    for property in properties.values_mut() {
        let Some(property) = property.as_object_mut() else {
            continue;
        };
        // An optional value's `null` branch gets words of its own: yaml-language-server counts
        // two branches without a title or description as "all matched" and shows a hover of
        // both (`Pathway || Pathway`) instead of the property's words.
        if let Some(Value::Array(branches)) = property.get_mut("anyOf") {
            for branch in branches.iter_mut() {
                if let Some(null) = branch.as_object_mut()
                    && null.len() == 1
                    && null.get("type") == Some(&Value::from("null"))
                {
                    null.insert(
                        "description".into(),
                        "Empty: the same as leaving the key out.".into(),
                    );
                }
            }
        }
        if property.contains_key("$ref") && property.len() > 1 {
            let reference = property.remove("$ref").unwrap_or_default();
            property.insert("allOf".into(), serde_json::json!([{ "$ref": reference }]));
        }
        let Some(own) = property
            .get("description")
            .and_then(Value::as_str)
            .map(String::from)
        else {
            continue;
        };
        let deeper = referred(property).and_then(|name| {
            let definition = definitions.get(&name)?;
            let words = definition
                .get("markdownDescription")
                .or_else(|| definition.get("description"))?
                .as_str()?
                .to_string();
            if !used.contains(&name) {
                used.push(name);
            }
            Some(words)
        });
        let markdown = match (
            deeper,
            property.get("markdownDescription").and_then(Value::as_str),
        ) {
            (Some(words), _) => Some(format!("{own}\n\n{words}")),
            (None, Some(md)) if !md.starts_with(&own) => Some(format!("{own}\n\n{md}")),
            _ => None,
        };
        if let Some(markdown) = markdown {
            property.insert("markdownDescription".into(), markdown.into());
        }
    }
}

/// `oneOf: [{description, type: string, const | enum}, …]` as one `enum` with the descriptions
/// beside it (`enumDescriptions`, `markdownEnumDescriptions`), when every branch is a string
/// constant or list of them.
fn constants_as_enum(definition: &mut Map<String, Value>) {
    let Some(Value::Array(branches)) = definition.get("oneOf") else {
        return;
    };
    let mut values = Vec::new();
    let mut words = Vec::new();
    for branch in branches {
        let Some(branch) = branch.as_object() else {
            return;
        };
        let plain = branch
            .keys()
            .all(|k| matches!(k.as_str(), "description" | "type" | "const" | "enum"));
        if !plain || branch.get("type") != Some(&Value::from("string")) {
            return;
        }
        let description = branch.get("description").cloned().unwrap_or_default();
        let constants: Vec<Value> = match (branch.get("const"), branch.get("enum")) {
            (Some(c), None) => vec![c.clone()],
            (None, Some(Value::Array(e))) => e.clone(),
            _ => return,
        };
        for constant in constants {
            values.push(constant);
            words.push(description.clone());
        }
    }
    definition.remove("oneOf");
    definition.insert("type".into(), "string".into());
    definition.insert("enum".into(), values.into());
    definition.insert("enumDescriptions".into(), words.clone().into());
    definition.insert("markdownEnumDescriptions".into(), words.into());
}

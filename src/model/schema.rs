//! JSON Schemas (draft-07, the newest yaml-language-server supports) generated from the Rust
//! types, for editor completion and hover help and for external validators such as
//! check-jsonschema. `hcp validate` remains the authority: it also checks meaning (references,
//! windows, rules) that a schema cannot express.

use schemars::generate::SchemaSettings;

/// Which file kind to describe (the doc line of each is its `--help` text).
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
}

impl SchemaKind {
    /// Every kind, in order.
    pub const ALL: [SchemaKind; 4] = [
        SchemaKind::Pathway,
        SchemaKind::Catalogue,
        SchemaKind::Assessment,
        SchemaKind::Family,
    ];

    /// The name used on the command line and in file names.
    pub fn name(self) -> &'static str {
        match self {
            SchemaKind::Pathway => "pathway",
            SchemaKind::Catalogue => "catalogue",
            SchemaKind::Assessment => "assessment",
            SchemaKind::Family => "family",
        }
    }

    /// The shipped file name, e.g. `pathway.schema.json`.
    pub fn file_name(self) -> String {
        format!("{}.schema.json", self.name())
    }
}

/// The JSON Schema of a file kind, pretty-printed, ending in a newline.
pub fn schema(kind: SchemaKind) -> String {
    let generator = SchemaSettings::draft07().into_generator();
    let mut schema = match kind {
        SchemaKind::Pathway => generator.into_root_schema_for::<crate::model::Pathway>(),
        SchemaKind::Catalogue => generator.into_root_schema_for::<crate::model::CatalogueFile>(),
        SchemaKind::Assessment => {
            generator.into_root_schema_for::<crate::model::framework::AssessmentFile>()
        }
        SchemaKind::Family => generator.into_root_schema_for::<crate::model::family::FamilyFile>(),
    };
    schema.insert(
        "$id".into(),
        format!("https://hcp.invalid/schemas/{}", kind.file_name()).into(),
    );
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

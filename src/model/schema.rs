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
}

impl SchemaKind {
    /// Every kind, in order.
    pub const ALL: [SchemaKind; 11] = [
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

/// The JSON Schema of an input file kind (None for an output: `render::schema` has those).
pub fn input_schema(kind: SchemaKind) -> Option<Schema> {
    let generator = settings(kind).into_generator();
    Some(match kind {
        SchemaKind::Pathway => generator.into_root_schema_for::<crate::model::Pathway>(),
        SchemaKind::Catalogue => generator.into_root_schema_for::<crate::model::CatalogueFile>(),
        SchemaKind::Assessment => {
            generator.into_root_schema_for::<crate::model::framework::AssessmentFile>()
        }
        SchemaKind::Family => generator.into_root_schema_for::<crate::model::family::FamilyFile>(),
        _ => return None,
    })
}

/// A schema as shipped: with its `$id`, pretty-printed, ending in a newline.
pub fn finish(kind: SchemaKind, mut schema: Schema) -> String {
    let id = if kind.is_output() {
        format!("https://hcp.invalid/schemas/output/{}", kind.file_name())
    } else {
        format!("https://hcp.invalid/schemas/{}", kind.file_name())
    };
    schema.insert("$id".into(), id.into());
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

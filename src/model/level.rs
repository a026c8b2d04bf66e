//! The three levels of service (Universal, Universal Plus, Universal Partnership Plus): how data
//! files, the command line and the schemas write them, and their titles.

use std::fmt;

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// A service level (the "4-5-6" levels a family's need is met at).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Level {
    /// The programme for every family.
    #[serde(alias = "U", alias = "u")]
    Universal,
    /// Rapid, specific help from the health visiting team.
    #[serde(alias = "U+", alias = "u+")]
    UniversalPlus,
    /// Ongoing multi-agency support for complex needs.
    #[serde(alias = "UPP", alias = "upp")]
    UniversalPartnershipPlus,
}

/// Each level's id, or the short form every table prints (`U`, `U+`, `UPP`, in either case), as
/// files may write it (serde's aliases above); hcp writes the id.
impl JsonSchema for Level {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Level".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A service level (the \"4-5-6\" levels a family's need is met at): its id, or the short form tables print (U, U+, UPP, in either case).",
            "oneOf": [
                {
                    "description": "The programme for every family.",
                    "type": "string",
                    "enum": ["universal", "U", "u"]
                },
                {
                    "description": "Rapid, specific help from the health visiting team.",
                    "type": "string",
                    "enum": ["universal-plus", "U+", "u+"]
                },
                {
                    "description": "Ongoing multi-agency support for complex needs.",
                    "type": "string",
                    "enum": ["universal-partnership-plus", "UPP", "upp"]
                }
            ]
        })
    }
}

/// `--level` on the command line: the level's id, with its title as help, and the short forms
/// every table prints (`U`, `U+`, `UPP`, in either case) as aliases.
impl clap::ValueEnum for Level {
    fn value_variants<'a>() -> &'a [Self] {
        &Level::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        let short: &[&'static str] = match self {
            Level::Universal => &["U", "u"],
            Level::UniversalPlus => &["U+", "u+"],
            Level::UniversalPartnershipPlus => &["UPP", "upp"],
        };
        Some(
            clap::builder::PossibleValue::new(self.id())
                .help(self.title())
                .aliases(short.iter().copied()),
        )
    }
}

impl Level {
    /// All levels, lowest first.
    pub const ALL: [Level; 3] = [
        Level::Universal,
        Level::UniversalPlus,
        Level::UniversalPartnershipPlus,
    ];

    /// The id used in data and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Level::Universal => "universal",
            Level::UniversalPlus => "universal-plus",
            Level::UniversalPartnershipPlus => "universal-partnership-plus",
        }
    }

    /// The name practitioners use.
    pub fn title(self) -> &'static str {
        match self {
            Level::Universal => "Universal",
            Level::UniversalPlus => "Universal Plus",
            Level::UniversalPartnershipPlus => "Universal Partnership Plus",
        }
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.title())
    }
}

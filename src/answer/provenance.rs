//! Provenance: what every output says about where it came from (H33 in the hazard log): the hcp
//! version, the pathway set that answered (bundled, with its review dates; or a directory, with a
//! content hash) and the date the answer is as of. JSON envelopes carry it as `provenance`,
//! Markdown reports in a footer, SARIF runs in `properties`.

use serde::Serialize;

use crate::load::PathwaySource;
use crate::load::digest::set_hash;
use crate::model::library::Library;

/// Where an output came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Provenance {
    /// hcp's version (`CARGO_PKG_VERSION`).
    pub hcp_version: &'static str,
    /// The pathway set that answered.
    pub pathway_set: SetIdentity,
    /// The date the answer is as of (YYYY-MM-DD): `--today` where the command takes it, else the
    /// clock's date; left out when the clock is out of range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<String>,
}

/// Which pathway set answered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct SetIdentity {
    /// `bundled` (the copy compiled into hcp) or `directory`.
    pub source: &'static str,
    /// The directory, as given (left out for the bundled set).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// SHA-256 over the set's files (their paths relative to the set and their bytes, sorted by
    /// path; [`set_hash`]); left out for the bundled set, which the hcp version identifies.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    /// The earliest `last_reviewed` among its pathways (YYYY-MM-DD), if any records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_reviewed: Option<String>,
    /// The earliest `next_review` among its pathways (YYYY-MM-DD), if any records one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next_review: Option<String>,
}

impl Provenance {
    /// The provenance of an answer from `library`, read from `source`, as of `as_of`.
    pub fn new(
        source: &PathwaySource,
        library: &Library,
        as_of: Option<jiff::civil::Date>,
    ) -> Self {
        Provenance {
            hcp_version: env!("CARGO_PKG_VERSION"),
            pathway_set: SetIdentity::new(source, library),
            as_of: as_of.map(|d| d.to_string()),
        }
    }
}

impl SetIdentity {
    /// The identity of `library`, read from `source`.
    pub fn new(source: &PathwaySource, library: &Library) -> Self {
        let earliest = |date: fn(&crate::model::Pathway) -> Option<jiff::civil::Date>| {
            library
                .pathways
                .iter()
                .filter_map(|(_, p)| date(p))
                .min()
                .map(|d| d.to_string())
        };
        let last_reviewed = earliest(|p| p.last_reviewed.as_ref().map(|d| d.value.0));
        let next_review = earliest(|p| p.next_review.as_ref().map(|d| d.value.0));
        match source {
            PathwaySource::Bundled => SetIdentity {
                source: "bundled",
                path: None,
                sha256: None,
                last_reviewed,
                next_review,
            },
            PathwaySource::Directory(dir) => SetIdentity {
                source: "directory",
                path: Some(dir.display().to_string()),
                sha256: Some(set_hash(
                    library
                        .files
                        .iter()
                        .map(|f| (f.relative.as_str(), f.text.as_bytes())),
                )),
                last_reviewed,
                next_review,
            },
        }
    }
}

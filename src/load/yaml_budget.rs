// Included by src/yaml.rs and by build.rs (`include!`), so the bundled data is converted at build
// time under exactly the limits and options it is parsed with at run time. Not a module of its own.

/// The budgets one kind of file is parsed under, set from the size of the real files (see
/// docs/reliability.md): generous enough for local variants to grow several-fold, tight enough
/// that a hostile or corrupt file is refused in milliseconds with bounded memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// What the file is, in the messages ("pathway file", "family file").
    pub kind: &'static str,
    /// The largest file read at all (checked before parsing).
    pub bytes: u64,
    /// Nested mappings and lists.
    pub depth: usize,
    /// Keys, values and list items.
    pub nodes: usize,
    /// Parser events (nodes plus ends of mappings and lists).
    pub events: usize,
    /// Anchors (`&name`) and, separately, aliases (`*name`).
    pub aliases: usize,
    /// Events replayed through aliases in total.
    pub replayed: usize,
}

/// Pathway, catalogue and framework files. The largest bundled file (the assessment framework)
/// is 119,590 bytes, 3,361 nodes and 8 levels deep, with no aliases.
pub const PATHWAY_LIMITS: Limits = Limits {
    kind: "pathway file",
    bytes: 1024 * 1024,
    depth: 12,
    nodes: 32_000,
    events: 64_000,
    aliases: 64,
    replayed: 2_000,
};

/// Family files. The largest example is 2,582 bytes, 123 nodes and 4 levels deep; every
/// indicator of the framework listed at once is about 250 nodes.
pub const FAMILY_LIMITS: Limits = Limits {
    kind: "family file",
    bytes: 64 * 1024,
    depth: 8,
    nodes: 1_500,
    events: 3_000,
    aliases: 16,
    replayed: 200,
};

/// hcp's strict parser options under `limits`.
fn options(limits: &Limits) -> serde_saphyr::Options {
    let bytes = usize::try_from(limits.bytes).unwrap_or(usize::MAX);
    serde_saphyr::options! {
        strict_booleans: true,
        duplicate_keys: serde_saphyr::DuplicateKeyPolicy::Error,
        with_snippet: false,
        budget: serde_saphyr::budget! {
            max_reader_input_bytes: Some(bytes),
            max_depth: limits.depth,
            max_nodes: limits.nodes,
            max_events: limits.events,
            max_aliases: limits.aliases,
            max_anchors: limits.aliases,
            // Two, so a second document is reported in words ("more than one YAML document")
            // by the single-document entry point rather than as a budget breach.
            max_documents: 2,
            max_total_scalar_bytes: bytes,
        },
        alias_limits: serde_saphyr::alias_limits! {
            max_total_replayed_events: limits.replayed,
            max_alias_expansions_per_anchor: limits.aliases,
        },
    }
}

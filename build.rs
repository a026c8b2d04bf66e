//! Embeds the bundled `pathways/` data into the binary so `hcp` works from any directory.
//!
//! Each file is embedded twice: as its YAML text (for `--pathways`-like loading, exact findings and
//! source excerpts) and, where it parses, converted here, at build time, to MessagePack. All the
//! MessagePack forms sit in one blob (`PREBUILT_DATA`), each file a range of it. Reading the model
//! from it takes well under a millisecond where parsing the YAML takes most of a command's
//! start-up, and because MessagePack strings are stored unescaped with their lengths, the model's
//! text can borrow from the blob instead of being copied onto the heap (`model::Text`).
//! `load::load_prebuilt` uses the blob, and `hcp::validate` falls back to the YAML whenever the
//! prebuilt form does not give a clean set. A file that does not parse here is simply embedded
//! without a prebuilt form: the build never fails because of the data.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    println!("cargo:rerun-if-changed=pathways");
    println!("cargo:rerun-if-changed=src/load/yaml_budget.rs");
    println!("cargo:rerun-if-changed=src/model/hazardous.rs");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut embedded = String::from(
        "/// The bundled pathway files: (path relative to `pathways/`, contents).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    let mut prebuilt = String::from(
        "/// The bundled pathway files: (path, YAML, the byte range of `PREBUILT_DATA` holding the\n/// file converted to MessagePack at build time).\nstatic PREBUILT: &[(&str, &str, PrebuiltRange)] = &[\n",
    );
    let mut blob = Vec::new();
    for rel in &files {
        let abs = root.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        let yaml = format!("include_str!({:?})", abs.display().to_string());
        embedded.push_str(&format!("    ({rel:?}, {yaml}),\n"));
        let range = fs::read_to_string(&abs)
            .ok()
            .and_then(|text| to_msgpack(&text))
            .map(|bytes| {
                let start = blob.len();
                blob.extend_from_slice(&bytes);
                format!("Some(({start}, {}))", blob.len())
            })
            .unwrap_or_else(|| "None".to_string());
        prebuilt.push_str(&format!("    ({rel:?}, {yaml}, {range}),\n"));
    }
    embedded.push_str("];\n");
    prebuilt.push_str("];\n");
    let blob_path = Path::new(&out_dir).join("prebuilt.msgpack");
    fs::write(&blob_path, &blob).expect("OUT_DIR is writable");
    prebuilt.push_str(&format!(
        "\n/// Every bundled file's MessagePack form, one after another.\nstatic PREBUILT_DATA: &[u8] = include_bytes!({:?});\n",
        blob_path.display().to_string()
    ));
    let dest = Path::new(&out_dir).join("embedded.rs");
    fs::write(dest, embedded + "\n" + &prebuilt).expect("OUT_DIR is writable");
}

/// The limits and options `src/yaml.rs` parses pathway data with, word for word.
#[allow(dead_code)]
mod budget {
    include!("src/load/yaml_budget.rs");

    pub fn pathway_options() -> serde_saphyr::Options {
        let mut options = options(&PATHWAY_LIMITS);
        // The prebuilt form keeps no tags, so a tagged value (`level: !x universal`) gets none,
        // and the run-time YAML parse decides about it.
        options.reject_unsupported_tags = true;
        options
    }
}

/// The characters HCP028 refuses, word for word.
mod hazardous {
    include!("src/model/hazardous.rs");
}

/// Whether any string in `value` (a key or a value) holds a character HCP028 refuses.
fn holds_hazardous(value: &serde_json::Value) -> bool {
    use serde_json::Value;
    let bad = |s: &str| s.chars().any(hazardous::is_hazardous);
    match value {
        Value::String(s) => bad(s),
        Value::Array(items) => items.iter().any(holds_hazardous),
        Value::Object(map) => map.iter().any(|(k, v)| bad(k) || holds_hazardous(v)),
        _ => false,
    }
}

/// The YAML as MessagePack (maps keep their keys), read under the same limits and options as
/// `src/load/yaml.rs` (size, depth, nodes, aliases, duplicate keys, YAML 1.1 booleans, one document), so
/// the prebuilt form never holds what the YAML path would refuse; `None` for anything it refuses.
fn to_msgpack(text: &str) -> Option<Vec<u8>> {
    if text.len() as u64 > budget::PATHWAY_LIMITS.bytes {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, budget::pathway_options()).ok()?;
    // A file holding a hidden character gets no prebuilt form: the YAML path reports it (HCP028).
    if holds_hazardous(&value) || text.chars().any(hazardous::is_hazardous) {
        return None;
    }
    rmp_serde::to_vec_named(&value).ok()
}

fn collect(root: &Path, dir: &Path, files: &mut Vec<String>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(root, &path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) && let Ok(rel) = path.strip_prefix(root)
        {
            files.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
}

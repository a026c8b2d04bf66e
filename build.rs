//! Embeds the bundled `pathways/` data into the binary so `hcp` works from any directory.
//!
//! Each file is embedded twice: as its YAML text (for `--pathways`-like loading, exact findings and
//! source excerpts) and, where it parses, as JSON converted here, at build time. Deserialising the
//! model from JSON takes about a millisecond where parsing the YAML takes most of a command's
//! start-up; `load::load_prebuilt` uses the JSON, and `hcp::validate` falls back to the YAML
//! whenever the JSON form does not give a clean set. A file that does not parse here is simply
//! embedded without JSON: the build never fails because of the data.
use std::{env, fs, path::Path};

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("pathways");
    let out_dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let json_dir = Path::new(&out_dir).join("prebuilt");
    println!("cargo:rerun-if-changed=pathways");
    println!("cargo:rerun-if-changed=src/yaml_budget.rs");
    let mut files = Vec::new();
    collect(&root, &root, &mut files);
    files.sort();
    let mut embedded = String::from(
        "/// The bundled pathway files: (path relative to `pathways/`, contents).\npub static EMBEDDED: &[(&str, &str)] = &[\n",
    );
    let mut prebuilt = String::from(
        "/// The bundled pathway files: (path, YAML, the YAML converted to JSON at build time).\nstatic PREBUILT: &[(&str, &str, Option<&str>)] = &[\n",
    );
    for rel in &files {
        let abs = root.join(rel);
        println!("cargo:rerun-if-changed={}", abs.display());
        let yaml = format!("include_str!({:?})", abs.display().to_string());
        embedded.push_str(&format!("    ({rel:?}, {yaml}),\n"));
        let json = fs::read_to_string(&abs)
            .ok()
            .and_then(|text| to_json(&text))
            .map(|json| {
                let dest = json_dir.join(format!("{rel}.json"));
                fs::create_dir_all(dest.parent().expect("a file has a parent"))
                    .expect("OUT_DIR is writable");
                fs::write(&dest, json).expect("OUT_DIR is writable");
                format!("Some(include_str!({:?}))", dest.display().to_string())
            })
            .unwrap_or_else(|| "None".to_string());
        prebuilt.push_str(&format!("    ({rel:?}, {yaml}, {json}),\n"));
    }
    embedded.push_str("];\n");
    prebuilt.push_str("];\n");
    let dest = Path::new(&out_dir).join("embedded.rs");
    fs::write(dest, embedded + "\n" + &prebuilt).expect("OUT_DIR is writable");
}

/// The limits and options `src/yaml.rs` parses pathway data with, word for word.
#[allow(dead_code)]
mod budget {
    include!("src/yaml_budget.rs");

    pub fn pathway_options() -> serde_saphyr::Options {
        let mut options = options(&PATHWAY_LIMITS);
        // JSON keeps no tags, so a tagged value (`level: !x universal`) gets no JSON form and the
        // run-time YAML parse decides about it.
        options.reject_unsupported_tags = true;
        options
    }
}

/// The YAML as JSON, read under the same limits and options as `src/yaml.rs` (size, depth, nodes,
/// aliases, duplicate keys, YAML 1.1 booleans, one document), so the JSON never holds what the
/// YAML path would refuse; `None` for anything it refuses.
fn to_json(text: &str) -> Option<String> {
    if text.len() as u64 > budget::PATHWAY_LIMITS.bytes {
        return None;
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: serde_json::Value =
        serde_saphyr::from_str_with_options(text, budget::pathway_options()).ok()?;
    serde_json::to_string(&value).ok()
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

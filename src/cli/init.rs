//! `hcp init DIR`: a local copy of the bundled pathways and their schemas, with editor modelines
//! that point at the copied schemas, and a README; `hcp --pathways DIR validate` checks it.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use hcp::model::schema::SchemaKind;
use hcp::render::schema;

/// Arguments of `hcp init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The directory to fill: created if missing, refused if not empty.
    #[arg(value_name = "DIR")]
    pub dir: PathBuf,
}

/// The schema a bundled file follows, from its place in the set.
fn kind_of(relative: &str) -> SchemaKind {
    if relative.starts_with("catalogue/") {
        SchemaKind::Catalogue
    } else if relative.starts_with("assessment/") {
        SchemaKind::Assessment
    } else {
        SchemaKind::Pathway
    }
}

/// `text` with its `# yaml-language-server: $schema=…` line pointing at `schemas/` in the copy
/// (added when the file has none).
fn with_modeline(relative: &str, text: &str) -> String {
    const MODELINE: &str = "# yaml-language-server: $schema=";
    let up = "../".repeat(relative.matches('/').count());
    let line = format!("{MODELINE}{up}schemas/{}", kind_of(relative).file_name());
    match text.strip_prefix(MODELINE) {
        Some(rest) => {
            let after = rest.find('\n').map_or("", |i| &rest[i..]);
            format!("{line}{after}")
        }
        None => format!("{line}\n{text}"),
    }
}

fn write(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::File::create_new(path)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .with_context(|| format!("cannot write {}", path.display()))
}

/// Fill `dir`; prints what was written (one path a line).
pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<u8> {
    let dir = &args.dir;
    match std::fs::read_dir(dir) {
        Ok(mut entries) => {
            if entries.next().is_some() {
                bail!(
                    "{} is not empty; hcp init fills a new or empty directory",
                    dir.display()
                );
            }
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {}", dir.display())),
    }
    let mut written = Vec::new();
    for (relative, text) in hcp::load::EMBEDDED {
        let path = dir.join(relative);
        write(&path, &with_modeline(relative, text))?;
        written.push(path);
    }
    for kind in SchemaKind::ALL {
        let path = dir.join("schemas").join(kind.file_name());
        write(&path, &schema(kind))?;
        written.push(path);
    }
    let readme = dir.join("README.md");
    write(
        &readme,
        &hcp::render::init::init_readme(env!("CARGO_PKG_VERSION")),
    )?;
    written.push(readme);
    for path in written {
        writeln!(out, "{}", path.display())?;
    }
    Ok(super::EXIT_OK)
}

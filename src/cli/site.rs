//! `hcp site OUT`: the pathway set as a static website in the folder OUT (`hcp::render::site`).
//!
//! What a user expects of the folder: a new or empty one is filled; one that holds a site hcp
//! made before (it has `.hcp-site`, the list of the files hcp wrote) is brought up to date, the
//! files on that list removed first, so a page of an intervention since removed from the data does
//! not linger; any other folder with something in it is refused unless `--force` (then files of
//! the same names are replaced, and nothing else is touched). OUT as a file is refused (exit 2).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::{EXIT_OK, answerable, clock_today, source};
use hcp::answer::provenance::Provenance;
use hcp::check::Needs;
use hcp::render::sanitize::Sanitized;
use hcp::render::site::{FOLDERS, pages};

/// The list of files hcp wrote, at the site's root.
const MANIFEST: &str = ".hcp-site";

/// Arguments of `hcp site`.
#[derive(Debug, clap::Args)]
pub struct SiteArgs {
    /// The folder to write: created if missing; a site hcp made before is replaced.
    #[arg(value_name = "OUT", value_hint = clap::ValueHint::DirPath)]
    pub out: PathBuf,
    /// Write into a folder that holds other files (files of the same names are replaced).
    #[arg(long)]
    pub force: bool,
}

/// A path from the manifest, if it names a file hcp could have written there: `NAME` at the root
/// or `FOLDER/NAME` in one of the site's [`FOLDERS`], NAME only ASCII letters, digits, `-`, `_`
/// and `.`, ending in `.html`, `.css` or `.svg`. Anything else on the list (a `..`, a deeper path,
/// a user's `README.md`) is not touched.
fn inside(dir: &Path, line: &str) -> Option<PathBuf> {
    let (folder, name) = match line.split_once('/') {
        Some((folder, name)) if FOLDERS.contains(&folder) => (Some(folder), name),
        Some(_) => return None,
        None => (None, line),
    };
    let plain = !name.is_empty()
        && !name.starts_with('.')
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && [".html", ".css", ".svg"].iter().any(|e| name.ends_with(e));
    plain.then(|| match folder {
        Some(folder) => dir.join(folder).join(name),
        None => dir.join(name),
    })
}

/// Refuse (before anything is removed or written) a site folder that is a link: removing or
/// writing `pathway/x.html` would reach wherever the link points.
fn no_linked_folders(dir: &Path) -> Result<()> {
    for folder in FOLDERS {
        let path = dir.join(folder);
        if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
            bail!(
                "{} is a link; hcp site does not write or remove through links",
                path.display()
            );
        }
    }
    Ok(())
}

/// Make the folder ready: created, emptied of the last site, or refused.
fn prepare(dir: &Path, force: bool) -> Result<()> {
    let shown = dir.display();
    match std::fs::metadata(dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return std::fs::create_dir_all(dir).with_context(|| format!("cannot create {shown}"));
        }
        Err(e) => return Err(e).with_context(|| format!("cannot read {shown}")),
        Ok(m) if !m.is_dir() => {
            bail!(
                "{shown} is not a folder; hcp site writes a folder of pages, give a new or empty folder"
            )
        }
        Ok(_) => {}
    }
    no_linked_folders(dir)?;
    let manifest = dir.join(MANIFEST);
    match std::fs::read_to_string(&manifest) {
        Ok(list) => {
            for line in list
                .lines()
                .filter(|l| !l.starts_with('#') && !l.is_empty())
            {
                let Some(path) = inside(dir, line) else {
                    continue;
                };
                // Only files hcp could have written: never a folder or a link's target.
                if std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_file()) {
                    std::fs::remove_file(&path)
                        .with_context(|| format!("cannot remove {}", path.display()))?;
                }
            }
            for folder in FOLDERS {
                // Left in place when something else is in it.
                let _ = std::fs::remove_dir(dir.join(folder));
            }
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let mut entries =
                std::fs::read_dir(dir).with_context(|| format!("cannot read {shown}"))?;
            if entries.next().is_some() && !force {
                bail!(
                    "{shown} is not empty and holds no site hcp made (no {MANIFEST}); give a new or empty folder, or --force to write into it (files of the same names are replaced)"
                );
            }
            Ok(())
        }
        Err(e) => Err(e).with_context(|| format!("cannot read {}", manifest.display())),
    }
}

/// Refuse (exit 2, before anything is written) two pages whose names differ only in case
/// (`kpi/C1.html`, `kpi/c1.html`, from ids `C1` and `c1`): on a case-insensitive disk (macOS,
/// Windows) one would silently replace the other and both links would open it.
fn no_names_differing_only_in_case(pages: &[hcp::render::site::Page]) -> Result<()> {
    let mut seen = std::collections::HashMap::with_capacity(pages.len());
    for page in pages {
        if let Some(earlier) = seen.insert(page.path.to_ascii_lowercase(), &page.path) {
            bail!(
                "{earlier} and {} differ only in capitals, so on a case-insensitive disk (macOS, Windows) one page would replace the other; give the ids behind them names that differ in more than case",
                page.path
            );
        }
    }
    Ok(())
}

/// Write one file, through the sanitiser, never through a link.
fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    let context = || format!("cannot write {}", path.display());
    if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        bail!(
            "{} is a link; hcp site does not write through links",
            path.display()
        );
    }
    let file = std::fs::File::create(path).with_context(context)?;
    let mut file = Sanitized::new(std::io::BufWriter::new(file), None);
    file.write_all(bytes).with_context(context)?;
    file.flush().with_context(context)
}

/// Write the site; prints where it is.
pub fn run(cli: &super::Cli, args: &SiteArgs, out: &mut dyn Write) -> Result<u8> {
    let src = source(cli);
    let library = answerable(&src, Needs::Everything)?;
    let today = clock_today()?;
    let site = hcp::answer::site::site(&library, today);
    let provenance = Provenance::new(&src, &library, today);
    let pages = pages(&site, &library, &provenance)?;
    no_names_differing_only_in_case(&pages)?;
    prepare(&args.out, args.force)?;
    for folder in FOLDERS {
        let path = args.out.join(folder);
        std::fs::create_dir_all(&path)
            .with_context(|| format!("cannot create {}", path.display()))?;
    }
    // One after another: writing on two threads was no faster (the disk, not the CPU, sets the
    // pace; BENCHMARKS.md).
    for page in &pages {
        write(&args.out.join(&page.path), &page.bytes)?;
    }
    let mut manifest =
        String::from("# The files `hcp site` wrote here; it replaces them when run again.\n");
    for page in &pages {
        manifest.push_str(&page.path);
        manifest.push('\n');
    }
    write(&args.out.join(MANIFEST), manifest.as_bytes())?;
    if !cli.quiet {
        writeln!(
            out,
            "{}",
            hcp::render::site::written(pages.len(), &args.out.join("index.html"))
        )?;
    }
    Ok(EXIT_OK)
}

//! `hcp man`: hcp(1) on stdout, or with `--dir OUT` one page per subcommand as well
//! (`hcp-query.1`, …), each with EXIT STATUS, ENVIRONMENT and EXAMPLES (`hcp::render::man`).

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::Cli;

/// Arguments of `hcp man`.
#[derive(Debug, clap::Args)]
pub struct ManArgs {
    /// Write hcp.1 and one page per subcommand (hcp-query.1 and the others) into this directory
    /// instead of printing hcp(1).
    #[arg(long, value_name = "OUT")]
    pub dir: Option<PathBuf>,
}

/// The whole command, built, so subcommands know their names (`hcp-query`, `hcp query`).
fn built() -> clap::Command {
    let mut command = Cli::command().disable_help_subcommand(true);
    command.build();
    command
}

/// One page as roff: clap_mangen's sections, then hcp's own.
fn page(command: &clap::Command, key: &str, see_also: &[String]) -> Result<Vec<u8>> {
    let man = clap_mangen::Man::new(command.clone())
        .source(format!("hcp {}", env!("CARGO_PKG_VERSION")))
        .manual("hcp manual");
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    if command.get_arguments().any(|a| !a.is_hide_set()) {
        man.render_options_section(&mut out)?;
    }
    if command.has_subcommands() {
        man.render_subcommands_section(&mut out)?;
    }
    let mut after_help = command
        .get_after_help()
        .map(ToString::to_string)
        .unwrap_or_default();
    if command.has_subcommands() {
        // hcp(1): the first example of each subcommand.
        after_help.push_str("\n\nExamples:\n");
        for sub in command.get_subcommands() {
            let help = sub.get_after_help().map(ToString::to_string);
            let first = help.as_deref().and_then(|h| {
                h.lines()
                    .skip_while(|l| !l.starts_with("Examples:"))
                    .find(|l| l.trim_start().starts_with("hcp "))
                    .map(str::to_string)
            });
            if let Some(line) = first {
                after_help.push_str(&line);
                after_help.push('\n');
            }
        }
    }
    hcp::render::man::man_sections(key, &after_help, &mut out)?;
    if command.get_version().is_some() {
        man.render_version_section(&mut out)?;
    }
    hcp::render::man::see_also(see_also, &mut out)?;
    Ok(out)
}

fn subcommand_pages(command: &clap::Command) -> Vec<String> {
    command
        .get_subcommands()
        .filter(|s| !s.is_hide_set())
        .map(|s| format!("hcp-{}", s.get_name()))
        .collect()
}

/// hcp(1), naming the subcommands' pages.
pub fn main_page() -> Result<Vec<u8>> {
    let command = built();
    page(&command, "hcp", &subcommand_pages(&command))
}

/// Write hcp.1 and every subcommand's page into `dir` (created if missing); the paths written.
pub fn write_pages(dir: &Path) -> Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let command = built();
    let mut written = Vec::new();
    let mut write = |name: &str, text: &[u8]| -> Result<()> {
        let path = dir.join(format!("{name}.1"));
        std::fs::File::create(&path)
            .and_then(|mut f| f.write_all(text))
            .with_context(|| format!("cannot write {}", path.display()))?;
        written.push(path);
        Ok(())
    };
    write("hcp", &page(&command, "hcp", &subcommand_pages(&command))?)?;
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        let see_also = vec!["hcp".to_string()];
        write(
            &format!("hcp-{}", sub.get_name()),
            &page(sub, sub.get_name(), &see_also)?,
        )?;
    }
    Ok(written)
}

//! Command-line arguments (clap) and dispatch. Commands build data through the library and hand it
//! to `hcp::render`; nothing here formats results itself.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};

use hcp::load::PathwaySource;
use hcp::render::{self, DiagnosticFormat};
use hcp::rules;

/// Exit status: clean.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings, or checks failed.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: could not run (usage, I/O).
pub const EXIT_COULD_NOT_RUN: u8 = 2;

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  clean (validate: no errors; warnings allowed unless --strict)
  1  findings or failed checks
  2  could not run (bad usage, unreadable input)";

/// The Healthy Child Programme (pregnancy to 5 years) care pathways, as validated data.
#[derive(Debug, Parser)]
#[command(name = "hcp", version, about, long_about = None, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Load pathways from this directory instead of the bundled set.
    #[arg(long, global = true, env = "HCP_PATHWAYS", value_name = "DIR")]
    pub pathways: Option<PathBuf>,

    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check pathway data: structure and meaning, with file:line:col findings.
    #[command(after_help = "Examples:
  hcp validate
  hcp validate --pathways ./my-pathways --format github
  hcp validate --format json --strict")]
    Validate(ValidateArgs),
    /// Explain a validation rule (or list them all).
    #[command(after_help = "Examples:
  hcp rule HCP005
  hcp rule --all")]
    Rule(RuleArgs),
}

/// Arguments of `hcp validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = ValidateFormat::Text)]
    pub format: ValidateFormat,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
}

/// Formats of `hcp validate`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ValidateFormat {
    /// One block per finding with a source excerpt, and a summary line.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// GitHub Actions annotations.
    Github,
}

/// Arguments of `hcp rule`.
#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// The rule code, e.g. HCP005.
    #[arg(required_unless_present = "all")]
    pub code: Option<String>,
    /// List every rule.
    #[arg(long, conflicts_with = "code")]
    pub all: bool,
}

fn source(cli: &Cli) -> PathwaySource {
    match &cli.pathways {
        Some(dir) => PathwaySource::Directory(dir.clone()),
        None => PathwaySource::Bundled,
    }
}

/// Run the command, writing results to `out`; returns the exit status.
pub fn run(cli: Cli, out: &mut dyn Write) -> Result<u8> {
    match &cli.command {
        Command::Validate(args) => validate(&cli, args, out),
        Command::Rule(args) => rule(args, out),
    }
}

fn validate(cli: &Cli, args: &ValidateArgs, out: &mut dyn Write) -> Result<u8> {
    let validation = hcp::validate(&source(cli))?;
    let format = match args.format {
        ValidateFormat::Text => DiagnosticFormat::Text,
        ValidateFormat::Json => DiagnosticFormat::Json,
        ValidateFormat::Github => DiagnosticFormat::Github,
    };
    let ok = validation.passes(args.strict);
    out.write_all(
        render::diagnostics(
            format,
            &validation.library,
            &validation.diagnostics,
            &validation.summary,
            ok,
        )
        .as_bytes(),
    )?;
    Ok(if ok { EXIT_OK } else { EXIT_FINDINGS })
}

fn rule(args: &RuleArgs, out: &mut dyn Write) -> Result<u8> {
    if args.all {
        for r in rules::RULES {
            writeln!(out, "{}  {:<8} {:<38} {}", r.code, r.severity.as_str(), r.name, r.summary)?;
        }
        return Ok(EXIT_OK);
    }
    let code = args.code.as_deref().unwrap_or_default();
    let r = rules::rule(code).with_context(|| {
        let known = rules::RULES.iter().map(|r| r.code).collect::<Vec<_>>();
        format!(
            "no rule `{code}`; rules are {}..{} (see `hcp rule --all`)",
            known.first().unwrap_or(&""),
            known.last().unwrap_or(&"")
        )
    })?;
    writeln!(out, "{} {} ({})\n", r.code, r.name, r.severity.as_str())?;
    writeln!(out, "{}\n", r.summary)?;
    writeln!(out, "{}", r.explanation)?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

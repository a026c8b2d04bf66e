//! `hcp export fhir`: its arguments and its one function, kept in their own file so that the
//! command's wiring in `args.rs` and `mod.rs` is two lines each.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};

use super::{EXIT_OK, answerable, clock_today, source};
use hcp::answer::fhir::{DEFAULT_BASE_URL, FhirRequest, export};
use hcp::answer::provenance::Provenance;
use hcp::check::Needs;

/// Arguments of `hcp export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// What to export.
    #[command(subcommand)]
    pub what: ExportKind,
}

/// The export formats.
#[derive(Debug, clap::Subcommand)]
pub enum ExportKind {
    /// The pathway set as one FHIR R4 (4.0.1) JSON Bundle (type collection): a PlanDefinition
    /// per pathway, an ActivityDefinition per intervention, a Measure per KPI, the Assessment
    /// Triangle as a Questionnaire and hcp's CodeSystems (see docs/fhir.md).
    #[command(after_help = "Examples:
  hcp export fhir --out pathways-bundle.json
  hcp export fhir --base-url https://fhir.example.nhs.uk/hcp > pathways-bundle.json

The default base URL is a placeholder (example.org); a service publishing the resources gives
its own.")]
    Fhir(FhirArgs),
}

/// Arguments of `hcp export fhir`.
#[derive(Debug, clap::Args)]
pub struct FhirArgs {
    /// Write the Bundle to this file instead of stdout.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// The base of every canonical URL (http or https, no query or fragment).
    #[arg(long, value_name = "URL", default_value = DEFAULT_BASE_URL, value_parser = parse_base_url)]
    pub base_url: String,
}

fn parse_base_url(text: &str) -> Result<String, String> {
    let trimmed = text.trim_end_matches('/');
    let rest = trimmed
        .strip_prefix("https://")
        .or_else(|| trimmed.strip_prefix("http://"));
    match rest {
        Some(host)
            if !host.is_empty()
                && !host.starts_with('/')
                && host
                    .chars()
                    .all(|c| c.is_ascii_graphic() && !matches!(c, '?' | '#' | '"' | '\\')) =>
        {
            Ok(trimmed.to_string())
        }
        _ => Err(
            "give an http or https URL with a host and no spaces, query or fragment, \
                  e.g. https://fhir.example.nhs.uk/hcp"
                .to_string(),
        ),
    }
}

/// Export the set; exit 0.
pub fn run(cli: &super::Cli, args: &ExportArgs, out: &mut dyn Write) -> Result<u8> {
    let ExportKind::Fhir(args) = &args.what;
    let src = source(cli);
    let library = answerable(&src, Needs::Everything)?;
    let provenance = Provenance::new(&src, &library, clock_today()?);
    let bundle = export(
        &library,
        &FhirRequest {
            base_url: &args.base_url,
            provenance: &provenance,
        },
    );
    match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut file = std::io::BufWriter::new(file);
            hcp::render::fhir::bundle(&bundle, &mut file)
                .and_then(|()| file.flush())
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
        None => hcp::render::fhir::bundle(&bundle, out)?,
    }
    Ok(EXIT_OK)
}

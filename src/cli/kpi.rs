//! `hcp kpi`: its arguments and its one function, kept in their own file so that the command's
//! wiring in `args.rs` and `mod.rs` is two lines each.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Result;

use super::{EXIT_FINDINGS, EXIT_OK, answerable, family_files, source, stderr, today_or, width};
use hcp::answer::kpi::{KpiRequest, kpi_files};
use hcp::check::Needs;
use hcp::model::calendar::Period;
use hcp::render::{self, TableFormat};

/// Arguments of `hcp kpi`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("period").required(true).args(["from", "quarter"])))]
pub struct KpiArgs {
    /// Record files (family files with a `done` list), or directories of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// The period's first day (YYYY-MM-DD), with --to.
    #[arg(long, value_name = "DATE", requires = "to")]
    pub from: Option<String>,
    /// The period's last day (YYYY-MM-DD), included.
    #[arg(long, value_name = "DATE", requires = "from")]
    pub to: Option<String>,
    /// A quarter instead of --from/--to: 2026-Q3 (calendar, July to September 2026) or 2026/27-Q3
    /// (financial year from April, as national returns count: October to December 2026).
    #[arg(long, value_name = "QUARTER", conflicts_with_all = ["from", "to"])]
    pub quarter: Option<String>,
    /// Only these KPIs (repeatable), e.g. --kpi C2 --kpi C3 (see `hcp list kpis`).
    #[arg(long = "kpi", value_name = "ID")]
    pub kpis: Vec<String>,
    /// List, by reference only, the records in this KPI's denominator and numerator and those
    /// not judged.
    #[arg(long, value_name = "KPI")]
    pub explain: Option<String>,
    /// The date to treat as today when checking records for future dates (YYYY-MM-DD; default:
    /// today in England).
    #[arg(long, value_name = "DATE", env = "HCP_TODAY")]
    pub today: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
    /// Look into sub-folders of the directories given, at any depth (else they are named on stderr).
    #[arg(long)]
    pub recursive: bool,
}

fn date(flag: &str, text: &str) -> Result<jiff::civil::Date> {
    hcp::model::CalendarDate::parse(text)
        .map(|d| d.0)
        .ok_or_else(|| anyhow::anyhow!("{flag} `{text}` is not a date; write it as YYYY-MM-DD"))
}

/// Count the records; exit 1 when a file was not counted or a reference is carried twice.
pub fn run(cli: &super::Cli, args: &KpiArgs, out: &mut dyn Write) -> Result<u8> {
    let today = today_or(args.today.as_deref())?;
    let period = match (&args.quarter, &args.from, &args.to) {
        (Some(q), _, _) => Period::quarter(q)?,
        (None, Some(from), Some(to)) => Period::between(date("--from", from)?, date("--to", to)?)?,
        _ => anyhow::bail!("give the period: --from DATE --to DATE, or --quarter 2026-Q3"),
    };
    let library = answerable(&source(cli), Needs::Pathways)?;
    let files = family_files(&args.paths, args.recursive)?;
    if files.is_empty() {
        anyhow::bail!("no record files (*.yaml) found in the paths given");
    }
    let request = KpiRequest {
        period,
        kpis: args.kpis.clone(),
        explain: args.explain.clone(),
        today,
    };
    let returns = kpi_files(&library, &files, &request)?;
    let provenance = hcp::answer::provenance::Provenance::new(&source(cli), &library, Some(today));
    render::kpi_returns(
        args.format,
        &returns,
        width(args.width),
        Some(&provenance),
        out,
    )?;
    if !returns.findings.is_empty() {
        let mut stderr = stderr();
        render::kpi_findings(&returns, &mut stderr)?;
        stderr.flush()?;
    }
    Ok(if returns.clean() {
        EXIT_OK
    } else {
        EXIT_FINDINGS
    })
}

//! The `hcp` command line, kept thin: arguments (`args`) go to the library, whose answers go to
//! `hcp::render`, whose text goes to stdout. Policy (a set with errors never answers, review
//! notes, batching a caseload) lives in the library; words live in `render`.

mod args;
mod complete;
mod export;
mod init;
mod kpi;
mod man;
mod site;

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::CommandFactory;

use args::{
    AssessArgs, Command, DiffArgs, ListArgs, QueryArgs, RuleArgs, ScheduleArgs, ShowArgs,
    ValidateArgs,
};
pub use args::{Cli, ColorChoice};
use hcp::answer::provenance::Provenance;
use hcp::answer::query::{At, QueryRequest};
use hcp::answer::{assess, browse, review};
use hcp::check::{self, Needs};
use hcp::load::PathwaySource;
use hcp::model::library::Library;
use hcp::render::sanitize::Sanitized;
use hcp::render::{self, DiagnosticFormat, DiffFormat, Style};

/// Exit status: clean.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings, or checks failed.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: could not run (usage, I/O).
pub const EXIT_COULD_NOT_RUN: u8 = 2;

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
        Command::Query(args) => query(&cli, args, out),
        Command::List(args) => list(&cli, args, out),
        Command::Show(args) => show(&cli, args, out),
        Command::Assess(args) => assess(&cli, args, out),
        Command::Schedule(args) => schedule(&cli, args, out),
        Command::Diff(args) => diff(&cli, args, out),
        Command::Kpi(args) => kpi::run(&cli, args, out),
        Command::Export(args) => export::run(&cli, args, out),
        Command::Site(args) => site::run(&cli, args, out),
        Command::Init(args) => init::run(args, out),
        Command::Schema(args) => {
            out.write_all(render::schema(args.kind).as_bytes())?;
            Ok(EXIT_OK)
        }
        Command::Completions(args) => {
            // clap_complete panics on a write error (e.g. a closed pipe): generate into memory.
            let mut script = Vec::new();
            let mut command = complete::with_values(Cli::command());
            clap_complete::generate(args.shell, &mut command, "hcp", &mut script);
            if args.shell == clap_complete::Shell::Fish {
                script.extend_from_slice(complete::fish_positionals(&command).as_bytes());
            }
            out.write_all(&script)?;
            Ok(EXIT_OK)
        }
        Command::Man(args) => {
            match &args.dir {
                Some(dir) => {
                    for path in man::write_pages(dir)? {
                        writeln!(out, "{}", path.display())?;
                    }
                }
                None => out.write_all(&man::main_page()?)?,
            }
            Ok(EXIT_OK)
        }
    }
}

/// A `--today` value: exactly YYYY-MM-DD.
fn parse_today(text: &str) -> Result<jiff::civil::Date> {
    hcp::model::CalendarDate::parse(text)
        .map(|d| d.0)
        .ok_or_else(|| anyhow::anyhow!("--today `{text}` is not a date; write it as YYYY-MM-DD"))
}

/// `--today` when given, else what the clock says.
fn today_or(given: Option<&str>) -> Result<jiff::civil::Date> {
    match given {
        Some(text) => parse_today(text),
        None => clock_today()?.context("the system clock is outside the supported date range"),
    }
}

/// What the clock says today is: `HCP_CLOCK` (YYYY-MM-DD) when set, for tests and reproducible
/// runs (it replaces the system clock everywhere, review dates included, unlike `--today`, which
/// pins only an assessment); else the date in England. `Ok(None)`: the clock is out of range.
fn clock_today() -> Result<Option<jiff::civil::Date>> {
    match std::env::var_os("HCP_CLOCK") {
        Some(value) => {
            let text = value.to_string_lossy();
            hcp::model::CalendarDate::parse(&text)
                .map(|d| Some(d.0))
                .ok_or_else(|| {
                    anyhow::anyhow!(
                        "HCP_CLOCK `{}` is not a date; write it as YYYY-MM-DD, or unset it to use the system clock",
                        text.escape_debug()
                    )
                })
        }
        None => Ok(hcp::load::clock::today_in_england()),
    }
}

/// A pathway set that may answer (the library refuses one with errors), with a note on stderr
/// for each pathway past its review date, shown even under `-q`: it is about whether the answer
/// can be trusted. Review dates are read on the clock's date, never a `--today` given to pin an
/// assessment: a pinned date must not hide (or invent) staleness.
fn answerable(src: &PathwaySource, needs: Needs) -> Result<Library> {
    let library = check::answerable(src, needs)?;
    if let Some(today) = clock_today()? {
        let mut stderr = stderr();
        render::review_notes(&review::overdue_in_set(&library, today), &mut stderr)?;
        stderr.flush()?;
    }
    Ok(library)
}

/// The width to wrap at: `--width`; else, on a terminal, its width (`$COLUMNS` when the size
/// cannot be read, else 80); else no wrapping at all ([`render::UNWRAPPED`]: one line per row, so
/// pipes and files do not depend on the environment and `grep` finds every row whole). Never
/// narrower than 40.
fn width(requested: Option<u16>) -> u16 {
    use std::io::IsTerminal;
    let on_terminal = || {
        let stdout = std::io::stdout();
        if !stdout.is_terminal() {
            return None;
        }
        terminal_size::terminal_size_of(&stdout)
            .map(|(w, _)| w.0)
            .or_else(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
            .or(Some(80))
    };
    requested
        .or_else(on_terminal)
        .map_or(render::UNWRAPPED, |w| w.max(40))
}

fn query(cli: &Cli, args: &QueryArgs, out: &mut dyn Write) -> Result<u8> {
    let src = source(cli);
    let library = answerable(&src, Needs::Pathways)?;
    let (at, typed) = match (&args.age, &args.gestation, &args.stage) {
        (Some(a), _, _) => (Some(At::Age(a.days)), Some(a.text.clone())),
        (_, Some(g), _) => (Some(At::Gestation(g.days)), Some(g.text.clone())),
        (_, _, Some(s)) => (Some(At::Stage(s.clone())), None),
        _ => (None, None),
    };
    let today = clock_today()?;
    let request = QueryRequest {
        at,
        pathways: args.pathways.clone(),
        no_universal: args.no_universal,
        profession: args.profession.clone(),
        core_purpose: args.core_purpose,
        level: args.level,
        kpi: args.kpi.clone(),
        interface: args.interface.clone(),
        text: args.text.clone(),
        all: args.all,
        ahead: args.ahead,
        today,
        typed,
    };
    let mut result = hcp::answer::query::run(&library, &request)?;
    if let Some(today) = today {
        result.review_overdue = review::overdue(&library, &result.pathways, today);
    }
    let provenance = Provenance::new(&src, &library, today);
    render::query(
        args.format,
        &result,
        width(args.width),
        cli.quiet,
        Some(&provenance),
        out,
    )?;
    Ok(EXIT_OK)
}

fn list(cli: &Cli, args: &ListArgs, out: &mut dyn Write) -> Result<u8> {
    let src = source(cli);
    use browse::ListKind;
    let framework = matches!(args.kind, ListKind::Dimensions | ListKind::Indicators);
    if args.dimension.is_some() && args.kind != ListKind::Indicators {
        anyhow::bail!("--dimension goes with `hcp list indicators`");
    }
    let needs = if framework {
        Needs::Everything
    } else {
        Needs::Pathways
    };
    let library = answerable(&src, needs)?;
    let listing = match args.kind {
        ListKind::Indicators => browse::indicators(&library, args.dimension.as_deref())
            .map_err(render::dimension_not_found)?,
        kind => browse::list(&library, kind),
    };
    let provenance = Provenance::new(&src, &library, clock_today()?);
    render::listing(
        args.format,
        &listing,
        width(args.width),
        Some(&provenance),
        out,
    )?;
    Ok(EXIT_OK)
}

fn show(cli: &Cli, args: &ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let src = source(cli);
    let library = answerable(&src, Needs::Pathways)?;
    let shown = browse::show(&library, &args.id)?;
    let provenance = Provenance::new(&src, &library, clock_today()?);
    render::shown(
        args.format,
        &shown,
        &library,
        width(args.width),
        Some(&provenance),
        out,
    )?;
    Ok(EXIT_OK)
}

/// The family files named: files as given, directories as their `*.yaml`/`*.yml` files in name
/// order (with `recursive`, those of their sub-folders too); the sub-folders left out are named
/// on stderr.
fn family_files(paths: &[PathBuf], recursive: bool) -> Result<Vec<PathBuf>> {
    let listed = hcp::load::family::list(paths, recursive)?;
    if !listed.skipped.is_empty() {
        let mut stderr = stderr();
        render::skipped_folders(&listed.skipped, &mut stderr)?;
        stderr.flush()?;
    }
    Ok(listed.files)
}

fn assess(cli: &Cli, args: &AssessArgs, out: &mut dyn Write) -> Result<u8> {
    let today = today_or(args.today.as_deref())?;
    let src = source(cli);
    let library = answerable(&src, Needs::Everything)?;
    let framework = library
        .framework()
        .context("the pathway set has no assessment framework (pathways/assessment/*.yaml)")?;
    let (input, files, single) = if args.from_fhir.is_empty() {
        let files = family_files(&args.paths, args.recursive)?;
        if files.is_empty() {
            anyhow::bail!("no family files (*.yaml) found in the paths given");
        }
        let single = files.len() == 1 && args.paths.len() == 1 && !args.paths[0].is_dir();
        (assess::Input::Family, files, single)
    } else {
        if let Some(dir) = args.from_fhir.iter().find(|p| p.is_dir()) {
            anyhow::bail!(
                "`{}` is a directory; --from-fhir takes QuestionnaireResponse files (*.json)",
                dir.display()
            );
        }
        // As for family files: one path that cannot be looked at is an error, among several a
        // file that failed.
        let files = hcp::load::family::list(&args.from_fhir, false)?.files;
        let single = files.len() == 1;
        (assess::Input::FhirResponse, files, single)
    };
    // Review dates are checked on the clock's date, never `--today`.
    let assessed = assess::assess_inputs(
        input,
        &library,
        &framework,
        &files,
        single,
        today,
        clock_today()?,
    );
    // As of the assessment date: `--today` when given, else the clock's.
    let provenance = Provenance::new(&src, &library, Some(today));
    match &assessed.report {
        Some(report) => render::assessment(
            args.format,
            report,
            width(args.width),
            Some(&provenance),
            out,
        )?,
        None if !single => render::caseload(
            args.format,
            &assessed,
            width(args.width),
            Some(&provenance),
            out,
        )?,
        None => {}
    }
    if assessed.findings.is_empty() {
        return Ok(EXIT_OK);
    }
    // Family files are about people: findings carry positions, never excerpts of the file.
    let mut stderr = stderr();
    render::family_findings(&assessed, &mut stderr)?;
    stderr.flush()?;
    Ok(EXIT_FINDINGS)
}

fn schedule(cli: &Cli, args: &ScheduleArgs, out: &mut dyn Write) -> Result<u8> {
    use hcp::answer::schedule;
    let today = today_or(args.today.as_deref())?;
    let library = answerable(&source(cli), Needs::Everything)?;
    schedule::check_pathways(&library, &args.pathways)?;
    let files = family_files(&args.paths, args.recursive)?;
    if files.is_empty() {
        anyhow::bail!("no record files (*.yaml) found in the paths given");
    }
    let single = files.len() == 1 && args.paths.len() == 1 && !args.paths[0].is_dir();
    let framework = library.framework();
    let within = args.within.unwrap_or(WORKLIST_WITHIN_DAYS);
    let scheduled = schedule::schedule_files(
        &library,
        framework.as_ref(),
        &files,
        &args.pathways,
        today,
        (!single).then(|| schedule::worklist_until(today, within)),
    );
    let worklist = (!single).then(|| schedule::worklist(&scheduled.schedules, today, within));
    let scheduling = render::Scheduling {
        scheduled: &scheduled,
        worklist: worklist.as_ref(),
    };
    // One record asked about that could not be scheduled prints no result, as for `assess`.
    let provenance = Provenance::new(&source(cli), &library, Some(today));
    if !(single && scheduled.schedules.is_empty()) {
        render::schedule(
            args.format,
            &scheduling,
            width(args.width),
            Some(&provenance),
            out,
        )?;
    }
    if scheduled.findings.is_empty() {
        return Ok(EXIT_OK);
    }
    // Records are about people: findings carry positions, never excerpts of the file.
    let mut stderr = stderr();
    render::record_findings(&scheduled.findings, &mut stderr)?;
    stderr.flush()?;
    Ok(EXIT_FINDINGS)
}

/// A worklist's look-ahead when `--within` is not given: 4 weeks.
const WORKLIST_WITHIN_DAYS: u32 = 28;

fn diff(cli: &Cli, args: &DiffArgs, out: &mut dyn Write) -> Result<u8> {
    let base = match &args.base {
        Some(dir) if dir.as_os_str() != "bundled" => PathwaySource::Directory(dir.clone()),
        _ => PathwaySource::Bundled,
    };
    let changed = source(cli);
    // `hcp diff DIR` alone would compare the bundled set *against* DIR: every sign and arrow the
    // reverse of what someone checking their own copy means. Ask for the explicit form instead.
    if let (PathwaySource::Directory(dir), PathwaySource::Bundled) = (&base, &changed) {
        anyhow::bail!(
            "`hcp diff {dir}` would show how the bundled set differs from {dir}; to see what {dir} changes from the bundled set, run `hcp --pathways {dir} diff` (and `hcp --pathways NEW diff OLD` to compare two directories)",
            dir = dir.display()
        );
    }
    if base == changed {
        anyhow::bail!(
            "nothing to compare: both sides are {}; give `--pathways DIR` to compare a set with the bundled one, or a BASE directory",
            render::source_name(&base, DiffFormat::Text)
        );
    }
    let base_library = answerable(&base, Needs::Everything)?;
    let changed_library = answerable(&changed, Needs::Everything)?;
    let d = hcp::answer::diff::compare(&base_library, &changed_library);
    // The changed set is the one described; the base is named in the answer.
    let provenance = Provenance::new(&changed, &changed_library, clock_today()?);
    render::diff(
        args.format,
        &d,
        &base,
        &changed,
        cli.quiet,
        Some(&provenance),
        out,
    )?;
    Ok(if d.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

fn validate(cli: &Cli, args: &ValidateArgs, out: &mut dyn Write) -> Result<u8> {
    let today = today_or(args.today.as_deref())?;
    let src = source(cli);
    let validation = check::validate_as_of(&src, Needs::Everything, Some(today))?;
    let ok = validation.passes(args.strict);
    let provenance = Provenance::new(&src, &validation.library, Some(today));
    let base = uri_base(args.base.as_deref())?;
    for (format, file) in &args.formats {
        // Colour only on stdout, only for text.
        let style = Style {
            color: file.is_none() && *format == DiagnosticFormat::Text && use_color(cli.color),
            quiet: cli.quiet,
        };
        let findings = render::Findings {
            library: &validation.library,
            diagnostics: &validation.diagnostics,
            summary: &validation.summary,
            ok,
            base: Some(&base),
        };
        match file {
            Some(path) => {
                let mut text = Vec::new();
                render::diagnostics(*format, style, &findings, Some(&provenance), &mut text)?;
                write_file(path, &text)?;
            }
            None => render::diagnostics(*format, style, &findings, Some(&provenance), out)?,
        }
    }
    Ok(if ok { EXIT_OK } else { EXIT_FINDINGS })
}

/// SARIF's `%SRCROOT%`: `--base DIR`, else the repository the current directory is in (the
/// nearest folder holding `.git`), else the current directory.
fn uri_base(base: Option<&Path>) -> Result<render::UriBase> {
    let cwd = std::env::current_dir().context("cannot read the current directory")?;
    let root = match base {
        Some(dir) => {
            anyhow::ensure!(
                dir.is_dir(),
                "--base `{}` is not a directory",
                dir.display()
            );
            std::path::absolute(dir).with_context(|| format!("cannot read `{}`", dir.display()))?
        }
        None => cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf(),
    };
    Ok(render::UriBase { root, cwd })
}

/// Write a report file through the same sanitiser as stdout (never coloured).
fn write_file(path: &Path, text: &[u8]) -> Result<()> {
    let context = || format!("cannot write `{}`", path.display());
    let file = std::fs::File::create(path).with_context(context)?;
    let mut file = Sanitized::new(std::io::BufWriter::new(file), None);
    file.write_all(text).with_context(context)?;
    file.flush().with_context(context)
}

/// stderr, through the sanitiser.
fn stderr() -> Sanitized<std::io::StderrLock<'static>> {
    Sanitized::new(std::io::stderr().lock(), None)
}

/// Whether to colour stdout: `--color`, then NO_COLOR and TERM=dumb, then whether it is a terminal.
pub fn use_color(choice: ColorChoice) -> bool {
    use std::io::IsTerminal;
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map_or(true, |t| t != "dumb")
                && std::io::stdout().is_terminal()
        }
    }
}

fn rule(args: &RuleArgs, out: &mut dyn Write) -> Result<u8> {
    if args.all {
        render::rule_list(check::RULES, out)?;
        return Ok(EXIT_OK);
    }
    let code = args.code.as_deref().unwrap_or_default();
    let rule = check::rule(code).with_context(|| render::no_such_rule(code, check::RULES))?;
    render::rule_explained(rule, out)?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

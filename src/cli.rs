//! Command-line arguments (clap) and dispatch. Commands build data through the library and hand it
//! to `hcp::render`; nothing here formats results itself.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{Context, Result};
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use hcp::age;
use hcp::browse::{self, ListKind};
use hcp::library::Library;
use hcp::load::PathwaySource;
use hcp::model::Level;
use hcp::query::{At, QueryRequest};
use hcp::render::TableFormat;
use hcp::render::{self, DiagnosticFormat, Style};
use hcp::rules;
use hcp::schema::SchemaKind;

/// Exit status: clean.
pub const EXIT_OK: u8 = 0;
/// Exit status: findings, or checks failed.
pub const EXIT_FINDINGS: u8 = 1;
/// Exit status: could not run (usage, I/O).
pub const EXIT_COULD_NOT_RUN: u8 = 2;

const EXIT_CODES_HELP: &str = "\
Exit codes:
  0  clean (validate: no errors; warnings allowed unless --strict)
  1  findings or failed checks (diff: the sets differ)
  2  could not run (bad usage, unreadable input)";

/// The Healthy Child Programme (pregnancy to 5 years) care pathways, as validated data.
#[derive(Debug, Parser)]
#[command(name = "hcp", version, about, long_about = None, after_help = EXIT_CODES_HELP)]
pub struct Cli {
    /// Load pathways from this directory instead of the bundled set.
    #[arg(long, global = true, env = "HCP_PATHWAYS", value_name = "DIR")]
    pub pathways: Option<PathBuf>,

    /// When to use colour: auto (a terminal, unless NO_COLOR is set or TERM=dumb), always, never.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,

    /// Print less: no summary lines, headers or legends.
    #[arg(short, long, global = true)]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour when writing to a terminal, unless NO_COLOR is set or TERM=dumb.
    Auto,
    /// Always colour (human-readable formats only).
    Always,
    /// Never colour.
    Never,
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
    /// What is due at an age, gestation or stage: who delivers it, which KPI measures it, which
    /// Children's Centre core purpose it serves.
    #[command(after_help = "Examples:
  hcp query --pathway safeguarding --age 2y
  hcp query --age 10d
  hcp query --gestation 28w --profession health-visitor
  hcp query --stage 6-8-weeks --format json

Ages: birth, 10d, 6w, 9m, 2y, 2y6m, 30m (a month is 30.4375 days; windows are inclusive).
Targeted pathways include the Universal interventions unless --no-universal is given.")]
    Query(QueryArgs),
    /// List pathways, stages, professions, KPIs, core purposes, levels, events or interfaces.
    #[command(after_help = "Examples:
  hcp list pathways
  hcp list kpis --format csv")]
    List(ListArgs),
    /// Show a whole pathway (by stage and level, with entry and exit criteria), or a KPI or
    /// profession with the interventions that use it.
    #[command(after_help = "Examples:
  hcp show safeguarding
  hcp show C8i
  hcp show health-visitor --format markdown")]
    Show(ShowArgs),
    /// Score Assessment Triangle inputs into a suggested band, explain it, and list what is due.
    ///
    /// One file gives the full report; a directory or several files give a caseload summary.
    #[command(after_help = "Examples:
  hcp assess examples/universal-plus.yaml
  hcp assess examples/incomplete.yaml --format markdown
  hcp assess examples --format jsonl

The suggestion supports professional judgement; the practitioner decides.")]
    Assess(AssessArgs),
    /// Compare the pathway set with another: what changed, by id and field by field.
    ///
    /// Pathways, interventions, catalogue and assessment framework are compared. The set compared
    /// is `--pathways DIR`; BASE is what it is compared with: `bundled` (the default), or another
    /// directory (`hcp --pathways NEW diff OLD`; a directory named bundled is `./bundled`). Exit
    /// status 0 when both hold the same content, 1 when they differ, 2 when either cannot be
    /// loaded or has errors.
    #[command(after_help = "Examples:
  hcp --pathways ./my-pathways diff
  hcp --pathways ./my-pathways diff --format markdown
  hcp --pathways ./my-pathways diff bundled --format json

Entries are matched by id: a renamed intervention shows as one removed and one added.")]
    Diff(DiffArgs),
    /// Print the JSON Schema (draft-07) of a file kind, for editors and external validators.
    #[command(after_help = "Examples:
  hcp schema pathway
  hcp schema family > family.schema.json

The shipped copies are in schemas/; YAML files point at them with a
`# yaml-language-server: $schema=...` first line.")]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  hcp completions bash > ~/.local/share/bash-completion/completions/hcp
  hcp completions zsh > ~/.zfunc/_hcp
  hcp completions fish > ~/.config/fish/completions/hcp.fish")]
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = "Examples:
  hcp man > hcp.1
  hcp man | man -l -")]
    Man,
    /// Explain a validation rule (or list them all).
    #[command(after_help = "Examples:
  hcp rule HCP005
  hcp rule --all")]
    Rule(RuleArgs),
}

/// Arguments of `hcp validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Output format: text, json, github, sarif or junit; `FORMAT=FILE` writes to a file.
    /// Repeatable, e.g. `--format json=report.json --format github`.
    #[arg(long = "format", value_name = "FORMAT[=FILE]", value_parser = parse_output, default_value = "text")]
    pub formats: Vec<(DiagnosticFormat, Option<PathBuf>)>,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// The date to check review dates against (YYYY-MM-DD; default: today in England, GMT or BST).
    #[arg(long, value_name = "DATE")]
    pub today: Option<String>,
}

fn parse_output(text: &str) -> Result<(DiagnosticFormat, Option<PathBuf>), String> {
    let (name, file) = match text.split_once('=') {
        Some((name, file)) if !file.is_empty() => (name, Some(PathBuf::from(file))),
        Some(_) => return Err("`FORMAT=` needs a file name after `=`".to_string()),
        None => (text, None),
    };
    let format = match name {
        "text" => DiagnosticFormat::Text,
        "json" => DiagnosticFormat::Json,
        "github" => DiagnosticFormat::Github,
        "sarif" => DiagnosticFormat::Sarif,
        "junit" => DiagnosticFormat::Junit,
        other => {
            return Err(format!(
                "unknown format `{other}`; use text, json, github, sarif or junit (optionally FORMAT=FILE)"
            ));
        }
    };
    Ok((format, file))
}

/// Arguments of `hcp query`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("when").args(["age", "gestation", "stage"])))]
pub struct QueryArgs {
    /// The child's age after birth: birth, 10d, 6w, 9m, 2y, 2y6m, 30m (up to 5y).
    #[arg(long, value_parser = parse_age, allow_hyphen_values = true)]
    pub age: Option<u32>,
    /// Weeks of pregnancy: 28w, 11w6d (0 to 42 weeks).
    #[arg(long, value_parser = parse_gestation, allow_hyphen_values = true)]
    pub gestation: Option<u32>,
    /// A named HCP stage, e.g. preconception, 6-8-weeks (see `hcp list stages`).
    #[arg(long)]
    pub stage: Option<String>,
    /// Pathway to search (repeatable); targeted pathways include Universal. Default: all nine.
    #[arg(long = "pathway", id = "pathway", value_name = "PATHWAY")]
    pub pathways: Vec<String>,
    /// Leave the Universal pathway out.
    #[arg(long)]
    pub no_universal: bool,
    /// Only interventions this profession leads or takes part in (see `hcp list professions`).
    #[arg(long)]
    pub profession: Option<String>,
    /// Only interventions serving this Children's Centre core purpose (1, 2 or 3).
    #[arg(long, value_parser = clap::value_parser!(u8).range(1..=3))]
    pub core_purpose: Option<u8>,
    /// Only interventions at this level.
    #[arg(long, value_enum)]
    pub level: Option<LevelArg>,
    /// Only interventions measured by this KPI, e.g. C2 (see `hcp list kpis`).
    #[arg(long)]
    pub kpi: Option<String>,
    /// Only interventions on this partnership interface (see `hcp list interfaces`).
    #[arg(long)]
    pub interface: Option<String>,
    /// Case-insensitive text to find in titles, descriptions and tools.
    #[arg(long)]
    pub text: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Table width in columns (default: $COLUMNS on a terminal, else 80).
    #[arg(long)]
    pub width: Option<u16>,
}

/// Service levels on the command line.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LevelArg {
    /// Universal.
    Universal,
    /// Universal Plus.
    UniversalPlus,
    /// Universal Partnership Plus.
    UniversalPartnershipPlus,
}

/// Formats of query, list and show.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum OutputFormat {
    /// A table for the terminal.
    Table,
    /// A versioned JSON envelope.
    Json,
    /// Comma-separated values.
    Csv,
    /// A Markdown table.
    Markdown,
}

/// Arguments of `hcp list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub kind: ListKindArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Table width in columns (default: $COLUMNS on a terminal, else 80).
    #[arg(long)]
    pub width: Option<u16>,
}

/// What `hcp list` lists.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ListKindArg {
    /// The Universal and targeted pathways.
    Pathways,
    /// HCP ages and stages.
    Stages,
    /// Professions.
    Professions,
    /// KPIs.
    Kpis,
    /// Children's Centre core purposes.
    CorePurposes,
    /// Service levels.
    Levels,
    /// Events timings can be relative to.
    Events,
    /// Partnership interfaces.
    Interfaces,
}

/// Arguments of `hcp diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// What to compare with: `bundled` (the default), or a pathway directory (with `--pathways`).
    #[arg(value_name = "BASE")]
    pub base: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormatArg::Text)]
    pub format: DiffFormatArg,
}

/// `hcp diff --format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormatArg {
    /// Plain text.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// Markdown, e.g. for a change request.
    Markdown,
}

/// Arguments of `hcp show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A pathway id (e.g. safeguarding), KPI id (e.g. C2) or profession id (e.g. health-visitor).
    pub id: String,
    /// Output format (table = plain text).
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub format: OutputFormat,
    /// Table width in columns (default: $COLUMNS on a terminal, else 80).
    #[arg(long)]
    pub width: Option<u16>,
}

fn parse_age(text: &str) -> Result<u32, String> {
    age::parse_programme_age(text).map_err(|e| format!("{e}. Valid ages: {}", age::AGE_EXAMPLES))
}

fn parse_gestation(text: &str) -> Result<u32, String> {
    age::parse_gestation_days(text).map_err(|e| format!("{e}. Valid gestations: 12w, 28w, 36w6d"))
}

/// Arguments of `hcp assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// Family files, or directories of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Output format (jsonl: one summary line per family).
    #[arg(long, value_enum, default_value_t = AssessFormatArg::Text)]
    pub format: AssessFormatArg,
    /// The date to treat as today when checking for future dates (YYYY-MM-DD; default: today in England, GMT or BST).
    #[arg(long, value_name = "DATE", env = "HCP_TODAY")]
    pub today: Option<String>,
    /// Table width in columns for caseload summaries (default: $COLUMNS on a terminal, else 80).
    #[arg(long)]
    pub width: Option<u16>,
}

/// Formats of `hcp assess`.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum AssessFormatArg {
    /// Plain text.
    Text,
    /// A versioned JSON envelope.
    Json,
    /// Markdown.
    Markdown,
    /// JSON Lines, one summary row per family.
    Jsonl,
}

/// Arguments of `hcp schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file kind.
    #[arg(value_enum)]
    pub kind: SchemaKindArg,
}

/// File kinds with a schema.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum SchemaKindArg {
    /// A pathway file (pathways/<id>.yaml).
    Pathway,
    /// A catalogue file (pathways/catalogue/*.yaml).
    Catalogue,
    /// An assessment framework file (pathways/assessment/*.yaml).
    Assessment,
    /// A family file (hcp assess).
    Family,
}

/// Arguments of `hcp completions`.
#[derive(Debug, clap::Args)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
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
        Command::Query(args) => query(&cli, args, out),
        Command::List(args) => list(&cli, args, out),
        Command::Show(args) => show(&cli, args, out),
        Command::Assess(args) => assess(&cli, args, out),
        Command::Diff(args) => diff(&cli, args, out),
        Command::Schema(args) => {
            let kind = match args.kind {
                SchemaKindArg::Pathway => SchemaKind::Pathway,
                SchemaKindArg::Catalogue => SchemaKind::Catalogue,
                SchemaKindArg::Assessment => SchemaKind::Assessment,
                SchemaKindArg::Family => SchemaKind::Family,
            };
            out.write_all(hcp::schema::schema(kind).as_bytes())?;
            Ok(EXIT_OK)
        }
        Command::Completions(args) => {
            // clap_complete panics on a write error (e.g. a closed pipe): generate into memory.
            let mut script = Vec::new();
            clap_complete::generate(args.shell, &mut Cli::command(), "hcp", &mut script);
            out.write_all(&script)?;
            Ok(EXIT_OK)
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
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

/// Today's date in England (GMT or BST), from the system clock, or the date `HCP_CLOCK` sets.
fn today() -> Result<jiff::civil::Date> {
    clock_today()?.context("the system clock is outside the supported date range")
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
        None => Ok(hcp::clock::today_in_england()),
    }
}

fn family_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for path in paths {
        let meta =
            std::fs::metadata(path).with_context(|| format!("cannot read `{}`", path.display()))?;
        if meta.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(path)
                .with_context(|| format!("cannot list `{}`", path.display()))?
                .flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.is_file()
                        && matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(path.clone());
        }
    }
    Ok(files)
}

fn assess(cli: &Cli, args: &AssessArgs, out: &mut dyn Write) -> Result<u8> {
    let today = match &args.today {
        Some(text) => parse_today(text)?,
        None => today()?,
    };
    let library = kept_until_exit(load_valid(cli, hcp::Needs::Everything)?);
    let framework = hcp::assess::Framework::from_library(&library)
        .context("the pathway set has no assessment framework (pathways/assessment/*.yaml)")?;
    let files = family_files(&args.paths)?;
    if files.is_empty() {
        anyhow::bail!("no family files (*.yaml) found in the paths given");
    }
    let single = files.len() == 1 && args.paths.len() == 1 && !args.paths[0].is_dir();
    let format = match args.format {
        AssessFormatArg::Text => render::AssessFormat::Text,
        AssessFormatArg::Json => render::AssessFormat::Json,
        AssessFormatArg::Markdown => render::AssessFormat::Markdown,
        AssessFormatArg::Jsonl => render::AssessFormat::JsonLines,
    };
    let read_family = |file: &PathBuf| {
        let display = file.display().to_string();
        hcp::load::read_text(file, &hcp::yaml::FAMILY_LIMITS)
            .map_err(|reason| {
                vec![hcp::diagnostic::Diagnostic {
                    code: hcp::family::codes::INVALID,
                    severity: hcp::diagnostic::Severity::Error,
                    file: display.clone(),
                    line: 0,
                    column: 0,
                    path: String::new(),
                    message: format!("cannot read this file: it {reason}"),
                    help: None,
                }]
            })
            .and_then(|text| hcp::family::load(&display, &text, &framework, today))
    };
    let mut rows = Vec::new();
    let mut failed = Vec::new();
    let mut findings = Vec::new();
    if single {
        match read_family(&files[0]) {
            Ok(family) => {
                // Review dates are checked against the real date, never `--today`.
                let real_today = clock_today()?;
                let report = hcp::assess::report(&library, &framework, &family, real_today);
                out.write_all(render::assessment(format, &report).as_bytes())?;
            }
            Err(diags) => {
                failed.push(files[0].display().to_string());
                findings.extend(diags);
            }
        }
    } else {
        // Families are independent: read, check and score them on all cores, rows in file order.
        let results = hcp::parallel::map_ordered(&files, true, |file| {
            read_family(file).map(|family| hcp::assess::case_row(&framework, &family))
        });
        for (file, result) in files.iter().zip(results) {
            match result {
                Ok(row) => rows.push(row),
                Err(diags) => {
                    failed.push(file.display().to_string());
                    findings.extend(diags);
                }
            }
        }
    }
    if !single {
        out.write_all(render::caseload(format, &rows, &failed, width(args.width)).as_bytes())?;
    }
    if !findings.is_empty() {
        // Family files are about people: findings carry positions, never excerpts of the file.
        let summary = hcp::diagnostic::Summary {
            files: files.len(),
            errors: findings.len(),
            ..Default::default()
        };
        let style = Style {
            color: false,
            quiet: cli.quiet,
        };
        let text = render::diagnostics(
            DiagnosticFormat::Text,
            style,
            &Library::default(),
            &findings,
            &summary,
            false,
        );
        let mut stderr = std::io::stderr().lock();
        for line in text.lines().filter(|l| !l.starts_with("hcp: ")) {
            writeln!(stderr, "{line}")?;
        }
        writeln!(
            stderr,
            "hcp: {} of {} family file(s) could not be assessed",
            failed.len(),
            files.len()
        )?;
        return Ok(EXIT_FINDINGS);
    }
    Ok(EXIT_OK)
}

/// A value the command keeps until the process exits, without running its destructor: each
/// command runs once per process, and dropping a loaded pathway set frees it allocation by
/// allocation (about a tenth of `hcp validate`'s in-process time on the bundled set, 0.14 s on
/// 100k interventions) only for the OS to reclaim the same memory a moment later.
fn kept_until_exit<T>(value: T) -> std::mem::ManuallyDrop<T> {
    std::mem::ManuallyDrop::new(value)
}

/// Load a pathway set that must be valid before it can answer questions. A pathway past its
/// review date still answers, with a note on stderr that its content may be out of date.
fn load_valid(cli: &Cli, needs: hcp::Needs) -> Result<Library> {
    load_valid_source(&source(cli), needs)
}

/// Load a pathway set that must be valid before it can answer. Review dates are checked against
/// the real date, never a `--today` given to pin an assessment: a pinned date must not hide (or
/// invent) staleness. A pathway past its review date still answers, with a note on stderr, shown
/// even under `-q`: it is about whether the answer can be trusted.
fn load_valid_source(src: &PathwaySource, needs: hcp::Needs) -> Result<Library> {
    // Review dates become notes below, not findings: a finding would send the bundled set back to
    // its YAML for positions that a note does not print.
    let validation = hcp::validate_as_of(src, needs, None)?;
    if validation.summary.errors > 0 {
        let first = validation
            .diagnostics
            .iter()
            .find(|d| d.severity == hcp::diagnostic::Severity::Error)
            .map(|d| format!("{}:{}: {} {}", d.file, d.line, d.code, d.message))
            .unwrap_or_default();
        anyhow::bail!(
            "the pathway set has {} error(s), so hcp will not answer from it (first: {first}); run `hcp validate{}` for all of them",
            validation.summary.errors,
            match src {
                PathwaySource::Directory(dir) => format!(" --pathways {}", dir.display()),
                PathwaySource::Bundled => String::new(),
            }
        );
    }
    let library = validation.library;
    if let Some(today) = clock_today()? {
        let mut stderr = std::io::stderr().lock();
        for (_, pathway) in &library.pathways {
            let Some(next) = pathway.review_overdue(today) else {
                continue;
            };
            let note = format!(
                "note: pathway `{}` was due for review on {}: its content may no longer match national guidance (HCP027; `hcp validate` lists it)",
                pathway.id.value, next.value
            );
            let note: String = note.chars().filter(|c| !c.is_control()).collect();
            writeln!(stderr, "{note}")?;
        }
    }
    Ok(library)
}

fn table_format(format: OutputFormat) -> TableFormat {
    match format {
        OutputFormat::Table => TableFormat::Table,
        OutputFormat::Json => TableFormat::Json,
        OutputFormat::Csv => TableFormat::Csv,
        OutputFormat::Markdown => TableFormat::Markdown,
    }
}

/// The table width: `--width`; else, on a terminal, `$COLUMNS`; else 80. Never narrower than 40.
/// Off a terminal the output does not depend on the environment, so pipes and files are stable.
fn width(requested: Option<u16>) -> u16 {
    use std::io::IsTerminal;
    requested
        .or_else(|| {
            std::io::stdout()
                .is_terminal()
                .then(|| std::env::var("COLUMNS").ok().and_then(|c| c.parse().ok()))
                .flatten()
        })
        .unwrap_or(80)
        .max(40)
}

fn query(cli: &Cli, args: &QueryArgs, out: &mut dyn Write) -> Result<u8> {
    let library = kept_until_exit(load_valid(cli, hcp::Needs::Pathways)?);
    let at = match (args.age, args.gestation, &args.stage) {
        (Some(d), _, _) => Some(At::Age(d)),
        (_, Some(g), _) => Some(At::Gestation(g)),
        (_, _, Some(s)) => Some(At::Stage(s.clone())),
        _ => None,
    };
    let request = QueryRequest {
        at,
        pathways: args.pathways.clone(),
        no_universal: args.no_universal,
        profession: args.profession.clone(),
        core_purpose: args.core_purpose,
        level: args.level.map(|l| match l {
            LevelArg::Universal => Level::Universal,
            LevelArg::UniversalPlus => Level::UniversalPlus,
            LevelArg::UniversalPartnershipPlus => Level::UniversalPartnershipPlus,
        }),
        kpi: args.kpi.clone(),
        interface: args.interface.clone(),
        text: args.text.clone(),
    };
    let mut result = hcp::query::run(&library, &request)?;
    if let Some(today) = clock_today()? {
        result.review_overdue = hcp::query::overdue_reviews(&library, &result.pathways, today);
    }
    let text = render::query(
        table_format(args.format),
        &result,
        width(args.width),
        cli.quiet,
    );
    out.write_all(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn list(cli: &Cli, args: &ListArgs, out: &mut dyn Write) -> Result<u8> {
    let library = kept_until_exit(load_valid(cli, hcp::Needs::Pathways)?);
    let (kind, name) = match args.kind {
        ListKindArg::Pathways => (ListKind::Pathways, "pathways"),
        ListKindArg::Stages => (ListKind::Stages, "stages"),
        ListKindArg::Professions => (ListKind::Professions, "professions"),
        ListKindArg::Kpis => (ListKind::Kpis, "kpis"),
        ListKindArg::CorePurposes => (ListKind::CorePurposes, "core-purposes"),
        ListKindArg::Levels => (ListKind::Levels, "levels"),
        ListKindArg::Events => (ListKind::Events, "events"),
        ListKindArg::Interfaces => (ListKind::Interfaces, "interfaces"),
    };
    let listing = browse::list(&library, kind);
    let text = render::listing(
        table_format(args.format),
        name,
        &listing.headers,
        &listing.rows,
        width(args.width),
    );
    out.write_all(text.as_bytes())?;
    Ok(EXIT_OK)
}

fn show(cli: &Cli, args: &ShowArgs, out: &mut dyn Write) -> Result<u8> {
    let library = kept_until_exit(load_valid(cli, hcp::Needs::Pathways)?);
    let shown = browse::show(&library, &args.id)?;
    let text = render::shown(
        table_format(args.format),
        &shown,
        &library,
        width(args.width),
    );
    out.write_all(text.as_bytes())?;
    Ok(EXIT_OK)
}

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
            describe(&base)
        );
    }
    let base_library = kept_until_exit(load_valid_source(&base, hcp::Needs::Everything)?);
    let changed_library = kept_until_exit(load_valid_source(&changed, hcp::Needs::Everything)?);
    let d = hcp::diff::compare(&base_library, &changed_library);
    let format = match args.format {
        DiffFormatArg::Text => render::DiffFormat::Text,
        DiffFormatArg::Json => render::DiffFormat::Json,
        DiffFormatArg::Markdown => render::DiffFormat::Markdown,
    };
    // JSON names the bundled set with a token a script can match; text says it in words.
    let name = |src: &PathwaySource| match (src, format) {
        (PathwaySource::Bundled, render::DiffFormat::Json) => "bundled".to_string(),
        _ => describe(src),
    };
    let text = render::diff(format, &d, &name(&base), &name(&changed), cli.quiet);
    out.write_all(text.as_bytes())?;
    Ok(if d.is_empty() { EXIT_OK } else { EXIT_FINDINGS })
}

/// A pathway source in words, for messages.
fn describe(src: &PathwaySource) -> String {
    match src {
        PathwaySource::Bundled => "the bundled set".to_string(),
        PathwaySource::Directory(dir) => dir.display().to_string(),
    }
}

fn validate(cli: &Cli, args: &ValidateArgs, out: &mut dyn Write) -> Result<u8> {
    let today = match &args.today {
        Some(text) => parse_today(text)?,
        None => today()?,
    };
    let validation = kept_until_exit(hcp::validate_as_of(
        &source(cli),
        hcp::Needs::Everything,
        Some(today),
    )?);
    let ok = validation.passes(args.strict);
    for (format, file) in &args.formats {
        // Colour only on stdout, only for text.
        let style = Style {
            color: file.is_none() && *format == DiagnosticFormat::Text && use_color(cli.color),
            quiet: cli.quiet,
        };
        let text = render::diagnostics(
            *format,
            style,
            &validation.library,
            &validation.diagnostics,
            &validation.summary,
            ok,
        );
        match file {
            Some(path) => std::fs::write(path, text)
                .with_context(|| format!("cannot write `{}`", path.display()))?,
            None => out.write_all(text.as_bytes())?,
        }
    }
    Ok(if ok { EXIT_OK } else { EXIT_FINDINGS })
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
        for r in rules::RULES {
            writeln!(
                out,
                "{}  {:<8} {:<38} {}",
                r.code,
                r.severity.as_str(),
                r.name,
                r.summary
            )?;
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

    #[test]
    fn cli_is_well_formed() {
        Cli::command().debug_assert();
    }
}

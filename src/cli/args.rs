//! The command line's shape: clap types only. Values that are domain types (levels, formats,
//! list kinds, schema kinds) are parsed straight into them (`clap::ValueEnum` on the library's own
//! enums), so no enum is copied here.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use hcp::answer::browse::ListKind;
use hcp::model::Level;
use hcp::model::age;
use hcp::model::schema::SchemaKind;
use hcp::render::{AssessFormat, DiagnosticFormat, DiffFormat, ScheduleFormat, TableFormat};

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
    /// List pathways, stages, professions, KPIs, core purposes, levels, events, interfaces, or the
    /// assessment framework's dimensions and indicators.
    #[command(after_help = "Examples:
  hcp list pathways
  hcp list kpis --format csv
  hcp list indicators --dimension health")]
    List(ListArgs),
    /// Show a whole pathway (by stage and level, with entry and exit criteria), a KPI or
    /// profession with the interventions that use it, or one intervention in full.
    #[command(after_help = "Examples:
  hcp show safeguarding
  hcp show C8i
  hcp show universal.new-birth-visit
  hcp show health-visitor --format markdown")]
    Show(ShowArgs),
    /// Score Assessment Triangle inputs into a suggested band, explain it, and list what is due.
    ///
    /// One file gives the full report; a directory or several files give a caseload summary.
    #[command(after_help = "Examples:
  hcp assess examples/universal-plus.yaml
  hcp assess examples/incomplete.yaml --format markdown
  hcp assess examples --format jsonl
  hcp assess --from-fhir examples/universal-plus.response.json

The suggestion supports professional judgement; the practitioner decides.")]
    Assess(AssessArgs),
    /// A child's schedule from their record, or a team's worklist across a caseload.
    ///
    /// One record file gives every scheduled intervention on the child's pathways in date order,
    /// with calendar dates and one status (done, done-late, due, overdue, missed, upcoming). A
    /// directory or several files give a worklist: what is overdue, due, or opens within
    /// `--within`, overdue first.
    #[command(after_help = "Examples:
  hcp schedule examples/records/record-on-time.yaml
  hcp schedule examples/records/record-overdue.yaml --format json
  hcp schedule examples/records --within 4w
  hcp schedule examples/records --format ics > worklist.ics

Statuses are what the record says was done; the practitioner decides what to do.")]
    Schedule(ScheduleArgs),
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
    /// KPI returns from records: the national C-metrics and the recommended KPIs for a period.
    #[command(after_help = "Examples:
  hcp kpi examples/kpi --quarter 2026-Q3
  hcp kpi examples/records --quarter 2026/27-Q2 --format csv
  hcp kpi examples/kpi --from 2026-07-01 --to 2026-09-30 --kpi C2 --explain C2

Ages are read on the calendar (day of birth = day 0). Files that fail their checks are listed in
the output and the exit status is 1.")]
    Kpi(super::kpi::KpiArgs),
    /// Export the pathway set for other systems: `hcp export fhir` (FHIR R4 JSON).
    #[command(after_help = "Examples:
  hcp export fhir --out pathways-bundle.json
  hcp export fhir --base-url https://fhir.example.nhs.uk/hcp > pathways-bundle.json

See docs/fhir.md for the mapping and how to load the Bundle into a FHIR server.")]
    Export(super::export::ExportArgs),
    /// Write the pathway set as a static website, with figures drawn from the data.
    ///
    /// A page per pathway, KPI, profession and intervention, the three figures (each with the
    /// same data as a table), the assessment framework, and a print stylesheet. The site needs no server, network, fonts or scripts: open OUT/index.html from disk or put
    /// the folder on any static host. OUT must be new, empty, or a site hcp made before (which is
    /// replaced); `--force` writes into another folder.
    #[command(after_help = "Examples:
  hcp site pathways-site
  hcp --pathways my-pathways site my-site

Pages say what the data says; the practitioner's professional judgement decides.")]
    Site(super::site::SiteArgs),
    /// Start a local copy of the pathways: the bundled files and their JSON Schemas in DIR.
    ///
    /// Writes every bundled pathway, catalogue and assessment file, the schemas in `schemas/`
    /// (each YAML file's `# yaml-language-server: $schema=` line points at its own) and a
    /// README. DIR must be new or empty.
    #[command(after_help = "Examples:
  hcp init local-pathways
  hcp --pathways local-pathways validate --strict
  hcp --pathways local-pathways diff bundled")]
    Init(super::init::InitArgs),
    /// Print the JSON Schema (draft-07) of a file kind or a JSON output, for editors and validators.
    #[command(after_help = "Examples:
  hcp schema pathway
  hcp schema family > family.schema.json
  hcp schema query-result

The shipped copies are in schemas/ (outputs in schemas/output/); YAML files point at
theirs with a `# yaml-language-server: $schema=...` first line.")]
    Schema(SchemaArgs),
    /// Print a shell completion script.
    #[command(after_help = "Examples:
  hcp completions bash > ~/.local/share/bash-completion/completions/hcp
  hcp completions zsh > ~/.zfunc/_hcp
  hcp completions fish > ~/.config/fish/completions/hcp.fish")]
    Completions(CompletionsArgs),
    /// Print the man page hcp(1) (roff), or write one page per subcommand with --dir.
    #[command(after_help = "Examples:
  hcp man > hcp.1
  hcp man | man -l -
  hcp man --dir ~/.local/share/man/man1")]
    Man(super::man::ManArgs),
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
    #[arg(long, value_name = "DATE", env = "HCP_TODAY")]
    pub today: Option<String>,
    /// SARIF: the folder file URIs are relative to (`%SRCROOT%`; default: the repository the current directory is in, else the current directory).
    #[arg(long, value_name = "DIR")]
    pub base: Option<PathBuf>,
}

fn parse_output(text: &str) -> Result<(DiagnosticFormat, Option<PathBuf>), String> {
    let (name, file) = match text.split_once('=') {
        Some((name, file)) if !file.is_empty() => (name, Some(PathBuf::from(file))),
        Some(_) => return Err("`FORMAT=` needs a file name after `=`".to_string()),
        None => (text, None),
    };
    let format = DiagnosticFormat::from_str(name, false).map_err(|_| {
        format!(
            "unknown format `{name}`; use text, json, github, sarif or junit (optionally FORMAT=FILE)"
        )
    })?;
    Ok((format, file))
}

/// Arguments of `hcp query`.
#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("when").args(["age", "gestation", "stage"])))]
pub struct QueryArgs {
    /// The child's age after birth: birth, 10d, 6w, 9m, 2y, 2y6m, 30m (up to 5y).
    #[arg(long, value_parser = parse_age, allow_hyphen_values = true)]
    pub age: Option<Typed>,
    /// Weeks of pregnancy: 28w, 11w6d (0 to 42 weeks).
    #[arg(long, value_parser = parse_gestation, allow_hyphen_values = true)]
    pub gestation: Option<Typed>,
    /// A named HCP stage, e.g. preconception, 6-8-weeks (see `hcp list stages`).
    #[arg(long)]
    pub stage: Option<String>,
    /// Pathway to search (repeatable); targeted pathways include Universal. Default: Universal
    /// at an age or gestation (with a line naming the targeted pathways that also have items),
    /// all nine otherwise.
    #[arg(long = "pathway", id = "pathway", value_name = "PATHWAY")]
    pub pathways: Vec<String>,
    /// Search all nine pathways, and list every pathway's if-needed items.
    #[arg(long, conflicts_with = "pathway")]
    pub all: bool,
    /// How far ahead "Coming up" looks: 8w (the default), 3m, 1y.
    #[arg(long, value_parser = parse_ahead, value_name = "DURATION")]
    pub ahead: Option<u32>,
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
    pub level: Option<Level>,
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
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
}

/// Arguments of `hcp list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub kind: ListKind,
    /// With `indicators`: only this dimension's (see `hcp list dimensions`).
    #[arg(long, value_name = "ID")]
    pub dimension: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
}

/// Arguments of `hcp diff`.
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// What to compare with: `bundled` (the default), or a pathway directory (with `--pathways`).
    #[arg(value_name = "BASE")]
    pub base: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
}

/// Arguments of `hcp show`.
#[derive(Debug, clap::Args)]
pub struct ShowArgs {
    /// A pathway id (e.g. safeguarding), KPI id (e.g. C2), profession id (e.g. health-visitor) or
    /// intervention id (e.g. universal.new-birth-visit).
    pub id: String,
    /// Output format (table = plain text).
    #[arg(long, value_enum, default_value_t = TableFormat::Table)]
    pub format: TableFormat,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
}

/// A point as typed and as days: answers echo what was typed (`16w` stays `16w`).
#[derive(Debug, Clone)]
pub struct Typed {
    /// Days (since birth, or of gestation).
    pub days: u32,
    /// The text as typed, trimmed.
    pub text: String,
}

/// Ages on the command line are read leniently (`8W`, ` 8w`, `1y2w`): the same parser as data
/// files, which are read strictly (`model::age::Spelling`).
fn parse_age(text: &str) -> Result<Typed, String> {
    age::parse_programme_age_as(text, age::Spelling::Lenient)
        .map(|days| Typed {
            days,
            text: text.trim().to_string(),
        })
        .map_err(|e| typed_error(&e.reason, age::short_form(text, false), age::AGE_EXAMPLES))
}

fn parse_gestation(text: &str) -> Result<Typed, String> {
    age::parse_gestation_days_as(text, age::Spelling::Lenient)
        .map(|days| Typed {
            days,
            text: text.trim().to_string(),
        })
        .map_err(|e| typed_error(&e.reason, age::short_form(text, true), "12w, 28w, 36w6d"))
}

/// Why a typed age or gestation is refused (clap quotes what was typed), the short form when it
/// was written in words (`18 months`: did you mean `18m`?), and the accepted forms. Only
/// command-line input is quoted; values from files never are.
fn typed_error(reason: &str, short: Option<String>, accepted: &str) -> String {
    match short {
        Some(s) => format!("{reason}; did you mean `{s}`? Accepted forms: {accepted}"),
        None => format!("{reason}. Accepted forms: {accepted}"),
    }
}

fn parse_ahead(text: &str) -> Result<u32, String> {
    age::parse_age_days(text)
        .ok()
        .and_then(|d| u32::try_from(d).ok())
        .filter(|d| *d <= age::PROGRAMME_END_DAYS)
        .ok_or_else(|| "a look-ahead is a length such as 8w, 3m or 1y (up to 5y)".to_string())
}

/// Arguments of `hcp assess`.
#[derive(Debug, clap::Args)]
pub struct AssessArgs {
    /// Family files, or directories of them.
    #[arg(required_unless_present = "from_fhir", value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Read FHIR R4 QuestionnaireResponses (JSON files) answering the Questionnaire of `hcp export
    /// fhir` instead of family files; the reference printed is each one's `identifier.value`.
    #[arg(long, value_name = "FILE", num_args = 1.., conflicts_with_all = ["paths", "recursive"])]
    pub from_fhir: Vec<PathBuf>,
    /// Output format (jsonl: one summary line per family).
    #[arg(long, value_enum, default_value_t = AssessFormat::Text)]
    pub format: AssessFormat,
    /// The date to treat as today when checking for future dates (YYYY-MM-DD; default: today in England, GMT or BST).
    #[arg(long, value_name = "DATE", env = "HCP_TODAY")]
    pub today: Option<String>,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
    /// Look into sub-folders of the directories given, at any depth (else they are named on stderr).
    #[arg(long)]
    pub recursive: bool,
}

/// Arguments of `hcp schedule`.
#[derive(Debug, clap::Args)]
pub struct ScheduleArgs {
    /// Record files (family files with a `done` list), or directories of them.
    #[arg(required = true, value_name = "FILE|DIR")]
    pub paths: Vec<PathBuf>,
    /// Targeted pathway to schedule as well as Universal (repeatable).
    #[arg(long = "pathway", id = "pathway", value_name = "PATHWAY")]
    pub pathways: Vec<String>,
    /// For a worklist: include what opens within this long after today (4w, the default; 3m).
    #[arg(long, value_parser = parse_ahead, value_name = "DURATION")]
    pub within: Option<u32>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ScheduleFormat::Table)]
    pub format: ScheduleFormat,
    /// The date the statuses are for (YYYY-MM-DD; default: today in England, GMT or BST).
    #[arg(long, value_name = "DATE", env = "HCP_TODAY")]
    pub today: Option<String>,
    /// Wrap at this many columns (default: the terminal's width; no wrapping when not a terminal).
    #[arg(long)]
    pub width: Option<u16>,
    /// Look into sub-folders of the directories given, at any depth (else they are named on stderr).
    #[arg(long)]
    pub recursive: bool,
}

/// Arguments of `hcp schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which file kind or output.
    #[arg(value_enum)]
    pub kind: SchemaKind,
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

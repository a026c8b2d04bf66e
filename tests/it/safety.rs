//! The clinical safety file (docs/safety/, DCB0129): the hazard log is data
//! (`docs/safety/hazard-log.yaml`, read with the crate's own YAML library), and these tests hold it
//! to the Clinical Risk Management Plan: every risk is computed from the plan's matrix, every test
//! it cites exists, a residual risk of 3 is justified and one of 4 or more has a recorded
//! acceptance. `docs/hazard-log.md` and `docs/safety/safety-case-report.md` are generated from the
//! log; when they differ from what is committed the test fails, and
//!
//! ```text
//! HCP_BLESS=1 cargo test --test it safety::
//! ```
//!
//! rewrites them. A release fills the report's evidence in a copy (see [`release_evidence`]).

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::Path;

use serde::Deserialize;

const LOG: &str = "docs/safety/hazard-log.yaml";
const PLAN: &str = "docs/safety/clinical-risk-management-plan.md";
const LOG_MD: &str = "docs/hazard-log.md";
const REPORT_MD: &str = "docs/safety/safety-case-report.md";
const BLESS: &str = "HCP_BLESS=1 cargo test --test it safety::";

// ---- the log's shape ----------------------------------------------------------------------------

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Hazard {
    id: String,
    title: String,
    raised: String,
    reviewed: String,
    owner: String,
    status: Status,
    summary: Option<String>,
    origin: Option<String>,
    causes: String,
    effects: String,
    harm: String,
    initial: Score,
    residual: Score,
    residual_justification: Option<String>,
    acceptance: Option<Acceptance>,
    controls: Vec<Control>,
    residual_notes: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Status {
    Open,
    PartlyControlled,
    Controlled,
    Closed,
}

impl Status {
    fn words(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::PartlyControlled => "partly controlled",
            Status::Controlled => "controlled",
            Status::Closed => "closed",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
enum Severity {
    Minor,
    Significant,
    Considerable,
    Major,
    Catastrophic,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
enum Likelihood {
    #[serde(rename = "Very low")]
    VeryLow,
    Low,
    Medium,
    High,
    #[serde(rename = "Very high")]
    VeryHigh,
}

const SEVERITIES: [Severity; 5] = [
    Severity::Minor,
    Severity::Significant,
    Severity::Considerable,
    Severity::Major,
    Severity::Catastrophic,
];

/// Most likely first, as the plan's table reads.
const LIKELIHOODS: [Likelihood; 5] = [
    Likelihood::VeryHigh,
    Likelihood::High,
    Likelihood::Medium,
    Likelihood::Low,
    Likelihood::VeryLow,
];

/// The plan's matrix: a row per likelihood (most likely first), a column per severity.
const MATRIX: [[u8; 5]; 5] = [
    [3, 4, 4, 5, 5],
    [2, 3, 3, 4, 5],
    [2, 2, 3, 3, 4],
    [1, 2, 2, 3, 4],
    [1, 1, 2, 2, 3],
];

impl Severity {
    fn name(self) -> &'static str {
        match self {
            Severity::Minor => "Minor",
            Severity::Significant => "Significant",
            Severity::Considerable => "Considerable",
            Severity::Major => "Major",
            Severity::Catastrophic => "Catastrophic",
        }
    }
}

impl Likelihood {
    fn name(self) -> &'static str {
        match self {
            Likelihood::VeryLow => "Very low",
            Likelihood::Low => "Low",
            Likelihood::Medium => "Medium",
            Likelihood::High => "High",
            Likelihood::VeryHigh => "Very high",
        }
    }
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
struct Score {
    severity: Severity,
    likelihood: Likelihood,
}

impl Score {
    /// The risk rating, from the matrix.
    fn risk(self) -> u8 {
        let row = LIKELIHOODS
            .iter()
            .position(|l| *l == self.likelihood)
            .unwrap();
        let column = SEVERITIES.iter().position(|s| *s == self.severity).unwrap();
        MATRIX[row][column]
    }

    fn words(self) -> String {
        format!(
            "{} × {} → {}",
            self.severity.name(),
            self.likelihood.name(),
            self.risk()
        )
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Acceptance {
    decision: Decision,
    by: String,
    date: String,
    #[serde(default)]
    blocks: Vec<String>,
    rationale: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Decision {
    Accepted,
    NotAccepted,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Control {
    kind: Kind,
    date: Option<String>,
    found: Option<String>,
    issue: Option<String>,
    text: String,
    tests: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Kind {
    Control,
    Added,
    Extended,
    Fixed,
    Planned,
}

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|e| panic!("{relative}: {e}"))
}

/// The log, parsed with the crate's own YAML library.
fn log() -> Vec<Hazard> {
    serde_saphyr::from_str(&read(LOG)).unwrap_or_else(|e| panic!("{LOG}: {e}"))
}

// ---- the rules of the plan ----------------------------------------------------------------------

/// The matrix in the plan (the one people read) is the one the code computes with.
#[test]
fn the_matrix_in_the_plan_is_the_one_the_code_uses() {
    let plan = read(PLAN);
    let start = plan
        .find("| likelihood \\ severity |")
        .expect("the plan holds the matrix");
    let rows: Vec<Vec<String>> = plan[start..]
        .lines()
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|c| c.trim().to_string())
                .collect()
        })
        .collect();
    let header: Vec<&str> = rows[0][1..].iter().map(String::as_str).collect();
    let severities: Vec<&str> = SEVERITIES.iter().map(|s| s.name()).collect();
    assert_eq!(header, severities);
    assert_eq!(rows.len(), 2 + LIKELIHOODS.len(), "{rows:?}");
    for (i, likelihood) in LIKELIHOODS.iter().enumerate() {
        let row = &rows[2 + i];
        assert_eq!(row[0], likelihood.name());
        let numbers: Vec<u8> = row[1..].iter().map(|c| c.parse().unwrap()).collect();
        assert_eq!(numbers, MATRIX[i], "the {} row", likelihood.name());
    }
    // Spot checks, written independently of the table.
    let score = |severity, likelihood| {
        Score {
            severity,
            likelihood,
        }
        .risk()
    };
    assert_eq!(score(Severity::Major, Likelihood::Low), 3, "H6's residual");
    assert_eq!(score(Severity::Major, Likelihood::Medium), 3);
    assert_eq!(score(Severity::Major, Likelihood::VeryLow), 2);
    assert_eq!(score(Severity::Catastrophic, Likelihood::Low), 4);
    assert_eq!(score(Severity::Minor, Likelihood::Low), 1);
    assert_eq!(score(Severity::Catastrophic, Likelihood::VeryHigh), 5);
    // More severe or more likely never lowers the risk.
    for l in 0..5 {
        for s in 0..5 {
            if s + 1 < 5 {
                assert!(MATRIX[l][s] <= MATRIX[l][s + 1]);
            }
            if l + 1 < 5 {
                assert!(MATRIX[l + 1][s] <= MATRIX[l][s]);
            }
        }
    }
}

/// Every rule of the plan that a schema cannot state: ids in increasing order, residual no higher than
/// initial, a residual risk of 3 justified, of 4 or more accepted (5 never `accepted`), planned
/// controls only in hazards not yet controlled (an open one has at least one), tests cited by
/// every control in place.
#[test]
fn every_hazard_follows_the_rules_of_the_plan() {
    let log = log();
    let mut problems = Vec::new();
    // Ids in increasing order; a gap is allowed, so that work done in parallel can take its own
    // range while it is being built and never two hazards one id.
    let mut previous = 0;
    for h in &log {
        let id = &h.id;
        match id.strip_prefix('H').and_then(|n| n.parse::<u32>().ok()) {
            Some(n) if n > previous => previous = n,
            _ => problems.push(format!("{id}: expected an id above H{previous} here")),
        }
        let (initial, residual) = (h.initial.risk(), h.residual.risk());
        if residual > initial {
            problems.push(format!("{id}: residual {residual} above initial {initial}"));
        }
        if residual >= 3 && h.residual_justification.is_none() && h.acceptance.is_none() {
            problems.push(format!(
                "{id}: residual risk {residual} needs `residual_justification`"
            ));
        }
        match &h.acceptance {
            None if residual >= 4 => problems.push(format!(
                "{id}: residual risk {residual} has no recorded acceptance"
            )),
            Some(a) if residual >= 5 && a.decision == Decision::Accepted => {
                problems.push(format!("{id}: a residual risk of 5 can never be accepted"))
            }
            Some(a) if a.decision == Decision::NotAccepted && a.blocks.is_empty() => {
                problems.push(format!("{id}: `not-accepted` must name what it blocks"))
            }
            _ => {}
        }
        let planned = h
            .controls
            .iter()
            .filter(|c| c.kind == Kind::Planned)
            .count();
        let in_place = h.controls.len() - planned;
        match h.status {
            Status::Controlled | Status::Closed if planned > 0 => {
                problems.push(format!("{id}: {} with a planned control", h.status.words()))
            }
            Status::Open if planned == 0 => {
                problems.push(format!("{id}: open with no planned control"))
            }
            Status::PartlyControlled if in_place == 0 => problems.push(format!(
                "{id}: partly controlled with no control in place is open"
            )),
            _ => {}
        }
        if in_place == 0 && h.residual.risk() != h.initial.risk() {
            problems.push(format!(
                "{id}: no control in place, so the residual risk is the initial one"
            ));
        }
        for c in &h.controls {
            match c.kind {
                Kind::Planned if !c.tests.is_empty() || c.issue.is_none() => problems.push(
                    format!("{id}: a planned control names its issue and cites no test yet"),
                ),
                Kind::Planned => {}
                _ if c.tests.is_empty() => {
                    problems.push(format!("{id}: a control in place cites no test"))
                }
                _ => {}
            }
        }
        if h.raised > h.reviewed {
            problems.push(format!("{id}: reviewed before it was raised"));
        }
        if h.owner.trim().is_empty() {
            problems.push(format!("{id}: no owner"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// Every test the log names exists (as a function in the file it names, or as a case in the
/// corpus MANIFEST): in the `tests` lists and in backticked spans of the prose.
#[test]
fn hazard_log_cites_only_tests_that_exist() {
    let manifest = read("tests/corpus/MANIFEST");
    let cases: BTreeSet<&str> = manifest
        .lines()
        .filter(|l| !l.starts_with('#') && l.contains(" | "))
        .filter_map(|l| l.split(" | ").next())
        .map(str::trim)
        .collect();
    let exists = |cited: &str| -> Option<bool> {
        let cited = cited.split(" (").next().unwrap_or(cited);
        if let Some((file, function)) = cited.split_once(".rs::") {
            let text = std::fs::read_to_string(root().join(format!("{file}.rs"))).ok()?;
            Some(text.contains(&format!("fn {function}(")))
        } else {
            cited
                .strip_prefix("tests/corpus/MANIFEST:")
                .or_else(|| cited.strip_prefix("…:"))
                .map(|case| cases.contains(case))
        }
    };
    let mut missing = Vec::new();
    let mut cited = 0;
    for h in log() {
        let mut prose = vec![&h.causes, &h.effects];
        prose.extend(h.residual_notes.as_ref());
        prose.extend(h.residual_justification.as_ref());
        for c in &h.controls {
            prose.push(&c.text);
            for test in &c.tests {
                cited += 1;
                if exists(test) != Some(true) {
                    missing.push(format!("{}: {test}", h.id));
                }
            }
        }
        for text in prose {
            for span in text.split('`').skip(1).step_by(2) {
                if exists(span) == Some(false) {
                    missing.push(format!("{} (in the text): {span}", h.id));
                }
            }
        }
    }
    assert!(
        missing.is_empty(),
        "the hazard log cites tests that do not exist:\n{}",
        missing.join("\n")
    );
    assert!(cited > 100, "{cited}");
}

/// `docs/hazard-log.md` and `docs/safety/safety-case-report.md` are what the log renders to.
#[test]
fn the_generated_safety_documents_match_the_log() {
    let log = log();
    let plan = read(PLAN);
    let documents = [
        (LOG_MD, render_log(&log)),
        (
            REPORT_MD,
            render_report(&log, &Evidence::placeholders(), &plan),
        ),
    ];
    let bless = std::env::var_os("HCP_BLESS").is_some_and(|v| v == "1");
    let mut stale = Vec::new();
    for (path, rendered) in &documents {
        let committed = std::fs::read_to_string(root().join(path)).unwrap_or_default();
        if committed != *rendered {
            if bless {
                std::fs::write(root().join(path), rendered).unwrap();
            } else {
                stale.push(*path);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} differ from what {LOG} renders to; regenerate them with\n\n    {BLESS}\n"
    );
    release_evidence(&log, &plan);
}

/// A release's report with its evidence filled in: when `HCP_RELEASE_COMMIT` is set, the report is
/// rendered with it, `HCP_RELEASE_DATE` and `HCP_RELEASE_TESTS` (the summary line of
/// `CI=true cargo test --locked`) into `target/safety/safety-case-report-<version>.md`, the copy
/// the Clinical Safety Officer signs and the release publishes. The committed report keeps the
/// placeholders.
fn release_evidence(log: &[Hazard], plan: &str) {
    let Ok(commit) = std::env::var("HCP_RELEASE_COMMIT") else {
        return;
    };
    let evidence = Evidence {
        commit,
        date: std::env::var("HCP_RELEASE_DATE").unwrap_or_else(|_| PLACEHOLDER.to_string()),
        tests: std::env::var("HCP_RELEASE_TESTS").unwrap_or_else(|_| PLACEHOLDER.to_string()),
    };
    let dir = root().join("target/safety");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(format!(
        "safety-case-report-{}.md",
        env!("CARGO_PKG_VERSION")
    ));
    std::fs::write(&path, render_report(log, &evidence, plan)).unwrap();
}

// ---- rendering ----------------------------------------------------------------------------------

const PLACEHOLDER: &str = "*(filled in at release)*";

struct Evidence {
    commit: String,
    date: String,
    tests: String,
}

impl Evidence {
    fn placeholders() -> Self {
        Evidence {
            commit: PLACEHOLDER.to_string(),
            date: PLACEHOLDER.to_string(),
            tests: PLACEHOLDER.to_string(),
        }
    }
}

/// `text` wrapped at 100 columns, the first line after `first`, the others after `rest`.
fn wrap(out: &mut String, first: &str, rest: &str, text: &str) {
    let mut line = first.to_string();
    let mut empty = true;
    for word in text.split_whitespace() {
        if !empty && line.chars().count() + 1 + word.chars().count() > 100 {
            out.push_str(&line);
            out.push('\n');
            line = rest.to_string();
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    out.push_str(&line);
    out.push('\n');
}

fn bullet(out: &mut String, label: &str, text: &str) {
    wrap(out, "- ", "  ", &format!("**{label}** {text}"));
}

fn tests_words(tests: &[String]) -> String {
    let spans: Vec<String> = tests
        .iter()
        .map(|t| match t.split_once(" (") {
            Some((test, note)) => format!("`{test}` ({note}"),
            None => format!("`{t}`"),
        })
        .collect();
    format!("Tests: {}.", spans.join(", "))
}

fn generated_note(out: &mut String) {
    let _ = writeln!(
        out,
        "<!-- Generated from {LOG} by tests/it/safety.rs: edit the YAML, then run `{BLESS}`. -->\n"
    );
}

fn render_log(log: &[Hazard]) -> String {
    let mut out = String::new();
    generated_note(&mut out);
    out.push_str("# Clinical safety hazard log\n\n");
    wrap(
        &mut out,
        "",
        "",
        "hcp's hazard log under DCB0129, the NHS clinical risk management standard for manufacturers \
         of health IT: each hazard hcp could contribute to, with its causes, its effect and the harm \
         to a child or family, the risk before and after hcp's controls, the controls and the tests \
         that verify each one. The log is data, `docs/safety/hazard-log.yaml`; this page is \
         generated from it. How risks are scored and signed off is the \
         [Clinical Risk Management Plan](safety/clinical-risk-management-plan.md); the case for a \
         release is the [Safety Case Report](safety/safety-case-report.md); a service deploying hcp \
         works to DCB0160 from the [hand-over](safety/dcb0160-handover.md).",
    );
    out.push('\n');
    wrap(
        &mut out,
        "",
        "",
        "hcp lists what the pathways say and suggests a band from Assessment Triangle inputs. It \
         records no care, books nothing and decides nothing: the practitioner does. That limits what \
         it can cause, but a practitioner or commissioner may still act on a wrong answer. No \
         Clinical Safety Officer has signed this log off yet: it is the manufacturer's evidence, \
         prepared for one.",
    );
    out.push_str("\n## Risk matrix\n\n");
    wrap(
        &mut out,
        "",
        "",
        "Severity and likelihood are defined in the plan; the rating, 1 (acceptable) to 5 \
         (unacceptable), is computed from them by this matrix and never written by hand. A residual \
         risk of 3 is justified in the log; one of 4 or more has a recorded acceptance.",
    );
    out.push('\n');
    out.push_str("| likelihood \\ severity |");
    for s in SEVERITIES {
        let _ = write!(out, " {} |", s.name());
    }
    out.push_str("\n|---|---|---|---|---|---|\n");
    for (i, l) in LIKELIHOODS.iter().enumerate() {
        let _ = write!(out, "| {} |", l.name());
        for n in MATRIX[i] {
            let _ = write!(out, " {n} |");
        }
        out.push('\n');
    }
    out.push('\n');
    wrap(
        &mut out,
        "",
        "",
        "*Initial* is the risk with no control in hcp (the data kept as documents or a spreadsheet); \
         *residual* is the risk with the controls in place, as tested today. A planned control \
         counts for nothing until it is tested.",
    );
    out.push_str("\n## Summary\n\n");
    out.push_str("| id | hazard | initial | residual | status |\n|---|---|---|---|---|\n");
    for h in log {
        let status = h.summary.as_deref().unwrap_or(h.status.words());
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            h.id,
            h.title,
            h.initial.words(),
            h.residual.words(),
            status
        );
    }
    out.push('\n');
    wrap(
        &mut out,
        "",
        "",
        "Tests are named `file::function`; every one exists and passes (`cargo test`), which \
         `tests/it/safety.rs::hazard_log_cites_only_tests_that_exist` checks. Cases in the bad-input \
         corpus are named `tests/corpus/MANIFEST:case` and run by \
         `tests/it/corpus.rs::bad_input_corpus`.",
    );
    for h in log {
        let _ = write!(out, "\n---\n\n### {} {}\n\n", h.id, h.title);
        if let Some(origin) = &h.origin {
            wrap(&mut out, "", "", origin);
            out.push('\n');
        }
        let status = format!(
            "Status: **{}**. Owner: {}. Raised {}, reviewed {}.",
            h.status.words(),
            h.owner,
            h.raised,
            h.reviewed
        );
        wrap(&mut out, "", "", &status);
        out.push('\n');
        bullet(&mut out, "Cause.", &h.causes);
        bullet(&mut out, "Effect.", &h.effects);
        bullet(&mut out, "Harm.", &h.harm);
        bullet(&mut out, "Initial risk.", &h.initial.words());
        for c in &h.controls {
            let head = match c.kind {
                Kind::Control => "**Controls in hcp.**".to_string(),
                Kind::Planned => format!("**Planned** ({}):", c.issue.as_deref().unwrap_or("")),
                kind => {
                    let word = match kind {
                        Kind::Added => "Added",
                        Kind::Extended => "Extended",
                        _ => "Fixed",
                    };
                    match c.found.as_deref().or(c.date.as_deref()) {
                        Some(when) => format!("**{word}** ({when}):"),
                        None => format!("**{word}.**"),
                    }
                }
            };
            let mut text = format!("{head} {}", c.text);
            if !c.tests.is_empty() {
                text.push(' ');
                text.push_str(&tests_words(&c.tests));
            }
            wrap(&mut out, "- ", "  ", &text);
        }
        let mut residual = h.residual.words();
        residual.push('.');
        if let Some(j) = &h.residual_justification {
            residual.push(' ');
            residual.push_str(j);
        }
        bullet(&mut out, "Residual risk.", &residual);
        if let Some(notes) = &h.residual_notes {
            bullet(&mut out, "Residual.", notes);
        }
        if let Some(a) = &h.acceptance {
            bullet(&mut out, "Acceptance.", &acceptance_words(a));
        }
    }
    out
}

fn acceptance_words(a: &Acceptance) -> String {
    let decision = match a.decision {
        Decision::Accepted => "Accepted",
        Decision::NotAccepted => "Not accepted",
    };
    let blocks = if a.blocks.is_empty() {
        String::new()
    } else {
        format!(" Blocks the release of: {}.", a.blocks.join(", "))
    };
    format!(
        "{decision} by the {} on {}.{blocks} {}",
        a.by, a.date, a.rationale
    )
}

fn render_report(log: &[Hazard], evidence: &Evidence, plan: &str) -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut out = String::new();
    generated_note(&mut out);
    let _ = writeln!(out, "# Safety Case Report: hcp {version}\n");
    wrap(
        &mut out,
        "",
        "",
        "The DCB0129 Safety Case Report for this release of hcp, generated from the hazard log \
         (`docs/safety/hazard-log.yaml`) under the \
         [Clinical Risk Management Plan](clinical-risk-management-plan.md). It claims that the \
         clinical risks hcp can contribute to have been identified, scored by the plan's matrix, \
         reduced by controls that are each verified by tests, and that what remains is justified or \
         accepted as the plan requires; the evidence is below.",
    );
    out.push_str("\n## Release\n\n| | |\n|---|---|\n");
    let _ = writeln!(out, "| hcp version | {version} |");
    let _ = writeln!(out, "| commit | {} |", evidence.commit);
    let _ = writeln!(out, "| date | {} |", evidence.date);
    let _ = writeln!(
        out,
        "| tests (`CI=true cargo test --locked`, `.ci/run`) | {} |",
        evidence.tests
    );
    let _ = writeln!(
        out,
        "| hazard log | {} hazards, last reviewed {} |",
        log.len(),
        log.iter().map(|h| h.reviewed.as_str()).max().unwrap_or("")
    );
    let _ = writeln!(
        out,
        "| Clinical Safety Officer sign-off | *(role, name and date recorded by the publishing organisation)* |"
    );
    out.push_str("\n## How this report is made\n\n");
    wrap(
        &mut out,
        "",
        "",
        &format!(
            "`tests/it/safety.rs` renders this file from the log; the committed copy keeps the \
             evidence as placeholders and the test fails when it differs from the log (run \
             `{BLESS}`). Bumping the version in `Cargo.toml` changes it, so a release cannot leave \
             it behind. For a release, after `CI=true cargo test --locked` and `.ci/run` pass on \
             the release commit, run `HCP_RELEASE_COMMIT=$(git rev-parse HEAD) \
             HCP_RELEASE_DATE=$(date -I) HCP_RELEASE_TESTS=\"<the test summary lines>\" cargo test \
             --test it safety::`: it writes `target/safety/safety-case-report-{version}.md` with \
             the evidence filled in, the copy the Clinical Safety Officer signs and the release \
             publishes beside its binaries."
        ),
    );
    out.push_str("\n## Scope and intended use\n\n");
    let scope_start = plan.find("## 1. Scope and intended use").unwrap_or(0);
    let scope_end = plan[scope_start..]
        .find("## 2.")
        .map_or(plan.len(), |i| scope_start + i);
    let scope = plan[scope_start..scope_end]
        .lines()
        .skip(1)
        .collect::<Vec<_>>()
        .join("\n");
    out.push_str(scope.trim());
    out.push_str("\n\n## Hazards by residual risk\n\n");
    out.push_str("| residual risk | hazards |\n|---|---|\n");
    for risk in (1..=5).rev() {
        let ids: Vec<&str> = log
            .iter()
            .filter(|h| h.residual.risk() == risk)
            .map(|h| h.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "| {risk} | {} |",
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
    out.push_str("\n| status | hazards |\n|---|---|\n");
    for status in [
        Status::Open,
        Status::PartlyControlled,
        Status::Controlled,
        Status::Closed,
    ] {
        let ids: Vec<&str> = log
            .iter()
            .filter(|h| h.status == status)
            .map(|h| h.id.as_str())
            .collect();
        let _ = writeln!(
            out,
            "| {} | {} |",
            status.words(),
            if ids.is_empty() {
                "none".to_string()
            } else {
                ids.join(", ")
            }
        );
    }
    let tests: BTreeSet<&str> = log
        .iter()
        .flat_map(|h| &h.controls)
        .flat_map(|c| &c.tests)
        .map(|t| t.split(" (").next().unwrap_or(t))
        .collect();
    let _ = writeln!(
        out,
        "\n{} distinct tests and corpus cases verify the controls; every one exists and passes in the \
         run recorded above.",
        tests.len()
    );
    out.push_str("\n## Residual risks of 3 or more\n\n");
    for h in log.iter().filter(|h| h.residual.risk() >= 3) {
        let mut text = format!(
            "**{} {}** ({}; {}).",
            h.id,
            h.title,
            h.residual.words(),
            h.status.words()
        );
        if let Some(j) = &h.residual_justification {
            let _ = write!(text, " {j}");
        }
        if let Some(a) = &h.acceptance {
            let _ = write!(text, " {}", acceptance_words(a));
        }
        wrap(&mut out, "- ", "  ", &text);
    }
    out.push_str("\n## Open and planned controls\n\n");
    wrap(
        &mut out,
        "",
        "",
        "Controls not yet in hcp. They count for nothing in the residual scores above; a feature \
         named here may not be released until its control is tested and cited in the log.",
    );
    out.push('\n');
    for h in log {
        for c in h.controls.iter().filter(|c| c.kind == Kind::Planned) {
            let text = format!(
                "**{}** {} ({}): {}",
                h.id,
                h.title,
                c.issue.as_deref().unwrap_or(""),
                c.text
            );
            wrap(&mut out, "- ", "  ", &text);
        }
    }
    out.push_str("\n## Deployment\n\n");
    wrap(
        &mut out,
        "",
        "",
        "A service deploying hcp carries out its own DCB0160 assessment; what it must configure, \
         check and monitor is in the [hand-over](dcb0160-handover.md). Incidents are reported as \
         [`SAFETY.md`](../../SAFETY.md) says.",
    );
    out.push_str("\n## Conclusion\n\n");
    wrap(
        &mut out,
        "",
        "",
        "Subject to the Clinical Safety Officer's sign-off above, and to the release conditions in \
         the plan (no residual risk of 5, none of 4 without acceptance, no feature released while an \
         acceptance blocks it), this release is considered acceptably safe for its intended use. \
         Without that sign-off this report is the manufacturer's evidence only.",
    );
    out
}

// ---- provenance (H33) ---------------------------------------------------------------------------

fn run_in(args: &[&str], set: Option<&Path>) -> String {
    let mut cmd = crate::common::hcp();
    if let Some(set) = set {
        cmd.arg("--pathways").arg(set);
    }
    let output = cmd
        .current_dir(root())
        .args(args)
        .output()
        .expect("hcp runs");
    String::from_utf8(output.stdout).unwrap()
}

fn provenance_of(args: &[&str], set: Option<&Path>) -> serde_json::Value {
    let stdout = run_in(args, set);
    let value: serde_json::Value =
        serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{args:?}: {e}\n{stdout}"));
    value["provenance"].clone()
}

/// Every JSON envelope carries `provenance` (version, set, as-of date), the Markdown of `query` and
/// `assess` ends with it in words, and SARIF runs carry it in `properties`; the bundled set is
/// named with its review dates.
#[test]
fn every_json_envelope_and_markdown_footer_carries_provenance() {
    let version = env!("CARGO_PKG_VERSION");
    let commands: [&[&str]; 8] = [
        &["validate", "--format", "json"],
        &["query", "--age", "7w", "--format", "json"],
        &["list", "pathways", "--format", "json"],
        &["show", "universal.new-birth-visit", "--format", "json"],
        &["assess", "examples/universal.yaml", "--format", "json"],
        &["assess", "examples/", "--format", "json"],
        &[
            "assess",
            "examples/universal.yaml",
            "--today",
            "2026-11-30",
            "--format",
            "json",
        ],
        &["validate", "--format", "sarif"],
    ];
    for args in commands {
        let p = if args.contains(&"sarif") {
            let stdout = run_in(args, None);
            let v: serde_json::Value = serde_json::from_str(&stdout).unwrap();
            v["runs"][0]["properties"].clone()
        } else {
            provenance_of(args, None)
        };
        assert_eq!(p["hcp_version"], version, "{args:?}: {p}");
        assert_eq!(p["pathway_set"]["source"], "bundled", "{args:?}: {p}");
        assert!(p["pathway_set"]["next_review"].is_string(), "{args:?}: {p}");
        assert!(
            p["pathway_set"]["last_reviewed"].is_string(),
            "{args:?}: {p}"
        );
        let as_of = if args.contains(&"2026-11-30") {
            "2026-11-30"
        } else {
            crate::common::TODAY
        };
        assert_eq!(p["as_of"], as_of, "{args:?}: {p}");
    }
    for args in [
        &["query", "--age", "7w", "--format", "markdown"][..],
        &["assess", "examples/universal.yaml", "--format", "markdown"],
        &["assess", "examples/", "--format", "markdown"],
    ] {
        let stdout = run_in(args, None);
        let last = stdout.trim_end().lines().last().unwrap_or_default();
        assert!(
            last.starts_with(&format!(
                "*Made by hcp {version} from the bundled set (reviewed "
            )) && last.ends_with(", as of 3 December 2026.*"),
            "{args:?}: {last}"
        );
    }
}

/// A directory set is named by its path and a SHA-256 of its content: the same files give the same
/// hash wherever they are, and one changed byte gives another.
#[test]
fn a_directory_set_is_identified_by_a_content_hash() {
    let one = crate::common::bundled_copy();
    let two = crate::common::bundled_copy();
    let query = ["query", "--age", "7w", "--format", "json"];
    let a = provenance_of(&query, Some(one.path()));
    let b = provenance_of(&query, Some(two.path()));
    assert_eq!(a["pathway_set"]["source"], "directory");
    assert_eq!(
        a["pathway_set"]["path"],
        one.path().display().to_string().as_str()
    );
    let hash = a["pathway_set"]["sha256"].as_str().expect("a hash");
    assert_eq!(hash.len(), 64);
    assert!(hash.bytes().all(|c| c.is_ascii_hexdigit()));
    assert_eq!(a["pathway_set"]["sha256"], b["pathway_set"]["sha256"]);
    crate::common::edit(
        two.path(),
        "universal.yaml",
        "Newborn blood spot (heel prick) screening on day 5",
        "Newborn blood spot (heel prick) screening on day 5 ",
    );
    let c = provenance_of(&query, Some(two.path()));
    assert_ne!(a["pathway_set"]["sha256"], c["pathway_set"]["sha256"]);
    // The diff describes the changed set, and says so.
    let d = provenance_of(&["diff", "--format", "json"], Some(two.path()));
    assert_eq!(d["pathway_set"]["sha256"], c["pathway_set"]["sha256"]);
}

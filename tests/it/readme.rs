//! The README's examples and rules table, kept true: every `console` example is run and must match
//! its printed output exactly; every `hcp` command in `sh` blocks must run; the rules table must
//! match the rule registry.

use crate::common;

fn readme() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).expect("README")
}

/// Split a command line the way a POSIX shell would for simple quoting.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quote: Option<char> = None;
    let mut started = false;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                started = true;
            }
            (None, '#') if !started => break,
            (None, c) if c.is_whitespace() => {
                if started {
                    out.push(std::mem::take(&mut word));
                    started = false;
                }
            }
            (None, c) => {
                word.push(c);
                started = true;
            }
        }
    }
    if started {
        out.push(word);
    }
    out
}

/// A scratch directory holding `my-pathways/` (a copy of the bundled set) and `examples/`, as the
/// documented commands expect.
fn workdir() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    common::copy_dir(&root.join("pathways"), &dir.path().join("my-pathways"));
    common::copy_dir(&root.join("examples"), &dir.path().join("examples"));
    dir
}

/// Run a documented `hcp …` command line (redirections and pipes are the shell's business).
fn run_documented(line: &str, dir: &std::path::Path, origin: &str) {
    let command = line.trim().split(['>', '|']).next().unwrap_or_default();
    let args = words(command);
    let out = common::hcp()
        .args(&args[1..])
        .current_dir(dir)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "`{line}` from {origin} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn blocks(text: &str, lang: &str) -> Vec<String> {
    let fence = format!("```{lang}\n");
    text.split(&fence)
        .skip(1)
        .filter_map(|rest| rest.split("```").next().map(str::to_string))
        .collect()
}

#[test]
fn console_examples_match_exactly() {
    let text = readme();
    let examples = blocks(&text, "console");
    assert!(examples.len() >= 3);
    for block in examples {
        let (command, expected) = block.split_once('\n').expect("command line then output");
        let command = command.strip_prefix("$ ").expect("starts with $");
        let args = words(command);
        assert_eq!(args[0], "hcp");
        let out = common::hcp().args(&args[1..]).output().expect("runs");
        assert!(out.status.success(), "{command}");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            expected,
            "README example `{command}` is out of date"
        );
    }
}

#[test]
fn sh_examples_run() {
    let text = readme();
    let dir = workdir();
    for block in blocks(&text, "sh") {
        for line in block.lines() {
            let args = words(line);
            if args.first().map(String::as_str) != Some("hcp") {
                continue;
            }
            run_documented(line, dir.path(), "README");
        }
    }
}

#[test]
fn rules_table_matches_the_registry() {
    let text = readme();
    for rule in hcp::check::RULES {
        let row = format!(
            "| {} | {} | {} | {} |",
            rule.code,
            rule.severity.as_str(),
            rule.code.name(),
            rule.summary
        );
        assert!(
            text.contains(&row),
            "README rules table lacks or misstates:\n{row}"
        );
    }
}

#[test]
fn help_examples_run() {
    // Every `hcp …` line in a subcommand's --help "Examples:" section runs.
    let dir = workdir();
    for sub in common::SUBCOMMANDS {
        let help = common::run(&[sub, "--help"]);
        let help = String::from_utf8_lossy(&help.stdout).into_owned();
        let mut in_examples = false;
        let mut seen = 0;
        for line in help.lines() {
            if line.starts_with("Examples:") {
                in_examples = true;
                continue;
            }
            if in_examples && line.trim_start().starts_with("hcp ") {
                run_documented(line, dir.path(), &format!("`hcp {sub} --help`"));
                seen += 1;
            } else if in_examples && line.trim().is_empty() && seen > 0 {
                in_examples = false;
            }
        }
        assert!(seen >= 2, "`hcp {sub} --help` has fewer than two examples");
    }
}

#[test]
fn readme_assess_examples_and_sh_lines_use_today() {
    // `hcp assess` examples depend on the date; the README pins it with --today or HCP_TODAY.
    for line in readme()
        .lines()
        .filter(|l| l.trim_start().starts_with("hcp assess"))
    {
        assert!(
            line.contains("--today"),
            "README `{line}` should pin --today for a reproducible answer"
        );
    }
}

//! The sections of hcp's man pages that clap_mangen does not write: EXIT STATUS, ENVIRONMENT,
//! EXAMPLES (and the notes of a command's help), as roff.

use std::io::{self, Write};

/// Text made safe for roff: a backslash is `\e`, a hyphen `\-` (so options copy as typed), and
/// a line cannot start a request.
fn escape(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) {
        format!("\\&{escaped}")
    } else {
        escaped
    }
}

/// A tagged paragraph: `tag` in bold, then `body`.
fn tagged(out: &mut dyn Write, tag: &str, body: &str) -> io::Result<()> {
    writeln!(out, ".TP\n\\fB{}\\fR\n{}", escape(tag), escape(body))
}

/// The environment variables hcp reads, and what each does.
const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "HCP_PATHWAYS",
        "A pathway directory to load instead of the bundled set (as --pathways DIR).",
    ),
    (
        "HCP_TODAY",
        "The date (YYYY-MM-DD) validate checks review dates against and assess, schedule and kpi take as today (as --today; the flag wins).",
    ),
    (
        "HCP_CLOCK",
        "Replaces the system clock everywhere (YYYY-MM-DD), review dates included: for tests and reproducible runs.",
    ),
    (
        "NO_COLOR",
        "When set and not empty, no colour (unless --color always).",
    ),
    ("TERM", "When dumb, no colour (unless --color always)."),
    (
        "COLUMNS",
        "The width to wrap at on a terminal whose size cannot be read. Piped or redirected output is not wrapped unless --width is given.",
    ),
];

/// EXIT STATUS, ENVIRONMENT, then EXAMPLES and NOTES from a command's `after_help` (`Examples:`
/// and its indented `hcp …` lines; any other paragraph is a note). `diff` has its own exit
/// statuses.
pub fn man_sections(command: &str, after_help: &str, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, ".SH \"EXIT STATUS\"")?;
    let statuses: [(&str, &str); 3] = if command == "diff" {
        [
            ("0", "Both sets hold the same content."),
            ("1", "The sets differ."),
            (
                "2",
                "Either set cannot be loaded or has errors, or bad usage.",
            ),
        ]
    } else {
        [
            (
                "0",
                "Clean (validate: no errors; warnings allowed unless --strict).",
            ),
            (
                "1",
                "Findings or failed checks (a file not assessed, scheduled or counted).",
            ),
            ("2", "Could not run: bad usage, unreadable input."),
        ]
    };
    for (code, meaning) in statuses {
        tagged(out, code, meaning)?;
    }
    writeln!(out, ".SH ENVIRONMENT")?;
    for (name, meaning) in ENVIRONMENT {
        tagged(out, name, meaning)?;
    }
    let mut examples = Vec::new();
    let mut notes: Vec<String> = Vec::new();
    let mut in_examples = false;
    for line in after_help.lines() {
        let trimmed = line.trim();
        if trimmed == "Examples:" {
            in_examples = true;
        } else if in_examples && line.starts_with("  ") && trimmed.starts_with("hcp") {
            examples.push(trimmed.to_string());
        } else if trimmed.is_empty() {
            in_examples = false;
            notes.push(String::new());
        } else if !trimmed.starts_with("Exit codes:") && !line.starts_with("  ") {
            in_examples = false;
            match notes.last_mut() {
                Some(last) if !last.is_empty() => {
                    last.push(' ');
                    last.push_str(trimmed);
                }
                _ => notes.push(trimmed.to_string()),
            }
        }
    }
    if !examples.is_empty() {
        writeln!(out, ".SH EXAMPLES")?;
        for example in examples {
            writeln!(out, ".PP\n.RS 4\n.nf\n{}\n.fi\n.RE", escape(&example))?;
        }
    }
    let notes: Vec<&String> = notes.iter().filter(|n| !n.is_empty()).collect();
    if !notes.is_empty() {
        writeln!(out, ".SH NOTES")?;
        for note in notes {
            writeln!(out, ".PP\n{}", escape(note))?;
        }
    }
    Ok(())
}

/// SEE ALSO: the other pages.
pub fn see_also(pages: &[String], out: &mut dyn Write) -> io::Result<()> {
    if pages.is_empty() {
        return Ok(());
    }
    writeln!(out, ".SH \"SEE ALSO\"")?;
    let list: Vec<String> = pages
        .iter()
        .map(|p| format!("\\fB{}\\fR(1)", escape(p)))
        .collect();
    writeln!(out, "{}", list.join(", "))
}

//! The `hcp` command line: parses arguments, calls the library, prints, and exits 0/1/2.
//!
//! Every byte hcp writes goes through `hcp::render::sanitize::Sanitized` (stdout, stderr, and the
//! files `validate --format X=FILE` writes), so nothing from data, file names or arguments can
//! drive the terminal or forge a CI log line.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;
use hcp::render::sanitize::{self, Sanitized};

/// How many characters of one line of an error hcp prints (a 100 KB argument is not echoed whole).
const ERROR_LINE_CHARS: usize = 1_000;

fn main() -> ExitCode {
    if let Some(message) = hazardous_argument() {
        return could_not_run(&message);
    }
    let args = match cli::Cli::try_parse() {
        Ok(args) => args,
        Err(err) => return clap_error(&err),
    };
    let colour = cli::use_color(args.color);
    let own = colour.then_some(hcp::render::own_colour_sequence as sanitize::OwnSequence);
    let mut stdout = Sanitized::new(io::stdout().lock(), own);
    let result = cli::run(args, &mut stdout);
    let flushed = stdout.flush();
    match result.and_then(|code| flushed.map(|()| code).map_err(Into::into)) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => could_not_run(&format!("{err:#}")),
    }
}

/// `hcp: error: …` on stderr, on one line, and exit 2.
fn could_not_run(message: &str) -> ExitCode {
    let line = sanitize::one_line(message, ERROR_LINE_CHARS);
    let mut stderr = Sanitized::new(io::stderr().lock(), None);
    let _ = writeln!(stderr, "hcp: error: {line}");
    let _ = stderr.flush();
    ExitCode::from(cli::EXIT_COULD_NOT_RUN)
}

/// An argument holding a character that could forge a line or drive a terminal when an error
/// repeats it (a newline, ESC, a bidi override): refused before clap, which would echo it. Tab is
/// allowed.
fn hazardous_argument() -> Option<String> {
    std::env::args_os().enumerate().skip(1).find_map(|(i, arg)| {
        let text = arg.to_string_lossy();
        text.chars()
            .any(|c| sanitize::is_hazardous(c) || matches!(c, '\n' | '\r'))
            .then(|| {
                format!(
                    "argument {i} (`{}`) holds a control, bidi or zero-width character; hcp does not accept them in arguments",
                    sanitize::inline(&text)
                )
            })
    })
}

/// A usage error as clap words it, each line cut to a readable length, through the sanitiser;
/// help and version as clap prints them.
fn clap_error(err: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        err.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = err.print();
        return ExitCode::SUCCESS;
    }
    let text = err.render().to_string();
    let mut stderr = Sanitized::new(io::stderr().lock(), None);
    for line in text.lines() {
        let _ = writeln!(stderr, "{}", sanitize::cut(line, ERROR_LINE_CHARS));
    }
    let _ = stderr.flush();
    ExitCode::from(u8::try_from(err.exit_code()).unwrap_or(cli::EXIT_COULD_NOT_RUN))
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

//! The `hcp` command line: parses arguments, calls the library, prints, and exits 0/1/2.

#![warn(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod cli;

use std::io::{self, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let colour = cli::use_color(args.color);
    let mut stdout = Sanitized {
        inner: io::stdout().lock(),
        keep_escape: colour,
    };
    let result = cli::run(args, &mut stdout);
    let flushed = stdout.flush();
    match result.and_then(|code| flushed.map(|()| code).map_err(Into::into)) {
        Ok(code) => ExitCode::from(code),
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) => {
            let _ = writeln!(io::stderr(), "hcp: error: {err:#}");
            ExitCode::from(cli::EXIT_COULD_NOT_RUN)
        }
    }
}

fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Escapes control characters that came from input files (a NUL, a carriage return, an ESC
/// sequence in a YAML value) so data can never forge lines or drive the terminal. When hcp is
/// colouring, only its own four colour sequences pass (`hcp::render::own_colour_sequence`); any
/// other ESC, data's included, is escaped like the rest.
struct Sanitized<W: Write> {
    inner: W,
    keep_escape: bool,
}

impl<W: Write> Write for Sanitized<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let clean = |b: u8| b >= 0x20 && b != 0x7f || matches!(b, b'\n' | b'\t');
        if buf.iter().all(|b| clean(*b)) {
            return self.inner.write(buf);
        }
        let mut out = Vec::with_capacity(buf.len() + 8);
        let mut i = 0;
        while i < buf.len() {
            let b = buf[i];
            let own = (self.keep_escape && b == 0x1b)
                .then(|| hcp::render::own_colour_sequence(&buf[i..]))
                .flatten();
            if let Some(len) = own {
                out.extend_from_slice(&buf[i..i + len]);
                i += len;
                continue;
            }
            if clean(b) {
                out.push(b);
            } else {
                out.extend_from_slice(format!("\\x{b:02x}").as_bytes());
            }
            i += 1;
        }
        self.inner.write_all(&out)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

//! The command line: `newslint check`, `newslint rule` (and `newslint server`, handed to the
//! server module). Errors print once, in lower case, with their context chain; the exit code is
//! 0 (clean), 1 (findings at or above `--fail-on`) or 2 (an error). A closed stdout pipe is not
//! an error.

pub mod args;
pub mod check;
pub mod docs;
pub mod files;
pub mod full;
pub mod output;
pub mod rule;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub fn main() -> ExitCode {
    let cli = args::Cli::parse();
    if let args::Command::Server(_) = cli.command {
        // The server owns stdout for JSON-RPC: hand off before anything locks it.
        return crate::server::run();
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = match cli.command {
        args::Command::Check(mut a) => {
            a.color =
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never;
            check::run(&a, &mut out, &mut err).map(|o| {
                if o.errors > 0 {
                    2
                } else if o.failing > 0 {
                    1
                } else {
                    0
                }
            })
        }
        args::Command::Rule(a) => rule::run(a.name.as_deref(), &mut out).map(|_| 0),
        args::Command::Server(_) => Ok(0),
    };
    let flushed = out.flush();
    match result {
        Ok(code) => {
            if let Err(e) = flushed {
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    let _ = writeln!(err, "error: cannot write output: {e}");
                    return ExitCode::from(2);
                }
            }
            ExitCode::from(code)
        }
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

//! The command line: `newslint check` and `newslint rule`. Errors print once, in lower case,
//! with their context; the exit code is 0 (no finding at or above `--fail-on`), 1 (findings;
//! with `--diff`, changes to make) or 2 (an error). A closed stdout pipe is not an error: the
//! run stops quietly with 0.

pub mod args;
pub mod check;
pub mod docs;
pub mod files;
pub mod fix;
pub mod full;
pub mod github;
pub mod output;
pub mod rule;
pub mod sarif;
pub mod stats;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

/// Whether a stream gets colour: never with `NO_COLOR`, always with `CLICOLOR_FORCE`, else
/// only on a terminal that supports it.
fn wants_color(stream: &impl anstream::stream::RawStream) -> bool {
    anstream::AutoStream::choice(stream) != anstream::ColorChoice::Never
}

pub fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut err = std::io::stderr();
    let result = match cli.command {
        args::Command::Check(a) => {
            let colors = check::Colors {
                stdout: wants_color(&std::io::stdout()),
                stderr: wants_color(&std::io::stderr()),
            };
            check::run(&a, colors, &mut out, &mut err).map(|o| o.exit_code())
        }
        args::Command::Rule(a) => rule::run(a.name.as_deref(), a.format, &mut out).map(|_| 0),
    };
    let flushed = out.flush();
    match result {
        Ok(code) => match flushed {
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(e) => {
                let _ = writeln!(err, "error: cannot write output: {}", files::io_reason(&e));
                ExitCode::from(2)
            }
            Ok(()) => ExitCode::from(code),
        },
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(err, "error: {e:#}");
            ExitCode::from(2)
        }
    }
}

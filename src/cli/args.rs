//! Command-line arguments: each flag defined once, here.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "newslint",
    version,
    about = "Checks news copy for unsourced claims, inconsistent naming and leftover page chrome",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check stories (files or directories; `-` reads standard input).
    Check(CheckArgs),
    /// List the rules, or print one rule's documentation.
    Rule(RuleArgs),
    /// Run the language server (LSP over standard input and output).
    Server(ServerArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style snippets with the span underlined.
    Full,
    /// One line per diagnostic: path:line:col: severity [rule] message.
    Concise,
    /// A JSON array (the stable contract documented in the README).
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// GitHub Actions workflow commands (::warning file=…).
    Github,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Error,
    Warning,
    Info,
    Hint,
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory). `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Apply safe fixes in place.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (editorial choices).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing.
    #[arg(long, conflicts_with = "fix")]
    pub diff: bool,
    /// Only these rules or families (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub select: Vec<String>,
    /// Skip these rules or families (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    pub ignore: Vec<String>,
    /// Exit 1 when a diagnostic at or above this severity is found.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Print counts per rule (and a sourcing summary per file) instead of each diagnostic.
    #[arg(long)]
    pub statistics: bool,
    /// Use this config file instead of looking for newslint.toml next to each file.
    #[arg(long)]
    pub config: Option<PathBuf>,
    /// The file name to report (and to pick Markdown or plain text by) for stdin.
    #[arg(long)]
    pub stdin_filename: Option<String>,
    /// Whether to colour the output: set from the terminal and NO_COLOR, not a flag.
    #[arg(skip)]
    pub color: bool,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule name. Without it, every rule is listed.
    pub name: Option<String>,
}

#[derive(Debug, clap::Args)]
pub struct ServerArgs {
    /// Accepted for clients that pass it; stdio is the only transport.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

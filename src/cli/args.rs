//! Command-line arguments: each flag defined once, here. The help text of every flag comes from
//! its doc comment.

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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Snippets in the style of rustc, with the span underlined.
    Full,
    /// One line per diagnostic: path:line:col: severity [rule] message.
    Concise,
    /// A JSON array (the stable contract documented in the README).
    Json,
    /// SARIF 2.1.0, for code-scanning services.
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

impl FailOn {
    pub fn severity(self) -> crate::core::Severity {
        use crate::core::Severity;
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Info => Severity::Info,
            FailOn::Hint => Severity::Hint,
        }
    }
}

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or directories to check (default: the current directory). `-` reads stdin.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Full)]
    pub format: Format,
    /// Apply safe fixes in place, then report what is left. With `-`, print the fixed text.
    #[arg(long)]
    pub fix: bool,
    /// With --fix or --diff, also apply unsafe fixes (editorial choices).
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// Print the fixes as a unified diff and write nothing; exit 1 if anything would change.
    #[arg(long, conflicts_with_all = ["fix", "statistics"])]
    pub diff: bool,
    /// Only these rules or families (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|FAMILY")]
    pub select: Vec<String>,
    /// Skip these rules or families (comma-separated or repeated).
    #[arg(long, value_delimiter = ',', value_name = "RULE|FAMILY")]
    pub ignore: Vec<String>,
    /// Exit 1 when a diagnostic at or above this severity is found.
    #[arg(long, value_enum, default_value_t = FailOn::Warning)]
    pub fail_on: FailOn,
    /// Print counts per rule instead of each diagnostic (a JSON object with --format json).
    #[arg(long)]
    pub statistics: bool,
    /// Use this config file instead of looking for newslint.toml next to each file.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The file name to report for stdin; it also picks Markdown or plain text and the config.
    /// Given with no path, stdin is read.
    #[arg(long, value_name = "PATH")]
    pub stdin_filename: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RuleFormat {
    /// A table of rules, or one rule's documentation in Markdown.
    Text,
    /// JSON: an array of rules, or one rule with its documentation.
    Json,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// A rule name. Without it, every rule is listed.
    pub name: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    pub format: RuleFormat,
}

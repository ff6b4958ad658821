//! `--statistics`: how many diagnostics each rule drew, instead of the diagnostics themselves.
//!
//! Rows are per rule and severity (one row per rule unless configs give a rule different
//! severities in different directories), sorted by count (most first), then rule, then
//! severity from most to least severe. As text, a table; with `--format json`, an object:
//!
//! ```json
//! {
//!   "files": 3,
//!   "files_with_diagnostics": 1,
//!   "diagnostics": 4,
//!   "rules": [
//!     { "rule": "mixed-quote-style", "family": "naming", "severity": "warning",
//!       "count": 4, "fixable": 4, "unsafe_fixable": 0 }
//!   ],
//!   "sourcing": [
//!     { "path": "a.md", "named": 9, "anonymous_with_reason": 1,
//!       "anonymous_without_reason": 1, "vague": 2, "agentless": 1, "unsourced": 4,
//!       "unattributed_quotes": 0 }
//!   ]
//! }
//! ```
//!
//! `sourcing` is each story's sourcing summary: how many of its attributions name a source,
//! how many are anonymous (with and without a stated reason), vague or agentless, and how many
//! disputable statements and quotations have no source. As text it follows the table, a line
//! per story: `a.md  Sourcing: 9 named · 2 anonymous (1 without reason) · 3 vague · 4
//! unsourced`.
//!
//! `fixable` counts diagnostics whose fix `--fix` applies (safe fixes); `unsafe_fixable` those
//! that need `--unsafe-fixes`.

use crate::cli::output::Report;
use crate::core::attribution::SourcingSummary;
use crate::core::{Safety, Severity};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

#[derive(Serialize)]
pub struct Statistics {
    pub files: usize,
    pub files_with_diagnostics: usize,
    pub diagnostics: usize,
    pub rules: Vec<RuleCount>,
    pub sourcing: Vec<FileSourcing>,
}

/// One story's sourcing summary (the core's `SourcingSummary`, as output).
#[derive(Serialize)]
pub struct FileSourcing {
    pub path: String,
    pub named: usize,
    pub anonymous_with_reason: usize,
    pub anonymous_without_reason: usize,
    pub vague: usize,
    pub agentless: usize,
    pub unsourced: usize,
    pub unattributed_quotes: usize,
    #[serde(skip)]
    pub line: String,
}

#[derive(Serialize)]
pub struct RuleCount {
    pub rule: &'static str,
    pub family: &'static str,
    pub severity: &'static str,
    pub count: usize,
    pub fixable: usize,
    pub unsafe_fixable: usize,
}

pub fn collect(reports: &[Report], sourcing: &[(String, SourcingSummary)]) -> Statistics {
    let mut by_rule: BTreeMap<(&'static str, std::cmp::Reverse<Severity>), RuleCount> =
        BTreeMap::new();
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        let row = by_rule
            .entry((d.rule.name, std::cmp::Reverse(d.severity)))
            .or_insert_with(|| RuleCount {
                rule: d.rule.name,
                family: d.rule.family.as_str(),
                severity: d.severity.as_str(),
                count: 0,
                fixable: 0,
                unsafe_fixable: 0,
            });
        row.count += 1;
        match d.fix.as_ref().map(|f| f.safety) {
            Some(Safety::Safe) => row.fixable += 1,
            Some(Safety::Unsafe) => row.unsafe_fixable += 1,
            _ => {}
        }
    }
    let mut rules: Vec<RuleCount> = by_rule.into_values().collect();
    // Stable: ties keep the map's rule-then-severity order.
    rules.sort_by_key(|r| std::cmp::Reverse(r.count));
    Statistics {
        files: reports.len(),
        files_with_diagnostics: reports.iter().filter(|r| !r.diagnostics.is_empty()).count(),
        diagnostics: rules.iter().map(|r| r.count).sum(),
        rules,
        sourcing: sourcing
            .iter()
            .map(|(path, s)| FileSourcing {
                path: path.clone(),
                named: s.named,
                anonymous_with_reason: s.anonymous_with_reason,
                anonymous_without_reason: s.anonymous_without_reason,
                vague: s.vague,
                agentless: s.agentless,
                unsourced: s.unsourced,
                unattributed_quotes: s.unattributed_quotes,
                line: s.to_string(),
            })
            .collect(),
    }
}

pub fn write_json(out: &mut dyn Write, stats: &Statistics) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, stats)?;
    writeln!(out)
}

pub fn write_text(out: &mut dyn Write, stats: &Statistics) -> io::Result<()> {
    write_rules(out, stats)?;
    if !stats.sourcing.is_empty() {
        let width = stats
            .sourcing
            .iter()
            .map(|s| s.path.chars().count())
            .max()
            .unwrap_or(0);
        writeln!(out)?;
        for s in &stats.sourcing {
            writeln!(out, "{:<width$}  {}", s.path, s.line)?;
        }
    }
    Ok(())
}

fn write_rules(out: &mut dyn Write, stats: &Statistics) -> io::Result<()> {
    if stats.rules.is_empty() {
        return writeln!(
            out,
            "no diagnostics in {} {}",
            stats.files,
            plural(stats.files, "file", "files")
        );
    }
    let width = stats
        .rules
        .iter()
        .map(|r| r.rule.len())
        .max()
        .unwrap_or(4)
        .max(4);
    writeln!(
        out,
        "{:>5}  {:<width$}  {:<8}  {:<8}  fixable",
        "count", "rule", "family", "severity"
    )?;
    for r in &stats.rules {
        let fixable = match (r.fixable, r.unsafe_fixable) {
            (0, 0) => String::new(),
            (s, 0) => s.to_string(),
            (s, u) => format!("{s} (+{u} unsafe)"),
        };
        writeln!(
            out,
            "{:>5}  {:<width$}  {:<8}  {:<8}  {fixable}",
            r.count, r.rule, r.family, r.severity
        )?;
    }
    writeln!(
        out,
        "{} {} in {} of {} {}",
        stats.diagnostics,
        plural(stats.diagnostics, "diagnostic", "diagnostics"),
        stats.files_with_diagnostics,
        stats.files,
        plural(stats.files, "file", "files")
    )
}

pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 {
        one
    } else {
        many
    }
}

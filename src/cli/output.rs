//! Output formats shared by every reporter: one checked story ([`Report`]), positions, the
//! JSON contract and the concise format. The JSON types here are a versioned contract
//! (documented in the README): they are defined at this edge, never as serde derives on core
//! types.

use crate::cli::files::Story;
use crate::core::{Diagnostic, LineIndex, Related};
use serde::Serialize;
use std::collections::HashMap;
use std::io::{self, Write};

/// One checked story and what was found in it.
pub struct Report {
    pub story: Story,
    pub lines: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    pub fn new(story: Story, diagnostics: Vec<Diagnostic>) -> Report {
        let lines = LineIndex::new(&story.text);
        Report {
            story,
            lines,
            diagnostics,
        }
    }

    /// 1-based line and column (Unicode scalar values) of a byte offset in the text.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let lc = self.lines.line_col(&self.story.text, offset);
        (lc.line + 1, lc.col + 1)
    }

    /// Byte offset in the file on disk (the byte order mark counts).
    pub fn disk_offset(&self, offset: usize) -> usize {
        offset + if self.story.bom { 3 } else { 0 }
    }
}

/// Finds the report for a related location in another document.
pub type Lookup<'a> = dyn Fn(&str) -> Option<&'a Report> + 'a;

/// Reports by path, for related locations in other stories.
pub fn index(reports: &[Report]) -> HashMap<&str, &Report> {
    reports.iter().map(|r| (r.story.path.as_str(), r)).collect()
}

/// The path and 1-based start position of a related location.
pub fn related_position(
    report: &Report,
    related: &Related,
    lookup: &Lookup,
) -> (String, usize, usize) {
    let (path, start, _) = related_span(report, related, lookup);
    (path, start.0, start.1)
}

/// The path and 1-based start and end positions of a related location; a location in a story
/// that was not checked in this run points at its first character.
pub fn related_span(
    report: &Report,
    related: &Related,
    lookup: &Lookup,
) -> (String, (usize, usize), (usize, usize)) {
    let in_report = |r: &Report| {
        (
            r.position(related.range.start),
            r.position(related.range.end),
        )
    };
    match &related.document {
        None => {
            let (s, e) = in_report(report);
            (report.story.path.clone(), s, e)
        }
        Some(other) => match lookup(other) {
            Some(r) => {
                let (s, e) = in_report(r);
                (other.clone(), s, e)
            }
            None => (other.clone(), (1, 1), (1, 1)),
        },
    }
}

/// Every diagnostic of every report, in output order: by path, then offset, then rule.
pub fn ordered(reports: &[Report]) -> Vec<(&Report, &Diagnostic)> {
    let mut all: Vec<(&Report, &Diagnostic)> = reports
        .iter()
        .flat_map(|r| r.diagnostics.iter().map(move |d| (r, d)))
        .collect();
    all.sort_by(|(ra, a), (rb, b)| {
        (ra.story.path.as_str(), a.sort_key()).cmp(&(rb.story.path.as_str(), b.sort_key()))
    });
    all
}

/// One diagnostic in the JSON contract. The field order is the key order of the output.
#[derive(Serialize)]
pub struct JsonDiagnostic<'a> {
    pub path: &'a str,
    pub rule: &'static str,
    pub family: &'static str,
    pub severity: &'static str,
    pub message: &'a str,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub byte_start: usize,
    pub byte_end: usize,
    pub fix: Option<JsonFix>,
    pub related: Vec<JsonRelated>,
}

#[derive(Serialize)]
pub struct JsonFix {
    pub safety: &'static str,
    pub edits: Vec<JsonEdit>,
}

#[derive(Serialize)]
pub struct JsonEdit {
    pub byte_start: usize,
    pub byte_end: usize,
    pub replacement: String,
}

#[derive(Serialize)]
pub struct JsonRelated {
    pub path: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// The JSON contract's objects, sorted by path, then `byte_start`, then rule.
pub fn json_diagnostics<'a>(reports: &'a [Report], lookup: &Lookup<'a>) -> Vec<JsonDiagnostic<'a>> {
    let mut out = Vec::new();
    for (r, d) in ordered(reports) {
        let (line, column) = r.position(d.range.start);
        let (end_line, end_column) = r.position(d.range.end);
        out.push(JsonDiagnostic {
            path: &r.story.path,
            rule: d.rule.name,
            family: d.rule.family.as_str(),
            severity: d.severity.as_str(),
            message: &d.message,
            line,
            column,
            end_line,
            end_column,
            byte_start: r.disk_offset(d.range.start),
            byte_end: r.disk_offset(d.range.end),
            fix: d.fix.as_ref().map(|f| JsonFix {
                safety: f.safety.as_str(),
                edits: f
                    .edits
                    .iter()
                    .map(|e| JsonEdit {
                        byte_start: r.disk_offset(e.range.start),
                        byte_end: r.disk_offset(e.range.end),
                        replacement: e.replacement.clone(),
                    })
                    .collect(),
            }),
            related: d
                .related
                .iter()
                .map(|rel| {
                    let (path, line, column) = related_position(r, rel, lookup);
                    JsonRelated {
                        path,
                        line,
                        column,
                        message: rel.message.clone(),
                    }
                })
                .collect(),
        });
    }
    // `ordered` sorts by text offset; the disk offset differs from it by the same amount
    // within a file, so this sort only makes the contract's order explicit.
    out.sort_by(|a, b| (a.path, a.byte_start, a.rule).cmp(&(b.path, b.byte_start, b.rule)));
    out
}

pub fn write_json<'a>(
    out: &mut dyn Write,
    reports: &'a [Report],
    lookup: &Lookup<'a>,
) -> io::Result<()> {
    let items = json_diagnostics(reports, lookup);
    serde_json::to_writer_pretty(&mut *out, &items)?;
    writeln!(out)
}

/// One line per diagnostic: `path:line:column: severity [rule] message`.
pub fn write_concise(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for (r, d) in ordered(reports) {
        let (line, col) = r.position(d.range.start);
        writeln!(
            out,
            "{}:{line}:{col}: {} [{}] {}",
            r.story.path,
            d.severity.as_str(),
            d.rule.name,
            d.message
        )?;
    }
    Ok(())
}

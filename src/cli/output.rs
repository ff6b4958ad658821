//! Output formats. The JSON types here are a versioned contract (documented in the README):
//! they are defined at this edge, never as serde derives on core types.

use crate::cli::files::Story;
use crate::core::{Diagnostic, LineIndex};
use serde::Serialize;
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

    /// 1-based line and column (Unicode scalar values) of a byte offset.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let lc = self.lines.line_col(&self.story.text, offset);
        (lc.line + 1, lc.col + 1)
    }

    /// Byte offset in the file on disk (the byte order mark counts).
    pub fn disk_offset(&self, offset: usize) -> usize {
        offset + if self.story.bom { 3 } else { 0 }
    }
}

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

/// Finds the report for a related location in another document.
pub type Lookup<'a> = dyn Fn(&str) -> Option<&'a Report> + 'a;

pub fn related_position(
    report: &Report,
    related: &crate::core::Related,
    lookup: &Lookup,
) -> (String, usize, usize) {
    match &related.document {
        None => {
            let (l, c) = report.position(related.range.start);
            (report.story.path.clone(), l, c)
        }
        Some(other) => match lookup(other) {
            Some(r) => {
                let (l, c) = r.position(related.range.start);
                (other.clone(), l, c)
            }
            None => (other.clone(), 1, 1),
        },
    }
}

pub fn json_diagnostics<'a>(reports: &'a [Report], lookup: &Lookup<'a>) -> Vec<JsonDiagnostic<'a>> {
    let mut out = Vec::new();
    for r in reports {
        for d in &r.diagnostics {
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
    }
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

pub fn write_concise(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for r in reports {
        for d in &r.diagnostics {
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
    }
    Ok(())
}

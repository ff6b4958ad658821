//! The `full` format: each diagnostic as a rustc-style snippet with its span underlined, the
//! fix (if any) as a help line, and related locations as notes.

use crate::cli::output::{ordered, related_position, Lookup, Report};
use crate::core::{Diagnostic, Severity};
use annotate_snippets::{Level, Renderer, Snippet};
use std::io::{self, Write};

fn level(severity: Severity) -> Level {
    match severity {
        Severity::Error => Level::Error,
        Severity::Warning => Level::Warning,
        Severity::Info => Level::Info,
        Severity::Hint => Level::Help,
    }
}

/// Renders one diagnostic. Only the lines it spans are handed to the renderer, so a large
/// story with many diagnostics stays linear.
pub fn render(report: &Report, d: &Diagnostic, lookup: &Lookup, color: bool) -> String {
    let text = &report.story.text;
    let first = report.lines.line_of(d.range.start);
    let last = report
        .lines
        .line_of(d.range.end.saturating_sub(1).max(d.range.start));
    let start = report.lines.line_start(first);
    let end = report
        .lines
        .line_range(text, last)
        .end
        .max(d.range.end.min(text.len()));
    let source = &text[start..end];
    let span = d.range.start - start..d.range.end.min(end) - start;
    // The renderer appends the line and column to the origin itself.
    let origin = report.story.path.as_str();
    let snippet = Snippet::source(source)
        .line_start(first + 1)
        .origin(origin)
        .fold(true)
        .annotation(level(d.severity).span(span).label(""));
    let title = d.message.as_str();
    let fix_line = d
        .fix
        .as_ref()
        .map(|f| format!("{} ({} fix)", f.title, f.safety.as_str()));
    let related: Vec<String> = d
        .related
        .iter()
        .map(|r| {
            let (path, l, c) = related_position(report, r, lookup);
            format!("{path}:{l}:{c}: {}", r.message)
        })
        .collect();
    let mut message = level(d.severity)
        .title(title)
        .id(d.rule.name)
        .snippet(snippet);
    if let Some(f) = &fix_line {
        message = message.footer(Level::Help.title(f));
    }
    for r in &related {
        message = message.footer(Level::Note.title(r));
    }
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let rendered = renderer.render(message).to_string();
    rendered
}

pub fn write(
    out: &mut dyn Write,
    reports: &[Report],
    lookup: &Lookup,
    color: bool,
) -> io::Result<()> {
    for (r, d) in ordered(reports) {
        writeln!(out, "{}\n", render(r, d, lookup, color))?;
    }
    Ok(())
}

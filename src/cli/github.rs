//! The `github` format: one GitHub Actions workflow command per diagnostic, which the runner
//! turns into an annotation on the pull request:
//!
//! ```text
//! ::warning file=story.md,line=3,col=5,endLine=3,endColumn=9,title=mixed-quote-style::message
//! ```
//!
//! Escaping follows the workflow-command rules: in the message, `%`, CR and LF become `%25`,
//! `%0D` and `%0A`; in property values `:` and `,` also become `%3A` and `%2C`. Severity maps
//! error → `error`, warning → `warning`, info and hint → `notice`.

use crate::cli::output::{ordered, Report};
use crate::core::Severity;
use std::io::{self, Write};

/// Escapes a workflow command's message.
pub fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a workflow command's property value.
pub fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// The path GitHub should annotate, relative to the workspace: as given without a leading
/// `./`, and an absolute path under the current directory made relative to it.
fn annotation_path(path: &str) -> String {
    let path = crate::cli::files::display_path(std::path::Path::new(path));
    let mut p = path.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    p.to_string()
}

pub fn write(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for (r, d) in ordered(reports) {
        let (line, col) = r.position(d.range.start);
        let (end_line, end_col) = r.position(d.range.end);
        writeln!(
            out,
            "::{} file={},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
            command(d.severity),
            escape_property(&annotation_path(&r.story.path)),
            escape_property(d.rule.name),
            escape_data(&d.message),
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_follow_the_workflow_command_rules() {
        assert_eq!(
            escape_data("50% of a:b,c\r\nnext"),
            "50%25 of a:b,c%0D%0Anext"
        );
        assert_eq!(escape_property("dir,x/a:b%.md"), "dir%2Cx/a%3Ab%25.md");
        assert_eq!(annotation_path("././a/b.md"), "a/b.md");
    }
}

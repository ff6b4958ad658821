//! Suppression comments, in Markdown and plain text alike:
//!
//! - `<!-- newslint-disable-next-line RULE[, RULE…] -->` silences the line after the comment;
//! - `<!-- newslint-disable RULE… -->` … `<!-- newslint-enable RULE… -->` silences a region.
//!
//! With no rule named, every rule is silenced. A family name (`sourcing`, `naming`, `chrome`)
//! stands for its rules.

use crate::core::diagnostic::Diagnostic;
use crate::core::line_index::LineIndex;
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

static DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*newslint-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("valid regex")
});

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    DisableNextLine,
    Disable,
    Enable,
}

#[derive(Debug, Clone)]
pub struct Directive {
    pub kind: DirectiveKind,
    /// The whole comment.
    pub range: Range<usize>,
    /// Rule or family names; empty means every rule.
    pub rules: Vec<String>,
}

impl Directive {
    fn covers(&self, rule: &str, family: &str) -> bool {
        self.rules.is_empty() || self.rules.iter().any(|r| r == rule || r == family)
    }
}

/// What every directive holds, on one line: text without it has no directive.
pub(crate) const MARK: &[u8] = b"newslint-";

/// Whether `text` may hold a directive.
pub(crate) fn marked(text: &str) -> bool {
    memchr::memmem::find(text.as_bytes(), MARK).is_some()
}

pub(crate) fn parse(text: &str) -> Vec<Directive> {
    if !marked(text) {
        return Vec::new();
    }
    DIRECTIVE
        .captures_iter(text)
        .map(|c| {
            let kind = match &c[1] {
                "disable-next-line" => DirectiveKind::DisableNextLine,
                "disable" => DirectiveKind::Disable,
                _ => DirectiveKind::Enable,
            };
            let rules = c[2]
                .split(|ch: char| ch == ',' || ch.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            Directive {
                kind,
                range: c.get(0).expect("whole match").range(),
                rules,
            }
        })
        .collect()
}

/// Removes the diagnostics the directives silence.
pub(crate) fn apply(
    directives: &[Directive],
    lines: &LineIndex,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if directives.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        let line = lines.line_of(d.range.start);
        let (rule, family) = (d.rule.name, d.rule.family.as_str());
        // Next-line directives.
        let next_line = directives.iter().any(|dir| {
            dir.kind == DirectiveKind::DisableNextLine
                && lines.line_of(dir.range.end) + 1 == line
                && dir.covers(rule, family)
        });
        if next_line {
            return false;
        }
        // Regions: the last disable/enable before the diagnostic that covers this rule wins.
        let mut disabled = false;
        for dir in directives {
            if dir.range.start > d.range.start {
                break;
            }
            if !dir.covers(rule, family) {
                continue;
            }
            match dir.kind {
                DirectiveKind::Disable => disabled = true,
                DirectiveKind::Enable => disabled = false,
                DirectiveKind::DisableNextLine => {}
            }
        }
        !disabled
    });
}

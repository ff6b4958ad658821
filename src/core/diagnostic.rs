//! What a rule reports: a byte range, a message, a severity, and optionally a fix and related
//! locations. These are core types: no serde, no line/column (the edges convert).

use crate::core::rule::RuleMeta;
use std::ops::Range;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Hint,
    Info,
    Warning,
    Error,
}

impl Severity {
    pub const ALL: [Severity; 4] = [
        Severity::Error,
        Severity::Warning,
        Severity::Info,
        Severity::Hint,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    pub fn parse(s: &str) -> Option<Severity> {
        Severity::ALL.into_iter().find(|v| v.as_str() == s)
    }
}

/// How far a fix can be trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Safety {
    /// Keeps the meaning: may be applied on save and by `--fix`.
    Safe,
    /// Makes an editorial choice: applied only with `--unsafe-fixes` or by hand.
    Unsafe,
    /// Advice only: never applied automatically.
    DisplayOnly,
}

impl Safety {
    pub fn as_str(self) -> &'static str {
        match self {
            Safety::Safe => "safe",
            Safety::Unsafe => "unsafe",
            Safety::DisplayOnly => "display-only",
        }
    }
}

/// One replacement of a byte range of the original text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub range: Range<usize>,
    pub replacement: String,
}

impl Edit {
    pub fn delete(range: Range<usize>) -> Edit {
        Edit {
            range,
            replacement: String::new(),
        }
    }

    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Edit {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// A short imperative title, e.g. "Replace with “U.S.”".
    pub title: String,
    pub safety: Safety,
    /// Non-overlapping edits, sorted by start.
    pub edits: Vec<Edit>,
}

impl Fix {
    pub fn new(title: impl Into<String>, safety: Safety, mut edits: Vec<Edit>) -> Fix {
        edits.sort_by_key(|e| (e.range.start, e.range.end));
        Fix {
            title: title.into(),
            safety,
            edits,
        }
    }
}

/// Another place that explains a diagnostic, in this document or another one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    /// `None` for the same document; otherwise the other document's identifier (its path).
    pub document: Option<String>,
    pub range: Range<usize>,
    pub message: String,
}

#[derive(Debug, Clone)]
pub struct Diagnostic {
    pub rule: &'static RuleMeta,
    pub severity: Severity,
    pub message: String,
    pub range: Range<usize>,
    pub fix: Option<Fix>,
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn with_fix(&mut self, fix: Fix) -> &mut Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_related(
        &mut self,
        document: Option<String>,
        range: Range<usize>,
        message: impl Into<String>,
    ) -> &mut Self {
        self.related.push(Related {
            document,
            range,
            message: message.into(),
        });
        self
    }

    /// The order every front end shows diagnostics in: by offset, then rule name.
    pub fn sort_key(&self) -> (usize, &'static str, usize) {
        (self.range.start, self.rule.name, self.range.end)
    }
}

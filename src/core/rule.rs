//! What a rule is: its metadata (name, family, default severity, status, fix availability and
//! documentation) and the function that checks an article.

use crate::core::article::Article;
use crate::core::config::Config;
use crate::core::diagnostic::{Diagnostic, Severity};
use crate::core::document::Document;
use std::ops::Range;

/// The three things newslint looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Family {
    Sourcing,
    Naming,
    Chrome,
}

impl Family {
    pub const ALL: [Family; 3] = [Family::Sourcing, Family::Naming, Family::Chrome];

    pub fn as_str(self) -> &'static str {
        match self {
            Family::Sourcing => "sourcing",
            Family::Naming => "naming",
            Family::Chrome => "chrome",
        }
    }

    pub fn parse(name: &str) -> Option<Family> {
        Family::ALL.into_iter().find(|f| f.as_str() == name)
    }
}

/// Whether a rule runs by default.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// On by default.
    Stable,
    /// Off unless selected or enabled in config: still being shaped.
    Preview,
}

/// Whether a rule can offer a fix, and of which kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    None,
    Sometimes,
    Always,
}

/// A rule's metadata. Built by [`declare_rule!`](crate::declare_rule) in the rule's own file.
#[derive(Debug)]
pub struct RuleMeta {
    /// The kebab-case name: the rule's only ID.
    pub name: &'static str,
    pub family: Family,
    pub default_severity: Severity,
    pub status: Status,
    pub fix: FixAvailability,
    /// The rule's doc comment as written (each line keeps the space after `///`); read it
    /// through [`RuleMeta::doc`].
    pub doc_comment: &'static str,
}

impl RuleMeta {
    /// The rule's documentation, in Markdown.
    pub fn doc(&self) -> String {
        let mut out = String::with_capacity(self.doc_comment.len());
        for line in self.doc_comment.lines() {
            out.push_str(line.strip_prefix(' ').unwrap_or(line));
            out.push('\n');
        }
        out
    }

    /// The first paragraph of the "What it flags" section, on one line, for listings and
    /// hovers.
    pub fn summary(&self) -> String {
        self.section("What it flags")
            .and_then(|s| {
                s.split("\n\n")
                    .next()
                    .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            })
            .unwrap_or_default()
    }

    /// The text of one `## Heading` section of the documentation.
    pub fn section(&self, heading: &str) -> Option<String> {
        let doc = self.doc();
        let marker = format!("## {heading}\n");
        let start = doc.find(&marker)? + marker.len();
        let rest = &doc[start..];
        let end = rest.find("\n## ").map(|i| i + 1).unwrap_or(rest.len());
        Some(rest[..end].trim().to_string())
    }
}

/// How a rule looks at a story.
#[derive(Clone, Copy)]
pub enum Check {
    /// Judged within a section of the story: a run of paragraphs, parsed with one paragraph of
    /// context on either side. Only diagnostics that start in the section itself are kept.
    /// Results are cached per section, so an edit re-runs the rule on one section only.
    /// Offsets are relative to the article the rule is given.
    Section(fn(&Article, &mut Ctx)),
    /// Judged over the whole story (naming consistency, first references, chrome runs).
    /// Offsets are story offsets. Heavy per-section work belongs in
    /// [`Document::per_section`], which is cached.
    Story(fn(&Document, &mut Ctx)),
}

/// A registered rule: metadata plus how it checks a story.
pub struct Rule {
    pub meta: &'static RuleMeta,
    pub check: Check,
}

/// What a rule's check function reports into.
pub struct Ctx<'a> {
    pub config: &'a Config,
    meta: &'static RuleMeta,
    severity: Severity,
    out: &'a mut Vec<Diagnostic>,
}

impl<'a> Ctx<'a> {
    pub(crate) fn new(
        config: &'a Config,
        meta: &'static RuleMeta,
        severity: Severity,
        out: &'a mut Vec<Diagnostic>,
    ) -> Self {
        Ctx {
            config,
            meta,
            severity,
            out,
        }
    }

    /// Reports a problem at `range` (byte offsets into the article's text) and returns it so a
    /// fix or related locations can be attached.
    pub fn report(&mut self, range: Range<usize>, message: impl Into<String>) -> &mut Diagnostic {
        self.out.push(Diagnostic {
            rule: self.meta,
            severity: self.severity,
            message: message.into(),
            range,
            fix: None,
            related: Vec::new(),
        });
        self.out.last_mut().expect("just pushed")
    }
}

/// Declares a rule from its doc comment and a few fields: its `META` and its registry entry
/// `RULE`, which runs the module's `check` function with the given scope (`Section` or
/// `Story`, see [`Check`]).
///
/// ```text
/// declare_rule! {
///     /// ## What it flags
///     /// ...
///     name: "vague-attribution",
///     family: Sourcing,
///     severity: Warning,
///     status: Stable,
///     fix: None,
///     scope: Section,
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        name: $name:literal,
        family: $family:ident,
        severity: $severity:ident,
        status: $status:ident,
        fix: $fix:ident,
        scope: $scope:ident $(,)?
    ) => {
        pub(crate) static META: $crate::core::rule::RuleMeta = $crate::core::rule::RuleMeta {
            name: $name,
            family: $crate::core::rule::Family::$family,
            default_severity: $crate::core::diagnostic::Severity::$severity,
            status: $crate::core::rule::Status::$status,
            fix: $crate::core::rule::FixAvailability::$fix,
            doc_comment: concat!($($doc, "\n"),*),
        };
        pub(crate) static RULE: $crate::core::rule::Rule = $crate::core::rule::Rule {
            meta: &META,
            check: $crate::core::rule::Check::$scope(check),
        };
    };
}

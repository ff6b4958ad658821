//! The pure core: text in, diagnostics out. No file system, no terminal, no async runtime, no
//! LSP. The CLI and the server both call [`check`] (or [`lint`] on a parsed [`Article`]), so
//! they never disagree.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod article;
pub mod config;
pub mod diagnostic;
pub mod directives;
pub mod fix;
pub mod lexicon;
pub mod line_index;
pub(crate) mod markdown;
pub(crate) mod names;
pub(crate) mod quotes;
pub mod registry;
pub mod rule;
pub mod rules;
pub(crate) mod segment;
pub mod settings;

pub use article::{Article, SourceKind};
pub use config::Config;
pub use diagnostic::{Diagnostic, Edit, Fix, Related, Safety, Severity};
pub use line_index::{LineCol, LineIndex};
pub use rule::{Ctx, Family, RuleMeta};
pub use settings::{Settings, SettingsError};

/// Parses `text` and runs every enabled rule on it.
pub fn check(text: &str, kind: SourceKind, config: &Config) -> Vec<Diagnostic> {
    lint(&Article::parse(text, kind), config)
}

/// Runs every enabled rule on a parsed article, applies suppression directives, and returns
/// the diagnostics sorted by offset, then rule name.
pub fn lint(article: &Article, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, rule) in registry::RULES.iter().enumerate() {
        let state = config.state(i);
        if !state.enabled {
            continue;
        }
        let mut ctx = Ctx::new(config, rule.meta, state.severity, &mut out);
        (rule.check)(article, &mut ctx);
    }
    directives::apply(&article.directives, &article.lines, &mut out);
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

//! The pure core: text in, diagnostics out. No file system, no terminal, no async runtime, no
//! LSP. The CLI and the server both call [`check`] (or [`check_cached`], which reuses the
//! sections of a story it has seen), so they never disagree.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod article;
pub mod attribution;
pub mod config;
pub mod diagnostic;
pub mod directives;
pub mod document;
pub(crate) mod entities;
pub mod fix;
pub mod house;
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
pub mod warm;

pub use article::{Article, SourceKind};
pub use config::Config;
pub use diagnostic::{Diagnostic, Edit, Fix, Related, Safety, Severity};
pub use document::{check, check_cached, Cache, Document};
pub use line_index::{LineCol, LineIndex};
pub use rule::{Ctx, Family, RuleMeta};
pub use settings::{Settings, SettingsError};

//! newslint reads news copy the way a standards editor does: it flags unsourced claims,
//! inconsistent naming and web-page chrome pasted into a story.
//!
//! Three rooms. [`core`] is pure: text in, diagnostics out, with no file system, terminal,
//! async runtime or LSP in sight. [`cli`] walks paths, reads `newslint.toml`, runs the core on
//! each file and prints diagnostics (or applies fixes). [`server`] speaks LSP over stdio and
//! runs the same core on editor buffers. Both front ends convert byte offsets to lines and
//! columns only at their edge.

pub mod cli;
pub mod core;
pub mod server;

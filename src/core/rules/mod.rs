//! The rules, one file each, grouped by family. Each file declares its metadata and
//! documentation with [`declare_rule!`](crate::declare_rule) and exposes `check`.

pub mod chrome;
pub mod naming;
pub mod sourcing;

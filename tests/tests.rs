//! Every integration test, built into one binary.

mod cli;
mod fixtures;
mod house_cli;
mod lsp;
mod lsp_client;
mod lsp_malformed;
mod lsp_props;
mod lsp_stdio;
mod naming_set;
mod purity;
mod registry;
mod robustness;
mod seeds;
mod sourcing;

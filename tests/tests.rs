//! Every integration test, built into one binary.

mod fixtures;
mod house_cli;
mod naming_set;
mod purity;
mod registry;

//! Every integration test, built into one binary.

mod cli;
mod fixtures;
mod house_cli;
mod naming_set;
mod purity;
mod registry;
mod seeds;

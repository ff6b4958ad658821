//! Every integration test, built into one binary.

mod cli;
mod fixtures;
mod purity;
mod registry;
mod seeds;

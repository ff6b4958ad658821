//! Every integration test, built into one binary.

mod fixtures;
mod purity;
mod registry;
mod seeds;

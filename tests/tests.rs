//! Every integration test, built into one binary.

mod fixtures;
mod naming_set;
mod purity;
mod registry;

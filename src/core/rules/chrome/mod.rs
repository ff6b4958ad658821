//! Rules that find web-page furniture pasted into copy.

pub(crate) mod lines;
pub mod page_chrome;
pub mod repeated_headline;

//! Rules that find one entity written several ways, acronyms without definitions, and mixed
//! quote and dash styles.

pub mod mixed_quote_style;

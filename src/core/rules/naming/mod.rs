//! Rules that find one entity written several ways, acronyms without definitions, person
//! references that break the first-reference rule, and mixed quote and dash styles. They share
//! the name grouping in `core::entities`.

pub mod acronym_before_definition;
pub mod acronym_redefined;
pub mod acronym_undefined;
pub mod house_style;
pub mod inconsistent_name;
pub mod mixed_dash_style;
pub mod mixed_quote_style;
pub mod person_reference;

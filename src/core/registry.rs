//! The one ordered list of rules. Add a rule with one line, kept in alphabetical order by name
//! (a test checks the order, the uniqueness of names and the documentation headings).

use crate::core::rule::Rule;
#[allow(unused_imports)]
use crate::core::rules::{chrome, naming, sourcing};

pub static RULES: &[&Rule] = &[
    &naming::acronym_before_definition::RULE,
    &naming::acronym_redefined::RULE,
    &naming::acronym_undefined::RULE,
    &sourcing::agentless_attribution::RULE,
    &sourcing::anonymous_source::RULE,
    &naming::house_style::RULE,
    &naming::inconsistent_name::RULE,
    &naming::mixed_dash_style::RULE,
    &naming::mixed_quote_style::RULE,
    &chrome::page_chrome::RULE,
    &naming::person_reference::RULE,
    &chrome::repeated_headline::RULE,
    &sourcing::unattributed_quote::RULE,
    &sourcing::unsourced_claim::RULE,
    &sourcing::vague_attribution::RULE,
];

/// The rule named `name`, if any.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.name == name)
}

/// The rule name closest to a misspelt `name`, for "did you mean" hints.
pub fn closest(name: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (strsim::levenshtein(name, r.meta.name), r.meta.name))
        .filter(|(d, n)| *d <= 3.max(n.len() / 4))
        .min()
        .map(|(_, n)| n)
}

//! The one ordered list of rules. Add a rule with one line, kept in alphabetical order by name
//! (a test checks the order, the uniqueness of names and the documentation headings).

use crate::core::article::Article;
use crate::core::entities;
use crate::core::rule::{Family, Rule};
#[allow(unused_imports)]
use crate::core::rules::{chrome, naming, sourcing};
use std::any::Any;
use std::ops::Range;
use std::sync::Arc;

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

/// A section's analysis as the memo keeps it.
pub(crate) type Analysed = Arc<dyn Any + Send + Sync>;

/// A per-section analysis that story rules share (see [`SECTION_ANALYSES`]).
pub(crate) struct SectionAnalysis {
    /// The memo key the rules ask for it under, or `None` for an analysis the section's
    /// article keeps itself.
    pub key: Option<&'static str>,
    /// Computed only when this family is on.
    pub family: Family,
    pub run: fn(&Article, Range<usize>) -> Option<Analysed>,
}

/// The per-section analyses behind the story rules. When a check parses many sections at once
/// (a story just opened), each section's analyses are computed with its parse, so the work
/// spreads evenly over the threads instead of waiting on whichever rule asks first. The rules
/// ask for the same keys and find them done; a key missing here is computed when asked.
pub(crate) static SECTION_ANALYSES: &[SectionAnalysis] = &[
    SectionAnalysis {
        key: None,
        family: Family::Sourcing,
        run: |article, _| {
            article.attribution();
            None
        },
    },
    SectionAnalysis {
        key: Some(entities::FACTS_KEY),
        family: Family::Naming,
        run: |article, own| Some(Arc::new(entities::section_facts(article, own))),
    },
    SectionAnalysis {
        key: Some(chrome::lines::KEY),
        family: Family::Chrome,
        run: |article, own| Some(Arc::new(chrome::lines::facts(article, own))),
    },
];

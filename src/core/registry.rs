//! The one ordered list of rules. Add a rule with one line, kept in alphabetical order by name
//! (a test checks the order, the uniqueness of names and the documentation headings).

use crate::core::rule::Rule;
#[allow(unused_imports)]
use crate::core::rules::{chrome, naming, sourcing};

pub static RULES: &[&Rule] = &[
    &naming::mixed_quote_style::RULE,
    &chrome::page_chrome::RULE,
    &chrome::repeated_headline::RULE,
];

/// The rule named `name`, if any.
pub fn find(name: &str) -> Option<&'static Rule> {
    RULES.iter().copied().find(|r| r.meta.name == name)
}

/// The rule name closest to a misspelt `name`, for "did you mean" hints.
pub fn closest(name: &str) -> Option<&'static str> {
    RULES
        .iter()
        .map(|r| (edit_distance(name, r.meta.name), r.meta.name))
        .filter(|(d, n)| *d <= 3.max(n.len() / 4))
        .min()
        .map(|(_, n)| n)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

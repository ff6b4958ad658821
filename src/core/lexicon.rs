//! Phrase matching shared by the rules: many phrases at once (Aho-Corasick), ASCII
//! case-insensitive, matched only on word boundaries, tolerant of runs of whitespace.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::ops::Range;

#[derive(Debug)]
pub struct PhraseSet {
    ac: Option<AhoCorasick>,
    phrases: Vec<String>,
}

/// A phrase found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PhraseMatch {
    pub range: Range<usize>,
    /// Index of the phrase in the list the set was built from.
    pub phrase: usize,
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

impl PhraseSet {
    /// Builds a set from phrases; blank entries and `#` comment lines are skipped.
    pub fn new<S: AsRef<str>>(phrases: &[S]) -> PhraseSet {
        let phrases: Vec<String> = phrases
            .iter()
            .map(|p| p.as_ref().trim())
            .filter(|p| !p.is_empty() && !p.starts_with('#'))
            .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
            .collect();
        let ac = (!phrases.is_empty()).then(|| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(true)
                .match_kind(MatchKind::LeftmostLongest)
                .build(&phrases)
                .expect("phrase lists are small enough to compile")
        });
        PhraseSet { ac, phrases }
    }

    /// Builds a set from a newline-separated list (as in `data/*.txt`).
    pub fn from_lines(list: &str) -> PhraseSet {
        let lines: Vec<&str> = list.lines().collect();
        PhraseSet::new(&lines)
    }

    pub fn is_empty(&self) -> bool {
        self.phrases.is_empty()
    }

    pub fn phrase(&self, index: usize) -> &str {
        &self.phrases[index]
    }

    /// Leftmost-longest matches on word boundaries in `haystack`. When the leftmost match is
    /// not on word boundaries ("say" inside "essays"), the search resumes one character later so
    /// a valid match behind it is not lost.
    pub fn find_iter<'h>(&'h self, haystack: &'h str) -> impl Iterator<Item = PhraseMatch> + 'h {
        let mut at = 0;
        std::iter::from_fn(move || {
            let ac = self.ac.as_ref()?;
            while at < haystack.len() {
                let m = ac.find(aho_corasick::Input::new(haystack).range(at..))?;
                if on_word_boundaries(haystack, m.start(), m.end()) {
                    at = m.end();
                    return Some(PhraseMatch {
                        range: m.start()..m.end(),
                        phrase: m.pattern().as_usize(),
                    });
                }
                at = m.start()
                    + haystack[m.start()..]
                        .chars()
                        .next()
                        .map_or(1, char::len_utf8);
            }
            None
        })
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.find_iter(haystack).next().is_some()
    }
}

fn on_word_boundaries(haystack: &str, start: usize, end: usize) -> bool {
    let before = haystack[..start].chars().next_back();
    let after = haystack[end..].chars().next();
    let first = haystack[start..end].chars().next();
    let last = haystack[start..end].chars().next_back();
    let left_ok = !(first.is_some_and(is_word_char) && before.is_some_and(is_word_char));
    let right_ok = !(last.is_some_and(is_word_char) && after.is_some_and(is_word_char));
    left_ok && right_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_on_word_boundaries_case_insensitively() {
        let set = PhraseSet::new(&["analysts say", "say"]);
        let found: Vec<_> = set
            .find_iter("Analysts say; essays say")
            .map(|m| m.range)
            .collect();
        assert_eq!(found, vec![0..12, 21..24]);
    }

    #[test]
    fn empty_set_matches_nothing() {
        let set = PhraseSet::new::<&str>(&[]);
        assert!(!set.is_match("anything"));
    }
}

//! Candidate names: runs of capitalised words ("Marco Rubio", "Joint Comprehensive Plan of
//! Action", "al-Assad"), acronyms ("JCPOA", "U.S.", "COVID-19") and parenthetical definitions
//! ("Joint Comprehensive Plan of Action (JCPOA)", "IAEA (International Atomic Energy Agency)").
//!
//! These are candidates: the naming rules decide which are entities worth comparing.

use crate::core::article::{Article, Definition, Name, NameKind};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

/// A token: a dotted abbreviation ("U.S.", "Mr."), or a word with inner apostrophes, hyphens or
/// dashes ("O’Brien", "al-Assad", "US-Iran", "COVID-19").
static TOKEN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?:\p{Lu}\.){2,}                                   # U.S.  U.N.
        | (?:Mr|Mrs|Ms|Mx|Dr|Prof|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Maj|Adm|Rev|St|Jr|Sr)\.  # titles
        | [\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’\-‐–][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*
        ",
    )
    .expect("valid regex")
});

/// Lower-case words that may sit inside a name: "Bank of England", "Ludwig van Beethoven",
/// "Osama bin Laden".
const CONNECTORS: &[&str] = &[
    "of", "the", "de", "da", "del", "della", "di", "du", "des", "van", "von", "der", "den", "la",
    "le", "al", "el", "bin", "ibn", "y", "for",
];

/// Capitalised words that open sentences and headlines without being names.
pub(crate) const FUNCTION_WORDS: &[&str] = &[
    "A",
    "About",
    "According",
    "After",
    "Also",
    "Although",
    "Among",
    "An",
    "And",
    "Any",
    "As",
    "At",
    "Because",
    "Before",
    "Beyond",
    "Both",
    "But",
    "By",
    "Despite",
    "During",
    "Each",
    "Even",
    "Every",
    "For",
    "From",
    "Given",
    "He",
    "Her",
    "Here",
    "His",
    "How",
    "However",
    "I",
    "If",
    "In",
    "Into",
    "It",
    "Its",
    "Last",
    "Later",
    "Like",
    "Many",
    "Meanwhile",
    "More",
    "Most",
    "My",
    "No",
    "None",
    "Not",
    "Now",
    "Of",
    "On",
    "Once",
    "One",
    "Only",
    "Or",
    "Other",
    "Our",
    "Over",
    "She",
    "Since",
    "So",
    "Some",
    "Still",
    "Such",
    "That",
    "The",
    "Their",
    "Then",
    "There",
    "These",
    "They",
    "This",
    "Those",
    "Though",
    "Through",
    "Thus",
    "To",
    "Under",
    "Until",
    "Unlike",
    "We",
    "What",
    "When",
    "Where",
    "Whether",
    "Which",
    "While",
    "Who",
    "Why",
    "With",
    "Within",
    "Without",
    "Yet",
    "You",
    "Your",
];

pub(crate) fn is_acronym(token: &str) -> bool {
    let letters = token.chars().filter(|c| c.is_alphabetic()).count();
    let upper = token.chars().filter(|c| c.is_uppercase()).count();
    let lower = token.chars().filter(|c| c.is_lowercase()).count();
    // "JCPOA", "U.S.", "COVID-19", "G7" (one capital plus digits is not enough)
    upper >= 2 && lower == 0 && letters == upper
        || upper >= 2 && lower == 1 && token.ends_with('s') && token.len() <= 6 // "CEOs"
}

fn is_capitalised(token: &str) -> bool {
    token.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn find(article: &Article) -> (Vec<Name>, Vec<Definition>) {
    let mut names = Vec::new();
    for (si, sentence) in article.sentences.iter().enumerate() {
        let text = &article.prose[sentence.range.clone()];
        let base = sentence.range.start;
        let tokens: Vec<Range<usize>> = TOKEN
            .find_iter(text)
            .map(|m| base + m.start()..base + m.end())
            .collect();
        // The sentence-initial token, after any opening quotes or brackets.
        let first_token = tokens.first().map(|t| t.start);
        let mut i = 0;
        while i < tokens.len() {
            let tok = &article.prose[tokens[i].clone()];
            if is_acronym(tok) {
                names.push(Name {
                    range: tokens[i].clone(),
                    kind: NameKind::Acronym,
                    sentence_initial: Some(tokens[i].start) == first_token,
                    in_quote: false,
                    sentence: si,
                });
                i += 1;
                continue;
            }
            if !is_capitalised(tok) {
                i += 1;
                continue;
            }
            // Extend the run: capitalised tokens separated by one space, with connectors.
            let mut j = i;
            let mut end = i;
            while j + 1 < tokens.len() {
                let gap = &article.prose[tokens[j].end..tokens[j + 1].start];
                if gap != " " {
                    break;
                }
                let next = &article.prose[tokens[j + 1].clone()];
                if is_acronym(next) {
                    break;
                }
                if is_capitalised(next) {
                    j += 1;
                    end = j;
                } else if CONNECTORS.contains(&next)
                    && (next != "the" || &article.prose[tokens[j].clone()] == "of")
                {
                    j += 1;
                } else {
                    break;
                }
            }
            let mut start = i;
            // Drop a leading function word ("The United States", "In Oman").
            while start <= end && FUNCTION_WORDS.contains(&&article.prose[tokens[start].clone()]) {
                start += 1;
                while start <= end && !is_capitalised(&article.prose[tokens[start].clone()]) {
                    start += 1;
                }
            }
            if start <= end {
                names.push(Name {
                    range: tokens[start].start..tokens[end].end,
                    kind: NameKind::Proper,
                    sentence_initial: Some(tokens[start].start) == first_token,
                    in_quote: false,
                    sentence: si,
                });
            }
            i = end + 1;
        }
    }
    for n in &mut names {
        n.in_quote = article.in_quote(n.range.start);
    }
    let definitions = definitions(article, &names);
    (names, definitions)
}

/// The letters an acronym is made of, lower-cased: "U.S." → "us", "COVID-19" → "covid".
pub(crate) fn acronym_letters(acronym: &str) -> String {
    acronym
        .chars()
        .take_while(|c| *c != '-')
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Whether `expansion` plausibly spells `acronym`: the acronym's letters appear in order as
/// initials (or leading letters) of the expansion's words.
pub(crate) fn spells(acronym: &str, expansion: &str) -> bool {
    let letters: Vec<char> = acronym_letters(acronym).chars().collect();
    if letters.is_empty() {
        return false;
    }
    let words: Vec<String> = expansion
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
        .collect();
    spells_from(&letters, &words, 0, 0, 0)
}

/// Whether `letters[li..]` can be matched against `words[wi..]`, where `pos` letters of word
/// `wi` are already used (0: the word is not started). A letter either continues the current
/// word or starts a later one; only connectors ("of", "the") may be skipped.
fn spells_from(letters: &[char], words: &[String], li: usize, wi: usize, pos: usize) -> bool {
    let next_word = if pos > 0 { wi + 1 } else { wi };
    if li == letters.len() {
        return words[next_word.min(words.len())..]
            .iter()
            .all(|w| CONNECTORS.contains(&w.as_str()));
    }
    if pos > 0
        && words[wi].chars().nth(pos) == Some(letters[li])
        && spells_from(letters, words, li + 1, wi, pos + 1)
    {
        return true;
    }
    for (k, w) in words.iter().enumerate().skip(next_word) {
        if w.starts_with(letters[li]) && spells_from(letters, words, li + 1, k, 1) {
            return true;
        }
        if !CONNECTORS.contains(&w.as_str()) {
            break;
        }
    }
    false
}

fn definitions(article: &Article, names: &[Name]) -> Vec<Definition> {
    let prose = &article.prose;
    let mut out = Vec::new();
    for (k, n) in names.iter().enumerate() {
        // "Long Name (ACRO)": an acronym in parentheses right after a proper name.
        if n.kind == NameKind::Acronym {
            let before = prose[..n.range.start].trim_end();
            let after = &prose[n.range.end..];
            if before.ends_with('(') && after.starts_with(')') && k > 0 {
                let prev = &names[k - 1];
                let gap = &prose[prev.range.end..n.range.start];
                if prev.kind == NameKind::Proper
                    && gap.trim() == "("
                    && spells(&prose[n.range.clone()], &prose[prev.range.clone()])
                {
                    out.push(Definition {
                        acronym: n.range.clone(),
                        expansion: prev.range.clone(),
                    });
                }
            }
            // "ACRO (Long Name)".
            if let Some(next) = names.get(k + 1) {
                let gap = &prose[n.range.end..next.range.start];
                if next.kind == NameKind::Proper
                    && gap.trim() == "("
                    && prose[next.range.end..].starts_with(')')
                    && spells(&prose[n.range.clone()], &prose[next.range.clone()])
                {
                    out.push(Definition {
                        acronym: n.range.clone(),
                        expansion: next.range.clone(),
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::SourceKind;

    fn names(text: &str) -> Vec<&str> {
        let a = Article::parse(text, SourceKind::Plain);
        a.names().iter().map(|n| &text[n.range.clone()]).collect()
    }

    #[test]
    fn capitalised_runs_with_connectors() {
        assert_eq!(
            names(
                "The talks involved U.S. Secretary of State Marco Rubio and the Bank of England."
            ),
            vec!["U.S.", "Secretary of State Marco Rubio", "Bank of England"]
        );
    }

    #[test]
    fn leading_function_words_are_dropped() {
        assert_eq!(names("The United States left."), vec!["United States"]);
        assert!(names("While talks go on, nothing moves.").is_empty());
    }

    #[test]
    fn parenthetical_definitions() {
        let text = "The Joint Comprehensive Plan of Action (JCPOA) was signed. The IAEA (International Atomic Energy Agency) checks it.";
        let a = Article::parse(text, SourceKind::Plain);
        let defs: Vec<_> = a
            .definitions()
            .iter()
            .map(|d| (&text[d.acronym.clone()], &text[d.expansion.clone()]))
            .collect();
        assert_eq!(
            defs,
            vec![
                ("JCPOA", "Joint Comprehensive Plan of Action"),
                ("IAEA", "International Atomic Energy Agency")
            ]
        );
    }

    #[test]
    fn spelling_check() {
        assert!(spells("NATO", "North Atlantic Treaty Organization"));
        assert!(spells("U.N.", "United Nations"));
        assert!(!spells("FBI", "Central Intelligence Agency"));
    }
}

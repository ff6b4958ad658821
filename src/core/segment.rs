//! Sentence segmentation, block by block.
//!
//! A sentence ends at `.`, `!`, `?` or an ellipsis, plus any closing quotes or brackets, when
//! whitespace follows and the next word starts like a sentence (a capital, a digit, an opening
//! quote). Abbreviations do not end sentences: titles ("Mr.", "Sen."), months before a number
//! ("Jan. 5"), initials ("J. K."), and dotted forms ("U.S.", "a.m.") unless the next word is a
//! typical sentence opener ("in the U.S. The talks…"). A headline left without a full stop on
//! its own line is a sentence of its own.

use crate::core::article::{Article, Sentence};

/// Titles and other abbreviations that never end a sentence.
const NEVER_FINAL: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "sens", "rep", "reps", "gov", "gen", "col", "lt",
    "sgt", "capt", "maj", "adm", "cmdr", "cpl", "pvt", "rev", "hon", "pres", "supt", "insp", "det",
    "st", "mt", "ft", "messrs", "mme", "mlle", "vs", "v", "cf", "approx", "dept", "gov't", "lieut",
    "brig", "atty", "sr", "jr",
];

/// Abbreviations only before a number ("No. 5", "Vol. 2"); elsewhere ordinary words.
const BEFORE_NUMBER: &[&str] = &["no", "nos", "vol", "pp", "fig", "art", "p"];

/// Abbreviations that end a sentence only before a typical sentence opener.
const MAYBE_FINAL: &[&str] = &[
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "inc",
    "corp", "co", "ltd", "bros", "etc", "llc", "plc", "ave", "blvd", "rd", "est", "al",
];

/// Words that typically open a sentence; after an ambiguous abbreviation they decide.
const OPENERS: &[&str] = &[
    "a",
    "after",
    "also",
    "an",
    "and",
    "as",
    "at",
    "before",
    "but",
    "by",
    "during",
    "for",
    "he",
    "her",
    "his",
    "however",
    "i",
    "if",
    "in",
    "it",
    "its",
    "many",
    "meanwhile",
    "more",
    "most",
    "no",
    "officials",
    "on",
    "one",
    "our",
    "she",
    "since",
    "so",
    "some",
    "still",
    "that",
    "the",
    "their",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "thus",
    "to",
    "under",
    "we",
    "what",
    "when",
    "where",
    "while",
    "who",
    "why",
    "with",
    "yet",
    "you",
];

const CLOSERS: &[char] = &['"', '\'', '”', '’', '»', '›', ')', ']', '“'];
const OPENING: &[char] = &['"', '\'', '“', '‘', '«', '‹', '„', '(', '['];

pub(crate) fn split_sentences(article: &mut Article) {
    let mut sentences = Vec::new();
    for (bi, block) in article.blocks.iter_mut().enumerate() {
        let first = sentences.len();
        let base = block.range.start;
        let text = &article.prose[block.range.clone()];
        for r in split(text) {
            sentences.push(Sentence {
                range: base + r.start..base + r.end,
                block: bi,
            });
        }
        block.sentences = first..sentences.len();
    }
    article.sentences = sentences;
}

/// Splits one block into trimmed sentence ranges (relative to `text`).
pub(crate) fn split(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut iter = text.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let boundary_end = match c {
            '.' | '!' | '?' | '…' => {
                // Swallow the rest of the terminator run and closing marks.
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = iter.peek() {
                    if matches!(d, '.' | '!' | '?' | '…') || CLOSERS.contains(&d) {
                        end = j + d.len_utf8();
                        iter.next();
                    } else {
                        break;
                    }
                }
                if ends_sentence(text, i, c, end) {
                    Some(end)
                } else {
                    None
                }
            }
            '\n' | '\r' => headline_break(text, i).then_some(i),
            _ => None,
        };
        if let Some(end) = boundary_end {
            push_trimmed(&mut out, text, start..end);
            start = end;
        }
    }
    push_trimmed(&mut out, text, start..bytes.len());
    out
}

fn push_trimmed(out: &mut Vec<std::ops::Range<usize>>, text: &str, r: std::ops::Range<usize>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead < s.len() && s.chars().any(|c| c.is_alphanumeric()) {
        out.push(r.start + lead..r.end - trail);
    }
}

/// Whether the terminator at byte `at` (char `c`), whose run ends at `end`, ends a sentence.
fn ends_sentence(text: &str, at: usize, c: char, end: usize) -> bool {
    let rest = &text[end..];
    // Must be followed by whitespace or the end of the block ("3.5", "U.S.-Iran" are not).
    match rest.chars().next() {
        None => return true,
        Some(ch) if !ch.is_whitespace() => return false,
        _ => {}
    }
    let next_word_start = rest.trim_start();
    let Some(first) = next_word_start.chars().next() else {
        return true;
    };
    let after_open = next_word_start.trim_start_matches(OPENING);
    let starts_like_sentence = first.is_uppercase()
        || first.is_ascii_digit()
        || (OPENING.contains(&first)
            && after_open
                .chars()
                .next()
                .is_some_and(|ch| ch.is_uppercase() || ch.is_ascii_digit()))
        || first == '-'
        || first == '—'
        || first == '–'
        || first == '•';
    if !starts_like_sentence {
        return false;
    }
    if c != '.' || text[at..end].starts_with("..") {
        // "!", "?" and ellipses end sentences whatever precedes them.
        return true;
    }
    let next_word: String = after_open
        .chars()
        .take_while(|ch| ch.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    let word = word_before(text, at);
    if word.is_empty() {
        return true;
    }
    let lower = word.to_lowercase();
    let bare = lower.trim_end_matches('.');
    if NEVER_FINAL.contains(&bare) || BEFORE_NUMBER.contains(&bare) && first.is_ascii_digit() {
        return false;
    }
    // A single capital letter is an initial ("J. K. Rowling").
    let mut chars = word.chars();
    if let (Some(only), None) = (chars.next(), chars.next()) {
        if only.is_uppercase() {
            return false;
        }
    }
    let dotted = bare.contains('.');
    if dotted || MAYBE_FINAL.contains(&bare) {
        if first.is_ascii_digit() && MAYBE_FINAL.contains(&bare) {
            return false;
        }
        return OPENERS.contains(&next_word.as_str());
    }
    true
}

/// The word (letters, digits, periods, apostrophes) that ends right before byte `at`.
fn word_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head
        .char_indices()
        .rev()
        .take_while(|&(_, ch)| ch.is_alphanumeric() || ch == '.' || ch == '\'' || ch == '’')
        .last()
        .map(|(i, _)| i)
        .unwrap_or(at);
    &text[start..at]
}

/// Whether a line break inside a block separates a headline (no final punctuation) from the
/// text after it.
fn headline_break(text: &str, at: usize) -> bool {
    let line_start = text[..at].rfind(['\n', '\r']).map(|i| i + 1).unwrap_or(0);
    let prev = text[line_start..at].trim();
    let next = text[at..].trim_start();
    if prev.is_empty() || next.is_empty() {
        return false;
    }
    if prev.ends_with(|ch: char| ".,;:!?…\"”’—–-(".contains(ch)) {
        return false;
    }
    if !next.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let words: Vec<&str> = prev.split_whitespace().collect();
    if words.is_empty() || words.len() > 14 {
        return false;
    }
    let capitalised = words
        .iter()
        .filter(|w| w.chars().next().is_some_and(|ch| !ch.is_lowercase()))
        .count();
    capitalised * 5 >= words.len() * 3
}

#[cfg(test)]
mod tests {
    use super::split;

    fn sentences(text: &str) -> Vec<&str> {
        split(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn survives_abbreviations_and_decimals() {
        assert_eq!(
            sentences("Mr. Rubio met Sen. Jane Doe on Jan. 5 in the U.S. capital. Growth was 3.5 percent."),
            vec![
                "Mr. Rubio met Sen. Jane Doe on Jan. 5 in the U.S. capital.",
                "Growth was 3.5 percent."
            ]
        );
    }

    #[test]
    fn dotted_abbreviation_ends_a_sentence_before_an_opener() {
        assert_eq!(
            sentences("The talks were held in the U.S. The next round is in Oman."),
            vec![
                "The talks were held in the U.S.",
                "The next round is in Oman."
            ]
        );
        assert_eq!(
            sentences("He met U.S. Secretary of State Marco Rubio."),
            vec!["He met U.S. Secretary of State Marco Rubio."]
        );
    }

    #[test]
    fn quotes_and_ellipses() {
        assert_eq!(
            sentences("\"Stop!\" he said. She replied, “No.” Then… nothing. Wait... What?"),
            vec![
                "\"Stop!\" he said.",
                "She replied, “No.”",
                "Then… nothing.",
                "Wait...",
                "What?"
            ]
        );
    }

    #[test]
    fn initials_do_not_split() {
        assert_eq!(
            sentences("J. K. Rowling wrote it. It sold."),
            vec!["J. K. Rowling wrote it.", "It sold."]
        );
    }

    #[test]
    fn headline_line_without_stop_is_its_own_sentence() {
        assert_eq!(
            sentences("Oman Hosts Talks Between Iran and the U.S.\nThe talks began on Monday."),
            vec![
                "Oman Hosts Talks Between Iran and the U.S.",
                "The talks began on Monday."
            ]
        );
        assert_eq!(
            sentences("Iran Talks Resume\nThe talks began on Monday."),
            vec!["Iran Talks Resume", "The talks began on Monday."]
        );
    }
}

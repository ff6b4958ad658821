//! Direct quotations: which are speech, and who speaks them.
//!
//! A quotation is speech when it has at least three words and either ends with punctuation
//! inside its marks (“We made progress,”), speaks in the first or second person, or opens its
//! sentence at some length. It is not speech when it is a title (most words capitalised), when
//! a word before it introduces a term ("described as", "so-called", "dubbed", "what it calls"),
//! or when it is a short phrase inside a sentence (scare quotes: "described as “technical”").
//!
//! The speaker is looked for in the sentences the quotation is part of, in the sentence right
//! after it, before a colon that introduces it, earlier in its paragraph, and — for a paragraph
//! of quotes — in the paragraph before (the convention of continuing a speaker's quotes over
//! several paragraphs after one attribution).

use super::grammar::{is_quote_mark, Words};
use super::{Analysis, QuoteFacts, SourceClass, Via};
use crate::core::article::Quote;

/// Words before a quotation that make it a quoted term rather than speech.
const TERM_INTRODUCERS: &[&str] = &[
    "as",
    "called",
    "calls",
    "call",
    "dubbed",
    "termed",
    "labelled",
    "labeled",
    "nicknamed",
    "titled",
    "entitled",
    "named",
    "so-called",
    "word",
    "term",
    "phrase",
    "slogan",
    "motto",
    "headline",
    "banner",
    "hashtag",
    "label",
    "name",
    "words",
    "known",
    "billed",
    "branded",
    "marked",
    "read",
    "reading",
    "reads",
    "signs",
    "sign",
    "chanting",
    "chanted",
    "chants",
];

const FIRST_SECOND_PERSON: &[&str] = &[
    "i",
    "we",
    "our",
    "us",
    "my",
    "me",
    "you",
    "your",
    "i'm",
    "i’m",
    "we're",
    "we’re",
    "we've",
    "we’ve",
    "i've",
    "i’ve",
    "i'll",
    "i’ll",
    "we'll",
    "we’ll",
    "ours",
    "myself",
    "ourselves",
];

pub(crate) fn find(words: &Words, analysis: &Analysis) -> Vec<QuoteFacts> {
    let article = words.article;
    let mut out: Vec<QuoteFacts> = Vec::new();
    for (qi, q) in article.quotes.iter().enumerate() {
        if q.depth != 0 {
            continue;
        }
        let speech = is_speech(words, q);
        let speaker = if speech {
            speaker(words, analysis, q, &out)
        } else {
            None
        };
        out.push(QuoteFacts {
            quote: qi,
            range: q.range.clone(),
            speech,
            speaker,
        });
    }
    out
}

fn is_speech(words: &Words, q: &Quote) -> bool {
    let article = words.article;
    let inner = article.prose[q.inner.clone()].trim();
    let inner_words: Vec<&str> = inner
        .split_whitespace()
        .filter(|w| w.chars().any(char::is_alphabetic))
        .collect();
    let n = inner_words.len();
    if n < 3 {
        return false;
    }
    // A title: most longer words capitalised.
    let long: Vec<&&str> = inner_words
        .iter()
        .filter(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .count()
                > 3
        })
        .collect();
    let capitalised = long
        .iter()
        .filter(|w| {
            w.trim_start_matches(|c: char| !c.is_alphanumeric())
                .chars()
                .next()
                .is_some_and(char::is_uppercase)
        })
        .count();
    if long.len() >= 2 && capitalised * 4 >= long.len() * 3 {
        return false;
    }
    // The words before it, in its paragraph.
    let block_start = q.blocks.start.min(article.blocks.len().saturating_sub(1));
    let para_start = article
        .blocks
        .get(block_start)
        .map_or(0, |b| b.range.start.min(q.range.start));
    let before = article.prose[para_start..q.range.start].trim_end();
    let before_lower = before.to_ascii_lowercase();
    let last_word = before_lower
        .rsplit(|c: char| c.is_whitespace())
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    if before.ends_with(|c: char| c.is_alphanumeric()) && TERM_INTRODUCERS.contains(&last_word) {
        return false;
    }
    let opens = before.is_empty() || before.ends_with([':', '.', '!', '?']) || {
        // Opens its sentence.
        article
            .sentence_at(q.range.start)
            .is_some_and(|s| article.sentences[s].range.start == q.range.start)
    };
    // Punctuation inside the marks (“We made progress,”), or right after them when the
    // quotation opens its sentence (the British “We made progress”, he said).
    let ends_punct = inner.ends_with(['.', ',', '!', '?', '…', ':', ';', '—'])
        || opens
            && article.prose[q.range.end..]
                .chars()
                .next()
                .is_some_and(|c| matches!(c, ',' | '.' | '?' | '!'));
    let personal = inner_words.iter().any(|w| {
        let w = w
            .trim_matches(|c: char| !c.is_alphanumeric() && c != '\'' && c != '’')
            .to_ascii_lowercase();
        FIRST_SECOND_PERSON.contains(&w.as_str())
    });
    let mid_sentence = !opens;
    if mid_sentence && n <= 6 && !personal {
        // A phrase quoted inside a sentence: scare quotes or a quoted term.
        return false;
    }
    ends_punct || personal || opens && n >= 6
}

fn speaker(
    words: &Words,
    analysis: &Analysis,
    q: &Quote,
    earlier: &[QuoteFacts],
) -> Option<(usize, Via)> {
    let article = words.article;
    let speaks = |s: usize| -> Option<usize> {
        let r = analysis.by_sentence.get(s)?.clone();
        r.into_iter().find(|&i| {
            let a = &analysis.attributions[i];
            a.class != SourceClass::Agentless
        })
    };
    let first = article.sentence_at(q.range.start).or_else(|| {
        article
            .sentences
            .iter()
            .position(|s| s.range.end > q.range.start)
    })?;
    let last = article
        .sentence_at(q.range.end.saturating_sub(1))
        .unwrap_or(first)
        .max(first);
    // In a sentence the quotation is part of.
    for s in first..=last {
        if let Some(i) = speaks(s) {
            return Some((i, Via::Sentence));
        }
    }
    // In the sentence right after it ("“…” Rubio said." cut in two), within the paragraph.
    if let Some(next) = article.sentences.get(last + 1) {
        if next.block == article.sentences[last].block {
            if let Some(i) = speaks(last + 1) {
                let a = &analysis.attributions[i];
                let near = article
                    .prose
                    .get(q.range.end..a.span().start)
                    .is_some_and(|s| s.split_whitespace().count() <= 4);
                if near {
                    return Some((i, Via::NextSentence));
                }
            }
        }
    }
    // Before a colon that introduces it.
    let before = article.prose[..q.range.start].trim_end();
    if before.ends_with(':') && first > 0 {
        let s = if article.sentences[first].range.start < q.range.start {
            first
        } else {
            first - 1
        };
        if let Some(i) = speaks(s) {
            return Some((i, Via::Colon));
        }
    }
    // Earlier in its paragraph.
    let block = article.sentences[first].block;
    for s in article.blocks[block].sentences.clone().rev() {
        if s >= first {
            continue;
        }
        if let Some(i) = speaks(s) {
            return Some((i, Via::Paragraph));
        }
    }
    // A paragraph of quotes after an attribution: the paragraph before names the speaker, or
    // is itself a paragraph of quotes whose speaker is known.
    // (A quote that opened in an earlier block does not open this one.)
    let opens_paragraph = article
        .prose
        .get(article.blocks[block].range.start..q.range.start)
        .is_some_and(|s| s.chars().all(|c| c.is_whitespace() || is_quote_mark(c)));
    if opens_paragraph && block > 0 {
        let prev = block - 1;
        let prev_range = article.blocks[prev].range.clone();
        if let Some(i) = article.blocks[prev]
            .sentences
            .clone()
            .rev()
            .find_map(speaks)
        {
            return Some((i, Via::PreviousParagraph));
        }
        if let Some(found) = earlier
            .iter()
            .rev()
            .find(|f| f.range.start >= prev_range.start && f.range.start < prev_range.end)
            .and_then(|f| f.speaker)
        {
            return Some((found.0, Via::PreviousParagraph));
        }
    }
    None
}

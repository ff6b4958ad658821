//! Disputable statements and whether they are sourced.
//!
//! Speculation written as fact ("likely played a central role", "would have likely", "probably")
//! is looked for everywhere. Superlatives, allegations and figures are looked for only in copy
//! that attributes something elsewhere: in text that attributes nothing at all (a column, a
//! background box, a single sentence) they are the writer's own voice, and flagging every figure
//! would be noise. Background facts and the reporter's own observations carry none of these
//! markers and are left alone.
//!
//! A claim is sourced when its sentence has an attribution, or the sentence before it in the
//! same paragraph, or the sentence after it (which may open the next paragraph: wire style often
//! attributes a lede in the second paragraph).

use super::grammar::Words;
use super::lexicon::{PhraseKind, LEXICON};
use super::{phrases_in, Analysis, Attribution, Claim, ClaimKind};
use std::ops::Range;

/// Words before "likely" that make it speculation about what happened: "were likely a testing
/// ground", "would have likely centered", "has likely passed". "would likely", "is likely" and
/// "will likely" forecast or hedge a reading, and are left to the writer.
const LIKELY_AUXILIARIES: &[&str] = &["were", "was", "have", "has", "had"];

/// Words that may stand between such an auxiliary and "likely": "was very likely".
const LIKELY_INTENSIFIERS: &[&str] = &["also", "very", "quite", "almost", "then"];

/// Words after "likely" that make it a forecast or a comparison, not speculation about a fact.
const LIKELY_NOT: &[&str] = &[
    "to",
    "that",
    "than",
    "outcome",
    "candidate",
    "winner",
    "scenario",
];

const IRREGULAR_PAST: &[&str] = &[
    "was",
    "were",
    "had",
    "did",
    "came",
    "went",
    "led",
    "took",
    "made",
    "saw",
    "knew",
    "began",
    "became",
    "brought",
    "drove",
    "fell",
    "felt",
    "gave",
    "got",
    "grew",
    "held",
    "kept",
    "left",
    "lost",
    "met",
    "paid",
    "ran",
    "sent",
    "set",
    "spent",
    "stood",
    "thought",
    "told",
    "won",
    "wrote",
    "chose",
    "spoke",
    "sought",
    "fought",
    "rose",
    "played",
    "helped",
    "contributed",
    "caused",
    "centered",
    "centred",
    "prompted",
    "pushed",
];

pub(crate) fn find(
    words: &Words,
    analysis: &Analysis,
    found: &[(Range<usize>, PhraseKind)],
) -> Vec<Claim> {
    let article = words.article;
    let attributes = analysis
        .attributions
        .iter()
        .any(Attribution::names_a_source);
    let mut out = Vec::new();
    for (si, sentence) in article.sentences.iter().enumerate() {
        if words.headline[si] || analysis.quoted[si] {
            continue;
        }
        let range = &sentence.range;
        let phrases = phrases_in(found, range);
        let first = |kind: PhraseKind| {
            phrases
                .iter()
                .find(|(r, k)| *k == kind && !article.in_quote(r.start))
                .map(|(r, _)| r.clone())
        };
        let mut found = first(PhraseKind::Speculation).map(|r| (r, ClaimKind::Speculation));
        if found.is_none() {
            found = likely(words, si).map(|r| (r, ClaimKind::Speculation));
        }
        if found.is_none() && attributes {
            found = first(PhraseKind::Allegation)
                .map(|r| (r, ClaimKind::Allegation))
                .or_else(|| first(PhraseKind::Superlative).map(|r| (r, ClaimKind::Superlative)))
                .or_else(|| figure(words, si).map(|r| (r, ClaimKind::Figure)));
        }
        let Some((range, kind)) = found else {
            continue;
        };
        // "a red wine (probably a local blend)": a bracketed guess at an identification is
        // marked as a guess, not presented as fact.
        if kind == ClaimKind::Speculation && bracketed(words, si, &range) {
            continue;
        }
        // The sentence before counts within the paragraph ("…, the ministry said. It added
        // that …"); the sentence after may open the next paragraph (wire copy often attributes
        // a lede in the second paragraph).
        let block = sentence.block;
        let before =
            si > 0 && article.sentences[si - 1].block == block && analysis.has_source(si - 1);
        let after = article
            .sentences
            .get(si + 1)
            .is_some_and(|n| n.block == block || n.block == block + 1)
            && analysis.has_source(si + 1);
        let sourced = !analysis.of_sentence(si).is_empty()
            || before
            || after
            || reported_clause(words, si, range.start);
        out.push(Claim {
            sentence: si,
            range,
            kind,
            sourced,
        });
    }
    out
}

/// Reporting participles that put what follows in the mouth of the clause's subject: "The
/// auditors wrote to the board, saying that the funds were likely moved abroad."
const REPORTING_PARTICIPLES: &[&str] = &[
    "saying",
    "stating",
    "noting",
    "arguing",
    "claiming",
    "adding",
    "writing",
    "insisting",
    "explaining",
    "warning",
    "asserting",
    "contending",
    "suggesting",
    "concluding",
];

/// Whether a reporting participle after a comma ("…, stating that") comes before `at` in
/// sentence `si`: the claim is reported, with the clause's subject as its source.
fn reported_clause(words: &Words, si: usize, at: usize) -> bool {
    let r = words.sentences[si].clone();
    (r.start + 1..r.end).any(|i| {
        let t = &words.toks[i];
        t.word
            && t.end <= at
            && !words.toks[i - 1].word
            && words.toks[i - 1].ch == ','
            && REPORTING_PARTICIPLES.contains(&words.w(i))
    })
}

/// Whether `claim` opens a bracketed aside in sentence `si`: "(probably …", "(most likely …".
fn bracketed(words: &Words, si: usize, claim: &Range<usize>) -> bool {
    let sentence = &words.article.sentences[si].range;
    words.article.prose[sentence.start..claim.start]
        .trim_end()
        .ends_with(['(', '['])
}

/// "likely" as speculation: after an auxiliary ("would have likely centered", "were likely a
/// testing ground") or before a past-tense verb ("likely played").
fn likely(words: &Words, si: usize) -> Option<Range<usize>> {
    let r = words.sentences[si].clone();
    for i in r.clone() {
        let t = &words.toks[i];
        if !t.word || t.quoted || words.w(i) != "likely" {
            continue;
        }
        let prev = if i > r.start { words.w(i - 1) } else { "" };
        let next = if i + 1 < r.end { words.w(i + 1) } else { "" };
        if matches!(
            prev,
            "more" | "less" | "as" | "most" | "so" | "not" | "the" | "a" | "an"
        ) || LIKELY_NOT.contains(&next)
        {
            continue;
        }
        let past = next.ends_with("ed") || IRREGULAR_PAST.contains(&next);
        let mut a = i;
        while a > r.start + 1 && LIKELY_INTENSIFIERS.contains(&words.w(a - 1)) {
            a -= 1;
        }
        let aux = a > r.start && LIKELY_AUXILIARIES.contains(&words.w(a - 1));
        if aux || past {
            let start = if aux {
                let mut s = a - 1;
                if words.w(s) == "have"
                    && s > r.start
                    && matches!(
                        words.w(s - 1),
                        "would" | "could" | "might" | "may" | "will" | "must"
                    )
                {
                    s -= 1;
                }
                words.toks[s].start
            } else {
                t.start
            };
            let end = if aux { t.end } else { words.toks[i + 1].end };
            return Some(start..end);
        }
    }
    None
}

/// A figure: a number with a unit that makes it a count or an amount ("40 people", "3.5
/// percent", "$2 billion"). Years, dates and ordinals are not figures.
fn figure(words: &Words, si: usize) -> Option<Range<usize>> {
    let r = words.sentences[si].clone();
    for i in r.clone() {
        let t = &words.toks[i];
        if !t.word || t.quoted || !words.w(i).starts_with(|c: char| c.is_ascii_digit()) {
            continue;
        }
        let w = words.w(i);
        let currency = i > r.start
            && !words.toks[i - 1].word
            && matches!(words.toks[i - 1].ch, '$' | '€' | '£' | '¥');
        let mut j = i + 1;
        let mut unit = false;
        while j < r.end && j <= i + 2 {
            let t2 = &words.toks[j];
            if !t2.word {
                unit = t2.ch == '%';
                break;
            }
            let u = words.w(j);
            if LEXICON.figure_unit.contains(u) {
                unit = true;
                break;
            }
            if !matches!(u, "million" | "billion" | "more" | "of" | "percent") {
                break;
            }
            j += 1;
        }
        let year = w.len() == 4 && w.chars().all(|c| c.is_ascii_digit()) && !currency && !unit;
        if year {
            continue;
        }
        if currency || unit {
            let start = if currency {
                words.toks[i - 1].start
            } else {
                t.start
            };
            let end = if unit { words.toks[j].end } else { t.end };
            return Some(start..end);
        }
    }
    None
}

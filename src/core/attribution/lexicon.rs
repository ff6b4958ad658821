//! The word lists the attribution analysis reads, loaded once from `src/core/data/*.txt`. Each
//! file names its sources in its header; sections are `[name]` lines, entries one per line,
//! `#` lines are comments.

use crate::core::lexicon::PhraseSet;
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

const REPORTING_CUES: &str = include_str!("../data/reporting_cues.txt");
const SOURCE_NOUNS: &str = include_str!("../data/source_nouns.txt");
const AGENTLESS: &str = include_str!("../data/agentless.txt");
const VAGUE_PHRASES: &str = include_str!("../data/vague_phrases.txt");
const ANONYMOUS_MARKERS: &str = include_str!("../data/anonymous_markers.txt");
const ANONYMITY_REASONS: &str = include_str!("../data/anonymity_reasons.txt");
const CLAIMS: &str = include_str!("../data/claims.txt");

pub(crate) type WordSet = FxHashSet<&'static str>;

pub(crate) struct Lexicon {
    /// Reporting verbs ("said", "told", "predict").
    pub speech: WordSet,
    /// Verbs of belief that attribute only with a person-like subject ("believe", "fear").
    pub opinion: WordSet,
    /// Verbs that may come before their subject ("…,” said Rubio).
    pub inverted: WordSet,
    /// Auxiliaries and adverbs between a subject and its verb.
    pub skip: WordSet,
    pub vague: WordSet,
    pub anonymous: WordSet,
    pub title: WordSet,
    pub institution: WordSet,
    pub document: WordSet,
    pub vague_document: WordSet,
    pub vague_document_modifier: WordSet,
    pub group_adjective: WordSet,
    pub it_passive: WordSet,
    pub to_passive: WordSet,
    pub as_passive: WordSet,
    pub adverb: WordSet,
    pub adverb_participle: WordSet,
    pub agentless_adverbs: WordSet,
    pub belief_noun: WordSet,
    pub evaluative: WordSet,
    pub agentless_phrases: PhraseSet,
    pub vague_phrases: PhraseSet,
    pub anonymous_markers: PhraseSet,
    pub reasons: PhraseSet,
    pub speculation: PhraseSet,
    pub superlative: PhraseSet,
    pub allegation: PhraseSet,
    pub figure_unit: WordSet,
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let cues = sections(REPORTING_CUES);
    let nouns = sections(SOURCE_NOUNS);
    let agentless = sections(AGENTLESS);
    let claims = sections(CLAIMS);
    let words = |s: &FxHashMap<&'static str, Vec<&'static str>>, name: &str| -> WordSet {
        s.get(name).into_iter().flatten().copied().collect()
    };
    let phrases = |s: &FxHashMap<&'static str, Vec<&'static str>>, name: &str| -> PhraseSet {
        PhraseSet::new(&with_curly_apostrophes(
            s.get(name).into_iter().flatten().map(|p| p.to_string()),
        ))
    };
    let reasons: Vec<String> = entries(ANONYMITY_REASONS).flat_map(expand).collect();
    Lexicon {
        speech: words(&cues, "speech"),
        opinion: words(&cues, "opinion"),
        inverted: words(&cues, "inverted"),
        skip: words(&cues, "skip"),
        vague: words(&nouns, "vague"),
        anonymous: words(&nouns, "anonymous"),
        title: words(&nouns, "title"),
        institution: words(&nouns, "institution"),
        document: words(&nouns, "document"),
        vague_document: words(&nouns, "vague-document"),
        vague_document_modifier: words(&nouns, "vague-document-modifier"),
        group_adjective: words(&nouns, "group-adjective"),
        it_passive: words(&agentless, "it-passive"),
        to_passive: words(&agentless, "to-passive"),
        as_passive: words(&agentless, "as-passive"),
        adverb: words(&agentless, "adverb"),
        adverb_participle: words(&agentless, "adverb-participle"),
        agentless_adverbs: words(&agentless, "adverbs"),
        belief_noun: words(&agentless, "belief-noun"),
        evaluative: words(&agentless, "evaluative"),
        agentless_phrases: phrases(&agentless, "phrases"),
        vague_phrases: PhraseSet::new(&with_curly_apostrophes(
            entries(VAGUE_PHRASES).map(str::to_string),
        )),
        anonymous_markers: PhraseSet::new(&with_curly_apostrophes(
            entries(ANONYMOUS_MARKERS).map(str::to_string),
        )),
        reasons: PhraseSet::new(&with_curly_apostrophes(reasons.into_iter())),
        speculation: phrases(&claims, "speculation"),
        superlative: phrases(&claims, "superlative"),
        allegation: phrases(&claims, "allegation"),
        figure_unit: words(&claims, "figure-unit"),
    }
});

/// The entries of a list: trimmed, non-empty, not comments, not section headers.
fn entries(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with('['))
}

/// Splits a list into its `[name]` sections.
fn sections(text: &'static str) -> FxHashMap<&'static str, Vec<&'static str>> {
    let mut out: FxHashMap<&'static str, Vec<&'static str>> = FxHashMap::default();
    let mut current = "";
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            current = name;
            continue;
        }
        out.entry(current).or_default().push(line);
    }
    out
}

/// Every phrase, plus a copy with curly apostrophes for those written with straight ones.
fn with_curly_apostrophes(phrases: impl Iterator<Item = String>) -> Vec<String> {
    let mut out = Vec::new();
    for p in phrases {
        if p.contains('\'') {
            out.push(p.replace('\'', "’"));
        }
        out.push(p);
    }
    out
}

/// Expands a pattern with choices `(a|b|)` (an empty choice is optional) and letter classes
/// `[sz]` into every phrase it stands for.
pub(crate) fn expand(pattern: &str) -> Vec<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut at = 0;
    let out = expand_sequence(&chars, &mut at);
    out.into_iter()
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect()
}

fn expand_sequence(chars: &[char], at: &mut usize) -> Vec<String> {
    let mut out = vec![String::new()];
    while *at < chars.len() {
        match chars[*at] {
            ')' | '|' => break,
            '(' => {
                *at += 1;
                let mut choices = Vec::new();
                loop {
                    choices.extend(expand_sequence(chars, at));
                    match chars.get(*at) {
                        Some('|') => *at += 1,
                        Some(')') => {
                            *at += 1;
                            break;
                        }
                        _ => break,
                    }
                }
                out = product(&out, &choices);
            }
            '[' => {
                *at += 1;
                let mut choices = Vec::new();
                while *at < chars.len() && chars[*at] != ']' {
                    choices.push(chars[*at].to_string());
                    *at += 1;
                }
                *at += 1;
                out = product(&out, &choices);
            }
            c => {
                for s in &mut out {
                    s.push(c);
                }
                *at += 1;
            }
        }
    }
    out
}

fn product(heads: &[String], tails: &[String]) -> Vec<String> {
    let mut out = Vec::with_capacity(heads.len() * tails.len());
    for h in heads {
        for t in tails {
            out.push(format!("{h}{t}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expands_choices_classes_and_optional_parts() {
        let mut got = expand("because (the |)(talks|deal) (is|are) authori[sz]ed");
        got.sort();
        assert_eq!(got.len(), 16);
        assert!(got.contains(&"because the talks are authorized".to_string()));
        assert!(got.contains(&"because deal is authorised".to_string()));
    }

    #[test]
    fn nested_choices_expand() {
        let mut got = expand("for fear of (reprisal|losing (his|her) job)");
        got.sort();
        assert_eq!(
            got,
            vec![
                "for fear of losing her job",
                "for fear of losing his job",
                "for fear of reprisal"
            ]
        );
    }

    #[test]
    fn every_list_loads() {
        let l = &*LEXICON;
        assert!(l.speech.contains("said") && l.speech.contains("predict"));
        assert!(l.vague.contains("analysts") && l.anonymous.contains("officials"));
        assert!(l
            .reasons
            .is_match("because they were not authorized to discuss the talks"));
        assert!(l
            .reasons
            .is_match("because he didn’t want to be identified"));
        assert!(l.it_passive.contains("understood"));
        assert!(!l.agentless_phrases.is_empty() && !l.speculation.is_empty());
    }
}

//! The word lists the attribution analysis reads, loaded once from `src/core/data/*.txt`. Each
//! file names its sources in its header; sections are `[name]` lines, entries one per line,
//! `#` lines are comments.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
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
    /// Verbs of view that attribute only with a vague group as subject ("some see it as").
    pub group_opinion: WordSet,
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
    pub institutional_qualifier: WordSet,
    pub it_passive: WordSet,
    pub to_passive: WordSet,
    pub as_passive: WordSet,
    pub adverb: WordSet,
    pub adverb_participle: WordSet,
    pub agentless_adverbs: WordSet,
    pub belief_noun: WordSet,
    pub evaluative: WordSet,
    pub figure_unit: WordSet,
    /// Every phrase list, matched in one pass over an article.
    pub phrases: Phrases,
}

/// Which list a phrase comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    /// `vague_phrases.txt`: "some have argued".
    Vague,
    /// `anonymous_markers.txt`: "on condition of anonymity".
    Anonymous,
    /// `agentless.txt` [phrases]: "it emerged that".
    Agentless,
    /// `anonymity_reasons.txt`: "because they were not authorized to".
    Reason,
    /// `claims.txt` [speculation]: "probably".
    Speculation,
    /// `claims.txt` [superlative]: "one of the most".
    Superlative,
    /// `claims.txt` [allegation]: "accused of".
    Allegation,
}

/// All phrase lists in one Aho-Corasick automaton (ASCII case-insensitive, leftmost-longest,
/// matched on word boundaries): one pass over an article finds every phrase of every list. A
/// contiguous NFA: the reason patterns expand to a few thousand phrases, and a DFA over them
/// costs about 10 ms more to build for no measurable gain in search time.
pub(crate) struct Phrases {
    ac: AhoCorasick,
    kinds: Vec<PhraseKind>,
}

impl Phrases {
    fn new(lists: Vec<(PhraseKind, Vec<String>)>) -> Phrases {
        let mut seen = FxHashSet::default();
        let mut patterns = Vec::new();
        let mut kinds = Vec::new();
        for (kind, list) in lists {
            for p in list {
                let p = p.split_whitespace().collect::<Vec<_>>().join(" ");
                if !p.is_empty() && seen.insert(p.to_ascii_lowercase()) {
                    patterns.push(p);
                    kinds.push(kind);
                }
            }
        }
        let ac = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .build(&patterns)
            .expect("the phrase lists compile");
        Phrases { ac, kinds }
    }

    /// Every phrase in `text`, in order, on word boundaries. When the leftmost match is not on
    /// word boundaries, the search resumes one character later.
    pub fn find_all(&self, text: &str) -> Vec<(Range<usize>, PhraseKind)> {
        let mut out = Vec::new();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = self.ac.find(aho_corasick::Input::new(text).range(at..)) else {
                break;
            };
            if on_word_boundaries(text, m.start(), m.end()) {
                out.push((m.start()..m.end(), self.kinds[m.pattern().as_usize()]));
                at = m.end();
            } else {
                at = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            }
        }
        out
    }

    /// Whether `text` holds a phrase of `kind`.
    pub fn contains(&self, text: &str, kind: PhraseKind) -> bool {
        self.find_all(text).iter().any(|(_, k)| *k == kind)
    }
}

fn on_word_boundaries(text: &str, start: usize, end: usize) -> bool {
    let word = |c: char| c.is_alphanumeric() || c == '_';
    let before = text[..start].chars().next_back();
    let after = text[end..].chars().next();
    let first = text[start..end].chars().next();
    let last = text[start..end].chars().next_back();
    let joined_before = first.is_some_and(word) && before.is_some_and(word);
    let joined_after = last.is_some_and(word) && after.is_some_and(word);
    !joined_before && !joined_after
}

pub(crate) static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let cues = sections(REPORTING_CUES);
    let nouns = sections(SOURCE_NOUNS);
    let agentless = sections(AGENTLESS);
    let claims = sections(CLAIMS);
    let words = |s: &FxHashMap<&'static str, Vec<&'static str>>, name: &str| -> WordSet {
        s.get(name).into_iter().flatten().copied().collect()
    };
    let list = |s: &FxHashMap<&'static str, Vec<&'static str>>, name: &str| -> Vec<String> {
        with_curly_apostrophes(s.get(name).into_iter().flatten().map(|p| p.to_string()))
    };
    let reasons: Vec<String> = entries(ANONYMITY_REASONS).flat_map(expand).collect();
    let phrases = Phrases::new(vec![
        (
            PhraseKind::Vague,
            with_curly_apostrophes(entries(VAGUE_PHRASES).map(str::to_string)),
        ),
        (
            PhraseKind::Anonymous,
            with_curly_apostrophes(entries(ANONYMOUS_MARKERS).map(str::to_string)),
        ),
        (PhraseKind::Agentless, list(&agentless, "phrases")),
        (
            PhraseKind::Reason,
            with_curly_apostrophes(reasons.into_iter()),
        ),
        (PhraseKind::Speculation, list(&claims, "speculation")),
        (PhraseKind::Superlative, list(&claims, "superlative")),
        (PhraseKind::Allegation, list(&claims, "allegation")),
    ]);
    Lexicon {
        speech: words(&cues, "speech"),
        opinion: words(&cues, "opinion"),
        inverted: words(&cues, "inverted"),
        group_opinion: words(&cues, "group-opinion"),
        skip: words(&cues, "skip"),
        vague: words(&nouns, "vague"),
        anonymous: words(&nouns, "anonymous"),
        title: words(&nouns, "title"),
        institution: words(&nouns, "institution"),
        document: words(&nouns, "document"),
        vague_document: words(&nouns, "vague-document"),
        vague_document_modifier: words(&nouns, "vague-document-modifier"),
        group_adjective: words(&nouns, "group-adjective"),
        institutional_qualifier: words(&nouns, "institutional-qualifier"),
        it_passive: words(&agentless, "it-passive"),
        to_passive: words(&agentless, "to-passive"),
        as_passive: words(&agentless, "as-passive"),
        adverb: words(&agentless, "adverb"),
        adverb_participle: words(&agentless, "adverb-participle"),
        agentless_adverbs: words(&agentless, "adverbs"),
        belief_noun: words(&agentless, "belief-noun"),
        evaluative: words(&agentless, "evaluative"),
        figure_unit: words(&claims, "figure-unit"),
        phrases,
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
        let reason = |t: &str| l.phrases.contains(t, PhraseKind::Reason);
        assert!(reason(
            "because they were not authorized to discuss the talks"
        ));
        assert!(reason("because he didn’t want to be identified"));
        assert!(l.it_passive.contains("understood"));
        let found = l.phrases.find_all(
            "Some have argued it probably spoke on condition of anonymity, accused of fraud",
        );
        let kinds: Vec<PhraseKind> = found.iter().map(|(_, k)| *k).collect();
        assert_eq!(
            kinds,
            vec![
                PhraseKind::Vague,
                PhraseKind::Speculation,
                PhraseKind::Anonymous,
                PhraseKind::Allegation
            ]
        );
    }
}

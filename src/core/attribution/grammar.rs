//! The attribution grammar, sentence by sentence: words with their offsets, the reporting cues
//! ("said", "according to", "is believed to", "reportedly", a colon before a quotation), the
//! source phrase each cue has (its subject, the phrase after "according to" or "by", or the
//! phrase after an inverted "said"), and what kind of source that phrase names.
//!
//! No part of speech tagger: the grammar relies on word lists (`lexicon.rs`) and on the shape of
//! news attribution, which is narrow. A cue whose source phrase is not recognisably a source
//! ("the move signals", "the talks suggest") is not an attribution.

use super::lexicon::{Lexicon, LEXICON};
use super::{Attribution, CueKind, SourceClass};
use crate::core::article::{Article, BlockKind};
use crate::core::names::FUNCTION_WORDS;
use std::ops::Range;

/// A word or a punctuation mark of a sentence.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub word: bool,
    /// Inside a direct quotation (quotation marks included).
    pub quoted: bool,
    /// Starts with a capital letter.
    pub cap: bool,
    /// The mark, for punctuation.
    pub ch: char,
}

/// The words of an article, per sentence, with a lower-cased copy of the prose (ASCII lower
/// casing keeps every byte offset).
pub(crate) struct Words<'a> {
    pub article: &'a Article,
    pub lower: String,
    pub toks: Vec<Tok>,
    /// Per sentence: its tokens.
    pub sentences: Vec<Range<usize>>,
    /// Per sentence: whether it is a headline (a heading block, or a line in title case).
    pub headline: Vec<bool>,
}

/// Title abbreviations that keep their period.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "mx", "dr", "prof", "sen", "rep", "gov", "gen", "col", "lt", "sgt", "capt",
    "maj", "adm", "rev", "st", "jr", "sr", "no",
];

impl<'a> Words<'a> {
    pub fn new(article: &'a Article) -> Words<'a> {
        let lower = article.prose.to_ascii_lowercase();
        let mut toks = Vec::with_capacity(article.prose.len() / 5);
        let mut sentences = Vec::with_capacity(article.sentences.len());
        let mut headline = Vec::with_capacity(article.sentences.len());
        for (si, s) in article.sentences.iter().enumerate() {
            let first = toks.len();
            tokenize(article, s.range.clone(), &mut toks);
            sentences.push(first..toks.len());
            // A heading is one line: its first sentence is the headline. A heading line that
            // runs on into more sentences ("## Background The channel was …, records show.
            // “…,” Okafor told reporters.") lost a line break, and those sentences are prose.
            let block = &article.blocks[s.block];
            let heading =
                matches!(block.kind, BlockKind::Heading(_)) && block.sentences.start == si;
            headline.push(heading || title_case(article, &toks[first..]));
        }
        Words {
            article,
            lower,
            toks,
            sentences,
            headline,
        }
    }

    /// The lower-cased text of token `i` ("" for punctuation).
    pub fn w(&self, i: usize) -> &str {
        match self.toks.get(i) {
            Some(t) if t.word => &self.lower[t.start..t.end],
            _ => "",
        }
    }

    /// The original text of token `i`.
    pub fn text(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.article.prose[t.start..t.end]
    }

    /// The word without a possessive ending.
    pub fn base(&self, i: usize) -> &str {
        let w = self.w(i);
        w.strip_suffix("'s")
            .or_else(|| w.strip_suffix("’s"))
            .or_else(|| w.strip_suffix('\''))
            .or_else(|| w.strip_suffix('’'))
            .unwrap_or(w)
    }

    pub fn is_possessive(&self, i: usize) -> bool {
        let w = self.w(i);
        (w.ends_with("'s") || w.ends_with("’s") || w.ends_with("s'") || w.ends_with("s’"))
            && !matches!(
                w,
                "it's"
                    | "it’s"
                    | "that's"
                    | "that’s"
                    | "what's"
                    | "what’s"
                    | "he's"
                    | "he’s"
                    | "she's"
                    | "she’s"
                    | "there's"
                    | "there’s"
                    | "who's"
                    | "who’s"
            )
    }
}

fn title_case(article: &Article, toks: &[Tok]) -> bool {
    let words: Vec<&Tok> = toks
        .iter()
        .filter(|t| t.word && t.end - t.start > 3)
        .collect();
    words.len() >= 3 && words.iter().filter(|t| t.cap).count() * 4 >= words.len() * 3 && {
        // A sentence that ends like prose ("… talks in Oman.") is not a headline unless short.
        let text = article.prose[toks[0].start..toks[toks.len() - 1].end].trim_end();
        !text.ends_with('.') || words.len() <= 6
    }
}

fn tokenize(article: &Article, range: Range<usize>, out: &mut Vec<Tok>) {
    let text = &article.prose[range.clone()];
    let base = range.start;
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        if c.is_whitespace() {
            continue;
        }
        let start = base + i;
        if c.is_alphanumeric() {
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = it.peek() {
                if d.is_alphanumeric() {
                    end = j + d.len_utf8();
                    it.next();
                    continue;
                }
                if matches!(d, '\'' | '’' | '-' | '‐' | '.' | '&' | ',') {
                    // Inner apostrophes, hyphens and periods ("O’Brien", "U.S", "3.5", "1,500").
                    let after = text[j + d.len_utf8()..].chars().next();
                    let digit_comma = d == ',' && after.is_some_and(|a| a.is_ascii_digit());
                    if after.is_some_and(char::is_alphanumeric) && (d != ',' || digit_comma) {
                        if d == ',' && !text[i..j].chars().all(|x| x.is_ascii_digit() || x == ',') {
                            break;
                        }
                        end = j + d.len_utf8();
                        it.next();
                        continue;
                    }
                    if matches!(d, '\'' | '’') && text[i..j].ends_with(['s', 'S']) {
                        // Plural possessive: "officials’ statement".
                        end = j + d.len_utf8();
                        it.next();
                    }
                }
                break;
            }
            // A final period that belongs to the word: "U.S.", "Mr.", "J."
            if let Some(&(j, '.')) = it.peek() {
                let word = &text[i..end];
                let lower = word.to_ascii_lowercase();
                let dotted =
                    word.contains('.') && word.chars().all(|x| x.is_alphabetic() || x == '.');
                let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
                if dotted || initial || TITLE_ABBREVIATIONS.contains(&lower.as_str()) {
                    let at_end = text[j + 1..].trim().is_empty();
                    if !at_end || dotted {
                        end = j + 1;
                        it.next();
                    }
                }
            }
            out.push(Tok {
                start,
                end: base + end,
                word: true,
                quoted: article.in_quote(start),
                cap: c.is_uppercase(),
                ch: c,
            });
        } else {
            out.push(Tok {
                start,
                end: start + c.len_utf8(),
                word: false,
                quoted: article.in_quote(start),
                cap: false,
                ch: c,
            });
        }
    }
}

/// A source phrase before classification is settled: pronouns are resolved later, across
/// sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Found {
    Class(SourceClass),
    /// "he", "she": a person named earlier.
    Singular,
    /// "they".
    Plural,
    /// "it": an institution or document named earlier.
    It,
}

/// What the grammar finds in a sentence, before pronouns are resolved.
pub(crate) struct Raw {
    pub attribution: Attribution,
    pub found: Found,
}

/// Words that end a subject phrase read backwards from its verb.
const BOUNDARY: &[&str] = &[
    "that",
    "which",
    "when",
    "while",
    "whereas",
    "although",
    "though",
    "because",
    "since",
    "if",
    "unless",
    "as",
    "but",
    "or",
    "nor",
    "so",
    "yet",
    "after",
    "before",
    "until",
    "where",
    "than",
    "however",
    "meanwhile",
    "then",
    "whether",
    "what",
    "how",
    "why",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "being",
    "has",
    "have",
    "had",
    "will",
    "would",
    "could",
    "can",
    "may",
    "might",
    "should",
    "must",
    "do",
    "does",
    "did",
    "not",
    "also",
    "it's",
    "it’s",
    "there",
    "here",
    "once",
    "despite",
    "amid",
    "against",
    "even",
    "just",
    "only",
    "too",
];

/// Words that end a source phrase read forwards.
const FORWARD_BOUNDARY: &[&str] = &[
    "that", "which", "when", "while", "whereas", "because", "since", "if", "unless", "but", "so",
    "although", "though", "until", "as", "is", "are", "was", "were", "has", "have", "had", "will",
    "would", "could", "can", "may", "might", "should", "must", "after", "before", "amid", "to",
    "be", "given",
];

/// Words that open a post-modifier of a source's head noun.
const POSTMOD: &[&str] = &[
    "with",
    "familiar",
    "briefed",
    "close",
    "speaking",
    "who",
    "whom",
    "whose",
    "at",
    "from",
    "in",
    "on",
    "for",
    "involved",
    "knowledgeable",
    "aware",
    "granted",
    "under",
    "within",
    "inside",
    "among",
    "of",
    "by",
    "to",
    "over",
    "across",
    "following",
    "tracking",
    "monitoring",
    "based",
    "working",
    "representing",
    "polled",
    "surveyed",
    "interviewed",
    "quoted",
    "cited",
    "near",
    "outside",
    "during",
    "since",
    "tied",
    "linked",
    "loyal",
    "sympathetic",
    "opposed",
    "attending",
    "present",
    "privy",
    "directly",
    "said",
    "told",
    "spoke",
    "who’d",
    "who'd",
    "including",
    "like",
    "such",
    "filed",
    "released",
    "published",
    "seen",
    "obtained",
    "reviewed",
    "signed",
    "issued",
    "posted",
    "dated",
    "prepared",
    "compiled",
    "commissioned",
    "conducted",
    "written",
    "sent",
    "shared",
    "leaked",
    "submitted",
    "presented",
    "made",
];

const PREPOSITIONS: &[&str] = &[
    "in", "on", "at", "for", "from", "with", "after", "before", "during", "by", "under", "over",
    "about", "among", "between", "through", "into", "to", "of", "amid", "despite", "beyond",
];

const ARTICLES: &[&str] = &["a", "an", "the"];

const INDEFINITE: &[&str] = &["a", "an", "one", "another", "some", "any"];

const DEFINITE: &[&str] = &[
    "the", "this", "that", "these", "those", "its", "his", "her", "their", "our", "my", "your",
];

/// Quantifiers that are a vague group on their own ("some say", "many believe").
const VAGUE_QUANTIFIERS: &[&str] = &[
    "some",
    "many",
    "most",
    "others",
    "several",
    "various",
    "numerous",
    "certain",
    "few",
    "countless",
    "other",
    "both",
    "all",
];

/// Quantifiers that are a vague group standing alone as a subject ("some argue", "others
/// claim"); "two other" or "both" are not.
const VAGUE_ALONE: &[&str] = &[
    "some", "many", "most", "others", "several", "various", "numerous",
];

const NUMBERS: &[&str] = &[
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozen", "dozens",
    "multiple", "half",
];

/// Heads that introduce a group: "a group of analysts", "a number of experts".
const PARTITIVE_HEADS: &[&str] = &[
    "group",
    "number",
    "handful",
    "couple",
    "majority",
    "lot",
    "host",
    "range",
    "variety",
    "minority",
    "dozens",
    "hundreds",
    "thousands",
    "series",
    "chorus",
    "growing",
];

/// Verbs that mark speech so plainly that any noun phrase before them is a source ("the
/// woman said").
const PLAIN_SPEECH: &[&str] = &[
    "said",
    "says",
    "told",
    "tells",
    "added",
    "adds",
    "wrote",
    "writes",
    "asked",
    "replied",
    "explained",
    "recalled",
    "stated",
    "declared",
    "announced",
    "testified",
    "tweeted",
    "posted",
];

const MODALS: &[&str] = &[
    "will", "would", "could", "may", "might", "can", "should", "must", "shall",
];

/// Adverbs inside a passive ("is widely seen", "has long been believed").
const PASSIVE_ADVERBS: &[&str] = &[
    "widely",
    "generally",
    "commonly",
    "popularly",
    "universally",
    "broadly",
    "often",
    "also",
    "now",
    "long",
    "still",
    "sometimes",
    "increasingly",
    "already",
    "further",
    "largely",
    "frequently",
    "usually",
    "not",
    "mostly",
    "once",
    "traditionally",
    "privately",
    "publicly",
    "internally",
    "strongly",
    "firmly",
    "originally",
    "previously",
    "earlier",
    "first",
    "historically",
    "therefore",
    "thus",
    "even",
    "really",
    "actually",
    "again",
    "repeatedly",
];

const IRREGULAR_PARTICIPLES: &[&str] = &[
    "seen",
    "thought",
    "told",
    "said",
    "held",
    "written",
    "known",
    "given",
    "made",
    "taken",
    "shown",
    "heard",
    "understood",
    "felt",
    "found",
    "put",
    "read",
];

/// Adjectives before a belief noun: "a growing belief", "the conventional wisdom".
const BELIEF_ADJECTIVES: &[&str] = &[
    "a",
    "an",
    "some",
    "growing",
    "widespread",
    "general",
    "broad",
    "common",
    "popular",
    "increasing",
    "strong",
    "deep",
    "wide",
    "prevailing",
    "conventional",
    "little",
    "much",
    "the",
    "widely",
    "held",
    "shared",
    "broader",
];

pub(crate) struct Parser<'w, 'a> {
    pub w: &'w Words<'a>,
    lex: &'static Lexicon,
    pub sentence: usize,
    lo: usize,
    hi: usize,
    /// The first word of the sentence.
    first: usize,
}

impl<'w, 'a> Parser<'w, 'a> {
    pub fn new(w: &'w Words<'a>, sentence: usize) -> Self {
        let r = w.sentences[sentence].clone();
        let first = (r.clone()).find(|&i| w.toks[i].word).unwrap_or(r.start);
        Parser {
            w,
            lex: &LEXICON,
            sentence,
            lo: r.start,
            hi: r.end,
            first,
        }
    }

    fn word(&self, i: usize) -> &str {
        if i < self.lo || i >= self.hi {
            ""
        } else {
            self.w.w(i)
        }
    }

    fn is_word(&self, i: usize) -> bool {
        i >= self.lo && i < self.hi && self.w.toks[i].word
    }

    fn open_word(&self, i: usize) -> bool {
        self.is_word(i) && !self.w.toks[i].quoted
    }

    fn punct(&self, i: usize) -> Option<char> {
        (i >= self.lo && i < self.hi && !self.w.toks[i].word).then(|| self.w.toks[i].ch)
    }

    fn cap(&self, i: usize) -> bool {
        self.is_word(i) && self.w.toks[i].cap
    }

    fn span(&self, r: &Range<usize>) -> Range<usize> {
        self.w.toks[r.start].start..self.w.toks[r.end - 1].end
    }

    /// Finds every attribution cue in the sentence.
    pub fn parse(&self, out: &mut Vec<Raw>) {
        if self.w.headline[self.sentence] {
            return;
        }
        let mut i = self.lo;
        while i < self.hi {
            if !self.open_word(i) {
                i += 1;
                continue;
            }
            let w = self.word(i);
            if w == "according" && self.word(i + 1) == "to" {
                if let Some((np, found)) = self.forward_source(i + 2) {
                    self.push(out, CueKind::AccordingTo, i..i + 2, Some(np.clone()), found);
                    i = np.end;
                } else {
                    i += 2;
                }
                continue;
            }
            if let Some(next) = self.passive(i, out) {
                i = next;
                continue;
            }
            if self.lex.agentless_adverbs.contains(w) {
                self.push(
                    out,
                    CueKind::Adverb,
                    i..i + 1,
                    None,
                    Found::Class(SourceClass::Agentless),
                );
                i += 1;
                continue;
            }
            if self.lex.speech.contains(w) || self.lex.opinion.contains(w) || self.group_view(i) {
                if let Some(next) = self.verb(i, out) {
                    i = next;
                    continue;
                }
            }
            i += 1;
        }
        self.colons(out);
    }

    fn push(
        &self,
        out: &mut Vec<Raw>,
        kind: CueKind,
        cue: Range<usize>,
        source: Option<Range<usize>>,
        found: Found,
    ) {
        let class = match found {
            Found::Class(c) => c,
            _ => SourceClass::NamedPerson,
        };
        out.push(Raw {
            attribution: Attribution {
                sentence: self.sentence,
                cue: self.span(&cue),
                kind,
                source: source.map(|s| self.span(&s)),
                class,
                pronoun: !matches!(found, Found::Class(_)),
                reason: None,
            },
            found,
        });
    }

    /// A form of "be" starting at `i` ("is", "has been", "would be"), followed by passive
    /// adverbs: the index after it.
    fn be_chain(&self, i: usize) -> Option<usize> {
        self.be_chain_with(i, false)
    }

    /// As [`Parser::be_chain`], with modal forms ("may be", "could have been") when `modal`.
    fn be_chain_with(&self, i: usize, modal: bool) -> Option<usize> {
        let mut j = i;
        let w = self.word(j);
        if MODALS.contains(&w) {
            if !modal {
                return None;
            }
            j = self.skip_adverbs(j + 1);
            if self.word(j) == "be" {
                j += 1;
            } else if self.word(j) == "have" && self.word(j + 1) == "been" {
                j += 2;
            } else {
                return None;
            }
        } else if matches!(w, "is" | "was" | "are" | "were" | "be" | "been" | "being") {
            j = self.skip_adverbs(j + 1);
            if matches!(self.word(j), "being" | "been") {
                j += 1;
            }
        } else if matches!(w, "has" | "have" | "had") {
            j = self.skip_adverbs(j + 1);
            if self.word(j) == "been" {
                j += 1;
            } else {
                return None;
            }
        } else {
            return None;
        }
        Some(self.skip_adverbs(j))
    }

    fn skip_adverbs(&self, mut j: usize) -> usize {
        while self.open_word(j) && PASSIVE_ADVERBS.contains(&self.word(j)) {
            j += 1;
        }
        j
    }

    /// Passive and impersonal attribution starting at `i`: "it is believed", "is said to", "is
    /// seen as", "widely understood", "there is a growing belief that". With an agent ("is
    /// seen by analysts as") it is an attribution to the agent.
    fn passive(&self, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let lex = self.lex;
        let w = self.word(i);
        // "no test which is widely accepted": the clause belongs to a negated noun, and says
        // that nobody holds the view.
        if self.negated_relative(i) {
            return None;
        }
        // "it is believed (that)", "it has been suggested", "it’s understood".
        if w == "it" || w == "it's" || w == "it’s" {
            let j = if w == "it" {
                self.be_chain(i + 1)?
            } else {
                self.skip_adverbs(i + 1)
            };
            let p = self.word(j);
            if self.open_word(j) && lex.it_passive.contains(p) {
                // "it was feared that": what people held at the time, not a claim now.
                if w == "it" && self.past_belief(i + 1, j) {
                    return None;
                }
                let needs_that = matches!(p, "known" | "expected" | "hoped" | "estimated");
                if needs_that && self.word(j + 1) != "that" {
                    return None;
                }
                if self.word(j + 1) == "by" {
                    if let Some((np, found)) = self.forward_source(j + 2) {
                        self.push(out, CueKind::PassiveBy, i..j + 1, Some(np.clone()), found);
                        return Some(np.end);
                    }
                }
                self.push(
                    out,
                    CueKind::Passive,
                    i..j + 1,
                    None,
                    Found::Class(SourceClass::Agentless),
                );
                return Some(j + 1);
            }
            return None;
        }
        // "there is a growing belief that"
        if w == "there" {
            let mut j = self.be_chain(i + 1)?;
            let mut n = 0;
            while n < 3 && BELIEF_ADJECTIVES.contains(&self.word(j)) {
                j += 1;
                n += 1;
            }
            if lex.belief_noun.contains(self.word(j)) && self.word(j + 1) == "that" {
                self.push(
                    out,
                    CueKind::Passive,
                    i..j + 2,
                    None,
                    Found::Class(SourceClass::Agentless),
                );
                return Some(j + 2);
            }
            return None;
        }
        // "the (conventional) expectation is that"
        if w == "the" {
            let mut j = i + 1;
            if BELIEF_ADJECTIVES.contains(&self.word(j)) {
                j += 1;
            }
            if lex.belief_noun.contains(self.word(j))
                && matches!(self.word(j + 1), "is" | "was")
                && self.word(j + 2) == "that"
            {
                self.push(
                    out,
                    CueKind::Passive,
                    i..j + 3,
                    None,
                    Found::Class(SourceClass::Agentless),
                );
                return Some(j + 3);
            }
            return None;
        }
        // "widely understood", "generally accepted"; "generally considered a kind of sledge"
        // classifies and is left alone.
        let attributive = i == self.lo
            || !self.is_word(i - 1)
            || matches!(
                self.word(i - 1),
                "is" | "are"
                    | "was"
                    | "were"
                    | "be"
                    | "been"
                    | "being"
                    | "a"
                    | "an"
                    | "the"
                    | "its"
                    | "their"
                    | "his"
                    | "her"
                    | "and"
                    | "but"
                    | "as"
                    | "not"
                    | "so"
                    | "most"
                    | "more"
                    | "also"
                    | "still"
                    | "now"
            );
        if attributive && lex.adverb.contains(w) && lex.adverb_participle.contains(self.word(i + 1))
        {
            let p = i + 1;
            if matches!(self.word(p), "considered" | "regarded" | "seen" | "viewed") {
                // The complement: "widely regarded as …", "generally considered to be …",
                // "commonly considered the Old Gate". An agent ("by") or another infinitive
                // ("seen to work") leaves nothing to judge.
                let complement = match (self.word(p + 1), self.word(p + 2)) {
                    ("as", _) => Some(p + 2),
                    ("to", "be") => Some(p + 3),
                    ("by" | "to", _) => None,
                    _ => Some(p + 1),
                };
                if complement.is_some_and(|c| !self.evaluative(c)) {
                    return None;
                }
            }
            if let Some(next) = self.with_agent(i, p, false, out) {
                return Some(next);
            }
            self.push(
                out,
                CueKind::Passive,
                i..p + 1,
                None,
                Found::Class(SourceClass::Agentless),
            );
            return Some(p + 1);
        }
        // "is said to", "is seen as", "was considered by many"; not "can be seen as" (the
        // writer's own hedged reading).
        if matches!(w, "be" | "been") && i > self.lo && MODALS.contains(&self.word(i - 1)) {
            return None;
        }
        let j = self.be_chain(i)?;
        if !self.open_word(j) {
            return None;
        }
        let p = self.word(j);
        // "If a bill passes both houses, the bill is said to be enrolled": a
        // definition by condition.
        let defining = matches!(self.word(self.first), "if" | "when" | "whenever");
        if lex.to_passive.contains(p) && self.word(j + 1) == "to" {
            if self.past_belief(i, j) || defining && self.word(j + 2) == "be" {
                return None;
            }
            // "is said to be “offside”", "is considered to be a type of": a definition, not a
            // claim. "is said to have", "is considered to be one of the best": a claim.
            if matches!(p, "said" | "considered")
                && self.word(j + 2) == "be"
                && !self.evaluative(j + 3)
            {
                return None;
            }
            // "are said to be linked to", "is said to be rarer now": "said to be" describes
            // unless a judging word follows ("is said to be the finest"); "is said to have
            // belonged" and "is said to go back to 1850" report a claim.
            if p == "said" && self.word(j + 2) == "be" && !self.judging(j + 3) {
                return None;
            }
            // "is said to have ‘walked’": a term in quotation marks.
            if (j + 2..(j + 5).min(self.hi)).any(|x| self.punct(x).is_some_and(is_quote_mark)) {
                return None;
            }
            if let Some(next) = self.with_agent(i, j, false, out) {
                return Some(next);
            }
            self.push(
                out,
                CueKind::Passive,
                i..j + 2,
                None,
                Found::Class(SourceClass::Agentless),
            );
            return Some(j + 2);
        }
        let considered = p == "considered"
            && (self.word(j + 1) == "to" && self.word(j + 2) == "be"
                || self.word(j + 1) == "one" && self.word(j + 2) == "of"
                || self.word(j + 1) == "among");
        let complement = if self.word(j + 1) == "as" {
            j + 2
        } else if self.word(j + 1) == "to" {
            j + 3
        } else {
            j + 1
        };
        if lex.as_passive.contains(p) && (self.word(j + 1) == "as" || considered) && !defining {
            // "is seen as a lifeline by many": with an agent the view has a holder, whatever
            // the complement; without one only a judgement is a claim.
            if let Some(next) = self.with_agent(i, j, true, out) {
                return Some(next);
            }
            if !self.evaluative(complement) {
                return None;
            }
            self.push(
                out,
                CueKind::Passive,
                i..j + 2,
                None,
                Found::Class(SourceClass::Agentless),
            );
            return Some(j + 2);
        }
        let opinion = lex.as_passive.contains(p)
            || lex.to_passive.contains(p)
            || lex.adverb_participle.contains(p)
            || lex.it_passive.contains(p);
        if opinion && self.word(j + 1) == "by" {
            if let Some((np, found)) = self.forward_source(j + 2) {
                self.push(out, CueKind::PassiveBy, i..j + 1, Some(np.clone()), found);
                return Some(np.end);
            }
        }
        None
    }

    /// Whether word `i` opens the verb of a relative clause whose noun is negated: "no test
    /// which is widely accepted", "nothing that is believed".
    fn negated_relative(&self, mut i: usize) -> bool {
        while i > self.lo
            && (matches!(
                self.word(i - 1),
                "is" | "are" | "was" | "were" | "be" | "been"
            ) || PASSIVE_ADVERBS.contains(&self.word(i - 1)))
        {
            i -= 1;
        }
        if i < self.lo + 2 || !matches!(self.word(i - 1), "which" | "that" | "who") {
            return false;
        }
        let mut k = i - 2;
        for _ in 0..10 {
            if !self.open_word(k) {
                return false;
            }
            let w = self.word(k);
            if matches!(w, "no" | "none" | "nothing" | "nobody" | "neither" | "nor") {
                return true;
            }
            // Another determiner or clause: the noun of the relative clause is not negated.
            if ARTICLES.contains(&w) || matches!(w, "that" | "which" | "who" | "this") {
                return false;
            }
            if k == self.lo {
                return false;
            }
            k -= 1;
        }
        false
    }

    /// Whether the passive from the form of "be" at `be` to the participle at `p` reports a
    /// past belief: "was believed to cure fevers", "it was feared that". What people held at the
    /// time is history; a past report ("was said to", "it was reported") still hides a source.
    fn past_belief(&self, be: usize, p: usize) -> bool {
        matches!(self.word(be), "was" | "were" | "had")
            && matches!(
                self.word(p),
                "believed"
                    | "thought"
                    | "feared"
                    | "known"
                    | "considered"
                    | "assumed"
                    | "presumed"
                    | "supposed"
                    | "understood"
                    | "felt"
                    | "expected"
                    | "hoped"
                    | "held"
                    | "accepted"
            )
    }

    /// Whether the complement starting at `j` opens with a word of judgement: "one of", "among",
    /// a superlative, or a word of the evaluative list, alone or after an article ("the
    /// finest", "a major setback").
    fn judging(&self, j: usize) -> bool {
        if !self.open_word(j) {
            return false;
        }
        let judges = |x: usize| {
            let w = self.word(x);
            self.lex.evaluative.contains(w) || w.ends_with("est") && w.len() > 4
        };
        match self.word(j) {
            "one" => self.word(j + 1) == "of",
            "among" => true,
            "a" | "an" | "the" => {
                judges(j + 1) || self.lex.evaluative.contains(self.word(j + 2)) && !self.cap(j + 1)
            }
            "very" | "so" | "too" | "quite" => judges(j + 1),
            _ => judges(j),
        }
    }

    /// Whether the complement starting at `j` evaluates ("critical", "one of the best", "a
    /// major setback") rather than classifies ("a regional style", "the Old Bridge"): a
    /// judging opening, or any word that is not a name, a possessive or a determiner.
    fn evaluative(&self, j: usize) -> bool {
        if !self.open_word(j) {
            return false;
        }
        match self.word(j) {
            "one" | "among" | "a" | "an" | "the" => self.judging(j),
            "his" | "her" | "its" | "their" | "this" | "that" | "these" | "those" | "being"
            | "part" | "such" | "some" | "any" => false,
            _ => !self.cap(j),
        }
    }

    /// An agent for the passive cue `start..=participle`: "by" right after the participle, or
    /// later in the same clause ("seen as a fad by many critics").
    fn with_agent(
        &self,
        start: usize,
        participle: usize,
        later: bool,
        out: &mut Vec<Raw>,
    ) -> Option<usize> {
        let mut k = participle + 1;
        let limit = (participle + if later { 12 } else { 2 }).min(self.hi);
        while k < limit && self.open_word(k) {
            let w = self.word(k);
            if w == "by" {
                let Some((np, found)) = self.forward_source(k + 1) else {
                    // An agent newslint cannot classify ("recognized by the charter"):
                    // not agentless, and not an attribution it can judge.
                    return Some(participle + 1);
                };
                self.push(
                    out,
                    CueKind::PassiveBy,
                    start..participle + 1,
                    Some(np.clone()),
                    found,
                );
                return Some(np.end.max(participle + 1));
            }
            if matches!(w, "that" | "because" | "which" | "who" | "and" | "but") {
                return None;
            }
            k += 1;
        }
        None
    }

    /// A reporting verb at `i`: with its subject before it, an agent after it ("confirmed by
    /// officials"), or inverted ("…,” said Rubio).
    fn verb(&self, i: usize, out: &mut Vec<Raw>) -> Option<usize> {
        let w = self.word(i);
        // A capital mid-sentence makes it part of a name ("the United States").
        if self.cap(i) && i != self.first {
            return None;
        }
        let prev = if i > self.lo { self.word(i - 1) } else { "" };
        // "others continue to assert", "critics tend to argue": the subject is before the
        // catenative verb.
        if prev == "to" && i >= self.lo + 2 && CATENATIVES.contains(&self.word(i - 2)) {
            if let Some((np, found)) = self.subject(i - 2) {
                self.push(out, CueKind::Verb, i - 2..i + 1, Some(np), found);
                return Some(i + 1);
            }
            return None;
        }
        // "declined to say", "the report", "a claim", "most noted", "studies of reported
        // thefts": not a finite verb.
        if prev == "to"
            || PREPOSITIONS.contains(&prev)
            || ARTICLES.contains(&prev)
            || DEFINITE.contains(&prev) && prev != "that"
            || matches!(
                prev,
                "most" | "more" | "best" | "least" | "well" | "less" | "widely"
            )
        {
            return None;
        }
        // "agreed to extend", "asked to leave": an action, not an attribution.
        if ACTION_BEFORE_TO.contains(&w) {
            let mut k = i + 1;
            while k < (i + 6).min(self.hi) && self.open_word(k) && self.word(k) != "that" {
                if self.word(k) == "to" {
                    return None;
                }
                k += 1;
            }
        }
        if self.word(i + 1) == "by" && is_participle(w) {
            let (np, found) = self.forward_source(i + 2)?;
            self.push(out, CueKind::PassiveBy, i..i + 1, Some(np.clone()), found);
            return Some(np.end);
        }
        // "officials were told", "it was announced": a passive without its agent names no
        // source here (with "by", it was read above).
        if matches!(
            prev,
            "was" | "were" | "is" | "are" | "be" | "been" | "being"
        ) {
            return None;
        }
        if let Some((np, found)) = self.subject(i) {
            if self.lex.group_opinion.contains(w) && found != Found::Class(SourceClass::VagueGroup)
            {
                return None;
            }
            let found = match found {
                Found::Class(SourceClass::Document) if self.lex.opinion.contains(w) => return None,
                // "the study found", "the court found", "data show": records, institutions and
                // people who rule find and show; "she found her keys" is no attribution.
                Found::Class(SourceClass::AnonymousBare | SourceClass::Agentless)
                | Found::Singular
                | Found::Plural
                | Found::It
                    if FINDING_VERBS.contains(&w) =>
                {
                    return None
                }
                f => f,
            };
            self.push(out, CueKind::Verb, i..i + 1, Some(np), found);
            return Some(i + 1);
        }
        let after_break = i == self.first
            || i > self.lo && matches!(self.punct(i - 1), Some(',' | '—' | '–'))
            || i > self.lo && self.w.toks[i - 1].quoted && !self.w.toks[i - 1].word;
        if self.lex.inverted.contains(w) && after_break {
            // After a quotation any phrase is the speaker ("…,” said the driver); after a
            // comma only a recognisable source is ("…, said Ali Vaez"), not a clause ("Smith,
            // 45, said the water rose").
            let after_quote = i > self.lo && self.w.toks[i - 1].quoted;
            let speaker = |f: &Found| {
                after_quote
                    || !matches!(
                        f,
                        Found::Class(SourceClass::Document | SourceClass::VagueGroup)
                    )
            };
            if let Some((np, found)) = self
                .forward_source_with(i + 1, after_quote)
                .filter(|(_, f)| speaker(f))
            {
                self.push(out, CueKind::Inverted, i..i + 1, Some(np.clone()), found);
                return Some(np.end);
            }
        }
        None
    }

    /// A verb of view at `i` in its frame: "see … as", "hold that", "point out", "point to",
    /// "accept", "reject". It attributes only with a vague group as subject (see
    /// [`Parser::verb`]).
    fn group_view(&self, i: usize) -> bool {
        let w = self.word(i);
        if !self.lex.group_opinion.contains(w) {
            return false;
        }
        match w {
            "see" | "sees" | "saw" => (i + 2..(i + 7).min(self.hi))
                .take_while(|&x| self.open_word(x))
                .any(|x| self.word(x) == "as"),
            "hold" | "holds" => self.word(i + 1) == "that",
            "point" | "points" => matches!(self.word(i + 1), "out" | "to"),
            _ => true,
        }
    }

    /// An "-ly" adverb between a subject and its verb ("some controversially claim"): in lower
    /// case, and not after a determiner, where it is a noun or an adjective ("the assembly
    /// said", "its weekly reported").
    fn manner_adverb(&self, j: usize) -> bool {
        let w = self.word(j);
        w.len() > 4
            && w.ends_with("ly")
            && !self.cap(j)
            && j > self.lo
            && self.open_word(j - 1)
            && !ARTICLES.contains(&self.word(j - 1))
            && !DEFINITE.contains(&self.word(j - 1))
            && !self.w.is_possessive(j - 1)
    }

    /// The subject of the verb at `v`, read backwards, past auxiliaries ("have long argued")
    /// and a parenthetical (", who spoke on condition of anonymity,").
    fn subject(&self, v: usize) -> Option<(Range<usize>, Found)> {
        if v <= self.lo {
            return None;
        }
        let plain = PLAIN_SPEECH.contains(&self.word(v));
        let finding = FINDING_VERBS.contains(&self.word(v));
        let mut j = v - 1;
        while j > self.lo
            && self.open_word(j)
            && (self.lex.skip.contains(self.word(j))
                || PASSIVE_ADVERBS.contains(&self.word(j))
                || self.manner_adverb(j))
        {
            let w = self.word(j);
            // "officials did not say": nothing is attributed. "are most often found": a
            // passive. "will show": a forecast, not a finding.
            if matches!(w, "not" | "never")
                || matches!(w, "is" | "are" | "was" | "were" | "be" | "been" | "being")
                || finding && MODALS.contains(&w)
            {
                return None;
            }
            j -= 1;
        }
        if matches!(
            self.word(j),
            "is" | "are" | "was" | "were" | "be" | "been" | "being"
        ) {
            return None;
        }
        // "most often found", "most recently amended": "most" modifies the adverb, not a
        // subject.
        if self.word(j) == "most"
            && j + 1 < v
            && (PASSIVE_ADVERBS.contains(&self.word(j + 1))
                || self.lex.skip.contains(self.word(j + 1))
                || self.word(j + 1).ends_with("ly"))
        {
            return None;
        }
        if self.open_word(j) && NEGATED_AUXILIARIES.contains(&self.word(j)) {
            return None;
        }
        if self.open_word(j) {
            let np = self.back_phrase(j)?;
            // "let people say", "I hear people say": the phrase is an object, not a source.
            if np.start > self.lo && PERCEPTION_VERBS.contains(&self.word(np.start - 1)) {
                return None;
            }
            // "an ear for what voters think": a clause about a view, which attributes none;
            // "what critics think is a cover-up" and "contrary to what critics claim" do.
            if np.start > self.lo
                && matches!(self.word(np.start - 1), "what" | "whatever")
                && self.lex.opinion.contains(self.word(v))
                && !matches!(self.word(v + 1), "is" | "was" | "are" | "were")
            {
                return None;
            }
            // "Okafor and her advisers said", "Ortiz and other board members said": a named
            // person leads the group.
            if np.start >= self.lo + 2
                && self.word(np.start - 1) == "and"
                && matches!(
                    self.word(np.start),
                    "his" | "her" | "their" | "its" | "other" | "fellow"
                )
                && self.is_name(np.start - 2)
            {
                let start = self
                    .back_phrase(np.start - 2)
                    .map_or(np.start - 2, |r| r.start);
                return Some((start..np.end, Found::Class(SourceClass::NamedPerson)));
            }
            return self.classify(np.clone(), plain).map(|f| (np, f));
        }
        // A parenthetical between subject and verb.
        if !matches!(self.punct(j), Some(',' | '—' | '–' | ')')) || self.w.toks[j].quoted {
            return None;
        }
        let mut tried = 0;
        let mut k = j;
        while k > self.lo && tried < 3 && j - k < 40 {
            k -= 1;
            if !matches!(self.punct(k), Some(',' | '—' | '–' | '(')) || self.w.toks[k].quoted {
                continue;
            }
            tried += 1;
            // ", Paul Reyes," after a title: the name is the speaker. ", 45,": an age.
            let age = j == k + 2 && self.word(k + 1).bytes().all(|b| b.is_ascii_digit());
            let name_apposition = !age && (k + 1..j).all(|x| self.is_word(x) && self.cap(x));
            if age && k > self.lo && self.open_word(k - 1) {
                if let Some(before) = self.back_phrase(k - 1) {
                    if let Some(found) = self.classify(before.clone(), plain) {
                        return Some((before.start..k, found));
                    }
                }
            }
            if name_apposition && k > self.lo && self.open_word(k - 1) {
                if let Some(before) = self.back_phrase(k - 1) {
                    if self.classify(before.clone(), plain).is_some() {
                        return Some((before.start..j, Found::Class(SourceClass::NamedPerson)));
                    }
                }
            }
            if !PAREN_OPENERS.contains(&self.word(k + 1))
                && !self.lex.skip.contains(self.word(k + 1))
            {
                continue;
            }
            let mut e = k.checked_sub(1)?;
            while e > self.lo && self.open_word(e) && self.lex.skip.contains(self.word(e)) {
                e -= 1;
            }
            if !self.open_word(e) {
                continue;
            }
            let np = self.back_phrase(e)?;
            if PREPOSITIONS.contains(&self.word(np.start)) {
                continue;
            }
            if let Some(found) = self.classify_with(np.clone(), plain, Some(k + 1..j)) {
                return Some((np.start..j, found));
            }
        }
        None
    }

    /// The phrase ending at word `j`, read backwards to a boundary.
    fn back_phrase(&self, j: usize) -> Option<Range<usize>> {
        let end = j + 1;
        let mut k = j as isize;
        while k >= self.lo as isize {
            let ku = k as usize;
            if !self.open_word(ku) || end - ku > 14 {
                break;
            }
            let w = self.word(ku);
            if ku < j && BOUNDARY.contains(&w) {
                break;
            }
            if matches!(w, "and" | "&") && !(self.cap(ku + 1) && ku > self.lo && self.cap(ku - 1)) {
                break;
            }
            if ku < j && PERCEPTION_VERBS.contains(&w) {
                break;
            }
            if ku < j
                && (self.lex.speech.contains(w) || self.lex.opinion.contains(w))
                && !(ku > self.lo && ARTICLES.contains(&self.word(ku - 1)))
            {
                break;
            }
            k -= 1;
        }
        let start = (k + 1) as usize;
        (start < end).then_some(start..end)
    }

    /// The source phrase starting at word `i`: after "according to", "by", an inverted "said".
    fn forward_source(&self, i: usize) -> Option<(Range<usize>, Found)> {
        self.forward_source_with(i, true)
    }

    /// As [`Parser::forward_source`]; `plain` accepts any noun phrase with a determiner ("the
    /// driver") as a source.
    fn forward_source_with(&self, i: usize, plain: bool) -> Option<(Range<usize>, Found)> {
        let mut k = i;
        while self.open_word(k) && k - i < 14 {
            let w = self.word(k);
            if k > i && FORWARD_BOUNDARY.contains(&w) {
                break;
            }
            if k > i
                && (self.lex.speech.contains(w) && !ARTICLES.contains(&self.word(k - 1)))
                && !POSTMOD.contains(&w)
            {
                break;
            }
            k += 1;
        }
        if k == i {
            return None;
        }
        let np = i..k;
        // "by several groups, including the state party and two senators": members listed
        // after a comma name the group.
        let listing = (self.punct(k) == Some(',') && LISTING.contains(&self.word(k + 1)))
            .then(|| k + 1..(k + 8).min(self.hi))
            .filter(|r| r.clone().any(|x| self.is_name(x)));
        self.classify_with(np.clone(), plain, listing)
            .map(|f| (np, f))
    }

    fn classify(&self, np: Range<usize>, plain: bool) -> Option<Found> {
        self.classify_with(np, plain, None)
    }

    /// What kind of source the phrase `np` names. `appositive` is a parenthetical that
    /// describes it (", who spoke on condition of anonymity,").
    fn classify_with(
        &self,
        np: Range<usize>,
        plain: bool,
        appositive: Option<Range<usize>>,
    ) -> Option<Found> {
        let lex = self.lex;
        let e = np.end;
        let mut s = np.start;
        // "In a statement the ministry": start at the last article.
        if PREPOSITIONS.contains(&self.word(s)) {
            s = (s + 1..e)
                .rev()
                .find(|&x| ARTICLES.contains(&self.word(x)) || self.w.is_possessive(x))?;
        }
        // "No official said", "Nor did any guest report": nothing is attributed.
        if NEGATIVE_SUBJECTS.contains(&self.word(s))
            || s >= self.lo + 2
                && matches!(self.word(s - 1), "did" | "does" | "do")
                && matches!(self.word(s - 2), "nor" | "neither" | "not" | "never")
        {
            return None;
        }
        // Pronouns.
        if e - s == 1 {
            match self.word(s) {
                "he" | "she" => return Some(Found::Singular),
                "they" => return Some(Found::Plural),
                "it" => return Some(Found::It),
                "i" | "we" => return Some(Found::Class(SourceClass::NamedPerson)),
                "you" | "who" | "which" | "that" | "this" | "these" | "those" => return None,
                _ => {}
            }
        }
        // Determiners, quantifiers, numbers, possessives.
        let mut k = s;
        let mut indefinite = false;
        let mut definite = false;
        let mut number = false;
        while k < e {
            let w = self.word(k);
            if INDEFINITE.contains(&w) {
                indefinite = true;
            } else if DEFINITE.contains(&w) || self.w.is_possessive(k) {
                definite = true;
            } else if NUMBERS.contains(&w) || w.chars().next().is_some_and(|c| c.is_ascii_digit()) {
                number = true;
            } else if !VAGUE_QUANTIFIERS.contains(&w) && w != "of" {
                break;
            }
            if w == "of" {
                break;
            }
            k += 1;
        }
        // "some of the officials", "one of the sources".
        if k < e && self.word(k) == "of" && k > s {
            return match self.classify_with(k + 1..e, plain, appositive) {
                Some(Found::Plural) | None if VAGUE_ALONE.contains(&self.word(s)) => {
                    Some(Found::Class(SourceClass::VagueGroup))
                }
                // "both of them", "one of us".
                None if matches!(self.word(e - 1), "them" | "us" | "you") => Some(Found::Plural),
                other => other,
            };
        }
        if k == e || k > s && POSTMOD.contains(&self.word(k)) {
            // Determiners alone: "some", "many", "others" ("many to be", "some in the room").
            return VAGUE_ALONE
                .contains(&self.word(k - 1))
                .then_some(Found::Class(SourceClass::VagueGroup));
        }
        let p = (k + 1..e)
            .find(|&x| {
                let w = self.word(x);
                POSTMOD.contains(&w)
                    && !(w == "of" && (self.is_name(x - 1) || lex.title.contains(self.word(x - 1))))
            })
            .unwrap_or(e);
        let head = p - 1;
        let hw = self.w.base(head);
        let post = p..e;
        // "a group of analysts", "a number of experts".
        if PARTITIVE_HEADS.contains(&hw) && self.word(p) == "of" {
            return match self.classify_with(p + 1..e, plain, appositive) {
                Some(Found::Class(SourceClass::AnonymousBare)) => {
                    Some(Found::Class(SourceClass::AnonymousDescribed))
                }
                other => other,
            };
        }
        let name_in = |r: Range<usize>| r.into_iter().any(|x| self.is_name(x));
        let named_qualifier_after = (p..e).any(|x| {
            matches!(
                self.word(x),
                "at" | "from"
                    | "with"
                    | "for"
                    | "polled"
                    | "surveyed"
                    | "like"
                    | "including"
                    | "such"
            ) && (x + 1..(x + 5).min(e)).any(|y| self.is_name(y))
        });
        let modifiers = k..head;
        let described = !post.is_empty() || appositive.is_some();
        // "Critics of the plan, including the farmers’ union and two councils,": a group whose
        // members are named or listed is not vague.
        let listed = appositive.as_ref().is_some_and(|a| {
            LISTING.contains(&self.word(a.start))
                || matches!(self.word(a.start), "led" | "chiefly" | "mainly" | "e.g.")
                || self.word(a.start) == "for"
                    && matches!(self.word(a.start + 1), "example" | "instance")
        });
        // "some Ortiz supporters", "many dealers", "most Danes": an unnamed part of a group,
        // whatever the group is ("as many goals as" compares).
        let quantified = VAGUE_ALONE.contains(&self.word(s))
            && self.word(s) != "several"
            && !(s > self.lo && matches!(self.word(s - 1), "as" | "so" | "too" | "how"));
        // Members named in a list ("groups, including the state party and two senators"):
        // the group is as checkable as they are.
        let named_members = listed
            && appositive
                .as_ref()
                .is_some_and(|a| (a.start + 1..a.end).any(|x| self.is_name(x)));
        let class = if named_members {
            SourceClass::NamedInstitution
        } else if matches!(hw, "people" | "person" | "persons") {
            if self.word(p) == "of" {
                // "the people of the valley": a population, not a source.
                return None;
            } else if self.word(s) == "the" {
                // "the people said", "the person familiar with the plan said": a second
                // reference, which points back to a source as a pronoun does.
                return Some(if hw == "person" {
                    Found::Singular
                } else {
                    Found::Plural
                });
            } else if described {
                SourceClass::AnonymousDescribed
            } else if hw == "people" && definite {
                // "these people said": people described earlier.
                SourceClass::AnonymousBare
            } else if hw == "people" {
                SourceClass::VagueGroup
            } else {
                return None;
            }
        } else if lex.vague.contains(hw) {
            if name_in(modifiers.clone()) && !quantified || named_qualifier_after || listed {
                SourceClass::NamedInstitution
            } else if matches!(self.word(s), "the" | "this" | "these" | "those" | "that") {
                // "the expert", "these authors": people identified earlier.
                SourceClass::TitledPerson
            } else if number {
                SourceClass::AnonymousDescribed
            } else {
                SourceClass::VagueGroup
            }
        } else if hw == "officials"
            && !described
            && modifiers
                .clone()
                .any(|x| lex.institutional_qualifier.contains(self.w.base(x)))
            && !modifiers
                .clone()
                .any(|x| self.is_group_adjective(x) || matches!(self.word(x), "senior" | "top"))
        {
            // "fire officials said": an agency speaking in public.
            SourceClass::NamedInstitution
        } else if lex.anonymous.contains(hw) {
            let possessive = (s..k).any(|x| {
                self.w.is_possessive(x) || matches!(self.word(x), "his" | "her" | "their" | "its")
            });
            let bare = modifiers.clone().all(|x| self.is_group_adjective(x))
                && !described
                && !number
                && !possessive;
            // "Its chief executive", "the ministry’s top diplomat": one office of a body the
            // story names, so a titled person rather than an anonymous one.
            let unique_office = possessive
                && !hw.ends_with('s')
                && modifiers.clone().any(|x| {
                    matches!(
                        self.word(x),
                        "chief" | "top" | "lead" | "head" | "principal"
                    )
                });
            if unique_office {
                SourceClass::TitledPerson
            } else if bare {
                SourceClass::AnonymousBare
            } else {
                SourceClass::AnonymousDescribed
            }
        } else if lex.title.contains(hw) {
            if indefinite && !hw.starts_with("spokes") && !name_in(s..e) {
                SourceClass::AnonymousDescribed
            } else if name_in(s..e) {
                SourceClass::NamedPerson
            } else {
                SourceClass::TitledPerson
            }
        } else if lex.institution.contains(hw) {
            SourceClass::NamedInstitution
        } else if lex.document.contains(hw) {
            SourceClass::Document
        } else if lex.vague_document.contains(hw) {
            let official = modifiers.clone().any(|x| {
                matches!(
                    self.word(x),
                    "state" | "official" | "government" | "national"
                )
            });
            let possessive = (s..k).any(|x| self.w.is_possessive(x));
            let vague_modifiers = modifiers
                .clone()
                .all(|x| lex.vague_document_modifier.contains(self.word(x)));
            if official
                || possessive
                || name_in(modifiers.clone())
                || matches!(self.word(s), "the" | "this" | "that" | "these" | "those")
                || definite && !modifiers.is_empty()
                || !vague_modifiers
            {
                SourceClass::Document
            } else {
                SourceClass::VagueGroup
            }
        } else if quantified && !named_qualifier_after && !listed && self.is_plural_noun(head) {
            SourceClass::VagueGroup
        } else if self.cap(head) && !FUNCTION_WORDS.contains(&self.w.text(head)) {
            // "the IAEA", "the U.S.", "Iran": an institution or country; "council President
            // Maria Ochoa": a person.
            let titled = (s..e).any(|x| lex.title.contains(self.word(x)));
            let institution = (s..e).any(|x| lex.institution.contains(self.word(x)));
            if crate::core::names::is_acronym(self.w.text(head).trim_end_matches('.'))
                || self.is_group_adjective(head)
                || institution && !titled
            {
                SourceClass::NamedInstitution
            } else {
                SourceClass::NamedPerson
            }
        } else if plain && (definite || indefinite) && head > s {
            // "the woman said", "a witness told": described, usually named nearby.
            SourceClass::TitledPerson
        } else {
            return None;
        };
        Some(Found::Class(class))
    }

    /// A plural noun that can stand for people: "fans", "Muslims", "women"; not "this", "less".
    fn is_plural_noun(&self, x: usize) -> bool {
        let w = self.w.base(x);
        if matches!(w, "men" | "women" | "children") {
            return true;
        }
        w.len() > 3
            && w.ends_with('s')
            && !w.ends_with("ss")
            && !w.ends_with("us")
            && (self.cap(x) || !w.ends_with("is"))
            && w.chars().all(|c| c.is_alphabetic() || c == '-')
            && !FUNCTION_WORDS.contains(&self.w.text(x))
    }

    /// A capitalised word that names someone or something: not a group adjective ("Iranian",
    /// "Western"), not a function word, and not just the first word of the sentence.
    fn is_name(&self, x: usize) -> bool {
        if !self.cap(x) || self.is_group_adjective(x) {
            return false;
        }
        let text = self.w.text(x);
        if FUNCTION_WORDS.contains(&text) {
            return false;
        }
        if x == self.first && !self.cap(x + 1) {
            return false;
        }
        true
    }

    fn is_group_adjective(&self, x: usize) -> bool {
        let w = self.w.base(x);
        if self.lex.group_adjective.contains(w) {
            return true;
        }
        self.cap(x)
            && w.len() > 3
            && ["an", "ian", "ese", "ish", "i", "ic"]
                .iter()
                .any(|suffix| w.ends_with(suffix))
    }

    /// "Rubio:" or "the minister told reporters:" before a quotation.
    fn colons(&self, out: &mut Vec<Raw>) {
        for c in self.lo..self.hi {
            if self.punct(c) != Some(':') || self.w.toks[c].quoted {
                continue;
            }
            let before_quote =
                c + 1 >= self.hi || self.w.toks[c + 1].quoted && !self.w.toks[c + 1].word;
            if !before_quote || c == self.lo || !self.open_word(c - 1) {
                continue;
            }
            let colon_start = self.w.toks[c].start;
            if out.iter().any(|r| {
                r.attribution.sentence == self.sentence
                    && r.attribution.cue.end <= colon_start
                    && r.attribution.kind == CueKind::Verb
            }) {
                continue;
            }
            if let Some(np) = self.back_phrase(c - 1) {
                if let Some(found) = self.classify(np.clone(), true) {
                    self.push(out, CueKind::Colon, c..c + 1, Some(np), found);
                }
            }
        }
    }
}

/// Words that open a list of a group's members: "critics, including two senators".
const LISTING: &[&str] = &["including", "such", "among", "notably"];

/// Determiners of a subject that attributes nothing: "no official said", "none of them".
const NEGATIVE_SUBJECTS: &[&str] = &["no", "none", "neither", "nobody", "any"];

/// Verbs whose object is followed by a bare verb: "let people say", "heard critics argue".
pub(crate) const PERCEPTION_VERBS: &[&str] = &[
    "let", "lets", "letting", "hear", "hears", "heard", "hearing", "see", "sees", "saw", "seeing",
    "watch", "watched",
];

/// Contracted negations before a verb: "did not" is read from the skip list.
const NEGATED_AUXILIARIES: &[&str] = &[
    "didn't",
    "didn’t",
    "don't",
    "don’t",
    "doesn't",
    "doesn’t",
    "won't",
    "won’t",
    "wouldn't",
    "wouldn’t",
    "haven't",
    "haven’t",
    "hasn't",
    "hasn’t",
    "hadn't",
    "hadn’t",
    "cannot",
    "can't",
    "can’t",
    "couldn't",
    "couldn’t",
];

/// Reporting verbs that name an action when "to" follows ("agreed to extend the truce").
const ACTION_BEFORE_TO: &[&str] = &[
    "agreed", "agree", "agrees", "asked", "urged", "expect", "expects", "expected", "pointed",
    "point", "points", "called", "declared", "admitted",
];

/// Verbs that pass their subject on to a following "to" + reporting verb.
const CATENATIVES: &[&str] = &[
    "continue",
    "continues",
    "continued",
    "tend",
    "tends",
    "tended",
    "seem",
    "seems",
    "seemed",
    "appear",
    "appears",
    "appeared",
    "began",
    "begin",
    "begins",
    "started",
    "start",
    "starts",
    "went",
    "came",
    "come",
    "used",
    "like",
    "prefer",
    "prefers",
    "want",
    "wants",
];

/// Verbs that attribute only with a record, an institution, a titled person or a group as
/// subject ("the study found", "the court found", "records show").
const FINDING_VERBS: &[&str] = &["found", "finds", "find", "show", "shows", "showed", "shown"];

/// Words that open a parenthetical between a subject and its verb.
const PAREN_OPENERS: &[&str] = &[
    "who",
    "whom",
    "whose",
    "which",
    "speaking",
    "familiar",
    "citing",
    "a",
    "an",
    "the",
    "however",
    "meanwhile",
    "too",
    "also",
    "in",
    "on",
    "at",
    "for",
    "like",
    "as",
    "along",
    "including",
    "himself",
    "herself",
    "themselves",
    "both",
    "with",
    "without",
    "when",
    "while",
    "after",
    "before",
    "asked",
    "reached",
    "contacted",
    "interviewed",
    "writing",
    "one",
    "two",
    "three",
    "though",
    "by",
    "through",
    "via",
    "declining",
    "requesting",
    "insisting",
    "granted",
    "referring",
    "responding",
    "briefing",
    "of",
];

fn is_participle(w: &str) -> bool {
    w.ends_with("ed") || IRREGULAR_PARTICIPLES.contains(&w)
}

pub(crate) fn is_quote_mark(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '“' | '”' | '‘' | '’' | '«' | '»' | '„' | '‚' | '‹' | '›' | '`'
    )
}

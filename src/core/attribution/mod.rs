//! Attribution analysis: who says what a story says.
//!
//! For each sentence outside a quotation the analysis finds its attributions: the reporting
//! cue ("said", "told", "according to", "is believed to", "reportedly", a colon before a
//! quotation) and the source phrase it points at, and classifies the source ([`SourceClass`]):
//! a named person, a person identified by title, a named institution, a document, an anonymous
//! source (described or bare), a vague group, or nobody at all (an agentless passive). Pronoun
//! sources ("he said") take the class of the source they point back to.
//!
//! It also decides, for each direct quotation, whether it is speech and who speaks it (in its
//! sentence, after a colon, earlier in its paragraph, or in the paragraph before a paragraph of
//! quotes), and finds disputable statements — speculation written as fact, superlatives,
//! allegations, figures — and whether an attribution sits in their sentence or the one before
//! or after.
//!
//! The analysis is pure and computed once per parsed article ([`Article::attribution`]); the
//! engine parses a long story section by section and caches each section's article, so the
//! analysis is cached per section too. The sourcing rules read it, and so does the per-story
//! [`SourcingSummary`].

mod claims;
mod grammar;
pub(crate) mod lexicon;
mod speakers;
mod summary;

pub use summary::{summary, summary_cached, summary_of_article, SourcingSummary};

use crate::core::article::Article;
use crate::core::config::Config;
use crate::core::lexicon::PhraseSet;
use grammar::{Found, Parser, Raw, Words};
use lexicon::{PhraseKind, LEXICON};
use std::ops::Range;

/// What kind of source an attribution names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceClass {
    /// "Marco Rubio said", "Rubio said".
    NamedPerson,
    /// A person identified by role: "the foreign minister said", "a ministry spokeswoman said".
    TitledPerson,
    /// "the State Department said", "police said", "Reuters reported".
    NamedInstitution,
    /// "according to a report by", "court records show".
    Document,
    /// An unnamed source described by position or knowledge: "a senior official", "people
    /// familiar with the talks", "officials speaking on background".
    AnonymousDescribed,
    /// An unnamed source with no description: "a source", "officials", "U.S. officials".
    AnonymousBare,
    /// A vague or phantom group: "analysts say", "observers predict", "some argue", "according
    /// to reports".
    VagueGroup,
    /// Nobody: "it is understood that", "is believed to", "reportedly".
    Agentless,
}

impl SourceClass {
    /// Named, titled, institutional or documentary: a source a reader can check.
    pub fn is_named(self) -> bool {
        matches!(
            self,
            SourceClass::NamedPerson
                | SourceClass::TitledPerson
                | SourceClass::NamedInstitution
                | SourceClass::Document
        )
    }

    pub fn is_anonymous(self) -> bool {
        matches!(
            self,
            SourceClass::AnonymousDescribed | SourceClass::AnonymousBare
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SourceClass::NamedPerson => "named person",
            SourceClass::TitledPerson => "titled person",
            SourceClass::NamedInstitution => "named institution",
            SourceClass::Document => "document or record",
            SourceClass::AnonymousDescribed => "anonymous, described",
            SourceClass::AnonymousBare => "anonymous, bare",
            SourceClass::VagueGroup => "vague group",
            SourceClass::Agentless => "no one (agentless)",
        }
    }
}

/// How the cue attaches its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CueKind {
    /// Subject + reporting verb: "officials said", "Analysts say".
    Verb,
    /// Reporting verb + subject: "…,” said Rubio.
    Inverted,
    /// "according to …".
    AccordingTo,
    /// A passive with its agent: "confirmed by officials", "is seen by some as".
    PassiveBy,
    /// A speaker before a colon and a quotation: "Rubio: “…”".
    Colon,
    /// An agentless passive: "it is understood that", "is said to", "is seen as".
    Passive,
    /// An attribution adverb: "reportedly", "allegedly".
    Adverb,
    /// A phrase from a list that the grammar did not parse ("on condition of anonymity").
    Phrase,
}

/// One attribution: a cue and the source it names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attribution {
    /// Index into [`Article::sentences`].
    pub sentence: usize,
    /// The cue, in article offsets.
    pub cue: Range<usize>,
    pub kind: CueKind,
    /// The source phrase, if the cue names one.
    pub source: Option<Range<usize>>,
    pub class: SourceClass,
    /// Whether the source is a pronoun ("he said") whose class comes from an earlier source.
    pub pronoun: bool,
    /// For anonymous sources: where the story says why the source is not named.
    pub reason: Option<Range<usize>>,
}

impl Attribution {
    /// Whether it names a source of its own: not agentless, not a pronoun. Copy with none
    /// attributes nothing (a column, a background box, a lone sentence).
    pub fn names_a_source(&self) -> bool {
        self.class != SourceClass::Agentless && !self.pronoun
    }

    /// The cue and its source together.
    pub fn span(&self) -> Range<usize> {
        match &self.source {
            Some(s) => self.cue.start.min(s.start)..self.cue.end.max(s.end),
            None => self.cue.clone(),
        }
    }
}

/// Where a quotation's speaker was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// In a sentence the quotation is part of: "“…,” Rubio said."
    Sentence,
    /// In the sentence after it.
    NextSentence,
    /// Before a colon that introduces it: "Rubio told reporters: “…”".
    Colon,
    /// Earlier in its paragraph.
    Paragraph,
    /// In the paragraph before a paragraph of quotes.
    PreviousParagraph,
}

/// A direct quotation (outermost) and its speaker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteFacts {
    /// Index into [`Article::quotes`].
    pub quote: usize,
    pub range: Range<usize>,
    /// Whether it reads as speech. Short quoted terms ("described as “technical”"), titles and
    /// scare quotes are not speech and need no speaker.
    pub speech: bool,
    /// The attribution that names its speaker (an index into [`Analysis::attributions`]), and
    /// where it was found.
    pub speaker: Option<(usize, Via)>,
}

/// A kind of disputable statement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ClaimKind {
    /// "likely played a central role", "would have likely", "probably".
    Speculation,
    /// "one of the most", "unprecedented".
    Superlative,
    /// "accused of", "orchestrated".
    Allegation,
    /// "40 people were killed", "3.5 percent".
    Figure,
}

impl ClaimKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ClaimKind::Speculation => "speculation",
            ClaimKind::Superlative => "superlative",
            ClaimKind::Allegation => "allegation",
            ClaimKind::Figure => "figure",
        }
    }
}

/// A disputable statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Claim {
    pub sentence: usize,
    /// The words that make it disputable.
    pub range: Range<usize>,
    pub kind: ClaimKind,
    /// Whether an attribution sits in its sentence or the one before or after.
    pub sourced: bool,
}

/// Everything the analysis finds in an article.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    /// Sorted by sentence, then cue.
    pub attributions: Vec<Attribution>,
    /// Per sentence: the range of its attributions in `attributions`.
    pub by_sentence: Vec<Range<usize>>,
    /// Per sentence: whether it lies wholly inside a quotation.
    pub quoted: Vec<bool>,
    /// One per outermost quotation, in order.
    pub quotes: Vec<QuoteFacts>,
    /// Disputable statements, in order (at most one per sentence).
    pub claims: Vec<Claim>,
}

impl Analysis {
    /// The attributions of sentence `s`.
    pub fn of_sentence(&self, s: usize) -> &[Attribution] {
        self.by_sentence
            .get(s)
            .map_or(&[], |r| &self.attributions[r.clone()])
    }

    /// Whether sentence `s` has an attribution with a source (anything but agentless).
    pub fn has_source(&self, s: usize) -> bool {
        self.of_sentence(s)
            .iter()
            .any(|a| a.class != SourceClass::Agentless)
    }

    /// Whether an attribution with a source in sentence `s` covers the words at `at`: one
    /// before them that takes a clause ("Police said the suspect is believed to…"), "according
    /// to" or a colon anywhere, or one after them that closes the sentence after a comma or a
    /// quotation ("…, police said"). "…before Ortiz conceded the point" covers nothing before it.
    pub fn covers(&self, article: &Article, s: usize, at: usize) -> bool {
        self.of_sentence(s).iter().any(|a| {
            if a.class == SourceClass::Agentless {
                return false;
            }
            let span = a.span();
            match a.kind {
                CueKind::AccordingTo | CueKind::Colon | CueKind::Phrase => true,
                _ if span.end <= at => true,
                _ => {
                    let before = article.prose[..span.start].trim_end();
                    before.ends_with([',', '—', '–', '"', '”', '\'', '’'])
                }
            }
        })
    }
}

impl Article {
    /// The attribution analysis of this article, computed on first use and kept with it.
    pub fn attribution(&self) -> &Analysis {
        self.attribution.get_or_init(|| analyze(self))
    }
}

pub(crate) fn analyze(article: &Article) -> Analysis {
    let words = Words::new(article);
    let mut raw: Vec<Raw> = Vec::new();
    for s in 0..article.sentences.len() {
        Parser::new(&words, s).parse(&mut raw);
    }
    let found = LEXICON.phrases.find_all(&article.prose);
    phrases(&words, &found, &mut raw);
    // "reportedly" points to reporting the story has not named. In copy that attributes
    // nothing (a background box, a lone sentence) it is the writer's own hedge, as with
    // superlatives and figures in `claims`.
    if !raw.iter().any(|r| r.attribution.names_a_source()) {
        raw.retain(|r| {
            r.attribution.kind != CueKind::Adverb
                || !article.prose[r.attribution.cue.clone()].eq_ignore_ascii_case("reportedly")
        });
    }
    raw.sort_by_key(|r| (r.attribution.sentence, r.attribution.cue.start));
    let antecedents = resolve_pronouns(&mut raw);
    let mut attributions: Vec<Attribution> = raw.into_iter().map(|r| r.attribution).collect();
    find_reasons(article, &found, &mut attributions, &antecedents);
    named_members(article, &mut attributions);
    // The analysis stays cached with the article; the collect above reused the larger buffer
    // of the raw cues.
    attributions.shrink_to_fit();

    let mut by_sentence = Vec::with_capacity(article.sentences.len());
    let mut at = 0;
    for s in 0..article.sentences.len() {
        let start = at;
        while at < attributions.len() && attributions[at].sentence == s {
            at += 1;
        }
        by_sentence.push(start..at);
    }
    let quoted = words
        .sentences
        .iter()
        .map(|r| {
            let toks = &words.toks[r.clone()];
            toks.iter().any(|t| t.word) && toks.iter().filter(|t| t.word).all(|t| t.quoted)
        })
        .collect();
    let mut analysis = Analysis {
        attributions,
        by_sentence,
        quoted,
        quotes: Vec::new(),
        claims: Vec::new(),
    };
    analysis.quotes = speakers::find(&words, &analysis);
    analysis.claims = claims::find(&words, &analysis, &found);
    analysis
}

/// The phrases of `found` (sorted by start) that start inside `range`.
pub(crate) fn phrases_in<'f>(
    found: &'f [(Range<usize>, PhraseKind)],
    range: &Range<usize>,
) -> &'f [(Range<usize>, PhraseKind)] {
    let from = found.partition_point(|(r, _)| r.start < range.start);
    let to = found.partition_point(|(r, _)| r.start < range.end);
    &found[from..to.max(from)]
}

/// Attribution phrases the grammar cannot parse, from the lists: vague ("some have argued"),
/// anonymous ("on condition of anonymity") and agentless ("it emerged that").
fn phrases(words: &Words, found: &[(Range<usize>, PhraseKind)], raw: &mut Vec<Raw>) {
    let article = words.article;
    let mut extra = Vec::new();
    for (si, sentence) in article.sentences.iter().enumerate() {
        if words.headline[si] {
            continue;
        }
        for (range, kind) in phrases_in(found, &sentence.range) {
            let class = match kind {
                PhraseKind::Vague => SourceClass::VagueGroup,
                PhraseKind::Anonymous => SourceClass::AnonymousDescribed,
                PhraseKind::Agentless => SourceClass::Agentless,
                _ => continue,
            };
            if article.in_quote(range.start) {
                continue;
            }
            // "let people say", "I hear people say": an object, not a source.
            let before = article.prose[..range.start]
                .trim_end()
                .rsplit(|c: char| !c.is_alphanumeric())
                .next()
                .unwrap_or("")
                .to_ascii_lowercase();
            if class == SourceClass::VagueGroup
                && grammar::PERCEPTION_VERBS.contains(&before.as_str())
            {
                continue;
            }
            // An anonymity phrase describes the anonymous source of its sentence or of the
            // sentence before ("The official spoke on condition of anonymity …").
            let overlaps = raw.iter().chain(extra.iter()).any(|r: &Raw| {
                let a = &r.attribution;
                a.sentence == si && overlap(&a.span(), range)
                    || class.is_anonymous()
                        && a.class.is_anonymous()
                        && (a.sentence == si || a.sentence + 1 == si)
            });
            if overlaps {
                continue;
            }
            extra.push(Raw {
                attribution: Attribution {
                    sentence: si,
                    cue: range.clone(),
                    kind: CueKind::Phrase,
                    source: (class != SourceClass::Agentless).then(|| range.clone()),
                    class,
                    pronoun: false,
                    reason: None,
                },
                found: Found::Class(class),
            });
        }
    }
    raw.extend(extra);
}

/// Matches of `set` in `range` of the article that start outside quotations.
pub(crate) fn phrase_matches(
    article: &Article,
    range: &Range<usize>,
    set: &PhraseSet,
) -> Vec<Range<usize>> {
    if set.is_empty() {
        return Vec::new();
    }
    set.find_iter(&article.prose[range.clone()])
        .map(|m| range.start + m.range.start..range.start + m.range.end)
        .filter(|r| !article.in_quote(r.start))
        .collect()
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

/// How far back (in sentences) a pronoun looks for the source it stands for.
const PRONOUN_REACH: usize = 8;

/// Gives pronoun sources the class of the source they point back to. Returns, per
/// attribution, the index of its antecedent.
fn resolve_pronouns(raw: &mut [Raw]) -> Vec<Option<usize>> {
    let mut antecedents = vec![None; raw.len()];
    for i in 0..raw.len() {
        let found = raw[i].found;
        let wanted: fn(SourceClass) -> bool = match found {
            Found::Class(_) => continue,
            Found::Singular => |c| {
                matches!(
                    c,
                    SourceClass::NamedPerson
                        | SourceClass::TitledPerson
                        | SourceClass::AnonymousDescribed
                        | SourceClass::AnonymousBare
                )
            },
            Found::Plural => |c| c != SourceClass::Agentless && c != SourceClass::Document,
            Found::It => |c| matches!(c, SourceClass::NamedInstitution | SourceClass::Document),
        };
        let sentence = raw[i].attribution.sentence;
        let antecedent = (0..i).rev().find(|&j| {
            let a = &raw[j].attribution;
            sentence - a.sentence <= PRONOUN_REACH && wanted(a.class)
        });
        raw[i].attribution.class = match (antecedent, found) {
            (Some(j), _) => raw[j].attribution.class,
            (None, Found::It) => SourceClass::NamedInstitution,
            (None, _) => SourceClass::NamedPerson,
        };
        antecedents[i] = antecedent;
    }
    antecedents
}

/// For each anonymous source, the stated reason for anonymity: in its sentence, its paragraph
/// or the sentence after (AP: the story must say why), or, for a pronoun, that of the source it
/// stands for.
fn find_reasons(
    article: &Article,
    found: &[(Range<usize>, PhraseKind)],
    attributions: &mut [Attribution],
    antecedents: &[Option<usize>],
) {
    let reason_in = |range: &Range<usize>| {
        phrases_in(found, range)
            .iter()
            .find(|(r, k)| *k == PhraseKind::Reason && r.end <= range.end)
            .map(|(r, _)| r.clone())
    };
    for i in 0..attributions.len() {
        if !attributions[i].class.is_anonymous() {
            continue;
        }
        let s = attributions[i].sentence;
        let block = &article.blocks[article.sentences[s].block].range;
        let mut reason = reason_in(block);
        if reason.is_none() {
            if let Some(next) = article.sentences.get(s + 1) {
                reason = reason_in(&next.range);
            }
        }
        if reason.is_none() {
            if let Some(j) = antecedents[i] {
                reason = attributions[j].reason.clone();
            }
        }
        attributions[i].reason = reason;
    }
}

/// A group whose member the story names in the next sentence of the paragraph ("Some farmers
/// said they would challenge the order. Ben Kessler, who grows corn, said …") is not vague:
/// the reader is shown who is speaking.
fn named_members(article: &Article, attributions: &mut [Attribution]) {
    for i in 0..attributions.len() {
        let a = &attributions[i];
        if a.class != SourceClass::VagueGroup || a.kind != CueKind::Verb {
            continue;
        }
        let (s, block) = (a.sentence, article.sentences[a.sentence].block);
        let named = attributions[i + 1..]
            .iter()
            .take_while(|b| b.sentence <= s + 1)
            .any(|b| {
                b.sentence == s + 1
                    && article.sentences[b.sentence].block == block
                    && b.class == SourceClass::NamedPerson
                    && !b.pronoun
                    && matches!(b.kind, CueKind::Verb | CueKind::Inverted)
            });
        if named {
            attributions[i].class = SourceClass::TitledPerson;
        }
    }
}

/// Whether settings name a reason for anonymity ([`Config`] extras) near attribution `a`.
pub(crate) fn has_extra_reason(article: &Article, a: &Attribution, config: &Config) -> bool {
    let reasons = &config.extras.reasons;
    if reasons.is_empty() {
        return false;
    }
    let s = &article.sentences[a.sentence];
    let block = &article.blocks[s.block].range;
    if reasons.is_match(&article.prose[block.clone()]) {
        return true;
    }
    article
        .sentences
        .get(a.sentence + 1)
        .is_some_and(|next| reasons.is_match(&article.prose[next.range.clone()]))
}

/// Whether an anonymous attribution lacks a stated reason, counting reasons from settings.
pub(crate) fn lacks_reason(article: &Article, a: &Attribution, config: &Config) -> bool {
    a.class.is_anonymous() && a.reason.is_none() && !has_extra_reason(article, a, config)
}

/// Anonymous-source phrases from settings, each with whether its paragraph states a reason
/// (from the built-in list or from settings).
pub(crate) fn extra_anonymous(article: &Article, config: &Config) -> Vec<(Range<usize>, bool)> {
    let extras = &config.extras;
    extra_phrases(article, &extras.anonymous)
        .into_iter()
        .map(|range| {
            let block = article
                .block_at(range.start)
                .map_or(range.clone(), |b| article.blocks[b].range.clone());
            let text = &article.prose[block];
            let reason =
                extras.reasons.is_match(text) || LEXICON.phrases.contains(text, PhraseKind::Reason);
            (range, reason)
        })
        .collect()
}

/// Matches of a settings phrase list outside quotations and outside the attributions the
/// analysis already found.
pub(crate) fn extra_phrases(article: &Article, set: &PhraseSet) -> Vec<Range<usize>> {
    if set.is_empty() {
        return Vec::new();
    }
    let analysis = article.attribution();
    let mut out = Vec::new();
    for (si, s) in article.sentences.iter().enumerate() {
        for r in phrase_matches(article, &s.range, set) {
            if !analysis
                .of_sentence(si)
                .iter()
                .any(|a| overlap(&a.span(), &r))
            {
                out.push(r);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;

//! The sourcing summary of a story: how many of its attributions name a source a reader can
//! check, how many are anonymous (and how many of those say why), how many are vague or
//! agentless, and how many disputable statements and quotations have no source at all.
//!
//! It is counted from the cached per-section analysis, so a story's summary after an edit costs
//! the analysis of the edited section plus a pass over the counts.

use super::{extra_anonymous, extra_phrases, lacks_reason, Analysis, SourceClass};
use crate::core::article::{Article, SourceKind};
use crate::core::config::Config;
use crate::core::document::{self, Cache, Document, Section};
use std::fmt;
use std::ops::Range;

/// Counts of a story's sourcing. [`fmt::Display`] gives the one-line form:
/// `Sourcing: 9 named · 2 anonymous (1 without reason) · 3 vague · 4 unsourced`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SourcingSummary {
    /// Attributions to a named person, a titled person, a named institution or a document.
    pub named: usize,
    /// Anonymous sources whose story says why they are not named.
    pub anonymous_with_reason: usize,
    /// Anonymous sources with no stated reason (what `anonymous-source` flags).
    pub anonymous_without_reason: usize,
    /// Vague groups ("analysts say").
    pub vague: usize,
    /// Agentless attributions ("it is understood that").
    pub agentless: usize,
    /// Disputable statements with no attribution near them (what `unsourced-claim` flags).
    pub unsourced: usize,
    /// Direct quotations whose speaker cannot be found (what `unattributed-quote` flags).
    pub unattributed_quotes: usize,
}

impl SourcingSummary {
    pub fn anonymous(&self) -> usize {
        self.anonymous_with_reason + self.anonymous_without_reason
    }

    /// Whether the story attributes nothing and has nothing unsourced.
    pub fn is_empty(&self) -> bool {
        *self == SourcingSummary::default()
    }

    fn add(&mut self, other: &SourcingSummary) {
        self.named += other.named;
        self.anonymous_with_reason += other.anonymous_with_reason;
        self.anonymous_without_reason += other.anonymous_without_reason;
        self.vague += other.vague;
        self.agentless += other.agentless;
        self.unsourced += other.unsourced;
        self.unattributed_quotes += other.unattributed_quotes;
    }
}

impl fmt::Display for SourcingSummary {
    /// "Sourcing: 9 named · 2 anonymous (1 without reason) · 3 vague · 4 unsourced"; "vague"
    /// counts vague groups and agentless attributions; quotations without a speaker are added
    /// when there are any.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Sourcing: {} named · {} anonymous",
            self.named,
            self.anonymous()
        )?;
        if self.anonymous() > 0 {
            write!(f, " ({} without reason)", self.anonymous_without_reason)?;
        }
        write!(
            f,
            " · {} vague · {} unsourced",
            self.vague + self.agentless,
            self.unsourced
        )?;
        match self.unattributed_quotes {
            0 => Ok(()),
            1 => write!(f, " · 1 quote without speaker"),
            n => write!(f, " · {n} quotes without speaker"),
        }
    }
}

/// The summary of a whole parsed article.
pub fn summary_of_article(article: &Article, config: &Config) -> SourcingSummary {
    count(article, 0..article.text.len(), config)
}

/// The summary of a story as the engine cut it into sections (for story-scoped code).
pub fn summary(doc: &Document, config: &Config) -> SourcingSummary {
    of_sections(&doc.sections, config)
}

/// The summary of a story, reusing the sections `cache` holds from a [`check_cached`] of the
/// same text (sections it lacks are parsed). This is what front ends call after checking:
/// `attribution::summary_cached(&text, kind, &cache, &config).to_string()`.
///
/// [`check_cached`]: crate::core::check_cached
pub fn summary_cached(
    text: &str,
    kind: SourceKind,
    cache: &Cache,
    config: &Config,
) -> SourcingSummary {
    of_sections(&document::sections(text, kind, cache), config)
}

fn of_sections(sections: &[Section], config: &Config) -> SourcingSummary {
    let mut total = SourcingSummary::default();
    for s in sections {
        total.add(&count(&s.article, s.own(), config));
    }
    total
}

/// Counts what starts inside `own` (article offsets).
fn count(article: &Article, own: Range<usize>, config: &Config) -> SourcingSummary {
    let analysis: &Analysis = article.attribution();
    let inside = |at: usize| own.contains(&at) || own.is_empty() && at == own.start;
    let mut out = SourcingSummary::default();
    for a in &analysis.attributions {
        if !inside(a.cue.start) {
            continue;
        }
        match a.class {
            c if c.is_named() => out.named += 1,
            c if c.is_anonymous() => {
                if lacks_reason(article, a, config) {
                    out.anonymous_without_reason += 1;
                } else {
                    out.anonymous_with_reason += 1;
                }
            }
            SourceClass::VagueGroup => out.vague += 1,
            _ => out.agentless += 1,
        }
    }
    out.unsourced = analysis
        .claims
        .iter()
        .filter(|c| !c.sourced && inside(c.range.start))
        .count();
    out.unattributed_quotes = analysis
        .quotes
        .iter()
        .filter(|q| q.speech && q.speaker.is_none() && inside(q.range.start))
        .count();
    let extras = &config.extras;
    let extra = |set| {
        extra_phrases(article, set)
            .into_iter()
            .filter(|r| inside(r.start))
            .count()
    };
    for (range, reason) in extra_anonymous(article, config) {
        if inside(range.start) {
            if reason {
                out.anonymous_with_reason += 1;
            } else {
                out.anonymous_without_reason += 1;
            }
        }
    }
    out.vague += extra(&extras.vague);
    out.agentless += extra(&extras.agentless);
    out
}

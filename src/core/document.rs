//! A story as the engine sees it: cut into sections, each parsed on its own (with one paragraph
//! of context either side) and cached by content, plus a whole-story view assembled from them.
//!
//! Sections make re-analysis incremental. Cut points are chosen by content (a paragraph whose
//! hash ends in two zero bits closes a section once it holds 2 KiB), so an edit moves at most
//! the cut points next to it, and every other section is found in the [`Cache`] unchanged. A
//! story of up to 8 KiB is a single section. The CLI and the server both go through here, so
//! they cut the same story the same way and report the same diagnostics.
//!
//! The cache also keeps, between checks of one story: the paragraph units of the last text
//! (an editor that says what an edit left alone, [`Cache::unchanged`], has only the changed
//! part cut again), and story-wide counts that rules keep up to date section by section
//! ([`Document::tally`]) instead of re-reading every section on every keystroke.

use crate::core::article::{merged_spans, Article, SourceKind};
use crate::core::config::Config;
use crate::core::diagnostic::Diagnostic;
use crate::core::directives;
use crate::core::line_index::LineIndex;
use crate::core::registry::{Analysed, SectionAnalysis, RULES, SECTION_ANALYSES};
use crate::core::rule::{Check, Ctx};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::any::Any;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, Mutex, OnceLock};

/// Stories up to this size are one section.
const SINGLE_SECTION_MAX: usize = 8 * 1024;
/// A section closes at a content-chosen paragraph once it is at least this long…
const SECTION_MIN: usize = 2 * 1024;
/// …and always once it reaches this length.
const SECTION_MAX: usize = 16 * 1024;
/// A paragraph unit longer than this may be cut at a line that ends a sentence.
const UNIT_MAX: usize = 8 * 1024;

/// One section of a story.
#[derive(Debug, Clone)]
pub struct Section {
    /// The section's own text, in story offsets.
    pub range: Range<usize>,
    /// Story offset where `article.text` starts (the section plus its context).
    pub base: usize,
    pub article: Arc<Article>,
    key: u64,
}

impl Section {
    /// The section's own text, in offsets of its article.
    pub fn own(&self) -> Range<usize> {
        self.range.start - self.base..self.range.end - self.base
    }
}

type MemoKey = (&'static str, u64);
/// A cached per-section result, filled once.
type Slot = Arc<OnceLock<Arc<dyn Any + Send + Sync>>>;
/// Story-wide sums kept between checks, by rule key (see [`Document::tally`]).
type Tallies = Mutex<FxHashMap<&'static str, Box<dyn Any + Send>>>;

/// A section's counts for a tally: each item with how often the section holds it.
pub type Counts<K> = Arc<Vec<(K, u32)>>;

/// One rule's story-wide sum of per-section counts, and which sections it holds.
struct Tally<K> {
    /// Section key -> how many sections of the story have that key, and their counts.
    included: FxHashMap<u64, (u32, Counts<K>)>,
    totals: FxHashMap<K, u64>,
}

impl<K: Copy + Eq + std::hash::Hash> Tally<K> {
    fn new() -> Self {
        Tally {
            included: FxHashMap::default(),
            totals: FxHashMap::default(),
        }
    }

    /// The totals of `parts` summed from scratch.
    fn summed<'p>(parts: impl IntoIterator<Item = &'p Counts<K>>) -> FxHashMap<K, u64>
    where
        K: 'p,
    {
        let mut fresh = Tally::new();
        for part in parts {
            fresh.apply(part, 1, true);
        }
        fresh.totals
    }

    /// Adds `times` copies of `counts` (or removes them, with `add` false).
    fn apply(&mut self, counts: &[(K, u32)], times: u32, add: bool) {
        for &(k, n) in counts {
            let n = u64::from(n) * u64::from(times);
            if add {
                *self.totals.entry(k).or_default() += n;
            } else if let Some(t) = self.totals.get_mut(&k) {
                *t = t.saturating_sub(n);
                if *t == 0 {
                    self.totals.remove(&k);
                }
            }
        }
    }
}

/// Results kept between checks of the same story: parsed sections, their section-scoped
/// diagnostics, and per-section facts computed by story-scoped rules. Entries not used by the
/// latest check are dropped, so the cache holds one story's worth.
#[derive(Default)]
pub struct Cache {
    config_id: u64,
    sections: FxHashMap<u64, CachedSection>,
    memo: Mutex<FxHashMap<MemoKey, Slot>>,
    tallies: Tallies,
    /// The paragraph units of the last check's text, for cutting the next text without
    /// rescanning what an edit left alone.
    units: Option<Units>,
    /// What the caller says the next text shares with the last one (see [`Cache::unchanged`]).
    unchanged: Option<(usize, usize)>,
}

/// A text's paragraph units with their content hashes.
struct Units {
    kind: SourceKind,
    len: usize,
    ranges: Vec<Range<usize>>,
    hashes: Vec<u64>,
}

struct CachedSection {
    article: Arc<Article>,
    /// Section-rule diagnostics, in article offsets, starting inside the section's own text.
    diagnostics: Arc<Vec<Diagnostic>>,
    /// Whether the section's own text mentions a directive (see [`directives::MARK`]).
    marked: bool,
}

impl Cache {
    pub fn new() -> Cache {
        Cache::default()
    }

    /// How many sections are cached.
    pub fn len(&self) -> usize {
        self.sections.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sections.is_empty()
    }

    /// Tells the next check that its text equals the text of the last check with this cache
    /// except in the middle: the first `prefix` bytes and the last `suffix` bytes are the same.
    /// An editor knows this from its edits, and the check then cuts only the changed part of
    /// the story into paragraphs instead of rescanning and rehashing all of it. A claim that
    /// cannot hold (longer than either text) is ignored; a false one gives wrong sections, so
    /// say nothing when unsure.
    pub fn unchanged(&mut self, prefix: usize, suffix: usize) {
        self.unchanged = Some((prefix, suffix));
    }
}

/// What story-scoped rules see.
pub struct Document<'a> {
    pub text: &'a str,
    pub kind: SourceKind,
    pub sections: Vec<Section>,
    /// The whole-story view, assembled on first use.
    article: OnceLock<Arc<Article>>,
    memo: &'a Mutex<FxHashMap<MemoKey, Slot>>,
    used_memo: Mutex<FxHashSet<MemoKey>>,
    tallies: &'a Tallies,
    /// Story-wide results shared by rules within one check.
    story: Mutex<FxHashMap<&'static str, Slot>>,
}

impl Document<'_> {
    /// The whole story as one article (story offsets). For a story of several sections this
    /// is assembled on first use, which costs a pass over the story: rules that run on every
    /// keystroke of a long story should prefer [`Document::per_section`].
    pub fn article(&self) -> &Article {
        self.article.get_or_init(|| {
            if self.sections.len() == 1 && self.sections[0].base == 0 {
                self.sections[0].article.clone()
            } else {
                Arc::new(assemble(self.text, self.kind, &self.sections))
            }
        })
    }

    /// Runs `f` on each section's article and its own range (article offsets), caching the
    /// result by section content under `key` (use the rule's name). Returns each section's
    /// result with the story offset of its article's start, to add to offsets in the result.
    pub fn per_section<T: Send + Sync + 'static>(
        &self,
        key: &'static str,
        f: fn(&Article, Range<usize>) -> T,
    ) -> Vec<(usize, Arc<T>)> {
        self.memoized(key, |_, s| f(&s.article, s.own()))
    }

    /// Like [`Document::per_section`], but computed from another per-section result (`from`,
    /// as returned by `per_section`) instead of from scratch: a rule that reduces shared facts
    /// caches its own per-section reduction, so only the story-wide merge runs on each check.
    pub fn derive<S: Send + Sync + 'static, T: Send + Sync + 'static>(
        &self,
        key: &'static str,
        from: &[(usize, Arc<S>)],
        f: fn(&Article, &S) -> T,
    ) -> Vec<(usize, Arc<T>)> {
        debug_assert_eq!(from.len(), self.sections.len());
        // Sections are matched to `from` by position: two sections may share a base (a
        // one-paragraph first section and the next one, whose context starts at offset 0).
        self.memoized(key, |i, s| f(&s.article, &from[i].1))
    }

    /// A story-wide result that several rules share within one check, computed by the first
    /// rule that asks (the others wait for it). `f` must not run parallel work of its own: a
    /// thread waiting on that work could pick up another rule asking for the same result.
    pub fn story<T: Send + Sync + 'static>(&self, key: &'static str, f: impl Fn() -> T) -> Arc<T> {
        let slot = self
            .story
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(key)
            .or_default()
            .clone();
        filled(&slot, f)
    }

    /// Story-wide totals of per-section counts (`parts`, as returned by
    /// [`Document::derive`] or [`Document::per_section`]), handed to `f`. The totals are kept in
    /// the cache between checks under `key` and updated by the sections that changed since the
    /// last check, so a keystroke costs a lookup per section, not a pass over every count. A
    /// rule that only needs to know which items the story holds, or how often, sums here
    /// instead of merging every section itself.
    pub fn tally<K, R>(
        &self,
        key: &'static str,
        parts: &[(usize, Counts<K>)],
        f: impl FnOnce(&FxHashMap<K, u64>) -> R,
    ) -> R
    where
        K: Copy + Eq + std::hash::Hash + Send + Sync + 'static,
    {
        debug_assert_eq!(parts.len(), self.sections.len());
        let mut now: FxHashMap<u64, (u32, &Counts<K>)> = FxHashMap::default();
        for (s, (_, part)) in self.sections.iter().zip(parts) {
            now.entry(s.key).or_insert((0, part)).0 += 1;
        }
        let mut tallies = self.tallies.lock().unwrap_or_else(|e| e.into_inner());
        let entry = tallies
            .entry(key)
            .or_insert_with(|| Box::new(Tally::<K>::new()));
        if !entry.is::<Tally<K>>() {
            // The same key used with two item types would be a bug in a rule: start over.
            *entry = Box::new(Tally::<K>::new());
        }
        let Some(tally) = entry.downcast_mut::<Tally<K>>() else {
            // Cannot happen: the entry was just made a tally of this type.
            return f(&Tally::summed(parts.iter().map(|(_, part)| part)));
        };
        let gone: Vec<(u64, u32, Counts<K>)> = tally
            .included
            .iter()
            .filter(|(k, (n, _))| now.get(k).is_none_or(|(m, _)| m != n))
            .map(|(k, (n, part))| (*k, *n, part.clone()))
            .collect();
        for (k, n, part) in gone {
            tally.apply(&part, n, false);
            tally.included.remove(&k);
        }
        for (k, (n, part)) in now {
            if let std::collections::hash_map::Entry::Vacant(e) = tally.included.entry(k) {
                e.insert((n, part.clone()));
                tally.apply(part, n, true);
            }
        }
        debug_assert!(
            Tally::summed(parts.iter().map(|(_, part)| part)) == tally.totals,
            "the kept totals of {key} drifted from a fresh sum"
        );
        f(&tally.totals)
    }

    /// Computes `f` once per section content under `key`.
    fn memoized<T: Send + Sync + 'static>(
        &self,
        key: &'static str,
        f: impl Fn(usize, &Section) -> T + Sync,
    ) -> Vec<(usize, Arc<T>)> {
        // One lock of each map per call, not per section; the work itself runs outside the
        // locks. A slot is computed once even when several rules ask for it at the same time.
        let slots: Vec<Slot> = {
            let mut memo = self.memo.lock().unwrap_or_else(|e| e.into_inner());
            let mut used = self.used_memo.lock().unwrap_or_else(|e| e.into_inner());
            self.sections
                .iter()
                .map(|s| {
                    let k = (key, s.key);
                    used.insert(k);
                    memo.entry(k).or_default().clone()
                })
                .collect()
        };
        let compute =
            |(i, (s, slot)): (usize, (&Section, &Slot))| (s.base, filled(slot, || f(i, s)));
        let missing = slots.iter().filter(|s| s.get().is_none()).count();
        if missing > 1 {
            self.sections
                .par_iter()
                .zip(slots.par_iter())
                .enumerate()
                .map(compute)
                .collect()
        } else {
            self.sections
                .iter()
                .zip(slots.iter())
                .enumerate()
                .map(compute)
                .collect()
        }
    }
}

/// The value in `slot`, computed by `f` if the slot is empty (once, however many threads ask).
fn filled<T: Send + Sync + 'static>(slot: &Slot, f: impl Fn() -> T) -> Arc<T> {
    let value = slot.get_or_init(|| Arc::new(f()));
    // The same key used with two result types would be a bug in a rule; recompute rather than
    // fail.
    value
        .clone()
        .downcast::<T>()
        .unwrap_or_else(|_| Arc::new(f()))
}

/// Checks a story with a throwaway cache.
pub fn check(text: &str, kind: SourceKind, config: &Config) -> Vec<Diagnostic> {
    check_cached(text, kind, config, &mut Cache::default())
}

/// Checks a story, reusing what `cache` holds from earlier checks of (a version of) it.
pub fn check_cached(
    text: &str,
    kind: SourceKind,
    config: &Config,
    cache: &mut Cache,
) -> Vec<Diagnostic> {
    if cache.config_id != config.id() {
        cache.sections.clear();
        cache
            .memo
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        cache
            .tallies
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        cache.units = None;
        cache.config_id = config.id();
    }
    let mut out = Vec::new();
    let mut sections = Vec::new();
    let mut used = FxHashSet::default();
    let hint = cache.unchanged.take();
    let planned = plan_keyed_with(text, kind, &mut cache.units, hint);
    // Sections not in the cache are parsed and checked in parallel: on a first check of a
    // long story that is all of them; after a keystroke, usually one.
    let mut missing: Vec<&(Range<usize>, Range<usize>, u64)> = planned
        .iter()
        .filter(|(_, _, key)| !cache.sections.contains_key(key))
        .collect();
    missing.sort_by_key(|(_, _, key)| *key);
    missing.dedup_by_key(|(_, _, key)| *key);
    // With many sections to parse, the story rules' per-section analyses go with each parse
    // (see `SECTION_ANALYSES`); after a keystroke they are left to the rules, which then
    // compute the one section's analyses side by side.
    let prepare: Vec<&SectionAnalysis> = if missing.len() > 1 {
        SECTION_ANALYSES
            .iter()
            .filter(|a| config.family_enabled(a.family))
            .collect()
    } else {
        Vec::new()
    };
    type Prepared = Vec<(&'static str, Analysed)>;
    let fresh: Vec<(u64, CachedSection, Prepared)> = missing
        .into_par_iter()
        .map(|(parse, own, key)| {
            let own_rel = own.start - parse.start..own.end - parse.start;
            let article = Arc::new(Article::parse(&text[parse.clone()], kind));
            let diagnostics = run_section_rules(&article, &own_rel, config);
            let prepared = prepare
                .iter()
                .filter_map(|a| {
                    let value = (a.run)(&article, own_rel.clone());
                    Some((a.key?, value?))
                })
                .collect();
            let section = CachedSection {
                article,
                diagnostics: Arc::new(diagnostics),
                marked: directives::marked(&text[own.clone()]),
            };
            (*key, section, prepared)
        })
        .collect();
    {
        let memo = cache.memo.get_mut().unwrap_or_else(|e| e.into_inner());
        for (key, section, prepared) in fresh {
            for (name, value) in prepared {
                let slot = memo.entry((name, key)).or_default();
                let _ = slot.set(value);
            }
            cache.sections.insert(key, section);
        }
    }
    let mut marked = false;
    for (parse, own, key) in planned {
        used.insert(key);
        let Some(cached) = cache.sections.get(&key) else {
            continue; // cannot happen: every planned section was just cached
        };
        marked |= cached.marked;
        out.extend(cached.diagnostics.iter().map(|d| shifted(d, parse.start)));
        sections.push(Section {
            range: own,
            base: parse.start,
            article: cached.article.clone(),
            key,
        });
    }
    cache.sections.retain(|k, _| used.contains(k));

    let doc = Document {
        text,
        kind,
        sections,
        article: OnceLock::new(),
        memo: &cache.memo,
        used_memo: Mutex::new(FxHashSet::default()),
        tallies: &cache.tallies,
        story: Mutex::default(),
    };
    // Story rules are independent of each other: run them in parallel, each into its own
    // list, and append the lists in registry order so the result does not depend on timing.
    let story_rules: Vec<_> = RULES
        .iter()
        .enumerate()
        .filter_map(|(i, rule)| match rule.check {
            Check::Story(f) if config.state(i).enabled => Some((rule, f, config.state(i))),
            _ => None,
        })
        .collect();
    let found: Vec<Vec<Diagnostic>> = story_rules
        .par_iter()
        .map(|(rule, f, state)| {
            let mut own = Vec::new();
            let mut ctx = Ctx::new(config, rule.meta, state.severity, &mut own);
            f(&doc, &mut ctx);
            own
        })
        .collect();
    out.extend(found.into_iter().flatten());
    let used_memo = doc
        .used_memo
        .into_inner()
        .unwrap_or_else(|e| e.into_inner());
    // A directive's mark holds no line break, and sections end at line breaks: when no
    // section's own text holds one, the story has none, and the whole text need not be read.
    let directives = if marked {
        directives::parse(text)
    } else {
        Vec::new()
    };
    if !directives.is_empty() {
        directives::apply(&directives, &LineIndex::new(text), &mut out);
    }
    cache
        .memo
        .get_mut()
        .unwrap_or_else(|e| e.into_inner())
        .retain(|k, _| used_memo.contains(k));
    out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    out
}

/// The sections of a story, as [`check_cached`] cuts and parses them: taken from `cache` when
/// it holds them (after a check of the same text), parsed otherwise.
pub fn sections(text: &str, kind: SourceKind, cache: &Cache) -> Vec<Section> {
    plan_keyed(text, kind)
        .into_iter()
        .map(|(parse, own, key)| {
            let article = cache
                .sections
                .get(&key)
                .map(|c| c.article.clone())
                .unwrap_or_else(|| Arc::new(Article::parse(&text[parse.clone()], kind)));
            Section {
                range: own,
                base: parse.start,
                article,
                key,
            }
        })
        .collect()
}

/// Per-section results as [`Document::per_section`] computes them under `key`, reusing what
/// `cache` holds from the latest check of this text and computing the rest.
pub(crate) fn per_section_cached<T: Send + Sync + 'static>(
    text: &str,
    kind: SourceKind,
    cache: &Cache,
    key: &'static str,
    f: fn(&Article, Range<usize>) -> T,
) -> Vec<(usize, Arc<T>)> {
    let sections = sections(text, kind, cache);
    let memo = cache.memo.lock().unwrap_or_else(|e| e.into_inner());
    sections
        .into_iter()
        .map(|s| {
            let found = memo
                .get(&(key, s.key))
                .and_then(|slot| slot.get().cloned())
                .and_then(|v| v.downcast::<T>().ok());
            let value = found.unwrap_or_else(|| Arc::new(f(&s.article, s.own())));
            (s.base, value)
        })
        .collect()
}

fn run_section_rules(article: &Article, own: &Range<usize>, config: &Config) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for (i, rule) in RULES.iter().enumerate() {
        let state = config.state(i);
        if !state.enabled {
            continue;
        }
        if let Check::Section(f) = rule.check {
            let mut ctx = Ctx::new(config, rule.meta, state.severity, &mut out);
            f(article, &mut ctx);
        }
    }
    out.retain(|d| own.contains(&d.range.start) || own.is_empty() && d.range.start == own.start);
    out
}

/// The cache key of a section: its kind, its own range within the parsed text, and the
/// content hashes of the paragraph units it parses.
fn section_key(kind: SourceKind, own: &Range<usize>, units: &[u64]) -> u64 {
    let mut h = FxHasher::default();
    kind.hash(&mut h);
    own.hash(&mut h);
    units.hash(&mut h);
    h.finish()
}

/// A content hash of a paragraph unit.
fn unit_hash(text: &str) -> u64 {
    let mut h = FxHasher::default();
    text.hash(&mut h);
    h.finish()
}

fn shifted(d: &Diagnostic, by: usize) -> Diagnostic {
    let mut d = d.clone();
    if by == 0 {
        return d;
    }
    d.range = d.range.start + by..d.range.end + by;
    if let Some(fix) = &mut d.fix {
        for e in &mut fix.edits {
            e.range = e.range.start + by..e.range.end + by;
        }
    }
    for r in &mut d.related {
        if r.document.is_none() {
            r.range = r.range.start + by..r.range.end + by;
        }
    }
    d
}

/// The sections of a story: for each, the range to parse (the section plus one paragraph of
/// context either side) and the section's own range.
pub fn plan(text: &str, kind: SourceKind) -> Vec<(Range<usize>, Range<usize>)> {
    plan_keyed(text, kind)
        .into_iter()
        .map(|(parse, own, _)| (parse, own))
        .collect()
}

/// [`plan`], with each section's cache key.
fn plan_keyed(text: &str, kind: SourceKind) -> Vec<(Range<usize>, Range<usize>, u64)> {
    plan_keyed_with(text, kind, &mut None, None)
}

/// [`plan_keyed`], reusing the units of the last text (`memo`) where `unchanged` says the new
/// text shares a prefix and a suffix (in bytes) with it, and leaving this text's units there.
fn plan_keyed_with(
    text: &str,
    kind: SourceKind,
    memo: &mut Option<Units>,
    unchanged: Option<(usize, usize)>,
) -> Vec<(Range<usize>, Range<usize>, u64)> {
    if text.len() <= SINGLE_SECTION_MAX {
        *memo = None;
        let own = 0..text.len();
        let key = section_key(kind, &own, &[unit_hash(text)]);
        return vec![(own.clone(), own, key)];
    }
    let reusable = memo.take().filter(|m| m.kind == kind);
    let (units, hashes) = match (reusable, unchanged) {
        (Some(old), Some((prefix, suffix)))
            if prefix.saturating_add(suffix) <= old.len.min(text.len()) =>
        {
            units_after_edit(text, kind, old, prefix, suffix)
        }
        _ => {
            let units = units(text, kind);
            let hashes = units.iter().map(|u| unit_hash(&text[u.clone()])).collect();
            (units, hashes)
        }
    };
    let planned = group_units(kind, &units, &hashes);
    *memo = Some(Units {
        kind,
        len: text.len(),
        ranges: units,
        hashes,
    });
    planned
}

/// The units of `text` and their hashes, from those of the last text (`old`), which shared
/// its first `prefix` and last `suffix` bytes with it. Units that end before the line of the
/// first change are kept; scanning resumes at the next unit and stops at the first cut inside
/// the shared suffix where the old text had a cut too, after which the old units follow,
/// shifted. Scanning from a cut depends only on the text after it, so this is exactly what a
/// scan of the whole text finds.
fn units_after_edit(
    text: &str,
    kind: SourceKind,
    old: Units,
    prefix: usize,
    suffix: usize,
) -> (Vec<Range<usize>>, Vec<u64>) {
    let line_start = text.as_bytes()[..prefix]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let keep = old.ranges.partition_point(|u| u.end < line_start);
    let resume = if keep == 0 {
        0
    } else {
        old.ranges[keep - 1].end
    };
    let shared_from = text.len() - suffix;
    let old_shared_from = old.len - suffix;
    // Where the old units resume: the index of the old unit at the same place as a cut `b`
    // in the shared suffix, and `b`.
    let mut rejoin = None;
    let starts = unit_starts(text, kind, resume, |b| {
        if b < shared_from {
            return false;
        }
        let old_b = b - shared_from + old_shared_from;
        let i = old.ranges.partition_point(|u| u.start < old_b);
        let found = old.ranges.get(i).is_some_and(|u| u.start == old_b);
        if found {
            rejoin = Some((i, b));
        }
        found
    });
    let mut ranges: Vec<Range<usize>> = Vec::with_capacity(old.ranges.len() + 4);
    let mut hashes: Vec<u64> = Vec::with_capacity(old.ranges.len() + 4);
    ranges.extend_from_slice(&old.ranges[..keep]);
    hashes.extend_from_slice(&old.hashes[..keep]);
    let end = rejoin.map_or(text.len(), |(_, b)| b);
    for (k, &start) in starts.iter().enumerate() {
        let stop = starts.get(k + 1).copied().unwrap_or(end);
        if start < stop {
            ranges.push(start..stop);
            hashes.push(unit_hash(&text[start..stop]));
        }
    }
    if let Some((i, b)) = rejoin {
        // The old units from `i` on, moved by the edit's change in length.
        let old_b = old.ranges[i].start;
        ranges.extend(
            old.ranges[i..]
                .iter()
                .map(|u| u.start - old_b + b..u.end - old_b + b),
        );
        hashes.extend_from_slice(&old.hashes[i..]);
    }
    (ranges, hashes)
}

/// Sections from paragraph units: each closes at a content-chosen unit once long enough.
fn group_units(
    kind: SourceKind,
    units: &[Range<usize>],
    hashes: &[u64],
) -> Vec<(Range<usize>, Range<usize>, u64)> {
    let mut groups: Vec<Range<usize>> = Vec::new(); // ranges of unit indices
    let mut start = 0;
    let mut len = 0;
    for (i, u) in units.iter().enumerate() {
        len += u.len();
        if len >= SECTION_MAX || len >= SECTION_MIN && hashes[i] & 3 == 0 {
            groups.push(start..i + 1);
            start = i + 1;
            len = 0;
        }
    }
    if start < units.len() {
        groups.push(start..units.len());
    }
    groups
        .into_iter()
        .map(|g| {
            let own = units[g.start].start..units[g.end - 1].end;
            let first = g.start.saturating_sub(1);
            let last = (g.end + 1).min(units.len());
            let parse = units[first].start..units[last - 1].end;
            let own_rel = own.start - parse.start..own.end - parse.start;
            let key = section_key(kind, &own_rel, &hashes[first..last]);
            (parse, own, key)
        })
        .collect()
}

/// Paragraph units: runs of lines that end after blank lines, never inside a fenced code block
/// or front matter. Over-long units are cut after lines that end a sentence.
fn units(text: &str, kind: SourceKind) -> Vec<Range<usize>> {
    let starts = unit_starts(text, kind, 0, |_| false);
    starts
        .iter()
        .enumerate()
        .map(|(i, &start)| start..starts.get(i + 1).copied().unwrap_or(text.len()))
        .collect()
}

/// Where the units of `text` start, scanning from `from` (0, or where a unit starts). Each
/// later start is passed to `stop` first; when it returns true the scan ends there, without
/// that start.
fn unit_starts(
    text: &str,
    kind: SourceKind,
    from: usize,
    mut stop: impl FnMut(usize) -> bool,
) -> Vec<usize> {
    let mut starts = Vec::new();
    if from >= text.len() {
        return starts;
    }
    starts.push(from);
    let mut unit_start = from;
    let mut prev_blank = false;
    let mut prev_ends_sentence = false;
    let mut fence: Option<(u8, usize)> = None;
    // A unit never starts inside front matter, so only a scan from the top can meet it.
    let mut front_matter = from == 0
        && kind == SourceKind::Markdown
        && (text.starts_with("---\n") || text.starts_with("+++\n") || text.starts_with("---\r\n"));
    let mut at = from;
    let mut first_line = from == 0;
    let bytes = text.as_bytes();
    while at < text.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(text.len(), |i| at + i + 1);
        let line = &text[at..end];
        let trimmed = line.trim();
        let blank = trimmed.is_empty();
        let can_cut = fence.is_none() && !front_matter && at > unit_start;
        if can_cut && !blank && (prev_blank || at - unit_start >= UNIT_MAX && prev_ends_sentence) {
            if stop(at) {
                return starts;
            }
            starts.push(at);
            unit_start = at;
        }
        if kind == SourceKind::Markdown {
            if front_matter
                && !first_line
                && (trimmed == "---" || trimmed == "+++" || trimmed == "...")
            {
                front_matter = false;
            } else if let Some(f) = fence_marker(line) {
                fence = match fence {
                    None => Some(f),
                    Some(open)
                        if f.0 == open.0
                            && f.1 >= open.1
                            && line
                                .trim_start()
                                .trim_start_matches(f.0 as char)
                                .trim()
                                .is_empty() =>
                    {
                        None
                    }
                    Some(open) => Some(open),
                };
            }
        }
        prev_blank = blank;
        prev_ends_sentence = trimmed.ends_with(['.', '!', '?', '"', '”', ':']);
        first_line = false;
        at = end;
    }
    starts
}

/// A code fence opening or closing line: up to three spaces, then three or more backticks or
/// tildes. Returns the fence character and length.
fn fence_marker(line: &str) -> Option<(u8, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = *rest.as_bytes().first()?;
    if c != b'`' && c != b'~' {
        return None;
    }
    let n = rest.bytes().take_while(|&b| b == c).count();
    (n >= 3).then_some((c, n))
}

/// The whole-story view: each section's own blocks, sentences and quotes, shifted to story
/// offsets and renumbered (names are found again on first use).
fn assemble(text: &str, kind: SourceKind, sections: &[Section]) -> Article {
    let mut prose = String::with_capacity(text.len());
    let mut blocks = Vec::new();
    let mut sentences = Vec::new();
    let mut quotes = Vec::new();
    let mut verbatim = Vec::new();
    for s in sections {
        let a = &s.article;
        let own = s.own();
        let base = s.base;
        let shift = |r: &Range<usize>| r.start + base..r.end + base;
        prose.push_str(&a.prose[own.clone()]);
        // Old block index → new block index.
        let mut block_map = vec![usize::MAX; a.blocks.len()];
        let mut sentence_map = vec![usize::MAX; a.sentences.len()];
        for (bi, b) in a.blocks.iter().enumerate() {
            if !own.contains(&b.range.start) {
                continue;
            }
            block_map[bi] = blocks.len();
            let first = sentences.len();
            for si in b.sentences.clone() {
                sentence_map[si] = sentences.len();
                let mut sent = a.sentences[si].clone();
                sent.range = shift(&sent.range);
                sent.block = blocks.len();
                sentences.push(sent);
            }
            let mut nb = b.clone();
            nb.range = shift(&nb.range);
            nb.sentences = first..sentences.len();
            blocks.push(nb);
        }
        let map_block = |i: usize| block_map.get(i).copied().filter(|&v| v != usize::MAX);
        for q in a.quotes.iter().filter(|q| own.contains(&q.range.start)) {
            let mut q = q.clone();
            q.range = shift(&q.range);
            q.inner = shift(&q.inner);
            let first = map_block(q.blocks.start).unwrap_or(blocks.len().saturating_sub(1));
            let last = (q.blocks.start..q.blocks.end)
                .rev()
                .find_map(map_block)
                .unwrap_or(first);
            q.blocks = first..last + 1;
            quotes.push(q);
        }
        for v in a.verbatim.iter().filter(|v| own.contains(&v.start)) {
            verbatim.push(shift(v));
        }
    }
    let quote_spans = merged_spans(&quotes);
    Article {
        text: text.to_string(),
        kind,
        prose,
        lines: LineIndex::new(text),
        blocks,
        sentences,
        quotes,
        names: Default::default(),
        directives: directives::parse(text),
        verbatim,
        quote_spans,
        attribution: Default::default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn story(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| format!("Paragraph {i} says the council met on Tuesday and voted on item {i}. It was a long meeting with many speakers and much debate.\n\n"))
            .collect()
    }

    #[test]
    fn small_story_is_one_section() {
        let text = story(3);
        assert_eq!(
            plan(&text, SourceKind::Plain),
            vec![(0..text.len(), 0..text.len())]
        );
    }

    #[test]
    fn sections_tile_the_story() {
        let text = story(400);
        let plan = plan(&text, SourceKind::Markdown);
        assert!(plan.len() > 5);
        let mut at = 0;
        for (parse, own) in &plan {
            assert_eq!(own.start, at);
            assert!(parse.start <= own.start && own.end <= parse.end);
            at = own.end;
        }
        assert_eq!(at, text.len());
    }

    #[test]
    fn an_edit_moves_few_cut_points() {
        let text = story(400);
        let mut edited = text.clone();
        edited.insert_str(text.len() / 2, "An inserted sentence. ");
        let a: FxHashSet<String> = plan(&text, SourceKind::Plain)
            .into_iter()
            .map(|(p, _)| text[p].to_string())
            .collect();
        let b: Vec<String> = plan(&edited, SourceKind::Plain)
            .into_iter()
            .map(|(p, _)| edited[p].to_string())
            .collect();
        let changed = b.iter().filter(|s| !a.contains(*s)).count();
        assert!(changed <= 3, "{changed} of {} sections changed", b.len());
    }

    #[test]
    fn no_cut_inside_a_code_fence() {
        let mut text = story(40);
        text.push_str("```\ncode\n\nmore code\n```\n\n");
        text.push_str(&story(40));
        let fence_at = text.find("```").unwrap();
        for (_, own) in plan(&text, SourceKind::Markdown) {
            assert!(!(own.start > fence_at && own.start < fence_at + 25));
        }
    }
}

#[cfg(test)]
mod cache_tests {
    use super::*;

    #[test]
    fn warm_cache_gives_the_same_diagnostics_as_a_cold_one() {
        let mut text: String = (0..300)
            .map(|i| format!("The harbour board’s vote {i} was delayed, the chair said. \"We need invoices,\" she said.\n\n"))
            .collect();
        let config = Config::default();
        let mut cache = Cache::new();
        let first = check_cached(&text, SourceKind::Markdown, &config, &mut cache);
        assert!(cache.len() > 1);
        text.insert_str(text.len() / 3, "The operator’s fuel costs rose. ");
        let warm = check_cached(&text, SourceKind::Markdown, &config, &mut cache);
        let cold = check(&text, SourceKind::Markdown, &config);
        let key = |d: &Diagnostic| (d.range.clone(), d.rule.name, d.message.clone());
        assert_eq!(
            warm.iter().map(key).collect::<Vec<_>>(),
            cold.iter().map(key).collect::<Vec<_>>()
        );
        assert_ne!(first.len(), warm.len());
    }

    use proptest::prelude::*;

    /// Copy with names in several forms, people by surname and with titles, acronyms and
    /// both quote styles: what the story-wide rules keep totals of between checks.
    const NAMED: &[&str] = &[
        "The U.S. delegation met Marta Okafor, the board’s chair, on Tuesday.",
        "Ms. Okafor said the NATO talks would resume. “We need time,” she said.",
        "US officials said Okafor had asked the International Atomic Energy Agency (IAEA) for data.",
        "Okafor told reporters the IAEA had not replied. The union's spokesman declined to comment.",
        "Sen. Dana Ortiz said Gaddafi-era contracts were void; Qaddafi’s heirs disagree.",
        "Ortiz and Mr. Vega spoke after the meeting. \"It’s late,\" Vega said.",
    ];

    /// Pieces an edit inserts: forms that join or split groups, titles, quote marks, breaks.
    const PIECES: &[&str] = &[
        "U.S. ",
        "US ",
        "Mr. ",
        "Ms. ",
        "Okafor ",
        "O’kafor ",
        "NATO ",
        "Nato ",
        "'",
        "’",
        "“",
        "\"",
        "\n\n",
        "Qaddafi ",
        "x",
    ];

    fn named_story(paragraphs: usize) -> String {
        (0..paragraphs)
            .map(|i| {
                format!(
                    "{} {}\n\n",
                    NAMED[i % NAMED.len()],
                    NAMED[(i * 7 + 3) % NAMED.len()]
                )
            })
            .collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

        /// After every edit, a check that reuses the cache (sections, per-section facts and
        /// the story-wide totals kept between checks) reports exactly what a check from
        /// scratch reports.
        #[test]
        fn edits_checked_with_the_cache_match_checks_from_scratch(
            edits in prop::collection::vec((0.0f64..1.0, 0usize..PIECES.len(), 0usize..12, any::<bool>()), 1..10),
        ) {
            let config = Config::default();
            let mut text = named_story(120);
            let mut cache = Cache::new();
            check_cached(&text, SourceKind::Markdown, &config, &mut cache);
            let key = |d: &Diagnostic| (d.range.clone(), d.rule.name, d.message.clone(), d.related.iter().map(|r| r.range.clone()).collect::<Vec<_>>());
            for (at, piece, delete, insert) in edits {
                let mut at = (at * text.len() as f64) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let old_len = text.len();
                let end = if insert {
                    text.insert_str(at, PIECES[piece]);
                    at
                } else {
                    let mut end = (at + delete).min(text.len());
                    while !text.is_char_boundary(end) {
                        end += 1;
                    }
                    text.replace_range(at..end, "");
                    end
                };
                // As the server does: say what the edit left alone.
                cache.unchanged(at, old_len - end);
                let warm = check_cached(&text, SourceKind::Markdown, &config, &mut cache);
                let cold = check(&text, SourceKind::Markdown, &config);
                prop_assert_eq!(
                    warm.iter().map(key).collect::<Vec<_>>(),
                    cold.iter().map(key).collect::<Vec<_>>()
                );
            }
        }
    }

    /// Lines that move unit cuts: blank lines, fences, front matter, long sentences.
    const LINES: &[&str] = &[
        "A paragraph of copy that ends a sentence.\n",
        "A line that runs on without an end\n",
        "\n",
        "```\n",
        "~~~~\n",
        "---\n",
        "    indented code\n",
        "# A heading\n",
        "\r\n",
    ];

    fn lines_text(picks: &[usize]) -> String {
        let mut text = String::from("---\ntitle: x\n---\n");
        for &p in picks {
            text.push_str(LINES[p % LINES.len()]);
            if p % 7 == 0 {
                text.push_str(&"Long sentence without a break in it at all. ".repeat(40));
            }
        }
        text
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

        /// Cutting an edited text from the last text's units gives the sections a scan of the
        /// whole text gives.
        #[test]
        fn plans_after_an_edit_match_plans_from_scratch(
            picks in prop::collection::vec(0usize..40, 200..500),
            edits in prop::collection::vec((0.0f64..1.0, prop::collection::vec(0usize..40, 0..4), 0usize..300, 0u8..4), 1..6),
            markdown in any::<bool>(),
        ) {
            let kind = if markdown { SourceKind::Markdown } else { SourceKind::Plain };
            let mut text = lines_text(&picks);
            let mut memo = None;
            plan_keyed_with(&text, kind, &mut memo, None);
            for (at, insert, delete, how) in edits {
                let mut at = (at * text.len() as f64) as usize;
                while !text.is_char_boundary(at) {
                    at -= 1;
                }
                let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
                let line_end = text[at..].find('\n').map_or(text.len(), |i| at + i);
                // Edits at line starts and up to line ends are the ones that make lines blank
                // or not, which moves cuts.
                let (at, end) = match how {
                    0 => (line_start, line_end),
                    1 => (line_start, (at + delete).min(text.len())),
                    2 => (at, line_end),
                    _ => (at, (at + delete).min(text.len())),
                };
                let old_len = text.len();
                let inserted: String = insert.iter().map(|&p| LINES[p % LINES.len()]).collect();
                text.replace_range(at..end, &inserted);
                let warm = plan_keyed_with(&text, kind, &mut memo, Some((at, old_len - end)));
                prop_assert_eq!(warm, plan_keyed(&text, kind));
                prop_assert_eq!(
                    memo.as_ref().map(|m| m.ranges.clone()),
                    (text.len() > SINGLE_SECTION_MAX).then(|| units(&text, kind))
                );
            }
        }
    }

    #[test]
    fn the_named_story_has_findings_of_the_story_wide_rules() {
        // If the story stopped reaching these rules, the property above would test nothing.
        let text = named_story(120);
        assert!(plan(&text, SourceKind::Markdown).len() > 4);
        let found = check(&text, SourceKind::Markdown, &Config::default());
        for rule in ["inconsistent-name", "person-reference", "mixed-quote-style"] {
            assert!(
                found.iter().any(|d| d.rule.name == rule),
                "no {rule} finding"
            );
        }
    }

    #[test]
    fn directives_apply_in_long_stories_without_assembling_them() {
        let mut text: String = (0..300)
            .map(|i| format!("The harbour board’s vote {i} was delayed, the chair said. “We need invoices,” she said.\n\n"))
            .collect();
        let at = text.len() / 2;
        let at = at + text[at..].find("\n\n").unwrap() + 2;
        text.insert_str(at, "<!-- newslint-disable-next-line mixed-quote-style -->\nThe clerk's note.\n\nThe mayor's note.\n\n");
        let config = Config::default();
        let mut cache = Cache::new();
        let diags = check_cached(&text, SourceKind::Markdown, &config, &mut cache);
        assert!(cache.len() > 1);
        let flagged: Vec<&str> = diags
            .iter()
            .map(|d| &text[d.range.start.saturating_sub(5)..d.range.end])
            .collect();
        assert_eq!(flagged, vec!["mayor'"], "{flagged:?}");
    }

    #[test]
    fn the_assembled_article_matches_a_whole_parse() {
        let text: String = (0..300)
            .map(|i| format!("The harbour board’s vote {i} was delayed, the chair said. “We need invoices,” she said.\n\n"))
            .collect();
        let config = Config::default();
        let mut cache = Cache::new();
        check_cached(&text, SourceKind::Markdown, &config, &mut cache);
        let sections: Vec<Section> = plan(&text, SourceKind::Markdown)
            .into_iter()
            .map(|(parse, own)| {
                let article = Arc::new(Article::parse(&text[parse.clone()], SourceKind::Markdown));
                Section {
                    range: own,
                    base: parse.start,
                    article,
                    key: 0,
                }
            })
            .collect();
        assert!(sections.len() > 1);
        let memo = Mutex::new(FxHashMap::default());
        let tallies = Mutex::default();
        let doc = Document {
            text: &text,
            kind: SourceKind::Markdown,
            sections,
            article: OnceLock::new(),
            memo: &memo,
            used_memo: Mutex::new(FxHashSet::default()),
            tallies: &tallies,
            story: Mutex::default(),
        };
        let whole = Article::parse(&text, SourceKind::Markdown);
        let assembled = doc.article();
        assert_eq!(assembled.text, whole.text);
        assert_eq!(assembled.prose, whole.prose);
        assert_eq!(assembled.blocks.len(), whole.blocks.len());
        assert_eq!(assembled.sentences.len(), whole.sentences.len());
        assert_eq!(assembled.quotes.len(), whole.quotes.len());
    }
}

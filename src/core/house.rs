//! House style across stories: the `house-style` rule's pass over several stories at once.
//!
//! Each story is reduced to cheap, cloneable facts ([`StoryNames`]): for every name it
//! mentions, the form it mostly writes in the body and where; for every compound, the joiner it
//! mostly uses. A [`Corpus`] of them then compares each story with the others: a story whose
//! form differs from the configured house form is left to the single-story rule, and with no
//! house form configured, a story whose form differs from the one most of the other stories
//! use is flagged ("this story writes “US”; 31 mentions in 3 other files write “U.S.”").
//!
//! The CLI builds a corpus of the files given to one `newslint check`; the language server
//! keeps one per workspace and checks the open document against it:
//!
//! ```
//! use newslint::core::house::{Corpus, StoryNames};
//! use newslint::core::{Config, SourceKind};
//! use std::sync::Arc;
//!
//! let config = Config::default();
//! let story = |text| Arc::new(StoryNames::new(text, SourceKind::Plain, &config));
//! let stories = vec![
//!     ("a.txt".to_string(), story("US officials met. US aid rose.")),
//!     ("b.txt".to_string(), story("U.S. officials met.")),
//!     ("c.txt".to_string(), story("The U.S. envoy left.")),
//! ];
//! let corpus = Corpus::new(stories);
//! let found = corpus.check(0, &config);
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].related[0].document.as_deref(), Some("b.txt"));
//! ```

use crate::core::article::{Article, SourceKind};
use crate::core::config::Config;
use crate::core::diagnostic::{Diagnostic, Edit, Fix, Related, Safety};
use crate::core::directives::{self, Directive};
use crate::core::document;
use crate::core::entities::{self, Joiner, SectionFacts, Zone};
use crate::core::line_index::LineIndex;
use crate::core::rules::naming::house_style;
use crate::core::rules::naming::mixed_dash_style::compound_groups;
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::Arc;

/// A story's main form of one name.
#[derive(Debug, Clone)]
pub struct NameUse {
    /// The group key shared by every form of the name.
    pub key: String,
    /// The form as written.
    pub form: String,
    /// What two forms are compared by (spelling and case, see the entities module).
    spelling: String,
    casing: String,
    /// Body mentions in this form.
    pub count: usize,
    /// Every mention in this form that a fix would change, with whether it opens a sentence.
    pub ranges: Vec<(Range<usize>, bool)>,
}

/// A story's main joiner for one compound ("US-Iran").
#[derive(Debug, Clone)]
pub struct CompoundUse {
    pub key: String,
    /// The compound as first written with the main joiner.
    pub form: String,
    pub joiner: Joiner,
    pub count: usize,
    /// The joiners a fix would change.
    pub joiners: Vec<Range<usize>>,
    pub first: Range<usize>,
}

/// The name of the rule whose diagnostics this module produces.
pub const RULE_NAME: &str = "house-style";

/// The naming facts of one story that the cross-story pass compares. Cheap to clone; byte
/// ranges are story offsets.
#[derive(Debug, Clone)]
pub struct StoryNames {
    pub names: Vec<NameUse>,
    pub compounds: Vec<CompoundUse>,
    directives: Vec<Directive>,
    lines: LineIndex,
}

impl StoryNames {
    /// Parses `text` (cut into sections as a check cuts it) and collects its names: about
    /// 1.5 ms for a five-kilobyte story and 0.3 s for 1 MB in a release build (mostly the
    /// parse), so compute it when a story is opened, saved or idle rather than on every
    /// keystroke.
    pub fn new(text: &str, kind: SourceKind, _config: &Config) -> StoryNames {
        // Cut and parsed the way a check cuts it, so the facts are the rules' facts.
        let sections: Vec<(usize, Arc<SectionFacts>)> = document::plan(text, kind)
            .into_iter()
            .map(|(parse, own)| {
                let article = Article::parse(&text[parse.clone()], kind);
                let own = own.start - parse.start..own.end - parse.start;
                (
                    parse.start,
                    Arc::new(entities::section_facts(&article, own)),
                )
            })
            .collect();
        StoryNames::from_facts(&sections, text)
    }

    /// The same as [`StoryNames::new`], reusing the sections and naming facts that `cache`
    /// holds from the latest check of `text`: after a check, only the story-wide grouping is
    /// left to do (a few milliseconds for 1 MB).
    pub fn from_cache(text: &str, kind: SourceKind, cache: &document::Cache) -> StoryNames {
        let sections = document::per_section_cached(
            text,
            kind,
            cache,
            entities::FACTS_KEY,
            entities::section_facts,
        );
        StoryNames::from_facts(&sections, text)
    }

    fn from_facts(sections: &[(usize, Arc<SectionFacts>)], text: &str) -> StoryNames {
        let mut by_key: FxHashMap<&str, Vec<(usize, &entities::Mention)>> = FxHashMap::default();
        for (base, f) in sections {
            for m in &f.mentions {
                by_key.entry(m.key.as_str()).or_default().push((*base, m));
            }
        }
        let mut names = Vec::new();
        for (key, mentions) in by_key {
            let forms = entities::collect_forms(&mentions);
            let Some(main) = forms
                .iter()
                .filter(|f| f.body > 0)
                .max_by_key(|f| (f.body, std::cmp::Reverse(f.mentions[0].0.start)))
            else {
                continue;
            };
            names.push(NameUse {
                key: key.to_string(),
                form: main.display.clone(),
                spelling: main.spelling.clone(),
                casing: main.casing.clone(),
                count: main.body,
                ranges: main
                    .mentions
                    .iter()
                    .filter(|(_, _, z)| *z == Zone::Body)
                    .map(|(r, i, _)| (r.clone(), *i))
                    .collect(),
            });
        }
        names.sort_by(|a, b| a.ranges[0].0.start.cmp(&b.ranges[0].0.start));
        let compounds = compound_groups(sections)
            .into_iter()
            .map(|g| {
                let main: Vec<_> = g
                    .uses
                    .iter()
                    .filter(|(_, c)| c.joiner == g.dominant)
                    .collect();
                let (b, c) = main[0];
                CompoundUse {
                    key: g.key.to_string(),
                    form: text[b + c.range.start..b + c.range.end].to_string(),
                    joiner: g.dominant,
                    count: main.len(),
                    joiners: main
                        .iter()
                        .map(|(b, c)| b + c.joiner_range.start..b + c.joiner_range.end)
                        .collect(),
                    first: b + c.range.start..b + c.range.end,
                }
            })
            .collect();
        StoryNames {
            names,
            compounds,
            directives: directives::parse(text),
            lines: LineIndex::new(text),
        }
    }
}

/// Several stories' names, to compare each with the others.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    stories: Vec<(String, Arc<StoryNames>)>,
    /// Name key → (story, index into its names).
    names: FxHashMap<String, Vec<(usize, usize)>>,
    compounds: FxHashMap<String, Vec<(usize, usize)>>,
}

impl Corpus {
    /// `stories`: each story's identifier (its path, used in related locations) and names.
    pub fn new(stories: Vec<(String, Arc<StoryNames>)>) -> Corpus {
        let mut names: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        let mut compounds: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
        for (si, (_, s)) in stories.iter().enumerate() {
            for (ni, n) in s.names.iter().enumerate() {
                names.entry(n.key.clone()).or_default().push((si, ni));
            }
            for (ci, c) in s.compounds.iter().enumerate() {
                compounds.entry(c.key.clone()).or_default().push((si, ci));
            }
        }
        Corpus {
            stories,
            names,
            compounds,
        }
    }

    pub fn len(&self) -> usize {
        self.stories.len()
    }

    pub fn is_empty(&self) -> bool {
        self.stories.is_empty()
    }

    /// The `house-style` diagnostics of story `index` against the others, with related
    /// locations in the other stories (`document: Some(path)`). Empty when the rule is off.
    /// Names with a configured house form are left to the single-story pass.
    pub fn check(&self, index: usize, config: &Config) -> Vec<Diagnostic> {
        let Some((_, story)) = self.stories.get(index) else {
            return Vec::new();
        };
        self.compare(story, |s| s == index, config)
    }

    /// The `house-style` diagnostics of a story that is not (or not as it now reads) in the
    /// corpus, such as an editor buffer: compared with every story of the corpus except the
    /// one at `path` (its saved copy).
    pub fn check_story(
        &self,
        story: &StoryNames,
        path: Option<&str>,
        config: &Config,
    ) -> Vec<Diagnostic> {
        self.compare(story, |s| Some(self.stories[s].0.as_str()) == path, config)
    }

    fn compare(
        &self,
        story: &StoryNames,
        skip: impl Fn(usize) -> bool,
        config: &Config,
    ) -> Vec<Diagnostic> {
        let Some(state) = config.state_of(house_style::META.name) else {
            return Vec::new();
        };
        if !state.enabled {
            return Vec::new();
        }
        let house = &config.settings.naming.house;
        let mut out = Vec::new();
        for n in &story.names {
            let Some(uses) = self.names.get(&n.key) else {
                continue;
            };
            if entities::house_form_for(&n.key, house).is_some() {
                continue;
            }
            let others: Vec<&(usize, usize)> = uses.iter().filter(|(s, _)| !skip(*s)).collect();
            // Files per form among the others.
            let mut tally: Vec<(&NameUse, usize, usize, Vec<usize>)> = Vec::new();
            for &&(s, ni) in &others {
                let u = &self.stories[s].1.names[ni];
                match tally
                    .iter_mut()
                    .find(|t| t.0.spelling == u.spelling && t.0.casing == u.casing)
                {
                    Some(t) => {
                        t.1 += 1;
                        t.2 += u.count;
                        t.3.push(s);
                    }
                    None => tally.push((u, 1, u.count, vec![s])),
                }
            }
            tally.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
            let Some(top) = tally.first() else { continue };
            let strict = tally.get(1).is_none_or(|second| second.1 < top.1);
            if !strict || top.0.spelling == n.spelling && top.0.casing == n.casing {
                continue;
            }
            let target = &top.0.form;
            let message = format!(
                "this story writes “{}”; {} {} in {} other {} {} “{target}”",
                n.form,
                top.2,
                if top.2 == 1 { "mention" } else { "mentions" },
                top.1,
                if top.1 == 1 { "file" } else { "files" },
                if top.2 == 1 { "writes" } else { "write" },
            );
            let related = top
                .3
                .iter()
                .take(5)
                .map(|&s| {
                    let (path, other) = &self.stories[s];
                    let u = other
                        .names
                        .iter()
                        .find(|u| u.key == n.key)
                        .expect("indexed");
                    Related {
                        document: Some(path.clone()),
                        range: u.ranges[0].0.clone(),
                        message: format!("“{}” here", u.form),
                    }
                })
                .collect();
            let edits = n
                .ranges
                .iter()
                .map(|(r, initial)| {
                    Edit::replace(r.clone(), entities::as_replacement(target, *initial))
                })
                .collect();
            out.push(Diagnostic {
                rule: &house_style::META,
                severity: state.severity,
                message,
                range: n.ranges[0].0.clone(),
                fix: Some(Fix::new(
                    format!("Write “{target}” throughout"),
                    Safety::Unsafe,
                    edits,
                )),
                related,
            });
        }
        for c in &story.compounds {
            let Some(uses) = self.compounds.get(&c.key) else {
                continue;
            };
            let mut tally: Vec<(Joiner, usize, Vec<usize>)> = Vec::new();
            for &(s, ci) in uses.iter().filter(|(s, _)| !skip(*s)) {
                let j = self.stories[s].1.compounds[ci].joiner;
                match tally.iter_mut().find(|t| t.0 == j) {
                    Some(t) => {
                        t.1 += 1;
                        t.2.push(s);
                    }
                    None => tally.push((j, 1, vec![s])),
                }
            }
            tally.sort_by_key(|t| std::cmp::Reverse(t.1));
            let Some(top) = tally.first() else { continue };
            if tally.get(1).is_some_and(|second| second.1 == top.1) || top.0 == c.joiner {
                continue;
            }
            let related = top
                .2
                .iter()
                .take(5)
                .map(|&s| {
                    let (path, other) = &self.stories[s];
                    let u = other
                        .compounds
                        .iter()
                        .find(|u| u.key == c.key)
                        .expect("indexed");
                    Related {
                        document: Some(path.clone()),
                        range: u.first.clone(),
                        message: format!("“{}” here", u.form),
                    }
                })
                .collect();
            out.push(Diagnostic {
                rule: &house_style::META,
                severity: state.severity,
                message: format!(
                    "this story joins “{}” with {}; {} other {} {}",
                    c.form,
                    c.joiner.name(),
                    top.1,
                    if top.1 == 1 { "file uses" } else { "files use" },
                    top.0.name()
                ),
                range: c.first.clone(),
                fix: Some(Fix::new(
                    format!("Join with {} throughout", top.0.name()),
                    Safety::Unsafe,
                    c.joiners
                        .iter()
                        .map(|r| Edit::replace(r.clone(), top.0.as_char().to_string()))
                        .collect(),
                )),
                related,
            });
        }
        directives::apply(&story.directives, &story.lines, &mut out);
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        out
    }
}

/// Checks several stories against each other: the `house-style` diagnostics of each, in the
/// order given (`(path, text, kind, config)`). Fewer than two stories, or `house-style` off
/// for all of them, give nothing (and cost nothing).
pub fn check_stories(stories: &[(&str, &str, SourceKind, &Config)]) -> Vec<Vec<Diagnostic>> {
    use rayon::prelude::*;
    let on = |c: &Config| {
        c.state_of(house_style::META.name)
            .is_some_and(|s| s.enabled)
    };
    if stories.len() < 2 || !stories.iter().any(|(_, _, _, c)| on(c)) {
        return vec![Vec::new(); stories.len()];
    }
    let names: Vec<(String, Arc<StoryNames>)> = stories
        .par_iter()
        .map(|(path, text, kind, config)| {
            (
                path.to_string(),
                Arc::new(StoryNames::new(text, *kind, config)),
            )
        })
        .collect();
    let corpus = Corpus::new(names);
    stories
        .iter()
        .enumerate()
        .map(|(i, (_, _, _, config))| corpus.check(i, config))
        .collect()
}

/// The forms of one name found in a story, for an editor's hover.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameForms {
    /// The mention at the offset asked about.
    pub range: std::ops::Range<usize>,
    /// Each form as written and how many times the story uses it, most used first.
    pub forms: Vec<(String, usize)>,
}

/// The forms of the name at byte `offset` of `text`, when the story writes it more than one
/// way ("U.S." 12 times, "US" twice). Reuses the naming facts `cache` holds from the latest
/// check of `text`.
pub fn name_forms_at(
    text: &str,
    kind: SourceKind,
    cache: &document::Cache,
    offset: usize,
) -> Option<NameForms> {
    let sections = document::per_section_cached(
        text,
        kind,
        cache,
        entities::FACTS_KEY,
        entities::section_facts,
    );
    for group in entities::split_groups(&sections) {
        let hit = group.forms.iter().find_map(|f| {
            f.mentions
                .iter()
                .find(|(r, _, _)| r.start <= offset && offset < r.end)
                .map(|(r, _, _)| r.clone())
        });
        if let Some(range) = hit {
            let mut forms: Vec<(String, usize)> = group
                .forms
                .iter()
                .map(|f| (f.display.clone(), f.mentions.len()))
                .collect();
            forms.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            return Some(NameForms { range, forms });
        }
    }
    None
}

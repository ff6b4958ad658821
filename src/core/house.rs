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
///
/// Every form of every name is tallied once, over all stories, when the corpus is built; a
/// check then takes the story it compares out of the tally, so checking each of n stories
/// against the others costs n look-ups rather than n².
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    stories: Vec<(String, Arc<StoryNames>)>,
    /// Name key → the forms the stories write it in.
    names: FxHashMap<String, Vec<FormTally>>,
    /// Compound key → the joiners the stories use.
    compounds: FxHashMap<String, Vec<JoinerTally>>,
}

/// The stories that mostly write one name in one form.
#[derive(Debug, Clone)]
struct FormTally {
    spelling: String,
    casing: String,
    form: String,
    /// Body mentions in this form, over all the stories below.
    mentions: usize,
    /// (story, index into its names), in story order.
    stories: Vec<(usize, usize)>,
}

/// The stories that mostly join one compound with one joiner.
#[derive(Debug, Clone)]
struct JoinerTally {
    joiner: Joiner,
    /// (story, index into its compounds), in story order.
    stories: Vec<(usize, usize)>,
}

/// A tally's files and mentions without story `skip`.
fn without(stories: &[(usize, usize)], skip: Option<usize>) -> usize {
    stories.len()
        - skip.map_or(0, |s| {
            usize::from(stories.binary_search_by_key(&s, |&(x, _)| x).is_ok())
        })
}

impl Corpus {
    /// `stories`: each story's identifier (its path, used in related locations) and names.
    pub fn new(stories: Vec<(String, Arc<StoryNames>)>) -> Corpus {
        let mut names: FxHashMap<String, Vec<FormTally>> = FxHashMap::default();
        let mut compounds: FxHashMap<String, Vec<JoinerTally>> = FxHashMap::default();
        for (si, (_, s)) in stories.iter().enumerate() {
            for (ni, n) in s.names.iter().enumerate() {
                let forms = names.entry(n.key.clone()).or_default();
                match forms
                    .iter_mut()
                    .find(|t| t.spelling == n.spelling && t.casing == n.casing)
                {
                    Some(t) => {
                        t.mentions += n.count;
                        t.stories.push((si, ni));
                    }
                    None => forms.push(FormTally {
                        spelling: n.spelling.clone(),
                        casing: n.casing.clone(),
                        form: n.form.clone(),
                        mentions: n.count,
                        stories: vec![(si, ni)],
                    }),
                }
            }
            for (ci, c) in s.compounds.iter().enumerate() {
                let joiners = compounds.entry(c.key.clone()).or_default();
                match joiners.iter_mut().find(|t| t.joiner == c.joiner) {
                    Some(t) => t.stories.push((si, ci)),
                    None => joiners.push(JoinerTally {
                        joiner: c.joiner,
                        stories: vec![(si, ci)],
                    }),
                }
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
        self.compare(story, Some(index), config)
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
        let skip = path.and_then(|p| self.stories.iter().position(|(s, _)| s == p));
        self.compare(story, skip, config)
    }

    /// A related location: `form` at `range` in story `s`.
    fn related(&self, s: usize, range: Range<usize>, form: &str) -> Related {
        Related {
            document: Some(self.stories[s].0.clone()),
            range,
            message: format!("“{form}” here"),
        }
    }

    /// The mentions of a tally's form without story `skip`.
    fn mentions_without(&self, t: &FormTally, skip: Option<usize>) -> usize {
        let own = skip
            .and_then(|s| t.stories.binary_search_by_key(&s, |&(x, _)| x).ok())
            .map_or(0, |i| {
                let (s, ni) = t.stories[i];
                self.stories[s].1.names[ni].count
            });
        t.mentions - own
    }

    fn compare(&self, story: &StoryNames, skip: Option<usize>, config: &Config) -> Vec<Diagnostic> {
        let Some(state) = config.state_of(house_style::META.name) else {
            return Vec::new();
        };
        if !state.enabled {
            return Vec::new();
        }
        let house = &config.settings.naming.house;
        fn others(
            stories: &[(usize, usize)],
            skip: Option<usize>,
        ) -> impl Iterator<Item = (usize, usize)> + '_ {
            stories
                .iter()
                .filter(move |&&(s, _)| Some(s) != skip)
                .copied()
        }
        let mut out = Vec::new();
        for n in &story.names {
            let Some(forms) = self.names.get(&n.key) else {
                continue;
            };
            if entities::house_form_for(&n.key, house).is_some() {
                continue;
            }
            // Files and mentions per form among the other stories.
            let mut tally: Vec<(&FormTally, usize, usize)> = forms
                .iter()
                .map(|t| (t, without(&t.stories, skip), self.mentions_without(t, skip)))
                .filter(|t| t.1 > 0)
                .collect();
            tally.sort_by(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)));
            let Some(&(top, files, mentions)) = tally.first() else {
                continue;
            };
            let strict = tally.get(1).is_none_or(|second| second.1 < files);
            if !strict || top.spelling == n.spelling && top.casing == n.casing {
                continue;
            }
            let target = &top.form;
            let message = format!(
                "this story writes “{}”; {} {} in {} other {} {} “{target}”",
                n.form,
                mentions,
                if mentions == 1 { "mention" } else { "mentions" },
                files,
                if files == 1 { "file" } else { "files" },
                if mentions == 1 { "writes" } else { "write" },
            );
            let related = others(&top.stories, skip)
                .take(5)
                .map(|(s, ni)| {
                    let u = &self.stories[s].1.names[ni];
                    self.related(s, u.ranges[0].0.clone(), &u.form)
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
            let Some(joiners) = self.compounds.get(&c.key) else {
                continue;
            };
            let mut tally: Vec<(&JoinerTally, usize)> = joiners
                .iter()
                .map(|t| (t, without(&t.stories, skip)))
                .filter(|t| t.1 > 0)
                .collect();
            tally.sort_by_key(|t| std::cmp::Reverse(t.1));
            let Some(&(top, files)) = tally.first() else {
                continue;
            };
            if tally.get(1).is_some_and(|second| second.1 == files) || top.joiner == c.joiner {
                continue;
            }
            let related = others(&top.stories, skip)
                .take(5)
                .map(|(s, ci)| {
                    let u = &self.stories[s].1.compounds[ci];
                    self.related(s, u.first.clone(), &u.form)
                })
                .collect();
            out.push(Diagnostic {
                rule: &house_style::META,
                severity: state.severity,
                message: format!(
                    "this story joins “{}” with {}; {} other {} {}",
                    c.form,
                    c.joiner.name(),
                    files,
                    if files == 1 { "file uses" } else { "files use" },
                    top.joiner.name()
                ),
                range: c.first.clone(),
                fix: Some(Fix::new(
                    format!("Join with {} throughout", top.joiner.name()),
                    Safety::Unsafe,
                    c.joiners
                        .iter()
                        .map(|r| Edit::replace(r.clone(), top.joiner.as_char().to_string()))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn story(text: &str) -> Arc<StoryNames> {
        Arc::new(StoryNames::new(text, SourceKind::Plain, &Config::default()))
    }

    fn corpus() -> Corpus {
        Corpus::new(vec![
            ("a.txt".into(), story("US officials met. US aid rose.")),
            (
                "b.txt".into(),
                story("U.S. officials met. The U.S. envoy left."),
            ),
            ("c.txt".into(), story("The U.S. envoy left.")),
            ("d.txt".into(), story("US troops moved.")),
        ])
    }

    #[test]
    fn a_story_is_compared_with_the_others_only() {
        let corpus = corpus();
        let config = Config::default();
        // a and d write US, b and c write U.S.: against the other three, each story sees two
        // files of the other form to one of its own.
        let a = corpus.check(0, &config);
        assert_eq!(a.len(), 1);
        assert_eq!(
            a[0].message,
            "this story writes “US”; 3 mentions in 2 other files write “U.S.”"
        );
        let documents: Vec<_> = a[0].related.iter().map(|r| r.document.clone()).collect();
        assert_eq!(documents, [Some("b.txt".into()), Some("c.txt".into())]);
        let b = corpus.check(1, &config);
        assert_eq!(
            b[0].message,
            "this story writes “U.S.”; 3 mentions in 2 other files write “US”"
        );
        assert_eq!(corpus.check(2, &config).len(), 1);
        assert_eq!(corpus.check(3, &config).len(), 1);
    }

    #[test]
    fn a_buffer_is_compared_without_its_saved_copy() {
        let corpus = corpus();
        let config = Config::default();
        let buffer = story("US officials met.");
        // As b's buffer, its saved U.S. copy does not count: one U.S. file against two US.
        assert!(corpus
            .check_story(&buffer, Some("b.txt"), &config)
            .is_empty());
        // As a new file, it is checked against all four: a tie, silent.
        assert!(corpus.check_story(&buffer, None, &config).is_empty());
        // As a's buffer: b and c (U.S.) against d (US).
        let found = corpus.check_story(&buffer, Some("a.txt"), &config);
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("in 2 other files"));
    }
}

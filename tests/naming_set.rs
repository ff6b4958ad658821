//! The naming test set: clean wire-style stories (`tests/naming_set/stories/`, written for
//! newslint) and a generator that injects one naming fault per copy — a "U.S." turned into
//! "US", "Gadhafi" into "Qaddafi", a first reference dropped, an acronym's definition removed,
//! a "Mr." added to one later reference, a hyphen turned into an en dash in a repeated
//! compound, and so on. It measures the recall of the injected faults, the false alarms on the
//! untouched stories, and each rule's precision, prints the figures and asserts the targets
//! (recall ≥ 0.95; at most one false alarm per twenty clean stories).
//!
//! Each story opens with `% ` lines the generator reads (never part of the text):
//! `% people: Full Name | Full Name = Surname`, `% acronyms: ACR = Expansion | …`, `% style: courtesy`
//! (second references take "Mr."/"Ms.").
//!
//! Run with `cargo test --test integration naming_set -- --nocapture` to see the figures.

use newslint::core::house::{Corpus, StoryNames};
use newslint::core::{self, Config, Diagnostic, Family, SourceKind};
use regex::Regex;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

struct Story {
    name: String,
    text: String,
    people: Vec<String>,
    acronyms: Vec<(String, String)>,
    courtesy: bool,
}

fn stories() -> Vec<Story> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/naming_set/stories");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .expect("tests/naming_set/stories")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|p| {
            let raw = std::fs::read_to_string(&p).expect("UTF-8 story");
            let mut story = Story {
                name: p.file_name().unwrap().to_string_lossy().to_string(),
                text: String::new(),
                people: Vec::new(),
                acronyms: Vec::new(),
                courtesy: false,
            };
            for line in raw.lines() {
                if let Some(meta) = line.strip_prefix("% ") {
                    let (key, value) = meta.split_once(':').expect("`% key: value`");
                    let items = value.split('|').map(str::trim).filter(|s| !s.is_empty());
                    match key {
                        "people" => story.people = items.map(str::to_string).collect(),
                        "acronyms" => {
                            story.acronyms = items
                                .map(|i| {
                                    let (a, e) = i.split_once('=').expect("ACR = Expansion");
                                    (a.trim().to_string(), e.trim().to_string())
                                })
                                .collect()
                        }
                        "style" => story.courtesy = value.trim() == "courtesy",
                        other => panic!("{}: unknown metadata `{other}`", story.name),
                    }
                } else {
                    story.text.push_str(line);
                    story.text.push('\n');
                }
            }
            story
        })
        .collect()
}

/// Byte offsets of whole-word occurrences of `word` in the body (after the headline line).
fn occurrences(text: &str, word: &str) -> Vec<usize> {
    let body = text.find('\n').unwrap_or(0);
    let mut out = Vec::new();
    let mut at = body;
    while let Some(i) = text[at..].find(word) {
        let start = at + i;
        let end = start + word.len();
        let before = text[..start].chars().next_back();
        let after = text[end..].chars().next();
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric() && c != '-');
        if boundary(before) && boundary(after) {
            out.push(start);
        }
        at = start + word.len().max(1);
    }
    out
}

fn replace_at(text: &str, at: usize, len: usize, with: &str) -> String {
    format!("{}{}{}", &text[..at], with, &text[at + len..])
}

/// A mutated copy of a story with the rules that should find the fault.
struct Mutation {
    fault: &'static str,
    text: String,
    expect: &'static [&'static str],
}

const VARIANTS: &[(&str, &str)] = &[
    ("Gadhafi", "Qaddafi"),
    ("Kyiv", "Kiev"),
    ("Zelenskyy", "Zelensky"),
    ("Tehran", "Teheran"),
    ("Hezbollah", "Hizbollah"),
    ("al-Qaida", "al-Qaeda"),
    ("Erdogan", "Erdoğan"),
    ("Myanmar", "Burma"),
    ("Mumbai", "Bombay"),
    ("Beijing", "Peking"),
    ("Kolkata", "Calcutta"),
];

fn strip_diacritics(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .collect()
}

fn mutations(story: &Story) -> Vec<Mutation> {
    let text = &story.text;
    let mut out = Vec::new();
    // Periods: one "U.S." written "US" (or one "US" written "U.S." in a story without
    // periods).
    for (with, without) in [("U.S.", "US"), ("U.N.", "UN"), ("U.K.", "UK")] {
        let dotted = occurrences(text, with);
        let bare = occurrences(text, without);
        if dotted.len() >= 2 && bare.is_empty() {
            let at = *dotted.last().unwrap();
            out.push(Mutation {
                fault: "periods",
                text: replace_at(text, at, with.len(), without),
                expect: &["inconsistent-name"],
            });
        } else if bare.len() >= 2 && dotted.is_empty() {
            let at = *bare.last().unwrap();
            out.push(Mutation {
                fault: "periods",
                text: replace_at(text, at, without.len(), with),
                expect: &["inconsistent-name"],
            });
        }
    }
    // Variant spellings.
    for (a, b) in VARIANTS {
        let found = occurrences(text, a);
        if found.len() >= 2 {
            let at = *found.last().unwrap();
            out.push(Mutation {
                fault: "variant spelling",
                text: replace_at(text, at, a.len(), b),
                expect: &["inconsistent-name"],
            });
        }
    }
    // A two-word name hyphenated once ("Deutsche Bahn" → "Deutsche-Bahn").
    let pair = Regex::new(r"\b([A-Z][a-z]{2,}) ([A-Z][a-z]{2,})\b").unwrap();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for m in pair.find_iter(text) {
        *counts.entry(m.as_str()).or_default() += 1;
    }
    if let Some((name, _)) = counts
        .iter()
        .filter(|(n, c)| **c >= 2 && !n.starts_with("The ") && !n.starts_with("In "))
        .max_by_key(|(_, c)| **c)
    {
        let at = *occurrences(text, name).last().unwrap();
        out.push(Mutation {
            fault: "joiner",
            text: replace_at(text, at, name.len(), &name.replacen(' ', "-", 1)),
            expect: &["inconsistent-name"],
        });
    }
    // An acronym of four or more letters written in title case once ("NASA" → "Nasa").
    let acronym = Regex::new(r"\b[A-Z]{4,}\b").unwrap();
    let mut seen = Vec::new();
    for m in acronym.find_iter(text) {
        let a = m.as_str();
        if seen.contains(&a) || m.start() < text.find('\n').unwrap_or(0) {
            continue;
        }
        seen.push(a);
        let found = occurrences(text, a);
        if found.len() >= 2 {
            let at = *found.last().unwrap();
            let titled = format!("{}{}", &a[..1], a[1..].to_lowercase());
            out.push(Mutation {
                fault: "case",
                text: replace_at(text, at, a.len(), &titled),
                expect: &["inconsistent-name"],
            });
            break;
        }
    }
    // A word with diacritics written without them once ("São" → "Sao").
    let accented = Regex::new(r"\b\w*[^\x00-\x7F]\w*\b").unwrap();
    for m in accented.find_iter(text) {
        let w = m.as_str();
        if !w.chars().next().is_some_and(char::is_uppercase) || w.to_uppercase() == w {
            continue;
        }
        let found = occurrences(text, w);
        if found.len() >= 2 {
            let at = *found.last().unwrap();
            out.push(Mutation {
                fault: "diacritics",
                text: replace_at(text, at, w.len(), &strip_diacritics(w)),
                expect: &["inconsistent-name"],
            });
            break;
        }
    }
    // People.
    for person in &story.people {
        // "Full Name" or "Full Name = Surname" ("Salem Ben Ali = Ben Ali", "Li Qiang = Li").
        let (full, surname) = match person.split_once('=') {
            Some((f, s)) => (f.trim(), s.trim()),
            None => (person.as_str(), person.rsplit(' ').next().unwrap()),
        };
        let Some(&first) = occurrences(text, full).first() else {
            panic!("{}: `{full}` is not in the story", story.name);
        };
        let later: Vec<usize> = occurrences(text, surname)
            .into_iter()
            .filter(|&at| at > first + full.len())
            .collect();
        // The bare later references: not after a title.
        let bare: Vec<usize> = later
            .iter()
            .copied()
            .filter(|&at| !text[..at].ends_with("Mr. ") && !text[..at].ends_with("Ms. "))
            .collect();
        let titled: Vec<usize> = later
            .iter()
            .copied()
            .filter(|&at| text[..at].ends_with("Mr. ") || text[..at].ends_with("Ms. "))
            .collect();
        if later.is_empty() {
            continue;
        }
        // The first reference dropped: the full name becomes the surname.
        out.push(Mutation {
            fault: "first reference dropped",
            text: replace_at(text, first, full.len(), surname),
            expect: &["person-reference"],
        });
        // A surname before the full name: the first two references swapped.
        let next = later[0];
        let swapped = replace_at(text, next, surname.len(), full);
        out.push(Mutation {
            fault: "surname before full name",
            text: replace_at(&swapped, first, full.len(), surname),
            expect: &["person-reference"],
        });
        // A courtesy title added to one later reference (or dropped from one, in a story
        // that uses them). References at a sentence start are outside quotations.
        if !story.courtesy && bare.len() >= 2 {
            let at = *bare
                .iter()
                .rev()
                .find(|&&at| text[..at].ends_with(". ") || text[..at].ends_with('\n'))
                .unwrap_or(bare.last().unwrap());
            out.push(Mutation {
                fault: "courtesy title added",
                text: replace_at(text, at, 0, "Mr. "),
                expect: &["person-reference"],
            });
        }
        if story.courtesy && titled.len() >= 2 {
            let at = *titled.last().unwrap();
            out.push(Mutation {
                fault: "courtesy title dropped",
                text: replace_at(text, at - 4, 4, ""),
                expect: &["person-reference"],
            });
        }
    }
    // Acronyms.
    for (acr, exp) in &story.acronyms {
        let defined = format!("{exp} ({acr})");
        let or_form = format!("{exp}, or {acr}");
        assert!(
            text.contains(exp.as_str()),
            "{}: `{exp}` is not in the story",
            story.name
        );
        // The definition removed: every spelled-out form becomes the acronym.
        let removed = text
            .replace(&defined, acr)
            .replace(&or_form, acr)
            .replace(exp.as_str(), acr);
        out.push(Mutation {
            fault: "definition removed",
            text: removed,
            expect: &["acronym-undefined"],
        });
        // The acronym used before it is spelled out: the first full name and the first later
        // acronym swap places.
        let first_exp = text.find(exp.as_str()).unwrap();
        let later_acr: Vec<usize> = occurrences(text, acr)
            .into_iter()
            .filter(|&at| at > first_exp + exp.len() + acr.len() + 4)
            .collect();
        if let Some(&later) = later_acr.first() {
            let (first_len, first_new) = if text[first_exp..].starts_with(&defined) {
                (defined.len(), acr.clone())
            } else if text[first_exp..].starts_with(&or_form) {
                (or_form.len(), acr.clone())
            } else {
                (exp.len(), acr.clone())
            };
            let swapped = replace_at(text, later, acr.len(), &defined);
            out.push(Mutation {
                fault: "acronym before definition",
                text: replace_at(&swapped, first_exp, first_len, &first_new),
                expect: &["acronym-before-definition"],
            });
            // Defined twice: the first reference made a definition, a later use another.
            let twice = replace_at(text, later, acr.len(), &defined);
            let twice = if twice[first_exp..].starts_with(&defined)
                || twice[first_exp..].starts_with(&or_form)
            {
                twice
            } else {
                replace_at(&twice, first_exp, exp.len(), &defined)
            };
            out.push(Mutation {
                fault: "acronym redefined",
                text: twice,
                expect: &["acronym-redefined"],
            });
        }
    }
    // A hyphen turned into an en dash in a repeated compound.
    let compound =
        Regex::new(r"\b(?:[A-Z]\.){2,}-[A-Z][a-z]+|\b[A-Z][A-Za-z]+-[A-Z][A-Za-z]+\b").unwrap();
    let mut counts: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for m in compound.find_iter(text) {
        counts.entry(m.as_str()).or_default().push(m.start());
    }
    if let Some((c, at)) = counts.iter().find(|(_, v)| v.len() >= 2) {
        let last = *at.last().unwrap();
        let dash = last + c.rfind('-').unwrap();
        out.push(Mutation {
            fault: "en dash in compound",
            text: replace_at(text, dash, 1, "–"),
            expect: &["mixed-dash-style"],
        });
    }
    out
}

fn naming(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.rule.family == Family::Naming)
        .collect()
}

fn count(diagnostics: &[Diagnostic], rule: &str) -> usize {
    diagnostics.iter().filter(|d| d.rule.name == rule).count()
}

#[test]
fn naming_set_recall_and_false_alarms() {
    let mut config = Config::default();
    config.select(&["naming".to_string()], &[]).unwrap();
    let stories = stories();
    assert!(stories.len() >= 40, "the set needs at least 40 stories");

    // False alarms on the untouched stories.
    let mut false_alarms = Vec::new();
    let mut clean_diagnostics = Vec::new();
    for s in &stories {
        let found = naming(core::check(&s.text, SourceKind::Plain, &config));
        for d in &found {
            false_alarms.push(format!("{}: {} {}", s.name, d.rule.name, d.message));
        }
        clean_diagnostics.push(found);
    }

    // Injected faults.
    let mut by_fault: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_rule: BTreeMap<&str, (usize, usize)> = BTreeMap::new(); // (true, false)
    let mut misses = Vec::new();
    let mut total = 0;
    let mut found_total = 0;
    for (s, clean) in stories.iter().zip(&clean_diagnostics) {
        for m in mutations(s) {
            total += 1;
            let got = naming(core::check(&m.text, SourceKind::Plain, &config));
            let detected = m.expect.iter().any(|r| count(&got, r) > count(clean, r));
            let e = by_fault.entry(m.fault).or_default();
            e.0 += 1;
            if detected {
                e.1 += 1;
                found_total += 1;
            } else {
                misses.push(format!("{}: {}", s.name, m.fault));
                // NAMING_SET_MISSES=dir writes each missed copy there, for study.
                if let Ok(dir) = std::env::var("NAMING_SET_MISSES") {
                    let name = format!("{}-{}-{}", misses.len(), m.fault.replace(' ', "_"), s.name);
                    std::fs::write(Path::new(&dir).join(name), &m.text).expect("writable dir");
                }
            }
            // Every new diagnostic counts for precision: true if its rule was expected.
            let mut rules: Vec<&str> = got.iter().map(|d| d.rule.name).collect();
            rules.sort();
            rules.dedup();
            for r in rules {
                let new = count(&got, r).saturating_sub(count(clean, r));
                let e = per_rule.entry(r).or_default();
                if m.expect.contains(&r) {
                    e.0 += new;
                } else {
                    e.1 += new;
                }
            }
        }
    }
    for d in clean_diagnostics.iter().flatten() {
        per_rule.entry(d.rule.name).or_default().1 += 1;
    }

    let recall = found_total as f64 / total as f64;
    println!(
        "naming test set: {} clean stories, {total} injected faults",
        stories.len()
    );
    println!(
        "recall: {found_total}/{total} = {recall:.3}; false alarms on clean stories: {} ({:.2} per 20 stories)",
        false_alarms.len(),
        false_alarms.len() as f64 * 20.0 / stories.len() as f64
    );
    for (fault, (n, found)) in &by_fault {
        println!("  {fault:<28} {found}/{n}");
    }
    println!("precision per rule (new diagnostics on mutated copies and any on clean stories):");
    for (rule, (t, f)) in &per_rule {
        let p = if t + f == 0 {
            1.0
        } else {
            *t as f64 / (t + f) as f64
        };
        println!("  {rule:<28} {t} true, {f} false, precision {p:.3}");
    }
    for m in &misses {
        println!("  missed: {m}");
    }
    for f in &false_alarms {
        println!("  false alarm: {f}");
    }
    assert!(total >= 150, "only {total} injected faults");
    assert!(
        recall >= 0.95,
        "recall {recall:.3} below 0.95; missed: {misses:#?}"
    );
    assert!(
        false_alarms.len() * 20 <= stories.len(),
        "more than one false alarm per twenty clean stories: {false_alarms:#?}"
    );
}

/// Across stories: the clean stories written in AP style ("U.S."), checked together with one
/// copy rewritten to "US", flag exactly that copy.
#[test]
fn naming_set_cross_story_split() {
    let config = Config::default();
    let stories = stories();
    let ap: Vec<&Story> = stories
        .iter()
        .filter(|s| s.text.contains("U.S.") && occurrences(&s.text, "US").is_empty())
        .collect();
    assert!(ap.len() >= 10);
    let mut corpus: Vec<(String, Arc<StoryNames>)> = ap
        .iter()
        .map(|s| {
            (
                s.name.clone(),
                Arc::new(StoryNames::new(&s.text, SourceKind::Plain, &config)),
            )
        })
        .collect();
    let quiet: usize = (0..corpus.len())
        .map(|i| Corpus::new(corpus.clone()).check(i, &config).len())
        .sum();
    println!(
        "cross-story: {} AP-style stories together, {quiet} house-style diagnostics",
        ap.len()
    );
    assert_eq!(quiet, 0, "clean AP-style stories disagree with each other");
    let rewritten = ap[0].text.replace("U.S.", "US");
    corpus.push((
        "rewritten.txt".to_string(),
        Arc::new(StoryNames::new(&rewritten, SourceKind::Plain, &config)),
    ));
    let corpus = Corpus::new(corpus);
    let found = corpus.check(corpus.len() - 1, &config);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(found[0].message.contains("“US”"), "{}", found[0].message);
    assert!(found[0]
        .related
        .iter()
        .all(|r| r.document.as_deref().is_some_and(|d| d.ends_with(".txt"))));
    for i in 0..corpus.len() - 1 {
        assert!(corpus.check(i, &config).is_empty());
    }
    // An editor buffer compared with the corpus (its saved copy skipped) gets the same
    // diagnostics as the indexed story.
    let buffer = StoryNames::new(&rewritten, SourceKind::Plain, &config);
    let live = corpus.check_story(&buffer, Some("rewritten.txt"), &config);
    let key = |d: &newslint::core::Diagnostic| (d.range.clone(), d.message.clone());
    assert_eq!(
        live.iter().map(key).collect::<Vec<_>>(),
        found.iter().map(key).collect::<Vec<_>>()
    );
}

proptest::proptest! {
    /// The naming rules never panic, whatever the input: odd marks, joiners, capitals,
    /// Markdown and broken quotations included.
    #[test]
    fn naming_rules_never_panic(text in "[A-Za-z .,()’'“”\"–\\-/#@_\\[\\]\n0-9éÅ:*]{0,300}") {
        let mut config = Config::default();
        config.select(&["naming".to_string()], &[]).unwrap();
        for kind in [SourceKind::Plain, SourceKind::Markdown] {
            let found = core::check(&text, kind, &config);
            for d in found {
                proptest::prop_assert!(d.range.end <= text.len());
            }
        }
        let names = Arc::new(StoryNames::new(&text, SourceKind::Plain, &config));
        let corpus = Corpus::new(vec![("a".into(), names.clone()), ("b".into(), names)]);
        let _ = corpus.check(0, &config);
    }
}

use crate::core::article::Article;
use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::entities::{self, is_english_word, Cue, SectionFacts, WordClass, Zone};
use crate::core::rule::Ctx;
use crate::declare_rule;
use compact_str::CompactString;
use rustc_hash::FxHashMap;
use std::ops::Range;

declare_rule! {
    /// ## What it flags
    ///
    /// Second references to a person that break the first-reference rule:
    ///
    /// - a surname before the full name ("Rubio said…" two paragraphs before "Secretary of
    ///   State Marco Rubio");
    /// - a person referred to by surname, or by title and surname, who is never introduced
    ///   by full name ("Finance Minister Kowalczyk said…" and no "Anna Kowalczyk");
    /// - two forms of second reference for one person: "Rubio" and "Mr. Rubio" in one story.
    ///   The less common form is flagged.
    ///
    /// A one-word name counts as a person only on evidence: a courtesy title
    /// (`src/core/data/courtesy_titles.txt`) or a title ("Sen.", "Finance Minister"), an
    /// age (", 54,"), ", who", a role after it (", the finance minister,"), a reporting verb
    /// followed by he or she, or a full name ending in it that carries such evidence. So
    /// "Reuters said" or "Tehran said" are never taken for people. Quotations and headlines
    /// are left alone (AP allows courtesy titles in quotes; headlines use surnames). A
    /// surname shared by two people in the story (two given names, or "Mr." and "Mrs.") is
    /// skipped. Royal and religious names ("Pope Francis", "King Charles", "Prince Mohammed")
    /// are not surname references.
    ///
    /// Measured on the naming test set (`cargo test --test integration naming_set -- --nocapture`):
    /// 86 of 92 dropped first references, 86 of 92 surnames moved before the full name, 7 of 8
    /// added and 4 of 4 dropped courtesy titles found, precision 1.00, nothing on the 46 clean
    /// stories. Misses: names with no evidence of being a person ("Hoffmann won…"), two-word
    /// surnames ("Ben Ali"), surname-first names ("Li Qiang"). On the seeds it flags "President
    /// Trump" with no first name (AP style asks for "President Donald Trump"). On 245 real English
    /// pages (`tests/naming_set/real_copy.sh`) about 27 of its 39 flags were right on review; the
    /// rest were organisations and places with person-like context, nicknames and fiction.
    /// Precision on real copy is about 0.7, so it ships at `hint`.
    ///
    /// ## Why it matters
    ///
    /// AP, Reuters and the Times all give the full name on first reference and one form
    /// after it: AP and Reuters the surname alone, the Times "Mr." or "Ms." and the surname.
    /// A story that switches reads as two stories, and a bare surname the reader has not met
    /// is a name they cannot place.
    ///
    /// ## Example
    ///
    /// ```text
    /// Marco Rubio, the secretary of state, arrived on Monday. Rubio met the envoy. Mr. Rubio
    /// later left.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// Marco Rubio, the secretary of state, arrived on Monday. Rubio met the envoy. Rubio
    /// later left.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Unsafe, and only for mixed second references: the courtesy title is added or removed
    /// to match the story's main form. A surname before the full name has no fix (the first
    /// reference must move).
    ///
    /// ## Settings
    ///
    /// None.
    name: "person-reference",
    family: Naming,
    severity: Hint,
    status: Stable,
    fix: Sometimes,
    scope: Story,
}

/// A one-name reference: "Rubio", "Mr. Rubio", "Finance Minister Kowalczyk".
struct Reference {
    /// From the title (if any) to the end of the surname.
    range: Range<usize>,
    surname: Range<usize>,
    /// The courtesy title as written and its range ("Mr." in "Mr. Rubio").
    courtesy: Option<(CompactString, Range<usize>)>,
    /// A title such as "Sen." or "Finance Minister".
    titled: bool,
    evidence: bool,
    /// A title, a courtesy title, ", who", an age or a role: enough to call a name never
    /// introduced.
    strong: bool,
    usable: bool,
}

#[derive(Default)]
struct Person {
    references: Vec<Reference>,
    /// What the story pass needs from `references`, found once per section.
    outline: RefOutline,
    /// The first full name ending in the surname, and its given names.
    full: Option<Range<usize>>,
    /// Whether the name is part of a longer name anywhere ("Xi" in "Xi Jinping").
    in_full_name: bool,
    full_text: String,
    given: Vec<CompactString>,
    evidence: bool,
}

/// A section's references to one person, reduced to what decides whether the person is
/// reported at all.
#[derive(Default, Clone, Copy)]
struct RefOutline {
    /// The first usable reference, by index.
    first_usable: Option<usize>,
    /// Evidence of a person, on a reference or around a full name.
    evidence: bool,
    strong: bool,
    /// A courtesy title or a title on some reference.
    titled: bool,
    /// Bit 1: a man's courtesy title; bit 2: a woman's.
    genders: u8,
    /// Some usable, untitled reference has a courtesy title; some has none.
    courtesy_second: bool,
    bare_second: bool,
}

impl RefOutline {
    /// The outline of a section's person: its references, and `evidence` found around a
    /// full name.
    fn of(references: &[Reference], evidence: bool) -> RefOutline {
        let mut o = RefOutline {
            first_usable: references.iter().position(|r| r.usable),
            evidence,
            ..RefOutline::default()
        };
        for r in references {
            o.evidence |= r.evidence;
            o.strong |= r.strong;
            o.titled |= r.courtesy.is_some() || r.titled;
            if let Some((t, _)) = &r.courtesy {
                o.genders |= gender(t);
            }
            if r.usable && !r.titled {
                o.courtesy_second |= r.courtesy.is_some();
                o.bare_second |= r.courtesy.is_none();
            }
        }
        o
    }

    /// Adds another section's flags (the first usable reference is the story's to track).
    fn add(&mut self, other: &RefOutline) {
        self.evidence |= other.evidence;
        self.strong |= other.strong;
        self.titled |= other.titled;
        self.genders |= other.genders;
        self.courtesy_second |= other.courtesy_second;
        self.bare_second |= other.bare_second;
    }
}

/// The story's view of one person, from the sections' outlines.
struct StoryPerson<'a> {
    /// The sections that mention the person: the section's index and the person's there.
    sections: Vec<(usize, usize)>,
    /// The first usable reference, in story offsets: its range and the surname's.
    first: Option<(Range<usize>, Range<usize>)>,
    full: Option<(Range<usize>, &'a str)>,
    given: Vec<&'a str>,
    in_full_name: bool,
    outline: RefOutline,
}

fn gender(title: &str) -> u8 {
    match title.trim_end_matches('.') {
        "Mr" => 1,
        "Mrs" | "Ms" | "Miss" => 2,
        _ => 0,
    }
}

/// One section's people, in article offsets: what the story pass merges. Cached per section.
#[derive(Default)]
struct SectionPeople {
    /// Each person's key, its hash and what the section says of them, in the order they
    /// first appear.
    people: Vec<(u64, String, Person)>,
}

fn section_people(article: &Article, facts: &SectionFacts) -> SectionPeople {
    let base = 0usize;
    let mut people: FxHashMap<&str, Person> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    // References first (one name word), then full names (two or more).
    for run in &facts.runs {
        if run.words.iter().any(|w| w.class == WordClass::Royal) {
            continue;
        }
        // "Senator Harold Finch of Ohio" is a name and a place: split at a connector that
        // follows a name word.
        let mut segments: Vec<&[entities::RunWord]> = Vec::new();
        let mut from = 0;
        for (i, w) in run.words.iter().enumerate() {
            if w.class == WordClass::Connector
                && run.words[from..i]
                    .iter()
                    .any(|x| x.class == WordClass::Name)
            {
                segments.push(&run.words[from..i]);
                from = i + 1;
            }
        }
        segments.push(&run.words[from..]);
        for (si, words) in segments.into_iter().enumerate() {
            let first_segment = si == 0;
            let Some(last) = words.iter().rposition(|w| w.class == WordClass::Name) else {
                continue;
            };
            // The context's evidence (an appositive after the run, a role before it) is about
            // the run's head: "Daniel Mwangi of the National Museums of Kenya, a co-author".
            let cue = if first_segment {
                run.person_cue
            } else {
                Cue::None
            };
            // The chain of name words ending at the last one: "Marco Rubio", "George W. Bush",
            // "Ursula von der Leyen".
            let mut chain = last;
            while chain > 0
                && matches!(
                    words[chain - 1].class,
                    WordClass::Name | WordClass::Initial | WordClass::Particle
                )
            {
                chain -= 1;
            }
            while words[chain].class != WordClass::Name {
                chain += 1;
            }
            let shift = |r: &Range<usize>| base + r.start..base + r.end;
            let w = &words[last];
            let before = &words[..chain];
            // A title right before the name ("Finance Minister Kowalczyk", "Sen. Smith").
            let title_at = before.iter().position(|x| x.class == WordClass::Title);
            let titled = title_at.is_some_and(|t| {
                before[t..].iter().all(|x| {
                    matches!(
                        x.class,
                        WordClass::Title
                            | WordClass::Modifier
                            | WordClass::Connector
                            | WordClass::Courtesy
                    )
                })
            });
            let courtesy = before
                .iter()
                .rfind(|x| x.class == WordClass::Courtesy)
                .map(|x| (x.text.clone(), shift(&x.range)));
            let p = people.entry(w.key.as_str()).or_insert_with(|| {
                order.push(w.key.as_str());
                Person::default()
            });
            if chain == last {
                // One name word, after titles only (or nothing): a reference.
                let only_titles = before.is_empty()
                    || (titled
                        || before
                            .last()
                            .is_some_and(|x| x.class == WordClass::Courtesy))
                        && before
                            .last()
                            .is_some_and(|x| x.class != WordClass::Connector);
                if !only_titles || last + 1 != words.len() {
                    continue;
                }
                let title_start = before
                    .iter()
                    .position(|x| matches!(x.class, WordClass::Title | WordClass::Courtesy))
                    .map(|i| before[i].range.start)
                    .unwrap_or(w.range.start);
                p.references.push(Reference {
                    range: shift(&(title_start..w.range.end)),
                    surname: shift(&w.range),
                    evidence: courtesy.is_some() || titled || cue > Cue::None,
                    strong: courtesy.is_some() || titled || cue == Cue::Strong,
                    titled,
                    usable: run.zone == Zone::Body
                        && !run.in_quote
                        && !((run.attributive && first_segment) && courtesy.is_none() && !titled),
                    courtesy,
                });
            } else if run.zone == Zone::Body {
                let given = words[chain].key.clone();
                if !p.given.contains(&given) {
                    p.given.push(given);
                }
                p.evidence |= titled || courtesy.is_some() || cue > Cue::None;
                let r = shift(&(words[chain].range.start..w.range.end));
                if p.full.is_none() {
                    p.full_text = article.text[r.clone()].to_string();
                    p.full = Some(r.clone());
                }
                // Other name words ("Lula" in "Luiz Inácio Lula da Silva", "Xi" in "Xi Jinping")
                // are introduced too.
                for x in &words[chain..last] {
                    if x.class != WordClass::Name {
                        continue;
                    }
                    let q = people.entry(x.key.as_str()).or_insert_with(|| {
                        order.push(x.key.as_str());
                        Person::default()
                    });
                    q.in_full_name = true;
                }
            }
        }
    }
    SectionPeople {
        people: order
            .iter()
            .filter_map(|k| {
                let mut p = people.remove(k)?;
                p.outline = RefOutline::of(&p.references, p.evidence);
                Some((entities::hash_str(k), k.to_string(), p))
            })
            .collect(),
    }
}

/// A section's references to a person, in story offsets.
fn shifted_references(part: &Person, base: usize) -> impl Iterator<Item = Reference> + '_ {
    let shift = move |r: &Range<usize>| base + r.start..base + r.end;
    part.references.iter().map(move |r| Reference {
        range: shift(&r.range),
        surname: shift(&r.surname),
        courtesy: r.courtesy.as_ref().map(|(t, c)| (t.clone(), shift(c))),
        ..*r
    })
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = entities::facts(doc);
    let parts = doc.derive(META.name, &sections, section_people);
    // Each person's story view from the sections' outlines; references are merged only for
    // people who may have mixed second references.
    let mut index: FxHashMap<u64, usize> = FxHashMap::default();
    let mut people: Vec<(&str, StoryPerson)> = Vec::new();
    for (i, (base, part)) in parts.iter().enumerate() {
        for (e, (hash, key, sp)) in part.people.iter().enumerate() {
            // By hash, checked against the key: two names never share a person.
            let found = match index.get(hash) {
                Some(&at) if people[at].0 == key.as_str() => Some(at),
                Some(_) => people.iter().position(|(k, _)| *k == key.as_str()),
                None => None,
            };
            let at = match found {
                Some(at) => at,
                None => {
                    people.push((
                        key.as_str(),
                        StoryPerson {
                            sections: Vec::new(),
                            first: None,
                            full: None,
                            given: Vec::new(),
                            in_full_name: false,
                            outline: RefOutline::default(),
                        },
                    ));
                    index.entry(*hash).or_insert(people.len() - 1);
                    people.len() - 1
                }
            };
            let p = &mut people[at].1;
            let shift = |r: &Range<usize>| base + r.start..base + r.end;
            p.sections.push((i, e));
            if p.first.is_none() {
                if let Some(r) = sp.outline.first_usable.map(|f| &sp.references[f]) {
                    p.first = Some((shift(&r.range), shift(&r.surname)));
                }
            }
            if p.full.is_none() {
                if let Some(full) = &sp.full {
                    p.full = Some((shift(full), sp.full_text.as_str()));
                }
            }
            for g in &sp.given {
                if !p.given.contains(&g.as_str()) {
                    p.given.push(g);
                }
            }
            p.in_full_name |= sp.in_full_name;
            p.outline.add(&sp.outline);
        }
    }
    for (key, p) in &people {
        let key: &str = key;
        let Some((first_range, first_surname)) = p.first.clone() else {
            continue;
        };
        let strong_somewhere = p.outline.strong;
        let titled_somewhere = p.outline.titled;
        // A surname that is also a common word ("Hale", "Marsh") needs strong evidence, and a
        // plural or a demonym ("Parents", "Islamists", "Chinese") a title.
        let word = is_english_word(key);
        let plural = ["ists", "ians", "ese", "ims"]
            .iter()
            .any(|s| key.ends_with(s))
            || key.ends_with('s') && is_english_word(&key[..key.len() - 1]);
        if word && !strong_somewhere || plural && !titled_somewhere {
            continue;
        }
        let two_people = p.given.len() > 1 || p.outline.genders == 3;
        if !p.outline.evidence || two_people {
            continue;
        }
        // A surname before the full name, or never a full name at all.
        match &p.full {
            Some((full, full_text)) if first_range.start < full.start => {
                let written = doc.text[first_range.clone()].to_string();
                ctx.report(
                    first_range.clone(),
                    format!(
                        "“{written}” appears before the full name “{full_text}”; give the full name on first reference"
                    ),
                )
                .with_related(None, full.clone(), "full name given here");
            }
            None if strong_somewhere && !p.in_full_name => {
                let written = doc.text[first_range.clone()].to_string();
                ctx.report(
                    first_range.clone(),
                    format!(
                        "“{written}” is never introduced by full name; give the full name on first reference"
                    ),
                );
            }
            _ => {}
        }
        if !(p.outline.courtesy_second && p.outline.bare_second) {
            continue;
        }
        let references: Vec<Reference> = p
            .sections
            .iter()
            .flat_map(|&(i, e)| {
                let (base, part) = &parts[i];
                shifted_references(&part.people[e].2, *base)
            })
            .collect();
        let refs: Vec<&Reference> = references.iter().filter(|r| r.usable).collect();
        let full_range = p.full.as_ref().map(|(r, _)| r.clone());
        // Mixed second references: surname alone against courtesy title and surname.
        let second: Vec<&Reference> = refs
            .iter()
            .copied()
            .filter(|r| full_range.as_ref().is_none_or(|f| r.range.start > f.end) && !r.titled)
            .collect();
        let titled: Vec<&&Reference> = second.iter().filter(|r| r.courtesy.is_some()).collect();
        let bare: Vec<&&Reference> = second.iter().filter(|r| r.courtesy.is_none()).collect();
        if titled.is_empty() || bare.is_empty() {
            continue;
        }
        let mut titles: Vec<&str> = titled
            .iter()
            .map(|r| r.courtesy.as_ref().expect("titled").0.trim_end_matches('.'))
            .collect();
        titles.dedup();
        if titles.iter().any(|t| *t != titles[0]) {
            continue;
        }
        let title = titled[0].courtesy.as_ref().expect("titled").0.clone();
        let surname = doc.text[first_surname.clone()].to_string();
        let titled_main = titled.len() > bare.len()
            || titled.len() == bare.len() && titled[0].range.start < bare[0].range.start;
        if titled_main {
            for r in &bare {
                ctx.report(
                    r.range.clone(),
                    format!(
                        "“{surname}” here, but this story writes “{title} {surname}” on second reference ({} {})",
                        titled.len(),
                        if titled.len() == 1 { "time" } else { "times" }
                    ),
                )
                .with_fix(Fix::new(
                    format!("Write “{title} {surname}”"),
                    Safety::Unsafe,
                    vec![Edit::replace(r.surname.start..r.surname.start, format!("{title} "))],
                ))
                .with_related(None, titled[0].range.clone(), "second reference with a title");
            }
        } else {
            for r in &titled {
                let (written_title, t) = r.courtesy.as_ref().expect("titled");
                ctx.report(
                    r.range.clone(),
                    format!(
                        "“{written_title} {surname}” here, but this story writes “{surname}” on second reference ({} {})",
                        bare.len(),
                        if bare.len() == 1 { "time" } else { "times" }
                    ),
                )
                .with_fix(Fix::new(
                    format!("Write “{surname}”"),
                    Safety::Unsafe,
                    vec![Edit::delete(t.start..r.surname.start)],
                ))
                .with_related(None, bare[0].range.clone(), "second reference by surname");
            }
        }
    }
}

//! Name grouping for the naming rules: every mention of a name in a story, normalised so that
//! the forms of one entity fall into one group, plus the facts the person and acronym rules
//! need (runs of name words with their titles, acronym uses, spelled-out names, definitions,
//! and compounds such as "US-Iran").
//!
//! A mention's group key folds case, periods, hyphens, dashes, slashes and spaces, diacritics
//! and possessives ("Al-Jazeera's" → `aljazeera`), and maps known variant spellings to one
//! group (`data/name_variants.tsv`: "Gadhafi", "Qaddafi" → `gaddafi`). Full and short forms
//! are different keys and so never conflict ("the United States" / "U.S."); "US" / "U.S." share
//! the key `us` and so are a split.
//!
//! Per-section facts are computed once per section content ([`facts`], cached through
//! [`Document::per_section`] under one key shared by every naming rule); the story-level
//! passes below only walk and group them.

use crate::core::article::{Article, BlockKind};
use crate::core::document::Document;
use crate::core::names::{is_acronym, FUNCTION_WORDS};
use compact_str::CompactString;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};
use unicode_normalization::UnicodeNormalization;

/// The per-section cache key shared by the naming rules.
pub(crate) const FACTS_KEY: &str = "naming-facts";

/// Where in the story a mention sits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Zone {
    Body,
    /// A headline, subhead, short standalone line, byline, table cell or all-capitals line:
    /// case carries no information there, and AP writes "US" for the body's "U.S.".
    Headline,
}

// ---------------------------------------------------------------------------------------------
// Data

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum VariantKind {
    Entity,
    Historic,
    Given,
}

pub(crate) struct Variants {
    /// Folded variant → (group, kind).
    by_key: FxHashMap<String, (&'static str, VariantKind)>,
}

pub(crate) static VARIANTS: LazyLock<Variants> = LazyLock::new(|| {
    let rows: Vec<(&str, &str, &str)> = include_str!("data/name_variants.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            Some((cols.next()?, cols.next()?, cols.next()?))
        })
        .collect();
    let mut by_key = FxHashMap::default();
    for &(group, kind, variant) in &rows {
        let kind = match kind {
            "historic" => VariantKind::Historic,
            "given" => VariantKind::Given,
            _ => VariantKind::Entity,
        };
        // "el-Qaddafi" is the full form of "Qaddafi": compatible, not a member of its own.
        if let Some((prefix, rest)) = variant.split_once(['-', ' ']) {
            if PARTICLES.contains(&prefix.to_lowercase().as_str())
                && rows.iter().any(|&(g, _, v)| g == group && v == rest)
            {
                continue;
            }
        }
        by_key.insert(fold(variant), (group, kind));
    }
    Variants { by_key }
});

impl Variants {
    pub(crate) fn get(&self, folded: &str) -> Option<(&'static str, VariantKind)> {
        self.by_key.get(folded).copied()
    }
}

/// Folded body form → (headline form, body form), e.g. `us` → ("US", "U.S.").
pub(crate) static HEADLINE_FORMS: LazyLock<FxHashMap<String, (&'static str, &'static str)>> =
    LazyLock::new(|| {
        include_str!("data/headline_abbreviations.tsv")
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let (head, body) = l.split_once('\t')?;
                Some((fold(body), (head.trim(), body.trim())))
            })
            .collect()
    });

/// Courtesy titles (`data/courtesy_titles.txt`).
pub(crate) static COURTESY: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("data/courtesy_titles.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Built-in acronyms that need no expansion (`data/known_acronyms.txt`), upper-cased.
pub(crate) static KNOWN_ACRONYMS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    include_str!("data/known_acronyms.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.replace('.', "").to_uppercase())
        .collect()
});

static ENGLISH: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("data/english_words.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect()
});

/// Whether a lower-case word is a common English word (`data/english_words.txt`), trying
/// regular inflections: "plans", "planned", "planning" → "plan".
pub(crate) fn is_english_word(lower: &str) -> bool {
    if ENGLISH.contains(lower) {
        return true;
    }
    const SUFFIXES: &[(&str, &str)] = &[
        ("s", ""),
        ("es", ""),
        ("ed", ""),
        ("ed", "e"),
        ("d", ""),
        ("ing", ""),
        ("ing", "e"),
        ("ly", ""),
        ("er", ""),
        ("est", ""),
        ("ies", "y"),
        ("ied", "y"),
    ];
    SUFFIXES.iter().any(|(suffix, add)| {
        lower.len() > suffix.len() + 1
            && lower.ends_with(suffix)
            && ENGLISH.contains(format!("{}{add}", &lower[..lower.len() - suffix.len()]).as_str())
    })
}

/// Short words written in capitals for emphasis or as labels ("NOT", "NEW"); other short
/// all-capitals words are taken for acronyms ("SEC", "WHO", "ICE").
const SHORT_WORDS: &[&str] = &[
    "THE", "AND", "NOT", "ALL", "NEW", "BIG", "OUT", "GET", "PUT", "YES", "NO", "OR", "ON", "IN",
    "AT", "TO", "OF", "BY", "UP", "IS", "BE", "DO", "GO", "WE", "ME", "MY", "SO", "IF", "AS", "AN",
    "HE", "SHE", "HER", "HIS", "ONE", "TWO", "TOP", "HOT", "END", "NOW", "OFF", "OUR", "YOU",
    "WHY", "HOW", "BUY", "SAY", "SEE", "ANY", "CAN", "DID", "HAS", "HAD", "WAS", "ARE", "FOR",
    "BUT", "GOT", "LET", "MAY", "OH", "OK", "WOW", "HEY", "LOL", "OMG", "ADD", "USE", "RUN", "WIN",
    "SET", "FAQ",
];

/// All-capitals words that are acronyms in news copy even though they are also English words.
const ACRONYM_WORDS: &[&str] = &["WHO", "ICE", "NOW", "CAT", "SAT"];

/// Lower-case words that belong inside a name: "al-Qaida", "Osama bin Laden", "Ursula von der
/// Leyen".
pub(crate) const PARTICLES: &[&str] = &[
    "al", "el", "bin", "ibn", "van", "von", "der", "den", "de", "da", "di", "du", "del", "della",
    "dos", "das", "la", "le", "ter", "zu",
];

/// Abbreviated titles written with a period.
const TITLE_ABBREVIATIONS: &[&str] = &[
    "Mr", "Mrs", "Ms", "Mx", "Dr", "Prof", "Sen", "Sens", "Rep", "Reps", "Gov", "Gen", "Lt", "Col",
    "Capt", "Sgt", "Maj", "Adm", "Rev", "Cmdr", "Cpl", "Pvt", "Supt", "Insp", "Det", "Atty",
    "Pres", "Hon", "Msgr", "Fr",
];

/// Capitalised words that are titles, not given names: "Secretary of State Marco Rubio",
/// "Finance Minister Anna Kowalczyk", "Gov. Gavin Newsom".
pub(crate) const TITLE_WORDS: &[&str] = &[
    "President",
    "Minister",
    "Secretary",
    "Senator",
    "Sen.",
    "Rep.",
    "Gov.",
    "Representative",
    "Congressman",
    "Congresswoman",
    "Governor",
    "Mayor",
    "Judge",
    "Justice",
    "Chancellor",
    "Premier",
    "Speaker",
    "Gen.",
    "Colonel",
    "Col.",
    "Lt.",
    "Lieutenant",
    "Captain",
    "Capt.",
    "Sgt.",
    "Sergeant",
    "Maj.",
    "Admiral",
    "Adm.",
    "Commander",
    "Cmdr.",
    "Officer",
    "Detective",
    "Det.",
    "Inspector",
    "Superintendent",
    "Prosecutor",
    "Attorney",
    "Ambassador",
    "Envoy",
    "Commissioner",
    "Councilman",
    "Councilwoman",
    "Councillor",
    "Councilor",
    "Professor",
    "Prof.",
    "Dr.",
    "Rev.",
    "Bishop",
    "Archbishop",
    "Cardinal",
    "Rabbi",
    "Imam",
    "Coach",
    "Chairman",
    "Chairwoman",
    "Executive",
    "Officer",
    "Chair",
    "Director",
    "Leader",
    "Manager",
    "Spokesman",
    "Spokeswoman",
    "Spokesperson",
    "Adviser",
    "Advisor",
    "Solicitor",
    "Auditor",
    "Comptroller",
    "Treasurer",
    "Secretary-General",
    "Director-General",
    "Ayatollah",
    "Sheriff",
    "Marshal",
    "Warden",
];

/// Capitalised words that may stand before a title ("Foreign Minister", "Vice President",
/// "Secretary of State"), never a given name or a surname.
pub(crate) const TITLE_MODIFIERS: &[&str] = &[
    "Vice",
    "Prime",
    "Deputy",
    "Acting",
    "Former",
    "Foreign",
    "Defense",
    "Defence",
    "Finance",
    "Interior",
    "Home",
    "Health",
    "Treasury",
    "Economy",
    "Economic",
    "Trade",
    "Energy",
    "Labor",
    "Labour",
    "Education",
    "Transport",
    "Transportation",
    "Agriculture",
    "Environment",
    "Culture",
    "State",
    "Homeland",
    "Security",
    "National",
    "House",
    "Senate",
    "Majority",
    "Minority",
    "Assistant",
    "Associate",
    "Senior",
    "Special",
    "Supreme",
    "First",
    "Lady",
    "Executive",
    "Attorney",
    "Chief",
    "Opposition",
    "Party",
    "Army",
    "Police",
    "Fire",
    "General",
    "Major",
    "Head",
    "Leader",
    "Director",
    "Manager",
    "Chair",
    "Officer",
    "Counsel",
    "Father",
    "Sister",
    "Inspector",
    "Surgeon",
];

/// Words that end the names of organisations, places and documents, never surnames:
/// "Foreign Ministry", "Energy Agency", "Supreme Court".
pub(crate) const ORG_NOUNS: &[&str] = &[
    "Ministry",
    "Agency",
    "Affairs",
    "Department",
    "Office",
    "Council",
    "Committee",
    "Commission",
    "Bank",
    "Party",
    "Court",
    "Union",
    "Organization",
    "Organisation",
    "Association",
    "Institute",
    "University",
    "College",
    "School",
    "Fund",
    "Group",
    "Company",
    "Corporation",
    "Corp",
    "Inc",
    "Board",
    "Authority",
    "Administration",
    "Service",
    "Services",
    "Force",
    "Forces",
    "Army",
    "Navy",
    "Police",
    "Guard",
    "Times",
    "Post",
    "News",
    "House",
    "Senate",
    "Congress",
    "Parliament",
    "Assembly",
    "Government",
    "Republic",
    "Kingdom",
    "States",
    "Nations",
    "League",
    "Federation",
    "Foundation",
    "Center",
    "Centre",
    "Program",
    "Programme",
    "Act",
    "Treaty",
    "Plan",
    "Bureau",
    "Division",
    "Unit",
    "Hospital",
    "Airport",
    "Street",
    "Avenue",
    "Road",
    "Square",
    "Park",
    "River",
    "Sea",
    "Ocean",
    "Gulf",
    "Bay",
    "Island",
    "Islands",
    "Mountains",
    "Valley",
    "County",
    "Province",
    "State",
    "City",
    "Region",
    "Ministry",
    "Secretariat",
    "Cabinet",
    "Office",
    "Club",
    "Team",
    "Cup",
    "Championship",
    "Games",
    "Olympics",
    "Festival",
    "Prize",
    "Award",
    "Awards",
    "Index",
    "Exchange",
    "Market",
    "Markets",
    "Holdings",
    "Partners",
    "Capital",
    "Energy",
    "Motors",
    "Airlines",
    "Media",
    "Network",
    "Project",
    "Initiative",
    "Summit",
    "Conference",
    "Forum",
    "War",
    "Day",
    "Week",
    "Church",
    "Cathedral",
    "Mosque",
    "Temple",
    "Museum",
    "Library",
    "Stadium",
    "Arena",
    "Station",
    "Port",
    "Bridge",
    "Tower",
    "Hall",
    "Palace",
    "Embassy",
    "Consulate",
    "Mission",
    "Command",
    "Corps",
    "Brigade",
    "Battalion",
    "Regiment",
    "Fleet",
    "Coalition",
    "Alliance",
    "Movement",
    "Front",
    "Council",
    "Tribunal",
    "Prison",
    "Jail",
    "Laboratory",
    "Lab",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
];

/// The word lists above as sets, for lookups per word.
struct WordLists {
    titles: FxHashSet<&'static str>,
    modifiers: FxHashSet<&'static str>,
    orgs: FxHashSet<&'static str>,
    royal: FxHashSet<&'static str>,
}

static WORD_LISTS: LazyLock<WordLists> = LazyLock::new(|| WordLists {
    titles: TITLE_WORDS.iter().copied().collect(),
    modifiers: TITLE_MODIFIERS.iter().copied().collect(),
    orgs: ORG_NOUNS.iter().copied().collect(),
    royal: ROYAL_TITLES.iter().copied().collect(),
});

/// Titles that go with a given name, not a surname: a person named this way is not a surname
/// reference ("Pope Francis", "King Charles", "Prince Mohammed").
pub(crate) const ROYAL_TITLES: &[&str] = &[
    "Pope", "King", "Queen", "Prince", "Princess", "Emperor", "Empress", "Sheikh", "Sheik", "Emir",
    "Sultan", "Crown", "Duke", "Duchess", "Lord", "Lady", "Sir", "Dame", "Saint", "St.",
];

// ---------------------------------------------------------------------------------------------
// Normalisation

/// The group key of a form: Unicode-decomposed, combining marks and everything that is not a
/// letter or digit dropped, lower-cased. "Al-Jazeera" → `aljazeera`, "U.S." → `us`,
/// "São Paulo" → `saopaulo`.
/// A 64-bit hash of a string, for comparing keys and forms by number.
pub(crate) fn hash_str(s: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    s.hash(&mut h);
    h.finish()
}

pub(crate) fn fold(s: &str) -> String {
    if s.is_ascii() {
        return s
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|b| b.to_ascii_lowercase() as char)
            .collect();
    }
    s.nfd()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn is_dash_joiner(c: char) -> bool {
    matches!(c, '-' | '‐' | '‑' | '–' | '/')
}

/// The characters of `form`, composed (NFC). ASCII text is its own composition, and most forms
/// are ASCII: they skip the normalizer.
fn composed(form: &str) -> impl Iterator<Item = char> + '_ {
    let ascii = form.is_ascii();
    let plain = ascii.then(|| form.chars());
    let nfc = (!ascii).then(|| form.nfc());
    plain.into_iter().flatten().chain(nfc.into_iter().flatten())
}

/// A form as compared for spelling: composed, lower-cased, with one apostrophe and one
/// joiner for all dash-like joiners (which `mixed-dash-style` judges).
pub(crate) fn spelling(form: &str) -> String {
    composed(form)
        .map(|c| match c {
            '\'' | '‘' | 'ʼ' => '’',
            c if is_dash_joiner(c) => '-',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

/// A form as compared for case: like [`spelling`] but keeping case, except the first letter
/// (sentence-initial capitals are grammar) and particles ("Al-Qaida" at a sentence start,
/// "Van Gogh" on second reference).
pub(crate) fn casing(form: &str) -> String {
    let mut out = String::with_capacity(form.len());
    let composed: String = composed(form)
        .map(|c| match c {
            '\'' | '‘' | 'ʼ' => '’',
            c if is_dash_joiner(c) => '-',
            c => c,
        })
        .collect();
    let mut first = true;
    for (i, word) in composed.split_inclusive([' ', '-']).enumerate() {
        let bare = word.trim_end_matches([' ', '-']);
        if PARTICLES.contains(&bare.to_lowercase().as_str()) || i == 0 {
            let mut chars = word.chars();
            if PARTICLES.contains(&bare.to_lowercase().as_str()) {
                out.push_str(&word.to_lowercase());
            } else if let Some(c) = chars.next() {
                out.extend(c.to_lowercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push_str(word);
        }
        first = false;
    }
    let _ = first;
    out
}

/// Upper-case letters of an acronym without periods, plural or possessive: "U.S." → `US`,
/// "CEOs" → `CEO`, "IAEA’s" → `IAEA`.
pub(crate) fn acronym_key(token: &str) -> String {
    let t = token
        .trim_end_matches("'s")
        .trim_end_matches("’s")
        .trim_end_matches(['\'', '’']);
    let t =
        if t.len() > 2 && t.ends_with('s') && t[..t.len() - 1].chars().all(|c| !c.is_lowercase()) {
            &t[..t.len() - 1]
        } else {
            t
        };
    t.chars()
        .filter(|c| *c != '.')
        .collect::<String>()
        .to_uppercase()
}

// ---------------------------------------------------------------------------------------------
// Facts

/// One mention of a name: a span of one to four name words inside a run of them.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    /// The name as written, without a possessive ending.
    pub range: Range<usize>,
    pub key: CompactString,
    /// A hash of `key`, so story-wide grouping compares numbers, not strings.
    pub key_hash: u64,
    /// A hash of `form`.
    pub form_hash: u64,
    pub form: CompactString,
    pub zone: Zone,
    pub sentence_initial: bool,
    /// How many words the span has.
    pub words: u8,
    /// Whether the span is the whole run of name words (not "Kiev" in "Dynamo Kiev").
    pub standalone: bool,
    /// A single all-capitals or dotted token ("US", "U.S.", "NASA").
    pub acronym: bool,
}

/// How two names are joined in a compound: "US-Iran", "U.S.–Iran", "US/Iran".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Joiner {
    Hyphen,
    EnDash,
    Slash,
}

impl Joiner {
    pub fn as_char(self) -> char {
        match self {
            Joiner::Hyphen => '-',
            Joiner::EnDash => '–',
            Joiner::Slash => '/',
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Joiner::Hyphen => "a hyphen",
            Joiner::EnDash => "an en dash",
            Joiner::Slash => "a slash",
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Compound {
    /// The joiner character.
    pub joiner_range: Range<usize>,
    /// The whole compound, for messages.
    pub range: Range<usize>,
    pub joiner: Joiner,
    /// The parts' group keys, sorted, joined with `|`.
    pub key: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum WordClass {
    /// "Mr.", "Ms", "Dr."
    Courtesy,
    /// "President", "Sen.", "Minister"
    Title,
    /// "Foreign", "Vice", "State": words that go before a title
    Modifier,
    /// "Ministry", "Agency", "Court", or an acronym: not a person's name
    Org,
    /// "Pope", "King", "Sheikh"
    Royal,
    /// "al", "bin", "von"
    Particle,
    /// "of", "the" inside a name
    Connector,
    /// "W." in "George W. Bush"
    Initial,
    Name,
}

#[derive(Debug, Clone)]
pub(crate) struct RunWord {
    pub range: Range<usize>,
    pub key: CompactString,
    pub text: CompactString,
    pub class: WordClass,
}

/// A run of name words with its titles, for person references.
#[derive(Debug, Clone)]
pub(crate) struct Run {
    pub words: Vec<RunWord>,
    pub zone: Zone,
    pub in_quote: bool,
    /// After "the", "a" or "an": a name used as a modifier ("the Trump administration").
    pub attributive: bool,
    /// Evidence in the run's context that it names a person.
    pub person_cue: Cue,
}

/// Why an acronym use needs no definition whatever the story does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Exempt {
    No,
    /// Digits: model numbers, flights, chemical formulas ("F-16", "MH17", "CO2").
    Digits,
    RomanNumeral,
    /// A ticker: "$XRP", "(NYSE: GE)", "BXE token", "AAPL.O".
    Ticker,
    /// Part of a run of capitals (shouting, a label).
    Capitals,
    /// Inside parentheses on its own: a definition, a country code in results, a ticker.
    Parenthesised,
}

#[derive(Debug, Clone)]
pub(crate) struct AcronymUse {
    pub range: Range<usize>,
    /// Upper-case letters without periods ("US" for "U.S.").
    pub key: String,
    pub zone: Zone,
    pub exempt: Exempt,
}

/// A run of capitalised words that may spell out an acronym: "International Atomic Energy
/// Agency", "Food and Drug Administration".
#[derive(Debug, Clone)]
pub(crate) struct Expansion {
    pub range: Range<usize>,
    /// Lower-cased words with their ranges; hyphenated parts are separate words.
    pub words: Vec<Word>,
    /// Where its sentence starts.
    pub sentence_start: usize,
}

/// A word of a spelled-out name: lower-cased, its range, and whether it is the second part
/// of a hyphenated word.
pub(crate) type Word = (String, Range<usize>, bool);

/// An explicit definition: "Long Name (ACRO)", "ACRO (Long Name)", "Long Name, or ACRO,".
#[derive(Debug, Clone)]
pub(crate) struct Definition {
    pub key: String,
    pub acronym: Range<usize>,
    pub expansion: Range<usize>,
    pub expansion_text: String,
    /// Where its sentence starts.
    pub sentence_start: usize,
}

/// Everything the naming rules need from one section, in the section article's offsets.
#[derive(Debug, Clone, Default)]
pub(crate) struct SectionFacts {
    pub mentions: Vec<Mention>,
    pub compounds: Vec<Compound>,
    pub runs: Vec<Run>,
    pub acronyms: Vec<AcronymUse>,
    pub expansions: Vec<Expansion>,
    pub definitions: Vec<Definition>,
}

impl SectionFacts {
    fn shrink_to_fit(&mut self) {
        self.mentions.shrink_to_fit();
        self.compounds.shrink_to_fit();
        self.runs.shrink_to_fit();
        self.acronyms.shrink_to_fit();
        self.expansions.shrink_to_fit();
        self.definitions.shrink_to_fit();
    }
}

/// The naming facts of every section of `doc`, each with the story offset of its article.
pub(crate) fn facts(doc: &Document) -> Vec<(usize, Arc<SectionFacts>)> {
    doc.per_section(FACTS_KEY, section_facts)
}

/// The tokens of a text, as the regex
/// `(\p{Lu}\.){2,} | \p{Lu}+&\p{Lu}+ | [\p{L}\p{N}][\p{L}\p{M}\p{N}]*(['’ʼ][\p{L}\p{M}]+)*`
/// would find them (dotted abbreviations such as "U.S.", ampersand acronyms such as "AT&T",
/// words with inner apostrophes such as "O’Brien"), scanned by hand: this runs over every
/// section of every story, and a scanner is several times faster than the regex engine here.
fn token_ranges(text: &str) -> Vec<Range<usize>> {
    fn is_word(c: char) -> bool {
        c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let offset = |i: usize| chars.get(i).map_or(text.len(), |&(o, _)| o);
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i].1;
        if !c.is_alphanumeric() {
            i += 1;
            continue;
        }
        // "U.S.": two or more capital-and-period pairs.
        let mut j = i;
        while at(j).is_some_and(char::is_uppercase) && at(j + 1) == Some('.') {
            j += 2;
        }
        if j - i >= 4 {
            out.push(offset(i)..offset(j));
            i = j;
            continue;
        }
        // "AT&T": capitals, an ampersand, capitals.
        if c.is_uppercase() {
            let mut j = i;
            while at(j).is_some_and(char::is_uppercase) {
                j += 1;
            }
            if at(j) == Some('&') && at(j + 1).is_some_and(char::is_uppercase) {
                j += 1;
                while at(j).is_some_and(char::is_uppercase) {
                    j += 1;
                }
                out.push(offset(i)..offset(j));
                i = j;
                continue;
            }
        }
        // A word, with inner apostrophes followed by letters ("O’Brien", "don't").
        let mut j = i + 1;
        while at(j).is_some_and(is_word) {
            j += 1;
        }
        while at(j).is_some_and(|a| matches!(a, '\'' | '’' | 'ʼ'))
            && at(j + 1).is_some_and(|n| {
                n.is_alphabetic() || unicode_normalization::char::is_combining_mark(n)
            })
        {
            j += 2;
            while at(j).is_some_and(|n| {
                n.is_alphabetic() || unicode_normalization::char::is_combining_mark(n)
            }) {
                j += 1;
            }
        }
        out.push(offset(i)..offset(j));
        i = j;
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TokKind {
    /// "U.S.", "AT&T", "NASA"
    Acronym,
    /// Starts with a capital: "Iran", "McDonald", "O’Brien"
    Cap,
    Lower,
    Number,
    /// "Mr.", "Sen."
    TitleAbbrev,
    /// A hashtag or handle word: never a name.
    Skip,
}

#[derive(Debug, Clone)]
struct Tok {
    range: Range<usize>,
    /// End without a possessive ending.
    core_end: usize,
    kind: TokKind,
    possessive: bool,
}

fn tokens(prose: &str, range: Range<usize>) -> Vec<Tok> {
    let text = &prose[range.clone()];
    let mut out: Vec<Tok> = Vec::new();
    for m in token_ranges(text) {
        let start = range.start + m.start;
        let mut end = range.start + m.end;
        let word = &text[m.clone()];
        let before = prose[..start].chars().next_back();
        let contraction = word
            .rsplit_once(['\'', '’', 'ʼ'])
            .is_some_and(|(_, tail)| matches!(tail, "d" | "ll" | "m" | "re" | "ve" | "t"));
        let after = prose[end..].chars().next();
        // Citation labels ("[OAUTH]") and code identifiers ("STANDALONE_WASM") are not names.
        let label = before == Some('[') && after == Some(']')
            || before == Some('_')
            || after == Some('_')
            // Codes: ".DXY", "US10YT=RR", "FHC/ABJ/03".
            || before == Some('.') && !word.contains('.')
            || before == Some('=')
            || after == Some('=')
            || before == Some('/') && after == Some('/');
        let mut kind = if contraction {
            TokKind::Lower
        } else if label
            || before.is_some_and(|c| c == '#' || c == '@')
            || (before == Some('.')
                && prose[..start - 1]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric))
        {
            TokKind::Skip
        } else if word.chars().next().is_some_and(|c| c.is_ascii_digit()) {
            TokKind::Number
        } else if word.contains('.') || word.contains('&') || is_acronym(word) {
            TokKind::Acronym
        } else if word.chars().next().is_some_and(char::is_uppercase) {
            TokKind::Cap
        } else {
            TokKind::Lower
        };
        if kind == TokKind::Cap
            && TITLE_ABBREVIATIONS.contains(&word)
            && prose[end..].starts_with('.')
        {
            end += 1;
            kind = TokKind::TitleAbbrev;
        } else if kind == TokKind::Cap && COURTESY.contains(word) {
            kind = TokKind::TitleAbbrev;
        }
        let (core_end, possessive) = if let Some(s) = word
            .strip_suffix("'s")
            .or_else(|| word.strip_suffix("’s"))
            .or_else(|| word.strip_suffix("ʼs"))
        {
            (start + s.len(), true)
        } else if prose[end..].starts_with(['\'', '’'])
            && word.ends_with('s')
            && kind == TokKind::Cap
        {
            // "Jones’ car": a plural possessive.
            let after = prose[end..].chars().nth(1);
            (end, after.is_none_or(|c| !c.is_alphanumeric()))
        } else {
            (end, false)
        };
        out.push(Tok {
            range: start..end,
            core_end,
            kind,
            possessive,
        });
    }
    out
}

fn block_zone(article: &Article, block: usize) -> Zone {
    let b = &article.blocks[block];
    match b.kind {
        BlockKind::Heading(_) | BlockKind::TableCell => return Zone::Headline,
        BlockKind::Paragraph | BlockKind::ListItem => {}
    }
    let text = article.prose[b.range.clone()].trim();
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    let upper = text.chars().filter(|c| c.is_uppercase()).count();
    if letters >= 4 && upper * 10 >= letters * 7 {
        return Zone::Headline;
    }
    if text.contains('\n') {
        return Zone::Body;
    }
    let words = text.split_whitespace().count();
    let last = text
        .trim_end_matches(['"', '”', '’', '\'', ')', ']', '»', '*', '_'])
        .chars()
        .next_back();
    if words <= 20 && !last.is_some_and(|c| ".!?…:;,".contains(c)) {
        return Zone::Headline;
    }
    Zone::Body
}

/// The end of a dateline at the start of a block ("WASHINGTON (AP) —", "LAGOS, Nigeria, May 3
/// (Reuters) -"), if there is one.
fn dateline_end(prose: &str, block: &Range<usize>) -> Option<usize> {
    let text = &prose[block.clone()];
    let head: String = text.chars().take(60).collect();
    let caps: String = head
        .chars()
        .take_while(|c| c.is_uppercase() || *c == ' ' || *c == '.' || *c == '-' || *c == '\'')
        .collect();
    if caps.trim().chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return None;
    }
    let cut = ["(", " — ", " – ", " - ", "—", " -- ", ": "]
        .iter()
        .filter_map(|m| head.find(m))
        .min()?;
    let paren_close = head[cut..].find(')').map(|i| cut + i + 1);
    let end = match paren_close {
        Some(e) if head[..cut].len() == cut && head[cut..].starts_with('(') => e,
        _ => cut,
    };
    Some(block.start + end)
}

const REPORTING_VERBS: &[&str] = &[
    "said",
    "says",
    "told",
    "added",
    "wrote",
    "testified",
    "argued",
    "insisted",
    "explained",
    "recalled",
    "noted",
    "warned",
    "acknowledged",
    "conceded",
    "replied",
    "stressed",
];

const ROLE_NOUNS: &[&str] = &[
    "minister",
    "spokesman",
    "spokeswoman",
    "spokesperson",
    "director",
    "president",
    "chairman",
    "chairwoman",
    "secretary",
    "lawyer",
    "attorney",
    "professor",
    "economist",
    "coach",
    "manager",
    "captain",
    "player",
    "striker",
    "midfielder",
    "defender",
    "goalkeeper",
    "judge",
    "senator",
    "governor",
    "mayor",
    "founder",
    "executive",
    "officer",
    "researcher",
    "scientist",
    "author",
    "analyst",
    "adviser",
    "advisor",
    "chief",
    "leader",
    "candidate",
    "lawmaker",
    "diplomat",
    "ambassador",
    "prosecutor",
    "teacher",
    "doctor",
    "nurse",
    "farmer",
    "resident",
    "mother",
    "father",
    "son",
    "daughter",
    "wife",
    "husband",
    "student",
    "historian",
    "biologist",
    "physicist",
    "chemist",
    "engineer",
    "commissioner",
    "chancellor",
    "activist",
    "organizer",
    "organiser",
    "head",
    "deputy",
    "negotiator",
    "envoy",
    "official",
    "astronaut",
    "pilot",
    "soldier",
    "worker",
    "miner",
    "driver",
    "voter",
    "co-author",
    "veteran",
    "survivor",
    "victim",
    "witness",
    "neighbor",
    "neighbour",
    "citizen",
    "refugee",
    "migrant",
    "patient",
    "parent",
    "grandmother",
    "grandfather",
    "retiree",
    "teenager",
    "boy",
    "girl",
    "man",
    "woman",
    "reporter",
    "editor",
    "actor",
    "actress",
    "singer",
    "artist",
    "writer",
    "architect",
    "entrepreneur",
    "chef",
    "carpenter",
    "plumber",
    "shopkeeper",
    "fisherman",
    "counsel",
];

/// Whether a lower-case word names a person's role: "minister", "economist", "historian".
pub(crate) fn is_role_noun(word: &str) -> bool {
    let w = word.trim_matches(|c: char| !c.is_alphanumeric());
    if w.is_empty() || w.chars().next().is_some_and(char::is_uppercase) {
        return false;
    }
    let w = w.to_lowercase();
    let singular = w.strip_suffix('s').unwrap_or(&w);
    ROLE_NOUNS.contains(&w.as_str())
        || ROLE_NOUNS.contains(&singular)
        || ["ist", "ologist", "ician"]
            .iter()
            .any(|s| w.ends_with(s) && w.len() > 5)
}

/// What the text after a name (within its sentence) says about it being a person.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Cue {
    None,
    /// A reporting verb followed by he or she ("Rubio said he…").
    Weak,
    /// ", who", an age (", 54,"), or a role (", the finance minister,").
    Strong,
}

fn person_cue_after(after: &str) -> Cue {
    let mut a = after
        .trim_start_matches(['’', '\''])
        .trim_start_matches('s');
    // Skip a name's affiliation: "Daniel Mwangi of the National Museums of Kenya, a co-author".
    for prep in [" of ", " from ", " at "] {
        if let Some(rest) = a.strip_prefix(prep) {
            if let Some(comma) = rest.find(", ") {
                let between = &rest[..comma];
                let affiliation = between.split(' ').all(|w| {
                    w.starts_with(|c: char| c.is_uppercase())
                        || matches!(w, "the" | "of" | "and" | "for" | "de")
                });
                if affiliation && comma < 80 {
                    a = &rest[comma..];
                }
            }
        }
    }
    if let Some(rest) = a.strip_prefix(", ") {
        if rest.starts_with("who ") || rest.starts_with("whose ") {
            return Cue::Strong;
        }
        let num: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !num.is_empty() && rest[num.len()..].starts_with(',') {
            return Cue::Strong;
        }
        // ", the finance minister," ", a spokeswoman for the ministry," ", chief economist at
        // the firm,": a role within the first words of the appositive, before any "of", "at"
        // or "for" phrase.
        let phrase = rest.split([',', '.', ';', '(']).next().unwrap_or("");
        let words: Vec<&str> = phrase.split_whitespace().take(8).collect();
        let opens = words.first().is_some_and(|w| {
            matches!(
                *w,
                "a" | "an" | "the" | "his" | "her" | "their" | "its" | "one" | "former" | "now"
            ) || is_role_noun(w) && !w.ends_with('s')
                || w.ends_with('’')
                || w.ends_with("'s")
                || w.ends_with("’s")
        });
        // The head of the appositive: its last word before a preposition, a relative or a
        // participle ("a spokeswoman for the ministry", "a group co-founded by…").
        // "one of the four astronauts": the head follows "one of the".
        let words: &[&str] = match words.as_slice() {
            ["one", "of", "the", rest @ ..] | ["one", "of", rest @ ..] => rest,
            all => all,
        };
        let head = words
            .iter()
            .take_while(|w| {
                !matches!(
                    **w,
                    "not"
                        | "since"
                        | "during"
                        | "of"
                        | "at"
                        | "for"
                        | "in"
                        | "with"
                        | "who"
                        | "that"
                        | "which"
                        | "and"
                        | "on"
                        | "from"
                        | "to"
                        | "whose"
                        | "by"
                ) && !w.ends_with("ed")
            })
            .last();
        if opens && head.is_some_and(|w| is_role_noun(w)) {
            return Cue::Strong;
        }
    }
    let words: Vec<&str> = a.split_whitespace().take(10).collect();
    if words
        .first()
        .is_some_and(|w| REPORTING_VERBS.contains(&w.trim_matches(|c: char| !c.is_alphabetic())))
    {
        let pronoun = words[1..words.len().min(4)].iter().any(|w| {
            matches!(
                w.trim_matches(|c: char| !c.is_alphabetic()),
                "he" | "she" | "his" | "her" | "him"
            )
        });
        if pronoun {
            return Cue::Weak;
        }
    }
    Cue::None
}

fn is_roman(s: &str) -> bool {
    static ROMAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$").expect("valid")
    });
    !s.is_empty() && ROMAN.is_match(s) && s.chars().all(|c| "IVX".contains(c))
}

const EXPANSION_CONNECTORS: &[&str] = &[
    "of", "the", "and", "for", "on", "in", "de", "des", "du", "la", "le", "et", "&", "to", "y",
];

const TICKER_NEXT: &[&str] = &[
    "token", "tokens", "coin", "coins", "shares", "stock", "ledger", "Ledger", "Token", "Coin",
];

/// Computes a section's naming facts (its own text only; offsets in the section's article).
pub(crate) fn section_facts(article: &Article, own: Range<usize>) -> SectionFacts {
    let prose = &article.prose;
    let mut facts = SectionFacts::default();
    for (bi, block) in article.blocks.iter().enumerate() {
        if !own.contains(&block.range.start) {
            continue;
        }
        let mut zone = block_zone(article, bi);
        // The story's first line is its headline, even with a question mark.
        if own.start == 0 && bi == 0 && !article.prose[block.range.clone()].contains('\n') {
            let words = article.prose[block.range.clone()]
                .split_whitespace()
                .count();
            let ends = article.prose[block.range.clone()].trim_end().ends_with('.');
            if words <= 25 && !ends {
                zone = Zone::Headline;
            }
        }
        let dateline = dateline_end(prose, &block.range);
        for si in block.sentences.clone() {
            let sentence = &article.sentences[si];
            let mut toks = tokens(prose, sentence.range.clone());
            if let Some(end) = dateline {
                for t in &mut toks {
                    if t.range.end <= end {
                        t.kind = TokKind::Skip;
                    }
                }
            }
            let first_word = toks.first().map(|t| t.range.start);
            sentence_facts(
                article,
                &toks,
                zone,
                first_word,
                &sentence.range,
                &mut facts,
            );
        }
    }
    // The facts stay cached with the section for as long as the story is open.
    facts.shrink_to_fit();
    facts
}

fn gap<'a>(prose: &'a str, a: &Tok, b: &Tok) -> &'a str {
    &prose[a.range.end..b.range.start]
}

fn is_run_gap(g: &str) -> bool {
    matches!(g, " " | "-" | "‐" | "‑" | "–" | "/")
}

fn sentence_facts(
    article: &Article,
    toks: &[Tok],
    zone: Zone,
    first_word: Option<usize>,
    sentence: &Range<usize>,
    facts: &mut SectionFacts,
) {
    let prose = &article.prose;
    let text = |t: &Tok| &prose[t.range.clone()];
    let core = |t: &Tok| &prose[t.range.start..t.core_end];
    let lower_in = |t: &Tok, list: &[&str]| t.kind == TokKind::Lower && list.contains(&text(t));

    // Compounds: two words joined by a hyphen, an unspaced en dash or a slash, one of them a
    // name.
    for w in toks.windows(2) {
        let (a, b) = (&w[0], &w[1]);
        if a.kind == TokKind::Skip || b.kind == TokKind::Skip || a.possessive {
            continue;
        }
        let g = gap(prose, a, b);
        let joiner = match g {
            "-" | "‐" | "‑" => Joiner::Hyphen,
            "–" => Joiner::EnDash,
            "/" => Joiner::Slash,
            _ => continue,
        };
        let named = |t: &Tok| matches!(t.kind, TokKind::Cap | TokKind::Acronym);
        if !(named(a) || named(b)) || a.kind == TokKind::Number && b.kind == TokKind::Number {
            continue;
        }
        let mut parts = [token_key(core(a)), token_key(core(b))];
        parts.sort();
        facts.compounds.push(Compound {
            joiner_range: a.range.end..b.range.start,
            range: a.range.start..b.core_end,
            joiner,
            key: parts.join("|"),
        });
    }

    // Acronym uses.
    for (i, t) in toks.iter().enumerate() {
        if t.kind != TokKind::Acronym {
            continue;
        }
        let word = core(t);
        let key = acronym_key(word);
        if key.chars().filter(|c| c.is_alphabetic()).count() < 2 {
            continue;
        }
        let before = prose[..t.range.start].trim_end_matches(' ');
        let after = &prose[t.core_end..];
        let caps_neighbour = |j: Option<&Tok>| {
            j.is_some_and(|n| n.kind == TokKind::Acronym && n.range.end - n.range.start >= 2)
        };
        let next = toks.get(i + 1);
        let exempt = if key.chars().any(|c| c.is_ascii_digit())
            || after.starts_with(['-', '‑']) && after[1..].starts_with(|c: char| c.is_ascii_digit())
        {
            Exempt::Digits
        } else if is_roman(&key) {
            Exempt::RomanNumeral
        } else if (if key.len() <= 3 {
            SHORT_WORDS.contains(&key.as_str())
        } else {
            is_english_word(&key.to_lowercase()) && !ACRONYM_WORDS.contains(&key.as_str())
        }) || word.contains('.')
            && next.is_some_and(|n| n.kind == TokKind::Cap && gap(prose, t, n) == " ")
            && !KNOWN_ACRONYMS.contains(&key)
        {
            // An ordinary word in capitals ("PLAN", "MUST"), or initials of a name ("P.J.
            // Harvey", "George H.W. Bush").
            Exempt::Capitals
        } else if before.ends_with('$')
            || before.ends_with(':')
                && before
                    .trim_end_matches(':')
                    .ends_with(|c: char| c.is_uppercase() || c == 'q')
            || after.starts_with('.')
                && after[1..].starts_with(|c: char| c.is_ascii_uppercase())
                && !after[1..].starts_with(|c: char| c.is_lowercase())
                && after[1..]
                    .chars()
                    .take_while(|c| c.is_ascii_uppercase())
                    .count()
                    <= 2
                && after[1..].chars().nth(1).is_none_or(|c| c != '.')
            || next.is_some_and(|n| TICKER_NEXT.contains(&text(n)) && gap(prose, t, n) == " ")
        {
            Exempt::Ticker
        } else if (caps_neighbour(i.checked_sub(1).and_then(|j| toks.get(j)))
            && caps_neighbour(next))
            || caps_neighbour(next) && caps_neighbour(toks.get(i + 2))
            || i >= 2 && caps_neighbour(toks.get(i - 1)) && caps_neighbour(toks.get(i - 2))
        {
            Exempt::Capitals
        } else if before.ends_with('(') && after.starts_with(')') {
            Exempt::Parenthesised
        } else {
            Exempt::No
        };
        facts.acronyms.push(AcronymUse {
            range: t.range.start..t.core_end,
            key,
            zone,
            exempt,
        });
    }

    // Spelled-out names that may expand an acronym, and explicit definitions.
    let mut i = 0;
    while i < toks.len() {
        if !matches!(toks[i].kind, TokKind::Cap) {
            i += 1;
            continue;
        }
        let start = i;
        let mut end = i;
        let mut j = i;
        while j + 1 < toks.len() {
            let g = gap(prose, &toks[j], &toks[j + 1]);
            if toks[j].possessive || !(g == " " || g == "-" || g == ", ") {
                break;
            }
            let n = &toks[j + 1];
            if n.kind == TokKind::Cap && g != ", " {
                j += 1;
                end = j;
            } else if g == " " && (lower_in(n, EXPANSION_CONNECTORS) || text(n) == "&") {
                j += 1;
            } else {
                break;
            }
        }
        if end > start {
            let mut words = Vec::new();
            for k in start..=end {
                let t = &toks[k];
                let hyphen_part = k > start && gap(prose, &toks[k - 1], t) == "-";
                words.push((
                    core(t).to_lowercase(),
                    t.range.start..t.core_end,
                    hyphen_part,
                ));
            }
            facts.expansions.push(Expansion {
                range: toks[start].range.start..toks[end].core_end,
                words,
                sentence_start: sentence.start,
            });
        }
        i = end.max(j) + 1;
    }
    explicit_definitions(article, toks, sentence, facts);

    // Runs of name words.
    let mut i = 0;
    while i < toks.len() {
        let name_start = |t: &Tok| {
            matches!(
                t.kind,
                TokKind::Cap | TokKind::Acronym | TokKind::TitleAbbrev
            )
        };
        let particle_start = |k: usize| {
            lower_in(&toks[k], PARTICLES)
                && toks.get(k + 1).is_some_and(|n| {
                    n.kind == TokKind::Cap && matches!(gap(prose, &toks[k], n), " " | "-" | "‐")
                })
        };
        if !(name_start(&toks[i]) || particle_start(i)) {
            i += 1;
            continue;
        }
        let mut end = i;
        let mut j = i;
        while j + 1 < toks.len() && !toks[j].possessive {
            let g = gap(prose, &toks[j], &toks[j + 1]);
            let after_title = toks[j].kind == TokKind::TitleAbbrev && g == " ";
            if !is_run_gap(g) && !after_title {
                break;
            }
            let n = &toks[j + 1];
            if matches!(
                n.kind,
                TokKind::Cap | TokKind::Acronym | TokKind::TitleAbbrev
            ) {
                j += 1;
                end = j;
            } else if (particle_start(j + 1))
                || (g == " "
                    && n.kind == TokKind::Lower
                    && (text(n) == "of" || text(n) == "the" && text(&toks[j]) == "of")
                    && toks.get(j + 2).is_some_and(|m| m.kind == TokKind::Cap))
            {
                j += 1;
            } else if n.kind == TokKind::Number && g == " " && toks[j].kind == TokKind::Cap {
                // Single initials "George W. Bush" are split by the period; see below.
                break;
            } else {
                break;
            }
        }
        // Middle initials: "George W. Bush" — a capital letter, a period, a space.
        while end + 1 < toks.len() {
            let t = &toks[end];
            let n = &toks[end + 1];
            let g = gap(prose, t, n);
            if t.kind == TokKind::Cap
                && text(t).chars().count() == 1
                && g == ". "
                && n.kind == TokKind::Cap
                || g == " "
                    && n.kind == TokKind::Cap
                    && text(n).chars().count() == 1
                    && prose[n.range.end..].starts_with(". ")
                    && toks.get(end + 2).is_some_and(|m| m.kind == TokKind::Cap)
            {
                end += 1;
            } else {
                break;
            }
        }
        let mut start = i;
        // Drop leading function words ("The United States", "In Oman").
        while start <= end
            && toks[start].kind == TokKind::Cap
            && FUNCTION_WORDS.contains(&text(&toks[start]))
        {
            start += 1;
        }
        while start <= end && toks[start].kind == TokKind::Lower && !particle_start(start) {
            start += 1;
        }
        if start <= end {
            let run_toks = &toks[start..=end];
            let initial = first_word == Some(toks[start].range.start);
            push_run(article, run_toks, zone, initial, sentence, facts);
        }
        i = end.max(j) + 1;
    }
}

fn explicit_definitions(
    article: &Article,
    toks: &[Tok],
    sentence: &Range<usize>,
    facts: &mut SectionFacts,
) {
    let prose = &article.prose;
    let first_acronym = facts
        .acronyms
        .partition_point(|a| a.range.start < sentence.start);
    let first_expansion = facts
        .expansions
        .partition_point(|e| e.range.start < sentence.start);
    let _ = toks;
    let mut found = Vec::new();
    for a in &facts.acronyms[first_acronym..] {
        let after = &prose[a.range.end..];
        let before_len = found.len();
        for e in &facts.expansions[first_expansion..] {
            let between_before = prose.get(e.range.end..a.range.start).unwrap_or("");
            let between_after = prose.get(a.range.end..e.range.start).unwrap_or("");
            // "Long Name (ACRO)", "Long Name, or ACRO," and "Long Name, known as ACRO".
            let long_first = e.range.end <= a.range.start
                && (between_before.trim() == "(" && after.starts_with(')')
                    || matches!(
                        between_before,
                        ", or " | " or " | ", known as " | " known as " | ", or the "
                    ));
            // "ACRO (Long Name)".
            let acronym_first = a.range.end <= e.range.start
                && between_after.trim() == "("
                && prose[e.range.end..].starts_with(')');
            if !(long_first || acronym_first) {
                continue;
            }
            let letters = acronym_letters(&a.key);
            let matched = expands(&letters, &e.words).is_some()
                || long_first
                    && between_before.trim() == "("
                    && e.words.first().and_then(|w| w.0.chars().next()) == letters.first().copied();
            if matched {
                let span = expands(&letters, &e.words)
                    .map(|r| e.words[r.start].1.start..e.words[r.end - 1].1.end)
                    .filter(|_| !acronym_first)
                    .unwrap_or(e.range.clone());
                let span = if long_first {
                    span.start..e.range.end
                } else {
                    span
                };
                found.push(Definition {
                    key: a.key.clone(),
                    acronym: a.range.clone(),
                    expansion: span.clone(),
                    expansion_text: prose[span].to_string(),
                    sentence_start: sentence.start,
                });
                break;
            }
        }
        if found.len() > before_len {
            continue;
        }
        // A spelled-out name in lower case: "respiratory syncytial virus, or RSV", "gross
        // domestic product (GDP)".
        let head = &prose[sentence.start..a.range.start];
        let marker = [" (", ", or ", " or ", ", known as ", " known as "]
            .into_iter()
            .find(|m| head.ends_with(m) && (*m != " (" || after.starts_with(')')));
        let Some(marker) = marker else { continue };
        let end = a.range.start - marker.len();
        let mut words: Vec<Word> = Vec::new();
        let mut at = sentence.start;
        for w in prose[sentence.start..end].split(' ') {
            let range = at..at + w.len();
            at += w.len() + 1;
            let bare = w.trim_matches(|c: char| !c.is_alphanumeric());
            if bare.is_empty() {
                continue;
            }
            for (i, part) in bare.split('-').enumerate() {
                words.push((part.to_lowercase(), range.clone(), i > 0));
            }
        }
        let letters: Vec<char> = a
            .key
            .to_lowercase()
            .chars()
            .filter(|c| c.is_alphabetic())
            .collect();
        let from = words.len().saturating_sub(letters.len() * 2 + 2);
        for s in (from..words.len()).rev() {
            if let Some(r) = expands(&letters, &words[s..]) {
                if r.start == 0 && s + r.end == words.len() {
                    let span = words[s].1.start..end;
                    found.push(Definition {
                        key: a.key.clone(),
                        acronym: a.range.clone(),
                        expansion: span.clone(),
                        expansion_text: prose[span].to_string(),
                        sentence_start: sentence.start,
                    });
                    break;
                }
            }
        }
    }
    facts.definitions.extend(found);
}

/// Whether lower-case acronym `letters` spell out a contiguous stretch of `words` (lower-case
/// words, with whether each is the second part of a hyphenated word): each letter starts a
/// word; connectors and hyphenated second parts may be skipped.
/// Returns the stretch of words used.
pub(crate) fn expands(letters: &[char], words: &[Word]) -> Option<Range<usize>> {
    if letters.len() < 2 {
        return None;
    }
    let skippable = |w: &Word| w.2 || EXPANSION_CONNECTORS.contains(&w.0.as_str());
    for start in 0..words.len() {
        if skippable(&words[start]) || !words[start].0.starts_with(letters[0]) {
            continue;
        }
        if let Some(end) = expands_from(letters, words, 1, start, 1, &skippable) {
            return Some(start..end + 1);
        }
    }
    None
}

fn expands_from(
    letters: &[char],
    words: &[Word],
    li: usize,
    wi: usize,
    _pos: usize,
    skippable: &dyn Fn(&Word) -> bool,
) -> Option<usize> {
    if li == letters.len() {
        return Some(wi);
    }
    for (k, w) in words.iter().enumerate().skip(wi + 1) {
        if w.0.starts_with(letters[li]) {
            if let Some(e) = expands_from(letters, words, li + 1, k, 1, skippable) {
                return Some(e);
            }
        }
        if !skippable(w) {
            break;
        }
    }
    None
}

/// The group key part of one word: its variant group if it has one, else its folded form.
fn token_key(word: &str) -> String {
    let f = fold(word);
    match VARIANTS.get(&f) {
        Some((group, VariantKind::Entity | VariantKind::Historic)) => format!("<{group}>"),
        _ => f,
    }
}

/// Words before a historic name that explain it ("formerly Bombay", "also known as Burma").
const RENAMING_CUES: &[&str] = &[
    "formerly",
    "former",
    "once",
    "previously",
    "known as",
    "called",
    "renamed",
    "named",
    "then",
    "old name",
    "colonial",
];

fn push_run(
    article: &Article,
    toks: &[Tok],
    zone: Zone,
    sentence_initial: bool,
    sentence: &Range<usize>,
    facts: &mut SectionFacts,
) {
    let prose = &article.prose;
    let text = |t: &Tok| &prose[t.range.start..t.core_end];
    let in_quote = article.in_quote(toks[0].range.start);
    let last = toks.last().expect("a run has a word");
    let run_range = toks[0].range.start..last.core_end;

    // Person facts: words with their classes.
    let words: Vec<RunWord> = toks
        .iter()
        .map(|t| {
            let w = text(t);
            let class = if t.kind == TokKind::TitleAbbrev && COURTESY.contains(w) {
                WordClass::Courtesy
            } else if t.kind == TokKind::TitleAbbrev || WORD_LISTS.titles.contains(w) {
                WordClass::Title
            } else if WORD_LISTS.modifiers.contains(w) {
                WordClass::Modifier
            } else if WORD_LISTS.orgs.contains(w) || t.kind == TokKind::Acronym {
                WordClass::Org
            } else if WORD_LISTS.royal.contains(w) {
                WordClass::Royal
            } else if t.kind == TokKind::Lower && PARTICLES.contains(&w) {
                WordClass::Particle
            } else if t.kind == TokKind::Lower {
                WordClass::Connector
            } else if w.chars().count() == 1 {
                WordClass::Initial
            } else {
                WordClass::Name
            };
            RunWord {
                range: t.range.start..t.core_end,
                key: fold(w).into(),
                text: CompactString::new(w),
                class,
            }
        })
        .collect();
    let before_word = prose[sentence.start..run_range.start]
        .trim_end_matches(' ')
        .rsplit(' ')
        .next()
        .unwrap_or("");
    let appositive = prose[..run_range.start].ends_with(", ")
        && prose[last.core_end..].starts_with(',')
        && is_role_noun(before_word.trim_end_matches(','));
    // After a preposition ("born in Cyprus, who…") the context is about someone else.
    let object = matches!(
        before_word,
        "in" | "of" | "from" | "at" | "to" | "for" | "by" | "with" | "on" | "into" | "near"
    );
    // "Columbus, Indiana, who…" (a place in apposition), "the Wild, who…" (a team).
    let apposed_place = prose[..run_range.start].ends_with(", ")
        && prose[sentence.start..run_range.start]
            .trim_end_matches(", ")
            .rsplit(' ')
            .next()
            .is_some_and(|w| w.starts_with(|c: char| c.is_uppercase()));
    let after_article = ["the", "a", "an", "The", "A", "An"].contains(&before_word);
    let person_cue = if object || apposed_place || after_article {
        Cue::None
    } else if appositive
        || is_role_noun(before_word)
            && !before_word.ends_with('s')
            && before_word != "head"
            && prose[..run_range.start].ends_with(' ')
    {
        // "coach Matteo Conti", "special envoy Dana Whitlock"
        Cue::Strong
    } else {
        person_cue_after(&prose[last.core_end..sentence.end.max(last.core_end)])
    };
    let before_run = &prose[sentence.start..run_range.start];
    let attributive = ["the ", "a ", "an ", "The ", "A ", "An "].iter().any(|a| {
        before_run.ends_with(a)
            && !before_run[..before_run.len() - a.len()].ends_with(char::is_alphanumeric)
    });
    facts.runs.push(Run {
        words,
        zone,
        in_quote,
        attributive,
        person_cue,
    });

    // Mentions: spans of up to four words, titles excluded.
    let skip_titles = toks
        .iter()
        .take_while(|t| t.kind == TokKind::TitleAbbrev)
        .count();
    let toks = &toks[skip_titles..];
    if toks.is_empty() {
        return;
    }
    let n = toks.len();
    let sentence_text = &prose[sentence.clone()];
    // Each word's folded form and variant group, once.
    let parts: Vec<(String, Option<(&'static str, VariantKind)>)> = toks
        .iter()
        .map(|t| {
            let f = fold(text(t));
            let v = VARIANTS.get(&f);
            (f, v)
        })
        .collect();
    for i in 0..n {
        for j in i..n.min(i + 4) {
            let a = &toks[i];
            let b = &toks[j];
            if b.kind == TokKind::Lower
                || a.kind == TokKind::Lower && !PARTICLES.contains(&text(a))
                || a.kind == TokKind::Skip
                || b.kind == TokKind::Skip
                || toks[i..j]
                    .iter()
                    .any(|t| t.possessive || t.kind == TokKind::Skip)
                || i == j && a.kind != TokKind::Cap && a.kind != TokKind::Acronym
                || text(a).chars().count() == 1
                || text(b).chars().count() == 1
            {
                continue;
            }
            let range = a.range.start..b.core_end;
            let form = &prose[range.clone()];
            let folded: String = if i == j {
                parts[i].0.clone()
            } else {
                parts[i..=j].iter().map(|p| p.0.as_str()).collect()
            };
            if folded.is_empty() {
                continue;
            }
            let standalone = i == 0 && j == n - 1;
            let initial = sentence_initial && i == 0 && skip_titles == 0;
            let single = i == j;
            let mut key = None;
            let whole = if i == j {
                parts[i].1
            } else {
                VARIANTS.get(&folded)
            };
            if let Some((group, kind)) = whole {
                match kind {
                    VariantKind::Given => {}
                    VariantKind::Entity => key = Some(format!("<{group}>")),
                    VariantKind::Historic => {
                        let before = sentence_text[..range.start - sentence.start].to_lowercase();
                        let explained = RENAMING_CUES.iter().any(|c| before.contains(c))
                            || sentence_text[range.end - sentence.start..]
                                .to_lowercase()
                                .contains("formerly");
                        if !standalone || explained {
                            continue;
                        }
                        key = Some(format!("<{group}>"));
                    }
                }
            }
            let key = key.unwrap_or_else(|| {
                if parts[i..=j].iter().all(|p| p.1.is_none()) {
                    return folded.clone();
                }
                let mut k = String::new();
                for (x, (f, v)) in parts[i..=j].iter().enumerate() {
                    match v {
                        Some((group, VariantKind::Given)) if x + i < j => {
                            k.push_str(&format!("[{group}]"));
                        }
                        Some((group, VariantKind::Entity)) => k.push_str(&format!("<{group}>")),
                        _ => k.push_str(f),
                    }
                }
                k
            });
            if single && initial && a.kind == TokKind::Cap && EXTRA_OPENERS.contains(&text(a)) {
                continue;
            }
            // Brands that write the abbreviation their own way ("US Airways", "USA Today").
            if single
                && a.kind == TokKind::Acronym
                && toks
                    .get(j + 1)
                    .is_some_and(|n| BRAND_WORDS.contains(&text(n)))
            {
                continue;
            }
            facts.mentions.push(Mention {
                range,
                key_hash: hash_str(&key),
                form_hash: hash_str(form),
                key: key.into(),
                form: CompactString::new(form),
                zone,
                sentence_initial: initial,
                words: (j - i + 1) as u8,
                standalone,
                acronym: single && a.kind == TokKind::Acronym,
            });
        }
    }
}

/// Words that make an abbreviation part of a brand name with its own spelling: "US
/// Airways", "US Foods", "USA Today".
const BRAND_WORDS: &[&str] = &[
    "Airways", "Bancorp", "Foods", "Weekly", "Today", "Cellular", "Magazine",
];

/// Capitalised sentence openers that are not names, on top of the function words.
const EXTRA_OPENERS: &[&str] = &[
    "Us", "Am", "Is", "Are", "Was", "Were", "Do", "Did", "Does", "Can", "Will", "Would", "Should",
    "Could", "May", "Might", "Must", "Let", "Yes", "Please", "Asked", "Told",
];

// ---------------------------------------------------------------------------------------------
// Story-level grouping

/// One spelling of a name in a story, with its mentions.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    /// As first written in the body (or the headline, if the body never uses it).
    pub display: String,
    pub spelling: String,
    pub casing: String,
    /// Mentions in the body.
    pub body: usize,
    /// Every mention's story range, sentence-initial flag and zone.
    pub mentions: Vec<(Range<usize>, bool, Zone)>,
    pub standalone: bool,
    pub acronym: bool,
}

/// The forms of one group in a story, when there are several.
#[derive(Debug, Clone)]
pub(crate) struct Group {
    pub key: String,
    pub words: u8,
    pub forms: Vec<Form>,
}

/// The headline form a headline mention may use instead of the body form ("US" for "U.S."):
/// returns the mention's spelling with headline abbreviations written as in the body.
fn headline_as_body(form: &str) -> Option<String> {
    let mut changed = false;
    let out: Vec<String> = form
        .split_inclusive([' ', '-', '–', '/'])
        .map(|w| {
            let bare = w.trim_end_matches([' ', '-', '–', '/']);
            match HEADLINE_FORMS.get(&fold(bare)) {
                Some((head, body)) if bare == *head => {
                    changed = true;
                    format!("{body}{}", &w[bare.len()..])
                }
                _ => w.to_string(),
            }
        })
        .collect();
    changed.then(|| spelling(&out.concat()))
}

/// Groups the story's mentions by key and returns the groups written in more than one form.
/// Headline abbreviations in AP's headline form ("US" in a headline) are left out; a headline
/// mention that matches a body form once its abbreviations are written as in the body joins
/// that form.
pub(crate) fn split_groups(sections: &[(usize, Arc<SectionFacts>)]) -> Vec<Group> {
    // First pass, on hashes only: which keys are written in more than one form. Most are not.
    let mut forms_of: FxHashMap<u64, (u64, bool)> = FxHashMap::default();
    for (_, f) in sections {
        for m in &f.mentions {
            let e = forms_of.entry(m.key_hash).or_insert((m.form_hash, false));
            e.1 |= e.0 != m.form_hash;
        }
    }
    let mut by_key: FxHashMap<u64, Vec<(usize, &Mention)>> = FxHashMap::default();
    for (base, f) in sections {
        for m in &f.mentions {
            if forms_of.get(&m.key_hash).is_some_and(|e| e.1) {
                by_key.entry(m.key_hash).or_default().push((*base, m));
            }
        }
    }
    groups_in(by_key)
}

/// [`split_groups`] for a story being checked: which keys have several forms comes from
/// story-wide counts of each section's (key, form) pairs, kept between checks, so a keystroke
/// reads the mentions of the sections that hold such a key and no others.
pub(crate) fn story_groups(doc: &Document, sections: &[(usize, Arc<SectionFacts>)]) -> Vec<Group> {
    const KEY: &str = "entities-forms";
    let parts = doc.derive(KEY, sections, |_, f| form_counts(f));
    let multi: FxHashSet<u64> = doc.tally(KEY, &parts, |totals| {
        let mut first: FxHashMap<u64, u64> = FxHashMap::default();
        let mut multi = FxHashSet::default();
        for &(key, form) in totals.keys() {
            if *first.entry(key).or_insert(form) != form {
                multi.insert(key);
            }
        }
        multi
    });
    if multi.is_empty() {
        return Vec::new();
    }
    // The mentions of those keys only, from the sections that hold them.
    let index = doc.derive("entities-mentions-by-key", sections, |_, f| {
        mentions_by_key(f)
    });
    let mut by_key: FxHashMap<u64, Vec<(usize, &Mention)>> = FxHashMap::default();
    for ((base, f), (_, index)) in sections.iter().zip(&index) {
        for k in &multi {
            if let Some(found) = index.get(k) {
                by_key
                    .entry(*k)
                    .or_default()
                    .extend(found.iter().map(|&i| (*base, &f.mentions[i as usize])));
            }
        }
    }
    groups_in(by_key)
}

/// How many mentions of each (key, form) a section holds, by hash.
fn form_counts(f: &SectionFacts) -> Vec<((u64, u64), u32)> {
    let mut counts: FxHashMap<(u64, u64), u32> = FxHashMap::default();
    for m in &f.mentions {
        *counts.entry((m.key_hash, m.form_hash)).or_default() += 1;
    }
    counts.into_iter().collect()
}

/// A section's mentions by key hash, as indices in story order.
fn mentions_by_key(f: &SectionFacts) -> FxHashMap<u64, Vec<u32>> {
    let mut by_key: FxHashMap<u64, Vec<u32>> = FxHashMap::default();
    for (i, m) in f.mentions.iter().enumerate() {
        by_key.entry(m.key_hash).or_default().push(i as u32);
    }
    by_key
}

/// The groups of keys written in several forms, from each key's mentions in story order, in
/// the order the naming rules report them.
fn groups_in(by_key: FxHashMap<u64, Vec<(usize, &Mention)>>) -> Vec<Group> {
    let mut out = Vec::new();
    for mentions in by_key.into_values() {
        let key = mentions[0].1.key.as_str();
        if let Some(g) = group_forms(key, &mentions) {
            out.push(g);
        }
    }
    // Whole names written with spaces come first, longest first ("Sao Paulo" rather than
    // "Sao"); then everything else, shortest first ("US" rather than "US-Iran", whose joiner
    // is `mixed-dash-style`'s).
    let order = |g: &Group| {
        let whole = g.words > 1
            && g.forms
                .iter()
                .all(|f| f.standalone && !f.display.contains(|c: char| is_dash_joiner(c)));
        let words = if whole {
            -(g.words as i32)
        } else {
            g.words as i32
        };
        (!whole, words, g.forms[0].mentions[0].0.start)
    };
    // The key breaks ties, so the order never depends on the hash map's.
    out.sort_by(|a, b| order(a).cmp(&order(b)).then_with(|| a.key.cmp(&b.key)));
    out
}

/// The forms of a group's mentions: body mentions by spelling and case; headline mentions
/// joined to a body form of the same spelling (see [`split_groups`]).
pub(crate) fn collect_forms(mentions: &[(usize, &Mention)]) -> Vec<Form> {
    let mut forms: Vec<Form> = Vec::new();
    let mut heads: Vec<(usize, &Mention)> = Vec::new();
    // A group's mentions are mostly a few forms written many times: each form is looked up
    // once, by its hash.
    let mut index_of: FxHashMap<u64, usize> = FxHashMap::default();
    for &(base, m) in mentions {
        let range = base + m.range.start..base + m.range.end;
        if m.zone == Zone::Headline {
            // "US" alone in a headline is AP's headline form, whatever the body writes.
            if m.acronym
                && HEADLINE_FORMS
                    .get(&fold(&m.form))
                    .is_some_and(|(head, _)| *head == m.form)
            {
                continue;
            }
            heads.push((base, m));
            continue;
        }
        let i = match index_of.get(&m.form_hash) {
            Some(&i) => i,
            None => {
                let (sp, ca) = (spelling(&m.form), casing(&m.form));
                let i = match forms
                    .iter()
                    .position(|f| f.spelling == sp && f.casing == ca)
                {
                    Some(i) => i,
                    None => {
                        forms.push(Form {
                            display: m.form.to_string(),
                            spelling: sp,
                            casing: ca,
                            body: 0,
                            mentions: Vec::new(),
                            standalone: false,
                            acronym: m.acronym,
                        });
                        forms.len() - 1
                    }
                };
                index_of.insert(m.form_hash, i);
                i
            }
        };
        let f = &mut forms[i];
        f.body += 1;
        f.mentions.push((range, m.sentence_initial, m.zone));
        f.standalone |= m.standalone;
    }
    for (base, m) in heads {
        let range = base + m.range.start..base + m.range.end;
        let sp = spelling(&m.form);
        let alt = headline_as_body(&m.form);
        let found = forms
            .iter_mut()
            .filter(|f| f.spelling == sp || alt.as_ref() == Some(&f.spelling))
            .max_by_key(|f| f.body);
        match found {
            Some(f) => f.mentions.push((range, m.sentence_initial, m.zone)),
            None => forms.push(Form {
                display: m.form.to_string(),
                spelling: sp,
                casing: casing(&m.form),
                body: 0,
                mentions: vec![(range, m.sentence_initial, m.zone)],
                standalone: m.standalone,
                acronym: m.acronym,
            }),
        }
    }
    // An all-capitals form and a form in lower case are one name only when the latter stands
    // alone ("Nasa"), not inside a longer name ("Ai" in "Ai Weiwei").
    if forms.iter().any(|f| f.acronym) {
        let acronym_spellings: Vec<String> = forms
            .iter()
            .filter(|f| f.acronym)
            .map(|f| f.spelling.clone())
            .collect();
        forms.retain(|f| {
            f.acronym
                || (f.standalone || acronym_spellings.contains(&f.spelling))
                    && !(f.display.split([' ', '-']).count() == 1
                        && is_english_word(&f.display.to_lowercase()))
        });
    }
    forms
}

pub(crate) fn group_forms(key: &str, mentions: &[(usize, &Mention)]) -> Option<Group> {
    let forms = collect_forms(mentions);
    if forms.len() < 2 || forms.iter().all(|f| f.body == 0) {
        return None;
    }
    let words = mentions.first().map(|(_, m)| m.words).unwrap_or(1);
    Some(Group {
        key: key.to_string(),
        words,
        forms,
    })
}

impl Group {
    /// The form the story mostly uses: most body mentions, then the earliest.
    pub(crate) fn dominant(&self) -> usize {
        let mut best = 0;
        for (i, f) in self.forms.iter().enumerate() {
            let b = &self.forms[best];
            let score = |f: &Form| (f.body, f.mentions.len());
            if score(f) > score(b)
                || score(f) == score(b) && f.mentions[0].0.start < b.mentions[0].0.start
            {
                best = i;
            }
        }
        best
    }
}

/// The configured house form that belongs to group `key`, if any.
pub(crate) fn house_form_for<'a>(key: &str, house: &'a [String]) -> Option<&'a str> {
    house
        .iter()
        .find(|h| house_key(h) == key)
        .map(String::as_str)
}

/// The group key a configured house form belongs to.
pub(crate) fn house_key(form: &str) -> String {
    let folded = fold(form);
    match VARIANTS.get(&folded) {
        Some((group, VariantKind::Entity | VariantKind::Historic)) => format!("<{group}>"),
        _ => {
            let words: Vec<&str> = form
                .split([' ', '-', '–'])
                .filter(|w| !w.is_empty())
                .collect();
            if words.len() <= 1 {
                return folded;
            }
            words.iter().map(|w| token_key(w)).collect()
        }
    }
}

/// `target` written to replace a mention: a capital first letter at a sentence start.
pub(crate) fn as_replacement(target: &str, sentence_initial: bool) -> String {
    if sentence_initial {
        let mut c = target.chars();
        match c.next() {
            Some(f) if f.is_lowercase() => f.to_uppercase().chain(c).collect(),
            _ => target.to_string(),
        }
    } else {
        target.to_string()
    }
}

/// Whether an acronym needs no definition, by the built-in list or settings.
pub(crate) fn is_known_acronym(key: &str, config: &crate::core::config::Config) -> bool {
    KNOWN_ACRONYMS.contains(key) || config.is_known_acronym(key)
}

/// What a story does with one acronym.
#[derive(Debug, Clone)]
pub(crate) struct AcronymInfo {
    pub key: String,
    pub known: bool,
    /// Uses that need a definition (not exempt), in story offsets, with zone and quote flag.
    pub uses: Vec<(Range<usize>, Zone)>,
    /// Explicit definitions, in story offsets, in order.
    pub definitions: Vec<Definition>,
    /// The first place the story spells the acronym out, with or without a definition.
    pub first_expansion: Option<Range<usize>>,
    /// Where the sentence of the first spelled-out form starts.
    pub first_sentence: usize,
}

/// Every acronym of the story with its uses, definitions and first spelled-out form.
pub(crate) fn acronyms(
    sections: &[(usize, Arc<SectionFacts>)],
    config: &crate::core::config::Config,
) -> Vec<AcronymInfo> {
    let shift = |base: usize, r: &Range<usize>| base + r.start..base + r.end;
    let mut by_key: FxHashMap<&str, AcronymInfo> = FxHashMap::default();
    let mut order: Vec<&str> = Vec::new();
    for (base, f) in sections {
        for a in &f.acronyms {
            let info = by_key.entry(a.key.as_str()).or_insert_with(|| {
                order.push(a.key.as_str());
                AcronymInfo {
                    key: a.key.clone(),
                    known: is_known_acronym(&a.key, config),
                    uses: Vec::new(),
                    definitions: Vec::new(),
                    first_expansion: None,
                    first_sentence: 0,
                }
            });
            if a.exempt == Exempt::No {
                info.uses.push((shift(*base, &a.range), a.zone));
            }
        }
    }
    for (base, f) in sections {
        for d in &f.definitions {
            if let Some(info) = by_key.get_mut(d.key.as_str()) {
                let mut d = d.clone();
                d.acronym = shift(*base, &d.acronym);
                d.expansion = shift(*base, &d.expansion);
                d.sentence_start += base;
                if info.first_expansion.is_none() {
                    info.first_expansion = Some(d.expansion.clone());
                    info.first_sentence = d.sentence_start;
                }
                info.definitions.push(d);
            }
        }
    }
    // Spelled-out forms without a definition ("the International Atomic Energy Agency … the
    // IAEA"): AP's way of introducing an acronym.
    for info in by_key.values_mut() {
        // Two letters match too many names by chance ("AC" / "Amazon Credit"): only an
        // explicit definition introduces them.
        if info.known
            || info.uses.is_empty()
            || info.key.chars().filter(|c| c.is_alphabetic()).count() < 3
        {
            continue;
        }
        let letters = acronym_letters(&info.key);
        let Some(&first) = letters.first() else {
            continue;
        };
        'sections: for (base, f) in sections {
            for e in &f.expansions {
                let start = base + e.range.start;
                if info
                    .first_expansion
                    .as_ref()
                    .is_some_and(|x| x.start <= start)
                {
                    break 'sections;
                }
                if !e.words.iter().any(|w| w.0.starts_with(first)) {
                    continue;
                }
                // The full name is the whole run, or starts or ends it ("International
                // Atomic Energy Agency Director General Rafael Grossi").
                if let Some(r) =
                    expands(&letters, &e.words).filter(|r| r.start == 0 || r.end == e.words.len())
                {
                    info.first_expansion =
                        Some(base + e.words[r.start].1.start..base + e.words[r.end - 1].1.end);
                    info.first_sentence = base + e.sentence_start;
                    break 'sections;
                }
            }
        }
    }
    order.into_iter().filter_map(|k| by_key.remove(k)).collect()
}

/// An acronym's letters, lower-cased, without periods or digits: "U.N.H.C.R." → `unhcr`.
fn acronym_letters(key: &str) -> Vec<char> {
    key.to_lowercase()
        .chars()
        .filter(|c| c.is_alphabetic())
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn token_scanner_matches_the_token_regex() {
        let re = Regex::new(
            r"(?:\p{Lu}\.){2,}|\p{Lu}+&\p{Lu}+|[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['’ʼ][\p{L}\p{M}]+)*",
        )
        .unwrap();
        let samples = [
            "The U.S. and the U.N. met AT&T and S&P executives in Washington, D.C.",
            "O’Brien didn't go; the players’ union's rep said 'no' to O'Neill.",
            "COVID-19 hit Zürich, São Paulo and Kraków; Ṣẹ̀gun Adéwálé spoke.",
            "U.S «quoted» A.B.C.D. x.y.z. I.T & J.K &X A& 3.5 4'10\" ’tis rock ’n’ roll",
            "Хрущёв, 北京市, नमस्ते, اَلْعَرَبِيَّة, e\u{301}cole",
            "",
            "...!!",
        ];
        for text in samples {
            let expected: Vec<_> = re.find_iter(text).map(|m| m.range()).collect();
            assert_eq!(token_ranges(text), expected, "{text}");
        }
    }

    use super::*;
    use crate::core::article::SourceKind;

    fn facts_of(text: &str) -> SectionFacts {
        let a = Article::parse(text, SourceKind::Plain);
        section_facts(&a, 0..text.len())
    }

    fn keys(text: &str) -> Vec<(String, String)> {
        facts_of(text)
            .mentions
            .into_iter()
            .map(|m| (m.form.into(), m.key.into()))
            .collect()
    }

    #[test]
    fn folding_joins_the_forms_of_a_name() {
        assert_eq!(fold("Al-Jazeera’s"), "aljazeera’s".replace('’', ""));
        assert_eq!(fold("U.S."), "us");
        assert_eq!(fold("São Paulo"), "saopaulo");
        assert_eq!(fold("Erdoğan"), "erdogan");
    }

    #[test]
    fn possessives_are_not_part_of_the_name() {
        let k = keys("He praised Al Jazeera’s coverage of the U.S.’s talks.");
        assert!(
            k.contains(&("Al Jazeera".into(), "<aljazeera>".into())),
            "{k:?}"
        );
        assert!(k.contains(&("U.S.".into(), "us".into())), "{k:?}");
    }

    #[test]
    fn variant_spellings_share_a_group() {
        let k = keys("Moammar Gadhafi met Qaddafi loyalists and el-Qaddafi aides.");
        assert!(k.contains(&("Gadhafi".into(), "<gaddafi>".into())), "{k:?}");
        assert!(k.contains(&("Qaddafi".into(), "<gaddafi>".into())), "{k:?}");
        // The prefixed full form is its own key, so it never conflicts with "Qaddafi".
        assert!(
            k.contains(&("el-Qaddafi".into(), "el<gaddafi>".into())),
            "{k:?}"
        );
    }

    #[test]
    fn historic_names_inside_longer_names_do_not_count() {
        let k = keys("The Bombay High Court ruled in Mumbai.");
        assert!(!k.contains(&("Bombay".into(), "<mumbai>".into())), "{k:?}");
        let k = keys("Myanmar, formerly known as Burma, voted.");
        assert!(!k.contains(&("Burma".into(), "<myanmar>".into())), "{k:?}");
    }

    #[test]
    fn headlines_and_datelines_are_zoned() {
        let text = "US and Iran Talk in Oman\n\nWASHINGTON (AP) — The U.S. said it would talk.\n";
        let f = facts_of(text);
        let us: Vec<_> = f
            .mentions
            .iter()
            .filter(|m| m.key == "us")
            .map(|m| (m.form.as_str(), m.zone))
            .collect();
        assert_eq!(us, vec![("US", Zone::Headline), ("U.S.", Zone::Body)]);
        assert!(!f.mentions.iter().any(|m| m.form == "WASHINGTON"));
    }

    #[test]
    fn brand_spellings_are_not_mentions_of_the_abbreviation() {
        let k = keys("U.S. officials met US Airways pilots and USA Today reporters.");
        let us: Vec<_> = k
            .iter()
            .filter(|(_, key)| key == "us" || key == "usa")
            .collect();
        assert_eq!(us, vec![&("U.S.".to_string(), "us".to_string())], "{k:?}");
    }

    #[test]
    fn compounds_and_joiners() {
        let f = facts_of("The US-Iran talks and the U.S.–Iran deal and US/Iran ties.");
        let c: Vec<_> = f
            .compounds
            .iter()
            .map(|c| (c.key.as_str(), c.joiner))
            .collect();
        assert_eq!(
            c,
            vec![
                ("iran|us", Joiner::Hyphen),
                ("iran|us", Joiner::EnDash),
                ("iran|us", Joiner::Slash)
            ]
        );
    }

    #[test]
    fn acronym_expansions() {
        let words = |s: &str| -> Vec<Word> {
            s.split(' ')
                .flat_map(|w| {
                    let parts: Vec<&str> = w.split('-').collect();
                    parts
                        .into_iter()
                        .enumerate()
                        .map(|(i, p)| (p.to_lowercase(), 0..0, i > 0))
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        let l = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(expands(&l("iaea"), &words("International Atomic Energy Agency")).is_some());
        assert!(expands(&l("fda"), &words("Food and Drug Administration")).is_some());
        assert!(expands(&l("npt"), &words("Nuclear Non-Proliferation Treaty")).is_some());
        assert!(expands(
            &l("oecd"),
            &words("Organisation for Economic Co-operation and Development")
        )
        .is_some());
        assert!(expands(&l("fbi"), &words("Central Intelligence Agency")).is_none());
    }

    #[test]
    fn explicit_definitions_are_found() {
        let f = facts_of(
            "The Joint Comprehensive Plan of Action (JCPOA) was signed. The Food and Drug Administration, or FDA, agreed. The ECB (European Central Bank) held rates.",
        );
        let d: Vec<_> = f
            .definitions
            .iter()
            .map(|d| (d.key.as_str(), d.expansion_text.as_str()))
            .collect();
        assert_eq!(
            d,
            vec![
                ("JCPOA", "Joint Comprehensive Plan of Action"),
                ("FDA", "Food and Drug Administration"),
                ("ECB", "European Central Bank")
            ]
        );
    }

    #[test]
    fn acronym_exemptions() {
        let f = facts_of(
            "Shares of GE rose (NYSE: GE) as the F-16 and MH17 files and World War II and the BXE token and KEN and WE ARE HERE.",
        );
        let ex: Vec<_> = f
            .acronyms
            .iter()
            .map(|a| (a.key.as_str(), a.exempt))
            .collect();
        assert!(ex.contains(&("GE", Exempt::No)), "{ex:?}");
        assert!(ex.contains(&("GE", Exempt::Ticker)), "{ex:?}");
        assert!(
            ex.contains(&("F", Exempt::Digits)) || !ex.iter().any(|(k, _)| *k == "F"),
            "{ex:?}"
        );
        assert!(ex.contains(&("MH17", Exempt::Digits)), "{ex:?}");
        assert!(ex.contains(&("II", Exempt::RomanNumeral)), "{ex:?}");
        assert!(ex.contains(&("BXE", Exempt::Ticker)), "{ex:?}");
        assert!(ex.contains(&("ARE", Exempt::Capitals)), "{ex:?}");
    }

    #[test]
    fn person_runs_and_cues() {
        let f = facts_of("Finance Minister Anna Kowalczyk spoke. Kowalczyk, who is 54, left. Mr. Rubio said he would go.");
        let runs: Vec<_> = f
            .runs
            .iter()
            .map(|r| {
                (
                    r.words
                        .iter()
                        .map(|w| w.text.as_str())
                        .collect::<Vec<_>>()
                        .join(" "),
                    r.person_cue,
                )
            })
            .collect();
        assert!(
            runs.contains(&("Finance Minister Anna Kowalczyk".into(), Cue::None)),
            "{runs:?}"
        );
        assert!(
            runs.contains(&("Kowalczyk".into(), Cue::Strong)),
            "{runs:?}"
        );
        assert!(runs.contains(&("Mr. Rubio".into(), Cue::Weak)), "{runs:?}");
    }
}

//! What the chrome rules know about the lines of a story, and where its body is.
//!
//! Three stages. [`facts`] looks at each text line of a section on its own: its shape (running
//! prose, a headline-like title, a short label, a list item, a byline or a date), counts the
//! line model reads (letters, capitals, digits, punctuation, function words, surface marks) and
//! any explicit chrome cue (a phrase from `data/chrome_phrases.txt`, or a pattern such as a
//! reading time, a view counter, a URL slug, a hashtag line or a lone character). That is the
//! heavy part, cached per section. [`Layout::new`] then decides over the whole story, cheaply.
//! First the hand-written rules: where the article body is (the stretch of lines with the most
//! running prose, found as a maximum sum segment), which lines before it are the story's header
//! (headline, standfirst, byline, dateline), and which lines are furniture by position: uncued
//! lines outside the header and body, and short lines boxed in between furniture or listed
//! under a "Related"-style heading. Then the line model (`model.rs`, over the features of
//! `features.rs`) decides every line the rules do not [`settled`]: cued lines, the repeated
//! headline and what writers keep are settled; a line the rules flag by position needs only
//! the model's assent, any other line its confidence.

use crate::core::article::{Article, BlockKind, SourceKind};
use crate::core::document::Document;
use crate::core::lexicon::PhraseSet;
use crate::core::rules::chrome::features::{Story, NAMES};
use crate::core::rules::chrome::model;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

/// The per-section cache key shared by the chrome rules.
pub(crate) const KEY: &str = "chrome-lines";

/// What kind of furniture a cue points at (named in messages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Share,
    Print,
    Follow,
    Subscribe,
    Newsletter,
    Comments,
    Related,
    Ad,
    Sponsor,
    Nav,
    Tags,
    Author,
    Credit,
    Copyright,
    Cookies,
    Promo,
    Gallery,
    Timestamp,
    ReadingTime,
    Counter,
    Rating,
    Logo,
    Slug,
    Handle,
    Hashtags,
    Link,
    LoneChar,
    Configured,
}

impl Kind {
    fn from_key(key: &str) -> Option<Kind> {
        Some(match key {
            "share" => Kind::Share,
            "print" => Kind::Print,
            "follow" => Kind::Follow,
            "subscribe" => Kind::Subscribe,
            "newsletter" => Kind::Newsletter,
            "comments" => Kind::Comments,
            "related" => Kind::Related,
            "ad" => Kind::Ad,
            "sponsor" => Kind::Sponsor,
            "nav" => Kind::Nav,
            "tags" => Kind::Tags,
            "author" => Kind::Author,
            "credit" => Kind::Credit,
            "copyright" => Kind::Copyright,
            "cookies" => Kind::Cookies,
            "promo" => Kind::Promo,
            "gallery" => Kind::Gallery,
            "timestamp" => Kind::Timestamp,
            _ => return None,
        })
    }

    /// A stable number for the kind, which the line model reads: part of the model file's
    /// contract, so a new kind gets a new number and no number changes.
    pub(crate) fn code(self) -> u32 {
        match self {
            Kind::Share => 0,
            Kind::Print => 1,
            Kind::Follow => 2,
            Kind::Subscribe => 3,
            Kind::Newsletter => 4,
            Kind::Comments => 5,
            Kind::Related => 6,
            Kind::Ad => 7,
            Kind::Sponsor => 8,
            Kind::Nav => 9,
            Kind::Tags => 10,
            Kind::Author => 11,
            Kind::Credit => 12,
            Kind::Copyright => 13,
            Kind::Cookies => 14,
            Kind::Promo => 15,
            Kind::Gallery => 16,
            Kind::Timestamp => 17,
            Kind::ReadingTime => 18,
            Kind::Counter => 19,
            Kind::Rating => 20,
            Kind::Logo => 21,
            Kind::Slug => 22,
            Kind::Handle => 23,
            Kind::Hashtags => 24,
            Kind::Link => 25,
            Kind::LoneChar => 26,
            Kind::Configured => 27,
        }
    }

    /// How the kind reads in a message.
    pub(crate) fn describe(self) -> &'static str {
        match self {
            Kind::Share => "share buttons",
            Kind::Print => "print button",
            Kind::Follow => "follow prompt",
            Kind::Subscribe => "subscription or login link",
            Kind::Newsletter => "newsletter box",
            Kind::Comments => "comment section",
            Kind::Related => "related-stories list",
            Kind::Ad => "advertisement marker",
            Kind::Sponsor => "sponsor or partner caption",
            Kind::Nav => "navigation",
            Kind::Tags => "tag list",
            Kind::Author => "author box",
            Kind::Credit => "photo credit",
            Kind::Copyright => "copyright footer",
            Kind::Cookies => "cookie notice",
            Kind::Promo => "promotional footer",
            Kind::Gallery => "media widget",
            Kind::Timestamp => "page timestamp",
            Kind::ReadingTime => "reading time",
            Kind::Counter => "view or comment counter",
            Kind::Rating => "score widget",
            Kind::Logo => "logo caption",
            Kind::Slug => "URL slug",
            Kind::Handle => "social-media handle",
            Kind::Hashtags => "hashtags",
            Kind::Link => "bare link",
            Kind::LoneChar => "stray character",
            Kind::Configured => "configured chrome phrase",
        }
    }
}

/// The shape of a line, from its length, punctuation and function words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Running text: a sentence, or a long line dense in function words.
    Prose,
    /// Headline-like: several words, no closing full stop.
    Title,
    /// A label of one or two words.
    Short,
    /// A list item.
    Bullet,
    /// A Markdown heading.
    Heading,
    /// "By Jane Doe".
    Byline,
    /// A date on its own.
    Date,
    /// A wire credit line: "Reporting by …; editing by …".
    Credit,
}

/// An explicit sign that a line is furniture.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Cue {
    pub kind: Kind,
    /// The line heads a list ("Related", "Más Noticias"): the short lines after it belong to it.
    pub list: bool,
    /// Only this part of the line is furniture (a credit at the end of a caption); the rest
    /// is kept.
    pub part: Option<Range<usize>>,
}

/// One non-blank text line.
#[derive(Debug, Clone)]
pub(crate) struct LineFact {
    /// Offset where the line starts.
    pub start: usize,
    /// The line's text without surrounding whitespace.
    pub content: Range<usize>,
    /// Offset where the next line starts (or the end of the text).
    pub next: usize,
    pub shape: Shape,
    pub cue: Option<Cue>,
    pub words: u32,
    pub stats: Stats,
    /// A key for the line's first word (see [`super::features::first_word`]).
    pub first: u64,
    /// A number, percentage or score on its own (a table cell, not a stray character).
    pub numeric: bool,
    /// A key for the line's letters and digits, lower-cased (see [`letters`]), for spotting
    /// repeated lines: `None` for running prose and for lines with no letter or digit.
    pub norm: Option<u64>,
}

impl LineFact {
    /// A line with no text (for tests and feature names).
    pub(crate) fn empty() -> LineFact {
        LineFact {
            start: 0,
            content: 0..0,
            next: 0,
            shape: Shape::Short,
            cue: None,
            words: 0,
            stats: Stats::default(),
            first: 0,
            numeric: false,
            norm: None,
        }
    }

    fn shifted(&self, by: usize) -> LineFact {
        let mut f = self.clone();
        f.start += by;
        f.content = f.content.start + by..f.content.end + by;
        f.next += by;
        if let Some(c) = &mut f.cue {
            if let Some(p) = &mut c.part {
                *p = p.start + by..p.end + by;
            }
        }
        f
    }

    /// Whether the whole line is cued as furniture.
    pub(crate) fn whole_cue(&self) -> Option<Kind> {
        self.cue
            .as_ref()
            .filter(|c| c.part.is_none())
            .map(|c| c.kind)
    }
}

struct Phrases {
    line: FxHashMap<String, (Kind, bool)>,
    start: PhraseSet,
    start_kinds: Vec<Kind>,
    contains: PhraseSet,
    contains_kinds: Vec<Kind>,
}

static PHRASES: LazyLock<Phrases> = LazyLock::new(|| {
    let mut line = FxHashMap::default();
    let (mut start, mut start_kinds) = (Vec::new(), Vec::new());
    let (mut contains, mut contains_kinds) = (Vec::new(), Vec::new());
    let mut mode = ("", Kind::Nav);
    for raw in include_str!("../../data/chrome_phrases.txt").lines() {
        let l = raw.trim();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if let Some(header) = l.strip_prefix('@') {
            let mut parts = header.split_whitespace();
            let m = parts.next().unwrap_or("");
            let kind = parts.next().and_then(Kind::from_key);
            debug_assert!(kind.is_some(), "bad group header {l}");
            mode = (
                match m {
                    "line" => "line",
                    "list" => "list",
                    "start" => "start",
                    _ => "contains",
                },
                kind.unwrap_or(Kind::Nav),
            );
            continue;
        }
        match mode.0 {
            "line" | "list" => {
                line.entry(normalize(l))
                    .or_insert((mode.1, mode.0 == "list"));
            }
            "start" => {
                start.push(l.to_lowercase());
                start_kinds.push(mode.1);
            }
            _ => {
                contains.push(l.to_lowercase());
                contains_kinds.push(mode.1);
            }
        }
    }
    Phrases {
        line,
        start: PhraseSet::new(&start),
        start_kinds,
        contains: PhraseSet::new(&contains),
        contains_kinds,
    }
});

static FUNCTION_WORDS: LazyLock<FxHashSet<&'static str>> = LazyLock::new(|| {
    include_str!("../../data/function_words.txt")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split_once(':'))
        .flat_map(|(_, words)| words.split_whitespace())
        .collect()
});

fn re(pattern: &str) -> Regex {
    Regex::new(pattern).expect("valid regex")
}

static READING_TIME: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b\d+\s*-?\s*(?:min|mins|minute|minutes|minuten|minutos|minuti|minut|minuty|мин|минут[аы]?)\.?\s+(?:read|reading|lesen|lesezeit|lectura|de\s+lectura|de\s+lecture|lecture|de\s+leitura|leitura|di\s+lettura|lettura|czytania|чтения)\b|^(?:reading\s+time|read\s+time|lesezeit|lesedauer|tiempo\s+de\s+lectura|temps\s+de\s+lecture|tempo\s+de\s+leitura|tempo\s+di\s+lettura|czas\s+czytania|время\s+чтения)\b|読了)",
    )
});

static COUNTER: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:\d[\d.,\s]*[km]?\s*(?:views?|reads?|comments?|shares?|likes?|replies|responses|votes?|aufrufe|kommentare?|comentarios?|commentaires?|vues|partages|visualizaç(?:ões|ão)|visualizaciones|visite|commenti|komentarz[ey]?|wyświetle[ńn]|просмотр\w*|комментари\w*|次阅读|阅读|次)|(?:views?|comments?|aufrufe|kommentare|comentarios|commentaires|vues|commenti|komentarze|просмотры|комментарии)\s*:?\s*\(?\d[\d.,]*\)?)$",
    )
});

static RATING: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b(?:score|rating|bewertung|puntuación|calificación|note|nota|ocena|рейтинг|valutazione)\s*:?\s*\d+(?:[.,]\d+)?\s*(?:/|out\s+of|von|de|sur|su|из|z)\s*\d+|^\d+(?:[.,]\d)?\s*/\s*(?:5|10|100)$|^[★☆⭐✩✪\s\u{fe0f}]+$)",
    )
});

static GALLERY_COUNT: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^\d{1,3}\s*(?:/|von|of|de|di|z|из|sur)\s*\d{1,3}$"));

static SLUG: LazyLock<Regex> =
    LazyLock::new(|| re(r"^/?[a-z0-9]+(?:[-_][a-z0-9]+){2,}(?:/|\.html?|\.php)?$"));

static HANDLE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\(@[a-z0-9_]{2,}\)|^@[a-z0-9_]{2,}$|^[^@]{0,40}\s@[a-z0-9_]{2,}$|/\s*(?:posts|x|twitter)\s*$|pic\.twitter\.com|^—\s.*\(@\w+\))",
    )
});

static LINK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^(?:(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+\.[\w.]+|\S+\.(?:com|org|net|de|fr|es|it|pl|ru|co\.uk|com\.br)/?)$",
    )
});

static COPYRIGHT_YEAR: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^(?:\(c\)|copyright|©)\s*(?:19|20)\d{2}"));

static LOGO: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[\p{L}\p{N}&.'’ -]{1,60}\s(?:logo|logotipo|logotype|логотип)$"));

static BYLINE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"^(?:[Bb]y|BY|[Vv]on|[Pp]or|[Pp]ar|[Dd]i|[Dd]oor|[Aa]v|[Aa]f|[Aa]utor:|[Aa]uthor:|Από|Автор:?)\s+\p{Lu}",
    )
});

static WIRE_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[(\[]?\s*(?:reporting\s+by|additional\s+reporting|editing\s+by|writing\s+by|compiled\s+by|[\p{L} .,'-]{3,80}\s+contributed\s+(?:reporting|to\s+this\s+report)|mit\s+material\s+von|con\s+información\s+de|avec\s+l'afp|com\s+agências|redacción|redação)",
    )
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4}\b|\b(?:19|20)\d{2}\b|\b\d{1,2}\.?\s+\p{L}{3,}\.?\s+(?:19|20)\d{2}|\d{4}年)",
    )
});

static CLOCK: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\b\d{1,2}[:h]\d{2}\b|\b\d{1,2}\s?[ap]\.?m\.?(?:\s|$)|\b(?:gmt|utc|cet|cest|edt|est|pdt|pst|bst)\b|\buhr\b|前$|\bago\b|\bvor\s+\d|\bhace\s+\d|\bil\s+y\s+a\b|\bhá\s+\d|\bpřed\s+\d|\bназад\b)",
    )
});

static PART_CREDIT: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)(?:\s*[|·•]\s*|\s+[–—]\s+|\s+\(|[.!?]\s+)((?:photos?|fotos?|image|bild|credits?|crédit(?:\s+photo)?|photograph|picture|fot\.|фото|foto\s+von)(?:\s+by|\s+von|\s+de|\s*:)\s*[^|]{2,80}|(?:ap|afp|reuters|getty|epa|dpa)\s*(?:photo)?\s*/[^|()]{2,60}\)|[\p{Lu}][\p{L} .'-]{1,40}\s*/\s*(?:getty\s+images|afp|reuters|ap|shutterstock|dpa|epa|imago|efe|picture\s+alliance)[^.|]{0,40})$",
    )
});

static BULLET: LazyLock<Regex> = LazyLock::new(|| re(r"^(?:[-*•–·▪◦]\s+|\d{1,2}[.)]\s+\S)"));

/// Lower-cases a line and strips the bullets, arrows and trailing punctuation that
/// furniture labels carry, so "Share this:" and "» Read more ›" match their phrases.
fn normalize(text: &str) -> String {
    let lower = text.to_lowercase().replace('\u{a0}', " ");
    let strip_lead = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '•' | '·'
                    | '-'
                    | '–'
                    | '—'
                    | '*'
                    | '|'
                    | '>'
                    | '›'
                    | '»'
                    | '→'
                    | '▸'
                    | '►'
                    | '■'
                    | '□'
                    | '◆'
                    | '●'
                    | '▶'
                    | '⟩'
                    | '❯'
            )
    };
    let strip_trail = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                ':' | '：'
                    | '»'
                    | '›'
                    | '>'
                    | '|'
                    | '…'
                    | '.'
                    | '-'
                    | '–'
                    | '—'
                    | '→'
                    | '▾'
                    | '▼'
                    | '⟩'
                    | '*'
                    | '•'
                    | '·'
                    | '❯'
                    | '▶'
            )
    };
    let t = lower
        .trim_start_matches(strip_lead)
        .trim_end_matches(strip_trail);
    t.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The letters and digits of a line, lower-cased: "“A New Opening?”" and "A new opening"
/// compare equal.
pub(crate) fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .collect::<String>()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

fn ends_sentence(t: &str) -> bool {
    let t = t.trim_end_matches(['"', '\'', '”', '’', '»', ')', ']', '“', '*', ' ']);
    t.ends_with(['.', '!', '?', '…', '。', '！', '？', ';'])
}

/// Line statistics: they decide its shape, and the line model reads them.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Stats {
    pub words: u32,
    /// Words with a letter in them.
    pub lettered: u32,
    /// Of those, words that start with a capital.
    pub capitalised: u32,
    pub cjk: u32,
    pub function: u32,
    pub terminal: bool,
    /// Characters other than white space.
    pub chars: u32,
    pub letters: u32,
    pub upper: u32,
    pub digits: u32,
    /// Punctuation and symbols.
    pub punct: u32,
    /// [`flag`] bits.
    pub flags: u32,
}

/// Bits of [`Stats::flags`]: surface marks of a line.
pub(crate) mod flag {
    pub const ENDS_COLON: u32 = 1;
    pub const ENDS_ELLIPSIS: u32 = 1 << 1;
    pub const ENDS_QUESTION: u32 = 1 << 2;
    pub const SEPARATOR: u32 = 1 << 3;
    pub const STARTS_LOWER: u32 = 1 << 4;
    pub const STARTS_DIGIT: u32 = 1 << 5;
    pub const STARTS_SYMBOL: u32 = 1 << 6;
    pub const QUOTE_MARK: u32 = 1 << 7;
    pub const DATE: u32 = 1 << 8;
    pub const CLOCK: u32 = 1 << 9;
    pub const AT_SIGN: u32 = 1 << 10;
    pub const PAREN: u32 = 1 << 11;
    pub const ENDS_DIGIT: u32 = 1 << 12;
    pub const BYLINE: u32 = 1 << 13;
    /// How many bits there are.
    pub const COUNT: usize = 14;
}

fn stats(t: &str) -> Stats {
    let mut s = Stats::default();
    for w in t.split_whitespace() {
        s.words += 1;
        if w.chars().any(char::is_alphabetic) {
            s.lettered += 1;
            if w.chars()
                .find(|c| c.is_alphanumeric())
                .is_some_and(char::is_uppercase)
            {
                s.capitalised += 1;
            }
        }
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !w.is_empty() && w.len() <= 14 {
            let known = if w.chars().any(char::is_uppercase) {
                FUNCTION_WORDS.contains(w.to_lowercase().as_str())
            } else {
                FUNCTION_WORDS.contains(w)
            };
            if known {
                s.function += 1;
            }
        }
    }
    // Surface marks, found in the same pass as the counts.
    let (mut separator, mut quote_mark, mut paren) = (false, false, false);
    for c in t.chars() {
        if c.is_whitespace() {
            continue;
        }
        match c {
            '|' | '·' | '•' | '›' | '▸' | '►' => separator = true,
            '»' => {
                separator = true;
                quote_mark = true;
            }
            '"' | '“' | '”' | '„' | '«' | '「' | '」' => quote_mark = true,
            '(' | ')' | '[' | ']' => paren = true,
            _ => {}
        }
        s.chars += 1;
        if is_cjk(c) {
            s.cjk += 1;
        }
        if c.is_alphabetic() {
            s.letters += 1;
            if c.is_uppercase() {
                s.upper += 1;
            }
        } else if c.is_numeric() {
            s.digits += 1;
        } else {
            s.punct += 1;
        }
    }
    s.terminal = ends_sentence(t);
    let first = t.chars().next().unwrap_or(' ');
    let last = t.chars().next_back().unwrap_or(' ');
    let mut f = 0;
    if t.ends_with([':', '：']) {
        f |= flag::ENDS_COLON;
    }
    if t.ends_with(['…']) || t.ends_with("...") || t.ends_with("[…]") || t.ends_with("[...]") {
        f |= flag::ENDS_ELLIPSIS;
    }
    if t.ends_with(['?', '？']) {
        f |= flag::ENDS_QUESTION;
    }
    if separator {
        f |= flag::SEPARATOR;
    }
    if first.is_lowercase() {
        f |= flag::STARTS_LOWER;
    }
    if first.is_numeric() {
        f |= flag::STARTS_DIGIT;
    }
    if !first.is_alphanumeric() && !"\"'“„«‘(¿¡".contains(first) {
        f |= flag::STARTS_SYMBOL;
    }
    if quote_mark {
        f |= flag::QUOTE_MARK;
    }
    // Dates and clock times need digits (the patterns are the costliest part of a line).
    if s.words <= 12 && s.digits > 0 && DATE.is_match(t) {
        f |= flag::DATE;
    }
    if s.words <= 12 && s.digits > 0 && CLOCK.is_match(t) {
        f |= flag::CLOCK;
    }
    if t.contains('@') {
        f |= flag::AT_SIGN;
    }
    if paren {
        f |= flag::PAREN;
    }
    if last.is_numeric() {
        f |= flag::ENDS_DIGIT;
    }
    if s.words <= 10 && BYLINE.is_match(t) {
        f |= flag::BYLINE;
    }
    s.flags = f;
    s
}

fn is_prose(s: &Stats, t: &str) -> bool {
    let ratio = if s.words > 0 {
        s.function as f32 / s.words as f32
    } else {
        0.0
    };
    (s.terminal && (s.words >= 6 || s.cjk >= 15) && (ratio >= 0.1 || s.cjk >= 15))
        || (s.words >= 20 && ratio >= 0.15)
        || s.words >= 35
        || (s.cjk >= 30 && t.contains(['。', '，', '、', '；']))
}

/// Whether a line holds a word every wire credit line has (a cheap test before the pattern).
fn may_be_wire_credit(t: &str) -> bool {
    const STEMS: [&str; 11] = [
        "eport",
        "diting",
        "riting",
        "ompiled",
        "ontributed",
        "aterial",
        "nformación",
        "afp",
        "agências",
        "edacc",
        "edaç",
    ];
    t.len() >= 6 && {
        let lower = t.to_lowercase();
        STEMS.iter().any(|w| lower.contains(w))
    }
}

fn shape_of(s: &Stats, t: &str, block: Option<BlockKind>) -> Shape {
    if is_prose(s, t) {
        return Shape::Prose;
    }
    if matches!(block, Some(BlockKind::Heading(_))) {
        return Shape::Heading;
    }
    if matches!(block, Some(BlockKind::ListItem)) || BULLET.is_match(t) {
        return Shape::Bullet;
    }
    if may_be_wire_credit(t) && WIRE_CREDIT.is_match(t) {
        return Shape::Credit;
    }
    let has = |bit: u32| s.flags & bit != 0;
    if s.words <= 10 && !s.terminal && has(flag::BYLINE) {
        return Shape::Byline;
    }
    if s.words <= 8 && has(flag::DATE) && !has(flag::CLOCK) {
        return Shape::Date;
    }
    if (4..=30).contains(&s.lettered) || (6..=60).contains(&s.cjk) {
        return Shape::Title;
    }
    Shape::Short
}

/// The explicit furniture cue of a line, if any. `n` is the normalised line.
fn cue_of(t: &str, n: &str, s: &Stats, shape: Shape) -> Option<Cue> {
    let whole = |kind: Kind| {
        Some(Cue {
            kind,
            list: false,
            part: None,
        })
    };
    if let Some(&(kind, list)) = PHRASES.line.get(n) {
        return Some(Cue {
            kind,
            list,
            part: None,
        });
    }
    let chars = t.chars().count();
    if chars == 1 || (chars == 2 && !t.chars().any(char::is_alphanumeric)) {
        return whole(Kind::LoneChar);
    }
    if s.words <= 12 {
        // Each pattern runs only when the line has what every match of it needs (a digit, a
        // separator, a mark): most lines have none, and the patterns are the costly part.
        let digits = s.digits > 0;
        let spaced = t.contains(char::is_whitespace);
        if (digits
            || t.contains("読了")
            || ["read", "lese", "tiempo", "temps", "tempo", "czas", "время"]
                .iter()
                .any(|w| n.starts_with(w)))
            && READING_TIME.is_match(t)
        {
            return whole(Kind::ReadingTime);
        }
        if digits && COUNTER.is_match(n) {
            return whole(Kind::Counter);
        }
        if (digits || t.contains(['★', '☆', '⭐', '✩', '✪'])) && RATING.is_match(t) {
            return whole(Kind::Rating);
        }
        if digits && GALLERY_COUNT.is_match(t) {
            return whole(Kind::Gallery);
        }
        if !spaced && t.contains(['-', '_']) && SLUG.is_match(t) {
            return whole(Kind::Slug);
        }
        if t.split_whitespace().all(|w| {
            w.starts_with('#') && w.trim_start_matches('#').starts_with(char::is_alphanumeric)
        }) {
            return whole(Kind::Hashtags);
        }
        if t.contains(['@', '/', '.']) && HANDLE.is_match(t) {
            return whole(Kind::Handle);
        }
        if !spaced && t.contains(['.', '@']) && LINK.is_match(t) {
            return whole(Kind::Link);
        }
        if t.starts_with(['(', '©', 'c', 'C']) && COPYRIGHT_YEAR.is_match(t) {
            return whole(Kind::Copyright);
        }
        let logo = ["logo", "logotipo", "logotype", "логотип"];
        if s.words <= 6 && logo.iter().any(|w| n.ends_with(w)) && LOGO.is_match(t) {
            return whole(Kind::Logo);
        }
        let dated = s.flags & flag::DATE != 0 && s.flags & flag::CLOCK != 0;
        if s.words <= 10 && dated && shape != Shape::Prose {
            return whole(Kind::Timestamp);
        }
        if s.words <= 12 && is_breadcrumb(t) {
            return whole(Kind::Nav);
        }
    }
    if s.words <= 25 {
        if let Some(m) = PHRASES
            .start
            .find_iter(n)
            .next()
            .filter(|m| m.range.start == 0)
        {
            return whole(PHRASES.start_kinds[m.phrase]);
        }
    }
    if s.words <= 40 {
        if let Some(m) = PHRASES.contains.find_iter(n).next() {
            return whole(PHRASES.contains_kinds[m.phrase]);
        }
    }
    // Cheap filter before the caption-credit pattern: every form it knows has one of these.
    let may_credit = t.contains([':', '/', '(', '|', '·', '•'])
        || ["hoto by", "oto von", "oto de"]
            .iter()
            .any(|p| t.contains(p));
    // Every credit the pattern knows has a slash or one of these words.
    let may_credit = may_credit
        && (t.contains('/') || {
            let lower = t.to_lowercase();
            [
                "photo", "foto", "image", "bild", "credit", "crédit", "picture", "fot.", "фото",
            ]
            .iter()
            .any(|w| lower.contains(w))
        });
    if s.words >= 3 && may_credit {
        if let Some(c) = PART_CREDIT.captures(t) {
            let m = c.get(1).expect("group 1");
            let sep = c.get(0).expect("match");
            // Keep a closing full stop of the caption; drop the separator before the credit.
            let from = if t[sep.start()..].starts_with(['.', '!', '?']) {
                sep.start() + 1
            } else {
                sep.start()
            };
            if m.start() > 0 && t[..from].split_whitespace().count() >= 3 {
                return Some(Cue {
                    kind: Kind::Credit,
                    list: false,
                    part: Some(from..t.len()),
                });
            }
        }
    }
    None
}

/// "Home > News > World", "News | Sport | Weather": three or more short parts.
fn is_breadcrumb(t: &str) -> bool {
    for sep in [" > ", " › ", " » ", " / ", " | ", " · ", " • "] {
        let parts: Vec<&str> = t.split(sep).collect();
        if parts.len() >= 3
            && parts
                .iter()
                .all(|p| (1..=4).contains(&p.split_whitespace().count()))
        {
            return true;
        }
    }
    false
}

fn is_numeric(t: &str) -> bool {
    t.chars().count() <= 12
        && t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || " .,%:/+-–−$€£'’".contains(c))
}

/// The facts of every non-blank text line of a section's own text (offsets in the section's
/// article). Lines inside verbatim regions (code, front matter) are left out.
pub(crate) fn facts(article: &Article, own: Range<usize>) -> Vec<LineFact> {
    let mut out = Vec::new();
    let text = &article.text;
    let src = match article.kind {
        SourceKind::Plain => text.as_str(),
        SourceKind::Markdown => article.prose.as_str(),
    };
    let lines = &article.lines;
    let mut line = lines.line_of(own.start);
    while line < lines.line_count() {
        let start = lines.line_start(line);
        if start >= own.end {
            break;
        }
        let range = lines.line_range(text, line);
        let next = lines.line_start(line + 1).max(range.end);
        line += 1;
        if start < own.start || article.in_verbatim(range.start) {
            continue;
        }
        let raw = &src[range.clone()];
        let t = raw.trim();
        // Blank lines, and comments (suppression directives) on a line of their own.
        if t.is_empty() || (t.starts_with("<!--") && t.ends_with("-->")) {
            continue;
        }
        let lead = raw.len() - raw.trim_start().len();
        let content = range.start + lead..range.start + lead + t.len();
        let block = article.block_at(content.start).map(|b| &article.blocks[b]);
        let s = stats(t);
        let mut shape = shape_of(&s, t, block.map(|b| b.kind));
        // A line of a hard-wrapped paragraph of running prose is prose, whatever its length.
        let wrapped_prose = block.is_some_and(|b| {
            text[b.range.clone()].contains('\n') && {
                let bt = &src[b.range.clone()];
                let bs = stats(bt);
                is_prose(&bs, bt)
            }
        });
        if wrapped_prose {
            shape = Shape::Prose;
        }
        // Every phrase and pattern that reads the normalised line needs 40 words or fewer.
        let n = if s.words <= 40 {
            normalize(t)
        } else {
            String::new()
        };
        let cue = if wrapped_prose {
            None
        } else {
            cue_of(t, &n, &s, shape).map(|mut c| {
                if let Some(p) = &mut c.part {
                    *p = content.start + p.start..content.start + p.end;
                }
                c
            })
        };
        out.push(LineFact {
            start,
            content,
            next,
            shape,
            cue,
            words: s.words.max(u32::from(s.cjk > 0)),
            stats: s,
            first: super::features::first_word(t),
            numeric: is_numeric(t),
            norm: if shape == Shape::Prose && s.words > 30 {
                None
            } else {
                Some(letters(t)).filter(|l| !l.is_empty()).map(|l| key(&l))
            },
        });
    }
    out
}

/// The decision for one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    Keep,
    /// Furniture, and why.
    Chrome(Why),
    /// A later copy of the headline (reported by `repeated-headline`).
    Repeat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Why {
    Cue(Kind),
    /// Uncued, before the story's header.
    Before,
    /// Uncued, after the story's body.
    After,
    /// A short line between furniture, or listed under a "Related"-style heading.
    Between,
    /// Uncued, inside the story's body (the line model's call).
    Inside,
}

/// The story's lines and the decision for each.
pub(crate) struct Layout {
    pub lines: Arc<Vec<LineFact>>,
    pub verdicts: Vec<Verdict>,
    /// For each furniture verdict, whether it is sure enough for a safe fix.
    pub sure: Vec<bool>,
    /// The hand-written rules' verdicts, before the line model (what the model reads).
    pub rules: Vec<Verdict>,
    pub frame: Frame,
}

/// Scores for the body search: running prose counts for its length, furniture against.
fn body_score(f: &LineFact) -> i64 {
    if f.whole_cue().is_some() {
        return -60;
    }
    match f.shape {
        Shape::Prose => (f.content.len() as i64).min(600),
        Shape::Bullet => 10,
        Shape::Heading => 0,
        Shape::Byline | Shape::Date | Shape::Credit => -10,
        // A long list item of a schedule or a recipe reads like a title; menus are short.
        Shape::Title if f.words >= 6 => 5,
        Shape::Title | Shape::Short => -20,
    }
}

/// Whether each line sits in a table: among at least three numbers within three lines either
/// side.
fn in_table(lines: &[LineFact]) -> Vec<bool> {
    (0..lines.len())
        .map(|i| {
            let window = &lines[i.saturating_sub(3)..(i + 4).min(lines.len())];
            window.iter().filter(|f| f.numeric).count() >= 3
        })
        .collect()
}

/// The maximum-sum stretch of lines: the article body. `None` when no line scores above zero.
/// Table cells count slightly for the body, so a results table stays with its story.
fn body(lines: &[LineFact]) -> Option<(usize, usize)> {
    let table = in_table(lines);
    let mut best: Option<(i64, usize, usize)> = None;
    let mut sum = 0i64;
    let mut from = 0;
    for (i, f) in lines.iter().enumerate() {
        if sum <= 0 {
            sum = 0;
            from = i;
        }
        sum += if table[i] && f.cue.is_none() {
            5
        } else {
            body_score(f)
        };
        if sum > 0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, from, i));
        }
    }
    best.map(|(_, a, b)| (a, b))
}

/// A 64-bit key for a string, for comparing lines and words by number.
pub(crate) fn key(norm: &str) -> u64 {
    let mut h = FxHasher::default();
    norm.hash(&mut h);
    h.finish()
}

/// Where the story sits among its lines, as the rules see it before the line model.
#[derive(Debug, Clone, Default)]
pub(crate) struct Frame {
    /// The article body: first and last line.
    pub body: Option<(usize, usize)>,
    /// The headline kept (not a repeat).
    pub headline: Option<usize>,
    /// The first line of the story header (after the headline).
    pub header_from: usize,
    /// Lines never flagged: the headline (its kept copy).
    pub protected: Vec<bool>,
}

/// Which decision a layout carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The hand-written rules alone (enough for the repeated headline).
    Rules,
    /// The rules and the line model.
    Model,
}

impl Layout {
    /// The layout of a story. The facts and the hand-written decision are shared by both
    /// chrome rules in a check (built once, see [`Framing`]); the line model runs only for
    /// [`Stage::Model`].
    pub(crate) fn new(doc: &Document, extras: &PhraseSet, stage: Stage) -> Layout {
        let facts = doc.per_section(KEY, facts);
        let framing = doc.story(FRAMING_KEY, || {
            let total = facts.iter().map(|(_, f)| f.len()).sum();
            let mut lines = Vec::with_capacity(total);
            for (base, section) in &facts {
                lines.extend(section.iter().map(|f| f.shifted(*base)));
            }
            Framing::new(doc.text, lines, extras)
        });
        Layout::framed(&framing, stage)
    }

    /// The layout of a story from the facts of its lines (story offsets).
    pub(crate) fn from_lines(
        text: &str,
        lines: Vec<LineFact>,
        extras: &PhraseSet,
        stage: Stage,
    ) -> Layout {
        Layout::framed(&Framing::new(text, lines, extras), stage)
    }

    fn framed(framing: &Framing, stage: Stage) -> Layout {
        let lines = &framing.lines;
        let (frame, rules) = (&framing.frame, &framing.rules);
        let (verdicts, sure) = match (stage, model::MODEL.as_ref()) {
            (Stage::Model, Ok(model)) => {
                let (mut verdicts, mut sure) = decide(lines, frame, rules, model);
                peel(lines, &mut verdicts, &mut sure, model);
                (verdicts, sure)
            }
            _ => (rules.clone(), vec![true; lines.len()]),
        };
        Layout {
            lines: lines.clone(),
            verdicts,
            sure,
            rules: rules.clone(),
            frame: frame.clone(),
        }
    }
}

/// The story-wide cache key of [`Framing`].
const FRAMING_KEY: &str = "chrome-framing";

/// A story's lines with the hand-written decision over them: what both chrome rules start
/// from, built once per check.
pub(crate) struct Framing {
    lines: Arc<Vec<LineFact>>,
    frame: Frame,
    rules: Vec<Verdict>,
}

impl Framing {
    fn new(text: &str, lines: Vec<LineFact>, extras: &PhraseSet) -> Framing {
        let lines = prepared(text, lines, extras);
        let (frame, rules) = rules(&lines);
        Framing {
            lines: Arc::new(lines),
            frame,
            rules,
        }
    }
}

/// Rounds of [`peel`] at most.
const PEEL_ROUNDS: usize = 256;

/// Decides again without the sure furniture, as the story will read once its safe fix has
/// deleted it, and makes sure what is then sure: a line reported as probable furniture only
/// because sure furniture stood next to it (the last of a long tag list under a menu) is as
/// sure as it will be after the fix. Without this, `--fix` would delete such a list a line or
/// two a round, each round making the next line sure, and the safe fix would end up deleting
/// lines it first reported as unsure. Only lines already reported as furniture are made sure;
/// the writer's lines are never turned into furniture this way.
fn peel(lines: &[LineFact], verdicts: &mut [Verdict], sure: &mut [bool], model: &model::Forest) {
    let is_chrome = |v: &Verdict| matches!(v, Verdict::Chrome(_));
    for _ in 0..PEEL_ROUNDS {
        let unsure = verdicts
            .iter()
            .zip(sure.iter())
            .any(|(v, s)| is_chrome(v) && !s);
        if !unsure {
            return;
        }
        let keep: Vec<usize> = (0..lines.len())
            .filter(|&i| !(is_chrome(&verdicts[i]) && sure[i]))
            .collect();
        if keep.len() == lines.len() {
            return;
        }
        let rest: Vec<LineFact> = keep.iter().map(|&i| lines[i].clone()).collect();
        let (frame, rules) = self::rules(&rest);
        let (v2, s2) = decide(&rest, &frame, &rules, model);
        let mut changed = false;
        for (k, &i) in keep.iter().enumerate() {
            if is_chrome(&verdicts[i]) && !sure[i] && is_chrome(&v2[k]) && s2[k] {
                sure[i] = true;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// A decision made without the line model: the repeated headline, what writers keep by
/// convention (the headline; a standfirst, byline or date in the story header; wire credit
/// lines; running prose inside the body; a caption with a credit), and cued lines. `None` leaves the line to the model.
pub(crate) fn settled(
    lines: &[LineFact],
    frame: &Frame,
    rules: &[Verdict],
    i: usize,
) -> Option<Verdict> {
    let f = &lines[i];
    if rules[i] == Verdict::Repeat {
        return Some(Verdict::Repeat);
    }
    let in_header = frame
        .body
        .is_some_and(|(b0, _)| i >= frame.header_from && i < b0);
    if frame.protected[i]
        || f.shape == Shape::Credit
        || (in_header && matches!(f.shape, Shape::Byline | Shape::Date | Shape::Prose))
    {
        return Some(Verdict::Keep);
    }
    if let Some(k) = f.whole_cue() {
        return Some(Verdict::Chrome(Why::Cue(k)));
    }
    // A caption that ends with a credit keeps the caption (the credit is reported alone).
    if f.cue.as_ref().is_some_and(|c| c.part.is_some()) {
        return Some(Verdict::Keep);
    }
    // Running prose inside the body is the writer's unless a cue says otherwise.
    let inside = frame.body.is_some_and(|(b0, b1)| (b0..=b1).contains(&i));
    (inside && f.shape == Shape::Prose).then_some(Verdict::Keep)
}

/// The final decision: [`settled`] lines as settled, the others by the line model.
fn decide(
    lines: &[LineFact],
    frame: &Frame,
    rules: &[Verdict],
    model: &model::Forest,
) -> (Vec<Verdict>, Vec<bool>) {
    let n = lines.len();
    let mut verdicts = vec![Verdict::Keep; n];
    let mut sure = vec![false; n];
    let mut open = Vec::new();
    for i in 0..n {
        match settled(lines, frame, rules, i) {
            Some(v) => {
                verdicts[i] = v;
                sure[i] = v != Verdict::Keep;
            }
            None => open.push(i),
        }
    }
    if open.is_empty() {
        // Every line settled by the rules (a story of running prose): no features to build.
        return (verdicts, sure);
    }
    let story = Story::new(lines, frame, rules);
    let width = NAMES.len();
    let mut rows = Vec::with_capacity(open.len() * width);
    for &i in &open {
        story.row(i, &mut |_, v| rows.push(v));
    }
    let (b0, b1) = frame.body.unwrap_or((n, n));
    for (&i, p) in open.iter().zip(model.probabilities(&rows, width)) {
        // A line the rules flag by position stays flagged unless the model objects.
        let agreed = rules[i] != Verdict::Keep;
        if p < if agreed { model.agree } else { model.flag } {
            continue;
        }
        verdicts[i] = Verdict::Chrome(if i < b0 {
            Why::Before
        } else if i > b1 {
            Why::After
        } else {
            Why::Inside
        });
        // Sure when the model is, or when it and the hand-written rules agree.
        sure[i] = p >= model.sure || (agreed && p >= model.flag);
    }
    (verdicts, sure)
}

/// Adds configured cues, and drops the stray-character cue of a digit among other numbers
/// (a table cell).
fn prepared(text: &str, mut lines: Vec<LineFact>, extras: &PhraseSet) -> Vec<LineFact> {
    if !extras.is_empty() {
        for f in &mut lines {
            if f.cue.is_none() && f.words <= 40 && extras.is_match(&text[f.content.clone()]) {
                f.cue = Some(Cue {
                    kind: Kind::Configured,
                    list: false,
                    part: None,
                });
            }
        }
    }
    for i in 0..lines.len() {
        if lines[i].whole_cue() == Some(Kind::LoneChar) && lines[i].numeric {
            let near = |j: Option<usize>| j.and_then(|j| lines.get(j)).is_some_and(|f| f.numeric);
            if near(i.checked_sub(1)) || near(Some(i + 1)) {
                lines[i].cue = None;
            }
        }
    }
    lines
}

/// The hand-written decision: cues, the body, the header and position.
fn rules(lines: &[LineFact]) -> (Frame, Vec<Verdict>) {
    let n = lines.len();
    let mut verdicts = vec![Verdict::Keep; n];
    let mut frame = Frame {
        protected: vec![false; n],
        ..Frame::default()
    };
    let Some((b0, b1)) = body(lines) else {
        for (v, f) in verdicts.iter_mut().zip(lines) {
            if let Some(k) = f.whole_cue() {
                *v = Verdict::Chrome(Why::Cue(k));
            }
        }
        return (frame, verdicts);
    };
    frame.body = Some((b0, b1));
    let titled = |f: &LineFact| {
        matches!(f.shape, Shape::Title | Shape::Heading) && f.cue.is_none() && f.norm.is_some()
    };
    // The headline: the nearest headline-like line before the body's first paragraph of
    // running prose (a title can open the body), or its first copy.
    let first_prose = (b0..=b1)
        .find(|&i| lines[i].shape == Shape::Prose)
        .unwrap_or(b0);
    let nearest = (first_prose.saturating_sub(15)..first_prose)
        .rev()
        .find(|&i| titled(&lines[i]));
    let top = lines
        .first()
        .filter(|f| titled(f) && f.words >= 3)
        .map(|_| 0);
    let mut headline = nearest;
    for cand in [top, nearest].into_iter().flatten() {
        let k = lines[cand].norm;
        let copies: Vec<usize> = (0..n).filter(|&i| lines[i].norm == k).collect();
        // The copy kept is the first when nothing but labels comes before it (the top of
        // the paste), or else the one nearest the body (an earlier copy is the page's
        // title bar).
        let at_top = lines[..copies[0]]
            .iter()
            .all(|f| f.whole_cue().is_some() || f.shape == Shape::Short);
        let kept = if at_top { copies[0] } else { cand };
        frame.protected[kept] = true;
        if Some(cand) == nearest {
            headline = Some(kept);
        }
        for &c in copies.iter().filter(|&&c| c != kept) {
            verdicts[c] = Verdict::Repeat;
        }
    }
    frame.headline = headline;
    let header_from = headline.map_or(b0, |h| (h + 1).min(b0));
    frame.header_from = header_from;
    for i in 0..n {
        if verdicts[i] == Verdict::Repeat {
            continue;
        }
        let f = &lines[i];
        verdicts[i] = if let Some(k) = f.whole_cue() {
            Verdict::Chrome(Why::Cue(k))
        } else if frame.protected[i] || (b0..=b1).contains(&i) {
            Verdict::Keep
        } else if i < b0 {
            if i >= header_from && f.shape != Shape::Bullet {
                Verdict::Keep
            } else {
                Verdict::Chrome(Why::Before)
            }
        } else if f.shape == Shape::Credit {
            Verdict::Keep
        } else {
            Verdict::Chrome(Why::After)
        };
    }
    let is_chrome = |v: Verdict| matches!(v, Verdict::Chrome(_) | Verdict::Repeat);
    let fillable = |i: usize, f: &LineFact, v: Verdict| {
        v == Verdict::Keep
            && matches!(f.shape, Shape::Title | Shape::Short)
            && !frame.protected[i]
            && f.cue.is_none()
    };
    // Headlines of other stories under a "Related"-style heading.
    for i in 0..n {
        if lines[i]
            .cue
            .as_ref()
            .is_some_and(|c| c.list && c.part.is_none())
        {
            let mut j = i + 1;
            while j < n && fillable(j, &lines[j], verdicts[j]) {
                verdicts[j] = Verdict::Chrome(Why::Between);
                j += 1;
            }
        }
    }
    // Short lines boxed in by furniture on both sides.
    let mut i = 0;
    while i < n {
        if !fillable(i, &lines[i], verdicts[i]) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && fillable(j, &lines[j], verdicts[j]) {
            j += 1;
        }
        let before = i > 0 && is_chrome(verdicts[i - 1]);
        let after = j < n && is_chrome(verdicts[j]);
        if before && after {
            for v in &mut verdicts[i..j] {
                *v = Verdict::Chrome(Why::Between);
            }
        }
        i = j;
    }
    (frame, verdicts)
}

/// The range that deletes lines `first..=last` of `lines` from `text`, whole, with their line
/// endings, so that no double blank line is left: blank lines after the run go too when the
/// run follows a blank line (or starts the text); at the end of the text, the blank lines
/// before the run go instead.
pub(crate) fn deletion(text: &str, first: &LineFact, last: &LineFact) -> Range<usize> {
    let blank_before = text[..first.start].ends_with("\n\n")
        || text[..first.start].ends_with("\r\n\r\n")
        || text[..first.start].ends_with("\r\r")
        || first.start == 0;
    let mut end = last.next;
    let rest = &text[end..];
    if rest.trim().is_empty() {
        // The run ends the text: take the blank lines before it instead.
        let before = text[..first.start].trim_end();
        let keep = if before.is_empty() {
            0
        } else {
            // Keep the line ending of the last non-blank line.
            let after = &text[before.len()..first.start];
            let nl = after
                .find('\n')
                .map(|i| i + 1)
                .or_else(|| after.find('\r').map(|i| i + 1))
                .unwrap_or(0);
            before.len() + nl
        };
        return keep.min(first.start)..text.len();
    }
    if blank_before {
        for line in rest.split_inclusive('\n') {
            if line.trim().is_empty() {
                end += line.len();
            } else {
                break;
            }
        }
    }
    first.start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::article::{Article, SourceKind};

    /// Deletes the lines whose text equals `from` through `to` and returns the result.
    fn delete(text: &str, from: &str, to: &str) -> String {
        let article = Article::parse(text, SourceKind::Plain);
        let lines = facts(&article, 0..text.len());
        let first = lines
            .iter()
            .find(|f| &text[f.content.clone()] == from)
            .unwrap();
        let last = lines
            .iter()
            .find(|f| &text[f.content.clone()] == to)
            .unwrap();
        let range = deletion(text, first, last);
        format!("{}{}", &text[..range.start], &text[range.end..])
    }

    #[test]
    fn deleting_a_run_leaves_one_blank_line() {
        let text = "Head line here now\n\nShare\nTweet\n\nBody text.\n";
        assert_eq!(
            delete(text, "Share", "Tweet"),
            "Head line here now\n\nBody text.\n"
        );
    }

    #[test]
    fn deleting_a_run_glued_to_a_paragraph_keeps_the_paragraph_break() {
        let text = "Body text.\nShare\n\nMore text.\n";
        assert_eq!(delete(text, "Share", "Share"), "Body text.\n\nMore text.\n");
    }

    #[test]
    fn deleting_the_last_lines_drops_the_blank_lines_before_them() {
        let text = "Body text.\n\nLeave a Reply\n\nComments\n";
        assert_eq!(delete(text, "Leave a Reply", "Comments"), "Body text.\n");
        let text = "Body text.\r\n\r\nComments";
        assert_eq!(delete(text, "Comments", "Comments"), "Body text.\r\n");
    }

    #[test]
    fn deleting_the_first_lines_drops_the_blank_lines_after_them() {
        let text = "Advertisement\n\nHead line here now\n";
        assert_eq!(
            delete(text, "Advertisement", "Advertisement"),
            "Head line here now\n"
        );
    }

    #[test]
    fn labels_normalise_to_their_phrases() {
        assert_eq!(normalize("  » Read more ›"), "read more");
        assert_eq!(normalize("Share this:"), "share this");
        assert_eq!(normalize("Más Noticias"), "más noticias");
        assert_eq!(letters("“A New Opening?”"), letters("A new opening"));
    }

    /// The layout of a plain-text story, with the model.
    fn layout(text: &str) -> Layout {
        let article = Article::parse(text, SourceKind::Plain);
        let lines = facts(&article, 0..text.len());
        Layout::from_lines(text, lines, &PhraseSet::new::<&str>(&[]), Stage::Model)
    }

    fn verdict_of(layout: &Layout, text: &str, line: &str) -> Verdict {
        let i = layout
            .lines
            .iter()
            .position(|f| &text[f.content.clone()] == line)
            .unwrap_or_else(|| panic!("no line {line:?}"));
        layout.verdicts[i]
    }

    const STORY: &str =
        "Latest\n\nRiver port reopens after three weeks of repairs\n\nBy Jane Doe\n\n\
        March 3, 2024\n\nThe river port at Timaru reopened on Tuesday after three weeks of repairs \
        to its main wharf, the port company said in a statement.\n\nShipping lines had diverted \
        vessels to Lyttelton while the work was done, and the company said the backlog would be \
        cleared by the end of the month.\n\nThe work cost about NZ$4 million, the company said.\n\n\
        Share this story\n";

    #[test]
    fn what_writers_keep_stays_and_cued_furniture_goes() {
        let l = layout(STORY);
        for kept in [
            "River port reopens after three weeks of repairs",
            "By Jane Doe",
            "March 3, 2024",
            "The work cost about NZ$4 million, the company said.",
        ] {
            assert_eq!(verdict_of(&l, STORY, kept), Verdict::Keep, "{kept}");
        }
        assert!(matches!(
            verdict_of(&l, STORY, "Share this story"),
            Verdict::Chrome(Why::Cue(Kind::Share))
        ));
    }

    /// Stories the checks below run on: the fixtures, which hold headlines, bylines, captions,
    /// lists, tables and furniture of every kind.
    const STORIES: &[&str] = &[
        STORY,
        include_str!("../../../../tests/fixtures/page-chrome/flagged-share-row.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/flagged-social.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/flagged-es.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/flagged-it-pt.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/flagged-uncued-menu.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/clean-wire.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/clean-results.txt"),
        include_str!("../../../../tests/fixtures/page-chrome/clean-de.txt"),
    ];

    #[test]
    fn running_prose_in_the_body_is_never_flagged_without_a_cue() {
        for text in STORIES {
            let l = layout(text);
            let (b0, b1) = l.frame.body.expect("every story has a body");
            for (i, f) in l.lines.iter().enumerate() {
                if (b0..=b1).contains(&i) && f.shape == Shape::Prose && f.cue.is_none() {
                    assert_eq!(l.verdicts[i], Verdict::Keep, "{}", &text[f.content.clone()]);
                }
            }
        }
    }

    #[test]
    fn only_furniture_verdicts_are_sure_and_the_headline_is_kept() {
        for text in STORIES {
            let l = layout(text);
            for (i, v) in l.verdicts.iter().enumerate() {
                if l.frame.protected[i] {
                    assert_eq!(*v, Verdict::Keep);
                }
                // A kept line is never part of a fixed run.
                if *v == Verdict::Keep {
                    assert!(!l.sure[i]);
                }
            }
        }
    }

    #[test]
    fn the_model_sees_one_value_per_named_feature() {
        let l = layout(STORY);
        let story = Story::new(&l.lines, &l.frame, &l.rules);
        let mut names = Vec::new();
        story.row(0, &mut |name, v| {
            assert!(v.is_finite(), "{name}");
            names.push(name);
        });
        assert_eq!(names, *NAMES);
        let mut unique = names.clone();
        unique.sort_unstable();
        unique.dedup();
        assert_eq!(unique.len(), names.len(), "feature names are unique");
    }
}

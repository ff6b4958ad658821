//! What the chrome rules know about the lines of a story, and where its body is.
//!
//! Two stages. [`facts`] looks at each text line of a section on its own: its shape (running
//! prose, a headline-like title, a short label, a list item, a byline or a date) and any
//! explicit chrome cue (a phrase from `data/chrome_phrases.txt`, or a pattern such as a reading
//! time, a view counter, a URL slug, a hashtag line or a lone character). That is the heavy
//! part, cached per section. [`Layout::new`] then decides over the whole story, cheaply: where
//! the article body is (the stretch of lines with the most running prose, found as a maximum
//! sum segment), which lines before it are the story's header (headline, standfirst, byline,
//! dateline), and which lines are furniture: cued lines anywhere, uncued lines outside the
//! header and body, and short lines boxed in between furniture or listed under a
//! "Related"-style heading.

use crate::core::article::{Article, BlockKind, SourceKind};
use crate::core::document::Document;
use crate::core::lexicon::PhraseSet;
use regex::Regex;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::sync::LazyLock;

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
    /// A number, percentage or score on its own (a table cell, not a stray character).
    pub numeric: bool,
    /// The line's letters and digits, lower-cased (for repeated-headline comparison); empty for
    /// running prose.
    pub norm: String,
}

impl LineFact {
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

/// Line statistics that decide its shape.
struct Stats {
    words: u32,
    /// Words with a letter in them.
    lettered: u32,
    cjk: u32,
    function: u32,
    terminal: bool,
}

fn stats(t: &str) -> Stats {
    let mut words = 0;
    let mut lettered = 0;
    let mut function = 0;
    for w in t.split_whitespace() {
        words += 1;
        if w.chars().any(char::is_alphabetic) {
            lettered += 1;
        }
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        if !w.is_empty() && w.len() <= 14 && FUNCTION_WORDS.contains(w.to_lowercase().as_str()) {
            function += 1;
        }
    }
    Stats {
        words,
        lettered,
        cjk: t.chars().filter(|&c| is_cjk(c)).count() as u32,
        function,
        terminal: ends_sentence(t),
    }
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
    if WIRE_CREDIT.is_match(t) {
        return Shape::Credit;
    }
    if s.words <= 10 && !s.terminal && BYLINE.is_match(t) {
        return Shape::Byline;
    }
    if s.words <= 8 && DATE.is_match(t) && !CLOCK.is_match(t) {
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
        if READING_TIME.is_match(t) {
            return whole(Kind::ReadingTime);
        }
        if COUNTER.is_match(n) {
            return whole(Kind::Counter);
        }
        if RATING.is_match(t) {
            return whole(Kind::Rating);
        }
        if GALLERY_COUNT.is_match(t) {
            return whole(Kind::Gallery);
        }
        if SLUG.is_match(t) {
            return whole(Kind::Slug);
        }
        if t.split_whitespace().all(|w| {
            w.starts_with('#') && w.trim_start_matches('#').starts_with(char::is_alphanumeric)
        }) {
            return whole(Kind::Hashtags);
        }
        if HANDLE.is_match(t) {
            return whole(Kind::Handle);
        }
        if LINK.is_match(t) {
            return whole(Kind::Link);
        }
        if COPYRIGHT_YEAR.is_match(t) {
            return whole(Kind::Copyright);
        }
        if s.words <= 6 && LOGO.is_match(t) {
            return whole(Kind::Logo);
        }
        if s.words <= 10 && DATE.is_match(t) && CLOCK.is_match(t) && shape != Shape::Prose {
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
        let n = normalize(t);
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
            numeric: is_numeric(t),
            norm: if shape == Shape::Prose && s.words > 30 {
                String::new()
            } else {
                letters(t)
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
}

/// The story's lines and the decision for each.
pub(crate) struct Layout {
    pub lines: Vec<LineFact>,
    pub verdicts: Vec<Verdict>,
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

fn key(norm: &str) -> u64 {
    let mut h = FxHasher::default();
    norm.hash(&mut h);
    h.finish()
}

impl Layout {
    pub(crate) fn new(doc: &Document, extras: &PhraseSet) -> Layout {
        let mut lines: Vec<LineFact> = doc
            .per_section(KEY, facts)
            .iter()
            .flat_map(|(base, facts)| facts.iter().map(|f| f.shifted(*base)).collect::<Vec<_>>())
            .collect();
        if !extras.is_empty() {
            for f in &mut lines {
                if f.cue.is_none() && f.words <= 40 && extras.is_match(&doc.text[f.content.clone()])
                {
                    f.cue = Some(Cue {
                        kind: Kind::Configured,
                        list: false,
                        part: None,
                    });
                }
            }
        }
        // A digit among other numbers is a table cell, not a stray character.
        for i in 0..lines.len() {
            if lines[i].whole_cue() == Some(Kind::LoneChar) && lines[i].numeric {
                let near =
                    |j: Option<usize>| j.and_then(|j| lines.get(j)).is_some_and(|f| f.numeric);
                if near(i.checked_sub(1)) || near(Some(i + 1)) {
                    lines[i].cue = None;
                }
            }
        }
        let n = lines.len();
        let mut verdicts = vec![Verdict::Keep; n];
        let Some((b0, b1)) = body(&lines) else {
            for (v, f) in verdicts.iter_mut().zip(&lines) {
                if let Some(k) = f.whole_cue() {
                    *v = Verdict::Chrome(Why::Cue(k));
                }
            }
            return Layout { lines, verdicts };
        };
        let titled = |f: &LineFact| {
            matches!(f.shape, Shape::Title | Shape::Heading)
                && f.cue.is_none()
                && !f.norm.is_empty()
        };
        // The headline: the nearest headline-like line before the body, or its first copy.
        let nearest = (b0.saturating_sub(15)..b0)
            .rev()
            .find(|&i| titled(&lines[i]));
        let top = lines
            .first()
            .filter(|f| titled(f) && f.words >= 3)
            .map(|_| 0);
        let mut headline = nearest;
        let mut protected: FxHashSet<usize> = FxHashSet::default();
        for cand in [top, nearest].into_iter().flatten() {
            let k = key(&lines[cand].norm);
            let copies: Vec<usize> = (0..n)
                .filter(|&i| !lines[i].norm.is_empty() && key(&lines[i].norm) == k)
                .collect();
            // The copy kept is the first when nothing but labels comes before it (the top of
            // the paste), or else the one nearest the body (an earlier copy is the page's
            // title bar).
            let at_top = lines[..copies[0]]
                .iter()
                .all(|f| f.whole_cue().is_some() || f.shape == Shape::Short);
            let kept = if at_top { copies[0] } else { cand };
            protected.insert(kept);
            if Some(cand) == nearest {
                headline = Some(kept);
            }
            for &c in copies.iter().filter(|&&c| c != kept) {
                verdicts[c] = Verdict::Repeat;
            }
        }
        let header_from = headline.map_or(b0, |h| h + 1);
        for i in 0..n {
            if verdicts[i] == Verdict::Repeat {
                continue;
            }
            let f = &lines[i];
            verdicts[i] = if let Some(k) = f.whole_cue() {
                Verdict::Chrome(Why::Cue(k))
            } else if protected.contains(&i) || (b0..=b1).contains(&i) {
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
                && !protected.contains(&i)
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
        Layout { lines, verdicts }
    }
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
}

use crate::core::article::Article;
use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::rule::Ctx;
use crate::declare_rule;
use std::ops::Range;

declare_rule! {
    /// ## What it flags
    ///
    /// Straight quotation marks and apostrophes (`"`, `'`) in a story that otherwise uses curly
    /// ones (`“ ” ‘ ’`), or the reverse. The less common style is flagged, once per mark, and
    /// the message says how often the story uses the other.
    ///
    /// Measured: it flags the straight apostrophe among the curly marks of the second seed
    /// story and nothing in the 46 clean stories of the naming test set
    /// (`cargo test --test integration naming_set -- --nocapture`). On 245 real English
    /// pages (`tests/naming_set/real_copy.sh`) it flags 79 pages; a review of a sample found
    /// genuine mixes in all of them (one was a shell command quoted in a technical blog).
    /// Default severity: warning.
    ///
    /// ## Why it matters
    ///
    /// Mixed marks are the clearest sign of copy pasted together from several sources, and
    /// they show in print and on the page. AP and most house styles use one typography
    /// throughout; content systems that "smarten" quotes do it only to text typed in them.
    ///
    /// ## Example
    ///
    /// ```text
    /// Oman’s role is critical, citing the regime's support for militant groups.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// Oman’s role is critical, citing the regime’s support for militant groups.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Safe: the mark is replaced with its counterpart in the story's main style (an opening
    /// or closing curly mark chosen from the quotation it belongs to). Only typography changes.
    ///
    /// ## Settings
    ///
    /// None. Marks inside code, URLs and front matter are not counted; inch and foot marks
    /// after digits (`5'10"`) are left alone.
    name: "mixed-quote-style",
    family: Naming,
    severity: Warning,
    status: Stable,
    fix: Always,
    scope: Story,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Straight,
    Curly,
}

impl Style {
    fn name(self) -> &'static str {
        match self {
            Style::Straight => "straight",
            Style::Curly => "curly",
        }
    }
}

/// A quotation mark or apostrophe, with its counterpart in the other style.
struct Mark {
    /// Offset in the section's article.
    at: usize,
    len: usize,
    style: Style,
    replacement: char,
    what: &'static str,
}

/// The marks in a section's own text, and how many are straight (cached per section).
struct Marks {
    marks: Vec<Mark>,
    straight: usize,
}

fn marks(article: &Article, own: Range<usize>) -> Marks {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in article.prose[own.clone()].char_indices() {
        let at = own.start + i;
        let style = match c {
            // Feet and inches after digits (5'10") are not quotation marks.
            '"' | '\'' if prev.is_some_and(|p| p.is_ascii_digit()) => None,
            '"' | '\'' => Some(Style::Straight),
            '“' | '”' | '‘' | '’' => Some(Style::Curly),
            _ => None,
        };
        if let Some(style) = style {
            let (replacement, what) = counterpart(article, at, c);
            out.push(Mark {
                at,
                len: c.len_utf8(),
                style,
                replacement,
                what,
            });
        }
        prev = Some(c);
    }
    Marks {
        straight: out.iter().filter(|m| m.style == Style::Straight).count(),
        marks: out,
    }
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = doc.per_section(META.name, marks);
    // Counted per section: a keystroke does not walk every mark of the story.
    let straight: usize = sections.iter().map(|(_, s)| s.straight).sum();
    let curly = sections.iter().map(|(_, s)| s.marks.len()).sum::<usize>() - straight;
    if straight == 0 || curly == 0 {
        return;
    }
    // The majority wins; on a tie, the style of the first mark.
    let first = sections
        .iter()
        .find_map(|(_, s)| s.marks.first())
        .map(|m| m.style);
    let main = if straight > curly || (straight == curly && first == Some(Style::Straight)) {
        Style::Straight
    } else {
        Style::Curly
    };
    let main_count = straight.max(curly);
    // A long story can have hundreds of marks in the other style but only a few distinct
    // messages: each is formatted once.
    let mut messages: Vec<(&str, char, String, String)> = Vec::new();
    let other = sections
        .iter()
        .filter(|(_, s)| {
            let own = if main == Style::Straight {
                s.straight
            } else {
                s.marks.len() - s.straight
            };
            own < s.marks.len()
        })
        .flat_map(|(base, s)| s.marks.iter().map(move |m| (*base, m)))
        .filter(|(_, m)| m.style != main);
    for (base, m) in other {
        let range = base + m.at..base + m.at + m.len;
        let k = match messages
            .iter()
            .position(|(what, r, ..)| *what == m.what && *r == m.replacement)
        {
            Some(k) => k,
            None => {
                let message = format!(
                    "{} {} in a story that uses {} marks ({main_count} of them)",
                    m.style.name(),
                    m.what,
                    main.name()
                );
                let title = format!("Replace with {}", m.replacement);
                messages.push((m.what, m.replacement, message, title));
                messages.len() - 1
            }
        };
        let (_, _, message, title) = &messages[k];
        ctx.report(range.clone(), message.clone())
            .with_fix(Fix::new(
                title.clone(),
                Safety::Safe,
                vec![Edit::replace(range, m.replacement.to_string())],
            ));
    }
}

/// The mark in the other style, and what the mark is ("apostrophe", "quotation mark"). An
/// opening or closing curly mark is chosen from the quotation the mark belongs to.
fn counterpart(article: &Article, at: usize, c: char) -> (char, &'static str) {
    let opens = article.quotes.iter().any(|q| q.range.start == at);
    let closes = article
        .quotes
        .iter()
        .any(|q| q.closed && q.range.end == at + c.len_utf8());
    let after_word = article.prose[..at]
        .chars()
        .next_back()
        .is_some_and(|p| p.is_alphanumeric() || p.is_ascii_punctuation());
    match c {
        '"' if opens || !closes && !after_word => ('“', "quotation mark"),
        '"' => ('”', "quotation mark"),
        '\'' if opens => ('‘', "quotation mark"),
        '\'' if closes => ('’', "quotation mark"),
        '\'' => ('’', "apostrophe"),
        '“' | '”' => ('"', "quotation mark"),
        '‘' => ('\'', "quotation mark"),
        '’' if closes => ('\'', "quotation mark"),
        _ => ('\'', "apostrophe"),
    }
}

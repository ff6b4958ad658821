use crate::core::article::Article;
use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::rule::Ctx;
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// Straight quotation marks and apostrophes (`"`, `'`) in a story that otherwise uses curly
    /// ones (`“ ” ‘ ’`), or the reverse. The less common style is flagged, once per mark, and
    /// the message says how often the story uses the other.
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
    pub(crate) static META = {
        name: "mixed-quote-style",
        family: Naming,
        severity: Warning,
        status: Stable,
        fix: Always,
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    Straight,
    Curly,
}

struct Mark {
    at: usize,
    ch: char,
    style: Style,
}

pub(crate) fn check(article: &Article, ctx: &mut Ctx) {
    let prose = &article.prose;
    let mut marks = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in prose.char_indices() {
        let style = match c {
            '"' | '\'' if prev.is_some_and(|p| p.is_ascii_digit()) => None,
            '"' | '\'' => Some(Style::Straight),
            '“' | '”' | '‘' | '’' => Some(Style::Curly),
            _ => None,
        };
        if let Some(style) = style {
            marks.push(Mark {
                at: i,
                ch: c,
                style,
            });
        }
        prev = Some(c);
    }
    let straight = marks.iter().filter(|m| m.style == Style::Straight).count();
    let curly = marks.len() - straight;
    if straight == 0 || curly == 0 {
        return;
    }
    // The majority wins; on a tie, the style of the first mark.
    let main = if straight > curly || (straight == curly && marks[0].style == Style::Straight) {
        Style::Straight
    } else {
        Style::Curly
    };
    let main_count = straight.max(curly);
    for m in marks.iter().filter(|m| m.style != main) {
        let range = m.at..m.at + m.ch.len_utf8();
        let (replacement, what) = counterpart(article, m, main);
        let style_name = match main {
            Style::Curly => "curly",
            Style::Straight => "straight",
        };
        let mark_name = match m.style {
            Style::Curly => "curly",
            Style::Straight => "straight",
        };
        ctx.report(
            range.clone(),
            format!(
                "{mark_name} {what} in a story that uses {style_name} marks ({main_count} of them)"
            ),
        )
        .with_fix(Fix::new(
            format!("Replace with {replacement}"),
            Safety::Safe,
            vec![Edit::replace(range, replacement.to_string())],
        ));
    }
}

/// The mark in the other style, and what the mark is ("apostrophe", "quotation mark").
fn counterpart(article: &Article, m: &Mark, to: Style) -> (char, &'static str) {
    let opens = article.quotes.iter().any(|q| q.range.start == m.at);
    let closes = article
        .quotes
        .iter()
        .any(|q| q.closed && q.range.end == m.at + m.ch.len_utf8());
    match (m.ch, to) {
        ('"', _) if opens || !closes && !preceded_by_word(article, m.at) => ('“', "quotation mark"),
        ('"', _) => ('”', "quotation mark"),
        ('\'', _) if opens => ('‘', "quotation mark"),
        ('\'', _) if closes => ('’', "quotation mark"),
        ('\'', _) => ('’', "apostrophe"),
        ('“' | '”', _) => ('"', "quotation mark"),
        ('‘', _) => ('\'', "quotation mark"),
        ('’', _) if closes => ('\'', "quotation mark"),
        _ => ('\'', "apostrophe"),
    }
}

fn preceded_by_word(article: &Article, at: usize) -> bool {
    article.prose[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c.is_ascii_punctuation())
}

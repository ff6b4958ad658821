//! Direct quotations: straight and curly marks, guillemets and low-nine marks, nested quotes,
//! quotes continued across paragraphs (the convention of opening each paragraph of a long quote
//! with a mark and closing only the last), and unclosed quotes (which run to the end of their
//! paragraph). Apostrophes are told apart from single quotation marks by their neighbours.

use crate::core::article::{Article, Quote, QuoteMark};

struct Open {
    at: usize,
    len: usize,
    mark: QuoteMark,
    single: bool,
    block: usize,
}

fn is_word(c: Option<char>) -> bool {
    c.is_some_and(char::is_alphanumeric)
}

fn is_space(c: Option<char>) -> bool {
    c.is_none_or(|c| c.is_whitespace() || "([{—–-/".contains(c))
}

pub(crate) fn find(article: &Article) -> Vec<Quote> {
    let prose = &article.prose;
    let mut out: Vec<Quote> = Vec::new();
    let mut stack: Vec<Open> = Vec::new();

    let close_unclosed = |stack: &mut Vec<Open>, out: &mut Vec<Quote>, end: usize, block: usize| {
        while let Some(o) = stack.pop() {
            let depth = stack.len() as u8;
            out.push(Quote {
                range: o.at..end.max(o.at + o.len),
                inner: (o.at + o.len).min(end.max(o.at + o.len))..end.max(o.at + o.len),
                mark: o.mark,
                single: o.single,
                depth,
                closed: false,
                blocks: o.block..block + 1,
            });
        }
    };

    let mut prev_block_end = 0;
    for (bi, block) in article.blocks.iter().enumerate() {
        let text = &prose[block.range.clone()];
        let base = block.range.start;
        let mut chars = text.char_indices().peekable();
        // A quote left open at the end of the previous paragraph continues only if this one
        // opens with the same mark; otherwise it was unclosed.
        if let Some(outer) = stack.first() {
            let first = text.chars().next();
            let continues = matches!(
                (outer.mark, outer.single, first),
                (QuoteMark::Straight, false, Some('"'))
                    | (QuoteMark::Curly, false, Some('“'))
                    | (QuoteMark::Guillemet, false, Some('«' | '»'))
                    | (QuoteMark::Low, false, Some('„'))
            );
            if continues {
                // Inner quotes never continue across paragraphs.
                let keep = stack.drain(1..).collect::<Vec<_>>();
                let mut inner_stack = keep;
                close_unclosed(&mut inner_stack, &mut out, prev_block_end, bi - 1);
                chars.next();
            } else {
                close_unclosed(&mut stack, &mut out, prev_block_end, bi - 1);
            }
        }
        let mut prev: Option<char> = None;
        while let Some((i, c)) = chars.next() {
            let next = chars.peek().map(|&(_, n)| n);
            let at = base + i;
            let len = c.len_utf8();
            let open = |stack: &mut Vec<Open>, mark, single| {
                stack.push(Open {
                    at,
                    len,
                    mark,
                    single,
                    block: bi,
                })
            };
            let pos = |stack: &Vec<Open>, mark: QuoteMark, single: bool| {
                stack
                    .iter()
                    .rposition(|o| o.mark == mark && o.single == single)
            };
            match c {
                '“' => {
                    if let Some(p) = pos(&stack, QuoteMark::Low, false) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    } else {
                        open(&mut stack, QuoteMark::Curly, false);
                    }
                }
                '”' => {
                    if let Some(p) = pos(&stack, QuoteMark::Curly, false) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    }
                }
                '„' => open(&mut stack, QuoteMark::Low, false),
                '«' => open(&mut stack, QuoteMark::Guillemet, false),
                '»' => {
                    if let Some(p) = pos(&stack, QuoteMark::Guillemet, false) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    }
                }
                '‹' => open(&mut stack, QuoteMark::Guillemet, true),
                '›' => {
                    if let Some(p) = pos(&stack, QuoteMark::Guillemet, true) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    }
                }
                '"' => {
                    if let Some(p) = pos(&stack, QuoteMark::Straight, false) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    } else if opens_straight(&text[i + len..]) {
                        open(&mut stack, QuoteMark::Straight, false);
                    }
                }
                '‘' => {
                    if let Some(p) = pos(&stack, QuoteMark::Low, true) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    } else {
                        open(&mut stack, QuoteMark::Curly, true);
                    }
                }
                '’' | '\'' => {
                    let mark = if c == '’' {
                        QuoteMark::Curly
                    } else {
                        QuoteMark::Straight
                    };
                    let apostrophe = is_word(prev) && is_word(next);
                    if apostrophe {
                        // don’t, O’Brien
                    } else if let Some(p) = pos(&stack, mark, true).filter(|_| !is_word(next)) {
                        close_at(&mut stack, &mut out, p, at + len, at, bi);
                    } else if c == '\''
                        && is_space(prev)
                        && is_word(next)
                        && has_straight_single_close(&text[i + len..])
                    {
                        open(&mut stack, QuoteMark::Straight, true);
                    }
                }
                '‚' => open(&mut stack, QuoteMark::Low, true),
                _ => {}
            }
            prev = Some(c);
        }
        // Single quotes never run past their paragraph.
        if let Some(p) = stack.iter().position(|o| o.single) {
            let mut singles = stack.split_off(p);
            close_unclosed(&mut singles, &mut out, block.range.end, bi);
        }
        prev_block_end = block.range.end;
    }
    let last = article.blocks.len().saturating_sub(1);
    close_unclosed(&mut stack, &mut out, prev_block_end, last);
    out.sort_by_key(|q| (q.range.start, std::cmp::Reverse(q.range.end)));
    out
}

/// Closes the quote at stack position `p` at the mark `mark_at..end`, closing anything opened
/// inside it as unclosed.
fn close_at(
    stack: &mut Vec<Open>,
    out: &mut Vec<Quote>,
    p: usize,
    end: usize,
    mark_at: usize,
    block: usize,
) {
    while stack.len() > p + 1 {
        let o = stack.pop().expect("len checked");
        out.push(Quote {
            range: o.at..mark_at,
            inner: o.at + o.len..mark_at.max(o.at + o.len),
            mark: o.mark,
            single: o.single,
            depth: stack.len() as u8,
            closed: false,
            blocks: o.block..block + 1,
        });
    }
    let o = stack.pop().expect("p is a valid position");
    out.push(Quote {
        range: o.at..end,
        inner: o.at + o.len..mark_at,
        mark: o.mark,
        single: o.single,
        depth: stack.len() as u8,
        closed: true,
        blocks: o.block..block + 1,
    });
}

/// Whether a straight double quote followed by `c` can open a quotation: words, digits, an
/// ellipsis character or another opening mark may follow it, but not a space or punctuation
/// (`" ,`, `" .` and `" )` close a quotation that was opened with a space after the mark).
fn opens_words(c: char) -> bool {
    c.is_alphanumeric() || "'‘(…[$€£-—–".contains(c)
}

/// Whether a straight double quote followed by `rest` opens a quotation. A single mark right
/// after it opens a nested quotation only when a word follows (`"'Tis`, `"‘Go`): `"' ` and
/// `"'s` close a title typed with spaces inside its marks (`' " Toe the line "' is`).
fn opens_straight(rest: &str) -> bool {
    let mut chars = rest.chars();
    match chars.next() {
        Some('\'' | '‘') => {
            let after = chars.clone().next();
            let possessive = after == Some('s') && !is_word(chars.nth(1));
            is_word(after) && !possessive
        }
        Some(c) => opens_words(c),
        None => false,
    }
}

/// Whether a straight single quote later in the paragraph can close one opened here.
fn has_straight_single_close(rest: &str) -> bool {
    let mut prev: Option<char> = None;
    let mut it = rest.chars().peekable();
    while let Some(c) = it.next() {
        let next = it.peek().copied();
        if c == '\'' && prev.is_some_and(|p| !p.is_whitespace()) && !is_word(next) {
            return true;
        }
        prev = Some(c);
    }
    false
}

#[cfg(test)]
mod tests {
    use crate::core::article::{Article, SourceKind};

    fn quotes(text: &str) -> Vec<(String, bool, u8)> {
        let a = Article::parse(text, SourceKind::Plain);
        a.quotes
            .iter()
            .map(|q| (text[q.inner.clone()].to_string(), q.closed, q.depth))
            .collect()
    }

    #[test]
    fn straight_and_curly() {
        assert_eq!(
            quotes("He said \"no way\" and “yes way.”"),
            vec![("no way".into(), true, 0), ("yes way.".into(), true, 0)]
        );
    }

    #[test]
    fn nested_single_inside_double() {
        assert_eq!(
            quotes("“He told me ‘never’ twice,” she said."),
            vec![
                ("He told me ‘never’ twice,".into(), true, 0),
                ("never".into(), true, 1)
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(quotes("Oman’s role and the players’ union don't matter.").is_empty());
    }

    #[test]
    fn continued_across_paragraphs() {
        let text = "“First part of the quote.\n\n“Second part,” he said.";
        let q = quotes(text);
        assert_eq!(q.len(), 1);
        assert!(q[0].1);
        assert!(q[0].0.starts_with("First") && q[0].0.ends_with("part,"));
    }

    #[test]
    fn a_straight_mark_before_punctuation_opens_nothing() {
        // A mark before a comma or bracket closes a quote typed with spaces inside its marks;
        // it must not open one that runs to the end of the paragraph.
        assert!(quotes("The hall (\" New Hall \"), built in 1604, still stands.").is_empty());
        assert_eq!(
            quotes("Fans call it \"the barn\", and it is."),
            vec![("the barn".into(), true, 0)]
        );
    }

    #[test]
    fn a_straight_mark_before_a_lone_single_mark_opens_nothing() {
        // `"'` before a space or a possessive ends a term quoted inside single marks.
        assert!(quotes("The ' \" Old Mill \"' was rebuilt in 1920 by the town.").is_empty());
        assert!(quotes("The \" Old Mill \"'s roof was rebuilt in 1920.").is_empty());
        assert_eq!(
            quotes("He wrote \"'Tis the season\" on the card."),
            vec![("'Tis the season".into(), true, 0)]
        );
    }

    #[test]
    fn unclosed_runs_to_end_of_paragraph() {
        let text = "She said “this never ends\n\nNext paragraph.";
        let q = quotes(text);
        assert_eq!(q, vec![("this never ends".into(), false, 0)]);
    }
}

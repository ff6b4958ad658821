//! From raw text to prose: which bytes are prose, and which leaf blocks they form.
//!
//! Markdown goes through pulldown-cmark with source offsets; only text events outside code,
//! front matter, HTML, autolinks and images are kept. Plain text keeps everything but HTML
//! comments and bare URLs. In both, what is not prose becomes spaces (line breaks are kept), so
//! every byte offset means the same in the prose and in the original.

use crate::core::article::{Block, BlockKind};
use crate::core::line_index::LineIndex;
use pulldown_cmark::{Event, LinkType, Options, Parser, Tag, TagEnd};
use regex::Regex;
use std::ops::Range;
use std::sync::LazyLock;

pub(crate) struct Masked {
    pub prose: String,
    pub blocks: Vec<Block>,
    pub verbatim: Vec<Range<usize>>,
}

static BARE_URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\b(?:https?://|ftp://|www\.)[^\s<>"“”'‘’\)\]]+[^\s<>"“”'‘’\)\].,;:!?]"#)
        .expect("valid regex")
});

static HTML_COMMENT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?s)<!--.*?-->").expect("valid regex"));

/// Replaces `range` of `buf` with spaces, keeping line breaks.
fn blank(buf: &mut [u8], range: Range<usize>) {
    for b in &mut buf[range] {
        if *b != b'\n' && *b != b'\r' {
            *b = b' ';
        }
    }
}

/// Converts the mask buffer back to a string. Blanking only ever replaces whole characters
/// (every range blanked starts and ends on a character boundary), so the bytes stay UTF-8.
fn into_string(buf: Vec<u8>, original: &str) -> String {
    String::from_utf8(buf).unwrap_or_else(|e| {
        // Unreachable in practice; fall back to the original text rather than panic.
        debug_assert!(false, "mask broke UTF-8: {e}");
        original.to_string()
    })
}

fn blank_urls(buf: &mut [u8], text: &str, within: Range<usize>) {
    for m in BARE_URL.find_iter(&text[within.clone()]) {
        blank(buf, within.start + m.start()..within.start + m.end());
    }
}

/// Plain text: everything is prose except HTML comments and bare URLs.
pub(crate) fn mask_plain(text: &str, lines: &LineIndex) -> Masked {
    let mut buf = text.as_bytes().to_vec();
    for m in HTML_COMMENT.find_iter(text) {
        blank(&mut buf, m.range());
    }
    blank_urls(&mut buf, text, 0..text.len());
    let prose = into_string(buf, text);
    let blocks = plain_blocks(&prose, lines);
    Masked {
        prose,
        blocks,
        verbatim: Vec::new(),
    }
}

/// Blocks of plain text. Blank lines always separate blocks. Inside a run of non-blank lines,
/// each line is its own block (how pasted web copy arrives), unless the run looks hard-wrapped:
/// every line but the last between 40 and 100 characters long, with at least one of them
/// ending mid-sentence.
fn plain_blocks(prose: &str, lines: &LineIndex) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut run: Vec<Range<usize>> = Vec::new();
    let flush = |run: &mut Vec<Range<usize>>, blocks: &mut Vec<Block>| {
        if run.is_empty() {
            return;
        }
        if looks_hard_wrapped(prose, run) {
            push_block(blocks, prose, run[0].start..run[run.len() - 1].end);
        } else {
            for r in run.iter() {
                push_block(blocks, prose, r.clone());
            }
        }
        run.clear();
    };
    for line in 0..lines.line_count() {
        let range = lines.line_range(prose, line);
        if prose[range.clone()].trim().is_empty() {
            flush(&mut run, &mut blocks);
        } else {
            run.push(range);
        }
    }
    flush(&mut run, &mut blocks);
    blocks
}

fn looks_hard_wrapped(prose: &str, run: &[Range<usize>]) -> bool {
    if run.len() < 2 {
        return false;
    }
    let body = &run[..run.len() - 1];
    let all_mid_length = body.iter().all(|r| {
        let n = prose[r.clone()].trim_end().chars().count();
        (40..=100).contains(&n)
    });
    let some_mid_sentence = body.iter().any(|r| {
        let t = prose[r.clone()].trim_end();
        !t.ends_with(['.', '!', '?', ':', '"', '”', '’', '…', ')'])
    });
    all_mid_length && some_mid_sentence
}

/// Adds a block trimmed to its prose, unless it holds no prose at all.
fn push_block(blocks: &mut Vec<Block>, prose: &str, range: Range<usize>) {
    push_block_kind(blocks, prose, range, BlockKind::Paragraph, false);
}

fn push_block_kind(
    blocks: &mut Vec<Block>,
    prose: &str,
    range: Range<usize>,
    kind: BlockKind,
    in_blockquote: bool,
) {
    let s = &prose[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead == s.len() {
        return;
    }
    blocks.push(Block {
        range: range.start + lead..range.end - trail,
        kind,
        sentences: 0..0,
        in_blockquote,
    });
}

/// A container that text events are attributed to while parsing.
struct Container {
    kind: BlockKind,
    span: Option<Range<usize>>,
    in_blockquote: bool,
}

pub(crate) fn mask(text: &str) -> Masked {
    let options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS;
    let mut keep = vec![false; text.len()];
    let mut verbatim: Vec<Range<usize>> = Vec::new();
    let mut blocks: Vec<Block> = Vec::new();
    let mut stack: Vec<Container> = Vec::new();
    // Depth counters for contexts whose text is not prose.
    let mut hidden = 0usize;
    let mut blockquote = 0usize;
    // For each open link, whether it is an autolink (whose text is the URL).
    let mut links: Vec<bool> = Vec::new();

    let close = |stack: &mut Vec<Container>, blocks: &mut Vec<Block>| {
        if let Some(c) = stack.pop() {
            if let Some(span) = c.span {
                blocks.push(Block {
                    range: span,
                    kind: c.kind,
                    sentences: 0..0,
                    in_blockquote: c.in_blockquote,
                });
            }
        }
    };

    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(tag) => match tag {
                Tag::CodeBlock(_) | Tag::MetadataBlock(_) | Tag::HtmlBlock => {
                    hidden += 1;
                    verbatim.push(range);
                }
                Tag::Image { .. } => hidden += 1,
                Tag::Link { link_type, .. } => {
                    let auto = matches!(link_type, LinkType::Autolink | LinkType::Email);
                    links.push(auto);
                    if auto {
                        hidden += 1;
                    }
                }
                Tag::BlockQuote(_) => blockquote += 1,
                Tag::Paragraph => {
                    // A paragraph inside a list item becomes its own block.
                    stack.push(Container {
                        kind: match stack.last() {
                            Some(c) if c.kind == BlockKind::ListItem => BlockKind::ListItem,
                            _ => BlockKind::Paragraph,
                        },
                        span: None,
                        in_blockquote: blockquote > 0,
                    })
                }
                Tag::Heading { level, .. } => stack.push(Container {
                    kind: BlockKind::Heading(level as u8),
                    span: None,
                    in_blockquote: blockquote > 0,
                }),
                Tag::Item => stack.push(Container {
                    kind: BlockKind::ListItem,
                    span: None,
                    in_blockquote: blockquote > 0,
                }),
                Tag::TableCell => stack.push(Container {
                    kind: BlockKind::TableCell,
                    span: None,
                    in_blockquote: blockquote > 0,
                }),
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::CodeBlock | TagEnd::MetadataBlock(_) | TagEnd::HtmlBlock => {
                    hidden = hidden.saturating_sub(1)
                }
                TagEnd::Image => hidden = hidden.saturating_sub(1),
                // Only autolinks raised `hidden`.
                TagEnd::Link if links.pop() == Some(true) => hidden = hidden.saturating_sub(1),
                TagEnd::BlockQuote(_) => blockquote = blockquote.saturating_sub(1),
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell => {
                    close(&mut stack, &mut blocks)
                }
                _ => {}
            },
            Event::Text(_) if hidden == 0 => {
                keep[range.clone()].iter_mut().for_each(|k| *k = true);
                if let Some(c) = stack.last_mut() {
                    c.span = Some(match c.span.take() {
                        Some(s) => s.start..range.end,
                        None => range,
                    });
                }
            }
            Event::Html(_) | Event::InlineHtml(_) => {}
            _ => {}
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut blocks);
    }

    let mut buf = text.as_bytes().to_vec();
    let mut i = 0;
    while i < buf.len() {
        if keep[i] {
            i += 1;
            continue;
        }
        let start = i;
        while i < buf.len() && !keep[i] {
            i += 1;
        }
        // Text events start and end on character boundaries, so these gaps do too.
        blank(&mut buf, start..i);
    }
    // Bare URLs inside text (and autolinks, whose text is the URL).
    let half = into_string(buf, text);
    let mut buf = half.into_bytes();
    blank_urls(&mut buf, text, 0..text.len());
    let prose = into_string(buf, text);

    blocks.sort_by_key(|b| b.range.start);
    // Nested containers can report the same text twice (an item's paragraph and the item);
    // keep the innermost, which ends first.
    blocks.dedup_by(|later, earlier| later.range.start < earlier.range.end);
    let blocks = blocks
        .into_iter()
        .filter_map(|b| {
            let s = &prose[b.range.clone()];
            let lead = s.len() - s.trim_start().len();
            let trail = s.len() - s.trim_end().len();
            (lead < s.len()).then(|| Block {
                range: b.range.start + lead..b.range.end - trail,
                ..b
            })
        })
        .collect();
    verbatim.sort_by_key(|r| r.start);
    Masked {
        prose,
        blocks,
        verbatim,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prose(md: &str) -> String {
        mask(md).prose
    }

    #[test]
    fn keeps_offsets_and_blanks_markup() {
        let md = "# Title\n\nSome *bold* text with `code` and [a link](http://x.y).\n";
        let p = prose(md);
        assert_eq!(p.len(), md.len());
        assert!(p.contains("Title"));
        assert!(p.contains("bold"));
        assert!(!p.contains("code"));
        assert!(!p.contains("http"));
        assert!(p.contains("a link"));
    }

    #[test]
    fn skips_code_blocks_and_front_matter() {
        let md = "---\ntitle: Sources say\n---\n\nBody.\n\n```\nanalysts say\n```\n";
        let m = mask(md);
        assert!(!m.prose.contains("Sources say"));
        assert!(!m.prose.contains("analysts"));
        assert_eq!(m.blocks.len(), 1);
        assert_eq!(m.verbatim.len(), 2);
    }

    #[test]
    fn blanks_bare_urls_in_plain_text() {
        let text = "See https://example.com/a-b for more.";
        let m = mask_plain(text, &LineIndex::new(text));
        let url = "https://example.com/a-b";
        assert_eq!(m.prose, text.replace(url, &" ".repeat(url.len())));
    }

    #[test]
    fn plain_lines_are_blocks_unless_hard_wrapped() {
        let text = "Headline Here\nFirst paragraph.\nSecond paragraph.\n";
        let m = mask_plain(text, &LineIndex::new(text));
        assert_eq!(m.blocks.len(), 3);
        let wrapped =
            "This is a long line of hard-wrapped text that goes on and\nends on the next line.\n";
        let m = mask_plain(wrapped, &LineIndex::new(wrapped));
        assert_eq!(m.blocks.len(), 1);
    }

    #[test]
    fn list_items_and_headings_are_blocks() {
        let md = "## Head\n\n- one\n- two\n\nPara.\n";
        let m = mask(md);
        let kinds: Vec<_> = m.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::Heading(2),
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Paragraph
            ]
        );
    }
}

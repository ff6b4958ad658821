//! The parsed article every rule reads, computed once: the prose (markup, code, front matter,
//! comments and URLs blanked out at the same byte offsets), blocks, sentences, direct quotations,
//! candidate names and acronym definitions, and suppression directives.
//!
//! Everything is in byte offsets into the original text. `prose` has exactly the same length as
//! the text, so a byte range means the same thing in both.

use crate::core::directives::{self, Directive};
use crate::core::line_index::LineIndex;
use crate::core::{markdown, names, quotes, segment};
use std::ops::Range;

/// What kind of text the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SourceKind {
    Markdown,
    Plain,
}

impl SourceKind {
    /// From a file name: `.md`, `.markdown` (and a few other Markdown extensions) are Markdown;
    /// everything else is plain text.
    pub fn from_path(path: &str) -> SourceKind {
        let lower = path.to_ascii_lowercase();
        if [".md", ".markdown", ".mdown", ".mkd", ".mdx"]
            .iter()
            .any(|ext| lower.ends_with(ext))
        {
            SourceKind::Markdown
        } else {
            SourceKind::Plain
        }
    }

    /// From an LSP language identifier, if it names one newslint reads.
    pub fn from_language_id(id: &str) -> Option<SourceKind> {
        match id {
            "markdown" | "mdx" => Some(SourceKind::Markdown),
            "plaintext" | "text" => Some(SourceKind::Plain),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A Markdown heading (level 1-6).
    Heading(u8),
    Paragraph,
    ListItem,
    TableCell,
}

/// A leaf block of prose: a paragraph, heading, list item or table cell. In plain text, a line
/// (or a run of hard-wrapped lines) between line breaks.
#[derive(Debug, Clone)]
pub struct Block {
    /// From the first to the last prose byte of the block.
    pub range: Range<usize>,
    pub kind: BlockKind,
    /// Indices into [`Article::sentences`].
    pub sentences: Range<usize>,
    /// Whether the block is inside a Markdown block quote.
    pub in_blockquote: bool,
}

#[derive(Debug, Clone)]
pub struct Sentence {
    /// Trimmed of surrounding whitespace.
    pub range: Range<usize>,
    /// Index into [`Article::blocks`].
    pub block: usize,
}

/// Which marks delimit a quotation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum QuoteMark {
    /// `"…"` or `'…'`.
    Straight,
    /// `“…”` or `‘…’`.
    Curly,
    /// `«…»` or `‹…›`.
    Guillemet,
    /// `„…“` or `‚…‘`.
    Low,
}

/// A direct quotation.
#[derive(Debug, Clone)]
pub struct Quote {
    /// From the opening mark to the closing mark inclusive (or the end of the text it runs to
    /// when unclosed).
    pub range: Range<usize>,
    /// The quoted words, without the marks.
    pub inner: Range<usize>,
    pub mark: QuoteMark,
    /// Whether it is a single-mark quote (usually nested in a double one).
    pub single: bool,
    /// 0 for an outermost quote, 1 for a quote inside it, and so on.
    pub depth: u8,
    /// False when no closing mark was found; the quote then runs to the end of its paragraph.
    pub closed: bool,
    /// Index of the first and last block the quote covers (a quote continued by an opening mark
    /// on the next paragraph spans several).
    pub blocks: Range<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NameKind {
    /// A run of capitalised words: "Marco Rubio", "Joint Comprehensive Plan of Action".
    Proper,
    /// An all-capitals token or dotted abbreviation: "JCPOA", "U.S.", "IAEA".
    Acronym,
}

/// A candidate name.
#[derive(Debug, Clone)]
pub struct Name {
    pub range: Range<usize>,
    pub kind: NameKind,
    /// Whether the name starts its sentence (so its capital may be grammar, not a name).
    pub sentence_initial: bool,
    /// Whether it sits inside a direct quotation.
    pub in_quote: bool,
    /// Index into [`Article::sentences`].
    pub sentence: usize,
}

/// "Long Name (ACRONYM)" or "ACRONYM (Long Name)".
#[derive(Debug, Clone)]
pub struct Definition {
    pub acronym: Range<usize>,
    pub expansion: Range<usize>,
}

#[derive(Debug, Clone)]
pub struct Article {
    pub text: String,
    pub kind: SourceKind,
    /// The text with everything that is not prose replaced by spaces (line breaks kept).
    pub prose: String,
    pub lines: LineIndex,
    pub blocks: Vec<Block>,
    pub sentences: Vec<Sentence>,
    /// Sorted by start.
    pub quotes: Vec<Quote>,
    /// Candidate names and acronym definitions, found on first use ([`Article::names`]).
    pub(crate) names: std::sync::OnceLock<(Vec<Name>, Vec<Definition>)>,
    pub directives: Vec<Directive>,
    /// Regions that are not prose at all (code blocks, front matter, HTML blocks): line-based
    /// rules leave them alone.
    pub verbatim: Vec<Range<usize>>,
    /// The outermost quotations merged into disjoint sorted ranges, for `in_quote`.
    pub(crate) quote_spans: Vec<Range<usize>>,
    /// The attribution analysis, computed on first use ([`Article::attribution`]).
    pub(crate) attribution: std::sync::OnceLock<crate::core::attribution::Analysis>,
}

pub(crate) fn merged_spans(quotes: &[Quote]) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = quotes.iter().map(|q| q.range.clone()).collect();
    spans.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

impl Article {
    pub fn parse(text: &str, kind: SourceKind) -> Article {
        let lines = LineIndex::new(text);
        let masked = match kind {
            SourceKind::Markdown => markdown::mask(text),
            SourceKind::Plain => markdown::mask_plain(text, &lines),
        };
        let mut article = Article {
            text: text.to_string(),
            kind,
            prose: masked.prose,
            lines,
            blocks: masked.blocks,
            sentences: Vec::new(),
            quotes: Vec::new(),
            names: Default::default(),
            directives: directives::parse(text),
            verbatim: masked.verbatim,
            quote_spans: Vec::new(),
            attribution: Default::default(),
        };
        segment::split_sentences(&mut article);
        article.quotes = quotes::find(&article);
        article.quote_spans = merged_spans(&article.quotes);
        article
    }

    /// Candidate names, sorted by start (computed on first use).
    pub fn names(&self) -> &[Name] {
        &self.names.get_or_init(|| names::find(self)).0
    }

    /// Parenthetical acronym definitions (computed on first use, with the names).
    pub fn definitions(&self) -> &[Definition] {
        &self.names.get_or_init(|| names::find(self)).1
    }

    /// The prose of a range (markup blanked out).
    pub fn prose_of(&self, range: &Range<usize>) -> &str {
        &self.prose[range.clone()]
    }

    pub fn sentence_text(&self, index: usize) -> &str {
        &self.prose[self.sentences[index].range.clone()]
    }

    /// The sentence holding byte `offset`, if any.
    pub fn sentence_at(&self, offset: usize) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.range.end <= offset);
        (i < self.sentences.len() && self.sentences[i].range.start <= offset).then_some(i)
    }

    /// The block holding byte `offset`, if any.
    pub fn block_at(&self, offset: usize) -> Option<usize> {
        let i = self.blocks.partition_point(|b| b.range.end <= offset);
        (i < self.blocks.len() && self.blocks[i].range.start <= offset).then_some(i)
    }

    /// The innermost quotation holding byte `offset`, if any.
    pub fn quote_at(&self, offset: usize) -> Option<&Quote> {
        self.quotes
            .iter()
            .filter(|q| q.range.start <= offset && offset < q.range.end)
            .max_by_key(|q| q.depth)
    }

    /// Whether byte `offset` is inside a direct quotation.
    pub fn in_quote(&self, offset: usize) -> bool {
        let i = self.quote_spans.partition_point(|r| r.end <= offset);
        i < self.quote_spans.len() && self.quote_spans[i].start <= offset
    }

    /// Whether byte `offset` falls in a verbatim region (code, front matter, raw HTML).
    pub fn in_verbatim(&self, offset: usize) -> bool {
        self.verbatim
            .iter()
            .any(|r| r.start <= offset && offset < r.end)
    }

    /// Sentences of block `block`, as indices.
    pub fn block_sentences(&self, block: usize) -> Range<usize> {
        self.blocks[block].sentences.clone()
    }
}

//! Positions: the one place that knows about lines and columns.
//!
//! The core speaks UTF-8 byte offsets; LSP speaks a line and a column counted in the code
//! units of the negotiated encoding. The client offers encodings in
//! `general.positionEncodings`; we take UTF-8 when offered (no conversion at all), then UTF-32
//! (the unit ropey counts), else UTF-16, which every client must support.
//!
//! Lines end at LF, CRLF or a lone CR, as in LSP: ropey is built without `unicode_lines`, so
//! U+2028, NEL, VT and FF (common in copy scraped from the web) stay inside their line.
//!
//! Client positions are never trusted. A line past the end clamps to the end of the document, a
//! column past the end of its line clamps to the end of the line (before its line break), and
//! a column inside a character (half a surrogate pair, the middle of a UTF-8 sequence) rounds
//! down to the start of that character. Nothing here panics.

use crate::core::LineIndex;
use ropey::Rope;
use std::ops::Range;
use tower_lsp::lsp_types::{Position, PositionEncodingKind};

/// The unit LSP columns are counted in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    Utf8,
    #[default]
    Utf16,
    Utf32,
}

impl Encoding {
    /// Picks an encoding from what the client offers: UTF-8, then UTF-32, else UTF-16.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        let offered = offered.unwrap_or_default();
        let has = |k: &PositionEncodingKind| offered.iter().any(|o| o == k);
        if has(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if has(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        }
    }

    /// What to echo in `ServerCapabilities.positionEncoding`.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    /// The char index (what ropey edits by) of a client position, clamped.
    pub fn char_index(self, rope: &Rope, pos: Position) -> usize {
        let line = pos.line as usize;
        if line >= rope.len_lines() {
            return rope.len_chars();
        }
        let start = rope.line_to_char(line);
        let end = line_content_end(rope, line);
        let col = pos.character as usize;
        match self {
            Encoding::Utf32 => start.saturating_add(col).min(end),
            Encoding::Utf16 => {
                let base = rope.char_to_utf16_cu(start);
                let limit = rope.char_to_utf16_cu(end);
                rope.utf16_cu_to_char(base.saturating_add(col).min(limit))
            }
            Encoding::Utf8 => {
                let base = rope.char_to_byte(start);
                let limit = rope.char_to_byte(end);
                rope.byte_to_char(base.saturating_add(col).min(limit))
            }
        }
    }

    /// The byte offset of a client position, clamped (always on a character boundary).
    pub fn byte_offset(self, rope: &Rope, pos: Position) -> usize {
        rope.char_to_byte(self.char_index(rope, pos))
    }

    /// The client position of a byte offset. Offsets past the end clamp to the end; an offset
    /// inside a character counts as the start of that character; an offset between the CR and
    /// LF of a line break counts as the end of the line.
    pub fn position(self, rope: &Rope, offset: usize) -> Position {
        let ch = rope.byte_to_char(offset.min(rope.len_bytes()));
        let line = rope.char_to_line(ch);
        let start = rope.line_to_char(line);
        let ch = ch.min(line_content_end(rope, line));
        let col = match self {
            Encoding::Utf32 => ch - start,
            Encoding::Utf16 => rope.char_to_utf16_cu(ch) - rope.char_to_utf16_cu(start),
            Encoding::Utf8 => rope.char_to_byte(ch) - rope.char_to_byte(start),
        };
        Position::new(saturate(line), saturate(col))
    }

    /// The client range of a byte range.
    pub fn range(self, rope: &Rope, range: Range<usize>) -> tower_lsp::lsp_types::Range {
        let start = self.position(rope, range.start);
        let end = self.position(rope, range.end.max(range.start));
        tower_lsp::lsp_types::Range::new(start, end)
    }

    /// The length of `s` in this encoding's units.
    fn units(self, s: &str) -> usize {
        match self {
            Encoding::Utf8 => s.len(),
            // Every character is one unit, and those outside the BMP (4 bytes in UTF-8) two.
            Encoding::Utf16 => s.chars().count() + s.bytes().filter(|&b| b >= 0xF0).count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    /// The char range of a client range, clamped and put in order.
    pub fn char_range(self, rope: &Rope, range: tower_lsp::lsp_types::Range) -> Range<usize> {
        let a = self.char_index(rope, range.start);
        let b = self.char_index(rope, range.end);
        a.min(b)..a.max(b)
    }
}

/// Past this many bytes from the start of its line, a column is counted through the tree.
const LONG_LINE: usize = 16 * 1024;

/// A document's text with the start of every line, for converting many offsets at once (every
/// diagnostic of a check): a binary search and a scan of the line up to the offset, instead of
/// two descents of the rope per offset. Built with one pass over the text.
pub struct Located<'a> {
    rope: &'a Rope,
    text: &'a str,
    lines: LineIndex,
    /// The last position found (encoding, line, offset, column): diagnostics come in order,
    /// and the next one on the same line is counted from there, not from the line's start.
    last: std::cell::Cell<Option<(Encoding, usize, usize, usize)>>,
}

impl<'a> Located<'a> {
    /// `text` must be the contents of `rope`.
    pub fn new(rope: &'a Rope, text: &'a str) -> Located<'a> {
        debug_assert_eq!(rope.len_bytes(), text.len());
        Located {
            rope,
            text,
            lines: LineIndex::new(text),
            last: std::cell::Cell::new(None),
        }
    }

    /// [`Encoding::position`] of `offset`.
    pub fn position(&self, enc: Encoding, offset: usize) -> Position {
        let text = self.text;
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let bytes = text.as_bytes();
        if offset > 0 && bytes[offset - 1] == b'\r' && bytes.get(offset) == Some(&b'\n') {
            offset -= 1; // between CR and LF: the end of the line
        }
        let line = self.lines.line_of(offset);
        let (from, units) = match self.last.get() {
            Some((e, l, at, col)) if e == enc && l == line && at <= offset => (at, col),
            _ => (self.lines.line_start(line), 0),
        };
        if offset - from > LONG_LINE {
            return enc.position(self.rope, offset);
        }
        let col = units + enc.units(&text[from..offset]);
        self.last.set(Some((enc, line, offset, col)));
        Position::new(saturate(line), saturate(col))
    }

    /// [`Encoding::range`] of `range`. A range within one line is measured from its start.
    pub fn range(&self, enc: Encoding, range: Range<usize>) -> tower_lsp::lsp_types::Range {
        let text = self.text;
        let start = self.position(enc, range.start);
        let end = range.end.max(range.start).min(text.len());
        let same_line = text.get(range.start..end).is_some_and(|s| {
            s.len() <= LONG_LINE && memchr::memchr2(b'\n', b'\r', s.as_bytes()).is_none()
        });
        let end = if same_line && text.is_char_boundary(end) {
            Position::new(
                start.line,
                start
                    .character
                    .saturating_add(saturate(enc.units(&text[range.start..end]))),
            )
        } else {
            self.position(enc, end)
        };
        tower_lsp::lsp_types::Range::new(start, end)
    }
}

fn saturate(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The char index where `line`'s content ends, before its line break.
fn line_content_end(rope: &Rope, line: usize) -> usize {
    let next = if line + 1 < rope.len_lines() {
        rope.line_to_char(line + 1)
    } else {
        return rope.len_chars();
    };
    let mut end = next;
    if end > 0 && rope.char(end - 1) == '\n' {
        end -= 1;
    }
    if end > 0 && rope.char(end - 1) == '\r' {
        end -= 1;
    }
    end
}

/// How many bytes two texts share at their start and at their end (not overlapping): what an
/// edit left alone. Ropes cloned from one another share their untouched chunks, which compare
/// by address; others compare by content.
pub fn shared_ends(a: &Rope, b: &Rope) -> (usize, usize) {
    let prefix = shared_run(a.chunks(), b.chunks(), false);
    fn tail(r: &Rope) -> impl Iterator<Item = &str> {
        let mut chunks = r.chunks_at_byte(r.len_bytes()).0;
        std::iter::from_fn(move || chunks.prev())
    }
    let room = a.len_bytes().min(b.len_bytes()) - prefix;
    let suffix = shared_run(tail(a), tail(b), true).min(room);
    (prefix, suffix)
}

/// The length of the run of equal bytes at the start (or, with `from_end`, the end) of two
/// texts given as chunks in that order.
fn shared_run<'a>(
    mut a: impl Iterator<Item = &'a str>,
    mut b: impl Iterator<Item = &'a str>,
    from_end: bool,
) -> usize {
    let mut x: &[u8] = &[];
    let mut y: &[u8] = &[];
    let mut n = 0;
    loop {
        if x.is_empty() {
            match a.next() {
                Some(c) => x = c.as_bytes(),
                None => return n,
            }
            continue;
        }
        if y.is_empty() {
            match b.next() {
                Some(c) => y = c.as_bytes(),
                None => return n,
            }
            continue;
        }
        let k = x.len().min(y.len());
        let (p, q) = if from_end {
            (&x[x.len() - k..], &y[y.len() - k..])
        } else {
            (&x[..k], &y[..k])
        };
        if std::ptr::eq(p, q) || p == q {
            n += k;
        } else {
            let same = if from_end {
                p.iter()
                    .rev()
                    .zip(q.iter().rev())
                    .take_while(|(c, d)| c == d)
                    .count()
            } else {
                p.iter().zip(q).take_while(|(c, d)| c == d).count()
            };
            return n + same;
        }
        if from_end {
            x = &x[..x.len() - k];
            y = &y[..y.len() - k];
        } else {
            x = &x[k..];
            y = &y[k..];
        }
    }
}

/// The line holding byte `offset` (clamped).
pub fn line_of(rope: &Rope, offset: usize) -> usize {
    rope.byte_to_line(offset.min(rope.len_bytes()))
}

/// The byte range of `line` without its line break (clamped), for edits that work on lines.
pub fn line_bytes(rope: &Rope, line: usize) -> Range<usize> {
    if line >= rope.len_lines() {
        return rope.len_bytes()..rope.len_bytes();
    }
    rope.line_to_byte(line)..rope.char_to_byte(line_content_end(rope, line))
}

/// The line break that ends `line` ("\n", "\r\n" or "\r"), or "" for the last line.
pub fn line_break(rope: &Rope, line: usize) -> &'static str {
    if line + 1 >= rope.len_lines() {
        return "";
    }
    let next = rope.line_to_char(line + 1);
    match (
        next.checked_sub(2).map(|i| rope.char(i)),
        rope.char(next - 1),
    ) {
        (Some('\r'), '\n') => "\r\n",
        (_, '\r') => "\r",
        _ => "\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const ALL: [Encoding; 3] = [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32];

    /// Pieces that break naive column arithmetic.
    const PIECES: &[&str] = &[
        "a",
        "word ",
        "é",
        "e\u{301}",
        "😀",
        "👩\u{200d}👩\u{200d}👧",
        "🇫🇷",
        "中文",
        "\r\n",
        "\r",
        "\n",
        "\u{2028}",
        "\u{85}",
        "\u{c}",
        "\"",
        "’",
        "\u{feff}",
    ];

    fn text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop::sample::select(PIECES), 0..40).prop_map(|v| v.concat())
    }

    /// The reference: lines split by hand on LF, CRLF and CR.
    fn line_starts(text: &str) -> Vec<usize> {
        let b = text.as_bytes();
        let mut starts = vec![0];
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'\n' || b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
            i += 1;
        }
        starts
    }

    fn units(enc: Encoding, s: &str) -> usize {
        match enc {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.encode_utf16().count(),
            Encoding::Utf32 => s.chars().count(),
        }
    }

    fn reference_position(enc: Encoding, text: &str, offset: usize) -> Position {
        let starts = line_starts(text);
        let line = starts.partition_point(|&s| s <= offset) - 1;
        Position::new(line as u32, units(enc, &text[starts[line]..offset]) as u32)
    }

    fn between_cr_lf(text: &str, offset: usize) -> bool {
        offset > 0
            && text.as_bytes()[offset - 1] == b'\r'
            && text.as_bytes().get(offset) == Some(&b'\n')
    }

    proptest! {
        #[test]
        fn offsets_round_trip_and_match_the_reference(text in text()) {
            let rope = Rope::from_str(&text);
            let located = Located::new(&rope, &text);
            for enc in ALL {
                for (offset, _) in text.char_indices().chain([(text.len(), ' ')]) {
                    if between_cr_lf(&text, offset) {
                        prop_assert_eq!(located.position(enc, offset), enc.position(&rope, offset));
                        continue;
                    }
                    let pos = enc.position(&rope, offset);
                    prop_assert_eq!(located.position(enc, offset), pos);
                    prop_assert_eq!(pos, reference_position(enc, &text, offset), "{:?} at {}", enc, offset);
                    prop_assert_eq!(enc.byte_offset(&rope, pos), offset, "{:?} at {}", enc, offset);
                }
                // Backwards, and after other encodings: the remembered position is no help.
                for (offset, _) in text.char_indices().rev() {
                    prop_assert_eq!(located.position(enc, offset), enc.position(&rope, offset));
                }
            }
        }

        #[test]
        fn ranges_measured_from_their_start_agree(text in text(), a in 0usize..400, len in 0usize..20) {
            let rope = Rope::from_str(&text);
            let located = Located::new(&rope, &text);
            let start = a.min(text.len());
            let end = (start + len).min(text.len());
            for enc in ALL {
                prop_assert_eq!(located.range(enc, start..end), enc.range(&rope, start..end));
            }
        }

        #[test]
        fn any_position_clamps_to_a_character_boundary(text in text(), line in 0u32..50, col in 0u32..300) {
            let rope = Rope::from_str(&text);
            for enc in ALL {
                let offset = enc.byte_offset(&rope, Position::new(line, col));
                prop_assert!(offset <= text.len());
                prop_assert!(text.is_char_boundary(offset));
                prop_assert!(!between_cr_lf(&text, offset));
                let back = enc.position(&rope, offset);
                prop_assert!(back.line <= line);
                if back.line == line {
                    prop_assert!(back.character <= col);
                }
            }
        }
    }

    proptest! {
        #[test]
        fn shared_ends_are_what_an_edit_left_alone(
            text in text(), at in 0usize..400, cut in 0usize..8, insert in text(), clone in any::<bool>(),
        ) {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let mut end = (at + cut).min(text.len());
            while !text.is_char_boundary(end) {
                end += 1;
            }
            let edited = format!("{}{}{}", &text[..at], insert, &text[end..]);
            let old = Rope::from_str(&text);
            let new = if clone {
                let mut r = old.clone();
                let start = r.byte_to_char(at);
                r.remove(start..r.byte_to_char(end));
                r.insert(start, &insert);
                r
            } else {
                Rope::from_str(&edited)
            };
            let (prefix, suffix) = shared_ends(&old, &new);
            let (a, b) = (text.as_bytes(), edited.as_bytes());
            let p = a.iter().zip(b).take_while(|(x, y)| x == y).count();
            let s = a.iter().rev().zip(b.iter().rev()).take_while(|(x, y)| x == y).count();
            prop_assert_eq!(prefix, p);
            prop_assert_eq!(suffix, s.min(a.len().min(b.len()) - p));
        }
    }

    #[test]
    fn utf16_counts_surrogate_pairs_and_utf8_counts_bytes() {
        let text = "a😀b\r\nx👩\u{200d}👧y";
        let rope = Rope::from_str(text);
        let b = text.find('b').unwrap();
        assert_eq!(Encoding::Utf16.position(&rope, b), Position::new(0, 3));
        assert_eq!(Encoding::Utf32.position(&rope, b), Position::new(0, 2));
        assert_eq!(Encoding::Utf8.position(&rope, b), Position::new(0, 5));
        let y = text.find('y').unwrap();
        assert_eq!(Encoding::Utf16.position(&rope, y), Position::new(1, 6));
    }

    #[test]
    fn half_a_surrogate_pair_rounds_down() {
        let rope = Rope::from_str("a😀b");
        assert_eq!(Encoding::Utf16.byte_offset(&rope, Position::new(0, 2)), 1);
        assert_eq!(Encoding::Utf8.byte_offset(&rope, Position::new(0, 3)), 1);
    }

    #[test]
    fn unicode_separators_do_not_end_lines() {
        let rope = Rope::from_str("a\u{2028}b\u{85}c\u{c}d\re");
        assert_eq!(rope.len_lines(), 2);
        assert_eq!(
            Encoding::Utf16.position(&rope, rope.len_bytes()),
            Position::new(1, 1)
        );
    }

    #[test]
    fn past_the_end_clamps() {
        let rope = Rope::from_str("ab\r\ncd");
        assert_eq!(Encoding::Utf16.byte_offset(&rope, Position::new(0, 99)), 2);
        assert_eq!(Encoding::Utf16.byte_offset(&rope, Position::new(9, 0)), 6);
        assert_eq!(Encoding::Utf16.position(&rope, 3), Position::new(0, 2));
        assert_eq!(Encoding::Utf16.position(&rope, 99), Position::new(1, 2));
    }

    #[test]
    fn negotiation_prefers_utf8_then_utf32() {
        let k = |v: &[PositionEncodingKind]| Encoding::negotiate(Some(v));
        assert_eq!(
            k(&[PositionEncodingKind::UTF16, PositionEncodingKind::UTF8]),
            Encoding::Utf8
        );
        assert_eq!(
            k(&[PositionEncodingKind::UTF32, PositionEncodingKind::UTF16]),
            Encoding::Utf32
        );
        assert_eq!(k(&[PositionEncodingKind::UTF16]), Encoding::Utf16);
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
    }

    #[test]
    fn line_breaks_are_named() {
        let rope = Rope::from_str("a\r\nb\rc\nd");
        assert_eq!(line_break(&rope, 0), "\r\n");
        assert_eq!(line_break(&rope, 1), "\r");
        assert_eq!(line_break(&rope, 2), "\n");
        assert_eq!(line_break(&rope, 3), "");
        assert_eq!(line_bytes(&rope, 0), 0..1);
    }
}

//! Byte offsets to lines and columns, for the edges that show positions to people.
//!
//! Lines end at LF, CRLF or a lone CR, as in LSP. Columns count Unicode scalar values.

/// A 0-based line and a 0-based column in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct LineCol {
    pub line: usize,
    pub col: usize,
}

#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for i in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            // The CR of a CRLF is not a break of its own.
            if bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n') {
                starts.push(i + 1);
            }
        }
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The 0-based line holding byte `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// Byte offset of the start of `line` (clamped).
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Byte range of `line` without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> std::ops::Range<usize> {
        let start = self.line_start(line);
        let mut end = self.line_start(line + 1);
        let bytes = text.as_bytes();
        while end > start && matches!(bytes[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        start..end
    }

    /// Byte range of `line` including its line ending.
    pub fn full_line_range(&self, line: usize) -> std::ops::Range<usize> {
        self.line_start(line)..self.line_start(line + 1)
    }

    /// Line and column (in Unicode scalar values) of byte `offset`. An offset inside a
    /// multi-byte character counts that character as not yet reached.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = offset.min(text.len());
        let line = self.line_of(offset);
        let start = self.line_start(line);
        let mut end = offset;
        while end > start && !text.is_char_boundary(end) {
            end -= 1;
        }
        LineCol {
            line,
            col: text[start..end].chars().count(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lf_crlf_and_lone_cr_end_lines() {
        let text = "a\nb\r\nc\rd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(idx.line_col(text, 7), LineCol { line: 3, col: 0 });
        assert_eq!(idx.line_range(text, 1), 2..3);
    }

    #[test]
    fn columns_count_scalar_values() {
        let text = "é😀x";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, text.len() - 1).col, 2);
    }

    #[test]
    fn unicode_line_separator_is_not_a_line_break() {
        let text = "a\u{2028}b";
        assert_eq!(LineIndex::new(text).line_count(), 1);
    }
}

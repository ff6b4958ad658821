//! The numbers the line model reads for each line of a story: the line's own shape (length,
//! punctuation, digits, capitals, function-word density, explicit cues), where it stands
//! (before, inside or after the body, how far from it, in the story header), what the
//! hand-written rules decided, the runs it belongs to, how often it repeats, and the same
//! facts of the two lines either side.
//!
//! Everything here is language-agnostic: words are counted by white space (or CJK characters),
//! and the only word lists are the function words and the cue phrases of `lines.rs`.
//!
//! The order and the names of the features are part of the model file's contract
//! (`data/chrome_model.txt` lists the names it was trained on); the training script reads them
//! from the same code, through [`super::feature_table`].

use super::lines::{flag, Frame, LineFact, Shape, Verdict, Why};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// The feature names, in order.
pub(crate) static NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut names = Vec::new();
    let lines = [LineFact::empty()];
    let frame = Frame {
        protected: vec![false],
        ..Frame::default()
    };
    let verdicts = [Verdict::Keep];
    let story = Story::new(&lines, &frame, &verdicts);
    story.row(0, &mut |name, _| names.push(name));
    names
});

fn shape_code(s: Shape) -> f64 {
    match s {
        Shape::Prose => 0.0,
        Shape::Title => 1.0,
        Shape::Short => 2.0,
        Shape::Bullet => 3.0,
        Shape::Heading => 4.0,
        Shape::Byline => 5.0,
        Shape::Date => 6.0,
        Shape::Credit => 7.0,
    }
}

fn verdict_code(v: Verdict) -> f64 {
    match v {
        Verdict::Keep => 0.0,
        Verdict::Chrome(Why::Cue(_)) => 1.0,
        Verdict::Chrome(Why::Before) => 2.0,
        Verdict::Chrome(Why::After) => 3.0,
        Verdict::Chrome(Why::Between) => 4.0,
        Verdict::Chrome(Why::Inside) => 6.0,
        Verdict::Repeat => 5.0,
    }
}

fn ratio(a: u32, b: u32) -> f64 {
    if b == 0 {
        0.0
    } else {
        f64::from(a) / f64::from(b)
    }
}

/// A key for the first word of a line, lower-cased, without punctuation ("By", "Photo",
/// "Credit…"): lines of a list of teasers start alike.
pub(crate) fn first_word(text: &str) -> u64 {
    let w = text
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase();
    let w: String = w.chars().take(12).collect();
    super::lines::key(&w)
}

/// Story-wide tables the rows read.
pub(crate) struct Story<'a> {
    lines: &'a [LineFact],
    frame: &'a Frame,
    verdicts: &'a [Verdict],
    /// Prefix sums: prose lines, cued lines, lines the rules flag.
    prose: Vec<u32>,
    cued: Vec<u32>,
    numeric: Vec<u32>,
    terminal: Vec<u32>,
    /// Prefix sums of words and characters.
    words: Vec<u32>,
    chars: Vec<u32>,
    flagged: Vec<u32>,
    repeats: Vec<u32>,
    first_repeats: Vec<u32>,
    median_prose: f64,
    run_start: Vec<usize>,
    run_end: Vec<usize>,
    short_start: Vec<usize>,
    short_end: Vec<usize>,
    cue_before: Vec<usize>,
    cue_after: Vec<usize>,
    prose_before: Vec<usize>,
    prose_after: Vec<usize>,
}

const FAR: usize = 60;

fn prefix(n: usize, f: impl Fn(usize) -> bool) -> Vec<u32> {
    let mut out = Vec::with_capacity(n + 1);
    out.push(0);
    for i in 0..n {
        out.push(out[i] + u32::from(f(i)));
    }
    out
}

/// For each line, the start and end (exclusive) of the run of lines around it that satisfy
/// `f` (empty at lines that do not).
fn runs(n: usize, f: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    let mut start = vec![0; n];
    let mut end = vec![0; n];
    let mut i = 0;
    while i < n {
        if !f(i) {
            start[i] = i;
            end[i] = i;
            i += 1;
            continue;
        }
        let mut j = i;
        while j < n && f(j) {
            j += 1;
        }
        for k in i..j {
            start[k] = i;
            end[k] = j;
        }
        i = j;
    }
    (start, end)
}

/// Distance to the nearest line before and after that satisfies `f` (capped at [`FAR`]).
fn nearest(n: usize, f: impl Fn(usize) -> bool) -> (Vec<usize>, Vec<usize>) {
    let mut before = vec![FAR; n];
    let mut after = vec![FAR; n];
    let mut last: Option<usize> = None;
    for (i, b) in before.iter_mut().enumerate() {
        if let Some(l) = last {
            *b = (i - l).min(FAR);
        }
        if f(i) {
            last = Some(i);
        }
    }
    last = None;
    for i in (0..n).rev() {
        if let Some(l) = last {
            after[i] = (l - i).min(FAR);
        }
        if f(i) {
            last = Some(i);
        }
    }
    (before, after)
}

impl<'a> Story<'a> {
    pub(crate) fn new(lines: &'a [LineFact], frame: &'a Frame, verdicts: &'a [Verdict]) -> Self {
        let n = lines.len();
        let is_prose = |i: usize| lines[i].shape == Shape::Prose;
        let is_cued = |i: usize| lines[i].whole_cue().is_some();
        let prose = prefix(n, is_prose);
        let cued = prefix(n, is_cued);
        let flagged = prefix(n, |i| verdicts[i] != Verdict::Keep);
        let numeric = prefix(n, |i| lines[i].numeric);
        let terminal = prefix(n, |i| lines[i].stats.terminal);
        let mut words = vec![0u32];
        let mut chars = vec![0u32];
        for f in lines {
            words.push(words[words.len() - 1] + f.words);
            chars.push(chars[chars.len() - 1] + f.stats.chars);
        }
        let mut norms: FxHashMap<u64, u32> = FxHashMap::default();
        let mut firsts: FxHashMap<u64, u32> = FxHashMap::default();
        let norm_keys: Vec<Option<u64>> = lines.iter().map(|f| f.norm).collect();
        let first_keys: Vec<u64> = lines.iter().map(|f| f.first).collect();
        for k in norm_keys.iter().flatten() {
            *norms.entry(*k).or_default() += 1;
        }
        for k in &first_keys {
            *firsts.entry(*k).or_default() += 1;
        }
        let repeats = norm_keys
            .iter()
            .map(|k| k.map_or(0, |k| norms[&k] - 1))
            .collect();
        let first_repeats = first_keys.iter().map(|k| firsts[k] - 1).collect();
        let mut lens: Vec<u32> = lines
            .iter()
            .filter(|f| f.shape == Shape::Prose)
            .map(|f| f.stats.chars)
            .collect();
        lens.sort_unstable();
        let median_prose = lens.get(lens.len() / 2).map_or(0.0, |&m| f64::from(m));
        let (run_start, run_end) = runs(n, |i| !is_prose(i));
        let (short_start, short_end) = runs(n, |i| lines[i].words <= 4);
        let (cue_before, cue_after) = nearest(n, is_cued);
        let (prose_before, prose_after) = nearest(n, is_prose);
        Story {
            lines,
            frame,
            verdicts,
            prose,
            cued,
            numeric,
            terminal,
            words,
            chars,
            flagged,
            repeats,
            first_repeats,
            median_prose,
            run_start,
            run_end,
            short_start,
            short_end,
            cue_before,
            cue_after,
            prose_before,
            prose_after,
        }
    }

    fn count(&self, sums: &[u32], i: usize, radius: usize) -> f64 {
        let a = i.saturating_sub(radius);
        let b = (i + radius + 1).min(self.lines.len());
        f64::from(sums[b] - sums[a])
    }

    /// The features of line `i`, passed to `put` with their names, in order.
    pub(crate) fn row(&self, i: usize, put: &mut impl FnMut(&'static str, f64)) {
        let n = self.lines.len();
        let f = &self.lines[i];
        own(f, put);
        let cue_kind = f.whole_cue().map_or(0.0, |k| f64::from(k.code()) + 1.0);
        put("cue_kind", cue_kind);
        put(
            "cue_list",
            f64::from(u8::from(f.cue.as_ref().is_some_and(|c| c.list))),
        );
        put(
            "cue_part",
            f64::from(u8::from(f.cue.as_ref().is_some_and(|c| c.part.is_some()))),
        );
        put("numeric", f64::from(u8::from(f.numeric)));
        for (bit, name) in FLAG_NAMES.iter().enumerate() {
            put(name, f64::from(u8::from(f.stats.flags & (1 << bit) != 0)));
        }
        // Where it stands.
        let (b0, b1) = self.frame.body.unwrap_or((n, n));
        let region = if self.frame.body.is_none() {
            -2.0
        } else if i < b0 {
            -1.0
        } else if i > b1 {
            1.0
        } else {
            0.0
        };
        put("region", region);
        let to_body = if i < b0 { b0 - i } else { i.saturating_sub(b1) };
        put("to_body", to_body.min(FAR * 4) as f64);
        put(
            "from_body_start",
            (i as f64 - b0 as f64).clamp(-240.0, 240.0),
        );
        put("to_body_end", (b1 as f64 - i as f64).clamp(-240.0, 240.0));
        put(
            "rel_pos",
            if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.0
            },
        );
        put("lines", n as f64);
        put(
            "body_lines",
            self.frame.body.map_or(0.0, |(a, b)| (b - a + 1) as f64),
        );
        put(
            "body_prose",
            self.frame
                .body
                .map_or(0.0, |(a, b)| f64::from(self.prose[b + 1] - self.prose[a])),
        );
        put(
            "in_header",
            f64::from(u8::from(
                self.frame.body.is_some() && i >= self.frame.header_from && i < b0,
            )),
        );
        put(
            "headline",
            f64::from(u8::from(self.frame.headline == Some(i))),
        );
        put(
            "protected",
            f64::from(u8::from(
                self.frame.protected.get(i).copied().unwrap_or(false),
            )),
        );
        put(
            "after_headline",
            self.frame
                .headline
                .map_or(-1.0, |h| (i as f64 - h as f64).clamp(-60.0, 60.0)),
        );
        put("rules", verdict_code(self.verdicts[i]));
        // The neighbourhood.
        put("prose_3", self.count(&self.prose, i, 3));
        put("prose_10", self.count(&self.prose, i, 10));
        put("cued_3", self.count(&self.cued, i, 3));
        put("cued_10", self.count(&self.cued, i, 10));
        put("flagged_3", self.count(&self.flagged, i, 3));
        put("flagged_10", self.count(&self.flagged, i, 10));
        put("numeric_3", self.count(&self.numeric, i, 3));
        put("terminal_3", self.count(&self.terminal, i, 3));
        put("terminal_10", self.count(&self.terminal, i, 10));
        let others = |sums: &[u32], r: usize| {
            let a = i.saturating_sub(r);
            let b = (i + r + 1).min(n);
            let own = sums[i + 1] - sums[i];
            f64::from(sums[b] - sums[a] - own) / (b - a - 1).max(1) as f64
        };
        put("words_3", others(&self.words, 3));
        put("chars_3", others(&self.chars, 3));
        put("chars_10", others(&self.chars, 10));
        put("prose_rest", f64::from(self.prose[n] - self.prose[i + 1]));
        put("prose_past", f64::from(self.prose[i]));
        // Alternating structure (label, value, label, value): like the line two before or
        // after, unlike the one between.
        let like = |a: usize, b: usize| {
            let (fa, fb) = (&self.lines[a], &self.lines[b]);
            fa.shape == fb.shape && fa.numeric == fb.numeric && fa.words.abs_diff(fb.words) <= 2
        };
        let alternating = (i >= 2 && like(i, i - 2) && !like(i, i - 1))
            || (i + 2 < n && like(i, i + 2) && !like(i, i + 1));
        put("alternating", f64::from(u8::from(alternating)));
        put("run_len", (self.run_end[i] - self.run_start[i]) as f64);
        put("run_pos", (i - self.run_start[i]) as f64);
        put("run_left", (self.run_end[i].saturating_sub(i + 1)) as f64);
        put(
            "short_run",
            (self.short_end[i] - self.short_start[i]) as f64,
        );
        put("cue_before", self.cue_before[i] as f64);
        put("cue_after", self.cue_after[i] as f64);
        put("prose_before", self.prose_before[i] as f64);
        put("prose_after", self.prose_after[i] as f64);
        put("repeats", f64::from(self.repeats[i]));
        put("first_repeats", f64::from(self.first_repeats[i]));
        put(
            "rel_len",
            if self.median_prose > 0.0 {
                f64::from(f.stats.chars) / self.median_prose
            } else {
                0.0
            },
        );
        for (d, names) in [-2i64, -1, 1, 2].into_iter().zip(&NEIGHBOUR_NAMES) {
            let j = i as i64 + d;
            let g = (0..n as i64).contains(&j).then_some(j as usize);
            neighbour(g.map(|j| (&self.lines[j], self.verdicts[j])), names, put);
        }
    }
}

const FLAG_NAMES: [&str; flag::COUNT] = [
    "ends_colon",
    "ends_ellipsis",
    "ends_question",
    "separator",
    "starts_lower",
    "starts_digit",
    "starts_symbol",
    "quote_mark",
    "date",
    "clock",
    "at_sign",
    "paren",
    "ends_digit",
    "byline",
];

/// The line's own shape.
fn own(f: &LineFact, put: &mut impl FnMut(&'static str, f64)) {
    let s = &f.stats;
    put("words", f64::from(f.words));
    put("chars", f64::from(s.chars));
    put("lettered", f64::from(s.lettered));
    put("cjk", f64::from(s.cjk));
    put("function", f64::from(s.function));
    put("function_ratio", ratio(s.function, s.words));
    put("terminal", f64::from(u8::from(s.terminal)));
    put("digit_ratio", ratio(s.digits, s.chars));
    put("upper_ratio", ratio(s.upper, s.letters));
    put("punct_ratio", ratio(s.punct, s.chars));
    put("capitalised_ratio", ratio(s.capitalised, s.lettered));
    put("word_len", ratio(s.chars, s.words.max(1)));
    put("shape", shape_code(f.shape));
}

/// A few facts of a neighbouring line (`None` past either end of the story).
fn neighbour(
    g: Option<(&LineFact, Verdict)>,
    names: &[&'static str; 11],
    put: &mut impl FnMut(&'static str, f64),
) {
    let Some((f, v)) = g else {
        for name in names {
            put(name, -1.0);
        }
        return;
    };
    let s = &f.stats;
    let values = [
        f64::from(f.words),
        f64::from(s.chars),
        shape_code(f.shape),
        f64::from(u8::from(s.terminal)),
        f.whole_cue().map_or(0.0, |k| f64::from(k.code()) + 1.0),
        ratio(s.function, s.words),
        verdict_code(v),
        ratio(s.digits, s.chars),
        ratio(s.capitalised, s.lettered),
        f64::from(u8::from(s.flags & flag::ENDS_COLON != 0)),
        f64::from(u8::from(
            s.flags & (flag::DATE | flag::CLOCK | flag::BYLINE) != 0,
        )),
    ];
    for (name, value) in names.iter().zip(values) {
        put(name, value);
    }
}

const NEIGHBOUR_NAMES: [[&str; 11]; 4] = [
    [
        "p2_words",
        "p2_chars",
        "p2_shape",
        "p2_terminal",
        "p2_cue_kind",
        "p2_function_ratio",
        "p2_rules",
        "p2_digit_ratio",
        "p2_capitalised_ratio",
        "p2_ends_colon",
        "p2_dated",
    ],
    [
        "p1_words",
        "p1_chars",
        "p1_shape",
        "p1_terminal",
        "p1_cue_kind",
        "p1_function_ratio",
        "p1_rules",
        "p1_digit_ratio",
        "p1_capitalised_ratio",
        "p1_ends_colon",
        "p1_dated",
    ],
    [
        "n1_words",
        "n1_chars",
        "n1_shape",
        "n1_terminal",
        "n1_cue_kind",
        "n1_function_ratio",
        "n1_rules",
        "n1_digit_ratio",
        "n1_capitalised_ratio",
        "n1_ends_colon",
        "n1_dated",
    ],
    [
        "n2_words",
        "n2_chars",
        "n2_shape",
        "n2_terminal",
        "n2_cue_kind",
        "n2_function_ratio",
        "n2_rules",
        "n2_digit_ratio",
        "n2_capitalised_ratio",
        "n2_ends_colon",
        "n2_dated",
    ],
];

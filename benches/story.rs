//! What both latency benchmarks share: the 1 MB story (wire copy written for them, repeated),
//! the pseudo-random edits they make to it, their options and how they print times.

use std::time::Duration;

/// The value of option `name` (`--size 20000`) on the command line, or `default`.
pub fn arg(name: &str, default: usize) -> usize {
    let args: Vec<String> = std::env::args().collect();
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Whether flag `name` (`--pull`) is on the command line.
pub fn flag(name: &str) -> bool {
    std::env::args().any(|a| a == name)
}

/// The `p` percentile (0 to 1) of durations sorted in ascending order.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

pub fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

/// Paragraphs of wire copy, written for this benchmark. A few use straight apostrophes in a
/// story that otherwise uses curly ones, so `mixed-quote-style` has findings.
pub const PARAGRAPHS: &[&str] = &[
    "The harbour board voted 5-2 on Tuesday to delay the dredging contract, the board’s chair, Marta Okafor, said after the meeting.",
    "“We need to see the invoices before we sign anything else,” Okafor told reporters. The contract is worth $14 million over three years.",
    "Council member Dana Ortiz said the city’s budget office had not received a revised estimate. The estimate was due in March, according to the board’s minutes.",
    "Residents who attended the meeting said they were worried about noise from trucks at night. “It’s every night, not just weekends,” said Luis Vega, who lives two blocks from the dock.",
    "The contractor, Pacific Dredge Co., did not respond to a request for comment on Tuesday. Its chief executive said in a statement last week that the work would take 18 months.",
    "State regulators approved the environmental review in January. The review found no lasting harm to the estuary, the Department of Ecology said in its decision.",
    "The port’s container traffic fell 4 percent last year, according to figures published by the port authority in February.",
    "Okafor said the board would take up the contract again at its next meeting, on May 12. The meeting is open to the public.",
    "The union representing dock workers said its members supported the dredging but wanted the work done during the day. The union's spokesman declined to say whether it would file a complaint.",
    "## Background",
    "The channel was last dredged in 2009, when the city paid $6.2 million for the work, records show.",
];

/// The story: paragraphs repeated to `size` bytes. With `few`, the straight apostrophes are
/// made curly in all but one paragraph in 60, so the story has a few dozen findings instead of
/// hundreds.
pub fn story(size: usize, few: bool) -> String {
    let mut out = String::with_capacity(size + 1024);
    let mut i = 0usize;
    while out.len() < size {
        let paragraph = PARAGRAPHS[i % PARAGRAPHS.len()];
        if few && i % 660 >= PARAGRAPHS.len() {
            out.push_str(&paragraph.replace('\'', "’"));
        } else {
            out.push_str(paragraph);
        }
        out.push_str(if i % 5 == 4 { "\n\n" } else { " " });
        if i % 5 == 4 && i % 3 == 0 {
            out.push_str(&format!("Item {i} on the agenda was deferred.\n\n"));
        }
        i += 1;
    }
    out
}

pub struct Lcg(pub u64);

impl Lcg {
    pub fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

/// The `i`th edit of a run: a byte range of `text` and what replaces it. Three in four insert
/// a character ("e", a space, either apostrophe or an emoji) at a pseudo-random place; the
/// fourth deletes the character there (an "x" is inserted instead of deleting a line break, to
/// keep the story's shape).
pub fn next_edit(text: &str, rng: &mut Lcg, i: usize) -> (std::ops::Range<usize>, &'static str) {
    let mut at = rng.next() % text.len();
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    if i % 4 == 3 {
        match text[at..].chars().next() {
            Some(c) if c != '\n' => (at..at + c.len_utf8(), ""),
            _ => (at..at, "x"),
        }
    } else {
        (at..at, ["e", " ", "'", "’", "😀"][rng.next() % 5])
    }
}

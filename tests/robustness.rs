//! The core never fails on text: random stories built from the pieces pasted web copy is made
//! of (quote marks of every kind, names and titles, reporting verbs, page furniture, Markdown,
//! line breaks of every kind, astral characters) are checked with every rule on, as Markdown
//! or as plain text, some long enough to be cut into several sections, and must not panic. Every
//! finding's range and fix must lie on character boundaries of the story.

use newslint::core::{self, Config, SourceKind};
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "“",
    "”",
    "‘",
    "’",
    "\"",
    "'",
    "«",
    "»",
    " said ",
    " told reporters",
    "According to ",
    " sources familiar with the talks ",
    "officials speaking on background",
    "Analysts say ",
    "it is understood that ",
    "Maria Lopez",
    "Ms. Lopez",
    "Lopez",
    "Senator Harold Finch of Ohio",
    "Finch",
    "the International Atomic Energy Agency (IAEA)",
    "IAEA",
    "U.S.",
    "US",
    "US-Iran",
    "U.S.–Iran",
    " - ",
    " — ",
    ": ",
    ". ",
    ", ",
    "? ",
    "…",
    "(",
    ")",
    "Share this story",
    "5 min read",
    "@newsdesk",
    "#breaking",
    "https://example.com/news/2026/harbour-fares-vote",
    "Photo: Jane Roe/Agency",
    "`code`",
    "```",
    "# ",
    "> ",
    "* ",
    "1. ",
    "---",
    "<!-- newslint-disable -->",
    "<!-- newslint-disable-next-line anonymous-source -->",
    "<!-- newslint-enable -->",
    "é",
    "e\u{301}",
    "😀",
    "中文。",
    "\u{2028}",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\n\n",
    "\n\n",
    "The harbour board delayed its vote on Tuesday",
    "would have likely",
    "the largest ever",
    "word ",
    "word ",
    "word ",
];

/// A long run of short lines with no blank line between them (a pasted menu): as the first
/// paragraph of a long story it makes a section of its own.
fn menu() -> String {
    (0..1400).map(|i| format!("Item {i}\n")).collect()
}

fn story() -> impl Strategy<Value = String> {
    (
        prop::collection::vec(prop::sample::select(PIECES), 0..200),
        any::<bool>(),
        0usize..3,
    )
        .prop_map(|(pieces, menu_first, repeat)| {
            let body = pieces.concat();
            let mut text = String::new();
            if menu_first {
                text.push_str(&menu());
                text.push('\n');
            }
            for _ in 0..=repeat * 4 {
                text.push_str(&body);
                text.push_str("\n\n");
            }
            text
        })
}

fn check_all(text: &str, kind: SourceKind) {
    let mut config = Config::default();
    config
        .select(&["all".to_string()], &[])
        .expect("`all` selects every rule");
    for d in core::check(text, kind, &config) {
        assert!(d.range.start <= d.range.end && d.range.end <= text.len());
        assert!(text.is_char_boundary(d.range.start) && text.is_char_boundary(d.range.end));
        if let Some(fix) = &d.fix {
            for e in &fix.edits {
                assert!(e.range.end <= text.len());
                assert!(text.is_char_boundary(e.range.start));
                assert!(text.is_char_boundary(e.range.end));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, ..ProptestConfig::default() })]

    #[test]
    fn no_story_makes_the_core_fail(text in story(), markdown in any::<bool>()) {
        check_all(&text, if markdown { SourceKind::Markdown } else { SourceKind::Plain });
    }
}

/// Regression: a story whose first section is one unit (a menu, then one-line paragraphs of
/// prose), so the next section's context also starts at offset 0: `person-reference` was given
/// that section's naming facts and sliced past the end of the shorter first section.
#[test]
fn a_one_unit_first_section_keeps_its_own_facts() {
    let text = include_str!("data/regression/first-section-one-paragraph.txt");
    check_all(text, SourceKind::Plain);
    check_all(text, SourceKind::Markdown);
}

/// Regression: an opening quotation mark alone on the first line, then a quoted line: the
/// quotation opens outside every sentence, and `unattributed-quote` sliced backwards from its
/// paragraph's start.
#[test]
fn a_quote_opened_outside_every_sentence_is_no_failure() {
    let text = include_str!("data/regression/quote-opened-on-a-line-of-its-own.txt");
    check_all(text, SourceKind::Plain);
    check_all(text, SourceKind::Markdown);
}

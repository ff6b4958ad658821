//! The four seed articles in `../shared/seeds` (real pasted web copy, kept outside the repo):
//! the chrome rules must flag exactly their furniture lines and leave every headline and body
//! paragraph alone.

use newslint::core::{self, Config, SourceKind};
use std::collections::BTreeSet;
use std::path::Path;

/// The 1-based lines of each seed that are page furniture (logo, partner and photo credits,
/// avatar and author box, reading time, view counter, score widget, the repeated headline,
/// hashtags, promotional footer, share prompt, slug, handle, stray characters, comment form,
/// related-news and share labels).
const EXPECTED: &[(&str, &[usize])] = &[
    ("000_1ca871665d86fc4b.txt", &[1, 5, 17, 18]),
    (
        "001_6b5ac22a3863bfdc.txt",
        &[
            1, 2, 8, 10, 12, 13, 15, 17, 18, 40, 42, 44, 45, 47, 49, 51, 53,
        ],
    ),
    ("002_88c63e5b4d87d72e.txt", &[25, 27, 29, 31]),
    ("003_885830997d04db54.txt", &[3, 5, 6, 33, 35, 37]),
];

#[test]
fn chrome_rules_flag_exactly_the_seed_furniture() {
    // `../shared/seeds` beside the checkout (a worktree sits one level deeper).
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = root
        .ancestors()
        .skip(1)
        .take(3)
        .map(|a| a.join("shared/seeds"))
        .find(|d| d.is_dir())
        .unwrap_or_else(|| panic!("no shared/seeds beside {}", root.display()));
    let mut config = Config::default();
    config
        .select(&["chrome".to_string()], &[])
        .expect("chrome is a family");
    for (name, expected) in EXPECTED {
        let text = std::fs::read_to_string(dir.join(name)).expect("seed is readable UTF-8");
        let article = core::Article::parse(&text, SourceKind::Plain);
        let mut flagged = BTreeSet::new();
        for d in core::check(&text, SourceKind::Plain, &config) {
            let first = article.lines.line_of(d.range.start) + 1;
            let last = article
                .lines
                .line_of(d.range.end.saturating_sub(1).max(d.range.start))
                + 1;
            flagged.extend(first..=last);
        }
        let flagged: BTreeSet<usize> = flagged
            .into_iter()
            .filter(|l| !text.lines().nth(l - 1).unwrap_or("").trim().is_empty())
            .collect();
        let expected: BTreeSet<usize> = expected.iter().copied().collect();
        assert_eq!(flagged, expected, "{name}: flagged lines differ");
    }
}

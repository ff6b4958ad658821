//! Rules that find web-page furniture pasted into copy.

pub(crate) mod features;
pub(crate) mod lines;
pub(crate) mod model;
pub mod page_chrome;
pub mod repeated_headline;

use crate::core::article::{Article, SourceKind};
use crate::core::lexicon::PhraseSet;

/// The line model's input for every non-blank line of a story: what
/// `scripts/chrome-model/train.py` learns from. Not a stable interface.
#[doc(hidden)]
pub struct FeatureTable {
    /// The feature names, in row order.
    pub names: Vec<&'static str>,
    /// One row for each non-blank line.
    pub rows: Vec<FeatureRow>,
}

/// The line model's input for one line.
#[doc(hidden)]
pub struct FeatureRow {
    /// The 0-based line number.
    pub line: usize,
    pub features: Vec<f64>,
    /// The probability the shipped model gives the line (`None` when the model does not load).
    pub probability: Option<f64>,
    /// The verdict when the rules settle the line without the model: `Some(true)` furniture,
    /// `Some(false)` kept.
    pub settled: Option<bool>,
}

/// The line model's features for a story, parsed as one section.
#[doc(hidden)]
pub fn feature_table(text: &str, kind: SourceKind) -> FeatureTable {
    let article = Article::parse(text, kind);
    let facts = lines::facts(&article, 0..text.len());
    let layout = lines::Layout::from_lines(
        text,
        facts,
        &PhraseSet::new::<&str>(&[]),
        lines::Stage::Rules,
    );
    let story = features::Story::new(&layout.lines, &layout.frame, &layout.rules);
    let rows = (0..layout.lines.len())
        .map(|i| {
            let mut row = Vec::with_capacity(features::NAMES.len());
            story.row(i, &mut |_, v| row.push(v));
            let p = model::MODEL.as_ref().ok().map(|m| m.probability(&row));
            let settled = lines::settled(&layout.lines, &layout.frame, &layout.rules, i)
                .map(|v| v != lines::Verdict::Keep);
            FeatureRow {
                line: article.lines.line_of(layout.lines[i].start),
                features: row,
                probability: p,
                settled,
            }
        })
        .collect();
    FeatureTable {
        names: features::NAMES.clone(),
        rows,
    }
}

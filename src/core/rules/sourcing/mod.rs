//! Rules that find unsourced claims, anonymous and vague sources. They read the attribution
//! analysis of `core::attribution`.

pub mod agentless_attribution;
pub mod anonymous_source;
pub mod unattributed_quote;
pub mod unsourced_claim;
pub mod vague_attribution;

use crate::core::article::Article;
use std::ops::Range;

/// The text of `range` for a message: on one line, shortened to about 60 characters.
pub(crate) fn snippet(article: &Article, range: &Range<usize>) -> String {
    let text: String = article.prose[range.clone()]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if text.chars().count() <= 60 {
        return text;
    }
    let cut: String = text.chars().take(57).collect();
    let cut = cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head);
    format!("{cut}…")
}

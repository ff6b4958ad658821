//! Builds the tables the rules build lazily on first use (phrase automata, regular
//! expressions, word lists, the chrome line model), so the first story a long-running caller
//! checks does not pay for them. The server calls [`warm`] on a thread of its own at start-up,
//! while the editor is still sending `initialize` and opening the story.

use crate::core::{check, Config, SourceKind};

/// A short story written to reach every rule's tables: a headline, an attribution, a quote, an
/// anonymous and a vague source, an acronym and its definition, a compound, a person, a
/// chrome line and a repeated headline.
const STORY: &str = "# Harbour board delays vote on fares\n\n\
Harbour board delays vote on fares\n\n\
Share this story\n\n\
WELLINGTON (Reuters) - The International Maritime Organization (IMO) said on Tuesday that the \
US-Iran talks would resume, and analysts say the fares would have likely risen anyway.\n\n\
“We need the invoices first,” Finance Minister Maria Lopez told reporters. Sources familiar \
with the talks said it is understood that Ms. Lopez would vote. Lopez said the IMO agreed.\n";

/// Checks [`STORY`] with every rule on, as Markdown and as plain text, and drops the result.
pub fn warm() {
    let mut config = Config::default();
    if config.select(&["all".to_string()], &[]).is_err() {
        return;
    }
    for kind in [SourceKind::Markdown, SourceKind::Plain] {
        let _ = check(STORY, kind, &config);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_warm_up_story_is_flagged_by_every_family() {
        // If the story stopped reaching a family, warming would silently stop covering it.
        let mut config = super::Config::default();
        config.select(&["all".to_string()], &[]).unwrap();
        let found = super::check(super::STORY, super::SourceKind::Markdown, &config);
        for family in ["sourcing", "naming", "chrome"] {
            assert!(
                found.iter().any(|d| d.rule.family.as_str() == family),
                "no {family} finding in the warm-up story"
            );
        }
    }
}

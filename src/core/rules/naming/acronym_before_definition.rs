use crate::core::document::Document;
use crate::core::entities::{self, Zone};
use crate::core::rule::Ctx;
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// An acronym used before the story spells it out: "The IAEA said…" in the second
    /// paragraph and "the International Atomic Energy Agency (IAEA)" in the fifth. The first
    /// early use is flagged, with the place the acronym is spelled out.
    ///
    /// Uses in the same sentence as the full name are fine ("The IAEA, the International
    /// Atomic Energy Agency, said"). Headlines are exempt: they use short forms the body then
    /// explains. Acronyms that need no expansion (see `acronym-undefined`) are never flagged.
    ///
    /// Two-letter acronyms are tied only to explicit definitions: they match too many names
    /// by chance ("AC" / "Amazon Credit").
    ///
    /// Measured on the naming test set (`cargo test --test integration naming_set -- --nocapture`):
    /// 16 of 16 injected early uses found, precision 1.00, no false alarm on the 46 clean stories
    /// or the seeds. On 245 real English pages (`tests/naming_set/real_copy.sh`) 10 of its 11 flags
    /// were right on review ("CBP" before "Customs and Border Protection", "ESA" before "European
    /// Space Agency"). Default severity: warning.
    ///
    /// ## Why it matters
    ///
    /// The reader meets the letters before learning what they stand for, which is the
    /// problem the first-reference rule exists to prevent. Usually a paragraph was moved up
    /// in editing.
    ///
    /// ## Example
    ///
    /// ```text
    /// The IAEA will send inspectors. The International Atomic Energy Agency (IAEA) said so.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// The International Atomic Energy Agency (IAEA) will send inspectors, the agency said.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// No fix: moving the definition is an edit of the story.
    ///
    /// ## Settings
    ///
    /// `[naming] known-acronyms` (see `acronym-undefined`).
    name: "acronym-before-definition",
    family: Naming,
    severity: Warning,
    status: Stable,
    fix: None,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = entities::facts(doc);
    for a in entities::acronyms(&sections, ctx.config) {
        if a.known {
            continue;
        }
        let Some(first) = a.first_expansion.clone() else {
            continue;
        };
        let sentence_start = a.first_sentence;
        let Some((range, _)) = a
            .uses
            .iter()
            .find(|(r, z)| *z == Zone::Body && r.end <= sentence_start)
        else {
            continue;
        };
        let written = doc.text[range.clone()].to_string();
        let full = doc.text[first.clone()].to_string();
        ctx.report(
            range.clone(),
            format!("“{written}” is used before it is spelled out (“{full}”)"),
        )
        .with_related(None, first, format!("“{written}” is spelled out here"));
    }
}

use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::entities::{self, casing, spelling, Zone};
use crate::core::rule::Ctx;
use crate::declare_rule;
use std::ops::Range;

declare_rule! {
    /// ## What it flags
    ///
    /// One name written several ways in a story: "US" and "U.S.", "Gaddafi" and "Qaddafi",
    /// "Al Jazeera" and "Al-Jazeera", "São Paulo" and "Sao Paulo", "NASA" and "Nasa". Every
    /// mention in the minority form is flagged and points at the story's main form (or the
    /// configured house form).
    ///
    /// Mentions are grouped by a key that ignores case, periods, hyphens, dashes, slashes and
    /// spaces, diacritics and possessives, plus the variant groups in
    /// `src/core/data/name_variants.tsv` (transliterations such as Gadhafi / Qaddafi / Gaddafi,
    /// older spellings such as Kiev / Kyiv). Full and short forms are not a split: "the United
    /// States" and "U.S." may share a story, as may "Bashar al-Assad" and "Assad" or "Muammar
    /// el-Qaddafi" and "Qaddafi". Older place names count only on their own ("Bombay High
    /// Court" is a name; "Myanmar, formerly Burma" explains the change).
    ///
    /// Headlines are their own zone. AP writes "US", "UN" and "UK" in headlines and "U.S.",
    /// "U.N." and "U.K." in body text (`src/core/data/headline_abbreviations.tsv`), so a
    /// headline "US" never conflicts with the body, and a headline "US-Iran" matches a body
    /// "U.S.-Iran". Headlines, subheads, short standalone lines and all-capitals lines are
    /// compared without regard to case, and never decide which form is the story's main one.
    /// Datelines ("WASHINGTON (AP) —") are skipped. Joiners between names (hyphen, en dash,
    /// slash) are judged by `mixed-dash-style`, not here.
    ///
    /// Measured: on the naming test set (46 clean wire stories, one injected fault per copy;
    /// `cargo test --test integration naming_set -- --nocapture`) it found 30 of 30 injected period,
    /// spelling, joiner, case and diacritic variants with no false alarm (precision 1.00), and
    /// nothing on the clean stories or the four seed stories. On 245 real English news and blog
    /// pages (the body lines of `shared/corpus/chrome-dev.jsonl.gz`,
    /// `tests/naming_set/real_copy.sh`) 48 of its 50 flags were genuine inconsistencies on review
    /// (precision 0.96; the misses were all-capitals headings in a technical document). Default
    /// severity: warning.
    ///
    /// ## Why it matters
    ///
    /// Readers take two spellings for two entities, and copy that mixes them reads as pasted
    /// together. AP, Reuters, the Times and the Guardian each pick one form per name and keep
    /// it; the desk enforces it.
    ///
    /// ## Example
    ///
    /// ```text
    /// The U.S. delegation arrived on Monday. US officials said the talks would last a week.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// The U.S. delegation arrived on Monday. U.S. officials said the talks would last a week.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Unsafe: the mention is replaced with the main form (or the house form), which is an
    /// editorial choice. A sentence-initial mention keeps its capital.
    ///
    /// ## Settings
    ///
    /// `[naming] house = ["U.S.", "Gadhafi"]`: when a story mixes forms of a name that has a
    /// house form, the house form is the target and every other form is flagged. A story that
    /// consistently uses a non-house form is `house-style`'s to report.
    name: "inconsistent-name",
    family: Naming,
    severity: Warning,
    status: Stable,
    fix: Always,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = entities::facts(doc);
    let groups = entities::split_groups(&sections);
    let house = ctx.config.settings.naming.house.clone();
    let mut flagged: Vec<Range<usize>> = Vec::new();
    for g in &groups {
        let house_form = entities::house_form_for(&g.key, &house);
        let (target, target_index) = match house_form {
            Some(h) => {
                let (sp, ca) = (spelling(h), casing(h));
                let i = g
                    .forms
                    .iter()
                    .position(|f| f.spelling == sp && f.casing == ca);
                (h.to_string(), i)
            }
            None => {
                let d = g.dominant();
                (g.forms[d].display.clone(), Some(d))
            }
        };
        let target_spelling = spelling(&target);
        let related = target_index.map(|i| (g.forms[i].mentions[0].0.clone(), g.forms[i].body));
        for (i, form) in g.forms.iter().enumerate() {
            if Some(i) == target_index {
                continue;
            }
            for (range, initial, zone) in &form.mentions {
                // A headline differing only in case, or in AP's headline abbreviations, is
                // fine.
                if *zone == Zone::Headline && form.spelling == target_spelling {
                    continue;
                }
                if flagged
                    .iter()
                    .any(|f| f.start < range.end && range.start < f.end)
                {
                    continue;
                }
                flagged.push(range.clone());
                let written = &doc.text[range.clone()];
                let message = match (&related, house_form) {
                    (_, Some(h)) => format!("“{written}” here; the house form is “{h}”"),
                    (Some((_, n)), None) => format!(
                        "“{written}” here, but this story writes “{target}” ({n} {})",
                        if *n == 1 { "time" } else { "times" }
                    ),
                    (None, None) => format!("“{written}” here; this story also writes “{target}”"),
                };
                let replacement = entities::as_replacement(&target, *initial);
                let d = ctx.report(range.clone(), message);
                d.with_fix(Fix::new(
                    format!("Replace with “{replacement}”"),
                    Safety::Unsafe,
                    vec![Edit::replace(range.clone(), replacement.clone())],
                ));
                if let Some((r, _)) = &related {
                    d.with_related(None, r.clone(), format!("“{target}” first used here"));
                }
            }
        }
    }
}

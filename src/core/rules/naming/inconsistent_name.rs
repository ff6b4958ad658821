use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::entities::{self, casing, spelling, Zone};
use crate::core::rule::Ctx;
use crate::declare_rule;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
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
    /// slash) are judged by `mixed-dash-style`, not here, and a slash compound ("Kelly/Today
    /// Show") is two names, never a spelling of one written with a space.
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
    /// editorial choice. A sentence-initial mention keeps its capital. A mention whose
    /// replacement would write a longer name around it in a form the story does not use yet
    /// ("Sport KURIER" made "SPORT KURIER" inside "Die Sport KURIER-App" writes "Die SPORT",
    /// beside "Die Sport" elsewhere) is reported without a fix, and a name inside a longer one
    /// whose group has another main form ("Redtube" in "der RedTube") is decided by the
    /// shorter name: fixes never undo each other.
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
    let groups = entities::story_groups(doc, &sections);
    let house = ctx.config.settings.naming.house.clone();
    // Each group with the form its mentions should take.
    let mut plans: Vec<Plan> = Vec::new();
    for g in &groups {
        // A slash joins two names ("Megyn Kelly/Today Show"): such a compound is no spelling
        // of a name written with a space, and its joiner is `mixed-dash-style`'s.
        let g: Cow<entities::Group> = if g.forms.iter().any(|f| f.display.contains('/')) {
            let forms: Vec<_> = g
                .forms
                .iter()
                .filter(|f| !f.display.contains('/'))
                .cloned()
                .collect();
            if forms.len() < 2 || forms.iter().all(|f| f.body == 0) {
                continue;
            }
            Cow::Owned(entities::Group {
                forms,
                key: g.key.clone(),
                words: g.words,
            })
        } else {
            Cow::Borrowed(g)
        };
        let house_form = entities::house_form_for(&g.key, &house).map(str::to_string);
        let (target, target_index) = match &house_form {
            Some(h) => {
                let (sp, ca) = (spelling(h), casing(h));
                let i = g
                    .forms
                    .iter()
                    .position(|f| f.spelling == sp && f.casing == ca);
                (h.clone(), i)
            }
            None => {
                let d = g.dominant();
                (g.forms[d].display.clone(), Some(d))
            }
        };
        plans.push(Plan {
            group: g,
            house_form,
            target,
            target_index,
        });
    }
    // A name inside a longer one ("Redtube" in "der Redtube") can belong to two groups that
    // both have several forms. When their targets disagree ("Redtube" and "der RedTube"),
    // fixing one would undo the other, round after round: the shorter name, the one both
    // contain, decides, and the longer one's mentions are left alone.
    let mut spans: Vec<(Range<usize>, usize)> = plans
        .iter()
        .enumerate()
        .flat_map(|(pi, p)| {
            p.group
                .forms
                .iter()
                .flat_map(move |f| f.mentions.iter().map(move |(r, _, _)| (r.clone(), pi)))
        })
        .collect();
    spans.sort_by_key(|(r, _)| (r.start, r.end));
    let longest = spans.iter().map(|(r, _)| r.len()).max().unwrap_or(0);
    let contested = |range: &Range<usize>, pi: usize| {
        let upto = spans.partition_point(|(r, _)| r.start < range.end);
        spans[..upto]
            .iter()
            .rev()
            .take_while(|(r, _)| r.start + longest >= range.start)
            .filter(|(r, pj)| {
                *pj != pi && r.start >= range.start && r.end <= range.end && r.len() < range.len()
            })
            .any(|(_, pj)| {
                let (a, b) = (&plans[pi].target, &plans[*pj].target);
                !(a.contains(b.as_str()) || b.contains(a.as_str()))
            })
    };
    // Every form of every name in the story, by key: filled the first time a fix would touch
    // the words of a longer name.
    let mut forms_of: Option<FormsByKey> = None;
    let mut flagged: Vec<Range<usize>> = Vec::new();
    for (pi, plan) in plans.iter().enumerate() {
        let Plan {
            group: g,
            house_form,
            target,
            target_index,
        } = plan;
        let target_spelling = spelling(target);
        let related = target_index.map(|i| (g.forms[i].mentions[0].0.clone(), g.forms[i].body));
        for (i, form) in g.forms.iter().enumerate() {
            if Some(i) == *target_index {
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
                    || contested(range, pi)
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
                let replacement = entities::as_replacement(target, *initial);
                let respells =
                    respells_another_name(doc.text, &sections, &mut forms_of, range, &replacement);
                let d = ctx.report(range.clone(), message);
                if !respells {
                    d.with_fix(Fix::new(
                        format!("Replace with “{replacement}”"),
                        Safety::Unsafe,
                        vec![Edit::replace(range.clone(), replacement.clone())],
                    ));
                }
                if let Some((r, _)) = &related {
                    d.with_related(None, r.clone(), format!("“{target}” first used here"));
                }
            }
        }
    }
}

/// Every form of every name, by key: (spelling, casing, mentions).
type FormsByKey<'a> = FxHashMap<&'a str, Vec<(String, String, usize)>>;

/// Whether replacing `range` with `replacement` would write a longer name around it in a form
/// the story does not use yet ("Sport KURIER" made "SPORT KURIER" inside "Die Sport KURIER-App"
/// writes "Die SPORT", a second form of "Die Sport"): that fix would only trade one
/// inconsistency for another, and the next round would undo it. Such a mention is reported
/// without a fix.
fn respells_another_name<'a>(
    text: &str,
    sections: &'a [(usize, std::sync::Arc<entities::SectionFacts>)],
    forms_of: &mut Option<FormsByKey<'a>>,
    range: &Range<usize>,
    replacement: &str,
) -> bool {
    let upto = sections.partition_point(|(base, _)| *base <= range.start);
    let around: Vec<(Range<usize>, &entities::Mention)> = sections[upto.saturating_sub(2)..upto]
        .iter()
        .flat_map(|(base, f)| {
            f.mentions
                .iter()
                .map(move |m| (base + m.range.start..base + m.range.end, m))
        })
        .filter(|(r, _)| {
            r.start < range.end
                && range.start < r.end
                && !(range.start <= r.start && r.end <= range.end)
        })
        .collect();
    if around.is_empty() {
        return false;
    }
    let forms = forms_of.get_or_insert_with(|| {
        // Sections overlap by their context: count each mention once, by its story range.
        let mut seen = rustc_hash::FxHashSet::default();
        let mut map: FormsByKey = FxHashMap::default();
        for (base, f) in sections {
            for m in &f.mentions {
                if !seen.insert((base + m.range.start, base + m.range.end)) {
                    continue;
                }
                let (sp, ca) = (spelling(&m.form), casing(&m.form));
                let v = map.entry(m.key.as_str()).or_default();
                match v.iter_mut().find(|(s, c, _)| *s == sp && *c == ca) {
                    Some(e) => e.2 += 1,
                    None => v.push((sp, ca, 1)),
                }
            }
        }
        map
    });
    around.iter().any(|(r, m)| {
        // A longer name only partly covered by the fix: what it becomes is unclear.
        if range.start < r.start || r.end < range.end {
            return true;
        }
        let Some(written) = text.get(r.clone()) else {
            return true;
        };
        let new = format!(
            "{}{replacement}{}",
            &text[r.start..range.start],
            &text[range.end..r.end]
        );
        if entities::house_key(&new) != entities::house_key(written) {
            return false; // it becomes another name altogether
        }
        // The forms the rest of the story writes, without this mention's own.
        let (old_sp, old_ca) = (spelling(&m.form), casing(&m.form));
        let (sp, ca) = (spelling(&new), casing(&new));
        let others: Vec<&(String, String, usize)> = forms
            .get(m.key.as_str())
            .into_iter()
            .flatten()
            .filter(|(s, c, n)| !(*s == old_sp && *c == old_ca && *n <= 1))
            .collect();
        !others.is_empty() && !others.iter().any(|(s, c, _)| *s == sp && *c == ca)
    })
}

/// A group of forms and the form its mentions should take.
struct Plan<'g> {
    group: Cow<'g, entities::Group>,
    house_form: Option<String>,
    target: String,
    target_index: Option<usize>,
}

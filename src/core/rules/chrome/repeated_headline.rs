use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::rule::Ctx;
use crate::core::rules::chrome::lines::{deletion, Layout, Verdict};
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// The headline pasted a second time: a later line whose letters and digits are those of
    /// the headline, whatever its quotation marks, punctuation or capitals. Web pages print
    /// the title in the page header and again above the article, and a paste brings both.
    ///
    /// The headline is the headline-like line (several words, no closing full stop) nearest
    /// before the story's body, or the story's first line when that is headline-like. The copy
    /// kept is the first one when only labels stand above it (the top of the paste); otherwise
    /// the one nearest the body is kept and the earlier copy (a page title bar) is flagged.
    ///
    /// Measured on the labelled dev corpus (`score-chrome` data, 1,265 pages): of its reports
    /// that fall on labelled lines, 66 are furniture and 15 content (precision 0.81); the
    /// corpus does not label repeats as such, so recall is not measured there. On the four
    /// seed articles it finds the one repeat and nothing else. Precision is below 0.9, so it
    /// ships at `hint`.
    ///
    /// ## Why it matters
    ///
    /// A doubled headline is printed twice, and it tells the reader the copy was scraped.
    ///
    /// ## Example
    ///
    /// ```text
    /// “Ferry Fares Frozen for a Year”
    ///
    /// 3 min read
    /// Ferry fares frozen for a year
    ///
    /// The harbour board froze ferry fares on Tuesday.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// “Ferry Fares Frozen for a Year”
    ///
    /// The harbour board froze ferry fares on Tuesday.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Safe: the fix deletes the repeated line whole; the kept copy stays.
    ///
    /// ## Settings
    ///
    /// None.
    name: "repeated-headline",
    family: Chrome,
    severity: Hint,
    status: Stable,
    fix: Always,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let layout = Layout::new(doc, &ctx.config.extras.chrome);
    for (i, v) in layout.verdicts.iter().enumerate() {
        if *v != Verdict::Repeat {
            continue;
        }
        let line = &layout.lines[i];
        let first = layout
            .lines
            .iter()
            .zip(&layout.verdicts)
            .find(|(f, v)| f.norm == line.norm && **v != Verdict::Repeat)
            .map(|(f, _)| f.content.clone());
        let d = ctx.report(line.content.clone(), "the headline is pasted here again");
        d.with_fix(Fix::new(
            "Delete the repeated headline",
            Safety::Safe,
            vec![Edit::delete(deletion(doc.text, line, line))],
        ));
        if let Some(first) = first {
            d.with_related(None, first, "the headline");
        }
    }
}

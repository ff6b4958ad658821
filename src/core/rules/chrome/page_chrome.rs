use crate::core::diagnostic::{Edit, Fix, Safety};
use crate::core::document::Document;
use crate::core::rule::Ctx;
use crate::core::rules::chrome::lines::{deletion, Kind, Layout, Verdict, Why};
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// Web-page furniture pasted into copy along with the story: share and follow rows,
    /// reading times and view counters ("5 min read", "0 Views"), author boxes and avatars,
    /// logo, sponsor and photo credits ("Photo: … /Getty", an agency name alone on a line),
    /// URL slugs, social handles and post headers, hashtag lines, related-stories lists
    /// ("Read more", "Más Noticias", "Lesen Sie auch"), comment forms, cookie and newsletter
    /// boxes, advertisement markers, breadcrumbs, copyright footers, score widgets, stray
    /// single characters and promotional footers. A run of such lines is one diagnostic.
    ///
    /// Lines are judged by what they say (phrase lists in English, German, Spanish, French,
    /// Portuguese, Italian, Polish, Czech, Russian, Greek, Chinese, Japanese, Korean and
    /// Indonesian, plus patterns) and by where they stand: the story's body is the stretch of
    /// lines with the most running prose, and its header is the headline with what follows it
    /// (standfirst, byline, dateline). Lines before the header or after the body that are not
    /// running prose are furniture, and so are short lines boxed in between furniture or
    /// listed under a "Related"-style heading.
    ///
    /// What writers keep is never flagged: the headline, a standfirst, a byline ("By Jane
    /// Doe") and a date in the story header, the dateline that opens the lead, subheadings,
    /// list items and photo captions inside the body, and wire credit lines ("Reporting by …;
    /// editing by …"). A caption that ends with a page credit ("… | Photo: Reuters") keeps
    /// the caption and loses only the credit. A publication timestamp with a clock time
    /// ("Updated 11:03 PM") is page furniture, not a dateline.
    ///
    /// Measured with `score-chrome` on the labelled dev corpus (1,265 pages; the article's
    /// lines and ten either side): precision 0.83, recall 0.70, F1 0.76 (on every labelled
    /// line of the page: 0.96 / 0.85 / 0.90). On a held-out 30 % of the pages (by a hash of
    /// the page id) not looked at while tuning: 0.85 / 0.70 / 0.77. Weakest groups: Chinese
    /// (0.48), Spanish (0.47), German (0.64). On the four seed articles every furniture line is
    /// flagged and no headline or body paragraph. Precision is below 0.9, so it ships at
    /// `hint`. The corpus labels bylines, datelines and captions as furniture; this rule keeps
    /// them by design, which costs recall there.
    ///
    /// ## Why it matters
    ///
    /// Furniture in copy is the surest sign of a careless paste: it gets printed, read aloud
    /// by text-to-speech, and syndicated. "0 Views" and "Share this story" under a byline
    /// make the story look scraped.
    ///
    /// ## Example
    ///
    /// ```text
    /// Harbour board delays vote on ferry fares
    ///
    /// 4 min read
    /// Share this story
    ///
    /// The harbour board postponed its vote on ferry fares on Tuesday.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// Harbour board delays vote on ferry fares
    ///
    /// The harbour board postponed its vote on ferry fares on Tuesday.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// Safe: the fix deletes the run's lines whole, with their line endings, and the blank
    /// lines that would otherwise double up. Lines between the run's first and last line are
    /// all furniture, so no story text goes. For a caption with a credit, only the credit is
    /// deleted.
    ///
    /// ## Settings
    ///
    /// `[chrome] phrases = ["Read the full story on"]` adds phrases: a line of up to 40 words
    /// containing one is furniture. Phrase sources are listed in `data/chrome_phrases.txt`.
    name: "page-chrome",
    family: Chrome,
    severity: Hint,
    status: Stable,
    fix: Always,
    scope: Story,
}

pub(crate) fn check(doc: &Document, ctx: &mut Ctx) {
    let layout = Layout::new(doc, &ctx.config.extras.chrome);
    let text = doc.text;
    let lines = &layout.lines;
    let n = lines.len();
    let mut i = 0;
    while i < n {
        let Verdict::Chrome(_) = layout.verdicts[i] else {
            if let Some(part) = lines[i].cue.as_ref().and_then(|c| c.part.clone()) {
                ctx.report(part.clone(), "page chrome: photo credit in a caption")
                    .with_fix(Fix::new(
                        "Delete the credit",
                        Safety::Safe,
                        vec![Edit::delete(part)],
                    ));
            }
            i += 1;
            continue;
        };
        let mut j = i;
        while j + 1 < n && matches!(layout.verdicts[j + 1], Verdict::Chrome(_)) {
            j += 1;
        }
        let mut kinds: Vec<Kind> = Vec::new();
        let mut position = None;
        for v in &layout.verdicts[i..=j] {
            match v {
                Verdict::Chrome(Why::Cue(k)) if !kinds.contains(k) => kinds.push(*k),
                Verdict::Chrome(w @ (Why::Before | Why::After)) if position.is_none() => {
                    position = Some(*w)
                }
                _ => {}
            }
        }
        let mut what: Vec<&str> = kinds.iter().take(3).map(|k| k.describe()).collect();
        if what.is_empty() {
            what.push(match position {
                Some(Why::Before) => "furniture before the headline",
                Some(Why::After) => "furniture after the story",
                _ => "furniture between page elements",
            });
        }
        let count = j - i + 1;
        let message = if count == 1 {
            format!("page chrome: {}", what.join(", "))
        } else {
            format!("page chrome ({count} lines): {}", what.join(", "))
        };
        let range = lines[i].content.start..lines[j].content.end;
        let title = if count == 1 {
            "Delete the line".to_string()
        } else {
            format!("Delete the {count} lines")
        };
        ctx.report(range, message).with_fix(Fix::new(
            title,
            Safety::Safe,
            vec![Edit::delete(deletion(text, &lines[i], &lines[j]))],
        ));
        i = j + 1;
    }
}

use super::snippet;
use crate::core::article::Article;
use crate::core::attribution::{extra_phrases, CueKind, SourceClass};
use crate::core::rule::Ctx;
use crate::declare_rule;

declare_rule! {
    /// ## What it flags
    ///
    /// Attribution to nobody: "it is understood that", "it is believed", "it has been
    /// suggested", "is said to", "are widely understood to be", "is seen as", "is widely
    /// regarded as", "there is a growing belief that", and a bare "reportedly" or "allegedly".
    /// It is not flagged when a source in the same sentence covers it ("The suspect is believed
    /// to have fled, police said"; "Police said the suspect is believed to have fled") or when the passive has an agent ("is seen by analysts as" is
    /// judged as an attribution to analysts). Text inside quotation marks is never flagged.
    ///
    /// Passives that classify rather than judge are left alone: "is regarded as a regional
    /// style" and "is said to be offside" define; "is regarded as one of the finest"
    /// and "is seen as critical" judge. Modal forms ("can be seen as") are the writer's own
    /// hedged reading and are not flagged.
    ///
    /// Measured: on the CoNLL-2010 Wikipedia weasel sentences (`score-weasel --rules
    /// agentless-attribution`) precision 0.82 at recall 0.08 (214 flags); 0.86 on a held-out
    /// fifth. Twenty-six of its 38 false alarms there are phrases Wikipedia's own MOS:WEASEL
    /// and MOS:ALLEGED list ("is said to", "reportedly", "it is claimed"), which the annotators
    /// left unmarked; a bare "reportedly" is flagged although those labels rarely count it
    /// (AP does). Silent on the ten clean wire-style stories in `tests/corpus/clean-wire`.
    /// Below 0.9, so it ships as a hint.
    ///
    /// ## Why it matters
    ///
    /// The passive hides who holds the view. In British copy "it is understood" is a
    /// convention for anonymous sourcing, which then needs the same care as any anonymous
    /// source; elsewhere it is an opinion with no owner. AP: "reportedly" needs the report
    /// named.
    ///
    /// ## Example
    ///
    /// ```text
    /// It is understood that the board will meet again in March.
    /// ```
    ///
    /// ## Better
    ///
    /// ```text
    /// The board will meet again in March, its chair, Lena Ortiz, said.
    /// ```
    ///
    /// ## Fix safety
    ///
    /// No fix: the source has to come from the reporting.
    ///
    /// ## Settings
    ///
    /// `[sourcing] agentless = ["it is whispered"]` adds phrases. The built-in grammar and
    /// lists are in `src/core/data/agentless.txt` (from Wikipedia MOS:WEASEL and MOS:ALLEGED,
    /// the CoNLL-2010 weasel cue inventory, and AP on "reportedly").
    name: "agentless-attribution",
    family: Sourcing,
    severity: Hint,
    status: Stable,
    fix: None,
    scope: Section,
}

pub(crate) fn check(article: &Article, ctx: &mut Ctx) {
    let analysis = article.attribution();
    for a in &analysis.attributions {
        if a.class != SourceClass::Agentless || analysis.covers(article, a.sentence, a.cue.start) {
            continue;
        }
        let range = a.cue.clone();
        let message = if a.kind == CueKind::Adverb {
            format!(
                "“{}” without saying who reported it",
                snippet(article, &range)
            )
        } else {
            format!(
                "agentless attribution: “{}” — say who holds the view",
                snippet(article, &range)
            )
        };
        ctx.report(range, message);
    }
    for range in extra_phrases(article, &ctx.config.extras.agentless) {
        let in_sourced = article
            .sentence_at(range.start)
            .is_some_and(|s| analysis.covers(article, s, range.start));
        if in_sourced {
            continue;
        }
        let message = format!(
            "agentless attribution: “{}” — say who holds the view",
            snippet(article, &range)
        );
        ctx.report(range, message);
    }
}

//! `textDocument/hover`: on a flagged range, what the rule looks for, why it matters and the
//! better form (from the rule's own documentation); on a name written several ways, the forms
//! found and how often each is used.

use crate::core;
use crate::server::documents::{Analysis, Slot};
use crate::server::handlers::code_lens;
use crate::server::session::{Session, Want};
use std::ops::Range;
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{Hover, HoverContents, HoverParams, MarkupContent, MarkupKind};

pub async fn hover(session: &Arc<Session>, params: HoverParams) -> Result<Option<Hover>> {
    let at = params.text_document_position_params;
    let Some((slot, a)) = session.analysed(&at.text_document.uri, Want::Latest).await else {
        return Ok(None);
    };
    let caps = session.caps();
    let offset = caps.encoding.byte_offset(&a.rope, at.position);
    let mut parts = Vec::new();
    let mut span: Option<Range<usize>> = None;
    let mut widen = |r: &Range<usize>| {
        span = Some(match &span {
            None => r.clone(),
            Some(s) => s.start.min(r.start)..s.end.max(r.end),
        });
    };
    for d in a.diagnostics.iter().filter(|d| covers(&d.range, offset)) {
        parts.push(explain(d, session.rule_url(d.rule.name).as_ref()));
        widen(&d.range);
    }
    // Grouping the story's names and counting its sources is CPU work: off the executor.
    let on_sourcing = a
        .diagnostics
        .iter()
        .any(|d| covers(&d.range, offset) && d.rule.family == core::Family::Sourcing);
    let analysis = a.clone();
    let path = session
        .documents
        .snapshot(&at.text_document.uri)
        .and_then(|s| s.path);
    let worker = session.clone();
    let (variants, sourcing) = tokio::task::spawn_blocking(move || {
        let variants = name_variants(&slot, &analysis, offset);
        let sourcing = on_sourcing
            .then(|| code_lens::summary_of(&worker, &slot, &analysis, path.as_deref()))
            .flatten();
        (variants, sourcing)
    })
    .await
    .unwrap_or((None, None));
    if let Some(s) = sourcing {
        parts.push(format!("**{s}** in this story"));
    }
    if let Some(v) = variants {
        parts.push(render_variants(&v));
        widen(&v.range);
    }
    if parts.is_empty() {
        return Ok(None);
    }
    let kind = if caps.markdown_hover {
        MarkupKind::Markdown
    } else {
        MarkupKind::PlainText
    };
    Ok(Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind,
            value: parts.join("\n\n---\n\n"),
        }),
        range: span.map(|r| caps.encoding.range(&a.rope, r)),
    }))
}

/// Whether the cursor at `offset` is on the range (an empty range counts at its position).
fn covers(range: &Range<usize>, offset: usize) -> bool {
    range.contains(&offset) || range.is_empty() && range.start == offset
}

/// The rule's explanation: the message, the summary, why it matters and the better form.
pub fn explain(d: &core::Diagnostic, url: Option<&tower_lsp::lsp_types::Url>) -> String {
    let meta = d.rule;
    let mut out = format!(
        "**{}** · {} · {}\n\n{}\n\n{}",
        meta.name,
        meta.family.as_str(),
        d.severity.as_str(),
        d.message,
        meta.summary()
    );
    if let Some(why) = meta.section("Why it matters") {
        out.push_str("\n\n**Why it matters.** ");
        out.push_str(&why);
    }
    if let Some(better) = meta.section("Better") {
        out.push_str("\n\n**Better:**\n\n");
        out.push_str(&better);
    }
    if let Some(url) = url {
        out.push_str(&format!("\n\n[Rule documentation]({url})"));
    }
    out
}

/// The forms of one entity found in a story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NameVariants {
    /// The name under the cursor.
    pub range: Range<usize>,
    /// Each form with how many times the story uses it, most used first.
    pub forms: Vec<(String, usize)>,
}

/// The forms of the name at `offset`, if the story writes it more than one way.
fn name_variants(slot: &Slot, analysis: &Analysis, offset: usize) -> Option<NameVariants> {
    let kind = analysis.kind?;
    let text = analysis.rope.to_string();
    let found = core::house::name_forms_at(&text, kind, &slot.cache, offset)?;
    Some(NameVariants {
        range: found.range,
        forms: found.forms,
    })
}

pub fn render_variants(v: &NameVariants) -> String {
    let mut out =
        String::from("**Forms of this name in the story**\n\n| form | uses |\n|---|---|\n");
    for (form, count) in &v.forms {
        out.push_str(&format!("| {} | {count} |\n", form.replace('|', "\\|")));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_render_as_a_table() {
        let v = NameVariants {
            range: 0..4,
            forms: vec![("U.S.".to_string(), 12), ("US".to_string(), 2)],
        };
        let text = render_variants(&v);
        assert!(text.contains("| U.S. | 12 |"), "{text}");
        assert!(text.contains("| US | 2 |"), "{text}");
    }

    #[test]
    fn a_cursor_just_past_a_range_does_not_count() {
        assert!(covers(&(3..5), 3));
        assert!(covers(&(3..5), 4));
        assert!(!covers(&(3..5), 5));
        assert!(covers(&(3..3), 3));
    }
}

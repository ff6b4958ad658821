//! `textDocument/codeLens`: the story's sourcing summary on its first line ("Sourcing: 9 named
//! · 2 anonymous (1 without reason) · 3 vague · 4 unsourced"), counted from the sections the
//! latest check parsed.

use crate::core::attribution::{self, SourcingSummary};
use crate::server::documents::{Analysis, Slot};
use crate::server::session::{Session, Want};
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{CodeLens, CodeLensParams, Command, Position, Range, Url};

pub async fn code_lens(
    session: &Arc<Session>,
    params: CodeLensParams,
) -> Result<Option<Vec<CodeLens>>> {
    let uri = params.text_document.uri;
    let Some(summary) = sourcing_summary(session, &uri).await else {
        return Ok(None);
    };
    let start = Position::new(0, 0);
    Ok(Some(vec![CodeLens {
        range: Range::new(start, start),
        // A title only: the lens is a label, not a button.
        command: Some(Command {
            title: summary.to_string(),
            command: String::new(),
            arguments: None,
        }),
        data: None,
    }]))
}

/// The sourcing summary of the document as last checked, or `None` when it is not open, not
/// a story, or no sourcing rule is on. Counted off the executor.
pub async fn sourcing_summary(session: &Arc<Session>, uri: &Url) -> Option<SourcingSummary> {
    let (slot, analysis) = session.analysed(uri, Want::Latest).await?;
    let path = session.documents.snapshot(uri).and_then(|s| s.path);
    let session = session.clone();
    tokio::task::spawn_blocking(move || summary_of(&session, &slot, &analysis, path.as_deref()))
        .await
        .ok()
        .flatten()
}

pub(crate) fn summary_of(
    session: &Session,
    slot: &Slot,
    analysis: &Analysis,
    path: Option<&std::path::Path>,
) -> Option<SourcingSummary> {
    let kind = analysis.kind?;
    let dir = session.workspace.config_dir(path);
    let (scope, _) = session.configs.resolve(dir.as_deref());
    let config = &scope.config;
    let sourcing_on = crate::core::registry::RULES
        .iter()
        .enumerate()
        .any(|(i, r)| r.meta.family == crate::core::Family::Sourcing && config.state(i).enabled);
    if !sourcing_on {
        return None;
    }
    let text = analysis.rope.to_string();
    Some(attribution::summary_cached(
        &text,
        kind,
        &slot.cache,
        config,
    ))
}

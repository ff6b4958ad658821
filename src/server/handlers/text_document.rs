//! `textDocument/didOpen`, `didChange`, `didSave`, `didClose`.
//!
//! `did_open` and `did_change` update the document before their first `.await` (there is
//! none), so edits are applied in the order the client sent them even though tower-lsp runs
//! handlers concurrently; then they schedule a check.

use crate::cli::files::{CONFIG_FILE, EXTENSIONS};
use crate::server::documents::ChangeError;
use crate::server::session::Session;
use std::sync::Arc;
use tower_lsp::lsp_types::{
    DidChangeTextDocumentParams, DidCloseTextDocumentParams, DidOpenTextDocumentParams,
    DidSaveTextDocumentParams,
};

pub async fn did_open(session: &Arc<Session>, params: DidOpenTextDocumentParams) {
    let doc = params.text_document;
    tracing::debug!(uri = %doc.uri, version = doc.version, bytes = doc.text.len(), "open");
    let revision = session
        .documents
        .open(doc.uri.clone(), doc.language_id, doc.version, &doc.text);
    session.schedule(doc.uri, revision);
}

pub async fn did_change(session: &Arc<Session>, params: DidChangeTextDocumentParams) {
    let uri = params.text_document.uri;
    let version = params.text_document.version;
    match session
        .documents
        .change(&uri, version, params.content_changes, session.encoding())
    {
        Ok(revision) => session.schedule(uri, revision),
        Err(ChangeError::UnknownDocument) => {
            tracing::warn!(%uri, version, "change for a document that is not open; ignored")
        }
    }
}

pub async fn did_save(session: &Arc<Session>, params: DidSaveTextDocumentParams) {
    let Ok(path) = params.text_document.uri.to_file_path() else {
        return;
    };
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let ext = path
        .extension()
        .and_then(|x| x.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if name == CONFIG_FILE {
        // Clients that cannot watch files still tell us when a config open in the editor is
        // saved.
        session.config_files_changed().await;
    } else if EXTENSIONS.contains(&ext.as_str()) {
        session.request_reindex();
    }
}

pub async fn did_close(session: &Arc<Session>, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let Some(doc) = session.documents.close(&uri) else {
        return;
    };
    if session.caps().pull_diagnostics {
        return;
    }
    // Wait for a check under way to publish, so the empty list is the last word.
    let _slot = doc.slot.lock().await;
    if session.documents.revision(&uri).is_some() {
        return; // reopened meanwhile: its own check will publish
    }
    session.publish(&uri, &[], Some(doc.version)).await;
}

//! The table of contents: one line per LSP method, each handing off to `handlers/`.

use crate::server::handlers::{
    code_action, code_lens, configuration, diagnostic, hover, lifecycle, text_document,
};
use crate::server::session::Session;
use crate::server::transport::{InvalidMessage, Outbox};
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::*;
use tower_lsp::{Client, LanguageServer};

pub struct Backend {
    pub(crate) session: Arc<Session>,
}

impl Backend {
    pub fn new(client: Client, outbox: Outbox) -> Backend {
        Backend {
            session: Arc::new(Session::new(client, outbox)),
        }
    }

    /// Stands in for a frame the client sent that was not a JSON-RPC message (see
    /// `transport.rs`): answered with the error the specification asks for.
    pub async fn invalid_message(&self, p: InvalidMessage) -> Result<()> {
        Err(tower_lsp::jsonrpc::Error {
            code: p.code.into(),
            message: p.message.into(),
            data: None,
        })
    }
}

#[tower_lsp::async_trait]
impl LanguageServer for Backend {
    async fn initialize(&self, p: InitializeParams) -> Result<InitializeResult> {
        lifecycle::initialize(&self.session, p).await
    }

    async fn initialized(&self, p: InitializedParams) {
        lifecycle::initialized(&self.session, p).await
    }

    async fn shutdown(&self) -> Result<()> {
        lifecycle::shutdown(&self.session).await
    }

    async fn did_open(&self, p: DidOpenTextDocumentParams) {
        text_document::did_open(&self.session, p).await
    }

    async fn did_change(&self, p: DidChangeTextDocumentParams) {
        text_document::did_change(&self.session, p).await
    }

    async fn did_save(&self, p: DidSaveTextDocumentParams) {
        text_document::did_save(&self.session, p).await
    }

    async fn did_close(&self, p: DidCloseTextDocumentParams) {
        text_document::did_close(&self.session, p).await
    }

    async fn diagnostic(
        &self,
        p: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        diagnostic::pull(&self.session, p).await
    }

    async fn code_action(&self, p: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        code_action::code_action(&self.session, p).await
    }

    async fn code_lens(&self, p: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        code_lens::code_lens(&self.session, p).await
    }

    async fn hover(&self, p: HoverParams) -> Result<Option<Hover>> {
        hover::hover(&self.session, p).await
    }

    async fn did_change_configuration(&self, p: DidChangeConfigurationParams) {
        configuration::did_change_configuration(&self.session, p).await
    }

    async fn did_change_watched_files(&self, p: DidChangeWatchedFilesParams) {
        configuration::did_change_watched_files(&self.session, p).await
    }

    async fn did_change_workspace_folders(&self, p: DidChangeWorkspaceFoldersParams) {
        configuration::did_change_workspace_folders(&self.session, p).await
    }
}

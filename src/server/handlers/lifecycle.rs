//! `initialize`, `initialized`, `shutdown`. (`exit` is handled around the service, in
//! `server/mod.rs`, so the process ends with the code the specification asks for.)

use crate::server::handlers::code_action;
use crate::server::session::{ClientCaps, Session};
use std::sync::Arc;
use tower_lsp::jsonrpc::Result;
use tower_lsp::lsp_types::{
    CodeActionOptions, CodeActionProviderCapability, CodeLensOptions, DiagnosticOptions,
    DiagnosticServerCapabilities, DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher,
    GlobPattern, HoverProviderCapability, InitializeParams, InitializeResult, InitializedParams,
    Registration, SaveOptions, ServerCapabilities, ServerInfo, TextDocumentSyncCapability,
    TextDocumentSyncKind, TextDocumentSyncOptions, TextDocumentSyncSaveOptions,
    WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

/// The files whose changes the server wants to hear about.
pub const WATCHED: [&str; 2] = ["**/newslint.toml", "**/*.{md,markdown,txt}"];

pub async fn initialize(
    session: &Arc<Session>,
    params: InitializeParams,
) -> Result<InitializeResult> {
    let caps = ClientCaps::from_params(&params);
    tracing::info!(
        encoding = ?caps.encoding,
        pull = caps.pull_diagnostics,
        watch = caps.watch_files,
        "initialize"
    );
    #[allow(deprecated)] // `rootUri`, for clients that send no workspace folders
    let folders = match &params.workspace_folders {
        Some(folders) => folders
            .iter()
            .filter_map(|f| f.uri.to_file_path().ok())
            .collect(),
        None => params
            .root_uri
            .as_ref()
            .and_then(|u| u.to_file_path().ok())
            .into_iter()
            .collect(),
    };
    session.workspace.set_folders(folders);
    if let Some(options) = &params.initialization_options {
        if let Err(message) = session.configs.set_editor(options) {
            // Held until `initialized`: the client may not be sent messages before then.
            session
                .show_error(format!("{message} (using the defaults)"))
                .await;
        }
    }
    let pull = caps.pull_diagnostics;
    let encoding = caps.encoding;
    session.set_caps(caps);
    Ok(InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(encoding.kind()),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                        include_text: Some(false),
                    })),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            code_lens_provider: Some(CodeLensOptions {
                resolve_provider: Some(false),
            }),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(code_action::kinds()),
                resolve_provider: Some(false),
                ..CodeActionOptions::default()
            })),
            diagnostic_provider: pull.then(|| {
                DiagnosticServerCapabilities::Options(DiagnosticOptions {
                    identifier: Some("newslint".to_string()),
                    // Cross-story checks depend on the other stories of the workspace.
                    inter_file_dependencies: true,
                    workspace_diagnostics: false,
                    ..DiagnosticOptions::default()
                })
            }),
            workspace: Some(WorkspaceServerCapabilities {
                workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                    supported: Some(true),
                    change_notifications: Some(tower_lsp::lsp_types::OneOf::Left(true)),
                }),
                file_operations: None,
            }),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "newslint".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    })
}

pub async fn initialized(session: &Arc<Session>, _: InitializedParams) {
    session.mark_ready().await;
    let caps = session.caps();
    if caps.watch_files {
        let s = session.clone();
        tokio::spawn(async move {
            let options = DidChangeWatchedFilesRegistrationOptions {
                watchers: WATCHED
                    .iter()
                    .map(|g| FileSystemWatcher {
                        glob_pattern: GlobPattern::String(g.to_string()),
                        kind: None,
                    })
                    .collect(),
            };
            let registration = Registration {
                id: "newslint-watched-files".to_string(),
                method: "workspace/didChangeWatchedFiles".to_string(),
                register_options: serde_json::to_value(options).ok(),
            };
            if let Err(e) = s.client.register_capability(vec![registration]).await {
                tracing::warn!("the client refused to watch files: {e}");
            }
        });
    }
    if caps.configuration {
        let s = session.clone();
        tokio::spawn(async move { s.pull_settings().await });
    }
    session.request_reindex();
}

pub async fn shutdown(session: &Arc<Session>) -> Result<()> {
    tracing::info!("shutdown");
    session.shut_down();
    Ok(())
}

//! Settings and files changing under the server: `workspace/didChangeConfiguration`,
//! `workspace/didChangeWatchedFiles`, `workspace/didChangeWorkspaceFolders`.

use crate::cli::files::{CONFIG_FILE, EXTENSIONS};
use crate::server::session::Session;
use serde_json::Value;
use std::sync::Arc;
use tower_lsp::lsp_types::{
    DidChangeConfigurationParams, DidChangeWatchedFilesParams, DidChangeWorkspaceFoldersParams,
};

/// The client pushes settings (under `newslint`), or says they changed and expects us to pull
/// them (`settings: null`).
pub async fn did_change_configuration(
    session: &Arc<Session>,
    params: DidChangeConfigurationParams,
) {
    match &params.settings {
        Value::Object(map) if map.contains_key("newslint") => {
            session.apply_editor_settings(&map["newslint"]).await
        }
        _ if session.caps().configuration => session.pull_settings().await,
        other => {
            tracing::debug!(settings = %other, "configuration change without a `newslint` section")
        }
    }
}

pub async fn did_change_watched_files(session: &Arc<Session>, params: DidChangeWatchedFilesParams) {
    let mut config = false;
    let mut stories = false;
    for change in &params.changes {
        let Ok(path) = change.uri.to_file_path() else {
            continue;
        };
        if path.file_name().is_some_and(|n| n == CONFIG_FILE) {
            config = true;
        } else if path
            .extension()
            .and_then(|x| x.to_str())
            .is_some_and(|x| EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()))
        {
            stories = true;
        }
    }
    tracing::debug!(config, stories, "watched files changed");
    if config {
        session.config_files_changed().await;
    } else if stories {
        session.request_reindex();
    }
}

pub async fn did_change_workspace_folders(
    session: &Arc<Session>,
    params: DidChangeWorkspaceFoldersParams,
) {
    for removed in &params.event.removed {
        if let Ok(path) = removed.uri.to_file_path() {
            session.workspace.remove_folder(&path);
        }
    }
    for added in &params.event.added {
        if let Ok(path) = added.uri.to_file_path() {
            session.workspace.add_folder(path);
        }
    }
    session.configs.invalidate();
    session.recheck_all().await;
    session.request_reindex();
}

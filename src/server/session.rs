//! The server's state, shared by every handler, and the analysis pipeline.
//!
//! Analysis: a change bumps the document's revision and schedules a check. After the debounce,
//! a check whose revision is no longer the latest is dropped. Otherwise it locks the
//! document's slot (so checks of one document run one at a time, in order), snapshots the rope
//! (O(1)), and runs the core in `spawn_blocking` with the document's incremental cache. The
//! result is published with its version only if no change has arrived since; the slot stays
//! locked until it is sent, so publications of one document never overtake each other.
//! A panic in the core comes back as a `JoinError`: it is logged, the cache is rebuilt on the
//! next check, and the server carries on.

use crate::core::{Cache, Config, Diagnostic, SourceKind};
use crate::server::config::{ConfigStore, EditorSettings};
use crate::server::documents::{Analysis, Documents, Slot, Snapshot};
use crate::server::encoding::{self, Encoding};
use crate::server::handlers::diagnostic;
use crate::server::transport::Outbox;
use crate::server::workspace::{self, Corpus, Workspace};
use serde_json::Value;
use std::path::Path;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;
use tokio::sync::OwnedMutexGuard;
use tower_lsp::lsp_types::{
    self as lsp, ConfigurationItem, InitializeParams, MarkupKind, MessageType, Url,
};
use tower_lsp::Client;

/// How the core is called: [`workspace::check_story`], replaceable in tests (to check that a
/// panicking rule does not take the server down).
pub type CheckFn = fn(&str, SourceKind, &Config, &mut Cache, &Corpus) -> Vec<Diagnostic>;

/// What the client said it can do, read once at `initialize`.
#[derive(Debug, Clone, Default)]
pub struct ClientCaps {
    pub encoding: Encoding,
    /// `textDocument/diagnostic`: the client pulls, so nothing is pushed.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    /// `workspace/didChangeWatchedFiles` can be registered dynamically.
    pub watch_files: bool,
    /// `workspace/configuration` can be requested.
    pub configuration: bool,
    /// Workspace edits may carry document versions.
    pub document_changes: bool,
    pub markdown_hover: bool,
}

impl ClientCaps {
    pub fn from_params(params: &InitializeParams) -> ClientCaps {
        let caps = &params.capabilities;
        let text = caps.text_document.as_ref();
        let ws = caps.workspace.as_ref();
        ClientCaps {
            encoding: Encoding::negotiate(
                caps.general
                    .as_ref()
                    .and_then(|g| g.position_encodings.as_deref()),
            ),
            pull_diagnostics: text.is_some_and(|t| t.diagnostic.is_some()),
            // lsp-types 0.94 reads this capability from `workspace.diagnostic`, but clients
            // (VS Code among them) send it as `workspace.diagnostics`, as the specification
            // spells it, so it is never seen. A client that pulls is asked to pull again
            // whenever settings change; one that cannot answers with an error, which is
            // harmless.
            diagnostic_refresh: text.is_some_and(|t| t.diagnostic.is_some())
                || ws
                    .and_then(|w| w.diagnostic.as_ref())
                    .and_then(|d| d.refresh_support)
                    .unwrap_or(false),
            watch_files: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            configuration: ws.and_then(|w| w.configuration).unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            markdown_hover: text
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_none_or(|f| f.contains(&MarkupKind::Markdown)),
        }
    }
}

/// Which analysis a caller wants.
#[derive(Debug, Clone, Copy)]
pub enum Want {
    /// This revision, or nothing if a newer one exists (scheduled checks).
    Revision(u64),
    /// Whatever is current (requests: hover, code actions, pull diagnostics).
    Latest,
}

pub struct Session {
    pub client: Client,
    /// Where publications are written (see `transport.rs`).
    outbox: Outbox,
    pub documents: Documents,
    pub configs: ConfigStore,
    pub workspace: Workspace,
    caps: OnceLock<ClientCaps>,
    /// Bumped when anything but the text can change diagnostics (settings, config files, the
    /// workspace index): analyses of an older world are redone.
    world: AtomicU64,
    check: RwLock<CheckFn>,
    index_running: AtomicBool,
    index_dirty: AtomicBool,
    shut_down: AtomicBool,
    /// Whether `initialized` has arrived (before it, messages to the user are held back).
    ready: AtomicBool,
    /// Where rule pages are when no `docsBaseUrl` is set.
    default_docs: Option<Url>,
    /// Settings errors found before the client could be told (during `initialize`).
    pending_messages: std::sync::Mutex<Vec<String>>,
}

impl Session {
    pub fn new(client: Client, outbox: Outbox) -> Session {
        let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
        Session {
            client,
            outbox,
            documents: Documents::default(),
            configs: ConfigStore::default(),
            workspace: Workspace::default(),
            caps: OnceLock::new(),
            world: AtomicU64::new(0),
            check: RwLock::new(workspace::check_story),
            index_running: AtomicBool::new(false),
            index_dirty: AtomicBool::new(false),
            shut_down: AtomicBool::new(false),
            ready: AtomicBool::new(false),
            default_docs: docs
                .is_dir()
                .then(|| Url::from_directory_path(&docs).ok())
                .flatten(),
            pending_messages: Default::default(),
        }
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.get().cloned().unwrap_or_default()
    }

    pub fn set_caps(&self, caps: ClientCaps) {
        let _ = self.caps.set(caps);
    }

    pub fn encoding(&self) -> Encoding {
        self.caps.get().map(|c| c.encoding).unwrap_or_default()
    }

    pub fn set_check(&self, f: CheckFn) {
        *self.check.write().unwrap_or_else(|e| e.into_inner()) = f;
    }

    pub fn shut_down(&self) {
        self.shut_down.store(true, Ordering::SeqCst);
    }

    fn world(&self) -> u64 {
        self.world.load(Ordering::SeqCst)
    }

    /// Where rule pages are: `<base><rule>.md`.
    pub fn docs_base(&self) -> Option<Url> {
        match &self.configs.editor().server.docs_base_url {
            Some(b) if b.ends_with('/') => Url::parse(b).ok(),
            Some(b) => Url::parse(&format!("{b}/")).ok(),
            None => self.default_docs.clone(),
        }
    }

    /// The page documenting a rule.
    pub fn rule_url(&self, rule: &str) -> Option<Url> {
        self.docs_base()?.join(&format!("{rule}.md")).ok()
    }

    /// Shows an error now, or once the client is initialized.
    pub async fn show_error(&self, message: String) {
        tracing::warn!("{message}");
        {
            let mut pending = self
                .pending_messages
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            if !self.ready.load(Ordering::SeqCst) {
                pending.push(message);
                return;
            }
        }
        self.client.show_message(MessageType::ERROR, message).await;
    }

    /// Called from `initialized`: the client can now be sent messages.
    pub async fn mark_ready(&self) {
        let pending = {
            let mut pending = self
                .pending_messages
                .lock()
                .unwrap_or_else(|e| e.into_inner());
            self.ready.store(true, Ordering::SeqCst);
            std::mem::take(&mut *pending)
        };
        for m in pending {
            self.client.show_message(MessageType::ERROR, m).await;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Analysis.

    /// The analysis of a document at the revision wanted, computing it if needed. Returns the
    /// locked slot with it, so a caller that publishes does so before any later analysis.
    pub async fn analysed(
        self: &Arc<Self>,
        uri: &Url,
        want: Want,
    ) -> Option<(OwnedMutexGuard<Slot>, Arc<Analysis>)> {
        let slot = self.documents.slot(uri)?;
        let guard = slot.clone().lock_owned().await;
        let snap = self.documents.snapshot(uri)?;
        if !Arc::ptr_eq(&snap.slot, &slot) {
            return None; // closed and reopened while we waited
        }
        if let Want::Revision(r) = want {
            if snap.revision != r {
                return None; // a newer change has its own check coming
            }
        }
        let world = self.world();
        if let Some(last) = &guard.last {
            if last.revision == snap.revision && last.world == world {
                let last = last.clone();
                return Some((guard, last));
            }
        }
        let session = self.clone();
        let job = tokio::task::spawn_blocking(move || {
            let mut guard = guard;
            let (analysis, error) = session.run(&snap, world, &mut guard);
            (guard, analysis, error)
        });
        match job.await {
            Ok((mut guard, analysis, error)) => {
                let analysis = Arc::new(analysis);
                guard.last = Some(analysis.clone());
                if let Some(message) = error {
                    self.show_error(message).await;
                }
                Some((guard, analysis))
            }
            Err(e) => {
                let what = if e.is_panic() {
                    "panicked"
                } else {
                    "was cancelled"
                };
                tracing::error!(%uri, "checking the document {what}: {e}");
                None
            }
        }
    }

    /// Resolves the config and runs the core. Blocking.
    fn run(&self, snap: &Snapshot, world: u64, slot: &mut Slot) -> (Analysis, Option<String>) {
        let dir = self.workspace.config_dir(snap.path.as_deref());
        let (scope, error) = self.configs.resolve(dir.as_deref());
        let corpus = self.workspace.corpus_for(snap.path.as_deref());
        let started = std::time::Instant::now();
        let mut text = std::mem::take(&mut slot.buffer);
        text.clear();
        for chunk in snap.rope.chunks() {
            text.push_str(chunk);
        }
        if slot.in_flight {
            // The last check panicked half-way: start from a clean cache.
            slot.cache = Cache::new();
            slot.checked = None;
        }
        slot.in_flight = true;
        // Whether the core parses the whole story from nothing: only a check of a story in a
        // checked language does.
        let first = snap.kind.is_some() && slot.checked.is_none();
        let check = *self.check.read().unwrap_or_else(|e| e.into_inner());
        let diagnostics = match snap.kind {
            Some(kind) => {
                if let Some(last) = slot.checked.take() {
                    let (prefix, suffix) = encoding::shared_ends(&last, &snap.rope);
                    slot.cache.unchanged(prefix, suffix);
                }
                let found = check(&text, kind, &scope.config, &mut slot.cache, &corpus);
                slot.checked = Some(snap.rope.clone());
                found
            }
            None => Vec::new(),
        };
        slot.in_flight = false;
        let checked = std::time::Instant::now();
        let mut converter = diagnostic::Converter::new(self, &snap.uri, &snap.rope, &text);
        let lsp = diagnostics.iter().map(|d| converter.convert(d)).collect();
        tracing::debug!(
            uri = %snap.uri,
            version = snap.version,
            bytes = text.len(),
            diagnostics = diagnostics.len(),
            check_ms = (checked - started).as_secs_f64() * 1000.0,
            convert_ms = checked.elapsed().as_secs_f64() * 1000.0,
            "checked"
        );
        let analysis = Analysis {
            revision: snap.revision,
            version: snap.version,
            world,
            rope: snap.rope.clone(),
            kind: snap.kind,
            diagnostics,
            lsp,
        };
        slot.buffer = text;
        // The first check of a long story frees a great deal of scratch memory: hand it back
        // to the system (off this thread, which the diagnostics are waiting on).
        if first && slot.buffer.len() >= RELEASE_AFTER_BYTES {
            tokio::task::spawn_blocking(release_free_memory);
        }
        (analysis, error)
    }

    /// Checks a document after the debounce and publishes the result, unless a newer change
    /// arrives first. Does nothing when the client pulls diagnostics.
    pub fn schedule(self: &Arc<Self>, uri: Url, revision: u64) {
        if self.caps().pull_diagnostics || self.shut_down.load(Ordering::SeqCst) {
            return;
        }
        let session = self.clone();
        tokio::spawn(async move {
            let delay = session.configs.editor().server.debounce();
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            if session.documents.revision(&uri) != Some(revision) {
                return;
            }
            let Some((guard, analysis)) = session.analysed(&uri, Want::Revision(revision)).await
            else {
                return;
            };
            if session.documents.revision(&uri) == Some(analysis.revision) {
                session
                    .publish(&uri, &analysis.lsp, Some(analysis.version))
                    .await;
            }
            drop(guard);
        });
    }

    /// Whether the session serves requests itself, past tower-lsp (see `server/mod.rs`): only
    /// between `initialized` and `shutdown`, where tower-lsp would serve them too.
    pub fn serving(&self) -> bool {
        self.ready.load(Ordering::SeqCst) && !self.shut_down.load(Ordering::SeqCst)
    }

    /// Answers a request directly (see [`Outbox::respond`]).
    pub async fn respond<T: serde::Serialize>(
        &self,
        id: &tower_lsp::jsonrpc::Id,
        result: tower_lsp::jsonrpc::Result<T>,
    ) {
        if !self.outbox.respond(id, result).await {
            tracing::debug!("output closed; response not sent");
        }
    }

    /// `textDocument/publishDiagnostics`, serialized straight from the diagnostics.
    pub async fn publish(&self, uri: &Url, diagnostics: &[lsp::Diagnostic], version: Option<i32>) {
        #[derive(serde::Serialize)]
        struct Params<'a> {
            uri: &'a Url,
            diagnostics: &'a [lsp::Diagnostic],
            #[serde(skip_serializing_if = "Option::is_none")]
            version: Option<i32>,
        }
        let params = Params {
            uri,
            diagnostics,
            version,
        };
        if !self
            .outbox
            .notify("textDocument/publishDiagnostics", &params)
            .await
        {
            tracing::debug!(%uri, "output closed; diagnostics not sent");
        }
    }

    /// Something other than the text changed (settings, a config file, the index): check every
    /// open document again.
    pub async fn recheck_all(self: &Arc<Self>) {
        self.world.fetch_add(1, Ordering::SeqCst);
        let caps = self.caps();
        if caps.pull_diagnostics {
            if caps.diagnostic_refresh {
                if let Err(e) = self.client.workspace_diagnostic_refresh().await {
                    tracing::debug!("diagnostic refresh refused: {e}");
                }
            }
            return;
        }
        for uri in self.documents.uris() {
            if let Some(revision) = self.documents.revision(&uri) {
                self.schedule(uri, revision);
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Settings.

    /// Takes new editor settings; bad ones are shown and the last good ones kept.
    pub async fn apply_editor_settings(self: &Arc<Self>, value: &Value) {
        match self.configs.set_editor(value) {
            Ok(true) => {
                tracing::info!("editor settings changed");
                self.recheck_all().await;
                self.request_reindex();
            }
            Ok(false) => {}
            Err(message) => {
                self.show_error(format!("{message} (keeping the previous settings)"))
                    .await
            }
        }
    }

    /// Asks the client for the `newslint` settings section.
    pub async fn pull_settings(self: &Arc<Self>) {
        if !self.caps().configuration {
            return;
        }
        let items = vec![ConfigurationItem {
            scope_uri: None,
            section: Some("newslint".to_string()),
        }];
        match self.client.configuration(items).await {
            Ok(values) => {
                let value = values.into_iter().next().unwrap_or(Value::Null);
                self.apply_editor_settings(&value).await;
            }
            Err(e) => tracing::debug!("workspace/configuration failed: {e}"),
        }
    }

    /// A config file changed on disk.
    pub async fn config_files_changed(self: &Arc<Self>) {
        self.configs.invalidate();
        self.recheck_all().await;
        self.request_reindex();
    }

    pub fn editor(&self) -> Arc<EditorSettings> {
        self.configs.editor()
    }

    // ---------------------------------------------------------------------------------------
    // The workspace index.

    /// Re-indexes the workspace folders in the background. Requests that arrive while a run is
    /// under way are folded into one more run.
    pub fn request_reindex(self: &Arc<Self>) {
        if !self.editor().server.index_workspace || self.shut_down.load(Ordering::SeqCst) {
            return;
        }
        self.index_dirty.store(true, Ordering::SeqCst);
        if self.index_running.swap(true, Ordering::SeqCst) {
            return;
        }
        let session = self.clone();
        tokio::spawn(async move {
            loop {
                // Let a burst of file events settle.
                tokio::time::sleep(Duration::from_millis(200)).await;
                while session.index_dirty.swap(false, Ordering::SeqCst) {
                    let s = session.clone();
                    let max = s.editor().server.max_indexed_files;
                    let job =
                        tokio::task::spawn_blocking(move || s.workspace.reindex(&s.configs, max));
                    match job.await {
                        Ok(report) => {
                            tracing::info!(
                                stories = report.stories,
                                read = report.read,
                                truncated = report.truncated,
                                "workspace indexed"
                            );
                            for e in &report.errors {
                                tracing::debug!("indexing: {e}");
                            }
                            if report.changed {
                                session.recheck_all().await;
                            }
                        }
                        Err(e) => tracing::error!("indexing the workspace failed: {e}"),
                    }
                }
                session.index_running.store(false, Ordering::SeqCst);
                // A request may have come in after the last run but seen us still running.
                if !session.index_dirty.load(Ordering::SeqCst)
                    || session.index_running.swap(true, Ordering::SeqCst)
                {
                    break;
                }
            }
        });
    }
}

/// Stories at least this long have their first check's scratch memory handed back.
const RELEASE_AFTER_BYTES: usize = 256 * 1024;

/// Returns the allocator's free pages to the system. glibc keeps what a burst of allocation
/// freed (the first check of a 1 MB story parses every section) as resident memory otherwise.
fn release_free_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks the allocator's own free lists; it is safe to call from
    // any thread at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

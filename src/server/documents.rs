//! Open documents: the text as a rope, the client's version, the language, and the analysis
//! slot (the core's incremental [`Cache`] and the latest analysis).
//!
//! Every method here is synchronous and holds a map guard only for its own body, so no guard
//! ever lives across an `.await` (xacrimon/dashmap#79). Edits are applied in the order the
//! client sent them: tower-lsp runs up to four handlers at once (ebkalderon/tower-lsp#284), but
//! a notification handler with no `.await` before its edit runs to completion when first polled,
//! and handlers are first polled in arrival order.

use crate::core::{Cache, SourceKind};
use crate::server::encoding::Encoding;
use dashmap::DashMap;
use ropey::Rope;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use tower_lsp::lsp_types::{TextDocumentContentChangeEvent, Url};

/// One analysis of one revision of a document, kept until the next one.
pub struct Analysis {
    pub revision: u64,
    pub version: i32,
    /// The settings generation it was checked under (see `Session::recheck_all`).
    pub world: u64,
    /// The text analysed (offsets in the diagnostics refer to it).
    pub rope: Rope,
    pub kind: Option<SourceKind>,
    pub diagnostics: Vec<crate::core::Diagnostic>,
    /// The same diagnostics as sent to the client.
    pub lsp: Vec<tower_lsp::lsp_types::Diagnostic>,
}

/// What analyses of one document share. Locked (asynchronously) for the length of an analysis
/// and its publication, so analyses of a document run one at a time and publish in order.
#[derive(Default)]
pub struct Slot {
    pub cache: Cache,
    /// The text handed to the core, reused between checks (a 1 MB story is not reallocated
    /// on every keystroke).
    pub buffer: String,
    /// Set while the core runs: if it panics, the flag stays set and the cache is rebuilt.
    pub in_flight: bool,
    /// The text of the last check that went through `cache` (a rope clone shares its
    /// chunks): the next check tells the core what it has in common with it.
    pub checked: Option<Rope>,
    pub last: Option<Arc<Analysis>>,
}

pub type SharedSlot = Arc<tokio::sync::Mutex<Slot>>;

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Unique across all documents and openings: bumped by every change.
    pub revision: u64,
    pub language_id: String,
    pub kind: Option<SourceKind>,
    /// The file behind the document, when its URI is a `file:` URI.
    pub path: Option<PathBuf>,
    pub slot: SharedSlot,
}

/// A copy of a document taken for analysis: cloning a rope is O(1).
#[derive(Clone)]
pub struct Snapshot {
    pub uri: Url,
    pub rope: Rope,
    pub version: i32,
    pub revision: u64,
    pub kind: Option<SourceKind>,
    pub path: Option<PathBuf>,
    pub slot: SharedSlot,
}

/// Why a change was not applied.
#[derive(Debug, PartialEq, Eq)]
pub enum ChangeError {
    UnknownDocument,
}

fn next_revision() -> u64 {
    static NEXT: AtomicU64 = AtomicU64::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}

/// The kind of text a document holds: by language identifier, else by file extension. `None`
/// for documents that are not stories (the server keeps them but never checks them).
pub fn kind_of(language_id: &str, uri: &Url) -> Option<SourceKind> {
    SourceKind::from_language_id(language_id).or_else(|| {
        let path = uri.path().to_ascii_lowercase();
        let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
        match ext {
            "md" | "markdown" | "mdown" | "mkd" | "mdx" => Some(SourceKind::Markdown),
            "txt" | "text" => Some(SourceKind::Plain),
            _ => None,
        }
    })
}

#[derive(Default)]
pub struct Documents {
    map: DashMap<Url, Document>,
}

impl Documents {
    /// Opens (or reopens) a document; returns its revision.
    pub fn open(&self, uri: Url, language_id: String, version: i32, text: &str) -> u64 {
        let revision = next_revision();
        let kind = kind_of(&language_id, &uri);
        let path = (uri.scheme() == "file")
            .then(|| uri.to_file_path().ok())
            .flatten();
        self.map.insert(
            uri,
            Document {
                rope: Rope::from_str(text),
                version,
                revision,
                language_id,
                kind,
                path,
                slot: SharedSlot::default(),
            },
        );
        revision
    }

    /// Applies `changes` in order and stores `version`, all under one guard. Returns the new
    /// revision.
    pub fn change(
        &self,
        uri: &Url,
        version: i32,
        changes: Vec<TextDocumentContentChangeEvent>,
        encoding: Encoding,
    ) -> Result<u64, ChangeError> {
        let mut doc = self.map.get_mut(uri).ok_or(ChangeError::UnknownDocument)?;
        if version <= doc.version {
            // Clients must send increasing versions; a client that does not still gets its
            // edits applied in the order sent, but is told about it in the log.
            tracing::warn!(%uri, version, previous = doc.version, "document version did not increase");
        }
        for change in changes {
            apply(&mut doc.rope, change, encoding);
        }
        doc.version = version;
        doc.revision = next_revision();
        Ok(doc.revision)
    }

    pub fn close(&self, uri: &Url) -> Option<Document> {
        self.map.remove(uri).map(|(_, d)| d)
    }

    pub fn snapshot(&self, uri: &Url) -> Option<Snapshot> {
        self.map.get(uri).map(|d| Snapshot {
            uri: uri.clone(),
            rope: d.rope.clone(),
            version: d.version,
            revision: d.revision,
            kind: d.kind,
            path: d.path.clone(),
            slot: d.slot.clone(),
        })
    }

    pub fn revision(&self, uri: &Url) -> Option<u64> {
        self.map.get(uri).map(|d| d.revision)
    }

    pub fn slot(&self, uri: &Url) -> Option<SharedSlot> {
        self.map.get(uri).map(|d| d.slot.clone())
    }

    /// The text and version of a document.
    pub fn text(&self, uri: &Url) -> Option<(String, i32)> {
        self.map.get(uri).map(|d| (d.rope.to_string(), d.version))
    }

    pub fn uris(&self) -> Vec<Url> {
        self.map.iter().map(|e| e.key().clone()).collect()
    }

    /// The paths of open documents (their live text wins over the file on disk).
    pub fn open_paths(&self) -> Vec<PathBuf> {
        self.map.iter().filter_map(|e| e.path.clone()).collect()
    }
}

/// Applies one change to a rope. Ranges are clamped and put in order; a change without a range
/// replaces the whole text.
pub fn apply(rope: &mut Rope, change: TextDocumentContentChangeEvent, encoding: Encoding) {
    match change.range {
        None => *rope = Rope::from_str(&change.text),
        Some(range) => {
            let r = encoding.char_range(rope, range);
            if !r.is_empty() {
                rope.remove(r.clone());
            }
            if !change.text.is_empty() {
                rope.insert(r.start, &change.text);
            }
        }
    }
}

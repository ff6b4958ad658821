//! Workspace folders and the index of their stories, for checks that compare a story with the
//! others around it (`house-style`: "this story writes US; 31 mentions in 3 other files write
//! U.S."), so the editor agrees with `newslint check DIR`.
//!
//! The index is built in the background, off the async executor, one run at a time: each
//! workspace folder is walked as the CLI walks a directory (respecting `.gitignore`, hidden
//! files skipped, the story extensions, each config's `files.include`/`files.exclude`), bounded
//! by [`ServerOptions::max_indexed_files`](crate::server::config::ServerOptions) per folder and
//! [`MAX_INDEXED_BYTES`] per file. A re-run reads only files whose size or modification time
//! changed.

use crate::cli::files;
use crate::core::{self, house, Cache, Config, Diagnostic, SourceKind};
use crate::server::config::ConfigStore;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::SystemTime;

// Cross-story naming (`house-style`): each folder's index keeps the core's `StoryNames` per
// story and a `house::Corpus` of them, rebuilt when the index changes. A check compares the
// live text of the document with that corpus, skipping the document's own saved copy.

pub use crate::core::house::StoryNames;

/// Computes what the index keeps for one story.
pub fn story_names(text: &str, kind: SourceKind, config: &Config) -> StoryNames {
    StoryNames::new(text, kind, config)
}

/// Checks one story given the other stories of its workspace folder.
pub fn check_story(
    text: &str,
    kind: SourceKind,
    config: &Config,
    cache: &mut Cache,
    corpus: &Corpus,
) -> Vec<Diagnostic> {
    let mut out = core::check_cached(text, kind, config, cache);
    let own = corpus.exclude.as_ref().map(|p| p.display().to_string());
    let others = corpus
        .stories
        .keys()
        .filter(|p| Some(*p) != corpus.exclude.as_ref())
        .count();
    let house_on = config
        .state_of(crate::core::house::RULE_NAME)
        .is_some_and(|s| s.enabled);
    if others > 0 && house_on {
        // The naming facts come from the check just run, so this is the story-wide grouping
        // only.
        let names = StoryNames::from_cache(text, kind, cache);
        out.extend(corpus.house.check_story(&names, own.as_deref(), config));
        out.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }
    out
}

/// Files larger than this are not indexed (they are not stories).
pub const MAX_INDEXED_BYTES: u64 = 4 * 1024 * 1024;

/// The other stories of a document's workspace folder.
#[derive(Debug, Clone, Default)]
pub struct Corpus {
    /// Every indexed story of the folder, by path.
    pub stories: Arc<BTreeMap<PathBuf, Arc<StoryNames>>>,
    /// The same stories, ready for the cross-story comparison.
    pub house: Arc<house::Corpus>,
    /// The document being checked: its live text is checked, its indexed copy is skipped.
    pub exclude: Option<PathBuf>,
}

impl Corpus {
    /// The other stories.
    pub fn others(&self) -> impl Iterator<Item = (&PathBuf, &Arc<StoryNames>)> {
        self.stories
            .iter()
            .filter(move |(p, _)| Some(*p) != self.exclude.as_ref())
    }
}

#[derive(Debug, Clone)]
struct Entry {
    modified: Option<SystemTime>,
    len: u64,
    names: Arc<StoryNames>,
}

#[derive(Debug, Clone, Default)]
struct FolderIndex {
    entries: BTreeMap<PathBuf, Entry>,
    /// The same, as handed to checks.
    corpus: Arc<BTreeMap<PathBuf, Arc<StoryNames>>>,
    house: Arc<house::Corpus>,
    /// Whether the walk stopped at the file limit.
    truncated: bool,
}

/// The workspace folders and their indexes.
#[derive(Default)]
pub struct Workspace {
    folders: RwLock<Vec<PathBuf>>,
    index: Mutex<BTreeMap<PathBuf, FolderIndex>>,
}

/// What one indexing run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct IndexReport {
    pub stories: usize,
    pub read: usize,
    pub truncated: bool,
    /// Whether any folder's corpus changed.
    pub changed: bool,
    pub errors: Vec<String>,
}

impl Workspace {
    pub fn folders(&self) -> Vec<PathBuf> {
        self.folders
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_folders(&self, folders: Vec<PathBuf>) {
        *self.folders.write().unwrap_or_else(|e| e.into_inner()) = folders;
    }

    pub fn add_folder(&self, folder: PathBuf) {
        let mut f = self.folders.write().unwrap_or_else(|e| e.into_inner());
        if !f.contains(&folder) {
            f.push(folder);
        }
    }

    pub fn remove_folder(&self, folder: &Path) {
        self.folders
            .write()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|f| f != folder);
        self.index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(folder);
    }

    /// The innermost workspace folder holding `path`.
    pub fn folder_of(&self, path: &Path) -> Option<PathBuf> {
        self.folders()
            .into_iter()
            .filter(|f| path.starts_with(f))
            .max_by_key(|f| f.as_os_str().len())
    }

    /// The directory whose config governs a document: its own directory, or for a document
    /// with no file, the first workspace folder.
    pub fn config_dir(&self, path: Option<&Path>) -> Option<PathBuf> {
        match path {
            Some(p) => p.parent().map(Path::to_path_buf),
            None => self.folders().into_iter().next(),
        }
    }

    /// The other stories of the folder holding `path`.
    pub fn corpus_for(&self, path: Option<&Path>) -> Corpus {
        let Some(path) = path else {
            return Corpus::default();
        };
        let Some(folder) = self.folder_of(path) else {
            return Corpus::default();
        };
        let index = self.index.lock().unwrap_or_else(|e| e.into_inner());
        let folder = index.get(&folder);
        Corpus {
            stories: folder.map(|f| f.corpus.clone()).unwrap_or_default(),
            house: folder.map(|f| f.house.clone()).unwrap_or_default(),
            exclude: Some(path.to_path_buf()),
        }
    }

    /// How many stories are indexed, over all folders.
    pub fn indexed(&self) -> usize {
        self.index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .values()
            .map(|f| f.entries.len())
            .sum()
    }

    /// Walks every folder and refreshes the index. Blocking: run it off the executor.
    pub fn reindex(&self, configs: &ConfigStore, max_files: usize) -> IndexReport {
        let mut report = IndexReport::default();
        let folders = self.folders();
        for folder in &folders {
            let previous = self
                .index
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .get(folder)
                .cloned()
                .unwrap_or_default();
            let fresh = index_folder(folder, &previous, configs, max_files, &mut report);
            report.stories += fresh.entries.len();
            report.truncated |= fresh.truncated;
            // Unchanged files keep their entry (and its names), so comparing entries by path
            // and by the identity of their names tells whether anything changed.
            let changed = fresh.entries.len() != previous.entries.len()
                || fresh
                    .entries
                    .iter()
                    .zip(previous.entries.iter())
                    .any(|((p, a), (q, b))| p != q || !Arc::ptr_eq(&a.names, &b.names));
            report.changed |= changed;
            let mut index = self.index.lock().unwrap_or_else(|e| e.into_inner());
            if self.folders().contains(folder) {
                index.insert(folder.clone(), fresh);
            }
        }
        self.index
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|f, _| folders.contains(f));
        report
    }
}

fn index_folder(
    folder: &Path,
    previous: &FolderIndex,
    configs: &ConfigStore,
    max_files: usize,
    report: &mut IndexReport,
) -> FolderIndex {
    let mut out = FolderIndex::default();
    for entry in ignore::WalkBuilder::new(folder).build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                report.errors.push(e.to_string());
                continue;
            }
        };
        let path = entry.path();
        let is_story = entry.file_type().is_some_and(|t| t.is_file())
            && path
                .extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| files::EXTENSIONS.contains(&x.to_ascii_lowercase().as_str()));
        if !is_story {
            continue;
        }
        let Ok(meta) = entry.metadata() else { continue };
        if meta.len() > MAX_INDEXED_BYTES {
            continue;
        }
        let (scope, _) = configs.resolve(path.parent());
        if !scope.wants(path) {
            continue;
        }
        if out.entries.len() >= max_files {
            out.truncated = true;
            break;
        }
        let modified = meta.modified().ok();
        if let Some(old) = previous.entries.get(path) {
            if old.len == meta.len() && old.modified == modified && modified.is_some() {
                out.entries.insert(path.to_path_buf(), old.clone());
                continue;
            }
        }
        let display = path.display().to_string();
        match files::read_story(path, &display) {
            Ok(story) => {
                report.read += 1;
                let names = story_names(&story.text, story.kind, &scope.config);
                out.entries.insert(
                    path.to_path_buf(),
                    Entry {
                        modified,
                        len: meta.len(),
                        names: Arc::new(names),
                    },
                );
            }
            Err(e) => report.errors.push(format!("{e:#}")),
        }
    }
    out.corpus = Arc::new(
        out.entries
            .iter()
            .map(|(p, e)| (p.clone(), e.names.clone()))
            .collect(),
    );
    out.house = Arc::new(house::Corpus::new(
        out.entries
            .iter()
            .map(|(p, e)| (p.display().to_string(), e.names.clone()))
            .collect(),
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    #[test]
    fn index_respects_gitignore_extensions_config_and_the_bound() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        // The ignore crate reads .gitignore only inside a git repository.
        std::fs::create_dir(root.join(".git")).unwrap();
        write(&root, ".gitignore", "drafts/\n");
        write(&root, "a.md", "The council met.\n");
        write(&root, "b.txt", "The council voted.\n");
        write(&root, "notes.rs", "fn main() {}\n");
        write(&root, "drafts/c.md", "Ignored.\n");
        write(&root, "archive/old.md", "Excluded by config.\n");
        write(
            &root,
            "newslint.toml",
            "[files]\nexclude = [\"archive/**\"]\n",
        );
        let ws = Workspace::default();
        ws.set_folders(vec![root.clone()]);
        let configs = ConfigStore::default();
        let report = ws.reindex(&configs, 100);
        assert_eq!(report.stories, 2, "{report:?}");
        assert_eq!(report.read, 2);
        assert!(!report.truncated);
        let corpus = ws.corpus_for(Some(&root.join("a.md")));
        let others: Vec<_> = corpus.others().map(|(p, _)| p.clone()).collect();
        assert_eq!(others, vec![root.join("b.txt")]);

        // Unchanged files are not read again.
        let again = ws.reindex(&configs, 100);
        assert_eq!(again.read, 0);
        assert!(!again.changed);

        let bounded = Workspace::default();
        bounded.set_folders(vec![root.clone()]);
        let report = bounded.reindex(&configs, 1);
        assert_eq!(report.stories, 1);
        assert!(report.truncated);
    }

    #[test]
    fn a_document_outside_every_folder_has_no_corpus() {
        let ws = Workspace::default();
        ws.set_folders(vec![PathBuf::from("/news")]);
        assert!(ws
            .corpus_for(Some(Path::new("/elsewhere/a.md")))
            .stories
            .is_empty());
        assert_eq!(
            ws.folder_of(Path::new("/news/city/a.md")),
            Some(PathBuf::from("/news"))
        );
    }
}

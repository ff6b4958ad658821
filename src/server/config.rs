//! Settings for each document: the same `newslint.toml` the CLI reads (the nearest one above
//! the document), with the editor's `newslint` settings layered on top.
//!
//! Editor settings arrive as `initializationOptions` and with
//! `workspace/didChangeConfiguration` (or are pulled with `workspace/configuration`). They are
//! the same typed [`Settings`] as the config file (same keys, unknown keys rejected), plus a few
//! keys only the server reads (see [`ServerOptions`]).
//!
//! A bad config file or bad editor settings never stop the server: the error is shown once
//! (naming the key), and the last good settings stay in force. A config file that has never
//! been good falls back to the defaults.
//!
//! Resolved configs are cached, so the core's caches (keyed by config identity) stay warm
//! between keystrokes; the cache is cleared when a config file or the editor settings change.

use crate::cli::files::{self, Scope};
use crate::core::{Config, Settings};
use serde::Deserialize;
use serde_json::Value;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;
use tower_lsp::lsp_types::Url;

/// Keys only the server reads, next to the config-file keys in the editor's `newslint`
/// settings. Written in camelCase, as editors write their settings.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase", default)]
pub struct ServerOptions {
    /// How long to wait after an edit before checking (milliseconds). Default 75.
    pub debounce_ms: u64,
    /// Whether to index the stories of each workspace folder for cross-story checks.
    pub index_workspace: bool,
    /// At most this many stories are indexed per workspace folder.
    pub max_indexed_files: usize,
    /// Where the rule pages live: a base URL to which `<rule>.md` is appended. By default, the
    /// `docs/rules/` folder of the source tree the server was built from, if it exists.
    pub docs_base_url: Option<String>,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            debounce_ms: 75,
            index_workspace: true,
            max_indexed_files: 2000,
            docs_base_url: None,
        }
    }
}

impl ServerOptions {
    pub fn debounce(&self) -> Duration {
        Duration::from_millis(self.debounce_ms)
    }

    const KEYS: [&'static str; 4] = [
        "debounceMs",
        "indexWorkspace",
        "maxIndexedFiles",
        "docsBaseUrl",
    ];
}

/// The editor's `newslint` settings, parsed.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EditorSettings {
    /// Layered over each config file.
    pub settings: Settings,
    pub server: ServerOptions,
}

impl EditorSettings {
    /// Parses the editor's settings. `value` is the `newslint` section, or an object holding
    /// it under `newslint`; `null` means the defaults. Errors name the key, as
    /// `newslint.rules.mixed-quote-style.severity: …`.
    pub fn from_json(value: &Value) -> Result<EditorSettings, String> {
        let value = match value {
            Value::Object(map) if map.len() == 1 && map.contains_key("newslint") => {
                &map["newslint"]
            }
            other => other,
        };
        let map = match value {
            Value::Null => return Ok(EditorSettings::default()),
            Value::Object(map) => map,
            other => {
                return Err(format!(
                    "newslint settings must be an object, not {}",
                    json_kind(other)
                ))
            }
        };
        let (server, rest): (serde_json::Map<_, _>, serde_json::Map<_, _>) = map
            .clone()
            .into_iter()
            .partition(|(k, _)| ServerOptions::KEYS.contains(&k.as_str()));
        let server: ServerOptions = parse(Value::Object(server))?;
        if let Some(base) = &server.docs_base_url {
            Url::parse(base).map_err(|e| format!("newslint.docsBaseUrl: {e}"))?;
        }
        let settings: Settings = parse(Value::Object(rest))?;
        settings
            .validate()
            .map_err(|e| format!("newslint settings: {e}"))?;
        Ok(EditorSettings { settings, server })
    }
}

fn parse<T: for<'de> Deserialize<'de>>(value: Value) -> Result<T, String> {
    serde_path_to_error::deserialize(value).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            format!("newslint: {}", e.inner())
        } else {
            format!("newslint.{path}: {}", e.inner())
        }
    })
}

fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Which config governs a document, resolved and cached.
#[derive(Default)]
pub struct ConfigStore {
    inner: Mutex<Inner>,
}

#[derive(Default)]
struct Inner {
    /// The last good editor settings.
    editor: Arc<EditorSettings>,
    /// By governing config file (`None`: no config file, the defaults).
    resolved: HashMap<Option<PathBuf>, Arc<Scope>>,
    /// The nearest config file of each directory asked about.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// The last good settings of each config file.
    last_good: HashMap<PathBuf, Settings>,
    /// The error last shown for each config file, so each error is shown once.
    shown: HashMap<PathBuf, String>,
}

impl ConfigStore {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn editor(&self) -> Arc<EditorSettings> {
        self.lock().editor.clone()
    }

    /// Replaces the editor settings if `value` is valid; otherwise keeps the last good ones and
    /// returns the error. Returns whether anything changed.
    pub fn set_editor(&self, value: &Value) -> Result<bool, String> {
        let parsed = EditorSettings::from_json(value)?;
        let mut inner = self.lock();
        if *inner.editor == parsed {
            return Ok(false);
        }
        inner.editor = Arc::new(parsed);
        inner.resolved.clear();
        Ok(true)
    }

    /// Forgets every config file read, so the next check reads them again.
    pub fn invalidate(&self) {
        let mut inner = self.lock();
        inner.resolved.clear();
        inner.nearest.clear();
    }

    /// The scope (config and file globs) for documents in `dir` (`None`: no directory, e.g.
    /// an unsaved buffer outside any workspace folder). Reads the file system: call it off the
    /// async executor. The second value is an error to show the user, once.
    pub fn resolve(&self, dir: Option<&Path>) -> (Arc<Scope>, Option<String>) {
        let mut inner = self.lock();
        let file = match dir {
            None => None,
            Some(dir) => match inner.nearest.get(dir) {
                Some(found) => found.clone(),
                None => {
                    let found = files::find_config(dir);
                    inner.nearest.insert(dir.to_path_buf(), found.clone());
                    found
                }
            },
        };
        if let Some(scope) = inner.resolved.get(&file) {
            return (scope.clone(), None);
        }
        let mut error = None;
        let base = match &file {
            None => Settings::default(),
            Some(path) => match files::read_settings(path) {
                Ok(s) => {
                    inner.last_good.insert(path.clone(), s.clone());
                    inner.shown.remove(path);
                    s
                }
                Err(e) => {
                    let message = format!("{e:#}");
                    if inner.shown.get(path) != Some(&message) {
                        inner.shown.insert(path.clone(), message.clone());
                        let keeping = if inner.last_good.contains_key(path) {
                            "keeping its last good settings"
                        } else {
                            "using the defaults"
                        };
                        error = Some(format!("newslint: {message} ({keeping})"));
                    }
                    inner.last_good.get(path).cloned().unwrap_or_default()
                }
            },
        };
        let merged = base.overlay(&inner.editor.settings);
        let config = Config::new(merged).unwrap_or_else(|e| {
            error.get_or_insert_with(|| format!("newslint: {e} (using the defaults)"));
            Config::default()
        });
        let root = file
            .as_deref()
            .and_then(Path::parent)
            .map(Path::to_path_buf)
            .or_else(|| dir.map(Path::to_path_buf))
            .unwrap_or_else(|| PathBuf::from("."));
        let origin = file.clone().unwrap_or_else(|| PathBuf::from("<defaults>"));
        let scope = match Scope::new(config, root.clone(), &origin) {
            Ok(scope) => scope,
            Err(e) => {
                error.get_or_insert_with(|| format!("newslint: {e:#} (using the defaults)"));
                Scope::new(Config::default(), root, &origin).expect("the defaults have no globs")
            }
        };
        let scope = Arc::new(scope);
        inner.resolved.insert(file, scope.clone());
        (scope, error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn editor_settings_take_config_keys_and_server_keys() {
        let s = EditorSettings::from_json(&json!({
            "newslint": {
                "debounceMs": 0,
                "rules": { "mixed-quote-style": { "severity": "error" } },
                "naming": { "house": ["U.S."] }
            }
        }))
        .unwrap();
        assert_eq!(s.server.debounce_ms, 0);
        assert_eq!(s.settings.naming.house, vec!["U.S."]);
        assert!(s.server.index_workspace);
    }

    #[test]
    fn errors_name_the_key() {
        let e = EditorSettings::from_json(&json!({
            "rules": { "mixed-quote-style": { "severity": "loud" } }
        }))
        .unwrap_err();
        assert!(
            e.contains("newslint.rules.mixed-quote-style.severity"),
            "{e}"
        );
        let e = EditorSettings::from_json(&json!({ "debounceMs": "soon" })).unwrap_err();
        assert!(e.contains("newslint.debounceMs"), "{e}");
        let e = EditorSettings::from_json(&json!({ "nameing": {} })).unwrap_err();
        assert!(e.contains("nameing"), "{e}");
        let e = EditorSettings::from_json(&json!({ "rules": { "no-such-rule": {} } })).unwrap_err();
        assert!(e.contains("rules.no-such-rule"), "{e}");
        let e = EditorSettings::from_json(&json!(7)).unwrap_err();
        assert!(e.contains("object"), "{e}");
    }

    #[test]
    fn bad_config_file_keeps_the_last_good_settings_and_is_shown_once() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("newslint.toml");
        std::fs::write(&file, "[rules.mixed-quote-style]\nseverity = \"error\"\n").unwrap();
        let store = ConfigStore::default();
        let (scope, err) = store.resolve(Some(dir.path()));
        assert!(err.is_none());
        let severity = |s: &Scope| s.config.state_of("mixed-quote-style").unwrap().severity;
        assert_eq!(severity(&scope), crate::core::Severity::Error);

        std::fs::write(&file, "[rules.mixed-quote-style]\nseverity = \"loud\"\n").unwrap();
        store.invalidate();
        let (scope, err) = store.resolve(Some(dir.path()));
        let err = err.expect("an error to show");
        assert!(!err.contains('\n'), "one line: {err}");
        assert!(
            err.contains("rules.mixed-quote-style.severity"),
            "names the key: {err}"
        );
        assert!(err.contains("last good"), "{err}");
        assert_eq!(severity(&scope), crate::core::Severity::Error);
        store.invalidate();
        let (_, again) = store.resolve(Some(dir.path()));
        assert!(again.is_none(), "the same error is shown once");

        std::fs::write(&file, "[rules.mixed-quote-style]\nseverity = \"hint\"\n").unwrap();
        store.invalidate();
        let (scope, err) = store.resolve(Some(dir.path()));
        assert!(err.is_none());
        assert_eq!(severity(&scope), crate::core::Severity::Hint);
    }

    #[test]
    fn editor_settings_override_the_file_and_are_cached() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("newslint.toml"),
            "[rules.mixed-quote-style]\nseverity = \"error\"\n",
        )
        .unwrap();
        let store = ConfigStore::default();
        let (a, _) = store.resolve(Some(dir.path()));
        let (b, _) = store.resolve(Some(dir.path()));
        assert!(Arc::ptr_eq(&a, &b));
        assert!(store
            .set_editor(&json!({ "rules": { "mixed-quote-style": { "severity": "info" } } }))
            .unwrap());
        let (c, _) = store.resolve(Some(dir.path()));
        assert_eq!(
            c.config.state_of("mixed-quote-style").unwrap().severity,
            crate::core::Severity::Info
        );
        assert!(store.set_editor(&json!({ "rules": 3 })).is_err());
        let (d, _) = store.resolve(Some(dir.path()));
        assert!(Arc::ptr_eq(&c, &d), "bad settings change nothing");
    }
}

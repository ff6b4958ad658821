//! Finding stories and reading them: walking directories (respecting .gitignore), finding each
//! story's `newslint.toml`, and reading text with clear errors for what is not a story.

use crate::core::{Config, Settings, SourceKind};
use anyhow::{anyhow, Context as _, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Extensions checked when walking a directory.
pub const EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// Files larger than this are refused rather than read.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

pub const CONFIG_FILE: &str = "newslint.toml";

/// A story read from disk (or stdin), ready to check.
#[derive(Debug, Clone)]
pub struct Story {
    /// The path as given on the command line or found by walking.
    pub path: String,
    /// The text without a byte order mark.
    pub text: String,
    /// Whether the file started with a UTF-8 byte order mark (kept when fixing).
    pub bom: bool,
    pub kind: SourceKind,
}

/// Reads a story, refusing binary files, invalid UTF-8 and huge files with a clear message.
pub fn read_story(path: &Path, display: &str) -> Result<Story> {
    let meta = std::fs::metadata(path).with_context(|| format!("cannot read {display}"))?;
    if meta.is_dir() {
        return Err(anyhow!("{display} is a directory"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(anyhow!(
            "{display} is too large to be a story ({} MB; the limit is {} MB)",
            meta.len() / (1024 * 1024),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read {display}"))?;
    decode(bytes, display, SourceKind::from_path(display))
}

/// Decodes bytes as a story.
pub fn decode(bytes: Vec<u8>, display: &str, kind: SourceKind) -> Result<Story> {
    let sniff = &bytes[..bytes.len().min(8192)];
    if sniff.contains(&0) {
        return Err(anyhow!(
            "{display} looks like a binary file (it contains NUL bytes)"
        ));
    }
    let (bom, body) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (true, rest.to_vec()),
        None => (false, bytes),
    };
    let text = String::from_utf8(body).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
        anyhow!(
            "{display} is not valid UTF-8 (first bad byte at offset {}, line {line}); convert it to UTF-8 first",
            at + if bom { 3 } else { 0 }
        )
    })?;
    Ok(Story {
        path: display.to_string(),
        text,
        bom,
        kind,
    })
}

/// A config file's settings with its globs, as they apply to the files under it.
#[derive(Debug)]
pub struct Scope {
    pub config: Arc<Config>,
    /// The directory the config's globs are relative to.
    pub root: PathBuf,
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Scope {
    /// A scope for `config`, whose globs are relative to `root`; `file` names the config in
    /// errors.
    pub fn new(config: Config, root: PathBuf, file: &Path) -> Result<Scope> {
        let build = |globs: &[String], key: &str| -> Result<GlobSet> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(Glob::new(g).map_err(|e| {
                    anyhow!("{}: bad glob in key `files.{key}`: {e}", file.display())
                })?);
            }
            Ok(b.build()?)
        };
        let include = if config.settings.files.include.is_empty() {
            None
        } else {
            Some(build(&config.settings.files.include, "include")?)
        };
        let exclude = build(&config.settings.files.exclude, "exclude")?;
        Ok(Scope {
            config: Arc::new(config),
            root,
            include,
            exclude,
        })
    }

    /// Whether a file found by walking should be checked.
    pub fn wants(&self, path: &Path) -> bool {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        let included = self.include.as_ref().is_none_or(|g| g.is_match(rel));
        included && !self.exclude.is_match(rel)
    }
}

/// Finds and caches the config that governs each directory.
pub struct ConfigResolver {
    /// `--config`, which overrides discovery.
    fixed: Option<Arc<Scope>>,
    /// CLI rule selection, applied to every config.
    select: Vec<String>,
    ignore: Vec<String>,
    by_dir: HashMap<PathBuf, Result<Arc<Scope>, String>>,
    default: Option<Arc<Scope>>,
}

impl ConfigResolver {
    pub fn new(fixed: Option<&Path>, select: Vec<String>, ignore: Vec<String>) -> Result<Self> {
        let mut resolver = ConfigResolver {
            fixed: None,
            select,
            ignore,
            by_dir: HashMap::new(),
            default: None,
        };
        if let Some(path) = fixed {
            let root = path
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            resolver.fixed = Some(Arc::new(resolver.load(path, root)?));
        }
        Ok(resolver)
    }

    fn load(&self, path: &Path, root: PathBuf) -> Result<Scope> {
        let settings = read_settings(path)?;
        let config = self.configure(settings, path)?;
        Scope::new(config, root, path)
    }

    fn configure(&self, settings: Settings, origin: &Path) -> Result<Config> {
        let mut config = Config::new(settings).map_err(|e| anyhow!("{}: {e}", origin.display()))?;
        config
            .select(&self.select, &self.ignore)
            .map_err(|e| anyhow!("{e}"))?;
        Ok(config)
    }

    /// The built-in defaults with the CLI's selection.
    pub fn default_scope(&mut self) -> Result<Arc<Scope>> {
        if let Some(s) = &self.default {
            return Ok(s.clone());
        }
        let config = self.configure(Settings::default(), Path::new("<defaults>"))?;
        let scope = Arc::new(Scope::new(
            config,
            PathBuf::from("."),
            Path::new("<defaults>"),
        )?);
        self.default = Some(scope.clone());
        Ok(scope)
    }

    /// The scope for a file in `dir`: `--config`, else the nearest `newslint.toml` found by
    /// walking up, else the defaults.
    pub fn scope_for_dir(&mut self, dir: &Path) -> Result<Arc<Scope>, String> {
        if let Some(f) = &self.fixed {
            return Ok(f.clone());
        }
        let dir = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
        if let Some(found) = self.by_dir.get(&dir) {
            return found.clone();
        }
        let candidate = dir.join(CONFIG_FILE);
        let result = if candidate.is_file() {
            self.load(&candidate, dir.clone())
                .map(Arc::new)
                .map_err(|e| format!("{e:#}"))
        } else if let Some(parent) = dir.parent() {
            self.scope_for_dir(parent)
        } else {
            self.default_scope().map_err(|e| format!("{e:#}"))
        };
        self.by_dir.insert(dir, result.clone());
        result
    }
}

/// Reads and validates a config file; errors name the file and the offending key.
pub fn read_settings(path: &Path) -> Result<Settings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read config {}", path.display()))?;
    Settings::from_toml(&text).map_err(|e| anyhow!("{}: {e}", path.display()))
}

/// The `newslint.toml` that governs files in `dir`: the nearest one found by walking up.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// One input named on the command line, expanded.
pub enum Input {
    File {
        path: PathBuf,
        display: String,
        walked: bool,
    },
    Stdin,
}

/// Expands the command-line paths into files: directories are walked (respecting .gitignore,
/// hidden files skipped), keeping the story extensions; files named directly are kept whatever
/// their extension. Errors (a missing path) are returned alongside.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        if p.is_dir() {
            let mut found = Vec::new();
            for entry in ignore::WalkBuilder::new(p).build() {
                match entry {
                    Ok(e) => {
                        let path = e.path();
                        let is_story = e.file_type().is_some_and(|t| t.is_file())
                            && path.extension().and_then(|x| x.to_str()).is_some_and(|x| {
                                EXTENSIONS.contains(&x.to_ascii_lowercase().as_str())
                            });
                        if is_story {
                            found.push(path.to_path_buf());
                        }
                    }
                    Err(e) => errors.push(format!("{e}")),
                }
            }
            found.sort();
            inputs.extend(found.into_iter().map(|path| Input::File {
                display: path.display().to_string(),
                path,
                walked: true,
            }));
        } else if p.exists() {
            inputs.push(Input::File {
                display: p.display().to_string(),
                path: p.clone(),
                walked: false,
            });
        } else {
            errors.push(format!("{}: no such file or directory", p.display()));
        }
    }
    (inputs, errors)
}

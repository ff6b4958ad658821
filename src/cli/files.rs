//! Finding stories and reading them: walking directories (respecting .gitignore), finding each
//! story's `newslint.toml`, and reading text with clear errors for what is not a story.
//!
//! Every error here reads `PATH: what went wrong`, in lower case, so the caller can print it
//! once after `error: `.

use crate::core::{registry, Config, Family, Settings, SourceKind};
use anyhow::{anyhow, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};
use std::collections::{HashMap, HashSet};
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

/// The reason an I/O operation failed, in lower case and without the OS error number.
pub fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let text = match e.kind() {
        ErrorKind::NotFound => "no such file or directory".to_string(),
        ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ => {
            let full = e.to_string();
            match full.find(" (os error") {
                Some(i) => full[..i].to_string(),
                None => full,
            }
        }
    };
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => text,
    }
}

/// Reads a story, refusing binary files, invalid UTF-8 and huge files with a clear message.
pub fn read_story(path: &Path, display: &str) -> Result<Story> {
    let meta = std::fs::metadata(path)
        .map_err(|e| anyhow!("{display}: cannot read: {}", io_reason(&e)))?;
    if meta.is_dir() {
        return Err(anyhow!("{display}: is a directory"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(anyhow!(
            "{display}: too large to be a story ({} bytes; the limit is {} MiB)",
            meta.len(),
            MAX_FILE_BYTES / (1024 * 1024)
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| anyhow!("{display}: cannot read: {}", io_reason(&e)))?;
    decode(bytes, display, SourceKind::from_path(display))
}

/// Decodes bytes as a story: UTF-8, with or without a byte order mark.
pub fn decode(bytes: Vec<u8>, display: &str, kind: SourceKind) -> Result<Story> {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return Err(anyhow!(
            "{display}: is UTF-16 text; convert it to UTF-8 first"
        ));
    }
    let sniff = &bytes[..bytes.len().min(8192)];
    if sniff.contains(&0) {
        return Err(anyhow!(
            "{display}: looks like a binary file (it contains NUL bytes); skipped"
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
            "{display}: not valid UTF-8 (first bad byte at offset {}, line {line}); convert it to UTF-8 first",
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

/// `path` as people should see it: relative to the current directory when it is under it.
pub fn display_path(path: &Path) -> String {
    if path.is_absolute() {
        if let Ok(cwd) = std::env::current_dir() {
            if let Ok(rel) = path.strip_prefix(&cwd) {
                return rel.display().to_string();
            }
        }
    }
    path.display().to_string()
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
                    anyhow!(
                        "{}: bad glob in key `files.{key}`: {}",
                        display_path(file),
                        lower_first(&e.to_string())
                    )
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

fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Reads and validates a config file; errors name the file, the line and the offending key.
pub fn read_settings(path: &Path) -> Result<Settings> {
    let shown = display_path(path);
    let text = std::fs::read_to_string(path)
        .map_err(|e| anyhow!("{shown}: cannot read config: {}", io_reason(&e)))?;
    parse_settings(&text, &shown).map_err(|e| anyhow!(e))
}

/// Parses and validates settings from TOML text; `origin` names the file in errors, which
/// read `origin:LINE:COLUMN: key `a.b`: what is wrong`.
pub fn parse_settings(text: &str, origin: &str) -> Result<Settings, String> {
    let settings: Settings = toml::from_str(text).map_err(|e| {
        let message = lower_first(e.message().trim_end());
        match e.span() {
            Some(span) => {
                let (line, col) = line_col(text, span.start);
                let key = key_at(text, span.start)
                    .map(|k| format!("key `{k}`: "))
                    .unwrap_or_default();
                format!("{origin}:{line}:{col}: {key}{message}")
            }
            None => format!("{origin}: {message}"),
        }
    })?;
    settings.validate().map_err(|e| format!("{origin}: {e}"))?;
    Ok(settings)
}

/// 1-based line and column (in characters) of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    (line, before[line_start..].chars().count() + 1)
}

/// The dotted key an error at `offset` of a TOML text is about: the table header above it
/// joined with the key on its line (or on the nearest line above that assigns one, for a value
/// that spans lines). Good for what `newslint.toml` holds: headers, plain and dotted keys.
fn key_at(text: &str, offset: usize) -> Option<String> {
    let lines: Vec<&str> = text.lines().collect();
    let (line, _) = line_col(text, offset);
    let strip = |l: &str| -> String {
        let l = l.trim();
        match l.find('#') {
            Some(i) if !l[..i].contains('"') && !l[..i].contains('\'') => l[..i].trim().to_string(),
            _ => l.to_string(),
        }
    };
    let header = |l: &str| -> Option<String> {
        let l = strip(l);
        let inner = l.strip_prefix("[[").and_then(|r| r.strip_suffix("]]"));
        let inner = inner.or_else(|| l.strip_prefix('[').and_then(|r| r.strip_suffix(']')))?;
        Some(
            inner
                .split('.')
                .map(|p| p.trim().trim_matches('"'))
                .collect::<Vec<_>>()
                .join("."),
        )
    };
    let at = line.checked_sub(1)?;
    let this = *lines.get(at)?;
    if let Some(h) = header(this) {
        return Some(h);
    }
    // The assignment this error belongs to.
    let mut key = None;
    let mut i = at;
    loop {
        let l = strip(lines[i]);
        if header(lines[i]).is_some() {
            break;
        }
        if let Some(eq) = l.find('=') {
            let k = l[..eq].trim();
            let is_key = !k.is_empty()
                && k.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ' | '"'));
            if is_key {
                key = Some(
                    k.split('.')
                        .map(|p| p.trim().trim_matches('"'))
                        .collect::<Vec<_>>()
                        .join("."),
                );
                break;
            }
        }
        if i == 0 {
            break;
        }
        i -= 1;
    }
    let key = key?;
    let table = lines[..=i].iter().rev().find_map(|l| header(l));
    Some(match table {
        Some(t) => format!("{t}.{key}"),
        None => key,
    })
}

/// The `newslint.toml` that governs files in `dir`: the nearest one found by walking up.
pub fn find_config(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(CONFIG_FILE))
        .find(|candidate| candidate.is_file())
}

/// Checks `--select` and `--ignore` names: each must be a rule, a family or `all`. The error
/// names the flag and suggests the closest name.
pub fn validate_selection(select: &[String], ignore: &[String]) -> Result<()> {
    for (flag, names) in [("--select", select), ("--ignore", ignore)] {
        for name in names {
            if name == "all" || registry::find(name).is_some() || Family::parse(name).is_some() {
                continue;
            }
            let hint = closest_name(name)
                .map(|r| format!(" (did you mean `{r}`?)"))
                .unwrap_or_default();
            return Err(anyhow!(
                "{flag}: unknown rule or family `{name}`{hint}; `newslint rule` lists the rules"
            ));
        }
    }
    Ok(())
}

/// The rule or family name closest to a misspelt `name`.
fn closest_name(name: &str) -> Option<&'static str> {
    if let Some(rule) = registry::closest(name) {
        return Some(rule);
    }
    Family::ALL
        .iter()
        .map(|f| f.as_str())
        .chain(["all"])
        .map(|f| (strsim::levenshtein(name, f), f))
        .filter(|(d, f)| *d <= 2.max(f.len() / 3))
        .min()
        .map(|(_, f)| f)
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
    /// A resolver applying `select`/`ignore` (checked here) to every config; `fixed` is
    /// `--config`, loaded here.
    pub fn new(fixed: Option<&Path>, select: Vec<String>, ignore: Vec<String>) -> Result<Self> {
        validate_selection(&select, &ignore)?;
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
                .filter(|p| !p.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from("."));
            let root = std::path::absolute(&root).unwrap_or(root);
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
        let shown = display_path(origin);
        let mut config = Config::new(settings).map_err(|e| anyhow!("{shown}: {e}"))?;
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
    /// walking up, else the defaults. A broken config is an error for every file under it.
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

/// One input named on the command line, expanded.
pub enum Input {
    File {
        path: PathBuf,
        display: String,
        walked: bool,
    },
    Stdin,
}

/// Expands the command-line paths into files: directories are walked (respecting .gitignore
/// and .ignore files, in a repository or not; hidden files skipped), keeping the story
/// extensions; files named directly are kept whatever their extension. A file named twice is
/// checked once. Errors (a missing path, an unreadable directory) are returned alongside.
pub fn expand(paths: &[PathBuf]) -> (Vec<Input>, Vec<String>) {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    let mut stdin = false;
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut push = |inputs: &mut Vec<Input>, path: PathBuf, walked: bool| {
        let key = std::path::absolute(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            inputs.push(Input::File {
                display: path.display().to_string(),
                path,
                walked,
            });
        }
    };
    for p in paths {
        if p.as_os_str() == "-" {
            if !stdin {
                inputs.push(Input::Stdin);
                stdin = true;
            }
            continue;
        }
        match std::fs::metadata(p) {
            Ok(meta) if meta.is_dir() => {
                let mut found = Vec::new();
                let walker = ignore::WalkBuilder::new(p).require_git(false).build();
                for entry in walker {
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
                        Err(e) => errors.push(walk_error(&e)),
                    }
                }
                found.sort();
                for path in found {
                    push(&mut inputs, path, true);
                }
            }
            Ok(_) => push(&mut inputs, p.clone(), false),
            Err(e) => errors.push(format!("{}: {}", p.display(), io_reason(&e))),
        }
    }
    (inputs, errors)
}

/// A directory-walking error as `PATH: reason`.
fn walk_error(e: &ignore::Error) -> String {
    let mut path = None;
    let mut inner = e;
    loop {
        match inner {
            ignore::Error::WithPath { path: p, err } => {
                path.get_or_insert_with(|| p.display().to_string());
                inner = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                inner = err
            }
            _ => break,
        }
    }
    let reason = match inner {
        ignore::Error::Io(io) => io_reason(io),
        other => lower_first(&other.to_string()),
    };
    match path {
        Some(p) => format!("{p}: {reason}"),
        None => reason,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn config_errors_name_the_key_and_the_line() {
        let err = parse_settings("[naming]\nhouse = []\nhouse-style = 1\n", "n.toml").unwrap_err();
        assert!(
            err.starts_with("n.toml:3:1: key `naming.house-style`: unknown field `house-style`"),
            "{err}"
        );
        let err = parse_settings("[rules.mixed-quote-style]\nseverity = \"loud\"\n", "n.toml")
            .unwrap_err();
        assert!(
            err.starts_with(
                "n.toml:2:12: key `rules.mixed-quote-style.severity`: unknown variant `loud`"
            ),
            "{err}"
        );
        let err =
            parse_settings("[naming]\nhouse = [\n  \"U.S.\",\n  3,\n]\n", "n.toml").unwrap_err();
        assert!(err.starts_with("n.toml:4:3: key `naming.house`: "), "{err}");
        let err = parse_settings("[nameing]\n", "n.toml").unwrap_err();
        assert!(
            err.starts_with("n.toml:1:2: key `nameing`: unknown field"),
            "{err}"
        );
    }

    #[test]
    fn io_reasons_are_lower_case_without_error_numbers() {
        let e = std::io::Error::from_raw_os_error(13);
        assert_eq!(io_reason(&e), "permission denied");
        let e = std::io::Error::other("Disk on fire");
        assert_eq!(io_reason(&e), "disk on fire");
    }

    #[test]
    fn selection_names_the_flag_and_suggests() {
        let err = validate_selection(&["mixed-quote-styl".into()], &[]).unwrap_err();
        assert!(err.to_string().contains("--select: unknown rule or family `mixed-quote-styl` (did you mean `mixed-quote-style`?)"), "{err}");
        let err = validate_selection(&[], &["sourcng".into()]).unwrap_err();
        assert!(
            err.to_string()
                .contains("--ignore: unknown rule or family `sourcng` (did you mean `sourcing`?)"),
            "{err}"
        );
        validate_selection(
            &["naming".into(), "all".into()],
            &["mixed-quote-style".into()],
        )
        .unwrap();
    }
}

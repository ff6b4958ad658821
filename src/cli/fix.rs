//! `--fix` and `--diff`: applying fixes until the story stops changing, keeping its line
//! endings, writing it back atomically, and showing changes as a unified diff.
//!
//! Fixes never lose text: each round goes through [`core::fix::apply`], which skips
//! overlapping or malformed edits; an edit that would split a CRLF pair is dropped; inserted
//! line breaks follow the file's own line ending; the byte order mark is kept; the file is
//! written to a temporary file in the same directory and renamed over the original (so a
//! crash leaves the old or the new story, never half of one), with its permissions; and a
//! file changed by someone else while it was being checked is left alone.

use crate::core::fix::{self, FixLevel};
use crate::core::{self, Config, Diagnostic, SourceKind};
use anyhow::{anyhow, Result};
use std::io::Write;
use std::path::Path;
use std::time::SystemTime;

/// Rounds of fixing before giving up on a story whose fixes keep changing it. Deleting page
/// furniture can take many rounds (a deleted line changes what its neighbours look like, and a
/// long tag list may go a line or two a round); fixes that undo each other are caught as soon
/// as the story comes back to an earlier state.
pub const MAX_ROUNDS: usize = 100;

/// A story after its fixes.
pub struct Fixed {
    pub text: String,
    /// How many diagnostics' fixes were applied, over all rounds.
    pub fixed: usize,
    /// What is left to report in the fixed text.
    pub diagnostics: Vec<Diagnostic>,
}

/// The line ending a text uses throughout, if it uses CRLF only.
fn uses_crlf(text: &str) -> bool {
    let crlf = text.matches("\r\n").count();
    crlf > 0 && crlf == text.matches('\n').count()
}

/// Adapts fixes to the text they will be applied to: inserted `\n` becomes `\r\n` in a CRLF
/// text, and a fix with an edit boundary between `\r` and `\n` is dropped.
fn adapt(text: &str, diagnostics: &[Diagnostic]) -> Vec<Diagnostic> {
    let crlf = uses_crlf(text);
    let bytes = text.as_bytes();
    let splits_crlf =
        |at: usize| at > 0 && at < bytes.len() && bytes[at - 1] == b'\r' && bytes[at] == b'\n';
    diagnostics
        .iter()
        .map(|d| {
            let mut d = d.clone();
            if let Some(f) = &mut d.fix {
                if f.edits
                    .iter()
                    .any(|e| splits_crlf(e.range.start) || splits_crlf(e.range.end))
                {
                    d.fix = None;
                } else if crlf {
                    for e in &mut f.edits {
                        if e.replacement.contains('\n') {
                            e.replacement =
                                e.replacement.replace("\r\n", "\n").replace('\n', "\r\n");
                        }
                    }
                }
            }
            d
        })
        .collect()
}

/// Applies the fixes `level` allows, re-checking after each round, until the text stops
/// changing. Errors if fixes undo each other (the text comes back to an earlier state) or it
/// still changes after [`MAX_ROUNDS`] rounds; nothing should be written then.
pub fn fix_until_stable(
    text: &str,
    kind: SourceKind,
    config: &Config,
    level: FixLevel,
    display: &str,
) -> Result<Fixed> {
    let mut current = text.to_string();
    let mut diagnostics = core::check(&current, kind, config);
    let mut fixed = 0;
    let mut seen = std::collections::HashSet::new();
    seen.insert(digest(&current));
    for round in 1..=MAX_ROUNDS {
        let applied = fix::apply(&current, &adapt(&current, &diagnostics), level);
        if applied.fixed == 0 || applied.text == current {
            return Ok(Fixed {
                text: current,
                fixed,
                diagnostics,
            });
        }
        if !seen.insert(digest(&applied.text)) {
            return Err(anyhow!(
                "{display}: fixes undo each other (round {round} brought the story back to an \
                 earlier state); the file was left unchanged (this is a bug in a rule: please \
                 report it with the file)"
            ));
        }
        fixed += applied.fixed;
        current = applied.text;
        diagnostics = core::check(&current, kind, config);
    }
    Err(anyhow!(
        "{display}: fixes did not settle after {MAX_ROUNDS} rounds; the file was left unchanged \
         (this is a bug in a rule: please report it with the file)"
    ))
}

/// A fingerprint of a text, to notice fixes that bring a story back to an earlier state.
fn digest(text: &str) -> (usize, u64) {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    (text.len(), h.finish())
}

/// What a file on disk looked like when it was read, to notice changes before writing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl Stamp {
    pub fn of(meta: &std::fs::Metadata) -> Stamp {
        Stamp {
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Writes `bytes` over `path` atomically: a temporary file in the same directory, with the
/// original's permissions (and owner, where allowed), flushed to disk, then renamed over it.
/// A symbolic link is followed, so the link stays a link. Refuses if the file changed since
/// `stamp` was taken.
pub fn write_atomic(path: &Path, display: &str, bytes: &[u8], stamp: &Stamp) -> Result<()> {
    let fail = |what: &str, e: std::io::Error| {
        anyhow!(
            "{display}: cannot write the fixed text ({what}: {}); the file was left unchanged",
            crate::cli::files::io_reason(&e)
        )
    };
    let target = std::fs::canonicalize(path).map_err(|e| fail("resolving the path", e))?;
    let meta = std::fs::metadata(&target).map_err(|e| fail("reading metadata", e))?;
    if Stamp::of(&meta) != *stamp {
        return Err(anyhow!(
            "{display}: changed on disk while it was being checked; not fixed"
        ));
    }
    let dir = target
        .parent()
        .ok_or_else(|| anyhow!("{display}: has no parent directory; not fixed"))?;
    let mut tmp = tempfile::Builder::new()
        .prefix(".newslint-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| fail("creating a temporary file", e))?;
    tmp.write_all(bytes)
        .map_err(|e| fail("writing a temporary file", e))?;
    tmp.as_file()
        .sync_all()
        .map_err(|e| fail("flushing a temporary file", e))?;
    std::fs::set_permissions(tmp.path(), meta.permissions())
        .map_err(|e| fail("copying permissions", e))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        // Keeping the owner needs privileges; without them the file keeps ours.
        let _ = std::os::unix::fs::chown(tmp.path(), Some(meta.uid()), Some(meta.gid()));
    }
    tmp.persist(&target)
        .map_err(|e| fail("renaming over the original", e.error))?;
    Ok(())
}

/// The file's bytes for `text`: the byte order mark first if the original had one.
pub fn file_bytes(text: &str, bom: bool) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(text.len() + 3);
    if bom {
        bytes.extend_from_slice(b"\xEF\xBB\xBF");
    }
    bytes.extend_from_slice(text.as_bytes());
    bytes
}

/// A unified diff of a story's fixes, `a/PATH` to `b/PATH` (as `patch -p1` reads them; an
/// absolute path loses its leading slash), three lines of context.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    let path = path.trim_start_matches("./").trim_start_matches('/');
    let diff = similar::TextDiff::from_lines(old, new);
    diff.unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crlf_is_detected_only_when_used_throughout() {
        assert!(uses_crlf("a\r\nb\r\n"));
        assert!(!uses_crlf("a\r\nb\n"));
        assert!(!uses_crlf("a\nb\n"));
    }

    fn diagnostic(range: std::ops::Range<usize>, replacement: &str) -> Diagnostic {
        Diagnostic {
            rule: crate::core::registry::RULES[0].meta,
            severity: crate::core::Severity::Warning,
            message: String::new(),
            range: range.clone(),
            fix: Some(crate::core::Fix::new(
                "fix",
                crate::core::Safety::Safe,
                vec![crate::core::Edit::replace(range, replacement)],
            )),
            related: Vec::new(),
        }
    }

    #[test]
    fn inserted_line_breaks_follow_crlf_and_crlf_pairs_are_never_split() {
        let text = "one\r\ntwo\r\n";
        let adapted = adapt(text, &[diagnostic(0..3, "uno\nun")]);
        assert_eq!(
            adapted[0].fix.as_ref().unwrap().edits[0].replacement,
            "uno\r\nun"
        );
        // An edit ending between CR and LF would leave a lone CR behind: dropped.
        let adapted = adapt(text, &[diagnostic(0..4, "x")]);
        assert!(adapted[0].fix.is_none());
        // In an LF text, replacements are kept as they are.
        let adapted = adapt("one\ntwo\n", &[diagnostic(0..3, "a\nb")]);
        assert_eq!(
            adapted[0].fix.as_ref().unwrap().edits[0].replacement,
            "a\nb"
        );
    }

    #[test]
    fn diff_has_headers_and_hunks() {
        let d = unified_diff("s.md", "one\ntwo\n", "one\n2\n");
        assert!(
            d.starts_with("--- a/s.md\n+++ b/s.md\n@@ -1,2 +1,2 @@\n"),
            "{d}"
        );
        assert!(d.contains("-two\n+2\n"), "{d}");
        let d = unified_diff("/abs/s.md", "a\n", "b\n");
        assert!(d.starts_with("--- a/abs/s.md\n+++ b/abs/s.md\n"), "{d}");
    }
}

//! `newslint check`: find stories, check (and fix) them in parallel, print, and pick the exit
//! code.
//!
//! Errors about one file (unreadable, not UTF-8, binary, too large, under a broken config)
//! are printed once on stderr and the other files are still checked; any error makes the exit
//! code 2. Output is sorted by path, offset and rule whatever order the files finish in.

use crate::cli::args::{CheckArgs, Format};
use crate::cli::files::{self, ConfigResolver, Input, Scope};
use crate::cli::fix::{self, Stamp};
use crate::cli::output::{self, Report};
use crate::cli::stats::{self, plural};
use crate::cli::{full, github, sarif};
use crate::core::attribution::{self, SourcingSummary};
use crate::core::fix::FixLevel;
use crate::core::house::StoryNames;
use crate::core::registry::RULES;
use crate::core::{self, RuleMeta, Safety, SourceKind};
use anyhow::{anyhow, Result};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a run ended with; the exit code follows from it.
pub struct Outcome {
    /// Errors printed (files not checked, bad config, failed writes).
    pub errors: usize,
    /// Diagnostics at or above `--fail-on` (with `--diff`: files that would change).
    pub failing: usize,
}

impl Outcome {
    pub fn exit_code(&self) -> u8 {
        if self.errors > 0 {
            2
        } else if self.failing > 0 {
            1
        } else {
            0
        }
    }
}

/// Whether each output stream gets colour.
#[derive(Debug, Clone, Copy, Default)]
pub struct Colors {
    pub stdout: bool,
    pub stderr: bool,
}

/// What a check collects besides diagnostics.
#[derive(Clone, Copy)]
struct Want {
    /// The sourcing summary (`--statistics`).
    summary: bool,
    /// The names, for the cross-story pass.
    names: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Check,
    Fix(FixLevel),
    Diff(FixLevel),
}

struct Job {
    input: Input,
    scope: Arc<Scope>,
}

/// One story's result.
struct Done {
    report: Report,
    /// The text before fixes, when fixing changed it.
    original: Option<String>,
    fixed: usize,
    stdin: bool,
    /// The story's settings, for the cross-story pass.
    config: Arc<core::Config>,
    /// The sourcing summary, with `--statistics`.
    sourcing: Option<SourcingSummary>,
    /// The story's names, for the cross-story pass (when several stories are checked).
    names: Option<Arc<StoryNames>>,
}

pub fn run(
    args: &CheckArgs,
    colors: Colors,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Outcome> {
    if args.statistics && matches!(args.format, Format::Sarif | Format::Github) {
        return Err(anyhow!(
            "--statistics prints a table or, with --format json, a JSON object; it cannot be \
             combined with --format {}",
            if args.format == Format::Sarif {
                "sarif"
            } else {
                "github"
            }
        ));
    }
    if args.unsafe_fixes && !args.fix && !args.diff {
        return Err(anyhow!("--unsafe-fixes needs --fix or --diff"));
    }
    let level = if args.unsafe_fixes {
        FixLevel::Unsafe
    } else {
        FixLevel::Safe
    };
    let mode = if args.fix {
        Mode::Fix(level)
    } else if args.diff {
        Mode::Diff(level)
    } else {
        Mode::Check
    };

    let mut errors: Vec<String> = Vec::new();
    let report_error = |err: &mut dyn Write, errors: &mut Vec<String>, msg: String| {
        let _ = writeln!(err, "error: {msg}");
        errors.push(msg);
    };

    // A bad --config or --select/--ignore stops the run before any file is read.
    let mut resolver = ConfigResolver::new(
        args.config.as_deref(),
        args.select.clone(),
        args.ignore.clone(),
    )?;
    resolver.default_scope()?;

    // `--stdin-filename` with no path reads standard input, as if `-` were given.
    let stdin_only = [PathBuf::from("-")];
    let paths = if args.paths.is_empty() && args.stdin_filename.is_some() {
        &stdin_only[..]
    } else {
        &args.paths[..]
    };
    let (inputs, walk_errors) = files::expand(paths);
    for e in walk_errors {
        report_error(err, &mut errors, e);
    }
    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_string());
    let mut jobs = Vec::new();
    let mut seen_config_errors = std::collections::HashSet::new();
    for input in inputs {
        let dir = match &input {
            Input::File { path, .. } => parent_dir(path),
            Input::Stdin => parent_dir(Path::new(&stdin_name)),
        };
        match resolver.scope_for_dir(&dir) {
            Ok(scope) => {
                if let Input::File {
                    path, walked: true, ..
                } = &input
                {
                    let abs = std::path::absolute(path).unwrap_or_else(|_| path.clone());
                    if !scope.wants(&abs) {
                        continue;
                    }
                }
                jobs.push(Job { input, scope });
            }
            Err(e) => {
                if seen_config_errors.insert(e.clone()) {
                    report_error(err, &mut errors, e);
                }
            }
        }
    }

    // Standard input is read once, here, before the parallel part.
    let stdin_bytes = if jobs.iter().any(|j| matches!(j.input, Input::Stdin)) {
        let mut bytes = Vec::new();
        match std::io::stdin().read_to_end(&mut bytes) {
            Ok(_) => Some(bytes),
            Err(e) => {
                report_error(
                    err,
                    &mut errors,
                    format!(
                        "{stdin_name}: cannot read standard input: {}",
                        files::io_reason(&e)
                    ),
                );
                None
            }
        }
    } else {
        None
    };

    if stdin_bytes.is_none() {
        jobs.retain(|j| !matches!(j.input, Input::Stdin));
    }

    // The rules this run has on somewhere (SARIF lists them).
    let mut scopes: Vec<Arc<Scope>> = jobs.iter().map(|j| j.scope.clone()).collect();
    if scopes.is_empty() {
        scopes.push(resolver.default_scope()?);
    }
    let enabled: Vec<&'static RuleMeta> = RULES
        .iter()
        .enumerate()
        .filter(|(i, _)| scopes.iter().any(|s| s.config.state(*i).enabled))
        .map(|(_, r)| r.meta)
        .collect();

    let want = Want {
        summary: args.statistics,
        names: jobs.len() > 1,
    };
    let results: Vec<Result<Done, String>> = jobs
        .into_par_iter()
        .map(|job| process(job, mode, want, &stdin_name, stdin_bytes.as_deref()))
        .collect();

    let mut done = Vec::new();
    for r in results {
        match r {
            Ok(d) => done.push(d),
            Err(e) => report_error(err, &mut errors, e),
        }
    }
    done.sort_by(|a, b| a.report.story.path.cmp(&b.report.story.path));

    // Cross-story naming (`house-style`): each story against the others checked with it, from
    // the names each check collected.
    if done.len() > 1 {
        let corpus = core::house::Corpus::new(
            done.iter()
                .filter_map(|d| d.names.clone().map(|n| (d.report.story.path.clone(), n)))
                .collect(),
        );
        for d in &mut done {
            let Some(names) = &d.names else { continue };
            let extra = corpus.check_story(names, Some(&d.report.story.path), &d.config);
            if !extra.is_empty() {
                d.report.diagnostics.extend(extra);
                d.report
                    .diagnostics
                    .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            }
        }
    }

    let fixed_total: usize = done.iter().map(|d| d.fixed).sum();
    let changed_files = done.iter().filter(|d| d.original.is_some()).count();

    if let Mode::Diff(_) = mode {
        for d in &done {
            if let Some(original) = &d.original {
                write!(
                    out,
                    "{}",
                    fix::unified_diff(&d.report.story.path, original, &d.report.story.text)
                )?;
            }
        }
        let _ = writeln!(
            err,
            "would fix {fixed_total} {} in {changed_files} {}",
            plural(fixed_total, "diagnostic", "diagnostics"),
            plural(changed_files, "file", "files")
        );
        return Ok(Outcome {
            errors: errors.len(),
            failing: changed_files,
        });
    }

    // With --fix on standard input, stdout carries the fixed story and the report goes to
    // stderr.
    let mut fixed_stdin = None;
    if let Mode::Fix(_) = mode {
        if let Some(d) = done.iter().find(|d| d.stdin) {
            fixed_stdin = Some(fix::file_bytes(&d.report.story.text, d.report.story.bom));
        }
    }
    let sourcing: Vec<(String, SourcingSummary)> = done
        .iter()
        .filter_map(|d| d.sourcing.map(|s| (d.report.story.path.clone(), s)))
        .collect();
    let reports: Vec<Report> = done.into_iter().map(|d| d.report).collect();
    let threshold = args.fail_on.severity();
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity >= threshold)
        .count();

    let summary = matches!(mode, Mode::Fix(_)).then(|| {
        format!(
            "fixed {fixed_total} {} in {changed_files} {}",
            plural(fixed_total, "diagnostic", "diagnostics"),
            plural(changed_files, "file", "files")
        )
    });
    match &fixed_stdin {
        Some(bytes) => {
            out.write_all(bytes)?;
            write_report(
                args,
                &reports,
                &sourcing,
                &errors,
                &enabled,
                colors.stderr,
                err,
            )?;
        }
        None => write_report(
            args,
            &reports,
            &sourcing,
            &errors,
            &enabled,
            colors.stdout,
            out,
        )?,
    }
    if let Some(summary) = summary {
        let _ = writeln!(err, "{summary}");
    }
    Ok(Outcome {
        errors: errors.len(),
        failing,
    })
}

fn write_report(
    args: &CheckArgs,
    reports: &[Report],
    sourcing: &[(String, SourcingSummary)],
    errors: &[String],
    enabled: &[&'static RuleMeta],
    color: bool,
    out: &mut dyn Write,
) -> Result<()> {
    let by_path = output::index(reports);
    let lookup = |path: &str| by_path.get(path).copied();
    if args.statistics {
        let s = stats::collect(reports, sourcing);
        match args.format {
            Format::Json => stats::write_json(out, &s)?,
            _ => stats::write_text(out, &s)?,
        }
        return Ok(());
    }
    match args.format {
        Format::Json => output::write_json(out, reports, &lookup)?,
        Format::Concise => output::write_concise(out, reports)?,
        Format::Full => {
            full::write(out, reports, &lookup, color)?;
            write_summary(out, reports, errors.len(), args)?;
        }
        Format::Sarif => sarif::write(out, reports, &lookup, errors, enabled)?,
        Format::Github => github::write(out, reports)?,
    }
    Ok(())
}

/// The closing line of the `full` format.
fn write_summary(
    out: &mut dyn Write,
    reports: &[Report],
    errors: usize,
    args: &CheckArgs,
) -> Result<()> {
    let files = reports.len();
    let all: Vec<_> = reports.iter().flat_map(|r| &r.diagnostics).collect();
    let not_checked = if errors > 0 {
        format!(
            "; not everything could be checked ({errors} {})",
            plural(errors, "error", "errors")
        )
    } else {
        String::new()
    };
    if all.is_empty() {
        writeln!(
            out,
            "checked {files} {}: no problems found{not_checked}",
            plural(files, "file", "files")
        )?;
        return Ok(());
    }
    let mut parts = Vec::new();
    for severity in core::Severity::ALL {
        let n = all.iter().filter(|d| d.severity == severity).count();
        if n > 0 {
            let name = severity.as_str();
            parts.push(format!("{n} {name}{}", if n == 1 { "" } else { "s" }));
        }
    }
    let with = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let mut line = format!(
        "found {} in {with} of {files} {}",
        parts.join(", "),
        plural(files, "file", "files")
    );
    let safe = all
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.safety == Safety::Safe))
        .count();
    let unsafe_ = all
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.safety == Safety::Unsafe))
        .count();
    if safe > 0 && !args.fix {
        line.push_str(&format!("; {safe} fixable with --fix"));
    }
    if unsafe_ > 0 && !(args.fix && args.unsafe_fixes) {
        line.push_str(&format!("; {unsafe_} more with --fix --unsafe-fixes"));
    }
    line.push_str(&not_checked);
    writeln!(out, "{line}")?;
    Ok(())
}

/// The directory a file's config is looked up from.
fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Reads, checks and (with --fix or --diff) fixes one story.
fn process(
    job: Job,
    mode: Mode,
    want: Want,
    stdin_name: &str,
    stdin_bytes: Option<&[u8]>,
) -> Result<Done, String> {
    let (story, stamp, path) = match &job.input {
        Input::File { path, display, .. } => {
            let meta = std::fs::metadata(path).ok();
            let story = files::read_story(path, display).map_err(|e| format!("{e:#}"))?;
            (story, meta.map(|m| Stamp::of(&m)), Some(path.clone()))
        }
        Input::Stdin => {
            let bytes = stdin_bytes.unwrap_or_default();
            let story = files::decode(
                bytes.to_vec(),
                stdin_name,
                SourceKind::from_path(stdin_name),
            )
            .map_err(|e| format!("{e:#}"))?;
            (story, None, None)
        }
    };
    let display = story.path.clone();
    let config = job.scope.config.clone();
    // The sourcing summary reuses the sections the check parsed.
    let mut cache = core::Cache::new();
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| match mode {
        Mode::Check => Ok((
            core::check_cached(&story.text, story.kind, &config, &mut cache),
            None,
            0,
        )),
        Mode::Fix(level) | Mode::Diff(level) => {
            fix::fix_until_stable(&story.text, story.kind, &config, level, &display)
                .map(|f| (f.diagnostics, Some(f.text), f.fixed))
        }
    }))
    .map_err(|_| {
        format!("{display}: internal error while checking this file (a bug: please report it with the file)")
    })?
    .map_err(|e| format!("{e:#}"))?;
    let (diagnostics, fixed_text, fixed) = checked;
    // What else is asked of the story reuses the sections the check parsed (after fixes, the
    // cache is empty and the fixed text is parsed again).
    let final_text = fixed_text.as_deref().unwrap_or(&story.text);
    let sourcing = (want.summary && config.family_enabled(core::Family::Sourcing))
        .then(|| attribution::summary_cached(final_text, story.kind, &cache, &config));
    let names = want
        .names
        .then(|| Arc::new(StoryNames::from_cache(final_text, story.kind, &cache)));
    let stdin = path.is_none();
    let mut story = story;
    let mut original = None;
    if let Some(text) = fixed_text {
        if text != story.text {
            if let (Mode::Fix(_), Some(path)) = (mode, &path) {
                let stamp = stamp
                    .as_ref()
                    .ok_or_else(|| format!("{display}: cannot read its metadata; not fixed"))?;
                fix::write_atomic(path, &display, &fix::file_bytes(&text, story.bom), stamp)
                    .map_err(|e| format!("{e:#}"))?;
            }
            original = Some(std::mem::replace(&mut story.text, text));
        }
    }
    Ok(Done {
        report: Report::new(story, diagnostics),
        original,
        fixed,
        stdin,
        config,
        sourcing,
        names,
    })
}

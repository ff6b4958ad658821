//! `newslint check`: find stories, check them in parallel, print, fix, and pick the exit code.

use crate::cli::args::{CheckArgs, FailOn, Format};
use crate::cli::files::{self, ConfigResolver, Input, Scope, Story};
use crate::cli::output::{self, Report};
use crate::core::{self, Severity, SourceKind};
use anyhow::Result;
use rayon::prelude::*;
use std::io::{Read, Write};
use std::sync::Arc;

/// What a run ended with.
pub struct Outcome {
    pub errors: usize,
    pub failing: usize,
}

struct Job {
    input: Input,
    scope: Arc<Scope>,
}

pub fn run(args: &CheckArgs, out: &mut dyn Write, err: &mut dyn Write) -> Result<Outcome> {
    let mut errors = 0usize;
    let mut report_error = |err: &mut dyn Write, msg: &str| {
        errors += 1;
        let _ = writeln!(err, "error: {msg}");
    };

    let mut resolver = match ConfigResolver::new(
        args.config.as_deref(),
        args.select.clone(),
        args.ignore.clone(),
    ) {
        Ok(r) => r,
        Err(e) => {
            report_error(err, &format!("{e:#}"));
            return Ok(Outcome { errors, failing: 0 });
        }
    };
    // Validate --select/--ignore once, even if no file is found.
    if let Err(e) = resolver.default_scope() {
        report_error(err, &format!("{e:#}"));
        return Ok(Outcome { errors, failing: 0 });
    }

    let (inputs, walk_errors) = files::expand(&args.paths);
    for e in walk_errors {
        report_error(err, &e);
    }
    let mut jobs = Vec::new();
    let mut seen_config_errors = std::collections::HashSet::new();
    for input in inputs {
        let dir = match &input {
            Input::File { path, .. } => path
                .parent()
                .map(|p| {
                    if p.as_os_str().is_empty() {
                        std::path::Path::new(".")
                    } else {
                        p
                    }
                })
                .unwrap_or(std::path::Path::new("."))
                .to_path_buf(),
            Input::Stdin => std::path::PathBuf::from("."),
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
                    report_error(err, &e);
                }
            }
        }
    }

    let stdin_name = args
        .stdin_filename
        .clone()
        .unwrap_or_else(|| "-".to_string());
    let results: Vec<Result<(Story, Arc<Scope>), String>> = jobs
        .into_par_iter()
        .map(|job| {
            let story = match &job.input {
                Input::File { path, display, .. } => files::read_story(path, display),
                Input::Stdin => {
                    let mut bytes = Vec::new();
                    std::io::stdin()
                        .read_to_end(&mut bytes)
                        .map_err(anyhow::Error::from)
                        .and_then(|_| {
                            files::decode(bytes, &stdin_name, SourceKind::from_path(&stdin_name))
                        })
                }
            };
            story
                .map(|s| (s, job.scope.clone()))
                .map_err(|e| format!("{e:#}"))
        })
        .collect();

    let mut stories = Vec::new();
    for r in results {
        match r {
            Ok(s) => stories.push(s),
            Err(e) => report_error(err, &e),
        }
    }

    // Cross-story naming (`house-style`): each story against the others checked with it.
    let cross = core::house::check_stories(
        &stories
            .iter()
            .map(|(s, scope)| (s.path.as_str(), s.text.as_str(), s.kind, &*scope.config))
            .collect::<Vec<_>>(),
    );

    let mut reports: Vec<Report> = stories
        .into_par_iter()
        .map(|(story, scope)| {
            let diagnostics = core::check(&story.text, story.kind, &scope.config);
            Report::new(story, diagnostics)
        })
        .collect();
    for (report, extra) in reports.iter_mut().zip(cross) {
        report.diagnostics.extend(extra);
        report
            .diagnostics
            .sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    }

    let threshold = match args.fail_on {
        FailOn::Error => Severity::Error,
        FailOn::Warning => Severity::Warning,
        FailOn::Info => Severity::Info,
        FailOn::Hint => Severity::Hint,
    };
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| d.severity >= threshold)
        .count();

    let lookup = |path: &str| reports.iter().find(|r| r.story.path == path);
    match args.format {
        Format::Json => output::write_json(out, &reports, &lookup)?,
        Format::Full => crate::cli::full::write(out, &reports, &lookup, args.color)?,
        Format::Concise | Format::Sarif | Format::Github => output::write_concise(out, &reports)?,
    }
    Ok(Outcome { errors, failing })
}

//! The `sarif` format: one SARIF 2.1.0 log with one run. `tool.driver.rules` describes every
//! rule the run had enabled (so a rule with no results is known to have found nothing), from
//! its documentation (the same page as `docs/rules/NAME.md`); each result points at
//! its rule by id and index and carries its region, its fix and its related locations.
//! Columns count Unicode code points, which the run states with `columnKind`. Files that could
//! not be checked are listed as notifications of the invocation. A test validates the output
//! against the published SARIF 2.1.0 schema (`tests/data/sarif-schema-2.1.0.json`).

use crate::cli::docs;
use crate::cli::output::{ordered, related_span, Lookup, Report};
use crate::core::rule::{RuleMeta, Status};
use crate::core::Severity;
use serde_json::{json, Map, Value};
use std::io::{self, Write};

pub const SCHEMA_URI: &str = "https://json.schemastore.org/sarif-2.1.0.json";

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// The absolute address of a rule's page in the repository, when the package names its
/// repository (SARIF requires `helpUri` to be absolute).
pub fn help_uri(repository: &str, rule: &str) -> Option<String> {
    let base = repository.trim().trim_end_matches('/');
    if base.is_empty() {
        return None;
    }
    Some(format!("{base}/blob/main/docs/rules/{rule}.md"))
}

/// A path as a URI reference: relative paths stay relative (with `/` separators and no
/// leading `./`), absolute ones become `file://` URIs; anything outside the URI path alphabet
/// is percent-encoded (UTF-8 bytes), `:` included so a relative path never reads as a scheme.
pub fn path_to_uri(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut p = path.as_str();
    while let Some(rest) = p.strip_prefix("./") {
        p = rest;
    }
    let mut out = String::with_capacity(p.len() + 8);
    if p.starts_with('/') {
        out.push_str("file://");
    }
    for b in p.bytes() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
                    | b'/'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn rule_descriptor(meta: &RuleMeta) -> Value {
    let mut full = String::new();
    for heading in ["What it flags", "Why it matters"] {
        if let Some(s) = meta.section(heading) {
            if !full.is_empty() {
                full.push_str("\n\n");
            }
            full.push_str(&s);
        }
    }
    let page = docs::render(meta);
    let mut rule = Map::new();
    rule.insert("id".into(), json!(meta.name));
    rule.insert("shortDescription".into(), json!({ "text": meta.summary() }));
    rule.insert("fullDescription".into(), json!({ "text": full }));
    rule.insert("help".into(), json!({ "text": page, "markdown": page }));
    if let Some(uri) = help_uri(env!("CARGO_PKG_REPOSITORY"), meta.name) {
        rule.insert("helpUri".into(), json!(uri));
    }
    rule.insert(
        "defaultConfiguration".into(),
        json!({
            "enabled": meta.status == Status::Stable,
            "level": level(meta.default_severity),
        }),
    );
    rule.insert(
        "properties".into(),
        json!({
            "family": meta.family.as_str(),
            "tags": [meta.family.as_str()],
        }),
    );
    Value::Object(rule)
}

fn region(start: (usize, usize), end: (usize, usize)) -> Value {
    json!({
        "startLine": start.0,
        "startColumn": start.1,
        "endLine": end.0,
        "endColumn": end.1,
    })
}

/// The SARIF log for `reports`, run with `rules` enabled; `errors` (files that could not be
/// checked) become notifications.
pub fn log(
    reports: &[Report],
    lookup: &Lookup,
    errors: &[String],
    rules: &[&'static RuleMeta],
) -> Value {
    let descriptors: Vec<Value> = rules.iter().map(|m| rule_descriptor(m)).collect();
    let mut results = Vec::new();
    for (r, d) in ordered(reports) {
        let uri = path_to_uri(&r.story.path);
        let mut result = Map::new();
        result.insert("ruleId".into(), json!(d.rule.name));
        if let Some(i) = rules.iter().position(|m| m.name == d.rule.name) {
            result.insert("ruleIndex".into(), json!(i));
        }
        result.insert("level".into(), json!(level(d.severity)));
        result.insert("message".into(), json!({ "text": d.message }));
        result.insert(
            "locations".into(),
            json!([{
                "physicalLocation": {
                    "artifactLocation": { "uri": uri },
                    "region": region(r.position(d.range.start), r.position(d.range.end)),
                }
            }]),
        );
        if let Some(fix) = &d.fix {
            let replacements: Vec<Value> = fix
                .edits
                .iter()
                .map(|e| {
                    json!({
                        "deletedRegion": region(r.position(e.range.start), r.position(e.range.end)),
                        "insertedContent": { "text": e.replacement },
                    })
                })
                .collect();
            if !replacements.is_empty() {
                result.insert(
                    "fixes".into(),
                    json!([{
                        "description": {
                            "text": format!("{} ({} fix)", fix.title, fix.safety.as_str())
                        },
                        "artifactChanges": [{
                            "artifactLocation": { "uri": uri },
                            "replacements": replacements,
                        }],
                    }]),
                );
            }
        }
        if !d.related.is_empty() {
            let related: Vec<Value> = d
                .related
                .iter()
                .enumerate()
                .map(|(i, rel)| {
                    let (path, start, end) = related_span(r, rel, lookup);
                    json!({
                        "id": i + 1,
                        "physicalLocation": {
                            "artifactLocation": { "uri": path_to_uri(&path) },
                            "region": region(start, end),
                        },
                        "message": { "text": rel.message },
                    })
                })
                .collect();
            result.insert("relatedLocations".into(), json!(related));
        }
        result.insert(
            "properties".into(),
            json!({ "family": d.rule.family.as_str(), "severity": d.severity.as_str() }),
        );
        results.push(Value::Object(result));
    }
    let notifications: Vec<Value> = errors
        .iter()
        .map(|e| json!({ "level": "error", "message": { "text": e } }))
        .collect();
    let mut driver = Map::new();
    driver.insert("name".into(), json!("newslint"));
    driver.insert("version".into(), json!(env!("CARGO_PKG_VERSION")));
    driver.insert("semanticVersion".into(), json!(env!("CARGO_PKG_VERSION")));
    let repository = env!("CARGO_PKG_REPOSITORY");
    if !repository.is_empty() {
        driver.insert("informationUri".into(), json!(repository));
    }
    driver.insert("rules".into(), json!(descriptors));
    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": Value::Object(driver) },
            "invocations": [{
                "executionSuccessful": errors.is_empty(),
                "toolExecutionNotifications": notifications,
            }],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

pub fn write(
    out: &mut dyn Write,
    reports: &[Report],
    lookup: &Lookup,
    errors: &[String],
    rules: &[&'static RuleMeta],
) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &log(reports, lookup, errors, rules))?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(path_to_uri("./stories/a b.md"), "stories/a%20b.md");
        assert_eq!(path_to_uri("/tmp/x/é.md"), "file:///tmp/x/%C3%A9.md");
        assert_eq!(path_to_uri("a:b.md"), "a%3Ab.md");
        assert_eq!(path_to_uri("100%.txt"), "100%25.txt");
        assert_eq!(path_to_uri("-"), "-");
    }

    #[test]
    fn help_uri_needs_a_repository() {
        assert_eq!(help_uri("", "x"), None);
        assert_eq!(
            help_uri("https://example.org/newslint/", "mixed-quote-style").as_deref(),
            Some("https://example.org/newslint/blob/main/docs/rules/mixed-quote-style.md")
        );
    }
}

//! `newslint rule`: list the rules, or print one rule's documentation; as text or JSON.
//!
//! JSON: the list is an array of `{name, family, severity, status, fix, summary}` in registry
//! order; one rule is the same object with `doc` (its Markdown page) added.

use crate::cli::args::RuleFormat;
use crate::core::registry::{self, RULES};
use crate::core::rule::{FixAvailability, RuleMeta, Status};
use anyhow::{anyhow, Result};
use serde::Serialize;
use std::io::Write;

#[derive(Serialize)]
struct JsonRule {
    name: &'static str,
    family: &'static str,
    severity: &'static str,
    status: &'static str,
    fix: &'static str,
    summary: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    doc: Option<String>,
}

fn json_rule(m: &RuleMeta, with_doc: bool) -> JsonRule {
    JsonRule {
        name: m.name,
        family: m.family.as_str(),
        severity: m.default_severity.as_str(),
        status: match m.status {
            Status::Stable => "stable",
            Status::Preview => "preview",
        },
        fix: match m.fix {
            FixAvailability::None => "none",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "always",
        },
        summary: m.summary(),
        doc: with_doc.then(|| crate::cli::docs::render(m)),
    }
}

pub fn run(name: Option<&str>, format: RuleFormat, out: &mut dyn Write) -> Result<()> {
    match name {
        None => {
            if format == RuleFormat::Json {
                let rules: Vec<JsonRule> = RULES.iter().map(|r| json_rule(r.meta, false)).collect();
                serde_json::to_writer_pretty(&mut *out, &rules)?;
                writeln!(out)?;
                return Ok(());
            }
            for rule in RULES {
                let m = rule.meta;
                let status = if m.status == Status::Preview {
                    " (preview)"
                } else {
                    ""
                };
                writeln!(
                    out,
                    "{:<28} {:<9} {:<8} {}{status}",
                    m.name,
                    m.family.as_str(),
                    m.default_severity.as_str(),
                    m.summary()
                )?;
            }
            Ok(())
        }
        Some(name) => {
            let rule = registry::find(name).ok_or_else(|| {
                let hint = registry::closest(name)
                    .map(|r| format!(" (did you mean `{r}`?)"))
                    .unwrap_or_default();
                anyhow!("unknown rule `{name}`{hint}; `newslint rule` lists the rules")
            })?;
            if format == RuleFormat::Json {
                serde_json::to_writer_pretty(&mut *out, &json_rule(rule.meta, true))?;
                writeln!(out)?;
            } else {
                write!(out, "{}", crate::cli::docs::render(rule.meta))?;
            }
            Ok(())
        }
    }
}

//! `newslint rule`: list the rules, or print one rule's documentation.

use crate::core::registry::{self, RULES};
use crate::core::rule::Status;
use anyhow::{anyhow, Result};
use std::io::Write;

pub fn run(name: Option<&str>, out: &mut dyn Write) -> Result<()> {
    match name {
        None => {
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
                anyhow!("unknown rule `{name}`{hint}")
            })?;
            write!(out, "{}", crate::cli::docs::render(rule.meta))?;
            Ok(())
        }
    }
}

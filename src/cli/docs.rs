//! A rule's documentation page, as printed by `newslint rule NAME` and written to
//! `docs/rules/NAME.md`.

use crate::core::rule::{FixAvailability, RuleMeta, Status};

pub fn render(meta: &RuleMeta) -> String {
    let status = match meta.status {
        Status::Stable => "stable",
        Status::Preview => "preview (off by default)",
    };
    let fix = match meta.fix {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    };
    format!(
        "# {}\n\nFamily: {} · Default severity: {} · Status: {} · Fix: {}\n\n{}",
        meta.name,
        meta.family.as_str(),
        meta.default_severity.as_str(),
        status,
        fix,
        meta.doc().trim_start()
    )
}

//! The rule list: sorted, unique, documented with every heading, and its generated docs in
//! `docs/rules/` up to date.

use newslint::core::registry::RULES;
use std::path::Path;

const HEADINGS: &[&str] = &[
    "## What it flags",
    "## Why it matters",
    "## Example",
    "## Better",
    "## Fix safety",
    "## Settings",
];

#[test]
fn rules_are_sorted_and_unique() {
    let names: Vec<&str> = RULES.iter().map(|r| r.meta.name).collect();
    let mut sorted = names.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(
        names, sorted,
        "registry.rs must list rules once each, alphabetically"
    );
}

#[test]
fn names_are_kebab_case() {
    for r in RULES {
        let n = r.meta.name;
        assert!(
            n.chars().all(|c| c.is_ascii_lowercase() || c == '-') && !n.starts_with('-'),
            "{n} is not kebab-case"
        );
    }
}

#[test]
fn every_rule_has_every_doc_heading_in_order() {
    for r in RULES {
        let doc = r.meta.doc();
        let mut at = 0;
        for h in HEADINGS {
            let found = doc[at..]
                .find(h)
                .unwrap_or_else(|| panic!("{}: missing or out of order: {h}", r.meta.name));
            at += found + h.len();
        }
        assert!(
            !r.meta.summary().is_empty(),
            "{}: empty summary",
            r.meta.name
        );
    }
}

#[test]
fn every_rule_has_flagged_and_clean_fixtures() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for r in RULES {
        let dir = root.join(r.meta.name);
        let files: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures folder {}", dir.display()))
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert!(
            files.iter().any(|f| f.starts_with("flagged")),
            "{}: no flagged fixture",
            r.meta.name
        );
        assert!(
            files.iter().any(|f| f.starts_with("clean")),
            "{}: no clean fixture",
            r.meta.name
        );
    }
}

/// Regenerates `docs/rules/<name>.md` and fails if a committed page was stale (so CI catches
/// docs that were not regenerated; a local run fixes them).
#[test]
fn generated_rule_docs_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules");
    std::fs::create_dir_all(&dir).unwrap();
    let mut stale = Vec::new();
    let mut expected_files = Vec::new();
    for r in RULES {
        let page = newslint::cli::docs::render(r.meta);
        let path = dir.join(format!("{}.md", r.meta.name));
        expected_files.push(format!("{}.md", r.meta.name));
        if std::fs::read_to_string(&path).ok().as_deref() != Some(page.as_str()) {
            std::fs::write(&path, &page).unwrap();
            stale.push(r.meta.name);
        }
    }
    let mut index = String::from("# Rules\n\nGenerated from the rule files by `cargo test`.\n\n| rule | family | default severity | what it flags |\n|---|---|---|---|\n");
    for r in RULES {
        let m = r.meta;
        index.push_str(&format!(
            "| [{0}]({0}.md) | {1} | {2} | {3} |\n",
            m.name,
            m.family.as_str(),
            m.default_severity.as_str(),
            m.summary().replace('|', "\\|")
        ));
    }
    let index_path = dir.join("README.md");
    if std::fs::read_to_string(&index_path).ok().as_deref() != Some(index.as_str()) {
        std::fs::write(&index_path, &index).unwrap();
        stale.push("README");
    }
    // Pages for rules that no longer exist.
    for e in std::fs::read_dir(&dir).unwrap() {
        let name = e.unwrap().file_name().to_string_lossy().to_string();
        if name != "README.md" && !expected_files.contains(&name) {
            std::fs::remove_file(dir.join(&name)).unwrap();
            stale.push("removed page");
        }
    }
    assert!(
        stale.is_empty(),
        "docs/rules was stale and has been regenerated: {stale:?}; commit it"
    );
}

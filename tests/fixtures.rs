//! Rule fixtures: `tests/fixtures/<rule>/flagged.*` must draw at least one diagnostic from the
//! rule, `clean.*` none. Every fixture is snapshotted in the `full` format (what users see)
//! with only its rule selected (and the folder's `newslint.toml`, if any), and its safe fixes
//! must converge and stay converged.

use newslint::cli::files::Story;
use newslint::cli::full;
use newslint::cli::output::Report;
use newslint::core::fix::{self, FixLevel};
use newslint::core::{self, Config, Settings, SourceKind};
use std::path::Path;

/// The rule's fixture settings: `tests/fixtures/<rule>/newslint.toml` if there is one.
fn settings_for(rule: &str) -> Settings {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule)
        .join("newslint.toml");
    match std::fs::read_to_string(&path) {
        Ok(text) => {
            Settings::from_toml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        }
        Err(_) => Settings::default(),
    }
}

fn config_for(rule: &str) -> Config {
    let mut config = Config::new(settings_for(rule)).expect("fixture settings");
    config
        .select(&[rule.to_string()], &[])
        .unwrap_or_else(|e| panic!("fixture folder `{rule}` is not a rule: {e}"));
    config
}

fn rule_of(path: &Path) -> String {
    path.parent()
        .and_then(|p| p.file_name())
        .and_then(|n| n.to_str())
        .expect("fixtures/<rule>/file")
        .to_string()
}

fn render(path: &Path, text: &str, diagnostics: Vec<core::Diagnostic>) -> String {
    let name = format!(
        "{}/{}",
        rule_of(path),
        path.file_name().unwrap().to_string_lossy()
    );
    let kind = SourceKind::from_path(&name);
    let report = Report::new(
        Story {
            path: name,
            text: text.to_string(),
            bom: false,
            kind,
        },
        diagnostics,
    );
    let lookup = |_: &str| None;
    report
        .diagnostics
        .iter()
        .map(|d| full::render(&report, d, &lookup, false))
        .collect::<Vec<_>>()
        .join("\n\n")
}

#[test]
fn rule_fixtures() {
    insta::glob!("fixtures/*/*.{md,txt}", |path| {
        let rule = rule_of(path);
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let kind = SourceKind::from_path(&path.to_string_lossy());
        let config = config_for(&rule);
        let diagnostics = core::check(&text, kind, &config);
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let count = diagnostics.iter().filter(|d| d.rule.name == rule).count();
        if stem.starts_with("flagged") {
            assert!(count > 0, "{}: rule {rule} flagged nothing", path.display());
        } else if stem.starts_with("clean") {
            assert_eq!(
                count,
                0,
                "{}: rule {rule} must stay silent on clean copy:\n{}",
                path.display(),
                render(path, &text, diagnostics.clone())
            );
        }
        insta::assert_snapshot!(render(path, &text, diagnostics));
    });
}

/// Applies fixes until nothing changes; fails if that takes more than ten rounds.
fn fix_until_stable(text: &str, kind: SourceKind, config: &Config, level: FixLevel) -> String {
    let mut current = text.to_string();
    for _ in 0..10 {
        let diagnostics = core::check(&current, kind, config);
        let applied = fix::apply(&current, &diagnostics, level);
        if applied.text == current {
            return current;
        }
        current = applied.text;
    }
    panic!("fixes did not converge in ten rounds");
}

#[test]
fn fixes_converge_and_are_idempotent() {
    insta::glob!("fixtures/*/*.{md,txt}", |path| {
        let text = std::fs::read_to_string(path).expect("fixture is UTF-8");
        let kind = SourceKind::from_path(&path.to_string_lossy());
        // With every rule on, so fixes of different rules meet each other.
        let mut config = Config::new(settings_for(&rule_of(path))).unwrap();
        config.select(&["all".to_string()], &[]).unwrap();
        for level in [FixLevel::Safe, FixLevel::Unsafe] {
            let fixed = fix_until_stable(&text, kind, &config, level);
            let again = fix::apply(&fixed, &core::check(&fixed, kind, &config), level);
            assert_eq!(
                again.text,
                fixed,
                "{}: a second fix pass changed the text",
                path.display()
            );
            assert_eq!(again.fixed, 0, "{}", path.display());
            // Fixes never remove a whole paragraph of body text by accident: whatever the
            // fixes deleted must be accounted for by diagnostics on the original.
            assert!(
                fixed.len() <= text.len() + 4096,
                "{}: fixes grew the text suspiciously",
                path.display()
            );
        }
    });
}

//! `newslint check` on several files at once runs the cross-story `house-style` pass: a story
//! whose form of a name differs from the form most of the other files use is flagged, with
//! related locations in those files.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn check_json(args: &[&str], paths: &[PathBuf]) -> Vec<Value> {
    let out = Command::new(env!("CARGO_BIN_EXE_newslint"))
        .arg("check")
        .args(["--format", "json"])
        .args(args)
        .args(paths)
        .output()
        .expect("newslint runs");
    let stdout = String::from_utf8(out.stdout).expect("UTF-8 output");
    let items: Value = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "JSON output ({e}): {stdout}\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    items.as_array().expect("an array").clone()
}

fn house(items: &[Value]) -> Vec<&Value> {
    items
        .iter()
        .filter(|d| d["rule"] == "house-style")
        .collect()
}

const AP_STORY: &str = "Port Reopens After Storm\n\nHALIFAX, Nova Scotia (AP) — The port reopened on Thursday, port officials said.\n\nU.S. and Canadian shipping lines had diverted about a dozen vessels. U.S. carriers said they would return next week.\n";
const GUARDIAN_STORY: &str = "Port reopens after storm\n\nThe port reopened on Thursday, officials said. US and Canadian shipping lines had diverted a dozen vessels, and US carriers said they would return next week.\n";

#[test]
fn a_story_that_differs_from_the_others_is_flagged() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for (name, text) in [
        ("a.txt", AP_STORY),
        ("b.txt", AP_STORY),
        ("c.txt", AP_STORY),
        ("d.txt", GUARDIAN_STORY),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).expect("writable");
        paths.push(p);
    }
    let items = check_json(&["--select", "house-style"], &paths);
    let flagged = house(&items);
    assert_eq!(flagged.len(), 1, "{items:#?}");
    let d = flagged[0];
    assert!(d["path"].as_str().unwrap().ends_with("d.txt"), "{d:#}");
    assert_eq!(
        d["message"],
        "this story writes “US”; 6 mentions in 3 other files write “U.S.”"
    );
    let related = d["related"].as_array().unwrap();
    assert_eq!(related.len(), 3);
    assert!(related
        .iter()
        .all(|r| r["path"].as_str().unwrap().ends_with(".txt") && r["line"] == 5));
    assert_eq!(d["fix"]["safety"], "unsafe");
    assert_eq!(d["fix"]["edits"].as_array().unwrap().len(), 2);

    // One story alone is never compared.
    let alone = check_json(&["--select", "house-style"], &paths[3..]);
    assert!(house(&alone).is_empty(), "{alone:#?}");
}

#[test]
fn a_configured_house_form_wins_over_the_majority() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(
        dir.path().join("newslint.toml"),
        "[naming]\nhouse = [\"US\"]\n",
    )
    .unwrap();
    let mut paths = Vec::new();
    for (name, text) in [
        ("a.txt", AP_STORY),
        ("b.txt", AP_STORY),
        ("d.txt", GUARDIAN_STORY),
    ] {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        paths.push(p);
    }
    let items = check_json(&["--select", "house-style"], &paths);
    let flagged = house(&items);
    // The single-story pass flags the two AP stories against the house form; the
    // cross-story pass stays out of a name with a house form.
    assert_eq!(flagged.len(), 2, "{items:#?}");
    for d in flagged {
        assert!(!d["path"].as_str().unwrap().ends_with("d.txt"));
        assert!(d["message"]
            .as_str()
            .unwrap()
            .contains("the house form is “US”"));
    }
}

/// The four seed stories (`../shared/seeds`, beside the repository) split between "US" and
/// "U.S.": checked together, each is flagged against the others, and the one that joins
/// "US-Iran" with a hyphen is flagged against the en dash of the others.
#[test]
fn the_seed_stories_split_between_us_and_u_s() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let seeds = [
        root.join("../shared/seeds"),
        root.join("../../shared/seeds"),
    ]
    .into_iter()
    .find(|p| p.is_dir())
    .expect("the seed stories in ../shared/seeds");
    let items = check_json(&["--select", "naming"], &[seeds]);
    let flagged = house(&items);
    let us: Vec<_> = flagged
        .iter()
        .filter(|d| {
            d["message"].as_str().unwrap().contains("“US”")
                || d["message"].as_str().unwrap().contains("“U.S.”")
        })
        .collect();
    assert_eq!(us.len(), 4, "{flagged:#?}");
    let dash: Vec<_> = flagged
        .iter()
        .filter(|d| d["message"].as_str().unwrap().contains("joins"))
        .collect();
    assert_eq!(dash.len(), 1, "{flagged:#?}");
    assert!(dash[0]["message"]
        .as_str()
        .unwrap()
        .contains("with a hyphen"));
    // The straight apostrophe among curly ones in the second seed.
    assert!(items
        .iter()
        .any(|d| d["rule"] == "mixed-quote-style" && d["path"].as_str().unwrap().contains("001_")));
    // No in-story naming false alarm: "Oman"/"Omani" and "Iran"/"Iranian" are different
    // words, the headline "US" matches the body, and so on.
    for rule in [
        "inconsistent-name",
        "mixed-dash-style",
        "acronym-undefined",
        "acronym-before-definition",
        "acronym-redefined",
    ] {
        assert!(
            !items.iter().any(|d| d["rule"] == rule),
            "{rule}: {items:#?}"
        );
    }
}

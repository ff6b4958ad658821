//! The sourcing family end to end: every anonymous and vague source in the seed stories is
//! flagged, clean wire-style copy stays silent, and the per-story sourcing summary.

use newslint::core::attribution::{self, SourcingSummary};
use newslint::core::{self, Cache, Config, Family, Severity, SourceKind};
use std::path::{Path, PathBuf};

/// `../shared/seeds` next to the repository (a worktree one level deeper looks one level up).
fn seeds_dir() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let near = root.join("../shared/seeds");
    if near.is_dir() {
        return near;
    }
    let far = root.join("../../shared/seeds");
    if far.is_dir() {
        far
    } else {
        near
    }
}

fn read_dir(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.to_string_lossy().to_string(),
                std::fs::read_to_string(&p).expect("UTF-8"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Phrases in the seed stories that the sourcing rules must flag: every anonymous source
/// without a reason, every vague source, and the agentless "it is understood that".
const MUST_FLAG: &[&str] = &[
    "Sources familiar with the discussions indicate",
    "officials speaking on background",
    "according to U.S. officials",
    "According to U.S. officials",
    "observers predict",
    "Analysts say",
    "Diplomatic observers caution",
    "it is understood that",
];

/// Phrases they should flag: agentless passives, speculation presented as fact, and a bare
/// plural source.
const SHOULD_FLAG: &[&str] = &[
    "widely understood",
    "would have likely",
    "likely played a central role",
    "is seen as critical",
    "diplomats describe",
];

#[test]
fn seeds_anonymous_and_vague_sources_are_flagged() {
    let dir = seeds_dir();
    assert!(
        dir.is_dir(),
        "the seed stories are missing: {}",
        dir.display()
    );
    let config = Config::default();
    let mut missing = Vec::new();
    let mut found = 0;
    for (path, text) in read_dir(&dir) {
        let diagnostics = core::check(&text, SourceKind::from_path(&path), &config);
        let sourcing: Vec<_> = diagnostics
            .iter()
            .filter(|d| d.rule.family == Family::Sourcing)
            .collect();
        for phrase in MUST_FLAG.iter().chain(SHOULD_FLAG) {
            for (at, _) in text.match_indices(phrase) {
                found += 1;
                let range = at..at + phrase.len();
                let hit = sourcing
                    .iter()
                    .any(|d| d.range.start < range.end && range.start < d.range.end);
                if !hit {
                    missing.push(format!("{path}: {phrase}"));
                }
            }
        }
    }
    // "according to U.S. officials" twice in one story, and each other phrase once.
    assert_eq!(found, MUST_FLAG.len() + SHOULD_FLAG.len());
    assert!(missing.is_empty(), "not flagged:\n{}", missing.join("\n"));
}

#[test]
fn clean_wire_copy_draws_no_sourcing_diagnostic() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean-wire");
    let config = Config::default();
    let files = read_dir(&dir);
    assert!(files.len() >= 5);
    for (path, text) in files {
        let diagnostics = core::check(&text, SourceKind::from_path(&path), &config);
        let sourcing: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.rule.family == Family::Sourcing)
            .map(|d| {
                format!(
                    "{} {:?}: {}",
                    d.rule.name,
                    &text[d.range.clone()],
                    d.message
                )
            })
            .collect();
        assert!(sourcing.is_empty(), "{path}:\n{}", sourcing.join("\n"));
    }
}

/// Clean copy must not draw a warning from any rule, of any family, with the default config:
/// only hints (a rule not yet measured to 0.9 precision) may speak.
#[test]
fn clean_wire_copy_draws_no_warning_from_any_rule() {
    let mut dirs = vec![Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean-wire")];
    dirs.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/naming_set/stories"));
    let config = Config::default();
    let mut checked = 0;
    for dir in dirs {
        for (path, text) in read_dir(&dir) {
            let text: String = text
                .lines()
                .filter(|l| !l.starts_with("% "))
                .map(|l| format!("{l}\n"))
                .collect();
            let loud: Vec<String> = core::check(&text, SourceKind::from_path(&path), &config)
                .iter()
                .filter(|d| d.severity > Severity::Hint)
                .map(|d| {
                    format!(
                        "{} {:?}: {}",
                        d.rule.name,
                        &text[d.range.clone()],
                        d.message
                    )
                })
                .collect();
            assert!(loud.is_empty(), "{path}:\n{}", loud.join("\n"));
            checked += 1;
        }
    }
    assert!(checked >= 50, "only {checked} clean stories");
}

#[test]
fn clean_wire_copy_is_mostly_named_sources() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/clean-wire");
    let config = Config::default();
    for (path, text) in read_dir(&dir) {
        let kind = SourceKind::from_path(&path);
        let article = core::Article::parse(&text, kind);
        let s = attribution::summary_of_article(&article, &config);
        assert!(s.named >= 4, "{path}: {s}");
        assert_eq!(s.anonymous_without_reason, 0, "{path}: {s}");
        assert_eq!(s.vague + s.agentless + s.unsourced, 0, "{path}: {s}");
    }
}

#[test]
fn summary_of_a_story_counts_each_source_class() {
    let text = "The talks resumed on Monday, Foreign Minister Ana Ruiz said.\n\n\
        Officials said the deal was close. The sides met twice.\n\n\
        A senior official said the text was ready; he spoke on condition of anonymity \
        because he was not authorized to discuss it.\n\n\
        Analysts say the deal could still fail. It is understood that the sides met again.\n\n\
        The envoy likely played a central role.\n";
    let config = Config::default();
    let mut cache = Cache::new();
    core::check_cached(text, SourceKind::Plain, &config, &mut cache);
    let s = attribution::summary_cached(text, SourceKind::Plain, &cache, &config);
    assert_eq!(
        s,
        SourcingSummary {
            named: 1,
            anonymous_with_reason: 1,
            anonymous_without_reason: 1,
            vague: 1,
            agentless: 1,
            unsourced: 1,
            unattributed_quotes: 0,
        }
    );
    assert_eq!(
        s.to_string(),
        "Sourcing: 1 named · 2 anonymous (1 without reason) · 2 vague · 1 unsourced"
    );
}

#[test]
fn summary_of_a_long_story_adds_up_its_sections() {
    // Longer than one section: the cached, sectioned summary equals the whole-article one.
    let paragraph = "The council met on Tuesday, the mayor said. Analysts say the vote will \
        be close. Officials said the budget was late.\n\n";
    let text = paragraph.repeat(200);
    let config = Config::default();
    let mut cache = Cache::new();
    core::check_cached(&text, SourceKind::Plain, &config, &mut cache);
    assert!(cache.len() > 1);
    let sectioned = attribution::summary_cached(&text, SourceKind::Plain, &cache, &config);
    let whole =
        attribution::summary_of_article(&core::Article::parse(&text, SourceKind::Plain), &config);
    assert_eq!(sectioned, whole);
    assert_eq!(sectioned.named, 200);
    assert_eq!(sectioned.vague, 200);
    assert_eq!(sectioned.anonymous_without_reason, 200);
    // Without a warm cache the sections are parsed on the spot.
    let cold = attribution::summary_cached(&text, SourceKind::Plain, &Cache::new(), &config);
    assert_eq!(cold, whole);
}

#[test]
fn settings_add_phrases_and_reasons() {
    let settings = newslint::core::Settings::from_toml(
        r#"
        [sourcing]
        anonymous = ["a person in the room"]
        vague = ["pundits reckon"]
        agentless = ["it is whispered"]
        reasons = ["because the talks are secret"]
        "#,
    )
    .expect("valid settings");
    let config = Config::new(settings).expect("valid config");
    let flagged = |text: &str| -> Vec<&'static str> {
        core::check(text, SourceKind::Plain, &config)
            .iter()
            .filter(|d| d.rule.family == Family::Sourcing)
            .map(|d| d.rule.name)
            .collect()
    };
    assert_eq!(
        flagged("The vote will slip, according to a person in the room."),
        vec!["anonymous-source"]
    );
    assert_eq!(
        flagged("Pundits reckon the vote will slip."),
        vec!["vague-attribution"]
    );
    assert_eq!(
        flagged("It is whispered that the vote will slip."),
        vec!["agentless-attribution"]
    );
    // A reason from settings: officials who say why they are unnamed are not flagged.
    assert!(
        flagged("Officials said the vote would slip, because the talks are secret.").is_empty()
    );
    assert_eq!(
        flagged("Officials said the vote would slip."),
        vec!["anonymous-source"]
    );
    // The summary counts them too.
    let article = core::Article::parse(
        "Pundits reckon the vote will slip. Officials said it would, because the talks are secret.",
        SourceKind::Plain,
    );
    let s = attribution::summary_of_article(&article, &config);
    assert_eq!((s.vague, s.anonymous_with_reason), (1, 1));
}

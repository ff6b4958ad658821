//! `newslint check` and `newslint rule` end to end: the real binary on folders made here.
//! Snapshots hold the exit code, stdout and stderr (temporary paths read `[TMP]`). Runs select
//! `mixed-quote-style` where output is snapshotted, so new rules do not change them.

use newslint::cli::files::Story;
use newslint::cli::output::{self, Report};
use newslint::cli::sarif;
use newslint::core::registry::RULES;
use newslint::core::{Diagnostic, Edit, Fix, Related, Safety, Severity, SourceKind};
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Curly marks in the majority, three straight ones to flag.
const FLAGGED_MD: &str = "# Council Passes Budget After Late Session

The city council approved a $48 million budget early Wednesday after a session that ran past midnight, the council’s clerk said.

“We did what we had to do,” council president Ana Ruiz told reporters. \"Nobody got everything they wanted.\"

The mayor’s office said it would sign the budget on Friday, and the finance director's staff began drafting new water rates.
";

/// `FLAGGED_MD` after its safe fixes.
const FIXED_MD: &str = "# Council Passes Budget After Late Session

The city council approved a $48 million budget early Wednesday after a session that ran past midnight, the council’s clerk said.

“We did what we had to do,” council president Ana Ruiz told reporters. “Nobody got everything they wanted.”

The mayor’s office said it would sign the budget on Friday, and the finance director’s staff began drafting new water rates.
";

/// Straight marks only: nothing to flag.
const CLEAN_TXT: &str = "Ferry Operator Posts Winter Timetable

The operator of the Port Ellis ferry published its winter timetable on Monday, adding a late sailing on Fridays.

\"We listened to commuters,\" said operations manager Tom Reyes.
";

const SELECT: [&str; 2] = ["--select", "mixed-quote-style"];

struct Sandbox {
    dir: tempfile::TempDir,
}

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
    root: PathBuf,
}

impl Out {
    fn normalise(&self, s: &str) -> String {
        let mut s = s.to_string();
        for root in [
            self.root.clone(),
            std::fs::canonicalize(&self.root).unwrap_or_else(|_| self.root.clone()),
        ] {
            s = s.replace(&root.display().to_string(), "[TMP]");
        }
        s
    }

    /// Exit code, stdout and stderr, with temporary paths replaced.
    fn snapshot(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code,
            self.normalise(&self.stdout),
            self.normalise(&self.stderr)
        )
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }
}

impl Sandbox {
    fn new() -> Sandbox {
        let dir = tempfile::Builder::new()
            .prefix("newslint-cli-")
            .tempdir()
            .expect("temporary directory");
        let sandbox = Sandbox { dir };
        // Keeps config discovery from wandering above the test folder.
        sandbox.write("newslint.toml", "# defaults\n");
        sandbox
    }

    fn root(&self) -> &Path {
        self.dir.path()
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.root().join(rel)
    }

    fn write(&self, rel: &str, content: impl AsRef<[u8]>) {
        let path = self.path(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, content).unwrap();
    }

    fn read(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap()
    }

    fn read_text(&self, rel: &str) -> String {
        String::from_utf8(self.read(rel)).unwrap()
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_newslint"));
        cmd.args(args)
            .current_dir(self.root())
            .env_remove("NO_COLOR")
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR");
        cmd
    }

    fn run_with(&self, mut cmd: Command, stdin: Option<&[u8]>) -> Out {
        cmd.stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("the newslint binary runs");
        if let Some(input) = stdin {
            let mut pipe = child.stdin.take().unwrap();
            pipe.write_all(input).unwrap();
        }
        let output = child.wait_with_output().unwrap();
        Out {
            code: output.status.code().expect("exited normally"),
            stdout: String::from_utf8(output.stdout).expect("UTF-8 stdout"),
            stderr: String::from_utf8(output.stderr).expect("UTF-8 stderr"),
            root: self.root().to_path_buf(),
        }
    }

    fn run(&self, args: &[&str]) -> Out {
        self.run_with(self.command(args), None)
    }

    fn run_stdin(&self, args: &[&str], input: &[u8]) -> Out {
        self.run_with(self.command(args), Some(input))
    }

    /// Every file under the sandbox with its bytes, for before/after comparisons.
    fn tree(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.root().to_path_buf()];
        while let Some(dir) = stack.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push((p.clone(), std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    }
}

/// A sandbox with one flagged Markdown story and one clean plain-text story.
fn two_stories() -> Sandbox {
    let sb = Sandbox::new();
    sb.write("stories/budget.md", FLAGGED_MD);
    sb.write("stories/ferry.txt", CLEAN_TXT);
    sb
}

fn check(sb: &Sandbox, extra: &[&str]) -> Out {
    let mut args = vec!["check"];
    args.extend(SELECT);
    args.extend(extra);
    sb.run(&args)
}

// ---------------------------------------------------------------------------------------
// Formats

#[test]
fn format_full() {
    let sb = two_stories();
    let out = check(&sb, &["stories"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("format_full", out.snapshot());
}

#[test]
fn format_concise() {
    let sb = two_stories();
    let out = check(&sb, &["--format", "concise", "stories"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("format_concise", out.snapshot());
}

#[test]
fn format_json() {
    let sb = two_stories();
    let out = check(&sb, &["--format", "json", "stories"]);
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("format_json", out.snapshot());
}

#[test]
fn format_github() {
    let sb = two_stories();
    // A comma and a colon in the path must be escaped in the `file` property.
    sb.write("stories/late, final: budget.md", FLAGGED_MD);
    let out = check(&sb, &["--format", "github", "stories"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout
            .contains("::warning file=stories/late%2C final%3A budget.md,line=5,"),
        "{}",
        out.stdout
    );
    insta::assert_snapshot!("format_github", out.snapshot());
}

/// The SARIF log with each rule's long documentation replaced, so the snapshot shows the
/// structure; the documentation itself is checked against `docs/rules/` separately.
fn sarif_for_snapshot(mut log: Value) -> String {
    for rule in log["runs"][0]["tool"]["driver"]["rules"]
        .as_array_mut()
        .unwrap()
    {
        rule["shortDescription"]["text"] = Value::from("[rule docs]");
        rule["fullDescription"]["text"] = Value::from("[rule docs]");
        rule["help"]["text"] = Value::from("[rule docs]");
        rule["help"]["markdown"] = Value::from("[rule docs]");
    }
    serde_json::to_string_pretty(&log).unwrap()
}

#[test]
fn format_sarif() {
    let sb = two_stories();
    let out = check(&sb, &["--format", "sarif", "stories"]);
    assert_eq!(out.code, 1);
    let log = out.json();
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert_eq!(rules.len(), 1, "only the selected rule ran");
    let rule = &rules[0];
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules/mixed-quote-style.md"),
    )
    .unwrap();
    assert_eq!(rule["id"], "mixed-quote-style");
    assert_eq!(rule["help"]["markdown"], page.as_str());
    let meta = newslint::core::registry::find("mixed-quote-style")
        .unwrap()
        .meta;
    assert_eq!(rule["shortDescription"]["text"], meta.summary().as_str());
    assert!(rule["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .contains(&meta.section("Why it matters").unwrap()));
    assert_eq!(log["runs"][0]["columnKind"], "unicodeCodePoints");
    insta::assert_snapshot!(
        "format_sarif",
        format!(
            "exit: {}\n--- stdout\n{}\n--- stderr\n{}",
            out.code,
            sarif_for_snapshot(log),
            out.stderr
        )
    );
}

#[test]
fn full_format_is_coloured_only_when_forced_and_never_with_no_color() {
    let sb = two_stories();
    let plain = check(&sb, &["stories"]);
    assert!(
        !plain.stdout.contains('\x1b'),
        "not a terminal: no colour expected"
    );

    let mut forced = sb.command(&["check", "--select", "mixed-quote-style", "stories"]);
    forced.env("CLICOLOR_FORCE", "1");
    let forced = sb.run_with(forced, None);
    assert!(
        forced.stdout.contains("\x1b["),
        "CLICOLOR_FORCE must colour:\n{}",
        forced.stdout
    );

    let mut no_color = sb.command(&["check", "--select", "mixed-quote-style", "stories"]);
    no_color.env("CLICOLOR_FORCE", "1").env("NO_COLOR", "1");
    let no_color = sb.run_with(no_color, None);
    assert!(
        !no_color.stdout.contains('\x1b'),
        "NO_COLOR wins:\n{}",
        no_color.stdout
    );
    assert_eq!(no_color.stdout, plain.stdout);
}

/// On a terminal (a pseudo-terminal made by `script`, from util-linux, which Debian always
/// has) the full format is coloured, unless `NO_COLOR` is set.
#[cfg(unix)]
#[test]
fn full_format_is_coloured_on_a_terminal_unless_no_color() {
    let sb = two_stories();
    let line = format!(
        "'{}' check --select mixed-quote-style stories/budget.md",
        env!("CARGO_BIN_EXE_newslint")
    );
    let on_tty = |no_color: bool| {
        let mut cmd = Command::new("script");
        cmd.args(["-qec", &line, "/dev/null"])
            .current_dir(sb.root())
            .env_remove("CLICOLOR_FORCE")
            .env_remove("CLICOLOR")
            .env("TERM", "xterm-256color")
            .stdin(Stdio::null());
        if no_color {
            cmd.env("NO_COLOR", "1");
        } else {
            cmd.env_remove("NO_COLOR");
        }
        let out = cmd.output().expect("`script` (util-linux) runs");
        String::from_utf8_lossy(&out.stdout).to_string()
    };
    let coloured = on_tty(false);
    assert!(
        coloured.contains("warning[mixed-quote-style]"),
        "{coloured}"
    );
    assert!(
        coloured.contains("\x1b["),
        "a terminal gets colour:\n{coloured}"
    );
    let plain = on_tty(true);
    assert!(plain.contains("warning[mixed-quote-style]"), "{plain}");
    assert!(
        !plain.contains('\x1b'),
        "NO_COLOR wins on a terminal:\n{plain}"
    );
}

// ---------------------------------------------------------------------------------------
// The JSON contract

const CONTRACT_KEYS: [&str; 13] = [
    "path",
    "rule",
    "family",
    "severity",
    "message",
    "line",
    "column",
    "end_line",
    "end_column",
    "byte_start",
    "byte_end",
    "fix",
    "related",
];

fn keys(v: &Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

#[test]
fn json_keys_and_their_order_are_exactly_the_contract() {
    let sb = two_stories();
    sb.write("stories/another.md", FLAGGED_MD);
    let out = check(&sb, &["--format", "json", "stories"]);
    let items = out.json();
    let items = items.as_array().expect("a JSON array");
    assert_eq!(items.len(), 6);
    for item in items {
        assert_eq!(keys(item), CONTRACT_KEYS);
        let fix = &item["fix"];
        assert_eq!(keys(fix), ["safety", "edits"]);
        assert!(["safe", "unsafe"].contains(&fix["safety"].as_str().unwrap()));
        for edit in fix["edits"].as_array().unwrap() {
            assert_eq!(keys(edit), ["byte_start", "byte_end", "replacement"]);
        }
        assert!(["sourcing", "naming", "chrome"].contains(&item["family"].as_str().unwrap()));
        assert!(["error", "warning", "info", "hint"].contains(&item["severity"].as_str().unwrap()));
        assert!(item["related"].as_array().unwrap().is_empty());
    }
    // Sorted by path, then byte_start, then rule.
    let order: Vec<(String, u64, String)> = items
        .iter()
        .map(|i| {
            (
                i["path"].as_str().unwrap().to_string(),
                i["byte_start"].as_u64().unwrap(),
                i["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let mut sorted = order.clone();
    sorted.sort();
    assert_eq!(order, sorted);
    assert_eq!(order[0].0, "stories/another.md");
}

#[test]
fn json_related_locations_have_the_contract_keys() {
    // No shipped rule reports related locations in another story yet, so build the report.
    let meta = RULES[0].meta;
    let story = |path: &str, text: &str| Story {
        path: path.to_string(),
        text: text.to_string(),
        bom: false,
        kind: SourceKind::Plain,
    };
    let diagnostic = Diagnostic {
        rule: meta,
        severity: Severity::Warning,
        message: "writes US".to_string(),
        range: 0..2,
        fix: Some(Fix::new(
            "Replace with U.S.",
            Safety::Unsafe,
            vec![Edit::replace(0..2, "U.S.")],
        )),
        related: vec![
            Related {
                document: None,
                range: 3..5,
                message: "here too".to_string(),
            },
            Related {
                document: Some("b.txt".to_string()),
                range: 5..9,
                message: "b writes U.S.".to_string(),
            },
        ],
    };
    let reports = vec![
        Report::new(story("a.txt", "US\nUS"), vec![diagnostic]),
        Report::new(story("b.txt", "x\né U.S."), vec![]),
    ];
    let by_path = output::index(&reports);
    let lookup = |p: &str| by_path.get(p).copied();
    let json = serde_json::to_value(output::json_diagnostics(&reports, &lookup)).unwrap();
    let item = &json[0];
    assert_eq!(keys(item), CONTRACT_KEYS);
    assert_eq!(item["fix"]["safety"], "unsafe");
    let related = item["related"].as_array().unwrap();
    for r in related {
        assert_eq!(keys(r), ["path", "line", "column", "message"]);
    }
    assert_eq!(related[0]["path"], "a.txt");
    assert_eq!(
        (&related[0]["line"], &related[0]["column"]),
        (&2.into(), &1.into())
    );
    assert_eq!(related[1]["path"], "b.txt");
    // "é" is two bytes but one column.
    assert_eq!(
        (&related[1]["line"], &related[1]["column"]),
        (&2.into(), &3.into())
    );

    // The same report as SARIF, related locations and an unsafe fix included, is valid.
    let log = sarif::log(&reports, &lookup, &[], &[meta]);
    assert_valid_sarif(&log);
    let rel = &log["runs"][0]["results"][0]["relatedLocations"];
    assert_eq!(
        rel[1]["physicalLocation"]["artifactLocation"]["uri"],
        "b.txt"
    );
    assert_eq!(rel[1]["physicalLocation"]["region"]["startColumn"], 3);
}

#[test]
fn json_positions_count_scalar_values_and_bytes_on_disk_include_the_bom() {
    let sb = Sandbox::new();
    let line1 = "Café 😀 owner José Núñez said the mayor’s plan was “fair,” and it's late.";
    let text = format!("\u{feff}{line1}\r\nSecond line with the council’s reply.\r\n");
    sb.write("bom.txt", &text);
    let out = check(&sb, &["--format", "json", "bom.txt"]);
    let items = out.json();
    assert_eq!(items.as_array().unwrap().len(), 1, "{}", out.stdout);
    let d = &items[0];
    let at = line1.find("it's").unwrap() + 2; // the apostrophe, in bytes, without the BOM
    let column = line1[..at].chars().count() + 1;
    assert_eq!(d["line"], 1);
    assert_eq!(d["column"], column as u64);
    assert_eq!(d["end_line"], 1);
    assert_eq!(d["end_column"], column as u64 + 1, "end is exclusive");
    assert_eq!(d["byte_start"], (at + 3) as u64, "the BOM counts on disk");
    assert_eq!(d["byte_end"], (at + 4) as u64);
    let edit = &d["fix"]["edits"][0];
    assert_eq!(edit["byte_start"], (at + 3) as u64);
    // The offsets address the file's bytes.
    let bytes = sb.read("bom.txt");
    assert_eq!(&bytes[at + 3..at + 4], b"'");
}

proptest::proptest! {
    /// Every reporter copes with any span on any text: multi-byte characters, CRLF, lone CR,
    /// empty spans, spans at the very end, spans across lines.
    #[test]
    fn reporters_never_panic(
        text in "(\\PC|\r\n|\r|\n|😀|é){0,80}",
        a in 0usize..100,
        b in 0usize..100,
    ) {
        let boundaries: Vec<usize> = text
            .char_indices()
            .map(|(i, _)| i)
            .chain([text.len()])
            .collect();
        let start = boundaries[a % boundaries.len()];
        let end = boundaries[b % boundaries.len()].max(start);
        let meta = RULES[0].meta;
        let diagnostic = Diagnostic {
            rule: meta,
            severity: Severity::Hint,
            message: "a message, with: 100% \r\n odd characters".to_string(),
            range: start..end,
            fix: Some(Fix::new("Fix it", Safety::Safe, vec![Edit::replace(start..end, "x\n")])),
            related: vec![Related { document: None, range: start..end, message: "here".into() }],
        };
        let reports = vec![Report::new(
            Story { path: "s.md".into(), text: text.clone(), bom: true, kind: SourceKind::Markdown },
            vec![diagnostic],
        )];
        let by_path = output::index(&reports);
        let lookup = |p: &str| by_path.get(p).copied();
        for color in [false, true] {
            let rendered = newslint::cli::full::render(&reports[0], &reports[0].diagnostics[0], &lookup, color);
            proptest::prop_assert!(rendered.contains("s.md"));
        }
        let json = serde_json::to_value(output::json_diagnostics(&reports, &lookup)).unwrap();
        proptest::prop_assert!(json[0]["line"].as_u64().unwrap() >= 1);
        proptest::prop_assert!(json[0]["byte_start"].as_u64().unwrap() == start as u64 + 3);
        let mut github = Vec::new();
        newslint::cli::github::write(&mut github, &reports).unwrap();
        proptest::prop_assert_eq!(String::from_utf8(github).unwrap().lines().count(), 1);
        let log = sarif::log(&reports, &lookup, &[], &[meta]);
        proptest::prop_assert!(log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"].as_u64().unwrap() >= 1);
    }
}

// ---------------------------------------------------------------------------------------
// SARIF against the published schema

fn assert_valid_sarif(log: &Value) {
    let schema: Value =
        serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).expect("schema");
    let validator = jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output breaks the schema:\n{}",
        errors.join("\n")
    );
}

#[test]
fn sarif_output_is_valid_against_the_published_schema() {
    let sb = two_stories();
    sb.write("stories/odd name, ünïcode.md", FLAGGED_MD);
    sb.write("stories/broken.md", b"caf\xe9\n");
    // Every rule on, a missing path and a bad file: results, fixes and notifications.
    let out = sb.run(&[
        "check",
        "--select",
        "all",
        "--format",
        "sarif",
        "stories",
        "missing.md",
    ]);
    assert_eq!(out.code, 2);
    let log = out.json();
    assert_valid_sarif(&log);
    let run = &log["runs"][0];
    assert!(!run["results"].as_array().unwrap().is_empty());
    assert!(run["results"][0]["fixes"].is_array());
    assert_eq!(run["invocations"][0]["executionSuccessful"], false);
    assert_eq!(
        run["invocations"][0]["toolExecutionNotifications"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
    let uris: Vec<&str> = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(
        uris.contains(&"stories/odd%20name,%20%C3%BCn%C3%AFcode.md"),
        "{uris:?}"
    );

    // The validator does reject a broken log, so the check above means something.
    let mut broken = log.clone();
    broken["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        Value::from(0);
    let schema: Value = serde_json::from_str(include_str!("data/sarif-schema-2.1.0.json")).unwrap();
    let validator = jsonschema::draft4::new(&schema).unwrap();
    assert!(!validator.is_valid(&broken));
}

// ---------------------------------------------------------------------------------------
// Config errors

#[test]
fn config_error_unknown_key() {
    let sb = two_stories();
    sb.write(
        "stories/newslint.toml",
        "[naming]\nhouse = [\"U.S.\"]\nhouse-style = \"AP\"\n",
    );
    let out = check(&sb, &["stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("config_error_unknown_key", out.snapshot());
}

#[test]
fn config_error_bad_severity() {
    let sb = two_stories();
    sb.write(
        "stories/newslint.toml",
        "[rules.mixed-quote-style]\nseverity = \"loud\"\n",
    );
    let out = check(&sb, &["stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("config_error_bad_severity", out.snapshot());
}

#[test]
fn config_error_unknown_rule() {
    let sb = two_stories();
    sb.write(
        "stories/newslint.toml",
        "[rules.mixed-quote-styl]\nenabled = false\n",
    );
    let out = check(&sb, &["stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("config_error_unknown_rule", out.snapshot());
}

#[test]
fn a_bad_config_stops_only_the_files_under_it() {
    let sb = two_stories();
    sb.write("desk-b/newslint.toml", "[naming]\nhouse = 3\n");
    sb.write("desk-b/story.md", FLAGGED_MD);
    sb.write("desk-b/sub/story.md", FLAGGED_MD);
    let out = check(&sb, &["--format", "concise", "stories", "desk-b"]);
    assert_eq!(out.code, 2);
    // The error once, though two files sit under the config; the other desk still checked.
    assert_eq!(out.stderr.matches("error:").count(), 1, "{}", out.stderr);
    assert!(
        out.stdout.contains("stories/budget.md:5:"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("desk-b"), "{}", out.stdout);
    insta::assert_snapshot!("config_error_scoped", out.snapshot());
}

#[test]
fn missing_config_flag_file() {
    let sb = two_stories();
    let out = check(&sb, &["--config", "nowhere.toml", "stories"]);
    assert_eq!(out.code, 2);
    assert_eq!(out.stdout, "");
    insta::assert_snapshot!("config_flag_missing", out.snapshot());
}

#[test]
fn config_flag_overrides_discovery() {
    let sb = two_stories();
    sb.write("quiet.toml", "[rules.mixed-quote-style]\nenabled = false\n");
    sb.write("stories/newslint.toml", "[naming]\nhouse = 3\n");
    // `--select` would turn the rule back on; without it the config's `enabled = false` holds.
    let out = sb.run(&["check", "--config", "quiet.toml", "stories"]);
    assert_eq!(out.code, 0, "{}", out.snapshot());
}

// ---------------------------------------------------------------------------------------
// Files that are not stories

#[test]
fn invalid_utf8_binary_and_missing_files_are_reported_and_the_rest_checked() {
    let sb = two_stories();
    sb.write("stories/latin1.txt", b"The caf\xe9 reopened on Monday.\n");
    sb.write("stories/photo.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR");
    sb.write("stories/utf16.txt", b"\xff\xfeH\x00i\x00");
    let out = check(
        &sb,
        &["--format", "concise", "stories", "missing.md", "gone/"],
    );
    assert_eq!(out.code, 2);
    assert!(out.stdout.contains("stories/budget.md:5:"));
    insta::assert_snapshot!("not_stories", out.snapshot());
}

#[test]
fn a_file_over_the_size_limit_is_refused_without_reading_it() {
    let sb = two_stories();
    let big = std::fs::File::create(sb.path("stories/huge.md")).unwrap();
    // Sparse: no disk space is used.
    big.set_len(newslint::cli::files::MAX_FILE_BYTES + 1)
        .unwrap();
    let out = check(&sb, &["--format", "concise", "stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("too_large", out.snapshot());
}

// ---------------------------------------------------------------------------------------
// Standard input

#[test]
fn stdin_with_a_file_name() {
    let sb = Sandbox::new();
    let out = sb.run_stdin(
        &[
            "check",
            "--select",
            "mixed-quote-style",
            "--format",
            "concise",
            "--stdin-filename",
            "desk/budget.md",
            "-",
        ],
        FLAGGED_MD.as_bytes(),
    );
    assert_eq!(out.code, 1);
    insta::assert_snapshot!("stdin_named", out.snapshot());
}

#[test]
fn stdin_filename_alone_reads_stdin() {
    let sb = Sandbox::new();
    let out = sb.run_stdin(
        &[
            "check",
            "--select",
            "mixed-quote-style",
            "--format",
            "concise",
            "--stdin-filename",
            "a.md",
        ],
        FLAGGED_MD.as_bytes(),
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("a.md:5:72:"), "{}", out.stdout);
}

#[test]
fn stdin_without_a_name_is_plain_text_called_dash() {
    let sb = Sandbox::new();
    let out = sb.run_stdin(
        &[
            "check",
            "--select",
            "mixed-quote-style",
            "--format",
            "concise",
            "-",
        ],
        FLAGGED_MD.as_bytes(),
    );
    assert_eq!(out.code, 1);
    assert!(out.stdout.starts_with("-:5:"), "{}", out.stdout);
}

#[test]
fn stdin_config_is_found_from_the_stdin_filename() {
    let sb = Sandbox::new();
    sb.write(
        "desk/newslint.toml",
        "[rules.mixed-quote-style]\nseverity = \"hint\"\n",
    );
    let out = sb.run_stdin(
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "desk/story.md",
            "-",
        ],
        FLAGGED_MD.as_bytes(),
    );
    assert_eq!(
        out.code,
        0,
        "hints do not fail the run:\n{}",
        out.snapshot()
    );
    assert!(
        out.stdout.contains(": hint [mixed-quote-style]"),
        "{}",
        out.stdout
    );
}

#[test]
fn stdin_invalid_utf8_is_an_error() {
    let sb = Sandbox::new();
    let out = sb.run_stdin(&["check", "-"], b"caf\xe9\n");
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("stdin_invalid_utf8", out.snapshot());
}

// ---------------------------------------------------------------------------------------
// --diff and --fix

#[test]
fn diff_prints_the_fixes_and_writes_nothing() {
    let sb = two_stories();
    let before = sb.tree();
    let out = check(&sb, &["--diff", "stories"]);
    assert_eq!(out.code, 1, "changes to make: exit 1");
    assert_eq!(sb.tree(), before, "--diff writes nothing");
    insta::assert_snapshot!("diff", out.snapshot());

    let clean = check(&sb, &["--diff", "stories/ferry.txt"]);
    assert_eq!(clean.code, 0);
    assert_eq!(clean.stdout, "");
}

#[test]
fn fix_rewrites_the_file_and_a_second_run_changes_nothing() {
    let sb = two_stories();
    let out = check(&sb, &["--fix", "stories"]);
    assert_eq!(out.code, 0, "everything was fixable");
    insta::assert_snapshot!("fix", out.snapshot());
    assert_eq!(sb.read_text("stories/budget.md"), FIXED_MD);
    assert_eq!(sb.read_text("stories/ferry.txt"), CLEAN_TXT);

    let before = sb.tree();
    let again = check(&sb, &["--fix", "stories"]);
    assert_eq!(again.code, 0);
    assert_eq!(again.stderr, "fixed 0 diagnostics in 0 files\n");
    assert_eq!(sb.tree(), before);
}

#[test]
fn fix_keeps_crlf_bom_and_permissions() {
    let sb = Sandbox::new();
    let crlf = FLAGGED_MD.replace('\n', "\r\n");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice(crlf.as_bytes());
    sb.write("story.md", &bytes);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(sb.path("story.md"), std::fs::Permissions::from_mode(0o640))
            .unwrap();
    }
    let out = check(&sb, &["--fix", "story.md"]);
    assert_eq!(out.code, 0, "{}", out.snapshot());
    let mut expected = b"\xEF\xBB\xBF".to_vec();
    expected.extend_from_slice(FIXED_MD.replace('\n', "\r\n").as_bytes());
    assert_eq!(sb.read("story.md"), expected);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(sb.path("story.md"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o640);
    }
    // No temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(sb.root())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    assert!(
        names.iter().all(|n| !n.starts_with(".newslint-")),
        "{names:?}"
    );
}

#[cfg(unix)]
#[test]
fn fix_through_a_symlink_keeps_the_link() {
    let sb = Sandbox::new();
    sb.write("real/story.md", FLAGGED_MD);
    std::os::unix::fs::symlink(sb.path("real/story.md"), sb.path("link.md")).unwrap();
    let out = check(&sb, &["--fix", "link.md"]);
    assert_eq!(out.code, 0, "{}", out.snapshot());
    assert!(std::fs::symlink_metadata(sb.path("link.md"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(sb.read_text("real/story.md"), FIXED_MD);
}

#[test]
fn fix_on_stdin_prints_the_fixed_story() {
    let sb = Sandbox::new();
    let out = sb.run_stdin(
        &[
            "check",
            "--select",
            "mixed-quote-style",
            "--fix",
            "--stdin-filename",
            "budget.md",
            "-",
        ],
        FLAGGED_MD.as_bytes(),
    );
    assert_eq!(out.code, 0);
    assert_eq!(out.stdout, FIXED_MD);
    insta::assert_snapshot!("fix_stdin", out.snapshot());
}

#[test]
fn unsafe_fixes_need_fix_or_diff() {
    let sb = two_stories();
    let out = check(&sb, &["--unsafe-fixes", "stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("unsafe_fixes_alone", out.snapshot());
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let p = e.unwrap().path();
        let dest = to.join(p.file_name().unwrap());
        if p.is_dir() {
            copy_tree(&p, &dest);
        } else {
            std::fs::copy(&p, &dest).unwrap();
        }
    }
}

#[test]
fn a_second_fix_changes_nothing_on_every_fixture_and_example() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for unsafe_fixes in [false, true] {
        let sb = Sandbox::new();
        copy_tree(&root.join("tests/fixtures"), &sb.path("fixtures"));
        copy_tree(&root.join("examples"), &sb.path("examples"));
        let mut args = vec!["check", "--select", "all", "--format", "concise", "--fix"];
        if unsafe_fixes {
            args.push("--unsafe-fixes");
        }
        args.extend(["fixtures", "examples"]);
        let first = sb.run(&args);
        assert!(first.code < 2, "{}", first.snapshot());
        let after_first = sb.tree();
        let second = sb.run(&args);
        assert!(second.code < 2, "{}", second.snapshot());
        assert!(
            second.stderr.contains("fixed 0 diagnostics in 0 files"),
            "a second --fix changed something:\n{}",
            second.snapshot()
        );
        assert_eq!(sb.tree(), after_first, "a second --fix changed files");
        assert_eq!(first.stdout, second.stdout, "the same diagnostics remain");
        let mut diff = args.clone();
        diff.retain(|a| *a != "--fix");
        diff.insert(1, "--diff");
        let diff = sb.run(&diff);
        assert_eq!(diff.code, 0, "--diff after --fix:\n{}", diff.snapshot());
    }
}

// ---------------------------------------------------------------------------------------
// Selection, thresholds, statistics

#[test]
fn select_and_ignore_take_rules_and_families() {
    let sb = two_stories();
    let by_family = sb.run(&[
        "check", "--select", "naming", "--format", "concise", "stories",
    ]);
    assert!(by_family.stdout.contains("[mixed-quote-style]"));
    let ignored = sb.run(&[
        "check",
        "--select",
        "mixed-quote-style",
        "--ignore",
        "mixed-quote-style",
        "stories",
    ]);
    assert_eq!(ignored.code, 0);
    let ignored_family = check(
        &sb,
        &["--ignore", "naming", "--format", "concise", "stories"],
    );
    assert_eq!(ignored_family.code, 0);
    assert_eq!(ignored_family.stdout, "");
    let comma = sb.run(&[
        "check",
        "--select",
        "sourcing,mixed-quote-style",
        "--format",
        "concise",
        "stories",
    ]);
    assert!(comma.stdout.contains("[mixed-quote-style]"));
}

#[test]
fn unknown_select_name_suggests_one() {
    let sb = two_stories();
    let out = sb.run(&["check", "--select", "mixed-quote-styl", "stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("select_unknown", out.snapshot());
    let out = sb.run(&["check", "--ignore", "chrom", "stories"]);
    assert_eq!(out.code, 2);
    insta::assert_snapshot!("ignore_unknown", out.snapshot());
}

#[test]
fn fail_on_sets_the_threshold() {
    let sb = two_stories();
    sb.write(
        "stories/newslint.toml",
        "[rules.mixed-quote-style]\nseverity = \"info\"\n",
    );
    let code = |level: &str| {
        let out = check(&sb, &["--fail-on", level, "--format", "concise", "stories"]);
        assert!(
            out.stdout.contains(": info [mixed-quote-style]"),
            "{}",
            out.stdout
        );
        out.code
    };
    assert_eq!(code("error"), 0);
    assert_eq!(code("warning"), 0, "the default threshold");
    assert_eq!(code("info"), 1);
    assert_eq!(code("hint"), 1);
    assert_eq!(check(&sb, &["stories"]).code, 0, "default is warning");
}

#[test]
fn statistics_as_text_and_json() {
    let sb = two_stories();
    sb.write("stories/another.md", FLAGGED_MD);
    let text = check(&sb, &["--statistics", "stories"]);
    assert_eq!(text.code, 1);
    insta::assert_snapshot!("statistics_text", text.snapshot());
    let json = check(&sb, &["--statistics", "--format", "json", "stories"]);
    assert_eq!(json.code, 1);
    let v = json.json();
    assert_eq!(
        keys(&v),
        [
            "files",
            "files_with_diagnostics",
            "diagnostics",
            "rules",
            "sourcing"
        ]
    );
    // Only the rules asked for run: here no sourcing rule, so no sourcing summary.
    assert_eq!(v["sourcing"], serde_json::json!([]));
    let with_sourcing = sb.run(&[
        "check",
        "--statistics",
        "--format",
        "json",
        "--select",
        "sourcing",
        "stories",
    ]);
    let sourcing = &with_sourcing.json()["sourcing"];
    assert_eq!(sourcing.as_array().map(Vec::len), Some(3), "{sourcing:#}");
    assert_eq!(
        keys(&sourcing[0]),
        [
            "path",
            "named",
            "anonymous_with_reason",
            "anonymous_without_reason",
            "vague",
            "agentless",
            "unsourced",
            "unattributed_quotes"
        ]
    );
    assert_eq!(sourcing[0]["path"], "stories/another.md");
    assert_eq!(
        keys(&v["rules"][0]),
        [
            "rule",
            "family",
            "severity",
            "count",
            "fixable",
            "unsafe_fixable"
        ]
    );
    insta::assert_snapshot!("statistics_json", json.snapshot());
    let sarif = check(&sb, &["--statistics", "--format", "sarif", "stories"]);
    assert_eq!(sarif.code, 2);
    insta::assert_snapshot!("statistics_sarif", sarif.snapshot());
}

// ---------------------------------------------------------------------------------------
// Walking

#[test]
fn walking_respects_gitignore_hidden_files_extensions_and_config_excludes() {
    let sb = two_stories();
    sb.write(".gitignore", "drafts/\n");
    sb.write("drafts/wip.md", FLAGGED_MD);
    sb.write(".hidden/story.md", FLAGGED_MD);
    sb.write("stories/notes.rst", FLAGGED_MD);
    sb.write("stories/archive/old.md", FLAGGED_MD);
    sb.write("stories/upper.MARKDOWN", FLAGGED_MD);
    sb.write(
        "newslint.toml",
        "[files]\nexclude = [\"stories/archive/**\"]\n",
    );
    let out = check(&sb, &["--format", "concise", "."]);
    let mut paths: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split(':').next().unwrap())
        .collect();
    paths.dedup();
    assert_eq!(paths, ["./stories/budget.md", "./stories/upper.MARKDOWN"]);
    // A file named on the command line is checked whatever its extension.
    let named = check(&sb, &["--format", "concise", "stories/notes.rst"]);
    assert!(
        named.stdout.starts_with("stories/notes.rst:5:"),
        "{}",
        named.stdout
    );
}

#[test]
fn a_file_named_twice_is_checked_once() {
    let sb = two_stories();
    let out = check(
        &sb,
        &[
            "--format",
            "concise",
            "stories/budget.md",
            "stories",
            "stories/budget.md",
        ],
    );
    assert_eq!(out.stdout.lines().count(), 3, "{}", out.stdout);
}

#[test]
fn no_paths_means_the_current_directory() {
    let sb = two_stories();
    let out = check(&sb, &["--format", "concise"]);
    assert_eq!(out.code, 1);
    assert!(
        out.stdout.starts_with("./stories/budget.md:5:"),
        "{}",
        out.stdout
    );
}

// ---------------------------------------------------------------------------------------
// A closed pipe

#[test]
fn a_closed_stdout_pipe_exits_zero_quietly() {
    let sb = Sandbox::new();
    // Far more output than a pipe buffers, so the writer meets the closed pipe.
    let mut story = String::from("“The council’s vote,” she said.\n\n");
    for i in 0..3000 {
        story.push_str(&format!(
            "Paragraph {i} quotes the board’s chair: it's late.\n\n"
        ));
    }
    sb.write("long.md", story);
    let mut cmd = sb.command(&["check", "--select", "mixed-quote-style", "long.md"]);
    cmd.stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .stdin(Stdio::null());
    let mut child = cmd.spawn().unwrap();
    // Like `| head -1`: read one line, then close the pipe.
    let mut first = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut first)
        .unwrap();
    assert!(first.starts_with("warning[mixed-quote-style]"), "{first}");
    let output = child.wait_with_output().unwrap();
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

// ---------------------------------------------------------------------------------------
// `newslint rule`

#[test]
fn rule_lists_and_documents_rules() {
    let sb = Sandbox::new();
    let list = sb.run(&["rule"]);
    assert_eq!(list.code, 0);
    assert_eq!(list.stdout.lines().count(), RULES.len());
    assert!(list
        .stdout
        .lines()
        .any(|l| l.starts_with("mixed-quote-style ") && l.contains("naming")));

    let doc = sb.run(&["rule", "mixed-quote-style"]);
    assert_eq!(doc.code, 0);
    let page = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules/mixed-quote-style.md"),
    )
    .unwrap();
    assert_eq!(doc.stdout, page);

    let json = sb.run(&["rule", "--format", "json"]);
    let v = json.json();
    let rules = v.as_array().unwrap();
    assert_eq!(rules.len(), RULES.len());
    for r in rules {
        assert_eq!(
            keys(r),
            ["name", "family", "severity", "status", "fix", "summary"]
        );
    }
    let one = sb
        .run(&["rule", "mixed-quote-style", "--format", "json"])
        .json();
    assert_eq!(one["doc"], page.as_str());
    assert_eq!(one["fix"], "always");

    let unknown = sb.run(&["rule", "mixed-quote-styl"]);
    assert_eq!(unknown.code, 2);
    insta::assert_snapshot!("rule_unknown", unknown.snapshot());
}

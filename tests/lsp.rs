//! Protocol tests: scripted sessions with the server in-process over `tokio::io::duplex` (here)
//! and with the real binary over stdio (`lsp_stdio.rs` runs the same scenarios).
//!
//! Only `mixed-quote-style` is turned on (through settings), and assertions are about its
//! ranges, so these tests stay valid as rules are added.

use crate::lsp_client::{apply_edits, file_uri, of_rule, only_quotes, range, Client, Enc};
use serde_json::{json, Value};

const RULE: &str = "mixed-quote-style";

/// The byte range of the `n`th occurrence of `needle`.
fn nth(text: &str, needle: &str, n: usize) -> (usize, usize) {
    let at = text
        .match_indices(needle)
        .nth(n)
        .unwrap_or_else(|| panic!("no occurrence {n} of {needle:?}"))
        .0;
    (at, at + needle.len())
}

/// Asserts the document has exactly the flagged marks at `spans`, in the client's encoding.
fn assert_flagged(diags: &[Value], text: &str, spans: &[(usize, usize)], enc: Enc) {
    let got: Vec<Value> = of_rule(diags, RULE).iter().map(|d| d[0].clone()).collect();
    let want: Vec<Value> = spans.iter().map(|&(s, e)| range(text, s, e, enc)).collect();
    assert_eq!(got, want, "flagged ranges ({enc:?}) in {text:?}");
}

/// Opens a story, edits it with emoji, ZWJ sequences, CRLF and astral characters, and checks
/// after every edit that the server's text equals ours and the flagged straight apostrophe is
/// where it is in our copy, counted in the negotiated encoding.
pub async fn positions(
    c: &mut Client,
    offered: &[&str],
    handle: Option<&newslint::server::Handle>,
) {
    let init = c
        .initialize(offered, only_quotes(json!({})), json!({}), None)
        .await;
    let expected = if offered.contains(&"utf-8") {
        "utf-8"
    } else {
        "utf-16"
    };
    assert_eq!(init["capabilities"]["positionEncoding"], expected);
    assert_eq!(c.enc.name(), expected);
    let enc = c.enc;
    let uri = "file:///newsroom/harbour.md";
    let mut text =
        "Aisha 😀 said the 👩‍👩‍👧 council’s vote was “final.”\r\nThe mayor's aide disagreed.\r\n"
            .to_string();
    c.open(uri, 1, &text);
    let diags = c.diagnostics(uri, 1).await;
    assert_flagged(&diags, &text, &[nth(&text, "'", 0)], enc);

    // Each step: a list of (needle to insert before, its occurrence, inserted text).
    let steps: Vec<Vec<(&str, usize, &str)>> = vec![
        vec![("The mayor", 0, "🇫🇷 ")],
        vec![("said", 0, "\r\n中文 𝒜 ")],
        // Two changes in one notification: the second applies to the result of the first.
        vec![("mayor's", 0, "👍🏽"), ("aide", 0, "e\u{301}\u{2028}")],
        vec![("disagreed", 0, "\r")],
        vec![("council", 0, "Zoë’s 👩‍🚀 ")],
    ];
    for (i, step) in steps.into_iter().enumerate() {
        let version = i as i64 + 2;
        let mut changes = Vec::new();
        for (needle, n, insert) in step {
            let (at, _) = nth(&text, needle, n);
            changes.push(json!({ "range": range(&text, at, at, enc), "text": insert }));
            text.insert_str(at, insert);
        }
        c.change(uri, version, changes);
        let diags = c.diagnostics(uri, version).await;
        if let Some(h) = handle {
            let (server_text, server_version) = h.document(&uri.parse().unwrap()).unwrap();
            assert_eq!(server_text, text);
            assert_eq!(server_version as i64, version);
        }
        assert_flagged(&diags, &text, &[nth(&text, "'", 0)], enc);
    }

    // A replacement across lines, then a deletion of the mark itself.
    let (from, _) = nth(&text, "said", 0);
    let (to, _) = nth(&text, "council", 0);
    c.change(
        uri,
        7,
        vec![json!({ "range": range(&text, from, to, enc), "text": "told the " })],
    );
    text.replace_range(from..to, "told the ");
    let diags = c.diagnostics(uri, 7).await;
    assert_flagged(&diags, &text, &[nth(&text, "'", 0)], enc);
    let (s, e) = nth(&text, "'", 0);
    c.change(
        uri,
        8,
        vec![json!({ "range": range(&text, s, e, enc), "text": "’" })],
    );
    text.replace_range(s..e, "’");
    let diags = c.diagnostics(uri, 8).await;
    assert_flagged(&diags, &text, &[], enc);
}

/// The edit a code action makes, checked to carry the version it was computed for.
fn action_edits(action: &Value, uri: &str, version: i64) -> Vec<Value> {
    let change = &action["edit"]["documentChanges"][0];
    assert_eq!(change["textDocument"]["uri"], uri);
    assert_eq!(change["textDocument"]["version"], version, "{action}");
    change["edits"].as_array().unwrap().clone()
}

fn find_action(actions: &Value, f: impl Fn(&Value) -> bool) -> &Value {
    actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| f(a))
        .unwrap_or_else(|| panic!("no such action in {actions:#}"))
}

/// Quick fix, "disable for this line", "fix all RULE" and `source.fixAll.newslint`: each is
/// applied as a client would, and the diagnostics it addresses are gone.
pub async fn code_actions(c: &mut Client) {
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let enc = c.enc;
    let uri = "file:///newsroom/council.md";
    let mut text = "The council’s vote was “final,” the chair’s aide said.\n\nThe mayor's aide and the clerk's office disagreed.\n".to_string();
    c.open(uri, 1, &text);
    let diags = c.diagnostics(uri, 1).await;
    assert_eq!(of_rule(&diags, RULE).len(), 2, "{diags:#?}");
    let first = of_rule(&diags, RULE)[0][0].clone();

    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": first, "context": { "diagnostics": [] } }),
        )
        .await;
    let quick = find_action(&actions, |a| {
        a["kind"] == "quickfix" && a["isPreferred"] == true
    });
    assert_eq!(quick["diagnostics"][0]["code"], RULE);
    find_action(&actions, |a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Fix all mixed-quote-style")
    });
    find_action(&actions, |a| {
        a["title"] == "Disable mixed-quote-style for this line"
    });
    // A request for quick fixes gets quick fixes only.
    let only_quick = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": first, "context": { "diagnostics": [], "only": ["quickfix"] } }),
        )
        .await;
    assert!(only_quick
        .as_array()
        .unwrap()
        .iter()
        .all(|a| a["kind"] == "quickfix"));

    let (fixed, changes) = apply_edits(&text, &action_edits(quick, uri, 1), enc);
    text = fixed;
    c.change(uri, 2, changes);
    let diags = c.diagnostics(uri, 2).await;
    assert_flagged(&diags, &text, &[nth(&text, "'", 0)], enc);
    assert!(text.contains("mayor’s"));

    // Disable the rule for the remaining line.
    let remaining = of_rule(&diags, RULE)[0][0].clone();
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri }, "range": remaining, "context": { "diagnostics": [] } }),
        )
        .await;
    let disable = find_action(&actions, |a| {
        a["title"] == "Disable mixed-quote-style for this line"
    });
    let (fixed, changes) = apply_edits(&text, &action_edits(disable, uri, 2), enc);
    assert!(
        fixed.contains("\n<!-- newslint-disable-next-line mixed-quote-style -->\nThe mayor’s aide"),
        "{fixed}"
    );
    text = fixed;
    c.change(uri, 3, changes);
    let diags = c.diagnostics(uri, 3).await;
    assert_flagged(&diags, &text, &[], enc);

    // Fix all of one rule, in a plain-text story with CRLF line endings.
    let uri2 = "file:///newsroom/wire.txt";
    let text2 = "The port’s “new” cranes reached the city’s dock.\r\nThe union's view and the operator's reply differ.\r\nIt's late.\r\n";
    c.open(uri2, 1, text2);
    let diags = c.diagnostics(uri2, 1).await;
    assert_eq!(of_rule(&diags, RULE).len(), 3);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": uri2 }, "range": of_rule(&diags, RULE)[0][0], "context": { "diagnostics": [] } }),
        )
        .await;
    let all = find_action(&actions, |a| {
        a["title"]
            .as_str()
            .unwrap()
            .starts_with("Fix all mixed-quote-style")
    });
    let (fixed, changes) = apply_edits(text2, &action_edits(all, uri2, 1), enc);
    assert_eq!(fixed.matches('\'').count(), 0);
    c.change(uri2, 2, changes);
    assert_flagged(&c.diagnostics(uri2, 2).await, &fixed, &[], enc);

    // source.fixAll.newslint, as an editor asks for it on save.
    let uri3 = "file:///newsroom/save.md";
    let text3 = "“Yes,” the mayor’s aide said. The clerk's reply and the chair's note were late.\n";
    c.open(uri3, 5, text3);
    assert_eq!(of_rule(&c.diagnostics(uri3, 5).await, RULE).len(), 2);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({
                "textDocument": { "uri": uri3 },
                "range": range(text3, 0, 0, enc),
                "context": { "diagnostics": [], "only": ["source.fixAll"] }
            }),
        )
        .await;
    assert_eq!(actions.as_array().unwrap().len(), 1, "{actions:#}");
    let fix_all = &actions[0];
    assert_eq!(fix_all["kind"], "source.fixAll.newslint");
    let (fixed, changes) = apply_edits(text3, &action_edits(fix_all, uri3, 5), enc);
    c.change(uri3, 6, changes);
    assert_flagged(&c.diagnostics(uri3, 6).await, &fixed, &[], enc);
}

/// A config file governs the documents under it; changing it changes severities without a
/// restart, and a broken one is reported once while its last good settings stay in force.
pub async fn config_file_changes(c: &mut Client) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    let toml = root.join("newslint.toml");
    std::fs::write(&toml, "[rules.mixed-quote-style]\nseverity = \"error\"\n").unwrap();
    std::fs::create_dir(root.join("desk")).unwrap();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), Some(&root))
        .await;
    let uri = file_uri(&root.join("desk/story.md"));
    let text = "The council’s vote was “final,” said the mayor's aide.\n";
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, 1).await;
    assert_eq!(of_rule(&diags, RULE)[0][1], 1, "error from newslint.toml");
    let registered = c
        .wait_for("file watcher registration", |r| {
            r.server_requests
                .iter()
                .find(|(m, _)| m == "client/registerCapability")
                .map(|(_, p)| p.clone())
        })
        .await;
    assert!(
        registered.to_string().contains("**/newslint.toml"),
        "{registered}"
    );

    let changed = |c: &Client| {
        c.notify(
            "workspace/didChangeWatchedFiles",
            json!({ "changes": [{ "uri": file_uri(&toml), "type": 2 }] }),
        )
    };
    std::fs::write(&toml, "[rules.mixed-quote-style]\nseverity = \"info\"\n").unwrap();
    let seen = c.published_count();
    changed(c);
    c.published_after(&uri, seen, |p| {
        p.version == Some(1) && p.diagnostics.first().is_some_and(|d| d["severity"] == 3)
    })
    .await;

    // Broken: one message naming the key; the last good severity stays.
    std::fs::write(&toml, "[rules.mixed-quote-style]\nseverity = \"loud\"\n").unwrap();
    let seen = c.published_count();
    changed(c);
    let message = c
        .wait_for("a message about the broken config", |r| {
            r.messages.first().cloned()
        })
        .await;
    assert!(message.1.contains("severity"), "{message:?}");
    assert!(message.1.contains("newslint.toml"), "{message:?}");
    let p = c
        .published_after(&uri, seen, |p| p.version == Some(1))
        .await;
    assert_eq!(p.diagnostics[0]["severity"], 3);
    let seen = c.published_count();
    changed(c);
    c.published_after(&uri, seen, |p| p.version == Some(1))
        .await;
    assert_eq!(c.record().messages.len(), 1, "the same error is shown once");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf16_positions_in_process() {
    let (mut c, h) = Client::in_process();
    positions(&mut c, &["utf-16"], Some(&h)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_positions_in_process() {
    let (mut c, h) = Client::in_process();
    positions(&mut c, &["utf-16", "utf-8"], Some(&h)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_encoding_offered_means_utf16() {
    let (mut c, h) = Client::in_process();
    positions(&mut c, &[], Some(&h)).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_in_process() {
    let (mut c, _) = Client::in_process();
    code_actions(&mut c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_file_changes_in_process() {
    let (mut c, _) = Client::in_process();
    config_file_changes(&mut c).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn capabilities_advertise_what_is_served() {
    let (mut c, _) = Client::in_process();
    let init = c
        .initialize(&["utf-16"], json!(null), json!({}), None)
        .await;
    let caps = &init["capabilities"];
    assert_eq!(caps["textDocumentSync"]["change"], 2, "incremental sync");
    assert_eq!(caps["textDocumentSync"]["openClose"], true);
    assert_eq!(caps["hoverProvider"], true);
    assert_eq!(
        caps["codeActionProvider"]["codeActionKinds"],
        json!(["quickfix", "source.fixAll.newslint"])
    );
    assert!(
        caps.get("diagnosticProvider").is_none(),
        "push: the client cannot pull"
    );
    assert_eq!(init["serverInfo"]["name"], "newslint");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diagnostics_carry_code_link_source_and_severity() {
    let (mut c, _) = Client::in_process();
    c.initialize(
        &["utf-16"],
        only_quotes(json!({ "rules": {
            "sourcing": { "enabled": false }, "naming": { "enabled": false },
            "chrome": { "enabled": false },
            "mixed-quote-style": { "enabled": true, "severity": "info" } } })),
        json!({}),
        None,
    )
    .await;
    let uri = "file:///newsroom/a.md";
    c.open(uri, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    let diags = c.diagnostics(uri, 1).await;
    let d = &diags[0];
    assert_eq!(d["code"], RULE);
    assert_eq!(d["source"], "newslint");
    assert_eq!(d["severity"], 3);
    let href = d["codeDescription"]["href"].as_str().unwrap();
    assert!(href.ends_with("docs/rules/mixed-quote-style.md"), "{href}");
    let path = tower_lsp::lsp_types::Url::parse(href)
        .unwrap()
        .to_file_path()
        .unwrap();
    assert!(path.is_file(), "the rule page exists: {path:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn docs_base_url_setting_moves_the_links() {
    let (mut c, _) = Client::in_process();
    c.initialize(
        &["utf-16"],
        only_quotes(json!({ "docsBaseUrl": "https://example.org/newslint/rules" })),
        json!({}),
        None,
    )
    .await;
    let uri = "file:///newsroom/a.md";
    c.open(uri, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    let diags = c.diagnostics(uri, 1).await;
    assert_eq!(
        diags[0]["codeDescription"]["href"],
        "https://example.org/newslint/rules/mixed-quote-style.md"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_explains_the_rule_on_a_flagged_range_only() {
    let (mut c, _) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let uri = "file:///newsroom/a.md";
    let text = "The mayor’s 😀 aide said “no.” The clerk's note.\n";
    c.open(uri, 1, text);
    let diags = c.diagnostics(uri, 1).await;
    let at = &diags[0]["range"]["start"];
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": at }),
        )
        .await;
    let value = hover["contents"]["value"].as_str().unwrap();
    assert_eq!(hover["contents"]["kind"], "markdown");
    assert!(value.contains("mixed-quote-style"), "{value}");
    assert!(value.contains("Why it matters"), "{value}");
    assert!(value.contains("Better"), "{value}");
    assert_eq!(hover["range"], diags[0]["range"]);
    let elsewhere = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": { "line": 0, "character": 1 } }),
        )
        .await;
    assert_eq!(elsewhere, Value::Null);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pull_diagnostics_when_the_client_supports_them() {
    let (mut c, _) = Client::in_process();
    let init = c
        .initialize(
            &["utf-16"],
            only_quotes(json!({})),
            json!({ "textDocument": { "diagnostic": { "dynamicRegistration": false } } }),
            None,
        )
        .await;
    assert_eq!(
        init["capabilities"]["diagnosticProvider"]["identifier"],
        "newslint"
    );
    let uri = "file:///newsroom/a.md";
    let text = "The mayor’s 👩‍👩‍👧 aide said “no.” The clerk's note.\n";
    c.open(uri, 1, text);
    let report = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    assert_eq!(report["kind"], "full");
    assert_flagged(
        report["items"].as_array().unwrap(),
        text,
        &[nth(text, "'", 0)],
        Enc::Utf16,
    );
    let id = report["resultId"].clone();
    let again = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
        )
        .await;
    assert_eq!(again["kind"], "unchanged");
    c.change(
        uri,
        2,
        vec![json!({ "range": range(text, 0, 0, Enc::Utf16), "text": "“" })],
    );
    let after = c
        .request(
            "textDocument/diagnostic",
            json!({ "textDocument": { "uri": uri }, "previousResultId": id }),
        )
        .await;
    assert_eq!(after["kind"], "full");
    assert!(
        c.record().published.is_empty(),
        "nothing is pushed to a pulling client"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn close_clears_the_diagnostics() {
    let (mut c, _) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let uri = "file:///newsroom/a.md";
    c.open(uri, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    assert_eq!(c.diagnostics(uri, 1).await.len(), 1);
    let seen = c.published_count();
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
    let p = c.published_after(uri, seen, |_| true).await;
    assert!(p.diagnostics.is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_editor_settings_are_shown_once_and_the_last_good_ones_kept() {
    let (mut c, _) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let uri = "file:///newsroom/a.md";
    let text = "The mayor’s aide said “no.” The clerk's note.\n";
    c.open(uri, 1, text);
    assert_eq!(c.diagnostics(uri, 1).await[0]["severity"], 2);
    let mut bad = only_quotes(json!({}));
    bad["rules"]["mixed-quote-style"]["severity"] = json!("loud");
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newslint": bad } }),
    );
    let m = c
        .wait_for("a message", |r| r.messages.first().cloned())
        .await;
    assert_eq!(m.0, 1, "an error");
    assert!(
        m.1.contains("newslint.rules.mixed-quote-style.severity"),
        "{}",
        m.1
    );
    c.change(
        uri,
        2,
        vec![json!({ "range": range(text, 0, 0, Enc::Utf16), "text": "So " })],
    );
    assert_eq!(
        c.diagnostics(uri, 2).await[0]["severity"],
        2,
        "last good settings"
    );

    let mut good = only_quotes(json!({}));
    good["rules"]["mixed-quote-style"]["severity"] = json!("error");
    let seen = c.published_count();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "newslint": good } }),
    );
    c.published_after(uri, seen, |p| {
        p.diagnostics.first().is_some_and(|d| d["severity"] == 1)
    })
    .await;
    assert_eq!(c.record().messages.len(), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_initialization_options_are_reported_after_initialized() {
    let (mut c, _) = Client::in_process();
    c.initialize(
        &["utf-16"],
        json!({ "debounceMs": "soon" }),
        json!({}),
        None,
    )
    .await;
    let m = c
        .wait_for("a message", |r| r.messages.first().cloned())
        .await;
    assert!(m.1.contains("newslint.debounceMs"), "{}", m.1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn settings_are_pulled_when_the_client_offers_them() {
    let (mut c, _) = Client::in_process();
    let mut settings = only_quotes(json!({}));
    settings["rules"]["mixed-quote-style"]["severity"] = json!("hint");
    *c.settings.lock().unwrap() = settings;
    c.initialize(
        &["utf-16"],
        only_quotes(json!({})),
        json!({ "workspace": { "configuration": true } }),
        None,
    )
    .await;
    let uri = "file:///newsroom/a.md";
    c.open(uri, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    c.published_after(uri, 0, |p| {
        p.diagnostics.first().is_some_and(|d| d["severity"] == 4)
    })
    .await;
}

fn panicking_check(
    text: &str,
    kind: newslint::core::SourceKind,
    config: &newslint::core::Config,
    cache: &mut newslint::core::Cache,
    corpus: &newslint::server::workspace::Corpus,
) -> Vec<newslint::core::Diagnostic> {
    if text.contains("PANIC") {
        panic!("a rule panicked on purpose");
    }
    newslint::server::workspace::check_story(text, kind, config, cache, corpus)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_panic_while_checking_is_logged_and_the_server_carries_on() {
    let (mut c, h) = Client::in_process();
    h.replace_check(panicking_check);
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let uri = "file:///newsroom/a.md";
    let text = "PANIC The mayor’s aide said “no.” The clerk's note.\n";
    c.open(uri, 1, text);
    // A request on the same document still gets an answer: on the straight apostrophe,
    // which would be explained if the check had not panicked.
    let (at, _) = nth(text, "'", 0);
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": crate::lsp_client::position(text, at, Enc::Utf16) }),
        )
        .await;
    assert_eq!(hover, Value::Null);
    c.change(
        uri,
        2,
        vec![json!({ "range": range(text, 0, 6, Enc::Utf16), "text": "" })],
    );
    let diags = c.diagnostics(uri, 2).await;
    assert_eq!(of_rule(&diags, RULE).len(), 1);
}

/// Waits (without a time limit of its own beyond the harness's patience) until `f` holds.
async fn eventually(what: &str, f: impl Fn() -> bool) {
    for _ in 0..6000 {
        if f() {
            return;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    panic!("never happened: {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_workspace_is_indexed_in_the_background_and_kept_current() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(root.join(".gitignore"), "drafts/\n").unwrap();
    std::fs::create_dir(root.join("drafts")).unwrap();
    std::fs::write(root.join("a.md"), "The council met on Tuesday.\n").unwrap();
    std::fs::write(root.join("b.txt"), "The council voted.\n").unwrap();
    std::fs::write(root.join("drafts/c.md"), "Not indexed.\n").unwrap();
    let (mut c, h) = Client::in_process();
    c.initialize(
        &["utf-16"],
        only_quotes(json!({ "indexWorkspace": true })),
        json!({}),
        Some(&root),
    )
    .await;
    eventually("two stories indexed", || h.indexed_stories() == 2).await;
    std::fs::write(root.join("d.md"), "The mayor spoke.\n").unwrap();
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": file_uri(&root.join("d.md")), "type": 1 }] }),
    );
    eventually("the new story indexed", || h.indexed_stories() == 3).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn house_style_compares_the_open_story_with_its_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    std::fs::write(
        root.join("a.md"),
        "U.S. officials met in Oman on Tuesday. The U.S. delegation left on Wednesday.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("b.md"),
        "The U.S. envoy said the talks were useful. U.S. aid rose, the envoy said.\n",
    )
    .unwrap();
    let settings = json!({
        "debounceMs": 0,
        "indexWorkspace": true,
        "rules": {
            "sourcing": { "enabled": false },
            "chrome": { "enabled": false },
            "naming": { "enabled": false },
            "house-style": { "enabled": true, "severity": "warning" }
        }
    });
    let (mut c, h) = Client::in_process();
    c.initialize(&["utf-16"], settings, json!({}), Some(&root))
        .await;
    eventually("two stories indexed", || h.indexed_stories() == 2).await;
    let path = root.join("c.md");
    let text = "US officials met in Muscat. The US team flew home.\n";
    std::fs::write(&path, text).unwrap();
    let uri = file_uri(&path);
    c.open(&uri, 1, text);
    let diags = c.diagnostics(&uri, 1).await;
    let house: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "house-style")
        .collect();
    assert_eq!(house.len(), 1, "{diags:#?}");
    let message = house[0]["message"].as_str().unwrap();
    assert!(
        message.contains("“US”") && message.contains("“U.S.”"),
        "{message}"
    );
    let related = house[0]["relatedInformation"]
        .as_array()
        .unwrap_or_else(|| panic!("{house:#?}"));
    assert_eq!(related.len(), 2, "{related:#?}");
    assert!(related
        .iter()
        .all(|r| r["location"]["uri"].as_str().unwrap().ends_with(".md")));
    // Rewritten to the house form, the story agrees with the others.
    c.change(
        &uri,
        2,
        vec![json!({ "text": "U.S. officials met in Muscat. The U.S. team flew home.\n" })],
    );
    let diags = c.diagnostics(&uri, 2).await;
    assert!(of_rule(&diags, "house-style").is_empty(), "{diags:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hover_on_a_name_lists_its_forms() {
    let (mut c, _) = Client::in_process();
    let settings = json!({
        "debounceMs": 0,
        "indexWorkspace": false,
        "rules": {
            "sourcing": { "enabled": false },
            "chrome": { "enabled": false },
            "naming": { "enabled": false },
            "inconsistent-name": { "enabled": true }
        }
    });
    c.initialize(&["utf-16"], settings, json!({}), None).await;
    let uri = "file:///newsroom/names.md";
    let text = "Gadhafi spoke on Monday. Gadhafi left on Tuesday. Qaddafi returned later.\n";
    c.open(uri, 1, text);
    let diags = c.diagnostics(uri, 1).await;
    assert_eq!(of_rule(&diags, "inconsistent-name").len(), 1, "{diags:#?}");
    let (start, _) = nth(text, "Gadhafi", 1);
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri },
                    "position": { "line": 0, "character": start + 2 } }),
        )
        .await;
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("| Gadhafi | 2 |"), "{value}");
    assert!(value.contains("| Qaddafi | 1 |"), "{value}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sourcing_summary_as_a_code_lens_and_in_hover() {
    let (mut c, _) = Client::in_process();
    let settings = json!({
        "debounceMs": 0,
        "indexWorkspace": false,
        "rules": {
            "naming": { "enabled": false },
            "chrome": { "enabled": false },
            "sourcing": { "enabled": true, "severity": "warning" }
        }
    });
    let init = c.initialize(&["utf-16"], settings, json!({}), None).await;
    assert_eq!(
        init["capabilities"]["codeLensProvider"]["resolveProvider"],
        false
    );
    let uri = "file:///newsroom/sourcing.md";
    let text = "The council approved the budget on Tuesday, Mayor Ana Ruiz said.\n\nAnalysts say the plan will fail.\n";
    c.open(uri, 1, text);
    let diags = c.diagnostics(uri, 1).await;
    let vague: Vec<&Value> = diags
        .iter()
        .filter(|d| d["code"] == "vague-attribution")
        .collect();
    assert_eq!(vague.len(), 1, "{diags:#?}");
    let lenses = c
        .request(
            "textDocument/codeLens",
            json!({ "textDocument": { "uri": uri } }),
        )
        .await;
    let title = lenses[0]["command"]["title"].as_str().unwrap();
    assert_eq!(
        lenses[0]["range"]["start"],
        json!({ "line": 0, "character": 0 })
    );
    assert!(title.starts_with("Sourcing: 1 named"), "{title}");
    assert!(title.contains("1 vague"), "{title}");
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri }, "position": vague[0]["range"]["start"] }),
        )
        .await;
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(value.contains("vague-attribution"), "{value}");
    assert!(value.contains(title), "{value}");
}

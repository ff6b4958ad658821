//! Malformed input keeps the server alive: changes for documents that are not open, ranges
//! past the end or backwards, bad settings, bad JSON-RPC, and a 50 MB document.

use crate::lsp_client::{only_quotes, Client};
use serde_json::{json, Value};

fn pos(line: u32, character: u32) -> Value {
    json!({ "line": line, "character": character })
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_documents_and_out_of_range_positions() {
    let (mut c, h) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let ghost = "file:///newsroom/never-opened.md";
    c.change(
        ghost,
        2,
        vec![json!({ "range": { "start": pos(0, 0), "end": pos(0, 1) }, "text": "x" })],
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": ghost } }),
    );
    let hover = c
        .request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": ghost }, "position": pos(0, 0) }),
        )
        .await;
    assert_eq!(hover, Value::Null);
    let actions = c
        .request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": ghost }, "range": { "start": pos(0, 0), "end": pos(0, 0) }, "context": { "diagnostics": [] } }),
        )
        .await;
    assert_eq!(actions, Value::Null);

    let uri = "file:///newsroom/a.md";
    let parsed = uri.parse().unwrap();
    c.open(uri, 1, "ab\r\ncd");
    c.diagnostics(uri, 1).await;
    let steps = [
        // Lines past the end clamp to the end of the document.
        (
            json!({ "start": pos(5, 0), "end": pos(9, 3) }),
            "X",
            "ab\r\ncdX",
        ),
        // Columns past the end of a line clamp to the end of the line, before its break.
        (
            json!({ "start": pos(0, 999), "end": pos(0, 999) }),
            "Y",
            "abY\r\ncdX",
        ),
        // A backwards range is put in order.
        (json!({ "start": pos(1, 1), "end": pos(0, 1) }), "", "adX"),
        // Half a surrogate pair rounds down to the start of the character.
        (
            json!({ "start": pos(0, 0), "end": pos(0, 0) }),
            "😀",
            "😀adX",
        ),
        (json!({ "start": pos(0, 1), "end": pos(0, 3) }), "-", "-dX"),
        // A change without a range replaces the text.
        (Value::Null, "fresh start", "fresh start"),
    ];
    for (i, (range, insert, expected)) in steps.into_iter().enumerate() {
        let version = i as i64 + 2;
        let change = if range.is_null() {
            json!({ "text": insert })
        } else {
            json!({ "range": range, "text": insert })
        };
        c.change(uri, version, vec![change]);
        c.diagnostics(uri, version).await;
        assert_eq!(h.document(&parsed).unwrap().0, expected, "step {i}");
    }
    // Versions that go backwards are logged, and the edits still applied.
    let seen = c.published_count();
    c.change(
        uri,
        3,
        vec![json!({ "range": { "start": pos(0, 0), "end": pos(0, 0) }, "text": ">" })],
    );
    c.published_after(uri, seen, |p| p.version == Some(3)).await;
    assert_eq!(h.document(&parsed).unwrap().0, ">fresh start");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_settings_json_is_reported_and_the_server_carries_on() {
    let (mut c, _) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let uri = "file:///newsroom/a.md";
    let text = "The mayor’s aide said “no.” The clerk's note.\n";
    c.open(uri, 1, text);
    assert_eq!(c.diagnostics(uri, 1).await.len(), 1);
    for bad in [
        json!("yes"),
        json!({ "rules": 7 }),
        json!({ "debounceMs": -1 }),
        json!({ "naming": { "house": [""] } }),
        json!({ "rules": { "mixed-quote-style": { "enabled": "maybe" } } }),
        json!({ "docsBaseUrl": "not a url" }),
    ] {
        let seen = c.record().messages.len();
        c.notify(
            "workspace/didChangeConfiguration",
            json!({ "settings": { "newslint": bad } }),
        );
        c.wait_for("a message about bad settings", |r| {
            (r.messages.len() > seen).then_some(())
        })
        .await;
    }
    let messages = c.record().messages.clone();
    assert!(messages[1].1.contains("newslint.rules"), "{messages:?}");
    assert!(
        messages[2].1.contains("newslint.debounceMs"),
        "{messages:?}"
    );
    assert!(messages[3].1.contains("naming.house"), "{messages:?}");
    // Settings that are not ours are left alone, and the server still works.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({ "settings": { "other": 1 } }),
    );
    c.change(
        uri,
        2,
        vec![json!({ "range": { "start": pos(0, 0), "end": pos(0, 0) }, "text": "So " })],
    );
    assert_eq!(c.diagnostics(uri, 2).await.len(), 1);
    assert_eq!(c.record().messages.len(), 6);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_json_rpc_gets_an_error_and_the_server_carries_on() {
    let mut c = Client::binary();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    c.send_raw(b"Content-Length: 9\r\n\r\n{not json");
    let error = c
        .wait_for("a parse error", |r| r.orphan_responses.first().cloned())
        .await;
    assert_eq!(error["error"]["code"], -32700, "{error}");
    assert_eq!(error["id"], Value::Null);
    c.send_raw(b"Content-Length: 12\r\n\r\n{\"valid\": 1}");
    let error = c
        .wait_for("an invalid request", |r| r.orphan_responses.get(1).cloned())
        .await;
    assert_eq!(error["error"]["code"], -32600, "{error}");
    c.send_raw(b"no header at all\r\n");
    let wrong = c
        .request_raw("textDocument/hover", json!({ "textDocument": 5 }))
        .await;
    assert!(wrong.get("error").is_some(), "{wrong}");
    let bad_pull = c
        .request_raw("textDocument/diagnostic", json!({ "textDocument": 5 }))
        .await;
    assert_eq!(bad_pull["error"]["code"], -32602, "{bad_pull}");
    let unknown = c.request_raw("newslint/noSuchMethod", json!({})).await;
    assert_eq!(unknown["error"]["code"], -32601);
    let uri = "file:///newsroom/a.md";
    c.open(uri, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    assert_eq!(c.diagnostics(uri, 1).await.len(), 1);
    assert_eq!(c.shutdown_and_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_50_mb_document_is_checked_and_the_server_stays_responsive() {
    let (mut c, h) = Client::in_process();
    c.initialize(&["utf-16"], only_quotes(json!({})), json!({}), None)
        .await;
    let paragraph = "The harbour board’s vote was delayed on Tuesday, the chair said. “We need the invoices first,” she told reporters.\n\n";
    let mut big = paragraph.repeat(50 * 1024 * 1024 / paragraph.len());
    big.push_str("The clerk's note.\n");
    let uri = "file:///newsroom/huge.md";
    c.open(uri, 1, &big);
    // Another document is served while the big one is checked.
    let small = "file:///newsroom/small.md";
    c.open(small, 1, "The mayor’s aide said “no.” The clerk's note.\n");
    assert_eq!(c.diagnostics(small, 1).await.len(), 1);
    let diags = c.diagnostics(uri, 1).await;
    assert_eq!(diags.len(), 1);
    let line = big.lines().count() - 1;
    assert_eq!(diags[0]["range"]["start"], pos(line as u32, 9));
    c.change(
        uri,
        2,
        vec![json!({ "range": { "start": pos(0, 0), "end": pos(0, 0) }, "text": "'" })],
    );
    assert_eq!(c.diagnostics(uri, 2).await.len(), 2);
    assert_eq!(
        h.document(&uri.parse().unwrap()).unwrap().0.len(),
        big.len() + 1
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": uri } }),
    );
}

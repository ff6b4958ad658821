//! The same protocol scenarios against the real binary over stdio, plus the exit codes the
//! specification asks for.

use crate::lsp::{code_actions, config_file_changes, positions};
use crate::lsp_client::Client;
use serde_json::{json, Value};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf16_positions_over_stdio() {
    let mut c = Client::binary();
    positions(&mut c, &["utf-16"], None).await;
    assert_eq!(c.shutdown_and_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn utf8_positions_over_stdio() {
    let mut c = Client::binary();
    positions(&mut c, &["utf-8", "utf-16"], None).await;
    assert_eq!(c.shutdown_and_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn code_actions_over_stdio() {
    let mut c = Client::binary();
    code_actions(&mut c).await;
    assert_eq!(c.shutdown_and_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn config_file_changes_over_stdio() {
    let mut c = Client::binary();
    config_file_changes(&mut c).await;
    assert_eq!(c.shutdown_and_exit().await, Some(0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_without_shutdown_exits_1() {
    let mut c = Client::binary();
    c.initialize(&["utf-16"], Value::Null, json!({}), None)
        .await;
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().await, Some(1));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn requests_after_shutdown_are_refused_and_exit_ends_the_process() {
    let mut c = Client::binary();
    c.initialize(&["utf-16"], Value::Null, json!({}), None)
        .await;
    c.request("shutdown", Value::Null).await;
    let refused = c
        .request_raw(
            "textDocument/hover",
            json!({ "textDocument": { "uri": "file:///a.md" }, "position": { "line": 0, "character": 0 } }),
        )
        .await;
    assert!(refused.get("error").is_some(), "{refused}");
    c.notify("exit", Value::Null);
    assert_eq!(c.wait_exit().await, Some(0));
}

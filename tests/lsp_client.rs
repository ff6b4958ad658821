//! A small LSP client for protocol tests: talks to the server in-process (over
//! `tokio::io::duplex`) or to the real binary (over stdio), answers the server's requests,
//! and records what the server sends.
//!
//! Positions are computed here independently of the server (lines split by hand on LF, CRLF
//! and CR; columns counted with `str::encode_utf16` or in bytes), so a test compares two
//! implementations.

use serde_json::{json, Value};
use std::collections::HashMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::{mpsc, watch};

/// How long to wait for something the server should send before failing (a guard against a
/// hung test, not a performance assertion).
const PATIENCE: Duration = Duration::from_secs(120);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Enc {
    Utf8,
    Utf16,
}

impl Enc {
    pub fn name(self) -> &'static str {
        match self {
            Enc::Utf8 => "utf-8",
            Enc::Utf16 => "utf-16",
        }
    }

    fn units(self, s: &str) -> usize {
        match self {
            Enc::Utf8 => s.len(),
            Enc::Utf16 => s.encode_utf16().count(),
        }
    }
}

/// Byte offsets where lines start (LF, CRLF and lone CR end lines).
pub fn line_starts(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    let mut starts = vec![0];
    for i in 0..b.len() {
        if b[i] == b'\n' || b[i] == b'\r' && b.get(i + 1) != Some(&b'\n') {
            starts.push(i + 1);
        }
    }
    starts
}

/// The LSP position of a byte offset.
pub fn position(text: &str, offset: usize, enc: Enc) -> Value {
    let starts = line_starts(text);
    let line = starts.partition_point(|&s| s <= offset) - 1;
    json!({ "line": line, "character": enc.units(&text[starts[line]..offset]) })
}

pub fn range(text: &str, start: usize, end: usize, enc: Enc) -> Value {
    json!({ "start": position(text, start, enc), "end": position(text, end, enc) })
}

/// The byte offset of a valid LSP position.
pub fn offset(text: &str, pos: &Value, enc: Enc) -> usize {
    let line = pos["line"].as_u64().unwrap() as usize;
    let col = pos["character"].as_u64().unwrap() as usize;
    let starts = line_starts(text);
    let start = starts[line];
    let mut units = 0;
    for (i, c) in text[start..].char_indices() {
        if units >= col {
            return start + i;
        }
        units += match enc {
            Enc::Utf8 => c.len_utf8(),
            Enc::Utf16 => c.len_utf16(),
        };
    }
    assert_eq!(units, col, "position past the end of its line");
    text.len()
}

/// Applies LSP text edits (all relative to `text`) and returns the result with the edits as
/// sequential content changes (last first, so earlier ranges stay valid).
pub fn apply_edits(text: &str, edits: &[Value], enc: Enc) -> (String, Vec<Value>) {
    let mut spans: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"], enc),
                offset(text, &e["range"]["end"], enc),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    spans.sort_by_key(|s| std::cmp::Reverse(s.0));
    let mut out = text.to_string();
    let mut changes = Vec::new();
    for (s, e, t) in spans {
        changes.push(json!({ "range": range(&out, s, e, enc), "text": t }));
        out.replace_range(s..e, &t);
    }
    (out, changes)
}

/// One `textDocument/publishDiagnostics`.
#[derive(Debug, Clone)]
pub struct Published {
    pub uri: String,
    pub version: Option<i64>,
    pub diagnostics: Vec<Value>,
}

#[derive(Default)]
pub struct Record {
    responses: HashMap<i64, Value>,
    pub published: Vec<Published>,
    pub messages: Vec<(i64, String)>,
    /// Requests the server sent us: method and params.
    pub server_requests: Vec<(String, Value)>,
    /// Responses to requests without a usable id (e.g. to unparsable input).
    pub orphan_responses: Vec<Value>,
    pub closed: bool,
}

pub struct Client {
    out: mpsc::UnboundedSender<Value>,
    record: Arc<Mutex<Record>>,
    changed: watch::Receiver<u64>,
    next_id: i64,
    /// What `workspace/configuration` answers with.
    pub settings: Arc<Mutex<Value>>,
    pub enc: Enc,
    child: Option<tokio::process::Child>,
    raw: mpsc::UnboundedSender<Vec<u8>>,
}

/// Settings that turn on `mixed-quote-style` alone, so tests stay valid as rules are added.
pub fn only_quotes(extra: Value) -> Value {
    let mut v = json!({
        "debounceMs": 0,
        "indexWorkspace": false,
        "rules": {
            "sourcing": { "enabled": false },
            "naming": { "enabled": false },
            "chrome": { "enabled": false },
            "mixed-quote-style": { "enabled": true }
        }
    });
    if let (Some(m), Some(e)) = (v.as_object_mut(), extra.as_object()) {
        for (k, val) in e {
            m.insert(k.clone(), val.clone());
        }
    }
    v
}

impl Client {
    /// A server in this process, over an in-memory pipe.
    pub fn in_process() -> (Client, newslint::server::Handle) {
        let (client_io, server_io) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_io);
        let (handle, serve) = newslint::server::start(server_read, server_write);
        tokio::spawn(serve);
        let (read, write) = tokio::io::split(client_io);
        (Client::over(read, write, None), handle)
    }

    /// The real binary, over stdio.
    pub fn binary() -> Client {
        let mut child = tokio::process::Command::new(env!("CARGO_BIN_EXE_newslint"))
            .arg("server")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("the newslint binary starts");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        Client::over(stdout, stdin, Some(child))
    }

    fn over<R, W>(read: R, write: W, child: Option<tokio::process::Child>) -> Client
    where
        R: AsyncRead + Unpin + Send + 'static,
        W: AsyncWrite + Unpin + Send + 'static,
    {
        let (out_tx, mut out_rx) = mpsc::unbounded_channel::<Value>();
        let (raw_tx, mut raw_rx) = mpsc::unbounded_channel::<Vec<u8>>();
        let record = Arc::new(Mutex::new(Record::default()));
        let (changed_tx, changed_rx) = watch::channel(0u64);
        let settings = Arc::new(Mutex::new(Value::Null));

        // Writer: frames JSON messages; raw bytes go out as they are.
        tokio::spawn(async move {
            let mut write = write;
            loop {
                let bytes = tokio::select! {
                    Some(msg) = out_rx.recv() => {
                        let body = serde_json::to_vec(&msg).unwrap();
                        let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
                        frame.extend(body);
                        frame
                    }
                    Some(raw) = raw_rx.recv() => raw,
                    else => break,
                };
                if write.write_all(&bytes).await.is_err() || write.flush().await.is_err() {
                    break;
                }
            }
        });

        // Reader: records what the server sends and answers its requests.
        let rec = record.clone();
        let reply = out_tx.clone();
        let answer = settings.clone();
        tokio::spawn(async move {
            let mut read = BufReader::new(read);
            let mut n = 0u64;
            loop {
                let Some(msg) = read_frame(&mut read).await else {
                    break;
                };
                let method = msg
                    .get("method")
                    .and_then(Value::as_str)
                    .map(str::to_string);
                let id = msg.get("id").cloned();
                match (method, id) {
                    (Some(method), Some(id)) => {
                        let params = msg.get("params").cloned().unwrap_or(Value::Null);
                        let result = match method.as_str() {
                            "workspace/configuration" => {
                                let n = params["items"].as_array().map_or(1, Vec::len);
                                let v = answer.lock().unwrap().clone();
                                Value::Array(vec![v; n])
                            }
                            _ => Value::Null,
                        };
                        rec.lock().unwrap().server_requests.push((method, params));
                        let _ = reply.send(json!({ "jsonrpc": "2.0", "id": id, "result": result }));
                    }
                    (Some(method), None) => {
                        let params = msg.get("params").cloned().unwrap_or(Value::Null);
                        let mut r = rec.lock().unwrap();
                        match method.as_str() {
                            "textDocument/publishDiagnostics" => r.published.push(Published {
                                uri: params["uri"].as_str().unwrap_or_default().to_string(),
                                version: params["version"].as_i64(),
                                diagnostics: params["diagnostics"]
                                    .as_array()
                                    .cloned()
                                    .unwrap_or_default(),
                            }),
                            "window/showMessage" => r.messages.push((
                                params["type"].as_i64().unwrap_or(0),
                                params["message"].as_str().unwrap_or_default().to_string(),
                            )),
                            _ => {}
                        }
                    }
                    (None, Some(Value::Number(id))) => {
                        rec.lock()
                            .unwrap()
                            .responses
                            .insert(id.as_i64().unwrap(), msg);
                    }
                    (None, _) => rec.lock().unwrap().orphan_responses.push(msg),
                }
                n += 1;
                let _ = changed_tx.send(n);
            }
            rec.lock().unwrap().closed = true;
            let _ = changed_tx.send(u64::MAX);
        });

        Client {
            out: out_tx,
            record,
            changed: changed_rx,
            next_id: 1,
            settings,
            enc: Enc::Utf16,
            child,
            raw: raw_tx,
        }
    }

    pub fn record(&self) -> std::sync::MutexGuard<'_, Record> {
        self.record.lock().unwrap()
    }

    /// Waits until `f` finds what it looks for in the record.
    pub async fn wait_for<T>(&mut self, what: &str, mut f: impl FnMut(&Record) -> Option<T>) -> T {
        let deadline = tokio::time::Instant::now() + PATIENCE;
        loop {
            {
                let r = self.record.lock().unwrap();
                if let Some(t) = f(&r) {
                    return t;
                }
                assert!(
                    !r.closed,
                    "the server closed its output while waiting for {what}"
                );
            }
            match tokio::time::timeout_at(deadline, self.changed.changed()).await {
                Ok(Ok(())) => {}
                Ok(Err(_)) => panic!("the client reader stopped while waiting for {what}"),
                Err(_) => panic!(
                    "nothing arrived for {what}; published so far: {:?}",
                    self.record()
                        .published
                        .iter()
                        .map(|p| (&p.uri, p.version, p.diagnostics.len()))
                        .collect::<Vec<_>>()
                ),
            }
        }
    }

    pub fn notify(&self, method: &str, params: Value) {
        let mut msg = json!({ "jsonrpc": "2.0", "method": method });
        if !params.is_null() {
            msg["params"] = params;
        }
        let _ = self.out.send(msg);
    }

    /// Sends bytes as they are (for malformed-input tests).
    pub fn send_raw(&self, bytes: &[u8]) {
        let _ = self.raw.send(bytes.to_vec());
    }

    /// Sends a request and returns the whole response.
    pub async fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let mut msg = json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if !params.is_null() {
            msg["params"] = params;
        }
        let _ = self.out.send(msg);
        self.wait_for(method, |r| r.responses.get(&id).cloned())
            .await
    }

    /// Sends a request and returns its result, failing on an error response.
    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let resp = self.request_raw(method, params).await;
        assert!(resp.get("error").is_none(), "{method} failed: {resp}");
        resp["result"].clone()
    }

    /// Initializes with the given encodings offered (none: the field is left out) and
    /// `initializationOptions`; returns the server's result.
    pub async fn initialize(
        &mut self,
        offered: &[&str],
        options: Value,
        extra_caps: Value,
        root: Option<&std::path::Path>,
    ) -> Value {
        let mut caps = json!({
            "textDocument": {
                "publishDiagnostics": { "relatedInformation": true, "versionSupport": true },
                "hover": { "contentFormat": ["markdown", "plaintext"] },
                "codeAction": { "codeActionLiteralSupport": { "codeActionKind": { "valueSet": ["quickfix", "source.fixAll"] } } },
                "synchronization": { "didSave": true }
            },
            "workspace": {
                "didChangeWatchedFiles": { "dynamicRegistration": true },
                "workspaceEdit": { "documentChanges": true },
                "workspaceFolders": true
            }
        });
        if !offered.is_empty() {
            caps["general"] = json!({ "positionEncodings": offered });
        }
        merge(&mut caps, &extra_caps);
        let folders = root.map(|r| {
            let uri = tower_lsp::lsp_types::Url::from_directory_path(r)
                .unwrap()
                .to_string();
            json!([{ "uri": uri, "name": "root" }])
        });
        let result = self
            .request(
                "initialize",
                json!({
                    "processId": null,
                    "rootUri": null,
                    "capabilities": caps,
                    "initializationOptions": options,
                    "workspaceFolders": folders,
                }),
            )
            .await;
        self.enc = match result["capabilities"]["positionEncoding"].as_str() {
            Some("utf-8") => Enc::Utf8,
            _ => Enc::Utf16,
        };
        self.notify("initialized", json!({}));
        result
    }

    pub fn open(&self, uri: &str, version: i64, text: &str) {
        let language = if uri.ends_with(".txt") {
            "plaintext"
        } else {
            "markdown"
        };
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": version, "text": text } }),
        );
    }

    pub fn change(&self, uri: &str, version: i64, changes: Vec<Value>) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    /// Waits for diagnostics of `uri` published for `version`, returning the last such set.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let what = format!("diagnostics of {uri} at version {version}");
        self.wait_for(&what, |r| {
            r.published
                .iter()
                .rev()
                .find(|p| p.uri == uri && p.version == Some(version))
                .map(|p| p.diagnostics.clone())
        })
        .await
    }

    /// Waits for a publication for `uri` after the first `after` ones that satisfies `f`.
    pub async fn published_after(
        &mut self,
        uri: &str,
        after: usize,
        mut f: impl FnMut(&Published) -> bool,
    ) -> Published {
        self.wait_for(uri, |r| {
            r.published
                .iter()
                .skip(after)
                .find(|p| p.uri == uri && f(p))
                .cloned()
        })
        .await
    }

    pub fn published_count(&self) -> usize {
        self.record().published.len()
    }

    /// `shutdown`, then `exit`; for the binary, returns its exit code.
    pub async fn shutdown_and_exit(mut self) -> Option<i32> {
        self.request("shutdown", Value::Null).await;
        self.notify("exit", Value::Null);
        self.wait_exit().await
    }

    pub async fn wait_exit(mut self) -> Option<i32> {
        let mut child = self.child.take()?;
        let status = tokio::time::timeout(PATIENCE, child.wait())
            .await
            .expect("the server exits")
            .expect("exit status");
        status.code()
    }
}

fn merge(dst: &mut Value, src: &Value) {
    match (dst, src) {
        (Value::Object(d), Value::Object(s)) => {
            for (k, v) in s {
                merge(d.entry(k.clone()).or_insert(Value::Null), v);
            }
        }
        (d, s) => *d = s.clone(),
    }
}

async fn read_frame<R: AsyncRead + Unpin>(read: &mut BufReader<R>) -> Option<Value> {
    let mut len = None;
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await.ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(v) = line.strip_prefix("Content-Length:") {
            len = v.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; len?];
    read.read_exact(&mut body).await.ok()?;
    serde_json::from_slice(&body).ok()
}

/// A file URI for a path.
pub fn file_uri(path: &std::path::Path) -> String {
    tower_lsp::lsp_types::Url::from_file_path(path)
        .unwrap()
        .to_string()
}

/// The diagnostics of one rule, as (range, severity, message).
pub fn of_rule(diags: &[Value], rule: &str) -> Vec<Value> {
    diags
        .iter()
        .filter(|d| d["code"] == rule)
        .map(|d| json!([d["range"], d["severity"], d["message"]]))
        .collect()
}

/// Diagnostics reduced to what must agree between two checks of the same text.
pub fn essence(diags: &[Value]) -> Vec<Value> {
    let mut v: Vec<Value> = diags
        .iter()
        .map(|d| json!([d["range"], d["severity"], d["code"], d["message"]]))
        .collect();
    v.sort_by_key(|x| x.to_string());
    v
}

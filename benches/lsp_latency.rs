//! Latency of the language server on a 1 MB story, measured against the real binary over
//! stdio. Prints figures; asserts nothing about time.
//!
//! Run: `cargo bench --bench lsp-latency`. Options after `--`: `--pull` (the client pulls
//! diagnostics, as VS Code and Neovim do), `--few` (a story with a few dozen findings instead of
//! hundreds), `--size BYTES`, `--edits N`.
//!
//! What it does: starts `newslint server`, initializes (UTF-16 positions, the debounce set to
//! 0 ms so the figures are the server's own time, workspace indexing off), opens a story of
//! wire copy written for this benchmark, and waits for its first diagnostics. Then it sends
//! single-character edits (insertions and deletions) at pseudo-random places, one at a time,
//! timing each from writing `didChange` to reading the `publishDiagnostics` for that version.
//! Finally it reads the server's resident memory from /proc.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

// Each benchmark uses part of what the two share.
#[allow(dead_code)]
#[path = "story.rs"]
mod story;
use story::{story, Lcg};

fn frame(msg: &Value) -> Vec<u8> {
    let body = serde_json::to_vec(msg).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

/// LSP position (UTF-16) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({ "line": line, "character": text[start..offset].encode_utf16().count() })
}

fn rss_kb(pid: u32, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with(field))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

/// CPU time (user + system) the process has used, from /proc (10 ms resolution).
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name (which is in parentheses and may hold spaces).
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(Duration::from_millis(ticks * 10))
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .map(|l| l.split_whitespace().take(3).collect::<Vec<_>>().join(" "))
        .unwrap_or_default()
}

fn main() {
    let size = story::arg("--size", 1_000_000);
    let edits = story::arg("--edits", 200);
    // With --pull the client pulls (`textDocument/diagnostic` after each change), as VS Code and
    // Neovim do; the time runs from `didChange` to the response.
    let pull = story::flag("--pull");
    let few = story::flag("--few");

    let mut child = Command::new(env!("CARGO_BIN_EXE_newslint"))
        .arg("server")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start newslint server");
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap();
    let stdout = child.stdout.take().unwrap();

    // Reader: (arrival time, uri, version, diagnostics) for each publication; responses too.
    let (tx, rx) = mpsc::channel::<(Instant, Value)>();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        loop {
            let mut len = 0usize;
            loop {
                let mut line = String::new();
                if r.read_line(&mut line).unwrap_or(0) == 0 {
                    return;
                }
                let line = line.trim_end();
                if line.is_empty() {
                    break;
                }
                if let Some(v) = line.strip_prefix("Content-Length:") {
                    len = v.trim().parse().unwrap();
                }
            }
            let mut body = vec![0; len];
            if r.read_exact(&mut body).is_err() {
                return;
            }
            let now = Instant::now();
            let msg: Value = serde_json::from_slice(&body).unwrap();
            if tx.send((now, msg)).is_err() {
                return;
            }
        }
    });
    let mut send = |msg: Value| {
        stdin.write_all(&frame(&msg)).unwrap();
        stdin.flush().unwrap();
        Instant::now()
    };
    let wait = |pred: &dyn Fn(&Value) -> bool| -> (Instant, Value) {
        loop {
            let (at, msg) = rx
                .recv_timeout(Duration::from_secs(120))
                .expect("server answers");
            if pred(&msg) {
                return (at, msg);
            }
        }
    };

    send(
        json!({ "jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "processId": null, "rootUri": null,
            "capabilities": {
                "general": { "positionEncodings": ["utf-16"] },
                "textDocument": if pull { json!({ "diagnostic": {} }) } else { json!({}) }
            },
            "initializationOptions": { "debounceMs": 0, "indexWorkspace": false }
        }}),
    );
    wait(&|m| m["id"] == 1);
    send(json!({ "jsonrpc": "2.0", "method": "initialized", "params": {} }));

    let mut text = story(size, few);
    let rss_before = rss_kb(pid, "VmRSS:").unwrap_or(0);

    // The diagnostics for `version`: pushed, or pulled with a request. Returns when they
    // arrived and how many there are.
    let next_id = std::cell::Cell::new(100);
    let diagnostics = |send: &mut dyn FnMut(Value) -> Instant, uri: &str, version: i64| {
        if pull {
            let id = next_id.get();
            next_id.set(id + 1);
            send(
                json!({ "jsonrpc": "2.0", "id": id, "method": "textDocument/diagnostic",
                "params": { "textDocument": { "uri": uri } } }),
            );
            let (at, msg) = wait(&|m| m["id"] == id);
            (at, msg["result"]["items"].as_array().map_or(0, Vec::len))
        } else {
            let (at, msg) = wait(&|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && m["params"]["version"] == version
            });
            (
                at,
                msg["params"]["diagnostics"].as_array().map_or(0, Vec::len),
            )
        }
    };
    // Time to first diagnostics: nothing is cached on a first open.
    let open = |send: &mut dyn FnMut(Value) -> Instant, uri: &str, text: &str| {
        let sent = send(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {
                "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text }
            }}),
        );
        let (at, count) = diagnostics(send, uri, 1);
        (at - sent, count)
    };
    let cpu_before_open = cpu_time(pid);
    let (first, first_count) = open(&mut send, "file:///bench/story-0.md", &text);
    let cpu_open = cpu_time(pid)
        .zip(cpu_before_open)
        .map(|(after, before)| after.saturating_sub(before));
    let mut firsts = vec![first];

    let cpu_before_edits = cpu_time(pid);
    // Edits to the first story.
    let uri = "file:///bench/story-0.md";
    let mut rng = Lcg(42);
    let mut latencies = Vec::with_capacity(edits);
    let mut counts = Vec::with_capacity(edits);
    for i in 0..edits {
        let version = i as i64 + 2;
        let (range, insert) = story::next_edit(&text, &mut rng, i);
        let change = json!({
            "range": { "start": position(&text, range.start), "end": position(&text, range.end) },
            "text": insert
        });
        text.replace_range(range, insert);
        let sent = send(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
                "textDocument": { "uri": uri, "version": version }, "contentChanges": [change]
            }}),
        );
        let (arrived, count) = diagnostics(&mut send, uri, version);
        latencies.push(arrived - sent);
        counts.push(count);
    }
    let cpu_edits = cpu_time(pid)
        .zip(cpu_before_edits)
        .map(|(after, before)| after.saturating_sub(before));
    let rss = rss_kb(pid, "VmRSS:").unwrap_or(0);
    let hwm = rss_kb(pid, "VmHWM:").unwrap_or(0);

    // Four more cold opens of the story under other names, each closed after.
    for n in 1..5 {
        let uri = format!("file:///bench/story-{n}.md");
        firsts.push(open(&mut send, &uri, &text).0);
        send(
            json!({ "jsonrpc": "2.0", "method": "textDocument/didClose", "params": {
            "textDocument": { "uri": uri } } }),
        );
    }

    send(json!({ "jsonrpc": "2.0", "id": 2, "method": "shutdown" }));
    wait(&|m| m["id"] == 2);
    send(json!({ "jsonrpc": "2.0", "method": "exit" }));
    let _ = child.wait();

    let mut sorted = latencies.clone();
    sorted.sort();
    let mut first_sorted = firsts.clone();
    first_sorted.sort();
    let mb = size as f64 / 1_000_000.0;
    let target_rss = 10.0 * mb + 30.0;
    let mode = if pull { "pulled" } else { "pushed" };
    println!("newslint server latency ({mb:.1} MB story, {edits} single-character edits, diagnostics {mode}, debounce 0 ms, release build)");
    println!(
        "  story: {} bytes, {} diagnostics at open, {}..{} after edits",
        text.len(),
        first_count,
        counts.iter().min().unwrap_or(&0),
        counts.iter().max().unwrap_or(&0)
    );
    println!(
        "  first diagnostics after open: {} (cold, first open); median of 5 opens {}",
        story::ms(firsts[0]),
        story::ms(story::percentile(&first_sorted, 0.5))
    );
    println!(
        "  didChange -> diagnostics ({mode}): p50 {}  p95 {}  p99 {}  max {}",
        story::ms(story::percentile(&sorted, 0.5)),
        story::ms(story::percentile(&sorted, 0.95)),
        story::ms(story::percentile(&sorted, 0.99)),
        story::ms(*sorted.last().unwrap())
    );
    println!("  server RSS: {:.1} MB before opening, {:.1} MB with the story open after the edits (peak {:.1} MB)", rss_before as f64 / 1024.0, rss as f64 / 1024.0, hwm as f64 / 1024.0);
    if let Some(cpu) = cpu_open {
        println!(
            "  server CPU time for the first open (all threads): {}",
            story::ms(cpu)
        );
    }
    if let Some(cpu) = cpu_edits {
        println!(
            "  server CPU time per edit (user + system, averaged): {}",
            story::ms(cpu / edits.max(1) as u32)
        );
    }
    println!(
        "  machine: {} cores, load average {} when done",
        std::thread::available_parallelism().map_or(0, |n| n.get()),
        load_average()
    );
    println!("  targets: p99 <= 5 ms, first diagnostics <= 100 ms, RSS <= {target_rss:.0} MB");
}

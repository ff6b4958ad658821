//! The transport around tower-lsp: frames are checked on the way in, and diagnostics are
//! written on the way out without tower-lsp's detour through `serde_json::Value`.
//!
//! **In.**
//! tower-lsp 0.20 reads with tokio-util's `FramedRead`, which ends the stream after the first
//! frame it cannot decode (tokio-rs/tokio#3976). One unparsable message would then end the
//! session. So every frame is read here first: a well-formed JSON-RPC message passes through
//! unchanged; a frame whose body is not one (bad JSON, bad UTF-8, not a request or response)
//! is replaced by a request to [`INVALID_MESSAGE`] with id `null`, which the server answers
//! with the JSON-RPC error the specification asks for (`-32700` parse error or `-32600`
//! invalid request, id `null`). Header garbage is skipped up to the next `Content-Length`.
//!
//! **Out.** tower-lsp turns every message to the client into a `serde_json::Value` tree before
//! writing it; for `publishDiagnostics` of a long story (hundreds of diagnostics) that costs
//! several times the serialization itself, on every keystroke. So the session serializes its
//! publications straight from the LSP types into an [`Outbox`], and one writer interleaves them,
//! frame by frame, with what tower-lsp writes.

use serde::{Deserialize, Serialize};
use serde_json::json;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::sync::mpsc;
use tower_lsp::jsonrpc::{Request, Response};

/// The method a bad frame is replaced with.
pub const INVALID_MESSAGE: &str = "newslint/invalidMessage";

/// A message body larger than this is skipped (a 50 MB story is fine).
const MAX_BODY: usize = 512 * 1024 * 1024;

/// What is wrong with a frame, as a JSON-RPC error.
#[derive(Debug, Clone, Deserialize, serde::Serialize)]
pub struct InvalidMessage {
    pub code: i64,
    pub message: String,
}

/// Copies frames from `input` to `output`, replacing the ones tower-lsp could not decode.
/// Ends when `input` ends (or `output` closes).
pub async fn sanitize<R, W>(input: R, mut output: W)
where
    R: AsyncRead + Unpin,
    W: AsyncWrite + Unpin,
{
    let mut input = BufReader::with_capacity(64 * 1024, input);
    loop {
        let Some(length) = read_headers(&mut input).await else {
            break;
        };
        let body = if length > MAX_BODY {
            tracing::error!(length, "message too large; skipped");
            let skipped = tokio::io::copy(
                &mut (&mut input).take(length as u64),
                &mut tokio::io::sink(),
            )
            .await;
            if skipped.map_or(true, |n| n < length as u64) {
                break;
            }
            replacement(-32600, format!("message too large ({length} bytes)"))
        } else {
            let mut body = vec![0; length];
            if input.read_exact(&mut body).await.is_err() {
                break; // the input ended inside a message
            }
            match check(&body) {
                Ok(()) => body,
                Err((code, message)) => {
                    tracing::error!("invalid message from the client: {message}");
                    replacement(code, message)
                }
            }
        };
        let header = format!("Content-Length: {}\r\n\r\n", body.len());
        if output.write_all(header.as_bytes()).await.is_err()
            || output.write_all(&body).await.is_err()
            || output.flush().await.is_err()
        {
            break;
        }
    }
    let _ = output.shutdown().await;
}

/// Where whole frames for the client are queued.
#[derive(Clone)]
pub struct Outbox {
    tx: mpsc::Sender<Vec<u8>>,
}

/// How many frames may wait for the writer before senders wait.
const OUTBOX_FRAMES: usize = 256;

impl Outbox {
    pub fn new() -> (Outbox, mpsc::Receiver<Vec<u8>>) {
        let (tx, rx) = mpsc::channel(OUTBOX_FRAMES);
        (Outbox { tx }, rx)
    }

    /// Sends a notification, serialized straight from `params`. False if the output is closed.
    pub async fn notify<P: Serialize>(&self, method: &str, params: &P) -> bool {
        #[derive(Serialize)]
        struct Notification<'a, P> {
            jsonrpc: &'static str,
            method: &'a str,
            params: &'a P,
        }
        let body = match serde_json::to_vec(&Notification {
            jsonrpc: "2.0",
            method,
            params,
        }) {
            Ok(body) => body,
            Err(e) => {
                tracing::error!(method, "cannot serialize a notification: {e}");
                return false;
            }
        };
        self.tx.send(framed(body)).await.is_ok()
    }
}

impl Outbox {
    /// Tells the writer to write what is queued and end.
    pub async fn stop(&self) {
        let _ = self.tx.send(Vec::new()).await;
    }

    /// Answers a request, serialized straight from `result`. False if the output is closed.
    pub async fn respond<T: Serialize>(
        &self,
        id: &tower_lsp::jsonrpc::Id,
        result: Result<T, tower_lsp::jsonrpc::Error>,
    ) -> bool {
        #[derive(Serialize)]
        struct Reply<'a, T> {
            jsonrpc: &'static str,
            #[serde(skip_serializing_if = "Option::is_none")]
            result: Option<T>,
            #[serde(skip_serializing_if = "Option::is_none")]
            error: Option<tower_lsp::jsonrpc::Error>,
            id: &'a tower_lsp::jsonrpc::Id,
        }
        let (result, error) = match result {
            Ok(r) => (Some(r), None),
            Err(e) => (None, Some(e)),
        };
        match serde_json::to_vec(&Reply {
            jsonrpc: "2.0",
            result,
            error,
            id,
        }) {
            Ok(body) => self.tx.send(framed(body)).await.is_ok(),
            Err(e) => {
                tracing::error!("cannot serialize a response: {e}");
                false
            }
        }
    }
}

fn framed(body: Vec<u8>) -> Vec<u8> {
    let mut frame = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    frame.extend(body);
    frame
}

/// Reads the frames tower-lsp writes and queues them whole. Ends with tower-lsp's output.
pub async fn collect<R: AsyncRead + Unpin>(from: R, outbox: Outbox) {
    let mut from = BufReader::with_capacity(64 * 1024, from);
    while let Some(length) = read_headers(&mut from).await {
        let mut body = vec![0; length];
        if from.read_exact(&mut body).await.is_err() || outbox.tx.send(framed(body)).await.is_err()
        {
            break;
        }
    }
}

/// Writes queued frames to the client until [`Outbox::stop`] (then what is already queued is
/// still written) or until every [`Outbox`] is gone.
pub async fn write<W: AsyncWrite + Unpin>(mut frames: mpsc::Receiver<Vec<u8>>, mut output: W) {
    while let Some(frame) = frames.recv().await {
        if frame.is_empty() {
            frames.close(); // the stop mark: take nothing new
            continue;
        }
        if output.write_all(&frame).await.is_err() {
            break;
        }
        if frames.is_empty() && output.flush().await.is_err() {
            break;
        }
    }
    let _ = output.flush().await;
}

/// [`write`] on a thread of its own, with blocking writes: for standard output, where each
/// asynchronous write would be handed to a blocking thread anyway. One hop less per message.
pub fn write_blocking(mut frames: mpsc::Receiver<Vec<u8>>, mut output: impl std::io::Write) {
    while let Some(frame) = frames.blocking_recv() {
        if frame.is_empty() {
            frames.close();
            continue;
        }
        if output.write_all(&frame).is_err() {
            break;
        }
        if frames.is_empty() && output.flush().is_err() {
            break;
        }
    }
    let _ = output.flush();
}

/// Reads a header block and returns its `Content-Length`. Lines before one are skipped as
/// garbage; a header block without a usable length is skipped too. `None` at the end of input.
async fn read_headers<R: AsyncRead + Unpin>(input: &mut BufReader<R>) -> Option<usize> {
    let mut length: Option<usize> = None;
    let mut line = Vec::new();
    loop {
        line.clear();
        if input.read_until(b'\n', &mut line).await.ok()? == 0 {
            return None;
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            match length {
                Some(n) => return Some(n),
                None => continue, // a blank line between frames, or after garbage
            }
        }
        // A header may follow garbage on the same line (a body that did not end in a newline).
        let Some(at) = text.find("Content-Length:") else {
            if !text.contains(':') {
                tracing::warn!("skipping garbage in the input: {text:?}");
            }
            continue;
        };
        match text[at + "Content-Length:".len()..].trim().parse() {
            Ok(n) => length = Some(n),
            Err(_) => {
                tracing::warn!("bad Content-Length header: {text:?}");
                length = None;
            }
        }
    }
}

/// Whether tower-lsp will decode `body`: UTF-8 JSON that is a JSON-RPC request, notification
/// or response. Otherwise the JSON-RPC error code and a message.
fn check(body: &[u8]) -> Result<(), (i64, String)> {
    let text = std::str::from_utf8(body).map_err(|e| (-32700, format!("not UTF-8: {e}")))?;
    if text.is_empty() {
        return Ok(()); // tower-lsp skips empty bodies
    }
    // The common case first, without building the message: a request or notification whose
    // params are skipped over (a `didOpen` can carry megabytes).
    if serde_json::from_str::<RequestShape>(text).is_ok_and(|r| r.jsonrpc == "2.0") {
        return Ok(());
    }
    if serde_json::from_str::<Request>(text).is_ok()
        || serde_json::from_str::<Response>(text).is_ok()
    {
        return Ok(());
    }
    match serde_json::from_str::<serde::de::IgnoredAny>(text) {
        Err(e) => Err((-32700, format!("parse error: {e}"))),
        Ok(_) => Err((-32600, "not a JSON-RPC 2.0 request or response".to_string())),
    }
}

/// What tower-lsp requires of a request: `"jsonrpc": "2.0"`, a string `method` if any, and an
/// `id` that is a number, a string or null if any; anything else is ignored.
#[derive(Deserialize)]
struct RequestShape<'a> {
    #[serde(borrow)]
    jsonrpc: std::borrow::Cow<'a, str>,
    #[serde(default, borrow, rename = "method")]
    _method: Option<std::borrow::Cow<'a, str>>,
    #[serde(default, rename = "id")]
    _id: Option<IdShape>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum IdShape {
    Number(#[allow(dead_code)] i64),
    String(#[allow(dead_code)] String),
    Null(()),
}

fn replacement(code: i64, message: String) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "jsonrpc": "2.0",
        "id": null,
        "method": INVALID_MESSAGE,
        "params": InvalidMessage { code, message },
    }))
    .expect("a JSON value serializes")
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn run(input: &[u8]) -> String {
        let (mut tx, rx) = tokio::io::duplex(1 << 16);
        let (out_tx, mut out_rx) = tokio::io::duplex(1 << 16);
        let input = input.to_vec();
        tokio::spawn(async move {
            tx.write_all(&input).await.unwrap();
        });
        sanitize(rx, out_tx).await;
        let mut out = String::new();
        out_rx.read_to_string(&mut out).await.unwrap();
        out
    }

    fn frame(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[tokio::test]
    async fn good_frames_pass_and_bad_ones_are_replaced() {
        let good = r#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#;
        let input = format!(
            "{}{}{}{}garbage line\r\n{}{}",
            frame(good),
            frame(r#"{"jsonrpc":"2.0","id":[1],"method":"shutdown"}"#),
            frame("{not json"),
            frame(r#"{"jsonrpc":"1.0","id":2}"#),
            frame(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
            "Content-Length: x\r\n\r\n",
        );
        let out = run(input.as_bytes()).await;
        let bodies: Vec<&str> = out.split("Content-Length: ").skip(1).collect();
        assert_eq!(bodies.len(), 5, "{out}");
        assert!(bodies[0].ends_with(good));
        assert!(
            bodies[1].contains("-32600"),
            "an array is no id: {}",
            bodies[1]
        );
        let parse_error = bodies[2].contains(INVALID_MESSAGE) && bodies[2].contains("-32700");
        assert!(parse_error, "{}", bodies[2]);
        assert!(bodies[3].contains("-32600"), "{}", bodies[3]);
        assert!(bodies[4].contains("initialized"));
    }

    #[tokio::test]
    async fn the_outbox_interleaves_whole_frames_and_drains_on_stop() {
        let (outbox, frames) = Outbox::new();
        let (tower_in, tower_out) = tokio::io::duplex(1 << 16);
        let (out_tx, mut out_rx) = tokio::io::duplex(1 << 20);
        let collecting = tokio::spawn(collect(tower_out, outbox.clone()));
        let mut tower_in = tower_in;
        tower_in
            .write_all(frame(r#"{"jsonrpc":"2.0","id":1,"result":null}"#).as_bytes())
            .await
            .unwrap();
        drop(tower_in);
        collecting.await.unwrap();
        assert!(
            outbox
                .notify("window/logMessage", &json!({ "type": 4, "message": "é😀" }))
                .await
        );
        outbox.stop().await;
        write(frames, out_tx).await;
        let mut out = String::new();
        out_rx.read_to_string(&mut out).await.unwrap();
        let bodies: Vec<&str> = out.split("Content-Length: ").skip(1).collect();
        assert_eq!(bodies.len(), 2, "{out}");
        assert!(bodies[0].contains(r#""result":null"#));
        let body = bodies[1].split("\r\n\r\n").nth(1).unwrap();
        let declared: usize = bodies[1].split("\r\n").next().unwrap().parse().unwrap();
        assert_eq!(declared, body.len(), "the length counts bytes");
        assert!(
            !outbox.notify("window/logMessage", &json!({})).await,
            "closed after stop"
        );
    }

    #[tokio::test]
    async fn a_header_glued_to_garbage_is_found() {
        let good = r#"{"jsonrpc":"2.0","method":"exit"}"#;
        let input = format!("junk without newline{}", frame(good));
        let out = run(input.as_bytes()).await;
        assert!(out.ends_with(good), "{out}");
    }
}

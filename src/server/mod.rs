//! `newslint server`: the Language Server Protocol over stdio, on tower-lsp. The only module
//! that knows LSP; it runs the same core as `newslint check`, on editor buffers.
//!
//! - `backend.rs` lists the LSP methods, one line each, handing off to `handlers/`.
//! - `session.rs` holds the state and the analysis pipeline (debounced, off the executor,
//!   latest version wins, published with its version).
//! - `documents.rs` keeps each open document as a rope with its version and its core cache.
//! - `encoding.rs` negotiates the position encoding and does every position conversion.
//! - `config.rs` finds each document's `newslint.toml` and layers the editor's settings on it.
//! - `workspace.rs` indexes the stories of the workspace folders for cross-story checks.
//!
//! Standard output carries JSON-RPC and nothing else: logs go to stderr through `tracing`
//! (`NEWSLINT_LOG=debug`), and printing is denied below.

#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod backend;
pub mod config;
pub mod documents;
pub mod encoding;
pub mod handlers;
pub mod session;
pub mod transport;
pub mod workspace;

use crate::server::backend::Backend;
use crate::server::session::{CheckFn, Session};
use std::future::Future;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::sync::Notify;
use tower_lsp::jsonrpc::{Request, Response};
use tower_lsp::lsp_types::Url;
use tower_lsp::{LspService, Server};

/// Runs the server on stdin and stdout until the client says `exit` (or closes stdin).
/// Exits 0 after `shutdown` then `exit`, and 1 otherwise, as the specification asks.
pub fn run() -> ExitCode {
    limit_malloc_arenas();
    init_logging();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_time()
        .thread_name("newslint-server")
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            tracing::error!("cannot start the async runtime: {e}");
            return ExitCode::from(2);
        }
    };
    // Build the rules' tables while the editor initializes and opens the story.
    let _ = std::thread::Builder::new()
        .name("newslint-warm".to_string())
        .spawn(crate::core::warm::warm);
    let (_, serving, frames) = serve(tokio::io::stdin());
    let writer = std::thread::Builder::new()
        .name("newslint-stdout".to_string())
        .spawn(move || transport::write_blocking(frames, std::io::stdout().lock()));
    let code = runtime.block_on(serving);
    if let Ok(writer) = writer {
        let _ = writer.join();
    }
    // Do not wait for a check still running on a blocking thread.
    runtime.shutdown_background();
    code
}

/// glibc gives every thread that allocates its own malloc arena. The server's threads (the
/// async runtime's workers, blocking checks, the parallel core) each touch the caches, and the
/// arenas' free space adds up: two arenas keep a 1 MB story's server at about 37 MB instead of
/// 44 MB, at no measurable cost in speed. Called before any thread starts.
fn limit_malloc_arenas() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: mallopt only sets an allocator parameter; it is called before other threads
    // exist.
    unsafe {
        libc::mallopt(libc::M_ARENA_MAX, 2);
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("NEWSLINT_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(false)
        .try_init();
}

/// A handle on a running server's state, for tests and embedders.
#[derive(Clone)]
pub struct Handle {
    session: Arc<Session>,
}

impl Handle {
    /// The text and version of an open document, as the server holds it.
    pub fn document(&self, uri: &Url) -> Option<(String, i32)> {
        self.session.documents.text(uri)
    }

    /// How many stories the workspace index holds.
    pub fn indexed_stories(&self) -> usize {
        self.session.workspace.indexed()
    }

    /// Replaces the function that checks a story (tests use it to make a check panic).
    #[doc(hidden)]
    pub fn replace_check(&self, f: CheckFn) {
        self.session.set_check(f);
    }
}

/// Builds a server speaking over `input` and `output`. Returns a handle on its state and the
/// future that serves until `exit` (or the end of `input`), resolving to the exit code.
pub fn start<I, O>(input: I, output: O) -> (Handle, impl Future<Output = ExitCode>)
where
    I: AsyncRead + Unpin,
    O: AsyncWrite + Unpin,
{
    let (handle, serving, frames) = serve(input);
    let run = async move {
        let (code, ()) = tokio::join!(serving, transport::write(frames, output));
        code
    };
    (handle, run)
}

/// The server without its writer: a handle, the future that serves until `exit` (or the end
/// of `input`), and the frames to write to the client, in order.
fn serve<I: AsyncRead + Unpin>(
    input: I,
) -> (
    Handle,
    impl Future<Output = ExitCode>,
    tokio::sync::mpsc::Receiver<Vec<u8>>,
) {
    let (outbox, frames) = transport::Outbox::new();
    let session_outbox = outbox.clone();
    let (service, socket) = LspService::build(move |client| Backend::new(client, session_outbox))
        .custom_method(transport::INVALID_MESSAGE, Backend::invalid_message)
        .finish();
    let session = service.inner().session.clone();
    let exit = Arc::new(Notify::new());
    let service = Guard {
        inner: service,
        session: session.clone(),
        exit: exit.clone(),
        shutdown: Arc::new(AtomicBool::new(false)),
    };
    let shutdown = service.shutdown.clone();
    // Frames pass through `transport::sanitize` on their way in, and through an outbox on
    // their way out (where the session adds its diagnostics).
    let (checked_in, checked_out) = tokio::io::duplex(64 * 1024);
    let (tower_out, tower_frames) = tokio::io::duplex(64 * 1024);
    let stopper = outbox.clone();
    let serving = async move {
        tokio::select! {
            _ = async {
                tokio::join!(
                    transport::sanitize(input, checked_in),
                    Server::new(checked_out, tower_out, socket).serve(service),
                    transport::collect(tower_frames, outbox),
                )
            } => {}
            _ = exit.notified() => {}
        }
        stopper.stop().await;
        if shutdown.load(Ordering::SeqCst) {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        }
    };
    (Handle { session }, serving, frames)
}

/// Wraps the service: notices `shutdown` and `exit` (tower-lsp stops serving only when the
/// next message arrives), turns a panic in a handler into an error response instead of the end
/// of the server, and answers `textDocument/diagnostic` itself.
///
/// That last one is for speed: tower-lsp turns every response into a `serde_json::Value` tree
/// before writing it, which for the hundreds of diagnostics of a long story costs more than
/// checking it. Pulled diagnostics are written straight to the output instead, as pushed ones
/// are (see `transport.rs`); between `initialized` and `shutdown` only, where tower-lsp would
/// answer the same way.
struct Guard<S> {
    inner: S,
    session: Arc<Session>,
    exit: Arc<Notify>,
    shutdown: Arc<AtomicBool>,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower::Service<Request> for Guard<S>
where
    S: tower::Service<Request, Response = Option<Response>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
{
    type Response = Option<Response>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Option<Response>, S::Error>>;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, req: Request) -> Self::Future {
        if req.method() == "textDocument/diagnostic" && req.id().is_some() && self.session.serving()
        {
            let session = self.session.clone();
            return Box::pin(async move {
                let (_, id, params) = req.into_parts();
                let id = id.unwrap_or(tower_lsp::jsonrpc::Id::Null);
                let parsed = params
                    .map(serde_json::from_value::<tower_lsp::lsp_types::DocumentDiagnosticParams>);
                let result = match parsed {
                    Some(Ok(params)) => {
                        let pulled =
                            AssertUnwindSafe(handlers::diagnostic::pulled(&session, params));
                        match CatchUnwind(Box::pin(pulled)).await {
                            Ok(result) => Ok(result),
                            Err(()) => Err(tower_lsp::jsonrpc::Error::internal_error()),
                        }
                    }
                    Some(Err(e)) => Err(tower_lsp::jsonrpc::Error::invalid_params(e.to_string())),
                    None => Err(tower_lsp::jsonrpc::Error::invalid_params("missing params")),
                };
                session.respond(&id, result).await;
                Ok(None)
            });
        }
        let method = req.method().to_string();
        let id = req.id().cloned();
        if method == "shutdown" {
            self.shutdown.store(true, Ordering::SeqCst);
        }
        let fut = self.inner.call(req);
        let exit = (method == "exit").then(|| self.exit.clone());
        Box::pin(async move {
            let result = CatchUnwind(Box::pin(fut)).await;
            if let Some(exit) = exit {
                exit.notify_one();
            }
            match result {
                Ok(r) => r,
                Err(()) => {
                    tracing::error!(method, "a handler panicked; the server carries on");
                    Ok(id.map(|id| {
                        Response::from_error(id, tower_lsp::jsonrpc::Error::internal_error())
                    }))
                }
            }
        })
    }
}

/// Polls a future, catching a panic.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let fut = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| fut.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(v)) => Poll::Ready(Ok(v)),
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

//! Random incremental edits and bursts of edits: the server's text always equals a reference
//! string, and the diagnostics after the last edit equal those of a fresh open of the final
//! text (which also checks the core's warm cache against a cold one).

use crate::lsp_client::{essence, only_quotes, range, Client, Enc};
use proptest::prelude::*;
use serde_json::{json, Value};

/// Pieces that break naive position arithmetic, plus quote marks so `mixed-quote-style` has
/// something to say.
const PIECES: &[&str] = &[
    "a",
    "word ",
    "The mayor",
    "'s ",
    "’s ",
    "“",
    "”",
    "\"",
    "😀",
    "👩\u{200d}👩\u{200d}👧",
    "e\u{301}",
    "中文",
    "𝒜",
    "\r\n",
    "\r",
    "\n",
    "\n\n",
    "\u{2028}",
];

/// A paragraph of wire copy, repeated to make stories longer than one section.
const PARAGRAPH: &str = "The harbour board’s vote was delayed on Tuesday, the chair said. “We need the invoices first,” she told reporters.\n\n";

/// One change, resolved against the text when it is sent: a start among the text's character
/// boundaries, a length in characters, and the text to insert.
#[derive(Debug, Clone)]
struct Change {
    start: u16,
    len: u8,
    insert: String,
}

fn pieces(max: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(PIECES), 0..max).prop_map(|v| v.concat())
}

fn change() -> impl Strategy<Value = Change> {
    (any::<u16>(), 0u8..16, pieces(4)).prop_map(|(start, len, insert)| Change {
        start,
        len,
        insert,
    })
}

/// Offsets a client can address: character boundaries, but not between the CR and LF of a
/// line break.
fn boundaries(text: &str) -> Vec<usize> {
    let b = text.as_bytes();
    text.char_indices()
        .map(|(i, _)| i)
        .chain([text.len()])
        .filter(|&i| !(i > 0 && b[i - 1] == b'\r' && b.get(i) == Some(&b'\n')))
        .collect()
}

/// Applies `change` to `text` and returns it as an LSP content change.
fn resolve(text: &mut String, change: &Change, enc: Enc) -> Value {
    let bounds = boundaries(text);
    let i = change.start as usize % bounds.len();
    let j = (i + change.len as usize).min(bounds.len() - 1);
    let (s, e) = (bounds[i], bounds[j]);
    let lsp = json!({ "range": range(text, s, e, enc), "text": change.insert });
    text.replace_range(s..e, &change.insert);
    lsp
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// Opens `text` in a fresh document and returns its diagnostics.
async fn fresh(c: &mut Client, uri: &str, text: &str) -> Vec<Value> {
    c.open(uri, 1, text);
    c.diagnostics(uri, 1).await
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 40, ..ProptestConfig::default() })]

    #[test]
    fn random_edits_keep_the_text_and_the_diagnostics_right(
        long in any::<bool>(),
        start in pieces(30),
        notifications in prop::collection::vec(prop::collection::vec(change(), 1..4), 1..8),
        utf8 in any::<bool>(),
    ) {
        let rt = runtime();
        rt.block_on(async {
            let (mut c, handle) = Client::in_process();
            let offered: &[&str] = if utf8 { &["utf-8"] } else { &["utf-16"] };
            c.initialize(offered, only_quotes(json!({})), json!({}), None).await;
            let enc = c.enc;
            let uri = "file:///newsroom/edited.md";
            let mut text = if long { PARAGRAPH.repeat(150) } else { String::new() };
            text.push_str(&start);
            c.open(uri, 1, &text);
            let mut version = 1;
            for changes in &notifications {
                version += 1;
                let lsp: Vec<Value> = changes.iter().map(|ch| resolve(&mut text, ch, enc)).collect();
                c.change(uri, version, lsp);
            }
            let diags = c.diagnostics(uri, version).await;
            let (server_text, server_version) = handle.document(&uri.parse().unwrap()).unwrap();
            assert_eq!(server_text, text);
            assert_eq!(server_version as i64, version);
            let expected = fresh(&mut c, "file:///newsroom/fresh.md", &text).await;
            assert_eq!(essence(&diags), essence(&expected));
        });
        rt.shutdown_background();
    }
}

/// A tiny deterministic generator (no dependency needed for a fixed burst).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) as usize
    }
}

async fn burst(debounce_ms: u64) {
    let (mut c, handle) = Client::in_process();
    c.initialize(
        &["utf-16"],
        only_quotes(json!({ "debounceMs": debounce_ms })),
        json!({}),
        None,
    )
    .await;
    let enc = c.enc;
    let uri = "file:///newsroom/burst.md";
    let mut text = PARAGRAPH.repeat(200);
    c.open(uri, 1, &text);
    let mut rng = Lcg(debounce_ms + 7);
    let inserts = ["'", "’", "x", " ", "😀", "\n", "\"", "“"];
    for version in 2..=201 {
        let bounds = boundaries(&text);
        let at = bounds[rng.next() % bounds.len()];
        let insert = inserts[rng.next() % inserts.len()];
        c.change(
            uri,
            version,
            vec![json!({ "range": range(&text, at, at, enc), "text": insert })],
        );
        text.insert_str(at, insert);
    }
    let diags = c.diagnostics(uri, 201).await;
    assert_eq!(handle.document(&uri.parse().unwrap()).unwrap().0, text);
    let published: Vec<Option<i64>> = c
        .record()
        .published
        .iter()
        .filter(|p| p.uri == uri)
        .map(|p| p.version)
        .collect();
    assert!(
        published.iter().all(Option::is_some),
        "every set carries a version: {published:?}"
    );
    assert!(
        published.windows(2).all(|w| w[0] <= w[1]),
        "never an older version after a newer one: {published:?}"
    );
    let expected = fresh(&mut c, "file:///newsroom/burst-fresh.md", &text).await;
    assert!(!expected.is_empty());
    assert_eq!(essence(&diags), essence(&expected));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_changes_ends_like_a_fresh_open() {
    burst(0).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_of_200_changes_with_the_default_debounce() {
    burst(75).await;
}

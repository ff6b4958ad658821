//! What one keystroke costs the core on a 1 MB story, without the server around it: checks the
//! story once (nothing cached), then makes the same single-character edits as the
//! `lsp-latency` benchmark and re-checks after each, reusing the cache. Prints the time of the
//! first check and the per-edit percentiles; asserts nothing about time.
//!
//! Run: `cargo bench --bench edit-cost` (options after `--`: `--size BYTES`, `--edits N`,
//! `--threads N` for the parallel core's pool). For instruction counts, which do not move with
//! the machine's load, run the built binary under callgrind with one thread:
//! `valgrind --tool=callgrind --toggle-collect='edit_cost::edit_check' BIN --threads 1`.

// Each benchmark uses part of what the two share.
#[allow(dead_code)]
#[path = "story.rs"]
mod story;

use newslint::core::{check_cached, Cache, Config, Diagnostic, Settings, SourceKind};
use std::time::Instant;

/// One re-check after an edit: the function callgrind counts.
#[inline(never)]
fn edit_check(text: &str, config: &Config, cache: &mut Cache) -> Vec<Diagnostic> {
    check_cached(text, SourceKind::Markdown, config, cache)
}

fn main() {
    let size = story::arg("--size", 1_000_000);
    let edits = story::arg("--edits", 200);
    let threads = story::arg("--threads", 0);
    if threads > 0 {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .use_current_thread()
            .build_global()
            .expect("the first use of the global pool");
    }
    let config = Config::new(Settings::default()).expect("the default settings are valid");
    let mut text = story::story(size, false);
    let mut cache = Cache::new();

    let start = Instant::now();
    let first = check_cached(&text, SourceKind::Markdown, &config, &mut cache);
    let first_time = start.elapsed();

    let mut rng = story::Lcg(42);
    let mut times = Vec::with_capacity(edits);
    let mut last = 0;
    for i in 0..edits {
        let (range, insert) = story::next_edit(&text, &mut rng, i);
        // As the server does: tell the core what the edit left alone.
        cache.unchanged(range.start, text.len() - range.end);
        text.replace_range(range, insert);
        let start = Instant::now();
        last = edit_check(&text, &config, &mut cache).len();
        times.push(start.elapsed());
    }
    times.sort();
    println!(
        "newslint core, one edit re-checked ({:.1} MB story, {edits} edits, {} threads)",
        size as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!(
        "  first check: {} ({} findings); after the edits: {last} findings",
        story::ms(first_time),
        first.len()
    );
    if !times.is_empty() {
        println!(
            "  per edit: p50 {}  p95 {}  p99 {}  max {}",
            story::ms(story::percentile(&times, 0.5)),
            story::ms(story::percentile(&times, 0.95)),
            story::ms(story::percentile(&times, 0.99)),
            story::ms(*times.last().unwrap())
        );
    }
}

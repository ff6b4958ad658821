#!/usr/bin/env bash
# Times `newslint check` on 1,000 synthetic five-kilobyte stories: builds the release binary,
# writes the corpus to target/bench-corpus/ and prints the figure (hyperfine if installed,
# `apt-get install hyperfine`; else a timing loop). See benches/check.rs.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench --bench check "$@"

#!/usr/bin/env bash
# Runs every test newslint has, on a fresh machine: installs what the tests need, then runs
# cargo fmt --check, clippy, the whole cargo test suite, and the editor integrations end to end
# in real headless editors (tests/editors/run.sh: Neovim, VS Code through code-server, Emacs).
# Installs are cached (target/, target/editors/), so a second run skips them. Prints how long
# each stage took; exits non-zero if any stage fails.
set -euo pipefail
cd "$(dirname "$0")/.."

now() { date +%s.%N; }
took() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
T0=$(now)

echo "== cargo fmt --check"
cargo fmt --check
t=$(now)
echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "-- clippy: $(took "$t") s"
t=$(now)
echo "== cargo test"
cargo test --locked
echo "-- cargo test: $(took "$t") s"
t=$(now)
echo "== cargo build --release (the binary the editor tests run)"
cargo build --release --locked
echo "-- cargo build --release: $(took "$t") s"
t=$(now)
echo "== editor tests"
tests/editors/run.sh
echo "-- editor tests: $(took "$t") s; everything: $(took "$T0") s"

#!/usr/bin/env bash
# Runs every test newslint has, on a fresh machine: installs what the tests need, then runs
# cargo fmt --check, clippy, and the whole cargo test suite.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== cargo fmt --check"
cargo fmt --check
echo "== cargo clippy"
cargo clippy --all-targets --locked -- -D warnings
echo "== cargo test"
cargo test --locked

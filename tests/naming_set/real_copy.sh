#!/usr/bin/env bash
# Runs the naming rules over real published English copy: the CONTENT lines of the English
# pages in ../shared/corpus/chrome-dev.jsonl.gz (pages with at least five body lines), one
# story per page, written to a temporary folder (never into the repository). Prints how many
# diagnostics each rule raises; review them by hand to judge precision:
#   tests/naming_set/real_copy.sh            # counts
#   tests/naming_set/real_copy.sh --show     # every diagnostic, concise
# Needs a release build: cargo build --release.
set -euo pipefail
cd "$(dirname "$0")/../.."
corpus="${CORPUS:-../shared/corpus/chrome-dev.jsonl.gz}"
[ -f "$corpus" ] || corpus="../../shared/corpus/chrome-dev.jsonl.gz"
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
zcat "$corpus" | python3 -c '
import sys, json
n = 0
for line in sys.stdin:
    d = json.loads(line)
    if d["lang"] != "en":
        continue
    body = [x["text"] for x in d["lines"] if x["label"] == "CONTENT"]
    if len(body) < 5:
        continue
    n += 1
    open("%s/%03d.txt" % (sys.argv[1], n), "w").write("\n\n".join(body) + "\n")
print(n, "stories", file=sys.stderr)
' "$dir"
rules="inconsistent-name person-reference acronym-undefined acronym-before-definition acronym-redefined mixed-dash-style mixed-quote-style"
for rule in $rules; do
    if [ "${1:-}" = "--show" ]; then
        target/release/newslint check --format concise --select "$rule" "$dir" | sed "s|$dir/||" || true
    else
        printf '%-28s %s\n' "$rule" "$(target/release/newslint check --format concise --select "$rule" "$dir" | wc -l)"
    fi
done

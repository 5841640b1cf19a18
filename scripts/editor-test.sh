#!/usr/bin/env bash
# Real-editor tests: runs the extension in a real VS Code (code-server from npm) driven by a headless
# Chromium (Debian package) through playwright-core. Needs only the npm registry and apt.
#   1. integration suites (test/integration/*.test.ts) inside code-server's extension host
#   2. UI tests (test/ui/ui.test.mjs) against the packaged .vsix installed into code-server
#
# usage: npm run test:editor            (or: bash scripts/editor-test.sh)
# env:   SKIP_HOST=1 / SKIP_UI=1        skip a phase
#        GEO_TEST_GREP=re / UI_GREP=re  run only matching integration / UI tests
#        EXT_TEST_TIMEOUT_MS            budget for the integration suites (default 300000)
#        SKIP_BUILD=1                   use the existing dist/ (e.g. while `node esbuild.mjs --watch` runs)
#        KEEP_RUN=1                     keep .work/run (profile, logs) and the workspaces afterwards
#        CHROMIUM=/path/to/chromium     browser binary (default: chromium on PATH)
#        VERBOSE=1                      echo the browser console
#        UPDATE_SCREENSHOTS=1           refresh media/screenshots/highlights-hover.png (the README's) from the UI test
# Everything it installs goes under .work/ (gitignored): code-server in .work/cs, screenshots in
# .work/shots, logs in .work/run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
WORK="$ROOT/.work"
CS_VERSION=4.100.3   # newest code-server that runs on Node 20 (VS Code 1.100.3)
RG_PKG_VERSION=1.18.0
START=$SECONDS
log() { printf '[editor-test +%3ds] %s\n' "$((SECONDS - START))" "$*"; }
die() {
  printf '[editor-test] ERROR: %s\n' "$*" >&2
  exit 1
}
# Polls a command until it succeeds or the deadline (seconds) passes: wait_until SECONDS CMD...
wait_until() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    sleep 0.2
  done
}

cd "$ROOT"
mkdir -p "$WORK/tmp"
SYS_TMP=${TMPDIR:-/tmp}
export TMPDIR="$WORK/tmp"            # code-server's temp files; @vscode/ripgrep's download cache
export XDG_CONFIG_HOME="$WORK/xdg"   # keeps code-server from writing ~/.config/code-server
export XDG_DATA_HOME="$WORK/xdg-data"

CS_DIR="$WORK/cs"
CS="$CS_DIR/node_modules/.bin/code-server"
CS_MARKER="$CS_DIR/.installed-$CS_VERSION"

# --- 1. system packages ---------------------------------------------------------------------------
NODE_MAJOR=$(node -p 'process.versions.node.split(".")[0]')
[ "$NODE_MAJOR" = 20 ] || log "warning: code-server $CS_VERSION expects Node 20, this is Node $NODE_MAJOR"

CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
missing=()
[ -n "$CHROMIUM" ] || missing+=(chromium)
command -v curl >/dev/null || missing+=(curl)
if [ ! -f "$CS_MARKER" ]; then
  # only needed to build code-server's native modules (kerberos, node-pty, ...)
  [ -e /usr/include/gssapi/gssapi.h ] || missing+=(libkrb5-dev)
  for tool in python3 make g++ pkg-config; do command -v "$tool" >/dev/null || missing+=("$tool"); done
fi
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ]; then SUDO=()
  elif sudo -n true 2>/dev/null; then SUDO=(sudo)
  else die "missing system packages: ${missing[*]} (run: sudo apt-get install -y ${missing[*]})"
  fi
  log "apt-get install ${missing[*]}"
  "${SUDO[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${SUDO[@]}" apt-get install -y -qq "${missing[@]}" >"$WORK/apt.log" 2>&1 \
    || { tail -30 "$WORK/apt.log"; die "apt-get install failed"; }
  CHROMIUM=${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}
fi
[ -x "$CHROMIUM" ] || die "no chromium binary found"
export CHROMIUM
log "system packages ready ($("$CHROMIUM" --version 2>/dev/null | head -1))"

# --- 2. code-server from npm ----------------------------------------------------------------------
if [ ! -f "$CS_MARKER" ]; then
  log "installing code-server@$CS_VERSION into .work/cs (a few minutes, log: .work/cs-install.log)"
  rm -rf "$CS_DIR" "$WORK/rgpkg"
  # @vscode/ripgrep's postinstall downloads rg from GitHub (unreachable here); it first looks in
  # $TMPDIR/vscode-ripgrep-cache-<its version>/, so seed that with the rg of @vscode/ripgrep-linux-x64.
  mkdir -p "$WORK/rgpkg"
  (cd "$WORK/rgpkg" && npm pack "@vscode/ripgrep-linux-x64@$RG_PKG_VERSION" --silent >/dev/null \
    && tar xzf vscode-ripgrep-linux-x64-*.tgz)
  [ -x "$WORK/rgpkg/package/bin/rg" ] || die "could not get rg from @vscode/ripgrep-linux-x64"
  for v in 1.15.9 1.15.10 1.15.11 1.15.12 1.15.13 1.15.14; do
    mkdir -p "$TMPDIR/vscode-ripgrep-cache-$v"
    tar czf "$TMPDIR/vscode-ripgrep-cache-$v/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" \
      -C "$WORK/rgpkg/package/bin" rg
  done
  mkdir -p "$CS_DIR"
  echo '{ "name": "code-server-host", "private": true }' >"$CS_DIR/package.json"
  # unsafe_perm: code-server's postinstall refuses root otherwise; yes: node-pty's postinstall runs
  # `npx node-gyp`; nodedir: node-gyp uses Debian's Node headers instead of downloading them.
  (cd "$CS_DIR" && npm_config_unsafe_perm=true npm_config_yes=true npm_config_nodedir=/usr \
    npm install "code-server@$CS_VERSION" --no-audit --no-fund --no-save >"$WORK/cs-install.log" 2>&1) \
    || { tail -40 "$WORK/cs-install.log"; die "code-server install failed (see .work/cs-install.log)"; }
  [ -x "$CS" ] || die "code-server binary missing after install"
  touch "$CS_MARKER"
fi
log "code-server $("$CS" --version 2>/dev/null | grep -E "^[0-9]+\." | head -1)"

# --- 3. build the extension and the test bundles --------------------------------------------------
if [ -z "${SKIP_BUILD:-}" ]; then
  node esbuild.mjs >"$WORK/build.log" 2>&1 || { cat "$WORK/build.log"; die "extension build failed"; }
fi
node test/integration/build.mjs
log "built $([ -z "${SKIP_BUILD:-}" ] && echo "dist/ and ")the test bundles in .work/itest/"

# --- 4. fresh profile and workspaces; start code-server in its own process group ------------------
RUN="$WORK/run"
rm -rf "$RUN"
mkdir -p "$RUN/user-data/User" "$RUN/extensions" "$RUN/logs" "$WORK/shots"
rm -f "$WORK"/shots/*.png
cp test/fixtures/settings.json "$RUN/user-data/User/settings.json"
# Workspaces live outside the repo (a parent git repository would add SCM prompts and noise).
WS_PARENT=$(mktemp -d "$SYS_TMP/geo-annotator-editor-test.XXXXXX")
WS_HOST="$WS_PARENT/host-ws"
WS_UI="$WS_PARENT/ui-ws"
cp -R test/fixtures/workspace "$WS_HOST"
cp -R test/fixtures/workspace "$WS_UI"

CS_PID=
cleanup() {
  local rc=$?
  if [ -n "$CS_PID" ]; then
    kill -TERM -- "-$CS_PID" 2>/dev/null || true
    wait_until 10 eval '! kill -0 -- "-$CS_PID" 2>/dev/null' || kill -KILL -- "-$CS_PID" 2>/dev/null || true
  fi
  if [ -z "${KEEP_RUN:-}" ]; then rm -rf "$WS_PARENT"; else log "kept $RUN and $WS_PARENT"; fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

free_port() { node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
CS_ARGS=(--auth none --disable-telemetry --disable-update-check --disable-workspace-trust
  --disable-getting-started-override --ignore-last-opened
  --user-data-dir "$RUN/user-data" --extensions-dir "$RUN/extensions")
for attempt in 1 2 3; do
  PORT=$(free_port)
  printf 'bind-addr: 127.0.0.1:%s\nauth: none\ncert: false\n' "$PORT" >"$RUN/config.yaml"
  # setsid: code-server, its extension hosts and watchers share one process group, killed at exit
  setsid "$CS" --config "$RUN/config.yaml" "${CS_ARGS[@]}" >"$RUN/code-server.log" 2>&1 </dev/null &
  CS_PID=$!
  if wait_until 60 eval 'curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 || ! kill -0 $CS_PID 2>/dev/null' \
    && kill -0 "$CS_PID" 2>/dev/null; then
    break
  fi
  kill -KILL -- "-$CS_PID" 2>/dev/null || true
  CS_PID=
  grep -q EADDRINUSE "$RUN/code-server.log" && [ "$attempt" -lt 3 ] && continue
  tail -20 "$RUN/code-server.log"
  die "code-server did not start (log: .work/run/code-server.log)"
done
CS_URL="http://127.0.0.1:$PORT"
log "code-server listening on $CS_URL (process group $CS_PID)"

rc=0
# --- 5. integration suites inside the real extension host ---------------------------------------
if [ -z "${SKIP_HOST:-}" ]; then
  log "integration suites (extension host)"
  CS_URL="$CS_URL" EXT_DIR="$ROOT" EXT_TESTS="$WORK/itest/runner.js" WS_DIR="$WS_HOST" LOG_DIR="$RUN/logs/host" \
    node test/integration/payload-driver.mjs || rc=1
  log "integration suites: $([ $rc = 0 ] && echo ok || echo FAILED)"
fi

# --- 6. package, install, UI tests ----------------------------------------------------------------
if [ -z "${SKIP_UI:-}" ]; then
  VSIX="$WORK/geo-annotator.vsix"
  rm -f "$VSIX"
  # Packaged with the repo's .vscodeignore (an allow-list), exactly as `vsce package` does for a release.
  # --no-dependencies: esbuild bundles the runtime dependencies into dist/extension.js.
  # --no-rewrite-relative-links: the README's screenshot link stays relative (the repository URL is not
  # on GitHub, so vsce could not make it absolute); VS Code shows it from the installed extension.
  [ -f .vscodeignore ] || die "no .vscodeignore: vsce would pack .work/, node_modules/, src/ and test/"
  if node_modules/.bin/vsce package --allow-missing-repository --skip-license --no-dependencies \
    --no-rewrite-relative-links -o "$VSIX" </dev/null >"$RUN/vsce.log" 2>&1; then
    size_kb=$(($(stat -c %s "$VSIX") / 1024))
    log "packaged .work/geo-annotator.vsix (${size_kb} KB, contents: .work/run/vsix-contents.txt)"
    ((size_kb < 50000)) || { log "the .vsix is over 50 MB: check .vscodeignore"; rc=1; }
    # What ships: the bundle, the compiled glossary, media/, syntaxes/, the sample, README, CHANGELOG,
    # LICENSE; nothing else (no src/, test/, node_modules/, .work/, other samples, cli.js, maps).
    unzip -Z1 "$VSIX" | sort >"$RUN/vsix-contents.txt"
    for f in extension/package.json extension/readme.md extension/changelog.md extension/LICENSE.txt \
      extension/dist/extension.js extension/dist/yaml.js extension/dist/glossary.json extension/dist/glossary-bundled.json extension/dist/glossary-bundled.matcher.bin extension/samples/beirut-strikes.md \
      extension/media/icon.png extension/media/screenshots/highlights-hover.png; do
      grep -qx "$f" "$RUN/vsix-contents.txt" || { log "the .vsix lacks $f"; rc=1; }
    done
    for d in extension/syntaxes/ extension/media/glossary/ extension/media/walkthrough/; do
      grep -q "^$d" "$RUN/vsix-contents.txt" || { log "the .vsix has nothing under $d"; rc=1; }
    done
    stray=$(grep -Ev '^(extension\.vsixmanifest|\[Content_Types\]\.xml|extension/(package\.json|readme\.md|changelog\.md|LICENSE\.txt|dist/extension\.js|dist/yaml\.js|dist/glossary\.json|dist/glossary-bundled\.json|dist/glossary-bundled\.matcher\.bin|media/.+|syntaxes/.+|samples/beirut-strikes\.md))$' \
      "$RUN/vsix-contents.txt" || true)
    [ -z "$stray" ] || { log "the .vsix ships files it should not (check .vscodeignore):"; printf '    %s\n' $stray; rc=1; }
    if "$CS" --config "$RUN/config.yaml" "${CS_ARGS[@]}" --install-extension "$VSIX" --force \
      >"$RUN/install-extension.log" 2>&1 \
      && "$CS" --config "$RUN/config.yaml" "${CS_ARGS[@]}" --list-extensions 2>/dev/null \
      | grep -qx 'geo-annotator.geo-annotator'; then
      log "installed geo-annotator.geo-annotator into code-server; UI tests"
      CS_URL="$CS_URL" WS_DIR="$WS_UI" SHOTS_DIR="$WORK/shots" node test/ui/ui.test.mjs || rc=1
    else
      cat "$RUN/install-extension.log"
      log "installing the .vsix into code-server failed"
      rc=1
    fi
  else
    cat "$RUN/vsce.log"
    log "vsce package failed"
    rc=1
  fi
fi

log "done: $([ $rc = 0 ] && echo PASSED || echo FAILED) (screenshots: .work/shots, logs: .work/run)"
exit $rc

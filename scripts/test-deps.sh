#!/usr/bin/env bash
# What `npm test` needs beyond npm packages, installed from Debian when missing:
#   chromium (webview tests drive /usr/bin/chromium with playwright-core; no browser download)
#   neovim   (the language server driven by Neovim's built-in LSP client)
# Idempotent: does nothing when both are present. Needs root to install; without root
# it says what is missing and the tests that need it fail with that reason.
set -uo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v nvim >/dev/null 2>&1 || missing+=(neovim)
[ "${#missing[@]}" -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "[test-deps] missing: ${missing[*]} (install as root: apt-get install -y ${missing[*]})" >&2
  exit 0
fi
echo "[test-deps] apt-get install ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get -o DPkg::Lock::Timeout=600 update -qq >/dev/null 2>&1
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}" >/dev/null 2>&1 \
  || echo "[test-deps] apt-get install ${missing[*]} failed; the tests that need them will say so" >&2
exit 0

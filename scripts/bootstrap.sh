#!/usr/bin/env bash
# Installs what building and testing Tværs needs, skipping whatever is already there:
# the wasm target, cargo-leptos, the wasm-bindgen CLI matching Cargo.lock, cargo-deny, and (with --browser)
# the npm packages (Playwright, binaryen's wasm-opt) and Debian's Chromium.
# Nothing is downloaded from GitHub: every tool comes from crates.io, npm or Debian.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[[ "${1:-}" == "--browser" ]] && want_browser=true

say() { printf '\033[1m[bootstrap]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

LEPTOS_VERSION=0.3.10 # 0.3.11 needs a newer rustc than this machine's
if [[ "$(cargo leptos --version 2>/dev/null || true)" != *"$LEPTOS_VERSION"* ]]; then
  say "installing cargo-leptos $LEPTOS_VERSION (15–20 minutes, once)"
  cargo install cargo-leptos --version "$LEPTOS_VERSION" --locked
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock exactly.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != *"$BINDGEN_VERSION"* ]]; then
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (5–8 minutes, once)"
  # Without --locked: its lock file names a webpki-roots version that is gone from crates.io.
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

# Checks the dependencies' licences, duplicates and sources against deny.toml (scripts/test.sh).
DENY_VERSION=0.20.2
if [[ "$(cargo deny --version 2>/dev/null || true)" != *"$DENY_VERSION"* ]]; then
  say "installing cargo-deny $DENY_VERSION (5–10 minutes, once)"
  cargo install cargo-deny --version "$DENY_VERSION" --locked
fi

# binaryen's wasm-opt for release builds comes from npm (Debian's version 108 breaks hydration).
if [[ ! -x end2end/node_modules/.bin/wasm-opt || end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]]; then
  say "installing npm packages in end2end/ (wasm-opt, Playwright)"
  (cd end2end && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
fi

# A real SMTP server for development and the integration tests (scripts/mail-sink.py):
# aiosmtpd from PyPI, in a virtual environment of its own.
MAIL_VENV="$HOME/.cache/tvaers/mail-venv"
if ! "$MAIL_VENV/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
  say "installing aiosmtpd into $MAIL_VENV (the local SMTP server the tests send to)"
  mkdir -p "$(dirname "$MAIL_VENV")"
  python3 -m venv "$MAIL_VENV"
  "$MAIL_VENV/bin/pip" install --quiet --disable-pip-version-check 'aiosmtpd>=1.4,<2'
fi

if $want_browser && [[ ! -x /usr/bin/chromium ]]; then
  say "installing Debian's Chromium for the browser tests"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y --no-install-recommends chromium || { apt-get update && apt-get install -y --no-install-recommends chromium; }
fi

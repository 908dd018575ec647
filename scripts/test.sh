#!/usr/bin/env bash
# The whole test suite, as CI runs it: formatting and lints, unit tests, integration tests
# through the real HTTP server on SQLite and PostgreSQL, then a release build tested end to end
# in Chromium on tablet, phone and laptop viewports.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh --browser
source scripts/env.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

# PostgreSQL must be there: the integration tests fail, not skip, without it.
export TVAERS_TEST_POSTGRES_URL="${TVAERS_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  step "starting the local PostgreSQL"
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi

step "format"
cargo fmt --all -- --check

step "documentation references"
scripts/check-doc-refs.sh

# deny.toml: licences compatible with the EUPL, no "*" versions, crates.io only. The crates come
# from crates.io (cargo fetch); the check itself runs offline (its advisories check would need
# GitHub). Duplicate versions are counted as warnings: `cargo deny check bans` lists them.
step "dependency licences, bans and sources"
cargo fetch --locked --quiet
cargo deny --frozen --log-level error check --show-stats licenses bans sources

step "clippy (server and browser builds)"
cargo clippy -p app -p tvaers --all-targets --features app/ssr,tvaers/bench -- -D warnings
cargo clippy -p app --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

step "unit tests"
cargo test -p app --features ssr --lib
cargo test -p tvaers --lib --bins

step "integration tests (SQLite and PostgreSQL)"
cargo test -p tvaers --test api

step "release build"
cargo leptos build --release --precompress

step "end-to-end tests in Chromium"
scripts/e2e.sh

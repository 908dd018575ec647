#!/usr/bin/env bash
# Starts the release build on a fresh demo database, with single sign-on through a local OpenID
# provider and mail through a local SMTP sink, and runs the Playwright tests against it.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
port="${TVAERS_E2E_PORT:-3100}"
# Something else answering on the port would be tested instead of this build.
if curl -s -o /dev/null "http://127.0.0.1:$port/" 2>/dev/null; then
  echo "e2e: port $port is already in use; stop what listens there or set TVAERS_E2E_PORT" >&2
  exit 1
fi
data_dir=$(mktemp -d)
# A real OpenID provider for single sign-on (end2end/oidc-provider.mjs on npm oidc-provider),
# on a free port it names in its first line; it sends the browser back to this server.
node end2end/oidc-provider.mjs --port 0 --redirect-base "http://127.0.0.1:$port" \
  > "$data_dir/oidc.log" 2>&1 &
oidc=$!
server=""
mail_sink=""
fresh_server=""
cleanup() {
  for pid in $server $fresh_server $oidc; do kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; done
  exec 4>&- 2>/dev/null || true
  if [ -n "$mail_sink" ]; then kill "$mail_sink" 2>/dev/null || true; wait "$mail_sink" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT
issuer=""
for _ in $(seq 1 100); do
  issuer=$(sed -n 's/^ready //p' "$data_dir/oidc.log")
  [ -n "$issuer" ] && break
  kill -0 "$oidc" 2>/dev/null || { cat "$data_dir/oidc.log"; exit 1; }
  sleep 0.1
done
[ -n "$issuer" ] || { echo "e2e: the OpenID provider did not start" >&2; cat "$data_dir/oidc.log"; exit 1; }
# A real SMTP server (scripts/mail-sink.py): the invitation test reads its letter from mail/.
mail_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
mkdir -p "$data_dir/mail"
mkfifo "$data_dir/mail-stdin"
"$HOME/.cache/tvaers/mail-venv/bin/python" scripts/mail-sink.py "$mail_port" "$data_dir/mail" \
  < "$data_dir/mail-stdin" > "$data_dir/mail.log" 2>&1 &
mail_sink=$!
exec 4> "$data_dir/mail-stdin" # the sink stops when this closes
for _ in $(seq 1 100); do grep -q ready "$data_dir/mail.log" 2>/dev/null && break; sleep 0.1; done
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn \
  TVAERS_OIDC_STAFF_ISSUER="$issuer" TVAERS_OIDC_STAFF_CLIENT_ID=tvaers-staff \
  TVAERS_OIDC_STAFF_CLIENT_SECRET=staff-secret \
  TVAERS_OIDC_PARENT_ISSUER="$issuer" TVAERS_OIDC_PARENT_CLIENT_ID=tvaers-parent \
  TVAERS_OIDC_PARENT_CLIENT_SECRET=parent-secret \
  "$target_dir/release/tvaers" serve --demo \
  --addr "127.0.0.1:$port" --data-dir "$data_dir" \
  --smtp-url "smtp://127.0.0.1:$mail_port" --mail-from "Tværs <tvaers@solbakke.example>" \
  > "$data_dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$port/login" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data_dir/server.log"; exit 1; }
  sleep 0.2
done
# A second server on an empty database, put into service with `tvaers setup` as
# docs/OPERATIONS.md describes (no demo): the setup test opens the link it printed.
fresh_port=$((port + 1))
if curl -s -o /dev/null "http://127.0.0.1:$fresh_port/" 2>/dev/null; then
  echo "e2e: port $fresh_port is already in use; stop what listens there or set TVAERS_E2E_PORT" >&2
  exit 1
fi
mkdir -p "$data_dir/fresh"
setup_output=$("$target_dir/release/tvaers" setup --data-dir "$data_dir/fresh" --addr "127.0.0.1:$fresh_port" \
  --municipality "Nordby Kommune" --admin-username anne.admin --admin-name "Anne Andersen")
setup_link=$(grep -o 'http://[^ ]*/password/[A-Za-z0-9_-]*' <<< "$setup_output")
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$target_dir/release/tvaers" serve \
  --addr "127.0.0.1:$fresh_port" --data-dir "$data_dir/fresh" > "$data_dir/fresh.log" 2>&1 &
fresh_server=$!
for _ in $(seq 1 100); do
  curl -fsS "http://127.0.0.1:$fresh_port/login" >/dev/null 2>&1 && break
  kill -0 "$fresh_server" 2>/dev/null || { cat "$data_dir/fresh.log"; exit 1; }
  sleep 0.2
done
cd end2end
TVAERS_BASE_URL="http://127.0.0.1:$port" TVAERS_E2E_MAIL_DIR="$data_dir/mail" TVAERS_E2E_RUN_DIR="$data_dir" \
  TVAERS_E2E_FRESH_URL="http://127.0.0.1:$fresh_port" TVAERS_E2E_SETUP_LINK="$setup_link" \
  npx playwright test "$@"

#!/usr/bin/env bash
# Lighthouse mobile (simulated slow 4G, a mid-range phone) on the login page and a parent's
# pages: the child page, a focus meeting and an action plan — the pages parents read on their
# phones over mobile data (issues 16 and 20). Starts the release build (`cargo leptos build
# --release --precompress` first) on a fresh demo database, signs in as the demo parent, and
# prints performance and accessibility per page. Lighthouse is installed once, outside the
# repository, into ~/.cache/tvaers/lighthouse; Debian's Chromium is used.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
port="${TVAERS_LIGHTHOUSE_PORT:-3200}"
base="http://127.0.0.1:$port"
tools="$HOME/.cache/tvaers/lighthouse"
if [ ! -x "$tools/node_modules/.bin/lighthouse" ]; then
  mkdir -p "$tools"
  (cd "$tools" && npm init -y >/dev/null && npm install --no-audit --no-fund lighthouse@12 >/dev/null)
fi
data_dir=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
  rm -rf "$data_dir"
}
trap cleanup EXIT
LEPTOS_SITE_ROOT=target/site RUST_LOG=warn "$target_dir/release/tvaers" serve --demo \
  --addr "127.0.0.1:$port" --data-dir "$data_dir" > "$data_dir/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
  curl -fsS "$base/login" >/dev/null 2>&1 && break
  kill -0 "$server" 2>/dev/null || { cat "$data_dir/server.log"; exit 1; }
  sleep 0.2
done

# The demo parents' sessions, and the ids of their children's pages.
session() {
  curl -s -i -X POST --data-urlencode "username=$1" --data-urlencode "password=demo-tvaers" \
    "$base/api/login" | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: \([^;]*\).*/\1/p' | head -1
}
call() { curl -fsS -b "$1" -X POST -H 'content-type: application/json' --data "$3" "$base/api/$2"; }
first_child() { call "$1" home '{}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["own_children"][0]["id"])'; }
frida=$(session forælder)
fie=$(session forælder4)
[ -n "$frida" ] && [ -n "$fie" ] || { echo "lighthouse: the demo parents could not sign in" >&2; exit 1; }
child=$(first_child "$frida")
meeting=$(call "$frida" child_care "{\"child\":\"$child\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["Parent"]["meetings"][0]["id"])')
plan=$(call "$fie" child_care "{\"child\":\"$(first_child "$fie")\"}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["Parent"]["plans"][0]["id"])')

run() {
  local name="$1" path="$2" headers="$3"
  "$tools/node_modules/.bin/lighthouse" "$base$path" --quiet --form-factor=mobile \
    --throttling-method=simulate --only-categories=performance,accessibility \
    --chrome-path=/usr/bin/chromium --chrome-flags="--headless=new --no-sandbox --disable-gpu" \
    --extra-headers="$headers" --output=json --output-path="$data_dir/$name.json" >/dev/null 2>&1
  python3 - "$data_dir/$name.json" "$name" "$path" <<'PY'
import json, sys
report = json.load(open(sys.argv[1]))
c = report["categories"]
a = report["audits"]
print(f"{sys.argv[2]:<14} performance {round(c['performance']['score'] * 100):>3}  "
      f"accessibility {round(c['accessibility']['score'] * 100):>3}  "
      f"LCP {a['largest-contentful-paint']['displayValue']:>7}  TBT {a['total-blocking-time']['displayValue']:>7}  "
      f"bytes {a['total-byte-weight']['numericValue'] / 1024:.0f} KiB  ({sys.argv[3].split('/')[1] or 'login'})")
def snippets(value):
    if isinstance(value, dict):
        if value.get("type") == "node" and "snippet" in value:
            yield value["snippet"]
        for v in value.values():
            yield from snippets(v)
    elif isinstance(value, list):
        for v in value:
            yield from snippets(v)
# What keeps a score down: accessibility audits that failed, and the largest contentful paint.
failed = [r["id"] for r in c["accessibility"]["auditRefs"]
          if r["weight"] > 0 and (a[r["id"]].get("score") is not None) and a[r["id"]]["score"] < 1]
if failed:
    print(f"{'':<14} accessibility fails: {', '.join(failed)}")
    for audit in failed:
        for snippet in list(snippets(a[audit].get("details", {})))[:3]:
            print(f"{'':<14}   {audit}: {snippet[:120]}")
for snippet in list(snippets(a.get("largest-contentful-paint-element", {})))[:1]:
    print(f"{'':<14} LCP element: {snippet[:100]}")
PY
}
run login /login '{}'
run child "/children/$child" "{\"Cookie\": \"$frida\"}"
run meeting "/meetings/$meeting" "{\"Cookie\": \"$frida\"}"
run plan "/plans/$plan" "{\"Cookie\": \"$fie\"}"

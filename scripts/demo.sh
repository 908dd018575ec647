#!/usr/bin/env bash
# Builds Tværs in release mode and starts it at http://127.0.0.1:3000 on an embedded SQLite file
# in data/, with the fictional demo municipality loaded. Extra arguments go to `tvaers serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/env.sh
cargo leptos build --release --precompress
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
export LEPTOS_SITE_ROOT=target/site
exec "$target_dir/release/tvaers" serve --demo "$@"

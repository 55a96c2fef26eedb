#!/usr/bin/env bash
# Runs yizhan-core's `resident` example (a wish, sent and cancelled, from a terminal)
# against the reference server in demo mode on a free port: the core crate used on its
# own, with a profile written in the example. Fails if the example does.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
cargo build --quiet -p yizhan-server -p yizhan-core --example resident
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
data="$(mktemp -d)"
"$target/debug/yizhan-server" --demo --listen "127.0.0.1:$port" --data-dir "$data" --dist "$data" --log warn &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do
  if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/api/v1/health"; then break; fi
  sleep 0.1
done
"$target/debug/examples/resident" "http://127.0.0.1:$port/api/v1" 13800000001

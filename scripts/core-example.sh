#!/usr/bin/env bash
# Runs yizhan-core's `resident` example (a wish, sent and cancelled, from a terminal)
# against the reference server in demo mode on a free port: the core crate used on its
# own, with a profile written in the example. Fails if the example does, or if the
# server does not come up.
set -euo pipefail
cd "$(dirname "$0")/.."
target="${CARGO_TARGET_DIR:-target}"
bin="${YIZHAN_SERVER_BIN:-$target/debug/yizhan-server}"
if [ -z "${YIZHAN_SERVER_BIN:-}" ]; then
  cargo build --quiet -p yizhan-server --bin yizhan-server
fi
cargo build --quiet -p yizhan-core --example resident
[ -x "$bin" ] || { echo "core-example: $bin is not an executable server" >&2; exit 1; }
port="$(node -e 'const s = require("net").createServer().listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); })')"
data="$(mktemp -d)"
"$bin" --demo --listen "127.0.0.1:$port" --data-dir "$data" --dist "$data" --log warn &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -rf "$data"' EXIT
healthy=""
for _ in $(seq 1 150); do
  kill -0 "$server" 2>/dev/null || { echo "core-example: the server exited at start" >&2; exit 1; }
  if node --no-warnings -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
    "http://127.0.0.1:$port/api/v1/health"; then
    healthy=yes
    break
  fi
  sleep 0.1
done
[ -n "$healthy" ] || { echo "core-example: the server did not become healthy in 15 s" >&2; exit 1; }
"$target/debug/examples/resident" "http://127.0.0.1:$port/api/v1" 13800000001

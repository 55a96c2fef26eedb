#!/usr/bin/env bash
# `make bench`: every figure issue 16 asks for, in one run (BENCHMARKS.md keeps them, with
# their dates). Figures only: nothing here fails on a timing. `make test` runs a short
# version of each (scripts/test.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
# The server as it is deployed (`--profile server`), for the figures that time it.
cargo build --profile server -p yizhan-server
export YIZHAN_SERVER_BIN="${CARGO_TARGET_DIR:-$PWD/target}/server/yizhan-server"

echo
echo "==> first load as the server sends it, per backend profile (every role runs the same build)"
for profile in yizhan json-server mapped open311; do
  node scripts/first-load-size.mjs --profile "$profile" | grep -E "profile:|total first load"
done

echo
echo "==> opening: Lighthouse mobile (median of 3) beside a static peer page; cold and warm, throttled"
node scripts/bench-open.mjs 3

echo
echo "==> a dispatcher's community after a few years: 10,000 orders, CPU 4x slower"
node scripts/bench-many-orders.mjs 10000

echo
echo "==> the reference server's throughput beside json-server"
cargo bench -p yizhan-server --bench throughput -- 10 16

#!/usr/bin/env bash
# Builds the app into dist/ with Trunk (release: wasm-opt -Oz, hashed names).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
echo "==> trunk build --release (the first build takes several minutes)"
start=$SECONDS
trunk build --release
echo "    app built into dist/ in $((SECONDS - start)) s"

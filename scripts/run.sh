#!/usr/bin/env bash
# Installs what is missing, builds the app and the reference server, and serves a demo
# community on http://127.0.0.1:8080 (Ctrl-C stops it; data stays in ./data).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
export PATH="$HOME/.cargo/bin:$PATH"
echo "==> building the reference server (profile server: optimised, a failing request never stops it)"
cargo build --profile server -p yizhan-server
echo "==> Yizhan on http://127.0.0.1:8080 (demo mode; Ctrl-C to stop)"
exec target/server/yizhan-server --demo --listen 127.0.0.1:8080 --dist dist --data-dir data

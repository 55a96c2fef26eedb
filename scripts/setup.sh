#!/usr/bin/env bash
# Installs what building and testing Yizhan needs, skipping whatever is already there:
# Debian packages (Chromium, ChromeDriver, CJK fonts, Node), the wasm target, Trunk, the
# wasm-bindgen CLI that matches Cargo.lock, and the npm packages of package-lock.json.
# Safe to run again; prints a line per step and the time long steps took.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
step() { printf '\n==> %s\n' "$*"; }
timed() { local start=$SECONDS; "$@"; echo "    done in $((SECONDS - start)) s"; }
have() { command -v "$1" >/dev/null 2>&1; }
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

export PATH="$HOME/.cargo/bin:$PATH"

# Debian packages
packages=(chromium chromium-driver fonts-noto-cjk nodejs npm)
missing=()
for p in "${packages[@]}"; do
  # npm ships with some Node installs that are not Debian's: a working npm is enough.
  if [ "$p" = npm ] && have npm; then continue; fi
  if [ "$p" = nodejs ] && have node; then continue; fi
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  step "apt: installing ${missing[*]} (a few minutes)"
  timed as_root env DEBIAN_FRONTEND=noninteractive sh -c \
    "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing[*]} >/dev/null"
else
  echo "==> apt packages: already installed"
fi

# The end-to-end tests use Node 20's test runner (--test-concurrency, import.meta.dirname).
node_major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
if [ "$node_major" -lt 20 ]; then
  echo "Node $(node --version 2>/dev/null || echo 'is missing'): Yizhan's tools need Node 20 or newer." >&2
  echo "Install Node 20 (Debian 13's nodejs, or NodeSource's node_20.x) and run this again." >&2
  exit 1
fi

if ! have cargo; then
  echo "cargo not found: install Rust with rustup (https://rustup.rs) and run this again" >&2
  exit 1
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup: adding the wasm32-unknown-unknown target"
  timed rustup target add wasm32-unknown-unknown
else
  echo "==> wasm32 target: already installed"
fi

if have trunk && trunk --version | grep -q " $TRUNK_VERSION\$"; then
  echo "==> trunk $TRUNK_VERSION: already installed"
else
  step "cargo: installing trunk $TRUNK_VERSION (about 10 minutes on 2 cores)"
  timed cargo install trunk --version "$TRUNK_VERSION" --locked
fi

# The CLI must be exactly the wasm-bindgen version in Cargo.lock.
bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if have wasm-bindgen && wasm-bindgen --version | grep -q " $bindgen_version\$"; then
  echo "==> wasm-bindgen-cli $bindgen_version: already installed"
else
  step "cargo: installing wasm-bindgen-cli $bindgen_version (about 5 minutes)"
  # Not --locked: its lockfile names a webpki-roots release that some crates.io mirrors
  # lack; the CLI's own version is still exact.
  timed cargo install wasm-bindgen-cli --version "$bindgen_version" --force
fi

if [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm: installing binaryen (wasm-opt), playwright-core, lighthouse and json-server 0.17 and 1.0 from package-lock.json"
  timed npm ci --no-audit --no-fund --loglevel=error
else
  echo "==> npm packages: already installed"
fi

# Directus, a real backend for the browser tests (tests/e2e/backends/directus), in its own
# folder: it is large and builds sqlite3 and isolated-vm from source, with the Node.js
# headers Debian's nodejs installs (/usr/include/node): node-gyp must not go looking for
# them on the internet.
directus=tests/e2e/backends/directus
if [ ! -f "$directus/node_modules/.package-lock.json" ] || [ "$directus/package-lock.json" -nt "$directus/node_modules/.package-lock.json" ]; then
  step "npm: installing Directus for the browser tests (about 2 minutes, builds sqlite3 from source)"
  (cd "$directus" && timed env npm_config_nodedir=/usr npm ci --no-audit --no-fund --loglevel=error)
else
  echo "==> Directus: already installed"
fi

# Schema fuzzing (scripts/fuzz-schema.sh): schemathesis from PyPI, in a virtualenv of its
# own so that nothing of the machine's Python changes.
SCHEMATHESIS_VERSION=4.32.5
if [ -x .tools/schemathesis/bin/st ] && .tools/schemathesis/bin/st --version 2>/dev/null | grep -q " $SCHEMATHESIS_VERSION\$"; then
  echo "==> schemathesis $SCHEMATHESIS_VERSION: already installed"
else
  if ! python3 -m venv --help >/dev/null 2>&1; then
    step "apt: installing python3-venv"
    timed as_root env DEBIAN_FRONTEND=noninteractive sh -c \
      "apt-get update -qq && apt-get install -y -qq --no-install-recommends python3-venv >/dev/null"
  fi
  step "pip: installing schemathesis $SCHEMATHESIS_VERSION into .tools/schemathesis"
  rm -rf .tools/schemathesis
  timed sh -c "python3 -m venv .tools/schemathesis && .tools/schemathesis/bin/pip install -q 'schemathesis==$SCHEMATHESIS_VERSION'"
fi

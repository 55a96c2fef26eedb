#!/usr/bin/env bash
# Builds the app into dist/ with Trunk (release: wasm-opt -Oz, hashed names): one dist/
# with a build of the app per backend, and the staff's workbench. First the build for the reference server's
# profile alone (no other profile's code: what a resident of a community on the reference
# server downloads), then the build with every profile, whose post-build hook takes the
# first one in; the loader and the service worker pick one by config.json
# (scripts/choose-build.js).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
part="target/dist-yizhan"
echo "==> trunk build --release, the build for the yizhan profile (the first build takes several minutes)"
start=$SECONDS
YIZHAN_BUILD_PART=1 trunk build --release --no-default-features --dist "$part"
# The staff's workbench (its places only, yizhan_core::routes::Desk): the reference
# server's build and the workbench, so none of the workbench is in a resident's download.
desk="target/dist-workbench"
echo "==> trunk build --release, the staff's workbench"
YIZHAN_BUILD_PART=1 trunk build --release --no-default-features --features workbench --dist "$desk"
echo "==> trunk build --release, the build with every profile"
YIZHAN_PROFILE_BUILDS="yizhan=$part,workbench=$desk" trunk build --release
echo "    app built into dist/ in $((SECONDS - start)) s"

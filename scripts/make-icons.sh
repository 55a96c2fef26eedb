#!/usr/bin/env bash
# Renders public/icons/*.png from public/icons/icon.svg with headless Chromium (needs the
# packages chromium and fonts-noto-cjk). The PNGs are committed; run this after editing the SVG.
set -euo pipefail
cd "$(dirname "$0")/.."
out=public/icons
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
svg=$(cat "$out/icon.svg")

render() { # size, padding (percent of the size kept clear around the glyph square), file
  local size=$1 pad=$2 file=$3 radius=$4
  cat >"$work/icon.html" <<HTML
<!doctype html><html><body style="margin:0;background:#b3202a;width:${size}px;height:${size}px;overflow:hidden">
<div style="width:${size}px;height:${size}px;padding:${pad}%;box-sizing:border-box;border-radius:${radius}">
<div style="width:100%;height:100%">${svg/<svg /<svg width=\"100%\" height=\"100%\" }</div></div></body></html>
HTML
  chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --default-background-color=00000000 \
    --window-size="${size},${size}" --screenshot="$out/$file" "file://$work/icon.html" 2>/dev/null
  echo "made $out/$file (${size}px)"
}

render 192 0 icon-192.png 0
render 512 0 icon-512.png 0
render 180 0 apple-touch-icon.png 0
# Maskable: the platform crops up to 20% off each edge, so the glyph sits in the middle 60%.
render 512 10 icon-maskable-512.png 0

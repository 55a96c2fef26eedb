// Trunk post-build hook: moves Trunk's inline wasm loader into a content-hashed file,
// adds the script that draws the frame in the person's language and elder mode before the
// first paint (scripts/frame.js, hashed), writes the service worker over the finished
// build, then a brotli and a gzip copy of every text and wasm file beside it.
//
// Trunk 0.21 writes the loader as an inline <script type="module">; our
// Content-Security-Policy allows no inline script, so the loader becomes
// `boot-<hash>.js` beside the wasm, referenced relatively like every other asset.
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compressBuild } from "./compress-build.mjs";
import { writeServiceWorker } from "./make-service-worker.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("trunk-post-build: TRUNK_STAGING_DIR is not set (run me from Trunk)");
  process.exit(1);
}

const indexPath = join(staging, "index.html");
const html = readFileSync(indexPath, "utf8");
const inline = /<script type="module"([^>]*)>([\s\S]*?)<\/script>/;
const found = html.match(inline);
if (!found || /\ssrc=/.test(found[1])) {
  console.error("trunk-post-build: no inline loader found in index.html; did Trunk change?");
  process.exit(1);
}

// Where WebAssembly is missing (an old WeChat, an old system webview), say so in words
// instead of leaving the loading message up forever.
const guard = `if (typeof WebAssembly !== "object") {
  const message = document.querySelector(".boot-message");
  if (message) message.textContent = "这个浏览器版本太旧，打不开驿站。请把微信升级到最新版，或点右上角「…」，选择「在浏览器中打开」。";
  throw new Error("WebAssembly is not available");
}
`;
const code = guard + found[2].trim() + "\n";
const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
const bootName = `boot-${hash}.js`;
writeFileSync(join(staging, bootName), code);

// A classic script before the stylesheets: it runs as soon as it arrives, without waiting
// for them, and before anything is drawn.
const frame = readFileSync(resolve(import.meta.dirname, "frame.js"), "utf8");
const frameName = `frame-${createHash("sha256").update(frame).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(staging, frameName), frame);
const withLoader = html.replace(inline, `<script type="module" src="./${bootName}"></script>`);
if (!withLoader.includes("<title>")) {
  console.error("trunk-post-build: no <title> in index.html to put the frame script before");
  process.exit(1);
}
writeFileSync(indexPath, withLoader.replace("<title>", `<script src="./${frameName}"></script>\n    <title>`));
console.log(`trunk-post-build: loader moved to ${bootName}, frame script ${frameName}`);
writeServiceWorker(staging);
compressBuild(staging);

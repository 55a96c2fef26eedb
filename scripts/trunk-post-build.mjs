// Trunk post-build hook: moves Trunk's inline wasm loader into a content-hashed file that
// picks this device's build (scripts/choose-build.js), adds the script that draws the
// frame in the person's language and elder mode before the first paint (scripts/frame.js,
// hashed), writes the service worker over the finished build, then a brotli and a gzip
// copy of every text and wasm file beside it.
//
// Trunk 0.21 writes the loader as an inline <script type="module">; our
// Content-Security-Policy allows no inline script, so the loader becomes
// `boot-<hash>.js` beside the wasm, referenced relatively like every other asset.
//
// One dist/, a build per backend (scripts/build.sh): a build for one profile runs first
// with YIZHAN_BUILD_PART=1 and only notes its wasm and glue in `build.json`; the build
// with every profile then runs with YIZHAN_PROFILE_BUILDS="<profile>=<its dist>,...",
// takes their files in, and its loader and service worker choose by config.json (the
// loader also by the page's path: the staff's workbench is a build of its own).
import { createHash } from "node:crypto";
import { copyFileSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { compressBuild } from "./compress-build.mjs";
import { writeServiceWorker } from "./make-service-worker.mjs";
import { chooserSource } from "./builds.mjs";

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

// The wasm and its glue this build made, as Trunk's loader names them.
const glue = found[2].match(/from '\.\/([\w.-]+\.js)'/)?.[1];
const wasm = found[2].match(/module_or_path: '\.\/([\w.-]+\.wasm)'/)?.[1];
if (!glue || !wasm) {
  console.error("trunk-post-build: the loader names no glue or wasm; did Trunk change?");
  process.exit(1);
}
if (process.env.YIZHAN_BUILD_PART) {
  writeFileSync(join(staging, "build.json"), JSON.stringify({ glue, wasm }));
  console.log(`trunk-post-build: a part build, ${wasm}`);
  process.exit(0);
}
const builds = { full: { glue: `./${glue}`, wasm: `./${wasm}` } };
for (const entry of (process.env.YIZHAN_PROFILE_BUILDS ?? "").split(",").filter(Boolean)) {
  const [profile, dir] = entry.split("=");
  const part = JSON.parse(readFileSync(join(dir, "build.json"), "utf8"));
  for (const name of [part.glue, part.wasm]) copyFileSync(join(dir, name), join(staging, name));
  builds[profile] = { glue: `./${part.glue}`, wasm: `./${part.wasm}` };
}
const chooser = chooserSource();

// Where WebAssembly is missing (an old WeChat, an old system webview), say so in words
// instead of leaving the loading message up forever. Then the build this device needs:
// config.json is already on its way (frame.js started it in <head>); the wasm is fetched
// beside its glue. Trunk's own loader did the same for its one build.
const code = `if (typeof WebAssembly !== "object") {
  const message = document.querySelector(".boot-message");
  if (message) message.textContent = "这个浏览器版本太旧，打不开驿站。请把微信升级到最新版，或点右上角「…」，选择「在浏览器中打开」。";
  throw new Error("WebAssembly is not available");
}
${chooser}
const BUILDS = ${JSON.stringify(builds)};
let configText = await window.yizhanConfigText;
if (typeof configText !== "string") {
  // Not read (offline without a service worker): the one the app last read.
  try {
    configText = localStorage.getItem("yizhan.v1.config");
  } catch (denied) {
    configText = null;
  }
}
const build = chooseBuild(BUILDS, configText, location.pathname);
// Beside this file, wherever the page's own address is.
const download = fetch(new URL(build.wasm, import.meta.url));
const bindings = await import(build.glue);
const wasm = await bindings.default({ module_or_path: download });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
`;
const hash = createHash("sha256").update(code).digest("hex").slice(0, 16);
const bootName = `boot-${hash}.js`;
writeFileSync(join(staging, bootName), code);

// A classic script before the stylesheets: it runs as soon as it arrives, without waiting
// for them, and before anything is drawn.
const frame = readFileSync(resolve(import.meta.dirname, "frame.js"), "utf8");
const frameName = `frame-${createHash("sha256").update(frame).digest("hex").slice(0, 16)}.js`;
writeFileSync(join(staging, frameName), frame);
// Trunk preloads its one build; the loader fetches the build this device needs instead.
const preloads = /<link rel="(?:modulepreload|preload)" href="\.\/[\w.-]+\.(?:js|wasm)"[^>]*>/g;
const withLoader = html
  .replace(inline, `<script type="module" src="./${bootName}"></script>`)
  .replace(preloads, "");
if (!withLoader.includes("<title>")) {
  console.error("trunk-post-build: no <title> in index.html to put the frame script before");
  process.exit(1);
}
writeFileSync(indexPath, withLoader.replace("<title>", `<script src="./${frameName}"></script>\n    <title>`));
console.log(`trunk-post-build: loader moved to ${bootName}, frame script ${frameName}`);
writeServiceWorker(staging, builds);
compressBuild(staging);

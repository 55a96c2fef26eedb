// Prints the app's first-load transfer size: index.html and every script, style and wasm
// it loads before the first paint, raw, gzip -9 and brotli q11 (what a well-configured
// server or CDN sends). Usage: node scripts/first-load-size.mjs [dist]
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const dist = process.argv[2] ?? "dist";
const indexPath = join(dist, "index.html");
if (!existsSync(indexPath)) {
  console.error(`first-load-size: ${indexPath} not found; build the app first (make build)`);
  process.exit(1);
}
const html = readFileSync(indexPath, "utf8");

// What the page fetches before it can paint: stylesheets, module scripts, preloads.
const refs = new Set(["index.html"]);
for (const [, , tag] of html.matchAll(/<(link|script)\b([^>]*)>/g)) {
  const href = tag.match(/\b(?:href|src)="([^"]+)"/)?.[1];
  if (!href) continue;
  // Stylesheets and preloads, and every script with a source (module or classic).
  const isLoaded =
    /rel="(stylesheet|modulepreload|preload)"/.test(tag) || /^\s*src=|\ssrc=/.test(tag);
  if (isLoaded) refs.add(href.replace(/^\.\//, ""));
}
// The loader may import more than index.html names (it names the wasm and its glue).
for (const ref of [...refs]) {
  if (!ref.endsWith(".js")) continue;
  const code = readFileSync(join(dist, ref), "utf8");
  for (const [, path] of code.matchAll(/['"]\.\/([\w.-]+\.(?:js|wasm))['"]/g)) {
    if (existsSync(join(dist, path))) refs.add(path);
  }
}

const rows = [...refs].map((name) => {
  const bytes = readFileSync(join(dist, name));
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    }).length,
  };
});

const kb = (n) => (n / 1024).toFixed(1).padStart(8);
console.log(`${"file".padEnd(44)}${"raw KiB".padStart(8)}${"gzip".padStart(8)}${"brotli".padStart(8)}`);
for (const r of rows) console.log(`${r.name.padEnd(44)}${kb(r.raw)}${kb(r.gzip)}${kb(r.brotli)}`);
const total = (key) => rows.reduce((sum, r) => sum + r[key], 0);
console.log(`${"total first load".padEnd(44)}${kb(total("raw"))}${kb(total("gzip"))}${kb(total("brotli"))}`);

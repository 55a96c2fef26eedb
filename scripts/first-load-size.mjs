// Prints the app's first-load transfer size: index.html and every script, style and wasm
// it loads before the first paint, raw, gzip -9 and brotli q11 (what a well-configured
// server or CDN sends), for the build of the app the loader picks for a backend profile
// (scripts/choose-build.js; the profile in dist/config.json unless --profile names one).
// Usage: node scripts/first-load-size.mjs [dist] [--profile name] [--budget KiB]
// With --budget, exits 1 when the first load, brotli as the server sends it, is larger:
// `make test` holds a resident's first load to the budget so it cannot grow unseen.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { chooseBuild, readBuilds } from "./builds.mjs";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const args = process.argv.slice(2);
const budgetAt = args.indexOf("--budget");
const budget = budgetAt >= 0 ? Number(args.splice(budgetAt, 2)[1]) : null;
if (budget !== null && !(budget > 0)) {
  console.error("first-load-size: --budget takes a size in KiB");
  process.exit(2);
}
const profileAt = args.indexOf("--profile");
const profileArg = profileAt >= 0 ? args.splice(profileAt, 2)[1] : null;
const dist = args[0] ?? "dist";
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
// config.json, which the page asks for first, and the build the loader picks by it,
// with the loader's own function.
refs.add("config.json");
const configText = readFileSync(join(dist, "config.json"), "utf8");
const chosen = chooseBuild(
  readBuilds(dist),
  profileArg === null ? configText : JSON.stringify({ profile: profileArg }),
);
refs.add(chosen.glue);
refs.add(chosen.wasm);
const profile = profileArg ?? JSON.parse(configText).profile;
console.log(`the ${profile} profile: ${chosen.wasm}`);

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

if (budget !== null) {
  const brotli = total("brotli") / 1024;
  if (brotli > budget) {
    console.error(`first-load-size: ${brotli.toFixed(1)} KiB brotli is over the budget of ${budget} KiB`);
    process.exit(1);
  }
  console.log(`within the budget: ${brotli.toFixed(1)} of ${budget} KiB brotli`);
}

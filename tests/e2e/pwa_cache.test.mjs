// What a phone downloads (issue 16): on a first visit the wasm comes once, not again for
// the service worker's precache; on every later visit the shell comes from the cache,
// whatever the build's hashes look like. Trunk writes a hash without its leading zeros,
// so one build in sixteen has 15 hex digits, and the worker once served only names with
// exactly 16 from its cache: those phones downloaded the whole app on every visit.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtApp } from "./server.mjs";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { startCommunity } from "./selected_backend.mjs";
import { passThrough } from "./backends/http.mjs";
import { writeServiceWorker } from "../../scripts/make-service-worker.mjs";
import { chooseBuild, readBuilds } from "../../scripts/builds.mjs";

/// A copy of the build in which every build of the app (one per backend profile, the
/// loader picks by config.json) has its wasm and glue named with a 15-digit hash, as
/// Trunk names them when the hash begins with a zero.
function buildWithShortHashes() {
  const dist = mkdtempSync(join(tmpdir(), "yizhan-short-hash-"));
  cpSync(builtApp, dist, { recursive: true });
  for (const build of Object.values(readBuilds(dist))) {
    // One build in sixteen already has 15 digits: it is the case under test as it is.
    if (/^\.\/yizhan-[0-9a-f]{15}\.js$/.test(build.glue)) continue;
    const hash = build.glue.match(/^\.\/yizhan-([0-9a-f]{16})\.js$/)?.[1];
    assert.ok(hash, `the build's glue has a 16-digit hash to shorten: ${build.glue}`);
    const short = hash.slice(1);
    for (const name of readdirSync(dist)) {
      if (name.includes(hash)) renameSync(join(dist, name), join(dist, name.replace(hash, short)));
    }
    for (const name of readdirSync(dist).filter((n) => n === "index.html" || /^boot-.*\.js$/.test(n))) {
      const path = join(dist, name);
      writeFileSync(path, readFileSync(path, "utf8").replaceAll(hash, short));
    }
  }
  writeServiceWorker(dist);
  // The build's compressed copies of the files rewritten here would name the old hash.
  for (const name of ["index.html", "sw.js", ...readdirSync(dist).filter((n) => /^boot-.*\.js$/.test(n))]) {
    rmSync(join(dist, `${name}.br`), { force: true });
    rmSync(join(dist, `${name}.gz`), { force: true });
  }
  return dist;
}

const dist = buildWithShortHashes();
let server;
let proxy;
let browser;

after(async () => {
  await browser?.close();
  await proxy?.stop();
  await server?.stop();
  rmSync(dist, { recursive: true, force: true });
});

test("the wasm comes once on a first visit, only this backend's build, and never again on later ones", async () => {
  server = await startCommunity({ dist });
  // The build this backend's config.json picks, by the loader's own function.
  const config = await (await fetch(new URL("config.json", `${server.url}/`))).text();
  const { wasm } = chooseBuild(readBuilds(dist), config);
  assert.match(wasm, /^yizhan-[0-9a-f]{15}_bg\.wasm$/);
  let wasmFetches = 0;
  const otherWasm = [];
  proxy = await passThrough(Number(new URL(server.url).port), (req, url) => {
    if (url.pathname.endsWith(wasm)) wasmFetches += 1;
    else if (url.pathname.endsWith(".wasm")) otherWasm.push(url.pathname);
  });
  browser = await launchBrowser();
  const { context, page } = await openPhonePage(browser);

  await page.goto(proxy.url);
  await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state !== "activated") {
      await new Promise((done) => worker.addEventListener("statechange", done));
    }
  });
  assert.equal(wasmFetches, 1, "the first visit downloads the wasm once, the precache included");

  // Phones evict their small HTTP caches often; the worker's own cache is what must
  // hold the shell. Emptied here, so a visit that asks the network is seen asking.
  const cdp = await context.newCDPSession(page);
  for (let visit = 2; visit <= 3; visit += 1) {
    await cdp.send("Network.clearBrowserCache");
    const again = await context.newPage();
    await again.goto(proxy.url);
    await again.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
    await again.close();
  }
  assert.equal(wasmFetches, 1, "later visits take the wasm from the cache");
  // The build with every backend profile is in the same dist/; this phone never needs it.
  assert.deepEqual(otherWasm, [], "no other build's wasm is downloaded or precached");
  await context.close();
});

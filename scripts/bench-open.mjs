// How fast the app opens on a phone (issue 16), beside a plain static page with the same
// content: the app's own signed-out home as drawn, its scripts removed, served by the same
// server from the same dist/ (`peer.html`, brotli like the rest). Prints:
//   - Lighthouse 12 mobile performance (simulated slow 4G, 4× CPU), median of N runs
//     (3 unless given), and its LCP, for the app and the peer page;
//   - a cold and a warm open in Chromium at 1.6 Mbps, 150 ms and 4× CPU: the time until
//     the community's home is shown, and the bytes that came over the network.
// Figures only: nothing here passes or fails on a timing. Usage:
//   node scripts/bench-open.mjs [runs]
// `make bench` runs it with 3; `make test` with 1.
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync } from "node:zlib";
import { chromium } from "playwright-core";
import lighthouse from "lighthouse";
import { builtApp, freePort, startServer } from "../tests/e2e/server.mjs";
import { chromiumArgs, chromiumPath, launchBrowser, openPhonePage } from "../tests/e2e/browser.mjs";

const runs = Number(process.argv[2] ?? 3);
const HOME_HEADING = "我的社区";
const dist = mkdtempSync(join(tmpdir(), "yizhan-bench-open-"));
cpSync(builtApp, dist, { recursive: true });
const server = await startServer({ dist });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

try {
  // The peer: what the app draws, as a plain page.
  const browser = await launchBrowser();
  const { page } = await openPhonePage(browser);
  await page.goto(server.url);
  await page.getByRole("heading", { level: 1, name: HOME_HEADING }).waitFor();
  await page.waitForTimeout(1000);
  const html = await page.evaluate(() => {
    const copy = document.documentElement.cloneNode(true);
    for (const script of copy.querySelectorAll("script")) script.remove();
    return `<!doctype html>\n${copy.outerHTML}`;
  });
  writeFileSync(join(dist, "peer.html"), html);
  writeFileSync(join(dist, "peer.html.br"), brotliCompressSync(Buffer.from(html)));

  // A cold open and a warm one, throttled as a phone on one bar of signal.
  const { context, page: phone } = await openPhonePage(browser);
  const cdp = await context.newCDPSession(phone);
  await cdp.send("Network.enable");
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 150,
    downloadThroughput: (1.6 * 1024 * 1024) / 8,
    uploadThroughput: (750 * 1024) / 8,
  });
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  let bytes = 0;
  cdp.on("Network.loadingFinished", (event) => {
    bytes += event.encodedDataLength;
  });
  for (const visit of ["cold", "warm"]) {
    bytes = 0;
    const started = Date.now();
    await phone.goto(server.url);
    await phone.getByRole("heading", { level: 1, name: HOME_HEADING }).waitFor({ timeout: 120_000 });
    const shown = Date.now() - started;
    if (visit === "cold") {
      // The service worker in place before the next visit, as on a phone.
      await phone.evaluate(() => navigator.serviceWorker.ready);
      await phone.waitForTimeout(3000);
    }
    console.log(
      `${visit} open (1.6 Mbps, 150 ms, 4× CPU): the community's home shown after ${(shown / 1000).toFixed(2)} s, ` +
        `${(bytes / 1024).toFixed(1)} KiB over the network`,
    );
  }
  await browser.close();

  // Lighthouse, each page in a fresh profile per run (signed out, nothing cached).
  for (const [name, path] of [
    ["the app, signed out", "/"],
    ["the plain static page", "/peer.html"],
  ]) {
    const scores = [];
    const lcps = [];
    for (let run = 0; run < runs; run += 1) {
      const port = await freePort();
      const profile = mkdtempSync(join(tmpdir(), "yizhan-lighthouse-"));
      const chrome = await chromium.launchPersistentContext(profile, {
        executablePath: chromiumPath,
        args: [`--remote-debugging-port=${port}`, ...chromiumArgs],
      });
      try {
        const result = await lighthouse(`${server.url}${path}`, {
          port,
          onlyCategories: ["performance"],
          formFactor: "mobile",
          logLevel: "error",
        });
        scores.push(Math.round(result.lhr.categories.performance.score * 100));
        lcps.push(result.lhr.audits["largest-contentful-paint"].numericValue);
      } finally {
        await chrome.close();
        rmSync(profile, { recursive: true, force: true });
      }
    }
    console.log(
      `Lighthouse mobile performance, ${name}: ${median(scores)} (median of ${runs}: ${scores.join(", ")}), ` +
        `LCP ${(median(lcps) / 1000).toFixed(2)} s`,
    );
  }
} finally {
  await server.stop();
  rmSync(dist, { recursive: true, force: true });
}

// A dispatcher's community after a few years (issue 16): the built app, the reference
// server and N orders (10,000 unless given), in Debian's Chromium with the CPU slowed 4×
// as on a cheap phone. Prints what the targets name:
//   - the first sync: bytes on the wire, requests, time until the queue counts every order;
//   - a reload: time to the first row, the longest task, the rows in the DOM;
//   - memory: the page's JS heap, the wasm's memory, the renderer processes' RSS;
//   - a sync that finds nothing new: on the minute timer (unless --no-timer) and on
//     "sync now", bytes, requests and main-thread time.
// Figures only: nothing here passes or fails on a timing. Usage:
//   node scripts/bench-many-orders.mjs [orders] [--no-timer]
// `make bench` runs it with 10,000; `make test` with 300 and --no-timer.
import { readFileSync } from "node:fs";
import { startServer } from "../tests/e2e/server.mjs";
import { launchBrowser, openPhonePage } from "../tests/e2e/browser.mjs";
import { api, apiToken, signInThroughUi } from "../tests/e2e/app.mjs";

const args = process.argv.slice(2);
const waitForTimer = !args.includes("--no-timer");
const orders = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const RESIDENTS = ["13800000001", "13800000002", "13800000003", "13800000004"];
const DISPATCHER = "13800000005";
const kib = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
const ms = (n) => `${Math.round(n)} ms`;

function fail(message) {
  console.error(`bench-many-orders: ${message}`);
  process.exit(1);
}

// The rate limit off: one resident placing thousands of orders a minute is the seeding.
const server = await startServer({ extraArgs: ["--rate-limit", "0"] });
const browser = await launchBrowser();
try {
  // Placed by four residents over the contract, 16 at a time.
  const tokens = await Promise.all(RESIDENTS.map((phone) => apiToken(server, phone)));
  const seeding = Date.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < orders) {
        const n = next++;
        const res = await api(server, tokens[n % tokens.length], "PUT", `/orders/${crypto.randomUUID()}`, {
          kind: "wish",
          title: `第 ${n + 1} 个心愿：楼道灯不亮了`,
          description: "三单元二楼到三楼的灯坏了好几天，晚上上下楼看不清台阶。",
        });
        if (res.status !== 201) fail(`order ${n + 1} not created: ${res.status} ${JSON.stringify(res.body)}`);
      }
    }),
  );
  console.log(`${orders} orders placed on the server in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);

  const { context, page } = await openPhonePage(browser);
  await context.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
    new MutationObserver((_, observer) => {
      if (document.querySelector("[data-testid=order-row]")) {
        window.__firstRowAt = performance.now();
        observer.disconnect();
      }
    }).observe(document, { childList: true, subtree: true });
    addEventListener("TrunkApplicationStarted", (event) => {
      window.__wasmMemory = event.detail.wasm.memory;
    });
  });
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Performance.enable");
  await cdp.send("Emulation.setCPUThrottlingRate", { rate: 4 });
  const api_ = { bytes: 0, requests: 0 };
  const apiIds = new Set();
  cdp.on("Network.requestWillBeSent", (event) => {
    if (new URL(event.request.url).pathname.includes("/api/")) apiIds.add(event.requestId);
  });
  cdp.on("Network.loadingFinished", (event) => {
    if (!apiIds.has(event.requestId)) return;
    api_.bytes += event.encodedDataLength;
    api_.requests += 1;
  });
  const counted = async (during) => {
    const [bytes, requests] = [api_.bytes, api_.requests];
    const before = await metrics();
    const started = Date.now();
    await during();
    await quiet();
    const after = await metrics();
    return {
      bytes: api_.bytes - bytes,
      requests: api_.requests - requests,
      wall: Date.now() - started,
      mainThread: (after.TaskDuration - before.TaskDuration) * 1000,
    };
  };
  async function metrics() {
    const { metrics: list } = await cdp.send("Performance.getMetrics");
    return Object.fromEntries(list.map(({ name, value }) => [name, value]));
  }
  // Until no API request has finished for 2 s.
  async function quiet() {
    let seen = -1;
    while (seen !== api_.requests) {
      seen = api_.requests;
      await page.waitForTimeout(2000);
    }
  }
  const queueCounts = (n) =>
    page.getByTestId("queue").getByTestId("show-more").filter({ hasText: `共 ${n} 条` }).waitFor({ timeout: 600_000 });

  // The first sync: sign in, act as the dispatcher, until the queue counts every order.
  const first = await counted(async () => {
    await signInThroughUi(page, server, DISPATCHER);
    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
    await page.getByTestId("role-switch").getByLabel("派单员").check();
    await queueCounts(orders);
  });
  console.log(
    `first sync of ${orders} orders: ${kib(first.bytes)} on the wire in ${first.requests} requests, ` +
      `${(first.wall / 1000).toFixed(1)} s to the queue counting them all, main thread ${ms(first.mainThread)}`,
  );

  // A reload, from the device's own data.
  await page.reload();
  await queueCounts(orders);
  await page.waitForTimeout(1000);
  const reload = await page.evaluate(() => ({
    firstRow: window.__firstRowAt ?? null,
    longest: Math.max(0, ...window.__longTasks),
    over200: window.__longTasks.filter((d) => d > 200).length,
    rows: document.querySelectorAll("[data-testid=order-row]").length,
    elements: document.getElementsByTagName("*").length,
    wasm: window.__wasmMemory?.buffer.byteLength ?? null,
  }));
  console.log(
    `reload: first row at ${reload.firstRow === null ? "never" : ms(reload.firstRow)}, longest task ` +
      `${ms(reload.longest)} (${reload.over200} over 200 ms), ${reload.rows} rows and ${reload.elements} elements in the DOM`,
  );
  await quiet();

  // Memory, after the reload's sync.
  await cdp.send("HeapProfiler.enable");
  await cdp.send("HeapProfiler.collectGarbage");
  const heap = await metrics();
  const wasm = await page.evaluate(() => window.__wasmMemory?.buffer.byteLength ?? 0);
  const { processInfo } = await (await browser.newBrowserCDPSession()).send("SystemInfo.getProcessInfo");
  let rss = 0;
  for (const { type, id } of processInfo.filter((p) => p.type === "renderer")) {
    const status = readFileSync(`/proc/${id}/status`, "utf8");
    rss += Number(status.match(/VmRSS:\s+(\d+) kB/)?.[1] ?? 0) * 1024;
  }
  console.log(
    `memory: JS heap ${(heap.JSHeapUsedSize / 1048576).toFixed(1)} MB used of ${(heap.JSHeapTotalSize / 1048576).toFixed(1)}, ` +
      `wasm ${(wasm / 1048576).toFixed(1)} MB, renderer processes ${(rss / 1048576).toFixed(1)} MB resident`,
  );

  // The page doing nothing but its own timers, for comparison: the same window as below.
  const idle = await counted(() => page.waitForTimeout(0));
  console.log(`idle, for comparison: main thread ${ms(idle.mainThread)} over ${(idle.wall / 1000).toFixed(1)} s`);

  // A sync that finds nothing new: the minute timer's (orders only while reference data
  // is fresh), then "sync now" (everything, each a conditional read).
  if (waitForTimer) {
    const timer = await counted(async () => {
      const before = api_.requests;
      const deadline = Date.now() + 75_000;
      while (api_.requests === before && Date.now() < deadline) await page.waitForTimeout(500);
    });
    console.log(
      `no-change sync on the timer: ${timer.requests} requests, ${(timer.bytes / 1024).toFixed(2)} KiB, ` +
        `main thread ${ms(timer.mainThread)}`,
    );
  }
  const now = await counted(() => page.getByTestId("sync-now").click());
  console.log(
    `no-change "sync now": ${now.requests} requests, ${(now.bytes / 1024).toFixed(2)} KiB, main thread ${ms(now.mainThread)}`,
  );
  await context.close();
} finally {
  await browser.close();
  await server.stop();
}

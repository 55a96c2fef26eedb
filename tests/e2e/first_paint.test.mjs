// The first paint does not wait for the wasm (issue 16): index.html draws the app's frame
// (top bar, an "opening" line, the tab bar) in the language and elder mode the person
// chose, and the app takes it over without moving it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";

const world = useServerAndBrowser();

/// The wasm never comes: what is drawn is drawn without it.
async function holdTheWasm(context) {
  await context.route(/_bg\.wasm$/, () => {});
}

test("the frame is drawn before the wasm arrives, in the stored language and elder mode", async () => {
  const first = await openPhonePage(world.browser);
  await holdTheWasm(first.context);
  await first.page.goto(world.server.url);
  await first.page.getByRole("status").getByText("正在加载…").waitFor();
  for (const label of ["驿站", "首页", "服务", "订单", "网格", "志愿"]) {
    assert.ok(await first.page.getByText(label, { exact: true }).isVisible(), label);
  }
  assert.equal(await first.page.getByText("Home", { exact: true }).isVisible(), false);
  await screenshot(first.page, "first-paint-frame");
  await first.context.close();

  const returning = await openPhonePage(world.browser);
  await returning.context.addInitScript(() => {
    localStorage.setItem("yizhan.v1.lang", "en");
    localStorage.setItem("yizhan.v1.elder", "1");
  });
  await holdTheWasm(returning.context);
  await returning.page.goto(world.server.url);
  await returning.page.getByRole("status").getByText("Loading…").waitFor();
  assert.ok(await returning.page.getByText("My grid", { exact: true }).isVisible());
  assert.equal(await returning.page.getByText("首页", { exact: true }).isVisible(), false);
  assert.equal(await returning.page.getAttribute("html", "lang"), "en");
  assert.match((await returning.page.getAttribute("html", "class")) ?? "", /\belder\b/);
  await screenshot(returning.page, "first-paint-frame-elder-en");
  await returning.context.close();
});

test("the app takes the frame over without moving it, normal and elder", async () => {
  for (const elder of [false, true]) {
    const { context, page } = await openPhonePage(world.browser);
    await context.addInitScript((elder) => {
      if (elder) localStorage.setItem("yizhan.v1.elder", "1");
      window.__shift = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
      }).observe({ type: "layout-shift", buffered: true });
    }, elder);
    await page.goto(world.server.url);
    await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
    await page.waitForTimeout(500);
    const shift = await page.evaluate(() => window.__shift);
    console.log(`# layout shift while the app took over (${elder ? "elder" : "normal"}): ${shift.toFixed(4)}`);
    assert.ok(shift < 0.1, `cumulative layout shift ${shift}`);
    await context.close();
  }
});

// The app as an installable offline PWA and as a guest in WeChat-style webviews
// (issue 6): the service worker and manifest are found and active; with the network off
// a cold start opens on what the device last saw; where WebAssembly is missing a message
// says what to do; with no service worker and no IndexedDB under a WeChat user agent, a
// resident still signs in and sends an order, and a reload keeps both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";
import { signIn } from "./backend.mjs";

const world = useServerAndBrowser();

const WECHAT_UA =
  "Mozilla/5.0 (Linux; Android 12; V2118A Build/SP1A.210812.003; wv) AppleWebKit/537.36 " +
  "(KHTML, like Gecko) Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5023 " +
  "MMWEBSDK/20230504 MicroMessenger/8.0.37.2380(0x2800253D) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN";

/// The state of the page's service worker once it has settled (`activated`).
async function workerActive(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const worker = registration.active;
    if (worker.state === "activating") {
      await new Promise((done) => worker.addEventListener("statechange", done, { once: true }));
    }
    return worker.state;
  });
}

test("the manifest and an active service worker make the app installable", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await page.goto(world.server.url);
  assert.equal(await workerActive(page), "activated");
  const href = await page.getAttribute('link[rel="manifest"]', "href");
  const manifest = await (await fetch(new URL(href, world.server.url))).json();
  assert.equal(manifest.display, "standalone");
  assert.equal(manifest.start_url, "./");
  assert.ok(manifest.icons.some((i) => i.sizes === "512x512" && i.purpose === "maskable"));
  assert.ok(manifest.icons.some((i) => i.sizes === "192x192"));
  const sw = await fetch(`${world.server.url}/sw.js`);
  assert.equal(sw.headers.get("cache-control"), "no-cache");
  await context.close();
});

test("with the network off, a cold start opens on the last-seen data and says so", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, "13800000001");
  await page.goto(world.server.url);
  await page.getByTestId("community").getByText("育华里社区").waitFor({ timeout: 15_000 });
  // The last reference data of the first sync (the rota) is on the device.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "志愿" }).click();
  await page.getByRole("heading", { level: 2, name: "本周" }).waitFor({ timeout: 15_000 });
  assert.equal(await workerActive(page), "activated");
  await page.close();

  await context.setOffline(true);
  const cold = await context.newPage();
  await cold.goto(`${world.server.url}/grid`);
  await cold.getByTestId("offline-notice").waitFor();
  await cold.getByTestId("contact").first().waitFor();
  await cold.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await cold.getByTestId("community").getByText("育华里社区").waitFor();
  await screenshot(cold, "offline-cold-start");
  await context.close();
});

test("without WebAssembly the page says to update WeChat or open a browser", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await context.addInitScript(() => {
    delete globalThis.WebAssembly;
  });
  await page.goto(world.server.url);
  await page.getByText("这个浏览器版本太旧，打不开驿站").waitFor();
  await screenshot(page, "no-webassembly");
  await context.close();
});

test("in a WeChat webview with no service worker and no IndexedDB, an order goes and outlives a reload", async () => {
  const context = await world.browser.newContext({
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: "zh-CN",
    userAgent: WECHAT_UA,
  });
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "serviceWorker", { get: () => undefined });
    Object.defineProperty(window, "indexedDB", { value: undefined, configurable: true });
  });
  const page = await context.newPage();
  await signIn(page, world.server, "13800000002");
  await page.getByRole("link", { name: "许个心愿" }).click();
  await page.getByLabel("想请人帮什么忙").fill("帮忙把轮椅抬下楼");
  await page.getByRole("button", { name: "提交心愿" }).click();
  await page
    .getByTestId("order-row")
    .filter({ hasText: "帮忙把轮椅抬下楼" })
    .getByText("已发送")
    .waitFor({ timeout: 15_000 });
  // Kept in localStorage: a reload keeps the session and the order, with no warning.
  await page.reload();
  await page.getByTestId("order-row").filter({ hasText: "帮忙把轮椅抬下楼" }).waitFor();
  assert.equal(await page.getByTestId("volatile-notice").count(), 0);
  await context.close();
});

test("settings say how to install: open in a browser from WeChat, Share on iPhone", async () => {
  for (const [userAgent, expected] of [
    [WECHAT_UA, "微信里不能安装"],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "添加到主屏幕",
    ],
  ]) {
    const context = await world.browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN", userAgent });
    const page = await context.newPage();
    await page.goto(`${world.server.url}/settings`);
    await page.getByTestId("install").getByText(expected).waitFor();
    await context.close();
  }
});

test("where Chromium offers to install, settings show the button and a tap opens its dialog once", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await page.goto(`${world.server.url}/settings`);
  await page.getByRole("heading", { level: 1, name: "设置" }).waitFor();
  await page.getByTestId("install").getByText("添加到主屏幕").waitFor();
  // Headless Chromium never offers by itself: fire the offer as Chromium does.
  await page.evaluate(() => {
    window.__dialogs = 0;
    const offer = new Event("beforeinstallprompt", { cancelable: true });
    offer.prompt = async () => {
      window.__dialogs += 1;
      return { outcome: "accepted" };
    };
    offer.userChoice = Promise.resolve({ outcome: "accepted" });
    window.dispatchEvent(offer);
    window.__offerDeferred = offer.defaultPrevented;
  });
  assert.equal(await page.evaluate(() => window.__offerDeferred), true, "the app keeps the offer for a tap");
  const button = page.getByTestId("install").getByRole("button", { name: "安装驿站" });
  await button.click();
  assert.equal(await page.evaluate(() => window.__dialogs), 1);
  await button.waitFor({ state: "detached" });
  await context.close();
});

test("in a mini-program's web-view, back at the app's root goes to the host; elsewhere it stays in the app", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await context.addInitScript(() => {
    window.__wxjs_environment = "miniprogram";
    window.__handedBack = 0;
    window.wx = { miniProgram: { navigateBack: () => (window.__handedBack += 1) } };
  });
  await page.goto(world.server.url);
  await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "网格" }).click();
  await page.getByRole("heading", { level: 1, name: "我的网格" }).waitFor();
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
  assert.equal(await page.evaluate(() => window.__handedBack), 0, "back within the app");
  await page.goBack();
  await page.waitForFunction(() => window.__handedBack === 1);
  await context.close();
});

// The app shell against the real server, in a real browser: it renders in Chinese, every
// tab is a real route, the settings persist, and the page runs under the server's CSP.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";

const world = useServerAndBrowser();

const tabs = [
  { name: "首页", path: "/", heading: "我的社区", shot: "home" },
  { name: "服务", path: "/services", heading: "服务清单", shot: "services" },
  { name: "订单", path: "/orders", heading: "我的订单", shot: "orders" },
  { name: "网格", path: "/grid", heading: "我的网格", shot: "grid" },
  { name: "志愿", path: "/volunteer", heading: "志愿服务", shot: "volunteer" },
];

test("a resident walks the five tabs in Simplified Chinese", async () => {
  const { context, page, errors } = await openPhonePage(world.browser, { locale: "en-US" });
  await page.goto(world.server.url);
  await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "zh-Hans");
  assert.equal(await page.title(), "驿站");

  const nav = page.getByRole("navigation", { name: "主导航" });
  for (const tab of tabs) {
    await nav.getByRole("link", { name: tab.name }).click();
    await page.getByRole("heading", { level: 1, name: tab.heading }).waitFor();
    assert.equal(new URL(page.url()).pathname, tab.path);
    assert.equal(
      await nav.getByRole("link", { name: tab.name }).getAttribute("aria-current"),
      "page",
      `${tab.name} is not marked current`,
    );
    // An empty state that says what is missing, never a placeholder.
    const body = await page.locator("main").innerText();
    assert.doesNotMatch(body, /TODO|lorem|placeholder/i);
    await screenshot(page, `shell-${tab.shot}`);
  }

  // The back button returns to the previous tab, inside the app.
  await page.goBack();
  await page.getByRole("heading", { level: 1, name: "我的网格" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/grid");
  await page.goForward();
  await page.getByRole("heading", { level: 1, name: "志愿服务" }).waitFor();

  // A reload on a deep route comes back to the same tab.
  await page.reload();
  await page.getByRole("heading", { level: 1, name: "志愿服务" }).waitFor();

  assert.deepEqual(errors, [], "console errors (CSP violations included)");
  await context.close();
});

test("language and elder mode persist across a reload", async () => {
  const { context, page, errors } = await openPhonePage(world.browser);
  await page.goto(`${world.server.url}/settings`);
  await page.getByRole("heading", { level: 1, name: "设置" }).waitFor();

  await page.getByRole("radio", { name: "English" }).check();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");

  await page.getByRole("switch", { name: "Elder mode" }).check();
  assert.match(await page.getAttribute("html", "class"), /\belder\b/);
  const bodySize = await page.evaluate(() => parseFloat(getComputedStyle(document.body).fontSize));
  assert.ok(bodySize >= 18, `elder body text ${bodySize}px < 18px`);
  // Main controls are at least 60×60 px in elder mode.
  for (const link of await page.getByRole("navigation").getByRole("link").all()) {
    const box = await link.boundingBox();
    assert.ok(box.width >= 60 && box.height >= 60, `tab ${JSON.stringify(box)} under 60×60`);
  }
  await screenshot(page, "settings-elder-en");

  await page.reload();
  await page.getByRole("heading", { level: 1, name: "Settings" }).waitFor();
  assert.equal(await page.getAttribute("html", "lang"), "en");
  assert.match(await page.getAttribute("html", "class"), /\belder\b/);
  assert.ok(await page.getByRole("switch", { name: "Elder mode" }).isChecked());

  assert.deepEqual(errors, []);
  await context.close();
});

test("the server sends the contract's headers with the real build", async () => {
  const res = await fetch(world.server.url);
  assert.equal(res.headers.get("cache-control"), "no-cache");
  const html = await res.text();
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/, "inline script in index.html");
  const bootName = html.match(/src="\.\/(boot-[\w]+\.js)"/)?.[1];
  assert.ok(bootName, "index.html loads the loader");
  const boot = await (await fetch(`${world.server.url}/${bootName}`)).text();
  const builds = JSON.parse(boot.match(/^const BUILDS = (\{.*\});$/m)?.[1] ?? "{}");
  assert.ok(builds.full && builds.yizhan, "a build with every profile, and one for the contract's");
  for (const { wasm: path } of Object.values(builds)) {
    const wasm = await fetch(new URL(path, `${world.server.url}/`));
    assert.equal(wasm.headers.get("content-type"), "application/wasm");
    assert.equal(wasm.headers.get("cache-control"), "public, max-age=31536000, immutable");
  }
});

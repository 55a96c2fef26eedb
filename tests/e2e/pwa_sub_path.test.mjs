// A street office serves the app below a path of its own site, behind its reverse proxy,
// and links to it with a `?v=` cache-buster (issue 6): the same build works there, its
// service worker takes that path as its scope, and a cold start offline still opens.
// The app changes the address bar only when the resident acts.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";
import { signIn } from "./backend.mjs";
import { startProxy } from "./proxy.mjs";

const world = useServerAndBrowser();

test("under a sub-path, entered with ?v=, the app signs in, sends, reloads deep links and opens offline", async () => {
  const proxy = await startProxy({ "/street/yizhan": world.server.url });
  const site = { url: `${proxy.url}/street/yizhan`, backend: world.server.backend, stop: () => proxy.stop() };
  try {
    const { context, page, errors } = await openPhonePage(world.browser);
    await context.addInitScript(() => {
      // Every new history entry must come from the resident's own tap (a webview host
      // may treat others as the page wandering off on its own).
      window.__pushesWithoutGesture = [];
      const push = history.pushState.bind(history);
      history.pushState = (state, title, url) => {
        if (!navigator.userActivation.isActive) window.__pushesWithoutGesture.push(String(url));
        return push(state, title, url);
      };
    });
    await page.goto(`${site.url}?v=20261123`);
    assert.equal(new URL(page.url()).pathname, "/street/yizhan/", "the proxy adds the directory's slash");
    await page.getByRole("heading", { level: 1, name: "我的社区" }).waitFor();
    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    assert.equal(scope, `${site.url}/`);

    await signIn(page, site, "13800000003");
    assert.equal(page.url(), `${site.url}/orders`);
    await page.getByRole("link", { name: "许个心愿" }).click();
    assert.equal(page.url(), `${site.url}/wish`);
    await page.getByLabel("想请人帮什么忙").fill("帮忙取一下快递");
    await page.getByRole("button", { name: "提交心愿" }).click();
    await page
      .getByTestId("order-row")
      .filter({ hasText: "帮忙取一下快递" })
      .getByText("已发送")
      .waitFor({ timeout: 15_000 });

    await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "网格" }).click();
    assert.equal(page.url(), `${site.url}/grid`);
    await page.getByTestId("contact").first().waitFor();
    await page.reload();
    await page.getByRole("heading", { level: 1, name: "我的网格" }).waitFor();
    await page.getByTestId("contact").first().waitFor();
    assert.deepEqual(await page.evaluate(() => window.__pushesWithoutGesture), []);
    assert.deepEqual(errors, []);

    await context.setOffline(true);
    const cold = await context.newPage();
    await cold.goto(`${site.url}/?v=20261124`);
    await cold.getByTestId("offline-notice").waitFor();
    await cold.getByTestId("community").getByText("育华里社区").waitFor();
    await cold.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
    await cold.getByTestId("order-row").filter({ hasText: "帮忙取一下快递" }).waitFor();
    await context.close();
  } finally {
    await site.stop();
  }
});

// Issue 8: the app syncs with json-server, a backend we did not write, by configuration
// alone. A resident signs in, makes a wish offline that goes once the network is back,
// sees a status the community set on json-server, cancels through the app, and an order
// whose answer was lost is not created twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPhonePage, screenshot } from "./browser.mjs";
import {
  loseNextAnswer,
  makeWishInApp as makeWish,
  orderRow as row,
  signInByPhoneOnly,
  signInFormReady,
} from "./app.mjs";
import { startJsonServerCommunity } from "./json_server.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

// This file's world does not depend on the pass's backend: a second pass would only
// repeat it.
const runsOnce = referencePassOnly("starts its own backend whatever the pass; it runs in the reference pass");

let community;
let browser;

before(async () => {
  community = await startJsonServerCommunity();
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await community?.stop();
});

async function ordersOnServer() {
  return (await fetch(`${community.json}/orders`)).json();
}


test("on json-server: sign in, a wish made offline goes once, the community's status shows, a cancel goes back", runsOnce, async () => {
  const { context, page } = await openPhonePage(browser);
  await signInByPhoneOnly(page, community, "13800000001");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await page.getByTestId("community").getByText("育华里社区").waitFor({ timeout: 15_000 });

  await context.setOffline(true);
  await makeWish(page, "帮忙把旧报纸搬下楼");
  await row(page, "帮忙把旧报纸搬下楼").getByText("待发送").waitFor();
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await row(page, "帮忙把旧报纸搬下楼").getByText("已发送").waitFor({ timeout: 15_000 });
  let stored = (await ordersOnServer()).filter((o) => o.title === "帮忙把旧报纸搬下楼");
  assert.equal(stored.length, 1);
  assert.equal(stored[0].owner_id, "u-13800000001");
  assert.equal(stored[0].status, "submitted");

  // The community dispatches it on json-server, as its own tools would.
  const [order] = stored;
  const at = new Date(Date.now() + 1000).toISOString();
  const patched = await fetch(`${community.json}/orders/${order.id}`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      status: "dispatched",
      version: order.version + 1,
      assignee: { id: "u-13800000003", name: "王静" },
      updated_at: at,
      timeline: [
        ...order.timeline,
        { id: crypto.randomUUID(), at, status: "dispatched", action: "dispatch", by_role: "dispatcher", note: null },
      ],
    }),
  });
  assert.equal(patched.status, 200);
  await page.getByTestId("sync-now").click();
  await row(page, "帮忙把旧报纸搬下楼").getByText("已派单").waitFor({ timeout: 15_000 });
  await row(page, "帮忙把旧报纸搬下楼").getByRole("link").click();
  await page.getByTestId("handler").getByText("王静").waitFor();

  // A cancel made in the app is a PATCH on json-server, with its reason on the timeline.
  await page.getByLabel("取消原因（可不填）").fill("自己搬完了");
  await page.getByRole("button", { name: "取消订单" }).click();
  await page.getByTestId("order-status").getByText("已取消").waitFor({ timeout: 15_000 });
  stored = (await ordersOnServer()).filter((o) => o.title === "帮忙把旧报纸搬下楼");
  assert.equal(stored[0].status, "cancelled");
  assert.equal(stored[0].timeline.at(-1).note, "自己搬完了");
  await screenshot(page, "json-server-order");
  await context.close();
});

test("on json-server: an order whose answer was lost is sent again and is still one order", runsOnce, async () => {
  const { context, page } = await openPhonePage(browser);
  // A number json-server does not know is said at the phone field.
  await page.goto(`${community.url}/sign-in`);
  await signInFormReady(page);
  await page.getByLabel("手机号").fill("13900000000");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.locator("#field-phone-error").getByText("这个手机号还没有登记，请联系社区。").waitFor();
  await signInByPhoneOnly(page, community, "13800000002");
  // The first POST reaches json-server, and its answer never comes back.
  const lost = await loseNextAnswer(page, "**/api/orders", "POST");
  await makeWish(page, "想请人帮忙取药");
  await lost.delivered;
  assert.equal((await ordersOnServer()).filter((o) => o.title === "想请人帮忙取药").length, 1);
  // It may already have gone again in the same pass (a request that went through wakes
  // what waited for the network); either way it stays one order.

  await page.getByTestId("sync-now").click();
  await row(page, "想请人帮忙取药").getByText("已发送").waitFor({ timeout: 15_000 });
  const stored = (await ordersOnServer()).filter((o) => o.title === "想请人帮忙取药");
  assert.equal(stored.length, 1, "one order, not two");
  assert.equal(stored[0].owner_id, "u-13800000002");
  await context.close();
});

test("on json-server: when config.json cannot be read, the device keeps the backend it last read", runsOnce, async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, locale: "zh-CN" });
  // As in a webview without a service worker to serve config.json from its cache.
  await context.addInitScript(() => {
    Object.defineProperty(Navigator.prototype, "serviceWorker", { get: () => undefined });
  });
  const page = await context.newPage();
  await signInByPhoneOnly(page, community, "13800000001");
  await page.route("**/config.json*", (route) => route.abort("connectionreset"));
  await page.reload();
  await makeWish(page, "帮忙看看电表");
  await row(page, "帮忙看看电表").getByText("已发送").waitFor({ timeout: 15_000 });
  assert.equal((await ordersOnServer()).filter((o) => o.title === "帮忙看看电表").length, 1);
  await context.close();
});

// The outbox against a real backend, in a real browser (issue 4): an order made while
// offline survives two reloads on the device, a lost answer after the server saved it
// does not make a second order, and once the network is back there is exactly one order
// on the server, shown as sent.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";
import { apiRequests, ordersOf, signIn } from "./backend.mjs";

const RESIDENT = "13800000001";

const world = useServerAndBrowser();

function ordersOnServer() {
  return ordersOf(world.server, RESIDENT);
}

function row(page, title) {
  return page.getByTestId("order-row").filter({ hasText: title });
}

test("a wish made offline survives two reloads and reaches the server exactly once", async () => {
  const { context, page } = await openPhonePage(world.browser);
  const requests = apiRequests(world.server);
  await signIn(page, world.server, RESIDENT);

  await context.setOffline(true);
  await page.getByRole("link", { name: "许个心愿" }).click();
  await page.getByRole("heading", { level: 1, name: "许个心愿" }).waitFor();
  const title = "帮忙换三楼楼道灯泡";
  await page.getByLabel("想请人帮什么忙").fill(title);
  await page.getByLabel("在哪里（可不填）").fill("育华里 3 号楼 2 单元");
  await page.getByRole("button", { name: "提交心愿" }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
  await row(page, title).getByText("待发送").waitFor();
  await page.getByTestId("sync-badge").getByText("1 条待发送").waitFor();
  await page.getByTestId("offline-notice").waitFor();
  await screenshot(page, "orders-offline-waiting");

  // The page comes back (a reload needs the network until the service worker exists),
  // but the API stays out of reach: the wish must come from the device's storage.
  await context.route(requests.all, (route) => route.abort("internetdisconnected"));
  await context.setOffline(false);
  for (let reload = 0; reload < 2; reload += 1) {
    await page.reload();
    await row(page, title).getByText("待发送").waitFor();
  }
  assert.equal((await ordersOnServer()).length, 0, "nothing reached the server yet");

  // The network returns, but the server's answer to the order is lost after it saved it.
  await context.unroute(requests.all);
  let answersLost = 0;
  await context.route(requests.orderCreate.url, async (route) => {
    if (route.request().method() === requests.orderCreate.method && answersLost === 0) {
      answersLost += 1;
      await route.fetch(); // the server receives and stores it
      await route.abort("connectionreset"); // the phone never hears back
    } else {
      await route.continue();
    }
  });
  await page.getByTestId("sync-now").click();
  await assert.doesNotReject(async () => {
    for (let i = 0; i < 100 && answersLost === 0; i += 1) await page.waitForTimeout(100);
  });
  assert.equal(answersLost, 1, "the order was sent and its answer lost");
  assert.equal((await ordersOnServer()).length, 1);
  // Whether the same pass already sent it again (the pull that followed went through,
  // which wakes what waited for the network) or it still waits, it is one order.

  // A reload, and the device sends it again: the server recognises it.
  await page.reload();
  await page.getByTestId("sync-now").click();
  await row(page, title).getByText("已发送").waitFor({ timeout: 15_000 });
  await page.getByTestId("sync-badge").getByText("全部已发送").waitFor();
  await context.unroute(requests.orderCreate.url);

  const onServer = await ordersOnServer();
  assert.equal(onServer.length, 1, "exactly one order");
  assert.equal(onServer[0].title, title);
  assert.equal(onServer[0].kind, "wish");
  assert.equal(onServer[0].address, "育华里 3 号楼 2 单元");
  await page.reload();
  await row(page, title).getByText("已发送").waitFor();
  assert.equal(await page.getByTestId("order-row").count(), 1);
  await screenshot(page, "orders-sent");
  await context.close();
});

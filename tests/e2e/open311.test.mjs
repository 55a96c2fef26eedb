// Issue 8: the `open311` profile against a GeoReport v2 server (tests/e2e/
// georeport_backend.mjs), with only config.json changed: the city's services with their
// attributes as the form, an order made offline filed once as a form with the key, the
// city's progress and notes in the timeline, no steps or wishes the city cannot take,
// pages it cannot fill explained, a token resolved later, and a lost answer not filed
// twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { loseNextAnswer, orderRow as row, signInByPhoneOnly } from "./app.mjs";
import { serveAppWith } from "./server.mjs";
import { API_KEY, JURISDICTION, startGeoReport } from "./georeport_backend.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

// This file's world does not depend on the pass's backend: a second pass would only
// repeat it.
const runsOnce = referencePassOnly("starts its own backend whatever the pass; it runs in the reference pass");

let browser;
const worlds = [];

/// The built app, its config.json pointing at a GeoReport server on the same origin.
async function cityWorld({ tokens }) {
  const city = await startGeoReport({ tokens });
  const config = {
    profile: "open311",
    base_url: "api",
    open311: { api_key: API_KEY, jurisdiction_id: JURISDICTION, location: { lat: 39.12, long: 117.2 } },
  };
  const front = await serveAppWith({ api: city.url, config });
  const world = {
    city,
    url: front.url,
    async stop() {
      await front.stop();
      await city.stop();
    },
  };
  worlds.push(world);
  return world;
}

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  for (const world of worlds) await world.stop();
});

const filed = (world, line) => [...world.city.requests.values()].filter((r) => r.description.includes(line));

async function orderStairwellLight(page, title, { floor = "3" } = {}) {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "服务" }).click();
  await page.getByRole("link", { name: /楼道灯维修/ }).click();
  await page.getByRole("heading", { level: 1, name: "楼道灯维修" }).waitFor();
  // The attribute that asks nothing is told; the others are the form's questions.
  await page.getByText("夜间报修次日上午处理。").waitFor();
  await page.getByLabel("简单说说需要什么").fill(title);
  await page.getByLabel("完全不亮").check();
  await page.getByLabel("哪一层").fill(floor);
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

test("open311: the city's catalogue, an offline order filed once, the city's progress, nothing it cannot take", runsOnce, async () => {
  const world = await cityWorld({ tokens: false });
  const { context, page } = await openPhonePage(browser);
  await signInByPhoneOnly(page, world, "13800000001");

  // What GeoReport cannot give is explained, not shown empty; no wishes to make.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "网格" }).click();
  await page.getByText("本社区的服务平台不提供这部分内容").waitFor({ timeout: 15_000 });
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "许个心愿" }).count(), 0);

  // The catalogue arrived with the first sync; the order is made offline.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "服务" }).click();
  await page.getByRole("link", { name: /楼道灯维修/ }).waitFor({ timeout: 15_000 });
  await context.setOffline(true);
  await orderStairwellLight(page, "三楼楼道灯不亮");
  await page.getByText("待发送").first().waitFor();
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await page.getByTestId("timeline").getByText("预计 48 小时内处理").waitFor({ timeout: 15_000 });

  const [request] = filed(world, "三楼楼道灯不亮");
  assert.ok(request, "filed with the city");
  assert.equal(filed(world, "三楼楼道灯不亮").length, 1);
  assert.deepEqual(request.attributes, { KIND: "off", FLOOR: "3" });
  assert.equal(request.phone, "13800000001");
  assert.equal(`${request.lat},${request.long}`, "39.12,117.2", "the community's location, as no address was given");
  assert.match(request.description, /驿站单号：[0-9a-f-]{36}/);

  // The city's staff take it on, then close it, in their own system.
  world.city.update(request.service_request_id, { agency_responsible: "和平区市政维修队", status_notes: "师傅下午两点上门" });
  await page.getByTestId("sync-now").click();
  await page.getByTestId("order-status").getByText("已接单").waitFor({ timeout: 15_000 });
  await page.getByTestId("handler").getByText("和平区市政维修队").waitFor();
  await page.getByTestId("timeline").getByText("师傅下午两点上门").waitFor();
  // No cancel the city would never hear of; why, in the resident's words.
  assert.equal(await page.getByRole("button", { name: "取消订单" }).count(), 0);
  await page.getByText("这个诉求由城市服务平台处理").waitFor();

  world.city.update(request.service_request_id, { status: "closed", status_notes: "已更换灯泡" });
  await page.getByTestId("sync-now").click();
  await page.getByTestId("order-status").getByText("已完成").waitFor({ timeout: 15_000 });
  await page.getByTestId("timeline").getByText("已更换灯泡").waitFor();

  // A POST whose answer is lost after the city filed it.
  const lost = await loseNextAnswer(page, "**/api/requests.json", "POST");
  await orderStairwellLight(page, "五楼楼道灯闪", { floor: "5" });
  await lost.delivered;
  await page.getByTestId("sync-now").click();
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  await row(page, "五楼楼道灯闪").getByText("已发送").waitFor({ timeout: 15_000 });
  assert.equal(filed(world, "五楼楼道灯闪").length, 1, "one request, not two");
  await context.close();
});

test("open311: a server that answers with a token gives the id later, and the order follows it", runsOnce, async () => {
  const world = await cityWorld({ tokens: true });
  const { context, page } = await openPhonePage(browser);
  await signInByPhoneOnly(page, world, "13800000002");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "服务" }).click();
  await page.getByRole("link", { name: /楼道灯维修/ }).waitFor({ timeout: 15_000 });
  await orderStairwellLight(page, "一楼门口灯不亮", { floor: "1" });
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  await row(page, "一楼门口灯不亮").getByText("已发送").waitFor({ timeout: 15_000 });
  const [request] = filed(world, "一楼门口灯不亮");
  world.city.update(request.service_request_id, { status_notes: "已转物业处理" });
  // The first sync resolves the token, and reads the request by its id.
  await page.getByTestId("sync-now").click();
  await row(page, "一楼门口灯不亮").getByRole("link").click();
  await page.getByTestId("timeline").getByText("已转物业处理").waitFor({ timeout: 15_000 });
  assert.equal(filed(world, "一楼门口灯不亮").length, 1);
  await context.close();
});

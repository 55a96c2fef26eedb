// The community's whole loop in the app (issue 7), each person in their own browser
// context against the real server: a resident orders, a dispatcher dispatches, the
// volunteer accepts, starts and completes, the resident confirms with 5 stars. A second
// dispatcher racing the first is told someone was quicker, and so is a volunteer whose
// claim of a wish came second; neither race makes a second step on the server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { api, apiToken, signInThroughUi, tellingWhatWasShown, useServerAndBrowser } from "./app.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const world = useServerAndBrowser();

// Every test here has a dispatcher or a volunteer act in the app.
const staffInTheApp = referencePassOnly(
  "the json-server profile does not serve the staff's side of the loop (who is assigned, who may dispatch): no dispatcher's or volunteer's side in the app",
);

const RESIDENT = "13800000001";
const VOLUNTEER = "13800000003"; // 王静
const OTHER_VOLUNTEER = "13800000004"; // 许礼文
const DISPATCHER = "13800000005"; // 郑翔
const OTHER_DISPATCHER = "13800000006"; // 陈主任

async function person(phone, role) {
  const opened = await openPhonePage(world.browser);
  await signInThroughUi(opened.page, world.server, phone);
  if (role) await actAs(opened.page, role);
  return opened;
}

/// Chooses the role in the orders tab's switch; the tab then shows that side.
async function actAs(page, role) {
  await page.getByTestId("role-switch").getByLabel(role).check();
}

async function syncNow(page) {
  await page.getByTestId("sync-now").click();
}

function tab(page, name) {
  return page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name });
}

async function openOrder(page, section, title) {
  const row = page.getByTestId(section).getByTestId("order-row").filter({ hasText: title });
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole("link").click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

async function serverOrder(id) {
  const token = await apiToken(world.server, DISPATCHER);
  return (await api(world.server, token, "GET", `/orders/${id}`)).body;
}

test("order, dispatch, accept, complete, confirm, with a racing dispatcher told who was quicker", staffInTheApp, async () => {
  const resident = await person(RESIDENT);
  const dispatcher = await person(DISPATCHER, "派单员");
  const rival = await person(OTHER_DISPATCHER, "派单员");
  const volunteer = await person(VOLUNTEER, "志愿者");
  await tellingWhatWasShown({ resident, dispatcher, rival, volunteer }, async () => {
    // The resident orders a home haircut.
    await resident.page.goto(`${world.server.url}/service?id=svc-s01`);
    await resident.page.getByRole("heading", { level: 1, name: "上门理发" }).waitFor();
    await resident.page.getByLabel("联系电话（可不填）").fill("13800000001");
    await resident.page.getByRole("button", { name: "提交", exact: true }).click();
    await resident.page.getByTestId("timeline").getByText("提交").waitFor({ timeout: 15_000 });
    const orderId = new URL(resident.page.url()).searchParams.get("id");

    // Both dispatchers see it first in the queue, with its promised time.
    for (const { page } of [dispatcher, rival]) {
      await tab(page, "派单").waitFor(); // the orders tab is the dispatch tab
      await syncNow(page);
      await page.getByTestId("month-summary").getByText(/收到需求 \d+ 件/).waitFor();
      await openOrder(page, "queue", "上门理发");
    }
    await screenshot(dispatcher.page, "dispatch-order");

    // The rival is in a basement: their dispatch waits on the device.
    await rival.context.setOffline(true);
    await dispatcher.page.getByTestId("volunteer-choice").filter({ hasText: "王静" }).getByRole("radio").check();
    await dispatcher.page.getByRole("button", { name: "派单", exact: true }).click();
    await dispatcher.page.getByTestId("order-status").getByText("已派单").waitFor({ timeout: 15_000 });
    await rival.page.getByTestId("volunteer-choice").filter({ hasText: "许礼文" }).getByRole("radio").check();
    await rival.page.getByRole("button", { name: "派单", exact: true }).click();
    await rival.page.getByTestId("pending-step").getByText("待发送").waitFor();
    await rival.context.setOffline(false);
    await syncNow(rival.page);
    const explanation = rival.page.getByTestId("pending-step").getByText("其他派单员已经处理了这个订单，现在是：已派单");
    await explanation.waitFor({ timeout: 15_000 });
    await rival.page.getByTestId("handler").getByText("王静").waitFor();
    await screenshot(rival.page, "dispatch-overtaken");
    await rival.page.getByRole("button", { name: "知道了" }).click();
    await explanation.waitFor({ state: "detached" });
    let onServer = await serverOrder(orderId);
    assert.equal(onServer.assignee.name, "王静");
    assert.equal(onServer.timeline.filter((e) => e.action === "dispatch").length, 1, "one dispatch, not two");

    // The volunteer accepts, starts and completes.
    await syncNow(volunteer.page);
    await tab(volunteer.page, "任务").waitFor(); // the orders tab is the tasks tab
    await openOrder(volunteer.page, "for-me", "上门理发");
    await volunteer.page.getByTestId("contact-phone").getByRole("link").waitFor();
    for (const [button, status] of [
      ["接单", "已接单"],
      ["开始服务", "服务中"],
    ]) {
      await volunteer.page.getByRole("button", { name: button, exact: true }).click();
      await volunteer.page.getByTestId("order-status").getByText(status).waitFor({ timeout: 15_000 });
    }
    await volunteer.page.getByLabel(/说明/).fill("理发完成，顺便扫了地");
    await volunteer.page.getByRole("button", { name: "服务完成", exact: true }).click();
    await volunteer.page.getByTestId("order-status").getByText("已完成").waitFor({ timeout: 15_000 });

    // The resident confirms with five stars; everyone sees it closed after a sync.
    await syncNow(resident.page);
    await resident.page.getByTestId("order-status").getByText("已完成").waitFor({ timeout: 15_000 });
    await resident.page.getByLabel("5 星").check();
    await resident.page.getByRole("button", { name: "确认完成并评价" }).click();
    await resident.page.getByTestId("order-status").getByText("已评价").waitFor({ timeout: 15_000 });
    onServer = await serverOrder(orderId);
    assert.equal(onServer.status, "closed");
    assert.equal(onServer.rating, 5);
    for (const { page } of [dispatcher, volunteer]) {
      await syncNow(page);
      await page.getByTestId("order-status").getByText("已评价").waitFor({ timeout: 15_000 });
    }
    await tab(dispatcher.page, "派单").click();
    await dispatcher.page.getByTestId("month-summary").getByText(/平均 5\.0 星/).waitFor();
    await screenshot(dispatcher.page, "dispatch-summary");
  });

  for (const { context } of [resident, dispatcher, rival, volunteer]) await context.close();
});

test("a volunteer whose claim of a wish came second is told another volunteer was quicker", staffInTheApp, async () => {
  const resident = await person(RESIDENT);
  const first = await person(VOLUNTEER, "志愿者");
  const second = await person(OTHER_VOLUNTEER, "志愿者");

  await resident.page.goto(`${world.server.url}/wish`);
  await resident.page.getByLabel("想请人帮什么忙").fill("帮忙把快递搬上六楼");
  await resident.page.getByLabel("联系电话（可不填）").fill("138 0000 0001");
  await resident.page.getByRole("button", { name: "提交心愿" }).click();
  await resident.page
    .getByTestId("order-row")
    .filter({ hasText: "帮忙把快递搬上六楼" })
    .getByText("已发送")
    .waitFor({ timeout: 15_000 });

  for (const { page } of [first, second]) {
    await syncNow(page);
    await openOrder(page, "open-wishes", "帮忙把快递搬上六楼");
    // Before claiming, the resident's number is masked and the address withheld.
    await page.getByTestId("contact-phone").getByText(/\*\*\*\*/).waitFor();
  }
  await second.context.setOffline(true);
  await first.page.getByRole("button", { name: "认领这个心愿" }).click();
  await first.page.getByTestId("order-status").getByText("已接单").waitFor({ timeout: 15_000 });
  await first.page.getByTestId("contact-phone").getByRole("link").waitFor();

  await second.page.getByRole("button", { name: "认领这个心愿" }).click();
  await second.context.setOffline(false);
  await syncNow(second.page);
  await second.page
    .getByTestId("pending-step")
    .getByText("这个心愿已被其他志愿者先认领了")
    .waitFor({ timeout: 15_000 });
  await screenshot(second.page, "claim-overtaken");

  const token = await apiToken(world.server, RESIDENT);
  const list = await api(world.server, token, "GET", "/orders?limit=200");
  const wish = list.body.items.find((o) => o.title === "帮忙把快递搬上六楼");
  assert.equal(wish.assignee.name, "王静");
  assert.equal(wish.timeline.filter((e) => e.action === "claim").length, 1, "one claim, not two");

  // The wish has left the second volunteer's list of wishes to claim.
  await tab(second.page, "任务").click();
  await second.page.getByRole("heading", { level: 1, name: "我的任务" }).waitFor();
  await second.page
    .getByTestId("open-wishes")
    .getByTestId("order-row")
    .filter({ hasText: "帮忙把快递搬上六楼" })
    .waitFor({ state: "detached" });
  // Wherever they are, a notice leads back to the reason until they have read it.
  const notice = second.page.getByTestId("parked-notice");
  await notice.getByRole("link", { name: "帮忙把快递搬上六楼" }).click();
  await second.page.getByRole("button", { name: "知道了" }).click();
  await notice.waitFor({ state: "detached" });
  await second.page.getByTestId("sync-now").getByText("全部已发送").waitFor();
  for (const { context } of [resident, first, second]) await context.close();
});

test("a volunteer declines with a reason and the order is back in the queue; the dispatcher turns it down", staffInTheApp, async () => {
  const resident = await apiToken(world.server, RESIDENT);
  const id = crypto.randomUUID();
  const made = await api(world.server, resident, "PUT", `/orders/${id}`, { kind: "wish", title: "帮忙看看水管漏水" });
  assert.equal(made.status, 201);
  const dispatcherToken = await apiToken(world.server, DISPATCHER);
  const current = await api(world.server, dispatcherToken, "GET", `/orders/${id}`);
  const dispatched = await api(
    world.server,
    dispatcherToken,
    "POST",
    `/orders/${id}/transitions`,
    { id: crypto.randomUUID(), action: "dispatch", assignee_id: "u-13800000004" },
    { "if-match": `"${current.body.version}"` },
  );
  assert.equal(dispatched.status, 200);

  const volunteer = await person(OTHER_VOLUNTEER, "志愿者");
  await openOrder(volunteer.page, "for-me", "帮忙看看水管漏水");
  // A reason is needed to decline: said at the field, nothing sent.
  await volunteer.page.getByRole("button", { name: "退回", exact: true }).click();
  await volunteer.page.locator("#field-staff-note-error").getByText("这一项必填").waitFor();
  await volunteer.page.getByLabel(/说明/).fill("这周在外地，去不了");
  await volunteer.page.getByRole("button", { name: "退回", exact: true }).click();
  await volunteer.page.getByTestId("order-status").getByText("已提交").waitFor({ timeout: 15_000 });

  const dispatcher = await person(DISPATCHER, "派单员");
  await openOrder(dispatcher.page, "queue", "帮忙看看水管漏水");
  await dispatcher.page.getByTestId("timeline").getByText("这周在外地，去不了").waitFor();
  await dispatcher.page.getByLabel(/说明/).fill("属于物业维修范围，已转物业");
  await dispatcher.page.getByRole("button", { name: "不受理", exact: true }).click();
  await dispatcher.page.getByTestId("order-status").getByText("未受理").waitFor({ timeout: 15_000 });
  const onServer = (await api(world.server, dispatcherToken, "GET", `/orders/${id}`)).body;
  assert.equal(onServer.status, "rejected");
  assert.deepEqual(
    onServer.timeline.map((e) => [e.action, e.note]),
    [
      ["create", null],
      ["dispatch", null],
      ["decline", "这周在外地，去不了"],
      ["reject", "属于物业维修范围，已转物业"],
    ],
  );
  for (const { context } of [volunteer, dispatcher]) await context.close();
});

// What a resident does, against a real backend with demo data, in a 360×740 phone page
// (issue 5): order a service with its own questions, make a wish, follow both, cancel
// one, see a dispatcher's step in the timeline, confirm and rate, call the grid, sign up
// for a shift and withdraw.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { signInThroughUi, useServerAndBrowser } from "./app.mjs";
import {
  apiRequests,
  orderOnServer,
  ordersOf,
  placeOrder,
  signedUpForShift,
  signIn,
  staffStep,
} from "./backend.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const RESIDENT = "13800000001";
const OTHER_RESIDENT = "13800000002";
const VOLUNTEER = "13800000003";
const DISPATCHER = "13800000005";

const world = useServerAndBrowser();

function row(page, title) {
  return page.getByTestId("order-row").filter({ hasText: title });
}

async function syncNow(page) {
  await page.getByTestId("sync-now").click();
}

test("a resident orders a service with its questions, makes a wish, follows and cancels", async () => {
  const { context, page, errors } = await openPhonePage(world.browser);
  await signIn(page, world.server, RESIDENT);

  // The catalogue by kind, searchable.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "服务" }).click();
  await page.getByRole("heading", { level: 2, name: "代办服务" }).waitFor();
  await page.getByLabel("搜索服务").fill("水电");
  await page.getByRole("link", { name: /代缴水电燃气费/ }).click();
  await page.getByRole("heading", { level: 1, name: "代缴水电燃气费" }).waitFor();
  await page.getByText("承诺 24 小时内响应").waitFor();

  // Missing answers are named at their fields, and what was typed stays.
  await page.getByLabel("户号").fill("");
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.locator("#field-attributes\\.account-error").getByText("这一项必填").waitFor();
  await page.getByText("这一项必填").first().waitFor();
  await page.getByLabel("户号").fill("3100258811");
  await page.getByLabel("水费").check();
  await page.getByLabel("电费").check();
  // A reload keeps the draft.
  await page.reload();
  assert.equal(await page.getByLabel("户号").inputValue(), "3100258811");
  assert.ok(await page.getByLabel("电费").isChecked());
  await page.getByRole("button", { name: "提交", exact: true }).click();

  // The order's own page, then sent.
  await page.getByRole("heading", { level: 1, name: "代缴水电燃气费" }).waitFor();
  await page.getByTestId("timeline").getByText("提交").waitFor({ timeout: 15_000 });
  await screenshot(page, "order-detail");

  // A wish.
  await page.goto(`${world.server.url}/wish`);
  await page.getByLabel("想请人帮什么忙").fill("想请人陪我去菜市场");
  await page.getByRole("button", { name: "提交心愿" }).click();
  await row(page, "想请人陪我去菜市场").waitFor();
  await row(page, "代缴水电燃气费").waitFor();
  await syncNow(page);
  await row(page, "想请人陪我去菜市场").getByText("已发送").waitFor({ timeout: 15_000 });

  // Both on the server, the service order with its answers.
  const mine = await ordersOf(world.server, RESIDENT);
  const service = mine.find((o) => o.kind === "service");
  assert.deepEqual(service.attributes, { account: "3100258811", utility: ["water", "power"] });
  assert.ok(mine.some((o) => o.kind === "wish" && o.title === "想请人陪我去菜市场"));

  // Cancel the wish, with a reason.
  await row(page, "想请人陪我去菜市场").getByRole("link").click();
  await page.getByLabel("取消原因（可不填）").fill("家里人回来了");
  await page.getByRole("button", { name: "取消订单" }).click();
  await page.getByTestId("order-status").getByText("已取消").waitFor({ timeout: 15_000 });
  const wish = (await ordersOf(world.server, RESIDENT)).find((o) => o.kind === "wish");
  assert.equal(wish.status, "cancelled");
  assert.equal(wish.timeline.at(-1).note, "家里人回来了");

  // The filter shows finished ones apart.
  await page.goto(`${world.server.url}/orders`);
  // Both listed first, so that the one leaving below is the filter's doing.
  await row(page, "代缴水电燃气费").waitFor();
  await page.getByLabel("已结束").check();
  // The list re-renders a moment after the tap (Leptos runs effects in a microtask).
  await row(page, "代缴水电燃气费").waitFor({ state: "detached" });
  await row(page, "想请人陪我去菜市场").waitFor();
  assert.deepEqual(errors.filter((e) => !e.includes("ERR_INTERNET_DISCONNECTED")), []);
  await context.close();
});

test("a dispatcher's step shows in the timeline; the resident confirms and rates", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, OTHER_RESIDENT);
  const id = await placeOrder(world.server, OTHER_RESIDENT, {
    kind: "service", service_id: "svc-s04", title: "下周二陪同去市一医院",
    attributes: { hospital: "市第一人民医院", time: "2026-12-01T08:30:00+08:00" },
  });
  await staffStep(world.server, DISPATCHER, id, "dispatch", { assignee_id: "u-13800000003" });

  await syncNow(page);
  await row(page, "下周二陪同去市一医院").getByRole("link").click();
  await page.getByTestId("timeline").getByText("社区派单").waitFor({ timeout: 15_000 });
  await page.getByTestId("handler").getByText("王静").waitFor();

  await staffStep(world.server, VOLUNTEER, id, "accept");
  await staffStep(world.server, VOLUNTEER, id, "complete", { note: "已陪同就诊，药已取回" });
  await syncNow(page);
  await page.getByRole("button", { name: "确认完成并评价" }).waitFor({ timeout: 15_000 });
  await page.getByLabel("5 星").check();
  await page.getByLabel("留言（可不填）").fill("王静很耐心，谢谢！");
  await page.getByRole("button", { name: "确认完成并评价" }).click();
  await page.getByTestId("order-status").getByText("已评价").waitFor({ timeout: 15_000 });
  const closed = await orderOnServer(world.server, OTHER_RESIDENT, id);
  assert.equal(closed.status, "closed");
  assert.equal(closed.rating, 5);
  await context.close();
});

test("the grid page calls with one tap; a volunteer signs up for a shift and withdraws", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, VOLUNTEER);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "网格" }).click();
  await page.getByTestId("contact").first().waitFor();
  const calls = await page.locator('a[href^="tel:"]').count();
  assert.ok(calls >= 7, `call links on the grid page: ${calls}`);
  assert.match(await page.locator('[data-testid=contact] a[href^="tel:"]').first().getAttribute("href"), /^tel:\d{3,}/);
  await page.getByTestId("station").first().getByTestId("open-state").waitFor();

  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "志愿" }).click();
  const shift = page.getByTestId("shift").filter({ has: page.getByRole("button", { name: "报名" }) }).first();
  const shiftId = await shift.getAttribute("data-shift-id");
  await shift.getByRole("button", { name: "报名" }).click();
  const same = page.locator(`[data-testid=shift][data-shift-id="${shiftId}"]`).first();
  await same.getByText("已报名").waitFor();
  await syncNow(page);
  const onServer = () => signedUpForShift(world.server, VOLUNTEER, shiftId);
  for (let i = 0; i < 50 && !(await onServer()); i += 1) await page.waitForTimeout(200);
  assert.equal(await onServer(), true, "signed up on the server");
  await same.getByRole("button", { name: "取消报名" }).click();
  await syncNow(page);
  for (let i = 0; i < 50 && (await onServer()); i += 1) await page.waitForTimeout(200);
  assert.equal(await onServer(), false, "withdrawn on the server");
  await context.close();
});

/// Every write to the device's database fails from here on, as on a phone whose storage
/// is full: IndexedDB refuses with QuotaExceededError.
async function fillTheDisk(page) {
  await page.evaluate(() => {
    const full = () => {
      throw new DOMException("the disk is full", "QuotaExceededError");
    };
    IDBObjectStore.prototype.put = full;
    IDBObjectStore.prototype.delete = full;
  });
}

// Issue 15: a sign-up and a sign-out the device cannot keep used to be dropped without
// a word. Now the volunteer is told, nothing shows as done that was not, and nothing is
// lost: still signed in after the page comes back.
test("a sign-up and a sign-out the phone cannot store are said, and nothing is lost", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, VOLUNTEER);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "志愿" }).click();
  const shift = page.getByTestId("shift").filter({ has: page.getByRole("button", { name: "报名" }) }).first();
  const shiftId = await shift.getAttribute("data-shift-id");
  await fillTheDisk(page);

  await shift.getByRole("button", { name: "报名" }).click();
  const problem = page.getByTestId("volunteer-problem");
  await problem.waitFor();
  assert.equal((await problem.textContent()).trim(), "手机存储空间不足或不可用，内容没有保存。");
  const same = page.locator(`[data-testid=shift][data-shift-id="${shiftId}"]`).first();
  assert.equal(await same.getByText("已报名").count(), 0, "not shown as signed up");
  await screenshot(page, "volunteer-sign-up-not-stored");

  await page.goto(`${world.server.url}/settings`);
  await fillTheDisk(page);
  await page.getByTestId("account").getByRole("button", { name: "退出登录" }).click();
  await page.getByTestId("sign-out-problem").getByText("手机存储空间不足或不可用，内容没有保存。").waitFor();
  assert.match(await page.getByTestId("account").textContent(), /已登录/, "still signed in");

  await page.reload();
  await page.getByTestId("account").getByText("已登录", { exact: false }).waitFor();
  assert.equal(await signedUpForShift(world.server, VOLUNTEER, shiftId), false, "nothing was sent");
  await context.close();
});

// Issue 15: the calendar goes through the engine's account, which does not wait for the
// engine. Here a sync pass hangs on a dead spot (its pull of orders gets no answer), and
// the volunteer's calendar still arrives meanwhile; before, it waited behind the pass.
test("the calendar file comes while a sync pass hangs on a dead spot", referencePassOnly("the calendar file is the reference server's"), async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, VOLUNTEER);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "志愿" }).click();
  await page.getByRole("button", { name: "导出到日历" }).waitFor();
  const held = [];
  let pulled;
  const pulling = new Promise((resolve) => (pulled = resolve));
  await context.route(/\/api\/v1\/orders(\?|$)/, (route) => {
    held.push(route);
    pulled();
  });
  // The app gives up on a request after 20 s; the pass must still be waiting when the
  // file comes, or the calendar only came because the pass ended.
  let passGaveUp = false;
  page.on("requestfailed", (request) => {
    if (/\/api\/v1\/orders(\?|$)/.test(request.url())) passGaveUp = true;
  });
  await syncNow(page);
  await pulling; // the pass holds the engine now, waiting for an answer that does not come
  const download = page.waitForEvent("download", { timeout: 60_000 });
  await page.getByRole("button", { name: "导出到日历" }).click();
  const file = await download;
  assert.equal(file.suggestedFilename(), "yizhan-shifts.ics");
  assert.equal(passGaveUp, false, "the calendar came while the pass was still waiting");
  await context.unroute(/\/api\/v1\/orders(\?|$)/);
  for (const route of held) await route.abort("connectionreset").catch(() => {});
  await context.close();
});

const tabs = [
  { name: "首页", path: "/", shot: "home" },
  { name: "服务", path: "/services", shot: "services" },
  { name: "订单", path: "/orders", shot: "orders" },
  { name: "网格", path: "/grid", shot: "grid" },
  { name: "志愿", path: "/volunteer", shot: "volunteer" },
];

test("every tab in normal and elder mode, and in English, with screenshots", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, VOLUNTEER);
  for (const elder of [false, true]) {
    await page.goto(`${world.server.url}/settings`);
    const toggle = page.getByRole("switch", { name: "长辈版" });
    if ((await toggle.isChecked()) !== elder) await toggle.click();
    for (const tab of tabs) {
      await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: tab.name }).click();
      await page.waitForLoadState("networkidle");
      assert.equal(new URL(page.url()).pathname, tab.path);
      assert.equal(await page.evaluate(() => document.documentElement.classList.contains("elder")), elder);
      await screenshot(page, `${tab.shot}${elder ? "-elder" : ""}`);
    }
  }
  // English reaches every tab too.
  await page.goto(`${world.server.url}/settings`);
  await page.getByLabel("English").check();
  for (const [name, heading] of [["Home", "My community"], ["Services", /Service/], ["Orders", /order/i], ["Grid", /grid/i], ["Volunteer", /olunteer/]]) {
    await page.getByRole("navigation").getByRole("link", { name }).click();
    await page.getByRole("heading", { level: 1, name: heading }).waitFor();
  }
  await context.close();
});

test(
  "a wrong code and a short number are said at their fields, and what was typed stays",
  referencePassOnly("the json-server profile has no codes: a resident signs in by number alone"),
  async () => {
    const { context, page } = await openPhonePage(world.browser);
    await page.goto(`${world.server.url}/sign-in`);
    await page.getByLabel("手机号").fill("138 0000 0004");
    await page.getByLabel("验证码").fill("000000");
    await page.getByRole("button", { name: "登录", exact: true }).click();
    await page.locator("#field-code-error").getByText("验证码不对或已过期").waitFor();
    assert.equal(await page.getByLabel("手机号").inputValue(), "138 0000 0004", "what was typed stays");
    await page.getByLabel("手机号").fill("12345");
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.locator("#field-phone-error").getByText("请输入 11 位手机号").waitFor();
    await signInThroughUi(page, world.server, "13800000004");
    await context.close();
  },
);

test("a short number is said at its field before anything is sent, and stays as typed", async () => {
  const { context, page } = await openPhonePage(world.browser);
  await page.goto(`${world.server.url}/sign-in`);
  await page.getByLabel("手机号").fill("12345");
  // With a code step the number is checked when the code is asked for; without, on 登录.
  const check = world.server.backend === "json-server" ? "登录" : "获取验证码";
  await page.getByRole("button", { name: check, exact: true }).click();
  await page.locator("#field-phone-error").getByText("请输入 11 位手机号").waitFor();
  assert.equal(await page.getByLabel("手机号").inputValue(), "12345");
  await context.close();
});

test("a failing server gets a banner and the data stays", async () => {
  const { context, page } = await openPhonePage(world.browser);
  const requests = apiRequests(world.server);
  await signIn(page, world.server, "13800000004");
  await page.goto(`${world.server.url}/wish`);
  await page.getByLabel("想请人帮什么忙").fill("帮忙修自行车");
  await page.getByRole("button", { name: "提交心愿" }).click();
  await row(page, "帮忙修自行车").getByText("已发送").waitFor({ timeout: 15_000 });

  // The server starts failing: a banner in words, and the orders shown as they were.
  await context.route(requests.all, (route) =>
    route.fulfill({ status: 502, contentType: "text/html", body: "<html>Bad Gateway</html>" }),
  );
  await syncNow(page);
  await page.getByTestId("sync-error").getByText("暂时没能和社区同步").waitFor();
  await row(page, "帮忙修自行车").getByText("已发送").waitFor();
  await context.unroute(requests.all);
  await syncNow(page);
  await page.getByTestId("sync-error").waitFor({ state: "detached", timeout: 15_000 });
  await context.close();
});

// Issue 14: the app on a street office's RuoYi-Vue backend (tests/e2e/backends/ruoyi-vue/
// server.mjs, a stand-in written from the framework's conventions), configured only by
// the README's worked example (tests/e2e/backends/ruoyi-vue/config.json). Each step is one
// of the failures the issue found: every resident signs in for their own token, an order
// made offline goes once, a lost answer makes no second work order, a wish with a
// preferred time is taken (their date format), the staff's dispatch shows, a cancel
// their rules refuse inside a 200 answer waits with their message, an order entered at
// the counter is shown read-only, and an exact multiple of their page size ends.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { loseNextAnswer, makeWishInApp as makeWish, orderRow as row, signInFormReady } from "./app.mjs";
import { serveAppWith } from "./server.mjs";
import { PASSWORD, startRuoYiVue } from "./backends/ruoyi-vue/server.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const runsOnce = referencePassOnly("starts its own backend whatever the pass; it runs in the reference pass");

const here = import.meta.dirname;
const configText = readFileSync(join(here, "backends/ruoyi-vue/config.json"), "utf8");
let backend;
let front;
let browser;

before(async () => {
  const demo = JSON.parse(readFileSync(join(here, "json-server/db.json"), "utf8"));
  backend = await startRuoYiVue({ community: demo.community, services: demo.services });
  front = await serveAppWith({ api: backend.url, config: configText });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await front?.stop();
  await backend?.stop();
});

async function syncNow(page) {
  await page.getByTestId("sync-now").click();
}

test("config.json holds no secret: each resident signs in with their own password", runsOnce, () => {
  assert.doesNotMatch(configText, /"token"\s*:\s*"[^/]/, "no token value, only where to find one");
  assert.doesNotMatch(configText, /Bearer [A-Za-z0-9]/);
  assert.ok(!configText.includes(PASSWORD));
});

test("a resident on RuoYi-Vue: sign-in, offline order, lost answer, staff dispatch, in-band refusal, counter order, pages", runsOnce, async () => {
  const { context, page } = await openPhonePage(browser, { timezoneId: "Asia/Shanghai" });
  await page.goto(`${front.url}/sign-in`);
  await signInFormReady(page);
  assert.equal(await page.getByRole("button", { name: "获取验证码" }).count(), 0, "a password, no code");
  await page.getByLabel("手机号").fill("13800000001");
  await page.getByLabel("密码").fill("wrong-password");
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByText("手机号或密码不对。").waitFor();
  assert.equal(await page.getByLabel("手机号").inputValue(), "13800000001", "what was typed stays");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
  assert.deepEqual([...backend.tokens.values()], [101], "one token, the resident's own");

  // Their community and catalogue, read field by field.
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await page.getByTestId("community").getByText("育华里社区").waitFor({ timeout: 15_000 });

  // Made offline, sent once, in their words; the preferred time in their date format.
  await context.setOffline(true);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  await page.getByRole("link", { name: "许个心愿" }).click();
  await page.getByLabel("想请人帮什么忙").fill("帮忙修一下门锁");
  await page.getByLabel("什么时候方便（可不填）").fill("2026-12-05T10:00");
  await page.getByRole("button", { name: "提交心愿" }).click();
  await row(page, "帮忙修一下门锁").getByText("待发送").waitFor();
  await context.setOffline(false);
  await syncNow(page);
  await row(page, "帮忙修一下门锁").getByText("已发送").waitFor({ timeout: 15_000 });
  const [lock] = backend.staff.byTitle("帮忙修一下门锁");
  assert.equal(backend.staff.byTitle("帮忙修一下门锁").length, 1, "one work order");
  assert.equal(lock.orderType, "2", "a wish, in their dictionary");
  assert.equal(lock.status, 0);
  assert.equal(lock.residentId, 101, "the resident, from the session");
  assert.equal(lock.expectTime, "2026-12-05 10:00:00", "Beijing time, no zone");
  assert.match(lock.clientId, /^[0-9a-f-]{36}$/, "the app's id beside theirs");

  // A create whose answer is lost on the way back: read back by the client id, never
  // posted again.
  const posts = backend.counts.posts;
  const lost = await loseNextAnswer(page, "**/api/yizhan/order", "POST");
  await makeWish(page, "帮忙取快递");
  await lost.delivered;
  for (let i = 0; i < 3; i++) {
    await syncNow(page);
    await page.waitForTimeout(500);
  }
  await row(page, "帮忙取快递").getByText("已发送").waitFor({ timeout: 15_000 });
  assert.equal(backend.staff.byTitle("帮忙取快递").length, 1, "one work order, not four");
  assert.equal(backend.counts.posts, posts + 1, "posted once");

  // The staff dispatch it in RuoYi's admin screens.
  backend.staff.dispatch("帮忙修一下门锁", { userId: 103, name: "王静" });
  await syncNow(page);
  await row(page, "帮忙修一下门锁").getByText("已派单").waitFor({ timeout: 15_000 });

  // Cancelling now is against the office's rules: refused inside a 200 answer, shown
  // with their message, never as sent.
  await row(page, "帮忙修一下门锁").getByRole("link").click();
  await page.getByTestId("handler").getByText("王静").waitFor();
  await page.getByRole("button", { name: "取消订单" }).click();
  await page
    .getByTestId("pending-step")
    .getByText("社区没有收下：工单已派发，不能取消，请联系社区")
    .waitFor({ timeout: 15_000 });
  assert.equal(lock.status, 1, "still dispatched at the backend");
  await page.goBack();
  assert.equal(await page.getByText("全部已发送").count(), 0, "not shown as all sent");

  // An order the counter entered for her (no client id): shown, read-only.
  backend.staff.enterAtCounter(101, "楼道灯坏了");
  await syncNow(page);
  await row(page, "楼道灯坏了").waitFor({ timeout: 15_000 });
  await row(page, "帮忙取快递").waitFor();
  await row(page, "楼道灯坏了").getByRole("link").click();
  await page.getByTestId("filed-elsewhere").waitFor();
  assert.equal(await page.getByRole("button", { name: "取消订单" }).count(), 0, "changed at the counter");
  await page.goBack();

  // Twenty orders: an exact multiple of their page size of ten. A sync reads two pages.
  for (let n = 0; n < 17; n++) backend.staff.enterAtCounter(101, `柜台登记 ${n + 1}`);
  await syncNow(page);
  await row(page, "柜台登记 17").waitFor({ timeout: 15_000 });
  const lists = backend.counts.lists;
  await syncNow(page);
  await page.waitForTimeout(3000);
  const asked = backend.counts.lists - lists;
  assert.ok(asked >= 2 && asked <= 4, `${asked} list requests for a sync of 20 orders in pages of 10`);
  assert.equal(await page.getByTestId("order-row").count(), 20);
  await context.close();
});

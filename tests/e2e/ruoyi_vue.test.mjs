// Issue 14: what is particular to a street office's RuoYi-Vue backend (tests/e2e/backends/
// ruoyi-vue/server.mjs, a stand-in written from the framework's conventions), beyond the
// story every backend goes through in any_backend.test.mjs: config.json holds no
// secret, each resident signs in with their own password (a wrong one is said at the
// field, keeping the number), their catalogue arrives field by field, a service's
// answers go as JSON text and come back whole, a wish's preferred time goes in their
// date format without a zone, and a cancel their rules
// refuse inside a 200 answer is never shown as sent.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { orderRow as row, signInFormReady } from "./app.mjs";
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

test("a resident on RuoYi-Vue: their own password, their catalogue, their date format, an in-band refusal never shown as sent", runsOnce, async () => {
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
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "服务" }).click();
  await page.getByLabel("搜索服务").fill("水电");
  await page.getByRole("link", { name: /代缴水电燃气费/ }).click();
  await page.getByText("承诺 24 小时内响应").waitFor();
  // A service order's answers go as their JSON text, and come back whole.
  await page.getByLabel("户号").fill("3100258811");
  await page.getByLabel("电费").check();
  await page.getByRole("button", { name: "提交", exact: true }).click();
  await page.getByRole("link", { name: "返回订单列表" }).click();
  await row(page, "代缴水电燃气费").getByText("已发送").waitFor({ timeout: 15_000 });
  const [paid] = backend.staff.byTitle("代缴水电燃气费");
  assert.equal(typeof paid.formData, "string");
  assert.deepEqual(JSON.parse(paid.formData).account, "3100258811");
  assert.equal(paid.orderType, "1", "a service");

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

  // The staff dispatch it; cancelling now is against the office's rules, refused inside
  // a 200 answer: never "all sent".
  backend.staff.dispatch("帮忙修一下门锁", { userId: 103, name: "王静" });
  await syncNow(page);
  await row(page, "帮忙修一下门锁").getByText("已派单").waitFor({ timeout: 15_000 });
  await row(page, "帮忙修一下门锁").getByRole("link").click();
  await page.getByTestId("handler").getByText("王静").waitFor();
  await page.getByRole("button", { name: "取消订单" }).click();
  await page
    .getByTestId("pending-step")
    .getByText("社区没有收下：工单已派发，不能取消，请联系社区")
    .waitFor({ timeout: 15_000 });
  await syncNow(page);
  await page.waitForTimeout(1000);
  assert.equal(await page.getByText("全部已发送").count(), 0, "not shown as all sent");
  assert.equal(lock.status, 1, "still dispatched at the backend");

  await context.close();
});

test("the backend check on RuoYi-Vue says what works, in plain words, before any resident uses it", runsOnce, async () => {
  const { context, page } = await openPhonePage(browser, { timezoneId: "Asia/Shanghai" });
  const before = backend.counts.posts;
  await page.goto(`${front.url}/check`);
  await page.getByRole("heading", { level: 1, name: "检查后端" }).waitFor();
  await signInFormReady(page);
  await page.getByLabel("手机号").fill("13800000002");
  await page.getByLabel("密码").fill(PASSWORD);
  await page.getByRole("button", { name: "开始检查" }).click();
  const findings = page.getByTestId("check-finding");
  await findings.getByText("测试心愿").waitFor({ timeout: 30_000 });
  const said = await findings.allInnerTexts();
  assert.ok(said.some((line) => line.includes("登录成功：曹菊兰")), said.join("\n"));
  assert.ok(said.some((line) => line.includes("没有重复提交")), said.join("\n"));
  assert.ok(said.some((line) => line.includes("期望时间：读回的是同一个时刻")), said.join("\n"));
  assert.ok(said.some((line) => line.includes("取消：后端记下了这一步")), said.join("\n"));
  assert.ok(said.some((line) => line.includes("服务清单：读到 26 条")), said.join("\n"));
  assert.ok(!said.some((line) => line.startsWith("不可用")), said.join("\n"));
  assert.equal(backend.counts.posts, before + 1, "the test wish filed once, its first answer dropped");
  const test = [...backend.orders.values()].find((o) => o.orderTitle.startsWith("驿站接入检查"));
  assert.equal(test.status, 6, "and cancelled");
  assert.equal(test.residentId, 102);
  await context.close();
});

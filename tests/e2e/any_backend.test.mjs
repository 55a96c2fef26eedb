// Issue 14: the same resident's story on every backend street offices run, each driven
// by the README's worked config.json for it (tests/e2e/backends/<name>/config.json) and
// nothing else. A backend folder's server.mjs is the real third-party server started
// from the registries (json-server 1.0, Directus) or a stand-in written from the backend's
// published conventions where it cannot be installed here (it says which). For each:
// sign in as that backend signs people in, an order made offline goes once, a create
// whose answer is lost is not made twice, an expired token is renewed where the backend
// gives refresh tokens, the staff's change shows after a sync, a step
// the backend's rules refuse waits with the backend's own message, an order entered at
// the counter is shown read-only, and a list of an exact multiple of the page size ends.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { loseNextAnswer, makeWishInApp as makeWish, orderRow as row, signInFormReady } from "./app.mjs";
import { serveAppWith } from "./server.mjs";
import { referencePassOnly } from "./selected_backend.mjs";
import { LATE_CANCEL } from "./backends/http.mjs";

const runsOnce = referencePassOnly("starts its own backends whatever the pass; it runs in the reference pass");

const here = import.meta.dirname;
const demo = JSON.parse(readFileSync(join(here, "json-server/db.json"), "utf8"));
const BACKENDS = ["ruoyi-vue", "ruoyi-vue-plus", "pocketbase", "strapi-v4", "strapi-v5", "supabase", "json-server-1", "directus"];

let browser;
before(async () => {
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
});

async function signIn(page, kind, url) {
  await page.goto(`${url}/sign-in`);
  await signInFormReady(page);
  await page.getByLabel("手机号").fill(kind.signIn.phone);
  if (kind.signIn.with === "password") {
    await page.getByLabel("密码").fill(kind.signIn.secret);
  } else if (kind.signIn.with === "code") {
    await page.getByRole("button", { name: "获取验证码" }).click();
    await page.getByText("验证码已发送").waitFor();
    await page.getByLabel("验证码").fill(await kind.lastCode(kind.signIn.phone));
  }
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
}

async function syncUntil(page, locator) {
  for (let i = 0; i < 5; i++) {
    await page.getByTestId("sync-now").click();
    try {
      await locator.waitFor({ timeout: 3000 });
      return;
    } catch {
      // not yet: the pass may have been under way
    }
  }
  try {
    await locator.waitFor({ timeout: 5000 });
  } catch (error) {
    // What the resident saw instead, for whoever reads the failure.
    const shown = await page.locator("body").innerText().catch(() => "");
    throw new Error(`${error.message}\n--- the page showed:\n${shown}`);
  }
}

/// The resident's list holds `total` orders: its last row shows, or past the rows shown
/// at first, the 'show more' button counts them all.
function everyOrderHeld(page, total) {
  const firstRows = 50;
  return total <= firstRows
    ? page.getByTestId("order-row").nth(total - 1)
    : page.getByTestId("show-more").filter({ hasText: `共 ${total} 条` });
}

for (const name of BACKENDS) {
  test(`the resident's story on ${name}`, runsOnce, async () => {
    const { backend: kind } = await import(`./backends/${name}/server.mjs`);
    const config = readFileSync(join(here, `backends/${name}/config.json`), "utf8");
    const backend = await kind.start({ community: demo.community, services: demo.services });
    kind.lastCode = (phone) => backend.lastCode(phone);
    const front = await serveAppWith({ api: backend.url, config });
    const { context, page } = await openPhonePage(browser, { timezoneId: "Asia/Shanghai" });
    try {
      await signIn(page, kind, front.url);

      // Made offline, sent once.
      await context.setOffline(true);
      await makeWish(page, "帮忙修一下门锁");
      await row(page, "帮忙修一下门锁").getByText("待发送").waitFor();
      await context.setOffline(false);
      await syncUntil(page, row(page, "帮忙修一下门锁").getByText("已发送"));
      assert.equal(await backend.count("帮忙修一下门锁"), 1, "one record");

      // A create whose answer is lost on the way back: one record, one create.
      const creates = backend.creates();
      const lost = await loseNextAnswer(page, kind.createUrl, kind.createMethod);
      await makeWish(page, "帮忙取快递");
      await lost.delivered;
      await syncUntil(page, row(page, "帮忙取快递").getByText("已发送"));
      assert.equal(await backend.count("帮忙取快递"), 1, "not made twice");
      assert.equal(backend.creates(), creates + 1, "created once");

      // A token that expired is renewed without asking the resident, where the backend
      // renews tokens (a refresh token).
      if (kind.renews) {
        backend.expireTokens();
        await makeWish(page, "帮忙买菜");
        await syncUntil(page, row(page, "帮忙买菜").getByText("已发送"));
        assert.equal(await backend.count("帮忙买菜"), 1);
        assert.ok(backend.refreshes() >= 1, "renewed");
        assert.equal(await page.getByText("登录已过期").count(), 0, "not asked to sign in again");
      }

      // The staff's change, made on their side, shows after a sync.
      await backend.dispatch("帮忙修一下门锁", "王静");
      await syncUntil(page, row(page, "帮忙修一下门锁").getByText("已派单"));

      // A step the backend's rules refuse waits with the backend's own message.
      if (kind.refusesLateCancel) {
        await row(page, "帮忙修一下门锁").getByRole("link").click();
        await page.getByRole("button", { name: "取消订单" }).click();
        await page
          .getByTestId("pending-step")
          .getByText(`社区没有收下：${kind.lateCancelMessage ?? LATE_CANCEL}`)
          .waitFor({ timeout: 15_000 });
        assert.equal(await backend.status("帮忙修一下门锁"), "dispatched", "still dispatched there");
        await page.goBack();
      }

      // An order entered at the counter for this resident: shown, read-only.
      await backend.enterAtCounter("楼道灯坏了");
      await syncUntil(page, row(page, "楼道灯坏了"));
      await row(page, "楼道灯坏了").getByRole("link").click();
      await page.getByTestId("filed-elsewhere").waitFor();
      assert.equal(await page.getByRole("button", { name: "取消订单" }).count(), 0);
      await page.goBack();

      // An exact multiple of the page size: the sync ends.
      let total = await backend.mine();
      while (total % kind.pageSize !== 0 || total < 2 * kind.pageSize) {
        total += 1;
        await backend.enterAtCounter(`柜台登记 ${total}`);
      }
      // Orders entered at the counter in one millisecond have no order among themselves,
      // so the newest may be anywhere in the list (past its first 50 rows, seen on a fast
      // machine): wait for the list to hold all of them.
      await syncUntil(page, everyOrderHeld(page, total));
      const lists = backend.lists();
      await page.getByTestId("sync-now").click();
      await page.waitForTimeout(2000);
      const asked = backend.lists() - lists;
      const pages = total / kind.pageSize;
      assert.ok(asked <= 2 * (pages + 1), `${asked} list requests for ${total} orders in pages of ${kind.pageSize}`);
      // Every order arrives (a pass may still be reading its pages when the newest one
      // shows): the list opened to its end, waited for, then counted, so none is missing
      // and none is doubled.
      await page.getByTestId("order-row").nth(Math.min(total, 50) - 1).waitFor({ timeout: 15_000 });
      const more = page.getByTestId("show-more");
      while ((await more.count()) > 0) await more.click();
      await page.getByTestId("order-row").nth(total - 1).waitFor({ timeout: 15_000 });
      assert.equal(await page.getByTestId("order-row").count(), total);
    } finally {
      await context.close();
      await front.stop();
      await backend.stop();
    }
  });
}

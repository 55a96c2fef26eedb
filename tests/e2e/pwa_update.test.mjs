// A deploy while the app is open (issue 6): the running app notices the new version,
// offers it, and applies it on a tap, without losing an order still waiting to be sent.
import { test, after } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtApp } from "./server.mjs";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { referencePassOnly, startCommunity } from "./selected_backend.mjs";
import { apiRequests, ordersOf, signIn } from "./backend.mjs";

// A copy of the build, so the test can deploy "a new version" into it.
const deployed = mkdtempSync(join(tmpdir(), "yizhan-deploy-"));
cpSync(builtApp, deployed, { recursive: true });
let server;
let browser;

after(async () => {
  await browser?.close();
  await server?.stop();
  rmSync(deployed, { recursive: true, force: true });
});

test("a new deploy is offered, applied on a tap, and the queued order survives", async () => {
  server = await startCommunity({ dist: deployed });
  browser = await launchBrowser();
  const { context, page } = await openPhonePage(browser);
  const requests = apiRequests(server);
  await signIn(page, server, "13800000001");
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await page.reload();
  assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "controlled");

  // An order waits: the API is out of reach.
  await context.route(requests.all, (route) => route.abort("internetdisconnected"));
  await page.getByRole("link", { name: "许个心愿" }).click();
  await page.getByLabel("想请人帮什么忙").fill("更新前提交的心愿");
  await page.getByRole("button", { name: "提交心愿" }).click();
  const row = page.getByTestId("order-row").filter({ hasText: "更新前提交的心愿" });
  await row.getByText("待发送").waitFor();

  // Deploy: a new build means a new service worker.
  const sw = join(deployed, "sw.js");
  writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "[0-9a-f]+";/, 'const VERSION = "0000000000000001";'));
  // A deploy replaces the build whole, its compressed copies with it.
  rmSync(`${sw}.br`, { force: true });
  rmSync(`${sw}.gz`, { force: true });
  await page.evaluate(async () => {
    const registration = await navigator.serviceWorker.getRegistration();
    await registration.update();
  });
  await page.getByTestId("update-ready").waitFor({ timeout: 15_000 });
  await Promise.all([
    page.waitForEvent("load"),
    page.getByRole("button", { name: "点此更新" }).click(),
  ]);
  await row.getByText("待发送").waitFor();
  assert.equal(
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).waiting),
    null,
    "the new version took over",
  );

  await context.unroute(requests.all);
  await page.getByTestId("sync-now").click();
  await row.getByText("已发送").waitFor({ timeout: 15_000 });
  const mine = await ordersOf(server, "13800000001");
  assert.equal(mine.filter((o) => o.title === "更新前提交的心愿").length, 1);
  await context.close();
});

test(
  "a staff device keeps the workbench offline across a deploy",
  referencePassOnly("the workbench is the reference server's"),
  async () => {
    const copy = mkdtempSync(join(tmpdir(), "yizhan-deploy-staff-"));
    cpSync(builtApp, copy, { recursive: true });
    const staffServer = await startCommunity({ dist: copy });
    const staffBrowser = await launchBrowser();
    try {
      const { context, page } = await openPhonePage(staffBrowser);
      await signIn(page, staffServer, "13800000006");
      await page.evaluate(async () => {
        await navigator.serviceWorker.ready;
      });
      // The workbench opened once, online, under the service worker.
      await page.goto(`${staffServer.url}/workbench`);
      await page.getByRole("heading", { level: 1, name: "社区工作台" }).waitFor();
      assert.ok(await page.evaluate(() => navigator.serviceWorker.controller !== null), "controlled");

      // A deploy; the new version is taken with the device already offline.
      const sw = join(copy, "sw.js");
      writeFileSync(sw, readFileSync(sw, "utf8").replace(/const VERSION = "[0-9a-f]+";/, 'const VERSION = "0000000000000002";'));
      rmSync(`${sw}.br`, { force: true });
      rmSync(`${sw}.gz`, { force: true });
      await page.evaluate(async () => {
        const registration = await navigator.serviceWorker.getRegistration();
        await registration.update();
      });
      await page.getByTestId("update-ready").waitFor({ timeout: 15_000 });
      // Days later: the browser's own cache has let the files go, the phone is offline.
      const cdp = await context.newCDPSession(page);
      await cdp.send("Network.clearBrowserCache");
      await context.setOffline(true);
      await Promise.all([page.waitForEvent("load"), page.getByRole("button", { name: "点此更新" }).click()]);
      await page.getByRole("heading", { level: 1, name: "社区工作台" }).waitFor({ timeout: 15_000 });
      await page.getByTestId("desk-parts").getByRole("link", { name: /替居民登记/ }).waitFor();
      await context.close();
    } finally {
      await staffBrowser.close();
      await staffServer.stop();
      rmSync(copy, { recursive: true, force: true });
    }
  },
);

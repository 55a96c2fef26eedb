// Issue 8: the `mapped` profile drives a backend shaped unlike ours (tests/e2e/
// tickets_backend.mjs) with configuration alone (tests/e2e/tickets-config.json): sign in
// by phone, a wish made offline goes once, pages of orders, a state the backend's staff
// set shows in the app, a cancel goes back in the backend's words, and a create whose
// answer was lost is not made twice.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { launchBrowser, openPhonePage } from "./browser.mjs";
import { loseNextAnswer, makeWishInApp as makeWish, orderRow as row, signInByPhoneOnly } from "./app.mjs";
import { serveAppWith } from "./server.mjs";
import { startTicketsBackend } from "./tickets_backend.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

// This file's world does not depend on the pass's backend: a second pass would only
// repeat it.
const runsOnce = referencePassOnly("starts its own backend whatever the pass; it runs in the reference pass");

const here = import.meta.dirname;
let backend;
let front;
let browser;

before(async () => {
  const demo = JSON.parse(readFileSync(join(here, "json-server/db.json"), "utf8"));
  backend = await startTicketsBackend({ community: demo.community, services: demo.services });
  const config = readFileSync(resolve(here, "tickets-config.json"), "utf8");
  front = await serveAppWith({ api: backend.url, config });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await front?.stop();
  await backend?.stop();
});


function ticketsTitled(subject) {
  return [...backend.tickets.values()].filter((t) => t.subject === subject);
}

test("mapped onto a tickets backend: sign in, offline wish, pages, the backend's state, cancel, a lost answer", runsOnce, async () => {
  const { context, page } = await openPhonePage(browser);
  await signInByPhoneOnly(page, { url: front.url }, "13800000001");
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "首页" }).click();
  await page.getByTestId("community").getByText("育华里社区").waitFor({ timeout: 15_000 });

  await context.setOffline(true);
  await makeWish(page, "帮忙修一下门锁");
  await row(page, "帮忙修一下门锁").getByText("待发送").waitFor();
  await context.setOffline(false);
  await page.getByTestId("sync-now").click();
  await row(page, "帮忙修一下门锁").getByText("已发送").waitFor({ timeout: 15_000 });
  const [ticket] = ticketsTitled("帮忙修一下门锁");
  assert.equal(ticket.state, "new", "the backend's word for submitted");
  assert.equal(ticket.owner, "p-1");
  assert.equal(ticket.source, "yizhan", "the constant field");
  assert.equal(ticket.rev, 1);

  // Three more, so the list comes in pages of two.
  for (const title of ["帮忙取快递", "帮忙倒垃圾", "帮忙买菜"]) await makeWish(page, title);
  for (const title of ["帮忙取快递", "帮忙倒垃圾", "帮忙买菜"]) {
    await row(page, title).getByText("已发送").waitFor({ timeout: 15_000 });
  }

  // The backend's staff assign the first one, in their own words.
  backend.tickets.set(ticket.uuid, {
    ...backend.tickets.get(ticket.uuid),
    state: "assigned",
    rev: 2,
    modified: new Date(Date.now() + 1000).toISOString(),
  });
  await page.getByTestId("sync-now").click();
  await row(page, "帮忙修一下门锁").getByText("已派单").waitFor({ timeout: 15_000 });

  await row(page, "帮忙修一下门锁").getByRole("link").click();
  await page.getByLabel("取消原因（可不填）").fill("自己修好了");
  await page.getByRole("button", { name: "取消订单" }).click();
  await page.getByTestId("order-status").getByText("已取消").waitFor({ timeout: 15_000 });
  const cancelled = backend.tickets.get(ticket.uuid);
  assert.equal(cancelled.state, "withdrawn");
  assert.equal(cancelled.rev, 3);
  assert.equal(cancelled.history.at(-1).note, "自己修好了");

  // A create whose answer is lost after the backend stored it.
  const lost = await loseNextAnswer(page, "**/api/tickets/*", "PUT");
  await makeWish(page, "帮忙换个水龙头");
  await lost.delivered;
  await page.getByTestId("sync-now").click();
  await row(page, "帮忙换个水龙头").getByText("已发送").waitFor({ timeout: 15_000 });
  assert.equal(ticketsTitled("帮忙换个水龙头").length, 1, "one ticket, not two");
  await context.close();
});

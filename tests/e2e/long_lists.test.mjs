// Long lists a page at a time (issue 16): a list of many orders draws its first 50 rows
// and says how many more a tap adds, so a phone with years of orders opens the list at
// once instead of drawing every row.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { useServerAndBrowser } from "./app.mjs";
import { placeOrder, signIn } from "./backend.mjs";

const RESIDENT = "13800000001";
const world = useServerAndBrowser();

test("a list of 120 orders shows 50, and 50 more on each tap, to the end", async () => {
  for (let n = 1; n <= 120; n += 1) {
    await placeOrder(world.server, RESIDENT, { kind: "wish", title: `第 ${n} 个心愿` });
  }
  const { context, page } = await openPhonePage(world.browser);
  await signIn(page, world.server, RESIDENT);
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  const rows = page.getByTestId("order-row");
  const more = page.getByTestId("show-more");
  await more.getByText("再显示 50 条（共 120 条）").waitFor({ timeout: 20_000 });
  assert.equal(await rows.count(), 50);
  await screenshot(page, "orders-long-list");

  await more.click();
  await more.getByText("再显示 20 条（共 120 条）").waitFor();
  assert.equal(await rows.count(), 100);
  await more.click();
  await rows.nth(119).waitFor();
  assert.equal(await rows.count(), 120);
  assert.equal(await more.count(), 0, "nothing more to show");
  const titles = (await rows.allTextContents()).map((text) => text.match(/第 \d+ 个心愿/)?.[0]);
  assert.equal(new Set(titles).size, 120, "every order once, none doubled by the pages");
  await context.close();
});

// Issue 19, activities, in a real browser against the real server: a resident signs up
// offline for a lecture while the last place is taken by a neighbour; once online she is
// told she is first in line; the neighbour withdraws and the place comes to her by
// itself, with the check-in code and its QR. At the door a grid worker, offline, checks
// her in by the code read out; it is sent when the network is back.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { api, apiToken, signInThroughUi, tellingWhatWasShown, useServerAndBrowser } from "./app.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const world = useServerAndBrowser();
const onTheReferenceServer = referencePassOnly("activities are the reference server's extension");

const ADMIN = "13800000006"; // 陈主任
const RESIDENT = "13800000001"; // 李万章
const NEIGHBOUR = "13800000002"; // 曹菊兰
const GRID_WORKER = "13800000007"; // 张秀梅

/// RFC 3339 in the community's time, `minutes` from now.
function inMinutes(minutes) {
  const at = new Date(Date.now() + minutes * 60_000 + 8 * 3600_000);
  return `${at.toISOString().slice(0, 19)}+08:00`;
}

test(
  "a resident signs up offline for a full lecture, is first in line, gets the place when it frees, and is checked in by code at an offline door",
  onTheReferenceServer,
  async () => {
    const phone = await openPhonePage(world.browser);
    const door = await openPhonePage(world.browser);
    await tellingWhatWasShown({ phone, door }, async () => {
      const admin = await apiToken(world.server, ADMIN);
      const neighbour = await apiToken(world.server, NEIGHBOUR);
      const resident = await apiToken(world.server, RESIDENT);
      const id = `lecture-${Date.now()}`;
      const made = await api(world.server, admin, "PUT", `/activities/${id}`, {
        title: "法律大讲堂：养老防骗", organiser: "社区法律顾问", station_id: "st-1",
        starts_at: inMinutes(60), ends_at: inMinutes(150), capacity: 1,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));

      // The resident sees it with its one place, then loses the network.
      const { page, context } = phone;
      await signInThroughUi(page, world.server, RESIDENT);
      await page.goto(`${world.server.url}/`);
      await page.getByRole("link", { name: /社区活动/ }).click();
      await page.getByRole("heading", { level: 1, name: "社区活动" }).waitFor();
      const card = page.locator(`[data-activity-id="${id}"]`).first();
      await card.getByText("还剩 1 个名额（共 1 个）").waitFor({ timeout: 15_000 });
      await context.setOffline(true);
      await card.getByRole("button", { name: "报名" }).click();
      await page.getByTestId("activity-sending").waitFor();
      await screenshot(page, "activity-sending-offline");

      // Meanwhile the neighbour takes the place.
      const taken = await api(world.server, neighbour, "PUT", `/activities/${id}/signups/${crypto.randomUUID()}`, {});
      assert.equal(taken.body.mine[0].state, "confirmed");

      // Back online: the sign-up goes, and the place having gone, she is first in line.
      await context.setOffline(false);
      await page.getByTestId("sync-now").click();
      await page.getByTestId("activity-in-line").getByText("候补第 1 位").waitFor({ timeout: 20_000 });
      const onServer = await api(world.server, resident, "GET", `/activities/${id}`);
      assert.equal(onServer.body.mine.length, 1, "one sign-up, sent once");
      assert.equal(onServer.body.mine[0].state, "waitlisted");
      await screenshot(page, "activity-in-line");

      // The neighbour withdraws: the place comes to her by itself, and she is told.
      const given = await api(world.server, neighbour, "DELETE", `/activities/${id}/signups/${taken.body.mine[0].id}`);
      assert.equal(given.status, 200);
      await page.getByTestId("sync-now").click();
      await page.getByTestId("activity-placed").waitFor({ timeout: 20_000 });
      const code = (await page.getByTestId("check-in-code").first().textContent()).trim();
      const now = await api(world.server, resident, "GET", `/activities/${id}`);
      assert.equal(code, now.body.mine[0].code, "the code the server keeps");
      assert.equal(await page.locator(".pass__qr path").count() > 0, true, "a QR code drawn on the phone");
      const inbox = await api(world.server, resident, "GET", "/inbox");
      assert.ok(
        inbox.body.items.some((item) => item.kind === "activity_place" && item.activity_id === id),
        "told that the place is hers",
      );
      await screenshot(page, "activity-placed");

      // Elder mode: the pass grows as wide as the card, and nothing spills off the screen.
      const normal = await page.locator(".pass__qr").first().boundingBox();
      await page.goto(`${world.server.url}/settings`);
      await page.getByRole("switch", { name: "长辈版" }).click();
      await page.goto(`${world.server.url}/activities`);
      await page.getByTestId("check-in-pass").first().waitFor();
      const qr = await page.locator(".pass__qr").first().boundingBox();
      assert.ok(qr.width > normal.width * 1.2, `the QR code is ${qr.width}px wide in elder mode, ${normal.width}px else`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
      assert.equal(overflow, false, "no sideways scrolling");
      await screenshot(page, "activity-pass-elder");

      // At the door: the grid worker's phone keeps the list, and goes offline.
      const staff = door.page;
      await signInThroughUi(staff, world.server, GRID_WORKER);
      await staff.goto(`${world.server.url}/workbench-door`);
      await staff.getByRole("heading", { level: 1, name: "活动签到" }).waitFor();
      await staff.getByTestId("door-activity").selectOption(id);
      await staff.getByTestId("door-person").getByText("李万章").waitFor({ timeout: 15_000 });
      await door.context.setOffline(true);
      await staff.getByLabel("签到码").fill("0O0O0O");
      await staff.getByRole("button", { name: "签到", exact: true }).click();
      await staff.getByText("签到码是 6 位字母和数字").waitFor();
      assert.equal(await staff.getByLabel("签到码").inputValue(), "0O0O0O", "what was typed stays");
      // Read out with a dash, in lower case.
      await staff.getByLabel("签到码").fill(`${code.slice(0, 3)}-${code.slice(3)}`.toLowerCase());
      await staff.getByRole("button", { name: "签到", exact: true }).click();
      await staff.getByTestId("door-answer").getByText("李万章，签到成功。").waitFor();
      await staff.getByTestId("door-waiting").waitFor();
      await staff.getByTestId("door-count").getByText("已签到 1 人 / 报名 1 人").waitFor();
      // The same code again says so, rather than checking in twice.
      await staff.getByLabel("签到码").fill(code);
      await staff.getByRole("button", { name: "签到", exact: true }).click();
      await staff.getByTestId("door-answer").getByText("李万章 已经签到过了。").waitFor();
      await screenshot(staff, "door-offline");
      const before = await api(world.server, admin, "GET", `/activities/${id}/signups`);
      assert.equal(before.body.items[0].checked_in_at, null, "nothing sent while offline");

      // Back online, it is sent.
      await door.context.setOffline(false);
      await staff.getByTestId("sync-now").click();
      await staff.getByTestId("door-waiting").waitFor({ state: "detached", timeout: 20_000 });
      const after = await api(world.server, admin, "GET", `/activities/${id}/signups`);
      const her = after.body.items.find((signup) => signup.code === code);
      assert.ok(her.checked_in_at, "checked in on the server");
      // Her phone shows it after a sync.
      await page.getByTestId("sync-now").click();
      await page.getByTestId("check-in-pass").first().getByText("已签到").waitFor({ timeout: 20_000 });
    });
  },
);

test("an admin closes the station for two days in the workbench; a resident sees it closed today, why, and when it opens", onTheReferenceServer, async () => {
  const desk = await openPhonePage(world.browser);
  const phone = await openPhonePage(world.browser);
  await tellingWhatWasShown({ desk, phone }, async () => {
    const tomorrow = inMinutes(24 * 60).slice(0, 10);
    // In the station's editor: a special date (today by default, closed all day).
    const { page: admin } = desk;
    await signInThroughUi(admin, world.server, ADMIN);
    await admin.goto(`${world.server.url}/workbench-stations?id=st-1`);
    const editor = admin.getByTestId("station-editor");
    await editor.waitFor({ timeout: 15_000 });
    const before = await editor.getByTestId("exception").count();
    await editor.getByRole("button", { name: "添加特殊日期" }).click();
    const added = editor.getByTestId("exception").nth(before);
    assert.equal(await added.getByLabel("全天闭馆").isChecked(), true, "closed all day by default");
    // A last day before the first is said at its field, and what was typed stays.
    await added.getByLabel("到哪天（只有一天可不填）").fill("2020-01-01");
    await added.getByLabel("说明（居民会看到，如：元旦闭馆）").fill("停水检修，临时闭馆");
    await editor.getByRole("button", { name: "保存" }).click();
    await added.getByText("结束须晚于开始").waitFor();
    assert.equal(await added.getByLabel("说明（居民会看到，如：元旦闭馆）").inputValue(), "停水检修，临时闭馆");
    await added.getByLabel("到哪天（只有一天可不填）").fill(tomorrow);
    await screenshot(admin, "workbench-station-holiday");
    await editor.getByRole("button", { name: "保存" }).click();
    await admin.getByTestId("desk-saved").waitFor({ timeout: 15_000 });

    // The resident's home page, after a sync.
    const { page } = phone;
    await signInThroughUi(page, world.server, RESIDENT);
    await page.goto(`${world.server.url}/`);
    await page.getByTestId("sync-now").click();
    const card = page.getByTestId("station").first();
    await card.getByTestId("station-today").getByText("今天：停水检修，临时闭馆").waitFor({ timeout: 15_000 });
    const state = await card.getByTestId("open-state").textContent();
    assert.doesNotMatch(state, /营业中/, `closed today, not "${state}"`);
    assert.match(state, /开门/, "says when it opens");
    await card.getByTestId("station-coming").getByText(/停水检修，临时闭馆：闭馆/).waitFor();
    await screenshot(page, "station-closed-today");
    // Offline, the closure still shows: it is on the device.
    await phone.context.setOffline(true);
    await page.reload();
    await page.getByTestId("station-today").first().waitFor({ timeout: 15_000 });
    await phone.context.setOffline(false);
  });
});

test("a dispatcher puts on a weekly lecture in the workbench, repeats it, cancels one, and counts the month", onTheReferenceServer, async () => {
  const desk = await openPhonePage(world.browser);
  await tellingWhatWasShown({ desk }, async () => {
    const { page } = desk;
    await signInThroughUi(page, world.server, "13800000005"); // 郑翔, dispatcher
    await page.goto(`${world.server.url}/workbench-activities`);
    const form = page.getByTestId("activity-form");
    await form.waitFor({ timeout: 15_000 });
    const title = `周五手工课 ${Date.now()}`;
    await form.getByLabel("活动名称（例如：健康大讲堂）").fill(title);
    await form.getByLabel("主办（团队、单位或社区）").fill("巾帼志愿服务队");
    await form.getByLabel("日期").fill(inMinutes(3 * 24 * 60).slice(0, 10));
    await form.getByLabel("地点").selectOption({ label: "育华里红色驿站" });
    await form.getByLabel("名额").fill("二十");
    await form.getByRole("button", { name: "保存" }).click();
    // Said at its field; what was typed stays.
    await page.locator("#field-capacity-error").waitFor();
    assert.equal(await form.getByLabel("活动名称（例如：健康大讲堂）").inputValue(), title);
    await form.getByLabel("名额").fill("20");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText(title).waitFor({ timeout: 15_000 });
    // A second new one is a second activity, not the first one changed.
    const second = `周六剪纸课 ${Date.now()}`;
    await form.getByLabel("活动名称（例如：健康大讲堂）").fill(second);
    await form.getByLabel("主办（团队、单位或社区）").fill("巾帼志愿服务队");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText(second).waitFor({ timeout: 15_000 });

    // After a sync it is on the list: repeated weekly, three times in all.
    await page.getByTestId("sync-now").click();
    const row = page.getByTestId("desk-activity").filter({ hasText: title }).first();
    await row.waitFor({ timeout: 15_000 });
    await row.getByLabel("共几次（含这一次）").fill("3");
    // A neighbour signs up meanwhile: the next sync changes the row's figures, and what
    // the dispatcher typed in it stays.
    const neighbour = await apiToken(world.server, "13800000002");
    const activityId = await row.getAttribute("data-activity-id");
    const taken = await api(world.server, neighbour, "PUT", `/activities/${activityId}/signups/${crypto.randomUUID()}`, {});
    assert.equal(taken.status, 200, JSON.stringify(taken.body));
    await page.getByTestId("sync-now").click();
    await row.getByText("已报名 1 / 20").waitFor({ timeout: 15_000 });
    assert.equal(await row.getByLabel("共几次（含这一次）").inputValue(), "3", "the typed count kept through a sync");
    // Who signed up: the neighbour, with a place and her phone to call.
    await row.getByRole("button", { name: "报名名单" }).click();
    const signed = row.getByTestId("activity-signup").filter({ hasText: "曹菊兰" });
    await signed.getByText("已报名").waitFor({ timeout: 15_000 });
    await signed.getByRole("link", { name: "13800000002" }).waitFor();
    await row.getByRole("button", { name: "每周重复" }).click();
    await page.getByTestId("desk-saved").getByText("这个系列现在共 3 次活动。").waitFor({ timeout: 15_000 });
    const dispatcher = await apiToken(world.server, "13800000005");
    const listed = await api(world.server, dispatcher, "GET", `/activities?to=${inMinutes(30 * 24 * 60).slice(0, 10)}`);
    assert.equal(listed.body.items.filter((a) => a.title === title).length, 3, "three in the series");
    assert.equal(listed.body.items.filter((a) => a.title === second).length, 1, "the second one kept apart");

    // Cancelled: those signed up are told (none yet), the row says so.
    await row.getByRole("button", { name: "取消这次活动" }).click();
    await page.getByTestId("desk-saved").getByText(`已取消「${title}」`).waitFor({ timeout: 15_000 });
    await page.getByTestId("sync-now").click();
    await row.getByText("已取消").waitFor({ timeout: 15_000 });
    await screenshot(page, "workbench-activities");

    // The month's figures, online.
    await page.getByTestId("figures").getByRole("button", { name: "查看" }).click();
    await page.getByTestId("figures-line").getByText(/举办 \d+ 场，服务 \d+ 人次/).waitFor({ timeout: 15_000 });
  });
});

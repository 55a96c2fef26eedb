// Issue 19, appointments (预约), in a real browser against the real server: a resident
// picks the last free legal-advice slot and books it offline while a neighbour races
// for the same slot and gets it first; back online she is told the slot went, is offered
// the next free one and books it with one tap, once. It shows offline after a reload,
// and staff see the day's bookings at the workbench.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { api, apiToken, signInThroughUi, tellingWhatWasShown, useServerAndBrowser } from "./app.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const world = useServerAndBrowser();
const onTheReferenceServer = referencePassOnly("appointments are the reference server's extension");

const ADMIN = "13800000006"; // 陈主任
const RESIDENT = "13800000001"; // 李万章
const NEIGHBOUR = "13800000002"; // 曹菊兰
const DISPATCHER = "13800000005"; // 郑翔

/// `MM-DD HH:MM` of an RFC 3339 time in the community's offset, as the app writes it.
const when = (rfc) => `${rfc.slice(5, 10)} ${rfc.slice(11, 16)}`;

test(
  "a resident books the last legal-advice slot offline while a neighbour races for it; she is told, offered the next free slot and books it once",
  onTheReferenceServer,
  async () => {
    const phone = await openPhonePage(world.browser);
    const desk = await openPhonePage(world.browser);
    await tellingWhatWasShown({ phone, desk }, async () => {
      const admin = await apiToken(world.server, ADMIN);
      const neighbour = await apiToken(world.server, NEIGHBOUR);
      const resident = await apiToken(world.server, RESIDENT);
      // One lawyer, half-hour slots all day: whatever the hour, slots lie ahead.
      const id = `legal-${Date.now()}`;
      const made = await api(world.server, admin, "PUT", `/bookables/${id}`, {
        name: "法律咨询（一对一）", provider: "社区法律顾问", kind: "consultation", station_id: "st-1",
        rules: [{ days: [1, 2, 3, 4, 5, 6, 7], from: "00:00", until: "24:00", minutes: 30 }],
        capacity: 1, ahead_days: 2,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      const [wanted, next] = made.body.slots.map((slot) => slot.starts_at);

      // The resident finds it and picks the first slot, then loses the network.
      const { page, context } = phone;
      await signInThroughUi(page, world.server, RESIDENT);
      await page.goto(`${world.server.url}/`);
      await page.getByRole("link", { name: /预约服务/ }).click();
      await page.getByRole("heading", { level: 1, name: "预约服务" }).waitFor();
      const card = page.locator(`[data-bookable-id="${id}"]`);
      await card.waitFor({ timeout: 15_000 });
      await card.getByLabel("哪一天").selectOption(wanted.slice(0, 10));
      await card.getByRole("button", { name: `${wanted.slice(11, 16)} 余 1`, exact: true }).click();
      await context.setOffline(true);
      await card.getByRole("button", { name: `确认预约 ${when(wanted)}` }).click();
      await card.getByTestId("booking-sending").waitFor();
      await screenshot(page, "booking-sending-offline");

      // Meanwhile the neighbour books the same slot, and gets it.
      const taken = await api(world.server, neighbour, "PUT", `/bookables/${id}/bookings/${crypto.randomUUID()}`, { starts_at: wanted });
      assert.equal(taken.status, 200, JSON.stringify(taken.body));

      // Back online: hers is refused, said in her words, with the next free slot offered.
      await context.setOffline(false);
      await page.getByTestId("sync-now").click();
      const refused = card.getByTestId("booking-refused");
      await refused.getByText(`没约上：${when(wanted)} 这个时段刚被别人约走了。`).waitFor({ timeout: 20_000 });
      await screenshot(page, "booking-slot-taken");
      await refused.getByRole("button", { name: `改约下一个空闲时段 ${when(next)}` }).click();
      await page.getByTestId("sync-now").click();
      await card.getByTestId("booking-booked").waitFor({ timeout: 20_000 });
      await card.getByText(when(next)).first().waitFor();
      assert.equal(await card.getByTestId("booking-refused").count(), 0, "the refusal is let go");
      const onServer = await api(world.server, resident, "GET", `/bookables/${id}`);
      assert.deepEqual(onServer.body.mine.map((b) => b.starts_at), [next], "one booking, the next slot, sent once");
      const neighbours = await api(world.server, neighbour, "GET", `/bookables/${id}`);
      assert.deepEqual(neighbours.body.mine.map((b) => b.starts_at), [wanted], "the neighbour keeps hers");
      await screenshot(page, "booking-booked");

      // Offline after a reload, what the device last saw shows.
      await context.setOffline(true);
      await page.reload();
      await page.locator(`[data-bookable-id="${id}"]`).getByTestId("booking-booked").waitFor({ timeout: 15_000 });
      await context.setOffline(false);

      // At the workbench, the day's bookings: both, with who.
      const staff = desk.page;
      await signInThroughUi(staff, world.server, DISPATCHER);
      await staff.goto(`${world.server.url}/workbench-bookings`);
      const day = staff.getByTestId("bookings-day");
      await day.getByLabel("日期").fill(wanted.slice(0, 10));
      await day.getByRole("button", { name: "查看" }).click();
      const rows = staff.getByTestId("booking-row").filter({ hasText: "法律咨询（一对一）" });
      await rows.filter({ hasText: "李万章" }).waitFor({ timeout: 15_000 });
      await rows.filter({ hasText: "曹菊兰" }).waitFor();
      await screenshot(staff, "workbench-bookings");
    });
  },
);

test("a dispatcher offers a new service to book in the workbench; residents see it, and no longer once it is stopped", onTheReferenceServer, async () => {
  const desk = await openPhonePage(world.browser);
  await tellingWhatWasShown({ desk }, async () => {
    const { page } = desk;
    await signInThroughUi(page, world.server, DISPATCHER);
    await page.goto(`${world.server.url}/workbench-bookings`);
    const form = page.getByTestId("bookable-form");
    await form.waitFor({ timeout: 15_000 });
    const name = `心理疏导 ${Date.now()}`;
    await form.getByLabel("名称（例如：法律咨询）").fill(name);
    await form.getByLabel("谁来服务（律师、团队或单位）").fill("社工站");
    await form.getByLabel("地点", { exact: true }).selectOption({ label: "育华里红色驿站" });
    await form.getByLabel("每个时段可约几人（借用物品：共几件）").fill("两个");
    await form.getByRole("button", { name: "保存" }).click();
    // Said at its field; what was typed stays.
    await page.locator("#field-bookable-capacity-error").waitFor();
    assert.equal(await form.getByLabel("名称（例如：法律咨询）").inputValue(), name);
    await form.getByLabel("每个时段可约几人（借用物品：共几件）").fill("2");
    await form.getByLabel("最低年龄（不限就不填）").fill("60");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText(name).waitFor({ timeout: 15_000 });

    const resident = await apiToken(world.server, RESIDENT);
    const offered = await api(world.server, resident, "GET", "/bookables");
    const made = offered.body.items.find((t) => t.name === name);
    assert.ok(made, "residents see it");
    assert.equal(made.capacity, 2);
    assert.equal(made.eligibility.min_age, 60);
    assert.ok(made.slots.length > 0, "with its slots");
    await screenshot(page, "workbench-bookables");

    // Stopped: residents no longer see it.
    await page.getByTestId("sync-now").click();
    const row = page.getByTestId("desk-bookable").filter({ hasText: name });
    await row.getByRole("button", { name: "停止预约" }).click();
    // Asked once more: residents lose it.
    await row.getByRole("button", { name: "确定停止预约（居民将看不到它）" }).click();
    await page.getByTestId("desk-saved").getByText(`「${name}」已停止预约`).waitFor({ timeout: 15_000 });
    const after = await api(world.server, resident, "GET", "/bookables");
    assert.ok(!after.body.items.some((t) => t.name === name), "no longer offered");
  });
});

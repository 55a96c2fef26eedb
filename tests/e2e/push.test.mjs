// Issue 18, what rings: Web Push from the reference server to a resident's phone while
// staff act in their own browsers, the service worker showing it, a text to a resident
// without the app, and a volunteer's shift reminder with the server's clock moved.
//
// Chromium here cannot reach a real push service, so two things stand in, both written
// from the published conventions: the push service (./push_service.mjs: RFC 8030/8291/
// 8292, decrypting with the device's own keys), and the browser's registration with it
// (`PushManager.subscribe` answers with that service's endpoint and the device's keys, as
// Chrome answers with FCM's). Everything between runs for real: the app asks for
// permission and subscribes with the server's key, the server encrypts, signs and sends,
// and the message the push service decrypted is handed to the app's service worker
// (Chrome DevTools' ServiceWorker.deliverPushMessage, what the browser does with a push),
// which shows it.
import { test, after, before } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, openPhonePage, screenshot } from "./browser.mjs";
import { api, apiToken, signInThroughUi, step, tellingWhatWasShown } from "./app.mjs";
import { startServer } from "./server.mjs";
import { startPushService } from "./push_service.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const RESIDENT = "13800000001"; // 李万章
const VOLUNTEER = "13800000003"; // 王静
const DISPATCHER = "13800000005"; // 郑翔
const GRID_WORKER = "13800000007"; // 张秀梅
const ONLY_REFERENCE = referencePassOnly("json-server pushes nothing: the app offers no notifications there");

/// Seconds that move the server's clock to 12:00 in the community today: outside the
/// default quiet hours (22:00-07:00) whenever the tests run.
function toMidday() {
  const now = Date.now();
  const china = new Date(now + 8 * 3600_000);
  const noon = Date.UTC(china.getUTCFullYear(), china.getUTCMonth(), china.getUTCDate(), 12) - 8 * 3600_000;
  return Math.round((noon - now) / 1000);
}

/// An SMS gateway for `--notify-command`: appends the phone and the message's JSON line.
function textGateway() {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-texts-"));
  const log = join(dir, "sent.txt");
  const program = join(dir, "send-text");
  writeFileSync(program, `#!/bin/sh\nread line\necho "$1 $line" >> '${log}'\n`);
  chmodSync(program, 0o755);
  return {
    program,
    sent: () =>
      existsSync(log)
        ? readFileSync(log, "utf8").trim().split("\n").map((l) => ({ phone: l.slice(0, 11), message: JSON.parse(l.slice(12)) }))
        : [],
  };
}

/// Stands in for the browser's registration with its push service: `subscribe` answers
/// with `subscription` (the local service's endpoint and the device's keys), remembered
/// across reloads as a browser remembers it, and records the key the app subscribed with.
function fakeRegistration(subscription) {
  const KEY = "yizhan-test-push-subscribed";
  const make = () => ({
    endpoint: subscription.endpoint,
    expirationTime: null,
    toJSON: () => subscription,
    unsubscribe: async () => {
      localStorage.removeItem(KEY);
      return true;
    },
  });
  PushManager.prototype.subscribe = async function (options) {
    if (!options?.userVisibleOnly || !options?.applicationServerKey) throw new Error("subscribe without a key");
    localStorage.setItem(KEY, String(options.applicationServerKey));
    return make();
  };
  PushManager.prototype.getSubscription = async function () {
    return localStorage.getItem(KEY) ? make() : null;
  };
}

/// A member of staff signed in on a phone of their own, on their side of the orders tab.
async function staffPage(server, phone, role) {
  const opened = await openPhonePage(world.browser);
  await signInThroughUi(opened.page, server, phone);
  await opened.page.getByTestId("role-switch").getByLabel(role).check();
  return opened;
}

/// Opens the order titled `title` from the list `section` of the orders tab, after a sync.
async function openOrder(page, section, title) {
  await page.getByTestId("sync-now").click();
  const row = page.getByTestId(section).getByTestId("order-row").filter({ hasText: title });
  await row.waitFor({ timeout: 15_000 });
  await row.getByRole("link").click();
  await page.getByRole("heading", { level: 1, name: title }).waitFor();
}

async function waitFor(what, check, ms = 15_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms / 1000} s: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const world = {};
before(async () => {
  world.push = await startPushService();
  world.texts = textGateway();
  world.server = await startServer({
    extraArgs: ["--push-service", world.push.origin, "--notify-command", world.texts.program, "--clock-offset", String(toMidday())],
  });
  world.browser = await launchBrowser();
});
after(async () => {
  await world.browser?.close();
  await world.server?.stop();
  await world.push?.close();
});

test(
  "a resident's phone rings when staff elsewhere dispatch, take and finish their order, and the service worker shows each",
  ONLY_REFERENCE,
  async () => {
    const { server, push } = world;
    const phone = await openPhonePage(world.browser);
    const { page, context } = phone;
    const people = { phone };
    await tellingWhatWasShown(people, async () => {
      await context.grantPermissions(["notifications"], { origin: server.url });
      // Its first message is refused (429, Retry-After: 1) and must come again.
      const device = push.device("busy-phone-of-li");
      await context.addInitScript(fakeRegistration, device);
      await signInThroughUi(page, server, RESIDENT);
      await page.goto(`${server.url}/inbox`);
      await page.getByTestId("push-toggle").click();
      await page.getByText("这台手机会收到通知。").waitFor();
      await screenshot(page, "inbox-reach");
      const resident = await apiToken(server, RESIDENT);
      const { body: key } = await api(server, resident, "GET", "/push/key");
      assert.equal(
        await page.evaluate(() => localStorage.getItem("yizhan-test-push-subscribed")),
        key.public_key,
        "subscribed with the server's key",
      );

      const id = crypto.randomUUID();
      const made = await api(server, resident, "PUT", `/orders/${id}`, {
        kind: "service", service_id: "svc-s03", title: "三楼楼道灯不亮",
        attributes: { location: "5 号楼 3 楼" }, contact_phone: RESIDENT,
      });
      assert.equal(made.status, 201, JSON.stringify(made.body));
      // Staff act in their own browsers: the dispatcher sends it to 王静, who takes it,
      // starts and finishes it in hers.
      const dispatcher = await staffPage(server, DISPATCHER, "派单员");
      const volunteer = await staffPage(server, VOLUNTEER, "志愿者");
      people.dispatcher = dispatcher;
      people.volunteer = volunteer;
      await openOrder(dispatcher.page, "queue", "三楼楼道灯不亮");
      await dispatcher.page.getByTestId("volunteer-choice").filter({ hasText: "王静" }).getByRole("radio").check();
      await dispatcher.page.getByRole("button", { name: "派单", exact: true }).click();
      await dispatcher.page.getByTestId("order-status").getByText("已派单").waitFor({ timeout: 15_000 });
      await openOrder(volunteer.page, "for-me", "三楼楼道灯不亮");
      for (const [button, status] of [["接单", "已接单"], ["开始服务", "服务中"]]) {
        await volunteer.page.getByRole("button", { name: button, exact: true }).click();
        await volunteer.page.getByTestId("order-status").getByText(status).waitFor({ timeout: 15_000 });
      }
      await volunteer.page.getByLabel(/说明/).fill("换了灯泡");
      await volunteer.page.getByRole("button", { name: "服务完成", exact: true }).click();
      await volunteer.page.getByTestId("order-status").getByText("已完成").waitFor({ timeout: 15_000 });
      const kept = await waitFor("three messages kept", () => {
        const messages = push.kept("busy-phone-of-li").filter((r) => r.headers["content-encoding"]);
        return messages.length >= 4 && messages;
      });
      // One refused and tried again: four requests for three messages, never a fifth.
      await new Promise((r) => setTimeout(r, 1500));
      const all = push.received.filter((r) => r.name === "busy-phone-of-li");
      assert.equal(all.length, 4, JSON.stringify(all.map((r) => r.message?.body)));
      // Each message goes out on its own: their order on the wire is not the order of events.
      const bodies = [...new Set(all.map((r) => r.message.body))].sort();
      assert.deepEqual(bodies, [
        "您的「三楼楼道灯不亮」已派给志愿者。",
        "您的「三楼楼道灯不亮」有人接了。",
        "您的「三楼楼道灯不亮」办好了，请确认并评价。",
      ].sort());
      for (const request of kept) {
        assert.equal(request.method, "POST");
        assert.equal(request.headers.ttl, "43200");
        assert.equal(request.headers.urgency, "normal");
        assert.match(request.headers.topic, /^[A-Za-z0-9_-]{1,32}$/);
        assert.equal(request.vapid.k, key.public_key, "signed with the key the app subscribed with");
        assert.equal(request.message.url, `/order?id=${id}`);
        assert.equal(request.message.lang, "zh-Hans");
      }
      const refused = all[0].message.id;
      assert.equal(all.filter((r) => r.message.id === refused).length, 2, "the refused message came again, the same");

      // What the browser does with each push: hands it to the app's service worker.
      const cdp = await context.newCDPSession(page);
      const registered = new Promise((resolve) =>
        cdp.on("ServiceWorker.workerRegistrationUpdated", ({ registrations }) => {
          const mine = registrations.find((r) => !r.isDeleted && r.scopeURL.startsWith(server.url));
          if (mine) resolve(mine.registrationId);
        }),
      );
      await cdp.send("ServiceWorker.enable");
      const registrationId = await registered;
      const messages = [...new Map(kept.map((r) => [r.message.id, r.message])).values()];
      for (const message of [...messages, messages[0]]) {
        await cdp.send("ServiceWorker.deliverPushMessage", {
          origin: server.url, registrationId, data: JSON.stringify(message),
        });
      }
      const showing = () =>
        page.evaluate(async () => {
          const registration = await navigator.serviceWorker.getRegistration();
          const notifications = await registration.getNotifications();
          return notifications.map((n) => ({ title: n.title, body: n.body, tag: n.tag, url: n.data?.url }));
        });
      await waitFor("three notifications", async () => (await showing()).length >= 3);
      // A moment for a fourth, had the repeat added one instead of replacing its own.
      await new Promise((r) => setTimeout(r, 1000));
      const shown = await showing();
      assert.equal(shown.length, 3, "the same message twice shows once");
      assert.deepEqual(shown.map((n) => n.body).sort(), [...bodies].sort());
      assert.ok(shown.every((n) => n.title === "驿站" && n.url === `/order?id=${id}`));

      // And the inbox has them.
      await page.goto(`${server.url}/inbox`);
      await page.getByTestId("sync-now").click();
      await page.getByTestId("inbox-item").first().getByText("办好了").waitFor({ timeout: 15_000 });

      // Turned off here, this phone rings no more.
      await page.getByTestId("push-toggle").click();
      await page.getByRole("button", { name: "在这台手机上接收通知" }).waitFor();
      const again = crypto.randomUUID();
      await api(server, resident, "PUT", `/orders/${again}`, {
        kind: "service", service_id: "svc-s03", title: "门口路灯不亮",
        attributes: { location: "5 号楼门口" }, contact_phone: RESIDENT,
      });
      await step(server, await apiToken(server, DISPATCHER), again, "dispatch", { assignee_id: "u-13800000003" });
      await waitFor("the dispatch in the inbox", async () => {
        const inbox = await api(server, resident, "GET", "/inbox");
        return inbox.body.items.some((item) => item.order_id === again);
      });
      await new Promise((r) => setTimeout(r, 3000));
      assert.equal(push.received.filter((r) => r.name === "busy-phone-of-li").length, 4, "no message after turning off");
    });
    for (const { context: opened } of Object.values(people)) await opened.close();
  },
);

test(
  "a resident without the app, filed for by her grid worker, is texted in her language",
  ONLY_REFERENCE,
  async () => {
    const { server, texts } = world;
    const worker = await apiToken(server, GRID_WORKER);
    const dispatcher = await apiToken(server, DISPATCHER);
    const id = crypto.randomUUID();
    const filed = await api(server, worker, "PUT", `/orders/${id}`, {
      kind: "service", service_id: "svc-s03", title: "楼道灯报修",
      attributes: { location: "5 号楼 101" }, contact_phone: "13900000019",
      on_behalf_of: { phone: "13900000019", name: "孙奶奶", consent: true }, channel: "visit",
    });
    assert.equal(filed.status, 201, JSON.stringify(filed.body));
    await step(server, dispatcher, id, "dispatch", { assignee_id: "u-13800000003" });
    const sent = await waitFor("a text to her", () => {
      const mine = texts.sent().filter((t) => t.phone === "13900000019");
      return mine.length >= 1 && mine;
    });
    assert.deepEqual(sent[0].message, {
      template: "dispatched",
      params: { title: "楼道灯报修", note: null },
      text: "您的「楼道灯报修」已派给志愿者。",
    });
    assert.ok(!texts.sent().some((t) => t.phone === GRID_WORKER), "the grid worker uses the app");
  },
);

test(
  "a volunteer signed up for a shift is reminded the day before, with the server's clock moved",
  ONLY_REFERENCE,
  async () => {
    const { push } = world;
    const first = await startServer({ extraArgs: ["--push-service", push.origin] });
    let second = null;
    const phone = await openPhonePage(world.browser);
    try {
      const volunteer = await apiToken(first, VOLUNTEER);
      const { body: rota } = await api(first, volunteer, "GET", "/shifts");
      const later = rota.items.find(
        (s) => s.status === "open" && !s.me && s.signed_up < s.capacity && Date.parse(s.starts_at) > Date.now() + 2 * 86400_000,
      );
      assert.ok(later, "a shift two days ahead or more in the demo rota");
      const signed = await api(first, volunteer, "PUT", `/shifts/${later.id}/signup`);
      assert.equal(signed.status, 200);
      const device = push.device("volunteer-phone");
      assert.equal((await api(first, volunteer, "PUT", "/push/subscription", device)).status, 204);
      await first.stop({ keepData: true });

      // The same community, its clock 23 hours before the shift.
      const starts = Date.parse(later.starts_at);
      const offset = Math.round((starts - 23 * 3600_000 - Date.now()) / 1000);
      second = await startServer({
        dataDir: first.dataDir,
        extraArgs: ["--push-service", push.origin, "--clock-offset", String(offset)],
      });
      const local = new Date(starts + 8 * 3600_000);
      const pad = (n) => String(n).padStart(2, "0");
      const when = `${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
      const expected = `值班提醒：您报名的「${later.title}」将于 ${when} 开始。`;
      const [rung] = await waitFor("the reminder on the volunteer's phone", () => {
        const kept = push.kept("volunteer-phone");
        return kept.length >= 1 && kept;
      });
      assert.equal(rung.message.body, expected);
      assert.equal(rung.message.url, "/volunteer");
      assert.equal(rung.headers.urgency, "normal", "a day ahead is not urgent");

      // In the app, the inbox says it and opens the rota.
      await signInThroughUi(phone.page, second, VOLUNTEER);
      await phone.page.goto(`${second.url}/inbox`);
      const item = phone.page.getByTestId("inbox-item").first();
      await item.getByText(expected).waitFor({ timeout: 15_000 });
      await item.getByRole("link").click();
      await phone.page.waitForURL(/\/volunteer$/);
    } finally {
      await phone.context.close();
      if (second) await second.stop({ keepData: false });
      else await first.stop({ keepData: false });
    }
  },
);

test(
  "where Web Push cannot work the app says so, and what still does: WeChat's browser, an iPhone outside the Home Screen",
  ONLY_REFERENCE,
  async () => {
    const { server } = world;
    for (const [userAgent, line] of [
      [
        "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/5235 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A3B) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
        "在微信里打开时收不到推送通知。消息页照常能看；也可以选择短信提醒。",
      ],
      [
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
        "iPhone 要先把驿站“添加到主屏幕”，从主屏幕打开，才能收到通知。消息页和短信照常。",
      ],
    ]) {
      const phone = await openPhonePage(world.browser, { userAgent });
      await tellingWhatWasShown({ phone }, async () => {
        await signInThroughUi(phone.page, server, RESIDENT);
        await phone.page.goto(`${server.url}/inbox`);
        await phone.page.getByTestId("push-line").getByText(line).waitFor();
        assert.equal(await phone.page.getByTestId("push-toggle").count(), 0, "no button that cannot work");
        // Texts can still be chosen.
        await phone.page.getByTestId("reach-form").getByText("也用短信提醒我").waitFor();
      });
      await phone.context.close();
    }
  },
);

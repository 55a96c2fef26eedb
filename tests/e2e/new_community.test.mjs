// Issue 17's whole story, on a real deployment's terms: no demo, registration closed,
// sign-in codes texted (the server's --sms-command; here a script that writes them down).
// From an empty database, `yizhan-server setup` makes the community and its first admin;
// everything else is done in the app: the community's details and a notice, three
// services with questions, a grid with its contacts, a station with hours, a weekly shift
// series, a volunteer, a dispatcher, a grid worker and a resident. The resident signs in
// and sees all of it; the grid worker, offline on a visit, files an order for a
// neighbour with no smartphone; it syncs, is dispatched, done, and confirmed for her with
// the channel in its timeline.
import { test } from "node:test";
import assert from "node:assert/strict";
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser, openPhonePage, screenshot } from "./browser.mjs";
import { api, tellingWhatWasShown } from "./app.mjs";
import { startServer } from "./server.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const ADMIN = { phone: "13912345678", name: "刘书记" };
const VOLUNTEER = { phone: "13700000001", name: "王志愿" };
const DISPATCHER = { phone: "13700000002", name: "郑调度" };
const GRID_WORKER = { phone: "13700000003", name: "张网格" };
const RESIDENT = { phone: "13600000001", name: "周大爷" };
const NO_SMARTPHONE = "13500001111"; // 孙奶奶: a landline, and a phone that only calls

/// The SMS gateway of a deployment, as `--sms-command` runs it: the number as its
/// argument, the code on its standard input. This one writes them down.
function textMessages() {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-sms-"));
  const program = join(dir, "send-sms");
  const log = join(dir, "sent.txt");
  writeFileSync(program, `#!/bin/sh\nread code\necho "$1 $code" >> '${log}'\n`);
  chmodSync(program, 0o755);
  const sent = () => {
    try {
      return readFileSync(log, "utf8").trim().split("\n").filter(Boolean).map((line) => line.split(" "));
    } catch {
      return [];
    }
  };
  return {
    program,
    /// The code texted to `phone` after the first `before` messages.
    async codeAfter(before, phone) {
      for (let i = 0; i < 100; i++) {
        const found = sent().slice(before).find(([to]) => to === phone);
        if (found) return found[1];
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`no code was texted to ${phone}`);
    },
    count: () => sent().length,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/// Signs in through the sign-in page with the code the text message brought.
async function signInByText(page, server, sms, phone) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("手机号").fill(phone);
  const before = sms.count();
  await page.getByRole("button", { name: "获取验证码" }).click();
  await page.getByText("验证码已发送").waitFor();
  await page.getByLabel("验证码").fill(await sms.codeAfter(before, phone));
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor({ timeout: 15_000 });
}

/// A bearer token for `phone`, by a texted code, for what the story does not watch.
async function tokenByText(server, sms, phone) {
  const before = sms.count();
  const asked = await api(server, null, "POST", "/auth/code", { phone });
  assert.equal(asked.status, 202, JSON.stringify(asked.body));
  const code = await sms.codeAfter(before, phone);
  const session = await api(server, null, "POST", "/auth/session", { phone, code });
  assert.equal(session.status, 200, JSON.stringify(session.body));
  return session.body.token;
}

/// A day counted from today where the community is, and its weekday as the rota names it.
function shanghaiDay(fromToday) {
  const day = new Date(Date.now() + fromToday * 86_400_000);
  const ymd = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(day);
  const weekday = ["周日", "周一", "周二", "周三", "周四", "周五", "周六"][new Date(`${ymd}T00:00:00Z`).getUTCDay()];
  return { ymd, weekday };
}

async function addService(page, kind, { name, category, description, sla, questions }) {
  await page.getByTestId(`kind-${kind}`).getByRole("button", { name: "新增服务" }).click();
  const editor = page.getByTestId("service-editor");
  await editor.getByLabel("服务名称").fill(name);
  await editor.getByLabel("分类").fill(category);
  await editor.getByLabel("说明").fill(description);
  await editor.getByLabel("承诺时限（小时）").fill(sla);
  for (const [i, question] of questions.entries()) {
    await editor.getByRole("button", { name: "添加问题" }).click();
    const asked = editor.getByTestId("question").nth(i);
    await asked.getByLabel("问题", { exact: true }).fill(question.label);
    if (question.type) await asked.getByLabel("回答方式").selectOption({ label: question.type });
    if (question.options) await asked.getByLabel("选项（每行一个）").fill(question.options.join("\n"));
    if (question.required) await asked.getByLabel("必须回答").check();
  }
  await page.getByTestId("form-preview").getByText(questions[0].label).waitFor();
  await editor.getByRole("button", { name: "保存" }).click();
  await page.getByTestId("desk-saved").getByText(name).waitFor({ timeout: 15_000 });
}

async function addPerson(page, { phone, name }, roles, grid) {
  await page.getByRole("button", { name: "添加人员" }).click();
  const adder = page.getByTestId("person-adder");
  await adder.getByLabel("手机号", { exact: true }).fill(phone);
  await adder.getByLabel("姓名", { exact: true }).fill(name);
  for (const role of roles) await adder.getByLabel(role, { exact: true }).check();
  if (grid) await adder.getByLabel("网格", { exact: true }).selectOption({ label: grid });
  await adder.getByLabel("本人同意社区保存他的手机号和姓名").check();
  await adder.getByRole("button", { name: "保存" }).click();
  await page.getByTestId("desk-saved").getByText(`${name} 的资料已保存`).waitFor({ timeout: 15_000 });
  const row = page.getByTestId("person").filter({ hasText: name });
  await row.getByText(phone).waitFor();
  for (const role of roles) await row.getByText(new RegExp(role)).waitFor();
}

test(
  "a new community is set up from an empty database in the app; a resident sees all of it, and an order filed offline for a neighbour goes round the loop",
  referencePassOnly("a deployment's first day is the reference server's"),
  async () => {
    const sms = textMessages();
    const server = await startServer({
      demo: false,
      extraArgs: ["--sms-command", sms.program],
      setup: [
        "--community", "新华里社区",
        "--district", "和平区新兴街道",
        "--hotline", "022-27654321",
        "--admin-phone", ADMIN.phone,
        "--admin-name", ADMIN.name,
      ],
    });
    const browser = await launchBrowser();
    const admin = await openPhonePage(browser, { timezoneId: "Asia/Shanghai" });
    const resident = await openPhonePage(browser);
    const worker = await openPhonePage(browser);
    const tomorrow = shanghaiDay(1);
    try {
      await tellingWhatWasShown({ admin, resident, worker }, async () => {
        const { page } = admin;
        await signInByText(page, server, sms, ADMIN.phone);
        await page.goto(`${server.url}/settings`);
        await page.getByRole("link", { name: "打开社区工作台" }).click();
        await page.getByRole("heading", { level: 1, name: "社区工作台" }).waitFor({ timeout: 15_000 });

        // The community's details, and a notice.
        await page.getByRole("link", { name: /社区资料/ }).click();
        assert.equal(await page.getByLabel("服务热线").inputValue(), "022-27654321", "as setup made it");
        await page.getByLabel("服务热线").fill("022-2765 4321");
        await page.getByRole("button", { name: "保存" }).click();
        await page.getByTestId("desk-saved").getByText("已保存").waitFor({ timeout: 15_000 });
        await page.goto(`${server.url}/workbench-notices`);
        await page.getByRole("button", { name: "新增通知" }).click();
        const notice = page.getByTestId("notice-editor");
        await notice.getByLabel("标题").fill("新华里驿站开张");
        await notice.getByLabel("内容").fill("社区服务站从今天起在 3 号楼底商接待居民，电话和网格员的联系方式在「网格」页。");
        await notice.getByLabel("置顶").check();
        await notice.getByRole("button", { name: "保存" }).click();
        await page.getByTestId("desk-saved").getByText("新华里驿站开张").waitFor({ timeout: 15_000 });

        // A grid with its contacts (1+3+N: the grid worker, the party secretary, the police).
        await page.goto(`${server.url}/workbench-grids`);
        await page.getByRole("button", { name: "新增网格" }).click();
        const grid = page.getByTestId("grid-editor");
        await grid.getByLabel("网格名称").fill("东区网格");
        await grid.getByLabel("范围（哪几栋楼）").fill("1—6 号楼");
        const contacts = [
          [GRID_WORKER.name, "网格员", "东区网格员", GRID_WORKER.phone],
          ["吴书记", "党支部书记", "东区党支部书记", "022-2765 1001"],
          ["刘警官", "社区民警", "新兴派出所 社区民警", "022-2765 1110"],
        ];
        for (const [i, [name, role, title, phone]] of contacts.entries()) {
          await grid.getByRole("button", { name: "添加联系人" }).click();
          const contact = grid.getByTestId("contact").nth(i);
          await contact.getByLabel("姓名").fill(name);
          await contact.getByLabel("身份").selectOption({ label: role });
          await contact.getByLabel("职务").fill(title);
          await contact.getByLabel("电话").fill(phone);
        }
        await grid.getByRole("button", { name: "保存" }).click();
        await page.getByTestId("desk-saved").getByText("东区网格").waitFor({ timeout: 15_000 });

        // A station with its hours.
        await page.goto(`${server.url}/workbench-stations`);
        await page.getByRole("button", { name: "新增服务站" }).click();
        const station = page.getByTestId("station-editor");
        await station.getByLabel("名称").fill("新华里服务站");
        await station.getByLabel("地址").fill("新华里 3 号楼底商");
        await station.getByLabel("电话").fill("022-2765 4322");
        const hours = station.getByTestId("period").first();
        for (const day of ["周一", "周二", "周三", "周四", "周五"]) await hours.getByLabel(day).check();
        await hours.getByLabel("开门").fill("08:30");
        await hours.getByLabel("关门").fill("17:30");
        for (const amenity of ["充电", "饮水"]) await station.getByLabel(amenity).check();
        await station.getByRole("button", { name: "保存" }).click();
        await page.getByTestId("desk-saved").getByText("新华里服务站").waitFor({ timeout: 15_000 });

        // Three services, one of each kind, with their questions.
        await page.goto(`${server.url}/workbench-services`);
        await addService(page, "direct", {
          name: "开具居住证明", category: "证明", sla: "24",
          description: "带身份证和户口本到服务站窗口办理。",
          questions: [{ label: "证明用在哪里", required: true }],
        });
        await addService(page, "proxy", {
          name: "楼道灯报修", category: "报修", sla: "48",
          description: "楼道、单元门的灯不亮，物业上门修。",
          questions: [
            { label: "楼号和楼层", required: true },
            { label: "什么时候方便", type: "单选", options: ["上午", "下午"] },
          ],
        });
        await addService(page, "special", {
          name: "助浴上门", category: "助老", sla: "",
          description: "行动不便的老人，志愿者两人上门协助洗澡。",
          questions: [{ label: "需要几位志愿者", type: "数字" }],
        });

        // A weekly series from tomorrow, four weeks long.
        await page.goto(`${server.url}/workbench-rota`);
        const series = page.getByTestId("series-form");
        await series.getByLabel("名称（例如：扮靓周四）").fill("楼道清洁日");
        await series.getByLabel("队伍").fill("环境卫生队");
        await series.getByLabel("地点").selectOption({ label: "新华里服务站" });
        await series.getByRole("checkbox", { name: tomorrow.weekday }).check();
        await series.getByLabel("从哪天起").fill(tomorrow.ymd);
        await series.getByLabel("到哪天止").fill(shanghaiDay(28).ymd);
        await page.getByTestId("series-preview").getByText("将排出 4 个班次").waitFor();
        await series.getByRole("button", { name: "保存" }).click();
        await page.getByTestId("desk-saved").getByText("已排出 4 个班次").waitFor({ timeout: 15_000 });

        // People, by number: the registration is closed, so each is entered here. Consent
        // is asked, at its field, before anything is sent.
        await page.goto(`${server.url}/workbench-people`);
        await page.getByRole("button", { name: "添加人员" }).click();
        const adder = page.getByTestId("person-adder");
        await adder.getByLabel("手机号", { exact: true }).fill("137 0000 0001");
        await adder.getByLabel("姓名", { exact: true }).fill(VOLUNTEER.name);
        await adder.getByRole("button", { name: "保存" }).click();
        await page.locator("#new-person-consent-error").waitFor();
        assert.equal(await adder.getByLabel("手机号", { exact: true }).inputValue(), "137 0000 0001", "kept as typed");
        await screenshot(page, "workbench-people-add-360");
        await page.setViewportSize({ width: 1280, height: 800 });
        await screenshot(page, "workbench-people-add-1280");
        await page.setViewportSize({ width: 360, height: 740 });
        await adder.getByRole("button", { name: "取消" }).click();
        await addPerson(page, VOLUNTEER, ["志愿者"], "东区网格");
        await addPerson(page, DISPATCHER, ["派单员"], null);
        await addPerson(page, GRID_WORKER, ["网格员"], "东区网格");
        await addPerson(page, RESIDENT, [], "东区网格");

        // The resident signs in and sees all of it.
        const r = resident.page;
        await signInByText(r, server, sms, RESIDENT.phone);
        await r.goto(`${server.url}/`);
        await r.getByTestId("hotline").getByText("022-2765 4321").waitFor({ timeout: 15_000 });
        const board = r.getByTestId("notice").filter({ hasText: "新华里驿站开张" });
        await board.getByText("社区服务站从今天起在 3 号楼底商接待居民").waitFor();
        await board.getByText("置顶").waitFor();
        await r.getByText("新华里社区").first().waitFor();
        await r.goto(`${server.url}/services`);
        for (const name of ["开具居住证明", "楼道灯报修", "助浴上门"]) {
          await r.getByRole("link", { name: new RegExp(name) }).waitFor();
        }
        await r.getByRole("link", { name: /楼道灯报修/ }).click();
        await r.getByLabel("楼号和楼层").waitFor();
        await r.getByRole("radio", { name: "下午" }).waitFor();
        await r.goto(`${server.url}/grid`);
        await r.getByTestId("contact").filter({ hasText: "吴书记" }).getByText("东区党支部书记").waitFor({ timeout: 15_000 });
        await r.getByTestId("contact").filter({ hasText: GRID_WORKER.name }).waitFor();
        const card = r.getByTestId("station").filter({ hasText: "新华里服务站" });
        await card.getByText("新华里 3 号楼底商").waitFor();
        await card.getByText("充电").waitFor();
        await r.goto(`${server.url}/volunteer`);
        await r.getByTestId("shift").filter({ hasText: "楼道清洁日" }).first().waitFor({ timeout: 15_000 });
        await screenshot(r, "new-community-resident-rota");

        // The grid worker, on a visit with no signal, files for a neighbour who has no
        // smartphone.
        const w = worker.page;
        await signInByText(w, server, sms, GRID_WORKER.phone);
        await w.goto(`${server.url}/workbench-file`);
        const form = w.getByTestId("file-form");
        // What the device holds after its first sync: the catalogue, to file offline with.
        await form.getByLabel("办什么").locator("option", { hasText: "楼道灯报修" }).waitFor({ state: "attached", timeout: 15_000 });
        await worker.context.setOffline(true);
        await form.getByLabel("居民手机号").fill(NO_SMARTPHONE);
        await form.getByLabel("居民姓名（可不填）").fill("孙奶奶");
        await form.getByLabel("办什么").selectOption({ label: "楼道灯报修" });
        await form.getByLabel("上门代办").check();
        await form.getByLabel("居民同意社区保存他的手机号和姓名，用来办理和回访").check();
        await form.getByLabel("楼号和楼层").fill("5 号楼 1 单元 6 楼");
        await form.getByRole("radio", { name: "上午" }).check();
        await form.getByRole("button", { name: "登记" }).click();
        await w.getByTestId("desk-saved").getByText("楼道灯报修").waitFor();
        const filed = w.getByTestId("filed-by-me").getByTestId("order-row").filter({ hasText: "楼道灯报修" });
        await filed.getByText("待发送").waitFor();
        await worker.context.setOffline(false);
        await w.getByTestId("sync-now").click();
        await filed.getByText("已发送").waitFor({ timeout: 15_000 });

        // Dispatched to the volunteer, accepted and done.
        const dispatcher = await tokenByText(server, sms, DISPATCHER.phone);
        const queue = (await api(server, dispatcher, "GET", "/orders?limit=50")).body.items;
        const made = queue.filter((order) => order.title === "楼道灯报修");
        assert.equal(made.length, 1, "sent once");
        const [order] = made;
        assert.equal(order.filed_by?.channel, "visit");
        assert.equal(order.contact_phone, NO_SMARTPHONE);
        const adminToken = await tokenByText(server, sms, ADMIN.phone);
        const volunteerId = (await api(server, adminToken, "GET", `/users?q=${VOLUNTEER.phone}`)).body.items[0].id;
        const move = async (token, action, extra = {}) => {
          const current = await api(server, token, "GET", `/orders/${order.id}`);
          const done = await api(server, token, "POST", `/orders/${order.id}/transitions`,
            { id: crypto.randomUUID(), action, ...extra }, { "if-match": `"${current.body.version}"` });
          assert.equal(done.status, 200, `${action}: ${JSON.stringify(done.body)}`);
        };
        await move(dispatcher, "dispatch", { assignee_id: volunteerId });
        const volunteer = await tokenByText(server, sms, VOLUNTEER.phone);
        await move(volunteer, "accept");
        await move(volunteer, "complete", { note: "换了声控灯" });

        // The grid worker confirms for her; the channel is in the timeline.
        await w.getByTestId("sync-now").click();
        await filed.getByText("已完成").waitFor({ timeout: 15_000 });
        await filed.getByRole("link").click();
        await w.getByTestId("timeline").getByText("上门代办").waitFor();
        await w.getByLabel(/怎么知道办好了/).fill("电话回访，孙奶奶说灯亮了。");
        await w.getByRole("button", { name: "确认完成并评价" }).click();
        await w.getByTestId("order-status").getByText("已评价").waitFor({ timeout: 15_000 });
        const closed = (await api(server, dispatcher, "GET", `/orders/${order.id}`)).body;
        assert.equal(closed.status, "closed");
        assert.deepEqual(
          closed.timeline.map((entry) => [entry.action, entry.by_role]),
          [["create", "grid_worker"], ["dispatch", "dispatcher"], ["accept", "volunteer"], ["complete", "volunteer"], ["confirm", "grid_worker"]],
        );
      });
    } finally {
      await browser.close();
      await server.stop();
      sms.remove();
    }
  },
);

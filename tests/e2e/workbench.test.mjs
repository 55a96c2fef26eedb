// Issue 17: the community staff's workbench (工作台), a build of its own. An admin opens
// it from the settings (the page loads the workbench's build; a resident's download
// never holds it), changes the community's details, adds a service with questions
// beside the form residents will get, is told at the field what is wrong without losing
// what was typed, retires a service, opens it offline on what the device last saw; a
// resident then sees all of it after a sync. A
// resident who opens the workbench is told whom it is for. Screenshots at 360 and
// 1280 px.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openPhonePage, screenshot } from "./browser.mjs";
import { api, apiToken, signInThroughUi, step, tellingWhatWasShown, useServerAndBrowser } from "./app.mjs";
import { builtApp } from "./server.mjs";
import { readBuilds } from "../../scripts/builds.mjs";
import { referencePassOnly } from "./selected_backend.mjs";

const world = useServerAndBrowser();
const onTheReferenceServer = referencePassOnly(
  "the workbench speaks the reference server's administration API; other backends keep their own admin tools",
);

const ADMIN = "13800000006"; // 陈主任
const RESIDENT = "13800000001";
const GRID_WORKER = "13800000007"; // 张秀梅
const DISPATCHER = "13800000005";
const VOLUNTEER = "13800000003"; // 王静

/// The wasm files `page` downloads from now on.
function wasmDownloads(page) {
  const seen = [];
  page.on("request", (request) => {
    const name = new URL(request.url()).pathname.split("/").pop();
    if (name.endsWith(".wasm")) seen.push(name);
  });
  return seen;
}

async function atBothWidths(page, name) {
  await screenshot(page, `${name}-360`);
  await page.setViewportSize({ width: 1280, height: 800 });
  await screenshot(page, `${name}-1280`);
  await page.setViewportSize({ width: 360, height: 740 });
}

test("an admin keeps the community's details and catalogue in the workbench; a resident sees them after a sync", onTheReferenceServer, async () => {
  const builds = readBuilds(builtApp);
  const admin = await openPhonePage(world.browser);
  const resident = await openPhonePage(world.browser);
  await tellingWhatWasShown({ admin, resident }, async () => {
    const { page } = admin;
    const downloads = wasmDownloads(page);
    await signInThroughUi(page, world.server, ADMIN);
    assert.deepEqual(downloads, [builds.yizhan.wasm.replace("./", "")], "the resident's build at first");

    // From the settings, the page loads the workbench's build.
    await page.goto(`${world.server.url}/settings`);
    await page.getByRole("link", { name: "打开社区工作台" }).click();
    await page.getByRole("heading", { level: 1, name: "社区工作台" }).waitFor();
    assert.equal(downloads.at(-1), builds.workbench.wasm.replace("./", ""), "the workbench's build");
    await atBothWidths(page, "workbench-home");

    // The community's details.
    await page.getByRole("link", { name: /社区资料/ }).click();
    await page.getByLabel("服务热线").fill("028-8765 4321");
    await page.getByLabel("公告").fill("本周四上午在服务站免费测血压。");
    await atBothWidths(page, "workbench-community");
    await page.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("已保存").waitFor();

    // A new proxy service with two questions, the resident's form beside it.
    await page.getByRole("link", { name: "返回工作台" }).click();
    await page.getByRole("link", { name: /服务清单/ }).click();
    await page.getByTestId("kind-proxy").getByRole("button", { name: "新增服务" }).click();
    const editor = page.getByTestId("service-editor");
    await editor.getByLabel("服务名称").fill("代领药品");
    await editor.getByLabel("分类").fill("代办");
    await editor.getByLabel("说明").fill("行动不便的老人，网格员代为去医院取药。");
    await editor.getByLabel("承诺时限（小时）").fill("两天");
    await editor.getByRole("button", { name: "添加问题" }).click();
    await editor.getByTestId("question").nth(0).getByLabel("问题", { exact: true }).fill("在哪家医院取药");
    await editor.getByRole("button", { name: "添加问题" }).click();
    const second = editor.getByTestId("question").nth(1);
    await second.getByLabel("问题", { exact: true }).fill("什么时候方便");
    await second.getByLabel("回答方式").selectOption({ label: "单选" });
    await second.getByLabel("选项（每行一个）").fill("上午\n下午");
    const preview = page.getByTestId("form-preview");
    await preview.getByText("在哪家医院取药").waitFor();
    await preview.getByRole("radio", { name: "下午" }).waitFor();
    await atBothWidths(page, "workbench-service-editor");

    // Hours typed in words: said at the field, in Chinese, and kept as typed.
    await editor.getByRole("button", { name: "保存" }).click();
    const sla = editor.getByLabel("承诺时限（小时）");
    await page.locator("#field-sla_hours-error").getByText("数字").waitFor();
    assert.equal(await sla.inputValue(), "两天");
    await sla.fill("48");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("代领药品").waitFor({ timeout: 15_000 });
    await page.getByTestId("kind-proxy").getByTestId("desk-service").filter({ hasText: "代领药品" }).waitFor();

    // Moved up among the proxy services (a new one comes last): the list follows.
    const proxyNames = () => page.getByTestId("kind-proxy").locator(".desk-row__name").allTextContents();
    const placed = (await proxyNames()).indexOf("代领药品");
    assert.ok(placed > 0, "not first already");
    await page.getByRole("button", { name: "上移 代领药品" }).click();
    for (let i = 0; i < 60 && (await proxyNames()).indexOf("代领药品") !== placed - 1; i++) {
      await page.waitForTimeout(250);
    }
    assert.equal((await proxyNames()).indexOf("代领药品"), placed - 1, "one place up");

    // The server's rules are checked at the fields before anything is sent, in Chinese;
    // what only the server knows (a code another service has) comes back to its field.
    // Either way the rest stays as typed.
    await page.getByRole("link", { name: "编辑 代领药品" }).click();
    await editor.getByLabel("服务名称").fill("");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-not-saved").getByText("有几项需要改一下").waitFor();
    await page.locator("#field-name-error").getByText("这一项必填").waitFor();
    await editor.getByLabel("服务名称").fill("代领药品");
    await editor.getByLabel("编号", { exact: true }).fill("S01");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.locator("#field-code-error").getByText("这个已经被社区里的另一项用了").waitFor({ timeout: 15_000 });
    assert.equal(await editor.getByLabel("分类").inputValue(), "代办");
    await editor.getByRole("button", { name: "取消" }).click();

    // Retiring a service: residents stop seeing it; its orders keep it.
    await page.getByRole("button", { name: "停用 上门理发" }).click();
    await page.getByTestId("desk-saved").getByText("「上门理发」已停用。").waitFor({ timeout: 15_000 });
    await atBothWidths(page, "workbench-services");

    // Offline, the workbench opens on what the device last saw (its build kept by the
    // service worker once fetched), says so, and a change not saved keeps what was typed.
    await admin.context.setOffline(true);
    await page.reload();
    await page.getByTestId("desk-offline").waitFor({ timeout: 15_000 });
    await page.getByTestId("kind-proxy").getByTestId("desk-service").filter({ hasText: "代领药品" }).waitFor();
    await page.getByRole("link", { name: "编辑 代领药品" }).click();
    await editor.getByLabel("说明").fill("只取处方药。");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-not-saved").getByText("没有连上服务器").waitFor({ timeout: 30_000 });
    assert.equal(await editor.getByLabel("说明").inputValue(), "只取处方药。");
    await admin.context.setOffline(false);
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("代领药品").waitFor({ timeout: 15_000 });

    // On the server, as saved.
    const token = await apiToken(world.server, ADMIN);
    const { body } = await api(world.server, token, "GET", "/services");
    const added = body.items.find((service) => service.name === "代领药品");
    assert.equal(added.kind, "proxy");
    assert.equal(added.sla_hours, 48);
    assert.equal(added.description, "只取处方药。");
    assert.deepEqual(
      added.fields.map((field) => [field.label, field.datatype, field.options.map((o) => o.label)]),
      [
        ["在哪家医院取药", "string", []],
        ["什么时候方便", "single", ["上午", "下午"]],
      ],
    );
    assert.equal(body.items.find((service) => service.id === "svc-s01").active, false);

    // The resident sees all of it, in the resident's build.
    const residentDownloads = wasmDownloads(resident.page);
    await signInThroughUi(resident.page, world.server, RESIDENT);
    await resident.page.goto(`${world.server.url}/`);
    await resident.page.getByTestId("hotline").getByText("028-8765 4321").waitFor({ timeout: 15_000 });
    await resident.page.goto(`${world.server.url}/services`);
    await resident.page.getByRole("link", { name: /代领药品/ }).click();
    await resident.page.getByLabel("在哪家医院取药").waitFor();
    await resident.page.getByRole("radio", { name: "上午" }).waitFor();
    await resident.page.goto(`${world.server.url}/services`);
    await resident.page.getByRole("link", { name: /代领药品/ }).waitFor();
    assert.equal(await resident.page.getByRole("link", { name: /上门理发/ }).count(), 0, "retired");
    assert.ok(!residentDownloads.includes(builds.workbench.wasm.replace("./", "")), "no workbench in a resident's download");
  });
  await admin.context.close();
  await resident.context.close();
});

test("an admin keeps the grids' contacts and the stations in the workbench; a resident finds them on the grid tab", onTheReferenceServer, async () => {
  const admin = await openPhonePage(world.browser);
  const resident = await openPhonePage(world.browser);
  await tellingWhatWasShown({ admin, resident }, async () => {
    const { page } = admin;
    await signInThroughUi(page, world.server, ADMIN);
    await page.goto(`${world.server.url}/workbench-grids`);
    await page.getByRole("link", { name: "编辑 第一网格" }).click();
    const grid = page.getByTestId("grid-editor");
    await grid.getByRole("button", { name: "添加联系人" }).click();
    const added = grid.getByTestId("contact").last();
    await added.getByLabel("姓名").fill("赵丽");
    await added.getByLabel("身份").selectOption({ label: "家庭医生" });
    await added.getByLabel("职务").fill("社区卫生服务中心 签约医生");
    await added.getByLabel("电话").fill("028-8555 0101");
    await added.getByLabel("值班时间（可不填）").fill("每周三下午在服务站");
    await atBothWidths(page, "workbench-grid-editor");
    await grid.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("第一网格").waitFor({ timeout: 15_000 });
    await atBothWidths(page, "workbench-grids");

    // A new station: weekend hours, charging and water for riders; a place on the map
    // typed in words is said at its field.
    await page.goto(`${world.server.url}/workbench-stations`);
    await page.getByRole("button", { name: "新增服务站" }).click();
    const station = page.getByTestId("station-editor");
    await station.getByLabel("名称").fill("育华里骑手驿站");
    await station.getByLabel("地址").fill("育华里 9 号楼底商");
    await station.getByLabel("电话").fill("028-8555 0202");
    await station.getByLabel("纬度（可不填）").fill("北纬30度");
    await station.getByLabel("经度（可不填）").fill("104.06");
    const hours = station.getByTestId("period").first();
    for (const day of ["周六", "周日"]) await hours.getByLabel(day).check();
    await hours.getByLabel("开门").fill("07:00");
    await hours.getByLabel("关门").fill("22:00");
    for (const amenity of ["充电", "饮水"]) await station.getByLabel(amenity).check();
    await station.getByRole("button", { name: "保存" }).click();
    await page.locator("#field-lat-error").getByText("数字").waitFor();
    assert.equal(await station.getByLabel("纬度（可不填）").inputValue(), "北纬30度");
    await station.getByLabel("纬度（可不填）").fill("30.65");
    await atBothWidths(page, "workbench-station-editor");
    await station.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("育华里骑手驿站").waitFor({ timeout: 15_000 });
    await atBothWidths(page, "workbench-stations");

    // The resident, after a sync, finds both on the grid tab.
    await signInThroughUi(resident.page, world.server, RESIDENT);
    await resident.page.goto(`${world.server.url}/grid`);
    await resident.page.getByTestId("contact").filter({ hasText: "赵丽" }).getByText("每周三下午在服务站").waitFor({ timeout: 15_000 });
    const card = resident.page.getByTestId("station").filter({ hasText: "育华里骑手驿站" });
    await card.getByText("育华里 9 号楼底商").waitFor();
    await card.getByText("充电").waitFor();
  });
  await admin.context.close();
  await resident.context.close();
});

test("a grid worker files an order offline for a resident with no smartphone; it is sent once, dispatched, done, and confirmed for her with the channel in its timeline", onTheReferenceServer, async () => {
  const worker = await openPhonePage(world.browser);
  const neighbour = await openPhonePage(world.browser);
  await tellingWhatWasShown({ worker, neighbour }, async () => {
    const { page, context } = worker;
    await signInThroughUi(page, world.server, GRID_WORKER);
    await page.goto(`${world.server.url}/workbench`);
    await page.getByRole("link", { name: /替居民登记/ }).click();
    const form = page.getByTestId("file-form");
    await form.getByLabel("居民手机号").waitFor();
    await atBothWidths(page, "workbench-file");

    // On a home visit, in a stairwell with no signal.
    await context.setOffline(true);
    await form.getByLabel("居民手机号").fill("139 0000 1234");
    await form.getByLabel("居民姓名（可不填）").fill("王奶奶");
    await form.getByLabel("办什么").selectOption({ label: "楼道灯报修" });
    await form.getByLabel("上门代办").check();
    // Consent is asked every time, at its field; nothing is queued without it.
    await form.getByRole("button", { name: "登记" }).click();
    await page.locator("#field-consent-error").waitFor();
    await page.locator("#field-attributes\\.location-error").waitFor();
    assert.equal(await form.getByLabel("居民手机号").inputValue(), "139 0000 1234");
    await form.getByLabel("居民同意社区保存他的手机号和姓名，用来办理和回访").check();
    await form.getByLabel("楼号和楼层").fill("3 号楼 2 单元 4 楼");
    await form.getByLabel("详细说明（可不填）").fill("楼道灯不亮一个星期了，老人晚上不敢出门。");
    await form.getByRole("button", { name: "登记" }).click();
    await page.getByTestId("desk-saved").getByText("楼道灯报修").waitFor();
    const filed = page.getByTestId("filed-by-me").getByTestId("order-row").filter({ hasText: "楼道灯报修" });
    await filed.getByText("待发送").waitFor();

    // Back online: sent once.
    await context.setOffline(false);
    await page.getByTestId("sync-now").click();
    await filed.getByText("已发送").waitFor({ timeout: 15_000 });
    const dispatcher = await apiToken(world.server, DISPATCHER);
    const all = (await api(world.server, dispatcher, "GET", "/orders?limit=200")).body.items;
    const made = all.filter((order) => order.title === "楼道灯报修" && order.filed_by);
    assert.equal(made.length, 1, "one order");
    const order = made[0];
    assert.deepEqual(order.filed_by.channel, "visit");
    assert.equal(order.contact_phone, "13900001234");
    const create = order.timeline.find((entry) => entry.action === "create");
    assert.equal(create?.by_role, "grid_worker");

    // Dispatched, accepted and done by a volunteer.
    await step(world.server, dispatcher, order.id, "dispatch", { assignee_id: "u-13800000003" });
    const volunteer = await apiToken(world.server, VOLUNTEER);
    await step(world.server, volunteer, order.id, "accept");
    await step(world.server, volunteer, order.id, "complete", { note: "换了灯泡" });

    // The grid worker confirms for her, saying how she knows.
    await page.getByTestId("sync-now").click();
    await filed.getByText("已完成").waitFor({ timeout: 15_000 });
    await filed.getByRole("link").click();
    await page.getByTestId("filed-for").getByText("这是您替居民登记的（上门代办）").waitFor();
    await page.getByTestId("timeline").getByText("上门代办").waitFor();
    await page.getByRole("button", { name: "确认完成并评价" }).click();
    await page.locator("#field-note-error").waitFor();
    await page.getByLabel(/怎么知道办好了/).fill("电话回访，王奶奶说灯修好了。");
    await page.getByRole("button", { name: "确认完成并评价" }).click();
    await page.getByTestId("order-status").getByText("已评价").waitFor({ timeout: 15_000 });
    await atBothWidths(page, "workbench-filed-order");
    const closed = (await api(world.server, dispatcher, "GET", `/orders/${order.id}`)).body;
    assert.equal(closed.status, "closed");
    assert.equal(closed.timeline.at(-1).by_role, "grid_worker");

    // A neighbour who uses the app sees what was filed for her, by whom and how.
    const forHer = {
      kind: "wish",
      title: "帮忙取一下药",
      on_behalf_of: { phone: "13800000002", consent: true },
      channel: "phone",
    };
    const worker_token = await apiToken(world.server, GRID_WORKER);
    const sent = await api(world.server, worker_token, "PUT", `/orders/${crypto.randomUUID()}`, forHer);
    assert.equal(sent.status, 201);
    await signInThroughUi(neighbour.page, world.server, "13800000002");
    const mine = neighbour.page.getByTestId("order-row").filter({ hasText: "帮忙取一下药" });
    await mine.getByRole("link").click({ timeout: 15_000 });
    await neighbour.page.getByTestId("filed-for").getByText("张秀梅替您登记的（电话代办）").waitFor();
  });
  await worker.context.close();
  await neighbour.context.close();
});

test("a dispatcher sets up a weekly series, cancels it from a day, sees who signed up and notes who came", onTheReferenceServer, async () => {
  const desk = await openPhonePage(world.browser, { timezoneId: "Asia/Shanghai" });
  await tellingWhatWasShown({ desk }, async () => {
    const { page } = desk;
    const dispatcher = await apiToken(world.server, DISPATCHER);
    const volunteer = await apiToken(world.server, VOLUNTEER);
    // A shift about to start, with a volunteer signed up, to note who came.
    const soon = new Date(Date.now() + 4000).toISOString();
    const later = new Date(Date.now() + 3600_000).toISOString();
    const made = await api(world.server, dispatcher, "POST", "/shifts", {
      title: "助餐送餐", team: "爱心助餐队", station_id: "st-1", starts_at: soon, ends_at: later, capacity: 3,
    });
    assert.equal(made.status, 201, JSON.stringify(made.body));
    assert.equal((await api(world.server, volunteer, "PUT", `/shifts/${made.body.id}/signup`)).status, 200);

    await signInThroughUi(page, world.server, DISPATCHER);
    await page.goto(`${world.server.url}/workbench-rota`);
    const form = page.getByTestId("series-form");
    await form.getByLabel("名称（例如：扮靓周四）").fill("扮靓周四");
    await form.getByLabel("队伍").fill("环境卫生队");
    await form.getByLabel("地点").selectOption({ label: "育华里红色驿站" });
    await form.getByRole("checkbox", { name: "周四" }).check();
    await form.getByLabel("从哪天起").fill("2026-12-01");
    await form.getByLabel("到哪天止").fill("2027-01-21");
    // What it will make, before it is sent: eight Thursdays.
    await page.getByTestId("series-preview").getByText("将排出 8 个班次").waitFor();
    await page.getByTestId("series-preview").getByText("2026-12-03 09:00").waitFor();
    await atBothWidths(page, "workbench-rota");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("已排出 8 个班次").waitFor({ timeout: 15_000 });
    const rota = page.getByTestId("rota");
    await rota.getByTestId("rota-shift").filter({ hasText: "2026-12-10 09:00" }).waitFor({ timeout: 15_000 });

    // A volunteer signed up for the 10th sees it cancelled with the rest of the series.
    const listed = (await api(world.server, volunteer, "GET", "/shifts?from=2026-12-01&to=2026-12-31")).body.items;
    const tenth = listed.find((shift) => shift.title === "扮靓周四" && shift.starts_at.startsWith("2026-12-10"));
    assert.equal((await api(world.server, volunteer, "PUT", `/shifts/${tenth.id}/signup`)).status, 200);
    await rota
      .getByTestId("rota-shift")
      .filter({ hasText: "2026-12-10 09:00" })
      .getByRole("button", { name: "取消这一组（从这天起）" })
      .click();
    await page.getByTestId("desk-saved").getByText("「扮靓周四」已取消").waitFor({ timeout: 15_000 });
    const after = (await api(world.server, volunteer, "GET", "/shifts?from=2026-12-01&to=2027-01-31")).body.items
      .filter((shift) => shift.title === "扮靓周四")
      .map((shift) => [shift.starts_at.slice(0, 10), shift.status, shift.me]);
    assert.deepEqual(after.slice(0, 2), [["2026-12-03", "open", false], ["2026-12-10", "cancelled", true]]);
    assert.equal(after.filter(([, status]) => status === "cancelled").length, 7, "from the 10th on");

    // One shift, with no last day; then changed: its places typed in words are said at
    // the field, and the end moved.
    const tomorrow = new Intl.DateTimeFormat("en-CA", { timeZone: "Asia/Shanghai" }).format(new Date(Date.now() + 86_400_000));
    await form.getByLabel("名称（例如：扮靓周四）").fill("加班清运");
    await form.getByLabel("从哪天起").fill(tomorrow);
    await form.getByLabel("到哪天止").fill("");
    await page.getByTestId("series-preview").getByText("将排出 1 个班次").waitFor();
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("已排出 1 个班次").waitFor({ timeout: 15_000 });
    const once = rota.getByTestId("rota-shift").filter({ hasText: "加班清运" });
    await once.getByRole("button", { name: /^编辑 加班清运/ }).waitFor({ timeout: 15_000 });
    assert.equal(await once.getByRole("button", { name: "取消这一组（从这天起）" }).count(), 0, "a shift alone");
    await once.getByRole("button", { name: /^编辑 加班清运/ }).click();
    const shiftEditor = once.getByTestId("shift-editor");
    await shiftEditor.getByLabel("每班人数").fill("五个");
    await shiftEditor.getByLabel("结束").fill("12:30");
    await shiftEditor.getByRole("button", { name: "保存" }).click();
    await shiftEditor.locator(".field__problem").getByText("数字").waitFor();
    assert.equal(await shiftEditor.getByLabel("结束").inputValue(), "12:30", "kept as typed");
    await atBothWidths(page, "workbench-shift-editor");
    await shiftEditor.getByLabel("每班人数").fill("5");
    await shiftEditor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("「加班清运」已保存").waitFor({ timeout: 15_000 });
    await once.getByText(/–12:30/).waitFor({ timeout: 15_000 });
    const changed = (await api(world.server, volunteer, "GET", `/shifts?from=${tomorrow}&to=${tomorrow}`)).body.items
      .filter((shift) => shift.title === "加班清运");
    assert.deepEqual(
      changed.map((shift) => [shift.capacity, Date.parse(shift.ends_at)]),
      [[5, Date.parse(`${tomorrow}T12:30:00+08:00`)]],
      "one shift, changed",
    );

    // Who signed up for the meal round, and that she came.
    await page.waitForTimeout(Math.max(0, Date.parse(soon) - Date.now() + 500));
    const meal = rota.getByTestId("rota-shift").filter({ hasText: "助餐送餐" });
    await meal.getByRole("button", { name: "报名名单" }).click();
    const signup = meal.getByTestId("signup").filter({ hasText: "王静" });
    await signup.getByLabel("来了").check();
    await atBothWidths(page, "workbench-rota-attendance");
    for (let i = 0; i < 20; i++) {
      const rows = (await api(world.server, dispatcher, "GET", `/shifts/${made.body.id}/signups`)).body.items;
      if (rows[0]?.attended === true) break;
      await page.waitForTimeout(250);
    }
    const rows = (await api(world.server, dispatcher, "GET", `/shifts/${made.body.id}/signups`)).body.items;
    assert.deepEqual(rows.map((row) => [row.name, row.attended]), [["王静", true]]);
  });
  await desk.context.close();
});

test("an admin finds people by phone or name, gives roles and a grid, deactivates an account, and sees volunteers' hours", onTheReferenceServer, async () => {
  const desk = await openPhonePage(world.browser);
  await tellingWhatWasShown({ desk }, async () => {
    const { page } = desk;
    await signInThroughUi(page, world.server, ADMIN);
    await page.goto(`${world.server.url}/workbench-people`);
    const search = page.getByTestId("people-search");
    await search.getByLabel("手机号或姓名").fill("0004");
    await search.getByRole("button", { name: "查找" }).click();
    const person = page.getByTestId("person").filter({ hasText: "许礼文" });
    await person.getByRole("button", { name: "编辑 许礼文" }).click();
    const editor = person.getByTestId("person-editor");
    await editor.getByLabel("网格员").check();
    await editor.getByLabel("网格", { exact: true }).selectOption({ label: "第二网格" });
    await atBothWidths(page, "workbench-people");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("许礼文 的资料已保存").waitFor({ timeout: 15_000 });
    await person.getByText(/网格员/).waitFor();

    // By name: a resident no longer living here cannot sign in any more.
    await search.getByLabel("手机号或姓名").fill("曹菊兰");
    await search.getByRole("button", { name: "查找" }).click();
    const moved = page.getByTestId("person").filter({ hasText: "曹菊兰" });
    await moved.getByRole("button", { name: "编辑 曹菊兰" }).click();
    await moved.getByTestId("person-editor").getByLabel("账号可以登录").uncheck();
    await moved.getByTestId("person-editor").getByRole("button", { name: "保存" }).click();
    await moved.getByText("已停用").waitFor({ timeout: 15_000 });
    const refused = await api(world.server, null, "POST", "/auth/code", { phone: "13800000002" });
    assert.equal(refused.status, 401);
    assert.equal(refused.body.type, "account_inactive");

    // An admin cannot take their own admin role away: said at the roles, nothing sent.
    await search.getByLabel("手机号或姓名").fill("陈主任");
    await search.getByRole("button", { name: "查找" }).click();
    const self = page.getByTestId("person").filter({ hasText: "陈主任" });
    await self.getByRole("button", { name: "编辑 陈主任" }).click();
    await self.getByTestId("person-editor").getByLabel("管理员").uncheck();
    const writes = [];
    const watch = (request) => request.method() === "PUT" && request.url().includes("/api/v1/users/") && writes.push(request.url());
    page.on("request", watch);
    await self.getByTestId("person-editor").getByRole("button", { name: "保存" }).click();
    await self.getByRole("group", { name: "身份" }).getByText("不能对自己的账号这样做").waitFor();
    page.off("request", watch);
    assert.deepEqual(writes, [], "nothing was sent");
    await self.getByTestId("person-editor").getByRole("button", { name: "取消" }).click();

    // Volunteers, with their hours of service.
    await search.getByLabel("手机号或姓名").fill("");
    await search.getByLabel("身份").selectOption({ label: "志愿者" });
    await search.getByRole("button", { name: "查找" }).click();
    await page.getByTestId("person").filter({ hasText: "王静" }).getByText(/志愿服务 \d+ 小时/).waitFor();

    const admin = await apiToken(world.server, ADMIN);
    const found = (await api(world.server, admin, "GET", "/users?q=13800000004")).body.items[0];
    assert.ok(found.roles.includes("grid_worker"));
    assert.equal(found.grid_id, "g-2");
  });
  await desk.context.close();
});

test("an admin pins a notice for the coming days; a resident sees it on the home page after a sync", onTheReferenceServer, async () => {
  const admin = await openPhonePage(world.browser, { timezoneId: "Asia/Shanghai" });
  const resident = await openPhonePage(world.browser);
  await tellingWhatWasShown({ admin, resident }, async () => {
    const { page } = admin;
    await signInThroughUi(page, world.server, ADMIN);
    await page.goto(`${world.server.url}/workbench-notices`);
    await page.getByTestId("notices").getByTestId("desk-notice").first().waitFor({ timeout: 15_000 });
    await page.getByRole("button", { name: "新增通知" }).click();
    const editor = page.getByTestId("notice-editor");
    await editor.getByLabel("标题").fill("周四上午义诊");
    await editor.getByLabel("内容").fill("本周四上午九点，社区卫生服务中心的医生在红色驿站免费量血压、看常见病。");
    // Ending before it starts: said at the field, in Chinese, before anything is sent.
    await editor.getByLabel("显示到哪天（可不填）").fill("2020-01-01");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.locator("#field-ends_on-error").waitFor();
    await editor.getByLabel("显示到哪天（可不填）").fill("");
    await editor.getByLabel("置顶").check();
    await atBothWidths(page, "workbench-notice-editor");
    await editor.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("desk-saved").getByText("周四上午义诊").waitFor({ timeout: 15_000 });
    await page.getByTestId("notices").getByTestId("desk-notice").filter({ hasText: "周四上午义诊" }).getByText("置顶").waitFor();
    await atBothWidths(page, "workbench-notices");

    // Offline, the desk shows the board as the device last synced it, and says so. (Once
    // the device's own board has it: the admin's home page reads the same copy.)
    await page.goto(`${world.server.url}/`);
    await page.getByTestId("notice").filter({ hasText: "周四上午义诊" }).waitFor({ timeout: 15_000 });
    await page.goto(`${world.server.url}/workbench-notices`);
    await page.getByTestId("notices").getByTestId("desk-notice").first().waitFor({ timeout: 15_000 });
    await admin.context.setOffline(true);
    await page.reload();
    await page.getByTestId("desk-offline").waitFor({ timeout: 15_000 });
    await page.getByTestId("notices").getByTestId("desk-notice").filter({ hasText: "周四上午义诊" }).waitFor();
    await admin.context.setOffline(false);

    const shown = (await api(world.server, await apiToken(world.server, RESIDENT), "GET", "/notices")).body.items;
    assert.equal(shown[0]?.title, "周四上午义诊", "pinned, first");
    await signInThroughUi(resident.page, world.server, RESIDENT);
    await resident.page.goto(`${world.server.url}/`);
    await resident.page.getByText("本周四上午九点，社区卫生服务中心的医生在红色驿站免费量血压").waitFor({ timeout: 15_000 });
  });
  await admin.context.close();
  await resident.context.close();
});

test("a resident keeps their own name and address from the settings; a blank name is said at its field", onTheReferenceServer, async () => {
  const { context, page } = await openPhonePage(world.browser);
  await tellingWhatWasShown({ resident: { page } }, async () => {
    await signInThroughUi(page, world.server, RESIDENT);
    await page.goto(`${world.server.url}/settings`);
    await page.getByRole("link", { name: "我的资料" }).click();
    const form = page.getByTestId("profile-form");
    await form.getByLabel("姓名").waitFor({ timeout: 15_000 });
    await form.getByLabel("姓名").fill(" ");
    await form.getByLabel("住址（可不填）").fill("育华里 3 号楼 2 单元 401");
    await form.getByRole("button", { name: "保存" }).click();
    await page.locator("#field-name-error").getByText("这一项必填").waitFor();
    assert.equal(await form.getByLabel("住址（可不填）").inputValue(), "育华里 3 号楼 2 单元 401");
    await form.getByLabel("姓名").fill("李万章（老李）");
    await form.getByRole("button", { name: "保存" }).click();
    await page.getByTestId("profile-saved").waitFor({ timeout: 15_000 });
    await screenshot(page, "profile");
    const me = (await api(world.server, await apiToken(world.server, RESIDENT), "GET", "/me")).body;
    assert.equal(me.name, "李万章（老李）");
    assert.equal(me.address, "育华里 3 号楼 2 单元 401");
    await page.goto(`${world.server.url}/settings`);
    await page.getByTestId("account").getByText("李万章（老李）").waitFor();
  });
  await context.close();
});

test("a resident who opens the workbench is told whom it is for, and is offered no way to it", onTheReferenceServer, async () => {
  const { context, page } = await openPhonePage(world.browser);
  await signInThroughUi(page, world.server, RESIDENT);
  await page.goto(`${world.server.url}/settings`);
  await page.getByRole("heading", { level: 1, name: "设置" }).waitFor();
  assert.equal(await page.getByRole("link", { name: "打开社区工作台" }).count(), 0);
  await page.goto(`${world.server.url}/workbench-services`);
  await page.getByText("社区工作台只对社区的工作人员开放。").waitFor();
  assert.equal(await page.getByRole("button", { name: "新增服务" }).count(), 0);
  await context.close();
});

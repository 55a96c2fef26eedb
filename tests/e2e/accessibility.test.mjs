// Lighthouse's accessibility audit (mobile) on every tab, signed in with data, in normal
// and elder mode, on Debian's Chromium: each must score 100. The scores are printed. The
// volunteer's and the dispatcher's screens (their orders tab and an order they act on)
// are audited the same way, and so are the staff's workbench pages (issue 17).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";
import lighthouse from "lighthouse";
import { chromiumArgs, chromiumPath } from "./browser.mjs";
import { api, apiToken, signInThroughUi, step } from "./app.mjs";
import { signIn } from "./backend.mjs";
import { referencePassOnly, startCommunity } from "./selected_backend.mjs";

const PORT = 9333 + Math.floor(Math.random() * 500);
// The five tabs, settings, the two forms a resident fills in, their own details, what
// they were told, and the activities.
const tabs = ["/", "/services", "/orders", "/grid", "/volunteer", "/settings", "/service?id=svc-p01", "/wish", "/profile", "/inbox", "/activities", "/appointments"];

let server;
let context;
let profile;

before(async () => {
  server = await startCommunity();
  profile = mkdtempSync(join(tmpdir(), "yizhan-lighthouse-"));
  // One persistent profile: Lighthouse's own tab shares the signed-in storage.
  context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    args: [`--remote-debugging-port=${PORT}`, ...chromiumArgs],
    viewport: { width: 360, height: 740 },
    locale: "zh-CN",
  });
});

after(async () => {
  await context?.close();
  await server?.stop();
  if (profile) rmSync(profile, { recursive: true, force: true });
});

async function audit(path) {
  const result = await lighthouse(`${server.url}${path}`, {
    port: PORT,
    onlyCategories: ["accessibility"],
    disableStorageReset: true,
    formFactor: "mobile",
    screenEmulation: { mobile: true, width: 360, height: 740, deviceScaleFactor: 2, disabled: false },
    logLevel: "error",
  });
  const category = result.lhr.categories.accessibility;
  const failing = Object.values(result.lhr.audits)
    .filter((a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary")
    .map((a) => `${a.id}: ${a.title}`);
  return { score: Math.round(category.score * 100), failing };
}

/// Audits `paths` in normal then elder mode; returns the scores under 100.
async function auditBothModes(page, paths) {
  const scores = [];
  for (const elder of [false, true]) {
    await page.goto(`${server.url}/settings`);
    const toggle = page.getByRole("switch", { name: "长辈版" });
    if ((await toggle.isChecked()) !== elder) await toggle.click();
    for (const path of paths) {
      const { score, failing } = await audit(path);
      scores.push({ path, elder, score, failing });
      console.log(`lighthouse accessibility ${elder ? "elder " : "normal"} ${path.padEnd(11)} ${score}`);
    }
  }
  return scores.filter((s) => s.score < 100);
}

test("every tab scores 100 for accessibility, normal and elder", async () => {
  const page = context.pages()[0] ?? (await context.newPage());
  await signIn(page, server, "13800000003");
  assert.deepEqual(await auditBothModes(page, tabs), [], "tabs under 100");
});

test(
  "the volunteer's and the dispatcher's screens score 100, normal and elder",
  referencePassOnly("the json-server profile does not serve the staff's side of the loop (who is assigned, who may dispatch): no volunteer's or dispatcher's screens"),
  async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    const resident = await apiToken(server, "13800000001");
    const dispatcher = await apiToken(server, "13800000005");
    const order = async (title) => {
      const id = crypto.randomUUID();
      const made = await api(server, resident, "PUT", `/orders/${id}`, { kind: "wish", title, contact_phone: "13800000001" });
      assert.equal(made.status, 201);
      return id;
    };
    const sentToVolunteer = await order("帮忙换个灯泡");
    await step(server, dispatcher, sentToVolunteer, "dispatch", { assignee_id: "u-13800000003" });
    const waiting = await order("帮忙修自行车");

    const below = [];
    for (const [phone, role, section, id] of [
      ["13800000003", "volunteer", "for-me", sentToVolunteer],
      ["13800000005", "dispatcher", "queue", waiting],
    ]) {
      await signInThroughUi(page, server, phone);
      await page.evaluate((role) => localStorage.setItem("yizhan.v1.role", role), role);
      await page.goto(`${server.url}/orders`);
      // On the device before Lighthouse opens its own tab.
      await page.getByTestId(section).getByTestId("order-row").first().waitFor({ timeout: 15_000 });
      below.push(...(await auditBothModes(page, ["/orders", `/order?id=${id}`])));
    }
    assert.deepEqual(below, [], "staff screens under 100");
  },
);

test(
  "the staff's workbench scores 100, normal and elder",
  referencePassOnly("the workbench speaks the reference server's administration API; other backends keep their own admin tools"),
  async () => {
    const page = context.pages()[0] ?? (await context.newPage());
    // The profile is shared: the last test left the dispatcher's side chosen.
    await page.evaluate(() => localStorage.setItem("yizhan.v1.role", "resident"));
    await signInThroughUi(page, server, "13800000006");
    // The workbench's build, with the catalogue on the device, before Lighthouse opens
    // its own tab.
    await page.goto(`${server.url}/workbench-services`);
    await page.getByTestId("desk-service").first().waitFor({ timeout: 15_000 });
    const places = [
      "/workbench",
      "/workbench-community",
      "/workbench-services",
      "/workbench-services?id=svc-p01",
      "/workbench-grids",
      "/workbench-grids?id=g-1",
      "/workbench-stations",
      "/workbench-stations?id=st-1",
      "/workbench-file",
      "/workbench-rota",
      "/workbench-people",
      "/workbench-notices",
      "/workbench-door",
      "/workbench-activities",
      "/workbench-bookings",
    ];
    assert.deepEqual(await auditBothModes(page, places), [], "workbench pages under 100");
  },
);

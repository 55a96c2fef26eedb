// What several end-to-end tests do: sign in through the app's own screens, and act
// through the reference server's API as the community's staff would (tests/e2e/
// backend.mjs does the same on whichever backend the pass selected).
import assert from "node:assert/strict";
import { before, after } from "node:test";
import { launchBrowser } from "./browser.mjs";
import { startCommunity } from "./selected_backend.mjs";

export const DEMO_CODE = "246810";

/// Lets the next `method` request to `url` reach the server, then drops its answer, as a
/// connection lost on the way back would. `delivered` settles once the server has it
/// (and fails after 15 s if the app never sent it).
export async function loseNextAnswer(page, url, method) {
  let reached;
  const delivered = new Promise((resolve, reject) => {
    reached = resolve;
    setTimeout(() => reject(new Error(`no ${method} ${url} in 15 s`)), 15_000).unref();
  });
  let intercepted = false;
  await page.route(url, async (route) => {
    if (route.request().method() !== method || intercepted) return route.fallback();
    intercepted = true;
    await route.fetch();
    reached();
    await route.abort("connectionreset");
  });
  return { delivered };
}

export async function signInThroughUi(page, server, phone) {
  await page.goto(`${server.url}/sign-in`);
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "获取验证码" }).click();
  // The demo server hands the code back and the form fills it in.
  await page.getByText("验证码已发送").waitFor();
  assert.match(await page.getByLabel("验证码").inputValue(), /^\d{6}$/);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
}

/// One row of the orders list, by its title.
export function orderRow(page, title) {
  return page.getByTestId("order-row").filter({ hasText: title });
}

/// Makes a wish through the app's own links, without loading a page (works offline).
export async function makeWishInApp(page, title) {
  await page.getByRole("navigation", { name: "主导航" }).getByRole("link", { name: "订单" }).click();
  await page.getByRole("link", { name: "许个心愿" }).click();
  await page.getByLabel("想请人帮什么忙").fill(title);
  await page.getByRole("button", { name: "提交心愿" }).click();
  await orderRow(page, title).waitFor();
}

/// Waits until the sign-in form knows the backend (登录 is enabled once config.json was
/// read): before that, the code step is absent on every backend.
export async function signInFormReady(page) {
  await page.locator('form button[type="submit"]:enabled').waitFor();
}

/// Signs in where the backend has no accounts (json-server, mapped): the number is
/// looked up, and there is no code to ask for or type.
export async function signInByPhoneOnly(page, server, phone) {
  await page.goto(`${server.url}/sign-in`);
  await signInFormReady(page);
  assert.equal(await page.getByRole("button", { name: "获取验证码" }).count(), 0, "no code to ask for");
  assert.equal(await page.getByLabel("验证码").count(), 0, "no code field");
  await page.getByLabel("手机号").fill(phone);
  await page.getByRole("button", { name: "登录", exact: true }).click();
  await page.getByRole("heading", { level: 1, name: "我的订单" }).waitFor();
}

export async function api(server, token, method, path, body, headers = {}) {
  const res = await fetch(`${server.url}/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { "content-type": "application/json" } : {}),
      ...headers,
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null };
}

export async function apiToken(server, phone) {
  // The demo accounts' code signs in without asking for one: no code is spent of the
  // five a number may ask for in an hour, which the tests' sign-ins in the app need.
  const session = await api(server, null, "POST", "/auth/session", { phone, code: DEMO_CODE });
  return session.body.token;
}

/// One lifecycle step as staff or a volunteer takes it, from the order's current version.
export async function step(server, token, orderId, action, extra = {}) {
  const current = await api(server, token, "GET", `/orders/${orderId}`);
  const res = await api(
    server,
    token,
    "POST",
    `/orders/${orderId}/transitions`,
    { id: crypto.randomUUID(), action, ...extra },
    { "if-match": `"${current.body.version}"` },
  );
  assert.equal(res.status, 200, `${action}: ${JSON.stringify(res.body)}`);
  return res.body;
}

/// A real backend (the one the pass selected) and a real browser for the tests of one
/// file: `world.server`, `world.browser`, ready inside each test.
export function useServerAndBrowser() {
  const world = {};
  before(async () => {
    world.server = await startCommunity();
    world.browser = await launchBrowser();
  });
  after(async () => {
    await world.browser?.close();
    await world.server?.stop();
  });
  return world;
}

/// Runs `story`; when it fails, adds what each person's page showed to the error, so a
/// failure read from CI's log says where everyone was.
export async function tellingWhatWasShown(people, story) {
  try {
    await story();
  } catch (error) {
    const shown = [];
    for (const [who, { page }] of Object.entries(people)) {
      const text = await page.locator("body").innerText({ timeout: 1000 }).catch(() => "(unreadable)");
      shown.push(`--- ${who} at ${page.url()}:\n${text.replace(/\n+/g, " | ").slice(0, 600)}`);
    }
    error.message = `${error.message}\n${shown.join("\n")}`;
    throw error;
  }
}

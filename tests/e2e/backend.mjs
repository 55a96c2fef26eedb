// What the tests do on the community's side of whichever backend the pass selected
// (`server.backend`): sign a resident in, place or step an order as the community's tools
// would, and read what the server stored. On the reference server that is its API with
// a demo account's token; on json-server, its documents, written in the shapes the
// `json-server` profile writes (crates/core/src/sync/profiles/client_side.rs), because
// there staff work the loop in json-server itself.
import assert from "node:assert/strict";
import { api, apiToken, signInByPhoneOnly, signInThroughUi, step } from "./app.mjs";

const onJsonServer = (server) => server.backend === "json-server";

/// Signs in through the app's own screen: a code on the reference server, the number
/// alone where the backend has no accounts.
export function signIn(page, server, phone) {
  return onJsonServer(server) ? signInByPhoneOnly(page, server, phone) : signInThroughUi(page, server, phone);
}

/// The app's requests as a test intercepts them: every API call, and the one that
/// creates an order (a resend of it must not make a second order).
export function apiRequests(server) {
  return onJsonServer(server)
    ? { all: "**/api/**", orderCreate: { url: "**/api/orders", method: "POST" } }
    : { all: "**/api/v1/**", orderCreate: { url: "**/api/v1/orders/*", method: "PUT" } };
}

/// The orders `phone`'s resident owns, as the server stores them.
export async function ordersOf(server, phone) {
  if (onJsonServer(server)) {
    const user = await jsonServerUser(server, phone);
    return jsonServer(server, "GET", `/orders?owner_id=${encodeURIComponent(user.id)}`);
  }
  const res = await api(server, await tokenOf(server, phone), "GET", "/orders?limit=200");
  assert.equal(res.status, 200);
  assert.equal(res.body.has_more, false, "every order on one page");
  return res.body.items;
}

/// One order as the server stores it, read as `phone` (its owner, or staff).
export async function orderOnServer(server, phone, id) {
  if (onJsonServer(server)) return jsonServer(server, "GET", `/orders/${encodeURIComponent(id)}`);
  const res = await api(server, await tokenOf(server, phone), "GET", `/orders/${encodeURIComponent(id)}`);
  assert.equal(res.status, 200);
  return res.body;
}

/// An order `phone`'s resident placed from another device: on the server, not yet on
/// the device under test. Returns its id.
export async function placeOrder(server, phone, newOrder) {
  const id = crypto.randomUUID();
  if (onJsonServer(server)) {
    const owner = await jsonServerUser(server, phone);
    const now = new Date().toISOString();
    await jsonServer(server, "POST", "/orders", {
      id,
      service_id: null,
      description: "",
      address: null,
      contact_phone: null,
      preferred_time: null,
      attributes: {},
      ...newOrder,
      status: "submitted",
      version: 1,
      owner_id: owner.id,
      assignee: null,
      rating: null,
      created_at: now,
      updated_at: now,
      deleted: false,
      timeline: [{ id: `${id}:create`, at: now, status: "submitted", action: "create", by_role: "resident", note: null }],
    });
    return id;
  }
  const res = await api(server, await tokenOf(server, phone), "PUT", `/orders/${id}`, newOrder);
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return id;
}

/// The staff's steps on json-server, as the lifecycle allows them (crates/core/src/
/// lifecycle.rs): a step from anywhere else is a mistake in the test.
const staffSteps = {
  dispatch: { from: ["submitted"], to: "dispatched", by: "dispatcher" },
  reject: { from: ["submitted"], to: "rejected", by: "dispatcher" },
  accept: { from: ["dispatched"], to: "accepted", by: "volunteer" },
  decline: { from: ["dispatched"], to: "submitted", by: "volunteer" },
  start: { from: ["accepted"], to: "in_progress", by: "volunteer" },
  complete: { from: ["accepted", "in_progress"], to: "completed", by: "volunteer" },
};

/// One lifecycle step as the community's staff member `phone` takes it (`extra`:
/// `assignee_id`, `note`). On json-server the community has no app for it, so the
/// document is patched as the profile would patch it; who took it is its timeline role.
export async function staffStep(server, phone, id, action, extra = {}) {
  if (!onJsonServer(server)) return step(server, await tokenOf(server, phone), id, action, extra);
  const rule = staffSteps[action];
  assert.ok(rule, `no staff step ${action}`);
  const order = await orderOnServer(server, phone, id);
  assert.ok(rule.from.includes(order.status), `${action} from ${order.status}`);
  // Never stamped before the order's last change: the device pulls by `updated_at`.
  const at = new Date(Math.max(Date.now(), Date.parse(order.updated_at) + 1)).toISOString();
  let assignee = order.assignee;
  if (extra.assignee_id) {
    const user = await jsonServer(server, "GET", `/users/${encodeURIComponent(extra.assignee_id)}`);
    assignee = { id: user.id, name: user.name };
  }
  if (action === "decline") assignee = null;
  return jsonServer(server, "PATCH", `/orders/${encodeURIComponent(id)}`, {
    status: rule.to,
    version: order.version + 1,
    assignee,
    updated_at: at,
    timeline: [
      ...order.timeline,
      { id: crypto.randomUUID(), at, status: rule.to, action, by_role: rule.by, note: extra.note ?? null },
    ],
  });
}

/// Whether the server has `phone`'s volunteer signed up for the shift.
export async function signedUpForShift(server, phone, shiftId) {
  if (onJsonServer(server)) {
    const [user, shift] = await Promise.all([
      jsonServerUser(server, phone),
      jsonServer(server, "GET", `/shifts/${encodeURIComponent(shiftId)}`),
    ]);
    return shift.volunteers.includes(user.id);
  }
  const res = await api(server, await tokenOf(server, phone), "GET", "/shifts");
  assert.equal(res.status, 200);
  const shift = res.body.items.find((s) => s.id === shiftId);
  assert.ok(shift, `shift ${shiftId} on the server`);
  return shift.me;
}

/// Demo accounts' tokens, one sign-in per server and phone: the reference server sends
/// at most five codes a phone an hour, and the app's own sign-in needs one of them.
const tokens = new WeakMap();

function tokenOf(server, phone) {
  if (!tokens.has(server)) tokens.set(server, new Map());
  const mine = tokens.get(server);
  if (!mine.has(phone)) mine.set(phone, apiToken(server, phone));
  return mine.get(phone);
}

async function jsonServerUser(server, phone) {
  const [user] = await jsonServer(server, "GET", `/users?phone=${encodeURIComponent(phone)}`);
  assert.ok(user, `a user with ${phone} on json-server`);
  return user;
}

async function jsonServer(server, method, path, body) {
  const res = await fetch(`${server.json}${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  assert.ok(res.ok, `${method} ${path} on json-server: ${res.status}`);
  return res.json();
}

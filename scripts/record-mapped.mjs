// Records what the test tree's "tickets" backend (tests/e2e/tickets_backend.mjs) answers
// to the requests the `mapped` profile makes with tests/e2e/tickets-config.json, as
// fixtures for the profile's conformance tests (crates/core/tests/mapped_profile.rs).
// Run: node scripts/record-mapped.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { API_KEY, startTicketsBackend } from "../tests/e2e/tickets_backend.mjs";

const out = resolve(import.meta.dirname, "../crates/core/tests/fixtures/mapped");
const demo = JSON.parse(readFileSync(resolve(import.meta.dirname, "../tests/e2e/json-server/db.json"), "utf8"));
const backend = await startTicketsBackend({ community: demo.community, services: demo.services.slice(0, 2) });

async function exchange(method, path, body) {
  const res = await fetch(`${backend.url}${path}`, {
    method,
    headers: { accept: "application/json", "x-api-key": API_KEY, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { request: { method, path }, response: { status: res.status, body: await res.text() } };
}

const save = (name, recording) => writeFileSync(join(out, `${name}.json`), JSON.stringify(recording, null, 2) + "\n");
const at = "2026-11-23T05:00:00.000Z";
const ticket = (id, subject) => ({
  uuid: id, kind: "wish", service_id: null, subject, details: "", address: null, phone: null,
  preferred_time: null, attributes: {}, state: "new", rev: 1, owner: "p-1", assignee: null, rating: null,
  opened: at, modified: at, deleted: false, source: "yizhan",
  history: [{ id: `${id}:create`, at, status: "submitted", action: "create", by_role: "resident", note: null }],
});

save("sign_in", [await exchange("GET", "/people?mobile=13800000001")]);
// A resend looks first (found: nothing is sent); another order under the same id is
// refused and read back.
save("create_then_resend", [
  await exchange("PUT", "/tickets/o-1", { ticket: ticket("o-1", "帮忙修一下门锁") }),
  await exchange("GET", "/tickets/o-1"),
  await exchange("PUT", "/tickets/o-1", { ticket: ticket("o-1", "帮忙换灯泡") }),
  await exchange("GET", "/tickets/o-1"),
]);
save("transition", [
  await exchange("GET", "/tickets/o-1"),
  await exchange("PATCH", "/tickets/o-1", {
    state: "withdrawn", rev: 2, modified: "2026-11-23T05:10:00.000Z", rating: null,
    history: [...ticket("o-1", "").history, { id: "t-1", at: "2026-11-23T05:10:00.000Z", status: "cancelled", action: "cancel", by_role: "resident", note: "自己修好了" }],
  }),
]);
await exchange("PUT", "/tickets/o-2", { ticket: ticket("o-2", "帮忙取快递") });
await exchange("PUT", "/tickets/o-3", { ticket: ticket("o-3", "帮忙买菜") });
save("pull_in_pages", [
  await exchange("GET", "/tickets?owner=p-1&page=1&per_page=2"),
  await exchange("GET", "/tickets?owner=p-1&page=2&per_page=2"),
]);
save("errors", [await exchange("GET", "/tickets/nope")]);
save("reference", [await exchange("GET", "/site"), await exchange("GET", "/catalogue")]);
await backend.stop();

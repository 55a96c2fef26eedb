// Records what json-server 0.17 answers to the requests the `json-server` profile makes,
// as fixtures for its conformance tests (crates/core/tests/json_server_profile.rs).
// Run a json-server over a copy of crates/core/tests/fixtures/json_server/db.json (it
// writes to its file), then: node scripts/record-json-server.mjs http://127.0.0.1:<port>
// Each fixture is a list of {request, response} in the order the profile makes them.
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

const base = process.argv[2];
const out = resolve(import.meta.dirname, "../crates/core/tests/fixtures/json_server");

async function exchange(method, path, body) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { accept: "application/json", ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  // json-server's 500 page carries a stack trace with local paths: keep its first line.
  const kept = res.status === 500 ? text.split("\n")[0] : text;
  return { request: { method, path, ...(body ? { body } : {}) }, response: { status: res.status, body: kept } };
}

function save(name, recording) {
  writeFileSync(join(out, `${name}.json`), JSON.stringify(recording, null, 2) + "\n");
}

const at = "2026-11-23T05:00:00.000Z";
const order = (id, updated_at = at) => ({
  id, kind: "wish", service_id: null, title: "帮忙换灯泡", description: "", address: null,
  contact_phone: null, preferred_time: null, attributes: {}, status: "submitted", version: 1,
  owner_id: "u-1", assignee: null, rating: null, created_at: updated_at, updated_at, deleted: false,
  timeline: [{ id: `${id}:create`, at: updated_at, status: "submitted", action: "create", by_role: "resident", note: null }],
});

save("create_then_resend", [
  await exchange("POST", "/orders", order("o-1")),
  await exchange("POST", "/orders", order("o-1")),
  await exchange("GET", "/orders/o-1"),
]);
save("transition", [
  await exchange("GET", "/orders/o-1"),
  await exchange("PATCH", "/orders/o-1", {
    status: "cancelled", version: 2, assignee: null, rating: null, updated_at: "2026-11-23T05:10:00.000Z",
    timeline: [...order("o-1").timeline, { id: "t-1", at: "2026-11-23T05:10:00.000Z", status: "cancelled", action: "cancel", by_role: "resident", note: "不需要了" }],
  }),
]);
// Three orders in one millisecond, pulled two at a time.
await exchange("POST", "/orders", order("o-2", "2026-11-23T05:20:00.000Z"));
await exchange("POST", "/orders", order("o-3", "2026-11-23T05:20:00.000Z"));
await exchange("POST", "/orders", order("o-4", "2026-11-23T05:20:00.000Z"));
const list = (since, start) =>
  `/orders?owner_id=u-1&updated_at_gte=${encodeURIComponent(since)}&_sort=updated_at,id&_order=asc,asc&_start=${start}&_limit=2`;
// Two at a time: the third page brings nothing new (three orders share 05:20), so the
// fourth looks past it.
save("pull_in_pages", [
  await exchange("GET", list("", 0)),
  await exchange("GET", list("2026-11-23T05:20:00.000Z", 0)),
  await exchange("GET", list("2026-11-23T05:20:00.000Z", 0)),
  await exchange("GET", list("2026-11-23T05:20:00.000Z", 2)),
]);
save("shift_signup", [
  await exchange("GET", "/shifts/sh-1"),
  await exchange("PATCH", "/shifts/sh-1", { volunteers: ["u-4", "u-1"], updated_at: "2026-11-23T05:30:00.000Z" }),
  await exchange("GET", "/shifts/sh-1"),
]);
save("reference", [await exchange("GET", "/community"), await exchange("GET", "/shifts")]);

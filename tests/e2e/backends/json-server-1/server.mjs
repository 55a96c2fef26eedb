// json-server 1.0 (1.0.0-beta.3, the last beta that runs on Node 20), the real server
// from npm (package-lock.json), installed beside 0.17. Unlike 0.17 it answers a POST
// with an id it already has by storing a second record under that id, and a page past
// the end with the last page again: the mapped profile must find an order by its
// client id before sending it again, and end paging at the total. It has no accounts
// and no rules: a resident is looked up by phone, and no step is refused.
//
// Started over a copy of the demo community; `url` is a pass-through in front of it that
// counts what the app asked, as the tests need.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort } from "../../server.mjs";
import { passThrough } from "../http.mjs";

const root = resolve(import.meta.dirname, "../../../..");

export async function startJsonServer1({ community, services }) {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-json-server-1-"));
  const db = {
    community,
    services,
    users: [
      { id: "u-1", phone: "13800000001", name: "李万章", grid_id: "g-1" },
      { id: "u-2", phone: "13800000002", name: "曹菊兰", grid_id: "g-1" },
    ],
    orders: [],
  };
  writeFileSync(join(dir, "db.json"), JSON.stringify(db, null, 2));
  const port = await freePort();
  const upstream = `http://127.0.0.1:${port}`;
  const child = spawn(
    process.execPath,
    [join(root, "node_modules/json-server-1/lib/bin.js"), join(dir, "db.json"), "--host", "127.0.0.1", "--port", String(port)],
    // json-server 1.0 re-reads db.json whenever the file changes, its own writes
    // included; an event that arrives late (a busy machine) reads a file older than what
    // it holds, and the records made since are gone from it (seen: 19 of 20 counter
    // orders on the server). Nothing here edits the file by hand, so the watcher polls
    // once a day: every write goes through its HTTP API.
    {
      stdio: ["ignore", "ignore", "pipe"],
      env: { ...process.env, CHOKIDAR_USEPOLLING: "1", CHOKIDAR_INTERVAL: "86400000" },
    },
  );
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`json-server 1.0 exited with ${child.exitCode}: ${errors}`);
    try {
      if ((await fetch(`${upstream}/community`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("json-server 1.0 did not answer in 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const counts = { lists: 0, posts: 0 };
  const front = await passThrough(port, (req, url) => {
    if (url.pathname === "/orders" && req.method === "GET" && !url.searchParams.has("client_id")) counts.lists += 1;
    if (url.pathname === "/orders" && req.method === "POST") counts.posts += 1;
  });
  const api = async (method, path, body) => {
    const res = await fetch(`${upstream}${path}`, {
      method,
      headers: body ? { "content-type": "application/json" } : {},
      body: body ? JSON.stringify(body) : undefined,
    });
    return res.json();
  };
  const orders = () => api("GET", "/orders");
  const byTitle = async (title) => (await orders()).filter((o) => o.title === title);
  return {
    url: front.url,
    counts,
    byTitle,
    orders,
    /// What the community's staff do, through json-server itself.
    async dispatch(title, name) {
      const [order] = await byTitle(title);
      await api("PATCH", `/orders/${order.id}`, {
        status: "dispatched",
        assignee: { id: "u-3", name },
        version: order.version + 1,
        updated_at: new Date(Date.now() + 1000).toISOString(),
      });
    },
    async enterAtCounter(title) {
      const now = new Date().toISOString();
      await api("POST", "/orders", {
        kind: "service", title, description: "服务站代为登记", status: "submitted", version: 1,
        owner_id: "u-1", timeline: [], created_at: now, updated_at: now,
      });
    },
    async stop() {
      await front.stop();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const backend = {
  signIn: { phone: "13800000001", with: "phone" },
  createUrl: "**/api/orders",
  createMethod: "POST",
  pageSize: 10,
  refusesLateCancel: false,
  async start(seed) {
    const js = await startJsonServer1(seed);
    return {
      url: js.url,
      stop: () => js.stop(),
      lastCode: () => undefined,
      count: async (title) => (await js.byTitle(title)).length,
      status: async (title) => (await js.byTitle(title))[0]?.status,
      creates: () => js.counts.posts,
      lists: () => js.counts.lists,
      mine: async () => (await js.orders()).filter((o) => o.owner_id === "u-1").length,
      dispatch: js.dispatch,
      enterAtCounter: js.enterAtCounter,
    };
  },
};

// Directus 11.3.5, the real server from npm (this folder's package-lock.json, installed by
// scripts/setup.sh), over SQLite in a fresh folder. Not 12: without a licence Directus 12
// refuses custom permission rules ("custom_permission_rules_enabled is a restricted
// resource"), and a community cannot keep each resident to their own orders without
// them; 11.3.5 is also the last that declares Node 20 (the newest 12.x needs packages
// the registry here lacks). The schema a community would make in Directus's admin
// app is made here through its API, as the admin: an `orders` collection with the app's
// `client_id` beside Directus's own integer id, a `resident` field that a create
// presets to `$CURRENT_USER`, a `Resident` role whose policy lets a resident read only
// their own orders and change them only while submitted or completed (a late cancel is
// Directus's 403 "You don't have permissions to perform "update" …"), and a singleton
// `community` and a `services` collection. Residents sign in with an e-mail address
// made of their number and their password; Directus renews the 15-minute access token
// with its refresh token.
//
// `url` is a pass-through in front of it that counts what the app asked.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "../../server.mjs";
import { passThrough } from "../http.mjs";

export const PASSWORD = "directus-resident-2026";
const ADMIN = { email: "admin@yuhua.cn", password: "Adm1n-yuhua-2026" };
const cli = join(import.meta.dirname, "node_modules/@directus/api/dist/cli/run.js");

function run(args, env, { wait = true } = {}) {
  const child = spawn(process.execPath, [cli, ...args], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  if (!wait) return { child, output: () => output };
  return new Promise((done, fail) =>
    child.once("exit", (code) => (code === 0 ? done(output) : fail(new Error(`directus ${args[0]} exited ${code}: ${output}`)))),
  );
}

export async function startDirectus({ community, services }) {
  if (!existsSync(cli)) throw new Error(`${cli} not found: run scripts/setup.sh (it installs Directus for the tests)`);
  const dir = mkdtempSync(join(tmpdir(), "yizhan-directus-"));
  for (const sub of ["data", "extensions", "uploads"]) mkdirSync(join(dir, sub));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const env = {
    DB_CLIENT: "sqlite3",
    DB_FILENAME: join(dir, "data/data.db"),
    KEY: crypto.randomUUID(),
    SECRET: crypto.randomUUID() + crypto.randomUUID(),
    ADMIN_EMAIL: ADMIN.email,
    ADMIN_PASSWORD: ADMIN.password,
    HOST: "127.0.0.1",
    PORT: String(port),
    PUBLIC_URL: base,
    TELEMETRY: "false",
    LOG_LEVEL: "warn",
    EXTENSIONS_PATH: join(dir, "extensions"),
    STORAGE_LOCAL_ROOT: join(dir, "uploads"),
    // Sign-ins in a row from one test would otherwise meet its rate limiter.
    RATE_LIMITER_ENABLED: "false",
  };
  await run(["bootstrap"], env);
  const server = run(["start"], env, { wait: false });
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (server.child.exitCode !== null) throw new Error(`directus exited: ${server.output()}`);
    try {
      if ((await fetch(`${base}/server/ping`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`directus did not answer in 60 s: ${server.output()}`);
    await new Promise((r) => setTimeout(r, 200));
  }

  let adminToken;
  const api = async (method, path, body) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(adminToken ? { authorization: `Bearer ${adminToken}` } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text).data : undefined;
  };
  adminToken = (await api("POST", "/auth/login", ADMIN)).access_token;

  // The schema, as a community would make it in the admin app.
  const id = { field: "id", type: "integer", schema: { is_primary_key: true, has_auto_increment: true }, meta: { hidden: true } };
  const field = (name, type, special) => ({ field: name, type, schema: {}, meta: special ? { special } : {} });
  await api("POST", "/collections", {
    collection: "orders", schema: {}, meta: {},
    fields: [
      id, field("client_id", "string"), field("kind", "string"), field("service_id", "string"), field("title", "string"),
      field("description", "text"), field("address", "string"), field("contact_phone", "string"),
      field("preferred_time", "timestamp"), field("attributes", "json", ["cast-json"]), field("status", "string"),
      field("version", "integer"), field("resident", "uuid"), field("handler_id", "string"), field("handler_name", "string"),
      field("rating", "integer"), field("deleted", "boolean", ["cast-boolean"]), field("timeline", "json", ["cast-json"]),
      field("date_created", "timestamp", ["date-created"]), field("date_updated", "timestamp", ["date-updated"]),
    ],
  });
  await api("POST", "/collections", {
    collection: "community", schema: {}, meta: { singleton: true },
    fields: [id, field("name", "string"), field("district", "string"), field("hotline", "string"), field("announcement", "text"), field("updated_at", "string")],
  });
  await api("POST", "/collections", {
    collection: "services", schema: {}, meta: {},
    fields: [
      id, field("code", "string"), field("name", "string"), field("category", "string"), field("kind", "string"),
      field("description", "text"), field("sla_hours", "integer"), field("fields", "json", ["cast-json"]),
      field("active", "boolean", ["cast-boolean"]), field("updated_at", "string"),
    ],
  });
  await api("PATCH", "/items/community", {
    name: community.name, district: community.district, hotline: community.hotline,
    announcement: community.announcement, updated_at: community.updated_at,
  });
  await api("POST", "/items/services", services.map(({ id: _, ...service }) => service));

  const policy = await api("POST", "/policies", { name: "Resident", icon: "person", app_access: false, admin_access: false });
  const role = await api("POST", "/roles", { name: "Resident", icon: "person" });
  await api("POST", "/access", { role: role.id, policy: policy.id });
  const own = { resident: { _eq: "$CURRENT_USER" } };
  await api("POST", "/permissions", [
    { policy: policy.id, collection: "orders", action: "read", permissions: own, fields: ["*"] },
    { policy: policy.id, collection: "orders", action: "create", permissions: {}, presets: { resident: "$CURRENT_USER" }, fields: ["*"] },
    {
      policy: policy.id, collection: "orders", action: "update", fields: ["*"],
      permissions: { _and: [own, { status: { _in: ["submitted", "completed"] } }] },
    },
    { policy: policy.id, collection: "community", action: "read", permissions: {}, fields: ["*"] },
    { policy: policy.id, collection: "services", action: "read", permissions: {}, fields: ["*"] },
    { policy: policy.id, collection: "directus_users", action: "read", permissions: { id: { _eq: "$CURRENT_USER" } }, fields: ["id", "first_name"] },
  ]);
  const resident = await api("POST", "/users", {
    email: "13800000001@yuhua.cn", password: PASSWORD, role: role.id, first_name: "李万章", status: "active",
  });

  const counts = { lists: 0, posts: 0 };
  const front = await passThrough(port, (req, url) => {
    if (url.pathname === "/items/orders" && req.method === "GET" && !url.searchParams.has("filter[client_id][_eq]")) counts.lists += 1;
    if (url.pathname === "/items/orders" && req.method === "POST") counts.posts += 1;
  });
  const byTitle = async (title) => api("GET", `/items/orders?filter[title][_eq]=${encodeURIComponent(title)}&limit=-1`);
  return {
    url: front.url,
    counts,
    byTitle,
    mine: async () => (await api("GET", `/items/orders?filter[resident][_eq]=${resident.id}&limit=-1`)).length,
    async dispatch(title, name) {
      const [order] = await byTitle(title);
      await api("PATCH", `/items/orders/${order.id}`, {
        status: "dispatched", handler_id: "v-3", handler_name: name, version: order.version + 1,
      });
    },
    async enterAtCounter(title) {
      await api("POST", "/items/orders", {
        kind: "service", title, description: "服务站代为登记", status: "submitted", version: 1,
        resident: resident.id, timeline: [],
      });
    },
    async stop() {
      await front.stop();
      server.child.kill("SIGTERM");
      await new Promise((r) => (server.child.exitCode !== null ? r() : server.child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export const backend = {
  signIn: { phone: "13800000001", secret: PASSWORD, with: "password" },
  createUrl: "**/api/items/orders",
  createMethod: "POST",
  pageSize: 25,
  refusesLateCancel: true,
  lateCancelMessage: 'You don\'t have permissions to perform "update"',
  async start(seed) {
    const directus = await startDirectus(seed);
    return {
      url: directus.url,
      stop: () => directus.stop(),
      lastCode: () => undefined,
      count: async (title) => (await directus.byTitle(title)).length,
      status: async (title) => (await directus.byTitle(title))[0]?.status,
      creates: () => directus.counts.posts,
      lists: () => directus.counts.lists,
      mine: directus.mine,
      dispatch: directus.dispatch,
      enterAtCounter: directus.enterAtCounter,
    };
  },
};

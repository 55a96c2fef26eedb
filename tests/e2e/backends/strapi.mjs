// Stand-ins for Strapi's REST API, v4 (`{data: {id, attributes}}`) and v5 (flat records
// with a `documentId`), written from Strapi's published conventions — Strapi is on npm,
// but a project needs its admin build and database set-up, more than a test should
// install. What they keep:
// - `POST /api/auth/local` with `{identifier, password}` answers `{jwt, user}`; the JWT
//   goes as `Authorization: Bearer …`.
// - `GET /api/orders?filters[client_id][$eq]=…&pagination[page]=1&pagination[pageSize]=25`
//   answers `{data: [...], meta: {pagination: {page, pageSize, pageCount, total}}}`; a
//   page past the end is empty. The office's `is-owner` policy keeps a resident's own.
// - Create `POST /api/orders` and update `PUT /api/orders/:id` (v5: `:documentId`) take
//   `{data: {...}}` and answer `{data: record, meta: {}}`.
// - Errors `{data: null, error: {status, name, message, details}}`; a lifecycle hook's
//   refusal is a 400 `ApplicationError` with its message.
// - `createdAt`/`updatedAt` in ISO 8601 UTC; JSON fields kept as JSON.
import { listen, readJson, send, LATE_CANCEL } from "./http.mjs";

export const PASSWORD = "strapi-resident-2026";

export async function startStrapi({ community, services, version }) {
  const user = { id: 7, documentId: "u7resident0000000000001a", username: "13800000001", email: "13800000001@yuhua.example",
    provider: "local", confirmed: true, blocked: false, name: "李万章" };
  const tokens = new Map();
  const rows = new Map(); // numeric id → flat row
  let nextId = 1;
  const counts = { lists: 0, posts: 0 };
  const fail = (res, status, name, message) => send(res, status, { data: null, error: { status, name, message, details: {} } });
  // How a row looks on the wire in this version.
  const shape = (row) => {
    if (version === 5) return row;
    const { id, documentId, ...attributes } = row;
    return { id, attributes };
  };

  const server = await listen(async (req, res, url) => {
    const path = url.pathname;
    if (req.method === "POST" && path === "/api/auth/local") {
      const body = (await readJson(req)) ?? {};
      if (body.identifier !== user.username || body.password !== PASSWORD) {
        return fail(res, 400, "ValidationError", "Invalid identifier or password");
      }
      const jwt = `eyJhbGciOiJIUzI1NiJ9.${crypto.randomUUID()}`;
      tokens.set(jwt, user.id);
      return send(res, 200, { jwt, user });
    }
    const auth = tokens.get((req.headers.authorization ?? "").replace(/^Bearer /, ""));
    if (req.method === "GET" && path === "/api/community") {
      const row = { id: 1, documentId: "community000000000000001", name: community.name, district: community.district,
        hotline: community.hotline, announcement: community.announcement, updatedAt: community.updated_at };
      return send(res, 200, { data: shape(row), meta: {} });
    }
    if (req.method === "GET" && path === "/api/services") {
      const data = services.map((s, i) => shape({ id: i + 1, documentId: `svc${String(i).padStart(21, "0")}`, code: s.code,
        name: s.name, category: s.category, kind: s.kind, description: s.description, sla_hours: s.sla_hours,
        fields: s.fields, active: s.active, updatedAt: s.updated_at }));
      return send(res, 200, { data, meta: { pagination: { page: 1, pageSize: 100, pageCount: 1, total: data.length } } });
    }
    if (!path.startsWith("/api/orders")) return fail(res, 404, "NotFoundError", "Not Found");
    if (auth === undefined) return fail(res, 401, "UnauthorizedError", "Missing or invalid credentials");
    const key = path.match(/^\/api\/orders\/([^/]+)$/)?.[1];
    const find = (k) => [...rows.values()].find((r) => (version === 5 ? r.documentId === k : String(r.id) === k));
    if (req.method === "GET" && !key) {
      counts.lists += 1;
      const wanted = url.searchParams.get("filters[client_id][$eq]");
      const mine = [...rows.values()].filter((r) => r.owner === auth && (wanted === null || r.client_id === wanted));
      const pageSize = Math.min(Number(url.searchParams.get("pagination[pageSize]") ?? 25) || 25, 100);
      const page = Math.max(1, Number(url.searchParams.get("pagination[page]") ?? 1) || 1);
      return send(res, 200, { data: mine.slice((page - 1) * pageSize, page * pageSize).map(shape),
        meta: { pagination: { page, pageSize, pageCount: Math.ceil(mine.length / pageSize), total: mine.length } } });
    }
    const body = await readJson(req);
    if (req.method !== "GET" && (!body || typeof body.data !== "object")) {
      return fail(res, 400, "ValidationError", "Missing \"data\" payload in the request body");
    }
    const now = new Date().toISOString();
    if (req.method === "POST" && !key) {
      counts.posts += 1;
      if (!body.data.title) return fail(res, 400, "ValidationError", "title must be defined.");
      const id = nextId++;
      const row = { ...body.data, id, documentId: `ord${String(id).padStart(21, "0")}`, owner: auth, createdAt: now,
        updatedAt: now, publishedAt: now };
      rows.set(id, row);
      return send(res, 201, { data: shape(row), meta: {} });
    }
    const row = key && find(key);
    if (!row || row.owner !== auth) return fail(res, 404, "NotFoundError", "Not Found");
    if (req.method === "GET") return send(res, 200, { data: shape(row), meta: {} });
    if (req.method === "PUT") {
      // The office's lifecycle hook (beforeUpdate).
      if (body.data.status === "cancelled" && row.status !== "submitted") {
        return fail(res, 400, "ApplicationError", LATE_CANCEL);
      }
      const { id, documentId, owner, createdAt, ...changes } = body.data;
      Object.assign(row, changes, { updatedAt: now });
      return send(res, 200, { data: shape(row), meta: {} });
    }
    return fail(res, 405, "MethodNotAllowedError", "Method Not Allowed");
  });

  const byTitle = (title) => [...rows.values()].filter((r) => r.title === title);
  return {
    ...server,
    counts,
    rows,
    byTitle,
    dispatch(title, name) {
      const [row] = byTitle(title);
      Object.assign(row, { status: "dispatched", handler_id: 12, handler_name: name, version: row.version + 1,
        updatedAt: new Date(Date.now() + 1000).toISOString() });
    },
    enterAtCounter(title) {
      const id = nextId++;
      const now = new Date().toISOString();
      rows.set(id, { id, documentId: `ord${String(id).padStart(21, "0")}`, client_id: null, kind: "service", title,
        description: "服务站代为登记", status: "submitted", version: 1, owner: user.id, createdAt: now, updatedAt: now,
        publishedAt: now });
    },
  };
}

/// The any_backend test's view of one version.
export function strapiBackend(version) {
  return {
    signIn: { phone: "13800000001", secret: PASSWORD, with: "password" },
    createUrl: "**/api/api/orders",
    createMethod: "POST",
    pageSize: 25,
    refusesLateCancel: true,
    async start(seed) {
      const strapi = await startStrapi({ ...seed, version });
      return {
        url: strapi.url,
        stop: () => strapi.stop(),
        lastCode: () => undefined,
        count: (title) => strapi.byTitle(title).length,
        status: (title) => strapi.byTitle(title)[0]?.status,
        creates: () => strapi.counts.posts,
        lists: () => strapi.counts.lists,
        mine: () => strapi.rows.size,
        dispatch: strapi.dispatch,
        enterAtCounter: strapi.enterAtCounter,
      };
    },
  };
}

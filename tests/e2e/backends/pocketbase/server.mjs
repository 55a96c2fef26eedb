// A stand-in for PocketBase (v0.23+), written from its published Web API conventions —
// PocketBase ships as a Go binary from GitHub releases, which this machine cannot reach.
// What it keeps:
// - `POST /api/collections/users/auth-with-password` with `{identity, password}` answers
//   `{token, record}`; `POST /api/collections/users/auth-refresh` with the token answers
//   a new one. The token goes in `Authorization` as it is.
// - Records under `/api/collections/orders/records`: lists `{page, perPage, totalItems,
//   totalPages, items}` by `page`/`perPage` (a page past the end is empty), filtered by
//   `filter=(client_id='…')`; 15-character ids it makes; `created`/`updated` as
//   `2026-11-23 05:00:00.123Z`; JSON fields kept as JSON.
// - API rules: a resident lists, views, creates and updates only records whose `owner`
//   is them (`@request.auth.id = owner`, and the same for the body of a create); a record
//   the rule hides is a 404.
// - Errors `{status, message, data}`: a hook's refusal is a 400 with its message.
import { listen, readJson, send, LATE_CANCEL } from "../http.mjs";

export const PASSWORD = "pb-resident-2026";

const pbId = () => Array.from({ length: 15 }, () => "abcdefghijklmnopqrstuvwxyz0123456789"[Math.floor(Math.random() * 36)]).join("");
const pbDate = (ms) => new Date(ms).toISOString().replace("T", " ");

export async function startPocketBase({ community, services }) {
  const user = { id: "r1esident000001", collectionId: "_pb_users_auth_", collectionName: "users", username: "13800000001",
    name: "李万章", phone: "13800000001", verified: true, emailVisibility: false, created: pbDate(Date.now()), updated: pbDate(Date.now()) };
  const tokens = new Map(); // token → user id
  const records = new Map(); // id → order record
  const counts = { lists: 0, posts: 0 };
  const error = (res, status, message, data = {}) => send(res, status, { status, message, data });
  const issue = () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${crypto.randomUUID()}`;
    tokens.set(token, user.id);
    return token;
  };

  const server = await listen(async (req, res, url) => {
    const path = url.pathname;
    if (req.method === "POST" && path === "/api/collections/users/auth-with-password") {
      const body = (await readJson(req)) ?? {};
      if (body.identity !== user.username || body.password !== PASSWORD) return error(res, 400, "Failed to authenticate.");
      return send(res, 200, { token: issue(), record: user });
    }
    const token = req.headers.authorization ?? "";
    const auth = tokens.get(token);
    if (req.method === "POST" && path === "/api/collections/users/auth-refresh") {
      if (!auth) return error(res, 401, "The request requires valid record authorization token.");
      tokens.delete(token);
      return send(res, 200, { token: issue(), record: user });
    }
    if (req.method === "GET" && path === "/api/collections/community/records") {
      return send(res, 200, { page: 1, perPage: 30, totalItems: 1, totalPages: 1,
        items: [{ id: "c0yuhua00000001", collectionName: "community", name: community.name, district: community.district,
          hotline: community.hotline, announcement: community.announcement, updated: pbDate(Date.parse(community.updated_at)) }] });
    }
    if (req.method === "GET" && path === "/api/collections/services/records") {
      const items = services.map((s, i) => ({ id: `svc${String(i).padStart(12, "0")}`, collectionName: "services", code: s.code,
        name: s.name, category: s.category, kind: s.kind, description: s.description, sla_hours: s.sla_hours,
        fields: s.fields, active: s.active, updated: pbDate(Date.parse(s.updated_at)) }));
      return send(res, 200, { page: 1, perPage: 500, totalItems: items.length, totalPages: 1, items });
    }
    const one = path.match(/^\/api\/collections\/orders\/records\/([a-z0-9]{15})$/);
    if (path !== "/api/collections/orders/records" && !one) return error(res, 404, "The requested resource wasn't found.");
    if (!auth) return error(res, 403, "Only authenticated users can perform this action.");
    if (req.method === "GET" && !one) {
      counts.lists += 1;
      const filter = url.searchParams.get("filter");
      const wanted = filter?.match(/^\(client_id='([^']*)'\)$/)?.[1];
      if (filter && wanted === undefined) return error(res, 400, "Invalid filter parameters.");
      const visible = [...records.values()].filter((r) => r.owner === auth && (wanted === undefined || r.client_id === wanted));
      const perPage = Math.min(Number(url.searchParams.get("perPage") ?? 30) || 30, 1000);
      const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
      return send(res, 200, { page, perPage, totalItems: visible.length, totalPages: Math.ceil(visible.length / perPage),
        items: visible.slice((page - 1) * perPage, page * perPage) });
    }
    if (req.method === "GET" && one) {
      const record = records.get(one[1]);
      return record && record.owner === auth ? send(res, 200, record) : error(res, 404, "The requested resource wasn't found.");
    }
    const body = await readJson(req);
    if (!body) return error(res, 400, "Failed to load the submitted data due to invalid formatting.");
    const now = pbDate(Date.now());
    if (req.method === "POST" && !one) {
      counts.posts += 1;
      if (body.owner !== auth) return error(res, 400, "Failed to create record.", { owner: { code: "validation_invalid_value", message: "Invalid value." } });
      if (!body.title) return error(res, 400, "Failed to create record.", { title: { code: "validation_required", message: "Missing required value." } });
      const record = { collectionId: "pbc_orders0001", collectionName: "orders", ...body, id: pbId(), created: now, updated: now };
      records.set(record.id, record);
      return send(res, 200, record);
    }
    if (req.method === "PATCH" && one) {
      const record = records.get(one[1]);
      if (!record || record.owner !== auth) return error(res, 404, "The requested resource wasn't found.");
      // The office's pb_hooks rule (onRecordUpdateRequest).
      if (body.status === "cancelled" && record.status !== "submitted") return error(res, 400, LATE_CANCEL);
      Object.assign(record, body, { id: record.id, created: record.created, updated: now });
      return send(res, 200, record);
    }
    return error(res, 405, "Method not allowed.");
  });

  const byTitle = (title) => [...records.values()].filter((r) => r.title === title);
  return {
    ...server,
    counts,
    records,
    byTitle,
    dispatch(title, name) {
      const [record] = byTitle(title);
      Object.assign(record, { status: "dispatched", handler_id: "v0wangjing00001", handler_name: name,
        version: record.version + 1, updated: pbDate(Date.now() + 1000) });
    },
    enterAtCounter(title) {
      const now = pbDate(Date.now());
      const record = { collectionId: "pbc_orders0001", collectionName: "orders", id: pbId(), client_id: "", kind: "service",
        title, description: "服务站代为登记", status: "submitted", version: 1, owner: user.id, timeline: null,
        created: now, updated: now };
      records.set(record.id, record);
    },
  };
}

export const backend = {
  signIn: { phone: "13800000001", secret: PASSWORD, with: "password" },
  createUrl: "**/api/api/collections/orders/records",
  createMethod: "POST",
  pageSize: 30,
  refusesLateCancel: true,
  async start(seed) {
    const pb = await startPocketBase(seed);
    return {
      url: pb.url,
      stop: () => pb.stop(),
      lastCode: () => undefined,
      count: (title) => pb.byTitle(title).length,
      status: (title) => pb.byTitle(title)[0]?.status,
      creates: () => pb.counts.posts,
      lists: () => pb.counts.lists,
      mine: () => pb.records.size,
      dispatch: pb.dispatch,
      enterAtCounter: pb.enterAtCounter,
    };
  },
};

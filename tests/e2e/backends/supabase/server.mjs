// A stand-in for Supabase: its Auth (GoTrue) and PostgREST APIs, written from their
// published conventions — neither installs from the registries here (PostgREST is a
// Haskell binary from GitHub, GoTrue a Go one). What it keeps:
// - Every request carries the project's public `apikey` (the anon key); a person's JWT
//   goes as `Authorization: Bearer …` on top of it.
// - `POST /auth/v1/token?grant_type=password` with `{phone, password}` (E.164, `+86…`)
//   answers `{access_token, token_type, expires_in, refresh_token, user}`;
//   `?grant_type=refresh_token` with `{refresh_token}` renews it (the old refresh token
//   is spent). A wrong password: 400 `{code, error_code: "invalid_credentials", msg}`.
// - PostgREST under `/rest/v1/orders`: filters `col=eq.value`; pages by `Range: 0-24`
//   (`Range-Unit: items`), answering 206 with `Content-Range: 0-24/60` when
//   `Prefer: count=exact`, and 416 past the end; writes answer the rows as a list with
//   `Prefer: return=representation`; an update by `?id=eq.…`.
// - Row-level security: `owner_id = auth.uid()` for select, insert and update
//   (`owner_id uuid default auth.uid()`); a trigger's `raise exception` is a 400
//   `{code: "P0001", details, hint, message}`; an expired JWT a 401 `PGRST301`.
// - `timestamptz` as `2026-11-23T05:00:00.123+00:00`; `jsonb` kept as JSON.
import { listen, readJson, send, LATE_CANCEL } from "../http.mjs";

export const ANON_KEY = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.anon-public";
export const PASSWORD = "supabase-resident-2026";

const tz = (ms) => new Date(ms).toISOString().replace("Z", "+00:00");

export async function startSupabase({ community, services }) {
  const user = { id: "5b0c1f7e-0000-4000-8000-00000000a001", aud: "authenticated", role: "authenticated",
    phone: "8613800000001", user_metadata: { name: "李万章" } };
  const access = new Map(); // JWT → user id
  const refresh = new Map(); // refresh token → user id
  const rows = new Map(); // id → row
  let nextId = 1;
  const counts = { lists: 0, posts: 0, refreshes: 0 };
  const pgError = (res, status, code, message) => send(res, status, { code, details: null, hint: null, message });
  const session = () => {
    const token = `eyJhbGciOiJIUzI1NiJ9.${crypto.randomUUID()}`;
    const again = crypto.randomUUID().slice(0, 12);
    access.set(token, user.id);
    refresh.set(again, user.id);
    return { access_token: token, token_type: "bearer", expires_in: 3600, expires_at: Math.floor(Date.now() / 1000) + 3600,
      refresh_token: again, user };
  };

  const server = await listen(async (req, res, url) => {
    const path = url.pathname;
    if (req.headers.apikey !== ANON_KEY) return send(res, 401, { message: "No API key found in request" });
    if (req.method === "POST" && path === "/auth/v1/token") {
      const body = (await readJson(req)) ?? {};
      if (url.searchParams.get("grant_type") === "password") {
        if (body.phone !== `+${user.phone}` || body.password !== PASSWORD) {
          return send(res, 400, { code: 400, error_code: "invalid_credentials", msg: "Invalid login credentials" });
        }
        return send(res, 200, session());
      }
      if (url.searchParams.get("grant_type") === "refresh_token") {
        counts.refreshes += 1;
        if (!refresh.delete(body.refresh_token)) {
          return send(res, 400, { code: 400, error_code: "refresh_token_not_found", msg: "Invalid Refresh Token: Refresh Token Not Found" });
        }
        return send(res, 200, session());
      }
      return send(res, 400, { code: 400, error_code: "validation_failed", msg: "unsupported_grant_type" });
    }
    const bearer = (req.headers.authorization ?? "").replace(/^Bearer /, "");
    const uid = access.get(bearer);
    if (bearer && uid === undefined) return pgError(res, 401, "PGRST301", "JWT expired");
    if (req.method === "GET" && path === "/rest/v1/community") {
      return send(res, 200, [{ id: 1, name: community.name, district: community.district, hotline: community.hotline,
        announcement: community.announcement, updated_at: tz(Date.parse(community.updated_at)) }]);
    }
    if (req.method === "GET" && path === "/rest/v1/services") {
      return send(res, 200, services.map((s, i) => ({ id: i + 1, code: s.code, name: s.name, category: s.category,
        kind: s.kind, description: s.description, sla_hours: s.sla_hours, fields: s.fields, active: s.active,
        updated_at: tz(Date.parse(s.updated_at)) })));
    }
    if (path !== "/rest/v1/orders") return pgError(res, 404, "PGRST205", `Could not find the table 'public.${path.split("/").pop()}' in the schema cache`);
    // Filters `col=eq.value` (the rest of the query is select, order and the like).
    const filters = [...url.searchParams].filter(([, v]) => v.startsWith("eq.")).map(([k, v]) => [k, v.slice(3)]);
    const matches = (row) => row.owner_id === uid && filters.every(([k, v]) => String(row[k]) === v);
    const prefer = req.headers.prefer ?? "";
    if (req.method === "GET") {
      counts.lists += 1;
      const visible = [...rows.values()].filter(matches).sort((a, b) => a.id - b.id);
      const range = (req.headers.range ?? "").match(/^(\d+)-(\d+)$/);
      const from = range ? Number(range[1]) : 0;
      const to = range ? Math.min(Number(range[2]), visible.length - 1) : visible.length - 1;
      const total = prefer.includes("count=exact") ? String(visible.length) : "*";
      if (range && from >= visible.length && visible.length > 0) {
        return send(res, 416, { code: "PGRST103", details: `An offset of ${from} was requested, but there are only ${visible.length} rows.`, hint: null, message: "Requested range not satisfiable" }, { "content-range": `*/${visible.length}` });
      }
      const page = visible.slice(from, to + 1);
      const partial = range && page.length < visible.length;
      return send(res, partial ? 206 : 200, page, { "content-range": page.length ? `${from}-${from + page.length - 1}/${total}` : `*/${total}` });
    }
    if (uid === undefined) return pgError(res, 401, "42501", "permission denied for table orders");
    const body = await readJson(req);
    if (body === undefined) return pgError(res, 400, "PGRST102", "Empty or invalid json");
    const now = tz(Date.now());
    const answer = (status, written) => (prefer.includes("return=representation") ? send(res, status, written) : send(res, status));
    if (req.method === "POST") {
      counts.posts += 1;
      if (!body.title) return pgError(res, 400, "23502", 'null value in column "title" of relation "orders" violates not-null constraint');
      const row = { ...body, id: nextId++, owner_id: uid, created_at: now, updated_at: now };
      rows.set(row.id, row);
      return answer(201, [row]);
    }
    if (req.method === "PATCH") {
      const targets = [...rows.values()].filter(matches);
      for (const row of targets) {
        // The office's trigger (before update).
        if (body.status === "cancelled" && row.status !== "submitted") return pgError(res, 400, "P0001", LATE_CANCEL);
      }
      for (const row of targets) Object.assign(row, body, { id: row.id, owner_id: row.owner_id, updated_at: now });
      return answer(200, targets);
    }
    return pgError(res, 405, "PGRST117", `Unsupported HTTP method: ${req.method}`);
  });

  const byTitle = (title) => [...rows.values()].filter((r) => r.title === title);
  return {
    ...server,
    counts,
    rows,
    byTitle,
    /// Every access token it issued stops working, as after their hour.
    expireTokens: () => access.clear(),
    dispatch(title, name) {
      const [row] = byTitle(title);
      Object.assign(row, { status: "dispatched", handler_id: "5b0c1f7e-0000-4000-8000-00000000a003", handler_name: name,
        version: row.version + 1, updated_at: tz(Date.now() + 1000) });
    },
    enterAtCounter(title) {
      const now = tz(Date.now());
      const row = { id: nextId++, client_id: null, kind: "service", title, description: "服务站代为登记",
        status: "submitted", version: 1, owner_id: user.id, timeline: [], created_at: now, updated_at: now };
      rows.set(row.id, row);
    },
  };
}

export const backend = {
  signIn: { phone: "13800000001", secret: PASSWORD, with: "password" },
  createUrl: "**/api/rest/v1/orders",
  createMethod: "POST",
  pageSize: 25,
  refusesLateCancel: true,
  renews: true,
  async start(seed) {
    const supabase = await startSupabase(seed);
    return {
      expireTokens: supabase.expireTokens,
      refreshes: () => supabase.counts.refreshes,
      url: supabase.url,
      stop: () => supabase.stop(),
      lastCode: () => undefined,
      count: (title) => supabase.byTitle(title).length,
      status: (title) => supabase.byTitle(title)[0]?.status,
      creates: () => supabase.counts.posts,
      lists: () => supabase.counts.lists,
      mine: () => supabase.rows.size,
      dispatch: supabase.dispatch,
      enterAtCounter: supabase.enterAtCounter,
    };
  },
};

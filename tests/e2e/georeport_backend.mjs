// A city's GeoReport v2 server (wiki.open311.org/GeoReport_v2), for the `open311`
// profile's end-to-end test: written from the spec alone, never from our contract.
// Services and their attributes, `POST requests.json` as a form with an api_key, ids of
// its own (or a token first, resolved a moment later), requests read by id or by
// service and date, errors as `[{"code","description"}]`.
import { createServer } from "node:http";

export const API_KEY = "k-311";
export const JURISDICTION = "yuhua.tj.gov.cn";

const services = [
  { service_code: "LIGHT", service_name: "楼道灯维修", description: "楼道、单元门口照明损坏报修。", metadata: true, type: "realtime", keywords: "灯", group: "设施维修" },
  { service_code: "TRASH", service_name: "大件垃圾清运", description: "家具、家电等大件垃圾预约清运。", metadata: false, type: "batch", keywords: "垃圾", group: "环境卫生" },
];

const definitions = {
  LIGHT: {
    service_code: "LIGHT",
    attributes: [
      { variable: false, code: "NOTICE", datatype: "string", required: false, order: 1, description: "夜间报修次日上午处理。", values: [] },
      { variable: true, code: "KIND", datatype: "singlevaluelist", required: true, order: 2, description: "灯的情况", values: [{ key: "off", name: "完全不亮" }, { key: "flicker", name: "一闪一闪" }] },
      { variable: true, code: "FLOOR", datatype: "number", required: true, order: 3, description: "哪一层", values: [] },
    ],
  },
};

/// `{ tokens: true }` answers a POST with a token whose id comes one lookup later.
export async function startGeoReport({ tokens = false } = {}) {
  /// id → the request as the city keeps it, with the form it came from.
  const requests = new Map();
  const pendingTokens = new Map();
  let nextId = 293944;
  const send = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const fail = (res, status, description) => send(res, status, [{ code: status, description }]);
  const readForm = (req) =>
    new Promise((done) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk));
      req.on("end", () => done(new URLSearchParams(text)));
    });
  const file = (form) => {
    const id = String(nextId++);
    const now = new Date().toISOString();
    const attributes = {};
    for (const [name, value] of form) {
      const code = /^attribute\[([^\]]+)\]/.exec(name)?.[1];
      if (code) attributes[code] = value;
    }
    requests.set(id, {
      service_request_id: id,
      status: "open",
      status_notes: null,
      service_code: form.get("service_code"),
      service_name: services.find((s) => s.service_code === form.get("service_code"))?.service_name,
      description: form.get("description"),
      agency_responsible: null,
      address: form.get("address_string"),
      lat: form.get("lat"),
      long: form.get("long"),
      phone: form.get("phone"),
      attributes,
      requested_datetime: now,
      updated_datetime: now,
    });
    return id;
  };

  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://311.invalid");
    const jurisdiction = req.method === "POST" ? null : url.searchParams.get("jurisdiction_id");
    if (jurisdiction !== null && jurisdiction !== JURISDICTION) return fail(res, 404, "jurisdiction_id not found");
    if (req.method === "GET" && url.pathname === "/services.json") return send(res, 200, services);
    const definition = /^\/services\/([^/]+)\.json$/.exec(url.pathname);
    if (req.method === "GET" && definition) {
      const found = definitions[decodeURIComponent(definition[1])];
      return found ? send(res, 200, found) : fail(res, 404, "service_code not found");
    }
    if (req.method === "POST" && url.pathname === "/requests.json") {
      if (!req.headers["content-type"]?.startsWith("application/x-www-form-urlencoded")) {
        return fail(res, 400, "a form is expected");
      }
      const form = await readForm(req);
      if (form.get("api_key") !== API_KEY) return fail(res, 403, "Invalid api_key");
      if (form.get("jurisdiction_id") !== JURISDICTION) return fail(res, 404, "jurisdiction_id not found");
      if (!services.some((s) => s.service_code === form.get("service_code"))) return fail(res, 404, "service_code not found");
      if (!form.get("address_string") && !form.get("lat")) return fail(res, 400, "address_string or lat/long required");
      const id = file(form);
      if (tokens) {
        const token = `t-${id}`;
        pendingTokens.set(token, id);
        return send(res, 200, [{ token }]);
      }
      return send(res, 201, [{ service_request_id: id, service_notice: "预计 48 小时内处理", account_id: null }]);
    }
    const token = /^\/tokens\/([^/]+)\.json$/.exec(url.pathname);
    if (req.method === "GET" && token) {
      const name = decodeURIComponent(token[1]);
      if (!pendingTokens.has(name)) return fail(res, 404, "token not found");
      // Not ready on the first lookup, as a batch system would be.
      const id = pendingTokens.get(name);
      if (!requests.get(id).looked_up) {
        requests.get(id).looked_up = true;
        return send(res, 200, [{ token: name }]);
      }
      return send(res, 200, [{ service_request_id: id, token: name }]);
    }
    if (req.method === "GET" && url.pathname === "/requests.json") {
      const ids = url.searchParams.get("service_request_id");
      const code = url.searchParams.get("service_code");
      const since = url.searchParams.get("start_date");
      const found = [...requests.values()].filter((r) =>
        ids
          ? ids.split(",").includes(r.service_request_id)
          : (!code || r.service_code === code) && (!since || r.requested_datetime >= new Date(since).toISOString()),
      );
      return send(res, 200, found);
    }
    return fail(res, 404, "no such resource");
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    requests,
    /// What the city's staff do in their own system.
    update(id, change) {
      requests.set(id, { ...requests.get(id), ...change, updated_datetime: new Date(Date.now() + 1000).toISOString() });
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

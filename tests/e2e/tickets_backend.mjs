// A backend shaped unlike ours, for the `mapped` profile's end-to-end test: "tickets"
// under `/tickets` inside `{"data": …}` envelopes, its own field names and status words,
// page numbers, an API key in a header, errors as `{"error": {"message"}}`. Written only
// from its own description in tests/e2e/tickets-config.json, never from the contract.
import { createServer } from "node:http";

export const API_KEY = "k-123";

const people = [
  { pid: "p-1", full_name: "李万章", mobile: "13800000001", area: "g-1" },
  { pid: "p-2", full_name: "曹菊兰", mobile: "13800000002", area: "g-1" },
];

export async function startTicketsBackend({ community, services }) {
  /// uuid → ticket, in the backend's own words.
  const tickets = new Map();
  const send = (res, status, body) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(body === undefined ? "" : JSON.stringify(body));
  };
  const fail = (res, status, message) => send(res, status, { error: { message } });
  const readBody = (req) =>
    new Promise((done) => {
      let text = "";
      req.on("data", (chunk) => (text += chunk));
      req.on("end", () => done(text ? JSON.parse(text) : null));
    });

  const server = createServer(async (req, res) => {
    if (req.headers["x-api-key"] !== API_KEY) return fail(res, 401, "bad key");
    const url = new URL(req.url, "http://tickets.invalid");
    const parts = url.pathname.split("/").filter(Boolean);
    if (req.method === "GET" && url.pathname === "/site") return send(res, 200, { data: community });
    if (req.method === "GET" && url.pathname === "/catalogue") return send(res, 200, { items: services });
    if (req.method === "GET" && url.pathname === "/people") {
      return send(res, 200, { data: people.filter((p) => p.mobile === url.searchParams.get("mobile")) });
    }
    if (parts[0] !== "tickets") return fail(res, 404, "no such route");
    if (req.method === "GET" && parts.length === 1) {
      const page = Number(url.searchParams.get("page") ?? 1);
      const size = Number(url.searchParams.get("per_page") ?? 20);
      const mine = [...tickets.values()]
        .filter((t) => t.owner === url.searchParams.get("owner"))
        .sort((a, b) => (a.modified < b.modified ? -1 : a.modified > b.modified ? 1 : 0));
      return send(res, 200, { data: { items: mine.slice((page - 1) * size, page * size), total: mine.length } });
    }
    const id = decodeURIComponent(parts[1] ?? "");
    const existing = tickets.get(id);
    if (req.method === "GET") return existing ? send(res, 200, { data: existing }) : fail(res, 404, "no such ticket");
    const body = await readBody(req);
    if (req.method === "PUT") {
      const ticket = body?.ticket;
      if (!ticket?.subject) return fail(res, 422, "a ticket needs a subject");
      if (existing) {
        // A second PUT of the same ticket changes nothing; another one under its id is refused.
        return existing.subject === ticket.subject && existing.details === ticket.details
          ? send(res, 200, { data: existing })
          : fail(res, 409, "this id is taken");
      }
      tickets.set(id, { ...ticket, uuid: id });
      return send(res, 201, { data: tickets.get(id) });
    }
    if (req.method === "PATCH") {
      if (!existing) return fail(res, 404, "no such ticket");
      tickets.set(id, { ...existing, ...body });
      return send(res, 200, { data: tickets.get(id) });
    }
    return fail(res, 405, "not allowed");
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    tickets,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

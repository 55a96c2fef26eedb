// What every stand-in backend does on the wire: listen on a free loopback port, read a
// request's body, answer JSON with a status and headers of its own.
import { createServer, request as forward } from "node:http";

export async function listen(handle) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://backend.invalid");
    try {
      await handle(req, res, url);
    } catch (error) {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end(String(error?.stack ?? error));
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

export function readBody(req) {
  return new Promise((done) => {
    let text = "";
    req.on("data", (chunk) => (text += chunk));
    req.on("end", () => done(text));
  });
}

/// The body as JSON; `undefined` when it is not JSON.
export async function readJson(req) {
  const text = await readBody(req);
  try {
    return text ? JSON.parse(text) : {};
  } catch {
    return undefined;
  }
}

export function send(res, status, body, headers = {}) {
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(body === undefined ? "" : JSON.stringify(body));
}

/// The residents every stand-in knows, and the rule they all keep for residents: a
/// cancel only before the order was dispatched.
export const RESIDENT = { phone: "13800000001", name: "李万章" };
export const LATE_CANCEL = "工单已派发，不能取消，请联系社区";

/// A pass-through to a real server on `port`, telling `seen` of each request first, as
/// the tests count what the app asked.
export function passThrough(port, seen) {
  return listen((req, res, url) => {
    seen(req, url);
    const passed = forward({ host: "127.0.0.1", port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    passed.on("error", () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(passed);
  });
}

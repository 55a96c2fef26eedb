// A fault-injecting reverse proxy (issue 13): what a phone meets on one bar of signal,
// between the app and the reference server. The app's files pass untouched; each API
// request meets, with probability `rate`, one fault drawn from a seeded generator:
//
//   drop        the connection is cut before the request reaches the server
//   lost        the server handles it, the answer is lost (connection reset)
//   duplicate   the network delivers the request twice; the phone gets the second answer
//   unavailable 503 with Retry-After: 1, the server never sees it
//   failed      the server handles it, the phone gets a 502 from the proxy instead
//   cut         the server handles it, the answer stops halfway through its body
//   slow        the request waits 0.5 to 3 s before it goes on
//
// `stats` counts what happened, for the figures `make chaos` prints.
import { createServer, request as forward } from "node:http";

export const FAULTS = ["drop", "lost", "duplicate", "unavailable", "failed", "cut", "slow"];

/// mulberry32: small, seeded, good enough to make a run repeatable.
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function readAll(stream) {
  return new Promise((done, fail) => {
    const chunks = [];
    stream.on("data", (chunk) => chunks.push(chunk));
    stream.on("end", () => done(Buffer.concat(chunks)));
    stream.on("error", fail);
  });
}

/// Sends the request on to `upstream` and reads the whole answer.
function pass(upstream, incoming, body) {
  return new Promise((done, fail) => {
    const outgoing = forward(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: incoming.method,
        path: incoming.url,
        headers: { ...incoming.headers, host: upstream.host },
      },
      async (answer) => {
        try {
          done({ status: answer.statusCode, headers: answer.headers, body: await readAll(answer) });
        } catch (error) {
          fail(error);
        }
      },
    );
    outgoing.on("error", fail);
    outgoing.end(body);
  });
}

function answer(outgoing, { status, headers, body }) {
  const { "transfer-encoding": _chunked, connection: _connection, ...rest } = headers;
  outgoing.writeHead(status, { ...rest, "content-length": body.length });
  outgoing.end(body);
}

export async function startChaosProxy(upstreamUrl, { seed = 13, rate = 0 } = {}) {
  const upstream = new URL(upstreamUrl);
  const next = random(seed);
  const stats = { requests: 0, faults: Object.fromEntries(FAULTS.map((f) => [f, 0])) };
  let currentRate = rate;

  const server = createServer(async (incoming, outgoing) => {
    const body = await readAll(incoming).catch(() => Buffer.alloc(0));
    const isApi = incoming.url.startsWith("/api/");
    const fault = isApi && next() < currentRate ? FAULTS[Math.floor(next() * FAULTS.length)] : null;
    if (isApi) stats.requests += 1;
    if (fault) stats.faults[fault] += 1;
    try {
      switch (fault) {
        case "drop":
          outgoing.socket?.destroy();
          return;
        case "unavailable":
          return answer(outgoing, {
            status: 503,
            headers: { "content-type": "application/problem+json", "retry-after": "1" },
            body: Buffer.from('{"type":"internal","title":"Service unavailable","status":503,"detail":"chaos"}'),
          });
        case "lost":
          await pass(upstream, incoming, body);
          outgoing.socket?.destroy();
          return;
        case "failed":
          await pass(upstream, incoming, body);
          return answer(outgoing, { status: 502, headers: { "content-type": "text/html" }, body: Buffer.from("<html>502 Bad Gateway</html>") });
        case "duplicate":
          await pass(upstream, incoming, body);
          return answer(outgoing, await pass(upstream, incoming, body));
        case "cut": {
          const full = await pass(upstream, incoming, body);
          const { "transfer-encoding": _c, connection: _k, ...rest } = full.headers;
          outgoing.writeHead(full.status, { ...rest, "content-length": full.body.length });
          outgoing.write(full.body.subarray(0, Math.floor(full.body.length / 2)));
          setTimeout(() => outgoing.socket?.destroy(), 50);
          return;
        }
        case "slow":
          await new Promise((r) => setTimeout(r, 500 + next() * 2500));
          return answer(outgoing, await pass(upstream, incoming, body));
        default:
          return answer(outgoing, await pass(upstream, incoming, body));
      }
    } catch {
      outgoing.socket?.destroy();
    }
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    setRate(value) {
      currentRate = value;
    },
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

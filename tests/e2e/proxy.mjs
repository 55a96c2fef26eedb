// A reverse proxy for the tests, as a street office's nginx would be: each mount hands
// the paths under its prefix to an upstream server with the prefix taken off
// (`location /street/yizhan/ { proxy_pass http://127.0.0.1:8080/; }`). The longest
// prefix wins; "" mounts the root.
import { createServer, request as forward } from "node:http";

export async function startProxy(mounts) {
  const ordered = Object.entries(mounts).sort(([a], [b]) => b.length - a.length);
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url, "http://proxy.invalid");
    const bare = ordered.find(([prefix]) => prefix !== "" && url.pathname === prefix);
    if (bare) {
      // A directory without its slash: relative asset URLs need the slash.
      outgoing.writeHead(301, { location: `${bare[0]}/${url.search}` });
      outgoing.end();
      return;
    }
    const mount = ordered.find(([prefix]) => prefix === "" || url.pathname.startsWith(`${prefix}/`));
    if (!mount) {
      outgoing.writeHead(404);
      outgoing.end();
      return;
    }
    const [prefix, upstream] = mount;
    const target = new URL(upstream);
    const upstreamRequest = forward(
      {
        host: target.hostname,
        port: target.port,
        method: incoming.method,
        path: `${url.pathname.slice(prefix.length)}${url.search}`,
        headers: { ...incoming.headers, host: target.host },
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode, answer.headers);
        answer.pipe(outgoing);
      },
    );
    upstreamRequest.on("error", () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(upstreamRequest);
  });
  await new Promise((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

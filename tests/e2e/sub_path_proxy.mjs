// A reverse proxy that mounts a server under a sub-path, as a street office's nginx
// would (`location /street/yizhan/ { proxy_pass http://127.0.0.1:8080/; }`): the app
// must work there without being rebuilt.
import { createServer, request as forward } from "node:http";

export async function startSubPathProxy(upstream, prefix) {
  const target = new URL(upstream);
  const server = createServer((incoming, outgoing) => {
    const url = new URL(incoming.url, "http://proxy.invalid");
    if (url.pathname === prefix) {
      // A directory without its slash: relative asset URLs need the slash.
      outgoing.writeHead(301, { location: `${prefix}/${url.search}` });
      outgoing.end();
      return;
    }
    if (!url.pathname.startsWith(`${prefix}/`)) {
      outgoing.writeHead(404);
      outgoing.end();
      return;
    }
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
    url: `http://127.0.0.1:${port}${prefix}`,
    async stop() {
      server.closeAllConnections();
      await new Promise((done) => server.close(done));
    },
  };
}

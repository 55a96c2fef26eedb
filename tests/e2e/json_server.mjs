// A community on json-server (npm, from the lockfile) instead of the reference server:
// the same build of the app with only `config.json` changed, behind one origin as a
// deployment would be (`/api/` to json-server, the rest to a static host with the
// contract's headers — here the reference server, serving files only).
import { spawn } from "node:child_process";
import { copyFileSync, cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { builtApp, freePort, startServer } from "./server.mjs";
import { startProxy } from "./proxy.mjs";

const root = resolve(import.meta.dirname, "../..");

export async function startJsonServerCommunity() {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-json-server-"));
  copyFileSync(join(root, "tests/e2e/json-server/db.json"), join(dir, "db.json"));
  const dist = join(dir, "dist");
  cpSync(builtApp, dist, { recursive: true });
  writeFileSync(join(dist, "config.json"), JSON.stringify({ profile: "json-server", base_url: "api" }));

  const port = await freePort();
  const json = `http://127.0.0.1:${port}`;
  const child = spawn(
    join(root, "node_modules/.bin/json-server"),
    [join(dir, "db.json"), "--host", "127.0.0.1", "--port", String(port), "--quiet"],
    // Quiet unless it fails to start: json-server prints a stack trace for every
    // "duplicate id", which the lost-answer test provokes on purpose.
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let errors = "";
  child.stderr.on("data", (chunk) => (errors += chunk));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`json-server exited with ${child.exitCode}: ${errors}`);
    try {
      if ((await fetch(`${json}/community`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("json-server did not answer in 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  const files = await startServer({ demo: false, dist });
  const front = await startProxy({ "/api": json, "": files.url });
  return {
    url: front.url,
    /// json-server itself, for what the community does on its side.
    json,
    async stop() {
      await front.stop();
      await files.stop();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Starts the real reference server (the binary cargo built) over a fresh data directory and
// the built app in dist/, on a free loopback port, and stops it after the tests.
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { startProxy } from "./proxy.mjs";

const root = resolve(import.meta.dirname, "../..");

export function freePort() {
  return new Promise((ok, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on("error", fail);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => ok(port));
    });
  });
}

/// The built app the tests serve.
export const builtApp = process.env.YIZHAN_DIST ?? join(root, "dist");

/// `extraArgs`: more of the server's flags (the benchmarks turn the rate limit off).
/// `setup`: the flags of `yizhan-server setup`, run on the empty database first, as a
/// real deployment's first step is (a new community and its first admin).
/// `dataDir`: a data directory to start over (a restart); kept when the server stops.
export async function startServer({ demo = true, dist = builtApp, extraArgs = [], setup = null, dataDir: given = null } = {}) {
  // Where cargo put it: CARGO_TARGET_DIR when set, as cargo itself reads it.
  const target = process.env.CARGO_TARGET_DIR ?? join(root, "target");
  const bin = process.env.YIZHAN_SERVER_BIN ?? join(target, "debug/yizhan-server");
  if (!existsSync(bin)) throw new Error(`${bin} not found: build the server first (make test does)`);
  if (!existsSync(join(dist, "index.html"))) throw new Error(`${dist}/index.html not found: build the app first`);
  const port = await freePort();
  const dataDir = given ?? mkdtempSync(join(tmpdir(), "yizhan-e2e-"));
  if (setup) {
    const made = spawnSync(bin, ["--data-dir", dataDir, "setup", ...setup], { encoding: "utf8" });
    if (made.status !== 0) throw new Error(`setup failed: ${made.stderr}`);
  }
  const args = ["--listen", `127.0.0.1:${port}`, "--dist", dist, "--data-dir", dataDir, "--log", "warn"];
  if (demo) args.push("--demo");
  args.push(...extraArgs);
  const child = spawn(bin, args, { stdio: ["ignore", "inherit", "inherit"] });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/api/v1/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error("server did not become healthy in 30 s");
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    backend: "yizhan",
    dataDir,
    async stop({ keepData = given !== null } = {}) {
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/// The built app with `config` as its config.json, on one origin with `api` under `/api/`,
/// as a deployment on a backend of its own would be (the reference server only serves
/// the files). `dist`: a copy of the build the caller owns and may change; by default
/// one is made here and removed on stop.
export async function serveAppWith({ api, config, dist }) {
  const dir = dist ? null : mkdtempSync(join(tmpdir(), "yizhan-app-"));
  const served = dist ?? join(dir, "dist");
  if (!dist) cpSync(builtApp, served, { recursive: true });
  writeFileSync(join(served, "config.json"), typeof config === "string" ? config : JSON.stringify(config));
  const files = await startServer({ demo: false, dist: served });
  const front = await startProxy({ "/api": api, "": files.url });
  return {
    url: front.url,
    async stop() {
      await front.stop();
      await files.stop();
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

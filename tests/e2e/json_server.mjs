// A community on json-server (npm, from the lockfile) instead of the reference server:
// the same build of the app with only `config.json` changed, behind one origin as a
// deployment would be (`/api/` to json-server, the rest to a static host with the
// contract's headers — here the reference server, serving files only).
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { freePort, serveAppWith } from "./server.mjs";

const root = resolve(import.meta.dirname, "../..");
const DAY_MS = 86_400_000;
const COMMUNITY_OFFSET_MS = 8 * 3_600_000;

/// db.json's rota is the fortnight from the day it was written. Moved by whole weeks (so
/// Thursday's clean-up stays a Thursday) to start in the week of today, in the
/// community's time (UTC+8), as the reference server seeds its demo rota from today:
/// otherwise a test run a month later would find every shift over.
function rotaFromThisWeek(db) {
  const localDay = (ms) => Math.floor((ms + COMMUNITY_OFFSET_MS) / DAY_MS);
  const first = Math.min(...db.shifts.map((s) => localDay(Date.parse(s.starts_at))));
  const weeks = Math.floor((localDay(Date.now()) - first) / 7);
  const moved = (text) => {
    const date = new Date(Date.parse(`${text.slice(0, 10)}T00:00:00Z`) + weeks * 7 * DAY_MS);
    return `${date.toISOString().slice(0, 10)}${text.slice(10)}`;
  };
  for (const shift of db.shifts) {
    shift.starts_at = moved(shift.starts_at);
    shift.ends_at = moved(shift.ends_at);
  }
  return db;
}

/// `dist`: a copy of the build the caller owns and may change (a deploy test); by
/// default a copy of the built app is made for the run.
export async function startJsonServerCommunity({ dist } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "yizhan-json-server-"));
  const db = JSON.parse(readFileSync(join(root, "tests/e2e/json-server/db.json"), "utf8"));
  writeFileSync(join(dir, "db.json"), JSON.stringify(rotaFromThisWeek(db), null, 2));

  const port = await freePort();
  const json = `http://127.0.0.1:${port}`;
  const child = spawn(
    // json-server 0.17 by its own path: json-server 1.0 (tests/e2e/backends/
    // json-server-1) is installed beside it and claims the same command name.
    process.execPath,
    [join(root, "node_modules/json-server/lib/cli/bin.js"), join(dir, "db.json"), "--host", "127.0.0.1", "--port", String(port), "--quiet"],
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
  const front = await serveAppWith({ api: json, config: { profile: "json-server", base_url: "api" }, dist });
  return {
    url: front.url,
    backend: "json-server",
    /// json-server itself, for what the community does on its side.
    json,
    async stop() {
      await front.stop();
      child.kill("SIGTERM");
      await new Promise((r) => (child.exitCode !== null ? r() : child.once("exit", r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

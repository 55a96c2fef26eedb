// Writes sw.js into the build from scripts/sw-template.js (called by the Trunk post-build
// hook, scripts/trunk-post-build.mjs, once the build is final), with
// the list of files to precache (every file of the build, of which a device takes the one
// build of the app it runs: `builds`, picked by `chooser`, scripts/choose-build.js) and a
// version that changes whenever any of them does, so browsers see a new worker exactly
// when there is a deploy (config.json among them: a new backend may need another build).
import { createHash } from "node:crypto";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { chooserSource, readBuilds } from "./builds.mjs";

function files(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    return entry.isDirectory() ? files(path) : [path];
  });
}

export function writeServiceWorker(staging, builds = readBuilds(staging)) {
  const shell = files(staging)
    .map((path) => relative(staging, path).split("\\").join("/"))
    // Not the compressed copies: a server picks one by Accept-Encoding for the file's
    // own name, which is the name precached.
    .filter((name) => name !== "sw.js" && !/\.(svg|br|gz)$/.test(name))
    .sort();
  const version = createHash("sha256");
  for (const name of shell) {
    version.update(name);
    version.update(readFileSync(join(staging, name)));
  }
  const template = readFileSync(resolve(import.meta.dirname, "sw-template.js"), "utf8");
  const worker = template
    .replace("__VERSION__", version.digest("hex").slice(0, 16))
    .replace("__PRECACHE__", JSON.stringify(shell))
    .replace("__BUILDS__", JSON.stringify(builds))
    .replace("/* __CHOOSE_BUILD__ */", chooserSource());
  writeFileSync(join(staging, "sw.js"), worker);
  console.log(`make-service-worker: sw.js precaches ${shell.length} files`);
}

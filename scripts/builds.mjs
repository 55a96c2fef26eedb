// The builds of the app that a dist/ holds, as its loader lists them (`const BUILDS = …`
// in boot-<hash>.js, written by scripts/trunk-post-build.mjs), and the loader's own
// function to pick one (scripts/choose-build.js), for the scripts and tests that need to
// know which files a device downloads.
import { readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { runInNewContext } from "node:vm";

export const chooserSource = () => readFileSync(resolve(import.meta.dirname, "choose-build.js"), "utf8");

/// {"full": {glue, wasm}, "<profile>": {glue, wasm}}, paths relative (`./name`).
export function readBuilds(dist) {
  for (const name of readdirSync(dist).filter((n) => /^boot-[\w]+\.js$/.test(n))) {
    const builds = readFileSync(join(dist, name), "utf8").match(/^const BUILDS = (\{.*\});$/m)?.[1];
    if (builds) return JSON.parse(builds);
  }
  throw new Error(`no loader listing the builds in ${dist}; build with scripts/build.sh`);
}

/// The build a device with this config.json (text, or null) runs at `pathname` (a
/// resident's place when none), file names without `./`.
export function chooseBuild(builds, configText, pathname = null) {
  const build = runInNewContext(
    `${chooserSource()}; chooseBuild(${JSON.stringify(builds)}, ${JSON.stringify(configText)}, ${JSON.stringify(pathname)})`,
  );
  return { glue: build.glue.replace(/^\.\//, ""), wasm: build.wasm.replace(/^\.\//, "") };
}

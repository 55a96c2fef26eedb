// Which build of the app this device runs: the one made for the backend `config.json`
// names, else the one that carries every backend profile. Written once, here, and put
// into both the loader (boot-<hash>.js) and the service worker (sw.js) by
// scripts/trunk-post-build.mjs, so the page and the precache always agree.
// `builds`: {"full": {...}, "<profile>": {...}}; `configText`: config.json as read, or null.
function chooseBuild(builds, configText) {
  let profile = null;
  try {
    profile = JSON.parse(configText).profile;
  } catch (unreadable) {
    // No config, or not JSON: the full build, which tells the person what is wrong.
  }
  // Not Object.hasOwn: older webviews (WeChat's among them) lack it.
  const known = typeof profile === "string" && profile !== "full";
  return known && Object.prototype.hasOwnProperty.call(builds, profile)
    ? builds[profile]
    : builds.full;
}

// Which build of the app this device runs: the one made for the backend `config.json`
// names, else the one that carries every backend profile; on a place of the staff's
// workbench (`…/workbench` or `…/workbench-<part>`, yizhan_core::routes::Desk) on the
// reference server, the workbench build, so that none of the workbench is in a
// resident's download. Written once, here, and put into both the loader
// (boot-<hash>.js) and the service worker (sw.js) by scripts/trunk-post-build.mjs, so
// the page and the precache always agree.
// `builds`: {"full": {...}, "<profile>": {...}, "workbench": {...}}; `configText`:
// config.json as read, or null; `pathname`: the page's path (the service worker, which
// precaches for residents, passes none).
function chooseBuild(builds, configText, pathname) {
  let profile = null;
  try {
    profile = JSON.parse(configText).profile;
  } catch (unreadable) {
    // No config, or not JSON: the full build, which tells the person what is wrong.
  }
  // Not Object.hasOwn: older webviews (WeChat's among them) lack it.
  const has = (name) => Object.prototype.hasOwnProperty.call(builds, name);
  const atWorkbench = typeof pathname === "string" && /\/workbench(-[a-z-]+)?\/?$/.test(pathname);
  if (atWorkbench && profile === "yizhan" && has("workbench")) return builds.workbench;
  const known = typeof profile === "string" && profile !== "full" && profile !== "workbench";
  return known && has(profile) ? builds[profile] : builds.full;
}

// Before the page is drawn, two things that cannot wait for the module loader: config.json
// is asked for at once, since which build of the app to load depends on it (the loader,
// boot-<hash>.js, and then the app read this one answer: `window.yizhanConfigText`, the
// text or null); and the language and elder mode the person chose, from the
// preferences the app keeps (crates/core/src/prefs.rs: `yizhan.v1.lang`,
// `yizhan.v1.elder`), so the frame in index.html is drawn as the app will be and
// nothing moves when the app takes over. A classic script in <head>, fetched beside the
// stylesheets (which hold the first paint anyway); written into the build with a hashed
// name by scripts/trunk-post-build.mjs.
try {
  const root = document.documentElement;
  const lang = localStorage.getItem("yizhan.v1.lang");
  if (lang === "zh-Hans" || lang === "zh-Hant" || lang === "en") root.lang = lang;
  if (localStorage.getItem("yizhan.v1.elder") === "1") root.classList.add("elder");
} catch (denied) {
  // Storage denied (some webviews): the defaults, as the app will have them too.
}
window.yizhanConfigText = fetch("./config.json")
  .then((response) => (response.ok ? response.text() : null))
  .catch(() => null);

// Which backend this pass of the end-to-end suite talks to. The reference server by
// default; YIZHAN_E2E_BACKEND=json-server runs the same tests against json-server (issue
// 8: the same build of the app, only config.json changed).
import { startServer } from "./server.mjs";
import { startJsonServerCommunity } from "./json_server.mjs";

const starters = {
  yizhan: startServer,
  "json-server": startJsonServerCommunity,
};

export const selectedBackend = process.env.YIZHAN_E2E_BACKEND || "yizhan";
if (!(selectedBackend in starters)) {
  // A typo would otherwise pass silently as a second run against the reference server.
  throw new Error(`YIZHAN_E2E_BACKEND=${selectedBackend}: expected one of ${Object.keys(starters).join(", ")}`);
}

/// The demo community on the selected backend, serving `dist` (the built app unless a
/// test brings a copy of its own to change). `.backend` says which one it is.
export function startCommunity({ dist } = {}) {
  return starters[selectedBackend]({ dist });
}

/// Test options that skip a test outside the reference pass, saying why.
export function referencePassOnly(reason) {
  return selectedBackend === "yizhan" ? {} : { skip: reason };
}

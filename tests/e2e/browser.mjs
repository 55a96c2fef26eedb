// Debian's Chromium driven by playwright-core: no browser download, ever.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { selectedBackend } from "./selected_backend.mjs";

// The json-server pass keeps its own, so that it does not overwrite the reference set.
export const screenshotDir = resolve(
  import.meta.dirname,
  "../../test-results/screenshots",
  selectedBackend === "yizhan" ? "" : selectedBackend,
);

export const chromiumPath = process.env.CHROMIUM_BIN ?? "/usr/bin/chromium";

/// What headless Chromium needs on these machines (design.md, "Build facts").
export const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export async function launchBrowser() {
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
}

/// A phone-sized page (360×740, the narrow Android phones many residents have) that
/// records every console error and uncaught exception, CSP violations included.
export async function openPhonePage(browser, { locale = "zh-CN", timezoneId, userAgent } = {}) {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    timezoneId,
    userAgent,
  });
  const page = await context.newPage();
  const errors = [];
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push(msg.text());
  });
  page.on("pageerror", (err) => errors.push(String(err)));
  page.on("response", (res) => {
    if (res.status() >= 400) errors.push(`${res.status()} ${res.url()}`);
  });
  return { context, page, errors };
}

export async function screenshot(page, name) {
  mkdirSync(screenshotDir, { recursive: true });
  await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
}

/**
 * Debian's Chromium driven by playwright-core, for the report's browser test
 * and `npm run report:screenshot`: launch it headless with no network
 * habits (no sync, updates, QUIC), load a report file, and say what the page
 * did: console errors, requests other than the file, and the charts drawn.
 * Never downloads a browser: where `/usr/bin/chromium` (or `CHROMIUM`) is
 * missing, {@link chromiumPath} says so and the callers skip loudly.
 */

import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium } from "playwright-core";

/** The Chromium binary: `CHROMIUM`, else Debian's `/usr/bin/chromium`; `undefined` when missing. */
export function chromiumPath(): string | undefined {
  const path = process.env.CHROMIUM ?? "/usr/bin/chromium";
  return existsSync(path) ? path : undefined;
}

/** What a loaded report did. */
export interface PageRun {
  /** Console messages of type error, and uncaught page errors. */
  errors: string[];
  /** Dialogs the page opened (`alert(...)`): a script injected through the data would open one. */
  dialogs: string[];
  /** Every URL requested (the file itself included). */
  requests: string[];
  /** Per `[data-chart]` element: its id, whether uPlot drew it, and pixels painted in its series' colours. */
  charts: { id: string; drawn: boolean; seriesPixels: number }[];
  /** The PNG screenshot, when asked. */
  png?: Buffer;
}

/** Counts, per chart, the canvas pixels within 12 per channel of one of its series' colours. */
const COUNT_PIXELS = `(() => {
  const hex = (h) => [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
  return [...document.querySelectorAll("[data-chart]")].map((el) => {
    const colors = (el.getAttribute("data-colors") || "").split(" ").filter(Boolean).map(hex);
    let n = 0;
    for (const canvas of el.querySelectorAll("canvas")) {
      const px = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
      for (let i = 0; i < px.length; i += 4) {
        if (px[i + 3] < 250) continue;
        if (colors.some((c) => Math.abs(c[0] - px[i]) <= 12 && Math.abs(c[1] - px[i + 1]) <= 12 && Math.abs(c[2] - px[i + 2]) <= 12)) n++;
      }
    }
    return { id: el.getAttribute("data-chart"), drawn: el.getAttribute("data-drawn") === "true", seriesPixels: n };
  });
})()`;

/** Options of {@link loadReport}. */
export interface LoadOptions {
  /** Take a full-page screenshot. Default false. */
  screenshot: boolean;
  /** Viewport width in CSS pixels. Default 1280. */
  width: number;
  /** Prefer the dark colour scheme. Default false. */
  dark: boolean;
}

/**
 * Opens a report file in a fresh headless Chromium (new empty profile),
 * blocks every request but the file itself, waits for the charts, and
 * reports what happened.
 *
 * @param file - the HTML file
 * @param executablePath - the Chromium binary ({@link chromiumPath})
 * @param options - see {@link LoadOptions}
 */
export async function loadReport(
  file: string,
  executablePath: string,
  options?: Readonly<Partial<LoadOptions>>,
): Promise<PageRun> {
  const profile = mkdtempSync(join(tmpdir(), "bsm-chromium-"));
  const url = pathToFileURL(file).href;
  let context: BrowserContext | undefined;
  try {
    // A new empty profile each run: launchPersistentContext is playwright's
    // way to give Chromium --user-data-dir.
    context = await chromium.launchPersistentContext(profile, {
      executablePath,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: options?.width ?? 1280, height: 900 },
      colorScheme: options?.dark ? "dark" : "light",
      deviceScaleFactor: 1,
    });
    const page = context.pages()[0] ?? (await context.newPage());
    const run: PageRun = { errors: [], dialogs: [], requests: [], charts: [] };
    page.on("console", (m) => {
      if (m.type() === "error") run.errors.push(m.text());
    });
    page.on("pageerror", (e) => run.errors.push(String(e)));
    page.on("request", (r) => run.requests.push(r.url()));
    page.on("dialog", (d) => {
      run.dialogs.push(d.message());
      void d.dismiss();
    });
    await context.route("**/*", (route) =>
      route.request().url() === url ? route.continue() : route.abort(),
    );
    await page.goto(url, { waitUntil: "load" });
    // Each chart sets data-drawn from uPlot's draw hook; wait a frame past the last.
    await page
      .waitForFunction(
        () => {
          const want = document.querySelectorAll("[data-chart]").length;
          const have = document.querySelectorAll("[data-chart][data-drawn]").length;
          return want === have;
        },
        undefined,
        // Ten seconds: the charts draw in well under one on this machine kind
        // even under load; past that the test reports the undrawn ones.
        { timeout: 10_000 },
      )
      .catch(() => undefined);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r(undefined))));
    run.charts = (await page.evaluate(COUNT_PIXELS)) as PageRun["charts"];
    if (options?.screenshot) run.png = await page.screenshot({ fullPage: true });
    return run;
  } finally {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

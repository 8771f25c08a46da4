/**
 * The HTML report in a real headless Chromium (Debian's `chromium` driven by
 * playwright-core, scripts/chromium.ts): the page loads with no console
 * error, opens no dialog (the hostile path in the fixture would, were it
 * run as script), requests nothing but the file itself, and draws every
 * chart its data asks for: each chart's canvas has pixels in its series'
 * colours. A screenshot is saved to a temporary directory.
 *
 * Where no Chromium is installed the tests are skipped with a loud warning
 * (`.ci/run` installs it with apt-get).
 */

import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { chromiumPath, loadReport } from "../scripts/chromium";
import { renderReport } from "../src/report/render-report";
import type { TrailStats } from "../src/stats/stats-types";
import { trailStats } from "../src/stats/trail-stats";
import { HOSTILE_PATH, handStats } from "./report-fixture";

const chromium = chromiumPath();
if (chromium === undefined) {
  console.warn(
    `\n*** SKIPPING the report's browser test: no Chromium at ${process.env.CHROMIUM ?? "/usr/bin/chromium"} ***\n` +
      "*** Install Debian's chromium (apt-get install -y chromium; .ci/run does) to run it. ***\n",
  );
}
const describeIf = chromium === undefined ? describe.skip : describe;
const title =
  chromium === undefined
    ? "report in Chromium: SKIPPED, no Chromium installed"
    : `report in Chromium (${chromium})`;

/**
 * The charts a TrailStats asks for, counted from the statistics (not from
 * the page): volume and failures over time, the three top-N charts, the
 * hour of day and the what-if.
 */
function chartsWanted(s: TrailStats): number {
  if (s.records === 0) return 0;
  const some = (t: Record<string, unknown>) => (Object.keys(t).length > 0 ? 1 : 0);
  return (
    1 + // volume over time
    (s.failures > 0 ? 1 : 0) +
    some(s.byEvent) +
    some(s.byUser) +
    some(s.byExecutable) +
    1 + // by hour
    (s.whatIf === undefined ? 0 : 1)
  );
}

const dir = mkdtempSync(join(tmpdir(), "bsm-report-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeIf(title, () => {
  const cases: [string, () => Promise<TrailStats>, boolean][] = [
    ["hand-built statistics, light", async () => handStats(), false],
    ["hand-built statistics, dark", async () => handStats(), true],
    [
      "fixtures/sample.bsm",
      () =>
        trailStats(resolve("fixtures/sample.bsm"), {
          timeZone: "UTC",
          whatIf: ["lo,aa", "lo,ad,na"],
        }),
      false,
    ],
  ];
  for (const [name, statsOf, dark] of cases) {
    it(`${name}: loads clean, stays offline, draws every chart`, async () => {
      const stats = await statsOf();
      const file = join(dir, `${name.replace(/\W+/g, "-")}.html`);
      writeFileSync(file, renderReport(stats, { inputs: [HOSTILE_PATH] }));
      const run = await loadReport(file, chromium as string, { screenshot: true, dark });
      expect(run.errors).toEqual([]);
      expect(run.dialogs).toEqual([]);
      expect(run.requests).toEqual([pathToFileURL(file).href]);
      const want = chartsWanted(stats);
      expect(want).toBeGreaterThanOrEqual(6);
      expect(run.charts).toHaveLength(want);
      for (const c of run.charts) {
        expect(c.drawn, `${c.id} drawn`).toBe(true);
        // A bar a few pixels on a side is drawn in its colour; empty axes are not.
        expect(c.seriesPixels, `${c.id}: pixels in its series' colours`).toBeGreaterThan(100);
      }
      const png = run.png as Buffer;
      expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
      writeFileSync(`${file}.png`, png);
      expect(png.length).toBeGreaterThan(20_000);
    }, 60_000);
  }

  it("draws nothing where the data asks for nothing, without error", async () => {
    const stats = handStats();
    stats.records = 0;
    const file = join(dir, "no-records.html");
    writeFileSync(
      file,
      renderReport({
        ...stats,
        timeline: { ...stats.timeline, start: null, buckets: [] },
        byEvent: {},
        byUser: {},
        byExecutable: {},
        whatIf: undefined,
      }),
    );
    const run = await loadReport(file, chromium as string);
    expect(run.errors).toEqual([]);
    expect(run.charts).toEqual([]);
  }, 60_000);
});

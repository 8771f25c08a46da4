/**
 * Makes docs/report.png, the README's picture of the HTML report:
 *
 *     npm run report:screenshot
 *
 * runs `bsm-trail report --utc -o <tmp>/report.html fixtures/sample.bsm`
 * (the CLI from source), opens the page in Debian's headless Chromium
 * (scripts/chromium.ts) and saves a full-page screenshot. Fails when the
 * page logs an error, requests anything but itself, or leaves a chart
 * undrawn; exits 1 with a message when no Chromium is installed.
 */

import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromiumPath, loadReport } from "./chromium";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

async function main(): Promise<number> {
  const chromium = chromiumPath();
  if (chromium === undefined) {
    process.stderr.write("report:screenshot: no Chromium (apt-get install -y chromium)\n");
    return 1;
  }
  const dir = mkdtempSync(join(tmpdir(), "bsm-report-shot-"));
  try {
    const html = join(dir, "report.html");
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        TSX,
        join(root, "src/cli/main.ts"),
        "report",
        "--utc",
        "-o",
        html,
        "fixtures/sample.bsm",
      ],
      { cwd: root, stdio: "inherit" },
    );
    if (r.status !== 0) return 1;
    const run = await loadReport(html, chromium, { screenshot: true, width: 1200 });
    const bad = [
      ...run.errors,
      ...run.requests.filter((u) => u !== pathToFileURL(html).href).map((u) => `request ${u}`),
      ...run.charts.filter((c) => !c.drawn).map((c) => `chart ${c.id} not drawn`),
    ];
    if (bad.length > 0) {
      process.stderr.write(`report:screenshot: ${bad.join("; ")}\n`);
      return 1;
    }
    const out = join(root, "docs/report.png");
    writeFileSync(out, run.png as Buffer);
    process.stdout.write(`wrote ${out} (${run.charts.length} charts)\n`);
    return 0;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then((code) => {
  process.exitCode = code;
});

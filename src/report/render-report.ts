/**
 * `renderReport`: a trail's volume statistics as one self-contained HTML
 * page (what `bsm-trail report` writes). Styles, the chart library (uPlot)
 * and the page's script are inline, the data is one
 * `<script type="application/json">` block, and a Content-Security-Policy
 * forbids every request, so the file reads the same offline on any laptop.
 *
 * @module
 */

import { version } from "../../package.json";
import type { TrailStats } from "../stats/stats-types";
import { loadChartLibrary } from "./chart-library";
import { escapeHtml, scriptJson } from "./html-text";
import {
  buildReportModel,
  type ReportChartId,
  type ReportModel,
  type ReportOptions,
} from "./report-model";
import { REPORT_SCRIPT } from "./report-script";
import { REPORT_STYLE } from "./report-style";
import {
  barTable,
  failureTable,
  findingsTable,
  formatTime,
  hourTable,
  summaryCards,
  timelineTable,
  whatIfTable,
} from "./report-tables";

/**
 * The page's Content-Security-Policy: nothing may be fetched (`default-src
 * 'none'`), only the inline script and styles run.
 */
const CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:";

/** Text that must not appear inside an inline `<script>` or `<style>`. */
const CLOSERS = /<\/(script|style)|<!--/i;

function inline(tag: "script" | "style", text: string, what: string): string {
  if (CLOSERS.test(text)) throw new Error(`${what} holds </${tag} or <!--: cannot be inlined`);
  return `<${tag}>${text}</${tag}>`;
}

/** One chart's figure: the drawing area and its table fallback. */
function figure(
  m: ReportModel,
  id: ReportChartId,
  title: string,
  caption: string,
  table: string,
  empty: string,
  wide = false,
): string {
  const drawn = m.charts.includes(id);
  const body = drawn
    ? `<div class="chart" data-chart="${id}" role="img" aria-label="${escapeHtml(title)}: chart; the table below holds the same numbers"></div>
<details><summary>Show as table</summary>${table}</details>`
    : `<p class="empty">${escapeHtml(empty)}</p>${table}`;
  return `<section class="panel${wide ? " wide" : ""}" id="${id}">
<h2>${escapeHtml(title)}</h2>
<p class="caption">${caption}</p>
${body}
</section>`;
}

/**
 * Renders a trail's statistics as a self-contained HTML report: totals,
 * volume over time by class, failures over time, top events, users and
 * executables, volume by hour of day, the what-if comparison (when
 * `stats.whatIf` is there) and the configuration findings (when
 * `options.findings` is given). Every chart has a table of the same numbers.
 *
 * @param stats - the statistics, as `trailStats` returns them
 * @param options - see {@link ReportOptions}
 * @returns the HTML page
 * @throws `IoError` when the chart library cannot be read from `node_modules`
 */
export function renderReport(
  stats: TrailStats,
  options?: Readonly<Partial<ReportOptions>>,
): string {
  const m = buildReportModel(stats, options);
  const lib = loadChartLibrary();
  const tl = m.timeline;
  const inputs =
    m.inputs.length === 0
      ? ""
      : `<p class="meta">Trail: ${m.inputs.map((i) => `<code>${escapeHtml(i)}</code>`).join(", ")}</p>`;
  const span =
    m.summary.first === null
      ? "No record read."
      : `${escapeHtml(formatTime(m.summary.first))} to ${escapeHtml(formatTime(m.summary.last))}`;
  const bucket = tl === null ? "" : ` Each bar is ${escapeHtml(duration(tl.bucketSeconds))}.`;
  const sections: string[] = [
    figure(
      m,
      "timeline",
      "Volume over time by class",
      `Bytes written per interval, stacked by audit class (a record of several classes counts under each).${bucket}`,
      timelineTable(m),
      "No record: nothing to draw.",
      true,
    ),
    figure(
      m,
      "failures",
      "Failures over time",
      `Records whose return token says the call failed.${bucket}`,
      failureTable(m),
      m.summary.records === 0 ? "No record: nothing to draw." : "No failed record in the trail.",
      true,
    ),
    '<div class="grid2">',
    figure(
      m,
      "events",
      "Top events",
      "Event types by bytes written.",
      barTable(m.events, "Event", "Number"),
      "No event.",
    ),
    figure(
      m,
      "users",
      "Top users",
      "Audit user ids (the login that started the session) by bytes written.",
      barTable(m.users, "User", "Audit id"),
      "No user.",
    ),
    figure(
      m,
      "executables",
      "Top executables",
      "The acting process's program (from exec records seen earlier in the trail) by bytes written.",
      barTable(m.executables, "Executable", ""),
      "No executable.",
    ),
    figure(
      m,
      "hours",
      "By hour of day",
      `Bytes written in each hour of the day (${escapeHtml(m.summary.timeZone)}), over the whole trail.`,
      hourTable(m),
      "No record.",
    ),
    "</div>",
  ];
  if (m.whatIf !== null) {
    sections.push(`<section class="panel wide" id="whatif">
<h2>What if: candidate flags</h2>
<p class="caption">Bytes per day each candidate <code>flags</code> line would have written, by applying its preselection to every record of this trail. Classes the recorded trail could not contain are named as not measurable: for those candidates the numbers are a lower bound.</p>
${m.charts.includes("whatif") ? '<div class="chart" data-chart="whatif" role="img" aria-label="What if: bytes per day by candidate; the table below holds the same numbers"></div>' : '<p class="empty">No record: nothing to compare.</p>'}
${whatIfTable(m.whatIf)}
</section>`);
  }
  if (m.findings !== null) {
    const where = m.configDir === null ? "" : ` of <code>${escapeHtml(m.configDir)}</code>`;
    sections.push(`<section class="panel wide" id="findings">
<h2>Configuration findings</h2>
<p class="caption">What <code>bsm-trail config check</code> finds in the audit configuration${where}.</p>
${findingsTable(m.findings)}
</section>`);
  }
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="generator" content="bsm-trail ${escapeHtml(version)}">
<title>${escapeHtml(m.title)}</title>
${inline("style", lib.style, "uPlot's style sheet")}
${inline("style", REPORT_STYLE, "the report's style sheet")}
</head>
<body>
<main>
<header class="page">
<h1>${escapeHtml(m.title)}</h1>
${inputs}
<p class="meta">${span}</p>
</header>
<div class="cards">
${summaryCards(m)}
</div>
${sections.join("\n")}
<footer>Made by bsm-trail ${escapeHtml(version)} on ${escapeHtml(formatTime(m.generated))}. Times are UTC. Sizes in binary units (1 KiB = 1024 bytes).</footer>
</main>
<script type="application/json" id="report-data">${scriptJson(m)}</script>
${inline("script", lib.script, "uPlot")}
${inline("script", REPORT_SCRIPT, "the report's script")}
</body>
</html>
`;
}

/** A bucket width in words: `1 minute`, `16 minutes`, `4.3 hours`... */
function duration(seconds: number): string {
  if (seconds < 60) return `${seconds} seconds`;
  const [n, word] =
    seconds < 3600
      ? [seconds / 60, "minute"]
      : seconds < 86400
        ? [+(seconds / 3600).toFixed(1), "hour"]
        : [+(seconds / 86400).toFixed(1), "day"];
  return n === 1 ? `1 ${word}` : `${n} ${word}s`;
}

/**
 * The report's HTML outside the charts: the summary cards, each chart's
 * table fallback (the same rows as the chart, for screen readers, printing
 * and browsers without script), the what-if table and the configuration
 * findings. Every text from the trail or the host is escaped here.
 *
 * @module
 */

import type { ConfigFinding } from "../config/finding";
import { escapeHtml } from "./html-text";
import type { ReportBar, ReportCandidate, ReportModel } from "./report-model";

/** Bytes in binary units, as the charts print them (`1.50 MiB`). */
export function formatBytes(n: number): string {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${Math.round(v)} B` : `${v.toFixed(v < 10 ? 2 : v < 100 ? 1 : 0)} ${units[i]}`;
}

/** A count with thousands separators (`12,345`). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A number of days, or `-` when not known. */
function formatDays(n: number | undefined): string {
  if (n === undefined) return "-";
  if (!Number.isFinite(n)) return "never";
  return n < 10 ? n.toFixed(1) : formatCount(n);
}

/** A rate that may be well below one (`0.0036`, `2.5`, `120`). */
function formatRate(n: number): string {
  return n < 1 ? n.toPrecision(2) : n < 10 ? n.toFixed(1) : formatCount(n);
}

/** The trail's span in words: `3.0 days`, `1.0 hours` (the span is at least an hour). */
function formatSpan(days: number): string {
  return days >= 1 ? `${formatDays(days)} days` : `${(days * 24).toFixed(1)} hours`;
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "0%" : `${((100 * part) / whole).toFixed(part * 1000 < whole ? 2 : 1)}%`;
}

function card(label: string, value: string, sub: string): string {
  return `<div class="card"><div class="label">${escapeHtml(label)}</div><div class="value">${escapeHtml(value)}</div><div class="sub">${escapeHtml(sub)}</div></div>`;
}

/** The trail's time as shown: `2026-11-30 01:02:03 UTC`. */
export function formatTime(iso: string | null): string {
  return iso === null ? "-" : `${iso.replace("T", " ").replace(/\.\d+Z$|Z$/, "")} UTC`;
}

/** The summary cards. */
export function summaryCards(m: ReportModel): string {
  const s = m.summary;
  return [
    card("Records", formatCount(s.records), `${formatCount(s.successes)} succeeded`),
    card("Bytes", formatBytes(s.bytes), `${formatCount(s.bytes)} bytes`),
    card("Per day", formatBytes(s.bytesPerDay), `over ${formatSpan(s.days)}`),
    card("Failures", formatCount(s.failures), `${percent(s.failures, s.records)} of records`),
    card("Events", formatCount(m.eventCount), "distinct event types"),
    card(
      "Damaged",
      formatCount(s.damaged.count),
      s.damaged.count === 0 ? "no damage" : `${formatBytes(s.damaged.bytes)} skipped`,
    ),
  ].join("\n");
}

/** A top-N table: label, key column (when any row has one), records, bytes, failures. */
export function barTable(rows: readonly ReportBar[], labelHead: string, keyHead: string): string {
  const withKey = rows.some((r) => r.key !== "");
  const head = `<tr><th>${escapeHtml(labelHead)}</th>${withKey ? `<th class="num">${escapeHtml(keyHead)}</th>` : ""}<th class="num">Records</th><th class="num">Bytes</th><th class="num">Failures</th></tr>`;
  const body = rows
    .map(
      (r) =>
        `<tr><td class="path">${escapeHtml(r.label)}</td>${withKey ? `<td class="num">${escapeHtml(r.key)}</td>` : ""}<td class="num">${formatCount(r.records)}</td><td class="num">${formatBytes(r.bytes)}</td><td class="num">${formatCount(r.failures)}</td></tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The volume-over-time table: one row per bucket, a column per band. */
export function timelineTable(m: ReportModel): string {
  const tl = m.timeline;
  if (tl === null) return "";
  const head = `<tr><th>Bucket start (UTC)</th><th class="num">Records</th><th class="num">Failures</th>${tl.classes.map((c) => `<th class="num">${escapeHtml(c)}</th>`).join("")}</tr>`;
  const body = tl.x
    .map((x, i) => {
      const when = formatTime(new Date(x * 1000).toISOString());
      const cells = tl.bytes.map((band) => `<td class="num">${formatBytes(band[i])}</td>`).join("");
      return `<tr><td>${escapeHtml(when)}</td><td class="num">${formatCount(tl.records[i])}</td><td class="num">${formatCount(tl.failures[i])}</td>${cells}</tr>`;
    })
    .join("\n");
  return `<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The failures-over-time table: the buckets that have a failed record. */
export function failureTable(m: ReportModel): string {
  const tl = m.timeline;
  if (tl === null) return "";
  const body = tl.x
    .flatMap((x, i) =>
      tl.failures[i] === 0
        ? []
        : [
            `<tr><td>${escapeHtml(formatTime(new Date(x * 1000).toISOString()))}</td><td class="num">${formatCount(tl.failures[i])}</td><td class="num">${formatCount(tl.records[i])}</td></tr>`,
          ],
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead><tr><th>Bucket start (UTC)</th><th class="num">Failed records</th><th class="num">All records</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The hour-of-day table. */
export function hourTable(m: ReportModel): string {
  const body = m.hours
    .map(
      (t, h) =>
        `<tr><td>${String(h).padStart(2, "0")}:00</td><td class="num">${formatCount(t.records)}</td><td class="num">${formatBytes(t.bytes)}</td><td class="num">${formatCount(t.failures)}</td></tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead><tr><th>Hour</th><th class="num">Records</th><th class="num">Bytes</th><th class="num">Failures</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

function candidateName(c: ReportCandidate): string {
  if (c.recorded) return "as recorded (no preselection)";
  // naflags equal to the flags (no configuration given) say nothing more.
  return c.naflags === "" || c.naflags === c.flags ? c.flags : `${c.flags} (naflags ${c.naflags})`;
}

/** The what-if table: one row per candidate, the recorded trail first. */
export function whatIfTable(rows: readonly ReportCandidate[]): string {
  const from = rows.some((c) => c.note !== "");
  const head = `<tr><th>Candidate flags</th>${from ? "<th>From</th>" : ""}<th class="num">Records kept</th><th class="num">Bytes kept</th><th class="num">Bytes/day</th><th class="num">Files/day</th><th class="num">Days of history</th><th class="num">Days until minfree</th><th>Not measurable</th></tr>`;
  const body = rows
    .map((c) => {
      const nm = c.notMeasurable.length === 0 ? "-" : c.notMeasurable.join(", ");
      return `<tr${c.recorded ? ' class="recorded"' : ""}><td><code>${escapeHtml(candidateName(c))}</code></td>${from ? `<td class="nowrap">${escapeHtml(c.note)}</td>` : ""}<td class="num">${formatCount(c.records)}</td><td class="num">${formatBytes(c.bytes)}</td><td class="num">${formatBytes(c.bytesPerDay)}</td><td class="num">${c.filesPerDay === undefined ? "-" : formatRate(c.filesPerDay)}</td><td class="num">${formatDays(c.daysOfHistory)}</td><td class="num">${formatDays(c.daysUntilMinfree)}</td><td>${escapeHtml(nm)}</td></tr>`;
    })
    .join("\n");
  return `<div class="table-wrap"><table><thead>${head}</thead><tbody>\n${body}\n</tbody></table></div>`;
}

/** The configuration findings' table, or a line saying there are none. */
export function findingsTable(findings: readonly ConfigFinding[]): string {
  if (findings.length === 0)
    return '<p class="empty">No findings: the configuration passed every check.</p>';
  const body = findings
    .map(
      (f) =>
        `<tr><td><span class="sev sev-${escapeHtml(f.severity)}">${escapeHtml(f.severity)}</span></td><td class="path"><code>${escapeHtml(f.file)}${f.line > 0 ? `:${f.line}` : ""}</code></td><td><code>${escapeHtml(f.rule)}</code></td><td>${escapeHtml(f.message)}</td></tr>`,
    )
    .join("\n");
  return `<div class="table-wrap"><table><thead><tr><th>Severity</th><th>Where</th><th>Rule</th><th>Finding</th></tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}

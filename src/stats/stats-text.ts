/**
 * `bsm-trail stats` without `--json`: {@link TrailStats} as readable
 * tables, bytes in binary units (KiB, MiB, GiB), the top rows of each
 * table by bytes, and the what-if candidates side by side.
 *
 * @module
 */

import type { Tally, TrailStats, WhatIfResult } from "./stats-types";

/**
 * Rows shown per table by default: a terminal's screenful of each
 * (events, classes, users, executables) without scrolling past the rest.
 */
export const DEFAULT_STATS_TOP = 10;

/** Options of {@link formatStatsText}. */
export interface StatsTextOptions {
  /**
   * Rows per table (events, users, executables; classes and days all
   * shown when there are no more than this), the largest by bytes first.
   * @defaultValue {@link DEFAULT_STATS_TOP}
   */
  top: number;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

/**
 * Bytes in binary units: `512 B`, `1.5 KiB`, `23.4 MiB` (three significant
 * figures at most, one decimal).
 *
 * @param bytes - a count of bytes
 */
export function humanBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < UNITS.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${Math.round(v)} B` : `${v.toFixed(1)} ${UNITS[u]}`;
}

/** A number with thousands separators (`12,345`). */
function int(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** A number of days (or files): two decimals below 10, one below 100, whole above. */
function daysText(d: number | undefined): string {
  if (d === undefined) return "-";
  if (!Number.isFinite(d)) return "never";
  return d < 10 ? d.toFixed(2) : d < 100 ? d.toFixed(1) : int(d);
}

/** Columns aligned: the first left, the others right; a header rule below the first row. */
function table(rows: string[][], leftColumns = 1): string {
  const widths: number[] = [];
  for (const r of rows) {
    for (let i = 0; i < r.length; i++) widths[i] = Math.max(widths[i] ?? 0, r[i].length);
  }
  const line = (r: string[]) =>
    `  ${r
      .map((c, i) => (i < leftColumns ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join("  ")
      .trimEnd()}`;
  const out = [line(rows[0]), line(widths.map((w) => "-".repeat(w)))];
  for (const r of rows.slice(1)) out.push(line(r));
  return `${out.join("\n")}\n`;
}

/** A table's rows by bytes, largest first (or in their order), the first `top`; and how many were left out. */
function topRows<T extends Tally>(
  entries: [string, T][],
  top: number,
  byBytes: boolean,
): { shown: [string, T][]; more: number } {
  const sorted = byBytes ? [...entries].sort((a, b) => b[1].bytes - a[1].bytes) : entries;
  return { shown: sorted.slice(0, top), more: Math.max(0, sorted.length - top) };
}

function pct(part: number, whole: number): string {
  return whole === 0 ? "-" : `${((100 * part) / whole).toFixed(1)}%`;
}

function section<T extends Tally>(
  title: string,
  head: string[],
  entries: [string, T][],
  top: number,
  total: number,
  cells: (key: string, t: T) => string[],
  leftColumns = 1,
  byBytes = true,
): string {
  if (entries.length === 0) return "";
  const { shown, more } = topRows(entries, top, byBytes);
  const rows = [
    [...head, "records", "bytes", "share", "failures"],
    ...shown.map(([k, t]) => [
      ...cells(k, t),
      int(t.records),
      humanBytes(t.bytes),
      pct(t.bytes, total),
      int(t.failures),
    ]),
  ];
  const tail = more > 0 ? `  ... ${int(more)} more\n` : "";
  return `\n${title}\n${table(rows, leftColumns)}${tail}`;
}

function whatIfTable(w: Record<string, WhatIfResult>, total: number): string {
  const all = Object.values(w);
  const rows = [
    [
      "flags",
      "naflags",
      "records",
      "bytes",
      "share",
      "per day",
      "files/day",
      "history (days)",
      "to minfree (days)",
    ],
  ];
  for (const r of all) {
    rows.push([
      r.flags === "" ? '""' : r.flags,
      r.naflags === "" ? '""' : r.naflags,
      int(r.records),
      humanBytes(r.bytes),
      pct(r.bytes, total),
      humanBytes(r.bytesPerDay),
      daysText(r.filesPerDay),
      daysText(r.daysOfHistory),
      daysText(r.daysUntilMinfree),
    ]);
  }
  let out = `\nWhat-if\n${table(rows, 2)}`;
  for (const r of all) {
    if (r.notMeasurable.length > 0) {
      out += `  ${r.flags}: not measurable (not recorded in this trail): ${r.notMeasurable.join(",")}; counts are a lower bound\n`;
    }
  }
  return out;
}

/**
 * The statistics as text: a summary, then tables of events, classes,
 * users, executables, hours and days, then the what-if comparison.
 *
 * @param s - from `trailStats`
 * @param options - see {@link StatsTextOptions}
 */
export function formatStatsText(
  s: Readonly<TrailStats>,
  options?: Readonly<Partial<StatsTextOptions>>,
): string {
  const top = options?.top ?? DEFAULT_STATS_TOP;
  let out = `records   ${int(s.records)} (${int(s.successes)} succeeded, ${int(s.failures)} failed)\n`;
  out += `bytes     ${humanBytes(s.bytes)} (${int(s.bytes)})\n`;
  out += `first     ${s.first ?? "-"}\nlast      ${s.last ?? "-"}\n`;
  const short =
    s.records > 0 && s.days * 24 <= 1 ? " (a span under an hour counts as one hour)" : "";
  out += `per day   ${humanBytes(s.bytesPerDay)} over ${daysText(s.days)} days${short}\n`;
  if (s.damaged.count > 0) {
    out += `damaged   ${int(s.damaged.count)} stretches, ${humanBytes(s.damaged.bytes)} skipped\n`;
  }
  const total = s.bytes;
  out += section(
    "By event",
    ["event", "name"],
    Object.entries(s.byEvent),
    top,
    total,
    (k, t) => [k, t.name],
    2,
  );
  out += section("By class", ["class"], Object.entries(s.byClass), top, total, (k) => [k]);
  out += section(
    "By user",
    ["auid", "name"],
    Object.entries(s.byUser),
    top,
    total,
    (k, t) => [k, t.name ?? ""],
    2,
  );
  out += section(
    "By executable",
    ["executable"],
    Object.entries(s.byExecutable),
    top,
    total,
    (k) => [k],
  );
  const hours = s.byHour.map((t, h) => [String(h).padStart(2, "0"), t] as [string, Tally]);
  out += section(
    `By hour (${s.timeZone})`,
    ["hour"],
    hours.filter(([, t]) => t.records > 0),
    24,
    total,
    (k) => [k],
    1,
    false,
  );
  const days = Object.entries(s.byDay);
  out += section(`By day (${s.timeZone})`, ["day"], days, days.length, total, (k) => [k], 1, false);
  if (s.whatIf !== undefined) out += whatIfTable(s.whatIf, total);
  return out;
}

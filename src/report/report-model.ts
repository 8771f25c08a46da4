/**
 * What the report shows, computed from a {@link TrailStats}: the summary,
 * the series of each chart and the rows of each table. The HTML tables and
 * the browser's charts are both drawn from this one model (it is the JSON
 * block of the page), so a chart and its table fallback cannot disagree.
 *
 * @module
 */

import type { ConfigFinding } from "../config/finding";
import {
  NO_SUBJECT_KEY,
  OTHER_KEY,
  type Tally,
  type TrailStats,
  UNKNOWN_EXECUTABLE,
  type WhatIfResult,
} from "../stats/stats-types";

/** Options of {@link buildReportModel} (and of `renderReport`). */
export interface ReportOptions {
  /** The page's title. Default `Audit trail volume`. */
  title: string;
  /** The trail inputs' names (files, directories), listed under the title. Default none. */
  inputs: readonly string[];
  /**
   * Findings of `lintAuditConfig` on the configuration given; their table is
   * shown when this is given (even empty: "no findings"). Default none (no
   * configuration section).
   */
  findings: readonly ConfigFinding[] | undefined;
  /** The configuration directory the findings are about, for the section's heading. Default none. */
  configDir: string | undefined;
  /**
   * A note per what-if candidate (flags line → where it comes from: `the
   * guide's`, `mSCP cis_lvl2`), shown beside it. Default none.
   */
  candidateNotes: Readonly<Record<string, string>>;
  /** When the report was made, printed in the footer. Default now. */
  generated: Date;
  /**
   * Rows of each top-N chart (events, users, executables). Default 15: the
   * bars stay readable at the report's chart height on a laptop screen; the
   * rest is summed in the tables' last row.
   */
  top: number;
  /**
   * Classes drawn as their own band in the volume-over-time chart, the
   * largest by bytes; the others are summed as `other classes`. Default 8:
   * more bands than that cannot be told apart by colour.
   */
  classes: number;
}

/** One bar of a top-N chart, and its table row. */
export interface ReportBar extends Tally {
  /** What the bar is (event name, user, executable path). */
  label: string;
  /** A second column for the table (event number, audit id), or empty. */
  key: string;
}

/** One candidate of the what-if comparison. */
export interface ReportCandidate extends WhatIfResult {
  /** Whether this row is the trail as recorded (no preselection applied). */
  recorded: boolean;
  /** Where the candidate comes from (`the guide's`), or empty. */
  note: string;
}

/** Volume over time: the series of the two time charts. */
export interface ReportTimeline {
  /** Start of each bucket, in seconds since 1970 (UTC). */
  x: number[];
  /** Bucket width in seconds. */
  bucketSeconds: number;
  /** Band names, bottom to top: the largest classes, then `other classes` when any are left. */
  classes: string[];
  /** Bytes per bucket, one array per band (same order as `classes`). */
  bytes: number[][];
  /** Records per bucket. */
  records: number[];
  /** Failed records per bucket. */
  failures: number[];
}

/** The report's content: the page's JSON block. */
export interface ReportModel {
  /** The page's title. */
  title: string;
  /** When the report was made (ISO 8601). */
  generated: string;
  /** The trail inputs' names. */
  inputs: string[];
  /** Totals of the trail. */
  summary: Pick<
    TrailStats,
    | "records"
    | "bytes"
    | "successes"
    | "failures"
    | "first"
    | "last"
    | "days"
    | "bytesPerDay"
    | "timeZone"
    | "damaged"
  >;
  /** Distinct event types seen (the event table's overflow key not counted). */
  eventCount: number;
  /** Volume over time; `null` when the trail has no record. */
  timeline: ReportTimeline | null;
  /** Top events by bytes. */
  events: ReportBar[];
  /** Top users by bytes. */
  users: ReportBar[];
  /** Top executables by bytes. */
  executables: ReportBar[];
  /** Records, bytes and failures by hour of day (24 entries). */
  hours: Tally[];
  /** The what-if candidates (the recorded trail first); `null` when none was asked. */
  whatIf: ReportCandidate[] | null;
  /** The configuration's findings; `null` when no configuration was given. */
  findings: ConfigFinding[] | null;
  /** The configuration directory, when one was given. */
  configDir: string | null;
  /** The charts the page draws, by id, in page order (each has a table fallback). */
  charts: ReportChartId[];
}

/** The charts of the page. */
export type ReportChartId =
  | "timeline"
  | "failures"
  | "events"
  | "users"
  | "executables"
  | "hours"
  | "whatif";

/** The band summing the classes past {@link ReportOptions.classes}. */
export const OTHER_CLASSES = "other classes";

/** The audit id of records no user is attributed to (AU_DEFAUDITID). */
const NON_ATTRIBUTABLE = 4294967295;

/** Options with their defaults filled in. */
export function reportOptions(options?: Readonly<Partial<ReportOptions>>): ReportOptions {
  return {
    title: options?.title ?? "Audit trail volume",
    inputs: options?.inputs ?? [],
    findings: options?.findings,
    configDir: options?.configDir,
    candidateNotes: options?.candidateNotes ?? {},
    generated: options?.generated ?? new Date(),
    top: options?.top ?? 15,
    classes: options?.classes ?? 8,
  };
}

/**
 * The largest entries by bytes (then records, then label), at most `n`;
 * the table's {@link OTHER_KEY} entry, when there is one, sorts as any other.
 */
function topBars(entries: ReportBar[], n: number): ReportBar[] {
  return entries
    .sort(
      (a, b) =>
        b.bytes - a.bytes ||
        b.records - a.records ||
        (a.label < b.label ? -1 : a.label > b.label ? 1 : 0),
    )
    .slice(0, Math.max(0, n));
}

function tally(t: Tally): Tally {
  return { records: t.records, bytes: t.bytes, failures: t.failures };
}

function userLabel(auid: number, name: string | undefined): string {
  if (auid === NON_ATTRIBUTABLE) return "non-attributable";
  return name ?? String(auid);
}

function timeline(stats: TrailStats, bands: number): ReportTimeline | null {
  const t = stats.timeline;
  if (t.start === null || t.buckets.length === 0) return null;
  const start = Date.parse(t.start) / 1000;
  const totals = new Map<string, number>();
  for (const b of t.buckets) {
    for (const [c, v] of Object.entries(b.bytesByClass)) totals.set(c, (totals.get(c) ?? 0) + v);
  }
  const ranked = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map((e) => e[0]);
  const shown = ranked.length > bands ? ranked.slice(0, Math.max(0, bands)) : ranked;
  const classes = ranked.length > shown.length ? [...shown, OTHER_CLASSES] : shown;
  const index = new Map(shown.map((c, i) => [c, i]));
  const bytes = classes.map(() => new Array<number>(t.buckets.length).fill(0));
  t.buckets.forEach((b, i) => {
    for (const [c, v] of Object.entries(b.bytesByClass)) {
      bytes[index.get(c) ?? shown.length][i] += v;
    }
  });
  return {
    x: t.buckets.map((_, i) => start + i * t.bucketSeconds),
    bucketSeconds: t.bucketSeconds,
    classes,
    bytes,
    records: t.buckets.map((b) => b.records),
    failures: t.buckets.map((b) => b.failures),
  };
}

/**
 * The report's model of a trail's statistics.
 *
 * @param stats - the statistics (`trailStats`), with `whatIf` when candidates were measured
 * @param options - see {@link ReportOptions}
 */
export function buildReportModel(
  stats: TrailStats,
  options?: Readonly<Partial<ReportOptions>>,
): ReportModel {
  const o = reportOptions(options);
  const events = topBars(
    Object.entries(stats.byEvent).map(([key, e]) => ({
      ...tally(e),
      label: key === OTHER_KEY ? OTHER_KEY : e.name,
      key: key === OTHER_KEY ? "" : key,
    })),
    o.top,
  );
  const users = topBars(
    Object.entries(stats.byUser).map(([key, u]) => ({
      ...tally(u),
      label:
        key === OTHER_KEY
          ? OTHER_KEY
          : key === NO_SUBJECT_KEY
            ? "(no subject token)"
            : userLabel(u.auid, u.name),
      key: key === OTHER_KEY || key === NO_SUBJECT_KEY ? "" : String(u.auid),
    })),
    o.top,
  );
  const executables = topBars(
    Object.entries(stats.byExecutable).map(([key, x]) => ({
      ...tally(x),
      label: key === UNKNOWN_EXECUTABLE ? "(unknown: no exec seen)" : key,
      key: "",
    })),
    o.top,
  );
  const whatIf =
    stats.whatIf === undefined
      ? null
      : [
          {
            flags: "(as recorded)",
            naflags: "",
            records: stats.records,
            bytes: stats.bytes,
            bytesPerDay: stats.bytesPerDay,
            notMeasurable: [],
            recorded: true,
            note: "",
          },
          ...Object.values(stats.whatIf).map((w) => ({
            ...w,
            recorded: false,
            note: Object.hasOwn(o.candidateNotes, w.flags) ? o.candidateNotes[w.flags] : "",
          })),
        ];
  const tl = timeline(stats, o.classes);
  const hours = Array.from({ length: 24 }, (_, h) => tally(stats.byHour[h] ?? emptyTally()));
  const charts: ReportChartId[] = [];
  if (tl !== null) charts.push("timeline");
  if (tl !== null && stats.failures > 0) charts.push("failures");
  if (events.length > 0) charts.push("events");
  if (users.length > 0) charts.push("users");
  if (executables.length > 0) charts.push("executables");
  if (stats.records > 0) charts.push("hours");
  if (whatIf !== null && stats.records > 0) charts.push("whatif");
  return {
    title: o.title,
    generated: o.generated.toISOString(),
    inputs: [...o.inputs],
    summary: {
      records: stats.records,
      bytes: stats.bytes,
      successes: stats.successes,
      failures: stats.failures,
      first: stats.first,
      last: stats.last,
      days: stats.days,
      bytesPerDay: stats.bytesPerDay,
      timeZone: stats.timeZone,
      damaged: { count: stats.damaged.count, bytes: stats.damaged.bytes },
    },
    eventCount: Object.keys(stats.byEvent).filter((k) => k !== OTHER_KEY).length,
    timeline: tl,
    events,
    users,
    executables,
    hours,
    whatIf,
    findings: o.findings === undefined ? null : [...o.findings],
    configDir: o.configDir ?? null,
    charts,
  };
}

function emptyTally(): Tally {
  return { records: 0, bytes: 0, failures: 0 };
}

/**
 * The shape of a trail's volume statistics: what `trailStats` returns,
 * what `bsm-trail stats --json` prints and what `bsm-trail report` draws.
 * One contract for the three; the counting lives in `trail-stats.ts`, the
 * what-if in `what-if.ts`.
 *
 * Every table is keyed by a string (JSON object keys): event number,
 * class name, audit user id, executable path, day (`YYYY-MM-DD`). Each
 * table is bounded: distinct keys past its limit are counted under
 * {@link OTHER_KEY}, so memory does not grow with the trail.
 *
 * @module
 */

/** Version of this shape, printed as `version` (raised when a field changes meaning). */
export const STATS_VERSION = 1;

/** The key under which a bounded table counts the keys past its limit. */
export const OTHER_KEY = "(other)";

/** The key of records whose executable is not known (no exec record of its process was seen). */
export const UNKNOWN_EXECUTABLE = "(unknown)";

/** The {@link TrailStats.byClass} key of records whose event has no class (not in the event table, or no class listed). */
export const NO_CLASS_KEY = "(none)";

/** The {@link TrailStats.byUser} key of records without a subject token (their `auid` is -1). */
export const NO_SUBJECT_KEY = "(none)";

/** Records, bytes and failures of one slice of the trail. */
export interface Tally {
  /** Records. */
  records: number;
  /** Bytes of those records (header byte count: the whole record on disk). */
  bytes: number;
  /** Records whose return token says the call failed (non-zero error). */
  failures: number;
}

/** {@link TrailStats.byEvent}'s entry. */
export interface EventTally extends Tally {
  /** The event's name (`AUE_EXECVE`), or its number as text when the table has none. */
  name: string;
  /** Its classes (names from the event table in use). */
  classes: string[];
}

/** {@link TrailStats.byUser}'s entry. */
export interface UserTally extends Tally {
  /** The audit user id (4294967295: non-attributable; -1: records without a subject token, key {@link NO_SUBJECT_KEY}, and the {@link OTHER_KEY} row). */
  auid: number;
  /** The login name, when a passwd file was given and names it. */
  name?: string;
}

/** {@link TrailStats.byDay}'s entry. */
export interface DayTally extends Tally {
  /** Bytes by class name on that day (a record of several classes counts under each). */
  bytesByClass: Record<string, number>;
}

/**
 * Volume over time in equal buckets: the report's charts over time. The
 * bucket width starts at one minute and doubles (neighbours merged) each
 * time the trail's span would need more than {@link TIMELINE_MAX_BUCKETS},
 * so a trail of minutes and one of years both draw in bounded memory.
 */
export interface Timeline {
  /** Bucket width in seconds. */
  bucketSeconds: number;
  /** Start of the first bucket (ISO 8601 UTC), or null when the trail is empty. */
  start: string | null;
  /** The buckets, in time order; bucket i starts at start + i * bucketSeconds. */
  buckets: DayTally[];
}

/** Most buckets of a {@link Timeline} (a chart's width in points; the report's charts stay smooth). */
export const TIMELINE_MAX_BUCKETS = 512;

/** One candidate's answer in {@link TrailStats.whatIf}. */
export interface WhatIfResult {
  /** The candidate `flags` line, as given. */
  flags: string;
  /** The `naflags` applied with it. */
  naflags: string;
  /** Records it would have kept. */
  records: number;
  /** Bytes it would have kept. */
  bytes: number;
  /** {@link WhatIfResult.bytes} over the trail's span in days (see {@link TrailStats.days}). */
  bytesPerDay: number;
  /**
   * Classes the candidate selects that the recorded trail could not
   * contain (not in the mask it was recorded under); empty when no
   * configuration was given. Their records are not measurable: the counts
   * above are a lower bound when this is not empty.
   */
  notMeasurable: string[];
  /** Trail files written per day at `filesz` (when a configuration gives `filesz` > 0). */
  filesPerDay?: number;
  /** Days of history kept by `expire-after` (its age, or the days its size holds at this rate). */
  daysOfHistory?: number;
  /** Days until the disk (`--disk`) reaches `minfree` at this rate. */
  daysUntilMinfree?: number;
}

/** A trail's volume statistics. */
export interface TrailStats {
  /** {@link STATS_VERSION}. */
  version: number;
  /** Records read. */
  records: number;
  /** Bytes of records read (damaged bytes are not counted here). */
  bytes: number;
  /** Records whose return token says success, or that have no return token. */
  successes: number;
  /** Records whose return token says failure. */
  failures: number;
  /** Time of the earliest record (ISO 8601 UTC with milliseconds), or null when none. */
  first: string | null;
  /** Time of the latest record, or null when none. */
  last: string | null;
  /** Span of the trail in days (last - first, at least one hour's worth), 0 when empty. */
  days: number;
  /** {@link TrailStats.bytes} over {@link TrailStats.days}. */
  bytesPerDay: number;
  /** The time zone of {@link TrailStats.byHour} and {@link TrailStats.byDay} (`UTC`, `Europe/Paris`). */
  timeZone: string;
  /** By event number. */
  byEvent: Record<string, EventTally>;
  /** By class name (a record of several classes counts under each). */
  byClass: Record<string, Tally>;
  /** By audit user id. */
  byUser: Record<string, UserTally>;
  /** By executable of the acting process (from exec records seen before). */
  byExecutable: Record<string, Tally>;
  /** By hour of day, 0-23, in the time zone in use. */
  byHour: Tally[];
  /** By day (`YYYY-MM-DD` in the time zone in use), in order. */
  byDay: Record<string, DayTally>;
  /** Volume over time, bucketed (see {@link Timeline}). */
  timeline: Timeline;
  /** Damaged stretches skipped, with their bytes. */
  damaged: { count: number; bytes: number };
  /**
   * The file tokens auditd writes at each end of a trail file: not audit
   * records, so counted here and in no other field.
   */
  fileTokens: { count: number; bytes: number };
  /** Per candidate flags line, when what-if was asked. */
  whatIf?: Record<string, WhatIfResult>;
}

/**
 * The names auditd gives trail files: `START.END` for a closed trail,
 * `START.not_terminated` for the open one (or one whose auditd died),
 * `START.crash_recovery` for one auditd found unterminated at start-up, each
 * time `YYYYMMDDhhmmss` in UTC (auditd's `getTSstr` formats with `gmtime`).
 * A compression suffix (`.gz`) may follow, when an administrator or an
 * expiry script compressed an old trail.
 *
 * @module
 */

/** What a trail file's name says about it. */
export type TrailState = "closed" | "not_terminated" | "crash_recovery";

/** A trail file name, parsed. */
export interface TrailName {
  /** When auditd opened the file (UTC, to the second). */
  start: Date;
  /** When auditd closed it, or `null` when the name does not say (`not_terminated`, `crash_recovery`). */
  end: Date | null;
  /** Which kind of name. */
  state: TrailState;
  /** The name ends in `.gz` (the content decides whether it is gunzipped: see `openInput`). */
  gzipName: boolean;
}

const TRAIL_NAME = /^(\d{14})\.(\d{14}|not_terminated|crash_recovery)(\.gz)?$/;

/** `YYYYMMDDhhmmss` (UTC) as a Date, or null when it is no valid time. */
function utcStamp(s: string): Date | null {
  const y = Number(s.slice(0, 4));
  const mo = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const h = Number(s.slice(8, 10));
  const mi = Number(s.slice(10, 12));
  const sec = Number(s.slice(12, 14));
  const t = new Date(Date.UTC(y, mo - 1, d, h, mi, sec));
  // Date.UTC rolls 20240230 over to March: refuse what does not round-trip.
  return t.getUTCFullYear() === y &&
    t.getUTCMonth() === mo - 1 &&
    t.getUTCDate() === d &&
    t.getUTCHours() === h &&
    t.getUTCMinutes() === mi &&
    t.getUTCSeconds() === sec
    ? t
    : null;
}

/**
 * Parses a trail file's base name as auditd writes it.
 *
 * @param name - a base name such as `20240310100000.20240310110000` or
 *   `20240310110000.not_terminated`
 * @returns the parsed name, or `null` when it is not a trail file name
 *   (`current`, `audit_control`, an editor's backup...)
 */
export function parseTrailName(name: string): TrailName | null {
  const m = TRAIL_NAME.exec(name);
  if (m === null) return null;
  const start = utcStamp(m[1]);
  if (start === null) return null;
  const gzipName = m[3] !== undefined;
  if (m[2] === "not_terminated" || m[2] === "crash_recovery") {
    return { start, end: null, state: m[2], gzipName };
  }
  const end = utcStamp(m[2]);
  if (end === null) return null;
  return { start, end, state: "closed", gzipName };
}

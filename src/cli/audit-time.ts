/**
 * auditreduce's times, `YYYYMMDD[HH[MM[SS]]]`, read as wall-clock times in
 * a zone (the local one, `TZ`, for `bsm-trail reduce -a/-b/-d`).
 *
 * A wall time the clock showed once is that instant. One it never showed
 * (in the hour skipped when clocks go forward) is read with the offset
 * before the change, so it lands as far past the change as it was past the
 * skipped hour's start (02:30 on a 02:00 to 03:00 spring-forward day is
 * 03:30 daylight time). One it showed twice (in the hour repeated when
 * clocks go back) is the first of the two. That is what `mktime(3)` and
 * JavaScript's `Date` do; auditreduce instead reads every time as standard
 * time (it clears `tm_isdst`), an hour off all summer.
 *
 * @module
 */

import { type WallTimeInstant, wallTimeToInstant, type ZoneOffsets } from "../tables/time-zone";

/** A malformed or impossible time (the command makes it a usage error). */
export class AuditTimeError extends Error {}

/** Days in each month of a common year. */
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/**
 * The instant of an auditreduce time in `zone`, and whether the clock
 * showed it once, never (`gap`) or twice (`overlap`): see the module notes.
 *
 * @param text - `YYYYMMDD[HH[MM[SS]]]` (exactly `YYYYMMDD` with `dayOnly`)
 * @param zone - the zone the time is read in
 * @param dayOnly - `-d`: a day only
 * @throws AuditTimeError naming the text when it is malformed or names no date
 */
export function auditTimeIn(text: string, zone: ZoneOffsets, dayOnly = false): WallTimeInstant {
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(?:(\d{2})(\d{2})?)?)?$/.exec(text);
  if (m === null || (dayOnly && text.length !== 8)) {
    throw new AuditTimeError(
      `bad time ${JSON.stringify(text)}: expected ${dayOnly ? "YYYYMMDD" : "YYYYMMDD[HH[MM[SS]]]"}`,
    );
  }
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v)));
  const days = mo === 2 && isLeap(y) ? 29 : MONTH_DAYS[mo - 1];
  if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || s > 59) {
    throw new AuditTimeError(`bad time ${JSON.stringify(text)}: no such date or time`);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(y, mo - 1, d); // not Date.UTC: it reads years 0-99 as 1900-1999
  wall.setUTCHours(h, mi, s, 0);
  return wallTimeToInstant(wall.getTime() / 1000, zone);
}

/**
 * {@link auditTimeIn} as a `Date`.
 *
 * @param text - `YYYYMMDD[HH[MM[SS]]]` (exactly `YYYYMMDD` with `dayOnly`)
 * @param zone - the zone the time is read in
 * @param dayOnly - `-d`: a day only
 * @throws AuditTimeError naming the text when it is malformed or names no date
 */
export function auditTime(text: string, zone: ZoneOffsets, dayOnly = false): Date {
  return new Date(auditTimeIn(text, zone, dayOnly).seconds * 1000);
}

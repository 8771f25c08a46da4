/**
 * POSIX `TZ` rule strings, as the C library reads a `TZ` that is not a zone
 * file's name: `JST-9`, `<+0530>-5:30`, `EST5EDT,M3.2.0,M11.1.0`,
 * `AEST-10AEDT,M10.1.0,M4.1.0/3` (POSIX.1-2017, Base Definitions 8.3, with
 * the hours of a transition time allowed from -167 to 167 as glibc and the
 * TZif footer allow).
 *
 * @module
 */

/** A rule's day: Julian `Jn` (1-365, Feb 29 never counted), `n` (0-365), or `Mm.w.d`. */
type RuleDay =
  | { kind: "julian1"; day: number }
  | { kind: "julian0"; day: number }
  | { kind: "month"; month: number; week: number; weekday: number };

/** One of the two changes of a year: its day, and the local time of day it happens at. */
interface RuleChange {
  day: RuleDay;
  /** Seconds after local midnight (of the clock in effect before the change). */
  time: number;
}

/** A parsed POSIX `TZ` string. Offsets are seconds east of UTC. */
export interface PosixTz {
  /** Standard time's offset. */
  std: number;
  /** Daylight time's offset; undefined when the zone keeps standard time. */
  dst?: number;
  /** When daylight time starts and ends (local times). */
  start?: RuleChange;
  end?: RuleChange;
}

/** The rule glibc applies when a `TZ` names daylight time without saying when: the US's since 2007. */
const DEFAULT_RULE = ",M3.2.0,M11.1.0";

/** Days before each month in a common year. */
const CUM_DAYS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

/** Days from 1970-01-01 to `y`-01-01. */
function daysToYear(y: number): number {
  const d = new Date(0);
  d.setUTCFullYear(y, 0, 1);
  return Math.round(d.getTime() / 86400000);
}

/** A reader of one `TZ` string. */
class Cursor {
  i = 0;
  constructor(readonly s: string) {}

  /** A zone abbreviation: three or more letters, or `<...>` of letters, digits, `+` and `-`. */
  name(): boolean {
    const s = this.s;
    if (s[this.i] === "<") {
      const close = s.indexOf(">", this.i);
      if (close < 0 || close - this.i - 1 < 3) return false;
      if (!/^[A-Za-z0-9+-]+$/.test(s.slice(this.i + 1, close))) return false;
      this.i = close + 1;
      return true;
    }
    const m = /^[A-Za-z]{3,}/.exec(s.slice(this.i));
    if (m === null) return false;
    this.i += m[0].length;
    return true;
  }

  /** `[+-]hh[:mm[:ss]]` in seconds, hours up to `maxHours`; undefined if absent or malformed. */
  time(maxHours: number): number | undefined {
    const m = /^([+-])?(\d{1,3})(?::(\d{1,2})(?::(\d{1,2}))?)?/.exec(this.s.slice(this.i));
    if (m === null) return undefined;
    const h = Number(m[2]);
    const mi = Number(m[3] ?? 0);
    const se = Number(m[4] ?? 0);
    if (h > maxHours || mi > 59 || se > 59) return undefined;
    this.i += m[0].length;
    const v = h * 3600 + mi * 60 + se;
    return m[1] === "-" ? -v : v;
  }

  /** `Jn`, `n` or `Mm.w.d`, then `[/time]`. */
  change(): RuleChange | undefined {
    const rest = this.s.slice(this.i);
    let day: RuleDay;
    let m = /^J(\d{1,3})/.exec(rest);
    if (m !== null) {
      if (Number(m[1]) < 1 || Number(m[1]) > 365) return undefined;
      day = { kind: "julian1", day: Number(m[1]) };
    } else if ((m = /^(\d{1,3})/.exec(rest)) !== null) {
      if (Number(m[1]) > 365) return undefined;
      day = { kind: "julian0", day: Number(m[1]) };
    } else if ((m = /^M(\d{1,2})\.(\d)\.(\d)/.exec(rest)) !== null) {
      const [month, week, weekday] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (month < 1 || month > 12 || week < 1 || week > 5 || weekday > 6) return undefined;
      day = { kind: "month", month, week, weekday };
    } else {
      return undefined;
    }
    this.i += m[0].length;
    let time = 7200;
    if (this.s[this.i] === "/") {
      this.i++;
      const t = this.time(167);
      if (t === undefined) return undefined;
      time = t;
    }
    return { day, time };
  }
}

/**
 * Parses a POSIX `TZ` string (no leading `:`), or undefined when it is not
 * one. `EST5EDT` without a rule takes the US rule, as glibc does.
 *
 * @param tz - the string
 */
export function parsePosixTz(tz: string): PosixTz | undefined {
  const c = new Cursor(tz);
  if (!c.name()) return undefined;
  const std = c.time(24);
  if (std === undefined) return undefined;
  if (c.i === tz.length) return { std: -std };
  if (!c.name()) return undefined;
  let dst = std - 3600;
  if (c.i < tz.length && tz[c.i] !== ",") {
    const d = c.time(24);
    if (d === undefined) return undefined;
    dst = d;
  }
  const rule = c.i === tz.length ? new Cursor(DEFAULT_RULE) : c;
  if (rule.s[rule.i] !== ",") return undefined;
  rule.i++;
  const start = rule.change();
  if (start === undefined || rule.s[rule.i] !== ",") return undefined;
  rule.i++;
  const end = rule.change();
  if (end === undefined || rule.i !== rule.s.length) return undefined;
  return { std: -std, dst: -dst, start, end };
}

/** Days from 1970-01-01 to the rule day of year `y`. */
function ruleDayOf(day: RuleDay, y: number): number {
  const jan1 = daysToYear(y);
  if (day.kind === "julian0") return jan1 + day.day;
  if (day.kind === "julian1") {
    return jan1 + day.day - 1 + (isLeap(y) && day.day >= 60 ? 1 : 0);
  }
  const first = jan1 + CUM_DAYS[day.month - 1] + (isLeap(y) && day.month > 2 ? 1 : 0);
  const firstWeekday = (((first + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
  let d = first + ((day.weekday - firstWeekday + 7) % 7) + (day.week - 1) * 7;
  const monthDays =
    day.month === 2
      ? isLeap(y)
        ? 29
        : 28
      : [31, 0, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][day.month - 1];
  while (d >= first + monthDays) d -= 7; // week 5: the last such weekday
  return d;
}

/**
 * The offset in seconds east of UTC a POSIX `TZ` gives at `seconds` since
 * the epoch: daylight time from `start` (a local standard time) until `end`
 * (a local daylight time), in the year of the instant.
 *
 * @param tz - the parsed string
 * @param seconds - seconds since the epoch
 */
export function posixOffsetAt(tz: PosixTz, seconds: number): number {
  if (tz.dst === undefined || tz.start === undefined || tz.end === undefined) return tz.std;
  const y = new Date((seconds + tz.std) * 1000).getUTCFullYear();
  const start = ruleDayOf(tz.start.day, y) * 86400 + tz.start.time - tz.std;
  const end = ruleDayOf(tz.end.day, y) * 86400 + tz.end.time - tz.dst;
  const inDst = start < end ? seconds >= start && seconds < end : seconds < end || seconds >= start;
  return inDst ? tz.dst : tz.std;
}

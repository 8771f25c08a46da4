/**
 * Time zones as `localtime(3)` applies them: the offset from UTC of any
 * instant in a zone of the IANA database (daylight saving and historic
 * changes included), the process's local zone read from `TZ` as the C
 * library reads it, and wall-clock times converted back to instants.
 *
 * Offsets come from the runtime's time zone data (`Intl`, ICU's copy of the
 * IANA database), asked once per day of instants at most: {@link ZoneOffsets}
 * remembers the span of seconds it has checked to share one offset, so a
 * printer asks nothing per record.
 *
 * @module
 */

import { readlinkSync } from "node:fs";
import { type PosixTz, parsePosixTz, posixOffsetAt } from "./posix-tz";

/**
 * Names of the IANA database's zones that are UTC or a link to it (offset
 * 0 at every instant), answered without `Intl`: the first `Intl` time zone
 * object of a process maps ICU's zone data, about 8 MB of resident memory
 * (measured with `/usr/bin/time -f %M`), which a UTC printer does not need.
 */
const UTC_NAMES: ReadonlySet<string> = new Set([
  "UTC",
  "Etc/UTC",
  "UCT",
  "Etc/UCT",
  "GMT",
  "Etc/GMT",
  "GMT0",
  "Etc/GMT0",
  "GMT+0",
  "Etc/GMT+0",
  "GMT-0",
  "Etc/GMT-0",
  "Greenwich",
  "Etc/Greenwich",
  "Universal",
  "Etc/Universal",
  "Zulu",
  "Etc/Zulu",
]);

/**
 * Two changes of a zone's offset are never closer than this, so an offset
 * seen at both ends of a span this long holds all through it. The IANA
 * database's closest pair of offset changes is about 4 days apart
 * (Africa/Freetown, 1939); scanned once over every zone's TZif file
 * (`utoff` of consecutive transitions). A day keeps a factor of 4 in hand
 * and costs a sequential trail one `Intl` call per day of records.
 */
const SAFE_SPAN = 86400;

/**
 * `Date` and `Intl` take instants within 8.64e15 ms of the epoch; seconds
 * beyond (years past 275,000, which `ctime` cannot print anyway) get the
 * offset 0.
 */
const MAX_SECONDS = 8.64e12;

/** `GMT`, `GMT+05:30`, `GMT-07:52:58`: ICU's `longOffset` zone name. */
const LONG_OFFSET = /^GMT(?:([+-])(\d{1,2})(?::(\d{2}))?(?::(\d{2}))?)?$/;

/** Whether the runtime knows `name` as a time zone; its canonical name, or undefined. */
function canonicalZone(name: string): string | undefined {
  if (name === "") return undefined;
  if (UTC_NAMES.has(name)) return "UTC";
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}

/**
 * The offsets of one time zone from UTC, in seconds east (glibc's
 * `tm_gmtoff`: -25200 for 7 hours west), for any instant.
 *
 * It keeps the spans it has checked (state): each printer has its own, so
 * one printer's far-apart instants do not make another's look-ups miss.
 */
export class ZoneOffsets {
  /** The zone's canonical name (`UTC`, `America/Los_Angeles`). */
  readonly timeZone: string;
  /** Whether the zone is UTC (every offset 0, nothing to ask). */
  readonly isUtc: boolean;
  private readonly fmt: Intl.DateTimeFormat | null;
  /** The rule of a POSIX `TZ` string, when the zone is one (asked directly, no spans). */
  private readonly posix: PosixTz | undefined;
  /** `offset` holds for every second in [lo, hi] (checked, both ends included). */
  private lo = 1;
  private hi = 0;
  private offset = 0;
  /**
   * Another checked span, of another offset: the one across the last change
   * found (so records either side of a change each hit a span), or the span
   * before a jump to far instants.
   */
  private otherLo = 1;
  private otherHi = 0;
  private otherOffset = 0;
  /** Calls to the runtime's zone data so far (tests check the caching). */
  lookups = 0;

  /**
   * @param timeZone - an IANA zone name (`Europe/Paris`, `US/Pacific`) or
   *   `UTC`, as `Intl.DateTimeFormat` takes it, or a POSIX `TZ` rule string
   *   (`JST-9`, `EST5EDT,M3.2.0,M11.1.0`) that is not a zone name
   * @throws RangeError naming the zone when it is neither
   */
  constructor(timeZone: string) {
    const canonical = canonicalZone(timeZone);
    this.posix = canonical === undefined ? parsePosixTz(timeZone) : undefined;
    if (canonical === undefined && this.posix === undefined) {
      throw new RangeError(`unknown time zone ${JSON.stringify(timeZone)}`);
    }
    this.timeZone = canonical ?? timeZone;
    this.isUtc =
      canonical === "UTC" ||
      (this.posix !== undefined && this.posix.std === 0 && this.posix.dst === undefined);
    this.fmt =
      this.isUtc || this.posix !== undefined
        ? null
        : new Intl.DateTimeFormat("en-US", { timeZone: canonical, timeZoneName: "longOffset" });
  }

  /**
   * The offset in seconds east of UTC in effect at `seconds` since the
   * epoch (a whole number; fractions are cut towards minus infinity).
   */
  offsetAt(seconds: number): number {
    if (seconds >= this.lo && seconds <= this.hi) return this.offset;
    return this.miss(Math.floor(seconds));
  }

  /** The wall-clock seconds (`seconds` plus the offset then), as `localtime` shows them. */
  localSeconds(seconds: number): number {
    return seconds + this.offsetAt(seconds);
  }

  /** The offset at `t`, straight from the runtime's data. */
  private exact(t: number): number {
    this.lookups++;
    const fmt = this.fmt;
    if (fmt === null) return 0;
    for (const p of fmt.formatToParts(t * 1000)) {
      if (p.type !== "timeZoneName") continue;
      const m = LONG_OFFSET.exec(p.value);
      if (m === null) break;
      if (m[1] === undefined) return 0;
      const v = Number(m[2]) * 3600 + Number(m[3] ?? 0) * 60 + Number(m[4] ?? 0);
      return m[1] === "-" ? -v : v;
    }
    throw new RangeError(`time zone ${this.timeZone}: no offset readable at ${t}`);
  }

  /** Makes [lo, hi] at `offset` the current span, the current one the other. */
  private swap(lo: number, hi: number, offset: number): number {
    if (this.lo <= this.hi) {
      this.otherLo = this.lo;
      this.otherHi = this.hi;
      this.otherOffset = this.offset;
    }
    this.lo = lo;
    this.hi = hi;
    this.offset = offset;
    return offset;
  }

  /**
   * `t` outside the checked span: the other span, or the current one
   * extended by up to a day, or a new one.
   */
  private miss(t: number): number {
    if (!Number.isFinite(t) || t > MAX_SECONDS || t < -MAX_SECONDS) return 0;
    if (this.posix !== undefined && !this.isUtc) {
      // A rule is cheap to apply, and its daylight time can be any length.
      this.lookups++;
      return posixOffsetAt(this.posix, t);
    }
    if (this.fmt === null) {
      this.lo = -MAX_SECONDS;
      this.hi = MAX_SECONDS;
      this.offset = 0;
      return 0;
    }
    if (t >= this.otherLo && t <= this.otherHi) {
      return this.swap(this.otherLo, this.otherHi, this.otherOffset);
    }
    if (this.lo <= this.hi && t > this.hi && t - this.hi <= SAFE_SPAN) {
      // Check a whole day ahead: the next records of a trail fall in it.
      const end = Math.min(this.hi + SAFE_SPAN, MAX_SECONDS);
      const o = this.exact(end);
      if (o === this.offset) {
        this.hi = end;
        return o;
      }
      // One change within (hi, end]: find its first second.
      let a = this.hi; // offset here
      let b = end; // o here
      while (b - a > 1) {
        const m = a + Math.floor((b - a) / 2);
        if (this.exact(m) === this.offset) a = m;
        else b = m;
      }
      this.hi = a;
      if (t <= a) {
        this.otherLo = b;
        this.otherHi = end;
        this.otherOffset = o;
        return this.offset;
      }
      return this.swap(b, end, o);
    }
    if (this.lo <= this.hi && t < this.lo && this.lo - t <= SAFE_SPAN) {
      const start = Math.max(this.lo - SAFE_SPAN, -MAX_SECONDS);
      const o = this.exact(start);
      if (o === this.offset) {
        this.lo = start;
        return o;
      }
      let a = start; // o here
      let b = this.lo; // offset here
      while (b - a > 1) {
        const m = a + Math.floor((b - a) / 2);
        if (this.exact(m) === this.offset) b = m;
        else a = m;
      }
      this.lo = b;
      if (t >= b) {
        this.otherLo = start;
        this.otherHi = a;
        this.otherOffset = o;
        return this.offset;
      }
      return this.swap(start, a, o);
    }
    return this.swap(t, t, this.exact(t));
  }
}

/**
 * What a wall-clock time means in a zone: the instant, and whether the
 * clock showed that time never (a `gap`: skipped when clocks went
 * forward), once, or twice (an `overlap`: repeated when clocks went back).
 */
export interface WallTimeInstant {
  /** Seconds since the epoch. */
  seconds: number;
  /**
   * `exact`: shown once. `gap`: never shown; `seconds` is the wall time read
   * with the offset before the change, so the instant lies that far past the
   * change (02:30 in a gap from 02:00 to 03:00 gives 03:30 after it).
   * `overlap`: shown twice; `seconds` is the earlier of the two.
   */
  kind: "exact" | "gap" | "overlap";
}

/**
 * The instant a wall-clock time in a zone stands for (what `mktime(3)` and
 * JavaScript's `Date` do, and Temporal's `"compatible"` choice): the time
 * if the clock showed it once; the earlier instant in an overlap; in a gap,
 * the time read with the offset in effect before the gap.
 *
 * @param wallSeconds - the wall time as if it were UTC: `Date.UTC(y, m, d, h, mi, s) / 1000`
 * @param zone - the zone's offsets
 */
export function wallTimeToInstant(wallSeconds: number, zone: ZoneOffsets): WallTimeInstant {
  // The offsets a day either side of the wall time: any change near it lies between.
  const before = zone.offsetAt(wallSeconds - SAFE_SPAN);
  const after = zone.offsetAt(wallSeconds + SAFE_SPAN);
  const early = wallSeconds - before;
  const late = wallSeconds - after;
  const earlyOk = zone.offsetAt(early) === before;
  const lateOk = zone.offsetAt(late) === after;
  if (earlyOk && lateOk && early !== late)
    return { seconds: Math.min(early, late), kind: "overlap" };
  if (earlyOk) return { seconds: early, kind: "exact" };
  if (lateOk) return { seconds: late, kind: "exact" };
  return { seconds: early, kind: "gap" };
}

/** The local zone as {@link localTimeZone} found it, and how. */
export interface LocalZone {
  /** A name {@link ZoneOffsets} takes. */
  timeZone: string;
  /**
   * Why UTC was taken instead of `TZ`, when `TZ` is neither a zone name
   * the runtime knows nor a POSIX rule string (a misspelt name); undefined
   * when `TZ` was understood or unset.
   */
  problem?: string;
}

/** The zone name `/etc/localtime` links to (`.../zoneinfo/Etc/UTC`), if it is a link there. */
function systemZoneLink(): string | undefined {
  try {
    const target = readlinkSync("/etc/localtime");
    const at = target.lastIndexOf("zoneinfo/");
    return at < 0 ? undefined : target.slice(at + "zoneinfo/".length);
  } catch {
    return undefined;
  }
}

/**
 * The process's local time zone, read from `TZ` as the C library reads it:
 * unset means the system's zone (`/etc/localtime`, as the runtime found
 * it); empty means UTC; a leading `:` is dropped; a path into a
 * `zoneinfo` folder names the zone after it; a POSIX rule string
 * (`JST-9`, `EST5EDT,M3.2.0,M11.1.0`) that is no zone name is that rule.
 * Anything else gives UTC (glibc falls back to UTC for an unreadable zone
 * too) and says why.
 *
 * @param tz - the `TZ` value (default: `process.env.TZ`)
 */
export function localTimeZone(tz: string | undefined = process.env.TZ): LocalZone {
  if (tz === undefined) {
    // The system zone: /etc/localtime's link target names it (read here
    // so a UTC system needs no Intl), else as the runtime found it.
    const link = systemZoneLink();
    if (link !== undefined && UTC_NAMES.has(link)) return { timeZone: "UTC" };
    const system = new Intl.DateTimeFormat().resolvedOptions().timeZone;
    return { timeZone: canonicalZone(system ?? "") ?? "UTC" };
  }
  let name = tz.startsWith(":") ? tz.slice(1) : tz;
  if (name === "") return { timeZone: "UTC" };
  const at = name.lastIndexOf("zoneinfo/");
  if (name.startsWith("/") && at >= 0) name = name.slice(at + "zoneinfo/".length);
  const known = canonicalZone(name);
  if (known !== undefined) return { timeZone: known };
  if (parsePosixTz(name) !== undefined) return { timeZone: name };
  return {
    timeZone: "UTC",
    problem: `TZ=${JSON.stringify(tz)} is neither a time zone name this runtime knows nor a POSIX TZ rule; times are UTC`,
  };
}

/**
 * The time zone a command prints or reads times in: `--utc`, `--tz ZONE`,
 * or the local zone from `TZ` as praudit and auditreduce take it.
 *
 * @module
 */

import { localTimeZone, ZoneOffsets } from "../tables/time-zone";
import { UsageError } from "./usage";

/** Warnings already given (reduce reads up to three times: one warning will do). */
const warned = new Set<string>();

/** The time zone options of a command line, as `parseArgs` gives them. */
export interface TimeZoneFlags {
  /** `--utc`. */
  utc?: boolean;
  /** `--tz ZONE`. */
  tz?: string;
}

/**
 * The zone name the flags choose: `UTC` with `--utc`, ZONE with `--tz`
 * (a usage error when the runtime does not know it), else the local zone
 * from `TZ`; a `TZ` naming no zone the runtime knows gives UTC and a
 * warning on standard error (once per process).
 *
 * @param flags - the parsed `--utc` and `--tz`
 * @param warn - where the warning goes (default standard error)
 */
export function timeZoneOf(
  flags: Readonly<TimeZoneFlags>,
  warn: (line: string) => void = (line) => process.stderr.write(line),
): string {
  if (flags.utc && flags.tz !== undefined)
    throw new UsageError("--utc and --tz cannot be used together");
  if (flags.utc) return "UTC";
  if (flags.tz !== undefined) {
    try {
      return new ZoneOffsets(flags.tz).timeZone;
    } catch {
      throw new UsageError(`--tz: unknown time zone ${JSON.stringify(flags.tz)}`);
    }
  }
  const local = localTimeZone();
  if (local.problem !== undefined && !warned.has(local.problem)) {
    warned.add(local.problem);
    warn(`bsm-trail: ${local.problem}\n`);
  }
  return local.timeZone;
}

/**
 * `bsm-trail stats [--json] [--top N] [--what-if FLAGS]... [--naflags FLAGS]
 * [--config DIR] [--disk SIZE] [--passwd FILE] [--utc | --tz ZONE]
 * [reduce's options] [--merge] [file|dir ...]`: a trail's volume (records
 * and bytes by event, class, user, executable, hour, day), and what
 * candidate audit flags would have kept. Every input of praudit (standard
 * input when no file is named, directories, gzip, `--merge`); `--follow`
 * is refused (statistics need an end). Reduce's selection options count
 * only the records they select.
 *
 * @module
 */

import { formatStatsText } from "../stats/stats-text";
import { optionValue } from "./json-command";
import { parseSelectionArgs } from "./reduce-command";
import { runStats, STATS_RUN_LONG, statsRunOf } from "./stats-args";
import { UsageError } from "./usage";

/** Usage of `bsm-trail stats`. */
export const STATS_USAGE = `usage: bsm-trail stats [--json] [--top N] [--what-if FLAGS]... [--naflags FLAGS]
                       [--config DIR] [--disk SIZE] [--passwd FILE] [--utc | --tz ZONE]
                       [reduce's options] [--merge] [file|dir ...]

A trail's volume in one pass: records and bytes in total and by event, class,
audit user, executable, hour of day and day; failures; first and last time;
bytes per day (standard input when no file is named; directories, gzip).

  --json            one JSON object (records, bytes, first, last, byEvent, byClass,
                    byUser, byExecutable, byHour, byDay, timeline, whatIf...)
  --top N           rows per table in the text output (default 10)
  --what-if FLAGS   a candidate audit_control flags line (repeatable): the records
                    and bytes it would have kept, bytes per day
  --naflags FLAGS   the naflags applied with every candidate (default: --config's
                    naflags, else each candidate's flags)
  --config DIR      the audit configuration the trail was recorded under: its
                    audit_class, audit_event, audit_user (names need --passwd);
                    classes beyond its masks are named not measurable; its filesz,
                    expire-after and minfree give files per day and days of history
  --disk SIZE       disk given to the trail (1024M, 20G): days until minfree
  --passwd FILE     user names (and audit_user's uids)
  --utc, --tz ZONE  hours and days in UTC or a zone (default: local, TZ)
  --events FILE, --apple-events   the audit_event table (default: --config's, else OpenBSM's)
  --merge           merge the inputs (hosts' directories or files) in time order
  --strict          stop at the first damage (exit status 1)
  --progress        report progress on standard error
  reduce's options (-m, -c, -u, -a, -b, -o file=...) count only the records they select.

exit status: 0 success, 1 damage reported or a file unreadable, 2 usage error.
`;

/** The long options `stats` adds to reduce's: its own and those it shares with `report` (stats-args.ts). */
const STATS_LONG = { ...STATS_RUN_LONG, json: false, top: true };

/** Runs `bsm-trail stats` with its arguments; resolves to the exit status. */
export async function statsCommand(argv: string[]): Promise<number> {
  const args = parseSelectionArgs(argv, STATS_LONG);
  const has = (name: string) => args.given.has(name);
  if (args.help) {
    process.stdout.write(STATS_USAGE);
    return 0;
  }
  if (has("follow")) throw new UsageError("--follow is not supported: statistics need an end");
  const topText = optionValue(args, "top");
  const top = topText === undefined ? undefined : Number(topText);
  if (top !== undefined && !(Number.isInteger(top) && top > 0)) {
    throw new UsageError(`--top must be a positive whole number, not ${JSON.stringify(topText)}`);
  }
  const run = statsRunOf(args);
  const { stats, status } = await runStats(args, run, run.whatIf);
  if (stats === undefined) return status;
  process.stdout.write(
    has("json")
      ? `${JSON.stringify(stats)}\n`
      : formatStatsText(stats, top === undefined ? {} : { top }),
  );
  return status;
}

/**
 * The options `bsm-trail stats` and `bsm-trail report` share, read once:
 * `--what-if FLAGS` (repeatable), `--naflags FLAGS`, `--config DIR`,
 * `--disk SIZE`, `--passwd FILE`, `--utc`/`--tz ZONE`, `--events`/
 * `--apple-events`, reduce's selection, `--merge`, `--strict`,
 * `--progress`; and the `trailStats` run they describe, with its failures
 * reported as every command reports them.
 *
 * @module
 */

import { parseSize } from "../config/control-values";
import { type AuditConfig, loadAuditConfig } from "../config/load";
import { readTextFile } from "../io/text-file";
import type { TrailStats } from "../stats/stats-types";
import { type TrailStatsOptions, trailStats } from "../stats/trail-stats";
import { AuditFlagsError } from "../tables/audit-flags";
import { parsePasswd } from "../tables/users";
import { BsmError } from "../wire/errors";
import { optionValue } from "./json-command";
import { notice, progressReporter } from "./output";
import type { ReduceArgs } from "./reduce-command";
import { timeZoneOf } from "./time-zone-option";
import { UsageError } from "./usage";

/** The long options both commands add to reduce's (name → takes an argument). */
export const STATS_RUN_LONG: Readonly<Record<string, boolean>> = Object.freeze({
  "what-if": true,
  naflags: true,
  config: true,
  disk: true,
  utc: false,
  tz: true,
  progress: false,
  follow: false,
});

/** A `trailStats` run as the command line describes it. */
export interface StatsRun {
  /** The configuration of `--config`, when given. */
  config: AuditConfig | undefined;
  /** `--config`'s directory, when given. */
  configDir: string | undefined;
  /** The candidates of `--what-if`, in order (empty when none was given). */
  whatIf: string[];
  /** `trailStats`'s options but `whatIf` and the callbacks. */
  options: Partial<TrailStatsOptions>;
}

/** `--disk SIZE` (`1024M`, `20G`, as audit_control's `filesz`), or undefined. */
function diskOf(args: ReduceArgs): number | undefined {
  const text = optionValue(args, "disk");
  if (text === undefined) return undefined;
  const r = parseSize(text);
  if (r.error !== undefined) throw new UsageError(`--disk: ${r.error}`);
  if (r.value === 0) throw new UsageError("--disk: a disk of 0 bytes holds nothing");
  return r.value;
}

/** Login names of a passwd file (read through the side-file size limit; an unreadable one is an error). */
function passwdNames(path: string): ReadonlyMap<number, string> {
  return parsePasswd(readTextFile(path, { what: "passwd file" }));
}

/**
 * Reads the shared options of parsed arguments (`parseSelectionArgs` with
 * {@link STATS_RUN_LONG}). A configuration file that cannot be used is
 * reported on standard error and read as empty, as `config check` does.
 *
 * @throws UsageError for `--follow`, a bad `--disk`, `--utc` with `--tz`
 * @throws `IoError` when `--config`'s directory or `--passwd` cannot be read
 */
export function statsRunOf(args: ReduceArgs): StatsRun {
  const has = (name: string) => args.given.has(name);
  if (has("follow")) throw new UsageError("--follow is not supported: statistics need an end");
  const diskBytes = diskOf(args);
  const timeZone = timeZoneOf({ utc: has("utc"), tz: optionValue(args, "tz") });
  const passwd = optionValue(args, "passwd");
  const configDir = optionValue(args, "config");
  let config: AuditConfig | undefined;
  if (configDir !== undefined) {
    config = loadAuditConfig(configDir, passwd === undefined ? {} : { passwd });
    for (const p of config.problems) notice(p.path, p.message);
  }
  const tableGiven = has("events") || has("apple-events");
  const selection = args.selects ? args.selection : undefined;
  return {
    config,
    configDir,
    whatIf: args.given.get("what-if") ?? [],
    options: {
      table: tableGiven || config === undefined ? args.selection.table : config.table,
      timeZone,
      userNames: config?.passwd ?? (passwd === undefined ? undefined : passwdNames(passwd)),
      selection,
      after:
        selection?.all || selection?.after === undefined ? undefined : new Date(selection.after),
      naflags: optionValue(args, "naflags"),
      config,
      diskBytes,
      merge: args.merge,
      strict: args.strict,
    },
  };
}

/** What {@link runStats} returns: the statistics (undefined when the run stopped) and the exit status. */
export interface StatsOutcome {
  /** The statistics; undefined when a `--strict` damage or an unreadable input stopped the run. */
  stats: TrailStats | undefined;
  /** 0, or 1 when damage or an unreadable input was reported. */
  status: number;
}

/**
 * Runs `trailStats` on the inputs with `whatIf` as candidates: damage and
 * unreadable inputs are reported on standard error (exit status 1),
 * `--progress` on standard error.
 *
 * @throws UsageError when a candidate or `--naflags` names an unknown class
 */
export async function runStats(
  args: ReduceArgs,
  run: StatsRun,
  whatIf: readonly string[],
): Promise<StatsOutcome> {
  let status = 0;
  const progress = progressReporter(args.given.has("progress"));
  const fail = (e: BsmError) => {
    status = 1;
    process.stderr.write(`bsm-trail: ${e.message}\n`);
  };
  try {
    const stats = await trailStats(args.files, {
      ...run.options,
      whatIf,
      onError: fail,
      onSkip: notice,
      onInputs: (inputs) => progress.expect(inputs),
      onRead: progress.tick,
    });
    progress.done();
    return { stats, status };
  } catch (e) {
    if (e instanceof AuditFlagsError) {
      throw new UsageError(`--what-if/--naflags: unknown class ${JSON.stringify(e.className)}`);
    }
    if (!(e instanceof BsmError)) throw e;
    fail(e);
    progress.done();
    return { stats: undefined, status };
  }
}

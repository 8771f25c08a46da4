/**
 * The `bsm-trail reduce` command: OpenBSM's auditreduce. Selects records
 * from trails (standard input when no file is named) and writes them raw to
 * standard output, so `bsm-trail reduce -m AUE_EXECVE trail | bsm-trail
 * praudit` prints the execve records.
 *
 * Options are auditreduce's, read as it reads them, with usage errors
 * (exit status 2) where auditreduce silently ignores an option: an unknown
 * user or group name, a malformed time or number, an unknown `-o` type.
 * Times are local (`TZ`), `YYYYMMDD[HH[MM[SS]]]`; unlike auditreduce, which
 * converts them with daylight saving time forced off, they are read as the
 * local clock shows them.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import {
  type FilePattern,
  parseClassFlags,
  parseFileSpec,
  type ReduceOptions,
  type ReduceSelection,
  reduceStream,
  reduceTrail,
} from "../api/reduce";
import { eventBitmap } from "../api/select";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { ZoneOffsets } from "../tables/time-zone";
import { type HostIds, loadHostIds } from "../tables/users";
import type { BsmError } from "../wire/errors";
import { AuditTimeError, auditTime } from "./audit-time";
import { timeZoneOf } from "./time-zone-option";

/** Usage of `bsm-trail reduce`. */
export const REDUCE_USAGE = `usage: bsm-trail reduce [-A] [-a time] [-b time] [-c classes] [-d day] [-e user] [-f group]
                        [-g group] [-j pid] [-m event]... [-o type=value]... [-r user] [-u user] [-v]
                        [--events FILE [--classes FILE] | --apple-events] [--passwd FILE] [--group FILE]
                        [--strict] [file ...]

Select records from trails (standard input when no file is named; gzip'd
trails are recognised) and write them raw to standard output, as OpenBSM's
auditreduce does. A record must satisfy every option given.

  -m event    event name or number (repeatable: any of them)
  -c classes  audit classes, e.g. lo,+ex,-fc (+ successes only, - failures only, ^ remove;
              a list that starts with - is attached: -c-ex)
  -a time     on or after time        -b time  before time (the second of time included)
  -d day      on that day (YYYYMMDD)  times are local: YYYYMMDD[HH[MM[SS]]]
  -A          every record with a header (overrides -a, -b, -d)
  -u user     audit user (name or uid; -u-1 for unset)   -e user   effective user
  -r user     real user                    -f group  effective group
  -g group    real group                   -j pid    subject process id
  -o file=RE[,RE...]  every path matches the first RE that matches it; ~RE excludes
  -o pid=N | msgqid=N | semid=N | shmid=N   process object, IPC object id
  -v          select the records the other options do not
  --events FILE   audit_event table (audit_class beside it, or --classes FILE)
  --apple-events  the bundled Apple tables       --passwd FILE, --group FILE   name lookups
  --strict        stop at the first damage (exit status 1)

exit status: 0 success, 1 damage reported or a file unreadable, 2 usage error.
`;

class ReduceUsageError extends Error {}

/**
 * An auditreduce time, `YYYYMMDD[HH[MM[SS]]]`, as local time (`TZ`); a
 * time in a daylight-saving gap or overlap is read as audit-time.ts says.
 *
 * @param text - the option's value
 * @param dayOnly - `-d`: exactly `YYYYMMDD`
 */
export function parseAuditTime(text: string, dayOnly = false): Date {
  try {
    return auditTime(text, new ZoneOffsets(timeZoneOf({})), dayOnly);
  } catch (e) {
    throw e instanceof AuditTimeError ? new ReduceUsageError(e.message) : e;
  }
}

function single(values: string[] | undefined, flag: string): string | undefined {
  if (values === undefined) return undefined;
  if (values.length > 1) throw new ReduceUsageError(`-${flag} given more than once`);
  return values[0];
}

function number32(text: string, what: string): number {
  if (!/^-?\d{1,10}$/.test(text)) throw new ReduceUsageError(`${what} must be a number: ${text}`);
  const v = Number(text);
  if (v < -0x80000000 || v > 0xffffffff)
    throw new ReduceUsageError(`${what} out of range: ${text}`);
  return v >>> 0;
}

/** The parsed command line. */
interface ReduceArgs {
  help: boolean;
  selection: Partial<ReduceSelection>;
  files: string[];
  strict: boolean;
}

function parseReduceArgs(argv: string[]): ReduceArgs {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      A: { type: "boolean", short: "A" },
      a: { type: "string", short: "a", multiple: true },
      b: { type: "string", short: "b", multiple: true },
      c: { type: "string", short: "c", multiple: true },
      d: { type: "string", short: "d", multiple: true },
      e: { type: "string", short: "e", multiple: true },
      f: { type: "string", short: "f", multiple: true },
      g: { type: "string", short: "g", multiple: true },
      j: { type: "string", short: "j", multiple: true },
      m: { type: "string", short: "m", multiple: true },
      o: { type: "string", short: "o", multiple: true },
      r: { type: "string", short: "r", multiple: true },
      u: { type: "string", short: "u", multiple: true },
      v: { type: "boolean", short: "v" },
      events: { type: "string" },
      classes: { type: "string" },
      "apple-events": { type: "boolean" },
      passwd: { type: "string" },
      group: { type: "string" },
      strict: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const files = positionals.length > 0 ? positionals : ["-"];
  if (values.help) return { help: true, selection: {}, files, strict: false };

  let table: EventTable = openbsmEvents();
  if (values["apple-events"]) table = appleEvents();
  if (values.events !== undefined) {
    const beside = join(dirname(values.events), "audit_class");
    const classes = values.classes ?? (existsSync(beside) ? beside : undefined);
    table = loadEventTable(values.events, classes);
  } else if (values.classes !== undefined) {
    throw new ReduceUsageError("--classes needs --events");
  }
  const sel: Partial<ReduceSelection> = { table };

  if (values.m !== undefined) {
    eventBitmap({ events: values.m, table }); // names an unknown event
    sel.events = values.m;
  }
  if (values.c !== undefined) {
    parseClassFlags(values.c, table); // names an unknown class
    sel.classes = values.c;
  }
  const a = single(values.a, "a");
  const b = single(values.b, "b");
  const d = single(values.d, "d");
  if (d !== undefined && (a !== undefined || b !== undefined)) {
    throw new ReduceUsageError("-d cannot be used with -a or -b");
  }
  if (a !== undefined) sel.after = parseAuditTime(a);
  // auditreduce keeps a record whose second is -b's second.
  if (b !== undefined) sel.before = new Date(parseAuditTime(b).getTime() + 1000);
  if (d !== undefined) {
    const day = parseAuditTime(d, true);
    sel.after = day;
    const last = parseAuditTime(`${d}235959`);
    sel.before = new Date(last.getTime() + 1000);
  }
  if (values.A) sel.all = true;
  if (values.v) sel.invert = true;

  let ids: HostIds | undefined;
  const hostIds = () => (ids ??= loadHostIds({ passwd: values.passwd, group: values.group }));
  const user = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (/^-?\d+$/.test(v)) return number32(v, `-${flag}`);
    const id = hostIds().users.get(v);
    if (id === undefined) throw new ReduceUsageError(`-${flag}: unknown user ${v}`);
    return id;
  };
  const group = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (/^-?\d+$/.test(v)) return number32(v, `-${flag}`);
    const id = hostIds().groups.get(v);
    if (id === undefined) throw new ReduceUsageError(`-${flag}: unknown group ${v}`);
    return id;
  };
  sel.auid = user("u", single(values.u, "u"));
  sel.euid = user("e", single(values.e, "e"));
  sel.ruid = user("r", single(values.r, "r"));
  sel.egid = group("f", single(values.f, "f"));
  sel.rgid = group("g", single(values.g, "g"));
  const j = single(values.j, "j");
  if (j !== undefined) sel.subjectPid = number32(j, "-j");

  const filePatterns: FilePattern[] = [];
  let files_ = false;
  for (const o of values.o ?? []) {
    const eq = o.indexOf("=");
    if (eq < 0) throw new ReduceUsageError(`-o ${o}: expected type=value`);
    const type = o.slice(0, eq);
    const value = o.slice(eq + 1);
    const once = (key: "objectPid" | "msgqid" | "semid" | "shmid") => {
      if (sel[key] !== undefined) throw new ReduceUsageError(`-o ${type}= given more than once`);
      sel[key] = number32(value, `-o ${type}`);
    };
    switch (type) {
      case "file":
        filePatterns.push(...parseFileSpec(value));
        files_ = true;
        break;
      case "pid":
        once("objectPid");
        break;
      case "msgqid":
        once("msgqid");
        break;
      case "semid":
        once("semid");
        break;
      case "shmid":
        once("shmid");
        break;
      case "sock":
        throw new ReduceUsageError(
          "-o sock= is not supported: auditreduce accepts it but no token is ever checked against it",
        );
      default:
        throw new ReduceUsageError(`-o ${type}=: unknown object type`);
    }
  }
  if (files_) sel.file = filePatterns;
  for (const k of Object.keys(sel) as (keyof ReduceSelection)[]) {
    if (sel[k] === undefined) delete sel[k];
  }
  return { help: false, selection: sel, files, strict: !!values.strict };
}

/**
 * Runs `bsm-trail reduce` with `argv` (the arguments after `reduce`),
 * writing selected records to standard output.
 *
 * @returns the exit status: 0 success, 1 damage reported or a file
 *   unreadable, 2 usage error
 */
export async function reduceCommand(argv: string[]): Promise<number> {
  let args: ReduceArgs;
  try {
    args = parseReduceArgs(argv);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (
      e instanceof ReduceUsageError ||
      e instanceof RangeError ||
      code?.startsWith("ERR_PARSE_ARGS")
    ) {
      process.stderr.write(`bsm-trail: reduce: ${(e as Error).message}\n\n${REDUCE_USAGE}`);
      return 2;
    }
    // An unreadable --events, --classes, --passwd or --group file.
    process.stderr.write(`bsm-trail: reduce: ${(e as Error).message}\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(REDUCE_USAGE);
    return 0;
  }
  let status = 0;
  for (const file of args.files) {
    const options: Partial<ReduceOptions> = {
      strict: args.strict,
      onError: (e: BsmError) => {
        status = 1;
        process.stderr.write(`bsm-trail: ${e.message}\n`);
      },
      fileName: file === "-" ? "(stdin)" : file,
    };
    try {
      if (file === "-") await reduceStream(process.stdin, args.selection, process.stdout, options);
      else await reduceTrail(file, args.selection, process.stdout, options);
    } catch (e) {
      status = 1;
      const err = e as NodeJS.ErrnoException;
      process.stderr.write(`bsm-trail: ${err.code ? `${file}: ${err.message}` : err.message}\n`);
      if (args.strict) break;
    }
  }
  return status;
}

/**
 * The `bsm-trail reduce` command: OpenBSM's auditreduce. Selects records
 * from trails (standard input when no file is named) and writes them raw to
 * standard output, so `bsm-trail reduce -m AUE_EXECVE trail | bsm-trail
 * praudit` prints the execve records.
 *
 * Options are auditreduce's, read as BSD's getopt reads them (getopt.ts:
 * `-c -fr`, `-m -1`, `-vA`, `--`; options before file names), with usage
 * errors (one line, exit status 2) where auditreduce silently ignores an
 * option: an unknown user or group name, a malformed time or number, an
 * unknown `-o` type. Event names are looked up in any case, `AUE_`
 * optional (`-m execve`; see `EventTable.lookupName`).
 * Times are local (`TZ`), `YYYYMMDD[HH[MM[SS]]]`; unlike auditreduce, which
 * converts them with daylight saving time forced off, they are read as the
 * local clock shows them.
 *
 * @module
 */

import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  type FilePattern,
  parseClassFlags,
  parseFileSpec,
  type ReduceSelection,
  reduceTrails,
} from "../api/reduce";
import { eventBitmap } from "../api/select";
import { AuditFlagsError } from "../tables/audit-flags";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { ZoneOffsets } from "../tables/time-zone";
import { type HostIds, loadHostIds } from "../tables/users";
import { BsmError } from "../wire/errors";
import { AuditTimeError, auditTime } from "./audit-time";
import { isWriteError } from "./failure";
import { type GetoptSpec, getopt } from "./getopt";
import { notice } from "./output";
import { timeZoneOf } from "./time-zone-option";
import { UsageError } from "./usage";

/** Usage of `bsm-trail reduce`. */
export const REDUCE_USAGE = `usage: bsm-trail reduce [-A] [-a time] [-b time] [-c classes] [-d day] [-e user] [-f group]
                        [-g group] [-j pid] [-m event]... [-o type=value]... [-r user] [-u user] [-v]
                        [--events FILE [--classes FILE] | --apple-events] [--passwd FILE] [--group FILE]
                        [--strict] [--merge] [file|dir ...]

Select records from trails (standard input when no file is named; gzip'd
trails are recognised; a directory is read as auditd writes /var/audit) and
write them raw to standard output, as OpenBSM's auditreduce does. A record
must satisfy every option given.

  -m event    event name (any case; AUE_ may be left out) or number (repeatable: any of them)
  -c classes  audit classes, e.g. lo,+ex,-fc (+ successes only, - failures only, ^ remove)
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
  --merge         merge the inputs (hosts' directories or files) in time order

Options go before file names, as auditreduce's getopt reads them: an option's argument
is the next word whatever it starts with (-c -fr), flags cluster (-vA), -- ends options.

exit status: 0 success, 1 damage reported, a file unreadable or output unwritable,
2 usage error.
`;

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
    throw e instanceof AuditTimeError ? new UsageError(e.message) : e;
  }
}

function single(values: string[] | undefined, flag: string): string | undefined {
  if (values === undefined) return undefined;
  if (values.length > 1) throw new UsageError(`-${flag} given more than once`);
  return values[0];
}

function number32(text: string, what: string): number {
  if (!/^-?\d{1,10}$/.test(text)) {
    throw new UsageError(`${what}: not a number: ${JSON.stringify(text)}`);
  }
  const v = Number(text);
  if (v < -0x80000000 || v > 0xffffffff) throw new UsageError(`${what}: out of range: ${text}`);
  return v >>> 0;
}

/** The parsed command line. */
export interface ReduceArgs {
  help: boolean;
  selection: Partial<ReduceSelection>;
  files: string[];
  strict: boolean;
  merge: boolean;
  /** Every option given, by name (a long option's name, or a letter), with its values in order. */
  given: ReadonlyMap<string, string[]>;
  /** True when a selection option (a letter other than -h) was given. */
  selects: boolean;
}

/**
 * The options of `bsm-trail reduce`: auditreduce's letters (`-h` added),
 * read by getopt.ts as BSD's getopt reads auditreduce's, and long options.
 */
const REDUCE_OPTIONS: GetoptSpec = {
  short: "Aa:b:c:d:e:f:g:hj:m:o:r:u:v",
  long: {
    events: true,
    classes: true,
    "apple-events": false,
    passwd: true,
    group: true,
    strict: false,
    merge: false,
    help: false,
  },
};

/** Runs `f`, turning a RangeError or UsageError (a bad value for `flag`) into a usage error naming it. */
function checked<T>(flag: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof AuditFlagsError) {
      throw new UsageError(`${flag}: unknown class ${JSON.stringify(e.className)}`);
    }
    if (e instanceof RangeError || e instanceof UsageError) {
      throw new UsageError(`${flag}: ${e.message}`);
    }
    throw e;
  }
}

/**
 * Reads reduce's options (auditreduce's letters and reduce's long options)
 * into a selection: `reduce`'s own parser, and that of every command that
 * selects as reduce does (`json`, `export`), with `extraLong` options of
 * its own (name → takes an argument). Without `objectFilters`, `-o` is
 * left to the command (`export -o OUT`).
 */
export function parseSelectionArgs(
  argv: string[],
  extraLong: Readonly<Record<string, boolean>> = {},
  objectFilters = true,
): ReduceArgs {
  const { options, operands } = getopt(argv, {
    short: REDUCE_OPTIONS.short,
    long: { ...REDUCE_OPTIONS.long, ...extraLong },
  });
  const given = new Map<string, string[]>();
  for (const { name, value } of options) {
    let list = given.get(name);
    if (list === undefined) given.set(name, (list = []));
    list.push(value ?? "");
  }
  const values = (name: string) => given.get(name);
  const last = (name: string) => given.get(name)?.at(-1);
  const has = (name: string) => given.has(name);
  const files = operands.length > 0 ? operands : ["-"];
  const selects = options.some(
    (o) => o.name.length === 1 && o.name !== "h" && (objectFilters || o.name !== "o"),
  );
  if (has("h") || has("help")) {
    return { help: true, selection: {}, files, strict: false, merge: false, given, selects };
  }

  const events = last("events");
  const classesFile = last("classes");
  let table: EventTable = openbsmEvents();
  if (has("apple-events")) table = appleEvents();
  if (events !== undefined) {
    const beside = join(dirname(events), "audit_class");
    const classes = classesFile ?? (existsSync(beside) ? beside : undefined);
    table = loadEventTable(events, classes);
  } else if (classesFile !== undefined) {
    throw new UsageError("--classes needs --events");
  }
  const sel: Partial<ReduceSelection> = { table };

  const m = values("m");
  if (m !== undefined) {
    for (const e of m) checked("-m", () => eventBitmap({ events: [e], table })); // names an unknown event
    sel.events = m;
  }
  const c = values("c");
  if (c !== undefined) {
    for (const flags of c) checked("-c", () => parseClassFlags(flags, table)); // names an unknown class
    sel.classes = c;
  }
  const a = single(values("a"), "a");
  const b = single(values("b"), "b");
  const d = single(values("d"), "d");
  if (d !== undefined && (a !== undefined || b !== undefined)) {
    throw new UsageError("-d cannot be used with -a or -b");
  }
  if (a !== undefined) sel.after = checked("-a", () => parseAuditTime(a));
  // auditreduce keeps a record whose second is -b's second.
  if (b !== undefined) {
    sel.before = new Date(checked("-b", () => parseAuditTime(b)).getTime() + 1000);
  }
  if (d !== undefined) {
    const day = checked("-d", () => parseAuditTime(d, true));
    sel.after = day;
    const last = parseAuditTime(`${d}235959`);
    sel.before = new Date(last.getTime() + 1000);
  }
  if (has("A")) sel.all = true;
  if (has("v")) sel.invert = true;

  let ids: HostIds | undefined;
  const hostIds = () => (ids ??= loadHostIds({ passwd: last("passwd"), group: last("group") }));
  const user = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (/^-?\d+$/.test(v)) return number32(v, `-${flag}`);
    const id = hostIds().users.get(v);
    if (id === undefined) throw new UsageError(`-${flag}: unknown user ${JSON.stringify(v)}`);
    return id;
  };
  const group = (flag: string, v: string | undefined): number | undefined => {
    if (v === undefined) return undefined;
    if (/^-?\d+$/.test(v)) return number32(v, `-${flag}`);
    const id = hostIds().groups.get(v);
    if (id === undefined) throw new UsageError(`-${flag}: unknown group ${JSON.stringify(v)}`);
    return id;
  };
  sel.auid = user("u", single(values("u"), "u"));
  sel.euid = user("e", single(values("e"), "e"));
  sel.ruid = user("r", single(values("r"), "r"));
  sel.egid = group("f", single(values("f"), "f"));
  sel.rgid = group("g", single(values("g"), "g"));
  const j = single(values("j"), "j");
  if (j !== undefined) sel.subjectPid = number32(j, "-j");

  const filePatterns: FilePattern[] = [];
  let files_ = false;
  // `export -o OUT` names its output: no object filter there.
  for (const o of objectFilters ? (values("o") ?? []) : []) {
    const eq = o.indexOf("=");
    if (eq < 0) throw new UsageError(`-o ${JSON.stringify(o)}: expected type=value`);
    const type = o.slice(0, eq);
    const value = o.slice(eq + 1);
    const once = (key: "objectPid" | "msgqid" | "semid" | "shmid") => {
      if (sel[key] !== undefined) throw new UsageError(`-o ${type}= given more than once`);
      sel[key] = number32(value, `-o ${type}`);
    };
    switch (type) {
      case "file":
        filePatterns.push(...checked("-o file=", () => parseFileSpec(value)));
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
        throw new UsageError(
          "-o sock= is not supported: auditreduce accepts it but no token is ever checked against it",
        );
      default:
        throw new UsageError(`-o ${type}=: unknown object type`);
    }
  }
  if (files_) sel.file = filePatterns;
  for (const k of Object.keys(sel) as (keyof ReduceSelection)[]) {
    if (sel[k] === undefined) delete sel[k];
  }
  return {
    help: false,
    selection: sel,
    files,
    strict: has("strict"),
    merge: has("merge"),
    given,
    selects,
  };
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
    args = parseSelectionArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) throw e; // one line, exit status 2 (main.ts)
    // An unreadable --events, --classes, --passwd or --group file.
    process.stderr.write(`bsm-trail: reduce: ${(e as Error).message}\n`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(REDUCE_USAGE);
    return 0;
  }
  let status = 0;
  try {
    await reduceTrails(args.files, args.selection, process.stdout, {
      strict: args.strict,
      merge: args.merge,
      onError: (e: BsmError) => {
        status = 1;
        process.stderr.write(`bsm-trail: ${e.message}\n`);
      },
      onSkip: notice,
    });
  } catch (e) {
    // Standard output unwritable: the end (failure.ts).
    if (isWriteError(e) || !(e instanceof BsmError)) throw e;
    status = 1;
    process.stderr.write(`bsm-trail: ${e.message}\n`);
  }
  return status;
}

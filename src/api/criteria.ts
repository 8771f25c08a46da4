/**
 * The selection model: what {@link ReduceSelection} asks for, compiled
 * ({@link Criteria}) and applied to what the framer emits ({@link Selector}).
 * `reduceTrail` and its siblings use all of it; `selectRecords` and its
 * siblings compile their {@link Selection} (events and classes, any of
 * them) into the same criteria and run the same framer, which tests events
 * and classes itself through a 65,536-entry bitmap.
 *
 * How each filter is checked is told in `reduce.ts`'s module notes.
 *
 * @module
 */

import { createRequire } from "node:module";
import type { RE2JS as Re2 } from "re2js";
import type { Token } from "../gen/token-types";
import { type ClassMasks, parseAuditFlags } from "../tables/audit-flags";
import { type EventTable, openbsmEvents } from "../tables/events";
import type { DecodeOptions } from "../wire/decode-options";
import { type BsmError, TrailerMismatchError } from "../wire/errors";
import { RecordDecoder } from "../wire/framer";
import type { BsmRecord, RecordFrame } from "../wire/record";

/** re2js's exports. */
type Re2js = { RE2JS: typeof Re2 };

let re2jsLib: Re2js | undefined;

/**
 * re2js, loaded on first use: only `-o file=` expressions with a repeat
 * need it, and loading it cost every `bsm-trail` process ~47 M
 * instructions of start-up (cachegrind; bench/run.ts, "bsm-trail reduce
 * -m AUE_EXECVE" case, where start-up weighs in the whole process).
 */
function re2js(): Re2js {
  re2jsLib ??= createRequire(import.meta.url)("re2js") as Re2js;
  return re2jsLib;
}

/**
 * Which records `selectRecords` and its siblings keep: header selection,
 * on the event alone. A record is kept when its event is one of `events`
 * OR in one of `classes`; a selection naming neither keeps nothing.
 */
export interface Selection {
  /**
   * Event numbers (decimal strings too, kept to 16 bits as auditreduce
   * keeps them: `"-1"` is 65535) or names; a record matches if its event
   * is one of them. Names are found in any case and `AUE_` may be left out
   * (`execve`), as `EventTable.lookupName` finds them; an unknown or
   * ambiguous name throws a RangeError.
   */
  events: Iterable<number | string>;
  /**
   * Audit class names (`ex`, `fc`, or lists `lo,fc`; `^` removes, as in
   * audit flags) or masks; a record matches if its event is in one. A `+`
   * or `-` prefix is refused: successes and failures are told apart by
   * return tokens, which header selection does not read (`reduceRecords`
   * does).
   */
  classes: Iterable<string | number>;
  /**
   * Event table resolving names and classes.
   * @defaultValue the bundled OpenBSM table
   */
  table: EventTable;
}

/**
 * The 65,536-entry event bitmap for a selection (1 = keep): events named,
 * and events in a class named. Throws a RangeError naming an event or
 * class that the table does not know.
 */
export function eventBitmap(selection: Readonly<Partial<Selection>>): Uint8Array {
  const table = selection.table ?? openbsmEvents();
  const map = new Uint8Array(65536);
  for (const e of selection.events ?? []) {
    if (typeof e === "number") {
      map[e & 0xffff] = 1;
      continue;
    }
    // A number as auditreduce's strtol reads it, kept to 16 bits (-1 is 65535).
    if (/^-?\d+$/.test(e)) {
      map[Number(e) & 0xffff] = 1;
      continue;
    }
    const entry = table.lookupName(e); // any case, AUE_ optional
    if (entry === undefined) throw new RangeError(`unknown event ${JSON.stringify(e)}`);
    map[entry.number] = 1;
  }
  const names: string[] = [];
  let mask = 0;
  for (const c of selection.classes ?? []) {
    if (typeof c === "number") mask |= c;
    else names.push(c);
  }
  const { success, failure } = parseAuditFlags(names, table);
  if (success !== failure) {
    throw new RangeError(
      `classes ${names.join(",")}: + and - need return tokens; header selection reads none (use reduceRecords)`,
    );
  }
  const inClasses = classEvents(table, mask | success);
  for (let e = 0; e < 65536; e++) map[e] |= inClasses[e];
  return map;
}

/** The 65,536-entry map of the events in a class of `mask` (1 = in one). */
function classEvents(table: EventTable, mask: number): Uint8Array {
  const map = new Uint8Array(65536);
  if (mask === 0) return map;
  for (const entry of table.entries) {
    if ((table.classMask(entry.number) & mask) !== 0) map[entry.number] = 1;
  }
  return map;
}

/**
 * What a {@link FilePattern} tests paths with: {@link parseFileSpec}'s
 * linear-time matcher, or any object with a `test` method (a `RegExp`
 * works, but backtracks: a pattern such as `^(.*\/)*x$` then takes
 * exponential time on a path written by whoever caused the event).
 */
export interface PathMatcher {
  /** True when the pattern matches somewhere in `path` (unanchored, as `regexec`). */
  test(path: string): boolean;
}

/** One `-o file=` pattern: a regular expression, or `~` one that excludes. */
export interface FilePattern {
  /** Tested against the path (or file token name), unanchored, as `regexec` does. */
  regex: PathMatcher;
  /** `~`: a path this matches is excluded. */
  exclude: boolean;
}

/**
 * What {@link reduceTrail} and its siblings select: auditreduce's filters.
 * Every field is optional; a record must satisfy every filter given (see
 * the module notes for how each is checked). Pass a
 * `Readonly<Partial<ReduceSelection>>`.
 */
export interface ReduceSelection {
  /**
   * `-m`: event numbers or `AUE_*` names; the record's event must be one of
   * them.
   * @defaultValue none: every event
   */
  events: Iterable<number | string>;
  /**
   * `-c`: audit classes as auditreduce reads them (`getauditflagsbin`): a
   * comma-separated list, or its items, of class names, each optionally
   * prefixed `+` (successes only), `-` (failures only) and/or `^` (remove).
   * The record's event must be in one of the classes. A prefixed class is
   * also checked against each return token's status (0 is success).
   * @defaultValue none: every class
   */
  classes: string | Iterable<string>;
  /**
   * `-a`: keep records on or after this time (a Date, or seconds since the
   * epoch).
   * @defaultValue none
   */
  after: Date | number;
  /**
   * `-b`: keep records before this time (a Date, or seconds since the
   * epoch); a record at exactly this time is not kept. auditreduce's `-b T`
   * keeps records in the second T: that is `before: T + 1` second (the CLI
   * passes it so).
   * @defaultValue none
   */
  before: Date | number;
  /**
   * `-A`: every record with a header; overrides `after` and `before`. Like
   * every filter, it leaves out the file records.
   * @defaultValue false
   */
  all: boolean;
  /** `-u`: audit user id of every subject and process token. @defaultValue none */
  auid: number;
  /** `-e`: effective user id of every subject and process token. @defaultValue none */
  euid: number;
  /** `-f`: effective group id of every subject and process token. @defaultValue none */
  egid: number;
  /** `-r`: real user id of every subject and process token. @defaultValue none */
  ruid: number;
  /** `-g`: real group id of every subject and process token. @defaultValue none */
  rgid: number;
  /** `-j`: process id of every subject token. @defaultValue none */
  subjectPid: number;
  /** `-o pid=`: process id of every process token (the object of kill, ptrace...). @defaultValue none */
  objectPid: number;
  /** `-o msgqid=`: id of every IPC token, which must be a message queue. @defaultValue none */
  msgqid: number;
  /** `-o semid=`: id of every IPC token, which must be a semaphore set. @defaultValue none */
  semid: number;
  /** `-o shmid=`: id of every IPC token, which must be a shared memory segment. @defaultValue none */
  shmid: number;
  /**
   * `-o file=`: every path token (and file token) must match. A string is
   * auditreduce's specification, parsed by {@link parseFileSpec}: extended
   * regular expressions separated by commas, `~` excluding; the first that
   * matches decides, and a path none matches is not selected.
   * @defaultValue none
   */
  file: string | readonly FilePattern[];
  /**
   * `-v`: select exactly the records the other filters do not.
   * @defaultValue false
   */
  invert: boolean;
  /**
   * Event table resolving event names and classes.
   * @defaultValue the bundled OpenBSM table
   */
  table: EventTable;
}

/**
 * Parses audit flags (`lo,+ex,-fc,^fr`) into success and failure masks, as
 * libbsm's `getauditflagsbin` does: no prefix selects both, `+` successes,
 * `-` failures, and a leading `^` removes instead of adding. Throws an
 * `AuditFlagsError` (a RangeError) naming a class the table does not know.
 * The table's {@link EventTable.classByName} through `parseAuditFlags`
 * (src/tables/audit-flags.ts), the one audit-flags parser.
 *
 * @param flags - a comma-separated list, or its items (empty items vanish)
 * @param table - event table whose class table names the classes
 */
export function parseClassFlags(
  flags: string | Iterable<string>,
  table: EventTable = openbsmEvents(),
): ClassMasks {
  return parseAuditFlags(flags, table);
}

/** POSIX bracket classes (C locale) as JavaScript class ranges. */
const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alpha: "A-Za-z",
  digit: "0-9",
  alnum: "0-9A-Za-z",
  upper: "A-Z",
  lower: "a-z",
  space: " \\t\\n\\r\\f\\v",
  blank: " \\t",
  xdigit: "0-9A-Fa-f",
  punct: "!-\\/:-@\\[-`{-~",
  print: " -~",
  graph: "!-~",
  cntrl: "\\x00-\\x1f\\x7f",
};

/**
 * A POSIX extended regular expression as a matcher that runs in time
 * linear in the text (RE2's automata, the `re2js` package, for any
 * expression that repeats: see {@link repeats}): the paths it is run on are
 * written into trails by whoever caused the event, and a backtracking
 * engine (JavaScript's RegExp, or regexec) takes exponential time on
 * `^(.*\/)*shadow$` against a 62-byte path (test/regex-linear.test.ts).
 * Bracket expressions are translated (`[[:digit:]]`, a backslash is literal
 * inside brackets, `]` first is literal); the rest of ERE syntax means the
 * same in RE2's syntax. `.` matches any character, newline included, as in
 * `regexec`. What RE2 cannot run (back-references) is a RangeError, as a
 * malformed expression is.
 */
function ereToRegExp(ere: string): PathMatcher {
  let out = "";
  for (let i = 0; i < ere.length; i++) {
    const c = ere[i];
    if (c === "\\") {
      if (i + 1 >= ere.length) throw new RangeError(`trailing backslash in ${ere}`);
      out += c + ere[++i];
      continue;
    }
    if (c !== "[") {
      out += c;
      continue;
    }
    let j = i + 1;
    let cls = "[";
    if (ere[j] === "^") {
      cls += "^";
      j++;
    }
    if (ere[j] === "]") {
      cls += "\\]";
      j++;
    }
    for (;;) {
      if (j >= ere.length) throw new RangeError(`unterminated [ in ${ere}`);
      const d = ere[j];
      if (d === "]") break;
      const kind = ere[j + 1];
      if (d === "[" && (kind === ":" || kind === "=" || kind === ".")) {
        const close = ere.indexOf(`${kind}]`, j + 2);
        if (close < 0) throw new RangeError(`unterminated [${kind} in ${ere}`);
        const name = ere.slice(j + 2, close);
        if (kind === ":") {
          const range = POSIX_CLASSES[name];
          if (range === undefined) throw new RangeError(`unknown class [:${name}:] in ${ere}`);
          cls += range;
        } else {
          // A collating element or equivalence class: in the C locale, its characters.
          cls += name.replace(/[\\\]^[-]/g, "\\$&");
        }
        j = close + 2;
        continue;
      }
      cls += d === "\\" || d === "[" ? `\\${d}` : d;
      j++;
    }
    out += `${cls}]`;
    i = j;
  }
  try {
    if (!repeats(out)) return new RegExp(out, "s");
    const { RE2JS } = re2js();
    return RE2JS.compile(out, RE2JS.DOTALL);
  } catch (e) {
    throw new RangeError(`bad regular expression ${ere}: ${(e as Error).message}`);
  }
}

/**
 * True when the translated expression `re` repeats anything (`*`, `+`, `?`,
 * `{`) or refers back to a group (`\1`): only such an expression can make a
 * backtracking engine take more than a bounded time per position of the
 * text. One without is run by JavaScript's RegExp, linear in the text
 * too and 7x faster than re2js per path (0.14 against 1.09 us for
 * `^/usr/(bin|lib)/,~^/usr/lib/system/`; bench/run.ts, "reduce -o file="
 * case); the rest by re2js.
 */
function repeats(re: string): boolean {
  for (let i = 0; i < re.length; i++) {
    const c = re[i];
    if (c === "\\") {
      const d = re[++i];
      if (d >= "0" && d <= "9") return true;
    } else if (c === "[") {
      // A class: skip to its closing bracket (escapes inside are two characters).
      for (i++; i < re.length && re[i] !== "]"; i++) if (re[i] === "\\") i++;
    } else if (c === "*" || c === "+" || c === "?" || c === "{") {
      return true;
    }
  }
  return false;
}

/**
 * Parses auditreduce's `-o file=` specification: extended regular
 * expressions separated by commas (`\,` is a literal comma; a comma as the
 * very first character is literal too, as auditreduce reads it), each
 * prefixed `~` to exclude what it matches. Patterns are tried in order and
 * the first match decides. `/etc/master\.passwd` matches that path
 * anywhere; anchor with `^` for a prefix match.
 *
 * @param spec - the value after `file=`
 * @throws RangeError for a malformed regular expression
 */
export function parseFileSpec(spec: string): FilePattern[] {
  const parts: string[] = [];
  let cur = "";
  for (let i = 0; i < spec.length; i++) {
    const c = spec[i];
    if (c === "," && i > 0) {
      if (spec[i - 1] === "\\") {
        cur = `${cur.slice(0, -1)},`;
        continue;
      }
      parts.push(cur);
      cur = "";
      continue;
    }
    cur += c;
  }
  parts.push(cur);
  return parts.map((p) =>
    p.startsWith("~")
      ? { regex: ereToRegExp(p.slice(1)), exclude: true }
      : { regex: ereToRegExp(p), exclude: false },
  );
}

// Token filters, each one bit: which a record needs, and which a token checks.
const USERS = 1;
const SUBJECT_PID = 2;
const OBJECT_PID = 4;
const MSGQ = 8;
const SEM = 16;
const SHM = 32;
const FILE = 64;
const IPC = MSGQ | SEM | SHM;

/** Every event passes. */
const ALL_EVENTS = new Uint8Array(65536).fill(1);

/** An id filter not given (ids given are unsigned 32-bit). */
const UNSET = -1;

function idOf(v: number | undefined, what: string): number {
  if (v === undefined) return UNSET;
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    throw new RangeError(`${what} must be a 32-bit integer, got ${v}`);
  }
  return v >>> 0;
}

function msOf(v: Date | number, what: string): number {
  const ms = v instanceof Date ? v.getTime() : v * 1000;
  if (Number.isNaN(ms)) throw new RangeError(`${what} is not a valid time`);
  return ms;
}

/**
 * A {@link ReduceSelection} compiled for the selection loops: per-event
 * maps, ids as unsigned numbers, which token filters a record needs.
 */
export class Criteria {
  /** Event passes the event and class filters (null: no such filter). */
  readonly hmap: Uint8Array | null;
  /** Given to the framing decoder (null: it emits every record, file records too). */
  readonly decoderMap: Uint8Array | null;
  /** A filter only a header can satisfy is given (file records fail it). */
  readonly headerFilters: boolean;
  /** A time filter is given (and `all` is not). */
  readonly timed: boolean;
  /** `after` in ms since the epoch (-Infinity: none). */
  readonly afterMs: number;
  /** `before` in ms since the epoch (Infinity: none). */
  readonly beforeMs: number;
  /** Token filters given ({@link USERS}...). */
  readonly need: number;
  /** A class has a `+`/`-` prefix: return tokens are checked. */
  readonly split: boolean;
  /** Per event: selected when it succeeds (a return status of 0). */
  readonly successMap: Uint8Array;
  /** Per event: selected when it fails. */
  readonly failureMap: Uint8Array;
  /** The id filters, unsigned; -1 where not given. */
  readonly auid: number;
  /** See {@link auid}. */
  readonly euid: number;
  /** See {@link auid}. */
  readonly egid: number;
  /** See {@link auid}. */
  readonly ruid: number;
  /** See {@link auid}. */
  readonly rgid: number;
  /** See {@link auid}. */
  readonly subjectPid: number;
  /** See {@link auid}. */
  readonly objectPid: number;
  /** See {@link auid}. */
  readonly msgqid: number;
  /** See {@link auid}. */
  readonly semid: number;
  /** See {@link auid}. */
  readonly shmid: number;
  /** The `file` patterns (null: no such filter). */
  readonly file: readonly FilePattern[] | null;
  /** `-v`: the records the filters do not select. */
  readonly invert: boolean;
  /** Tokens must be decoded for some records. */
  readonly tokens: boolean;
  /** Every record the framing decoder emits intact is selected. */
  readonly plain: boolean;

  /**
   * @param s - the filters
   * @param events - the event map of `s.events` already made (header
   *   selection: `eventBitmap` of a {@link Selection}); by default made
   *   from `s.events`, or none when `s.events` is not given
   */
  constructor(
    s: Readonly<Partial<ReduceSelection>>,
    events: Uint8Array | null = s.events === undefined
      ? null
      : eventBitmap({ events: s.events, table: s.table }),
  ) {
    const table = s.table ?? openbsmEvents();
    let hmap = events;
    this.successMap = this.failureMap = ALL_EVENTS;
    this.split = false;
    if (s.classes !== undefined) {
      const { success, failure } = parseClassFlags(s.classes, table);
      const ok = classEvents(table, success);
      const bad = classEvents(table, failure);
      const both = new Uint8Array(65536);
      for (let e = 0; e < 65536; e++) both[e] = ok[e] | bad[e];
      if (hmap !== null) for (let e = 0; e < 65536; e++) hmap[e] &= both[e];
      else hmap = both;
      this.split = success !== failure;
      if (this.split) {
        this.successMap = ok;
        this.failureMap = bad;
      }
    }
    this.hmap = hmap;
    this.invert = s.invert ?? false;
    const all = s.all ?? false;
    this.timed = !all && (s.after !== undefined || s.before !== undefined);
    this.afterMs = s.after === undefined ? Number.NEGATIVE_INFINITY : msOf(s.after, "after");
    this.beforeMs = s.before === undefined ? Number.POSITIVE_INFINITY : msOf(s.before, "before");
    this.headerFilters = hmap !== null || all || s.after !== undefined || s.before !== undefined;

    this.auid = idOf(s.auid, "auid");
    this.euid = idOf(s.euid, "euid");
    this.egid = idOf(s.egid, "egid");
    this.ruid = idOf(s.ruid, "ruid");
    this.rgid = idOf(s.rgid, "rgid");
    this.subjectPid = idOf(s.subjectPid, "subjectPid");
    this.objectPid = idOf(s.objectPid, "objectPid");
    this.msgqid = idOf(s.msgqid, "msgqid");
    this.semid = idOf(s.semid, "semid");
    this.shmid = idOf(s.shmid, "shmid");
    this.file =
      s.file === undefined ? null : typeof s.file === "string" ? parseFileSpec(s.file) : s.file;
    let need = 0;
    const users = [this.auid, this.euid, this.egid, this.ruid, this.rgid];
    if (users.some((u) => u !== UNSET)) need |= USERS;
    if (s.subjectPid !== undefined) need |= SUBJECT_PID;
    if (s.objectPid !== undefined) need |= OBJECT_PID;
    if (s.msgqid !== undefined) need |= MSGQ;
    if (s.semid !== undefined) need |= SEM;
    if (s.shmid !== undefined) need |= SHM;
    if (this.file !== null) need |= FILE;
    this.need = need;
    this.tokens = need !== 0 || this.split;
    const nonFile = this.headerFilters || (need & ~FILE) !== 0;
    // The framer tests events itself, and leaves out file records, unless
    // inverting (records failing the filters are then the ones selected)
    // or unless a file record can be selected.
    this.decoderMap = this.invert || !nonFile ? null : (hmap ?? ALL_EVENTS);
    this.plain = !this.invert && !this.timed && !this.tokens;
  }

  /**
   * The framing decoder for these criteria: it emits frames (no token
   * decoded) and tests events and classes itself through
   * {@link decoderMap}, leaving out the records that fail them.
   *
   * @param opts - decoding options
   * @param mode - whether damaged records come out decoded, and frames carry their bytes
   * @param batchBytes - bytes framed per call
   */
  framer(
    opts: DecodeOptions,
    mode: Readonly<{ damagedRecords: boolean; frameBytes: boolean }>,
    batchBytes: number,
  ): RecordDecoder<RecordFrame> {
    const dec = new RecordDecoder<RecordFrame>(opts, {
      frames: true,
      events: this.decoderMap,
      ...mode,
    });
    dec.batchBytes = batchBytes;
    return dec;
  }

  /** The header filters, on a record's header fields. */
  headerPasses(event: number, seconds: number, milliseconds: number): boolean {
    if (this.hmap !== null && this.hmap[event] === 0) return false;
    if (this.timed) {
      const t = seconds * 1000 + milliseconds;
      if (t < this.afterMs || t >= this.beforeMs) return false;
    }
    return true;
  }

  /** A file record passes when no filter but `file` is given (and then its name must match). */
  fileRecordCanPass(): boolean {
    return !this.headerFilters && (this.need & ~FILE) === 0;
  }

  private usersPass(t: {
    auid: number;
    euid: number;
    egid: number;
    ruid: number;
    rgid: number;
  }): boolean {
    return (
      (this.auid === UNSET || t.auid === this.auid) &&
      (this.euid === UNSET || t.euid === this.euid) &&
      (this.egid === UNSET || t.egid === this.egid) &&
      (this.ruid === UNSET || t.ruid === this.ruid) &&
      (this.rgid === UNSET || t.rgid === this.rgid)
    );
  }

  private pathPasses(path: string): boolean {
    const patterns = this.file;
    if (patterns === null) return true;
    for (let i = 0; i < patterns.length; i++) {
      if (patterns[i].regex.test(path)) return !patterns[i].exclude;
    }
    return false;
  }

  /**
   * The token filters, on a record's tokens (its header filters already
   * passed): every token checked passes, and every filter is checked.
   */
  tokensPass(tokens: readonly Token[], event: number): boolean {
    let checked = 0;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      switch (t.type) {
        case "subject32":
        case "subject32_ex":
        case "subject64":
        case "subject64_ex":
          checked |= USERS | SUBJECT_PID;
          if (!this.usersPass(t)) return false;
          if (this.need & SUBJECT_PID && t.pid !== this.subjectPid) return false;
          break;
        case "process32":
        case "process32_ex":
        case "process64":
        case "process64_ex":
          checked |= USERS | OBJECT_PID;
          if (!this.usersPass(t)) return false;
          if (this.need & OBJECT_PID && t.pid !== this.objectPid) return false;
          break;
        case "return32":
        case "return64":
          if (this.split && (t.status === 0 ? this.successMap : this.failureMap)[event] === 0) {
            return false;
          }
          break;
        case "ipc":
          if (t.ipcType === 1) {
            checked |= MSGQ;
            if (this.need & MSGQ && t.ipcId !== this.msgqid) return false;
          } else if (t.ipcType === 2) {
            checked |= SEM;
            if (this.need & SEM && t.ipcId !== this.semid) return false;
          } else if (t.ipcType === 3) {
            checked |= SHM;
            if (this.need & SHM && t.ipcId !== this.shmid) return false;
          } else if (this.need & IPC) {
            return false;
          }
          break;
        case "path":
          checked |= FILE;
          if (!this.pathPasses(t.path)) return false;
          break;
        case "other_file32":
          checked |= FILE;
          if (!this.pathPasses(t.name)) return false;
          break;
      }
    }
    return (this.need & ~checked) === 0;
  }

  /** Every filter, on a decoded record (not inverted). */
  recordPasses(r: BsmRecord): boolean {
    if (r.kind === "file") return this.fileRecordCanPass() && this.tokensPass(r.tokens, 0);
    return (
      this.headerPasses(r.event, r.seconds, r.milliseconds) &&
      (!this.tokens || this.tokensPass(r.tokens, r.event))
    );
  }
}

// ------------------------------------------------------------------ selecting

/**
 * Applies {@link Criteria} to what their framer emits: decides frames, and
 * damaged records the framer emits decoded. Frames whose token filters must be run are decoded from
 * {@link view}, the input buffer the frames are in.
 */
export class Selector {
  /** The framing decoder whose output {@link decide} takes. */
  readonly framer: RecordDecoder<RecordFrame>;
  private readonly tokenDecoder: RecordDecoder<BsmRecord> | null;
  private readonly decoded: BsmRecord[] = [];
  /** The input the frames are in, and the global offset of its byte 0. */
  view: Uint8Array = new Uint8Array(0);
  base = 0;

  /**
   * @param c - the criteria
   * @param opts - for both decoders
   * @param batchBytes - bytes framed per framer call
   * @param frameBytes - whether frames carry their bytes (the reduction
   *   loop finds records by offset in its own buffers and needs none).
   */
  constructor(
    readonly c: Criteria,
    private readonly opts: DecodeOptions,
    batchBytes: number,
    frameBytes = true,
  ) {
    // The framer's errors are held until the frames before them are
    // decided, so that a record's "left out" report follows its damage
    // whatever the batch size.
    const framerOpts =
      opts.onError === undefined ? opts : { ...opts, onError: (e: BsmError) => this.hold(e) };
    this.framer = c.framer(framerOpts, { damagedRecords: true, frameBytes }, batchBytes);
    this.tokenDecoder = c.tokens ? new RecordDecoder<BsmRecord>(opts) : null;
  }

  /** Framer errors not yet passed on (see {@link releaseErrors}). */
  private readonly held: BsmError[] = [];

  private hold(e: BsmError): void {
    this.held.push(e);
  }

  /**
   * Passes on the framer's errors about the input before global offset
   * `upTo` (a record's, or a skipped region's end): all of them by default.
   * Call it with no argument after each framer call's frames are decided.
   */
  releaseErrors(upTo = Number.POSITIVE_INFINITY): void {
    const held = this.held;
    let n = 0;
    while (n < held.length && held[n].recordOffset + held[n].skipped <= upTo) n++;
    if (n === 0) return;
    const out = held.splice(0, n);
    for (const e of out) this.opts.onError?.(e);
  }

  /** Selected records left out by {@link leaveOut}. */
  private leftOut = 0;

  /** Errors reported by both decoders, and records left out by {@link leaveOut}. */
  get errors(): number {
    return this.framer.errorCount + (this.tokenDecoder?.errorCount ?? 0) + this.leftOut;
  }

  /**
   * Reports a selected record that is left out of the output because no
   * reader could frame it: its header's byte count and its trailer
   * disagree (the framer found its end by walking its tokens, and emits
   * such a record `damaged`). Written as it is, its byte count (0xffffffff
   * in a trail cut by a crash) would make OpenBSM's praudit read nothing
   * after it. Throws the error when `strict`.
   */
  leaveOut(f: RecordFrame): void {
    const header = f.record?.header ?? null;
    const claim = header === null ? "" : ` ${header.size}`;
    const e = new TrailerMismatchError(
      `record left out of the output: its header's byte count${claim} and its trailer disagree with its ${f.length} bytes, so no reader could frame it`,
      {
        offset: f.offset,
        recordOffset: f.offset,
        tokenId: header === null ? -1 : header.id,
        skipped: f.length,
        file: this.opts.fileName,
      },
    );
    if (this.opts.strict) throw e;
    this.releaseErrors(f.offset);
    this.leftOut++;
    this.opts.onError?.(e);
  }

  /**
   * True when the emitted record is selected (with `invert` applied).
   * `view` must be the buffer its bytes are in, whose byte 0 is at `base`.
   */
  decide(f: RecordFrame): boolean {
    if (this.held.length > 0) this.releaseErrors(f.offset);
    const c = this.c;
    if (f.record !== null) return c.recordPasses(f.record) !== c.invert;
    if (c.plain) return true;
    let pass: boolean;
    if (f.kind === "file") {
      pass = c.fileRecordCanPass() && (c.file === null || this.decodedPasses(f));
    } else {
      pass =
        c.headerPasses(f.event, f.seconds, f.milliseconds) && (!c.tokens || this.decodedPasses(f));
    }
    return pass !== c.invert;
  }

  /** Decodes the frame's tokens and runs the token filters on them. */
  private decodedPasses(f: RecordFrame): boolean {
    const dec = this.tokenDecoder as RecordDecoder<BsmRecord>;
    const out = this.decoded;
    out.length = 0;
    const p = f.offset - this.base;
    dec.run(this.view, p, p + f.length, this.base, true, out);
    const r = out.length > 0 ? out[0] : null;
    out.length = 0;
    return r !== null && this.c.tokensPass(r.tokens, r.event);
  }
}

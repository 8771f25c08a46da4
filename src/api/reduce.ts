/**
 * auditreduce: select records from trails and write them out raw, as
 * OpenBSM's `auditreduce(1)` does, fast.
 *
 * A {@link ReduceSelection} holds auditreduce's filters. Those on header
 * fields (events, classes without a `+`/`-` prefix, time) run on record
 * frames: no token is decoded, and events and classes are tested by the
 * framing loop itself through a 65,536-entry bitmap. The tokens of a record
 * are decoded only when a filter needs them (users, pids, objects, classes
 * with a prefix), and only for the records the header filters kept.
 *
 * Files are read 1 MiB at a time into reused memory (two read buffers
 * taking turns, so that the next read overlaps selection); selected records
 * are copied into one reused output buffer written out in ~1 MiB writes.
 * Nothing is allocated per chunk read.
 *
 * What is selected, as auditreduce's `select_records` decides it:
 *
 * - Every filter given must be satisfied, and must be checked by at least
 *   one token of the record: `-u` on a record without a subject or process
 *   token does not select it. Every token that a filter checks must pass
 *   it: with `-o file=`, every path token of the record must match.
 * - Header filters are checked by the header; user filters (`auid`, `euid`,
 *   `egid`, `ruid`, `rgid`) by subject and process tokens; `subjectPid`
 *   (`-j`) by subject tokens; `objectPid` (`-o pid=`) by process tokens;
 *   `msgqid`, `semid`, `shmid` by IPC tokens of that type (an IPC token of
 *   another type fails them); `file` by path tokens and file tokens; a class
 *   prefix by return tokens (their status: 0 is success).
 * - File records (the lone file tokens auditd writes at each end of a
 *   trail) have no header, subject or return token, so they are selected
 *   only when no filter other than `file` is given: with no filter at all
 *   (the trail is copied), or with only `file`, when their name matches.
 *   With `invert`, they are selected exactly when they would not be.
 *
 * Deliberate differences from auditreduce, each a place where auditreduce
 * is plainly wrong or silent:
 *
 * - Every header, subject, process and return variant is read
 *   (`header32_ex`, `header64`, `subject32_ex`, `process64_ex`,
 *   `return64`...). auditreduce reads only `header32`, `subject32`,
 *   `process32` and `return32`, so it never selects a record written with
 *   another variant (FreeBSD writes `header32_ex` when `host` is set in
 *   audit_control, and `subject32_ex` for IPv6 terminals).
 * - Damage does not end the trail: each damaged region is reported and
 *   skipped, and every intact record after it is still selected.
 *   auditreduce stops reading a file at its first unreadable record (and,
 *   after one record with an unparsable token, selects nothing more).
 * - `invert` alone selects nothing (the complement of everything):
 *   auditreduce counts `-v` itself among the filters a record must check,
 *   so `auditreduce -v` writes only the file tokens.
 *
 * @module
 */

import { close as fsClose, open as fsOpen, read as fsRead, write as fsWrite } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { type ByteSource, chunksOf } from "../io/stream";
import type { Token } from "../spec/token-types";
import { type EventTable, openbsmEvents } from "../tables/events";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import type { RecordFrame } from "../wire/frame";
import { type Emitted, RecordDecoder } from "../wire/framer";
import type { BsmRecord } from "../wire/record";
import { eventBitmap } from "./select";

// ------------------------------------------------------------------ limits

/**
 * Size of each read from a trail file (each of the two reused read buffers
 * holds one). 256 KiB reads ran at ~0.85x and 4 MiB ones at ~0.75x
 * (bench/run.ts, "reduce -m AUE_EXECVE" case, 1 GiB trail).
 */
export const REDUCE_READ_BYTES = 1024 * 1024;

/**
 * Size of the reused output buffer: selected records are written out in
 * writes of this size (the last one smaller). 64 KiB ran at ~0.5x, 256 KiB
 * at ~0.8x, 4 MiB at ~0.9x (bench/run.ts, "reduce -m AUE_EXECVE" case).
 */
export const REDUCE_FLUSH_BYTES = 1024 * 1024;

/**
 * Bytes framed per decoder call: one read's worth, so frames are handled
 * once per read; 256 KiB batches ran at ~0.9x (bench/run.ts,
 * "reduce -m AUE_EXECVE" case).
 */
const REDUCE_BATCH_BYTES = 1024 * 1024;

// ------------------------------------------------------------------ selection

/** One `-o file=` pattern: a regular expression, or `~` one that excludes. */
export interface FilePattern {
  /** Tested against the path (or file token name), unanchored, as `regexec` does. */
  regex: RegExp;
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

/** Success and failure class masks, as `getauditflagsbin` fills an `au_mask_t`. */
export interface ClassMasks {
  /** Classes selected on success (`am_success`). */
  success: number;
  /** Classes selected on failure (`am_failure`). */
  failure: number;
}

/**
 * Parses audit flags (`lo,+ex,-fc,^fr`) into success and failure masks, as
 * libbsm's `getauditflagsbin` does: no prefix selects both, `+` successes,
 * `-` failures, and a leading `^` removes instead of adding. Throws a
 * RangeError naming a class the table does not know.
 *
 * @param flags - a comma-separated list, or its items (empty items vanish)
 * @param table - event table whose class table names the classes
 */
export function parseClassFlags(
  flags: string | Iterable<string>,
  table: EventTable = openbsmEvents(),
): ClassMasks {
  const items = typeof flags === "string" ? [flags] : [...flags];
  let success = 0;
  let failure = 0;
  for (const item of items) {
    for (let tok of item.split(",")) {
      if (tok === "") continue;
      let sub = false;
      if (tok.startsWith("^")) {
        sub = true;
        tok = tok.slice(1);
      }
      let ok = true;
      let bad = true;
      if (tok.startsWith("+")) {
        bad = false;
        tok = tok.slice(1);
      } else if (tok.startsWith("-")) {
        ok = false;
        tok = tok.slice(1);
      }
      const cls = table.classes.find((c) => c.name === tok);
      if (cls === undefined) throw new RangeError(`unknown audit class: ${tok}`);
      if (ok) success = sub ? success & ~cls.mask : success | cls.mask;
      if (bad) failure = sub ? failure & ~cls.mask : failure | cls.mask;
    }
  }
  return { success: success >>> 0, failure: failure >>> 0 };
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
 * A POSIX extended regular expression as a JavaScript RegExp. Bracket
 * expressions are translated (`[[:digit:]]`, a backslash is literal inside
 * brackets, `]` first is literal); the rest of ERE syntax means the same in
 * JavaScript. `.` matches any character, newline included, as in `regexec`.
 */
function ereToRegExp(ere: string): RegExp {
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
    return new RegExp(out, "s");
  } catch (e) {
    throw new RangeError(`bad regular expression ${ere}: ${(e as Error).message}`);
  }
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

/** A {@link ReduceSelection} compiled for the loops below. */
class Criteria {
  /** Event passes the event and class filters (null: no such filter). */
  readonly hmap: Uint8Array | null;
  /** Given to the framing decoder (null: it emits every record, file records too). */
  readonly decoderMap: Uint8Array | null;
  /** A filter only a header can satisfy is given (file records fail it). */
  readonly headerFilters: boolean;
  readonly timed: boolean;
  readonly afterMs: number;
  readonly beforeMs: number;
  /** Token filters given ({@link USERS}...). */
  readonly need: number;
  /** A class has a `+`/`-` prefix: return tokens are checked. */
  readonly split: boolean;
  readonly successMap: Uint8Array;
  readonly failureMap: Uint8Array;
  readonly auid: number;
  readonly euid: number;
  readonly egid: number;
  readonly ruid: number;
  readonly rgid: number;
  readonly subjectPid: number;
  readonly objectPid: number;
  readonly msgqid: number;
  readonly semid: number;
  readonly shmid: number;
  readonly file: readonly FilePattern[] | null;
  readonly invert: boolean;
  /** Tokens must be decoded for some records. */
  readonly tokens: boolean;
  /** Every record the framing decoder emits intact is selected. */
  readonly plain: boolean;

  constructor(s: Readonly<Partial<ReduceSelection>>) {
    const table = s.table ?? openbsmEvents();
    const events = s.events === undefined ? null : [...s.events];
    let hmap: Uint8Array | null =
      events === null ? null : eventBitmap({ events, table, classes: [] });
    this.successMap = this.failureMap = ALL_EVENTS;
    this.split = false;
    if (s.classes !== undefined) {
      const { success, failure } = parseClassFlags(s.classes, table);
      const both = new Uint8Array(65536);
      const ok = new Uint8Array(65536);
      const bad = new Uint8Array(65536);
      for (const e of table.entries) {
        const n = e.number;
        const m = table.classMask(n);
        ok[n] = (m & success) !== 0 ? 1 : 0;
        bad[n] = (m & failure) !== 0 ? 1 : 0;
        both[n] = ok[n] | bad[n];
      }
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
 * Decides records: frames from the framing decoder, and damaged records it
 * emits decoded. Frames whose token filters must be run are decoded from
 * {@link view}, the input buffer the frames are in.
 */
class Selector {
  readonly framer: RecordDecoder;
  private readonly tokenDecoder: RecordDecoder | null;
  private readonly decoded: Emitted[] = [];
  /** The input the frames are in, and the global offset of its byte 0. */
  view: Uint8Array = new Uint8Array(0);
  base = 0;

  /**
   * @param frameBytes - whether frames carry their bytes (the reduction
   *   loop finds records by offset in its own buffers and needs none).
   */
  constructor(
    readonly c: Criteria,
    opts: DecodeOptions,
    frameBytes = true,
  ) {
    this.framer = new RecordDecoder(opts, {
      frames: true,
      events: c.decoderMap,
      damagedRecords: true,
      frameBytes,
    });
    this.framer.batchBytes = REDUCE_BATCH_BYTES;
    this.tokenDecoder = c.tokens ? new RecordDecoder(opts) : null;
  }

  /** Errors reported by both decoders. */
  get errors(): number {
    return this.framer.errorCount + (this.tokenDecoder?.errorCount ?? 0);
  }

  /**
   * True when the emitted record is selected (with `invert` applied).
   * `view` must be the buffer its bytes are in, whose byte 0 is at `base`.
   */
  decide(it: Emitted): boolean {
    const c = this.c;
    if ((it as BsmRecord).tokens !== undefined) return c.recordPasses(it as BsmRecord) !== c.invert;
    if (c.plain) return true;
    const f = it as RecordFrame;
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
    const dec = this.tokenDecoder as RecordDecoder;
    const out = this.decoded;
    out.length = 0;
    const p = f.offset - this.base;
    dec.run(this.view, p, p + f.length, this.base, true, out);
    const r = out.length > 0 ? (out[0] as BsmRecord) : null;
    out.length = 0;
    return r !== null && this.c.tokensPass(r.tokens, r.event);
  }
}

/** A record's frame, for a damaged record the framer emitted decoded. */
function frameOf(it: Emitted, view: Uint8Array, base: number): RecordFrame {
  if ((it as BsmRecord).tokens === undefined) return it as RecordFrame;
  const r = it as BsmRecord;
  const p = r.offset - base;
  return {
    kind: r.kind,
    offset: r.offset,
    length: r.length,
    event: r.event,
    modifier: r.modifier,
    version: r.version,
    seconds: r.seconds,
    milliseconds: r.milliseconds,
    damaged: r.damaged,
    bytes: view.subarray(p, p + r.length),
  };
}

function decodeOptions(
  options: Readonly<Partial<ReduceOptions>> | undefined,
  fileName?: string,
): DecodeOptions {
  const o = resolveOptions({ ...options, fileName: options?.fileName ?? fileName });
  // Selected records are copied out by the reducer itself.
  o.copy = false;
  return o;
}

/**
 * Frames of the records of a trail in memory that `selection` selects, in
 * trail order; each frame's `bytes` is the record exactly as written (a
 * view into `bytes`). Damaged regions are reported through
 * `options.onError` and skipped.
 *
 * @param bytes - the trail
 * @param selection - the filters; see {@link ReduceSelection}
 * @param options - see {@link DecodeOptions}
 * @throws RangeError for an unknown event or class, or a bad `file` pattern
 */
export function* reduceRecords(
  bytes: Uint8Array,
  selection: Readonly<Partial<ReduceSelection>>,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame, void, undefined> {
  const sel = new Selector(new Criteria(selection), decodeOptions(options));
  sel.view = bytes;
  sel.base = 0;
  const out: Emitted[] = [];
  let p = 0;
  do {
    out.length = 0;
    let failed: unknown = null;
    try {
      p = sel.framer.run(bytes, p, bytes.length, 0, true, out);
    } catch (e) {
      failed = e; // strict mode: the records before the damage first
    }
    const batch = out.slice();
    for (const it of batch) if (sel.decide(it)) yield frameOf(it, bytes, 0);
    if (failed !== null) throw failed;
  } while (p < bytes.length);
}

// ------------------------------------------------------------------ input

/** Reads bytes into a caller's buffer; 0 at the end of input. */
interface Reader {
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  close(): Promise<void>;
}

function readFd(fd: number, into: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((res, rej) => {
    fsRead(fd, into, offset, length, null, (err, n) => (err ? rej(err) : res(n)));
  });
}

function closeFd(fd: number): Promise<void> {
  return new Promise((res, rej) => fsClose(fd, (err) => (err ? rej(err) : res())));
}

/** A file descriptor read from its current position (a file, a pipe). */
class FdReader implements Reader {
  constructor(
    private readonly fd: number,
    private readonly owned: boolean,
  ) {}

  read(into: Uint8Array, offset: number, length: number): Promise<number> {
    return readFd(this.fd, into, offset, length);
  }

  close(): Promise<void> {
    return this.owned ? closeFd(this.fd) : Promise.resolve();
  }
}

/** Chunks of a byte source, copied into the caller's buffer. */
class ChunkReader implements Reader {
  private chunk: Uint8Array = new Uint8Array(0);
  private at = 0;
  private readonly it: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

  constructor(source: ByteSource) {
    this.it = chunksOf(source);
  }

  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    while (this.at >= this.chunk.length) {
      const r = await this.it.next();
      if (r.done) return 0;
      this.chunk = r.value;
      this.at = 0;
    }
    const n = Math.min(length, this.chunk.length - this.at);
    into.set(this.chunk.subarray(this.at, this.at + n), offset);
    this.at += n;
    return n;
  }

  async close(): Promise<void> {
    await this.it.return?.();
  }
}

/** `head` (already read), then the rest of `rest`, gunzipped. */
function gunzipReader(head: Uint8Array, rest: Reader, readBytes: number): Reader {
  async function* raw(): AsyncGenerator<Uint8Array> {
    yield head;
    for (;;) {
      const b = new Uint8Array(readBytes);
      const n = await rest.read(b, 0, b.length);
      if (n === 0) return;
      yield b.subarray(0, n);
    }
  }
  const input = Readable.from(raw(), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: readBytes });
  input.on("error", (e) => gunzip.destroy(e));
  const chunks = new ChunkReader(input.pipe(gunzip));
  return {
    read: (into, offset, length) => chunks.read(into, offset, length),
    async close() {
      input.destroy();
      gunzip.destroy();
      await rest.close();
    },
  };
}

// ------------------------------------------------------------------ output

/**
 * Where {@link reduceTrail} writes: a file descriptor (written with
 * `fs.write`, the fastest), or a Node writable stream. A stream is handed
 * each ~1 MiB chunk and must be done with it when the write calls back, as
 * file and socket streams and `process.stdout` are (the buffer is then
 * reused); a stream that keeps chunks longer (a `PassThrough` whose reader
 * lags) must copy them.
 */
export type ReduceSink = number | NodeJS.WritableStream;

function writeFd(fd: number, b: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((res, rej) => {
    fsWrite(fd, b, offset, length, null, (err, n) => (err ? rej(err) : res(n)));
  });
}

/**
 * The output buffer and its writes. It is the first `cap` bytes of the
 * memory the read buffers are in (see {@link reduceFrom}), so a selected
 * record is copied out with `copyWithin`, no view object per copy:
 * `Buffer#copy` was 27% of the profile of the bench/run.ts
 * "reduce -m AUE_EXECVE" case (28 against 65 ns per record-sized copy).
 */
class RawOutput {
  mem: Uint8Array = new Uint8Array(0);
  pos = 0;
  /** Bytes written out. */
  written = 0;

  constructor(
    private readonly sink: ReduceSink,
    readonly cap: number,
  ) {}

  /** Copies what fits of `mem[s, e)`; returns the bytes copied. */
  put(s: number, e: number): number {
    const k = Math.min(e - s, this.cap - this.pos);
    this.mem.copyWithin(this.pos, s, s + k);
    this.pos += k;
    return k;
  }

  /** Writes out what is buffered; resolves once the buffer may be filled again. */
  async flush(): Promise<void> {
    const n = this.pos;
    if (n === 0) return;
    this.pos = 0;
    this.written += n;
    const sink = this.sink;
    const mem = this.mem;
    if (typeof sink === "number") {
      for (let o = 0; o < n; ) o += await writeFd(sink, mem, o, n - o);
      return;
    }
    // The stream is done with the bytes when the write calls back.
    await new Promise<void>((res, rej) => {
      sink.write(Buffer.from(mem.buffer, mem.byteOffset, n), (err) => (err ? rej(err) : res()));
    });
  }
}

// ------------------------------------------------------------------ reducing

/** Options of {@link reduceTrail} and {@link reduceStream}. Pass a `Readonly<Partial<ReduceOptions>>`. */
export interface ReduceOptions extends DecodeOptions {
  /**
   * Most bytes read at a time, and the size of each of the two read
   * buffers (the room before a buffer's input, for a record split by a
   * read, grows for a longer record). Small values are for tests.
   * @defaultValue {@link REDUCE_READ_BYTES} (1 MiB)
   */
  readBytes: number;
  /**
   * Size of the output buffer, and of each write.
   * @defaultValue {@link REDUCE_FLUSH_BYTES} (1 MiB)
   */
  flushBytes: number;
}

/** What a reduction did. */
export interface ReduceResult {
  /** Records selected and written. */
  records: number;
  /** Bytes written. */
  bytes: number;
  /** Trail bytes read (after gunzipping). */
  scanned: number;
  /** Damaged regions and bad tokens reported through `onError`. */
  errors: number;
}

function positive(v: number | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be a positive integer`);
  return v;
}

/**
 * Room kept before a read buffer's input for the undecoded rest of the
 * other one (it grows for a longer rest): split records are almost all
 * shorter (bench/run.ts, "reduce -m AUE_EXECVE" case).
 */
const INITIAL_HEAD_BYTES = 64 * 1024;

/**
 * The reduction loop.
 *
 * Memory is one buffer: the output buffer, then two read buffers that take
 * turns. While the records of one are framed, decided and copied out, the
 * next read fills the other, so reading overlaps selection (one read
 * buffer, read then framed in turn, ran at ~0.7x: bench/run.ts,
 * "reduce -m AUE_EXECVE" case). Each read buffer keeps room (`head`) before
 * its input: the undecoded rest of the previous buffer (a record split by
 * the read) is copied there before that buffer is read into again. A fresh
 * view of each buffer's bytes goes to the decoders, which cache per input
 * buffer object. Selected records are copied into the output buffer,
 * adjacent ones in one copy.
 */
async function reduceFrom(
  reader: Reader,
  selector: Selector,
  output: RawOutput,
  readBytes: number,
): Promise<ReduceResult> {
  const dec = selector.framer;
  const c = selector.c;
  const items: Emitted[] = [];
  const cap = output.cap;
  const room = Math.max(readBytes, 2);
  // Read buffer i is mem[off, off + head + room), its input read at off + head.
  let curOff = cap;
  let curHead = INITIAL_HEAD_BYTES;
  let nextOff = cap + curHead + room;
  let nextHead = INITIAL_HEAD_BYTES;
  let mem = new Uint8Array(nextOff + nextHead + room);
  output.mem = mem;
  let records = 0;
  let scanned = 0;
  let pending: Promise<number> | null = null;
  // The pending run of selected bytes, [runStart, runEnd) of mem.
  let runStart = 0;
  let runEnd = 0;

  /** Writes out the output buffer until the rest of the pending run fits. */
  const drainRun = async (): Promise<void> => {
    while (runStart < runEnd) {
      await output.flush();
      runStart += output.put(runStart, runEnd);
    }
  };

  /**
   * Frames `mem[from, to)` (global offset `base`), copies the selected
   * records out, and returns how many bytes were consumed.
   */
  const frame = async (from: number, to: number, base: number, final: boolean) => {
    const view = mem.subarray(from, to);
    const end = to - from;
    selector.view = view;
    selector.base = base;
    const shift = from - base;
    let p = 0;
    let failed: unknown = null;
    do {
      items.length = 0;
      try {
        p = dec.run(view, p, end, base, final, items);
      } catch (e) {
        // Strict mode's first damage: the records before it are still written.
        failed = e;
      }
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        if (
          c.plain
            ? (it as BsmRecord).tokens !== undefined && !selector.decide(it)
            : !selector.decide(it)
        ) {
          continue;
        }
        const q = shift + it.offset;
        records++;
        if (q === runEnd) runEnd += it.length;
        else {
          if (runEnd > runStart) {
            runStart += output.put(runStart, runEnd);
            if (runStart < runEnd) await drainRun();
          }
          runStart = q;
          runEnd = q + it.length;
        }
      }
      // This buffer is read into again once the next one is framed.
      if (runEnd > runStart) {
        runStart += output.put(runStart, runEnd);
        if (runStart < runEnd) await drainRun();
      }
      runStart = runEnd = 0;
      if (failed !== null) throw failed;
    } while (p < end && !dec.stalled);
    return p;
  };

  try {
    // The first bytes: gunzip when they are gzip's magic.
    let n = 0;
    let eof = false;
    while (n < 2 && !eof) {
      const k = await reader.read(mem, curOff + curHead + n, Math.min(readBytes, room - n));
      if (k === 0) eof = true;
      n += k;
    }
    const at = curOff + curHead;
    if (n >= 2 && mem[at] === 0x1f && mem[at + 1] === 0x8b) {
      reader = gunzipReader(mem.slice(at, at + n), reader, readBytes);
      n = 0;
    } else scanned = n;
    let from = at;
    let to = at + n;
    let base = 0;
    for (;;) {
      pending = eof ? null : reader.read(mem, nextOff + nextHead, readBytes);
      pending?.catch(() => {}); // awaited below; not unhandled meanwhile
      const used = await frame(from, to, base, eof);
      if (pending === null) break;
      const k = await pending;
      pending = null;
      base += used;
      from += used;
      if (k === 0) {
        eof = true; // the rest of this buffer is the end of input
        continue;
      }
      scanned += k;
      const rest = to - from;
      if (rest > nextHead) {
        // Room for a longer rest: move everything to a bigger buffer.
        const head = Math.max(rest, nextHead * 2);
        const curSize = curHead + room;
        const bigger = new Uint8Array(cap + curSize + head + room);
        bigger.set(mem.subarray(0, output.pos), 0);
        bigger.set(mem.subarray(curOff, curOff + curSize), cap);
        bigger.set(mem.subarray(nextOff + nextHead, nextOff + nextHead + k), cap + curSize + head);
        from += cap - curOff;
        to += cap - curOff;
        curOff = cap;
        nextOff = cap + curSize;
        nextHead = head;
        mem = bigger;
        output.mem = bigger;
      }
      const nextAt = nextOff + nextHead;
      mem.copyWithin(nextAt - rest, from, to);
      from = nextAt - rest;
      to = nextAt + k;
      [curOff, curHead, nextOff, nextHead] = [nextOff, nextHead, curOff, curHead];
    }
    await output.flush();
  } catch (e) {
    // Write out what was selected before the error (strict mode's first damage).
    try {
      if (runEnd > runStart) runStart += output.put(runStart, runEnd);
      await output.flush();
    } catch {
      // The first error is the one reported.
    }
    throw e;
  } finally {
    items.length = 0;
    if (pending !== null) await pending.catch(() => 0);
    await reader.close();
  }
  return { records, bytes: output.written, scanned, errors: selector.errors };
}

function openFd(path: string): Promise<number> {
  return new Promise((res, rej) => fsOpen(path, "r", (err, fd) => (err ? rej(err) : res(fd))));
}

/**
 * Selects records from a trail file (gzip'd trails are recognised by their
 * magic bytes) and writes each selected record's bytes to `sink` exactly
 * as they are in the trail, in order: auditreduce. File records (the file
 * tokens at each end of a trail) are written only as auditreduce writes
 * them (see {@link ReduceSelection}), so the output of a selection is a
 * run of header records that `praudit` prints. Damaged regions are
 * reported through `options.onError` (with the file name) and skipped;
 * a record found damaged but whose tokens could be read is selected as any
 * other and written as found.
 *
 * The file is read with `fs.read` 1 MiB at a time into reused memory: two
 * read buffers take turns, the next read filling one while the records of
 * the other are selected, and a record split by a read is copied to the
 * front of the next buffer's input. Records are framed without decoding
 * tokens; tokens are decoded only for the records that pass the header
 * filters, and only when a token filter is given. Selected records are
 * copied into one reused output buffer written out every ~1 MiB.
 *
 * Damage inside a record whose header and trailer agree is found only when
 * its tokens are decoded, so it is reported only when a token filter reads
 * that record.
 *
 * @param path - the trail file (any path `fs.open` reads: a file, a named pipe)
 * @param selection - the filters; see {@link ReduceSelection}
 * @param sink - where to write; see {@link ReduceSink}. It is not closed.
 * @param options - see {@link ReduceOptions}; `fileName` defaults to `path`
 * @returns counts of what was selected and read
 * @throws RangeError for an unknown event or class or a bad `file` pattern;
 *   the file system's error when the file cannot be read; the first
 *   damage when `strict` (what was selected before it is written)
 */
export async function reduceTrail(
  path: string,
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options?: Readonly<Partial<ReduceOptions>>,
): Promise<ReduceResult> {
  const selector = new Selector(new Criteria(selection), decodeOptions(options, path), false);
  const readBytes = positive(options?.readBytes, REDUCE_READ_BYTES, "readBytes");
  const output = new RawOutput(
    sink,
    positive(options?.flushBytes, REDUCE_FLUSH_BYTES, "flushBytes"),
  );
  const fd = await openFd(path);
  return reduceFrom(new FdReader(fd, true), selector, output, readBytes);
}

/**
 * {@link reduceTrail} over any byte source (standard input, a socket, a
 * web stream, chunks in memory); a gzip'd source is gunzipped. Chunks are
 * copied into the reused read buffer as they arrive.
 *
 * @param source - the bytes; see {@link ByteSource}
 * @param selection - the filters; see {@link ReduceSelection}
 * @param sink - where to write; see {@link ReduceSink}. It is not closed.
 * @param options - see {@link ReduceOptions}
 */
export async function reduceStream(
  source: ByteSource,
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options?: Readonly<Partial<ReduceOptions>>,
): Promise<ReduceResult> {
  const selector = new Selector(new Criteria(selection), decodeOptions(options), false);
  const readBytes = positive(options?.readBytes, REDUCE_READ_BYTES, "readBytes");
  const output = new RawOutput(
    sink,
    positive(options?.flushBytes, REDUCE_FLUSH_BYTES, "flushBytes"),
  );
  return reduceFrom(new ChunkReader(source), selector, output, readBytes);
}

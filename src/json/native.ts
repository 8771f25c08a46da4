/**
 * The native JSON format: one object per record carrying everything in it,
 * typed. See `schema/record.json` (generated from the token table by
 * {@link recordSchema}) for every field.
 *
 * @module
 */

import type { SubjectToken } from "../gen/token-types";
import { bsmErrnoName } from "../tables/errno";
import { type EventTable, openbsmEvents } from "../tables/events";
import type { HostDb } from "../tables/users";
import type { BsmRecord } from "../wire/record";
import { ProcessContext, type ProcessInfo } from "./process-context";
import { type TokenJson, tokenToJson } from "./token-json";

/** Version of the native format and of its JSON Schema (`schema/record.json`). */
export const RECORD_SCHEMA_VERSION = "1.0.0";

/** The record's event, from the event table in use. */
export interface NativeEvent {
  /** Event number (0 for a file record). */
  number: number;
  /** Name (`AUE_EXECVE`), or null when the table has no such event. */
  name: string | null;
  /** Description (`execve(2)`), or null when the table has no such event. */
  description: string | null;
  /** Class names (`["pc", "ex"]`), prefixes stripped; empty when unknown. */
  classes: string[];
}

/** The record's first subject token. */
export interface NativeSubject {
  /** Audit user id (4294967295: unset). */
  auid: number;
  /** Effective user id. */
  euid: number;
  /** Effective group id. */
  egid: number;
  /** Real user id. */
  ruid: number;
  /** Real group id. */
  rgid: number;
  /** Process id. */
  pid: number;
  /** Audit session id. */
  sid: number;
  /** Terminal port, a decimal string (64 bits in subject64 tokens). */
  port: string;
  /** Terminal address. */
  address: string;
  /** User names, when a passwd file is given and has the id. */
  auidName?: string;
  euidName?: string;
  ruidName?: string;
  /** Group names, when a group file is given and has the id. */
  egidName?: string;
  rgidName?: string;
}

/** The record's first return token. */
export interface NativeReturn {
  /** True when the BSM error number is 0. */
  success: boolean;
  /** BSM error number. */
  errno: number;
  /** Its errno constant (`ENOENT`), or null when libbsm's table has none. */
  errnoName: string | null;
  /** Return value as a decimal string, unsigned as on the wire. */
  value: string;
}

/** One record in the native format. */
export interface NativeRecord {
  /** `header` for a header-to-trailer record, `file` for a trail's file token. */
  kind: "header" | "file";
  /** ISO 8601 UTC with milliseconds, or null when out of Date's range. */
  time: string | null;
  /** Milliseconds since the epoch, or null when out of Date's range. */
  timeMs: number | null;
  event: NativeEvent;
  /** Event modifier. */
  modifier: number;
  /** Header version. */
  version: number;
  /** The host address of a header_ex token, else null. */
  host: string | null;
  subject: NativeSubject | null;
  return: NativeReturn | null;
  /** Every path token's path, in order. */
  paths: string[];
  /** The exec_args strings (empty when none). */
  args: string[];
  /** The exec_env strings (empty when none). */
  env: string[];
  /** Every token in order. */
  tokens: TokenJson[];
  /** Where the record is: file name (null for standard input), byte offset and length. */
  source: { file: string | null; offset: number; length: number };
  /** True when an error was reported for the record. */
  damaged: boolean;
  /** The subject's parent process, with process context on (null: not known). */
  parent?: ProcessInfo | null;
}

/** Options of {@link recordToJson} and {@link NativeConverter}. */
export interface NativeOptions {
  /**
   * Event names, descriptions and classes.
   * @defaultValue openbsmEvents()
   */
  events: EventTable;
  /**
   * User and group names for the subject's ids (see loadHostDb); null: no names.
   * @defaultValue null
   */
  hostDb: HostDb | null;
  /**
   * `source.file` of every record (null: standard input).
   * @defaultValue null
   */
  fileName: string | null;
  /**
   * Process context: a {@link ProcessContext} to read and feed, `true` for
   * a new one, `false` for none (then `parent` is absent).
   * @defaultValue false
   */
  processContext: ProcessContext | boolean;
}

const EMPTY: string[] = [];
const NO_EVENT: NativeEvent = Object.freeze({
  number: 0,
  name: null,
  description: null,
  classes: EMPTY,
}) as NativeEvent;

/** Latest time a Date holds, in ms. */
export const MAX_DATE_MS = 8.64e15;

/**
 * Turns records into native JSON objects, keeping what repeats across
 * records (event lookups, process context) between calls.
 */
export class NativeConverter {
  /** The event table in use. */
  readonly events: EventTable;
  /** The process context, or null. */
  readonly context: ProcessContext | null;
  /** User and group names, or null. */
  readonly hostDb: HostDb | null;
  /** `source.file` of every record. */
  readonly fileName: string | null;
  readonly #eventCache = new Map<number, NativeEvent>();

  /** @param options - see {@link NativeOptions}. */
  constructor(options?: Readonly<Partial<NativeOptions>>) {
    this.events = options?.events ?? openbsmEvents();
    this.hostDb = options?.hostDb ?? null;
    this.fileName = options?.fileName ?? null;
    const pc = options?.processContext ?? false;
    this.context = pc === true ? new ProcessContext() : pc === false ? null : pc;
  }

  /** The event of a number, looked up once per number. */
  event(n: number): NativeEvent {
    let e = this.#eventCache.get(n);
    if (e === undefined) {
      const entry = this.events.get(n);
      e =
        entry === undefined
          ? { number: n, name: null, description: null, classes: EMPTY }
          : {
              number: n,
              name: entry.name,
              description: entry.description,
              classes: this.events.classesOf(n).map((c) => c.name),
            };
      Object.freeze(e.classes);
      Object.freeze(e);
      this.#eventCache.set(n, e);
    }
    return e;
  }

  /** The native JSON object of one record. */
  convert(record: BsmRecord): NativeRecord {
    const tokens = record.tokens;
    const json: TokenJson[] = new Array(tokens.length);
    let host: string | null = null;
    let subject: NativeSubject | null = null;
    let ret: NativeReturn | null = null;
    let paths: string[] = EMPTY;
    let args: string[] = EMPTY;
    let env: string[] = EMPTY;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      json[i] = tokenToJson(t);
      switch (t.type) {
        case "header32_ex":
        case "header64_ex":
          host = t.address;
          break;
        case "subject32":
        case "subject64":
        case "subject32_ex":
        case "subject64_ex":
          if (subject === null) subject = this.#subject(t);
          break;
        case "return32":
        case "return64":
          if (ret === null) {
            ret = {
              success: t.status === 0,
              errno: t.status,
              errnoName: bsmErrnoName(t.status) ?? null,
              value: String(t.value),
            };
          }
          break;
        case "path":
          if (paths === EMPTY) paths = [];
          paths.push(t.path);
          break;
        case "exec_args":
          args = args === EMPTY ? t.strings : args.concat(t.strings);
          break;
        case "exec_env":
          env = env === EMPTY ? t.strings : env.concat(t.strings);
          break;
      }
    }
    const ms = record.seconds * 1000 + record.milliseconds;
    const inRange = ms <= MAX_DATE_MS;
    const event = record.kind === "file" ? NO_EVENT : this.event(record.event);
    const out: NativeRecord = {
      kind: record.kind,
      time: inRange ? new Date(ms).toISOString() : null,
      timeMs: inRange ? ms : null,
      event,
      modifier: record.modifier,
      version: record.version,
      host,
      subject,
      return: ret,
      paths: paths === EMPTY ? [] : paths,
      args: args === EMPTY ? [] : args,
      env: env === EMPTY ? [] : env,
      tokens: json,
      source: { file: this.fileName, offset: record.offset, length: record.length },
      damaged: record.damaged,
    };
    const ctx = this.context;
    if (ctx !== null) {
      const pid = subject === null ? -1 : subject.pid;
      out.parent = pid < 0 ? null : (ctx.parentOf(pid) ?? null);
      ctx.observe({
        eventName: event.name,
        pid,
        success: ret === null || ret.success,
        returnValue: ret === null ? 0 : Number(ret.value),
        paths: out.paths,
        args: args === EMPTY ? null : out.args,
        tokens,
      });
    }
    return out;
  }

  #subject(s: SubjectToken): NativeSubject {
    const out: NativeSubject = {
      auid: s.auid,
      euid: s.euid,
      egid: s.egid,
      ruid: s.ruid,
      rgid: s.rgid,
      pid: s.pid,
      sid: s.sid,
      port: String(s.port),
      address: s.address,
    };
    const db = this.hostDb;
    if (db !== null) {
      const u = db.users;
      const g = db.groups;
      const a = u.get(s.auid);
      if (a !== undefined) out.auidName = a;
      const e = u.get(s.euid);
      if (e !== undefined) out.euidName = e;
      const r = u.get(s.ruid);
      if (r !== undefined) out.ruidName = r;
      const eg = g.get(s.egid);
      if (eg !== undefined) out.egidName = eg;
      const rg = g.get(s.rgid);
      if (rg !== undefined) out.rgidName = rg;
    }
    return out;
  }
}

/**
 * One record in the native JSON format (see {@link NativeRecord}). For a
 * stream of records use one {@link NativeConverter} (or `readTrailJson`):
 * it looks each event up once and carries the process context.
 *
 * @param record - a decoded record
 * @param options - see {@link NativeOptions}
 */
export function recordToJson(
  record: BsmRecord,
  options?: Readonly<Partial<NativeOptions>>,
): NativeRecord {
  return new NativeConverter(options).convert(record);
}

/**
 * Counting a trail's records into {@link TrailStats}, one record at a time
 * in constant memory: every table is bounded (see the limits below), the
 * timeline has at most `TIMELINE_MAX_BUCKETS` buckets, and the process
 * table (executables) is the LRU-bounded `ProcessContext`.
 *
 * What a record gives: its header (event, time, length: the whole record
 * on disk), its subject token (audit user id, pid), its return token (a
 * non-zero status is a failure; a record without one is a success; a
 * record holding several of either, which no writer makes, is read by
 * its last), and for fork, exec and posix_spawn records their paths (the
 * process table). Only those tokens' fields are read: from a frame's bytes
 * ({@link StatsCounter.addFrame}), or from a decoded record (lazy records
 * decode nothing else).
 *
 * Executables: a record counts under the program its subject's process
 * runs, learnt from the exec records seen before it (a child runs its
 * parent's program until it calls exec); an exec record counts under the
 * program it starts (its last path), a failed one under the program that
 * tried. A process no exec was seen for counts under `UNKNOWN_EXECUTABLE`.
 *
 * File records (the file tokens auditd writes at each end of a trail file)
 * are not audit records: they are counted apart, in `fileTokens`, and in
 * no table.
 *
 * @module
 */

import type {
  PathToken,
  Return32Token,
  Return64Token,
  Subject32Token,
  Token,
} from "../gen/token-types";
import { ProcessContext, type ProcessEffect, processEffect } from "../json/process-context";
import { TokenId } from "../spec/token-ids";
import type { EventTable } from "../tables/events";
import { ZoneOffsets } from "../tables/time-zone";
import { type TextDecodeFn, textDecoderFor } from "../wire/charset";
import type { BsmError } from "../wire/errors";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { tokenEnd } from "../wire/token-skip";
import {
  type EventTally,
  NO_CLASS_KEY,
  NO_SUBJECT_KEY,
  STATS_VERSION,
  type Tally,
  type TrailStats,
  UNKNOWN_EXECUTABLE,
  type UserTally,
} from "./stats-types";
import { BoundedTable, type Cell, cellToDay, count, countCell, newCell, newTally } from "./tally";
import { TimelineBuilder } from "./timeline";
import { type ProjectionInputs, type WhatIfCandidate, whatIfResult } from "./what-if";

/**
 * Most audit users with a row of their own in `byUser`. A host has a few
 * hundred accounts at most; 10,000 rows of ~100 bytes keep `--json` output
 * and memory small whatever a damaged or crafted trail claims.
 */
export const MAX_STATS_USERS = 10_000;

/**
 * Most executables with a row of their own in `byExecutable`: a busy
 * macOS host runs a few thousand programs in a week (the corpus's real
 * trails run a few hundred); 10,000 paths of ~100 bytes stay around a MB.
 */
export const MAX_STATS_EXECUTABLES = 10_000;

/**
 * Most days with a row of their own in `byDay`: ten years (3,660 days)
 * covers any trail kept on disk; a trail with stray timestamps past that
 * counts the rest under `OTHER_KEY`.
 */
export const MAX_STATS_DAYS = 3660;

/** Seconds in a day. */
const DAY_SECONDS = 86400;

/**
 * The shortest span a trail's rate is taken over: one hour, so that a
 * trail of a few seconds does not project its burst to a whole day.
 */
const MIN_SPAN_SECONDS = 3600;

const { PATH, RETURN32, RETURN64, SUBJECT32, SUBJECT32_EX, SUBJECT64, SUBJECT64_EX } = TokenId;

/** The tokens observed with a record counted from its frame (only posix_spawn reads them). */
const NO_TOKENS: readonly Token[] = [];

/** A big-endian u32 of `b` at `p`. */
function u32(b: Uint8Array, p: number): number {
  return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
}

/** No subject token: the internal audit user key of such records. */
const NO_SUBJECT = -1;

/** What the counter keeps per event number. */
interface EventInfo {
  tally: EventTally;
  /** Its classes' tallies in `byClass`. */
  classes: Tally[];
  /** Its classes' indexes (see `StatsCounter.#classNames`). */
  classIndexes: number[];
  effect: ProcessEffect;
}

/** How a {@link StatsCounter} counts. */
export interface StatsCounterSettings {
  /** Names events and their classes. */
  table: EventTable;
  /** Zone of `byHour` and `byDay` (a name `ZoneOffsets` takes). */
  timeZone: string;
  /** Login names by uid, or undefined. */
  userNames: ReadonlyMap<number, string> | undefined;
  /** What-if candidates, counted with every record. */
  candidates: readonly WhatIfCandidate[];
  /** What the what-if projections read besides the span. */
  projection: Omit<ProjectionInputs, "days">;
  /** See {@link MAX_STATS_USERS}. */
  maxUsers: number;
  /** See {@link MAX_STATS_EXECUTABLES}. */
  maxExecutables: number;
  /** See {@link MAX_STATS_DAYS}. */
  maxDays: number;
  /** Most processes the executable table remembers (`ProcessContext`). */
  maxProcesses: number;
  /** Encoding of text fields (`DecodeOptions.encoding`): a path read from a frame's bytes. */
  encoding: string;
}

/** Counts records into {@link TrailStats}. */
export class StatsCounter {
  #records = 0;
  #bytes = 0;
  #failures = 0;
  #firstMs = Number.POSITIVE_INFINITY;
  #lastMs = Number.NEGATIVE_INFINITY;
  #fileTokens = 0;
  #fileBytes = 0;
  #damaged = 0;
  #damagedBytes = 0;
  readonly #events: (EventInfo | undefined)[] = new Array(0x10000);
  readonly #classes = new Map<string, Tally>();
  /** Class names by index (the cells' numbering), and the index of each. */
  readonly #classNames: string[] = [];
  readonly #classIndex = new Map<string, number>();
  readonly #users: BoundedTable<number, UserTally>;
  readonly #executables: BoundedTable<string, Tally>;
  readonly #days: BoundedTable<number, Cell>;
  readonly #hours: Tally[] = Array.from({ length: 24 }, newTally);
  readonly #timeline = new TimelineBuilder();
  readonly #zone: ZoneOffsets;
  readonly #processes: ProcessContext;
  /** Decodes text as the decoder does (`DecodeOptions.encoding`). */
  readonly #text: TextDecodeFn;
  #dayNumber = Number.NaN;
  #day: Cell | undefined;
  /**
   * The last pid asked about and its executable's tally, forgotten when the
   * process table learns: records of one process come in runs, and two
   * map look-ups per record were 9% of the run (profile of `trailStats`
   * over a 64 MiB generated trail).
   */
  #lastPid = -1;
  #lastExeTally: Tally = newTally();
  /** The last audit user counted and its tally (the same reason). */
  #lastAuid = Number.NaN;
  #lastUserTally: Tally = newTally();

  /** @param s - see {@link StatsCounterSettings} */
  constructor(private readonly s: Readonly<StatsCounterSettings>) {
    this.#zone = new ZoneOffsets(s.timeZone);
    this.#users = new BoundedTable(s.maxUsers, (auid) => ({
      auid: auid ?? -1,
      ...newTally(),
    }));
    this.#executables = new BoundedTable(s.maxExecutables, newTally);
    this.#days = new BoundedTable(s.maxDays, newCell);
    this.#processes = new ProcessContext({ maxProcesses: s.maxProcesses });
    this.#text = textDecoderFor(s.encoding);
  }

  /** Counts a damaged stretch reported by the decoder (`onError`). */
  damage(e: BsmError): void {
    this.#damaged++;
    this.#damagedBytes += e.skipped;
  }

  #event(n: number): EventInfo {
    const table = this.s.table;
    const entry = table.get(n);
    const classNames = table.classesOf(n).map((c) => c.name);
    const unique = [...new Set(classNames)];
    const names = unique.length > 0 ? unique : [NO_CLASS_KEY];
    const classes = names.map((c) => {
      let t = this.#classes.get(c);
      if (t === undefined) this.#classes.set(c, (t = newTally()));
      return t;
    });
    const classIndexes = names.map((c) => {
      let i = this.#classIndex.get(c);
      if (i === undefined) {
        i = this.#classNames.length;
        this.#classNames.push(c);
        this.#classIndex.set(c, i);
      }
      return i;
    });
    const info: EventInfo = {
      tally: { name: entry?.name ?? String(n), classes: unique, ...newTally() },
      classes,
      classIndexes,
      effect: processEffect(entry?.name ?? null),
    };
    this.#events[n] = info;
    return info;
  }

  /** Counts one record. */
  add(r: BsmRecord): void {
    if (r.kind === "file") {
      this.#fileTokens++;
      this.#fileBytes += r.length;
      return;
    }
    const bytes = r.length;
    const tokens = r.tokens;
    const ev = r.event & 0xffff;
    const info = this.#events[ev] ?? this.#event(ev);
    let auid = NO_SUBJECT;
    let pid = -1;
    let ret: Return32Token | Return64Token | null = null;
    let subject = false;
    // From the end: a kernel record ends subject, return, trailer, so the
    // walk stops after three tokens (forwards it walked every path, argument
    // and attribute token first).
    for (let i = tokens.length - 1; i > 0; i--) {
      const t = tokens[i];
      const id = t.id;
      if (id === RETURN32 || id === RETURN64) {
        // A malformed token keeps its id in the raw `unknown` token the decoder makes of it.
        if (t.type !== "unknown") ret ??= t as Return32Token | Return64Token;
      } else if (
        id === SUBJECT32 ||
        id === SUBJECT32_EX ||
        id === SUBJECT64 ||
        id === SUBJECT64_EX
      ) {
        if (!subject && t.type !== "unknown") {
          const s = t as Subject32Token;
          auid = s.auid;
          pid = s.pid;
          subject = true;
        }
      } else continue;
      if (subject && ret !== null) break;
    }
    const failed = ret !== null && ret.status !== 0;
    if (info.effect !== null && subject && !failed) {
      // The program is the record's last path (all the table reads of them).
      let program: string | null = null;
      for (let i = tokens.length - 1; i > 0; i--) {
        const t = tokens[i];
        if (t.id === PATH) {
          program = (t as PathToken).path;
          break;
        }
      }
      this.#processes.observe({
        eventName: info.tally.name,
        pid,
        success: true,
        returnValue: ret === null ? 0 : Number(ret.value),
        paths: program === null ? [] : [program],
        args: null,
        tokens,
      });
      this.#lastPid = -1;
    }
    this.#tally(info, ev, bytes, r.seconds, r.milliseconds, subject, auid, pid, failed);
  }

  /**
   * Counts a record from its frame, reading its subject and return
   * fields straight from its bytes (token boundaries by `tokenEnd`, no
   * token object made; a fork or exec record's last path decoded as the
   * reader decodes text). Returns false, counting nothing, when the record
   * must be decoded and given to {@link add} instead: posix_spawn records
   * (the child's pid may be in a process or argument token), and records
   * whose tokens do not walk (an id without a layout, a malformed token:
   * the decoder reports them). A frame carrying its decoded record (a damaged
   * one) is counted from that record.
   */
  addFrame(f: RecordFrame): boolean {
    if (f.record !== null) {
      this.add(f.record);
      return true;
    }
    if (f.kind === "file") {
      this.#fileTokens++;
      this.#fileBytes += f.length;
      return true;
    }
    const ev = f.event & 0xffff;
    const info = this.#events[ev] ?? this.#event(ev);
    // A posix_spawn's child pid may be in a process or argument token: decoded.
    if (info.effect === "spawn") return false;
    const b = f.bytes;
    const limit = b.length - 7;
    let q = tokenEnd(b, 0, limit);
    if (q < 0) return false;
    let subjectAt = -1;
    let returnAt = -1;
    let pathAt = -1;
    while (q < limit) {
      const id = b[q];
      if (id === RETURN32 || id === RETURN64) returnAt = q;
      else if (id === SUBJECT32 || id === SUBJECT32_EX || id === SUBJECT64 || id === SUBJECT64_EX) {
        subjectAt = q;
      } else if (id === PATH) pathAt = q;
      q = tokenEnd(b, q, limit);
      if (q < 0) return false;
    }
    const subject = subjectAt >= 0;
    // Every subject row starts auid, euid, egid, ruid, rgid, pid (u32 each); a return, status (u8).
    const auid = subject ? u32(b, subjectAt + 1) : NO_SUBJECT;
    const pid = subject ? u32(b, subjectAt + 21) : -1;
    const failed = returnAt >= 0 && b[returnAt + 1] !== 0;
    if (info.effect !== null && subject && !failed) {
      let program: string | null = null;
      if (pathAt >= 0) {
        // The reader's text of a path: its bytes without one trailing NUL, in the encoding in use.
        const s = pathAt + 3;
        let e = s + ((b[pathAt + 1] << 8) | b[pathAt + 2]);
        if (e > s && b[e - 1] === 0) e--;
        program = this.#text(b, s, e);
      }
      const value =
        returnAt < 0
          ? 0
          : b[returnAt] === RETURN32
            ? u32(b, returnAt + 2)
            : u32(b, returnAt + 2) * 4294967296 + u32(b, returnAt + 6);
      this.#processes.observe({
        eventName: info.tally.name,
        pid,
        success: true,
        returnValue: value,
        paths: program === null ? [] : [program],
        args: null,
        tokens: NO_TOKENS,
      });
      this.#lastPid = -1;
    }
    this.#tally(info, ev, f.length, f.seconds, f.milliseconds, subject, auid, pid, failed);
    return true;
  }

  /** Counts a record whose fields are read. */
  #tally(
    info: EventInfo,
    ev: number,
    bytes: number,
    seconds: number,
    milliseconds: number,
    subject: boolean,
    auid: number,
    pid: number,
    failed: boolean,
  ): void {
    this.#records++;
    this.#bytes += bytes;
    if (failed) this.#failures++;
    const ms = seconds * 1000 + milliseconds;
    if (ms < this.#firstMs) this.#firstMs = ms;
    if (ms > this.#lastMs) this.#lastMs = ms;

    count(info.tally, bytes, failed);
    const classes = info.classes;
    for (let i = 0; i < classes.length; i++) count(classes[i], bytes, failed);
    if (auid !== this.#lastAuid) {
      this.#lastUserTally = this.#users.get(auid);
      this.#lastAuid = auid;
    }
    count(this.#lastUserTally, bytes, failed);

    const ctx = this.#processes;
    let exeTally: Tally;
    if (!subject) exeTally = this.#executables.get(UNKNOWN_EXECUTABLE);
    else if (pid === this.#lastPid) exeTally = this.#lastExeTally;
    else {
      exeTally = this.#executables.get(ctx.executableOf(pid) ?? UNKNOWN_EXECUTABLE);
      this.#lastPid = pid;
      this.#lastExeTally = exeTally;
    }
    count(exeTally, bytes, failed);

    const local = this.#zone.localSeconds(seconds);
    const dayNumber = Math.floor(local / DAY_SECONDS);
    let day = this.#day;
    if (dayNumber !== this.#dayNumber || day === undefined) {
      day = this.#day = this.#days.get(dayNumber);
      this.#dayNumber = dayNumber;
    }
    countCell(day, bytes, failed, info.classIndexes);
    count(this.#hours[Math.floor((local - dayNumber * DAY_SECONDS) / 3600)], bytes, failed);
    this.#timeline.add(seconds, bytes, failed, info.classIndexes);

    const candidates = this.s.candidates;
    if (candidates.length > 0) {
      const judged = subject ? auid : 0xffffffff;
      for (let i = 0; i < candidates.length; i++) candidates[i].add(ev, judged, !failed, bytes);
    }
  }

  /** The statistics of the records counted so far. */
  result(): TrailStats {
    const empty = this.#records === 0;
    const spanSeconds = empty
      ? 0
      : Math.max((this.#lastMs - this.#firstMs) / 1000, MIN_SPAN_SECONDS);
    const days = spanSeconds / DAY_SECONDS;
    const byEvent: Record<string, EventTally> = {};
    for (let e = 0; e < this.#events.length; e++) {
      const info = this.#events[e];
      if (info !== undefined && info.tally.records > 0) byEvent[String(e)] = info.tally;
    }
    const names = this.s.userNames;
    const byUser = this.#users.toRecord((auid) =>
      auid === NO_SUBJECT ? NO_SUBJECT_KEY : String(auid),
    );
    if (names !== undefined) {
      for (const u of Object.values(byUser)) {
        const name = u.auid >= 0 ? names.get(u.auid) : undefined;
        if (name !== undefined) u.name = name;
      }
    }
    const out: TrailStats = {
      version: STATS_VERSION,
      records: this.#records,
      bytes: this.#bytes,
      successes: this.#records - this.#failures,
      failures: this.#failures,
      first: empty ? null : new Date(this.#firstMs).toISOString(),
      last: empty ? null : new Date(this.#lastMs).toISOString(),
      days,
      bytesPerDay: days > 0 ? this.#bytes / days : 0,
      timeZone: this.#zone.timeZone,
      byEvent,
      byClass: Object.fromEntries(this.#classes),
      byUser,
      byExecutable: this.#executables.toRecord((x) => x),
      byHour: this.#hours,
      byDay: Object.fromEntries(
        Object.entries(
          this.#days.toRecord(
            (d) => new Date(d * DAY_SECONDS * 1000).toISOString().slice(0, 10),
            (a, b) => a[0] - b[0],
          ),
        ).map(([k, c]) => [k, cellToDay(c, this.#classNames)]),
      ),
      timeline: this.#timeline.result(this.#classNames),
      damaged: { count: this.#damaged, bytes: this.#damagedBytes },
      fileTokens: { count: this.#fileTokens, bytes: this.#fileBytes },
    };
    const candidates = this.s.candidates;
    if (candidates.length > 0) {
      out.whatIf = {};
      for (const c of candidates) {
        out.whatIf[c.flags] = whatIfResult(c, { ...this.s.projection, days });
      }
    }
    return out;
  }
}

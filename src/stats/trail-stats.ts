/**
 * `trailStats(source, options)`: a trail's volume statistics in one pass
 * and constant memory (see `stats-counter.ts` for what is counted and
 * `what-if.ts` for the candidates).
 *
 * Records are framed, not decoded: `StatsCounter.addFrame` finds each
 * record's tokens by their layouts (`tokenEnd`) and reads the subject,
 * return and (fork and exec records) path fields from the bytes; the
 * records it declines (posix_spawn, tokens that do not walk) are decoded
 * lazily, as are all records when a selection is given (its criteria read
 * tokens). Records given already decoded are counted as they are.
 *
 * @module
 */

import { Criteria, type ReduceSelection } from "../api/criteria";
import { decodeRecordBatches, runBatches } from "../api/decode";
import {
  type BatchDecoder,
  mergedTrailBatches,
  type TrailSetOptions,
  trailSetBatches,
} from "../api/trail-set";
import type { AuditConfig } from "../config/load";
import { emptyAuditConfig } from "../config/with-flags";
import { ChunkDecoder, decodeRecordStreamBatches, emittedBatches } from "../io/stream";
import { DEFAULT_PROCESS_CONTEXT_OPTIONS } from "../json/process-context";
import { type EventTable, openbsmEvents } from "../tables/events";
import { localTimeZone } from "../tables/time-zone";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import type { BsmError } from "../wire/errors";
import type { RecordDecoder } from "../wire/framer";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { FrameRecords } from "./frame-records";
import {
  MAX_STATS_DAYS,
  MAX_STATS_EXECUTABLES,
  MAX_STATS_USERS,
  StatsCounter,
} from "./stats-counter";
import type { TrailStats } from "./stats-types";
import { WhatIfCandidate } from "./what-if";

/**
 * What {@link trailStats} reads: trail paths (a file, a `/var/audit`
 * directory, `-` for standard input; several, read as `readTrails` reads
 * them), a trail in memory, or records already decoded (any iterable or
 * async iterable of records, e.g. `readTrails(...)`).
 */
export type StatsSource =
  | string
  | readonly string[]
  | Uint8Array
  | Iterable<BsmRecord>
  | AsyncIterable<BsmRecord>;

/** Options of {@link trailStats}. Pass a `Readonly<Partial<TrailStatsOptions>>`. */
export interface TrailStatsOptions extends TrailSetOptions {
  /**
   * Names events and their classes (`byEvent`, `byClass`) and resolves
   * the what-if flags.
   * @defaultValue `config.table` when `config` is given, else the bundled OpenBSM table
   */
  table: EventTable;
  /**
   * Time zone of `byHour` and `byDay`: an IANA name, `UTC`, or a POSIX
   * `TZ` rule, as `PrauditOptions.timeZone` takes it.
   * @defaultValue the local zone (`TZ`)
   */
  timeZone: string;
  /**
   * Login names by uid for `byUser` (`parsePasswd` of a passwd file).
   * @defaultValue undefined (no names)
   */
  userNames: ReadonlyMap<number, string> | undefined;
  /**
   * Count only the records this selection keeps (reduce's filters).
   * @defaultValue undefined (every record)
   */
  selection: Readonly<Partial<ReduceSelection>> | undefined;
  /**
   * What-if candidates: audit_control `flags` lines (`lo,aa`, `+ex,^-fr`);
   * each gives `whatIf[flags]`.
   * @defaultValue [] (no what-if)
   */
  whatIf: readonly string[];
  /**
   * The `naflags` line applied with every candidate.
   * @defaultValue `config`'s naflags when `config` is given, else each
   *   candidate's own flags (every record judged alike, as `reduce -c`)
   */
  naflags: string | undefined;
  /**
   * The audit configuration the trail was recorded under (`loadAuditConfig`):
   * audit_class, audit_event and audit_user for the candidates, its masks
   * for `notMeasurable`, and `filesz`, `expire-after` and `minfree` for the
   * projections.
   * @defaultValue undefined
   */
  config: AuditConfig | undefined;
  /**
   * Bytes of disk given to the trail, for `daysUntilMinfree`.
   * @defaultValue undefined (no such projection)
   */
  diskBytes: number | undefined;
  /** @defaultValue {@link MAX_STATS_USERS} */
  maxUsers: number;
  /** @defaultValue {@link MAX_STATS_EXECUTABLES} */
  maxExecutables: number;
  /** @defaultValue {@link MAX_STATS_DAYS} */
  maxDays: number;
  /**
   * Most processes remembered to name executables (least recently used dropped first).
   * @defaultValue `DEFAULT_PROCESS_CONTEXT_OPTIONS.maxProcesses` (65,536)
   */
  maxProcesses: number;
}

/**
 * Bytes framed per framer call: select's 256 KiB (src/api/select.ts), so
 * that a batch of frames is handled per quarter MiB read.
 */
const STATS_FRAME_BATCH_BYTES = 256 * 1024;

/** What a batch of frames leaves once counted. */
const COUNTED: RecordFrame[] = [];

/** A framer emitting every record's frame, damaged ones with their decoded record. */
function frameDecoder(o: Readonly<Partial<DecodeOptions>>): RecordDecoder<RecordFrame> {
  return new Criteria({}).framer(
    resolveOptions(o),
    { damagedRecords: true, frameBytes: true },
    STATS_FRAME_BATCH_BYTES,
  );
}

function isRecordIterable(
  source: StatsSource,
): source is Iterable<BsmRecord> | AsyncIterable<BsmRecord> {
  if (typeof source === "string" || source instanceof Uint8Array) return false;
  if (Array.isArray(source)) return source.length > 0 && typeof source[0] !== "string";
  return true;
}

/**
 * A trail's volume statistics: records and bytes in total and by event,
 * class, audit user, executable, hour of day, day and time; failures;
 * first and last time; bytes per day; damage; and, with `whatIf`, what
 * each candidate flags line would have kept. One pass, constant memory.
 *
 * Damage is counted in `damaged` and passed on to `options.onError`; with
 * `strict` the first damage is thrown. An input that cannot be read is
 * reported to `onError` (an `IoError`) and the next one read.
 *
 * @param source - see {@link StatsSource}
 * @param options - see {@link TrailStatsOptions}
 * @throws `AuditFlagsError` (a RangeError) when a what-if line names an
 *   unknown class; RangeError for a bad option
 */
export async function trailStats(
  source: StatsSource,
  options?: Readonly<Partial<TrailStatsOptions>>,
): Promise<TrailStats> {
  const config = options?.config;
  const table = options?.table ?? config?.table ?? openbsmEvents();
  const base = config === undefined ? emptyAuditConfig(table) : { ...config, table };
  const naflagsOf = (flags: string) =>
    options?.naflags ??
    (config === undefined
      ? flags
      : (config.control.naflags?.value ?? []).map((f) => f.text).join(","));
  const candidates = [...new Set(options?.whatIf ?? [])].map(
    (flags) => new WhatIfCandidate(flags, naflagsOf(flags), base, config !== undefined),
  );
  const disk = options?.diskBytes;
  if (disk !== undefined && !(Number.isFinite(disk) && disk > 0)) {
    throw new RangeError(`diskBytes must be a positive number, got ${disk}`);
  }
  const counter = new StatsCounter({
    table,
    timeZone: options?.timeZone ?? localTimeZone().timeZone,
    userNames: options?.userNames,
    candidates,
    projection: { config, diskBytes: disk },
    maxUsers: options?.maxUsers ?? MAX_STATS_USERS,
    maxExecutables: options?.maxExecutables ?? MAX_STATS_EXECUTABLES,
    maxDays: options?.maxDays ?? MAX_STATS_DAYS,
    maxProcesses: options?.maxProcesses ?? DEFAULT_PROCESS_CONTEXT_OPTIONS.maxProcesses,
    encoding: resolveOptions(options).encoding,
  });
  const criteria =
    options?.selection === undefined ? null : new Criteria({ table, ...options.selection });
  const add = (r: BsmRecord) => {
    if (criteria !== null && criteria.recordPasses(r) === criteria.invert) return;
    counter.add(r);
  };
  const userOnError = options?.onError;
  const onError = (e: BsmError) => {
    counter.damage(e);
    userOnError?.(e);
  };

  if (isRecordIterable(source)) {
    if (Symbol.asyncIterator in source) for await (const r of source) add(r);
    else for (const r of source) add(r);
    return counter.result();
  }
  const decodeOptions = { ...options, onError, lazy: true };
  // With a selection, records are decoded (the criteria read tokens);
  // without, they are framed and counted from their bytes (see `addFrame`),
  // and only the frames it declines are decoded: 1.2-1.3x faster than
  // counting lazy records (best of 8 alternating in one process over a
  // 64 MiB generated trail: 543/704 and 692/848 ms; bench/README.md, issue 12).
  const framed = criteria === null;
  const framesOf = (batch: RecordFrame[], decoder: FrameRecords) => {
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i];
      if (!counter.addFrame(f)) {
        const r = decoder.decode(f);
        if (r !== null) counter.add(r);
      }
    }
  };
  if (source instanceof Uint8Array) {
    if (framed) {
      const decoder = new FrameRecords(decodeOptions);
      for (const batch of runBatches<RecordFrame>(frameDecoder(decodeOptions), source)) {
        framesOf(batch, decoder);
      }
      return counter.result();
    }
    for (const batch of decodeRecordBatches(source, decodeOptions)) {
      for (let i = 0; i < batch.length; i++) add(batch[i]);
    }
    return counter.result();
  }
  const paths = typeof source === "string" ? [source] : source;
  // Reads of TRAIL_READ_BYTES (256 KiB, readTrails' default): 1 MiB reads ran no
  // faster (533-690 against 708-919 ms over a 64 MiB generated trail, best of 4,
  // host load 6-8) and held 20-30 MB more at peak (141-154 against 174 MB).
  if (framed) {
    // Each input is counted as its frames come: statistics do not depend on
    // the order of inputs, so `merge` reads them one after another here.
    const decode: BatchDecoder<RecordFrame> = (chunks, o) => countFrames(chunks, o);
    async function* countFrames(
      chunks: AsyncIterable<Uint8Array>,
      o: Readonly<Partial<DecodeOptions>>,
    ): AsyncGenerator<RecordFrame[], void, undefined> {
      const decoder = new FrameRecords(o);
      const frames = new ChunkDecoder(o, frameDecoder(o), { inPlace: true });
      for await (const batch of emittedBatches<RecordFrame>(chunks, frames)) {
        framesOf(batch, decoder);
        yield COUNTED; // nothing left to hand on
      }
    }
    for await (const _ of trailSetBatches(paths, decode, decodeOptions)) {
      // Counted as framed.
    }
    return counter.result();
  }
  const decode: BatchDecoder<BsmRecord> = (chunks, o) =>
    decodeRecordStreamBatches(chunks, { ...o, lazy: true });
  const batches = options?.merge
    ? mergedTrailBatches(paths, decode, decodeOptions)
    : trailSetBatches(paths, decode, decodeOptions);
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) add(batch[i]);
  }
  return counter.result();
}

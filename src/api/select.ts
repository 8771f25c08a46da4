/**
 * Selection on header fields: frames of the records whose event (by number,
 * `AUE_*` name or audit class) is wanted, without decoding any token. This
 * is the fast path under auditreduce-style selection.
 *
 * @module
 */

import { type ByteSource, ChunkDecoder, emittedBatches } from "../io/stream";
import { type EventTable, openbsmEvents } from "../tables/events";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import type { RecordFrame } from "../wire/frame";
import { RecordDecoder } from "../wire/framer";
import { runBatches } from "./decode";

/** Which records {@link selectRecords} keeps. */
export interface Selection {
  /** Event numbers or `AUE_*` names; a record matches if its event is one of them. */
  events: Iterable<number | string>;
  /** Audit class names (`ex`, `fc`...) or masks; a record matches if its event is in one. */
  classes: Iterable<string | number>;
  /**
   * Event table resolving names and classes.
   * @defaultValue the bundled OpenBSM table
   */
  table: EventTable;
}

/**
 * The 65,536-entry event bitmap for a selection (1 = keep). Throws a
 * RangeError naming an event or class that the table does not know.
 */
export function eventBitmap(selection: Readonly<Partial<Selection>>): Uint8Array {
  const table = selection.table ?? openbsmEvents();
  const map = new Uint8Array(65536);
  for (const e of selection.events ?? []) {
    if (typeof e === "number") {
      map[e & 0xffff] = 1;
      continue;
    }
    const entry = /^\d+$/.test(e) ? table.get(Number(e)) : table.byName(e);
    if (entry === undefined && !/^\d+$/.test(e)) throw new RangeError(`unknown event: ${e}`);
    map[entry ? entry.number : Number(e) & 0xffff] = 1;
  }
  let mask = 0;
  for (const c of selection.classes ?? []) {
    if (typeof c === "number") mask |= c;
    else {
      const cls = table.classes.find((x) => x.name === c);
      if (cls === undefined) throw new RangeError(`unknown audit class: ${c}`);
      mask |= cls.mask;
    }
  }
  if (mask !== 0) {
    for (const entry of table.entries) {
      if ((table.classMask(entry.number) & mask) !== 0) map[entry.number] = 1;
    }
  }
  return map;
}

/**
 * Bytes framed per batch. Frames are small and few survive a selection, so
 * batches can be larger than for records (fewer awaits per MiB: bench/run.ts,
 * "select execve" case).
 */
const FRAME_BATCH_BYTES = 256 * 1024;

function framer(
  selection: Readonly<Partial<Selection>> | null,
  options: Readonly<Partial<DecodeOptions>> | undefined,
): RecordDecoder {
  const dec = new RecordDecoder(resolveOptions(options), {
    frames: true,
    events: selection === null ? null : eventBitmap(selection),
  });
  dec.batchBytes = FRAME_BATCH_BYTES;
  return dec;
}

/**
 * Batches of frames of every record in `bytes` (header fields and bytes,
 * no token decoded). Damage is handled as in `decodeRecords`.
 */
export function frameRecordBatches(
  bytes: Uint8Array,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame[]> {
  return runBatches<RecordFrame>(framer(null, options), bytes);
}

/** Frames of every record in `bytes`; see {@link frameRecordBatches}. */
export function* frameRecords(
  bytes: Uint8Array,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame> {
  for (const batch of frameRecordBatches(bytes, options)) yield* batch;
}

/**
 * Batches of frames of the records in `bytes` that match `selection`
 * (file records are left out). Each frame's `bytes` is the record exactly as
 * written, ready to be written out raw as auditreduce does.
 */
export function selectRecordBatches(
  bytes: Uint8Array,
  selection: Readonly<Partial<Selection>>,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame[]> {
  return runBatches<RecordFrame>(framer(selection, options), bytes);
}

/** The frames of {@link selectRecordBatches}, one at a time. */
export function* selectRecords(
  bytes: Uint8Array,
  selection: Readonly<Partial<Selection>>,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame> {
  for (const batch of selectRecordBatches(bytes, selection, options)) yield* batch;
}

/**
 * Streaming {@link selectRecordBatches} (pass `null` to keep every record):
 * batches of frames from any byte source.
 */
export function selectRecordStreamBatches(
  source: ByteSource,
  selection: Readonly<Partial<Selection>> | null,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncGenerator<RecordFrame[], void, undefined> {
  return emittedBatches<RecordFrame>(
    source,
    new ChunkDecoder(options, framer(selection, options), { inPlace: true }),
  );
}

/**
 * Selection on header fields: frames of the records whose event (by number,
 * `AUE_*` name or audit class) is wanted, without decoding any token. A
 * {@link Selection} is compiled into the selection model's `Criteria`
 * (src/api/criteria.ts), as auditreduce's filters are, and framed by the
 * same framer.
 *
 * @module
 */

import { type ByteSource, ChunkDecoder, emittedBatches } from "../io/stream";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import type { RecordDecoder } from "../wire/framer";
import type { RecordFrame } from "../wire/record";
import { Criteria, eventBitmap, type Selection } from "./criteria";
import { runBatches } from "./decode";

export { eventBitmap, type Selection } from "./criteria";

/**
 * Bytes framed per batch. Frames are small and few survive a selection, so
 * batches can be larger than for records (fewer awaits per MiB: bench/run.ts,
 * "select execve" case).
 */
const FRAME_BATCH_BYTES = 256 * 1024;

/**
 * The framer of the selection model's criteria for a header selection
 * (null: no filter, every record framed, file records too).
 */
function framer(
  selection: Readonly<Partial<Selection>> | null,
  options: Readonly<Partial<DecodeOptions>> | undefined,
): RecordDecoder<RecordFrame> {
  const criteria =
    selection === null
      ? new Criteria({})
      : new Criteria({ table: selection.table }, eventBitmap(selection));
  return criteria.framer(
    resolveOptions(options),
    { damagedRecords: false, frameBytes: true },
    FRAME_BATCH_BYTES,
  );
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

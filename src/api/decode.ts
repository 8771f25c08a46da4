/**
 * Synchronous decoding of a whole buffer.
 *
 * @module
 */

import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import { type Emitted, RecordDecoder } from "../wire/framer";
import type { BsmRecord } from "../wire/record";

/**
 * Iterates over the records of a trail held in memory. Records come out in
 * batches decoded synchronously (see `RecordDecoder.batchBytes`), so memory
 * stays bounded by one batch plus what the caller keeps.
 *
 * @param bytes - the trail's bytes; byte fields of records are views into it
 *   unless `options.copy` is set.
 * @param options - see {@link DecodeOptions}.
 */
export function decodeRecords(
  bytes: Uint8Array,
  options?: Readonly<Partial<DecodeOptions>>,
): IterableIterator<BsmRecord> {
  return new BufferRecordIterator(bytes, resolveOptions(options));
}

/** Decodes every record of `bytes` into an array. */
export function decodeAllRecords(
  bytes: Uint8Array,
  options?: Readonly<Partial<DecodeOptions>>,
): BsmRecord[] {
  const all: BsmRecord[] = [];
  for (const batch of decodeRecordBatches(bytes, options)) {
    for (let i = 0; i < batch.length; i++) all.push(batch[i]);
  }
  return all;
}

/**
 * Iterates over batches of records (arrays, each about 256 KiB of input):
 * the fastest way through a buffer, one call per batch instead of per record.
 */
export function decodeRecordBatches(
  bytes: Uint8Array,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<BsmRecord[], void, undefined> {
  return runBatches<BsmRecord>(new RecordDecoder(resolveOptions(options)), bytes);
}

/**
 * Drives `dec` over all of `bytes` (the whole input, or its end from
 * global offset `base`), yielding what each batch emits: records, or
 * frames for a decoder in frame mode.
 */
export function* runBatches<T extends Emitted>(
  dec: RecordDecoder,
  bytes: Uint8Array,
  base = 0,
): Generator<T[], void, undefined> {
  let p = 0;
  while (p < bytes.length) {
    const out: Emitted[] = [];
    p = dec.run(bytes, p, bytes.length, base, true, out);
    if (out.length > 0) yield out as T[];
  }
}

/** A hand-written iterator: cheaper per record than a generator. */
class BufferRecordIterator implements IterableIterator<BsmRecord> {
  private readonly dec: RecordDecoder;
  private batch: BsmRecord[] = [];
  private i = 0;
  private p = 0;

  constructor(
    private readonly bytes: Uint8Array,
    options: DecodeOptions,
  ) {
    this.dec = new RecordDecoder(options);
  }

  next(): IteratorResult<BsmRecord, undefined> {
    while (this.i >= this.batch.length) {
      if (this.p >= this.bytes.length) return { done: true, value: undefined };
      this.batch = [];
      this.i = 0;
      this.p = this.dec.run(this.bytes, this.p, this.bytes.length, 0, true, this.batch);
    }
    return { done: false, value: this.batch[this.i++] };
  }

  [Symbol.iterator](): IterableIterator<BsmRecord> {
    return this;
  }
}

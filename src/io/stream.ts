/**
 * Streaming decoding: chunks in, whole records out.
 *
 * A record split across chunks comes out once, whole. While a record is
 * incomplete, chunks are only collected; they are joined once enough input
 * has arrived for the decoder to make progress, so a record is copied at
 * most once whatever the chunk size.
 *
 * @module
 */

import type { Readable } from "node:stream";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import { type Emitted, RecordDecoder } from "../wire/framer";
import type { BsmRecord } from "../wire/record";

const EMPTY = new Uint8Array(0);

/** Anything {@link decodeRecordStream} reads from. */
export type ByteSource =
  | AsyncIterable<Uint8Array>
  | Iterable<Uint8Array>
  | ReadableStream<Uint8Array>
  | Readable;

/**
 * Push-based decoder: feed chunks with {@link push}, then call {@link end}.
 * Records are appended to the array given to each call.
 */
export class ChunkDecoder {
  private readonly dec: RecordDecoder;
  private buf: Uint8Array = EMPTY;
  private start = 0;
  /** Global offset of `buf[0]`. */
  private base = 0;
  private pending: Uint8Array[] = [];
  private pendingLength = 0;

  /**
   * @param options - see {@link DecodeOptions}.
   * @param decoder - a decoder to drive (e.g. one in frame mode); by default
   *   a new record decoder with `options`.
   */
  constructor(
    options?: Readonly<Partial<DecodeOptions>>,
    decoder?: RecordDecoder,
    mode?: Readonly<{ inPlace: boolean }>,
  ) {
    this.dec = decoder ?? new RecordDecoder(resolveOptions(options));
    this.inPlace = mode?.inPlace ?? false;
  }

  /**
   * Copy only what a split record needs and decode the rest of each chunk
   * in place. Used for frames: joining whole chunks cost a fifth of
   * selection time (bench/run.ts, "select execve" case). Record decoding
   * joins whole chunks: decoding in place there let peak RSS grow with the
   * file (137 MB for 1 GiB against 94 MB; bench/run.ts, "readTrail" case).
   */
  private readonly inPlace: boolean;

  /** Bytes held in memory and not yet decoded. */
  get buffered(): number {
    return this.buf.length - this.start + this.pendingLength;
  }

  /** Bytes received so far. */
  get received(): number {
    return this.base + this.buf.length + this.pendingLength;
  }

  /** Adds a chunk (kept by reference: do not reuse its memory). */
  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Node Buffers become plain Uint8Array views (same memory) so that every
    // byte field has one type whatever the source.
    if (chunk.constructor !== Uint8Array) {
      chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (this.start >= this.buf.length && this.pendingLength === 0) {
      this.base += this.buf.length;
      this.buf = chunk;
      this.start = 0;
      this.dec.need = 0;
      return;
    }
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
  }

  /**
   * Decodes at most one batch from what has arrived. Returns false when
   * nothing more can be decoded until more input (or the end) arrives.
   */
  step(final: boolean, out: Emitted[]): boolean {
    if (this.inPlace) return this.stepInPlace(final, out);
    if (this.pendingLength > 0 && (final || this.received >= this.dec.need)) this.join();
    if (this.start >= this.buf.length) {
      // At the end of input, close a damaged region still open (reports it).
      if (final) this.dec.run(this.buf, this.start, this.buf.length, this.base, true, out);
      return false;
    }
    if (!final && this.dec.stalled && this.received < this.dec.need) return false;
    const before = this.start;
    this.start = this.dec.run(this.buf, this.start, this.buf.length, this.base, final, out);
    if (this.dec.stalled && this.start === before && out.length === 0) return false;
    return this.start < this.buf.length || out.length > 0;
  }

  /** {@link step} when decoding in place: `final` reaches the decoder only once nothing is pending. */
  private stepInPlace(final: boolean, out: Emitted[]): boolean {
    const dec = this.dec;
    if (
      this.pendingLength > 0 &&
      (this.start >= this.buf.length || (dec.stalled && (final || this.received >= dec.need)))
    ) {
      this.joinSplit();
    }
    if (this.start >= this.buf.length) {
      if (final) dec.run(this.buf, this.start, this.buf.length, this.base, true, out);
      return false;
    }
    if (!final && dec.stalled && this.received < dec.need) return false;
    const before = this.start;
    const last = final && this.pendingLength === 0;
    this.start = dec.run(this.buf, this.start, this.buf.length, this.base, last, out);
    return (
      out.length > 0 ||
      this.start > before ||
      (this.pendingLength > 0 && (final || this.received >= dec.need))
    );
  }

  /** Adds a chunk and decodes everything it completes. */
  push(chunk: Uint8Array, out: Emitted[]): void {
    this.append(chunk);
    while (this.step(false, out)) {}
  }

  /** Declares the end of input and decodes what remains. */
  end(out: Emitted[]): void {
    while (this.step(true, out)) {}
  }

  /** Joins the leftover of `buf` and every pending chunk into one buffer. */
  private join(): void {
    this.joinLeftover(this.pendingLength);
  }

  /**
   * In-place join: with no bytes left in `buf`, the next chunk becomes
   * `buf` as it is; otherwise the leftover and just the pending bytes the
   * decoder needs are copied, and the rest of that chunk stays pending.
   */
  private joinSplit(): void {
    const rest = this.buf.length - this.start;
    if (rest === 0) {
      const next = this.pending.shift() as Uint8Array;
      this.pendingLength -= next.length;
      this.base += this.buf.length;
      this.buf = next;
      this.start = 0;
      return;
    }
    this.joinLeftover(
      Math.min(this.pendingLength, Math.max(1, this.dec.need - (this.base + this.buf.length))),
    );
  }

  /**
   * Copies the leftover of `buf` and the first `want` pending bytes into a
   * new `buf`; the rest of a partly taken chunk stays pending.
   */
  private joinLeftover(want: number): void {
    const rest = this.buf.length - this.start;
    const joined = new Uint8Array(rest + want);
    joined.set(this.buf.subarray(this.start), 0);
    let o = rest;
    let k = 0;
    while (o < joined.length) {
      const c = this.pending[k];
      const take = Math.min(c.length, joined.length - o);
      joined.set(c.subarray(0, take), o);
      o += take;
      if (take === c.length) k++;
      else this.pending[k] = c.subarray(take);
    }
    // One splice for all the chunks taken whole: shifting them one by one
    // is quadratic when many tiny chunks are pending.
    if (k > 0) this.pending.splice(0, k);
    this.pendingLength -= want;
    this.base += this.start;
    this.buf = joined;
    this.start = 0;
  }
}

/** Turns any supported source into an async iterator of chunks. */
export function chunksOf(source: ByteSource): AsyncIterator<Uint8Array> | Iterator<Uint8Array> {
  const s = source as {
    [Symbol.asyncIterator]?: () => AsyncIterator<Uint8Array>;
    [Symbol.iterator]?: () => Iterator<Uint8Array>;
    getReader?: () => ReadableStreamDefaultReader<Uint8Array>;
  };
  if (typeof s.getReader === "function") {
    const reader = s.getReader();
    return {
      next: async () => {
        const r = await reader.read();
        return r.done ? { done: true, value: undefined } : { done: false, value: r.value };
      },
      return: async () => {
        await reader.cancel();
        return { done: true, value: undefined };
      },
    };
  }
  const ai = s[Symbol.asyncIterator];
  if (typeof ai === "function") return ai.call(s);
  const si = s[Symbol.iterator];
  if (typeof si === "function") return si.call(s);
  throw new TypeError(
    "decodeRecordStream: source is not an async iterable, iterable or ReadableStream",
  );
}

/**
 * Drives a {@link ChunkDecoder} over a byte source, yielding what each step
 * emits (records, or frames for a decoder in frame mode).
 */
export async function* emittedBatches<T extends Emitted>(
  source: ByteSource,
  cd: ChunkDecoder,
): AsyncGenerator<T[], void, undefined> {
  const it = chunksOf(source);
  try {
    let final = false;
    while (!final) {
      const r = await it.next();
      if (r.done) final = true;
      else cd.append(r.value);
      for (;;) {
        const out: Emitted[] = [];
        const more = cd.step(final, out);
        if (out.length > 0) yield out as T[];
        if (!more) break;
      }
    }
  } finally {
    await it.return?.();
  }
}

/**
 * Async iterator over batches of records from a byte source: one await per
 * batch, the fastest streaming API.
 */
export function decodeRecordStreamBatches(
  source: ByteSource,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncGenerator<BsmRecord[], void, undefined> {
  return emittedBatches<BsmRecord>(source, new ChunkDecoder(options));
}

/**
 * Async iterator over the records of a byte stream: an
 * `AsyncIterable<Uint8Array>`, a Node `Readable` or a web `ReadableStream`.
 * A record split across chunks comes out once, whole.
 *
 * @param source - the bytes; chunks are kept by reference (zero-copy) unless
 *   `options.copy` is set, so a producer must not reuse a chunk's memory.
 * @param options - see {@link DecodeOptions}.
 */
export function decodeRecordStream(
  source: ByteSource,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncIterableIterator<BsmRecord> {
  return new StreamRecordIterator(decodeRecordStreamBatches(source, options));
}

/** Flattens batches; a hand-written iterator costs less per record than an async generator. */
class StreamRecordIterator implements AsyncIterableIterator<BsmRecord> {
  private batch: BsmRecord[] = [];
  private i = 0;

  constructor(private readonly batches: AsyncGenerator<BsmRecord[], void, undefined>) {}

  next(): Promise<IteratorResult<BsmRecord, undefined>> {
    if (this.i < this.batch.length) {
      return Promise.resolve({ done: false, value: this.batch[this.i++] });
    }
    return this.refill();
  }

  private async refill(): Promise<IteratorResult<BsmRecord, undefined>> {
    for (;;) {
      const r = await this.batches.next();
      if (r.done) return { done: true, value: undefined };
      if (r.value.length > 0) {
        this.batch = r.value;
        this.i = 1;
        return { done: false, value: r.value[0] };
      }
    }
  }

  async return(): Promise<IteratorResult<BsmRecord, undefined>> {
    await this.batches.return();
    return { done: true, value: undefined };
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<BsmRecord> {
    return this;
  }
}

/**
 * Streaming decoding: chunks in, whole records out.
 *
 * A record split across chunks comes out once, whole. While a record is
 * incomplete, chunks are only collected; their bytes are appended to a
 * buffer of the stream's own once enough input has arrived for the decoder
 * to make progress, so each byte is copied at most about twice whatever
 * the chunk size and whatever the input (see {@link ChunkDecoder}).
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
 *
 * The decoder runs on one buffer at a time: a received chunk itself (in
 * place), or, when what it needs spans chunks, a buffer of this class's
 * own that the following chunks' bytes are appended to. Each received byte
 * is copied at most once into such a buffer, plus the moves of the
 * undecoded rest when it is outgrown (its spare room is at least that
 * rest, so the moves cost no more than the bytes appended), so the copying
 * is linear in the input whatever it holds and however it is chunked: a
 * resync whose candidates each claim 1 MiB copies nothing per candidate
 * (test/stall.test.ts). Bytes already handed out (records and frames are
 * views, unless `copy`) are never overwritten: a buffer is only appended
 * to, and outgrown buffers are left as they are.
 */
export class ChunkDecoder {
  private readonly dec: RecordDecoder;
  /** The buffer the decoder runs on: a received chunk, or one of ours (`owned`). */
  private buf: Uint8Array = EMPTY;
  /** Bytes of {@link buf} filled: all of a chunk; an owned buffer has room after them. */
  private len = 0;
  /** Where decoding resumes in {@link buf}. */
  private start = 0;
  /** Global offset of `buf[0]`. */
  private base = 0;
  /** {@link buf} is ours (bytes may be appended after {@link len}). */
  private owned = false;
  /**
   * Chunks received past the end of {@link buf}: `pending[head]` starts at
   * global offset {@link pendingBase}, at or before the end of `buf` (when
   * `buf` is owned, a prefix of it may have been copied there already).
   */
  private pending: Uint8Array[] = [];
  private head = 0;
  private pendingBase = 0;
  /** Bytes of the pending chunks, from {@link pendingBase}. */
  private pendingLength = 0;

  /**
   * @param options - see {@link DecodeOptions}.
   * @param decoder - a decoder to drive (e.g. one in frame mode); by default
   *   a new record decoder with `options`.
   * @param mode - `inPlace` (see {@link inPlace}, default false); `start`,
   *   the global offset of the first byte pushed (default 0: a piece of a
   *   trail decoded on its own reports the trail's offsets).
   */
  constructor(
    options?: Readonly<Partial<DecodeOptions>>,
    decoder?: RecordDecoder,
    mode?: Readonly<{ inPlace: boolean; start?: number }>,
  ) {
    this.dec = decoder ?? new RecordDecoder(resolveOptions(options));
    this.inPlace = mode?.inPlace ?? false;
    this.base = mode?.start ?? 0;
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
    return this.received - (this.base + this.start);
  }

  /** Bytes received so far. */
  get received(): number {
    return this.pendingLength > 0 ? this.pendingBase + this.pendingLength : this.base + this.len;
  }

  /** Adds a chunk (kept by reference: do not reuse its memory). */
  append(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    // Node Buffers become plain Uint8Array views (same memory) so that every
    // byte field has one type whatever the source.
    if (chunk.constructor !== Uint8Array) {
      chunk = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (this.start >= this.len && this.pendingLength === 0) {
      this.base += this.len;
      this.buf = chunk;
      this.len = chunk.length;
      this.start = 0;
      this.owned = false;
      this.dec.need = 0;
      return;
    }
    if (this.pendingLength === 0) this.pendingBase = this.base + this.len;
    this.pending.push(chunk);
    this.pendingLength += chunk.length;
  }

  /**
   * Decodes at most one batch from what has arrived. Returns false when
   * nothing more can be decoded until more input (or the end) arrives.
   */
  step(final: boolean, out: Emitted[]): boolean {
    if (this.inPlace) return this.stepInPlace(final, out);
    const dec = this.dec;
    if (this.pendingLength > 0 && (final || this.received >= dec.need)) {
      // Join every pending chunk (one taken as it is when nothing is left).
      if (this.start >= this.len && this.head === this.pending.length - 1) this.takeChunk();
      else this.extend(this.received);
    }
    if (this.start >= this.len) {
      // At the end of input, close a damaged region still open (reports it).
      if (final) dec.run(this.buf, this.start, this.len, this.base, true, out);
      return false;
    }
    if (!final && dec.stalled && this.received < dec.need) return false;
    const before = this.start;
    this.start = dec.run(this.buf, this.start, this.len, this.base, final, out);
    if (dec.stalled && this.start === before && out.length === 0) return false;
    return this.start < this.len || out.length > 0;
  }

  /** {@link step} when decoding in place: `final` reaches the decoder only once nothing is pending. */
  private stepInPlace(final: boolean, out: Emitted[]): boolean {
    const dec = this.dec;
    // Back in place as soon as decoding has reached a chunk's own bytes.
    if (this.pendingLength > 0 && this.base + this.start >= this.pendingBase) this.takeChunk();
    const end = this.base + this.len;
    if (this.start >= this.len) {
      if (final) dec.run(this.buf, this.start, this.len, this.base, true, out);
      return false;
    }
    const more = this.received > end;
    if (more && dec.stalled && dec.need > end && (final || this.received >= dec.need)) {
      // What the decoder needs spans chunks: append at least that much,
      // and as much as is left undecoded (when it has arrived), so a
      // decoder stalling again and again a few bytes on (a resync over
      // candidates claiming long records) is given room in proportion.
      const rest = this.len - this.start;
      this.extend(Math.min(this.received, Math.max(dec.need, end + rest)));
    } else if (!final && dec.stalled && this.received < dec.need) {
      return false;
    }
    const before = this.start;
    const last = final && this.received === this.base + this.len;
    this.start = dec.run(this.buf, this.start, this.len, this.base, last, out);
    return (
      out.length > 0 ||
      this.start > before ||
      (this.received > this.base + this.len && (final || this.received >= dec.need))
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

  /**
   * Makes the first pending chunk the buffer, decoding resuming at the
   * same global offset (which lies in it).
   */
  private takeChunk(): void {
    const c = this.pending[this.head];
    const pos = this.base + this.start;
    this.dropHead(c);
    this.buf = c;
    this.len = c.length;
    this.start = pos - (this.pendingBase - c.length);
    this.base = this.pendingBase - c.length;
    this.owned = false;
  }

  /** Removes the first pending chunk, `c`. */
  private dropHead(c: Uint8Array): void {
    this.pending[this.head++] = EMPTY;
    this.pendingBase += c.length;
    this.pendingLength -= c.length;
    if (this.head === this.pending.length) {
      this.pending.length = 0;
      this.head = 0;
    } else if (this.head >= 1024 && this.head * 2 >= this.pending.length) {
      // Drop the taken slots in one splice: shifting one at a time is
      // quadratic when many tiny chunks are pending.
      this.pending.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * Appends the pending bytes up to global offset `to` to an owned buffer,
   * first moving the undecoded rest to a new one when there is no room.
   */
  private extend(to: number): void {
    let at = this.base + this.len;
    const add = to - at;
    if (add <= 0) return;
    if (!this.owned || this.len + add > this.buf.length) {
      const rest = this.len - this.start;
      // Room for the rest again after this: the next move happens only
      // after at least that many bytes were appended (linear copying).
      const joined = new Uint8Array(rest + add + Math.max(rest, 64));
      joined.set(this.buf.subarray(this.start, this.len), 0);
      this.base += this.start;
      this.buf = joined;
      this.len = rest;
      this.start = 0;
      this.owned = true;
    }
    const buf = this.buf;
    while (at < to) {
      const c = this.pending[this.head];
      const off = at - this.pendingBase;
      const take = Math.min(c.length - off, to - at);
      buf.set(off === 0 && take === c.length ? c : c.subarray(off, off + take), this.len);
      this.len += take;
      at += take;
      if (off + take === c.length) this.dropHead(c);
    }
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

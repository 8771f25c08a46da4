/**
 * Cutting one input into pieces that can be formatted apart (the parallel
 * `bsm-trail json`): the input is framed only to find record boundaries,
 * and cut right after a frame that is not damaged and past which no
 * decision of the framer looked (`RecordDecoder.reach`). A framer started
 * fresh at such a cut sees exactly what the sequential framer saw from
 * there, so formatting each piece on its own, with its start offset added
 * to every offset, gives the sequential output and errors, in order.
 *
 * @module
 */

import { ChunkDecoder } from "../io/stream";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import { type Emitted, RecordDecoder } from "../wire/framer";
import type { RecordFrame } from "../wire/record";

/**
 * Bytes framed per framing batch when cutting. A cut is only looked for at
 * the end of a batch's frames, with the framer's reach after the batch: a
 * batch far smaller than a piece keeps pieces close to their size, and
 * framing runs at GB/s, so batches cost nothing next to formatting (64
 * KiB, as FramePrinter's batches).
 */
const CUT_BATCH_BYTES = 64 * 1024;

/** A piece: the input's bytes `[start, start + bytes.length)`, in memory of its own. */
export interface JsonPiece {
  /** Global offset of the piece's first byte in its input. */
  start: number;
  /** The bytes, a fresh ArrayBuffer of exactly this length (to transfer). */
  bytes: Uint8Array;
}

/**
 * Frames the chunks of one input as they arrive and cuts them into
 * {@link JsonPiece}s of at least `pieceBytes` (a cut after every clean
 * frame when it is 1), keeping the chunks not yet cut.
 */
export class PieceCutter {
  private readonly framer: RecordDecoder;
  private readonly cd: ChunkDecoder;
  /** Chunks holding the bytes from {@link start} on (the first may begin before it). */
  private chunks: Uint8Array[] = [];
  /** Global offset of `chunks[0][0]`. */
  private chunksStart = 0;
  private received = 0;
  /** Global offset where the next piece begins. */
  start = 0;
  /** Pieces cut so far. */
  cuts = 0;

  /**
   * @param pieceBytes - smallest piece (but the input's last)
   * @param options - the decode options the input is formatted with (its
   *   `maxRecordBytes` shapes the framing); errors are not reported here
   */
  constructor(
    private readonly pieceBytes: number,
    options?: Readonly<Partial<DecodeOptions>>,
  ) {
    this.framer = new RecordDecoder(
      resolveOptions({ ...options, strict: false, onError: undefined, copy: false }),
      { frames: true, events: null, damagedRecords: false, frameBytes: false },
    );
    this.framer.batchBytes = CUT_BATCH_BYTES;
    this.cd = new ChunkDecoder(undefined, this.framer, { inPlace: true });
  }

  /** Bytes received and not yet in a piece. */
  get held(): number {
    return this.received - this.start;
  }

  /** Adds a chunk (kept by reference: its memory must not be reused); returns the pieces it completes. */
  push(chunk: Uint8Array): JsonPiece[] {
    if (chunk.length === 0) return [];
    this.chunks.push(chunk);
    this.received += chunk.length;
    this.cd.append(chunk);
    return this.frameAll(false);
  }

  /** Declares the end of the input; returns the last pieces (the rest of the input the last one). */
  end(): JsonPiece[] {
    const pieces = this.frameAll(true);
    if (this.received > this.start) pieces.push(this.cut(this.received));
    return pieces;
  }

  /** Frames what the decoder holds (all of it when `final`), cutting pieces as it goes. */
  private frameAll(final: boolean): JsonPiece[] {
    const pieces: JsonPiece[] = [];
    for (;;) {
      const out: Emitted[] = [];
      const more = this.cd.step(final, out);
      this.cutIn(out as RecordFrame[], pieces);
      if (!more) break;
    }
    return pieces;
  }

  /** The bytes from {@link start} on, as chunks (views of the chunks received). */
  rest(): Uint8Array[] {
    const out = this.chunks.slice();
    if (out.length > 0) out[0] = out[0].subarray(this.start - this.chunksStart);
    return out.filter((c) => c.length > 0);
  }

  /** Cuts after the clean frames of a batch that end a piece. */
  private cutIn(frames: readonly RecordFrame[], pieces: JsonPiece[]): void {
    const reach = this.framer.reach;
    for (let i = 0; i < frames.length; i++) {
      const f = frames[i];
      const end = f.offset + f.length;
      if (f.damaged || end - this.start < this.pieceBytes || end < reach) continue;
      pieces.push(this.cut(end));
    }
  }

  /** The piece `[start, at)`, copied into memory of its own. */
  private cut(at: number): JsonPiece {
    const bytes = new Uint8Array(at - this.start);
    let o = 0;
    let p = this.chunksStart;
    let i = 0;
    for (; i < this.chunks.length; i++) {
      const c = this.chunks[i];
      const from = Math.max(this.start, p);
      const to = Math.min(at, p + c.length);
      if (to > from) {
        bytes.set(c.subarray(from - p, to - p), o);
        o += to - from;
      }
      if (p + c.length > at) break;
      p += c.length;
    }
    // Chunks wholly before the cut are let go.
    this.chunks = this.chunks.slice(i);
    this.chunksStart = p;
    const piece = { start: this.start, bytes };
    this.start = at;
    this.cuts++;
    return piece;
  }
}

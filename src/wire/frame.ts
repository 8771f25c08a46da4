/**
 * Record frames: a record's header fields and bytes, with no token decoded.
 * The cheap way through a trail when a consumer reads only header fields
 * (selection by event or time, counting, copying records out raw); decode
 * the tokens of the frames you keep with {@link decodeFrame}.
 *
 * @module
 */

import { type DecodeOptions, resolveOptions } from "./decode-options";
import { type Emitted, RecordDecoder } from "./framer";
import type { BsmRecord } from "./record";

/** A record located and checked (header byte count, trailer) but not decoded. */
export interface RecordFrame {
  /** `header` for a header-to-trailer record, `file` for a lone file token. */
  kind: "header" | "file";
  /** Byte offset of the record in the whole input. */
  offset: number;
  /** Length of the record in bytes. */
  length: number;
  /** Event number (0 for a file record). */
  event: number;
  /** Event modifier (0 for a file record). */
  modifier: number;
  /** Header version (0 for a file record). */
  version: number;
  /** Seconds since the epoch. */
  seconds: number;
  /** Milliseconds past `seconds`. */
  milliseconds: number;
  /** True when an error was reported for this record. */
  damaged: boolean;
  /** The record's bytes: a view into the input unless `copy` was set. */
  bytes: Uint8Array;
}

/**
 * Decodes the tokens of frames, one decoder reused for many frames (see
 * {@link decodeFrame} for one). Errors found in a frame's tokens are
 * reported through `options.onError` (or thrown when `strict`) with offsets
 * in the whole input, as the record decoder reports them.
 */
export class FrameDecoder {
  private readonly dec: RecordDecoder;
  private readonly out: Emitted[] = [];

  /** @param options - see {@link DecodeOptions}. */
  constructor(options?: Readonly<Partial<DecodeOptions>>) {
    this.dec = new RecordDecoder(resolveOptions(options));
  }

  /**
   * The frame's record with its tokens decoded (offsets those of the
   * input), or null when its bytes hold no record.
   */
  decode(frame: Readonly<RecordFrame>): BsmRecord | null {
    const b = frame.bytes;
    // A fresh view per call: the decoder caches strings per input view, and
    // a caller may reuse the same memory for other bytes (reduce does).
    const whole = new Uint8Array(b.buffer);
    const out = this.out;
    out.length = 0;
    const s = b.byteOffset;
    this.dec.run(whole, s, s + b.length, frame.offset - s, true, out);
    const r = out.length > 0 ? (out[0] as BsmRecord) : null;
    out.length = 0;
    if (r !== null) r.damaged ||= frame.damaged;
    return r;
  }
}

/**
 * Decodes the tokens of a frame into a full record (offsets, in the record
 * and in errors reported, stay those of the input).
 */
export function decodeFrame(
  frame: RecordFrame,
  options?: Readonly<Partial<DecodeOptions>>,
): BsmRecord {
  const r = new FrameDecoder(options).decode(frame);
  if (r === null) throw new RangeError("decodeFrame: the frame holds no record");
  return r;
}

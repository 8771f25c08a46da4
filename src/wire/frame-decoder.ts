/**
 * Decoding the tokens of record frames (src/wire/record.ts: `RecordFrame`,
 * a record's header fields and bytes with no token decoded, the cheap way
 * through a trail when a consumer reads only header fields): decode the
 * tokens of the frames you keep with {@link decodeFrame}.
 *
 * @module
 */

import { type DecodeOptions, resolveOptions } from "./decode-options";
import { type Emitted, RecordDecoder } from "./framer";
import type { BsmRecord, RecordFrame } from "./record";

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

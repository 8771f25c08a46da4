/**
 * Decoding the frames a framer emitted, when many of them are decoded: the
 * records `StatsCounter.addFrame` declines (fork and exec records, tokens
 * that do not walk).
 *
 * `FrameDecoder` gives the decoder a fresh view of the whole input per
 * frame (a caller may reuse memory for other bytes), so the decoder's
 * per-input caches (its string window, 64 KiB of text made per input) are
 * made again for every frame: 65% of a run went to collecting them
 * (profile of `trailStats` over 16 MiB of a generated trail). Frames from
 * the stream framer (`ChunkDecoder` in place) sit in buffers that are only
 * appended to, never overwritten, so one view per buffer serves every
 * frame in it.
 *
 * @module
 */

import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import { RecordDecoder } from "../wire/framer";
import type { BsmRecord, RecordFrame } from "../wire/record";

/** Decodes frames whose bytes are never overwritten, one view per input buffer. */
export class FrameRecords {
  readonly #dec: RecordDecoder<BsmRecord>;
  readonly #out: BsmRecord[] = [];
  #buffer: ArrayBufferLike | null = null;
  #view: Uint8Array = new Uint8Array(0);

  /** @param options - decoding options (errors go to `onError` with offsets in the input). */
  constructor(options: Readonly<Partial<DecodeOptions>>) {
    this.#dec = new RecordDecoder<BsmRecord>(resolveOptions(options));
  }

  /** The frame's record, tokens decoded, or null when its bytes hold none. */
  decode(frame: Readonly<RecordFrame>): BsmRecord | null {
    const b = frame.bytes;
    if (b.buffer !== this.#buffer) {
      this.#buffer = b.buffer;
      this.#view = new Uint8Array(b.buffer);
    }
    const out = this.#out;
    out.length = 0;
    const s = b.byteOffset;
    this.#dec.run(this.#view, s, s + b.length, frame.offset - s, true, out);
    const r = out.length > 0 ? out[0] : null;
    out.length = 0;
    if (r !== null) r.damaged ||= frame.damaged;
    return r;
  }
}

/**
 * The token cursor: what the generated token reader (src/gen/read-token.ts)
 * reads through. It holds the input buffer with its one `DataView`, makes
 * byte views and string fields (latin1 windows), and records why a token
 * could not be read. The framer (src/wire/framer.ts) extends it and points
 * it at each input buffer.
 *
 * @module
 */

import {
  type Latin1Slice,
  nativeLatin1 as latin1Window,
  type TextDecodeFn,
  textDecoderFor,
} from "./charset";
import type { DecodeOptions } from "./decode-options";

const EMPTY = new Uint8Array(0);
const NO_WORDS = new Int32Array(0);
/** Word reads in {@link TokenCursor.highIn} assume little-endian words. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Bytes per latin1 window string. 64 KiB: a window costs ~7 us to make, and
 * larger ones only keep more memory alive per retained string (bench/run.ts,
 * "decodeRecords buffer" case).
 */
const STRING_WINDOW = 64 * 1024;

/** {@link TokenCursor.fail}: no failure. */
export const FAIL_NONE = 0;
/** {@link TokenCursor.fail}: a field runs past the end of the record (or of the input). */
export const FAIL_OVERRUN = 1;
/** {@link TokenCursor.fail}: a field holds an impossible value (address type, unit size). */
export const FAIL_INVALID = 2;
/** {@link TokenCursor.fail}: the id has no row in the token table. */
export const FAIL_UNKNOWN = 3;

/** Reads token fields out of one input buffer at a time. */
export class TokenCursor {
  /** The input. */
  b: Uint8Array = EMPTY;
  /** The one `DataView` over {@link b}. */
  v: DataView = new DataView(EMPTY.buffer);
  private ab: ArrayBufferLike = EMPTY.buffer;
  private bo = 0;
  /** Window strings: see {@link str}. */
  private readonly windowed: boolean;
  private readonly latin1: boolean;
  private win = "";
  private winStart = 0;
  private winEnd = 0;
  /** The input's ArrayBuffer as 32-bit words, or empty (see {@link highIn}). */
  private w32: Int32Array = NO_WORDS;
  /** End of the input in {@link b}: string windows stop there. */
  protected end = 0;
  private readonly text: TextDecodeFn;
  private readonly options: DecodeOptions;
  /**
   * The cursor lazy tokens of the current input read through, once made
   * (see {@link source}): the token reader loads it for every lazy token.
   */
  lazySource: TokenCursor | null = null;

  /** End of the last token read. */
  q = 0;
  /** Why the last token could not be read (`FAIL_*`). */
  fail = FAIL_NONE;
  /** Where the failing field is. */
  failAt = 0;

  constructor(options: DecodeOptions) {
    this.options = options;
    this.text = textDecoderFor(options.encoding);
    const enc = options.encoding.toLowerCase();
    this.latin1 = enc === "latin1" || enc === "iso-8859-1" || enc === "binary";
    this.windowed =
      latin1Window !== null && !options.copy && (this.latin1 || enc === "utf-8" || enc === "utf8");
  }

  /** Points the cursor at a new input buffer (no-op for the same one). Returns true when it changed. */
  protected input(b: Uint8Array): boolean {
    if (b === this.b) return false;
    this.b = b;
    this.v = new DataView(b.buffer, b.byteOffset, b.byteLength);
    this.ab = b.buffer;
    this.bo = b.byteOffset;
    this.w32 =
      LITTLE_ENDIAN && b.buffer.byteLength < 2 ** 31
        ? new Int32Array(b.buffer, 0, b.buffer.byteLength >>> 2)
        : NO_WORDS;
    this.winStart = this.winEnd = 0;
    this.win = "";
    this.lazySource = null;
    return true;
  }

  /**
   * A cursor of its own over the current input, made once per input: lazy
   * tokens (src/gen/lazy-tokens.ts) read their fields through it whenever
   * they are read, whatever input this cursor has moved on to by then.
   */
  source(): TokenCursor {
    let s = this.lazySource;
    if (s === null) {
      s = this.lazySource = TokenCursor.over(this.b, this.options);
    }
    return s;
  }

  /** A cursor over all of `b` (string windows may reach its end). */
  static over(b: Uint8Array, options: DecodeOptions): TokenCursor {
    const s = new TokenCursor(options);
    s.input(b);
    s.end = b.length;
    return s;
  }

  /** A view of `b[s, e)` (cheaper to make than `subarray`). */
  view(s: number, e: number): Uint8Array {
    return new Uint8Array(this.ab, this.bo + s, e - s);
  }

  /**
   * Text of a string field, without one trailing NUL. Fields of ASCII bytes
   * (nearly all of them) are substrings of one latin1 string made per
   * window of input; a field with a byte >= 0x80 is decoded on its own.
   * Windowing nearly doubled decode speed (bench/run.ts, "decodeRecords
   * buffer" case). Like byte views, such substrings keep their window alive;
   * `copy: true` turns windowing off.
   */
  str(s: number, e: number): string {
    const b = this.b;
    if (e > s && b[e - 1] === 0) e--;
    if (!this.windowed) return this.text(b, s, e);
    if (s < this.winStart || e > this.winEnd) {
      this.winStart = s;
      this.winEnd = Math.min(this.end, Math.max(e, s + STRING_WINDOW));
      this.win = (latin1Window as Latin1Slice).call(b, this.winStart, this.winEnd);
    }
    if (!this.latin1 && e > s && this.highIn(s, e)) return this.text(b, s, e);
    return this.win.substring(s - this.winStart, e - this.winStart);
  }

  /**
   * True when `b[s, e)` (not empty) holds a byte >= 0x80, read four bytes
   * at a time: +9% over a byte loop (bench/run.ts, "decodeRecords buffer"
   * case). Big-endian hosts and inputs in buffers of 2 GiB or more take the
   * byte loop.
   */
  private highIn(s: number, e: number): boolean {
    const a = this.bo + s;
    const z = this.bo + e;
    const w0 = a >> 2;
    const w1 = (z - 1) >> 2;
    const w = this.w32;
    if (w1 >= w.length) {
      const b = this.b;
      let o = 0;
      for (let i = s; i < e; i++) o |= b[i];
      return o >= 0x80;
    }
    // Leave out the bytes of the first and last words outside [s, e).
    const head = -1 << ((a & 3) << 3);
    const tail = -1 >>> (((4 - (z & 3)) & 3) << 3);
    if (w0 === w1) return (w[w0] & head & tail & 0x80808080) !== 0;
    let o = w[w0] & head;
    for (let i = w0 + 1; i < w1; i++) o |= w[i];
    o |= w[w1] & tail;
    return (o & 0x80808080) !== 0;
  }

  overrun(at: number): null {
    this.fail = FAIL_OVERRUN;
    this.failAt = at;
    return null;
  }

  invalid(at: number): null {
    this.fail = FAIL_INVALID;
    this.failAt = at;
    return null;
  }
  /** An id without a row: {@link fail} is `FAIL_UNKNOWN` at `q`. */
  unknown(q: number): null {
    this.fail = FAIL_UNKNOWN;
    this.failAt = q;
    return null;
  }
}

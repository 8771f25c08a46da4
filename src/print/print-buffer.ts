/**
 * A growable byte buffer the text printer writes into directly: digits,
 * byte strings and raw field bytes go straight to memory (through the
 * byte writers of src/print/put.ts), so printing a record builds no
 * intermediate string (printing through strings and
 * `Buffer#write` ran at 0.7x: bench/run.ts, "praudit -l" case).
 *
 * @module
 */

import { latin1 } from "./format";
import { putArr } from "./put";

/** Capacity {@link PrintBuffer.take} shrinks back to. */
const KEEP_BYTES = 1 << 20;

/** Output bytes: `buf[0, pos)`. */
export class PrintBuffer {
  buf: Uint8Array;
  pos = 0;

  /** @param size - initial capacity in bytes (it grows as needed). */
  constructor(size = 4096) {
    this.buf = new Uint8Array(size);
  }

  /** Makes room for `n` more bytes. */
  room(n: number): void {
    if (this.pos + n > this.buf.length) this.grow(n);
  }

  private grow(n: number): void {
    const b = new Uint8Array(Math.max(this.buf.length * 2, this.pos + n));
    b.set(this.buf.subarray(0, this.pos));
    this.buf = b;
  }

  /** The bytes written, as a byte string; then empties the buffer. */
  take(): string {
    const s = latin1(this.buf, 0, this.pos);
    this.pos = 0;
    // Do not keep a whole printed trail's worth of memory.
    if (this.buf.length > KEEP_BYTES) this.buf = new Uint8Array(KEEP_BYTES);
    return s;
  }

  /** One byte. */
  byte(c: number): void {
    if (this.pos >= this.buf.length) this.grow(1);
    this.buf[this.pos++] = c;
  }

  /** A byte string: each char code (0-255) one byte. */
  str(s: string): void {
    const n = s.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = s.charCodeAt(i);
    this.pos = p;
  }

  /** All of `src` (short, memoized texts; a separator). */
  arr(src: Uint8Array): void {
    this.room(src.length);
    this.pos = putArr(this.buf, this.pos, src);
  }
}

/** `w`'s memory with room for `need` bytes at `p`. */
export function roomAt(w: PrintBuffer, p: number, need: number): Uint8Array {
  const b = w.buf;
  if (p + need <= b.length) return b;
  w.pos = p;
  w.room(need);
  return w.buf;
}

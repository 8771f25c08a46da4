/**
 * A growable byte buffer the text printer writes into directly: digits,
 * byte strings and raw field bytes go straight to memory, so printing a
 * record builds no intermediate string (printing through strings and
 * `Buffer#write` ran at 0.7x: bench/run.ts, "praudit -l" case).
 *
 * @module
 */

import { latin1 } from "./format";

const HEX = "0123456789abcdef";

/** Capacity {@link PrintBuffer.take} shrinks back to. */
const KEEP_BYTES = 1 << 20;

/** Largest bigint printed through a Number (exact below 2^53). */
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

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

  /** A delimiter (a byte string, most often one byte). */
  sep(d: string): void {
    if (d.length === 1) {
      if (this.pos >= this.buf.length) this.grow(1);
      this.buf[this.pos++] = d.charCodeAt(0);
    } else this.str(d);
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

  /** All of `src` (short, memoized texts). */
  arr(src: Uint8Array): void {
    const n = src.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) b[p++] = src[i];
    this.pos = p;
  }

  /** `src[start, end)` as they are. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    if (n > 64) {
      b.set(src.subarray(start, end), p);
      p += n;
    } else {
      for (let i = start; i < end; i++) b[p++] = src[i];
    }
    this.pos = p;
  }

  /** libbsm's `print_string`: every byte but NULs. */
  noNul(src: Uint8Array): void {
    const n = src.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = src[i];
      if (c !== 0) b[p++] = c;
    }
    this.pos = p;
  }

  /** A C string: the bytes before the first NUL. */
  cString(src: Uint8Array): void {
    const n = src.length;
    if (this.pos + n > this.buf.length) this.grow(n);
    const b = this.buf;
    let p = this.pos;
    for (let i = 0; i < n; i++) {
      const c = src[i];
      if (c === 0) break;
      b[p++] = c;
    }
    this.pos = p;
  }

  /** Decimal of a number, as `${v}` prints it (integers below 2^31 without a string). */
  uint(v: number): void {
    if (v >>> 0 !== v || v > 0x7fffffff) {
      // Negative, fractional or large: as a template literal prints it.
      this.str(`${v}`);
      return;
    }
    if (v < 10) {
      this.byte(48 + v);
      return;
    }
    let digits = 1;
    for (let t = v; t >= 10; t = (t / 10) | 0) digits++;
    if (this.pos + digits > this.buf.length) this.grow(digits);
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let t = v;
    while (t >= 10) {
      const q = (t / 10) | 0;
      b[--p] = 48 + t - q * 10;
      t = q;
    }
    b[--p] = 48 + t;
  }

  /** Decimal of a 32-bit value read as signed (`%d`). */
  int32(v: number): void {
    v |= 0;
    if (v < 0) {
      this.str(`${v}`);
      return;
    }
    this.uint(v);
  }

  /** Decimal of an unsigned bigint, as a template literal prints it. */
  ubig(v: bigint): void {
    if (v <= MAX_SAFE) this.uint(Number(v));
    else this.str(v.toString());
  }

  /** `%lld` of a 64-bit wire value (unsigned bigint): signed decimal. */
  int64(v: bigint): void {
    if (v >= 0n && v <= MAX_SAFE) this.uint(Number(v));
    else this.str(BigInt.asIntN(64, v).toString());
  }

  /** Lowercase hex of a 32-bit unsigned value, no prefix. */
  hex(v: number): void {
    v >>>= 0;
    let digits = 1;
    for (let t = v >>> 4; t !== 0; t >>>= 4) digits++;
    if (this.pos + digits > this.buf.length) this.grow(digits);
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let t = v;
    do {
      b[--p] = HEX.charCodeAt(t & 15);
      t >>>= 4;
    } while (t !== 0);
  }

  /** Octal of a 32-bit unsigned value, no prefix. */
  oct(v: number): void {
    v >>>= 0;
    let digits = 1;
    for (let t = v >>> 3; t !== 0; t >>>= 3) digits++;
    if (this.pos + digits > this.buf.length) this.grow(digits);
    const b = this.buf;
    let p = this.pos + digits;
    this.pos = p;
    let t = v;
    do {
      b[--p] = 48 + (t & 7);
      t >>>= 3;
    } while (t !== 0);
  }

  /** `inet_ntoa` of the 4 bytes at `src[p]`. */
  ipv4(src: Uint8Array, p = 0): void {
    this.uint(src[p]);
    this.byte(0x2e);
    this.uint(src[p + 1]);
    this.byte(0x2e);
    this.uint(src[p + 2]);
    this.byte(0x2e);
    this.uint(src[p + 3]);
  }
}

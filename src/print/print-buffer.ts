/**
 * A growable byte buffer the text printer writes into directly: digits,
 * byte strings and raw field bytes go straight to memory (through the
 * byte writers of src/praudit/put.ts), so printing a record builds no
 * intermediate string (printing through strings and
 * `Buffer#write` ran at 0.7x: bench/run.ts, "praudit -l" case).
 *
 * @module
 */

import { latin1 } from "./format";
import { putArr, putCString, putHex, putIpv4, putNoNul, putNum, putOct } from "./put";

/**
 * Room for one number: `${v}` of any Number is at most 25 bytes
 * ("-1.7976931348623157e+308"), an IPv4 address 15.
 */
const NUMBER_ROOM = 32;

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
    this.room(src.length);
    this.pos = putArr(this.buf, this.pos, src);
  }

  /** libbsm's `print_string`: every byte but NULs. */
  noNul(src: Uint8Array): void {
    this.room(src.length);
    this.pos = putNoNul(this.buf, this.pos, src, 0, src.length);
  }

  /** A C string: the bytes before the first NUL. */
  cString(src: Uint8Array): void {
    this.room(src.length);
    this.pos = putCString(this.buf, this.pos, src, 0, src.length);
  }

  /** Decimal of a number, as `${v}` prints it. */
  uint(v: number): void {
    this.room(NUMBER_ROOM);
    this.pos = putNum(this.buf, this.pos, v);
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
    this.room(NUMBER_ROOM);
    this.pos = putHex(this.buf, this.pos, v >>> 0);
  }

  /** Octal of a 32-bit unsigned value, no prefix. */
  oct(v: number): void {
    this.room(NUMBER_ROOM);
    this.pos = putOct(this.buf, this.pos, v >>> 0);
  }

  /** `inet_ntoa` of the 4 bytes at `src[0]`. */
  ipv4(src: Uint8Array): void {
    this.room(NUMBER_ROOM);
    this.pos = putIpv4(this.buf, this.pos, src, 0);
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

/**
 * Byte writers of the native JSON writer (native-writer.ts and the
 * generated src/gen/json-writer.ts): JSON strings and hex strings written
 * straight into memory, and the room-making they share.
 *
 * @module
 */

import type { PrintBuffer } from "../print/print-buffer";

const HEX = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/** Most bytes {@link putJsonString} writes for a UTF-16 unit (`\u001f`). */
export const MAX_PER_UNIT = 6;

/** `w`'s memory with room for `n` bytes at `p` (`w.pos` is set to `p`). */
export function grow(w: PrintBuffer, p: number, n: number): Uint8Array {
  w.pos = p;
  w.room(n);
  return w.buf;
}

/**
 * A JSON string of `s` at `p` (room for `6 * s.length + 2` bytes assumed),
 * escaped as JSON.stringify escapes it (`"`, `\`, control characters; lone
 * surrogates as `\udxxx`), in UTF-8. Returns the new position.
 */
export function putJsonString(b: Uint8Array, p: number, s: string): number {
  const n = s.length;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) {
        b[p++] = c;
        continue;
      }
      p = putAsciiEscape(b, p, c);
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 63);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
        i++;
      } else {
        b[p++] = 92;
        b[p++] = 117;
        b[p++] = HEX[c >> 12];
        b[p++] = HEX[(c >> 8) & 15];
        b[p++] = HEX[(c >> 4) & 15];
        b[p++] = HEX[c & 15];
      }
    }
  }
  b[p++] = 34;
  return p;
}

/**
 * The JSON escape of the ASCII character `c` (`"`, `\\` or a control
 * character) at `p`, as JSON.stringify writes it: `\"`, `\\`, `\b`,
 * `\t`, `\n`, `\f`, `\r`, else `\u00xx`. Returns the new position.
 */
function putAsciiEscape(b: Uint8Array, p: number, c: number): number {
  b[p++] = 92;
  switch (c) {
    case 34:
    case 92:
      b[p++] = c;
      break;
    case 8:
      b[p++] = 98;
      break;
    case 9:
      b[p++] = 116;
      break;
    case 10:
      b[p++] = 110;
      break;
    case 12:
      b[p++] = 102;
      break;
    case 13:
      b[p++] = 114;
      break;
    default:
      b[p++] = 117;
      b[p++] = 48;
      b[p++] = 48;
      b[p++] = HEX[c >> 4];
      b[p++] = HEX[c & 15];
  }
  return p;
}

/** A JSON string of the bytes' lowercase hex at `p` (room for `2 * a.length + 2` assumed). */
export function putHexString(b: Uint8Array, p: number, a: Uint8Array): number {
  b[p++] = 34;
  for (let i = 0; i < a.length; i++) {
    b[p++] = HEX[a[i] >> 4];
    b[p++] = HEX[a[i] & 15];
  }
  b[p++] = 34;
  return p;
}

/** Most bytes of a number the writers print: a u32 (10 digits), a 53-bit integer (16). */
export const NUMBER_BYTES = 16;

/** Most bytes of a decimal u64 in quotes. */
export const DECIMAL_BYTES = 22;

/**
 * A JSON string of the record bytes `r[s, e)` at `p` (room for
 * `6 * (e - s) + 2` bytes assumed): the same bytes {@link putJsonString}
 * writes for the text the decoder makes of them (UTF-8, BOM kept:
 * src/wire/charset.ts), when they are well-formed UTF-8: ASCII escaped as
 * JSON.stringify escapes it, every other sequence copied. Returns -1,
 * having written part of it, at a byte that does not start a well-formed
 * sequence (the decoder would put U+FFFD there: the caller decodes the
 * record instead).
 */
export function putJsonBytes(
  b: Uint8Array,
  p: number,
  r: Uint8Array,
  s: number,
  e: number,
): number {
  b[p++] = 34;
  for (let i = s; i < e; i++) {
    const c = r[i];
    if (PLAIN[c] === 1) {
      b[p++] = c;
      continue;
    }
    if (c >= 0x20 && c !== 34 && c !== 92) {
      if (c >= 0x80) {
        const n = utf8Length(r, i, e);
        if (n === 0) return -1;
        for (let k = 0; k < n; k++) b[p++] = r[i + k];
        i += n - 1;
        continue;
      }
      b[p++] = c;
      continue;
    }
    p = putAsciiEscape(b, p, c);
  }
  b[p++] = 34;
  return p;
}

/** 1 for the bytes a JSON string holds as they are (0x20-0x7f but `"` and `\\`). */
const PLAIN = new Uint8Array(256);
for (let c = 0x20; c < 0x80; c++) if (c !== 34 && c !== 92) PLAIN[c] = 1;

/**
 * Bytes of the well-formed UTF-8 sequence at `r[i]` (a byte of 0x80 or
 * more) within `r[i, e)`, or 0 when it is not one (the Unicode standard's
 * table of well-formed byte sequences, as TextDecoder reads them).
 */
function utf8Length(r: Uint8Array, i: number, e: number): number {
  const c = r[i];
  const cont = (k: number, lo: number, hi: number) => i + k < e && r[i + k] >= lo && r[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1, 0x80, 0xbf) ? 2 : 0;
  if (c >= 0xe0 && c <= 0xef) {
    const lo = c === 0xe0 ? 0xa0 : 0x80;
    const hi = c === 0xed ? 0x9f : 0xbf;
    return cont(1, lo, hi) && cont(2, 0x80, 0xbf) ? 3 : 0;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    const lo = c === 0xf0 ? 0x90 : 0x80;
    const hi = c === 0xf4 ? 0x8f : 0xbf;
    return cont(1, lo, hi) && cont(2, 0x80, 0xbf) && cont(3, 0x80, 0xbf) ? 4 : 0;
  }
  return 0;
}

/**
 * End of a string field's text in `r[s, e)`: without one trailing NUL, as
 * the decoder's string fields (TokenCursor.str).
 */
export function textEnd(r: Uint8Array, s: number, e: number): number {
  return e > s && r[e - 1] === 0 ? e - 1 : e;
}

/** A JSON string of the lowercase hex of `r[s, e)` at `p` (room for `2 * (e - s) + 2` assumed). */
export function putHexRange(b: Uint8Array, p: number, r: Uint8Array, s: number, e: number): number {
  b[p++] = 34;
  for (let i = s; i < e; i++) {
    b[p++] = HEX[r[i] >> 4];
    b[p++] = HEX[r[i] & 15];
  }
  b[p++] = 34;
  return p;
}

/**
 * Where each token of a record starts (offsets into its bytes), as the
 * frame writer (src/gen/json-writer.ts, writeFrameTokensJson) found them:
 * one reused list per writer.
 */
export class TokenStarts {
  /** Offsets, `at[0, n)`. */
  at = new Int32Array(64);
  /** Where each token's JSON starts in the output (its comma, if any), `out[0, n)`. */
  out = new Int32Array(64);
  /** How many. */
  n = 0;

  /** Adds a token at offset `i` of the record, written from `o` of the output. */
  push(i: number, o: number): void {
    if (this.n === this.at.length) {
      const a = new Int32Array(this.n * 2);
      a.set(this.at);
      this.at = a;
      const b = new Int32Array(this.n * 2);
      b.set(this.out);
      this.out = b;
    }
    this.out[this.n] = o;
    this.at[this.n++] = i;
  }
}

/**
 * A constant byte string laid out for {@link putConst}: its bytes
 * as big-endian 32-bit words, and the last `length % 4` bytes.
 */
export class ConstBytes {
  /** The first `4 * words.length` bytes, four to a word. */
  readonly words: Int32Array;
  /** The bytes after the words. */
  readonly tail: Uint8Array;
  /** Length in bytes. */
  readonly length: number;
  /** All the bytes (copied at once when long). */
  readonly bytes: Uint8Array;

  /** @param text - the bytes, or a byte string: each char code (0-255) one byte */
  constructor(text: string | Uint8Array) {
    const bytes =
      typeof text === "string" ? Uint8Array.from(text, (c) => c.charCodeAt(0)) : text.slice();
    const n = bytes.length >> 2;
    const dv = new DataView(bytes.buffer);
    this.words = new Int32Array(n);
    for (let k = 0; k < n; k++) this.words[k] = dv.getInt32(4 * k);
    this.tail = bytes.slice(4 * n);
    this.length = bytes.length;
    this.bytes = bytes;
  }
}

// DataViews of the last two buffers written to (the frame writer writes
// into its token buffer and the output in turn).
let buf0: Uint8Array | null = null;
let view0: DataView = new DataView(new ArrayBuffer(0));
let buf1: Uint8Array | null = null;
let view1 = view0;

/** A DataView of all of `b` (the last two kept). */
export function outView(b: Uint8Array): DataView {
  if (b === buf0) return view0;
  if (b === buf1) return view1;
  buf1 = buf0;
  view1 = view0;
  buf0 = b;
  view0 = new DataView(b.buffer, b.byteOffset, b.length);
  return view0;
}

/**
 * Copies a constant at `p` (room assumed), four bytes a store: the native
 * JSON is mostly constant text (keys), and word stores copied it 1.5-2x
 * faster than a byte loop; past 64 bytes, `set` was faster than either
 * (bench/run.ts, "json" case, and an isolated loop).
 */
export function putConst(b: Uint8Array, p: number, c: ConstBytes): number {
  // Past 64 bytes one memcpy is cheaper than the stores (an event's text).
  if (c.length > 64) return putLong(b, p, c);
  const dv = outView(b);
  const words = c.words;
  const n = words.length;
  for (let k = 0; k < n; k++) dv.setInt32(p + 4 * k, words[k]);
  const tail = c.tail;
  const q = p + 4 * n;
  for (let k = 0; k < tail.length; k++) b[q + k] = tail[k];
  return p + c.length;
}

/** {@link putConst} of a long constant (apart, so that putConst stays small enough to inline). */
function putLong(b: Uint8Array, p: number, c: ConstBytes): number {
  b.set(c.bytes, p);
  return p + c.length;
}

/** "00" to "99": two digits per entry. */
const DIGITS2: Uint8Array = (() => {
  const a = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    a[2 * i] = 48 + ((i / 10) | 0);
    a[2 * i + 1] = 48 + (i % 10);
  }
  return a;
})();

/**
 * Decimal of `v`, an integer in [0, 2^32) (a u32 field), at `p` (room
 * assumed). One digit is written inline, longer numbers apart: most u32
 * fields of a trail are 0 or one digit (modifiers, statuses, ids), and a
 * small function inlines where putNum's range checks did not (bench/run.ts,
 * "json" case).
 */
export function putU32(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = 48 + v;
    return p + 1;
  }
  return putU32Digits(b, p, v);
}

// Not print/put.ts's putSmall, though the loop is the same: calling it
// ran bsm-trail json 5-9% slower (64 MiB, whole processes alternating).
function putU32Digits(b: Uint8Array, p: number, v: number): number {
  const n =
    v < 100
      ? 2
      : v < 1000
        ? 3
        : v < 10000
          ? 4
          : v < 100000
            ? 5
            : v < 1000000
              ? 6
              : v < 10000000
                ? 7
                : v < 100000000
                  ? 8
                  : v < 1000000000
                    ? 9
                    : 10;
  const end = p + n;
  let q = end;
  while (v >= 100) {
    const t = (v / 100) >>> 0;
    const r = (v - t * 100) << 1;
    b[--q] = DIGITS2[r + 1];
    b[--q] = DIGITS2[r];
    v = t;
  }
  if (v >= 10) {
    b[--q] = DIGITS2[2 * v + 1];
    b[--q] = DIGITS2[2 * v];
  } else b[--q] = 48 + v;
  return end;
}

/**
 * The JSON string of the IPv4 address at `r[s]`, `"a.b.c.d"` (what
 * JSON.stringify writes of ipv4Text's dotted quad), from the bytes at `p`
 * (room for 17 bytes assumed): no string made (the address of every
 * subject is written twice a record: bench/run.ts, "json" case).
 */
export function putIpv4Json(b: Uint8Array, p: number, r: Uint8Array, s: number): number {
  b[p++] = 34;
  p = putU32(b, p, r[s]);
  b[p++] = 46;
  p = putU32(b, p, r[s + 1]);
  b[p++] = 46;
  p = putU32(b, p, r[s + 2]);
  b[p++] = 46;
  p = putU32(b, p, r[s + 3]);
  b[p++] = 34;
  return p;
}

/**
 * Byte writers of the generated text printer (src/gen/text-printer.ts), one
 * or more per print format of the token table: each writes at `b[p]` and
 * returns the new position; the caller has made room (see `roomAt` in
 * src/print/print-buffer.ts).
 *
 * @module
 */

import { uuidText } from "../wire/addr";
import type { PrintContext } from "./context";
import { EXIT_ERROR_PREFIX, IPC_TYPE_WORDS, ntop6, ntopEx, PRIV_USE_WORDS } from "./format";

/** Room reserved per token beyond its variable-length parts (numbers print in at most 26 bytes). */
export const FIXED = 512;

/** "00" to "99": two digits per entry. */
const DIGITS2: Uint8Array = (() => {
  const a = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    a[2 * i] = 48 + ((i / 10) | 0);
    a[2 * i + 1] = 48 + (i % 10);
  }
  return a;
})();

const HEXB = Uint8Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));

/** The bytes of a byte string (each char code, 0-255, one byte). */
export function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

const MSEC_HEAD = ascii(" + ");
const MSEC_TAIL = ascii(" msec");

/** Copies all of `src`. */
export function putArr(b: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 48) {
    b.set(src, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) b[p + i] = src[i];
  return p + n;
}

/** A string's char codes (0-255), for the rare value `${v}` prints. */
export function putStr(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/** Decimal of `v`, an integer in [0, 2^31). */
export function putSmall(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = 48 + v;
    return p + 1;
  }
  if (v < 100) {
    b[p] = DIGITS2[2 * v];
    b[p + 1] = DIGITS2[2 * v + 1];
    return p + 2;
  }
  const n =
    v < 1000
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
    const t = (v / 100) | 0;
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

/** `v` (below 10^9) as exactly `n` digits, zero-padded. */
function putPadded(b: Uint8Array, p: number, v: number, n: number): number {
  const end = p + n;
  for (let q = end - 1; q >= p; q--) {
    const t = (v / 10) | 0;
    b[q] = 48 + v - t * 10;
    v = t;
  }
  return end;
}

/** Decimal of a number, as `${v}` prints it. */
export function putNum(b: Uint8Array, p: number, v: number): number {
  // Small enough to inline: the rare values go to putBigNum.
  return (v | 0) === v && v >= 0 ? putSmall(b, p, v) : putBigNum(b, p, v);
}

/** {@link putNum} of anything but an integer in [0, 2^31). */
function putBigNum(b: Uint8Array, p: number, v: number): number {
  if (v >>> 0 === v) {
    const hi = Math.floor(v / 100000);
    return putPadded(b, putSmall(b, p, hi), v - hi * 100000, 5);
  }
  if (v > 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) {
    const hi = Math.floor(v / 1e9);
    return putPadded(b, putSmall(b, p, hi), v - hi * 1e9, 9);
  }
  return putStr(b, p, `${v}`);
}

/**
 * `%lld` of the 64-bit wire value `hi * 2^32 + lo` (both unsigned 32-bit):
 * signed decimal.
 */
export function putInt64(b: Uint8Array, p: number, hi: number, lo: number): number {
  // Below 2^53 the value is an exact Number.
  if (hi < 0x200000) return putNum(b, p, hi * 4294967296 + lo);
  const v = (BigInt(hi) << 32n) | BigInt(lo);
  return putStr(b, p, BigInt.asIntN(64, v).toString());
}

/** Lowercase hex of a 32-bit unsigned value, no prefix. */
export function putHex(b: Uint8Array, p: number, v: number): number {
  let n = 1;
  for (let t = v >>> 4; t !== 0; t >>>= 4) n++;
  const end = p + n;
  let q = end;
  let t = v;
  do {
    b[--q] = HEXB[t & 15];
    t >>>= 4;
  } while (t !== 0);
  return end;
}

/** Lowercase hex of the 64-bit value `hi * 2^32 + lo`, no prefix (`%llx`). */
export function putHex64(b: Uint8Array, p: number, hi: number, lo: number): number {
  if (hi === 0) return putHex(b, p, lo);
  p = putHex(b, p, hi);
  for (let k = 28; k >= 0; k -= 4) b[p++] = HEXB[(lo >>> k) & 15];
  return p;
}

/** Octal of a 32-bit unsigned value, no prefix. */
export function putOct(b: Uint8Array, p: number, v: number): number {
  let n = 1;
  for (let t = v >>> 3; t !== 0; t >>>= 3) n++;
  const end = p + n;
  let q = end;
  let t = v;
  do {
    b[--q] = 48 + (t & 7);
    t >>>= 3;
  } while (t !== 0);
  return end;
}

/** `inet_ntoa` of the 4 bytes at `a[i]`. */
export function putIpv4(b: Uint8Array, p: number, a: Uint8Array, i: number): number {
  p = putSmall(b, p, a[i]);
  b[p++] = 0x2e;
  p = putSmall(b, p, a[i + 1]);
  b[p++] = 0x2e;
  p = putSmall(b, p, a[i + 2]);
  b[p++] = 0x2e;
  return putSmall(b, p, a[i + 3]);
}

/** libbsm's `print_ip_ex_address` of the address of `type` bytes at `a[i]`. */
export function putAddressEx(
  b: Uint8Array,
  p: number,
  type: number,
  a: Uint8Array,
  i: number,
): number {
  return type === 4 ? putIpv4(b, p, a, i) : putStr(b, p, ntopEx(type, a.subarray(i, i + type)));
}

/** libbsm's `print_string`: every byte of `src[s, e)` but NULs. */
export function putNoNul(b: Uint8Array, p: number, src: Uint8Array, s: number, e: number): number {
  for (let i = s; i < e; i++) {
    const c = src[i];
    if (c !== 0) b[p++] = c;
  }
  return p;
}

/** A C string: the bytes of `src[s, e)` before the first NUL. */
export function putCString(
  b: Uint8Array,
  p: number,
  src: Uint8Array,
  s: number,
  e: number,
): number {
  for (let i = s; i < e; i++) {
    const c = src[i];
    if (c === 0) break;
    b[p++] = c;
  }
  return p;
}

// ------------------------------------------------ writers of the generated printers

/** The halves of the last {@link split64}: `hi * 2^32 + lo`. */
export const U64 = { hi: 0, lo: 0 };

/** Splits an unsigned 64-bit bigint into {@link U64}. */
export function split64(v: bigint): void {
  const n = Number(v);
  // Rounding is monotonic: n <= 2^53 - 1 exactly when v is.
  if (n <= Number.MAX_SAFE_INTEGER) {
    U64.hi = Math.floor(n / 4294967296);
    U64.lo = n - U64.hi * 4294967296;
  } else {
    U64.hi = Number(v >> 32n);
    U64.lo = Number(v & 0xffffffffn);
  }
}

/** The delimiter `d` (one byte, most often). */
export function putDel(b: Uint8Array, p: number, d: Uint8Array): number {
  if (d.length === 1) {
    b[p] = d[0];
    return p + 1;
  }
  return putArr(b, p, d);
}

/** A token's name, or its id with `-r`. */
export function putName(
  b: Uint8Array,
  p: number,
  c: PrintContext,
  name: Uint8Array,
  id: number,
): number {
  return c.raw ? putNum(b, p, id) : putArr(b, p, name);
}

/** `0x`. */
export function put0x(b: Uint8Array, p: number): number {
  b[p] = 0x30;
  b[p + 1] = 0x78;
  return p + 2;
}

/** Unsigned decimal of the 64-bit value `hi * 2^32 + lo`. */
export function putUint64(b: Uint8Array, p: number, hi: number, lo: number): number {
  if (hi < 0x200000) return putNum(b, p, hi * 4294967296 + lo);
  return putStr(b, p, ((BigInt(hi) << 32n) | BigInt(lo)).toString());
}

/** `%#x`: `0`, or `0x` and lowercase hex. */
export function putAltHex(b: Uint8Array, p: number, v: number): number {
  return v === 0 ? putSmall(b, p, 0) : putHex(b, put0x(b, p), v >>> 0);
}

/** `0x%02x` of a byte. */
export function putMemByte(b: Uint8Array, p: number, v: number): number {
  p = put0x(b, p);
  b[p] = HEXB[(v >>> 4) & 15];
  b[p + 1] = HEXB[v & 15];
  return p + 2;
}

/** libbsm's `print_mem`: `0x` and two hex digits a byte, nothing when empty. */
export function putMem(b: Uint8Array, p: number, src: Uint8Array, s: number, e: number): number {
  if (e <= s) return p;
  p = put0x(b, p);
  for (let i = s; i < e; i++) {
    b[p++] = HEXB[src[i] >>> 4];
    b[p++] = HEXB[src[i] & 15];
  }
  return p;
}

/** glibc's `inet_ntop(AF_INET6)` of the 16 bytes at `a[i]`. */
export function putIpv6(b: Uint8Array, p: number, a: Uint8Array, i: number): number {
  return putStr(b, p, ntop6(a, i));
}

/** The UUID text of the 16 bytes at `a[i]`. */
export function putUuid(b: Uint8Array, p: number, a: Uint8Array, i: number): number {
  return putStr(b, p, uuidText(a, i));
}

/** libbsm's `print_sec32`: ctime text, or the number with `-r`. */
export function putSec32(b: Uint8Array, p: number, c: PrintContext, seconds: number): number {
  return c.raw ? putNum(b, p, seconds) : putArr(b, p, c.ctimeBytes(seconds));
}

/** libbsm's `print_sec64`: ctime of the signed value, or its low 32 bits with `-r`. */
export function putSec64(
  b: Uint8Array,
  p: number,
  c: PrintContext,
  hi: number,
  lo: number,
): number {
  if (c.raw) return putNum(b, p, lo);
  return putArr(
    b,
    p,
    c.ctimeBytes(hi >= 0x80000000 ? (hi - 4294967296) * 4294967296 + lo : hi * 4294967296 + lo),
  );
}

/** libbsm's `print_msec32`: ` + N msec`, or `N` with `-r`. */
export function putMsec(b: Uint8Array, p: number, c: PrintContext, ms: number): number {
  if (c.raw) return putNum(b, p, ms);
  p = putArr(b, p, MSEC_HEAD);
  p = putNum(b, p, ms);
  return putArr(b, p, MSEC_TAIL);
}

/** {@link putMsec} without `-r` (the frame printer's): ` + N msec`. */
export function putMsecText(b: Uint8Array, p: number, ms: number): number {
  p = putArr(b, p, MSEC_HEAD);
  p = putNum(b, p, ms);
  return putArr(b, p, MSEC_TAIL);
}

const IPC_TYPES = IPC_TYPE_WORDS.map(ascii);

/** libbsm's `print_ipctype`. */
export function putIpcType(b: Uint8Array, p: number, c: PrintContext, type: number): number {
  return !c.raw && type >= 1 && type <= 3 ? putArr(b, p, IPC_TYPES[type - 1]) : putNum(b, p, type);
}

const ERROR = ascii(EXIT_ERROR_PREFIX);

/** An exit token's status: `Error N`. */
export function putError(b: Uint8Array, p: number, status: number): number {
  return putNum(b, putArr(b, p, ERROR), status);
}

const PRIV_USE = PRIV_USE_WORDS.map(ascii);

/** A use-of-privilege token's status. */
export function putPrivUse(b: Uint8Array, p: number, status: number): number {
  return putArr(b, p, PRIV_USE[status ? 1 : 0]);
}

const TRUNCATED = [ascii("complete"), ascii("truncated")];

/** An Apple identity's truncation flag. */
export function putTruncated(b: Uint8Array, p: number, flag: number): number {
  return putArr(b, p, TRUNCATED[flag ? 1 : 0]);
}

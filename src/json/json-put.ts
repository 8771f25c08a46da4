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

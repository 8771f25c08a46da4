/**
 * Text decoding of string fields.
 *
 * @module
 */

import { createRequire } from "node:module";

type Iconv = typeof import("iconv-lite");

let iconvLib: Iconv | undefined;

/**
 * iconv-lite, loaded on first use: only the encodings beyond UTF-8 and
 * latin1 need it, and loading it cost every `bsm-trail` process ~47 M
 * instructions of start-up (cachegrind; bench/run.ts, "bsm-trail reduce
 * -m AUE_EXECVE" case, where start-up weighs in the whole process).
 */
function iconv(): Iconv {
  iconvLib ??= createRequire(import.meta.url)("iconv-lite") as Iconv;
  return iconvLib;
}

/** `Buffer.prototype.latin1Slice`: each byte of `this[start, end)` one char. */
export type Latin1Slice = (this: Uint8Array, start: number, end: number) => string;

/** Node's native ISO-8859-1 slice (each byte one char), or null where there is none (browsers). */
export const nativeLatin1: Latin1Slice | null =
  typeof Buffer === "function" &&
  typeof (Buffer.prototype as unknown as { latin1Slice?: unknown }).latin1Slice === "function"
    ? (Buffer.prototype as unknown as { latin1Slice: Latin1Slice }).latin1Slice
    : null;

/** Decodes `bytes[start, end)` to a string. */
export type TextDecodeFn = (b: Uint8Array, start: number, end: number) => string;

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

// Short ASCII strings are built char by char: cheaper than a TextDecoder call
// below about 24 bytes (bench/run.ts, "decodeRecords buffer" case).
const SHORT_STRING = 24;

/** UTF-8 decoding with an ASCII fast path. */
export function decodeUtf8(b: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT_STRING) {
    let s = "";
    for (let i = start; i < end; i++) {
      const c = b[i];
      if (c >= 0x80) return utf8.decode(b.subarray(start, end));
      s += String.fromCharCode(c);
    }
    return s;
  }
  return utf8.decode(b.subarray(start, end));
}

/** Latin-1 decoding: each byte one code point. */
export function decodeLatin1(b: Uint8Array, start: number, end: number): string {
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/** The decode function for an encoding name. */
export function textDecoderFor(encoding: string): TextDecodeFn {
  const e = encoding.toLowerCase();
  if (e === "utf-8" || e === "utf8") return decodeUtf8;
  if (e === "latin1" || e === "iso-8859-1" || e === "binary") return decodeLatin1;
  const lib = iconv();
  if (!lib.encodingExists(e)) throw new RangeError(`unknown text encoding: ${encoding}`);
  return (b, start, end) => lib.decode(Buffer.from(b.buffer, b.byteOffset + start, end - start), e);
}

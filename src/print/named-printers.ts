/**
 * Printing the token table's formats cannot describe, named from its rows
 * (`named`, `apple`), and the helpers the generated printers share
 * (src/gen/text-printer.ts, src/gen/xml-printer.ts).
 *
 * @module
 */

import type { DataToken, IdentityToken, StringListToken, Token } from "../gen/token-types";
import { TOKEN_TABLE } from "../spec/tokens";
import { encodeToken } from "../wire/encoder";
import type { PrintContext } from "./context";
import { printMem, xmlEscape } from "./format";
import type { PrintBuffer } from "./print-buffer";

/**
 * Token ids libbsm's `au_fetch_tok` knows: the rows of the token table but
 * Apple's and those documented elsewhere (a `source`). A decoder `unknown`
 * token with one of these ids is a token libbsm failed to read: praudit
 * stops printing the record there (no trailer either).
 */
const LIBBSM_IDS: ReadonlySet<number> = new Set(
  TOKEN_TABLE.filter((r) => !r.print.apple && r.source === undefined).map((r) => r.id),
);

/** Apple's token ids, which macOS's libbsm knows. */
const APPLE_IDS: ReadonlySet<number> = new Set(
  TOKEN_TABLE.filter((r) => r.print.apple).map((r) => r.id),
);

/**
 * Whether praudit stops printing a record at this token: libbsm could not
 * read it (a damaged known token; with `appleTokens`, a damaged Apple token
 * too, as macOS's libbsm knows those), or it is an unknown token with no
 * bytes before the trailer (`fetch_invalid_tok` fails on an empty body).
 */
export function stopsRecord(t: Token, appleTokens: boolean): boolean {
  return (
    t.type === "unknown" &&
    (LIBBSM_IDS.has(t.id) || t.data.length === 0 || (appleTokens && APPLE_IDS.has(t.id)))
  );
}

/** The name praudit gives a token, or its id with `-r`. */
function nameOf(c: PrintContext, t: Token, name: string): string {
  return c.raw ? `${t.id}` : name;
}

// ------------------------------------------------------------ arbitrary data

const ARB_HOW = ["binary", "octal", "decimal", "hex", "string"];
const ARB_UNIT = ["byte", "short", "int", "int64"];

/**
 * The values of a data token as `print_arb_tok` prints them: each unit
 * read in the host's byte order (little-endian, as on every current Mac and
 * on the corpus's host) and printed with ` %c`, ` %o`, ` %d`, ` %x` or `%c`;
 * 64-bit units print their low 32 bits (printf reads an `int`).
 */
function arbValues(t: DataToken): string {
  const d = t.data;
  const how = t.howToPrint;
  const size = 1 << t.unitType;
  const count = Math.min(t.unitCount, Math.floor(d.length / size));
  let s = "";
  for (let i = 0; i < count; i++) {
    const p = i * size;
    let v: number;
    if (size === 1) v = d[p];
    else if (size === 2) v = d[p] | (d[p + 1] << 8);
    else v = (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
    switch (how) {
      case 0:
        s += ` ${String.fromCharCode(v & 0xff)}`;
        break;
      case 1:
        s += ` ${v.toString(8)}`;
        break;
      case 2:
        s += ` ${size >= 4 ? v | 0 : v}`;
        break;
      case 3:
        s += ` ${v.toString(16)}`;
        break;
      default:
        s += String.fromCharCode(v & 0xff);
    }
  }
  return s;
}

/** A data token in text: how to print, unit, count, values (`name` alone for an unknown how-to-print code). */
export function arbitraryText(c: PrintContext, t: Token, name: string): string {
  const a = t as DataToken;
  const d = c.del;
  const head = nameOf(c, t, name) + d;
  const how = ARB_HOW[a.howToPrint];
  if (how === undefined) return head;
  return `${head}${how}${d}${ARB_UNIT[a.unitType]}${d}${a.unitCount}${d}${arbValues(a)}`;
}

/** A data token in XML (`<name />` for an unknown how-to-print code, where praudit writes an unterminated element). */
export function arbitraryXml(_c: PrintContext, t: Token, name: string): string {
  const a = t as DataToken;
  const how = ARB_HOW[a.howToPrint];
  if (how === undefined) return `<${name} />`;
  return `<${name} print="${how}" type="${1 << a.unitType}" count="${a.unitCount}" >${xmlEscape(arbValues(a), false)}</${name}>`;
}

// -------------------------------------------------------------- Apple tokens

/**
 * An Apple token as OpenBSM's praudit prints an id it does not know: the
 * unknown token's name and the bytes of the body as on the wire.
 */
export function appleUnknownText(c: PrintContext, t: Token, unknownName: string): string {
  const a = t as IdentityToken | StringListToken;
  const body = encodeToken(a).subarray(1);
  return `${nameOf(c, t, unknownName)}${c.del}${printMem(body)}`;
}

// --------------------------------------------------- shared by the generated printers

/*
 * The frame printer reads words from the record's bytes, not through a
 * DataView: finding the view of a record's buffer (`r.buffer`) cost ~20 ns
 * a record, and four byte loads read a word as fast as `getUint32`
 * (bench/run.ts, "praudit -l" case).
 */

/** The big-endian 16-bit word at `r[i]`. */
export function be16(r: Uint8Array, i: number): number {
  return (r[i] << 8) | r[i + 1];
}

/** The big-endian unsigned 32-bit word at `r[i]`. */
export function be32(r: Uint8Array, i: number): number {
  return ((r[i] << 24) | (r[i + 1] << 16) | (r[i + 2] << 8) | r[i + 3]) >>> 0;
}

/** Takes back what a record wrote. */
export function fail(w: PrintBuffer, start: number): false {
  w.pos = start;
  return false;
}

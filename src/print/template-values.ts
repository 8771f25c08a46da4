/**
 * Values of the token table's print formats as strings, for the templates of
 * the generated XML printer (src/gen/xml-printer.ts) and of `-r`'s slips.
 * The text printers write the same formats as bytes (src/print/put.ts).
 *
 * @module
 */

import { uuidText } from "../wire/addr";
import type { PrintContext } from "./context";
import {
  altHex,
  cString,
  hex64,
  int64,
  memByte,
  ntop4,
  ntop6,
  ntopEx,
  printMem,
  printString,
  xmlEscape,
  xmlVisString,
} from "./format";

/** Where a template value goes: plain text (`-r`), XML character data, an XML attribute. */
export type TemplateMode = 0 | 1 | 2;

const IPC_TYPES = ["Message IPC", "Semaphore IPC", "Shared Memory IPC"];

/** A string field's text, escaped for XML when `mode` says so. */
function escaped(s: string, mode: TemplateMode): string {
  return mode === 0 ? s : xmlEscape(s, mode === 2);
}

/**
 * One value of a template: `format` (src/spec/kinds.ts, `PrintFormat`) of a
 * field of wire `kind` holding `v` (bytes for text kinds); `size` is the
 * address type of an `addr` field.
 */
export function templateValue(
  c: PrintContext,
  format: string,
  kind: string,
  v: number | bigint | Uint8Array,
  size: number,
  mode: TemplateMode,
): string {
  switch (format) {
    case "dec":
      return typeof v === "number" ? `${kind === "u32" ? v >>> 0 : v}` : `${v}`;
    case "i64":
      return int64(v as bigint);
    case "hex":
      return typeof v === "bigint" ? hex64(v) : `0x${((v as number) >>> 0).toString(16)}`;
    case "althex":
      return altHex(v as number);
    case "oct":
      return ((v as number) >>> 0).toString(8);
    case "byte":
      return memByte(v as number);
    case "user":
      return c.user(v as number);
    case "group":
      return c.group(v as number);
    case "event":
      return c.event(v as number);
    case "status":
      return c.status(v as number);
    case "sec":
      return typeof v === "bigint" ? c.sec64(v) : c.sec32(v as number);
    case "msec":
      return typeof v === "bigint" ? c.msec64(v) : c.msec32(v as number);
    case "str":
      return escaped(printString(v as Uint8Array), mode);
    case "cstr":
      return escaped(cString(v as Uint8Array), mode);
    case "addr": {
      const b = v as Uint8Array;
      if (kind === "ipv4") return ntop4(b);
      if (kind === "ipv6") return ntop6(b);
      if (kind === "uuid") return uuidText(b, 0);
      return ntopEx(size, b);
    }
    case "mem":
      return printMem(v as Uint8Array);
    case "len":
      return `${(v as Uint8Array).length}`;
    case "ipc":
      return !c.raw && (v as number) >= 1 && (v as number) <= 3
        ? IPC_TYPES[(v as number) - 1]
        : `${v}`;
    case "error":
      return `Error ${v}`;
    case "privuse":
      return v ? "successful use of priv" : "failed use of priv";
    case "trunc":
      return v ? "yes" : "no";
  }
  throw new RangeError(`no template format ${format}`);
}

/**
 * A list format's elements, each inside `<element>...</element>`: `args`
 * (at most 128, `AUDIT_MAX_ARGS`, through `vis(3)`), `cstrs` (escaped),
 * `groups` (group names).
 */
export function templateList(
  c: PrintContext,
  format: string,
  v: readonly Uint8Array[] | readonly number[],
  element: string,
): string {
  let s = "";
  if (format === "groups") {
    for (const g of v as readonly number[]) s += `<${element}>${c.group(g)}</${element}>`;
    return s;
  }
  const list = v as readonly Uint8Array[];
  const n = format === "args" ? Math.min(list.length, 128) : list.length;
  for (let i = 0; i < n; i++) {
    const text = cString(list[i]);
    s += `<${element}>${format === "args" ? xmlVisString(text) : xmlEscape(text, false)}</${element}>`;
  }
  return s;
}

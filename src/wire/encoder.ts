/**
 * The encoder: tokens to bytes, the inverse of the decoder.
 *
 * {@link encodeTokenInto} walks the token's row of the token table
 * (src/spec/tokens.ts) and writes each field. Text fields are written from
 * their `...Bytes` field, never from the decoded text, so that re-encoding a
 * decoded token gives back its exact bytes. The `tokens` builders
 * (src/wire/token-builders.ts) make tokens from plain values.
 *
 * @example
 * ```ts
 * const rec = encodeRecord(
 *   [
 *     tokens.header32({ event: 23, seconds: 1709275542, milliseconds: 547 }),
 *     tokens.exec_args(["ls", "-la"]),
 *     tokens.path("/bin/ls"),
 *     tokens.subject32({ auid: 501, euid: 501, egid: 20, ruid: 501, rgid: 20, pid: 4242, sid: 100001 }),
 *     tokens.return32(0, 0),
 *     tokens.trailer(),
 *   ],
 *   { fixSizes: true },
 * );
 * ```
 *
 * @module
 */

import type { Token } from "../gen/token-types";
import { type FieldLayout, LAYOUT_BY_TYPE, type TokenLayout } from "../spec/layouts";
import { ByteWriter } from "./byte-writer";

// ---------------------------------------------------------------- tokens

/**
 * Writes one token to `out`. Text fields come from their `...Bytes` field;
 * counts (string lengths, list lengths) are computed from the values.
 * Throws a `RangeError` for a token that cannot be written as given (a
 * value out of its field's range, an address that is not 4 or 16 bytes or
 * disagrees with its address type, data whose length disagrees with its unit
 * count, a string list item containing a NUL).
 */
export function encodeTokenInto(t: Token, out: ByteWriter): void {
  if (t.type === "unknown") {
    out.u8(t.id);
    out.bytes(t.data);
    return;
  }
  const layout = LAYOUT_BY_TYPE.get(t.type);
  if (layout === undefined) throw new RangeError(`no layout for token type ${String(t.type)}`);
  if (t.id !== layout.id) {
    throw new RangeError(
      `token ${t.type} has id 0x${t.id.toString(16)}, its layout 0x${layout.id.toString(16)}`,
    );
  }
  out.u8(layout.id);
  writeFields(layout, t as unknown as Record<string, unknown>, out);
}

function writeFields(layout: TokenLayout, o: Record<string, unknown>, out: ByteWriter): void {
  for (const field of layout.fields) writeField(field, o, out);
}

function bytesOf(o: Record<string, unknown>, key: string): Uint8Array {
  const v = o[key];
  if (!(v instanceof Uint8Array)) throw new RangeError(`field ${key} is not a Uint8Array`);
  return v;
}

function numberOf(o: Record<string, unknown>, key: string): number {
  const v = o[key];
  if (typeof v !== "number") throw new RangeError(`field ${key} is not a number`);
  return v;
}

function writeField(field: FieldLayout, o: Record<string, unknown>, out: ByteWriter): void {
  const name = field.name;
  switch (field.kind) {
    case "u8":
      out.u8(numberOf(o, name));
      return;
    case "u16":
      out.u16(numberOf(o, name));
      return;
    case "u32":
      out.u32(numberOf(o, name));
      return;
    case "u64":
      out.u64(o[name] as bigint);
      return;
    case "ipv4":
    case "ipv6":
    case "uuid": {
      const b = bytesOf(o, `${name}Bytes`);
      const n = field.kind === "ipv4" ? 4 : 16;
      if (b.length !== n) throw new RangeError(`${name}Bytes must be ${n} bytes, not ${b.length}`);
      out.bytes(b);
      return;
    }
    case "addr": {
      const b = bytesOf(o, `${name}Bytes`);
      const at = numberOf(o, field.sizeFrom as string);
      if ((at !== 4 && at !== 16) || b.length !== at) {
        throw new RangeError(
          `${name}Bytes is ${b.length} bytes but ${field.sizeFrom} is ${at} (4 or 16)`,
        );
      }
      out.bytes(b);
      return;
    }
    case "string": {
      const b = bytesOf(o, `${name}Bytes`);
      out.u16(b.length);
      out.bytes(b);
      return;
    }
    case "bytes": {
      const b = bytesOf(o, name);
      out.u16(b.length);
      out.bytes(b);
      return;
    }
    case "strings": {
      const list = o[`${name}Bytes`] as Uint8Array[];
      out.u32(list.length);
      for (const b of list) {
        if (b.includes(0)) throw new RangeError(`${name}Bytes item contains a NUL`);
        out.bytes(b);
        out.u8(0);
      }
      return;
    }
    case "u32s": {
      const list = o[name] as number[];
      out.u16(list.length);
      for (const v of list) out.u32(v);
      return;
    }
    case "units": {
      const b = bytesOf(o, name);
      const size = numberOf(o, field.sizeFrom as string);
      const count = numberOf(o, field.countFrom as string);
      if (b.length !== count << size) {
        throw new RangeError(
          `${name} is ${b.length} bytes, ${field.countFrom} ${count} of size code ${size} need ${count << size}`,
        );
      }
      out.bytes(b);
      return;
    }
    case "sunpath": {
      const b = bytesOf(o, `${name}Bytes`);
      const nul = b.indexOf(0);
      const ok = nul >= 0 && nul < 104 ? b.length === nul + 1 : b.length === 105;
      if (!ok) {
        throw new RangeError(
          `${name}Bytes must end at its first NUL within 104 bytes, or be 105 bytes without one`,
        );
      }
      out.bytes(b);
      return;
    }
    case "rest":
      out.bytes(bytesOf(o, name));
      return;
  }
}

/** Encodes one token (id byte included). */
export function encodeToken(t: Token): Uint8Array {
  const w = new ByteWriter(64);
  encodeTokenInto(t, w);
  return w.toUint8Array();
}

// ---------------------------------------------------------------- records

/** Options of {@link encodeRecord} and {@link encodeTrail}. */
export interface EncodeRecordOptions {
  /**
   * Set the header's `size` and the trailer's `count` to the record's byte
   * count (when the record starts with a header and ends with a trailer).
   * Off by default, so that re-encoding decoded records is exact.
   * @defaultValue false
   */
  fixSizes?: boolean;
}

const HEADER_TYPES = new Set(["header32", "header32_ex", "header64", "header64_ex"]);

/** Writes a record's tokens to `out`; see {@link encodeRecord}. Returns the record's length. */
export function encodeRecordInto(
  record: readonly Token[],
  out: ByteWriter,
  options?: EncodeRecordOptions,
): number {
  const start = out.pos;
  for (const t of record) encodeTokenInto(t, out);
  const len = out.pos - start;
  if (options?.fixSizes && record.length > 0) {
    if (HEADER_TYPES.has(record[0].type)) out.patchU32(start + 1, len);
    if (record[record.length - 1].type === "trailer") out.patchU32(out.pos - 4, len);
  }
  return len;
}

/**
 * Encodes one record: a header-to-trailer token run (or a lone file token).
 * With `fixSizes`, the header `size` and trailer `count` are filled in.
 */
export function encodeRecord(record: readonly Token[], options?: EncodeRecordOptions): Uint8Array {
  const w = new ByteWriter(256);
  encodeRecordInto(record, w, options);
  return w.toUint8Array();
}

/**
 * Encodes records one after another into a trail. Each record is a token
 * array or anything with a `tokens` array (such as a decoded `BsmRecord`).
 */
export function encodeTrail(
  records: Iterable<readonly Token[] | { readonly tokens: readonly Token[] }>,
  options?: EncodeRecordOptions,
): Uint8Array {
  const w = new ByteWriter(4096);
  for (const r of records)
    encodeRecordInto(Array.isArray(r) ? r : (r as { tokens: Token[] }).tokens, w, options);
  return w.toUint8Array();
}

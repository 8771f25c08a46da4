/**
 * Where the fields the native summary reads (subject, return, host, paths,
 * exec strings) lie in a token's bytes, worked out once from the token
 * table's layouts (src/spec/layouts.ts), so that the frame writer
 * (native-writer.ts) reads them from a record's bytes without decoding it.
 *
 * @module
 */

import type { FieldKind } from "../spec/kinds";
import { FIXED_SIZE, LAYOUT_BY_TYPE } from "../spec/layouts";

/** A field's offset from its token's id byte, and its kind. */
export interface FieldAt {
  /** Offset from the token's first byte (its id). */
  readonly at: number;
  /** The field's wire kind. */
  readonly kind: FieldKind;
}

/**
 * The fields of `type` whose start is fixed (every field before them has
 * a fixed size), by name.
 */
export function fixedFields(type: string): ReadonlyMap<string, FieldAt> {
  const layout = LAYOUT_BY_TYPE.get(type);
  if (layout === undefined) throw new Error(`no token type ${type}`);
  const out = new Map<string, FieldAt>();
  let at = 1;
  for (const f of layout.fields) {
    out.set(f.name, { at, kind: f.kind });
    const n = f.kind === "addr" ? undefined : FIXED_SIZE[f.kind];
    if (n === undefined) break;
    at += n;
  }
  return out;
}

/** The id byte of a token type. */
export function idOf(type: string): number {
  const layout = LAYOUT_BY_TYPE.get(type);
  if (layout === undefined || layout.id < 0) throw new Error(`no token type ${type}`);
  return layout.id;
}

/** The subject fields of the native summary, in its order, with their offsets. */
export interface SubjectFields {
  /** auid, euid, egid, ruid, rgid, pid, sid (u32 each). */
  readonly ids: readonly number[];
  /** The terminal port: its offset, and whether it is 64 bits wide. */
  readonly port: number;
  readonly port64: boolean;
  /** The address: its offset, and the offset of its type (4 or 16) or -1 for a plain IPv4 address. */
  readonly address: number;
  readonly addressType: number;
}

const SUBJECT_IDS = ["auid", "euid", "egid", "ruid", "rgid", "pid", "sid"];

function subjectFields(type: string): SubjectFields {
  const m = fixedFields(type);
  const get = (name: string) => {
    const f = m.get(name);
    if (f === undefined) throw new Error(`${type}: no fixed ${name}`);
    return f;
  };
  const port = get("port");
  const address = get("address");
  return {
    ids: SUBJECT_IDS.map((n) => get(n).at),
    port: port.at,
    port64: port.kind === "u64",
    address: address.at,
    addressType: address.kind === "addr" ? get("addressType").at : -1,
  };
}

/** The four subject token types, by id byte. */
export const SUBJECTS: ReadonlyMap<number, SubjectFields> = new Map(
  ["subject32", "subject64", "subject32_ex", "subject64_ex"].map((t) => [
    idOf(t),
    subjectFields(t),
  ]),
);

/** The two return token types, by id byte: offsets of status (u8) and value, and whether the value is 64 bits. */
export const RETURNS: ReadonlyMap<number, { status: number; value: number; value64: boolean }> =
  new Map(
    ["return32", "return64"].map((t) => {
      const m = fixedFields(t);
      const status = m.get("status") as FieldAt;
      const value = m.get("value") as FieldAt;
      return [idOf(t), { status: status.at, value: value.at, value64: value.kind === "u64" }];
    }),
  );

/** The two header_ex token types, by id byte: offsets of the address type and the address. */
export const HOSTS: ReadonlyMap<number, { addressType: number; address: number }> = new Map(
  ["header32_ex", "header64_ex"].map((t) => {
    const m = fixedFields(t);
    return [
      idOf(t),
      {
        addressType: (m.get("addressType") as FieldAt).at,
        address: (m.get("address") as FieldAt).at,
      },
    ];
  }),
);

/** Id byte of `path` (its string's u16 length at offset 1, the bytes after). */
export const PATH_ID = idOf("path");
/** Id byte of `exec_args` (a u32 count at offset 1, then NUL-terminated strings). */
export const EXEC_ARGS_ID = idOf("exec_args");
/** Id byte of `exec_env` (laid out as exec_args). */
export const EXEC_ENV_ID = idOf("exec_env");

/**
 * Bytes of the frame writer's text of a token of `type` before its first
 * field's value (`{"type":"path","id":35,"path":`), as
 * src/gen/json-writer.ts writes it: where a path's string, or the strings
 * of exec_args and exec_env, start in the token's JSON.
 */
export function jsonHeadLength(type: string): number {
  const layout = LAYOUT_BY_TYPE.get(type);
  if (layout === undefined || layout.fields.length === 0) throw new Error(`no token type ${type}`);
  return `{"type":${JSON.stringify(type)},"id":${layout.id},${JSON.stringify(layout.fields[0].name)}:`
    .length;
}

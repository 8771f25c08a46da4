/**
 * Declarative byte layouts of every token the decoder knows.
 *
 * One {@link TokenLayout} per token id: its `type` and its fields in wire
 * order, each with a {@link FieldKind} from a small vocabulary. Field names
 * are the token interfaces' field names (src/tokens.ts); a field whose kind
 * has a text form also fills `<name>Bytes` (see {@link fieldKeys}).
 *
 * This table drives the encoder (a generic walk), the reference decoder of
 * the tests (built with binary-parser from the same table, an independent
 * check of the hand-written decoder), and the field order of printers and
 * NDJSON output. The hand-written decoder (src/decoder.ts) is kept apart for
 * speed; a test checks that both agree on every field of every token.
 *
 * All integers are big-endian.
 *
 * @module
 */

import type { TokenOf, TokenType } from "./token-types";

/**
 * What a field is on the wire.
 *
 * | kind | bytes | token fields |
 * |---|---|---|
 * | `u8` `u16` `u32` | 1, 2, 4 | `name`: number |
 * | `u64` | 8 | `name`: bigint |
 * | `ipv4` | 4 | `name`: dotted quad, `nameBytes` |
 * | `ipv6` | 16 | `name`: RFC 5952 text, `nameBytes` |
 * | `addr` | 4 or 16, the value of the field named by `sizeFrom` | `name`, `nameBytes` |
 * | `string` | u16 n, then n bytes (libbsm counts the NUL in n) | `name`: text without the NUL, `nameBytes`: the n bytes |
 * | `bytes` | u16 n, then n bytes | `name`: Uint8Array |
 * | `strings` | u32 count, then count NUL-terminated strings | `name`: string[], `nameBytes`: each string's bytes without its NUL |
 * | `u32s` | u16 count, then count u32 | `name`: number[] |
 * | `units` | `unitCount << unitType` bytes (the fields named by `countFrom` and `sizeFrom`) | `name`: Uint8Array |
 * | `sunpath` | a path NUL-terminated within 104 bytes (NUL included), else 105 bytes | `name`, `nameBytes` |
 * | `uuid` | 16 | `name`: 8-4-4-4-12 lowercase hex, `nameBytes` |
 * | `rest` | everything up to the record's trailer (unknown tokens) | `name`: Uint8Array |
 */
export type FieldKind =
  | "u8"
  | "u16"
  | "u32"
  | "u64"
  | "ipv4"
  | "ipv6"
  | "addr"
  | "string"
  | "bytes"
  | "strings"
  | "u32s"
  | "units"
  | "sunpath"
  | "uuid"
  | "rest";

/** One field of a token, in wire order. */
export interface FieldLayout {
  /** The token interface's field name (the text form for text kinds). */
  readonly name: string;
  /** How the field is laid out on the wire. */
  readonly kind: FieldKind;
  /**
   * `addr`: the field holding the address length (4 or 16). `units`: the
   * field holding the unit size code (0..3: 1, 2, 4, 8 bytes).
   */
  readonly sizeFrom?: string;
  /** `units`: the field holding the unit count. */
  readonly countFrom?: string;
}

/** The layout of one token id. */
export interface TokenLayout {
  /** Token id byte. */
  readonly id: number;
  /** The token's `type`. */
  readonly type: TokenType;
  /** Fields after the id byte, in wire order. */
  readonly fields: readonly FieldLayout[];
  /**
   * Length in bytes after the id byte when every field has a fixed size,
   * else `undefined`.
   */
  readonly fixedLength: number | undefined;
}

/** Kinds whose field has a text form beside a `...Bytes` view of its raw bytes. */
export const TEXT_KINDS: ReadonlySet<FieldKind> = new Set<FieldKind>([
  "ipv4",
  "ipv6",
  "addr",
  "string",
  "strings",
  "sunpath",
  "uuid",
]);

/** Bytes of each fixed-size kind. */
const FIXED_SIZE: Partial<Record<FieldKind, number>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  ipv4: 4,
  ipv6: 16,
  uuid: 16,
};

/** Field names a layout may use for token type `T` (every field but `type` and `id`). */
type FieldName<T extends TokenType> = Exclude<keyof TokenOf<T>, "type" | "id"> & string;

/** A field of token type `T`: its name is checked against the token interface. */
interface TypedField<T extends TokenType> extends FieldLayout {
  readonly name: FieldName<T>;
  readonly sizeFrom?: FieldName<T>;
  readonly countFrom?: FieldName<T>;
}

/** Makes fields of token type `T`; names are checked against the token interface. */
type FieldFn<T extends TokenType> = (
  name: FieldName<T>,
  kind: FieldKind,
  extra?: { sizeFrom?: FieldName<T>; countFrom?: FieldName<T> },
) => TypedField<T>;

function fieldFn<T extends TokenType>(): FieldFn<T> {
  return (name, kind, extra) => ({ name, kind, ...extra });
}

function def<T extends TokenType>(
  id: number,
  type: T,
  build: (f: FieldFn<T>) => TypedField<T>[],
): TokenLayout {
  const fields = build(fieldFn<T>());
  let fixed: number | undefined = 0;
  for (const x of fields) {
    const n = FIXED_SIZE[x.kind];
    if (n === undefined) {
      fixed = undefined;
      break;
    }
    fixed += n;
  }
  return Object.freeze({ id, type, fields: Object.freeze(fields), fixedLength: fixed });
}

const subject32 = (f: FieldFn<"subject32" | "process32">) => [
  f("auid", "u32"),
  f("euid", "u32"),
  f("egid", "u32"),
  f("ruid", "u32"),
  f("rgid", "u32"),
  f("pid", "u32"),
  f("sid", "u32"),
  f("port", "u32"),
  f("address", "ipv4"),
];

const subject64 = (f: FieldFn<"subject64" | "process64">) => [
  f("auid", "u32"),
  f("euid", "u32"),
  f("egid", "u32"),
  f("ruid", "u32"),
  f("rgid", "u32"),
  f("pid", "u32"),
  f("sid", "u32"),
  f("port", "u64"),
  f("address", "ipv4"),
];

const subjectEx =
  (portKind: "u32" | "u64") =>
  (f: FieldFn<"subject32_ex" | "process32_ex" | "subject64_ex" | "process64_ex">) => [
    f("auid", "u32"),
    f("euid", "u32"),
    f("egid", "u32"),
    f("ruid", "u32"),
    f("rgid", "u32"),
    f("pid", "u32"),
    f("sid", "u32"),
    f("port", portKind),
    f("addressType", "u32"),
    f("address", "addr", { sizeFrom: "addressType" }),
  ];

const stringList = (f: FieldFn<"exec_args" | "exec_env" | "krb5_principal" | "cert_hash">) => [
  f("strings", "strings"),
];

const uuidFields = (f: FieldFn<"arg_uuid" | "ret_uuid">) => [
  f("number", "u8"),
  f("uuid", "uuid"),
  f("description", "string"),
];

/** Every known token layout, in id order. */
export const LAYOUTS: readonly TokenLayout[] = Object.freeze([
  def(0x11, "other_file32", (f) => [
    f("seconds", "u32"),
    f("milliseconds", "u32"),
    f("name", "string"),
  ]),
  def(0x13, "trailer", (f) => [f("magic", "u16"), f("count", "u32")]),
  def(0x14, "header32", (f) => [
    f("size", "u32"),
    f("version", "u8"),
    f("event", "u16"),
    f("modifier", "u16"),
    f("seconds", "u32"),
    f("milliseconds", "u32"),
  ]),
  def(0x15, "header32_ex", (f) => [
    f("size", "u32"),
    f("version", "u8"),
    f("event", "u16"),
    f("modifier", "u16"),
    f("addressType", "u32"),
    f("address", "addr", { sizeFrom: "addressType" }),
    f("seconds", "u32"),
    f("milliseconds", "u32"),
  ]),
  def(0x21, "data", (f) => [
    f("howToPrint", "u8"),
    f("unitType", "u8"),
    f("unitCount", "u8"),
    f("data", "units", { sizeFrom: "unitType", countFrom: "unitCount" }),
  ]),
  def(0x22, "ipc", (f) => [f("ipcType", "u8"), f("ipcId", "u32")]),
  def(0x23, "path", (f) => [f("path", "string")]),
  def(0x24, "subject32", subject32),
  def(0x26, "process32", subject32),
  def(0x27, "return32", (f) => [f("status", "u8"), f("value", "u32")]),
  def(0x28, "text", (f) => [f("text", "string")]),
  def(0x29, "opaque", (f) => [f("data", "bytes")]),
  def(0x2a, "in_addr", (f) => [f("address", "ipv4")]),
  def(0x2b, "ip", (f) => [
    f("version", "u8"),
    f("tos", "u8"),
    f("length", "u16"),
    f("ipId", "u16"),
    f("fragmentOffset", "u16"),
    f("ttl", "u8"),
    f("protocol", "u8"),
    f("checksum", "u16"),
    f("source", "ipv4"),
    f("destination", "ipv4"),
  ]),
  def(0x2c, "iport", (f) => [f("port", "u16")]),
  def(0x2d, "arg32", (f) => [f("argNumber", "u8"), f("value", "u32"), f("description", "string")]),
  def(0x2e, "socket", (f) => [
    f("socketType", "u16"),
    f("localPort", "u16"),
    f("localAddress", "ipv4"),
    f("remotePort", "u16"),
    f("remoteAddress", "ipv4"),
  ]),
  def(0x2f, "seq", (f) => [f("sequence", "u32")]),
  def(0x32, "ipc_perm", (f) => [
    f("uid", "u32"),
    f("gid", "u32"),
    f("creatorUid", "u32"),
    f("creatorGid", "u32"),
    f("mode", "u32"),
    f("sequence", "u32"),
    f("key", "u32"),
  ]),
  def(0x38, "priv", (f) => [f("setType", "string"), f("privileges", "string")]),
  def(0x39, "upriv", (f) => [f("status", "u8"), f("privilege", "string")]),
  def(0x3b, "newgroups", (f) => [f("groups", "u32s")]),
  def(0x3c, "exec_args", stringList),
  def(0x3d, "exec_env", stringList),
  def(0x3e, "attr32", (f) => [
    f("mode", "u32"),
    f("uid", "u32"),
    f("gid", "u32"),
    f("fsid", "u32"),
    f("nodeId", "u64"),
    f("device", "u32"),
  ]),
  def(0x52, "exit", (f) => [f("status", "u32"), f("value", "u32")]),
  def(0x60, "zonename", (f) => [f("zone", "string")]),
  def(0x71, "arg64", (f) => [f("argNumber", "u8"), f("value", "u64"), f("description", "string")]),
  def(0x72, "return64", (f) => [f("status", "u8"), f("value", "u64")]),
  def(0x73, "attr64", (f) => [
    f("mode", "u32"),
    f("uid", "u32"),
    f("gid", "u32"),
    f("fsid", "u32"),
    f("nodeId", "u64"),
    f("device", "u64"),
  ]),
  def(0x74, "header64", (f) => [
    f("size", "u32"),
    f("version", "u8"),
    f("event", "u16"),
    f("modifier", "u16"),
    f("seconds", "u64"),
    f("milliseconds", "u64"),
  ]),
  def(0x75, "subject64", subject64),
  def(0x77, "process64", subject64),
  def(0x79, "header64_ex", (f) => [
    f("size", "u32"),
    f("version", "u8"),
    f("event", "u16"),
    f("modifier", "u16"),
    f("addressType", "u32"),
    f("address", "addr", { sizeFrom: "addressType" }),
    f("seconds", "u64"),
    f("milliseconds", "u64"),
  ]),
  def(0x7a, "subject32_ex", subjectEx("u32")),
  def(0x7b, "process32_ex", subjectEx("u32")),
  def(0x7c, "subject64_ex", subjectEx("u64")),
  def(0x7d, "process64_ex", subjectEx("u64")),
  def(0x7e, "in_addr_ex", (f) => [
    f("addressType", "u32"),
    f("address", "addr", { sizeFrom: "addressType" }),
  ]),
  def(0x7f, "socket_ex", (f) => [
    f("domain", "u16"),
    f("socketType", "u16"),
    f("addressType", "u16"),
    f("localPort", "u16"),
    f("localAddress", "addr", { sizeFrom: "addressType" }),
    f("remotePort", "u16"),
    f("remoteAddress", "addr", { sizeFrom: "addressType" }),
  ]),
  def(0x80, "sockinet32", (f) => [f("family", "u16"), f("port", "u16"), f("address", "ipv4")]),
  def(0x81, "sockinet128", (f) => [f("family", "u16"), f("port", "u16"), f("address", "ipv6")]),
  def(0x82, "sockunix", (f) => [f("family", "u16"), f("path", "sunpath")]),
  def(0x84, "arg_uuid", uuidFields),
  def(0x85, "ret_uuid", uuidFields),
  def(0xed, "identity", (f) => [
    f("signerType", "u32"),
    f("signingId", "string"),
    f("signingIdTruncated", "u8"),
    f("teamId", "string"),
    f("teamIdTruncated", "u8"),
    f("cdhash", "bytes"),
  ]),
  def(0xee, "krb5_principal", stringList),
  def(0xef, "cert_hash", stringList),
]);

/**
 * The pseudo-layout of `unknown` tokens (an id without a known layout): the
 * bytes after the id up to the record's trailer. Not in {@link LAYOUTS}.
 */
export const UNKNOWN_LAYOUT: TokenLayout = Object.freeze({
  id: -1,
  type: "unknown",
  fields: Object.freeze([{ name: "data", kind: "rest" } as FieldLayout]),
  fixedLength: undefined,
});

/** Layout of each known token id. */
export const LAYOUT_BY_ID: ReadonlyMap<number, TokenLayout> = new Map(
  LAYOUTS.map((l) => [l.id, l]),
);

/** Layout of each token `type` (`unknown` included, as {@link UNKNOWN_LAYOUT}). */
export const LAYOUT_BY_TYPE: ReadonlyMap<TokenType, TokenLayout> = new Map<TokenType, TokenLayout>([
  ...LAYOUTS.map((l): [TokenType, TokenLayout] => [l.type, l]),
  ["unknown", UNKNOWN_LAYOUT],
]);

/** The token object keys one field fills: `[name]`, or `[name, name + "Bytes"]` for text kinds. */
export function fieldKeys(field: FieldLayout): string[] {
  return TEXT_KINDS.has(field.kind) ? [field.name, `${field.name}Bytes`] : [field.name];
}

/** Every key of a token of this layout, in order: `type`, `id`, then each field's keys. */
export function tokenKeys(layout: TokenLayout): string[] {
  const keys = ["type", "id"];
  for (const x of layout.fields) keys.push(...fieldKeys(x));
  return keys;
}

/** The layout of a token type; throws for a type without one. */
export function layoutOf(type: TokenType): TokenLayout {
  const l = LAYOUT_BY_TYPE.get(type);
  if (l === undefined) throw new RangeError(`no layout for token type ${type}`);
  return l;
}

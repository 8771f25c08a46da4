/**
 * Byte layouts of every token, looked up by id or by `type`: the rows of
 * the token table (src/spec/tokens.ts) for run-time walkers (the encoder,
 * the test reference decoder, the fuzz mutator).
 *
 * @module
 */

import type { FieldKind, FieldLayout, TokenSpec } from "./kinds";
import { TOKEN_TABLE, UNKNOWN_TOKEN } from "./tokens";

export type { FieldKind, FieldLayout } from "./kinds";

/** The layout of one token id. */
export interface TokenLayout {
  /** Token id byte (-1 for `unknown`). */
  readonly id: number;
  /** The token's `type`. */
  readonly type: string;
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

/** Bytes of each fixed-size kind (the others are `undefined`). */
export const FIXED_SIZE: Readonly<Partial<Record<FieldKind, number>>> = {
  u8: 1,
  u16: 2,
  u32: 4,
  u64: 8,
  ipv4: 4,
  ipv6: 16,
  uuid: 16,
};

function layout(row: TokenSpec): TokenLayout {
  let fixed: number | undefined = 0;
  for (const x of row.fields) {
    const n = FIXED_SIZE[x.kind];
    if (n === undefined) {
      fixed = undefined;
      break;
    }
    fixed += n;
  }
  return Object.freeze({ id: row.id, type: row.type, fields: row.fields, fixedLength: fixed });
}

/** Every known token layout, in id order. */
export const LAYOUTS: readonly TokenLayout[] = Object.freeze(TOKEN_TABLE.map(layout));

/**
 * The pseudo-layout of `unknown` tokens (an id without a known layout): the
 * bytes after the id up to the record's trailer. Not in {@link LAYOUTS}.
 */
export const UNKNOWN_LAYOUT: TokenLayout = layout(UNKNOWN_TOKEN);

/** Layout of each known token id. */
export const LAYOUT_BY_ID: ReadonlyMap<number, TokenLayout> = new Map(
  LAYOUTS.map((l) => [l.id, l]),
);

/** Layout of each token `type` (`unknown` included, as {@link UNKNOWN_LAYOUT}). */
export const LAYOUT_BY_TYPE: ReadonlyMap<string, TokenLayout> = new Map<string, TokenLayout>([
  ...LAYOUTS.map((l): [string, TokenLayout] => [l.type, l]),
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
export function layoutOf(type: string): TokenLayout {
  const l = LAYOUT_BY_TYPE.get(type);
  if (l === undefined) throw new RangeError(`no layout for token type ${type}`);
  return l;
}

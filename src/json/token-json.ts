/**
 * A decoded token as JSON: `type`, `id`, then each field of its row of the
 * token table (src/spec/tokens.ts) in wire order, converted by the field's
 * wire kind (src/spec/kinds.ts), never by a per-token switch:
 *
 * | kind | JSON |
 * |---|---|
 * | `u8` `u16` `u32` | number |
 * | `u64` | decimal string (a JSON number loses precision past 2^53) |
 * | `ipv4` `ipv6` `addr` `uuid` | the address text |
 * | `string` `sunpath` | the text (the raw `...Bytes` views are left out) |
 * | `strings` | array of texts |
 * | `u32s` | array of numbers |
 * | `bytes` `units` `rest` | lowercase hex, two digits per byte |
 *
 * Arrays are the token's own (not copied).
 *
 * @module
 */

import type { Token } from "../gen/token-types";
import type { FieldKind } from "../spec/kinds";
import { LAYOUT_BY_TYPE, type TokenLayout } from "../spec/layouts";

/** A token as JSON: `type`, `id` and one key per field of its row. */
export type TokenJson = { type: string; id: number } & Record<
  string,
  string | number | string[] | number[]
>;

/** The JSON form each wire kind takes (the schema and the converter share it). */
export type JsonForm = "integer" | "decimal" | "text" | "texts" | "integers" | "hex";

/** How each wire kind is written as JSON. */
export const JSON_FORM: Readonly<Record<FieldKind, JsonForm>> = {
  u8: "integer",
  u16: "integer",
  u32: "integer",
  u64: "decimal",
  ipv4: "text",
  ipv6: "text",
  addr: "text",
  uuid: "text",
  string: "text",
  sunpath: "text",
  strings: "texts",
  u32s: "integers",
  bytes: "hex",
  units: "hex",
  rest: "hex",
};

const HEX: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** Lowercase hex of the bytes, two digits each. */
export function hexOf(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}

/** One field's name and JSON form, flattened from a layout once. */
interface FieldPlan {
  readonly name: string;
  readonly form: JsonForm;
}

/** The fields of each token type, planned once from the table. */
const PLANS: ReadonlyMap<string, readonly FieldPlan[]> = new Map(
  [...LAYOUT_BY_TYPE].map(([type, layout]: [string, TokenLayout]) => [
    type,
    layout.fields.map((f) => ({ name: f.name, form: JSON_FORM[f.kind] })),
  ]),
);

/**
 * The JSON form of a decoded token (see the module documentation).
 *
 * @param token - a token from any decoding API
 */
export function tokenToJson(token: Token): TokenJson {
  const plan = PLANS.get(token.type) as readonly FieldPlan[];
  const src = token as unknown as Record<string, unknown>;
  const out: TokenJson = { type: token.type, id: token.id };
  for (let i = 0; i < plan.length; i++) {
    const f = plan[i];
    const v = src[f.name];
    switch (f.form) {
      case "decimal":
        out[f.name] = (v as bigint).toString();
        break;
      case "hex":
        out[f.name] = hexOf(v as Uint8Array);
        break;
      default:
        out[f.name] = v as string | number;
    }
  }
  return out;
}

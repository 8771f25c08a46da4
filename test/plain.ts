/**
 * Decoded tokens and records as plain data with every field: a token class
 * (eager tokens of text-bearing types, lazy tokens) keeps its raw-byte
 * twins (`...Bytes`) as getters that `Object.keys`, spread and `toEqual`
 * do not see, so comparisons that must cover the twins compare these.
 */

import type { Token } from "../src/gen/token-types";
import type { BsmRecord } from "../src/wire/record";

/** `t` with every field as an own property, in the table's order. */
export function plainToken(t: Token): Token {
  const j = (t as { toJSON?: () => Token }).toJSON;
  return typeof j === "function" ? j.call(t) : t;
}

/** `r` with its tokens (and header or file token) as {@link plainToken}s. */
export function plainRecord(r: BsmRecord): BsmRecord {
  const tokens = r.tokens.map(plainToken);
  return {
    ...r,
    tokens,
    header: r.header === null ? null : (tokens[0] as BsmRecord["header"]),
    file: r.file === null ? null : (tokens[0] as BsmRecord["file"]),
  };
}

/** {@link plainRecord} of each record. */
export function plainRecords(rs: readonly BsmRecord[]): BsmRecord[] {
  return rs.map(plainRecord);
}

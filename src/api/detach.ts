/**
 * Detaching records from their input, for consumers that keep a few
 * records of a large trail.
 *
 * Decoded records are zero-copy: byte fields are views into the input and
 * short text fields are substrings of strings made per 64 KiB window of it,
 * so one kept record keeps its whole input buffer (and a window string)
 * alive. A consumer keeping one record in a thousand can then hold the
 * whole trail in memory. {@link detachRecord} copies what a record needs so
 * that nothing else stays reachable; `copy: true` does so for every record.
 *
 * @module
 */

import type { Token } from "../gen/token-types";
import type { BsmRecord } from "../wire/record";

/**
 * A string with storage of its own: a substring of a large string keeps the
 * large one alive in V8; a flattened concatenation does not.
 */
function ownString(s: string): string {
  return s.length === 0 ? s : ` ${s}`.slice(1);
}

function detachValue(v: unknown): unknown {
  if (v instanceof Uint8Array) return v.slice();
  if (typeof v === "string") return ownString(v);
  if (Array.isArray(v)) return v.map(detachValue);
  return v;
}

/**
 * A copy of `t` whose byte fields and strings hold their own memory: a
 * plain object with every field, also for a token of a class (a lazy
 * token, an eager token with raw-byte twins): its `toJSON` lists them all.
 */
export function detachToken<T extends Token>(t: T): T {
  const toJSON = (t as { toJSON?: () => T }).toJSON;
  const all = (typeof toJSON === "function" ? toJSON.call(t) : t) as unknown as Record<
    string,
    unknown
  >;
  const out: Record<string, unknown> = {};
  for (const k in all) out[k] = detachValue(all[k]);
  return out as unknown as T;
}

/**
 * A copy of `record` that keeps nothing of its input alive: every byte
 * field is copied, every text field gets storage of its own. Keep records
 * this way when keeping a few of many (e.g. the matches of a search over a
 * large trail); decode with `copy: true` to detach every record.
 *
 * @param record - a decoded record (left unchanged).
 * @returns a record deep-equal to `record`.
 */
export function detachRecord(record: Readonly<BsmRecord>): BsmRecord {
  const tokens = record.tokens.map(detachToken);
  const header = record.header === null ? null : tokens[0];
  const file = record.file === null ? null : tokens[0];
  return {
    ...record,
    tokens,
    header: header as BsmRecord["header"],
    file: file as BsmRecord["file"],
  };
}

/**
 * Token boundaries without decoding: where each token of a record ends,
 * from the token table's layouts (src/spec/layouts.ts) walked at run time,
 * with the bounds and value checks of the generated reader (a field past
 * the limit, an address type not 4 or 16, a unit size code above 3). A
 * consumer that reads a few fields of a few tokens per record (trail
 * statistics) finds them this way with no token object made; where the
 * walk fails (an id without a layout, a malformed token) it decodes the
 * record instead, which reports the damage as the decoder does.
 *
 * @module
 */

import type { FieldKind } from "../spec/kinds";
import { FIXED_SIZE, LAYOUTS } from "../spec/layouts";

/** The fields of one layout, as the walk reads them. */
interface Plan {
  /** Bytes after the id when every field is fixed-size, else -1. */
  fixed: number;
  /** Each field's kind code (see the constants below). */
  kinds: Uint8Array;
  /** Fixed-size fields: their size. */
  sizes: Uint8Array;
  /** `addr`: the index of its size field; `units`: of its size code field. */
  from: Int8Array;
  /** `units`: the index of its count field. */
  count: Int8Array;
}

const FIXED = 0;
const ADDR = 1;
const UNITS = 2;
const COUNTED = 3; // string, bytes: u16 count, then that many bytes
const U32S = 4; // u16 count, then that many u32
const STRINGS = 5; // u32 count, then that many NUL-terminated strings (a row's last field)
const SUNPATH = 6; // NUL-terminated within 104 bytes, else 105 bytes (a row's last field)
const REST = 7;

function kindCode(k: FieldKind): number {
  if (FIXED_SIZE[k] !== undefined) return FIXED;
  switch (k) {
    case "addr":
      return ADDR;
    case "units":
      return UNITS;
    case "string":
    case "bytes":
      return COUNTED;
    case "u32s":
      return U32S;
    case "strings":
      return STRINGS;
    case "sunpath":
      return SUNPATH;
    default:
      return REST;
  }
}

/** The plan of each token id (undefined: no layout). */
const PLANS: (Plan | undefined)[] = (() => {
  const plans: (Plan | undefined)[] = new Array(256).fill(undefined);
  for (const l of LAYOUTS) {
    const names = l.fields.map((f) => f.name);
    plans[l.id] = {
      fixed: l.fixedLength ?? -1,
      kinds: Uint8Array.from(l.fields, (f) => kindCode(f.kind)),
      sizes: Uint8Array.from(l.fields, (f) => FIXED_SIZE[f.kind] ?? 0),
      from: Int8Array.from(l.fields, (f) =>
        f.sizeFrom === undefined ? -1 : names.indexOf(f.sizeFrom),
      ),
      count: Int8Array.from(l.fields, (f) =>
        f.countFrom === undefined ? -1 : names.indexOf(f.countFrom),
      ),
    };
  }
  return plans;
})();

/** Values of a token's integer fields read so far (an address size, a unit count). */
const values = new Float64Array(32);

function uint(b: Uint8Array, p: number, size: number): number {
  switch (size) {
    case 1:
      return b[p];
    case 2:
      return (b[p] << 8) | b[p + 1];
    case 4:
      return ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
    default:
      return Number.NaN; // wider fields size nothing
  }
}

/**
 * Where the token at `q` ends (the offset after it), no field past
 * `limit`; -1 when its id has no layout, a field runs past `limit`, or a
 * field holds an impossible value: exactly where the generated reader
 * fails to read it.
 *
 * @param b - the bytes
 * @param q - the token's id byte
 * @param limit - where the token must end by (a record's trailer)
 */
export function tokenEnd(b: Uint8Array, q: number, limit: number): number {
  const plan = PLANS[b[q]];
  if (plan === undefined) return -1;
  let p = q + 1;
  if (plan.fixed >= 0) return p + plan.fixed <= limit ? p + plan.fixed : -1;
  const kinds = plan.kinds;
  for (let i = 0; i < kinds.length; i++) {
    switch (kinds[i]) {
      case FIXED: {
        const n = plan.sizes[i];
        if (p + n > limit) return -1;
        values[i] = uint(b, p, n);
        p += n;
        break;
      }
      case ADDR: {
        const n = values[plan.from[i]];
        if (n !== 4 && n !== 16) return -1;
        p += n;
        break;
      }
      case UNITS: {
        const code = values[plan.from[i]];
        if (code > 3) return -1;
        p += values[plan.count[i]] << code;
        break;
      }
      case COUNTED:
      case U32S: {
        if (p + 2 > limit) return -1;
        const n = (b[p] << 8) | b[p + 1];
        p += 2 + (kinds[i] === U32S ? 4 * n : n);
        break;
      }
      case STRINGS: {
        if (p + 4 > limit) return -1;
        const n = uint(b, p, 4);
        p += 4;
        for (let k = 0; k < n; k++) {
          // indexOf is memchr: exec arguments and environment run to kilobytes.
          const z = b.indexOf(0, p);
          if (z < 0 || z >= limit) return -1;
          p = z + 1;
        }
        return p;
      }
      case SUNPATH: {
        const s = p;
        const stop = Math.min(limit, s + 104);
        let e = s;
        while (e < stop && b[e] !== 0) e++;
        const n = e < s + 104 ? e - s + 1 : 105;
        return s + n <= limit ? s + n : -1;
      }
      default:
        return -1;
    }
    if (p > limit) return -1;
  }
  return p;
}

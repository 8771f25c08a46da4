/**
 * Seeded inputs and mutators for the damage fuzzer.
 *
 * Sources are clean trails (corpus slices, records of different trails
 * spliced together); mutators damage them the ways trails get damaged:
 * byte flips, truncation, insertion, deletion, splicing, and every length
 * field set to 0, 1, its maximum and off by one. Hostile generators build
 * inputs aimed at the decoder's resync (long walk chains, file-token
 * candidates, headers claiming huge sizes).
 *
 * Everything is a pure function of a 32-bit seed, so a failure is
 * reproduced by `npm run fuzz -- --seed S --repro I`.
 */

import { readFileSync } from "node:fs";
import { type BsmRecord, decodeAllRecords } from "../../src/index";
import { type FieldLayout, LAYOUT_BY_ID } from "../../src/spec/layouts";
import { resolveOptions } from "../../src/wire/decode-options";
import { RecordDecoder } from "../../src/wire/framer";
import { corpusPath } from "../corpus";

/** mulberry32: small, fast, good enough to pick mutations. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** Uniform in [0, 2^32). */
  u32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }
  /** Uniform integer in [0, n). */
  int(n: number): number {
    return n <= 0 ? 0 : Math.floor((this.u32() / 2 ** 32) * n);
  }
  /** Uniform integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)];
  }
  chance(p: number): boolean {
    return this.u32() / 2 ** 32 < p;
  }
  bytes(n: number): Uint8Array {
    const b = new Uint8Array(n);
    for (let i = 0; i < n; i++) b[i] = this.u32() & 0xff;
    return b;
  }
}

// ------------------------------------------------------------------ sources

/** A clean trail and its records (offsets and lengths). */
export interface Source {
  name: string;
  bytes: Uint8Array;
  records: BsmRecord[];
}

const cache = new Map<string, Source>();

/** Decodes a clean trail; throws if it is not clean (the fuzzer needs clean sources). */
export function source(name: string, bytes: Uint8Array): Source {
  let errors = 0;
  const records = decodeAllRecords(bytes, { onError: () => errors++ });
  if (errors > 0) throw new Error(`fuzz source ${name} is not clean (${errors} errors)`);
  return { name, bytes, records };
}

/** The corpus trails the fuzzer starts from. */
export function corpusSources(): Source[] {
  const names = [
    "trails/all-tokens.bsm",
    "real/plaso-apple.bsm",
    "real/plaso-openbsm.bsm",
    "trails/mix-small.bsm",
    "trails/mix-apple-small.bsm",
  ];
  return names.map((n) => {
    let s = cache.get(n);
    if (s === undefined) {
      s = source(n, new Uint8Array(readFileSync(corpusPath(n))));
      cache.set(n, s);
    }
    return s;
  });
}

/** A run of consecutive records of `s` (whole records, so the result is clean). */
export function window(rng: Rng, s: Source, maxRecords: number): Uint8Array {
  const n = Math.min(s.records.length, rng.range(1, maxRecords));
  const i = rng.int(s.records.length - n + 1);
  const a = s.records[i].offset;
  const last = s.records[i + n - 1];
  return s.bytes.subarray(a, last.offset + last.length);
}

/** A generated trail: records drawn from every source, concatenated. */
export function generated(rng: Rng, sources: readonly Source[], maxRecords: number): Uint8Array {
  const n = rng.range(1, maxRecords);
  const parts: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const s = rng.pick(sources);
    const r = rng.pick(s.records);
    parts.push(s.bytes.subarray(r.offset, r.offset + r.length));
  }
  return concat(parts);
}

/** A clean input: a corpus window or a generated trail. */
export function cleanInput(rng: Rng, sources: readonly Source[]): Uint8Array {
  if (rng.chance(0.3)) return generated(rng, sources, 40);
  const s = rng.pick(sources);
  // Small trails whole now and then; big ones always as windows.
  if (s.bytes.length < 8192 && rng.chance(0.3)) return s.bytes;
  return window(rng, s, 60);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

// ------------------------------------------------------------ length fields

/** A length-like field of a token: where, how wide, its current value. */
export interface Field {
  at: number;
  width: 1 | 2 | 4;
  value: number;
  what: string;
}

function rd(b: Uint8Array, at: number, width: number): number {
  let v = 0;
  for (let i = 0; i < width; i++) v = v * 256 + b[at + i];
  return v;
}

/**
 * Offsets of the tokens of the clean record at `[p, p + length)` of `b`,
 * re-derived by reading the record token by token with the decoder's own
 * token reader (the decoded record does not keep token offsets).
 */
export function tokenOffsets(b: Uint8Array, p: number, length: number): number[] {
  const dec = new RecordDecoder(resolveOptions({}));
  dec.run(b, p, p + length, 0, true, []);
  const offs: number[] = [];
  let q = p;
  while (q < p + length) {
    offs.push(q);
    if (dec.token(q, p + length) === null) break;
    q = dec.q;
  }
  return offs;
}

/** Framing fields that size a record: the header's byte count, the trailer's. */
const FRAMING: Readonly<Record<string, readonly string[]>> = {
  header32: ["size"],
  header32_ex: ["size"],
  header64: ["size"],
  header64_ex: ["size"],
  trailer: ["count", "magic"],
};

const WIDTH: Readonly<Record<string, 1 | 2 | 4 | 8>> = { u8: 1, u16: 2, u32: 4, u64: 8 };
const FIXED: Readonly<Record<string, number>> = { ipv4: 4, ipv6: 16, uuid: 16 };

/**
 * The length fields (and the counts and types that size other fields) of
 * the token at `q`, found by walking its row of the token table: counts of
 * counted fields, fields another field is sized by, and framing sizes.
 */
export function tokenFields(b: Uint8Array, q: number): Field[] {
  const id = b[q];
  const layout = LAYOUT_BY_ID.get(id);
  if (layout === undefined) return [];
  const out: Field[] = [];
  const f = (at: number, width: 1 | 2 | 4, what: string): Field => ({
    at,
    width,
    value: rd(b, at, width),
    what: `${what} of token 0x${id.toString(16)} at ${q}`,
  });
  const sizing = new Set<string>(FRAMING[layout.type] ?? []);
  for (const x of layout.fields) {
    if (x.sizeFrom !== undefined) sizing.add(x.sizeFrom);
    if (x.countFrom !== undefined) sizing.add(x.countFrom);
  }
  const at = new Map<string, number>();
  let p = q + 1;
  for (const x of layout.fields) {
    if (p >= b.length) break;
    at.set(x.name, p);
    const w = WIDTH[x.kind];
    if (w !== undefined) {
      if (sizing.has(x.name) && w !== 8) out.push(f(p, w, `${x.name}`));
      p += w;
      continue;
    }
    switch (x.kind) {
      case "ipv4":
      case "ipv6":
      case "uuid":
        p += FIXED[x.kind];
        break;
      case "addr":
        p += rd(
          b,
          at.get(x.sizeFrom as string) as number,
          WIDTH[kindOf(layout.fields, x.sizeFrom)],
        );
        break;
      case "units":
        p +=
          rd(b, at.get(x.countFrom as string) as number, 1) <<
          rd(b, at.get(x.sizeFrom as string) as number, 1);
        break;
      case "string":
      case "bytes":
      case "u32s":
        out.push(f(p, 2, `${x.name} length`));
        p += 2 + rd(b, p, 2) * (x.kind === "u32s" ? 4 : 1);
        break;
      case "strings":
        out.push(f(p, 4, `${x.name} count`));
        return out;
      default:
        return out;
    }
  }
  return out;
}

function kindOf(fields: readonly FieldLayout[], name: string | undefined): string {
  return fields.find((x) => x.name === name)?.kind ?? "u32";
}

/** Every length field of every token of the records of a clean input. */
export function lengthFields(b: Uint8Array): Field[] {
  const out: Field[] = [];
  for (const r of decodeAllRecords(b)) {
    for (const q of tokenOffsets(b, r.offset, r.length)) out.push(...tokenFields(b, q));
  }
  return out;
}

/** The values a length field is set to: 0, 1, its maximum, off by one. */
export function lengthValues(f: Field): number[] {
  const max = f.width === 1 ? 0xff : f.width === 2 ? 0xffff : 0xffffffff;
  const vs = [0, 1, max, f.value - 1, f.value + 1, max - 1];
  if (f.width === 4) vs.push(1 << 20, (1 << 20) + 1, 0x7fffffff, 4, 16);
  return [...new Set(vs.filter((v) => v >= 0 && v <= max && v !== f.value))];
}

export function setField(b: Uint8Array, f: Field, v: number): Uint8Array {
  const out = b.slice();
  for (let i = f.width - 1; i >= 0; i--) {
    out[f.at + i] = v & 0xff;
    v = Math.floor(v / 256);
  }
  return out;
}

// ---------------------------------------------------------------- mutators

/** A damaged input and how it was made. */
export interface Mutated {
  input: Uint8Array;
  /** What was done, for reports. */
  how: string;
  /**
   * True when theory says no bytes of the result can frame a false record
   * over an intact one (one flipped byte, a truncation, one length field):
   * the checker then allows no exemption at all.
   */
  strong: boolean;
}

function flip(rng: Rng, b: Uint8Array): Mutated {
  const out = b.slice();
  const at = rng.int(b.length);
  const v = rng.chance(0.5) ? out[at] ^ (1 << rng.int(8)) : rng.int(256);
  out[at] = v;
  return { input: out, how: `byte ${at} := 0x${v.toString(16)}`, strong: true };
}

function truncate(rng: Rng, b: Uint8Array): Mutated {
  const at = rng.int(b.length + 1);
  return { input: b.slice(0, at), how: `cut at ${at}`, strong: true };
}

function insert(rng: Rng, b: Uint8Array): Mutated {
  const at = rng.int(b.length + 1);
  const n = rng.pick([1, 1, 2, 3, 7, 18, 64, 300]);
  const ins = rng.chance(0.3)
    ? new Uint8Array(n).fill(rng.pick([0, 0x13, 0x14, 0x11, 0xff]))
    : rng.bytes(n);
  return {
    input: concat([b.subarray(0, at), ins, b.subarray(at)]),
    how: `insert ${n} bytes at ${at}`,
    strong: false,
  };
}

function remove(rng: Rng, b: Uint8Array): Mutated {
  const at = rng.int(b.length);
  const n = Math.min(b.length - at, rng.pick([1, 2, 3, 7, 18, 64, 300]));
  return {
    input: concat([b.subarray(0, at), b.subarray(at + n)]),
    how: `delete ${n} bytes at ${at}`,
    strong: false,
  };
}

/** A slice of another trail (often a whole record, often cut) put in place of a slice. */
function splice(rng: Rng, b: Uint8Array, sources: readonly Source[]): Mutated {
  const s = rng.pick(sources);
  const r = rng.pick(s.records);
  let piece = s.bytes.subarray(r.offset, r.offset + r.length);
  if (rng.chance(0.6)) {
    const a = rng.int(piece.length);
    piece = piece.subarray(a, a + rng.range(1, piece.length - a));
  }
  const at = rng.int(b.length + 1);
  const n = rng.chance(0.5) ? 0 : Math.min(b.length - at, rng.int(200));
  return {
    input: concat([b.subarray(0, at), piece, b.subarray(at + n)]),
    how: `splice ${piece.length} bytes of ${s.name}@${r.offset} over [${at}, ${at + n})`,
    strong: false,
  };
}

function lengthField(rng: Rng, b: Uint8Array): Mutated {
  const fields = lengthFields(b);
  if (fields.length === 0) return flip(rng, b);
  const f = rng.pick(fields);
  const v = rng.pick(lengthValues(f));
  return { input: setField(b, f, v), how: `${f.what} ${f.value} := ${v}`, strong: true };
}

/**
 * Headers claiming long records, one every 5 bytes, inserted or written
 * over a slice: every one a resync candidate whose record would end far
 * on, the input that made streams copy the claimed size per candidate.
 */
function longClaims(rng: Rng, b: Uint8Array): Mutated {
  const count = rng.pick([4, 40, 400, 2000]);
  const claim = rng.pick([b.length, b.length >>> 1, 25 + rng.int(b.length + 1), 1 << 20]);
  const piece: number[] = [];
  for (let i = 0; i < count; i++) piece.push(...header32(claim).slice(0, 5));
  const at = rng.int(b.length + 1);
  const over = rng.chance(0.5) ? 0 : Math.min(b.length - at, piece.length);
  return {
    input: concat([b.subarray(0, at), Uint8Array.from(piece), b.subarray(at + over)]),
    how: `${count} headers claiming ${claim} bytes at ${at}${over ? " (written over)" : ""}`,
    strong: false,
  };
}

/** One random mutation; sometimes two or three stacked. */
export function mutate(rng: Rng, b: Uint8Array, sources: readonly Source[]): Mutated {
  const stack = rng.chance(0.15) ? rng.range(2, 3) : 1;
  let cur: Mutated = { input: b, how: "", strong: true };
  const hows: string[] = [];
  for (let i = 0; i < stack; i++) {
    if (cur.input.length === 0) break;
    const k = rng.int(11);
    const m =
      k < 3
        ? flip(rng, cur.input)
        : k < 4
          ? truncate(rng, cur.input)
          : k < 5
            ? insert(rng, cur.input)
            : k < 6
              ? remove(rng, cur.input)
              : k < 7
                ? splice(rng, cur.input, sources)
                : k < 10
                  ? lengthField(rng, cur.input)
                  : longClaims(rng, cur.input);
    hows.push(m.how);
    cur = { input: m.input, how: "", strong: stack === 1 && m.strong };
  }
  return { input: cur.input, how: hows.join("; "), strong: cur.strong };
}

// ----------------------------------------------------------------- hostile

function be(n: number, v: number): number[] {
  const a: number[] = [];
  for (let i = n - 1; i >= 0; i--) a.push(Math.floor(v / 256 ** i) & 0xff);
  return a;
}

export function header32(size: number): number[] {
  return [0x14, ...be(4, size), 11, ...be(2, 1), ...be(2, 0), ...be(4, 1000), ...be(4, 5)];
}

export function trailer(size: number): number[] {
  return [0x13, 0xb1, 0x05, ...be(4, size)];
}

/** A minimal valid record: header32, return32, trailer (31 bytes). */
export function smallRecord(): number[] {
  const body = [0x27, 0, 0, 0, 0, 0];
  const size = 18 + body.length + 7;
  return [...header32(size), ...body, ...trailer(size)];
}

/**
 * Hostile inputs of about `n` bytes. Each targets a way a resyncing decoder
 * goes quadratic or buffers without bound.
 */
export const HOSTILE: Record<string, (n: number) => Uint8Array> = {
  /**
   * A header with a bad byte count, then a chain of text tokens whose
   * payloads each hold a valid record followed by another bad header: every
   * record resync finds is followed by a header whose walk would follow the
   * same chain to the end.
   */
  "walk chain": (n) => {
    const a = header32(0x0fffff);
    while (a.length < n) {
      const payload = [...smallRecord(), ...header32(7)];
      a.push(0x28, ...be(2, payload.length), ...payload);
    }
    return new Uint8Array(a);
  },
  /** The same with exec_args tokens whose string scan runs to the walk's limit. */
  "exec args chain": (n) => {
    const a = header32(0x0fffff);
    while (a.length < n) {
      const payload = [...smallRecord(), ...header32(7), 0x3c, ...be(4, 0xffffffff)];
      a.push(0x28, ...be(2, payload.length), ...payload);
    }
    return new Uint8Array(a);
  },
  /** File-token candidates everywhere, each naming a long NUL-free string. */
  "file candidates": (n) => {
    const b = new Uint8Array(n).fill(0x41);
    for (let i = 0; i + 11 < n; i += 3) {
      b[i] = 0x11;
      b[i + 5] = 0;
      b[i + 6] = 0;
    }
    for (let z = 4096; z < n; z += 4096) b[z] = 0;
    return b;
  },
  /** Header ids only: every position a candidate with an implausible size. */
  "all header ids": (n) => new Uint8Array(n).fill(0x14),
  /**
   * A header id and a byte count of half the input, every 5 bytes: each a
   * candidate whose record would end far on (issue 9's stall, at the
   * fuzzer's sizes; the issue's own has 1 MiB counts over 4 MB).
   */
  "long claims": (n) => {
    const a: number[] = [];
    while (a.length < n) a.push(...header32(Math.max(25, n >>> 1)).slice(0, 5));
    return new Uint8Array(a.slice(0, n));
  },
  /** Each count reaching the end of the input exactly: every candidate needs all of it. */
  "claims to the end": (n) => {
    const a: number[] = [];
    while (a.length + 5 <= n) a.push(...header32(Math.max(25, n - a.length)).slice(0, 5));
    while (a.length < n) a.push(0);
    return new Uint8Array(a);
  },
  /** Headers claiming every size up to 1 MiB, no trailer anywhere. */
  "big claims": (n) => {
    const a: number[] = [];
    let s = 25;
    while (a.length < n) {
      a.push(...header32(s), 0x28, 0, 0);
      s = (s * 3 + 7) % (1 << 20);
    }
    return new Uint8Array(a.slice(0, n));
  },
  /** Valid records, each followed by one garbage byte. */
  "record garbage": (n) => {
    const a: number[] = [];
    while (a.length < n) a.push(...smallRecord(), 0xaa);
    return new Uint8Array(a);
  },
  /** Zero bytes. */
  zeros: (n) => new Uint8Array(n),
};

/** A hostile input of the given kind, seeded size. */
export function hostile(rng: Rng): { input: Uint8Array; how: string } {
  const names = Object.keys(HOSTILE);
  const name = rng.pick(names);
  const n = rng.pick([100, 1000, 10_000, 60_000]);
  return { input: HOSTILE[name](n), how: `hostile "${name}" ${n}` };
}

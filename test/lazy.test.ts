/**
 * `lazy: true`: tokens that know their `type` at once and read their fields
 * on first access give the same types and values as eager decoding, on the
 * whole corpus (good and damaged trails), the fixtures and generated
 * trails, through every decoding entry point, with `copy: true` and
 * `detachRecord` too.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath } from "node:url";
import { inspect } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import {
  type BsmRecord,
  type DecodeOptions,
  decodeAllRecords,
  decodeRecordBatches,
  decodeRecordStream,
  decodeRecordStreamBatches,
  decodeRecords,
  detachRecord,
  readTrail,
  readTrailBatches,
  readTrails,
  recordToJson,
  type Token,
} from "../src/index";
import { TOKEN_TABLE } from "../src/spec/tokens";
import { generateTrail } from "../src/testing/generator";
import { badTrails, corpusPath, corpusTrails } from "./corpus";
import { cleanInput, corpusSources, mutate, Rng } from "./fuzz/mutate";
import { plainRecord, plainToken } from "./plain";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The fields of a token as a serializer sees them: `for...in`, in order. */
function fieldsOf(t: Token): [string, unknown][] {
  const out: [string, unknown][] = [];
  for (const k in t) out.push([k, (t as unknown as Record<string, unknown>)[k]]);
  return out;
}

/** True when `t` is a lazy token: no field of its own, every one on its prototype. */
function isLazy(t: Token): boolean {
  return Object.keys(t).length === 0;
}

/** Every byte view reachable from a token's fields, the raw-byte twins too. */
function viewsOf(t: Token): Uint8Array[] {
  return Object.entries(plainToken(t)).flatMap(([, v]) =>
    v instanceof Uint8Array
      ? [v]
      : Array.isArray(v) && v[0] instanceof Uint8Array
        ? (v as Uint8Array[])
        : [],
  );
}

/** Same value: same type, same primitive, same bytes, same elements. */
function same(a: unknown, b: unknown): boolean {
  if (typeof a !== typeof b) return false;
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array)) return false;
    if (a.constructor !== b.constructor || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false;
    return a.every((x, i) => same(x, b[i]));
  }
  return a === b;
}

/**
 * Lazy records equal eager ones: the same record fields, the same token
 * types, field names in the same order, and the same values (bigints,
 * strings, byte contents, arrays), read after the whole input was decoded.
 * Returns the differences (none expected) and the number of lazy tokens seen.
 */
function differences(
  lazy: BsmRecord[],
  eager: BsmRecord[],
): { diffs: string[]; lazyTokens: number } {
  const diffs: string[] = [];
  let lazyTokens = 0;
  if (lazy.length !== eager.length) diffs.push(`${lazy.length} records, ${eager.length} eagerly`);
  for (let i = 0; i < Math.min(lazy.length, eager.length) && diffs.length < 10; i++) {
    const a = lazy[i];
    const b = eager[i];
    for (const k of [
      "kind",
      "offset",
      "length",
      "event",
      "modifier",
      "version",
      "seconds",
      "milliseconds",
      "damaged",
    ] as const) {
      if (a[k] !== b[k]) diffs.push(`record ${i}: ${k} ${a[k]} vs ${b[k]}`);
    }
    if ((a.header === null) !== (b.header === null) || (a.file === null) !== (b.file === null))
      diffs.push(`record ${i}: header/file`);
    if ((a.header ?? a.file) !== a.tokens[0]) diffs.push(`record ${i}: header is not tokens[0]`);
    if (a.tokens.length !== b.tokens.length) {
      diffs.push(`record ${i}: ${a.tokens.length} tokens vs ${b.tokens.length}`);
      continue;
    }
    for (let j = 0; j < b.tokens.length; j++) {
      const ta = a.tokens[j];
      const tb = b.tokens[j];
      if (isLazy(ta)) lazyTokens++;
      const na = fieldsOf(ta).map(([k]) => k);
      const nb = fieldsOf(tb).map(([k]) => k);
      if (na.join() !== nb.join()) {
        diffs.push(`record ${i} token ${j}: for...in ${na} vs ${nb}`);
        continue;
      }
      // Every field, the raw-byte twins too (getters that for...in skips).
      const fa = Object.entries(plainToken(ta));
      const fb = Object.entries(plainToken(tb));
      if (fa.map(([k]) => k).join() !== fb.map(([k]) => k).join()) {
        diffs.push(`record ${i} token ${j}: fields ${fa.map(([k]) => k)} vs ${fb.map(([k]) => k)}`);
        continue;
      }
      for (let k = 0; k < fb.length; k++) {
        if (!same(fa[k][1], fb[k][1])) diffs.push(`record ${i} token ${j} ${ta.type}.${fb[k][0]}`);
        // Made once: the same string, view or array on a second read.
        const again = (ta as unknown as Record<string, unknown>)[fa[k][0]];
        if (typeof again === "object" && again !== fa[k][1])
          diffs.push(`record ${i} token ${j}: ${fa[k][0]} made twice`);
      }
      if (isLazy(ta) && JSON.stringify(ta, big) !== JSON.stringify(tb, big))
        diffs.push(`record ${i} token ${j}: toJSON`);
      if (isLazy(ta) && j < 3 && inspect(ta) !== inspect(tb))
        diffs.push(`record ${i} token ${j}: util.inspect`);
    }
  }
  return { diffs, lazyTokens };
}

/** Asserts {@link differences} finds none; returns the number of lazy tokens. */
function expectSame(lazy: BsmRecord[], eager: BsmRecord[], name = ""): number {
  const { diffs, lazyTokens } = differences(lazy, eager);
  expect(diffs, name).toEqual([]);
  return lazyTokens;
}

/** JSON of bigints and byte views, for comparing `toJSON`. */
function big(_k: string, v: unknown): unknown {
  return typeof v === "bigint" ? `${v}n` : v;
}

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(rel)));
}

function fixtureTrails(): string[] {
  return readdirSync(join(root, "fixtures"))
    .filter((f) => f.endsWith(".bsm"))
    .map((f) => join(root, "fixtures", f));
}

const OPTION_SETS: Readonly<Partial<DecodeOptions>>[] = [
  {},
  { copy: true },
  { encoding: "latin1" },
];

describe("lazy records", () => {
  const inputs: [string, Uint8Array][] = [
    ...corpusTrails().map((rel) => [rel, load(rel)] as [string, Uint8Array]),
    ...badTrails().map((rel) => [rel, load(rel)] as [string, Uint8Array]),
    ...fixtureTrails().map((p) => [p, new Uint8Array(readFileSync(p))] as [string, Uint8Array]),
    ["generated seed 3", generateTrail({ seed: 3, bytes: 1 << 20 })],
  ];

  it("covers every row of the token table with lazy tokens", () => {
    const seen = new Set<string>();
    for (const [, bytes] of inputs) {
      for (const r of decodeAllRecords(bytes, { lazy: true })) {
        for (const t of r.tokens) if (isLazy(t)) seen.add(t.type);
      }
    }
    const missing = TOKEN_TABLE.map((r) => r.type).filter((t) => !seen.has(t));
    // Rows no input here carries are few; each one found is compared below.
    expect(seen.size).toBeGreaterThan(40);
    expect(missing.length).toBeLessThan(TOKEN_TABLE.length / 3);
  });

  for (const options of OPTION_SETS) {
    it(`equal eager decoding on the corpus, bad/, fixtures and a generated trail (${JSON.stringify(options)})`, () => {
      let lazyTokens = 0;
      for (const [name, bytes] of inputs) {
        const errorsE: string[] = [];
        const errorsL: string[] = [];
        const eager = decodeAllRecords(bytes, {
          ...options,
          onError: (e) => errorsE.push(e.message),
        });
        const lazy = decodeAllRecords(bytes, {
          ...options,
          lazy: true,
          onError: (e) => errorsL.push(e.message),
        });
        expect(errorsL, name).toEqual(errorsE);
        lazyTokens += expectSame(lazy, eager, name);
      }
      expect(lazyTokens).toBeGreaterThan(10_000);
    });
  }

  it("equal eager decoding on 300 damaged inputs of the fuzzer (seeded)", () => {
    const rng = new Rng(0x1a2e);
    const sources = corpusSources();
    let lazyTokens = 0;
    for (let i = 0; i < 300; i++) {
      const m = mutate(rng, cleanInput(rng, sources), sources);
      const errorsE: string[] = [];
      const errorsL: string[] = [];
      const eager = decodeAllRecords(m.input, { onError: (e) => errorsE.push(e.message) });
      const lazy = decodeAllRecords(m.input, {
        lazy: true,
        onError: (e) => errorsL.push(e.message),
      });
      expect(errorsL, `input ${i} (${m.how})`).toEqual(errorsE);
      lazyTokens += expectSame(lazy, eager, `input ${i} (${m.how})`);
    }
    expect(lazyTokens).toBeGreaterThan(1000);
  });

  it("copy: true keeps nothing of the input: every view a lazy token gives is of its record's copy", () => {
    const bytes = generateTrail({ seed: 5, bytes: 1 << 18 });
    const records = decodeAllRecords(bytes, { lazy: true, copy: true });
    let views = 0;
    for (const r of records) {
      for (const t of r.tokens) {
        for (const v of viewsOf(t)) {
          if (v.buffer === bytes.buffer || v.buffer.byteLength !== r.length) {
            expect.fail(`record at ${r.offset}: a ${t.type} view is not of the record's copy`);
          }
          views++;
        }
      }
    }
    expect(views).toBeGreaterThan(1000);
  });

  it("detachRecord gives plain tokens equal to eager ones", () => {
    const bytes = generateTrail({ seed: 9, bytes: 1 << 18 });
    const eager = decodeAllRecords(bytes);
    const lazy = decodeAllRecords(bytes, { lazy: true });
    for (let i = 0; i < eager.length; i += 7) {
      const d = detachRecord(lazy[i]);
      expect(d).toEqual(plainRecord(eager[i]));
      expect(d.header ?? d.file).toBe(d.tokens[0]);
      for (const t of d.tokens) expect(isLazy(t)).toBe(false);
      for (const t of d.tokens) for (const v of viewsOf(t)) expect(v.buffer).not.toBe(bytes.buffer);
    }
  });

  it("recordToJson gives the same JSON for lazy and eager records", () => {
    const bytes = generateTrail({ seed: 4, bytes: 1 << 18 });
    const eager = decodeAllRecords(bytes);
    const lazy = decodeAllRecords(bytes, { lazy: true });
    expect(lazy.length).toBe(eager.length);
    const differ = eager.filter(
      (r, i) => JSON.stringify(recordToJson(r), big) !== JSON.stringify(recordToJson(lazy[i]), big),
    );
    expect(differ.map((r) => r.offset)).toEqual([]);
  });

  describe("every decoding entry point takes lazy: true", () => {
    const bytes = generateTrail({ seed: 11, bytes: 1 << 18 });
    const eager = decodeAllRecords(bytes);
    const dir = mkdtempSync(join(tmpdir(), "bsm-lazy-"));
    const file = join(dir, "trail.bsm");
    writeFileSync(file, bytes);
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    /** Chunks of 4093 bytes: records split across chunks. */
    const chunks = () =>
      Readable.from(
        (function* () {
          for (let p = 0; p < bytes.length; p += 4093) yield bytes.subarray(p, p + 4093);
        })(),
      );
    const check = (records: BsmRecord[]) => {
      expect(records.length).toBe(eager.length);
      // Every token of a header record but the trailer (an object the
      // framer makes) is lazy; a file record's lone token is read eagerly.
      const eagerOnes = records.flatMap((r) =>
        r.kind === "file" ? [] : r.tokens.filter((t) => !isLazy(t) && t.type !== "trailer"),
      );
      expect(eagerOnes.map((t) => t.type)).toEqual([]);
      expectSame(records, eager);
    };

    it("decodeRecords", () => check([...decodeRecords(bytes, { lazy: true })]));
    it("decodeRecordBatches", () => check([...decodeRecordBatches(bytes, { lazy: true })].flat()));
    it("decodeRecordStream", async () => {
      const out: BsmRecord[] = [];
      for await (const r of decodeRecordStream(chunks(), { lazy: true })) out.push(r);
      check(out);
    });
    it("decodeRecordStreamBatches", async () => {
      const out: BsmRecord[] = [];
      for await (const b of decodeRecordStreamBatches(chunks(), { lazy: true })) out.push(...b);
      check(out);
    });
    it("readTrail", async () => {
      const out: BsmRecord[] = [];
      for await (const r of readTrail(file, { lazy: true })) out.push(r);
      check(out);
    });
    it("readTrailBatches", async () => {
      const out: BsmRecord[] = [];
      for await (const b of readTrailBatches(file, { lazy: true })) out.push(...b);
      check(out);
    });
    it("readTrails", async () => {
      const out: BsmRecord[] = [];
      for await (const r of readTrails([file], { lazy: true })) out.push(r);
      check(out);
    });
  });

  it("eager decoding is unchanged: tokens are plain objects with own fields", () => {
    const r = decodeAllRecords(generateTrail({ seed: 2, bytes: 1 << 16 }));
    expect(r.every((x) => x.tokens.every((t) => !isLazy(t) || t.type === "unknown"))).toBe(true);
  });
});

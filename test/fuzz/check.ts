/**
 * The invariants every input must satisfy, and the seeded fuzz loop.
 *
 * For any input:
 *
 * 1. Lenient decoding never throws.
 * 2. Strict decoding throws nothing but a `BsmError`, and it throws exactly
 *    when lenient decoding reports damage (an error other than
 *    `unknown-token`), with the kind and offset of the first such error.
 * 3. Nothing is lost silently: the records and the skipped regions of the
 *    errors (`[recordOffset, recordOffset + skipped)`) tile the input
 *    exactly, without gap or overlap; every error offset lies in the input.
 * 4. Streaming (`ChunkDecoder`, a seeded chunk size) gives the same records
 *    and errors as the whole buffer.
 * 5. Linear work: the decoder's steps (tokens read plus bytes looked at by
 *    resync scans, counted by wrapping `RecordDecoder`'s private `token` and
 *    `scan` methods; nothing in src changes) stay below `4 n + 256` for an
 *    n-byte input, and wall time below `100 ms + 2 µs n` (100x the normal
 *    speed; a generous bound that a quadratic input still breaks).
 *
 * 7. Every streaming and frame path (test/fuzz/paths.ts: praudit's frame
 *    printer and token printer, `selectRecordStreamBatches`, `reduceStream`),
 *    fed the input in chunks of a seeded size, gives its whole-buffer
 *    answer within the same time bound as whole-buffer decoding (plus
 *    twice what its whole-buffer twin took: printing, copying out), its
 *    stream copying at most `3 n + 4096` bytes (`ChunkDecoder`'s copies,
 *    counted by wrapping its private `extend`) and its decoder taking at
 *    most {@link streamStepBound} steps; reduce's output frames with no
 *    error.
 *
 * For a damaged copy of a clean input, also:
 *
 * 6. Every intact record comes out. The rule: let P be the longest common
 *    prefix and S the longest common suffix of the clean input A and the
 *    damaged input B (P + S <= min(|A|, |B|)); the damage is `[P, |A| - S)`
 *    of A, replaced by `[P, |B| - S)` of B. A record of A inside the prefix
 *    (ends at or before P) must come out at the same offset; a record inside
 *    the suffix (starts at or after |A| - S) must come out at its offset
 *    plus |B| - |A|; each with the same length, the same token types, and
 *    not marked damaged. Why these are reachable: decoding is sequential,
 *    and a record's decode reads only its own bytes, so the prefix decodes
 *    as before; after the damage, the resync scan tests every position and
 *    accepts a header whose trailer checks, which an intact record's does.
 *    The legitimate ways to miss a suffix record all have a record that
 *    starts in the damage claim its first bytes: spliced-in bytes framing a
 *    record of their own (a header whose count reaches a real trailer), or
 *    a damaged record whose last token, after bytes were deleted, runs over
 *    the next record's header (a deletion of 300 bytes leaves a process64
 *    token whose fields take the next header's first bytes). No reader can
 *    tell those from real records, so a record that starts before the end
 *    of the damage and covers the intact record's start exempts it (counted
 *    and printed as "exempted"). For one flipped byte, one truncation or
 *    one changed length field no such claim can arise (a frame needs a
 *    header and a trailer with the same count, and a single change inside
 *    one record leaves every other record's bytes and frame alone), so for
 *    them ("strong" mutations) no exemption is allowed.
 *
 * @module
 */

import { frameRecords } from "../../src/api/select";
import {
  type BsmError,
  BsmError as BsmErrorClass,
  type BsmRecord,
  decodeAllRecords,
} from "../../src/index";
import { ChunkDecoder } from "../../src/io/stream";
import { RecordDecoder } from "../../src/wire/framer";
import {
  cleanInput,
  corpusSources,
  hostile,
  type Mutated,
  mutate,
  Rng,
  type Source,
} from "./mutate";
import {
  copiedBytes,
  countCopies,
  resetCopied,
  STREAM_PATHS,
  streamed,
  wholeBuffer,
} from "./paths";

// ------------------------------------------------------------ step counter

/** Decoder steps since the last {@link resetSteps}. */
let steps = 0;
let instrumented = false;

/**
 * Wraps `RecordDecoder.prototype.token` (one step per token read) and
 * `scan` (one step per byte a resync scan looks at). Idempotent.
 */
export function instrument(): void {
  if (instrumented) return;
  instrumented = true;
  const proto = RecordDecoder.prototype as unknown as {
    token: (q: number, limit: number) => unknown;
    scan: (p: number, final: boolean) => number;
  };
  const token = proto.token;
  const scan = proto.scan;
  if (typeof token !== "function" || typeof scan !== "function") {
    throw new Error("RecordDecoder has no token/scan methods to count steps on");
  }
  proto.token = function (this: unknown, q: number, limit: number) {
    steps++;
    return token.call(this, q, limit);
  };
  proto.scan = function (this: { scanStop: number }, p: number, final: boolean) {
    const c = scan.call(this, p, final);
    steps += (c < 0 ? this.scanStop : c) - p + 1;
    return c;
  };
}

export function resetSteps(): void {
  steps = 0;
}

export function stepCount(): number {
  return steps;
}

/** Step bound for an n-byte input (invariant 5). */
export function stepBound(n: number): number {
  return 4 * n + 256;
}

/**
 * Step bound of a streamed path (invariant 7): the whole-buffer bound,
 * plus one resumed scan per chunk, plus a walk re-read each time it asks
 * for twice the input it had (at most the input again).
 */
export function streamStepBound(n: number, chunk: number): number {
  return 2 * stepBound(n) + Math.ceil(n / chunk) + 256;
}

/** Bytes a stream may copy for an n-byte input (invariant 7): each appended once, moved once. */
export function copyBound(n: number): number {
  return 3 * n + 4096;
}

/** Wall-time bound in ms for an n-byte input (invariant 5). */
export function timeBound(n: number): number {
  return 100 + 0.002 * n;
}

// --------------------------------------------------------------- the checks

/** A broken invariant. */
export interface Violation {
  rule: string;
  detail: string;
}

/** What the checks measured, for statistics. */
export interface Measure {
  steps: number;
  ms: number;
  records: number;
  errors: number;
  exempted: number;
}

interface Decoded {
  records: BsmRecord[];
  errors: BsmError[];
}

function errKey(e: BsmError): string {
  return `${e.kind}@${e.offset} rec ${e.recordOffset} tok ${e.tokenId} skip ${e.skipped}`;
}

function recKey(r: BsmRecord): string {
  return `${r.kind}@${r.offset}+${r.length}${r.damaged ? "!" : ""}:${r.tokens.map((t) => t.type).join(",")}`;
}

/** Decodes through a ChunkDecoder fed `chunk`-byte pieces. */
export function decodeChunked(b: Uint8Array, chunk: number): Decoded {
  const errors: BsmError[] = [];
  const records: BsmRecord[] = [];
  const cd = new ChunkDecoder({ onError: (e) => errors.push(e) });
  for (let i = 0; i < b.length; i += chunk) cd.push(b.subarray(i, i + chunk), records);
  cd.end(records);
  return { records, errors };
}

/**
 * Checks invariants 1-6 on `input` (a damaged copy of `clean` when `clean`
 * is given). Returns the violations (empty when all hold).
 */
export function check(
  input: Uint8Array,
  clean: { bytes: Uint8Array; records: BsmRecord[] } | null,
  strong: boolean,
  rng: Rng,
  measure?: Measure,
): Violation[] {
  const v: Violation[] = [];
  const n = input.length;

  // 1 + 5: lenient never throws, linear work.
  const errors: BsmError[] = [];
  let records: BsmRecord[];
  resetSteps();
  const t0 = performance.now();
  try {
    records = decodeAllRecords(input, { onError: (e) => errors.push(e) });
  } catch (e) {
    return [{ rule: "lenient never throws", detail: String((e as Error)?.stack ?? e) }];
  }
  let ms = performance.now() - t0;
  const s = stepCount();
  if (ms > timeBound(n)) {
    // Wall time is noisy (GC, a busy machine): time it once more before
    // calling it a violation; the step count above is exact.
    const t1 = performance.now();
    decodeAllRecords(input, { onError: () => {} });
    ms = Math.min(ms, performance.now() - t1);
  }
  if (instrumented && s > stepBound(n)) {
    v.push({ rule: "linear work", detail: `${s} steps for ${n} bytes (bound ${stepBound(n)})` });
  }
  if (ms > timeBound(n)) {
    v.push({ rule: "linear time", detail: `${ms.toFixed(1)} ms for ${n} bytes` });
  }

  // 2: strict throws only BsmError, exactly at the first damage.
  const firstDamage = errors.find((e) => e.kind !== "unknown-token");
  let thrown: unknown = null;
  try {
    decodeAllRecords(input, { strict: true });
  } catch (e) {
    thrown = e;
  }
  if (thrown !== null && !(thrown instanceof BsmErrorClass)) {
    v.push({ rule: "strict throws only BsmError", detail: String((thrown as Error)?.stack) });
  } else if (firstDamage === undefined && thrown !== null) {
    v.push({ rule: "strict throws iff damage", detail: `threw ${String(thrown)} on clean input` });
  } else if (firstDamage !== undefined && thrown === null) {
    v.push({
      rule: "strict throws iff damage",
      detail: `no throw; lenient saw ${errKey(firstDamage)}`,
    });
  } else if (firstDamage !== undefined && thrown instanceof BsmErrorClass) {
    if (thrown.kind !== firstDamage.kind || thrown.offset !== firstDamage.offset) {
      v.push({
        rule: "strict throws the first damage",
        detail: `threw ${errKey(thrown)}; lenient first ${errKey(firstDamage)}`,
      });
    }
  }

  // 3: records and skipped regions tile the input.
  const spans: [number, number, string][] = [];
  for (const r of records) spans.push([r.offset, r.offset + r.length, `record ${recKey(r)}`]);
  for (const e of errors) {
    if (!(e instanceof BsmErrorClass)) v.push({ rule: "errors are BsmError", detail: String(e) });
    if (e.offset < 0 || e.offset > n || e.recordOffset < 0 || e.recordOffset > e.offset) {
      v.push({ rule: "error offsets in range", detail: errKey(e) });
    }
    if (e.skipped > 0)
      spans.push([e.recordOffset, e.recordOffset + e.skipped, `skip ${errKey(e)}`]);
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [a, b, what] of spans) {
    if (a !== at) {
      v.push({
        rule: "records and skips tile the input",
        detail: `${a > at ? "gap" : "overlap"} at ${at}: ${what}`,
      });
      break;
    }
    at = b;
  }
  if (at !== n && v.every((x) => x.rule !== "records and skips tile the input")) {
    v.push({ rule: "records and skips tile the input", detail: `covered to ${at} of ${n}` });
  }

  // 4: streaming agrees.
  const chunk = rng.pick([1, 2, 7, 64, 1000, 4096]);
  const st = decodeChunked(input, chunk);
  const a1 = records.map(recKey).join(" ");
  const a2 = st.records.map(recKey).join(" ");
  const e1 = errors.map(errKey).join(" ");
  const e2 = st.errors.map(errKey).join(" ");
  if (a1 !== a2 || e1 !== e2) {
    v.push({
      rule: "stream equals buffer",
      detail: `chunk ${chunk}: records ${a1 === a2 ? "same" : `${a2} vs ${a1}`}; errors ${e1 === e2 ? "same" : `${e2} vs ${e1}`}`,
    });
  }

  // 6: intact records come out.
  let exempted = 0;
  if (clean !== null) {
    const A = clean.bytes;
    const la = A.length;
    let P = 0;
    const m = Math.min(la, n);
    while (P < m && A[P] === input[P]) P++;
    let S = 0;
    while (S < m - P && A[la - 1 - S] === input[n - 1 - S]) S++;
    const hullEnd = n - S; // end of the damage in the input
    const byOffset = new Map<number, BsmRecord>();
    for (const r of records) byOffset.set(r.offset, r);
    const shift = n - la;
    for (const r of clean.records) {
      let off: number;
      if (r.offset + r.length <= P) off = r.offset;
      else if (r.offset >= la - S) off = r.offset + shift;
      else continue;
      const got = byOffset.get(off);
      const want = `${r.kind}@${off}+${r.length}:${r.tokens.map((t) => t.type).join(",")}`;
      if (got !== undefined && recKey(got) === want) continue;
      const cover = records.find(
        (x) => x.offset < off && off < x.offset + x.length && x.offset < hullEnd,
      );
      if (cover !== undefined && !strong && off >= P) {
        exempted++;
        continue;
      }
      v.push({
        rule: "intact records come out",
        detail: `${want} (damage [${P}, ${hullEnd}) of the input): got ${got === undefined ? "nothing" : recKey(got)}${cover ? `; covered by ${recKey(cover)}` : ""}`,
      });
    }
  }

  if (measure !== undefined) {
    measure.steps = s;
    measure.ms = ms;
    measure.records = records.length;
    measure.errors = errors.length;
    measure.exempted = exempted;
  }
  return v;
}

/**
 * Checks invariant 7 on `input`: every streamed path against its
 * whole-buffer twin, in chunks of a seeded size. Returns the violations.
 */
export async function checkPaths(input: Uint8Array, rng: Rng): Promise<Violation[]> {
  countCopies();
  const v: Violation[] = [];
  const n = input.length;
  // Chunks under 64 bytes only on small inputs: the cost of a chunk
  // (an await, a decoder call) is then most of the time bound.
  const sizes = n > 4096 ? [64, 1000, 4096, 65536] : [1, 7, 64, 1000, 4096];
  const chunk = rng.pick(sizes);
  for (const path of STREAM_PATHS) {
    const t0 = performance.now();
    const want = wholeBuffer(path, input);
    // The bound: whole-buffer decoding's, plus twice the whole-buffer twin's
    // own time (printing, copying out): a stall costs hundreds of times more.
    const bound = timeBound(n) + 2 * (performance.now() - t0);
    const run = async () => {
      resetCopied();
      resetSteps();
      const t = performance.now();
      const got = await streamed(path, input, chunk);
      return { got, ms: performance.now() - t, copied: copiedBytes(), steps: stepCount() };
    };
    let r: Awaited<ReturnType<typeof run>>;
    try {
      r = await run();
    } catch (e) {
      v.push({ rule: "streams never throw", detail: `${path}: ${(e as Error)?.stack ?? e}` });
      continue;
    }
    // Wall time is noisy: time it once more before calling it a violation.
    if (r.ms > bound) r.ms = Math.min(r.ms, (await run()).ms);
    const where = `${path}, ${chunk}-byte chunks`;
    if (r.ms > bound) {
      v.push({
        rule: "linear time (streams)",
        detail: `${where}: ${r.ms.toFixed(1)} ms for ${n} bytes (bound ${bound.toFixed(1)})`,
      });
    }
    if (r.copied > copyBound(n)) {
      v.push({ rule: "linear copying", detail: `${where}: ${r.copied} bytes copied for ${n}` });
    }
    if (instrumented && r.steps > streamStepBound(n, chunk)) {
      v.push({
        rule: "linear work (streams)",
        detail: `${where}: ${r.steps} steps for ${n} bytes (bound ${streamStepBound(n, chunk)})`,
      });
    }
    if (r.got.out !== want.out || r.got.errors.join(" ") !== want.errors.join(" ")) {
      v.push({
        rule: "stream path equals buffer",
        detail: `${where}: output ${r.got.out === want.out ? "same" : "differs"}; errors ${r.got.errors.join(" ")} vs ${want.errors.join(" ")}`,
      });
    }
    if (path === "reduce stream") {
      const errors: string[] = [];
      const out = Buffer.from(r.got.out, "hex");
      for (const f of frameRecords(out, { onError: (e) => errors.push(e.message) })) {
        if (f.damaged) errors.push(`damaged frame at ${f.offset}`);
      }
      if (errors.length > 0) {
        v.push({ rule: "reduce output frames", detail: `${where}: ${errors.join("; ")}` });
      }
    }
  }
  return v;
}

// ------------------------------------------------------------ the fuzz loop

/** One fuzz input, rebuilt from (seed, index). */
export interface FuzzCase {
  index: number;
  kind: "mutated" | "hostile" | "random";
  how: string;
  input: Uint8Array;
  clean: Source | { bytes: Uint8Array; records: BsmRecord[] } | null;
  strong: boolean;
}

/** Per-input seed: input `i` of run `seed` is reproducible alone. */
export function caseSeed(seed: number, i: number): number {
  let h = (seed ^ Math.imul(i + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** Builds input `i` of run `seed`. */
export function makeCase(seed: number, i: number, sources: readonly Source[]): FuzzCase {
  const rng = new Rng(caseSeed(seed, i));
  const k = rng.int(100);
  if (k < 8) {
    const h = hostile(rng);
    return { index: i, kind: "hostile", how: h.how, input: h.input, clean: null, strong: false };
  }
  if (k < 12) {
    const len = rng.pick([0, 1, 5, 25, 300, 5000]);
    return {
      index: i,
      kind: "random",
      how: `${len} random bytes`,
      input: rng.bytes(len),
      clean: null,
      strong: false,
    };
  }
  const bytes = cleanInput(rng, sources);
  const clean = { bytes, records: decodeAllRecords(bytes) };
  const m: Mutated = mutate(rng, bytes, sources);
  return { index: i, kind: "mutated", how: m.how, input: m.input, clean, strong: m.strong };
}

/** A failed input. */
export interface FuzzFailure {
  seed: number;
  index: number;
  how: string;
  violations: Violation[];
}

/** Totals of a fuzz run. */
export interface FuzzStats {
  seed: number;
  inputs: number;
  bytes: number;
  byKind: Record<string, number>;
  exempted: number;
  maxStepsPerByte: number;
  maxMs: number;
  failures: FuzzFailure[];
}

/**
 * Runs seeded inputs until `seconds` pass or `maxInputs` are tried; stops at
 * `maxFailures` failures.
 */
export async function fuzz(opts: {
  seed: number;
  seconds: number;
  maxInputs?: number;
  maxFailures?: number;
  first?: number;
}): Promise<FuzzStats> {
  instrument();
  const sources = corpusSources();
  const stats: FuzzStats = {
    seed: opts.seed,
    inputs: 0,
    bytes: 0,
    byKind: {},
    exempted: 0,
    maxStepsPerByte: 0,
    maxMs: 0,
    failures: [],
  };
  // Warm every path up (code compiled, tables loaded) before any is timed.
  await checkPaths(cleanInput(new Rng(opts.seed), sources), new Rng(opts.seed));
  const deadline = performance.now() + opts.seconds * 1000;
  const maxInputs = opts.maxInputs ?? Number.POSITIVE_INFINITY;
  const maxFailures = opts.maxFailures ?? 10;
  for (let i = opts.first ?? 0; stats.inputs < maxInputs; i++) {
    if ((stats.inputs & 7) === 0 && performance.now() > deadline) break;
    const c = makeCase(opts.seed, i, sources);
    const measure: Measure = { steps: 0, ms: 0, records: 0, errors: 0, exempted: 0 };
    const rng = new Rng(caseSeed(opts.seed, i) ^ 1);
    const violations = check(c.input, c.clean, c.strong, rng, measure);
    violations.push(...(await checkPaths(c.input, rng)));
    stats.inputs++;
    stats.bytes += c.input.length;
    stats.byKind[c.kind] = (stats.byKind[c.kind] ?? 0) + 1;
    stats.exempted += measure.exempted;
    if (c.input.length > 1000) {
      stats.maxStepsPerByte = Math.max(stats.maxStepsPerByte, measure.steps / c.input.length);
    }
    stats.maxMs = Math.max(stats.maxMs, measure.ms);
    if (violations.length > 0) {
      stats.failures.push({ seed: opts.seed, index: i, how: c.how, violations });
      if (stats.failures.length >= maxFailures) break;
    }
  }
  return stats;
}

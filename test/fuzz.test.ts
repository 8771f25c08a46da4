/**
 * The damage fuzzer in CI: a bounded seeded run (test/fuzz/check.ts states
 * the invariants), fast-check properties, hostile inputs at growing sizes,
 * and the memory bound of a stream (`maxRecordBytes`).
 *
 * Longer runs: `npm run fuzz -- --seconds 600`.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type BsmError, type BsmRecord, decodeAllRecords, RecordTooLargeError } from "../src/index";
import { ChunkDecoder } from "../src/io/stream";
import { DEFAULT_DECODE_OPTIONS } from "../src/wire/decode-options";
import {
  check,
  decodeChunked,
  fuzz,
  instrument,
  resetSteps,
  stepBound,
  stepCount,
} from "./fuzz/check";
import { corpusSources, HOSTILE, header32, Rng, smallRecord } from "./fuzz/mutate";

/** CI budget for the seeded run. The whole file stays well under 60 s. */
const SECONDS = Number(process.env.FUZZ_SECONDS ?? 30);

describe("seeded fuzz run", () => {
  it(`holds every invariant for ${SECONDS} s of seeded inputs`, async () => {
    const stats = await fuzz({ seed: 0x5eed, seconds: SECONDS, maxFailures: 5 });
    console.log(
      `fuzz: ${stats.inputs} inputs (${JSON.stringify(stats.byKind)}), ` +
        `${(stats.bytes / 1e6).toFixed(1)} MB, ${stats.exempted} exempted, ` +
        `max ${stats.maxStepsPerByte.toFixed(2)} steps/byte, slowest ${stats.maxMs.toFixed(1)} ms`,
    );
    const failures = stats.failures.map(
      (f) =>
        `seed ${f.seed} input ${f.index} (${f.how}): ${f.violations.map((v) => `${v.rule}: ${v.detail}`).join("; ")}` +
        ` -- npm run fuzz -- --seed ${f.seed} --repro ${f.index}`,
    );
    expect(failures).toEqual([]);
    // Each input also goes through the four streamed paths (invariant 7).
    expect(stats.inputs).toBeGreaterThan(200);
  }, 120_000);
});

describe("fast-check", () => {
  instrument();
  const sources = corpusSources();

  it("arbitrary bytes: lenient never throws, strict only BsmError, nothing lost silently", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), fc.integer(), (b, s) => {
        expect(check(b, null, false, new Rng(s))).toEqual([]);
      }),
      { numRuns: 200, seed: 20240301 },
    );
  });

  it("bytes made of header, trailer and file ids: the resync's candidates", () => {
    const ids = fc.constantFrom(0x14, 0x15, 0x74, 0x79, 0x13, 0x11, 0xb1, 0x05, 0x00, 0x28);
    fc.assert(
      fc.property(fc.array(ids, { maxLength: 2000 }), fc.integer(), (a, s) => {
        expect(check(Uint8Array.from(a), null, false, new Rng(s))).toEqual([]);
      }),
      { numRuns: 150, seed: 7 },
    );
  });

  it("one flipped byte in a corpus window: every other record comes out", () => {
    fc.assert(
      fc.property(
        fc.nat(sources.length - 1),
        fc.nat(),
        fc.integer({ min: 1, max: 40 }),
        fc.nat(),
        fc.nat(255),
        (si, start, count, pos, byte) => {
          const s = sources[si];
          const i = start % s.records.length;
          const j = Math.min(s.records.length, i + count) - 1;
          const bytes = s.bytes.subarray(
            s.records[i].offset,
            s.records[j].offset + s.records[j].length,
          );
          const clean = { bytes, records: decodeAllRecords(bytes) };
          const bad = bytes.slice();
          bad[pos % bad.length] = byte;
          expect(check(bad, clean, true, new Rng(pos))).toEqual([]);
        },
      ),
      { numRuns: 200, seed: 42 },
    );
  });
});

describe("hostile inputs take linear work", () => {
  instrument();
  for (const [name, make] of Object.entries(HOSTILE)) {
    it(name, () => {
      const ms: number[] = [];
      for (const n of [1 << 12, 1 << 16, 1 << 19]) {
        const b = make(n);
        resetSteps();
        const t = performance.now();
        decodeAllRecords(b, { onError: () => {} });
        ms.push(performance.now() - t);
        // The deterministic guard: work counted in steps, linear in the input.
        expect(stepCount(), `${name} ${b.length} bytes`).toBeLessThanOrEqual(stepBound(b.length));
      }
      // And a ratio, not a wall-clock bound (a loaded host slows both runs):
      // 8x the bytes takes about 8x the time when linear, 64x when quadratic.
      // The 50 ms slack covers a collection or a context switch in the short run.
      expect(ms[2], `${name}: ${ms.map((m) => m.toFixed(1)).join(" / ")} ms`).toBeLessThan(
        24 * ms[1] + 50,
      );
    });
  }

  it("streamed one byte at a time, too", () => {
    for (const [name, make] of Object.entries(HOSTILE)) {
      const b = make(1 << 14);
      const t = performance.now();
      const whole: BsmError[] = [];
      decodeAllRecords(b, { onError: (e) => whole.push(e) });
      const st = decodeChunked(b, 1);
      expect(st.errors.length, name).toBe(whole.length);
      expect(performance.now() - t, name).toBeLessThan(2000);
    }
  });
});

/** The ChunkDecoder's internal buffer: what it holds and has not consumed. */
function buffered(cd: ChunkDecoder): number {
  return cd.buffered;
}

/**
 * A header claiming `claim` bytes followed by `n` bytes of valid tokens (text
 * tokens), so that a walk looking for its trailer keeps going, then records.
 */
function hugeClaim(claim: number, n: number): Uint8Array {
  const a = header32(claim);
  const text = [0x28, 0x00, 0xfd, ...new Array(0xfd).fill(0x41)];
  const parts: number[][] = [a];
  let len = a.length;
  while (len < n) {
    parts.push(text);
    len += text.length;
  }
  for (let i = 0; i < 10; i++) parts.push(smallRecord());
  return Uint8Array.from(parts.flat());
}

describe("memory is bounded by maxRecordBytes", () => {
  it("default is 1 MiB (the kernel's records are at most 32 KiB; userland writers go beyond)", () => {
    expect(DEFAULT_DECODE_OPTIONS.maxRecordBytes).toBe(1 << 20);
  });

  for (const max of [1 << 20, 64 * 1024]) {
    it(`a stream fed a header claiming 100 MB buffers at most about maxRecordBytes (${max})`, () => {
      const b = hugeClaim(100_000_000, 3 * max);
      const errors: BsmError[] = [];
      const out: BsmRecord[] = [];
      const cd = new ChunkDecoder({ maxRecordBytes: max, onError: (e) => errors.push(e) });
      const chunk = 4096;
      let peak = 0;
      for (let i = 0; i < b.length; i += chunk) {
        cd.push(b.subarray(i, i + chunk), out);
        peak = Math.max(peak, buffered(cd));
      }
      cd.end(out);
      console.log(`maxRecordBytes ${max}: peak buffered ${peak} bytes of ${b.length}`);
      // The walk asks for twice what it has, up to maxRecordBytes past the
      // header, so the buffer stays below maxRecordBytes plus a chunk or two.
      expect(peak).toBeLessThanOrEqual(max + 2 * chunk);
      expect(peak).toBeGreaterThan(max / 2);
      // The claim is reported once, the region it cost skipped, and the
      // records after it come out.
      expect(errors[0]).toBeInstanceOf(RecordTooLargeError);
      expect(errors[0].recordOffset).toBe(0);
      expect(out.length).toBe(10);
      expect(errors.length).toBe(1);
      expect(errors[0].skipped).toBe(b.length - 10 * 31);
    });
  }

  it("strict mode throws the too-large record, having buffered at most about maxRecordBytes", () => {
    const max = 64 * 1024;
    const b = hugeClaim(100_000_000, 3 * max);
    const cd = new ChunkDecoder({ maxRecordBytes: max, strict: true });
    const out: BsmRecord[] = [];
    let thrown: unknown = null;
    let peak = 0;
    try {
      for (let i = 0; i < b.length; i += 4096) {
        cd.push(b.subarray(i, i + 4096), out);
        peak = Math.max(peak, buffered(cd));
      }
      cd.end(out);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(RecordTooLargeError);
    expect((thrown as BsmError).recordOffset).toBe(0);
    expect(peak).toBeLessThanOrEqual(max + 2 * 4096);
  });

  it("whole-buffer decoding of the same input reports the same", () => {
    const b = hugeClaim(100_000_000, 3 * 65536);
    const errors: BsmError[] = [];
    const recs = decodeAllRecords(b, { maxRecordBytes: 65536, onError: (e) => errors.push(e) });
    expect(recs.length).toBe(10);
    expect(errors.map((e) => e.kind)).toEqual(["record-too-large"]);
  });
});

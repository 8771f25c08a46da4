/**
 * No input stalls a streaming or frame path (issue 9, point 6). The
 * crafted inputs of the issue: `0x14` followed by a 32-bit byte count of
 * 1 MiB, repeated (every 5 bytes a resync candidate whose record would end
 * 1 MiB on), and bytes all `0x14` (every byte a candidate with an
 * impossible count). Streamed, they took 43 s and more (4 MB) in praudit's
 * text modes against 0.1 s for `-x`: the stream copied about the claimed
 * size per candidate, or fell back to 5-byte joins for the rest of the
 * input. Each path is timed against whole-buffer decoding of the same
 * input (a ratio, not an absolute time), counts the bytes its stream
 * copies, and gives the whole-buffer answer at every chunk size.
 */

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { generateTrail } from "../src/testing/generator";
import {
  copiedBytes,
  countCopies,
  resetCopied,
  STREAM_PATHS,
  streamed,
  wholeBuffer,
} from "./fuzz/paths";
import { cli } from "./run-cli";

/** `0x14` and a big-endian byte count `claim`, repeated to `n` bytes. */
function claims(n: number, claim: number): Uint8Array {
  const b = new Uint8Array(n);
  const v = new DataView(b.buffer);
  for (let i = 0; i + 5 <= n; i += 5) {
    b[i] = 0x14;
    v.setUint32(i + 1, claim);
  }
  return b;
}

const MiB = 1 << 20;

/** The inputs, 4 MB each. */
const CRAFTED: readonly [string, () => Uint8Array][] = [
  ["0x14 + 1 MiB claims", () => claims(4 * MiB, MiB)],
  ["all 0x14", () => new Uint8Array(4 * MiB).fill(0x14)],
  ["0x14 + claims just under the end", () => claims(4 * MiB, MiB - 5)],
];

/** Best of `runs` wall times, in ms. */
async function best(runs: number, f: () => Promise<unknown> | unknown): Promise<number> {
  let t = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const s = performance.now();
    await f();
    t = Math.min(t, performance.now() - s);
  }
  return t;
}

/**
 * Streaming may cost this many times whole-buffer decoding: it frames the
 * same bytes once, plus at most one copy of each (the counter below). 10x
 * leaves room for a busy machine; the stall was 400x and more.
 */
const FACTOR = 10;

describe("the crafted inputs through every path: within a small factor of whole-buffer decoding", () => {
  countCopies();
  for (const [name, make] of CRAFTED) {
    it(name, async () => {
      const bytes = make();
      const whole = await best(2, () => decodeAllRecords(bytes, { onError: () => {} }));
      for (const path of STREAM_PATHS) {
        for (const chunk of [4096, 65536, 256 * 1024]) {
          resetCopied();
          let errors = 0;
          const t = await best(2, async () => {
            errors = (await streamed(path, bytes, chunk)).errors.length;
          });
          const what = `${path}, ${chunk}-byte chunks: ${t.toFixed(0)} ms against ${whole.toFixed(0)} ms`;
          expect(errors, what).toBeGreaterThan(0);
          expect(t, what).toBeLessThan(FACTOR * Math.max(whole, 25));
          // Each byte copied at most about twice (appended once, moved once
          // with the rest), for both runs.
          expect(copiedBytes(), what).toBeLessThanOrEqual(2 * (3 * bytes.length + MiB));
        }
      }
    }, 120_000);
  }
});

/** A generated trail, the crafted claims (`claim` bytes each) over `n` bytes, and another trail. */
function mixed(n: number, claim: number, seed: number): Uint8Array {
  return new Uint8Array(
    Buffer.concat([
      generateTrail({ seed, records: 40 }),
      claims(n, claim),
      generateTrail({ seed: seed + 1, records: 40 }),
    ]),
  );
}

describe("the same answer whatever the chunking", () => {
  countCopies();
  const inputs: [string, Uint8Array][] = [
    ["trail, 20 KB of 3000-byte claims, trail", mixed(20_000, 3000, 1)],
    [
      "trail, 20 KB of 0x14, trail",
      new Uint8Array(
        Buffer.concat([
          generateTrail({ seed: 3, records: 40 }),
          new Uint8Array(20_000).fill(0x14),
          generateTrail({ seed: 4, records: 40 }),
        ]),
      ),
    ],
    ["trail, 9 KB of claims of the rest's length, trail", mixed(9_000, 9_000 + 40, 5)],
  ];
  for (const [name, bytes] of inputs) {
    for (const path of STREAM_PATHS) {
      it(`${path}: ${name}, chunks of 1, 7, 64, 1000, 4096, 65536 bytes`, async () => {
        const want = wholeBuffer(path, bytes);
        expect(want.errors.length).toBeGreaterThan(0);
        expect(want.out.length).toBeGreaterThan(0);
        for (const chunk of [1, 7, 64, 1000, 4096, 65536]) {
          resetCopied();
          const got = await streamed(path, bytes, chunk);
          expect(got.errors, `chunk ${chunk}`).toEqual(want.errors);
          expect(got.out === want.out, `chunk ${chunk}: output differs`).toBe(true);
          expect(copiedBytes(), `chunk ${chunk}`).toBeLessThanOrEqual(3 * bytes.length + 4096);
        }
      }, 60_000);
    }
  }
});

describe("bsm-trail on the crafted inputs: text modes and reduce within a small factor of -x", () => {
  const dir = mkdtempSync(join(tmpdir(), "bsm-stall-"));
  for (const [name, make] of CRAFTED.slice(0, 2)) {
    it(name, async () => {
      const path = join(dir, "crafted.bsm");
      writeFileSync(path, make());
      const x = await best(1, () => cli(["praudit", "-x", path]));
      for (const args of [["praudit", "-l"], ["praudit"], ["praudit", "-s"], ["reduce"]]) {
        let status: number | null = null;
        const t = await best(1, () => {
          status = cli([...args, path]).status;
        });
        const what = `${args.join(" ")}: ${t.toFixed(0)} ms against -x ${x.toFixed(0)} ms`;
        expect(status, what).toBe(1); // damage reported
        // Both pay the same process start; the stall was 100x and more.
        expect(t, what).toBeLessThan(4 * x);
      }
    }, 120_000);
  }
});

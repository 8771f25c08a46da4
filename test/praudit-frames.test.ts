/**
 * Printing from record frames (the CLI's path, src/praudit/frames.ts)
 * against printing decoded records: the same bytes and the same errors for
 * every corpus trail, every damaged trail, the project's fixtures and
 * thousands of mutated inputs, whole and in chunks.
 */

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { FramePrinter } from "../src/print/frame-printer";
import { PrauditPrinter } from "../src/print/praudit";
import type { PrauditOptions } from "../src/print/praudit-options";
import { PrintBuffer } from "../src/print/print-buffer";
import type { BsmError } from "../src/wire/errors";
import { badTrails, corpusPath, corpusTrails } from "./corpus";
import { cleanInput, corpusSources, mutate, Rng } from "./fuzz/mutate";

const summary = (e: BsmError) =>
  `${e.kind} @${e.offset} rec ${e.recordOffset} tok ${e.tokenId} skip ${e.skipped}`;

/** Text modes where the printer prints frames (not -r, not -x). */
const MODES: readonly Partial<PrauditOptions>[] = [
  { oneLine: true },
  {},
  { short: true, numeric: true },
  { delimiter: ";", oneLine: true },
];

interface Printed {
  text: string;
  errors: string[];
}

function byRecords(bytes: Uint8Array, o: Partial<PrauditOptions>): Printed {
  const errors: string[] = [];
  const records = decodeAllRecords(bytes, {
    encoding: "latin1",
    onError: (e) => errors.push(summary(e)),
  });
  const p = new PrauditPrinter(o);
  const w = new PrintBuffer();
  for (const r of records) p.writeRecord(r, w);
  return { text: w.take(), errors };
}

function byFrames(bytes: Uint8Array, o: Partial<PrauditOptions>): Printed {
  const errors: string[] = [];
  const p = new PrauditPrinter(o);
  expect(p.printsFrames).toBe(true);
  const fp = new FramePrinter(p, { encoding: "latin1", onError: (e) => errors.push(summary(e)) });
  const w = new PrintBuffer();
  for (const batch of fp.batchesOf(bytes)) fp.write(batch, w);
  return { text: w.take(), errors };
}

async function byFrameStream(
  bytes: Uint8Array,
  chunk: number,
  o: Partial<PrauditOptions>,
): Promise<Printed> {
  const errors: string[] = [];
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.slice(i, i + chunk));
  const fp = new FramePrinter(new PrauditPrinter(o), {
    encoding: "latin1",
    onError: (e) => errors.push(summary(e)),
  });
  const w = new PrintBuffer();
  // Print each batch before the next chunk is read, as the CLI does.
  for await (const batch of fp.batches(chunks)) fp.write(batch, w);
  return { text: w.take(), errors };
}

function fixtures(): string[] {
  const dir = join(__dirname, "..", "fixtures");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".bsm"))
    .map((f) => join(dir, f));
}

describe("printing from frames = printing decoded records", () => {
  const files = [
    ...corpusTrails().map((t) => corpusPath(t)),
    ...badTrails().map((t) => corpusPath(t)),
    ...fixtures(),
  ];

  it("finds the trails", () => {
    expect(files.length).toBeGreaterThan(60);
  });

  it("prints the same bytes and reports the same errors for every trail, in every text mode", () => {
    let fast = 0;
    for (const f of files) {
      const bytes = new Uint8Array(readFileSync(f));
      for (const o of MODES) {
        const want = byRecords(bytes, o);
        const got = byFrames(bytes, o);
        expect(got.text, `${f} ${JSON.stringify(o)}`).toBe(want.text);
        expect(got.errors, `${f} ${JSON.stringify(o)}`).toEqual(want.errors);
      }
      // Count records the byte path printed by itself (not decoded).
      const p = new PrauditPrinter({ oneLine: true });
      const w = new PrintBuffer();
      for (const batch of new FramePrinter(p).batchesOf(bytes)) {
        for (const r of batch) if (!("tokens" in r) && p.writeFrame(r, w)) fast++;
      }
    }
    // The byte path must actually be taken, not only the fallback.
    expect(fast).toBeGreaterThan(5000);
  });

  it("is the same in chunks of 1, 7 and 4096 bytes (damaged trails included)", async () => {
    const some = [...badTrails().map((t) => corpusPath(t)), corpusPath("trails/mix-small.bsm")];
    for (const f of some) {
      const bytes = new Uint8Array(readFileSync(f));
      const want = byRecords(bytes, { oneLine: true });
      for (const chunk of bytes.length < 40000 ? [1, 7, 4096] : [7, 4096]) {
        const got = await byFrameStream(bytes, chunk, { oneLine: true });
        expect(got.text, `${f} chunk ${chunk}`).toBe(want.text);
        expect(got.errors, `${f} chunk ${chunk}`).toEqual(want.errors);
      }
    }
  });

  it("is the same on 1,000 mutated inputs (flips, cuts, splices, length fields)", () => {
    const rng = new Rng(20261121);
    const sources = corpusSources();
    let damaged = 0;
    for (let i = 0; i < 1000; i++) {
      const m = mutate(rng, cleanInput(rng, sources), sources);
      const o = MODES[i % MODES.length];
      const want = byRecords(m.input, o);
      const got = byFrames(m.input, o);
      if (want.errors.length > 0) damaged++;
      expect(got.text, m.how).toBe(want.text);
      expect(got.errors, m.how).toEqual(want.errors);
    }
    expect(damaged).toBeGreaterThan(300);
  });
});

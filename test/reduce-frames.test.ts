/**
 * reduce never writes what a reader cannot frame (issue 9, point 5): a
 * record whose header byte count and trailer disagree is reported and left
 * out, so the output of reduce on any damaged trail frames cleanly, and
 * every intact record that the filters select is still written.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { type ReduceSelection, reduceRecords, reduceStream } from "../src/api/reduce";
import { frameRecords, selectRecords } from "../src/api/select";
import { generateTrail } from "../src/testing/generator";
import type { BsmError } from "../src/wire/errors";
import type { RecordFrame } from "../src/wire/record";
import { badTrails, corpusPath } from "./corpus";
import { corpusSources, mutate, Rng } from "./fuzz/mutate";
import { cli } from "./run-cli";

const EVENTS = ["AUE_EXECVE", "AUE_OPEN_R", "AUE_CLOSE", "AUE_READ"];

/** reduceStream over `bytes` in `chunk`-byte pieces; the bytes written and the errors. */
async function reduceBytes(
  bytes: Uint8Array,
  selection: Partial<ReduceSelection>,
  chunk: number,
  fileName = "damaged.bsm",
): Promise<{ out: Buffer; errors: BsmError[] }> {
  const parts: Buffer[] = [];
  const sink = new Writable({
    write(c: Buffer, _enc, cb) {
      parts.push(Buffer.from(c)); // the reducer reuses its buffer
      cb();
    },
  });
  const errors: BsmError[] = [];
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.subarray(i, i + chunk));
  await reduceStream(chunks, selection, sink, {
    fileName,
    onError: (e) => errors.push(e),
    readBytes: 4096,
  });
  return { out: Buffer.concat(parts), errors };
}

/** Frames of `b` and the errors framing reports. */
function reframe(b: Uint8Array): { frames: RecordFrame[]; errors: BsmError[] } {
  const errors: BsmError[] = [];
  const frames = [...frameRecords(b, { onError: (e) => errors.push(e) })];
  return { frames, errors };
}

/** Bytes of the frames, joined. */
function joined(frames: readonly RecordFrame[]): Buffer {
  return Buffer.concat(frames.map((f) => f.bytes));
}

/**
 * What header-only reduce must write: the frames of the input that frame
 * cleanly (not `damaged`) and that the selection keeps, found by the
 * selection API (another loop over the same framer).
 */
function expected(input: Uint8Array, selection: Partial<ReduceSelection>): Buffer {
  if (selection.events !== undefined) {
    const events = selection.events;
    return joined(
      [...selectRecords(input, { events }, { onError: () => {} })].filter((f) => !f.damaged),
    );
  }
  const all = [...frameRecords(input, { onError: () => {} })].filter((f) => !f.damaged);
  return joined(selection.all ? all.filter((f) => f.kind === "header") : all);
}

/** Every damaged input: the corpus's bad/ trails, then generated trails damaged by the fuzzer's mutations. */
function damagedInputs(): [string, Uint8Array][] {
  const inputs: [string, Uint8Array][] = badTrails().map((rel) => [
    rel,
    new Uint8Array(readFileSync(corpusPath(rel))),
  ]);
  const sources = corpusSources();
  for (let seed = 1; seed <= 40; seed++) {
    const rng = new Rng(seed);
    const trail = generateTrail({ seed, records: 60 });
    const m = mutate(rng, trail, sources);
    inputs.push([`generated seed ${seed}: ${m.how}`, m.input]);
  }
  return inputs;
}

/** A generated trail with the byte count of its `k`-th header set to `count`. */
function withHeaderCount(k: number, count: number): { bytes: Uint8Array; at: RecordFrame } {
  const bytes = generateTrail({ seed: 9, records: 30 }).slice();
  const at = [...frameRecords(bytes)].filter((f) => f.kind === "header")[k];
  new DataView(bytes.buffer).setUint32(at.offset + 1, count);
  return { bytes, at };
}

describe("reduce's output frames cleanly, whatever the damage", () => {
  const inputs = damagedInputs();
  const selections: Partial<ReduceSelection>[] = [
    {},
    { events: EVENTS },
    { all: true },
    { euid: 0 },
    { events: EVENTS, invert: true },
  ];

  it("re-framed by our own framer with zero errors; every selected intact record kept", async () => {
    let leftOut = 0;
    let damagedSeen = 0;
    for (const [name, input] of inputs) {
      for (const sel of selections) {
        for (const chunk of [7, 4096]) {
          const what = `${name} ${JSON.stringify(sel)} chunk ${chunk}`;
          const { out, errors } = await reduceBytes(input, sel, chunk);
          const re = reframe(out);
          expect(
            re.errors.map((e) => e.message),
            what,
          ).toEqual([]);
          expect(
            re.frames.every((f) => !f.damaged),
            what,
          ).toBe(true);
          expect(
            re.frames.reduce((n, f) => n + f.length, 0),
            what,
          ).toBe(out.length);
          if (sel.euid === undefined && sel.invert === undefined) {
            expect(out.equals(expected(input, sel)), what).toBe(true);
          }
          for (const e of errors) {
            expect(e.file, what).toBe("damaged.bsm");
            if (/left out/.test(e.message)) leftOut++;
          }
        }
      }
      if ([...frameRecords(input, { onError: () => {} })].some((f) => f.damaged)) damagedSeen++;
    }
    // The inputs do hold records that do not frame, and some were selected.
    expect(damagedSeen).toBeGreaterThan(5);
    expect(leftOut).toBeGreaterThan(10);
  }, 120_000);

  it("reduceRecords (in memory) leaves out the same records", () => {
    for (const [name, input] of inputs) {
      const frames = [...reduceRecords(input, { events: EVENTS }, { onError: () => {} })];
      expect(
        frames.every((f) => !f.damaged),
        name,
      ).toBe(true);
      expect(joined(frames).equals(expected(input, { events: EVENTS })), name).toBe(true);
    }
  });
});

describe("a record whose header byte count is wrong", () => {
  for (const [what, count] of [
    ["0xffffffff (a crash's)", 0xffffffff],
    ["too small by one", -1],
    ["too large by 9", 9],
  ] as const) {
    it(`${what}: reported as left out, with file and offset; the records around it kept`, async () => {
      const k = 7;
      const { bytes, at } = withHeaderCount(k, 0);
      const real = at.length;
      new DataView(bytes.buffer).setUint32(at.offset + 1, count > 0xff ? count : real + count);
      const { out, errors } = await reduceBytes(bytes, {}, 4096, "crash.bsm");
      const leftOut = errors.filter((e) => /left out/.test(e.message));
      expect(leftOut.length).toBe(1);
      expect(leftOut[0].kind).toBe("trailer-mismatch");
      expect(leftOut[0].offset).toBe(at.offset);
      expect(leftOut[0].message).toMatch(/^crash\.bsm: offset \d+/);
      // The framer's own report of the damage comes first.
      expect(errors.indexOf(leftOut[0])).toBeGreaterThan(0);
      const inputFrames = [...frameRecords(bytes, { onError: () => {} })];
      const damaged = inputFrames.filter((f) => f.damaged);
      expect(damaged.map((f) => f.offset)).toEqual([at.offset]);
      expect(out.equals(joined(inputFrames.filter((f) => !f.damaged)))).toBe(true);
      expect(reframe(out).errors).toEqual([]);
    });
  }

  it("bsm-trail reduce: exit 1, one line naming file and offset, praudit reads all the output", () => {
    const { bytes, at } = withHeaderCount(3, 0xffffffff);
    const dir = mkdtempSync(join(tmpdir(), "bsm-reduce-frames-"));
    const path = join(dir, "crash.bsm");
    writeFileSync(path, bytes);
    const r = cli(["reduce", path]);
    expect(r.status).toBe(1);
    const lines = r.stderr.trim().split("\n");
    const left = lines.filter((l) => /left out/.test(l));
    expect(left.length).toBe(1);
    expect(left[0]).toContain(`${path}: offset ${at.offset}`);
    expect(reframe(new Uint8Array(r.stdout)).errors).toEqual([]);
    const p = cli(["praudit", "-l"], new Uint8Array(r.stdout));
    expect(p.stderr).toBe("");
    expect(p.status).toBe(0);
    // Every record but the damaged one is printed (one line each in -l).
    const headers = [...frameRecords(bytes, { onError: () => {} })].filter(
      (f) => f.kind === "header" && !f.damaged,
    );
    expect(p.stdout.toString().trim().split("\n").length).toBe(headers.length + 2);
  });
});

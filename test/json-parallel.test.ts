/**
 * `bsm-trail json` on worker threads (src/cli/json-frames.ts) writes byte
 * for byte what one thread writes: the same standard output, the same
 * error messages in the same order, the same exit status. Checked in
 * process with the smallest pieces (a cut after every clean frame, so
 * every cut the cutter allows is tried), at several read sizes, over every
 * corpus trail, the damaged bad/ trails, the fixtures, a generated
 * multi-MiB trail and fuzz-damaged trails; the fall-back to the main
 * thread past the cap; and the CLI's `--jobs 2` against `--jobs 1`.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { type JsonRun, jsonCommand } from "../src/cli/json-command";
import { type JsonFramesSummary, PIECE_BYTES } from "../src/cli/json-frames";
import { JsonPool } from "../src/json/json-pool";
import { generateTrail } from "../src/testing/generator";
import { badTrails, corpusPath, corpusTrails } from "./corpus";
import { concat, corpusSources, HOSTILE, mutate, Rng, window } from "./fuzz/mutate";
import { cli } from "./run-cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = readdirSync(join(root, "fixtures"))
  .filter((f) => f.endsWith(".bsm"))
  .map((f) => join(root, "fixtures", f));

const dir = mkdtempSync(join(tmpdir(), "bsm-json-parallel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A stream that keeps what is written to it. */
class Collect extends Writable {
  readonly parts: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.parts.push(Buffer.from(chunk));
    done();
  }
  get bytes(): Buffer {
    return Buffer.concat(this.parts);
  }
}

interface Ran {
  status: number;
  stdout: Buffer;
  stderr: string[];
  spread: JsonFramesSummary | null;
}

/** `bsm-trail json ...argv` in process, with `run`'s tuning. */
async function json(argv: string[], run: Readonly<Partial<JsonRun>>): Promise<Ran> {
  const stdout = new Collect();
  const stderr = new Collect();
  let spread: JsonFramesSummary | null = null;
  const status = await jsonCommand(argv, {
    ...run,
    stdout,
    stderr,
    onSpread: (s) => {
      spread = { ...s };
    },
  });
  const lines = stderr.bytes.toString("utf8").split("\n");
  lines.pop();
  return { status, stdout: stdout.bytes, stderr: lines, spread };
}

/** Where two outputs first differ, for a readable failure. */
function firstDifference(a: Buffer, b: Buffer): string {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  if (i === n && a.length === b.length) return "identical";
  const around = (x: Buffer) => x.subarray(Math.max(0, i - 80), i + 80).toString("latin1");
  return `differ at byte ${i} of ${a.length}/${b.length}:\n${around(a)}\n---\n${around(b)}`;
}

/** Runs `argv` on one thread and on two with `run`'s tuning; expects the same everything. */
async function same(argv: string[], run: Readonly<Partial<JsonRun>>): Promise<Ran> {
  const one = await json(argv, { jobs: 1, readBytes: run.readBytes });
  const many = await json(argv, { jobs: 2, ...run });
  expect(one.spread).toBeNull();
  expect(many.spread).not.toBeNull();
  expect(firstDifference(many.stdout, one.stdout)).toBe("identical");
  expect(many.stderr).toEqual(one.stderr);
  expect(many.status).toBe(one.status);
  return many;
}

const corpus = [
  ...corpusTrails().map((t) => corpusPath(t)),
  ...badTrails().map((t) => corpusPath(t)),
  ...fixtures,
];

describe("json --jobs: the single thread's output, on worker threads", () => {
  it("finds the corpus, the bad trails and the fixtures", () => {
    expect(corpusTrails().length).toBeGreaterThan(10);
    expect(badTrails().length).toBeGreaterThan(10);
    expect(fixtures.length).toBeGreaterThan(3);
  });

  // Every input in one run: pieces of many inputs in flight at once, their
  // order and their file names kept.
  for (const readBytes of [256 * 1024, 4096, 777]) {
    it(`every corpus, bad and fixture trail, a piece per clean frame, reads of ${readBytes} bytes`, async () => {
      const r = await same(corpus, { pieceBytes: 1, readBytes });
      expect(r.stdout.length).toBeGreaterThan(1_000_000);
      // Damage is reported (bad/), and most records went through workers.
      expect(r.stderr.length).toBeGreaterThan(badTrails().length);
      expect(r.status).toBe(1);
      const s = r.spread as JsonFramesSummary;
      expect(s.workers).toBe(2);
      expect(s.pieces).toBeGreaterThan(1000);
    }, 120_000);
  }

  it("a generated multi-MiB trail, at several piece sizes", async () => {
    const path = join(dir, "generated.bsm");
    writeFileSync(path, generateTrail({ seed: 10, bytes: 6 << 20 }));
    for (const pieceBytes of [4096, 64 * 1024, undefined]) {
      const r = await same([path], { pieceBytes });
      expect(r.status).toBe(0);
      expect(r.stderr).toEqual([]);
      // Pieces of at least pieceBytes, cut at the first clean frame past it.
      const pb = pieceBytes ?? PIECE_BYTES;
      const pieces = (r.spread as JsonFramesSummary).pieces;
      expect(pieces).toBeLessThanOrEqual(Math.ceil((6 << 20) / pb) + 1);
      expect(pieces).toBeGreaterThan((6 << 20) / (pb * 1.1) - 2);
    }
  }, 120_000);

  it("fuzz-damaged trails (mutations of corpus windows, hostile inputs)", async () => {
    const rng = new Rng(0x10b5);
    const sources = corpusSources();
    const paths: string[] = [];
    for (let i = 0; i < 120; i++) {
      const clean = concat([
        window(rng, rng.pick(sources), 60),
        window(rng, rng.pick(sources), 60),
      ]);
      const m = mutate(rng, clean, sources);
      const path = join(dir, `fuzz-${i}.bsm`);
      writeFileSync(path, m.input);
      paths.push(path);
    }
    for (const [name, make] of Object.entries(HOSTILE)) {
      const path = join(dir, `hostile-${name}.bsm`);
      writeFileSync(path, make(20_000));
      paths.push(path);
    }
    // A long trail damaged in several places: damage among many cuts.
    let big = new Uint8Array(readFileSync(corpusPath("trails/mix-small.bsm")));
    for (let i = 0; i < 6; i++) big = new Uint8Array(mutate(rng, big, sources).input);
    const bigPath = join(dir, "fuzz-big.bsm");
    writeFileSync(bigPath, big);
    paths.push(bigPath);
    for (const readBytes of [256 * 1024, 1000]) {
      const r = await same(paths, { pieceBytes: 1, readBytes });
      expect(r.stderr.length).toBeGreaterThan(50);
    }
  }, 120_000);

  it("formats on the main thread past the cap (a damaged stretch with no clean cut)", async () => {
    const rng = new Rng(7);
    const clean = generateTrail({ seed: 3, bytes: 1 << 20 });
    // Random bytes between clean halves: no clean frame for 300 KiB.
    const trail = concat([
      clean.subarray(0, 1 << 19),
      rng.bytes(300 * 1024),
      clean.subarray(1 << 19),
    ]);
    const path = join(dir, "long-damage.bsm");
    writeFileSync(path, trail);
    const r = await same([path, corpusPath("trails/mix-small.bsm")], {
      pieceBytes: 16 * 1024,
      capBytes: 128 * 1024,
      readBytes: 32 * 1024,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.length).toBeGreaterThan(0);
    const s = r.spread as JsonFramesSummary;
    // Pieces before the damage (and for the second file), the rest of the
    // first file on the main thread.
    expect(s.pieces).toBeGreaterThan(10);
    expect(s.mainThread).toBe(1);
  }, 60_000);

  it("formats inputs smaller than a piece on the main thread, starting no worker", async () => {
    const r = await same(fixtures, {});
    expect(r.spread).toEqual({ pieces: 0, workers: 0, mainThread: fixtures.length });
  }, 60_000);
});

describe("the json worker pool", () => {
  it("fails the command when a worker fails (no hang), and its workers stop", async () => {
    // A worker parses the command's arguments again when it starts: ones
    // it cannot parse fail it before it formats anything.
    const written: string[] = [];
    const pool = new JsonPool(
      2,
      { argv: ["--no-such-option"], decode: {} },
      { bytes: () => undefined, error: (m) => written.push(m) },
    );
    const bytes = generateTrail({ seed: 5, bytes: 64 * 1024 });
    let failure: unknown = null;
    try {
      await pool.submit("x.bsm", "x.bsm", { start: 0, bytes: bytes.slice() });
      await pool.drain();
    } catch (e) {
      failure = e;
    } finally {
      await pool.close();
    }
    expect(failure).toBeInstanceOf(Error);
    expect(String(failure)).toContain("no-such-option");
    expect(written).toEqual([]);
    expect(pool.workers).toBe(2);
  }, 60_000);
});

describe("bsm-trail json --jobs (CLI)", () => {
  it("--jobs 2 writes what --jobs 1 writes, from a file and from standard input", () => {
    const path = join(dir, "cli.bsm");
    const bytes = generateTrail({ seed: 11, bytes: 3 << 20 });
    writeFileSync(path, bytes);
    const one = cli(["json", "--jobs", "1", path]);
    const two = cli(["json", "--jobs", "2", path]);
    expect(one.status).toBe(0);
    expect(one.stdout.length).toBeGreaterThan(3 << 20);
    expect(two.status).toBe(0);
    expect(two.stderr).toBe(one.stderr);
    expect(two.stdout.equals(one.stdout)).toBe(true);
    const piped = cli(["json", "--jobs", "2"], bytes);
    expect(piped.status).toBe(0);
    // Standard input names no file: source.file is null, the rest is the same records.
    expect(piped.stdout.length).toBeGreaterThan(3 << 20);
    const pipedOne = cli(["json", "--jobs", "1"], bytes);
    expect(piped.stdout.equals(pipedOne.stdout)).toBe(true);
  }, 120_000);

  it("rejects a --jobs that is not a whole number from 1", () => {
    for (const bad of ["0", "-1", "two", "1.5"]) {
      const r = cli(["json", "--jobs", bad, corpusPath("trails/all-tokens.bsm")]);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain("--jobs");
    }
  });
});

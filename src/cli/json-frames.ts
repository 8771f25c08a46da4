/**
 * The native JSON of every record on every core (`bsm-trail json --jobs
 * N`): the main thread reads each input as the single thread does, frames
 * it only to cut it into pieces at clean record boundaries
 * (src/json/json-pieces.ts), and worker threads format the pieces
 * (src/json/json-pool.ts, json-worker.ts); output and errors are written
 * in input order, byte for byte those of the single thread. An input
 * too small to fill a piece, or with a damaged stretch longer than the
 * cap, is formatted on the main thread from where the pieces stop.
 *
 * @module
 */

import { availableParallelism } from "node:os";
import { type BatchDecoder, trailSetBatches } from "../api/trail-set";
import type { TrailInput } from "../io/trail-files";
import { type JsonPiece, PieceCutter } from "../json/json-pieces";
import { JsonPool } from "../json/json-pool";
import type { NativeJsonWriter } from "../json/native-writer";
import { FramePrinter } from "../print/frame-printer";
import type { DecodeOptions } from "../wire/decode-options";
import type { BsmError } from "../wire/errors";
import type { InputRecordOptions } from "./json-input";
import type { Output } from "./output";

/**
 * Smallest piece a worker formats. 256 KiB: on the 256 MiB bench trail
 * (bench/run.ts, "json" case, 2 cores) pieces of 128 KiB, 256 KiB, 512
 * KiB, 1 MiB and 2 MiB took 7.0-7.4, 6.3, 6.4-6.5, 6.4-6.7 and 5.9-6.9 s
 * with peak RSS 160, 175, 205, 270 and 380-440 MB: the fastest steady
 * size with the least memory (each piece's output, ~9x its size, is held
 * until written). See bench/README.md, "json on every core".
 */
export const PIECE_BYTES = 256 * 1024;

/**
 * Most bytes held without a clean cut before the main thread formats the
 * rest of the input itself: a damaged stretch this long is rare, and the
 * memory held stays bounded (64 MiB, the lead's bound for a piece).
 */
export const PIECE_CAP_BYTES = 64 * 1024 * 1024;

/** How {@link writeFramesParallel} spreads the work. Pass a `Readonly<Partial<JsonFramesOptions>>`. */
export interface JsonFramesOptions {
  /**
   * Threads that format; 1 is the single-thread path (the caller's).
   * @defaultValue `os.availableParallelism()`
   */
  jobs: number;
  /**
   * Smallest piece sent to a worker (1: a cut after every clean frame).
   * @defaultValue {@link PIECE_BYTES}
   */
  pieceBytes: number;
  /**
   * Bytes held without a clean cut before the rest of the input is formatted on the main thread.
   * @defaultValue {@link PIECE_CAP_BYTES}
   */
  capBytes: number;
}

/** How {@link writeFramesParallel} spread the work (for tests and benchmarks). */
export interface JsonFramesSummary {
  /** Pieces formatted by worker threads. */
  pieces: number;
  /** Worker threads started (none when no input filled a piece). */
  workers: number;
  /** Inputs (or their ends, past a damaged stretch over the cap) formatted on the main thread. */
  mainThread: number;
}

/** The jobs to use: `jobs`, else every core. */
export function jobsOf(o?: Readonly<Partial<JsonFramesOptions>>): number {
  return Math.max(1, Math.floor(o?.jobs ?? availableParallelism()));
}

/**
 * The native format of every record of `paths` as the single thread
 * writes it (json-command.ts, writeFrames), formatted on `jobs` worker
 * threads. `argv` is the command's arguments: each worker builds its
 * converters from them as the command does. Each error's message goes to
 * `report` in order, once the output before it is written (`o.onError` is
 * not used).
 */
export async function writeFramesParallel(
  paths: readonly string[],
  argv: readonly string[],
  writerFor: (input: Readonly<TrailInput>) => NativeJsonWriter,
  out: Output,
  stream: NodeJS.WritableStream,
  report: (message: string) => void,
  o: Readonly<InputRecordOptions>,
  options?: Readonly<Partial<JsonFramesOptions>>,
): Promise<JsonFramesSummary> {
  const jobs = jobsOf(options);
  const pieceBytes = Math.max(1, options?.pieceBytes ?? PIECE_BYTES);
  const capBytes = options?.capBytes ?? PIECE_CAP_BYTES;
  const pool = new JsonPool(
    jobs,
    {
      argv: [...argv],
      // Only the options set: an undefined one would override a default.
      decode: {
        ...(o.maxRecordBytes === undefined ? {} : { maxRecordBytes: o.maxRecordBytes }),
        ...(o.encoding === undefined ? {} : { encoding: o.encoding }),
      },
    },
    {
      bytes: (b, written) => {
        // What the main thread printed before goes first.
        const wait = out.flush();
        const ok = stream.write(Buffer.from(b.buffer, b.byteOffset, b.length), () => written());
        if (ok && wait === undefined) return undefined;
        return (async () => {
          await wait;
          if (!ok) await new Promise<void>((res) => stream.once("drain", () => res()));
        })();
      },
      error: report,
    },
  );
  const summary: JsonFramesSummary = { pieces: 0, workers: 0, mainThread: 0 };
  const decode: BatchDecoder<never> = (chunks, decodeOptions, input) =>
    cutInput(chunks, decodeOptions, input, {
      pool,
      pieceBytes,
      capBytes,
      writerFor,
      out,
      summary,
    });
  try {
    // Errors of opening or reading an input wait for the pieces before them.
    const ordered = { ...o, onError: (e: BsmError) => pool.error(e.message) };
    for await (const _ of trailSetBatches(paths, decode, ordered)) {
      // cutInput writes; it yields nothing.
    }
    await pool.drain();
  } finally {
    summary.workers = pool.workers;
    await pool.close();
  }
  return summary;
}

/** What {@link cutInput} works with. */
interface Cutting {
  pool: JsonPool;
  pieceBytes: number;
  capBytes: number;
  writerFor: (input: Readonly<TrailInput>) => NativeJsonWriter;
  out: Output;
  summary: JsonFramesSummary;
}

/**
 * One input: its pieces submitted to the pool as they are cut; when no
 * piece was cut by the end, or the bytes held pass the cap, or reading
 * fails, the rest is formatted here once the pieces in flight are written.
 */
async function* cutInput(
  chunks: AsyncIterable<Uint8Array>,
  options: Readonly<Partial<DecodeOptions>>,
  input: Readonly<TrailInput>,
  c: Cutting,
): AsyncGenerator<never[], void, undefined> {
  const cutter = new PieceCutter(c.pieceBytes, options);
  const it = chunks[Symbol.asyncIterator]();
  const submit = async (pieces: JsonPiece[]) => {
    for (const p of pieces) {
      c.summary.pieces++;
      await c.pool.submit(input.path, input.label, p);
    }
  };
  let done = false;
  let failed: { error: unknown } | null = null;
  try {
    for (;;) {
      const r = await it.next();
      if (r.done) {
        done = true;
        break;
      }
      await submit(cutter.push(r.value));
      if (cutter.held > c.capBytes) break;
    }
  } catch (e) {
    failed = { error: e };
  }
  if (done && cutter.cuts > 0) {
    await submit(cutter.end());
    return;
  }
  await c.pool.drain();
  c.summary.mainThread++;
  const held = cutter.rest();
  const rest = async function* (): AsyncGenerator<Uint8Array, void, undefined> {
    yield* held;
    if (failed !== null) throw failed.error;
    if (done) return;
    for (;;) {
      const r = await it.next();
      if (r.done) return;
      yield r.value;
    }
  };
  const printer = new FramePrinter(c.writerFor(input), options);
  try {
    for await (const batch of printer.batches(rest(), cutter.start)) {
      printer.write(batch, c.out.w);
      const wait = c.out.maybeFlush();
      if (wait !== undefined) await wait;
    }
  } finally {
    if (!done && failed === null) await it.return?.();
  }
}

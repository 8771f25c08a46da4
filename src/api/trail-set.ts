/**
 * Reading trail sets: files, `/var/audit` directories, pipes and standard
 * input one after another ({@link readTrails}), or several hosts' trails
 * merged in time order ({@link mergeTrails}).
 *
 * @module
 */

import { type FollowOptions, followSegments } from "../io/follow";
import { decodeRecordStreamBatches } from "../io/stream";
import { TRAIL_READ_BYTES } from "../io/trail";
import {
  type OpenTrailInputOptions,
  openTrailInput,
  type TrailInput,
  type TrailInputsOptions,
  trailInputs,
} from "../io/trail-files";
import type { DecodeOptions } from "../wire/decode-options";
import { BsmError } from "../wire/errors";
import type { BsmRecord } from "../wire/record";
import { mergeBatches, type Timed } from "./merge";

/** Options of {@link readTrails} and {@link mergeTrails}. Pass a `Readonly<Partial<TrailSetOptions>>`. */
export interface TrailSetOptions
  extends DecodeOptions,
    TrailInputsOptions,
    Omit<OpenTrailInputOptions, "readBytes"> {
  /**
   * Merge the paths in header-time order, each path (a host's directory or
   * file) one stream ({@link mergeTrails}), instead of reading them one
   * after another.
   * @defaultValue false
   */
  merge: boolean;
  /**
   * Size of each read.
   * @defaultValue {@link TRAIL_READ_BYTES} (256 KiB)
   */
  readBytes: number;
  /**
   * Told of the inputs once the paths are expanded (for progress: their
   * sizes); with `merge`, once per source.
   * @defaultValue undefined
   */
  onInputs: ((inputs: readonly TrailInput[]) => void) | undefined;
}

/**
 * What turns one opened input into batches (of records, or of frames): the
 * chunks, and the decode options naming the input.
 */
export type BatchDecoder<T extends Timed> = (
  chunks: AsyncIterable<Uint8Array>,
  options: Readonly<Partial<DecodeOptions>>,
  input: Readonly<TrailInput>,
) => AsyncIterable<T[]>;

/** Decodes every record: the {@link BatchDecoder} of {@link readTrails}. */
export const decodeBatches: BatchDecoder<BsmRecord> = (chunks, options) =>
  decodeRecordStreamBatches(chunks, options);

/**
 * Batches from each input of `paths` in turn (see `trailInputs`), each
 * decoded by `decode` with `fileName` set to the input's name. An input
 * that cannot be opened or read is reported to `onError` (an `IoError`)
 * and the next one is read; without `onError`, or when `strict`, it is
 * thrown.
 *
 * @param paths - files, directories, `-` for standard input
 * @param decode - turns an input's chunks into batches
 * @param options - see {@link TrailSetOptions} (`merge` is ignored here)
 */
export async function* trailSetBatches<T extends Timed>(
  paths: readonly string[],
  decode: BatchDecoder<T>,
  options?: Readonly<Partial<TrailSetOptions>>,
): AsyncGenerator<T[], void, undefined> {
  const report = (e: unknown) => {
    if (!(e instanceof BsmError) || options?.strict || options?.onError === undefined) throw e;
    options.onError(e);
  };
  const inputs = await trailInputs(paths, options);
  options?.onInputs?.(inputs);
  const readBytes = options?.readBytes ?? TRAIL_READ_BYTES;
  for (const input of inputs) {
    try {
      const chunks = await openTrailInput(input, { ...options, readBytes });
      yield* decode(chunks, { ...options, fileName: input.label }, input);
    } catch (e) {
      report(e);
    }
  }
}

/**
 * Batches from several sources merged in header-time order: each path (a
 * directory of one host's trails, or a file) is one stream, read as
 * {@link trailSetBatches} reads it, and the streams are merged k-way
 * (memory: one batch per source).
 *
 * @param sources - one path per stream
 * @param decode - turns an input's chunks into batches
 * @param options - see {@link TrailSetOptions}
 */
export function mergedTrailBatches<T extends Timed>(
  sources: readonly string[],
  decode: BatchDecoder<T>,
  options?: Readonly<Partial<TrailSetOptions>>,
): AsyncGenerator<T[], void, undefined> {
  return mergeBatches(sources.map((s) => trailSetBatches([s], decode, options)));
}

/** The records of batches, one by one. */
async function* flatten<T>(batches: AsyncIterable<T[]>): AsyncGenerator<T, void, undefined> {
  for await (const batch of batches) for (let i = 0; i < batch.length; i++) yield batch[i];
}

/**
 * Async iterator over the records of a trail set: every path in turn
 * (files, `/var/audit` directories read in auditd's order with `current`
 * once, gzip'd trails by content, pipes, `-` for standard input), or with
 * `merge` the paths merged in header-time order ({@link mergeTrails}).
 * Errors name the file.
 *
 * @param paths - files, directories, `-`
 * @param options - see {@link TrailSetOptions}
 */
export function readTrails(
  paths: readonly string[],
  options?: Readonly<Partial<TrailSetOptions>>,
): AsyncGenerator<BsmRecord, void, undefined> {
  return flatten(
    options?.merge
      ? mergedTrailBatches(paths, decodeBatches, options)
      : trailSetBatches(paths, decodeBatches, options),
  );
}

/**
 * The records of several trail sources merged into one stream in
 * header-time order, as Solaris's auditreduce merges the trails of several
 * hosts: each source (a directory or a file) keeps its own order, and
 * memory is bounded by the number of sources.
 *
 * @param sources - one path per source (a host's `/var/audit`, or a trail file)
 * @param options - see {@link TrailSetOptions}
 */
export function mergeTrails(
  sources: readonly string[],
  options?: Readonly<Partial<TrailSetOptions>>,
): AsyncGenerator<BsmRecord, void, undefined> {
  return flatten(mergedTrailBatches(sources, decodeBatches, options));
}

/** Options of {@link followTrail}. Pass a `Readonly<Partial<FollowTrailOptions>>`. */
export interface FollowTrailOptions extends DecodeOptions, FollowOptions {}

/**
 * Batches of a followed trail (see `followSegments`): each file auditd
 * writes decoded by `decode` in turn, until `signal` aborts. A read error
 * is thrown (an `IoError`): a live trail that cannot be read is not
 * skipped.
 *
 * @param path - a directory, its `current`, or a trail file
 * @param decode - turns a file's chunks into batches
 * @param options - see {@link FollowTrailOptions}
 */
export async function* followTrailBatches<T extends Timed>(
  path: string,
  decode: BatchDecoder<T>,
  options?: Readonly<Partial<FollowTrailOptions>>,
): AsyncGenerator<T[], void, undefined> {
  const readBytes = options?.readBytes ?? TRAIL_READ_BYTES;
  for await (const seg of followSegments(path, { ...options, readBytes })) {
    yield* decode(seg.chunks, { ...options, fileName: seg.input.label }, seg.input);
  }
}

/**
 * Follows a live trail: yields the records already there, then each record
 * as auditd writes it, following `current` across auditd's rotations (the
 * old file renamed, a new one started, `current` re-pointed) with no record
 * lost or repeated, until `options.signal` aborts; then the iterator ends.
 *
 * @param path - `/var/audit` (or any audit directory), its `current`, or a trail file
 *   (followed as `tail -F` follows a file when no `current` points to it)
 * @param options - see {@link FollowTrailOptions}; `pollMs` defaults to `FOLLOW_POLL_MS`
 */
export function followTrail(
  path: string,
  options?: Readonly<Partial<FollowTrailOptions>>,
): AsyncGenerator<BsmRecord, void, undefined> {
  return flatten(followTrailBatches(path, decodeBatches, options));
}

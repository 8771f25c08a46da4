/**
 * Reading trail files.
 *
 * @module
 */

import { open } from "node:fs/promises";
import type { DecodeOptions } from "../wire/decode-options";
import type { BsmRecord } from "../wire/record";
import { hasGzipMagic } from "./reader";
import { decodeRecordStream, decodeRecordStreamBatches } from "./stream";
import { fileInput, openTrailInput } from "./trail-files";

/**
 * Size of each read from a trail file. 256 KiB: the batch size at which
 * decoding stays in V8's young generation (bench/run.ts, "readTrail" case).
 */
export const TRAIL_READ_BYTES = 256 * 1024;

/**
 * True when the file starts with the gzip magic bytes. Reads from the
 * file's current position (no seek), so a FIFO or device does not fail
 * with ESPIPE; on such an input the two bytes read are consumed.
 */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await fh.read(head, 0, 2, null);
    return hasGzipMagic(head.subarray(0, bytesRead));
  } finally {
    await fh.close();
  }
}

/**
 * Size of each read when only frames are wanted (selection): frames are
 * small, and 1 MiB reads ran 1.4x faster than 256 KiB ones (bench/run.ts,
 * "select execve" case).
 */
export const SELECT_READ_BYTES = 1024 * 1024;

/**
 * A chunk stream of the file's trail bytes, gunzipped when the file is
 * gzip'd (recognised by its first bytes, so a named pipe works too): the
 * reader stack of src/io/reader.ts, each chunk in fresh memory.
 *
 * @param readBytes - size of each read (and gunzip output chunk).
 */
export async function openTrailStream(
  path: string,
  readBytes: number = TRAIL_READ_BYTES,
): Promise<AsyncIterable<Uint8Array>> {
  // Open (and sniff) first: a missing file rejects here rather than at the first chunk.
  return openTrailInput(fileInput(path), { readBytes });
}

function withFile(
  path: string,
  options: Readonly<Partial<DecodeOptions>> | undefined,
): Readonly<Partial<DecodeOptions>> {
  return { ...options, fileName: options?.fileName ?? path };
}

/** The file's chunks (gunzipped when gzip'd), opened at the first read. */
async function* trailChunks(path: string): AsyncGenerator<Uint8Array, void, undefined> {
  yield* await openTrailStream(path);
}

/**
 * Async iterator over the records of a trail file (gzip'd trails are
 * recognised by their magic bytes). Errors name the file.
 *
 * A hand-written iterator, not an async generator: delegating each record
 * through `yield*` ran at 0.89x (213 vs 239 MB/s on 1 GiB; bench/run.ts,
 * "readTrail" case).
 *
 * @param path - the trail file.
 * @param options - see {@link DecodeOptions}; `fileName` defaults to `path`.
 */
export function readTrail(
  path: string,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncIterableIterator<BsmRecord> {
  return decodeRecordStream(trailChunks(path), withFile(path, options));
}

/** Like {@link readTrail} but yields arrays of records: one await per batch. */
export function readTrailBatches(
  path: string,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncGenerator<BsmRecord[], void, undefined> {
  return decodeRecordStreamBatches(trailChunks(path), withFile(path, options));
}

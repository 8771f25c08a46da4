/**
 * Reading trail files.
 *
 * @module
 */

import { createReadStream } from "node:fs";
import { open } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import type { DecodeOptions } from "./options";
import type { BsmRecord } from "./record";
import { decodeRecordStream, decodeRecordStreamBatches } from "./stream";

/**
 * Size of each read from a trail file. 256 KiB: the batch size at which
 * decoding stays in V8's young generation (bench/run.ts, "readTrail" case).
 */
export const TRAIL_READ_BYTES = 256 * 1024;

/** True when the file starts with the gzip magic bytes. */
export async function isGzipFile(path: string): Promise<boolean> {
  const fh = await open(path, "r");
  try {
    const head = new Uint8Array(2);
    const { bytesRead } = await fh.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await fh.close();
  }
}

/** A chunk stream of the file's trail bytes, gunzipped when the file is gzip'd. */
export async function openTrailStream(path: string): Promise<AsyncIterable<Uint8Array>> {
  // Open (and sniff) first: a missing file rejects here rather than as an
  // unhandled stream error.
  const gzip = await isGzipFile(path);
  const raw = createReadStream(path, { highWaterMark: TRAIL_READ_BYTES });
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: TRAIL_READ_BYTES });
    raw.on("error", (e) => gunzip.destroy(e));
    return raw.pipe(gunzip);
  }
  return raw;
}

function withFile(
  path: string,
  options: Readonly<Partial<DecodeOptions>> | undefined,
): Readonly<Partial<DecodeOptions>> {
  return { ...options, fileName: options?.fileName ?? path };
}

/**
 * Async iterator over the records of a trail file (gzip'd trails are
 * recognised by their magic bytes). Errors name the file.
 *
 * @param path - the trail file.
 * @param options - see {@link DecodeOptions}; `fileName` defaults to `path`.
 */
export async function* readTrail(
  path: string,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncGenerator<BsmRecord, void, undefined> {
  yield* decodeRecordStream(await openTrailStream(path), withFile(path, options));
}

/** Like {@link readTrail} but yields arrays of records: one await per batch. */
export async function* readTrailBatches(
  path: string,
  options?: Readonly<Partial<DecodeOptions>>,
): AsyncGenerator<BsmRecord[], void, undefined> {
  yield* decodeRecordStreamBatches(await openTrailStream(path), withFile(path, options));
}

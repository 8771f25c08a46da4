/**
 * Benchmark trails: written on demand by the project's seeded generator into
 * bench/trails/ (git-ignored, never committed), with a small JSON file (.meta) beside each
 * trail holding its record count.
 */

import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { frameRecordBatches } from "../src/api/select";
import { generateTrailChunks } from "../src/testing/generator";

export const TRAIL_DIR = join(dirname(fileURLToPath(import.meta.url)), "trails");

/** Sizes the harness knows, by their command-line name. */
export const SIZES: Record<string, number> = {
  "64M": 64 * 2 ** 20,
  "256M": 256 * 2 ** 20,
  "1G": 2 ** 30,
};

/** Parts of the many-files set for the worker-thread case. */
export const MANY_PARTS = 8;

export interface TrailInfo {
  path: string;
  bytes: number;
  records: number;
}

/**
 * Writes the trail of `bytes` for `seed` at `path` unless it is already
 * there (same seed and size, same bytes); returns its size and record count.
 */
function ensureTrail(path: string, seed: number, bytes: number): TrailInfo {
  // Not .json: biome would lint it (bench/trails/ is git-ignored, not biome-ignored).
  const metaPath = `${path}.meta`;
  if (existsSync(path) && existsSync(metaPath)) {
    const meta = JSON.parse(readFileSync(metaPath, "utf8")) as TrailInfo & { seed: number };
    if (meta.seed === seed && meta.bytes <= bytes && meta.bytes > bytes - 4096) {
      return { path, bytes: meta.bytes, records: meta.records };
    }
  }
  mkdirSync(dirname(path), { recursive: true });
  const fd = openSync(path, "w");
  let total = 0;
  let records = 0;
  try {
    // Every chunk the generator yields ends on a record boundary, so framing
    // each chunk on its own counts the records.
    for (const chunk of generateTrailChunks({ seed, bytes })) {
      for (const batch of frameRecordBatches(chunk)) records += batch.length;
      writeSync(fd, chunk);
      total += chunk.length;
    }
  } finally {
    closeSync(fd);
  }
  writeFileSync(metaPath, JSON.stringify({ seed, bytes: total, records }));
  return { path, bytes: total, records };
}

/** The single trail of a size (seed 1). */
export function trailOf(size: string): TrailInfo {
  const bytes = SIZES[size];
  if (bytes === undefined) throw new RangeError(`unknown size ${size}`);
  return ensureTrail(join(TRAIL_DIR, `trail-${size}.bsm`), 1, bytes);
}

/** {@link MANY_PARTS} trails (seeds 101...) together the size of `size`. */
export function manyOf(size: string): TrailInfo[] {
  const bytes = SIZES[size];
  if (bytes === undefined) throw new RangeError(`unknown size ${size}`);
  const out: TrailInfo[] = [];
  for (let i = 0; i < MANY_PARTS; i++) {
    out.push(
      ensureTrail(join(TRAIL_DIR, `many-${size}`, `part-${i}.bsm`), 101 + i, bytes / MANY_PARTS),
    );
  }
  return out;
}

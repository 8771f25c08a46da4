/**
 * The inputs of `json` and `export`: each named trail file (gzip'd trails
 * recognised), or standard input when none is named. Kept in one function
 * so that the inputs of `praudit` and `reduce` (directories, `--follow`,
 * `--merge`) can take its place.
 *
 * @module
 */

import { openTrailStream } from "../io/trail";

/** One input: the name errors and records carry, and its bytes once opened. */
export interface TrailInput {
  /** The file name, or null for standard input. */
  readonly name: string | null;
  /** Opens the input (a missing file rejects here). */
  open(): Promise<AsyncIterable<Uint8Array> | NodeJS.ReadableStream>;
}

/** The inputs named on the command line (standard input when none). */
export function trailInputs(files: readonly string[]): TrailInput[] {
  if (files.length === 0 || (files.length === 1 && files[0] === "-")) {
    return [{ name: null, open: async () => process.stdin }];
  }
  return files.map((f) =>
    f === "-"
      ? { name: null, open: async () => process.stdin }
      : { name: f, open: () => openTrailStream(f) },
  );
}

/**
 * Many trail files over worker threads. Each worker decodes whole files and
 * filters or aggregates in place: posting records back to the main thread
 * costs more than decoding them (28 MB/s measured), so only summaries and
 * selected raw record bytes (transferred, not copied) come back.
 *
 * @module
 */

import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { Selection } from "./select";
import { workerUrl } from "./worker-url";

/** What each worker does with a file. */
export type ParallelTask =
  /** Full typed decode of every record; returns counts. */
  | { kind: "stats" }
  /** Frames only (header fields); returns counts. */
  | { kind: "frames" }
  /** Selection on header fields; returns the selected records' raw bytes. */
  | { kind: "select"; events?: (number | string)[]; classes?: (number | string)[] };

/** One file's result. */
export interface ParallelFileResult {
  /** The file. */
  path: string;
  /** Bytes read (after gunzip). */
  bytes: number;
  /** Records decoded or framed (for `select`: records selected). */
  records: number;
  /** Tokens decoded (`stats` only). */
  tokens: number;
  /** Record count per event number (`stats` and `frames`). */
  events: Record<number, number>;
  /** Damage reports, as `BsmError` messages. */
  errors: string[];
  /** `select` only: the selected records, concatenated as written. */
  selected: Uint8Array | null;
}

/** Options of {@link processTrails}. */
export interface ParallelOptions {
  /**
   * Worker threads.
   * @defaultValue `os.availableParallelism()` (every core)
   */
  threads: number;
}

/** The message a worker receives. */
export interface WorkerRequest {
  path: string;
  task: ParallelTask;
}

/**
 * Runs `task` over every trail in `paths` on a pool of worker threads (one
 * file at a time per worker), resolving to one result per file in the
 * order of `paths`.
 */
export async function processTrails(
  paths: readonly string[],
  task: ParallelTask,
  options?: Readonly<Partial<ParallelOptions>>,
): Promise<ParallelFileResult[]> {
  const threads = Math.max(1, Math.min(options?.threads ?? availableParallelism(), paths.length));
  const results: ParallelFileResult[] = new Array(paths.length);
  let next = 0;
  const url = workerUrl("worker", import.meta.url);
  const runWorker = () =>
    new Promise<void>((resolve, reject) => {
      const w = new Worker(url);
      const feed = () => {
        if (next >= paths.length) {
          void w.terminate().then(() => resolve());
          return;
        }
        const i = next++;
        w.once("message", (m: ParallelFileResult) => {
          results[i] = m;
          feed();
        });
        const req: WorkerRequest = { path: paths[i], task };
        w.postMessage(req);
      };
      w.once("error", reject);
      feed();
    });
  await Promise.all(Array.from({ length: threads }, runWorker));
  return results;
}

/** The selection of a `select` task. */
export function taskSelection(task: ParallelTask): Partial<Selection> {
  return task.kind === "select" ? { events: task.events ?? [], classes: task.classes ?? [] } : {};
}

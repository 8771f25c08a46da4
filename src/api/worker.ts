/**
 * Worker thread entry of {@link processTrails}: decodes one file per
 * request and posts back a summary (and, for `select`, the selected bytes,
 * transferred).
 *
 * @module
 */

import { parentPort } from "node:worker_threads";
import { decodeRecordStreamBatches } from "../io/stream";
import { openTrailStream, SELECT_READ_BYTES, TRAIL_READ_BYTES } from "../io/trail";
import type { BsmError } from "../wire/errors";
import type { ParallelFileResult, WorkerRequest } from "./parallel";
import { taskSelection } from "./parallel";
import { selectRecordStreamBatches } from "./select";

async function handle(req: WorkerRequest): Promise<ParallelFileResult> {
  const errors: string[] = [];
  const options = { fileName: req.path, onError: (e: BsmError) => errors.push(e.message) };
  // Counts in a flat array: a plain object keyed by event number falls into
  // dictionary mode (sparse keys) and cost a hash look-up per record.
  const counts = new Float64Array(65536);
  let bytes = 0;
  let records = 0;
  let tokens = 0;
  let selected: Uint8Array | null = null;
  const source = await openTrailStream(
    req.path,
    req.task.kind === "stats" ? TRAIL_READ_BYTES : SELECT_READ_BYTES,
  );
  if (req.task.kind === "stats") {
    for await (const batch of decodeRecordStreamBatches(source, options)) {
      for (let i = 0; i < batch.length; i++) {
        const r = batch[i];
        bytes += r.length;
        tokens += r.tokens.length;
        counts[r.event]++;
      }
      records += batch.length;
    }
  } else {
    const sel = req.task.kind === "select" ? taskSelection(req.task) : null;
    const parts: Uint8Array[] = [];
    let size = 0;
    for await (const batch of selectRecordStreamBatches(source, sel, options)) {
      for (let i = 0; i < batch.length; i++) {
        const f = batch[i];
        if (sel === null) {
          bytes += f.length;
          counts[f.event]++;
        } else {
          parts.push(f.bytes);
          size += f.length;
        }
      }
      records += batch.length;
    }
    if (sel !== null) {
      selected = new Uint8Array(size);
      let o = 0;
      for (const p of parts) {
        selected.set(p, o);
        o += p.length;
      }
      bytes = size;
    }
  }
  const events: Record<number, number> = {};
  if (req.task.kind !== "select") {
    for (let e = 0; e < counts.length; e++) if (counts[e] !== 0) events[e] = counts[e];
  }
  return { path: req.path, bytes, records, tokens, events, errors, selected };
}

parentPort?.on("message", (req: WorkerRequest) => {
  handle(req).then(
    (res) => parentPort?.postMessage(res, res.selected ? [res.selected.buffer as ArrayBuffer] : []),
    (e: unknown) =>
      parentPort?.postMessage({
        path: req.path,
        bytes: 0,
        records: 0,
        tokens: 0,
        events: {},
        errors: [String((e as Error).message ?? e)],
        selected: null,
      } satisfies ParallelFileResult),
  );
});

/**
 * Worker thread entry of the parallel `bsm-trail json` (json-pool.ts):
 * formats each piece it is sent (json-pieces.ts) in the native format, as
 * the command's single thread does (a FramePrinter with a
 * NativeJsonWriter), offsets counted from the piece's start, and posts
 * back the output bytes (transferred) and the errors' messages in order.
 *
 * @module
 */

import { parentPort, workerData } from "node:worker_threads";
import { convertersFor, JSON_LONG } from "../cli/json-command";
import { parseSelectionArgs } from "../cli/reduce-command";
import type { TrailInput } from "../io/trail-files";
import { FramePrinter } from "../print/frame-printer";
import { PrintBuffer } from "../print/print-buffer";
import type { BsmError } from "../wire/errors";
import type {
  JsonPieceRequest,
  JsonPieceResult,
  JsonWorkerData,
  JsonWorkerMessage,
} from "./json-pool";
import { NativeJsonWriter } from "./native-writer";

/**
 * Output bytes first allotted per input byte: the native JSON is about 9
 * bytes per trail byte on the bench trail (bench/README.md, json notes),
 * so a piece's output rarely has to grow its buffer.
 */
const OUTPUT_PER_INPUT = 10;

const data = workerData as JsonWorkerData;
const newConverter = convertersFor(parseSelectionArgs(data.argv, JSON_LONG), "native");
/** The writer of the last input seen (pieces come input by input). */
let last: { path: string; label: string; writer: NativeJsonWriter } | null = null;

function writerFor(path: string, label: string): NativeJsonWriter {
  if (last === null || last.path !== path || last.label !== label) {
    const input: TrailInput = { path, label, size: undefined, name: null };
    last = { path, label, writer: new NativeJsonWriter(newConverter(input).native) };
  }
  return last.writer;
}

/**
 * Output buffers handed back once written (json-pool.ts): 2, as many as
 * this worker's pieces in flight when the pool is full (2 x jobs pieces
 * over jobs workers).
 */
const spares: ArrayBuffer[] = [];
const MAX_SPARES = 2;

/** Memory for a piece's output: a spare of at least `size` bytes, else new. */
function outputBuffer(size: number): Uint8Array {
  const want = Math.max(4096, size);
  while (spares.length > 0) {
    const b = spares.pop() as ArrayBuffer;
    if (b.byteLength >= want) return new Uint8Array(b);
  }
  return new Uint8Array(want);
}

function format(req: JsonPieceRequest): JsonPieceResult {
  const errors: string[] = [];
  const printer = new FramePrinter(writerFor(req.path, req.label), {
    ...data.decode,
    fileName: req.label,
    onError: (e: BsmError) => errors.push(e.message),
  });
  const w = new PrintBuffer(0);
  w.buf = outputBuffer(req.bytes.length * OUTPUT_PER_INPUT);
  for (const batch of printer.batchesOf(req.bytes, req.start)) printer.write(batch, w);
  return { id: req.id, bytes: w.buf, length: w.pos, errors, failure: null };
}

const port = parentPort;
if (port === null) throw new Error("json-worker.ts runs as a worker thread");
port.on("message", (req: JsonWorkerMessage) => {
  if (req.kind === "spare") {
    if (spares.length < MAX_SPARES) spares.push(req.buffer);
    return;
  }
  let result: JsonPieceResult;
  try {
    result = format(req);
  } catch (e) {
    const failure = e instanceof Error ? (e.stack ?? e.message) : String(e);
    result = { id: req.id, bytes: new Uint8Array(0), length: 0, errors: [], failure };
  }
  port.postMessage(result, [result.bytes.buffer as ArrayBuffer]);
});

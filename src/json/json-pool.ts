/**
 * The worker threads of the parallel `bsm-trail json`: pieces of input
 * (json-pieces.ts) sent to json-worker.ts, their output and errors handed
 * on strictly in the order the pieces were submitted, with a bounded
 * number of pieces in flight.
 *
 * @module
 */

import { Worker } from "node:worker_threads";
import { workerUrl } from "../api/worker-url";
import type { JsonPiece } from "./json-pieces";

/** What each worker is started with. */
export interface JsonWorkerData {
  /** The command's arguments, parsed again in the worker for the converter's options. */
  argv: string[];
  /** Decode options that shape framing and decoding (structured-cloneable). */
  decode: { maxRecordBytes?: number; encoding?: string };
}

/** A piece sent to a worker. */
export interface JsonPieceRequest {
  kind: "piece";
  /** Submission number (answers come back in each worker's order). */
  id: number;
  /** The input's path (`-` for standard input). */
  path: string;
  /** The input's name in errors and `source.file`. */
  label: string;
  /** Global offset of the piece's first byte in its input. */
  start: number;
  /** The piece's bytes (their buffer transferred). */
  bytes: Uint8Array;
}

/** An output buffer handed back to the worker that filled it, once written, to fill again. */
export interface JsonSpareBuffer {
  kind: "spare";
  /** Memory a result brought (transferred back). */
  buffer: ArrayBuffer;
}

/** What a worker receives. */
export type JsonWorkerMessage = JsonPieceRequest | JsonSpareBuffer;

/** A worker's answer: the piece's output `bytes[0, length)` and error messages. */
export interface JsonPieceResult {
  /** The request's {@link JsonPieceRequest.id}. */
  id: number;
  /** Output memory (transferred; handed back once written). */
  bytes: Uint8Array;
  /** Output bytes in {@link bytes}. */
  length: number;
  /** The messages of the errors reported, in order. */
  errors: string[];
  /** Set when formatting threw (a bug): the stack. */
  failure: string | null;
}

/** Where the pool hands results on, in order. */
export interface JsonPoolSink {
  /**
   * Writes output bytes; a promise when the writer must wait (stdout's
   * drain). `written` is called once the bytes' memory may be reused.
   */
  bytes(b: Uint8Array, written: () => void): Promise<void> | undefined;
  /** Reports an error message. */
  error(message: string): void;
}

/** An item of the ordered queue: a piece's result to come, or an error message reported in turn. */
interface Slot {
  result: Promise<JsonPieceResult> | null;
  /** The worker formatting the piece. */
  running: Running | null;
  settled: boolean;
  message: string | null;
}

interface Running {
  worker: Worker;
  /** Resolvers of this worker's pieces, in the order sent (it answers in order). */
  waiting: { resolve: (r: JsonPieceResult) => void; reject: (e: Error) => void }[];
}

/**
 * A pool of `jobs` worker threads, started on the first piece. Results are
 * handed to the sink in submission order; at most `2 * jobs` pieces are in
 * flight (a submit waits for the oldest first), so memory is bounded.
 */
export class JsonPool {
  private running: Running[] = [];
  private readonly queue: Slot[] = [];
  private head = 0;
  private nextId = 0;
  /** A worker's own error (it crashed or could not start): every piece fails with it. */
  private broken: Error | null = null;

  /**
   * @param jobs - worker threads
   * @param data - what every worker is started with
   * @param sink - receives the output and errors in order
   */
  constructor(
    private readonly jobs: number,
    private readonly data: JsonWorkerData,
    private readonly sink: JsonPoolSink,
  ) {}

  /** Worker threads started so far. */
  workers = 0;

  /** Pieces submitted and not yet handed to the sink (error messages included). */
  get inFlight(): number {
    return this.queue.length - this.head;
  }

  /** Sends a piece of the input `path` (named `label`) to a worker; waits while too many are in flight. */
  async submit(path: string, label: string, piece: JsonPiece): Promise<void> {
    while (this.inFlight >= 2 * this.jobs) await this.writeOldest();
    if (this.running.length === 0) this.start();
    // The least busy worker.
    let r = this.running[0];
    for (const x of this.running) if (x.waiting.length < r.waiting.length) r = x;
    const req: JsonPieceRequest = {
      kind: "piece",
      id: this.nextId++,
      path,
      label,
      start: piece.start,
      bytes: piece.bytes,
    };
    const slot: Slot = { result: null, running: r, settled: false, message: null };
    slot.result = new Promise<JsonPieceResult>((resolve, reject) => {
      if (this.broken !== null) reject(this.broken);
      else r.waiting.push({ resolve, reject });
    });
    slot.result.then(
      () => {
        slot.settled = true;
      },
      () => {
        slot.settled = true;
      },
    );
    this.queue.push(slot);
    if (this.broken === null) r.worker.postMessage(req, [piece.bytes.buffer as ArrayBuffer]);
    await this.writeSettled();
  }

  /** Reports `message` once every piece submitted before it is handed on. */
  error(message: string): void {
    if (this.inFlight === 0) this.sink.error(message);
    else this.queue.push({ result: null, running: null, settled: true, message });
  }

  /** Hands on every result still to come. */
  async drain(): Promise<void> {
    while (this.inFlight > 0) await this.writeOldest();
  }

  /** Stops the workers (pieces still in flight are dropped). */
  async close(): Promise<void> {
    const running = this.running;
    this.running = [];
    await Promise.all(running.map((r) => r.worker.terminate()));
  }

  private start(): void {
    for (let i = 0; i < this.jobs; i++) {
      const worker = new Worker(workerUrl("json-worker", import.meta.url), {
        workerData: this.data,
      });
      const r: Running = { worker, waiting: [] };
      worker.on("message", (m: JsonPieceResult) => {
        const w = r.waiting.shift();
        if (w === undefined) return;
        if (m.failure !== null) w.reject(new Error(`json worker failed: ${m.failure}`));
        else w.resolve(m);
      });
      const fail = (e: Error) => {
        this.broken ??= e;
        for (const w of r.waiting.splice(0)) w.reject(e);
      };
      worker.on("error", fail);
      worker.on("exit", (code) => {
        if (this.running.includes(r)) fail(new Error(`json worker exited (status ${code})`));
      });
      this.running.push(r);
      this.workers++;
    }
  }

  /** Hands on the results at the head of the queue that have arrived. */
  private async writeSettled(): Promise<void> {
    while (this.inFlight > 0 && this.queue[this.head].settled) await this.writeOldest();
  }

  /** Waits for the oldest slot and hands it on. */
  private async writeOldest(): Promise<void> {
    const slot = this.queue[this.head];
    const r = slot.message === null ? await (slot.result as Promise<JsonPieceResult>) : null;
    this.queue[this.head++] = EMPTY_SLOT;
    // Written slots are dropped from the front in batches, not one shift per
    // piece: 1024 is arbitrary (a few KiB of slots), any size keeps the
    // queue bounded by the pieces in flight plus one batch.
    if (this.head >= 1024 && this.head * 2 >= this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
    if (r === null) {
      this.sink.error(slot.message as string);
      return;
    }
    for (const m of r.errors) this.sink.error(m);
    const running = slot.running as Running;
    // The buffer goes back to its worker once written (no fresh memory per piece).
    const spare = () => {
      if (!this.running.includes(running)) return;
      const m: JsonSpareBuffer = { kind: "spare", buffer: r.bytes.buffer as ArrayBuffer };
      running.worker.postMessage(m, [m.buffer]);
    };
    if (r.length > 0) {
      const wait = this.sink.bytes(r.bytes.subarray(0, r.length), spare);
      if (wait !== undefined) await wait;
    } else spare();
  }
}

const EMPTY_SLOT: Slot = { result: null, running: null, settled: true, message: null };

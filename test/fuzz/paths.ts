/**
 * Every streaming and frame path of the library run over one input, for
 * the fuzz harness (check.ts, invariant 7) and the stall tests
 * (test/stall.test.ts): praudit's text paths (the frame printer, and the
 * token printer over streamed records), the selection streams
 * (`selectRecordStreamBatches`) and reduce (`reduceStream`), each fed the
 * input in chunks, each beside its whole-buffer twin.
 *
 * A path's result is a string (printed text, frame list, written bytes)
 * plus its errors, so a streamed path and its whole-buffer twin are equal
 * exactly when their results are.
 *
 * @module
 */

import { Writable } from "node:stream";
import { decodeAllRecords } from "../../src/api/decode";
import { reduceRecords, reduceStream } from "../../src/api/reduce";
import { frameRecords, selectRecordStreamBatches } from "../../src/api/select";
import { ChunkDecoder, decodeRecordStreamBatches } from "../../src/io/stream";
import { FramePrinter } from "../../src/print/frame-printer";
import { PrauditPrinter } from "../../src/print/praudit";
import { PrintBuffer } from "../../src/print/print-buffer";
import type { BsmError } from "../../src/wire/errors";
import type { RecordFrame } from "../../src/wire/record";

/** What a path produced. */
export interface PathResult {
  /** Printed text, frames (`kind@offset+length`), or written bytes (hex). */
  out: string;
  errors: string[];
}

/** The streamed paths, by name. */
export const STREAM_PATHS = [
  "praudit frames",
  "praudit tokens",
  "select stream",
  "reduce stream",
] as const;

/** One of {@link STREAM_PATHS}. */
export type StreamPath = (typeof STREAM_PATHS)[number];

const PRINT = { oneLine: true, numeric: true } as const;

function errKey(e: BsmError): string {
  return `${e.kind}@${e.offset} rec ${e.recordOffset} tok ${e.tokenId} skip ${e.skipped}`;
}

function frameKey(f: RecordFrame): string {
  return `${f.kind}@${f.offset}+${f.length}${f.damaged ? "!" : ""}`;
}

/** `bytes` cut into `chunk`-byte pieces (copies, as a stream hands them out). */
export function chunked(bytes: Uint8Array, chunk: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunk) chunks.push(bytes.slice(i, i + chunk));
  return chunks;
}

/**
 * The whole-buffer twin of `path`: the records decoded from the whole
 * buffer and printed (both praudit paths), the frames of the whole buffer,
 * or the records `reduceRecords` keeps.
 */
export function wholeBuffer(path: StreamPath, bytes: Uint8Array): PathResult {
  const errors: string[] = [];
  const onError = (e: BsmError) => errors.push(errKey(e));
  switch (path) {
    case "praudit frames":
    case "praudit tokens": {
      const p = new PrauditPrinter(PRINT);
      const w = new PrintBuffer();
      for (const r of decodeAllRecords(bytes, { encoding: "latin1", onError })) {
        p.writeRecord(r, w);
      }
      return { out: w.take(), errors };
    }
    case "select stream":
      return { out: [...frameRecords(bytes, { onError })].map(frameKey).join(" "), errors };
    case "reduce stream": {
      const frames = [...reduceRecords(bytes, {}, { onError })];
      return { out: Buffer.concat(frames.map((f) => f.bytes)).toString("hex"), errors };
    }
  }
}

/** `path` fed `bytes` in `chunk`-byte pieces. */
export async function streamed(
  path: StreamPath,
  bytes: Uint8Array,
  chunk: number,
): Promise<PathResult> {
  const errors: string[] = [];
  const onError = (e: BsmError) => errors.push(errKey(e));
  const chunks = chunked(bytes, chunk);
  switch (path) {
    case "praudit frames": {
      const fp = new FramePrinter(new PrauditPrinter(PRINT), { encoding: "latin1", onError });
      const w = new PrintBuffer();
      for await (const batch of fp.batches(chunks)) fp.write(batch, w);
      return { out: w.take(), errors };
    }
    case "praudit tokens": {
      const p = new PrauditPrinter(PRINT);
      const w = new PrintBuffer();
      for await (const batch of decodeRecordStreamBatches(chunks, {
        encoding: "latin1",
        onError,
      })) {
        for (const r of batch) p.writeRecord(r, w);
      }
      return { out: w.take(), errors };
    }
    case "select stream": {
      const keys: string[] = [];
      for await (const batch of selectRecordStreamBatches(chunks, null, { onError })) {
        for (const f of batch) keys.push(frameKey(f));
      }
      return { out: keys.join(" "), errors };
    }
    case "reduce stream": {
      const parts: Buffer[] = [];
      const sink = new Writable({
        write(c: Buffer, _enc, cb) {
          parts.push(Buffer.from(c)); // the reducer reuses its buffer
          cb();
        },
      });
      // Reads no longer than the chunks: the reducer's own buffering is exercised too.
      await reduceStream(chunks, {}, sink, { onError, readBytes: Math.max(chunk, 64) });
      return { out: Buffer.concat(parts).toString("hex"), errors };
    }
  }
}

// ------------------------------------------------------------ copy counter

/** Bytes the ChunkDecoders copied since the last {@link resetCopied}. */
let copied = 0;
let counting = false;

/**
 * Counts the bytes every `ChunkDecoder` copies into buffers of its own, by
 * wrapping its private `extend` (nothing in src changes): bytes appended
 * plus the undecoded rest moved to a new buffer. Idempotent.
 */
export function countCopies(): void {
  if (counting) return;
  counting = true;
  const proto = ChunkDecoder.prototype as unknown as {
    extend: (to: number) => void;
  };
  const extend = proto.extend;
  if (typeof extend !== "function") throw new Error("ChunkDecoder has no extend method to count");
  proto.extend = function (this: { buf: Uint8Array; len: number; start: number }, to: number) {
    const buf = this.buf;
    const moved = this.len - this.start;
    const len = this.len;
    extend.call(this, to);
    copied += this.buf === buf ? this.len - len : this.len;
    if (this.buf !== buf && moved > this.len) throw new Error("extend lost bytes");
  };
}

export function resetCopied(): void {
  copied = 0;
}

export function copiedBytes(): number {
  return copied;
}

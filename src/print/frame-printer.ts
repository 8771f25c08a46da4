/**
 * Printing from record frames: the CLI's way through a trail when the text
 * fast path applies. Records are framed, not decoded; each frame is
 * printed straight from its bytes (`PrauditPrinter.writeFrame`), and only
 * the records that path leaves (file records, rarer token types, damage)
 * are decoded, so the output and the errors reported, in their order, are
 * exactly those of decoding every record.
 *
 * @module
 */

import { runBatches } from "../api/decode";
import { type ByteSource, ChunkDecoder, emittedBatches } from "../io/stream";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import type { BsmError } from "../wire/errors";
import { FrameDecoder } from "../wire/frame-decoder";
import { RecordDecoder } from "../wire/framer";
import type { BsmRecord, RecordFrame } from "../wire/record";
import type { PrintBuffer } from "./print-buffer";

/**
 * What a {@link FramePrinter} prints with: a PrauditPrinter, or the native
 * JSON writer (src/json/native-writer.ts).
 */
export interface FrameWriter {
  /** Prints a decoded record. */
  writeRecord(record: BsmRecord, w: PrintBuffer): void;
  /** Prints a frame from its bytes, or returns false with nothing written (then the frame is decoded). */
  writeFrame(frame: RecordFrame, w: PrintBuffer): boolean;
}

/**
 * Bytes framed per batch. 64 KiB: a batch's output (~1.7 bytes per input
 * byte) stays within one output flush (bench/run.ts, "praudit -l" case).
 */
const PRINT_BATCH_BYTES = 64 * 1024;

/**
 * Frames records and prints them with a {@link FrameWriter} (a
 * PrauditPrinter whose `printsFrames` is true, or a native JSON writer). Use one per input: {@link batches} (or
 * {@link batchesOf}) frames it, {@link write} prints each batch.
 */
export class FramePrinter {
  private readonly framer: RecordDecoder;
  private readonly fallback: FrameDecoder;
  /** Errors the framer reported, held until the record decoder would have reported them. */
  private readonly held: BsmError[] = [];
  private readonly onError: ((e: BsmError) => void) | undefined;

  /**
   * @param printer - prints the records.
   * @param options - decode options; errors reach `options.onError` in the
   *   order the record decoder reports them.
   */
  constructor(
    private readonly printer: FrameWriter,
    options?: Readonly<Partial<DecodeOptions>>,
  ) {
    this.onError = options?.onError;
    const hold = (e: BsmError) => {
      this.held.push(e);
    };
    this.framer = new RecordDecoder(resolveOptions({ ...options, onError: hold }), {
      frames: true,
      events: null,
      damagedRecords: true,
    });
    this.framer.batchBytes = PRINT_BATCH_BYTES;
    this.fallback = new FrameDecoder(options);
  }

  /**
   * Batches of frames of every record of `source` (a damaged record comes
   * decoded). `start`: the global offset of `source`'s first byte, when it
   * is the end of an input from a record boundary (default 0).
   */
  async *batches(source: ByteSource, start = 0): AsyncGenerator<RecordFrame[], void, undefined> {
    try {
      yield* emittedBatches<RecordFrame>(
        source,
        new ChunkDecoder(undefined, this.framer, { inPlace: true, start }),
      );
    } finally {
      // A damaged region closed by the end of input comes with no batch.
      this.release(Number.POSITIVE_INFINITY);
    }
  }

  /** {@link batches} of a buffer, synchronously (`start` as there). */
  *batchesOf(bytes: Uint8Array, start = 0): Generator<RecordFrame[], void, undefined> {
    yield* runBatches<RecordFrame>(this.framer, bytes, start);
    this.release(Number.POSITIVE_INFINITY);
  }

  /**
   * Prints a batch: a frame from its bytes when the printer can, else
   * decoded. Reports the errors held for the batch where they belong.
   */
  write(batch: readonly RecordFrame[], w: PrintBuffer): void {
    const printer = this.printer;
    for (let i = 0; i < batch.length; i++) {
      const r = batch[i];
      if (this.held.length > 0) this.release(r.offset);
      if (r.record !== null) printer.writeRecord(r.record, w);
      else if (!printer.writeFrame(r, w)) {
        const rec = this.fallback.decode(r);
        if (rec !== null) printer.writeRecord(rec, w);
      }
    }
    this.release(Number.POSITIVE_INFINITY);
  }

  /**
   * Reports the held errors the record decoder reports before it emits the
   * record at `offset`: those about records before it, and damaged regions
   * that end at or before it (reported when they end).
   */
  private release(offset: number): void {
    const held = this.held;
    let n = 0;
    while (n < held.length && heldUntil(held[n]) <= offset) n++;
    if (n === 0) return;
    const out = held.splice(0, n);
    for (const e of out) this.onError?.(e);
  }
}

/** Where in the input the record decoder reports `e`: a skipped region's end, else its record. */
function heldUntil(e: BsmError): number {
  return e.recordOffset + e.skipped;
}

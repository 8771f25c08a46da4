/**
 * What every command shares: output buffered as bytes and written out in
 * large writes, and progress on standard error.
 *
 * @module
 */

import { PrintBuffer } from "../print/print-buffer";

/** Bytes of output per write to stdout (bench/run.ts, "praudit -l" case). */
const OUT_FLUSH_BYTES = 1 << 18;

/** Written-out output buffers kept for reuse. */
const MAX_SPARE_BUFFERS = 4;

/**
 * Output buffered as bytes: the printer writes each record straight into
 * {@link w}, so no string is built; written out every OUT_FLUSH_BYTES.
 */
export class Output {
  /** Where the printer writes (a record may take it past OUT_FLUSH_BYTES; it grows). */
  readonly w = new PrintBuffer(OUT_FLUSH_BYTES + (OUT_FLUSH_BYTES >> 2));
  /** Buffers whose write is done, to print into again. */
  private readonly spare: Uint8Array[] = [];
  constructor(private readonly stream: NodeJS.WritableStream) {}

  /** Adds a byte string. */
  str(s: string): void {
    this.w.str(s);
  }

  /** Writes out what is buffered once there is enough; resolves when the stream has room again. */
  maybeFlush(): undefined | Promise<void> {
    return this.w.pos >= OUT_FLUSH_BYTES ? this.flush() : undefined;
  }

  /** Writes what is buffered. */
  flush(): undefined | Promise<void> {
    const w = this.w;
    if (w.pos === 0) return undefined;
    const buf = w.buf;
    // The stream keeps the written bytes until the write's callback: print
    // on into a buffer whose write is done (or fresh memory), and reuse this
    // one once its write is done.
    const ok = this.stream.write(Buffer.from(buf.buffer, buf.byteOffset, w.pos), () => {
      if (this.spare.length < MAX_SPARE_BUFFERS) this.spare.push(buf);
    });
    w.buf = this.spare.pop() ?? new Uint8Array(buf.length);
    w.pos = 0;
    return ok ? undefined : this.drain();
  }

  private drain(): Promise<void> {
    return new Promise((res) => this.stream.once("drain", () => res()));
  }
}

/** Progress on standard error: bytes read (skipped ones included), and a percentage when the total is known. */
export interface Progress {
  /** Adds inputs whose sizes make the total (an input of unknown size makes it unknown). */
  expect(inputs: readonly { size: number | undefined }[]): void;
  /** Counts bytes read. */
  tick(bytes: number): void;
  /** Prints the last line. */
  done(): void;
}

/** Seconds between progress lines: often enough to see movement, rarely enough to cost nothing. */
const PROGRESS_EVERY_MS = 1000;

/**
 * A {@link Progress} printing `bsm-trail: 12.3 MB of 45.6 MB (27%) in 1.0 s
 * (12 MB/s)` about once a second, or nothing when not `enabled`.
 */
export function progressReporter(enabled: boolean): Progress {
  if (!enabled) return { expect() {}, tick() {}, done() {} };
  const t0 = performance.now();
  let last = t0;
  let total = 0;
  let expected: number | undefined = 0;
  const show = (end: string) => {
    const s = (performance.now() - t0) / 1000;
    const of =
      expected === undefined || expected === 0
        ? ""
        : ` of ${(expected / 1e6).toFixed(1)} MB (${Math.min(100, Math.floor((100 * total) / expected))}%)`;
    process.stderr.write(
      `\rbsm-trail: ${(total / 1e6).toFixed(1)} MB${of} in ${s.toFixed(1)} s (${(total / 1e6 / Math.max(s, 1e-3)).toFixed(0)} MB/s)${end}`,
    );
  };
  return {
    expect(inputs) {
      for (const i of inputs) {
        expected = expected === undefined || i.size === undefined ? undefined : expected + i.size;
      }
    },
    tick(bytes) {
      total += bytes;
      const now = performance.now();
      if (now - last > PROGRESS_EVERY_MS) {
        last = now;
        show("");
      }
    },
    done() {
      show("\n");
    },
  };
}

/** Prints a notice (an input left out, and why) on standard error. */
export function notice(path: string, reason: string): void {
  process.stderr.write(`bsm-trail: ${path}: skipped (${reason})\n`);
}

/**
 * A signal aborted by the first SIGINT or SIGTERM (`--follow` then ends
 * cleanly: output flushed, exit status as usual); a second one kills.
 */
export function interruptSignal(): AbortSignal {
  const ac = new AbortController();
  const stop = () => {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
    ac.abort();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return ac.signal;
}

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

export interface Progress {
  tick(bytes: number): void;
  done(): void;
}

export function progressReporter(enabled: boolean): Progress {
  if (!enabled) return { tick() {}, done() {} };
  const t0 = performance.now();
  let last = t0;
  let total = 0;
  const show = (end: string) => {
    const s = (performance.now() - t0) / 1000;
    process.stderr.write(
      `\rbsm-trail: ${(total / 1e6).toFixed(1)} MB in ${s.toFixed(1)} s (${(total / 1e6 / Math.max(s, 1e-3)).toFixed(0)} MB/s)${end}`,
    );
  };
  return {
    tick(bytes) {
      total += bytes;
      const now = performance.now();
      if (now - last > 1000) {
        last = now;
        show("");
      }
    },
    done() {
      show("\n");
    },
  };
}

/**
 * The `bsm-trail` command.
 *
 * `bsm-trail praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE]
 * [--group FILE] [file ...]` prints trails exactly as OpenBSM's praudit
 * does (standard input when no file is named).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { decodeRecordStreamBatches } from "../io/stream";
import { openTrailStream } from "../io/trail";
import { FramePrinter } from "../print/frame-printer";
import { PrauditPrinter, PrintBuffer } from "../print/index";
import type { ErrnoPlatform } from "../tables/errno";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { loadHostDb, nameResolver, numericNames } from "../tables/users";
import type { DecodeOptions } from "../wire/decode-options";
import type { BsmError } from "../wire/errors";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { reduceCommand } from "./reduce";

const USAGE = `usage: bsm-trail <command> [options] [file ...]

commands:
  praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE] [--group FILE] [file ...]
      Print trails as OpenBSM's praudit does (standard input when no file is named).
      -l  one record per line          -r  raw numbers (no names)
      -s  short event names            -n  no uid/gid name lookup
      -x  XML (always well-formed)     -d  field delimiter (default ",")
      -p  accepted for praudit compatibility (bsm-trail always resyncs after damage)
      --passwd FILE, --group FILE   user and group names (default /etc/passwd, /etc/group)
      --events FILE                 audit_event table (default: bundled OpenBSM table)
      --apple-events                use the bundled Apple audit_event table
      --platform macos|freebsd|linux  whose strerror words failures print (default macos)
      --openbsm-unknown             print Apple tokens as OpenBSM's praudit does (unknown,0x...)
      --strict                      stop at the first damage (exit status 1)
      --progress                    report progress on standard error
  reduce [-A] [-a time] [-b time] [-c classes] [-d day] [-e user] [-f group] [-g group] [-j pid]
         [-m event]... [-o type=value]... [-r user] [-u user] [-v] [file ...]
      Select records as OpenBSM's auditreduce does and write them raw to standard output
      (bsm-trail reduce -h for every option).

exit status: 0 success, 1 damage reported or a file unreadable, 2 usage error.
Damage is reported on standard error with file, byte offset and token; every
intact record before and after it is still printed.
`;

/** Bytes of output per write to stdout (bench/run.ts, "praudit -l" case). */
const OUT_FLUSH_BYTES = 1 << 18;

/** Written-out output buffers kept for reuse. */
const MAX_SPARE_BUFFERS = 4;

/**
 * Output buffered as bytes: the printer writes each record straight into
 * {@link w}, so no string is built; written out every OUT_FLUSH_BYTES.
 */
class Output {
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

interface Progress {
  tick(bytes: number): void;
  done(): void;
}

function progressReporter(enabled: boolean): Progress {
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

async function praudit(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      l: { type: "boolean", short: "l" },
      n: { type: "boolean", short: "n" },
      r: { type: "boolean", short: "r" },
      s: { type: "boolean", short: "s" },
      x: { type: "boolean", short: "x" },
      p: { type: "boolean", short: "p" },
      d: { type: "string", short: "d" },
      passwd: { type: "string" },
      group: { type: "string" },
      events: { type: "string" },
      "apple-events": { type: "boolean" },
      platform: { type: "string" },
      "openbsm-unknown": { type: "boolean" },
      strict: { type: "boolean" },
      progress: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.r && values.s) throw new UsageError("-r and -s cannot be used together");
  const platform = (values.platform ?? "macos") as ErrnoPlatform;
  if (!["macos", "freebsd", "linux"].includes(platform)) {
    throw new UsageError(`--platform must be macos, freebsd or linux, not ${values.platform}`);
  }
  let events: EventTable = openbsmEvents();
  if (values["apple-events"]) events = appleEvents();
  if (values.events) events = loadEventTable(values.events);
  const names = values.n
    ? numericNames
    : nameResolver(loadHostDb({ passwd: values.passwd, group: values.group }));
  const printer = new PrauditPrinter({
    oneLine: !!values.l,
    raw: !!values.r,
    short: !!values.s,
    numeric: !!values.n,
    xml: !!values.x,
    delimiter: values.d ?? ",",
    events,
    names,
    platform,
    appleTokens: !values["openbsm-unknown"],
  });
  const out = new Output(process.stdout);
  const progress = progressReporter(!!values.progress);
  let status = 0;
  const files = positionals.length > 0 ? positionals : ["-"];
  out.str(printer.header());
  for (const file of files) {
    const onError = (e: BsmError) => {
      status = 1;
      process.stderr.write(`bsm-trail: ${e.message}\n`);
    };
    const options: Partial<DecodeOptions> = {
      // praudit prints string fields from their raw bytes (the `...Bytes`
      // views), never from the decoded text: latin1 spares the decoder its
      // UTF-8 check and TextDecoder calls, and changes no output byte.
      encoding: "latin1",
      strict: !!values.strict,
      onError,
      fileName: file === "-" ? "(stdin)" : file,
    };
    try {
      const source = file === "-" ? process.stdin : await openTrailStream(file);
      // Print frames from their bytes where the printer can (see
      // PrauditPrinter.printsFrames), else decode every record.
      const frames = printer.printsFrames ? new FramePrinter(printer, options) : null;
      const batches: AsyncIterable<readonly (RecordFrame | BsmRecord)[]> =
        frames !== null ? frames.batches(source) : decodeRecordStreamBatches(source, options);
      for await (const batch of batches) {
        let bytes = 0;
        if (frames !== null) frames.write(batch as readonly RecordFrame[], out.w);
        for (let i = 0; i < batch.length; i++) {
          if (!frames) printer.writeRecord(batch[i] as BsmRecord, out.w);
          bytes += batch[i].length;
        }
        const wait = out.maybeFlush();
        if (wait !== undefined) await wait;
        progress.tick(bytes);
      }
    } catch (e) {
      status = 1;
      const err = e as NodeJS.ErrnoException;
      process.stderr.write(`bsm-trail: ${err.code ? `${file}: ${err.message}` : err.message}\n`);
      if (values.strict) break;
    }
  }
  out.str(printer.footer());
  await out.flush();
  progress.done();
  return status;
}

class UsageError extends Error {}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "praudit":
        return await praudit(rest);
      case "reduce":
        return await reduceCommand(rest);
      case undefined:
      case "-h":
      case "--help":
      case "help":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`bsm-trail: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

// Keep stdout's EPIPE (e.g. `| head`) quiet.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`bsm-trail: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);

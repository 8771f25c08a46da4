/**
 * `bsm-trail praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE]
 * [--group FILE] [file ...]`: prints trails exactly as OpenBSM's praudit
 * does (standard input when no file is named).
 *
 * @module
 */

import { parseArgs } from "node:util";
import { decodeRecordStreamBatches } from "../io/stream";
import { openTrailStream } from "../io/trail";
import { FramePrinter } from "../print/frame-printer";
import { PrauditPrinter } from "../print/praudit";
import type { ErrnoPlatform } from "../tables/errno";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { loadHostDb, nameResolver, numericNames } from "../tables/users";
import type { DecodeOptions } from "../wire/decode-options";
import type { BsmError } from "../wire/errors";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { Output, progressReporter } from "./output";
import { timeZoneOf } from "./time-zone-option";
import { USAGE, UsageError } from "./usage";

/** Runs `bsm-trail praudit` with its arguments; resolves to the exit status. */
export async function prauditCommand(argv: string[]): Promise<number> {
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
      utc: { type: "boolean" },
      tz: { type: "string" },
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
    timeZone: timeZoneOf(values),
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

/**
 * `bsm-trail praudit [-l] [-n] [-r | -s] [-x] [-d del] [-p] [--passwd FILE]
 * [--group FILE] [file ...]`: prints trails exactly as OpenBSM's praudit
 * does (standard input when no file is named).
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  type BatchDecoder,
  decodeBatches,
  type FollowTrailOptions,
  followTrailBatches,
  mergedTrailBatches,
  type TrailSetOptions,
  trailSetBatches,
} from "../api/trail-set";
import { FramePrinter } from "../print/frame-printer";
import { PrauditPrinter } from "../print/praudit";
import type { ErrnoPlatform } from "../tables/errno";
import { appleEvents, type EventTable, loadEventTable, openbsmEvents } from "../tables/events";
import { loadHostDb, nameResolver, numericNames } from "../tables/users";
import { BsmError } from "../wire/errors";
import type { BsmRecord, RecordFrame } from "../wire/record";
import { interruptSignal, notice, Output, progressReporter } from "./output";
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
      follow: { type: "boolean", short: "F" },
      merge: { type: "boolean" },
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
  if (values.follow && files.length !== 1)
    throw new UsageError("--follow takes one directory or trail");
  if (values.follow && values.merge)
    throw new UsageError("--follow and --merge cannot be used together");
  const options: Partial<TrailSetOptions & FollowTrailOptions> = {
    // praudit prints string fields from their raw bytes (the `...Bytes`
    // views), never from the decoded text: latin1 spares the decoder its
    // UTF-8 check and TextDecoder calls, and changes no output byte.
    encoding: "latin1",
    strict: !!values.strict,
    onError: (e: BsmError) => {
      // -p: a stream joined in the middle starts with the rest of a record: not damage.
      if (values.p && e.kind === "garbage" && e.recordOffset === 0) return;
      status = 1;
      process.stderr.write(`bsm-trail: ${e.message}\n`);
    },
    onSkip: notice,
    onInputs: (inputs) => progress.expect(inputs),
    onRead: progress.tick,
    // Nothing waits in the buffer while the input is idle (tail -f | bsm-trail praudit).
    onIdle: () => void out.flush(),
    signal: values.follow ? interruptSignal() : undefined,
  };
  // Print frames from their bytes where the printer can (see
  // PrauditPrinter.printsFrames), else decode every record. Merged streams
  // are decoded: a frame printer reports one input's errors in order.
  let frames: FramePrinter | null = null;
  const decode: BatchDecoder<RecordFrame | BsmRecord> =
    printer.printsFrames && !values.merge
      ? (chunks, o) => {
          frames = new FramePrinter(printer, o);
          return frames.batches(chunks);
        }
      : decodeBatches;
  const batches = values.follow
    ? followTrailBatches(files[0], decode, options)
    : values.merge
      ? mergedTrailBatches(files, decode, options)
      : trailSetBatches(files, decode, options);
  out.str(printer.header());
  try {
    for await (const batch of batches) {
      if (frames !== null) (frames as FramePrinter).write(batch as readonly RecordFrame[], out.w);
      else for (let i = 0; i < batch.length; i++) printer.writeRecord(batch[i] as BsmRecord, out.w);
      const wait = out.maybeFlush();
      if (wait !== undefined) await wait;
    }
  } catch (e) {
    if (!(e instanceof BsmError)) throw e;
    status = 1;
    process.stderr.write(`bsm-trail: ${e.message}\n`);
  }
  out.str(printer.footer());
  await out.flush();
  progress.done();
  return status;
}

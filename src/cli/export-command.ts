/**
 * `bsm-trail export --format native|ocsf -o OUT [--partition day] [file ...]`:
 * writes records as Parquet (standard input when no file is named).
 *
 * @module
 */

import type { Readable } from "node:stream";
import { parseArgs } from "node:util";
import { parquetSinkFor } from "../export/export-parquet";
import type { ParquetSink } from "../export/parquet-sink";
import { decodeRecordStreamBatches } from "../io/stream";
import { JsonConverter } from "../json/convert";
import type { NativeRecord } from "../json/native";
import type { OcsfRecord } from "../json/ocsf-record";
import { BsmError, IoError } from "../wire/errors";
import { eventTableOf, hostDbOf } from "./json-command";
import { trailInputs } from "./json-input";
import { progressReporter } from "./output";
import { USAGE, UsageError } from "./usage";

/** Runs `bsm-trail export` with its arguments; resolves to the exit status. */
export async function exportCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      format: { type: "string", short: "f" },
      o: { type: "string", short: "o" },
      partition: { type: "string" },
      passwd: { type: "string" },
      group: { type: "string" },
      events: { type: "string" },
      "apple-events": { type: "boolean" },
      "process-context": { type: "boolean" },
      "no-process-context": { type: "boolean" },
      strict: { type: "boolean" },
      progress: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = values.format ?? "native";
  if (format !== "native" && format !== "ocsf") {
    throw new UsageError(`export --format must be native or ocsf, not ${format}`);
  }
  if (values.o === undefined) throw new UsageError("export needs -o OUT");
  const partition = values.partition ?? "none";
  if (partition !== "none" && partition !== "day") {
    throw new UsageError(`--partition must be day (or none), not ${partition}`);
  }
  const events = eventTableOf(values);
  const hostDb = hostDbOf(values);
  const processContext = values["process-context"]
    ? true
    : values["no-process-context"]
      ? false
      : format !== "native";
  let sink: ParquetSink<NativeRecord | OcsfRecord>;
  try {
    sink = (await parquetSinkFor(format, { out: values.o, partition })) as ParquetSink<
      NativeRecord | OcsfRecord
    >;
  } catch (e) {
    process.stderr.write(`bsm-trail: ${(e as Error).message}\n`);
    return 1;
  }
  const progress = progressReporter(!!values.progress);
  let status = 0;
  for (const input of trailInputs(positionals)) {
    const name = input.name ?? "(stdin)";
    const onError = (e: BsmError) => {
      status = 1;
      process.stderr.write(`bsm-trail: ${e.message}\n`);
    };
    const converter = new JsonConverter({
      format,
      events,
      hostDb,
      fileName: input.name,
      processContext,
    });
    try {
      const source = await input.open();
      const batches = decodeRecordStreamBatches(source as Readable, {
        strict: !!values.strict,
        onError,
        fileName: name,
      });
      for await (const batch of batches) {
        let read = 0;
        for (let i = 0; i < batch.length; i++) {
          const j = converter.convert(batch[i]);
          if (j !== null) sink.add(j as NativeRecord | OcsfRecord);
          read += batch[i].length;
        }
        progress.tick(read);
      }
    } catch (e) {
      status = 1;
      const err = e as NodeJS.ErrnoException;
      // A BsmError (damage in strict mode, an unwritable output) names its file.
      const named = e instanceof BsmError || !err.code;
      process.stderr.write(`bsm-trail: ${named ? err.message : `${name}: ${err.message}`}\n`);
      if (values.strict || (e instanceof IoError && e.file !== name)) break;
    }
  }
  try {
    const result = sink.close();
    progress.done();
    process.stderr.write(`bsm-trail: ${result.rows} rows in ${result.files.length} file(s)\n`);
  } catch (e) {
    process.stderr.write(`bsm-trail: ${(e as Error).message}\n`);
    return 1;
  }
  return status;
}

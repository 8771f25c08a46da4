/**
 * `bsm-trail export --format native|ocsf -o OUT [--partition day] [reduce's
 * options but -o] [file|dir ...]`: writes the records reduce's options
 * select as Parquet; every input of praudit (standard input when no file
 * is named, directories, `--merge`, `--follow`).
 *
 * @module
 */

import { parquetSinkFor } from "../export/export-parquet";
import type { ParquetSink } from "../export/parquet-sink";
import type { NativeRecord } from "../json/native";
import type { OcsfRecord } from "../json/ocsf-record";
import { BsmError } from "../wire/errors";
import { convertersFor, inputOptions, optionValue } from "./json-command";
import { inputRecords } from "./json-input";
import { progressReporter } from "./output";
import { parseSelectionArgs } from "./reduce-command";
import { USAGE, UsageError } from "./usage";

/** The long options `export` adds to reduce's (name → takes an argument). */
const EXPORT_LONG = {
  format: true,
  partition: true,
  "process-context": false,
  "no-process-context": false,
  progress: false,
  follow: false,
};

/** Runs `bsm-trail export` with its arguments; resolves to the exit status. */
export async function exportCommand(argv: string[]): Promise<number> {
  const args = parseSelectionArgs(argv, EXPORT_LONG, false);
  const has = (name: string) => args.given.has(name);
  if (args.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const format = optionValue(args, "format") ?? "native";
  if (format !== "native" && format !== "ocsf") {
    throw new UsageError(`export --format must be native or ocsf, not ${format}`);
  }
  const outPath = optionValue(args, "o");
  if (outPath === undefined) throw new UsageError("export needs -o OUT");
  if ((args.given.get("o")?.length ?? 0) > 1) throw new UsageError("-o given more than once");
  const partition = optionValue(args, "partition") ?? "none";
  if (partition !== "none" && partition !== "day") {
    throw new UsageError(`--partition must be day (or none), not ${partition}`);
  }
  const converterFor = convertersFor(args, format);
  let sink: ParquetSink<NativeRecord | OcsfRecord>;
  try {
    sink = (await parquetSinkFor(format, { out: outPath, partition })) as ParquetSink<
      NativeRecord | OcsfRecord
    >;
  } catch (e) {
    process.stderr.write(`bsm-trail: ${(e as Error).message}\n`);
    return 1;
  }
  const progress = progressReporter(has("progress"));
  let status = 0;
  const fail = (e: BsmError) => {
    status = 1;
    process.stderr.write(`bsm-trail: ${e.message}\n`);
  };
  try {
    for await (const batch of inputRecords(
      args.files,
      converterFor,
      inputOptions(args, progress, () => {}, fail),
    )) {
      for (let i = 0; i < batch.length; i++) {
        const j = batch[i].converter.convert(batch[i].record);
        if (j !== null) sink.add(j as NativeRecord | OcsfRecord);
      }
    }
  } catch (e) {
    // A BsmError (damage in strict mode, an unwritable output) names its file.
    if (!(e instanceof BsmError)) throw e;
    fail(e);
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

/**
 * `exportParquet`: records to Parquet in the native or OCSF format, one
 * file or a Hive-style tree of day partitions, in bounded memory.
 *
 * @module
 */

import { JsonConverter, type JsonOptions } from "../json/convert";
import type { NativeRecord } from "../json/native";
import type { OcsfRecord } from "../json/ocsf-record";
import type { BsmRecord } from "../wire/record";
import { type Columns, NATIVE_COLUMNS, OCSF_COLUMNS } from "./parquet-columns";
import {
  NULL_PARTITION,
  type ParquetResult,
  ParquetSink,
  type ParquetSinkOptions,
} from "./parquet-sink";

/** Options of {@link exportParquet}: the JSON options (format `native` or `ocsf`) and the sink's. */
export interface ExportOptions extends Omit<JsonOptions, "format">, ParquetSinkOptions {
  /**
   * `native` or `ocsf` (ECS is for search engines, not tables).
   * @defaultValue "native"
   */
  format: "native" | "ocsf";
}

/** The UTC day of an epoch-millisecond time, `YYYY-MM-DD`, or Hive's null partition. */
export function dayOf(ms: number | null): string {
  return ms === null ? NULL_PARTITION : new Date(ms).toISOString().slice(0, 10);
}

/** A sink for the rows of a format. */
export function parquetSinkFor(
  format: "native" | "ocsf",
  options: Readonly<Partial<ParquetSinkOptions>> & { out: string },
): Promise<ParquetSink<NativeRecord>> | Promise<ParquetSink<OcsfRecord>> {
  if (format === "native") {
    return ParquetSink.create(NATIVE_COLUMNS as Columns<NativeRecord>, options, (r) =>
      dayOf(r.timeMs),
    );
  }
  if (format === "ocsf") {
    return ParquetSink.create(OCSF_COLUMNS as Columns<OcsfRecord>, options, (r) =>
      dayOf(r.time as number | null),
    );
  }
  throw new RangeError(`format must be native or ocsf, not ${format}`);
}

/**
 * Writes records as Parquet: one file at `out`, or with `partition: "day"`
 * the files `out/day=YYYY-MM-DD/part-NNNNN.parquet`. Row groups are
 * written as they fill, so memory stays bounded whatever the input size.
 * OCSF leaves out a trail's file records, as `json --format ocsf` does.
 *
 * @param records - records of one stream, in order (a sync or async iterable)
 * @param options - see {@link ExportOptions}; `out` is required
 * @returns the rows and files written
 */
export async function exportParquet(
  records: AsyncIterable<BsmRecord> | Iterable<BsmRecord>,
  options: Readonly<Partial<ExportOptions>> & { out: string },
): Promise<ParquetResult> {
  const format = options.format ?? "native";
  const converter = new JsonConverter({ ...options, format });
  const sink = (await parquetSinkFor(format, options)) as ParquetSink<NativeRecord | OcsfRecord>;
  for await (const r of records) {
    const j = converter.convert(r);
    if (j !== null) sink.add(j as NativeRecord | OcsfRecord);
  }
  return sink.close();
}

/**
 * Records as JSON objects: from records in hand ({@link recordsToJson})
 * or from a trail file or byte stream ({@link readTrailJson}).
 *
 * @module
 */

import { type ByteSource, decodeRecordStreamBatches } from "../io/stream";
import { openTrailStream } from "../io/trail";
import type { DecodeOptions } from "../wire/decode-options";
import type { BsmRecord } from "../wire/record";
import { JsonConverter, type JsonOptions, type JsonRecord } from "./convert";

/**
 * The JSON objects of records, in order (ECS and OCSF skip file records).
 *
 * @param records - records of one stream, in order (process context follows them)
 * @param options - see {@link JsonOptions}
 */
export function* recordsToJson(
  records: Iterable<BsmRecord>,
  options?: Readonly<Partial<JsonOptions>>,
): Generator<JsonRecord, void, undefined> {
  const c = new JsonConverter(options);
  for (const r of records) {
    const j = c.convert(r);
    if (j !== null) yield j;
  }
}

/**
 * Async iterator of the JSON objects of a trail: a file path (gzip'd
 * trails recognised) or any byte source. Damage is reported through
 * `onError` as by readTrail, and every intact record is still converted.
 *
 * @param source - a trail file's path, or a byte source
 * @param options - see {@link JsonOptions} and {@link DecodeOptions};
 *   `fileName` defaults to the path (it names the file in errors and in
 *   `source.file`)
 */
export async function* readTrailJson(
  source: string | ByteSource,
  options?: Readonly<Partial<JsonOptions & DecodeOptions>>,
): AsyncGenerator<JsonRecord, void, undefined> {
  const fileName = options?.fileName ?? (typeof source === "string" ? source : undefined) ?? null;
  const c = new JsonConverter({ ...options, fileName });
  const bytes = typeof source === "string" ? await openTrailStream(source) : source;
  const decode = { ...options, fileName: fileName ?? undefined };
  for await (const batch of decodeRecordStreamBatches(bytes, decode)) {
    for (let i = 0; i < batch.length; i++) {
      const j = c.convert(batch[i]);
      if (j !== null) yield j;
    }
  }
}

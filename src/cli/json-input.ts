/**
 * The inputs of `json` and `export`: every input of `praudit` and `reduce`
 * (files, `/var/audit` directories, `-`, gzip anywhere; `--merge` of
 * several sources; `--follow` of one), the records `reduce`'s selection
 * options keep, each with the converter of the file it came from (so
 * `source.file` names it, merged or not).
 *
 * @module
 */

import { Criteria, type ReduceSelection } from "../api/criteria";
import {
  type BatchDecoder,
  type FollowTrailOptions,
  followTrailBatches,
  mergedTrailBatches,
  type TrailSetOptions,
  trailSetBatches,
} from "../api/trail-set";
import { decodeRecordStreamBatches } from "../io/stream";
import type { TrailInput } from "../io/trail-files";
import type { BsmRecord } from "../wire/record";

/** A record and the converter of its input. */
export interface InputRecord<C> {
  /** Header time (the merge's key). */
  seconds: number;
  /** Header time (the merge's key). */
  milliseconds: number;
  /** The record. */
  record: BsmRecord;
  /** The converter made for its input. */
  converter: C;
}

/** How {@link inputRecords} reads. */
export interface InputRecordOptions extends Partial<TrailSetOptions & FollowTrailOptions> {
  /** Merge the paths by header time. */
  merge: boolean;
  /** Follow the one path. */
  follow: boolean;
  /** reduce's selection; null keeps every record. */
  selection: Partial<ReduceSelection> | null;
}

/**
 * Batches of the selected records of `paths`, each with the converter
 * `converterFor` made for its input (once per input).
 */
export function inputRecords<C>(
  paths: readonly string[],
  converterFor: (input: Readonly<TrailInput>) => C,
  o: Readonly<InputRecordOptions>,
): AsyncIterable<InputRecord<C>[]> {
  const criteria = o.selection === null ? null : new Criteria(o.selection);
  const decode: BatchDecoder<InputRecord<C>> = (chunks, options, input) =>
    tagged(decodeRecordStreamBatches(chunks, options), converterFor(input), criteria);
  if (o.follow) return followTrailBatches(paths[0], decode, o);
  if (o.merge) return mergedTrailBatches(paths, decode, o);
  return trailSetBatches(paths, decode, o);
}

async function* tagged<C>(
  batches: AsyncIterable<BsmRecord[]>,
  converter: C,
  criteria: Criteria | null,
): AsyncGenerator<InputRecord<C>[], void, undefined> {
  for await (const batch of batches) {
    const out: InputRecord<C>[] = [];
    for (let i = 0; i < batch.length; i++) {
      const record = batch[i];
      if (criteria !== null && criteria.recordPasses(record) === criteria.invert) continue;
      out.push({ seconds: record.seconds, milliseconds: record.milliseconds, record, converter });
    }
    if (out.length > 0) yield out;
  }
}

/**
 * One converter for the three JSON formats: native, ECS and OCSF, over the
 * records of one stream (process context and event lookups carried from
 * record to record).
 *
 * @module
 */

import type { BsmRecord } from "../wire/record";
import { type EcsRecord, nativeToEcs } from "./ecs";
import { NativeConverter, type NativeOptions, type NativeRecord } from "./native";
import { nativeToOcsf, type OcsfRecord } from "./ocsf-record";

/** The JSON formats. */
export type JsonFormat = "native" | "ecs" | "ocsf";

/** Every JSON format's name. */
export const JSON_FORMATS: readonly JsonFormat[] = ["native", "ecs", "ocsf"];

/** Options of {@link JsonConverter} (and of readTrailJson, recordsToJson). */
export interface JsonOptions extends NativeOptions {
  /**
   * The format.
   * @defaultValue "native"
   */
  format: JsonFormat;
}

/** A record as JSON in any format. */
export type JsonRecord = NativeRecord | EcsRecord | OcsfRecord;

/**
 * Turns the records of one stream into JSON objects of one format. Process
 * context is on by default in ECS and OCSF and off in native (option
 * `processContext`). ECS and OCSF leave out a trail's file records (the
 * file tokens at each end of a trail file): they are not events.
 */
export class JsonConverter {
  /** The format. */
  readonly format: JsonFormat;
  /** The native converter underneath. */
  readonly native: NativeConverter;

  /** @param options - see {@link JsonOptions}. */
  constructor(options?: Readonly<Partial<JsonOptions>>) {
    const format = options?.format ?? "native";
    if (!JSON_FORMATS.includes(format)) {
      throw new RangeError(`format must be native, ecs or ocsf, not ${format}`);
    }
    this.format = format;
    this.native = new NativeConverter({
      ...options,
      processContext: options?.processContext ?? format !== "native",
    });
  }

  /** The record as JSON, or null for a file record in ECS and OCSF. */
  convert(record: BsmRecord): JsonRecord | null {
    if (this.format === "native") return this.native.convert(record);
    if (record.kind === "file") return null;
    const n = this.native.convert(record);
    const ctx = this.native.context;
    const self = ctx !== null && n.subject !== null ? ctx.process(n.subject.pid) : undefined;
    return this.format === "ecs" ? nativeToEcs(n, self) : nativeToOcsf(n, self);
  }
}

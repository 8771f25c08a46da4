/**
 * bsm-trail: read OpenBSM binary audit trails.
 *
 * @packageDocumentation
 */

export { decodeAllRecords, decodeRecordBatches, decodeRecords } from "./api/decode";
export { detachRecord, detachToken } from "./api/detach";
export {
  type ParallelFileResult,
  type ParallelOptions,
  type ParallelTask,
  processTrails,
} from "./api/parallel";
export * from "./api/reduce";
export * from "./api/select";
export {
  type ByteSource,
  ChunkDecoder,
  decodeRecordStream,
  decodeRecordStreamBatches,
} from "./io/stream";
export { isGzipFile, openTrailStream, readTrail, readTrailBatches } from "./io/trail";
export * from "./print/index";
export * from "./spec/layouts";
export * from "./spec/token-types";
export * from "./tables/errno";
export * from "./tables/events";
export * from "./tables/users";
export * from "./testing/generator";
export * from "./wire/addr";
export { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from "./wire/decode-options";
export * from "./wire/encoder";
export * from "./wire/errors";
export { decodeFrame, FrameDecoder, type RecordFrame } from "./wire/frame";
export { type DecoderMode, type Emitted, RecordDecoder } from "./wire/framer";
export { type BsmRecord, recordTime } from "./wire/record";

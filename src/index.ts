/**
 * bsm-trail: read OpenBSM binary audit trails.
 *
 * @packageDocumentation
 */

export * from "./addr";
export { decodeAllRecords, decodeRecordBatches, decodeRecords } from "./decode";
export { type DecoderMode, type Emitted, RecordDecoder } from "./decoder";
export { detachRecord, detachToken } from "./detach";
export * from "./encoder";
export * from "./errno";
export * from "./errors";
export * from "./events";
export { decodeFrame, FrameDecoder, type RecordFrame } from "./frame";
export * from "./generator";
export * from "./hostdb";
export * from "./layouts";
export { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from "./options";
export {
  type ParallelFileResult,
  type ParallelOptions,
  type ParallelTask,
  processTrails,
} from "./parallel";
export * from "./praudit";
export { type BsmRecord, recordTime } from "./record";
export * from "./reduce";
export * from "./select";
export {
  type ByteSource,
  ChunkDecoder,
  decodeRecordStream,
  decodeRecordStreamBatches,
} from "./stream";
export * from "./tokens";
export { isGzipFile, openTrailStream, readTrail, readTrailBatches } from "./trail";

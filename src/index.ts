/**
 * bsm-trail: read OpenBSM binary audit trails.
 *
 * @packageDocumentation
 */

export * from "./addr";
export { decodeAllRecords, decodeRecordBatches, decodeRecords } from "./decode";
export { RecordDecoder } from "./decoder";
export * from "./errors";
export { DEFAULT_DECODE_OPTIONS, type DecodeOptions } from "./options";
export { type BsmRecord, recordTime } from "./record";
export {
  type ByteSource,
  ChunkDecoder,
  decodeRecordStream,
  decodeRecordStreamBatches,
} from "./stream";
export * from "./tokens";
export { isGzipFile, openTrailStream, readTrail, readTrailBatches } from "./trail";

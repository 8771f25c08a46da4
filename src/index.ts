/**
 * bsm-trail: read OpenBSM binary audit trails.
 *
 * The package root exports, by name, what a user of the library needs:
 * decoding (buffers, streams, files, worker threads), selection on header
 * fields and auditreduce's filters, the praudit printer, the encoder and
 * its token builders, the event/class/errno/user tables, the error classes,
 * and every type those use. The seeded trail generator lives in the
 * `bsm-trail/testing` subpath. Everything else (the framing loop, chunk
 * joiner, print buffer, byte writer, token layout table...) is internal and
 * may change between releases.
 *
 * @packageDocumentation
 */

// ------------------------------------------------------------ decoding

export { decodeAllRecords, decodeRecordBatches, decodeRecords } from "./api/decode";
export { detachRecord, detachToken } from "./api/detach";
export {
  type ParallelFileResult,
  type ParallelOptions,
  type ParallelTask,
  processTrails,
} from "./api/parallel";
export { type ByteSource, decodeRecordStream, decodeRecordStreamBatches } from "./io/stream";
export { isGzipFile, openTrailStream, readTrail, readTrailBatches } from "./io/trail";
export type { DecodeOptions } from "./wire/decode-options";
export { decodeFrame, FrameDecoder, type RecordFrame } from "./wire/frame";
export { type BsmRecord, recordTime } from "./wire/record";

// ------------------------------------------------------------ selection

export {
  type ClassMasks,
  type FilePattern,
  parseClassFlags,
  parseFileSpec,
  type ReduceOptions,
  type ReduceResult,
  type ReduceSelection,
  type ReduceSink,
  reduceRecords,
  reduceStream,
  reduceTrail,
} from "./api/reduce";
export {
  frameRecordBatches,
  frameRecords,
  type Selection,
  selectRecordBatches,
  selectRecordStreamBatches,
  selectRecords,
} from "./api/select";

// ------------------------------------------------------------ errors

export {
  BsmError,
  type BsmErrorInit,
  type BsmErrorKind,
  GarbageError,
  MalformedTokenError,
  RecordTooLargeError,
  TrailerMismatchError,
  TruncatedError,
  UnknownTokenError,
} from "./wire/errors";

// ------------------------------------------------------------ printing

export { prauditBytes } from "./print/format";
export { PrauditPrinter, prauditText } from "./print/praudit";
export type { PrauditOptions } from "./print/praudit-options";

// ------------------------------------------------------------ encoding

export {
  type AttrInput,
  type EncodeRecordOptions,
  encodeRecord,
  encodeToken,
  encodeTrail,
  type HeaderExInput,
  type HeaderInput,
  type SubjectInput,
  tokens,
} from "./wire/encoder";

// ------------------------------------------------------------ tables

export { bsmErrnoName, type ErrnoPlatform, returnStatusText } from "./tables/errno";
export {
  type AuditClassEntry,
  type AuditEventEntry,
  AuditTableError,
  appleEvents,
  EventTable,
  loadEventTable,
  openbsmEvents,
  type ParseTableOptions,
  parseAuditClass,
  parseAuditEvent,
  type TableIssue,
} from "./tables/events";
export {
  type HostDb,
  type HostDbPaths,
  type HostIds,
  loadHostDb,
  loadHostIds,
  type NameResolver,
  nameResolver,
  numericNames,
  parseGroup,
  parsePasswd,
} from "./tables/users";

// ------------------------------------------------------------ tokens

export {
  type Arg32Token,
  type Arg64Token,
  type Attr32Token,
  type Attr64Token,
  type Bytes,
  type DataToken,
  type ExecStringsToken,
  type ExitToken,
  type Header32ExToken,
  type Header32Token,
  type Header64ExToken,
  type Header64Token,
  type HeaderToken,
  type IdentityToken,
  type InAddrExToken,
  type InAddrToken,
  type IpcPermToken,
  type IpcToken,
  type IportToken,
  type IpToken,
  type NewgroupsToken,
  type OpaqueToken,
  type OtherFile32Token,
  type PathToken,
  type PrivToken,
  type Return32Token,
  type Return64Token,
  type SeqToken,
  type SocketExToken,
  type SocketToken,
  type SockInet32Token,
  type SockInet128Token,
  type SockUnixToken,
  type StringListToken,
  type Subject32ExToken,
  type Subject32Token,
  type Subject64ExToken,
  type Subject64Token,
  type SubjectToken,
  type TextToken,
  type Token,
  TokenId,
  type TokenOf,
  type TokenType,
  type TrailerToken,
  type UnknownToken,
  type UprivToken,
  type UuidToken,
  type ZonenameToken,
} from "./spec/token-types";

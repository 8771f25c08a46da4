/**
 * bsm-trail: read OpenBSM binary audit trails.
 *
 * The package root exports, by name, what a user of the library needs:
 * decoding (buffers, streams, files, worker threads), selection on header
 * fields and auditreduce's filters, the praudit printer, JSON (native, ECS,
 * OCSF) and Parquet output, the encoder and its token builders, the
 * event/class/errno/user tables, the audit configuration (parse, preselect,
 * lint), volume statistics and what-if (`trailStats`), the error
 * classes, and every type those use. The seeded trail generator lives in
 * the `bsm-trail/testing` subpath. Everything else (the framing loop, chunk
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
export {
  type FollowTrailOptions,
  followTrail,
  mergeTrails,
  readTrails,
  type TrailSetOptions,
} from "./api/trail-set";
export { FOLLOW_POLL_MS, type FollowOptions } from "./io/follow";
export { type ByteSource, decodeRecordStream, decodeRecordStreamBatches } from "./io/stream";
export { isGzipFile, openTrailStream, readTrail, readTrailBatches } from "./io/trail";
export {
  type ListTrailsOptions,
  listTrails,
  type TrailFile,
  type TrailInput,
} from "./io/trail-files";
export { parseTrailName, type TrailName, type TrailState } from "./io/trail-names";
export type { DecodeOptions } from "./wire/decode-options";
export { decodeFrame, FrameDecoder } from "./wire/frame-decoder";
export { type BsmRecord, type RecordFrame, type RecordHead, recordTime } from "./wire/record";

// ------------------------------------------------------------ selection

export {
  type ClassMasks,
  type FilePattern,
  type PathMatcher,
  parseClassFlags,
  parseFileSpec,
  type ReduceOptions,
  type ReduceResult,
  type ReduceSelection,
  type ReduceSink,
  type ReduceTrailsOptions,
  reduceRecords,
  reduceStream,
  reduceTrail,
  reduceTrails,
} from "./api/reduce";
export {
  frameRecordBatches,
  frameRecords,
  type Selection,
  selectRecordBatches,
  selectRecordStreamBatches,
  selectRecords,
} from "./api/select";

// ------------------------------------------------------------ JSON and Parquet

export { type ExportOptions, exportParquet } from "./export/export-parquet";
export type { ParquetResult, ParquetSinkOptions } from "./export/parquet-sink";
export type { JsonFormat, JsonOptions, JsonRecord } from "./json/convert";
export type { EcsRecord } from "./json/ecs";
export {
  type NativeEvent,
  type NativeOptions,
  type NativeRecord,
  type NativeReturn,
  type NativeSubject,
  recordToJson,
} from "./json/native";
export type { OcsfRecord } from "./json/ocsf-record";
export type { ProcessInfo } from "./json/process-context";
export { readTrailJson, recordsToJson } from "./json/read-json";
export { recordSchema } from "./json/schema";
export type { TokenJson } from "./json/token-json";

// ------------------------------------------------------------ errors

export {
  BsmError,
  type BsmErrorInit,
  type BsmErrorKind,
  GarbageError,
  IoError,
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

export { type EncodeRecordOptions, encodeRecord, encodeToken, encodeTrail } from "./wire/encoder";
export {
  type AttrInput,
  type HeaderExInput,
  type HeaderInput,
  type SubjectInput,
  tokens,
} from "./wire/token-builders";

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

// ------------------------------------------------------------ audit configuration

export {
  type AuditControl,
  type AuditControlOptions,
  type ControlLine,
  type ControlSetting,
  parseAuditControl,
} from "./config/audit-control";
export {
  type AuditUserEntry,
  type AuditUserFile,
  type AuditUserOptions,
  parseAuditUser,
} from "./config/audit-user";
export type { ExpireAfter } from "./config/control-values";
export type { ConfigFinding, Severity } from "./config/finding";
export { type LintOptions, lintAuditConfig } from "./config/lint";
export {
  type AuditConfig,
  type AuditConfigFile,
  type AuditConfigOptions,
  type AuditConfigTexts,
  type ConfigFileProblem,
  loadAuditConfig,
} from "./config/load";
export {
  type PreselectQuery,
  type PreselectReason,
  type PreselectResult,
  preselect,
} from "./config/preselect";
export type { AuditTableFile, SourceLine } from "./config/table-lines";
export type { AuditFlag } from "./tables/audit-flags";

// ------------------------------------------------------------ volume statistics

export { renderReport } from "./report/render-report";
export type { ReportOptions } from "./report/report-model";
export {
  type DayTally,
  type EventTally,
  NO_CLASS_KEY,
  NO_SUBJECT_KEY,
  OTHER_KEY,
  STATS_VERSION,
  type Tally,
  type Timeline,
  type TrailStats,
  UNKNOWN_EXECUTABLE,
  type UserTally,
  type WhatIfResult,
} from "./stats/stats-types";
export { type StatsSource, type TrailStatsOptions, trailStats } from "./stats/trail-stats";

// ------------------------------------------------------------ tokens

export type {
  Arg32Token,
  Arg64Token,
  Attr32Token,
  Attr64Token,
  Bytes,
  DataToken,
  ExecStringsToken,
  ExitToken,
  Header32ExToken,
  Header32Token,
  Header64ExToken,
  Header64Token,
  HeaderToken,
  IdentityToken,
  InAddrExToken,
  InAddrToken,
  IpcPermToken,
  IpcToken,
  IportToken,
  IpToken,
  NewgroupsToken,
  OpaqueToken,
  OtherFile32Token,
  PathToken,
  PrivToken,
  Return32Token,
  Return64Token,
  SeqToken,
  SocketExToken,
  SocketToken,
  SockInet32Token,
  SockInet128Token,
  SockUnixToken,
  StringListToken,
  Subject32ExToken,
  Subject32Token,
  Subject64ExToken,
  Subject64Token,
  SubjectToken,
  TextToken,
  Token,
  TokenOf,
  TokenType,
  TrailerToken,
  UnknownToken,
  UprivToken,
  UuidToken,
  ZonenameToken,
} from "./gen/token-types";
export { TokenId } from "./spec/token-ids";

/**
 * Error classes. Every error the decoder reports or throws is a
 * {@link BsmError} carrying where the damage is: the byte `offset` of the
 * damage, the `recordOffset` of the record it belongs to (or the region that
 * was skipped), and the `tokenId` being read there (-1 when none applies).
 *
 * @module
 */

import { TOKEN_NAMES } from "../spec/token-ids";

/** Machine-readable kind of a {@link BsmError}. */
export type BsmErrorKind =
  | "truncated"
  | "malformed-token"
  | "trailer-mismatch"
  | "unknown-token"
  | "garbage"
  | "record-too-large"
  | "io";

/** Fields common to every {@link BsmError}. */
export interface BsmErrorInit {
  /** Byte offset of the damage, in the whole input. */
  offset: number;
  /** Byte offset of the record (or skipped region) the damage is in. */
  recordOffset: number;
  /** Id of the token being read, or -1. */
  tokenId: number;
  /** Bytes skipped because of this damage (0 when nothing was lost). */
  skipped?: number;
  /** Name of the file being read, when known. */
  file?: string;
}

/** Human name of a token id for messages: `path (0x23)`. */
export function tokenLabel(id: number): string {
  if (id < 0) return "no token";
  const name = TOKEN_NAMES.get(id);
  const hex = `0x${id.toString(16).padStart(2, "0")}`;
  return name === undefined ? `unknown token ${hex}` : `${name} (${hex})`;
}

/** Base class of every error this library reports or throws. */
export class BsmError extends Error {
  /** Machine-readable kind. */
  readonly kind: BsmErrorKind;
  /** Byte offset of the damage in the whole input. */
  readonly offset: number;
  /** Byte offset of the record or region the damage is in. */
  readonly recordOffset: number;
  /** Id of the token being read, or -1. */
  readonly tokenId: number;
  /** Bytes skipped (not decoded into any record) because of this damage. */
  readonly skipped: number;
  /** File name, when the input is a file. */
  file: string | undefined;
  /** The message without the file prefix. */
  readonly detail: string;

  constructor(kind: BsmErrorKind, detail: string, init: BsmErrorInit) {
    super(BsmError.format(detail, init));
    this.name = new.target.name;
    this.kind = kind;
    this.detail = detail;
    this.offset = init.offset;
    this.recordOffset = init.recordOffset;
    this.tokenId = init.tokenId;
    this.skipped = init.skipped ?? 0;
    this.file = init.file;
  }

  /** Sets the file name and rewrites the message to name it. */
  withFile(file: string | undefined): this {
    if (file !== undefined && this.file === undefined) {
      this.file = file;
      this.message = BsmError.format(this.detail, this);
    }
    return this;
  }

  private static format(detail: string, init: BsmErrorInit): string {
    const where = `${init.file === undefined ? "" : `${init.file}: `}offset ${init.offset}`;
    const rec = init.recordOffset === init.offset ? "" : ` (record at ${init.recordOffset})`;
    const tok = init.tokenId < 0 ? "" : `, ${tokenLabel(init.tokenId)}`;
    const lost = init.skipped ? `; ${init.skipped} bytes skipped` : "";
    return `${where}${rec}${tok}: ${detail}${lost}`;
  }
}

/** The input ends inside a record or token. */
export class TruncatedError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("truncated", detail, init);
  }
}

/** A token's fields do not fit its record, or hold impossible values. */
export class MalformedTokenError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("malformed-token", detail, init);
  }
}

/** A record's trailer is missing, or its magic or byte count is wrong. */
export class TrailerMismatchError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("trailer-mismatch", detail, init);
  }
}

/** A token id whose layout is unknown; its bytes were kept as an `unknown` token. */
export class UnknownTokenError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("unknown-token", detail, init);
  }
}

/** Bytes that are not part of any plausible record were skipped. */
export class GarbageError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("garbage", detail, init);
  }
}

/** A record claims more bytes than the `maxRecordBytes` option allows. */
export class RecordTooLargeError extends BsmError {
  constructor(detail: string, init: BsmErrorInit) {
    super("record-too-large", detail, init);
  }
}

/**
 * Reading or writing failed (a file missing or too large, a gzip stream
 * corrupt, a read error): `offset` is where in the file it happened (0 when
 * before the first byte), `file` names the file.
 */
export class IoError extends BsmError {
  /** The system error code (`ENOENT`, `EISDIR`, `Z_DATA_ERROR`...), when there is one. */
  readonly code: string | undefined;
  constructor(detail: string, init: BsmErrorInit & { code?: string; cause?: unknown }) {
    super("io", detail, init);
    this.code = init.code;
    if (init.cause !== undefined) (this as { cause?: unknown }).cause = init.cause;
  }
}

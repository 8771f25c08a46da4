/**
 * The record model: what the framer emits, decoded (`BsmRecord`) or not
 * (`RecordFrame`), and what both know of a record from its header.
 *
 * @module
 */

import type { HeaderToken, OtherFile32Token, Token } from "../gen/token-types";

/** What a record's header (or file token) says, decoded or not. */
export interface RecordHead {
  /** `header` for a header-to-trailer record, `file` for a lone file token. */
  kind: "header" | "file";
  /** Byte offset of the record in the whole input. */
  offset: number;
  /** Length of the record in bytes. */
  length: number;
  /** Event number (0 for a file record). */
  event: number;
  /** Event modifier (0 for a file record). */
  modifier: number;
  /** Header version (0 for a file record). */
  version: number;
  /** Seconds since the epoch. */
  seconds: number;
  /** Milliseconds past `seconds`. */
  milliseconds: number;
  /** True when the record was damaged (an error was reported for it). */
  damaged: boolean;
}

/**
 * One audit record: a header-to-trailer run of tokens, or a lone file token
 * (auditd writes one at each end of a trail file).
 */
export interface BsmRecord extends RecordHead {
  /** The tokens, header (or file token) first, trailer last when present. */
  tokens: Token[];
  /** The header token; `null` for a file record. */
  header: HeaderToken | null;
  /** The file token of a file record; `null` otherwise. */
  file: OtherFile32Token | null;
}

/** The record's time as a Date. */
export function recordTime(record: RecordHead): Date {
  return new Date(record.seconds * 1000 + record.milliseconds);
}

/** A record located and checked (header byte count, trailer) but not decoded. */
export interface RecordFrame extends RecordHead {
  /** The record's bytes: a view into the input unless `copy` was set. */
  bytes: Uint8Array;
  /**
   * The record decoded while framing it, or null: the framer decodes a
   * damaged record to find its end, and gives it here when asked to
   * (`DecoderMode.damagedRecords`), so a consumer prints or selects it
   * exactly as the record decoder would without decoding it again.
   */
  record: BsmRecord | null;
}

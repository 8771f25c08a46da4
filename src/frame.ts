/**
 * Record frames: a record's header fields and bytes, with no token decoded.
 * The cheap way through a trail when a consumer reads only header fields
 * (selection by event or time, counting, copying records out raw); decode
 * the tokens of the frames you keep with {@link decodeFrame}.
 *
 * @module
 */

import { decodeAllRecords } from "./decode";
import type { DecodeOptions } from "./options";
import type { BsmRecord } from "./record";

/** A record located and checked (header byte count, trailer) but not decoded. */
export interface RecordFrame {
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
  /** True when an error was reported for this record. */
  damaged: boolean;
  /** The record's bytes: a view into the input unless `copy` was set. */
  bytes: Uint8Array;
}

/** Decodes the tokens of a frame into a full record (offsets stay those of the input). */
export function decodeFrame(
  frame: RecordFrame,
  options?: Readonly<Partial<DecodeOptions>>,
): BsmRecord {
  const [r] = decodeAllRecords(frame.bytes, options);
  if (r === undefined) throw new RangeError("decodeFrame: the frame holds no record");
  r.offset += frame.offset;
  r.damaged ||= frame.damaged;
  return r;
}

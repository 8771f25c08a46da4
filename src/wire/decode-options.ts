/**
 * Decoder options.
 *
 * @module
 */

import type { BsmError } from "./errors";

/** Options of every decoding entry point. Pass a `Readonly<Partial<DecodeOptions>>`. */
export interface DecodeOptions {
  /**
   * Throw the first {@link BsmError} instead of reporting it and resyncing.
   * Unknown token ids are not damage and are never thrown.
   * @defaultValue false
   */
  strict: boolean;
  /**
   * Called once per damaged region (lenient mode) with an error naming the
   * byte offset, the record's offset and the token id. Decoding then resumes
   * at the next plausible record.
   * @defaultValue undefined (errors are dropped silently)
   */
  onError: ((error: BsmError) => void) | undefined;
  /**
   * Text encoding of string fields: `utf-8`, `latin1`, or any encoding
   * iconv-lite knows (`macintosh`, `shift_jis`...). The raw bytes stay
   * reachable beside the decoded text: each text field's `...Bytes` twin, a
   * getter that makes its view on first access (not enumerable: `for...in`,
   * `Object.keys` and spread see the decoded fields, `toJSON` every field).
   * @defaultValue "utf-8"
   */
  encoding: string;
  /**
   * Detach byte fields from the input: each record's bytes are copied once
   * and every field is a view into that copy, so keeping a record does not
   * keep its whole input chunk alive.
   * @defaultValue false
   */
  copy: boolean;
  /**
   * Largest record accepted, in bytes; also the most a stream buffers while
   * waiting for a record to complete. A header claiming more is damage.
   * The kernel caps records at 32 KiB (MAX_AUDIT_RECORD_SIZE), but
   * userland writers (au_write, long exec args) can exceed it; 1 MiB bounds
   * memory while leaving room for them.
   * @defaultValue 1048576
   */
  maxRecordBytes: number;
  /**
   * Lazy records: every token knows its `type` (and `id`) at once and reads
   * its other fields from the record's bytes when they are read (prototype
   * getters, src/gen/lazy-tokens.ts; byte views and arrays are made on first
   * access and kept). Same types and values as eager decoding; a consumer
   * that reads a few fields of each record pays only for those. The fields
   * are enumerable properties of the token's prototype (the raw-byte twins
   * are not, as on eager tokens): `for...in` sees the fields it sees on an
   * eager token, `JSON.stringify` every field (through `toJSON`), but
   * `Object.keys` and spread see none: use `detachRecord` for plain tokens.
   * A damaged record (one the framer walks
   * token by token) is decoded eagerly. A lazy token reads its input when a
   * field is read, so the input must not change meanwhile (as byte views
   * already require).
   * @defaultValue false
   */
  lazy: boolean;
  /**
   * File name used in error messages.
   * @defaultValue undefined
   */
  fileName: string | undefined;
}

/** Default value of every {@link DecodeOptions} field. */
export const DEFAULT_DECODE_OPTIONS: Readonly<DecodeOptions> = Object.freeze({
  strict: false,
  onError: undefined,
  encoding: "utf-8",
  copy: false,
  maxRecordBytes: 1 << 20,
  lazy: false,
  fileName: undefined,
});

/** Fills in defaults. */
export function resolveOptions(
  options: Readonly<Partial<DecodeOptions>> | undefined,
): DecodeOptions {
  const o = { ...DEFAULT_DECODE_OPTIONS, ...options };
  if (!Number.isFinite(o.maxRecordBytes) || o.maxRecordBytes < 64) {
    throw new RangeError(`maxRecordBytes must be at least 64, got ${o.maxRecordBytes}`);
  }
  return o;
}

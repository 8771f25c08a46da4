/**
 * Reading the small text files bsm-trail is given beside its trails
 * (passwd, group, audit_event, audit_class, audit_control, audit_user) with
 * a hard size limit: a side file named by mistake (`/dev/zero`, a trail, a
 * disk image) ends in a clear error instead of exhausting memory.
 *
 * @module
 */

import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { IoError } from "../wire/errors";
import { ioErrorOf } from "./io-error";

/**
 * Largest side file read, in bytes: 16 MiB. The biggest real one is a
 * directory service's passwd export (about 1 MB for 10,000 accounts);
 * Apple's audit_event is 60 KB. No benchmark: a memory bound, not a speed one.
 */
export const MAX_TEXT_FILE_BYTES = 16 * 1024 * 1024;

/** Options of {@link readTextFile}. */
export interface TextFileOptions {
  /** Largest size accepted, in bytes. Default {@link MAX_TEXT_FILE_BYTES}. */
  maxBytes: number;
  /** What the file is, for messages (`passwd file`). Default `file`. */
  what: string;
}

/**
 * Reads a text file (UTF-8) of at most `maxBytes` bytes. Works on regular
 * files, pipes and devices alike: it reads until end of file or one byte
 * past the limit, never trusting a reported size.
 *
 * @param path - the file.
 * @param options - see {@link TextFileOptions}.
 * @throws {@link IoError} when the file cannot be read or is larger than the limit
 *   (`code` is the system's code, or `EFBIG` for the limit).
 */
export function readTextFile(path: string, options?: Readonly<Partial<TextFileOptions>>): string {
  const maxBytes = options?.maxBytes ?? MAX_TEXT_FILE_BYTES;
  const what = options?.what ?? "file";
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (e) {
    throw ioErrorOf(path, `cannot read ${what}`, e);
  }
  let pos = 0;
  try {
    if (fstatSync(fd).isDirectory()) {
      throw new IoError(`cannot read ${what}: is a directory`, { ...at(path, 0), code: "EISDIR" });
    }
    let buf = Buffer.allocUnsafe(Math.min(maxBytes + 1, 64 * 1024));
    for (;;) {
      if (pos === buf.length) {
        const grown = Buffer.allocUnsafe(Math.min(maxBytes + 1, buf.length * 2));
        buf.copy(grown, 0, 0, pos);
        buf = grown;
      }
      const n = readSync(fd, buf, pos, buf.length - pos, null);
      if (n === 0) break;
      pos += n;
      if (pos > maxBytes) {
        throw new IoError(`${what} is larger than the limit of ${maxBytes} bytes`, {
          ...at(path, maxBytes),
          code: "EFBIG",
        });
      }
    }
    return buf.toString("utf8", 0, pos);
  } catch (e) {
    throw e instanceof IoError ? e : ioErrorOf(path, `cannot read ${what}`, e, pos);
  } finally {
    closeSync(fd);
  }
}

function at(file: string, offset: number) {
  return { file, offset, recordOffset: offset, tokenId: -1 };
}

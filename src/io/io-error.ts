/**
 * System and zlib errors as {@link IoError}s: one line naming the file, the
 * offset and the system's reason.
 *
 * @module
 */

import { IoError } from "../wire/errors";

/**
 * An {@link IoError} from a Node system error or a zlib error.
 *
 * @param file - the file (or `(stdin)`)
 * @param what - what was being done: `cannot open`, `read failed`...
 * @param e - the error caught
 * @param offset - where in the file's bytes it happened (default 0)
 */
export function ioErrorOf(file: string, what: string, e: unknown, offset = 0): IoError {
  const err = e as NodeJS.ErrnoException;
  const code = typeof err?.code === "string" ? err.code : undefined;
  let reason = String(err?.message ?? e);
  if (code?.startsWith("Z_")) reason = `gzip data is damaged (${reason})`;
  else if (err?.syscall) {
    // "ENOENT: no such file or directory, open 'x'" -> "ENOENT (no such file or directory)"
    const text = reason.replace(/^[A-Z]+: /, "").replace(/, \w+ '.*'$/, "");
    reason = code === undefined ? text : `${code} (${text})`;
  }
  return new IoError(`${what}: ${reason}`, {
    file,
    offset,
    recordOffset: offset,
    tokenId: -1,
    code,
    cause: e,
  });
}

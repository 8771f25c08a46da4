/**
 * How the command ends when something fails that is not a usage mistake
 * nor damage in a trail: standard output unwritable, or an unexpected
 * exception. Always one line on standard error, never a stack trace
 * (unless `BSM_TRAIL_DEBUG` asks for one).
 *
 * - `EPIPE` on standard output (the reader went away: `| head`) is silent,
 *   exit status 0, as for praudit.
 * - Any other write error (`ENOSPC` for `> /dev/full`, `EIO`, `EFBIG`...):
 *   `bsm-trail: write error: ENOSPC (no space left on device)`, exit 1.
 * - Anything else: `bsm-trail: ` and the error's message, exit 1; with
 *   `BSM_TRAIL_DEBUG` set (to anything but empty or `0`), its stack too.
 *
 * @module
 */

import { getSystemErrorMap } from "node:util";

/** The environment variable that adds the stack to an unexpected error's line. */
export const DEBUG_ENV = "BSM_TRAIL_DEBUG";

/**
 * Whether `e` is the failure of a write (to standard output: the only file
 * the commands write), from a stream's `error` event, a write callback or
 * `fs.write`.
 */
export function isWriteError(e: unknown): e is NodeJS.ErrnoException {
  return typeof e === "object" && e !== null && (e as NodeJS.ErrnoException).syscall === "write";
}

/** `ENOSPC (no space left on device)`: the code and the system's words for it. */
function describeErrno(e: NodeJS.ErrnoException): string {
  const words = typeof e.errno === "number" ? getSystemErrorMap().get(e.errno)?.[1] : undefined;
  const code = e.code ?? "error";
  return words === undefined ? `${code} (${e.message})` : `${code} (${words})`;
}

/** What a failure prints and the exit status it ends with. */
export interface FailureReport {
  /** The text for standard error (one line and a newline; more only with the stack); empty for none. */
  text: string;
  /** The exit status. */
  status: number;
}

/**
 * How to report a failed write to standard output (whatever its `syscall`
 * says: an error that standard output emits is one): silence and 0 for
 * `EPIPE`, else one line and 1.
 *
 * @param e - the error
 */
export function writeFailure(e: NodeJS.ErrnoException): FailureReport {
  if (e.code === "EPIPE") return { text: "", status: 0 };
  return { text: `bsm-trail: write error: ${describeErrno(e)}\n`, status: 1 };
}

/**
 * How to report `e`, which ended the command (see the module notes).
 *
 * @param e - the error thrown, or emitted by standard output
 * @param env - the environment, for {@link DEBUG_ENV}
 */
export function failureReport(e: unknown, env: NodeJS.ProcessEnv = process.env): FailureReport {
  if (isWriteError(e)) return writeFailure(e);
  const message = e instanceof Error ? e.message : String(e);
  const debug = env[DEBUG_ENV];
  const stack = debug && debug !== "0" && e instanceof Error && e.stack ? `${e.stack}\n` : "";
  return { text: `bsm-trail: ${message.replace(/\s*\n\s*/g, " ")}\n${stack}`, status: 1 };
}

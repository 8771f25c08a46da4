/**
 * Trail sets: the paths a user names (trail files, `/var/audit`
 * directories, pipes, devices, standard input) turned into the ordered list
 * of inputs to read, each read once, and opened as chunk streams through
 * the reader stack (gzip recognised by content on every input).
 *
 * ```text
 * paths ─ trailInputs (directories listed by listTrails, duplicates dropped,
 *                      files outside a time window dropped) ─ TrailInput[]
 * TrailInput ─ openTrailInput (fd or stdin reader, counted, gunzipped) ─ chunks
 * ```
 *
 * @module
 */

import { readdir, readlink, realpath, stat } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { IoError } from "../wire/errors";
import { ioErrorOf } from "./io-error";
import { type ByteReader, ChunkReader, fdReader, openFd, openInput, readerChunks } from "./reader";
import { parseTrailName, type TrailName } from "./trail-names";

/** A trail file of a directory, with what its name says. */
export interface TrailFile extends TrailName {
  /** Path of the file (the directory joined with its name). */
  path: string;
  /** Base name. */
  name: string;
  /** True for the file the directory's `current` link points to (the open trail). */
  current: boolean;
}

/** Options of {@link listTrails}. */
export interface ListTrailsOptions {
  /**
   * Told of every entry that is not read, with the reason (not a trail file
   * name, a subdirectory, `current` itself...). Default: ignore.
   */
  onSkip: (path: string, reason: string) => void;
}

const CURRENT = "current";

/** Names of standard input, read as `-`. */
const STDIN_NAMES = new Set(["/dev/stdin", "/dev/fd/0", "/proc/self/fd/0"]);

/** Order of trail files: by start time, a closed file before an open one of the same second, then by name. */
function byStart(a: TrailFile, b: TrailFile): number {
  return (
    a.start.getTime() - b.start.getTime() ||
    (a.end === null ? 1 : 0) - (b.end === null ? 1 : 0) ||
    (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)
  );
}

/**
 * The trail files of an audit directory (`/var/audit`) in the order auditd
 * wrote them: by the start time in their names. `current`, auditd's link
 * to the open trail, is not listed itself: its target is, once, marked
 * {@link TrailFile.current}; a target outside the directory or without a
 * trail name is listed last. Entries without a trail name are skipped
 * (reported to `onSkip`).
 *
 * @param dir - the directory
 * @param options - see {@link ListTrailsOptions}
 * @throws {@link IoError} when the directory cannot be read
 */
export async function listTrails(
  dir: string,
  options?: Readonly<Partial<ListTrailsOptions>>,
): Promise<TrailFile[]> {
  const onSkip = options?.onSkip ?? (() => {});
  let entries: import("node:fs").Dirent[];
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    throw ioErrorOf(dir, "cannot read directory", e);
  }
  const files: TrailFile[] = [];
  let currentTarget: string | null = null;
  for (const e of entries) {
    const path = join(dir, e.name);
    if (e.name === CURRENT) {
      currentTarget = await currentLink(path, onSkip);
      continue;
    }
    const parsed = parseTrailName(e.name);
    if (parsed === null) {
      onSkip(path, "not a trail file name");
      continue;
    }
    if (e.isDirectory()) {
      onSkip(path, "a directory");
      continue;
    }
    files.push({ ...parsed, path, name: e.name, current: false });
  }
  files.sort(byStart);
  if (currentTarget !== null) {
    const target = currentTarget;
    const hit = files.find((f) => resolve(f.path) === target);
    if (hit !== undefined) hit.current = true;
    else {
      // `current` pointing elsewhere: read it once, as the newest trail.
      const parsed = parseTrailName(basename(target));
      files.push({
        ...(parsed ?? {
          start: new Date(Number.NaN),
          end: null,
          state: "not_terminated",
          gzipName: false,
        }),
        path: target,
        name: basename(target),
        current: true,
      });
    }
  }
  return files;
}

/** The resolved path `current` points to, or null (reported) when it is dangling or no link. */
async function currentLink(
  path: string,
  onSkip: (p: string, why: string) => void,
): Promise<string | null> {
  try {
    await readlink(path);
  } catch {
    // A plain file named current: not auditd's link; read it as a trail of its own? No:
    // auditd never writes one, so it is reported and left alone.
    onSkip(path, "`current` is not a symbolic link");
    return null;
  }
  try {
    return await realpath(path);
  } catch {
    onSkip(path, "`current` points to no file (auditd not running?)");
    return null;
  }
}

/** The input of a single named file (no directory expansion): for `readTrail` and `reduceTrail`. */
export function fileInput(path: string): TrailInput {
  return { path, label: path, size: undefined, name: null };
}

/** One input of a trail set. */
export interface TrailInput {
  /** The path to open; `-` for standard input. */
  path: string;
  /** The name errors and notices give: the path, or `(stdin)`. */
  label: string;
  /** Size in bytes of a regular file (for progress); undefined for pipes, devices, stdin. */
  size: number | undefined;
  /** What the file's name says, when it is an auditd trail name. */
  name: TrailName | null;
  /** Why the path cannot be read (missing, an unreadable directory): {@link openTrailInput} throws it. */
  error?: IoError;
}

/** Options of {@link trailInputs}. */
export interface TrailInputsOptions extends ListTrailsOptions {
  /**
   * Leave out trail files whose names prove that none of their records is
   * at or after this time (they were closed before it). Default: none.
   */
  after: Date | undefined;
}

/**
 * The inputs named by `paths`, in order, each once: a directory is
 * replaced by its trail files ({@link listTrails}); a file reached twice
 * (`/var/audit/*` names the open trail and `current`) is read the first
 * time only; `-` is standard input. Pipes, FIFOs and character devices
 * (`/dev/auditpipe`) are inputs like files, read as streams.
 *
 * With `after`, trail files closed before it are left out (`onSkip`). A
 * file that opened after a `before` bound is still read: a record's time
 * is when its system call began, and a call that blocked across a rotation
 * (an `accept`, a `wait4`) is written to a later file.
 *
 * A path that does not exist, or a directory that cannot be read, is
 * kept as an input carrying its {@link TrailInput.error}, so that it is
 * reported in its place and the other inputs are still read.
 *
 * @param paths - files, directories, or `-`
 * @param options - see {@link TrailInputsOptions}
 */
export async function trailInputs(
  paths: readonly string[],
  options?: Readonly<Partial<TrailInputsOptions>>,
): Promise<TrailInput[]> {
  const onSkip = options?.onSkip ?? (() => {});
  const after = options?.after?.getTime();
  const seen = new Set<string>();
  const out: TrailInput[] = [];
  const add = async (path: string, name: TrailName | null) => {
    let st: import("node:fs").Stats;
    try {
      st = await stat(path);
    } catch (e) {
      out.push({
        path,
        label: path,
        size: undefined,
        name,
        error: ioErrorOf(path, "cannot open", e),
      });
      return;
    }
    if (st.isFile()) {
      const id = `${st.dev}:${st.ino}`;
      if (seen.has(id)) {
        onSkip(path, "already read under another name");
        return;
      }
      seen.add(id);
    }
    if (after !== undefined && name?.end != null && name.end.getTime() + 1000 <= after) {
      onSkip(path, "closed before the time window");
      return;
    }
    out.push({ path, label: path, size: st.isFile() ? st.size : undefined, name });
  };
  for (const p of paths) {
    if (p === "-" || STDIN_NAMES.has(p)) {
      // /dev/stdin is read from the open descriptor: opening it anew fails
      // when standard input is a socket (ENXIO), as a parent's spawn makes it.
      out.push({ path: "-", label: p === "-" ? "(stdin)" : p, size: undefined, name: null });
      continue;
    }
    let isDir = false;
    try {
      isDir = (await stat(p)).isDirectory();
    } catch {
      // add() records the error.
    }
    if (isDir) {
      let files: TrailFile[];
      try {
        files = await listTrails(p, { onSkip });
      } catch (e) {
        out.push({ path: p, label: p, size: undefined, name: null, error: e as IoError });
        continue;
      }
      for (const f of files) await add(f.path, f);
    } else {
      await add(p, parseTrailName(basename(p)));
    }
  }
  return out;
}

/** Hooks of {@link openTrailInput}. */
export interface OpenTrailInputOptions {
  /** Size of each read, and of gunzip's output chunks. */
  readBytes: number;
  /** Told of the bytes of every read from the input (before gunzipping): progress. Default: none. */
  onRead: ((bytes: number) => void) | undefined;
  /**
   * Called when the consumer asks for the next chunk and the input has
   * none ready (a pipe or a followed file with nothing new): the moment to
   * flush output. Default: none.
   */
  onIdle: (() => void) | undefined;
  /** Standard input's stream, for `-`. Default `process.stdin`. */
  stdin: NodeJS.ReadableStream | undefined;
}

/** `reader` with every read's count told to `onRead`. */
function counted(reader: ByteReader, onRead: (n: number) => void): ByteReader {
  return {
    async read(into, offset, length) {
      const n = await reader.read(into, offset, length);
      onRead(n);
      return n;
    },
    close: () => reader.close(),
  };
}

/**
 * Opens an input as a reader (see `ByteReader`): gunzipped when its first
 * bytes are gzip's, whatever its name and whatever it is (a file, a pipe,
 * standard input); each read counted to `onRead`.
 *
 * @param input - from {@link trailInputs}
 * @param options - `readBytes` (gunzip's chunk size), `onRead`, `stdin`
 * @throws {@link IoError} when the input cannot be opened or its first bytes read
 */
export async function openTrailReader(
  input: Readonly<TrailInput>,
  options: Readonly<Partial<OpenTrailInputOptions>> & { readBytes: number },
): Promise<ByteReader> {
  if (input.error !== undefined) throw input.error;
  let raw: ByteReader;
  if (input.path === "-") {
    raw = new ChunkReader((options.stdin ?? process.stdin) as AsyncIterable<Uint8Array>);
  } else {
    try {
      raw = fdReader(await openFd(input.path), true);
    } catch (e) {
      throw ioErrorOf(input.label, "cannot open", e);
    }
  }
  if (options.onRead !== undefined) raw = counted(raw, options.onRead);
  let reader: ByteReader;
  try {
    reader = await openInput(raw, options.readBytes);
  } catch (e) {
    throw ioErrorOf(input.label, "cannot read", e);
  }
  // Read and gunzip failures as IoErrors at the offset reached.
  let offset = 0;
  return {
    async read(into, at, length) {
      try {
        const n = await reader.read(into, at, length);
        offset += n;
        return n;
      } catch (e) {
        throw e instanceof IoError ? e : ioErrorOf(input.label, "read failed", e, offset);
      }
    },
    close: () => reader.close(),
  };
}

/**
 * Opens an input as a stream of chunks, each in fresh memory
 * ({@link openTrailReader}); a read or gunzip failure on the way is an
 * {@link IoError} naming the input and the offset reached.
 *
 * @param input - from {@link trailInputs}
 * @param options - see {@link OpenTrailInputOptions}
 * @throws {@link IoError} when the input cannot be opened
 */
export async function openTrailInput(
  input: Readonly<TrailInput>,
  options: Readonly<Partial<OpenTrailInputOptions>> & { readBytes: number },
): Promise<AsyncIterable<Uint8Array>> {
  const reader = await openTrailReader(input, options);
  return ioErrorsNamed(readerChunks(reader, options.readBytes, options.onIdle), input.label);
}

/**
 * The chunks of `chunks`, with a read or gunzip failure turned into an
 * {@link IoError} naming the file and the offset (in the trail bytes
 * delivered) where it happened.
 */
async function* ioErrorsNamed(
  chunks: AsyncIterable<Uint8Array>,
  label: string,
): AsyncGenerator<Uint8Array, void, undefined> {
  let offset = 0;
  try {
    for await (const c of chunks) {
      offset += c.length;
      yield c;
    }
  } catch (e) {
    if (e instanceof IoError) throw e;
    throw ioErrorOf(label, "read failed", e, offset);
  }
}

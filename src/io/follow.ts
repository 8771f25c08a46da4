/**
 * Following a live trail: what is there, then what auditd appends, across
 * its rotations, until aborted. The input is a sequence of segments, one per
 * trail file, each a chunk stream that ends when auditd has moved on to the
 * next file (and the old one has been read to its end).
 *
 * A directory (`/var/audit`), its `current` link, or the trail `current`
 * points to is followed through `current`: at the end of the followed file
 * the link is checked; once it points to another file, the old one is read
 * to its end, the directory is listed again, and every trail not yet read
 * is read in order, the new open one followed. Any other file is followed
 * as `tail -F` follows it: appends, and a new file under the same name.
 *
 * @module
 */

import type { Stats } from "node:fs";
import { close, fstat, open, read } from "node:fs";
import { stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { ioErrorOf } from "./io-error";
import { readMemory } from "./read-memory";
import {
  listTrails,
  type OpenTrailInputOptions,
  openTrailInput,
  type TrailInput,
} from "./trail-files";
import { parseTrailName } from "./trail-names";

/**
 * How often an idle followed file is polled, in milliseconds: records show
 * within this of being written (the follow test's bound is one second,
 * test/follow.test.ts); an idle poll is one `read` and one `stat`.
 */
export const FOLLOW_POLL_MS = 200;

/** Options of {@link followSegments}. */
export interface FollowOptions extends Omit<OpenTrailInputOptions, "stdin"> {
  /** Stops following (the segment being read ends at once). Default: never. */
  signal: AbortSignal | undefined;
  /** Polling interval of an idle file. Default {@link FOLLOW_POLL_MS}. */
  pollMs: number;
  /** Told of directory entries that are not read. Default: ignore. */
  onSkip: (path: string, reason: string) => void;
}

/** One file of a followed trail: read its chunks to the end before asking for the next segment. */
export interface FollowSegment {
  /** The file. */
  input: TrailInput;
  /** Its bytes; ends when the file is done with (rotated away, or the follow aborted). */
  chunks: AsyncIterable<Uint8Array>;
}

const CURRENT = "current";

function fdOpen(path: string): Promise<number> {
  return new Promise((res, rej) => open(path, "r", (e, fd) => (e ? rej(e) : res(fd))));
}
function fdRead(fd: number, b: Uint8Array, pos: number): Promise<number> {
  return new Promise((res, rej) => read(fd, b, 0, b.length, pos, (e, n) => (e ? rej(e) : res(n))));
}
function fdStat(fd: number): Promise<Stats> {
  return new Promise((res, rej) => fstat(fd, (e, s) => (e ? rej(e) : res(s))));
}
function fdClose(fd: number): Promise<void> {
  return new Promise((res) => close(fd, () => res()));
}

/** Waits `ms`, or less when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((res) => {
    if (signal?.aborted) return res();
    const done = () => {
      clearTimeout(t);
      signal?.removeEventListener("abort", done);
      res();
    };
    const t = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}

/** `dev:ino` of a file, or null when it does not exist. */
async function fileId(path: string): Promise<string | null> {
  try {
    const s = await stat(path);
    return `${s.dev}:${s.ino}`;
  } catch {
    return null;
  }
}

/**
 * The chunks of an open file from `pos`, waiting at its end until `moved()`
 * says the writer has moved on (then read to the end once more) or the
 * signal aborts.
 */
async function* tail(
  fd: number,
  label: string,
  moved: () => Promise<boolean>,
  o: Readonly<FollowOptions>,
): AsyncGenerator<Uint8Array, void, undefined> {
  let pos = 0;
  let last = false;
  try {
    for (;;) {
      const b = readMemory(o.readBytes);
      let n: number;
      try {
        n = await fdRead(fd, b, pos);
      } catch (e) {
        throw ioErrorOf(label, "read failed", e, pos);
      }
      if (n > 0) {
        pos += n;
        o.onRead?.(n);
        yield n === b.length ? b : b.subarray(0, n);
        continue;
      }
      if (last || o.signal?.aborted) return;
      // Checked before the final read: what was written before the switch is read after it.
      if (await moved()) {
        last = true;
        continue;
      }
      o.onIdle?.();
      await sleep(o.pollMs, o.signal);
    }
  } finally {
    await fdClose(fd);
  }
}

/** Opens `path` and follows it: the segment and its file's id. */
async function followFile(
  path: string,
  moved: (id: string) => Promise<boolean>,
  o: Readonly<FollowOptions>,
): Promise<{ segment: FollowSegment; id: string }> {
  let fd: number;
  try {
    fd = await fdOpen(path);
  } catch (e) {
    throw ioErrorOf(path, "cannot open", e);
  }
  const st = await fdStat(fd);
  const id = `${st.dev}:${st.ino}`;
  const input: TrailInput = {
    path,
    label: path,
    size: undefined,
    name: parseTrailName(basename(path)),
  };
  return { segment: { input, chunks: tail(fd, path, () => moved(id), o) }, id };
}

/** The audit directory whose `current` governs `path`, or null when `path` is a plain file. */
async function auditDir(path: string): Promise<{ dir: string; from: string | null } | null> {
  const s = await stat(path).catch(() => null);
  if (s?.isDirectory()) return { dir: path, from: null };
  const dir = dirname(path);
  const cur = await fileId(join(dir, CURRENT));
  if (cur === null) return null;
  const id = await fileId(path);
  // `current` itself, or the file it points to: follow the directory from there.
  return basename(path) === CURRENT || id === cur ? { dir, from: cur } : null;
}

/**
 * The segments of a followed trail (see the module's description): first
 * what is there, then each file auditd writes, until `signal` aborts.
 *
 * @param path - a directory, its `current`, the trail `current` points to, or any trail file
 * @param options - see {@link FollowOptions}
 */
export async function* followSegments(
  path: string,
  options: Readonly<Partial<FollowOptions>> & { readBytes: number },
): AsyncGenerator<FollowSegment, void, undefined> {
  const o: FollowOptions = {
    signal: options.signal,
    pollMs: options.pollMs ?? FOLLOW_POLL_MS,
    onSkip: options.onSkip ?? (() => {}),
    readBytes: options.readBytes,
    onRead: options.onRead,
    onIdle: options.onIdle,
  };
  const audit = await auditDir(path);
  if (audit === null) {
    // tail -F: the file under this name, then each new file under it.
    const moved = async (id: string) => {
      const now = await fileId(path);
      return now !== null && now !== id;
    };
    while (!o.signal?.aborted) {
      yield (await followFile(path, moved, o)).segment;
    }
    return;
  }
  const current = join(audit.dir, CURRENT);
  const moved = async (id: string) => {
    const now = await fileId(current);
    // A dangling `current` (auditd between renaming and re-pointing, or stopped) is no move.
    return now !== null && now !== id;
  };
  const done = new Set<string>();
  // Files before `from` (when following from the open trail) count as read.
  let skipping = audit.from !== null;
  while (!o.signal?.aborted) {
    const curId = await fileId(current);
    let followed = false;
    for (const f of await listTrails(audit.dir, { onSkip: o.onSkip })) {
      const id = await fileId(f.path);
      if (id === null || done.has(id)) continue;
      if (skipping && id !== audit.from) {
        done.add(id);
        continue;
      }
      skipping = false;
      if (id === curId) {
        const { segment, id: opened } = await followFile(f.path, moved, o);
        done.add(opened);
        yield segment;
        followed = true;
        break; // list again: the files auditd wrote meanwhile come next
      }
      done.add(id);
      const input: TrailInput = { path: f.path, label: f.path, size: undefined, name: f };
      yield { input, chunks: await openTrailInput(input, o) };
    }
    skipping = false;
    // auditd not running (no `current`) or between files: wait for the next one.
    if (!followed) {
      o.onIdle?.();
      await sleep(o.pollMs, o.signal);
    }
  }
}

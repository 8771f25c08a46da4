/**
 * The reader stack under every input: a byte source (a file descriptor
 * read with `fs.read`, or the chunks of a stream), gzip recognised by its
 * first bytes and gunzipped, then either read into a caller's reused
 * buffer ({@link ByteReader.read}: auditreduce) or handed out as chunks
 * ({@link readerChunks}: the decoders and printers).
 *
 * ```text
 * fdReader(fd) ─┐
 *               ├─ openInput (gzip magic? gunzipReader : the head put back) ─┬─ read(into, …)
 * ChunkReader ──┘                                                           └─ readerChunks
 * ```
 *
 * @module
 */

import { close as fsClose, open as fsOpen, read as fsRead } from "node:fs";
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { readMemory } from "./read-memory";
import { type ByteSource, chunksOf } from "./stream";

/** Reads bytes into a caller's buffer, in order; resolves 0 at the end of input. */
export interface ByteReader {
  /**
   * Reads at most `length` bytes into `into` at `offset`. Resolves the
   * count read, 0 only at the end of input.
   */
  read(into: Uint8Array, offset: number, length: number): Promise<number>;
  /** Releases the source (a file descriptor this reader opened, a stream). */
  close(): Promise<void>;
}

/** True when `bytes` starts with gzip's magic number (1f 8b). */
export function hasGzipMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Opens a file for reading: its descriptor. */
export function openFd(path: string): Promise<number> {
  return new Promise((res, rej) => fsOpen(path, "r", (err, fd) => (err ? rej(err) : res(fd))));
}

function readFd(fd: number, into: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((res, rej) => {
    fsRead(fd, into, offset, length, null, (err, n) => (err ? rej(err) : res(n)));
  });
}

function closeFd(fd: number): Promise<void> {
  return new Promise((res, rej) => fsClose(fd, (err) => (err ? rej(err) : res())));
}

/**
 * A file descriptor read with `fs.read` from its current position (a file,
 * a pipe): no allocation per read.
 *
 * @param fd - the descriptor
 * @param owned - close it on {@link ByteReader.close} (the first call)
 */
export function fdReader(fd: number, owned: boolean): ByteReader {
  let open = owned;
  return {
    read: (into, offset, length) => readFd(fd, into, offset, length),
    close() {
      // Once: a gunzip reader's input closes it when it ends, and closing that reader closes it too.
      if (!open) return Promise.resolve();
      open = false;
      return closeFd(fd);
    },
  };
}

const EMPTY = new Uint8Array(0);

/**
 * `it.next()`, calling `onIdle` first when the result is not there within
 * two microtask turns (a stream with buffered data answers within them;
 * one waiting for its source does not).
 */
async function nextNoting<T>(
  it: AsyncIterator<T> | Iterator<T>,
  onIdle: (() => void) | undefined,
): Promise<IteratorResult<T>> {
  const p = it.next();
  if (onIdle === undefined || !(p instanceof Promise)) return p;
  let settled = false;
  p.then(
    () => {
      settled = true;
    },
    () => {
      settled = true;
    },
  );
  await null;
  await null;
  if (!settled) onIdle();
  return p;
}

/** The chunks of a byte source, read into a caller's buffer or handed on as they are. */
export class ChunkReader implements ByteReader {
  private chunk: Uint8Array = EMPTY;
  private at = 0;
  private readonly it: AsyncIterator<Uint8Array> | Iterator<Uint8Array>;

  /**
   * @param source - the chunks
   * @param onClose - also run on {@link close} (releasing what feeds the source)
   */
  constructor(
    source: ByteSource,
    private readonly onClose?: () => Promise<void>,
  ) {
    this.it = chunksOf(source);
  }

  /** Copies bytes of the current chunk (the next one once it is used up). */
  async read(into: Uint8Array, offset: number, length: number): Promise<number> {
    while (this.at >= this.chunk.length) {
      const r = await this.it.next();
      if (r.done) return 0;
      this.chunk = r.value;
      this.at = 0;
    }
    const n = Math.min(length, this.chunk.length - this.at);
    into.set(this.chunk.subarray(this.at, this.at + n), offset);
    this.at += n;
    return n;
  }

  /**
   * The rest of the input as chunks, without copying: the current chunk's
   * rest, then the source's.
   *
   * @param onIdle - see {@link readerChunks}
   */
  async *rest(onIdle?: () => void): AsyncGenerator<Uint8Array, void, undefined> {
    if (this.at < this.chunk.length) {
      const c = this.chunk.subarray(this.at);
      this.at = this.chunk.length;
      yield c;
    }
    for (;;) {
      const r = await nextNoting(this.it, onIdle);
      if (r.done) return;
      yield r.value;
    }
  }

  /** Ends the source's iteration (and runs `onClose`). */
  async close(): Promise<void> {
    try {
      await this.it.return?.();
    } finally {
      await this.onClose?.();
    }
  }
}

/**
 * The rest of a reader's input as chunks, each in fresh memory of at most
 * `readBytes` bytes (so a consumer may keep them); a {@link ChunkReader}'s
 * chunks are handed on uncopied. The next read is under way while the
 * consumer handles a chunk, as a Node file stream reads ahead (reading
 * only when asked ran "select execve" at ~0.8x: bench/run.ts). The reader
 * is closed when the chunks end or iteration stops.
 *
 * @param reader - the input
 * @param readBytes - size of each read
 * @param onIdle - called when the next chunk is asked for and none is
 *   ready (the read under way has not finished): the consumer has handled
 *   everything so far and is about to wait, so output may be flushed
 */
export async function* readerChunks(
  reader: ByteReader,
  readBytes: number,
  onIdle?: () => void,
): AsyncGenerator<Uint8Array, void, undefined> {
  let ahead: Promise<Uint8Array | null> | null = null;
  let ready = false;
  const readOne = async (): Promise<Uint8Array | null> => {
    // Uninitialised memory, as a Node file stream reads into: zero-filling
    // each chunk cost select ~0.1 s per GiB (bench/run.ts, "select execve").
    // Only the bytes read are handed out.
    const b = readMemory(readBytes);
    const n = await reader.read(b, 0, readBytes);
    return n === 0 ? null : n === readBytes ? b : b.subarray(0, n);
  };
  try {
    if (reader instanceof ChunkReader) {
      yield* reader.rest(onIdle);
      return;
    }
    const readAhead = () => {
      ready = false;
      const p = readOne();
      p.then(
        () => {
          ready = true;
        },
        () => {}, // awaited next turn; not unhandled meanwhile
      );
      return p;
    };
    ahead = readAhead();
    for (;;) {
      if (!ready && onIdle !== undefined) onIdle();
      const chunk: Uint8Array | null = await ahead;
      ahead = null;
      if (chunk === null) return;
      ahead = readAhead();
      yield chunk;
    }
  } finally {
    // A read still under way finishes before its descriptor is closed.
    if (ahead !== null) await ahead.catch(() => null);
    await reader.close();
  }
}

/** `head`, then the rest of `rest`. */
function prefixed(head: Uint8Array, rest: ByteReader): ByteReader {
  let at = 0;
  return {
    async read(into, offset, length) {
      if (at >= head.length) return rest.read(into, offset, length);
      const n = Math.min(length, head.length - at);
      into.set(head.subarray(at, at + n), offset);
      at += n;
      // Fill the rest of the request: the head alone is a needlessly short read.
      return n === length ? n : n + (await rest.read(into, offset + n, length - n));
    },
    close: () => rest.close(),
  };
}

/**
 * `head` (already read) and the rest of `rest`, gunzipped. Output chunks
 * are gunzip's, `readBytes` long.
 */
function gunzipReader(head: Uint8Array, rest: ByteReader, readBytes: number): ByteReader {
  async function* raw(): AsyncGenerator<Uint8Array> {
    yield head;
    yield* readerChunks(rest, readBytes);
  }
  const input = Readable.from(raw(), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: readBytes });
  input.on("error", (e) => gunzip.destroy(e));
  return new ChunkReader(input.pipe(gunzip), async () => {
    input.destroy();
    gunzip.destroy();
    await rest.close();
  });
}

/**
 * A reader of the trail bytes in `reader`: gunzipping when the input starts
 * with gzip's magic number, as is otherwise. Reads the first two bytes (or
 * fewer at the end of input) to tell.
 *
 * @param reader - the raw input; closed by the reader returned
 * @param readBytes - size of each read from a gzip'd input, and of gunzip's output chunks
 */
export async function openInput(reader: ByteReader, readBytes: number): Promise<ByteReader> {
  const head = new Uint8Array(2);
  let n = 0;
  try {
    for (let k = 1; n < head.length && k > 0; n += k) {
      k = await reader.read(head, n, head.length - n);
    }
  } catch (e) {
    await reader.close().catch(() => {});
    throw e;
  }
  const got = head.subarray(0, n);
  return hasGzipMagic(got) ? gunzipReader(got, reader, readBytes) : prefixed(got, reader);
}

/**
 * Opens a trail file for reading, gunzipped when gzip'd (see
 * {@link openInput}). Opening and the first read happen here, so a missing
 * or unreadable file rejects here.
 *
 * @param path - any path `fs.open` reads: a file, a named pipe
 * @param readBytes - see {@link openInput}
 */
export async function openFileReader(path: string, readBytes: number): Promise<ByteReader> {
  return openInput(fdReader(await openFd(path), true), readBytes);
}

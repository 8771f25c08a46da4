/**
 * auditreduce: select records from trails and write them out raw, as
 * OpenBSM's `auditreduce(1)` does, fast.
 *
 * A {@link ReduceSelection} holds auditreduce's filters. Those on header
 * fields (events, classes without a `+`/`-` prefix, time) run on record
 * frames: no token is decoded, and events and classes are tested by the
 * framing loop itself through a 65,536-entry bitmap. The tokens of a record
 * are decoded only when a filter needs them (users, pids, objects, classes
 * with a prefix), and only for the records the header filters kept.
 *
 * Files are read 1 MiB at a time into reused memory (two read buffers
 * taking turns, so that the next read overlaps selection); selected records
 * are copied into one reused output buffer written out in ~1 MiB writes.
 * Nothing is allocated per chunk read.
 *
 * The filters are compiled and applied by the selection model
 * (`criteria.ts`: `Criteria`, `Selector`), which `selectRecords` shares;
 * input comes through the reader stack (`io/reader.ts`: file descriptors,
 * stream chunks, gzip recognised by content), which `readTrail` shares;
 * `-c` is read by the one audit-flags parser (`tables/audit-flags.ts`).
 *
 * What is selected, as auditreduce's `select_records` decides it:
 *
 * - Every filter given must be satisfied, and must be checked by at least
 *   one token of the record: `-u` on a record without a subject or process
 *   token does not select it. Every token that a filter checks must pass
 *   it: with `-o file=`, every path token of the record must match.
 * - Header filters are checked by the header; user filters (`auid`, `euid`,
 *   `egid`, `ruid`, `rgid`) by subject and process tokens; `subjectPid`
 *   (`-j`) by subject tokens; `objectPid` (`-o pid=`) by process tokens;
 *   `msgqid`, `semid`, `shmid` by IPC tokens of that type (an IPC token of
 *   another type fails them); `file` by path tokens and file tokens; a class
 *   prefix by return tokens (their status: 0 is success).
 * - File records (the lone file tokens auditd writes at each end of a
 *   trail) have no header, subject or return token, so they are selected
 *   only when no filter other than `file` is given: with no filter at all
 *   (the trail is copied), or with only `file`, when their name matches.
 *   With `invert`, they are selected exactly when they would not be.
 *
 * Deliberate differences from auditreduce, each a place where auditreduce
 * is plainly wrong or silent:
 *
 * - Every header, subject, process and return variant is read
 *   (`header32_ex`, `header64`, `subject32_ex`, `process64_ex`,
 *   `return64`...). auditreduce reads only `header32`, `subject32`,
 *   `process32` and `return32`, so it never selects a record written with
 *   another variant (FreeBSD writes `header32_ex` when `host` is set in
 *   audit_control, and `subject32_ex` for IPv6 terminals).
 * - Damage does not end the trail: each damaged region is reported and
 *   skipped, and every intact record after it is still selected.
 *   auditreduce stops reading a file at its first unreadable record (and,
 *   after one record with an unparsable token, selects nothing more).
 * - A selected record whose header byte count and trailer disagree is
 *   reported and left out: auditreduce copies it with its broken byte
 *   count, after which OpenBSM's praudit reads nothing of the output.
 * - `invert` alone selects nothing (the complement of everything):
 *   auditreduce counts `-v` itself among the filters a record must check,
 *   so `auditreduce -v` writes only the file tokens.
 *
 * @module
 */

import { write as fsWrite } from "node:fs";
import { READ_SKEW_BYTES } from "../io/read-memory";
import { type ByteReader, ChunkReader, openInput } from "../io/reader";
import { type ByteSource, ChunkDecoder, emittedBatches } from "../io/stream";
import { fileInput, openTrailReader, trailInputs } from "../io/trail-files";
import { type DecodeOptions, resolveOptions } from "../wire/decode-options";
import { BsmError } from "../wire/errors";
import type { RecordFrame } from "../wire/record";
import { Criteria, type ReduceSelection, Selector } from "./criteria";
import { mergedTrailBatches, type TrailSetOptions } from "./trail-set";

export type { ClassMasks } from "../tables/audit-flags";
export {
  type FilePattern,
  type PathMatcher,
  parseClassFlags,
  parseFileSpec,
  type ReduceSelection,
} from "./criteria";

// ------------------------------------------------------------------ limits

/**
 * Size of each read from a trail file (each of the two reused read buffers
 * holds one). 256 KiB reads ran at ~0.85x and 4 MiB ones at ~0.75x
 * (bench/run.ts, "reduce -m AUE_EXECVE" case, 1 GiB trail).
 */
export const REDUCE_READ_BYTES = 1024 * 1024;

/**
 * Size of the reused output buffer: selected records are written out in
 * writes of this size (the last one smaller). 64 KiB ran at ~0.5x, 256 KiB
 * at ~0.8x, 4 MiB at ~0.9x (bench/run.ts, "reduce -m AUE_EXECVE" case).
 */
export const REDUCE_FLUSH_BYTES = 1024 * 1024;

/**
 * Bytes framed per decoder call: one read's worth, so frames are handled
 * once per read; 256 KiB batches ran at ~0.9x (bench/run.ts,
 * "reduce -m AUE_EXECVE" case).
 */
const REDUCE_BATCH_BYTES = 1024 * 1024;

function decodeOptions(
  options: Readonly<Partial<ReduceOptions>> | undefined,
  fileName?: string,
): DecodeOptions {
  const o = resolveOptions({ ...options, fileName: options?.fileName ?? fileName });
  // Selected records are copied out by the reducer itself.
  o.copy = false;
  return o;
}

/**
 * Frames of the records of a trail in memory that `selection` selects, in
 * trail order; each frame's `bytes` is the record exactly as written (a
 * view into `bytes`). Damaged regions are reported through
 * `options.onError` and skipped.
 *
 * @param bytes - the trail
 * @param selection - the filters; see {@link ReduceSelection}
 * @param options - see {@link DecodeOptions}
 * @throws RangeError for an unknown event or class, or a bad `file` pattern
 */
export function* reduceRecords(
  bytes: Uint8Array,
  selection: Readonly<Partial<ReduceSelection>>,
  options?: Readonly<Partial<DecodeOptions>>,
): Generator<RecordFrame, void, undefined> {
  const sel = new Selector(new Criteria(selection), decodeOptions(options), REDUCE_BATCH_BYTES);
  sel.view = bytes;
  sel.base = 0;
  const out: RecordFrame[] = [];
  let p = 0;
  do {
    out.length = 0;
    let failed: unknown = null;
    try {
      p = sel.framer.run(bytes, p, bytes.length, 0, true, out);
    } catch (e) {
      failed = e; // strict mode: the records before the damage first
    }
    const batch = out.slice();
    for (const it of batch) {
      if (!sel.decide(it)) continue;
      if (it.damaged) sel.leaveOut(it);
      else yield it;
    }
    sel.releaseErrors();
    if (failed !== null) throw failed;
  } while (p < bytes.length);
}

// ------------------------------------------------------------------ output

/**
 * Where {@link reduceTrail} writes: a file descriptor (written with
 * `fs.write`, the fastest), or a Node writable stream. A stream is handed
 * each ~1 MiB chunk and must be done with it when the write calls back, as
 * file and socket streams and `process.stdout` are (the buffer is then
 * reused); a stream that keeps chunks longer (a `PassThrough` whose reader
 * lags) must copy them.
 */
export type ReduceSink = number | NodeJS.WritableStream;

function writeFd(fd: number, b: Uint8Array, offset: number, length: number): Promise<number> {
  return new Promise((res, rej) => {
    fsWrite(fd, b, offset, length, null, (err, n) => (err ? rej(err) : res(n)));
  });
}

/**
 * The output buffer and its writes. It is the first `cap` bytes of the
 * memory the read buffers are in (see {@link reduceFrom}), so a selected
 * record is copied out with `copyWithin`, no view object per copy:
 * `Buffer#copy` was 27% of the profile of the bench/run.ts
 * "reduce -m AUE_EXECVE" case (28 against 65 ns per record-sized copy).
 */
class RawOutput {
  mem: Uint8Array = new Uint8Array(0);
  pos = 0;
  /** Bytes written out. */
  written = 0;

  constructor(
    private readonly sink: ReduceSink,
    readonly cap: number,
  ) {}

  /** Copies what fits of `mem[s, e)`; returns the bytes copied. */
  put(s: number, e: number): number {
    const k = Math.min(e - s, this.cap - this.pos);
    this.mem.copyWithin(this.pos, s, s + k);
    this.pos += k;
    return k;
  }

  /** Copies `b` (bytes from elsewhere) in, writing out each time the buffer fills. */
  async add(b: Uint8Array): Promise<void> {
    for (let o = 0; o < b.length; ) {
      const k = Math.min(b.length - o, this.cap - this.pos);
      this.mem.set(b.subarray(o, o + k), this.pos);
      this.pos += k;
      o += k;
      if (this.pos === this.cap) await this.flush();
    }
  }

  /** Writes out what is buffered; resolves once the buffer may be filled again. */
  async flush(): Promise<void> {
    const n = this.pos;
    if (n === 0) return;
    this.pos = 0;
    this.written += n;
    const sink = this.sink;
    const mem = this.mem;
    if (typeof sink === "number") {
      for (let o = 0; o < n; ) o += await writeFd(sink, mem, o, n - o);
      return;
    }
    // The stream is done with the bytes when the write calls back.
    await new Promise<void>((res, rej) => {
      sink.write(Buffer.from(mem.buffer, mem.byteOffset, n), (err) => (err ? rej(err) : res()));
    });
  }
}

// ------------------------------------------------------------------ reducing

/** Options of {@link reduceTrail} and {@link reduceStream}. Pass a `Readonly<Partial<ReduceOptions>>`. */
export interface ReduceOptions extends DecodeOptions {
  /**
   * Most bytes read at a time, and the size of each of the two read
   * buffers (the room before a buffer's input, for a record split by a
   * read, grows for a longer record). Small values are for tests.
   * @defaultValue {@link REDUCE_READ_BYTES} (1 MiB)
   */
  readBytes: number;
  /**
   * Size of the output buffer, and of each write.
   * @defaultValue {@link REDUCE_FLUSH_BYTES} (1 MiB)
   */
  flushBytes: number;
}

/** What a reduction did. */
export interface ReduceResult {
  /** Records selected and written. */
  records: number;
  /** Bytes written. */
  bytes: number;
  /** Trail bytes read (after gunzipping). */
  scanned: number;
  /** Damaged regions and bad tokens reported through `onError`. */
  errors: number;
}

function positive(v: number | undefined, dflt: number, what: string): number {
  if (v === undefined) return dflt;
  if (!Number.isInteger(v) || v < 1) throw new RangeError(`${what} must be a positive integer`);
  return v;
}

/**
 * Room kept before a read buffer's input for the undecoded rest of the
 * other one (it grows for a longer rest): split records are almost all
 * shorter (bench/run.ts, "reduce -m AUE_EXECVE" case). Whole pages plus
 * READ_SKEW_BYTES, so that reads never land at a page boundary of the
 * (page-aligned) buffer: src/io/read-memory.ts says why (system time of
 * `bsm-trail reduce` on 1 GiB 0.8-1.0 s at a page boundary, 0.3-0.4 s
 * past it).
 */
const INITIAL_HEAD_BYTES = 64 * 1024 + READ_SKEW_BYTES;

/** A head of at least `n` bytes laid out as {@link INITIAL_HEAD_BYTES} is. */
function headBytes(n: number): number {
  return Math.ceil(n / 4096) * 4096 + READ_SKEW_BYTES;
}

/**
 * The reduction loop.
 *
 * Memory is one buffer: the output buffer, then two read buffers that take
 * turns. While the records of one are framed, decided and copied out, the
 * next read fills the other, so reading overlaps selection (one read
 * buffer, read then framed in turn, ran at ~0.7x: bench/run.ts,
 * "reduce -m AUE_EXECVE" case). Each read buffer keeps room (`head`) before
 * its input: the undecoded rest of the previous buffer (a record split by
 * the read) is copied there before that buffer is read into again. A fresh
 * view of each buffer's bytes goes to the decoders, which cache per input
 * buffer object. Selected records are copied into the output buffer,
 * adjacent ones in one copy.
 */
async function reduceFrom(
  reader: ByteReader,
  selector: Selector,
  output: RawOutput,
  readBytes: number,
): Promise<ReduceResult> {
  const dec = selector.framer;
  const c = selector.c;
  const items: RecordFrame[] = [];
  const cap = output.cap;
  const room = readBytes;
  // Read buffer i is mem[off, off + head + room), its input read at off + head.
  let curOff = cap;
  let curHead = INITIAL_HEAD_BYTES;
  let nextOff = cap + curHead + room;
  let nextHead = INITIAL_HEAD_BYTES;
  let mem = new Uint8Array(nextOff + nextHead + room);
  output.mem = mem;
  let records = 0;
  let scanned = 0;
  let pending: Promise<number> | null = null;
  // The pending run of selected bytes, [runStart, runEnd) of mem.
  let runStart = 0;
  let runEnd = 0;

  /** Writes out the output buffer until the rest of the pending run fits. */
  const drainRun = async (): Promise<void> => {
    while (runStart < runEnd) {
      await output.flush();
      runStart += output.put(runStart, runEnd);
    }
  };

  /**
   * Frames `mem[from, to)` (global offset `base`), copies the selected
   * records out, and returns how many bytes were consumed.
   */
  const frame = async (from: number, to: number, base: number, final: boolean) => {
    const view = mem.subarray(from, to);
    const end = to - from;
    selector.view = view;
    selector.base = base;
    const shift = from - base;
    let p = 0;
    let failed: unknown = null;
    do {
      items.length = 0;
      try {
        p = dec.run(view, p, end, base, final, items);
      } catch (e) {
        // Strict mode's first damage: the records before it are still written.
        failed = e;
      }
      for (let i = 0; i < items.length; i++) {
        const it = items[i];
        if (c.plain ? it.record !== null && !selector.decide(it) : !selector.decide(it)) {
          continue;
        }
        if (it.damaged) {
          // Its header and trailer disagree: never written (see Selector.leaveOut).
          selector.leaveOut(it);
          continue;
        }
        const q = shift + it.offset;
        records++;
        if (q === runEnd) runEnd += it.length;
        else {
          if (runEnd > runStart) {
            runStart += output.put(runStart, runEnd);
            if (runStart < runEnd) await drainRun();
          }
          runStart = q;
          runEnd = q + it.length;
        }
      }
      selector.releaseErrors();
      // This buffer is read into again once the next one is framed.
      if (runEnd > runStart) {
        runStart += output.put(runStart, runEnd);
        if (runStart < runEnd) await drainRun();
      }
      runStart = runEnd = 0;
      if (failed !== null) throw failed;
    } while (p < end && !dec.stalled);
    return p;
  };

  try {
    const at = curOff + curHead;
    const n = await reader.read(mem, at, readBytes);
    let eof = n === 0;
    scanned = n;
    let from = at;
    let to = at + n;
    let base = 0;
    for (;;) {
      pending = eof ? null : reader.read(mem, nextOff + nextHead, readBytes);
      pending?.catch(() => {}); // awaited below; not unhandled meanwhile
      // A decoder stalled for bytes not yet read makes no progress: framing
      // again would re-read what it holds (a walk to a far trailer) per read.
      const used =
        !eof && dec.stalled && base + (to - from) < dec.need ? 0 : await frame(from, to, base, eof);
      if (pending === null) break;
      const k = await pending;
      pending = null;
      base += used;
      from += used;
      if (k === 0) {
        eof = true; // the rest of this buffer is the end of input
        continue;
      }
      scanned += k;
      const rest = to - from;
      if (rest > k && to + k <= curOff + curHead + room) {
        // The rest (a record, or a resync candidate claiming a long one)
        // waits for more bytes than a short read brought (a pipe, small
        // chunks): append the read to it rather than move it, so that each
        // byte is copied once whatever the reads' sizes. Moving the rest
        // every time cost its length per read (crafted 1 MiB claims in
        // 512-byte chunks: 10x the whole-buffer time; test/stall.test.ts).
        mem.copyWithin(to, nextOff + nextHead, nextOff + nextHead + k);
        to += k;
        continue;
      }
      if (rest > nextHead) {
        // Room for a longer rest: move everything to a bigger buffer.
        const head = headBytes(Math.max(rest, nextHead * 2));
        const curSize = curHead + room;
        const bigger = new Uint8Array(cap + curSize + head + room);
        bigger.set(mem.subarray(0, output.pos), 0);
        bigger.set(mem.subarray(curOff, curOff + curSize), cap);
        bigger.set(mem.subarray(nextOff + nextHead, nextOff + nextHead + k), cap + curSize + head);
        from += cap - curOff;
        to += cap - curOff;
        curOff = cap;
        nextOff = cap + curSize;
        nextHead = head;
        mem = bigger;
        output.mem = bigger;
      }
      const nextAt = nextOff + nextHead;
      mem.copyWithin(nextAt - rest, from, to);
      from = nextAt - rest;
      to = nextAt + k;
      [curOff, curHead, nextOff, nextHead] = [nextOff, nextHead, curOff, curHead];
    }
    await output.flush();
  } catch (e) {
    // Write out what was selected before the error (strict mode's first damage).
    try {
      if (runEnd > runStart) runStart += output.put(runStart, runEnd);
      await output.flush();
    } catch {
      // The first error is the one reported.
    }
    throw e;
  } finally {
    items.length = 0;
    if (pending !== null) await pending.catch(() => 0);
    await reader.close();
  }
  return { records, bytes: output.written, scanned, errors: selector.errors };
}

/**
 * Opens the input (gunzipping a gzip'd one, see `openInput`) and reduces
 * it: {@link reduceTrail} and {@link reduceStream} after their input.
 */
async function reduceInput(
  open: (readBytes: number) => Promise<ByteReader>,
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options: Readonly<Partial<ReduceOptions>> | undefined,
  fileName?: string,
): Promise<ReduceResult> {
  const selector = new Selector(
    new Criteria(selection),
    decodeOptions(options, fileName),
    REDUCE_BATCH_BYTES,
    false,
  );
  const readBytes = positive(options?.readBytes, REDUCE_READ_BYTES, "readBytes");
  const output = new RawOutput(
    sink,
    positive(options?.flushBytes, REDUCE_FLUSH_BYTES, "flushBytes"),
  );
  return reduceFrom(await open(readBytes), selector, output, readBytes);
}

/**
 * Selects records from a trail file (gzip'd trails are recognised by their
 * magic bytes) and writes each selected record's bytes to `sink` exactly
 * as they are in the trail, in order: auditreduce. File records (the file
 * tokens at each end of a trail) are written only as auditreduce writes
 * them (see {@link ReduceSelection}), so the output of a selection is a
 * run of header records that `praudit` prints. Damaged regions are
 * reported through `options.onError` (with the file name) and skipped.
 * A record whose header byte count and trailer disagree (its end found by
 * walking its tokens) is never written, selected or not: a reader could
 * not frame it, and OpenBSM's praudit would read nothing after it. When
 * selected, it is reported as left out (a `trailer-mismatch` error with
 * its offset and length); so the output always frames cleanly.
 *
 * The file is read with `fs.read` 1 MiB at a time into reused memory: two
 * read buffers take turns, the next read filling one while the records of
 * the other are selected, and a record split by a read is copied to the
 * front of the next buffer's input. Records are framed without decoding
 * tokens; tokens are decoded only for the records that pass the header
 * filters, and only when a token filter is given. Selected records are
 * copied into one reused output buffer written out every ~1 MiB.
 *
 * Damage inside a record whose header and trailer agree is found only when
 * its tokens are decoded, so it is reported only when a token filter reads
 * that record.
 *
 * @param path - the trail file (any path `fs.open` reads: a file, a named pipe)
 * @param selection - the filters; see {@link ReduceSelection}
 * @param sink - where to write; see {@link ReduceSink}. It is not closed.
 * @param options - see {@link ReduceOptions}; `fileName` defaults to `path`
 * @returns counts of what was selected and read
 * @throws RangeError for an unknown event or class or a bad `file` pattern;
 *   the file system's error when the file cannot be read; the first
 *   damage when `strict` (what was selected before it is written)
 */
export async function reduceTrail(
  path: string,
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options?: Readonly<Partial<ReduceOptions>>,
): Promise<ReduceResult> {
  return reduceInput(
    (readBytes) => openTrailReader(fileInput(path), { readBytes }),
    selection,
    sink,
    options,
    path,
  );
}

/**
 * {@link reduceTrail} over any byte source (standard input, a socket, a
 * web stream, chunks in memory); a gzip'd source is gunzipped. Chunks are
 * copied into the reused read buffer as they arrive.
 *
 * @param source - the bytes; see {@link ByteSource}
 * @param selection - the filters; see {@link ReduceSelection}
 * @param sink - where to write; see {@link ReduceSink}. It is not closed.
 * @param options - see {@link ReduceOptions}
 */
export async function reduceStream(
  source: ByteSource,
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options?: Readonly<Partial<ReduceOptions>>,
): Promise<ReduceResult> {
  return reduceInput((n) => openInput(new ChunkReader(source), n), selection, sink, options);
}

// ------------------------------------------------------------------ trail sets

/** Options of {@link reduceTrails}. Pass a `Readonly<Partial<ReduceTrailsOptions>>`. */
export interface ReduceTrailsOptions extends ReduceOptions, Omit<TrailSetOptions, "readBytes"> {}

function addResult(a: ReduceResult, b: ReduceResult): void {
  a.records += b.records;
  a.bytes += b.bytes;
  a.scanned += b.scanned;
  a.errors += b.errors;
}

/**
 * {@link reduceTrail} over a trail set: files, `/var/audit` directories
 * (auditd's order, `current` once), `-` for standard input, one after
 * another; trail files whose names show they closed before
 * `selection.after` are not read. With `merge`, each path is one source
 * and the selected records of all sources are written merged in
 * header-time order (see `mergeTrails`): each source's records are framed
 * and selected as they stream, one batch per source in memory.
 *
 * An input that cannot be read is reported to `onError` (an `IoError`) and
 * the next one is read; without `onError`, or when `strict`, it is thrown.
 *
 * @param paths - files, directories, `-`
 * @param selection - the filters; see {@link ReduceSelection}
 * @param sink - where to write; see {@link ReduceSink}. It is not closed.
 * @param options - see {@link ReduceTrailsOptions}
 * @returns the counts of all inputs together
 */
export async function reduceTrails(
  paths: readonly string[],
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options?: Readonly<Partial<ReduceTrailsOptions>>,
): Promise<ReduceResult> {
  const total: ReduceResult = { records: 0, bytes: 0, scanned: 0, errors: 0 };
  const report = (e: unknown) => {
    if (!(e instanceof BsmError) || options?.strict || options?.onError === undefined) throw e;
    total.errors++;
    options.onError(e);
  };
  const after = selection.all ? undefined : selection.after;
  const at = after === undefined ? undefined : new Date(after);
  if (options?.merge) {
    await reduceMerged(paths, selection, sink, { ...options, after: at }, total);
    return total;
  }
  const inputs = await trailInputs(paths, { ...options, after: at });
  options?.onInputs?.(inputs);
  for (const input of inputs) {
    try {
      const open = (readBytes: number) =>
        openTrailReader(input, { readBytes, onRead: options?.onRead });
      addResult(
        total,
        await reduceInput(open, selection, sink, { ...options, fileName: input.label }),
      );
    } catch (e) {
      // A read error is an IoError (openTrailReader); anything else (the sink's write error) ends the run.
      report(e);
    }
  }
  return total;
}

/** {@link reduceTrails} with `merge`. */
async function reduceMerged(
  paths: readonly string[],
  selection: Readonly<Partial<ReduceSelection>>,
  sink: ReduceSink,
  options: Readonly<Partial<ReduceTrailsOptions>>,
  total: ReduceResult,
): Promise<void> {
  const flushBytes = positive(options.flushBytes, REDUCE_FLUSH_BYTES, "flushBytes");
  const output = new RawOutput(sink, flushBytes);
  output.mem = new Uint8Array(flushBytes);
  const selectors: Selector[] = [];
  const decode = (chunks: AsyncIterable<Uint8Array>, o: Readonly<Partial<DecodeOptions>>) => {
    const sel = new Selector(new Criteria(selection), decodeOptions(o), REDUCE_BATCH_BYTES);
    selectors.push(sel);
    return selected(
      sel,
      emittedBatches<RecordFrame>(
        chunks,
        new ChunkDecoder(undefined, sel.framer, { inPlace: true }),
      ),
    );
  };
  const { readBytes: _r, ...rest } = options;
  for await (const batch of mergedTrailBatches(paths, decode, rest)) {
    for (let i = 0; i < batch.length; i++) {
      total.records++;
      await output.add(batch[i].bytes);
    }
  }
  await output.flush();
  total.bytes += output.written;
  for (const s of selectors) total.errors += s.errors;
}

/** The frames of `batches` that `sel` selects (each decided on its own bytes). */
async function* selected(
  sel: Selector,
  batches: AsyncIterable<RecordFrame[]>,
): AsyncGenerator<RecordFrame[], void, undefined> {
  for await (const batch of batches) {
    const keep: RecordFrame[] = [];
    for (let i = 0; i < batch.length; i++) {
      const f = batch[i];
      sel.view = f.bytes;
      sel.base = f.offset;
      if (sel.decide(f)) keep.push(f);
    }
    if (keep.length > 0) yield keep;
  }
}

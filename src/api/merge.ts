/**
 * A k-way merge of record streams in header-time order, as Solaris's
 * auditreduce merges the trails of several hosts: each stream keeps its own
 * order, and the next record out is always the earliest of the streams'
 * next records (ties go to the stream named first). Memory is one batch
 * per stream.
 *
 * @module
 */

import type { RecordHead } from "../wire/record";

/** What the merge orders by: a record's (or frame's) header time. */
export type Timed = Pick<RecordHead, "seconds" | "milliseconds">;

/**
 * Records per merged batch: big enough that the per-batch await is noise,
 * small enough to print as soon as it is full (bench/run.ts, "readTrail"
 * batches hold ~1,000 records per 256 KiB).
 */
const MERGE_BATCH = 1024;

/** One stream's place in the merge. */
interface Cursor<T> {
  it: AsyncIterator<T[]>;
  batch: T[];
  i: number;
  /** Position among the streams, for ties. */
  rank: number;
}

function before<T extends Timed>(a: Cursor<T>, b: Cursor<T>): boolean {
  const x = a.batch[a.i];
  const y = b.batch[b.i];
  return (
    x.seconds < y.seconds ||
    (x.seconds === y.seconds &&
      (x.milliseconds < y.milliseconds || (x.milliseconds === y.milliseconds && a.rank < b.rank)))
  );
}

/** Restores the heap order downward from `i`. */
function siftDown<T extends Timed>(h: Cursor<T>[], i: number): void {
  const n = h.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const m = l + 1 < n && before(h[l + 1], h[l]) ? l + 1 : l;
    if (!before(h[m], h[i])) return;
    [h[i], h[m]] = [h[m], h[i]];
    i = m;
  }
}

/** Loads the cursor's next non-empty batch; false at the end of its stream. */
async function refill<T>(c: Cursor<T>): Promise<boolean> {
  for (;;) {
    const r = await c.it.next();
    if (r.done) return false;
    if (r.value.length > 0) {
      c.batch = r.value;
      c.i = 0;
      return true;
    }
  }
}

/**
 * Merges batches of records (or frames) from several streams into batches
 * in header-time order (`seconds`, then `milliseconds`). Each stream is
 * assumed in its own order, as a host's trail is (a record that is earlier
 * than one before it in its own stream comes out where its stream has it).
 *
 * @param streams - the streams; each is read one batch ahead of the merge
 * @returns merged batches of at most {@link MERGE_BATCH} records
 */
export async function* mergeBatches<T extends Timed>(
  streams: readonly AsyncIterable<T[]>[],
): AsyncGenerator<T[], void, undefined> {
  const all: Cursor<T>[] = streams.map((s, rank) => ({
    it: s[Symbol.asyncIterator](),
    batch: [],
    i: 0,
    rank,
  }));
  try {
    const heap: Cursor<T>[] = [];
    for (const c of all) if (await refill(c)) heap.push(c);
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
    let out: T[] = [];
    while (heap.length > 0) {
      const top = heap[0];
      out.push(top.batch[top.i++]);
      if (top.i === top.batch.length) {
        // Yield what is merged before waiting on one stream: its next batch may be long coming.
        if (out.length > 0) {
          yield out;
          out = [];
        }
        if (!(await refill(top))) {
          const last = heap.pop() as Cursor<T>;
          if (heap.length === 0) break;
          heap[0] = last;
        }
      }
      siftDown(heap, 0);
      if (out.length >= MERGE_BATCH) {
        yield out;
        out = [];
      }
    }
    if (out.length > 0) yield out;
  } finally {
    await Promise.all(all.map((c) => c.it.return?.()));
  }
}

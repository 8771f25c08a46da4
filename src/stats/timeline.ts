/**
 * Volume over time in at most `TIMELINE_MAX_BUCKETS` equal buckets, in
 * bounded memory whatever the trail's span (see `Timeline`).
 *
 * Buckets are aligned to multiples of their width since the epoch: bucket
 * `k` covers `[k * w, (k + 1) * w)` seconds. Doubling the width merges
 * buckets `2j` and `2j + 1` into `j`, so alignment holds at every width and
 * records may come in any order (merged hosts, clocks set back).
 *
 * @module
 */

import { TIMELINE_MAX_BUCKETS, type Timeline } from "./stats-types";
import { addCell, type Cell, cellToDay, countCell, newCell } from "./tally";

/** Width of the first buckets: one minute (a trail of minutes still draws a curve). */
const FIRST_BUCKET_SECONDS = 60;

/** Builds a {@link Timeline} record by record. */
export class TimelineBuilder {
  #width = FIRST_BUCKET_SECONDS;
  /** Absolute index (time / width) of `#buckets[0]`. */
  #first = 0;
  #buckets: (Cell | undefined)[] = [];
  #last: Cell | undefined;
  #lastIndex = Number.NaN;

  /**
   * @param maxBuckets - most buckets (a test may ask for few)
   */
  constructor(private readonly maxBuckets: number = TIMELINE_MAX_BUCKETS) {
    if (!Number.isInteger(maxBuckets) || maxBuckets < 2) {
      throw new RangeError(`maxBuckets must be an integer of at least 2, got ${maxBuckets}`);
    }
  }

  /** Counts a record at `seconds` since the epoch, its bytes under each class index of `classes`. */
  add(seconds: number, bytes: number, failed: boolean, classes: readonly number[]): void {
    countCell(this.bucketAt(seconds), bytes, failed, classes);
  }

  /** The bucket of `seconds`, widening the buckets when it would not fit. */
  bucketAt(seconds: number): Cell {
    let k = Math.floor(seconds / this.#width);
    if (k === this.#lastIndex && this.#last !== undefined) return this.#last;
    const b = this.#buckets;
    if (b.length === 0) this.#first = k;
    let lo = Math.min(this.#first, k);
    let hi = Math.max(this.#first + b.length - 1, k);
    while (hi - lo + 1 > this.maxBuckets) {
      this.#double();
      k = Math.floor(seconds / this.#width);
      lo = Math.min(this.#first, k);
      hi = Math.max(this.#first + this.#buckets.length - 1, k);
    }
    if (k < this.#first) {
      const grow = this.#first - k;
      this.#buckets = [...new Array<Cell | undefined>(grow).fill(undefined), ...this.#buckets];
      this.#first = k;
    }
    const i = k - this.#first;
    const buckets = this.#buckets;
    while (buckets.length <= i) buckets.push(undefined);
    let t = buckets[i];
    if (t === undefined) buckets[i] = t = newCell();
    this.#last = t;
    this.#lastIndex = k;
    return t;
  }

  /** Doubles the width, merging neighbours. */
  #double(): void {
    const old = this.#buckets;
    const first = Math.floor(this.#first / 2);
    const merged: (Cell | undefined)[] = [];
    for (let i = 0; i < old.length; i++) {
      const t = old[i];
      if (t === undefined) continue;
      const j = Math.floor((this.#first + i) / 2) - first;
      while (merged.length <= j) merged.push(undefined);
      const m = merged[j];
      if (m === undefined) merged[j] = t;
      else addCell(m, t);
    }
    this.#width *= 2;
    this.#first = first;
    this.#buckets = merged;
    this.#last = undefined;
    this.#lastIndex = Number.NaN;
  }

  /**
   * The timeline so far (every bucket between the first and the last,
   * empty ones zeroed).
   *
   * @param classNames - the name of each class index
   */
  result(classNames: readonly string[]): Timeline {
    const b = this.#buckets;
    if (b.length === 0) return { bucketSeconds: this.#width, start: null, buckets: [] };
    return {
      bucketSeconds: this.#width,
      start: new Date(this.#first * this.#width * 1000).toISOString(),
      buckets: b.map((t) => cellToDay(t ?? newCell(), classNames)),
    };
  }
}

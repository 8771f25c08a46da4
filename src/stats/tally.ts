/**
 * The counting cells of trail statistics: a {@link Tally} (records, bytes,
 * failures), a day's or bucket's tally with bytes by class, and a bounded
 * table of tallies whose keys past a limit are counted under `OTHER_KEY`,
 * so memory does not grow with the trail.
 *
 * @module
 */

import { type DayTally, OTHER_KEY, type Tally } from "./stats-types";

/** A zeroed {@link Tally}. */
export function newTally(): Tally {
  return { records: 0, bytes: 0, failures: 0 };
}

/**
 * A day's or a timeline bucket's counts while counting: a {@link Tally}
 * with bytes by class index (the counter's numbering of class names),
 * turned into a {@link DayTally} by {@link cellToDay}. Indexed arrays, not
 * objects keyed by name, as every record adds to two of them: 6.6% of
 * the run went to name-keyed objects (profile of `trailStats` over a
 * 64 MiB generated trail).
 */
export interface Cell extends Tally {
  /** Bytes by class index (holes: none). */
  byClass: number[];
}

/** A zeroed {@link Cell}. */
export function newCell(): Cell {
  return { records: 0, bytes: 0, failures: 0, byClass: [] };
}

/** Counts one record in `t`. */
export function count(t: Tally, bytes: number, failed: boolean): void {
  t.records++;
  t.bytes += bytes;
  if (failed) t.failures++;
}

/** Counts one record in a cell, its bytes under each of its class indexes. */
export function countCell(
  t: Cell,
  bytes: number,
  failed: boolean,
  classes: readonly number[],
): void {
  t.records++;
  t.bytes += bytes;
  if (failed) t.failures++;
  const by = t.byClass;
  for (let i = 0; i < classes.length; i++) {
    const c = classes[i];
    while (by.length <= c) by.push(0);
    by[c] += bytes;
  }
}

/** Adds `b`'s counts into `a`. */
export function addCell(a: Cell, b: Cell): void {
  a.records += b.records;
  a.bytes += b.bytes;
  a.failures += b.failures;
  const by = a.byClass;
  for (let c = 0; c < b.byClass.length; c++) {
    while (by.length <= c) by.push(0);
    by[c] += b.byClass[c];
  }
}

/** The {@link DayTally} of a cell: `names[i]` is the name of class index `i`. */
export function cellToDay(t: Cell, names: readonly string[]): DayTally {
  const bytesByClass: Record<string, number> = {};
  for (let c = 0; c < t.byClass.length; c++) {
    if (t.byClass[c] > 0) bytesByClass[names[c]] = t.byClass[c];
  }
  return { records: t.records, bytes: t.bytes, failures: t.failures, bytesByClass };
}

/**
 * A table of tallies keyed by `K`, holding at most `limit` keys: the
 * first `limit` distinct keys seen have a tally of their own, and every
 * later key is counted under one overflow tally (printed as `OTHER_KEY`).
 */
export class BoundedTable<K, T extends Tally> {
  readonly #map = new Map<K, T>();
  #other: T | null = null;

  /**
   * @param limit - most keys with a tally of their own
   * @param make - a zeroed tally for a new key (`null` for the overflow one)
   */
  constructor(
    readonly limit: number,
    private readonly make: (key: K | null) => T,
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`a table limit must be a positive integer, got ${limit}`);
    }
  }

  /** The tally of `key` (made on first use), or the overflow tally once the table is full. */
  get(key: K): T {
    const t = this.#map.get(key);
    if (t !== undefined) return t;
    if (this.#map.size < this.limit) {
      const n = this.make(key);
      this.#map.set(key, n);
      return n;
    }
    this.#other ??= this.make(null);
    return this.#other;
  }

  /** Keys with a tally of their own. */
  get size(): number {
    return this.#map.size;
  }

  /** Keys counted under the overflow tally were seen. */
  get overflowed(): boolean {
    return this.#other !== null;
  }

  /**
   * The table as a JSON object: each key as `keyText` writes it, then
   * {@link OTHER_KEY} when keys overflowed, in the order `order` gives
   * (default: first seen).
   */
  toRecord(
    keyText: (key: K) => string,
    order?: (a: [K, T], b: [K, T]) => number,
  ): Record<string, T> {
    const out: Record<string, T> = {};
    const entries = [...this.#map];
    if (order !== undefined) entries.sort(order);
    for (const [k, t] of entries) out[keyText(k)] = t;
    if (this.#other !== null) out[OTHER_KEY] = this.#other;
    return out;
  }
}

/**
 * Parquet files written as records arrive: rows are gathered column by
 * column and each row group is encoded and written out as soon as it
 * fills, so memory holds at most one row group per open file whatever the
 * input size. With `partition: "day"`, one file per day under Hive-style
 * `day=YYYY-MM-DD/` folders, which Athena, Trino, Spark and DuckDB read as
 * one table with a `day` column.
 *
 * The writer is hyparquet-writer (pure JavaScript, no native code), loaded
 * on first use: it is the only run-time dependency beside iconv-lite, and
 * only Parquet export loads it (see README, "Parquet").
 *
 * @module
 */

import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { IoError } from "../wire/errors";
import { PackedRowGroups } from "./packed-row-groups";
import { type Columns, parquetSchema } from "./parquet-columns";

/**
 * Rows per row group: peak RSS grows with it (hyparquet-writer encodes a
 * whole group at once). Exporting the 64 MiB bench trail peaked at 178 MB
 * with 4,096 rows, 219 MB with 8,192; 16,384 took 277 MB on a 16 MiB
 * trail; the goal is under 300 MB whatever the trail (bench/run.ts,
 * "export" case). Query engines read groups of this size without fuss.
 */
export const ROW_GROUP_ROWS = 4096;

/**
 * Bytes of the arena the JSON texts of a row group are encoded into, at
 * first: a 4,096-row group of the bench trail holds ~3 MB of token JSON
 * (bench/run.ts, "export" case); it doubles when a group needs more.
 */
const ARENA_BYTES = 4 << 20;

/**
 * Day partitions open at once: each holds up to a row group. A trail is in
 * time order, so one or two days are open; when a record of a further day
 * comes, the least recently used day's file is finished, and that day
 * continues in a new part file if it comes back.
 */
export const MAX_OPEN_PARTITIONS = 4;

/** Hive's name of the partition of rows without a value (a record without a valid time). */
export const NULL_PARTITION = "__HIVE_DEFAULT_PARTITION__";

type HyparquetWriter = typeof import("hyparquet-writer");
let hyparquet: Promise<HyparquetWriter> | undefined;

/** The writer module, imported once (a dynamic import keeps it out of every other path). */
function writerModule(): Promise<HyparquetWriter> {
  hyparquet ??= import("hyparquet-writer");
  return hyparquet;
}

/** One Parquet file being written. */
class ParquetFile<R> {
  readonly #w: InstanceType<HyparquetWriter["ParquetWriter"]>;
  readonly #columns: Columns<R>;
  readonly #rowGroupRows: number;
  #data: unknown[][];
  #rows = 0;
  /** Indexes of the JSON text columns (see #bytesOf). */
  readonly #json: readonly number[];
  /** Where the JSON texts of the row group being gathered are encoded (see #bytesOf). */
  #arena = Buffer.allocUnsafeSlow(ARENA_BYTES);
  #arenaPos = 0;
  /** The metadata of the row groups written (see #compact). */
  readonly #packed = new PackedRowGroups();
  /** Rows written so far (flushed or buffered). */
  total = 0;

  constructor(mod: HyparquetWriter, path: string, columns: Columns<R>, rowGroupRows: number) {
    this.#columns = columns;
    this.#rowGroupRows = rowGroupRows;
    this.#json = columns.defs.flatMap((d, i) => (d.type === "json" ? [i] : []));
    this.#data = columns.defs.map(() => []);
    try {
      this.#w = new mod.ParquetWriter({
        writer: mod.fileWriter(path),
        // hyparquet's SchemaElement is parquet-format's, of which ours is a subset.
        schema: parquetSchema(columns.defs) as never,
        createdBy: "bsm-trail",
        // Statistics and page indexes are kept in memory for every column
        // chunk until the footer is written: with them on, the live heap
        // grew by 37 bytes a row (about 250 MB for the 1 GiB bench trail's
        // 6.7 million rows) and peak RSS passed 700 MB; only `time` keeps
        // its min/max, which engines use to skip row groups by time.
        statistics: false,
      });
    } catch (e) {
      throw ioError(path, e);
    }
  }

  add(r: R): void {
    const v = this.#columns.values(r);
    const data = this.#data;
    const json = this.#json;
    for (let i = 0; i < json.length; i++) {
      const x = v[json[i]];
      if (typeof x === "string") v[json[i]] = this.#bytesOf(x);
    }
    for (let i = 0; i < data.length; i++) data[i].push(v[i]);
    this.#rows++;
    this.total++;
    if (this.#rows >= this.#rowGroupRows) this.#flush();
  }

  #flush(): void {
    if (this.#rows === 0) return;
    const defs = this.#columns.defs;
    this.#w.write({
      columnData: defs.map((d, i) => ({
        name: d.name,
        data: this.#data[i],
        offsetIndex: false,
        statistics: d.name === "time",
      })),
      rowGroupSize: this.#rows,
    });
    this.#compact();
    this.#data = defs.map(() => []);
    this.#rows = 0;
    // The writer keeps no value once a group is written: the arena is free again.
    this.#arenaPos = 0;
  }

  /**
   * A JSON text as UTF-8 bytes, a view of one arena reused from row group
   * to row group (the writer takes byte arrays as they are). The text of
   * every row's tokens (~700 bytes) was a string kept until its group was
   * written, then encoded into a buffer of its own: both made garbage the
   * heap and the allocator grew with (bench/run.ts, "export" case).
   */
  #bytesOf(s: string): Uint8Array {
    const most = 3 * s.length;
    if (this.#arenaPos + most > this.#arena.length) {
      // The views made so far keep the full arena alive until the flush.
      this.#arena = Buffer.allocUnsafeSlow(Math.max(2 * this.#arena.length, most));
      this.#arenaPos = 0;
    }
    const at = this.#arenaPos;
    const n = this.#arena.write(s, at, "utf8");
    this.#arenaPos = at + n;
    return new Uint8Array(this.#arena.buffer, this.#arena.byteOffset + at, n);
  }

  /**
   * Takes what the writer keeps of the row group just written until the
   * footer: its entry of every column chunk in `pendingIndexes` (kept for
   * page indexes and bloom filters, of which none is written) is dropped,
   * its metadata packed (see packed-row-groups.ts) and given back for the
   * footer.
   */
  #compact(): void {
    const w = this.#w;
    w.pendingIndexes.length = 0;
    const rg = w.row_groups.pop();
    if (rg !== undefined) this.#packed.add(rg);
  }

  finish(): void {
    this.#flush();
    this.#w.row_groups = this.#packed.unpack();
    this.#w.finish();
  }
}

function ioError(path: string, e: unknown): IoError {
  const err = e as NodeJS.ErrnoException;
  return new IoError(`cannot write: ${err.message}`, {
    offset: 0,
    recordOffset: 0,
    tokenId: -1,
    file: path,
    code: err.code,
    cause: e,
  });
}

/** Options of {@link ParquetSink}. */
export interface ParquetSinkOptions {
  /** Output: the file, or with `partition: "day"` the folder of the day folders. */
  out: string;
  /**
   * `none`: one file; `day`: `OUT/day=YYYY-MM-DD/part-NNNNN.parquet`.
   * @defaultValue "none"
   */
  partition: "none" | "day";
  /**
   * Rows per row group.
   * @defaultValue {@link ROW_GROUP_ROWS}
   */
  rowGroupRows: number;
}

/** What a sink wrote. */
export interface ParquetResult {
  /** Rows written. */
  rows: number;
  /** The files written, in the order they were opened. */
  files: string[];
}

/** Rows of one format into one Parquet file or a tree of day partitions. */
export class ParquetSink<R> {
  readonly #mod: HyparquetWriter;
  readonly #columns: Columns<R>;
  readonly #options: ParquetSinkOptions;
  readonly #dayOf: (r: R) => string;
  readonly #open = new Map<string, ParquetFile<R>>();
  readonly #parts = new Map<string, number>();
  readonly #files: string[] = [];
  #rows = 0;

  private constructor(
    mod: HyparquetWriter,
    columns: Columns<R>,
    options: ParquetSinkOptions,
    dayOf: (r: R) => string,
  ) {
    this.#mod = mod;
    this.#columns = columns;
    this.#options = options;
    this.#dayOf = dayOf;
  }

  /**
   * A sink writing `columns`; `dayOf` gives a row's day (`YYYY-MM-DD`, or
   * {@link NULL_PARTITION}) when partitioning.
   */
  static async create<R>(
    columns: Columns<R>,
    options: Readonly<Partial<ParquetSinkOptions>> & { out: string },
    dayOf: (r: R) => string,
  ): Promise<ParquetSink<R>> {
    const o: ParquetSinkOptions = {
      out: options.out,
      partition: options.partition ?? "none",
      rowGroupRows: options.rowGroupRows ?? ROW_GROUP_ROWS,
    };
    if (o.partition !== "none" && o.partition !== "day") {
      throw new RangeError(`partition must be none or day, not ${o.partition}`);
    }
    if (!Number.isInteger(o.rowGroupRows) || o.rowGroupRows < 1) {
      throw new RangeError(`rowGroupRows must be a positive integer, got ${o.rowGroupRows}`);
    }
    const sink = new ParquetSink(await writerModule(), columns, o, dayOf);
    // One file: open it now, so that an unwritable path fails before any input is read.
    if (o.partition === "none") sink.#file("");
    return sink;
  }

  #file(key: string): ParquetFile<R> {
    let f = this.#open.get(key);
    if (f !== undefined) {
      this.#open.delete(key);
      this.#open.set(key, f);
      return f;
    }
    let path = this.#options.out;
    if (this.#options.partition === "day") {
      if (this.#open.size >= MAX_OPEN_PARTITIONS) {
        const [oldest, file] = this.#open.entries().next().value as [string, ParquetFile<R>];
        file.finish();
        this.#open.delete(oldest);
      }
      const dir = join(this.#options.out, `day=${key}`);
      const part = this.#parts.get(key) ?? 0;
      this.#parts.set(key, part + 1);
      try {
        mkdirSync(dir, { recursive: true });
      } catch (e) {
        throw ioError(dir, e);
      }
      path = join(dir, `part-${String(part).padStart(5, "0")}.parquet`);
    }
    f = new ParquetFile(this.#mod, path, this.#columns, this.#options.rowGroupRows);
    this.#open.set(key, f);
    this.#files.push(path);
    return f;
  }

  /** Adds one row. */
  add(r: R): void {
    this.#file(this.#options.partition === "day" ? this.#dayOf(r) : "").add(r);
    this.#rows++;
  }

  /** Writes what is buffered and every file's footer. */
  close(): ParquetResult {
    for (const f of this.#open.values()) f.finish();
    this.#open.clear();
    return { rows: this.#rows, files: [...this.#files] };
  }
}

/**
 * The footer metadata of written row groups, packed into numbers until the
 * footer is written: hyparquet-writer keeps every column chunk's metadata
 * as objects (a dozen fields, five bigints) from its row group's write to
 * the end of the file, so the live heap grew with the trail, and V8's heap
 * with it, about four times as fast (bench/run.ts, "export" case: peak RSS
 * 222 MB on the 256 MiB trail, 336 MB on 1 GiB). Packed, a chunk takes 8
 * numbers outside the heap; the objects are made again, the same, for the
 * footer.
 *
 * @module
 */

import type { RowGroup } from "hyparquet";

type ColumnChunk = RowGroup["columns"][number];
type ColumnMetaData = NonNullable<ColumnChunk["meta_data"]>;

/** The fields of a chunk's metadata that are packed (the others must be absent). */
const META_KEYS = new Set([
  "type",
  "encodings",
  "path_in_schema",
  "codec",
  "num_values",
  "total_compressed_size",
  "total_uncompressed_size",
  "data_page_offset",
  "dictionary_page_offset",
  "statistics",
  "encoding_stats",
  "geospatial_statistics",
]);

/** Numbers a packed chunk takes. */
const PER_CHUNK = 8;

/** A row group kept as is, or packed: its chunks from `first`, and the group's own values. */
type Packed =
  | { group: RowGroup }
  | {
      first: number;
      count: number;
      totalByteSize: bigint;
      numRows: bigint;
      totalCompressedSize: bigint | undefined;
    };

/** Row groups' footer metadata, packed as they are written, unpacked for the footer. */
export class PackedRowGroups {
  #nums = new Float64Array(PER_CHUNK * 1024);
  #chunks = 0;
  readonly #groups: Packed[] = [];
  /** Values chunks repeat (types, codecs, encodings, paths), each kept once. */
  readonly #values: unknown[] = [];
  readonly #index = new Map<string, number>();
  /** The statistics and encoding stats of the chunks that have them, by chunk number. */
  readonly #extras = new Map<number, Pick<ColumnMetaData, "statistics" | "encoding_stats">>();

  /** Packs a row group (kept as is when it holds anything this does not pack). */
  add(rg: RowGroup): void {
    if (!packable(rg)) {
      this.#groups.push({ group: rg });
      return;
    }
    const first = this.#chunks;
    for (const c of rg.columns) this.#chunk(c);
    this.#groups.push({
      first,
      count: rg.columns.length,
      totalByteSize: rg.total_byte_size,
      numRows: rg.num_rows,
      totalCompressedSize: rg.total_compressed_size,
    });
  }

  #ref(key: string, v: unknown): number {
    let i = this.#index.get(key);
    if (i === undefined) {
      i = this.#values.length;
      this.#values.push(v);
      this.#index.set(key, i);
    }
    return i;
  }

  #chunk(c: ColumnChunk): void {
    const m = c.meta_data as ColumnMetaData;
    if (this.#nums.length < PER_CHUNK * (this.#chunks + 1)) {
      const a = new Float64Array(this.#nums.length * 2);
      a.set(this.#nums);
      this.#nums = a;
    }
    const n = this.#nums;
    const at = PER_CHUNK * this.#chunks;
    n[at] = this.#ref(JSON.stringify([m.type, m.codec, m.encodings, m.path_in_schema]), [
      m.type,
      m.codec,
      m.encodings,
      m.path_in_schema,
    ]);
    n[at + 1] = Number(m.num_values);
    n[at + 2] = Number(m.total_compressed_size);
    n[at + 3] = Number(m.total_uncompressed_size);
    n[at + 4] = Number(m.data_page_offset);
    n[at + 5] = m.dictionary_page_offset === undefined ? -1 : Number(m.dictionary_page_offset);
    n[at + 6] = Number(c.file_offset);
    if (m.statistics !== undefined || m.encoding_stats !== undefined) {
      this.#extras.set(this.#chunks, {
        statistics: m.statistics,
        encoding_stats: m.encoding_stats,
      });
    }
    this.#chunks++;
  }

  /** The row groups, as the writer made them, in order. */
  unpack(): RowGroup[] {
    const n = this.#nums;
    return this.#groups.map((g) => {
      if ("group" in g) return g.group;
      const columns: ColumnChunk[] = [];
      for (let k = g.first; k < g.first + g.count; k++) {
        const at = PER_CHUNK * k;
        const [type, codec, encodings, path] = this.#values[n[at]] as [
          ColumnMetaData["type"],
          ColumnMetaData["codec"],
          ColumnMetaData["encodings"],
          string[],
        ];
        const extra = this.#extras.get(k);
        columns.push({
          meta_data: {
            type,
            encodings,
            path_in_schema: path,
            codec,
            num_values: BigInt(n[at + 1]),
            total_compressed_size: BigInt(n[at + 2]),
            total_uncompressed_size: BigInt(n[at + 3]),
            data_page_offset: BigInt(n[at + 4]),
            dictionary_page_offset: n[at + 5] < 0 ? undefined : BigInt(n[at + 5]),
            statistics: extra?.statistics,
            encoding_stats: extra?.encoding_stats,
          },
          file_offset: BigInt(n[at + 6]),
        });
      }
      return {
        columns,
        total_byte_size: g.totalByteSize,
        num_rows: g.numRows,
        total_compressed_size: g.totalCompressedSize,
      };
    });
  }
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** True when every value of the group is one {@link PackedRowGroups} packs and unpacks unchanged. */
function packable(rg: RowGroup): boolean {
  for (const k of Object.keys(rg)) {
    if (!["columns", "total_byte_size", "num_rows", "total_compressed_size"].includes(k)) {
      if ((rg as unknown as Record<string, unknown>)[k] !== undefined) return false;
    }
  }
  for (const c of rg.columns) {
    for (const k of Object.keys(c)) {
      if (k !== "meta_data" && k !== "file_offset") {
        if ((c as unknown as Record<string, unknown>)[k] !== undefined) return false;
      }
    }
    const m = c.meta_data;
    if (m === undefined || typeof c.file_offset !== "bigint" || c.file_offset > SAFE) return false;
    for (const k of Object.keys(m)) {
      const v = (m as unknown as Record<string, unknown>)[k];
      if (!META_KEYS.has(k) && v !== undefined) return false;
      if (typeof v === "bigint" && (v > SAFE || v < 0n)) return false;
    }
    if (m.geospatial_statistics !== undefined) return false;
    for (const k of [
      "num_values",
      "total_compressed_size",
      "total_uncompressed_size",
      "data_page_offset",
    ] as const) {
      if (typeof m[k] !== "bigint") return false;
    }
    if (m.dictionary_page_offset !== undefined && typeof m.dictionary_page_offset !== "bigint") {
      return false;
    }
  }
  return true;
}

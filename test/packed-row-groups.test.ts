/**
 * PackedRowGroups (src/export/packed-row-groups.ts): a Parquet file whose
 * row groups' metadata was packed as each group was written and unpacked
 * for the footer is byte for byte the file the writer writes keeping its
 * objects, with nested and list columns, dictionaries, statistics on one
 * column, nulls, and many small groups; a group holding something it does
 * not pack is kept as it is.
 */

import { ByteWriter, ParquetWriter } from "hyparquet-writer";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { PackedRowGroups } from "../src/export/packed-row-groups";
import { NATIVE_COLUMNS, parquetSchema } from "../src/export/parquet-columns";
import { NativeConverter, type NativeRecord } from "../src/json/native";
import { generateTrail } from "../src/testing/generator";

/** The file's bytes, written a group at a time, packing the metadata or not. */
function write(rows: NativeRecord[], groupRows: number, pack: boolean): Uint8Array {
  const out = new ByteWriter();
  const w = new ParquetWriter({
    writer: out,
    schema: parquetSchema(NATIVE_COLUMNS.defs) as never,
    statistics: false,
  });
  const packed = new PackedRowGroups();
  for (let s = 0; s < rows.length; s += groupRows) {
    const group = rows.slice(s, s + groupRows).map((r) => NATIVE_COLUMNS.values(r));
    w.write({
      columnData: NATIVE_COLUMNS.defs.map((d, i) => ({
        name: d.name,
        data: group.map((v) => v[i]),
        offsetIndex: false,
        statistics: d.name === "time",
      })),
      rowGroupSize: group.length,
    });
    if (pack) {
      const rg = w.row_groups.pop();
      if (rg !== undefined) packed.add(rg);
    }
  }
  if (pack) w.row_groups = packed.unpack();
  w.finish();
  return out.getBytes();
}

describe("PackedRowGroups", () => {
  const records = decodeAllRecords(generateTrail({ seed: 3, records: 700 }));
  const conv = new NativeConverter({ fileName: "t.bsm", processContext: true });
  const rows = records.map((r) => conv.convert(r));

  for (const groupRows of [1, 7, 256, 4096]) {
    it(`gives the same file as the writer's own metadata (${groupRows}-row groups)`, () => {
      const a = write(rows, groupRows, false);
      const b = write(rows, groupRows, true);
      expect(b.length).toBe(a.length);
      expect(Buffer.compare(Buffer.from(a), Buffer.from(b))).toBe(0);
    });
  }

  it("keeps a group it cannot pack as it is", () => {
    const p = new PackedRowGroups();
    const odd = {
      columns: [],
      total_byte_size: 1n,
      num_rows: 1n,
      sorting_columns: [{ column_idx: 0, descending: false, nulls_first: true }],
    };
    p.add(odd);
    expect(p.unpack()[0]).toBe(odd);
  });
});

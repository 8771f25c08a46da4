/**
 * Parquet export, read back by DuckDB (@duckdb/node-api): SQL counts per
 * event and per audit class equal the trail's own (native), per OCSF
 * class equal the JSON converter's (ocsf); nested fields are queryable;
 * `--partition day` writes a Hive tree DuckDB reads as one table with a
 * `day` column; row groups are written as they fill.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { exportParquet } from "../src/export/export-parquet";
import { MAX_OPEN_PARTITIONS } from "../src/export/parquet-sink";
import { recordsToJson } from "../src/json/read-json";
import { openbsmEvents } from "../src/tables/events";
import { encodeTrail } from "../src/wire/encoder";
import type { BsmRecord } from "../src/wire/record";
import { tokens } from "../src/wire/token-builders";
import { corpusPath } from "./corpus";
import { cli } from "./run-cli";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const TRAILS = [
  corpusPath("trails/mix-small.bsm"),
  corpusPath("trails/mix-apple-small.bsm"),
  corpusPath("trails/all-tokens.bsm"),
  corpusPath("real/plaso-apple.bsm"),
  corpusPath("real/plaso-openbsm.bsm"),
  join(root, "fixtures/sample.bsm"),
];

let dir = "";
let db: DuckDBInstance;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "bsm-trail-export-"));
  db = await DuckDBInstance.create(":memory:");
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function sql(q: string): Promise<Record<string, unknown>[]> {
  const c = await db.connect();
  try {
    return (await c.runAndReadAll(q)).getRowObjectsJson() as Record<string, unknown>[];
  } finally {
    c.closeSync();
  }
}

function counts(keys: Iterable<string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = (out[k] ?? 0) + 1;
  return out;
}

function rowsToCounts(rows: Record<string, unknown>[]): Record<string, number> {
  return Object.fromEntries(rows.map((r) => [String(r.k), Number(r.n)]));
}

const records = (path: string): BsmRecord[] =>
  decodeAllRecords(readFileSync(path), { onError: () => {} });

describe("native Parquet, read by DuckDB", () => {
  for (const path of TRAILS) {
    it(`${path.slice(path.lastIndexOf("/") + 1)}: counts per event and per class equal the trail's`, async () => {
      const rs = records(path);
      const out = join(dir, `${path.slice(path.lastIndexOf("/") + 1)}.parquet`);
      const result = await exportParquet(rs, { out, fileName: path, rowGroupRows: 1000 });
      expect(result.rows).toBe(rs.length);
      const f = `read_parquet('${out}')`;
      expect(
        rowsToCounts(await sql(`select event.number k, count(*) n from ${f} group by 1`)),
      ).toEqual(counts(rs.map((r) => String(r.kind === "file" ? 0 : r.event))));
      const table = openbsmEvents();
      const classesOf = (r: BsmRecord) =>
        r.kind === "file" ? [] : table.classesOf(r.event).map((c) => c.name);
      expect(
        rowsToCounts(
          await sql(
            `select k, count(*) n from (select unnest(event.classes) k from ${f}) group by 1`,
          ),
        ),
      ).toEqual(counts(rs.flatMap(classesOf)));
      const groups = await sql(
        `select count(distinct row_group_id) n from parquet_metadata('${out}')`,
      );
      expect(Number(groups[0].n)).toBe(Math.max(1, Math.ceil(rs.length / 1000)));
    });
  }

  it("keeps nested fields queryable: subject, return, paths, tokens", async () => {
    const path = join(root, "fixtures/sample.bsm");
    const rs = records(path);
    const out = join(dir, "nested.parquet");
    await exportParquet(rs, { out, fileName: path });
    const i = rs.findIndex((r) => r.tokens.some((t) => t.type === "exec_args"));
    const r = rs[i];
    const subject = r.tokens.find((t) => t.type === "subject32") as { auid: number; pid: number };
    const args = (r.tokens.find((t) => t.type === "exec_args") as { strings: string[] }).strings;
    const [row] = await sql(
      `select subject.auid a, subject.pid p, "return".success s, args, paths[1] p1, tokens->>'$[0].type' t0, epoch_ms(time) ms, source.offset o
       from read_parquet('${out}') where source.offset = ${r.offset}`,
    );
    expect(row).toEqual({
      a: subject.auid,
      p: subject.pid,
      s: true,
      args,
      p1: (r.tokens.find((t) => t.type === "path") as { path: string }).path,
      t0: r.tokens[0].type,
      ms: String(r.seconds * 1000 + r.milliseconds),
      o: String(r.offset),
    });
  });
});

describe("OCSF Parquet", () => {
  it("counts per OCSF class and activity equal the JSON events'", async () => {
    const path = corpusPath("trails/mix-small.bsm");
    const rs = records(path);
    const out = join(dir, "ocsf.parquet");
    const result = await exportParquet(rs, { out, format: "ocsf", fileName: path });
    const events = [...recordsToJson(rs, { format: "ocsf" })] as {
      class_uid: number;
      activity_id: number;
    }[];
    expect(result.rows).toBe(events.length);
    expect(
      rowsToCounts(
        await sql(
          `select class_uid || '/' || activity_id k, count(*) n from read_parquet('${out}') group by 1`,
        ),
      ),
    ).toEqual(counts(events.map((e) => `${e.class_uid}/${e.activity_id}`)));
    const [u] = await sql(
      `select count(*) n from read_parquet('${out}') where actor.user.uid is null or metadata.product.name <> 'bsm-trail'`,
    );
    expect(Number(u.n)).toBe(0);
  });
});

describe("--partition day", () => {
  // Days 1..6 of March 2024, interleaved so that more days than MAX_OPEN_PARTITIONS are open.
  const day = (d: number) => Date.UTC(2024, 2, d) / 1000;
  const order = [1, 2, 3, 4, 5, 6, 1, 2, 6, 1];
  const bytes = encodeTrail(
    order.map((d, i) => [
      tokens.header32({ event: 23, seconds: day(d) + i }),
      tokens.return32(0, 0),
      tokens.trailer(),
    ]),
    { fixSizes: true },
  );

  it("writes day=YYYY-MM-DD folders that DuckDB reads as one table", async () => {
    expect(new Set(order).size).toBeGreaterThan(MAX_OPEN_PARTITIONS);
    const out = join(dir, "tree");
    const r = await exportParquet(decodeAllRecords(bytes), { out, partition: "day" });
    expect(r.rows).toBe(order.length);
    expect(readdirSync(out).sort()).toEqual([1, 2, 3, 4, 5, 6].map((d) => `day=2024-03-0${d}`));
    // Day 1 was dropped from the open files when day 5 came, and came back.
    expect(readdirSync(join(out, "day=2024-03-01")).sort()).toEqual([
      "part-00000.parquet",
      "part-00001.parquet",
    ]);
    const rows = await sql(
      `select day::varchar k, count(*) n from read_parquet('${out}/*/*.parquet', hive_partitioning = true) group by 1`,
    );
    expect(rowsToCounts(rows)).toEqual(counts(order.map((d) => `2024-03-0${d}`)));
  });

  it("bsm-trail export: the same from the command line; usage errors exit 2", () => {
    const out = join(dir, "cli-tree");
    const r = cli(["export", "--partition", "day", "-o", out], bytes);
    expect(r.status).toBe(0);
    expect(readdirSync(out).length).toBe(6);
    expect(cli(["export", "--format", "ecs", "-o", out]).status).toBe(2);
    expect(cli(["export"]).status).toBe(2);
    expect(cli(["export", "--partition", "month", "-o", out]).status).toBe(2);
  });

  it("bsm-trail export: an unwritable output is an error naming it, before any input is read", () => {
    const bad = join(dir, "no-such-folder", "x.parquet");
    const r = cli(["export", "-o", bad, join(root, "fixtures/sample.bsm")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(bad);
    expect(r.stderr).not.toContain("rows in");
  });
});

/**
 * `trailStats` counts checked against the records decoded one by one
 * (eager `decodeAllRecords`, counted here independently) on the corpus's
 * trails, the fixtures and generated trails; executables from exec and
 * fork records; bounded tables; damaged trails; the timeline.
 */

import { copyFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import {
  NO_CLASS_KEY,
  NO_SUBJECT_KEY,
  OTHER_KEY,
  TIMELINE_MAX_BUCKETS,
  type TrailStats,
  UNKNOWN_EXECUTABLE,
} from "../src/stats/stats-types";
import { TimelineBuilder } from "../src/stats/timeline";
import { trailStats } from "../src/stats/trail-stats";
import { type EventTable, openbsmEvents } from "../src/tables/events";
import { generateTrail } from "../src/testing/generator";
import { encodeTrail } from "../src/wire/encoder";
import type { BsmError } from "../src/wire/errors";
import type { BsmRecord } from "../src/wire/record";
import { tokens as t } from "../src/wire/token-builders";
import { badTrails, corpusPath, corpusTrails } from "./corpus";

interface Expected {
  records: number;
  bytes: number;
  failures: number;
  first: string | null;
  last: string | null;
  byEvent: Map<string, { records: number; bytes: number; failures: number; name: string }>;
  byClass: Map<string, { records: number; bytes: number; failures: number }>;
  byUser: Map<string, { records: number; bytes: number; failures: number }>;
  byDay: Map<string, { records: number; bytes: number; failures: number }>;
  byHour: number[];
  fileTokens: number;
}

function bump(
  m: Map<string, { records: number; bytes: number; failures: number }>,
  k: string,
  bytes: number,
  failed: boolean,
) {
  const v = m.get(k) ?? { records: 0, bytes: 0, failures: 0 };
  v.records++;
  v.bytes += bytes;
  if (failed) v.failures++;
  m.set(k, v);
}

/** The counts of decoded records, by the test's own reading of each record (UTC days and hours). */
function expectedOf(records: readonly BsmRecord[], table: EventTable): Expected {
  const e: Expected = {
    records: 0,
    bytes: 0,
    failures: 0,
    first: null,
    last: null,
    byEvent: new Map(),
    byClass: new Map(),
    byUser: new Map(),
    byDay: new Map(),
    byHour: new Array(24).fill(0),
    fileTokens: 0,
  };
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const r of records) {
    if (r.header === null) {
      e.fileTokens++;
      continue;
    }
    const ret = [...r.tokens].reverse().find((x) => x.type === "return32" || x.type === "return64");
    const failed = ret !== undefined && "status" in ret && ret.status !== 0;
    const subj = [...r.tokens].reverse().find((x) => x.type.startsWith("subject"));
    e.records++;
    e.bytes += r.length;
    if (failed) e.failures++;
    const ms = r.seconds * 1000 + r.milliseconds;
    lo = Math.min(lo, ms);
    hi = Math.max(hi, ms);
    const ev = String(r.event);
    const before = e.byEvent.get(ev);
    bump(e.byEvent as never, ev, r.length, failed);
    if (before === undefined) {
      (e.byEvent.get(ev) as { name: string }).name = table.get(r.event)?.name ?? ev;
    }
    const classes = [...new Set(table.classesOf(r.event).map((c) => c.name))];
    for (const c of classes.length > 0 ? classes : [NO_CLASS_KEY]) {
      bump(e.byClass, c, r.length, failed);
    }
    const auid = subj === undefined ? NO_SUBJECT_KEY : String((subj as { auid: number }).auid);
    bump(e.byUser, auid, r.length, failed);
    const when = new Date(r.seconds * 1000);
    bump(e.byDay, when.toISOString().slice(0, 10), r.length, failed);
    e.byHour[when.getUTCHours()]++;
  }
  if (e.records > 0) {
    e.first = new Date(lo).toISOString();
    e.last = new Date(hi).toISOString();
  }
  return e;
}

function plain(m: Record<string, { records: number; bytes: number; failures: number }>) {
  return new Map(
    Object.entries(m).map(([k, v]) => [
      k,
      { records: v.records, bytes: v.bytes, failures: v.failures },
    ]),
  );
}

function strip<T extends { records: number; bytes: number; failures: number }>(m: Map<string, T>) {
  return new Map(
    [...m].map(([k, v]) => [k, { records: v.records, bytes: v.bytes, failures: v.failures }]),
  );
}

function check(s: TrailStats, e: Expected): void {
  expect(s.records).toBe(e.records);
  expect(s.bytes).toBe(e.bytes);
  expect(s.failures).toBe(e.failures);
  expect(s.successes).toBe(e.records - e.failures);
  expect(s.first).toBe(e.first);
  expect(s.last).toBe(e.last);
  expect(s.fileTokens.count).toBe(e.fileTokens);
  expect(plain(s.byEvent)).toEqual(strip(e.byEvent));
  for (const [k, v] of e.byEvent) expect(s.byEvent[k].name).toBe(v.name);
  expect(plain(s.byClass)).toEqual(e.byClass);
  expect(plain(s.byUser)).toEqual(e.byUser);
  expect(plain(s.byDay)).toEqual(e.byDay);
  expect(s.byHour.map((h) => h.records)).toEqual(e.byHour);
  expect(Object.keys(s.byDay)).toEqual([...e.byDay.keys()].sort());
  if (e.records > 0) {
    const span = Math.max((Date.parse(e.last ?? "") - Date.parse(e.first ?? "")) / 1000, 3600);
    expect(s.days).toBeCloseTo(span / 86400, 12);
    expect(s.bytesPerDay).toBeCloseTo(e.bytes / (span / 86400), 6);
  } else {
    expect(s.days).toBe(0);
  }
}

describe("trailStats against records decoded one by one", () => {
  const table = openbsmEvents();

  it.each(corpusTrails())("%s", async (name) => {
    const path = corpusPath(name);
    const bytes = new Uint8Array(readFileSync(path));
    const e = expectedOf(decodeAllRecords(bytes), table);
    expect(e.records).toBeGreaterThan(0);
    const fromFile = await trailStats(path, { timeZone: "UTC" });
    check(fromFile, e);
    expect(fromFile.damaged.count).toBe(0);
    // The same from memory and from records already decoded.
    check(await trailStats(bytes, { timeZone: "UTC" }), e);
    check(await trailStats(decodeAllRecords(bytes), { timeZone: "UTC" }), e);
    // Counted from frames (no selection) and from decoded records (a selection
    // of everything), executables included: the same statistics.
    expect(fromFile).toEqual(await trailStats(path, { timeZone: "UTC", selection: {} }));
  });

  it("fixtures/sample.bsm", async () => {
    const bytes = new Uint8Array(readFileSync("fixtures/sample.bsm"));
    check(
      await trailStats("fixtures/sample.bsm", { timeZone: "UTC" }),
      expectedOf(decodeAllRecords(bytes), table),
    );
  });

  it.each([1, 7, 42])("a generated trail spanning days (seed %i)", async (seed) => {
    const bytes = generateTrail({ seed, records: 3000, apple: seed === 7 });
    // Spread the records over ten days, out of order, by rewriting their header times.
    const records = decodeAllRecords(bytes);
    let i = 0;
    for (const r of records) {
      const h = r.header;
      if (h === null) continue;
      h.seconds = 1_700_000_000 + ((i++ * 7919) % 864_000);
    }
    const trail = encodeTrail(records);
    const again = decodeAllRecords(trail);
    const e = expectedOf(again, table);
    expect(e.byDay.size).toBeGreaterThan(5);
    const s = await trailStats(trail, { timeZone: "UTC" });
    check(s, e);
    expect(s).toEqual(await trailStats(trail, { timeZone: "UTC", selection: {} }));
    const sumBuckets = s.timeline.buckets.reduce((a, b) => a + b.records, 0);
    expect(sumBuckets).toBe(s.records);
    expect(s.timeline.buckets.length).toBeLessThanOrEqual(TIMELINE_MAX_BUCKETS);
  });

  it("days and hours follow the time zone", async () => {
    // 23:30 UTC is 08:30 the next day in Tokyo.
    const at = Date.UTC(2025, 0, 31, 23, 30) / 1000;
    const rec = [
      t.header32({ event: 23, seconds: at }),
      t.subject32({ auid: 1, euid: 0, egid: 0, ruid: 0, rgid: 0, pid: 9, sid: 1 }),
      t.return32(0, 0),
      t.trailer(),
    ];
    const trail = encodeTrail([rec], { fixSizes: true });
    const utc = await trailStats(trail, { timeZone: "UTC" });
    expect(Object.keys(utc.byDay)).toEqual(["2025-01-31"]);
    expect(utc.byHour[23].records).toBe(1);
    const tokyo = await trailStats(trail, { timeZone: "Asia/Tokyo" });
    expect(Object.keys(tokyo.byDay)).toEqual(["2025-02-01"]);
    expect(tokyo.byHour[8].records).toBe(1);
    expect(tokyo.timeZone).toBe("Asia/Tokyo");
  });
});

const subj = (auid: number, pid: number) =>
  t.subject32({ auid, euid: auid, egid: 20, ruid: auid, rgid: 20, pid, sid: 100 });

/** A record of `event` by `pid` at second `s`, with extra tokens. */
function rec(event: number, pid: number, s: number, extra: ReturnType<typeof t.path>[] = []) {
  return [t.header32({ event, seconds: 1_700_000_000 + s }), subj(501, pid), ...extra];
}

describe("executables", () => {
  it("counts each record under the program its process runs, learnt from exec and fork records", async () => {
    const ok = t.return32(0, 0);
    const trail = encodeTrail(
      [
        [...rec(72, 100, 0), ok, t.trailer()], // open by pid 100: not known yet
        [...rec(23, 100, 1, [t.path("/bin/ls")]), ok, t.trailer()], // execve: /bin/ls from now on
        [...rec(72, 100, 2), ok, t.trailer()], // /bin/ls
        [...rec(2, 100, 3), t.return32(0, 200), t.trailer()], // fork: child 200 runs /bin/ls
        [...rec(72, 200, 4), ok, t.trailer()], // /bin/ls
        [...rec(23, 200, 5, [t.path("/usr/bin/env")]), t.return32(2, -1), t.trailer()], // failed exec: still /bin/ls
        [...rec(23, 200, 6, [t.path("/usr/bin/env")]), ok, t.trailer()], // counts under the new program
        [...rec(72, 200, 7), ok, t.trailer()], // /usr/bin/env
        [t.header32({ event: 72, seconds: 1_700_000_008 }), ok, t.trailer()], // no subject
      ],
      { fixSizes: true },
    );
    const s = await trailStats(trail, { timeZone: "UTC" });
    const records = (k: string) => s.byExecutable[k]?.records;
    expect(records(UNKNOWN_EXECUTABLE)).toBe(2);
    expect(records("/bin/ls")).toBe(5);
    expect(records("/usr/bin/env")).toBe(2);
    expect(s.byExecutable["/bin/ls"].failures).toBe(1);
    expect(s.byUser[NO_SUBJECT_KEY].records).toBe(1);
    expect(s.byUser[NO_SUBJECT_KEY].auid).toBe(-1);
  });
});

describe("bounded memory", () => {
  it("counts users and executables past the limits under OTHER_KEY, totals kept", async () => {
    const recs = [];
    for (let i = 0; i < 40; i++) {
      const pid = 1000 + i;
      recs.push([
        ...rec(23, pid, i, [t.path(`/opt/bin/tool-${i}`)]),
        t.return32(0, 0),
        t.trailer(),
      ]);
      recs.push([
        t.header32({ event: 72, seconds: 1_700_000_000 + i }),
        t.subject32({ auid: 2000 + i, euid: 0, egid: 0, ruid: 0, rgid: 0, pid, sid: 1 }),
        t.return32(0, 0),
        t.trailer(),
      ]);
    }
    const trail = encodeTrail(recs, { fixSizes: true });
    const s = await trailStats(trail, { maxUsers: 5, maxExecutables: 7, maxDays: 1 });
    expect(Object.keys(s.byUser)).toHaveLength(6);
    expect(Object.keys(s.byExecutable)).toHaveLength(8);
    expect(s.byUser[OTHER_KEY]).toBeDefined();
    expect(s.byExecutable[OTHER_KEY]).toBeDefined();
    const sum = (m: Record<string, { records: number; bytes: number }>) =>
      Object.values(m).reduce((a, b) => [a[0] + b.records, a[1] + b.bytes], [0, 0]);
    expect(sum(s.byUser)).toEqual([s.records, s.bytes]);
    expect(sum(s.byExecutable)).toEqual([s.records, s.bytes]);
    expect(sum(s.byDay)).toEqual([s.records, s.bytes]);
  });

  it("keeps the default tables bounded on a trail of 25,000 distinct users", async () => {
    const recs = [];
    for (let i = 0; i < 25_000; i++) {
      recs.push([
        t.header32({ event: 72, seconds: 1_700_000_000 + i }),
        t.subject32({ auid: i, euid: 0, egid: 0, ruid: 0, rgid: 0, pid: i, sid: 1 }),
        t.return32(0, 0),
        t.trailer(),
      ]);
    }
    const s = await trailStats(encodeTrail(recs, { fixSizes: true }));
    expect(Object.keys(s.byUser).length).toBeLessThanOrEqual(10_001);
    expect(s.byUser[OTHER_KEY].records).toBe(15_000);
  });
});

describe("damaged trails", () => {
  it.each(badTrails())("%s: intact records counted, damage counted as reported", async (name) => {
    const path = corpusPath(name);
    const bytes = new Uint8Array(readFileSync(path));
    const errors: BsmError[] = [];
    const records = decodeAllRecords(bytes, { onError: (e) => errors.push(e) });
    const e = expectedOf(records, openbsmEvents());
    const seen: BsmError[] = [];
    const s = await trailStats(path, { timeZone: "UTC", onError: (x) => seen.push(x) });
    expect(s.records).toBe(e.records);
    expect(s.bytes).toBe(e.bytes);
    expect(plain(s.byEvent)).toEqual(strip(e.byEvent));
    expect(s.damaged.count).toBe(seen.length);
    const decoded = await trailStats(path, { timeZone: "UTC", selection: {} });
    expect({ ...s, damaged: null }).toEqual({ ...decoded, damaged: null });
    expect(seen.length).toBe(errors.length);
    expect(s.damaged.bytes).toBe(errors.reduce((a, x) => a + x.skipped, 0));
    for (const x of seen) expect(x.message).toContain(path);
  });

  it("strict throws the first damage", async () => {
    const bad = badTrails()[0];
    await expect(trailStats(corpusPath(bad), { strict: true })).rejects.toThrow(/offset/);
  });
});

describe("timeline", () => {
  it("doubles its buckets to stay within the limit, records in any order", () => {
    const tl = new TimelineBuilder(8);
    const times = [1000, 50, 100_000, 3_000_000, 7, 61, 119, 120];
    for (const s of times) tl.add(s, 10, s % 2 === 1, [0]);
    const r = tl.result(["ex"]);
    expect(r.buckets.length).toBeLessThanOrEqual(8);
    expect(r.buckets.reduce((a, b) => a + b.records, 0)).toBe(times.length);
    expect(r.buckets.reduce((a, b) => a + b.failures, 0)).toBe(times.filter((s) => s % 2).length);
    const start = Date.parse(r.start ?? "") / 1000;
    // Every record falls in the bucket its time names.
    for (const s of times) {
      const i = Math.floor((s - start) / r.bucketSeconds);
      expect(i).toBeGreaterThanOrEqual(0);
      expect(i).toBeLessThan(r.buckets.length);
    }
    expect(start % r.bucketSeconds).toBe(0);
    expect(r.buckets.reduce((a, b) => a + (b.bytesByClass.ex ?? 0), 0)).toBe(80);
  });

  it("is one-minute buckets for a short trail", () => {
    const tl = new TimelineBuilder();
    for (let s = 0; s < 600; s += 10) tl.add(1_700_000_000 + s, 1, false, []);
    const r = tl.result([]);
    expect(r.bucketSeconds).toBe(60);
    expect(r.buckets.every((b) => b.records === 6 || b.records > 0)).toBe(true);
  });

  it("is empty for no records", () => {
    expect(new TimelineBuilder().result([])).toEqual({
      bucketSeconds: 60,
      start: null,
      buckets: [],
    });
  });
});

describe("sources", () => {
  it("reads several paths, a directory and async iterables alike", async () => {
    const dir = mkdtempSync(join(tmpdir(), "stats-"));
    try {
      copyFileSync("fixtures/sample.bsm", join(dir, "20240301064542.20240301064543"));
      copyFileSync("fixtures/sample.bsm", join(dir, "20240301064543.not_terminated"));
      const one = await trailStats("fixtures/sample.bsm", { timeZone: "UTC" });
      for (const source of [
        [dir],
        [join(dir, "20240301064542.20240301064543"), "fixtures/sample.bsm"],
      ]) {
        const a = await trailStats(source, { timeZone: "UTC" });
        expect(a.records).toBe(2 * one.records);
        expect(a.bytes).toBe(2 * one.bytes);
        expect(a.fileTokens.count).toBe(2 * one.fileTokens.count);
      }
      const merged = await trailStats([dir, "fixtures/sample.bsm"], { merge: true });
      expect(merged.records).toBe(3 * one.records);
    } finally {
      rmSync(dir, { recursive: true });
    }
    const one = await trailStats("fixtures/sample.bsm", { timeZone: "UTC" });
    async function* gen() {
      yield* decodeAllRecords(new Uint8Array(readFileSync("fixtures/sample.bsm")));
    }
    expect((await trailStats(gen(), { timeZone: "UTC" })).bytes).toBe(one.bytes);
  });

  it("counts only what a selection keeps", async () => {
    const all = await trailStats("fixtures/sample.bsm", { timeZone: "UTC" });
    const sel = await trailStats("fixtures/sample.bsm", {
      timeZone: "UTC",
      selection: { events: ["AUE_EXECVE"] },
    });
    expect(Object.keys(sel.byEvent)).toEqual(["23"]);
    expect(sel.records).toBe(all.byEvent["23"].records);
    expect(sel.bytes).toBe(all.byEvent["23"].bytes);
  });
});

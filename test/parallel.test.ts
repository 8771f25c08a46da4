import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeAllRecords, processTrails, selectRecords } from "../src/index";
import { corpusPath } from "./corpus";

const files = [
  "trails/mix-small.bsm",
  "trails/mix-apple-small.bsm",
  "trails/all-tokens.bsm",
  "bad/garbage-byte-between-records.bsm",
].map((f) => corpusPath(f));

describe("processTrails over worker threads", () => {
  it("stats equal a single-threaded decode of each file", async () => {
    const results = await processTrails(files, { kind: "stats" }, { threads: 2 });
    expect(results.map((r) => r.path)).toEqual(files);
    for (const r of results) {
      const errors: string[] = [];
      const recs = decodeAllRecords(new Uint8Array(readFileSync(r.path)), {
        onError: (e) => errors.push(e.message),
        fileName: r.path,
      });
      expect(r.records).toBe(recs.length);
      expect(r.tokens).toBe(recs.reduce((n, x) => n + x.tokens.length, 0));
      expect(r.errors).toEqual(errors);
    }
  });

  it("select returns the selected records' raw bytes", async () => {
    const [r] = await processTrails(
      [files[0]],
      { kind: "select", events: ["AUE_EXECVE"] },
      { threads: 1 },
    );
    const bytes = new Uint8Array(readFileSync(files[0]));
    const frames = [...selectRecords(bytes, { events: ["AUE_EXECVE"] })];
    expect(r.records).toBe(frames.length);
    expect(r.records).toBeGreaterThan(0);
    const joined = Buffer.concat(frames.map((f) => f.bytes));
    expect(Buffer.from(r.selected as Uint8Array).equals(joined)).toBe(true);
    expect(decodeAllRecords(r.selected as Uint8Array).every((x) => x.event === 23)).toBe(true);
  });
});

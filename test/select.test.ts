import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  decodeAllRecords,
  decodeFrame,
  eventBitmap,
  frameRecords,
  openbsmEvents,
  selectRecords,
} from "../src/index";
import { corpusPath } from "./corpus";

const bytes = new Uint8Array(readFileSync(corpusPath("trails/mix-small.bsm")));
const records = decodeAllRecords(bytes);

describe("frames", () => {
  it("carry the same header fields, offsets and bytes as decoded records", () => {
    const frames = [...frameRecords(bytes)];
    expect(frames.length).toBe(records.length);
    frames.forEach((f, i) => {
      const r = records[i];
      expect([
        f.kind,
        f.offset,
        f.length,
        f.event,
        f.modifier,
        f.version,
        f.seconds,
        f.milliseconds,
      ]).toEqual([
        r.kind,
        r.offset,
        r.length,
        r.event,
        r.modifier,
        r.version,
        r.seconds,
        r.milliseconds,
      ]);
      expect(f.bytes.length).toBe(r.length);
    });
    expect(decodeFrame(frames[5])).toEqual(records[5]);
  });
});

describe("selection on header fields", () => {
  it("by AUE_ name keeps exactly the records of that event", () => {
    const got = [...selectRecords(bytes, { events: ["AUE_EXECVE"] })].map((f) => f.offset);
    const want = records.filter((r) => r.kind === "header" && r.event === 23).map((r) => r.offset);
    expect(want.length).toBeGreaterThan(100);
    expect(got).toEqual(want);
  });

  it("by number and by class", () => {
    const table = openbsmEvents();
    const byNumber = [...selectRecords(bytes, { events: [72, 73] })].map((f) => f.offset);
    expect(byNumber).toEqual(
      records
        .filter((r) => r.kind === "header" && (r.event === 72 || r.event === 73))
        .map((r) => r.offset),
    );
    const lo = table.classes.find((c) => c.name === "lo");
    expect(lo).toBeDefined();
    const byClass = [...selectRecords(bytes, { classes: ["lo"] })].map((f) => f.offset);
    const want = records
      .filter((r) => r.kind === "header" && (table.classMask(r.event) & (lo?.mask ?? 0)) !== 0)
      .map((r) => r.offset);
    expect(byClass).toEqual(want);
  });

  it("names an unknown event or class", () => {
    expect(() => eventBitmap({ events: ["AUE_NO_SUCH"] })).toThrow(/AUE_NO_SUCH/);
    expect(() => eventBitmap({ classes: ["zz"] })).toThrow(/zz/);
  });
});

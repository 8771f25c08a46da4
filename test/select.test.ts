import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { eventBitmap } from "../src/api/select";
import {
  type BsmError,
  decodeAllRecords,
  decodeFrame,
  encodeRecord,
  FrameDecoder,
  frameRecords,
  openbsmEvents,
  type RecordFrame,
  reduceRecords,
  selectRecordStreamBatches,
  selectRecords,
  tokens,
} from "../src/index";
import { corpusPath } from "./corpus";
import { plainRecord } from "./plain";

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
    expect(plainRecord(decodeFrame(frames[5]))).toEqual(plainRecord(records[5]));
  });
});

describe("FrameDecoder", () => {
  it("reports token errors at input offsets and reads fresh bytes from reused memory", () => {
    const rec = (path: string) =>
      encodeRecord(
        [tokens.header32({ event: 23, seconds: 1e9 }), tokens.path(path), tokens.trailer()],
        { fixSizes: true },
      );
    const a = rec("/etc/passwd-a");
    const b = rec("/etc/passwd-b");
    expect(b.length).toBe(a.length);
    const mem = new Uint8Array(1000 + a.length);
    mem.set(a, 1000);
    const [frame] = [...frameRecords(mem.subarray(1000))];
    const fd = new FrameDecoder();
    const first = fd.decode({ ...frame, offset: 5000 });
    expect(first?.offset).toBe(5000);
    expect(first?.tokens[1]).toMatchObject({ type: "path", path: "/etc/passwd-a" });
    // The same memory now holds another record: the decoder must not serve
    // strings cached from the first one.
    mem.set(b, 1000);
    expect(fd.decode(frame)?.tokens[1]).toMatchObject({ path: "/etc/passwd-b" });
    // A token running past the trailer: reported at its offset in the input.
    const errors: BsmError[] = [];
    const bad = mem.slice(1000);
    bad[1 + 4 + 1 + 2 + 2 + 4 + 4 + 1 + 1] = 0x7f; // the path's length, high byte
    const [badFrame] = [...frameRecords(bad)];
    new FrameDecoder({ onError: (e) => errors.push(e) }).decode({ ...badFrame, offset: 5000 });
    expect(errors.map((e) => [e.kind, e.recordOffset, e.tokenId])).toEqual([
      ["malformed-token", 5000, 0x23],
    ]);
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

describe("one selection model for select and reduce", () => {
  it("selectRecords keeps what reduceRecords keeps for the same events", () => {
    for (const events of [["AUE_EXECVE"], [72, 73], ["AUE_OPEN_R", "23"]]) {
      const selected = [...selectRecords(bytes, { events })].map((f) => f.offset);
      const reduced = [...reduceRecords(bytes, { events })].map((f) => f.offset);
      expect(selected).toEqual(reduced);
    }
    const table = openbsmEvents();
    const lo = table.classByName("lo")?.mask ?? 0;
    const byClass = [...selectRecords(bytes, { classes: ["lo"] })].map((f) => f.offset);
    expect(byClass).toEqual([...reduceRecords(bytes, { classes: "lo" })].map((f) => f.offset));
    expect(byClass.length).toBeGreaterThan(0);
    expect([...selectRecords(bytes, { classes: [lo] })].map((f) => f.offset)).toEqual(byClass);
  });

  it("reads class names as audit flags: lists and ^, but not + or -", () => {
    const of = (classes: (string | number)[]) =>
      [...selectRecords(bytes, { classes })].map((f) => f.offset);
    expect(of(["lo,fc"])).toEqual(of(["lo", "fc"]));
    expect(of(["lo,fc,^fc"])).toEqual(of(["lo"]));
    expect(() => of(["+ex"])).toThrow(/return tokens/);
    expect(() => of(["lo,-ex"])).toThrow(/return tokens/);
  });

  it("keeps events or classes (any), and nothing when given neither", () => {
    const table = openbsmEvents();
    const lo = table.classByName("lo")?.mask ?? 0;
    const either = [...selectRecords(bytes, { events: [23], classes: ["lo"] })].map(
      (f) => f.offset,
    );
    const want = records
      .filter(
        (r) => r.kind === "header" && (r.event === 23 || (table.classMask(r.event) & lo) !== 0),
      )
      .map((r) => r.offset);
    expect(either).toEqual(want);
    expect([...selectRecords(bytes, {})]).toEqual([]);
  });
});

describe("streamed frames (decoded in place, split records copied)", () => {
  function damaged(): Uint8Array {
    const d = bytes.slice(0, 300_000);
    d[records[40].offset] = 0xaa; // garbage where a record starts
    d[records[90].offset + 3] ^= 0x40; // a header byte count
    return d.subarray(0, d.length - 50); // cut inside the last record
  }

  for (const input of ["intact", "damaged"] as const) {
    it(`equal frames of the whole buffer at chunk sizes 1, 7, 4096, 65536 (${input})`, async () => {
      const b = input === "intact" ? bytes : damaged();
      for (const sel of [null, { events: ["AUE_EXECVE"] }]) {
        const wantErrors: string[] = [];
        const want = [
          ...(sel === null
            ? frameRecords(b, { onError: (e: BsmError) => wantErrors.push(e.message) })
            : selectRecords(b, sel, { onError: (e: BsmError) => wantErrors.push(e.message) })),
        ];
        if (input === "damaged") expect(wantErrors.length).toBeGreaterThan(0);
        for (const size of [1, 7, 4096, 65536]) {
          if (size === 1 && b.length > 100_000 && input === "intact") continue;
          const chunks: Uint8Array[] = [];
          for (let i = 0; i < b.length; i += size) chunks.push(b.subarray(i, i + size));
          const errors: string[] = [];
          const got: RecordFrame[] = [];
          for await (const batch of selectRecordStreamBatches(chunks, sel, {
            onError: (e) => errors.push(e.message),
          })) {
            got.push(...batch);
          }
          expect(
            got.map((f) => [f.offset, f.length, f.event]),
            `chunk ${size}`,
          ).toEqual(want.map((f) => [f.offset, f.length, f.event]));
          expect(got.every((f, i) => Buffer.from(f.bytes).equals(Buffer.from(want[i].bytes)))).toBe(
            true,
          );
          expect(errors, `chunk ${size}`).toEqual(wantErrors);
        }
      }
    });
  }
});

import { describe, expect, it } from "vitest";
import { READ_SKEW_BYTES, readMemory } from "../src/io/read-memory";

describe("readMemory (reads land past a page boundary)", () => {
  it("gives n bytes starting READ_SKEW_BYTES into their own allocation", () => {
    for (const n of [1, 4096, 256 * 1024, 1 << 20]) {
      const b = readMemory(n);
      expect(b.length).toBe(n);
      expect(b.byteOffset).toBe(READ_SKEW_BYTES);
      expect(b.byteOffset % 4096).not.toBe(0);
      expect(b.buffer.byteLength).toBe(n + READ_SKEW_BYTES);
    }
  });

  it("gives fresh memory each call (a consumer may keep what it read)", () => {
    const a = readMemory(1024);
    const b = readMemory(1024);
    expect(a.buffer).not.toBe(b.buffer);
    a.fill(1);
    b.fill(2);
    expect(a.every((x) => x === 1)).toBe(true);
  });
});

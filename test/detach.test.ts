/** detachRecord: copies that keep nothing of the input alive. */

import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { detachRecord } from "../src/api/detach";
import type { Token } from "../src/gen/token-types";
import { generateTrail } from "../src/testing/generator";
import { plainRecord, plainToken } from "./plain";

/** Every Uint8Array reachable from a token's fields, the raw-byte twins too. */
function views(x: unknown): Uint8Array[] {
  if (x instanceof Uint8Array) return [x];
  if (Array.isArray(x)) return x.flatMap(views);
  if (x !== null && typeof x === "object" && "type" in x)
    return Object.values(plainToken(x as Token)).flatMap(views);
  if (x !== null && typeof x === "object") return Object.values(x).flatMap(views);
  return [];
}

describe("detachRecord", () => {
  const input = generateTrail({ seed: 7, bytes: 1 << 20 });
  const records = decodeAllRecords(input);

  it("decodes a trail with byte fields that are views into it", () => {
    expect(records.length).toBeGreaterThan(1000);
    const all = records.flatMap((r) => views(r.tokens));
    expect(all.length).toBeGreaterThan(1000);
    expect(all.every((v) => v.buffer === input.buffer)).toBe(true);
  });

  it("returns an equal record whose byte fields own their memory", () => {
    let checked = 0;
    for (let i = 0; i < records.length; i += 97) {
      const r = records[i];
      const d = detachRecord(r);
      expect(d).toEqual(plainRecord(r));
      expect(d.tokens).not.toBe(r.tokens);
      expect(d.header ?? d.file).toBe(d.tokens[0]);
      for (const v of views(d.tokens)) {
        expect(v.buffer).not.toBe(input.buffer);
        expect(v.buffer.byteLength).toBe(v.length);
        expect(v.constructor).toBe(Uint8Array);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(10);
  });

  it("leaves the record it copies unchanged, and the copy independent of the input", () => {
    const i = records.findIndex((r) => r.tokens.some((t) => t.type === "path"));
    const r = records[i];
    const d = detachRecord(r);
    const path = d.tokens.find((t) => t.type === "path");
    const orig = r.tokens.find((t) => t.type === "path");
    if (path?.type !== "path" || orig?.type !== "path") throw new Error("no path token");
    const before = orig.pathBytes[0];
    path.pathBytes[0] = before ^ 0xff;
    expect(orig.pathBytes[0]).toBe(before);
    expect(views(r.tokens).every((v) => v.buffer === input.buffer)).toBe(true);
  });
});

/**
 * The seeded trail generator and the committed fixtures.
 */

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { buildFixtures, FIXTURES_DIR, SAMPLE_RECORDS } from "../scripts/gen-fixtures";
import { decodeAllRecords } from "../src/api/decode";
import { generateTrail, generateTrailChunks, Prng } from "../src/testing/generator";
import { encodeTrail } from "../src/wire/encoder";
import type { BsmError } from "../src/wire/errors";
import type { BsmRecord } from "../src/wire/record";

function decodeClean(bytes: Uint8Array): BsmRecord[] {
  const errors: BsmError[] = [];
  const recs = decodeAllRecords(bytes, { onError: (e) => errors.push(e) });
  expect(errors).toEqual([]);
  return recs;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

describe("Prng", () => {
  it("is deterministic and spreads", () => {
    const a = new Prng(42);
    const b = new Prng(42);
    const xs = Array.from({ length: 1000 }, () => a.next());
    expect(Array.from({ length: 1000 }, () => b.next())).toEqual(xs);
    expect(new Set(xs).size).toBeGreaterThan(995);
    const r = new Prng(1);
    for (let i = 0; i < 1000; i++) {
      const k = r.int(7);
      expect(k >= 0 && k < 7 && Number.isInteger(k)).toBe(true);
    }
  });
});

describe("generateTrail", () => {
  const trail = generateTrail({ seed: 1, records: 3000 });
  const recs = decodeClean(trail);

  it("is deterministic: same seed, same bytes; another seed, other bytes", () => {
    expect(sameBytes(generateTrail({ seed: 1, records: 3000 }), trail)).toBe(true);
    expect(sameBytes(generateTrail({ seed: 2, records: 3000 }), trail)).toBe(false);
  });

  it("streams the same bytes in chunks of any size", () => {
    const chunks = [...generateTrailChunks({ seed: 1, records: 3000, chunkBytes: 65536 })];
    expect(chunks.length).toBeGreaterThan(5);
    for (const c of chunks.slice(0, -1)) expect(c.length).toBeLessThanOrEqual(65536);
    expect(sameBytes(Buffer.concat(chunks), trail)).toBe(true);
  });

  it("starts and ends with file tokens as auditd writes them", () => {
    expect(recs.length).toBe(3002);
    const first = recs[0].file;
    const last = recs[recs.length - 1].file;
    expect(first?.name).toBe("");
    expect(first?.nameBytes).toEqual(new Uint8Array([0]));
    expect(last?.name).toMatch(/^\/var\/audit\/20240301064542\.\d{14}$/);
    expect([first?.seconds, first?.milliseconds]).toEqual([1709275542, 543]);
    expect(last?.seconds).toBe(recs[recs.length - 2].seconds);
    for (const r of recs.slice(1, -1)) {
      expect(r.kind).toBe("header");
      expect(r.tokens.at(-1)?.type).toBe("trailer");
    }
  });

  it("has increasing times, a realistic mix and 4-25% failures", () => {
    const body = recs.slice(1, -1);
    let prev = 0;
    const events = new Map<number, number>();
    const types = new Set<string>();
    const headers = new Set<string>();
    let returns = 0;
    let failures = 0;
    for (const r of body) {
      const t = r.seconds * 1000 + r.milliseconds;
      expect(t).toBeGreaterThanOrEqual(prev);
      prev = t;
      events.set(r.event, (events.get(r.event) ?? 0) + 1);
      const h = r.tokens[0];
      headers.add(h.type === "header32_ex" ? `${h.type}/${h.addressType}` : h.type);
      for (const tok of r.tokens) {
        types.add(tok.type);
        if (tok.type === "return32" || tok.type === "return64") {
          returns++;
          if (tok.status !== 0) failures++;
        }
      }
    }
    expect(returns).toBe(body.length);
    expect(failures / returns).toBeGreaterThan(0.04);
    expect(failures / returns).toBeLessThan(0.25);
    expect([...headers].sort()).toEqual(["header32", "header32_ex/16", "header32_ex/4"]);
    for (const t of [
      "exec_args",
      "exec_env",
      "path",
      "attr32",
      "subject32",
      "subject32_ex",
      "return32",
      "return64",
      "arg32",
      "arg64",
      "text",
      "exit",
      "sockinet32",
      "sockinet128",
      "sockunix",
      "socket_ex",
      "process32",
      "process64",
      "ipc",
      "ipc_perm",
      "newgroups",
    ]) {
      expect(types, t).toContain(t);
    }
    expect(types).not.toContain("identity");
    // execve is the most frequent event, as in the corpus mix.
    const top = [...events].sort((a, b) => b[1] - a[1])[0][0];
    expect(top).toBe(23);
    for (const ev of [23, 112, 72, 32, 33, 34, 1, 210, 200, 15, 6152, 6153, 43190]) {
      expect(events.has(ev), `event ${ev}`).toBe(true);
    }
    const avg = trail.length / recs.length;
    expect(avg).toBeGreaterThan(120);
    expect(avg).toBeLessThan(250);
  });

  it("adds identity tokens to exec records with apple", () => {
    const apple = decodeClean(generateTrail({ seed: 1, records: 500, apple: true }));
    const exec = apple.filter((r) => r.tokens.some((t) => t.type === "exec_args"));
    expect(exec.length).toBeGreaterThan(50);
    for (const r of exec) expect(r.tokens.at(-2)?.type).toBe("identity");
  });

  it("re-encodes to the same bytes", () => {
    expect(sameBytes(encodeTrail(recs), trail)).toBe(true);
  });

  it("honours bytes and startTime", () => {
    const t = generateTrail({
      seed: 9,
      bytes: 100_000,
      startTime: Date.UTC(2025, 0, 2, 3, 4, 5, 678),
    });
    expect(t.length).toBeLessThanOrEqual(100_000);
    expect(t.length).toBeGreaterThan(100_000 - 4096);
    const rs = decodeClean(t);
    expect([rs[0].seconds, rs[0].milliseconds]).toEqual([1735787045, 678]);
    expect(rs.at(-1)?.file?.name).toMatch(/^\/var\/audit\/20250102030405\./);
    // records and bytes together: whichever limit comes first
    const start = new Date("2025-01-02T03:04:05.678Z");
    const fewBytes = generateTrail({ seed: 9, bytes: 100_000, records: 10, startTime: start });
    const few = decodeClean(fewBytes);
    expect(few.length).toBe(12);
    // a shorter trail is a prefix of a longer one (before its closing file token)
    const cut = fewBytes.length - (few.at(-1)?.length ?? 0);
    expect(sameBytes(fewBytes.subarray(0, cut), t.subarray(0, cut))).toBe(true);
  });

  it("streams large trails without holding them", () => {
    let n = 0;
    let chunks = 0;
    for (const c of generateTrailChunks({ seed: 3, bytes: 32 * 1024 * 1024 })) {
      n += c.length;
      chunks++;
    }
    expect(n).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(n).toBeGreaterThan(32 * 1024 * 1024 - 4096);
    expect(chunks).toBeGreaterThanOrEqual(32);
  });
});

describe("fixtures", () => {
  const built = buildFixtures();

  it.each(Object.keys(built))("%s is exactly what scripts/gen-fixtures.ts makes", (name) => {
    const want = built[name];
    const got = readFileSync(join(FIXTURES_DIR, name));
    const ok =
      typeof want === "string" ? got.toString("utf8") === want : Buffer.compare(got, want) === 0;
    expect(ok, `fixtures/${name} differs: run node --import tsx scripts/gen-fixtures.ts`).toBe(
      true,
    );
  });

  it("are small", () => {
    let total = 0;
    for (const v of Object.values(built)) total += v.length;
    expect(total).toBeLessThan(100 * 1024);
  });

  it("sample.bsm and all-tokens.bsm decode cleanly", () => {
    expect(decodeClean(built["sample.bsm"] as Uint8Array).length).toBe(SAMPLE_RECORDS + 2);
    const all = decodeAllRecords(built["all-tokens.bsm"] as Uint8Array);
    expect(all.filter((r) => r.damaged)).toEqual([]);
  });

  it("damaged fixtures are reported", () => {
    for (const [name, kind] of [
      ["damaged-truncated.bsm", "truncated"],
      ["damaged-garbage.bsm", "garbage"],
      ["damaged-trailer-count.bsm", "trailer-mismatch"],
    ] as const) {
      const errors: BsmError[] = [];
      const recs = decodeAllRecords(built[name] as Uint8Array, { onError: (e) => errors.push(e) });
      expect(
        errors.map((e) => e.kind),
        name,
      ).toEqual([kind]);
      expect(recs.length, name).toBeGreaterThanOrEqual(20);
    }
  });
});

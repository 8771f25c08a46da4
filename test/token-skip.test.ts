/**
 * `tokenEnd` finds the token boundaries the decoder finds: every record of
 * the corpus, the fixtures and generated trails walked from its header to
 * its trailer, each token's length checked against the token re-encoded,
 * and the walk failing exactly at the token the decoder could not read.
 */

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { generateTrail } from "../src/testing/generator";
import { encodeToken } from "../src/wire/encoder";
import { tokenEnd } from "../src/wire/token-skip";
import { badTrails, corpusPath, corpusTrails } from "./corpus";

/** Walks every header record of `bytes`; returns how many tokens were checked. */
function walkAll(bytes: Uint8Array): number {
  let checked = 0;
  for (const r of decodeAllRecords(bytes)) {
    if (r.header === null || r.damaged) continue;
    const rec = bytes.subarray(r.offset, r.offset + r.length);
    const limit = rec.length - 7;
    let q = 0;
    for (const t of r.tokens) {
      if (t.type === "trailer") {
        expect(q).toBe(limit);
        break;
      }
      const e = tokenEnd(rec, q, limit);
      if (t.type === "unknown") {
        // The decoder kept the rest raw: the walk fails here too.
        expect(e).toBe(-1);
        break;
      }
      expect(e - q, `${t.type} at ${r.offset + q}`).toBe(encodeToken(t).length);
      expect(rec[q]).toBe(t.id);
      q = e;
      checked++;
    }
  }
  return checked;
}

describe("tokenEnd", () => {
  it.each([...corpusTrails(), ...badTrails()])("%s", (name) => {
    walkAll(new Uint8Array(readFileSync(corpusPath(name))));
  });

  it.each(["fixtures/sample.bsm", "fixtures/all-tokens.bsm"])("%s", (name) => {
    expect(walkAll(new Uint8Array(readFileSync(name)))).toBeGreaterThan(0);
  });

  it("generated trails", () => {
    expect(walkAll(generateTrail({ seed: 4, records: 3000, apple: true }))).toBeGreaterThan(10_000);
  });

  it("never reads past the limit, whatever the bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.nat(), (b, cut) => {
        const limit = cut % (b.length + 1);
        const e = tokenEnd(b, 0, limit);
        expect(e === -1 || (e > 0 && e <= limit)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });
});

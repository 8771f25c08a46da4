/**
 * The damaged trails of the corpus's `bad/` folder: for each, the records
 * bsm-trail recovers and the errors it reports (kind, offset, recordOffset,
 * tokenId, skipped), asserted exactly against test/bad-expected.ts, and
 * compared with what praudit printed. The same table is in
 * docs/damaged-trails.md (scripts/bad-table.ts prints it).
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  type BsmError,
  BsmError as BsmErrorClass,
  type BsmRecord,
  decodeAllRecords,
} from "../src/index";
import { ChunkDecoder } from "../src/io/stream";
import { EXPECTED } from "./bad-expected";
import { badTrails, corpusPath } from "./corpus";

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(rel)));
}

/** Records praudit printed (default mode): lines that start a record or a file token. */
function prauditRecords(rel: string): number {
  const out = readFileSync(corpusPath(`${rel}.praudit.stdout`), "latin1");
  return out.split("\n").filter((l) => /^(header|header_ex|file),/.test(l)).length;
}

const summary = (e: BsmError) => ({
  kind: e.kind,
  offset: e.offset,
  recordOffset: e.recordOffset,
  tokenId: e.tokenId,
  skipped: e.skipped,
});

const shape = (r: BsmRecord): [number, number, boolean] => [r.offset, r.length, r.damaged];

describe("bad/ corpus", () => {
  it("every damaged trail has an expectation", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(badTrails());
  });

  for (const rel of badTrails()) {
    const want = EXPECTED[rel];
    it(`${rel}: ${want?.why}`, () => {
      const b = load(rel);
      const errors: BsmError[] = [];
      const recs = decodeAllRecords(b, { onError: (e) => errors.push(e) });
      expect(recs.map(shape)).toEqual(want.records);
      expect(errors.map(summary)).toEqual(want.errors);

      // The same through a stream, one byte at a time.
      const se: BsmError[] = [];
      const sr: BsmRecord[] = [];
      const cd = new ChunkDecoder({ onError: (e) => se.push(e) });
      for (let i = 0; i < b.length; i++) cd.push(b.subarray(i, i + 1), sr);
      cd.end(sr);
      expect(sr.map(shape)).toEqual(want.records);
      expect(se.map(summary)).toEqual(want.errors);

      let thrown: unknown = null;
      try {
        decodeAllRecords(b, { strict: true });
      } catch (e) {
        thrown = e;
      }
      if (want.strict === null) expect(thrown).toBeNull();
      else {
        expect(thrown).toBeInstanceOf(BsmErrorClass);
        expect((thrown as BsmError).kind).toBe(want.strict);
        expect((thrown as BsmError).offset).toBe(want.errors[0].offset);
      }

      // Never fewer records than praudit printed; say what praudit did.
      const p = prauditRecords(rel);
      console.log(
        `${rel}: praudit printed ${p} records; bsm-trail ${recs.length} records, ` +
          `${errors.length} errors${errors.map((e) => ` [${e.kind} at ${e.offset}, ${e.skipped} skipped]`).join("")}`,
      );
      // (praudit's count includes a record it re-read from mid-record bytes
      // in header-len-overlaps-next; bsm-trail still gets more.)
      expect(recs.length).toBeGreaterThanOrEqual(p);
    });
  }

  it("the derivations hold: good-5-records' layout is what bad-expected.ts assumes", () => {
    const recs = decodeAllRecords(load("bad/good-5-records.bsm"));
    expect(recs.map(shape)).toEqual(EXPECTED["bad/good-5-records.bsm"].records);
  });
});

/**
 * A trail cut at any byte offset yields exactly the records that end at or
 * before the cut, plus one reported `truncated` error when the cut falls
 * inside a record (naming that record's offset and the bytes lost), for
 * every trail of the corpus's `trails/` and `real/` folders. And a stream
 * fed in chunks of 1, 7, 4096 and 65536 bytes gives the very records of the
 * whole-buffer decode.
 *
 * Cutting a 2 MB trail at each of its 2,000,000 offsets and decoding each
 * prefix whole would read 2 TB. Instead each cut decodes a window: the bytes
 * from the start of the record before the cut's record up to the cut. Why
 * that is the same answer: decoding is sequential, a record's decode reads
 * only its own bytes (the fast path reads the header's byte count and the
 * trailer it points at; a file token reads its name), and the whole trail
 * decodes without an error, so the decoder arrives at each record boundary
 * in its initial state, whatever came before. Hence for the prefix
 * `[0, k)` every record ending at or before the start of the cut's record
 * comes out as in the whole decode, and what happens from there on depends
 * only on the bytes from that boundary to `k`. For cuts within 16 bytes of
 * a record's ends the window starts one record earlier, so that the record
 * before is decoded too (a file token just before the cut, and the boundary
 * between them, are exercised). A
 * sample of cuts is also checked by decoding the whole prefix, to test the
 * reasoning itself.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { type BsmError, type BsmRecord, decodeAllRecords } from "../src/index";
import { ChunkDecoder } from "../src/io/stream";
import { resolveOptions } from "../src/wire/decode-options";
import { type Emitted, RecordDecoder } from "../src/wire/framer";
import { corpusPath } from "./corpus";
import { plainRecords } from "./plain";

/** One set of options for the millions of window decodes; errors go to `sink`. */
const sink: { errors: BsmError[] } = { errors: [] };
const opts = resolveOptions({ onError: (e) => sink.errors.push(e) });

const TRAILS = [
  "trails/all-tokens.bsm",
  "trails/mix-small.bsm",
  "trails/mix-apple-small.bsm",
  "real/plaso-apple.bsm",
  "real/plaso-openbsm.bsm",
];

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(rel)));
}

const key = (r: BsmRecord) =>
  `${r.kind}@${r.offset}+${r.length}${r.damaged ? "!" : ""}:${r.tokens.length}`;

/**
 * Checks the cut of `whole` at `k` by decoding `bytes[from, k)`: returns a
 * description of what is wrong, or "".
 */
function checkCut(
  bytes: Uint8Array,
  recs: BsmRecord[],
  i: number,
  k: number,
  from: number,
  expectedBefore: BsmRecord[],
): string {
  const errors: BsmError[] = [];
  sink.errors = errors;
  // The prefix [from, k) as its own input (a subarray: nothing past the cut
  // is there to read), its offsets reported from `from` (base).
  const got: BsmRecord[] = [];
  const sub = bytes.subarray(from, k);
  const dec = new RecordDecoder(opts);
  let p = 0;
  while (p < sub.length) p = dec.run(sub, p, sub.length, from, true, got as Emitted[]);
  const d = recs[i];
  const whole = k === d.offset + d.length;
  const want = whole ? [...expectedBefore, d] : expectedBefore;
  const gk = got.map((r) => key(r)).join(" ");
  const wk = want.map((r) => key(r)).join(" ");
  if (gk !== wk) return `cut ${k}: records ${gk} instead of ${wk}`;
  if (whole || k === d.offset) {
    if (errors.length !== 0) return `cut ${k} on a boundary: ${errors.length} errors`;
    return "";
  }
  if (errors.length !== 1) {
    return `cut ${k} in record ${d.offset}: ${errors.length} errors ${errors.map((e) => e.message).join("; ")}`;
  }
  const e = errors[0];
  if (
    e.kind !== "truncated" ||
    e.recordOffset !== d.offset ||
    e.skipped !== k - d.offset ||
    e.offset < d.offset ||
    e.offset > k
  ) {
    return `cut ${k} in record ${d.offset}: ${e.kind} at ${e.offset} (record ${e.recordOffset}, skipped ${e.skipped})`;
  }
  return "";
}

describe("a cut at every byte offset", () => {
  for (const rel of TRAILS) {
    it(`${rel}: the records before the cut, plus one truncated error inside a record`, () => {
      const bytes = load(rel);
      let errs = 0;
      const recs = decodeAllRecords(bytes, { onError: () => errs++ });
      expect(errs).toBe(0);
      // The records tile the trail.
      let end = 0;
      for (const r of recs) {
        expect(r.offset).toBe(end);
        end = r.offset + r.length;
      }
      expect(end).toBe(bytes.length);

      const bad: string[] = [];
      let cuts = 0;
      // Two BsmErrors per cut: their stack traces would cost more than the
      // decoding itself.
      const limit = Error.stackTraceLimit;
      Error.stackTraceLimit = 0;
      for (let i = 0; i < recs.length && bad.length < 5; i++) {
        const d = recs[i];
        const prev = i > 0 ? recs[i - 1] : null;
        const from = prev === null ? d.offset : prev.offset;
        const before = prev === null ? [] : [prev];
        // Cuts at d.offset+1 .. d.end; the cut at d.offset is the previous
        // record's end (or 0, checked below).
        for (let k = d.offset + 1; k <= d.offset + d.length; k++) {
          // The window starts at the previous record for cuts near d's ends;
          // elsewhere at d itself (same answer, by the reasoning above; half
          // the work).
          const near = k - d.offset <= 16 || d.offset + d.length - k <= 16;
          const msg = near
            ? checkCut(bytes, recs, i, k, from, before)
            : checkCut(bytes, recs, i, k, d.offset, []);
          cuts++;
          if (msg !== "") {
            bad.push(msg);
            break;
          }
        }
      }
      Error.stackTraceLimit = limit;
      expect(decodeAllRecords(bytes.subarray(0, 0))).toEqual([]);
      expect(bad).toEqual([]);
      expect(cuts).toBe(bytes.length);

      // The window reasoning, checked on whole prefixes: every cut of a
      // small trail, a spread of cuts of a big one.
      const step = bytes.length < 10_000 ? 1 : 9973;
      for (let k = 0; k <= bytes.length && bad.length < 5; k += step) {
        let i = recs.findIndex((r) => r.offset + r.length >= k);
        if (i < 0) i = recs.length - 1;
        if (k === recs[i].offset + recs[i].length || k === 0) {
          // boundary: records up to i (or none)
          const errors: BsmError[] = [];
          const got = decodeAllRecords(bytes.subarray(0, k), { onError: (e) => errors.push(e) });
          const want = k === 0 ? [] : recs.slice(0, i + 1);
          if (got.map((r) => key(r)).join() !== want.map((r) => key(r)).join() || errors.length)
            bad.push(`prefix ${k}: ${got.length} records, ${errors.length} errors`);
        } else {
          const msg = checkCut(bytes, recs, i, k, 0, recs.slice(0, i));
          if (msg !== "") bad.push(`prefix ${msg}`);
        }
      }
      expect(bad).toEqual([]);
    });
  }
});

describe("streaming equals the whole buffer", () => {
  for (const rel of TRAILS) {
    it(`${rel}: chunks of 1, 7, 4096 and 65536 bytes`, () => {
      const bytes = load(rel);
      const whole = decodeAllRecords(bytes);
      for (const size of [1, 7, 4096, 65536]) {
        const out: BsmRecord[] = [];
        const errors: BsmError[] = [];
        const cd = new ChunkDecoder({ onError: (e) => errors.push(e) });
        for (let i = 0; i < bytes.length; i += size) cd.push(bytes.subarray(i, i + size), out);
        cd.end(out);
        expect(errors).toEqual([]);
        expect(out.length).toBe(whole.length);
        // Offsets, lengths and every token deep-equal (byte fields compared
        // by content: the stream's are views into its own joined buffers).
        expect(plainRecords(out)).toEqual(plainRecords(whole));
      }
    });
  }
});

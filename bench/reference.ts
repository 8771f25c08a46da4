/**
 * The binary-parser reference decoder (test/reference-decoder.ts) over the
 * head of a trail, for bench/run.ts's "binary-parser reference" case:
 * `node --import tsx bench/reference.ts <file>` prints one line of JSON like
 * bench/case.mjs.
 */

import { closeSync, openSync, readSync } from "node:fs";
import { frameRecordBatches } from "../src/api/select";
import { referenceDecode } from "../test/reference-decoder";

/**
 * The reference decodes at most this much of a trail: at ~12 MB/s a whole
 * 1 GiB trail would take most of the run's time budget ("binary-parser
 * reference" case).
 */
const REFERENCE_BYTES = 32 * 2 ** 20;

const file = process.argv[2];
const fd = openSync(file, "r");
const head = new Uint8Array(REFERENCE_BYTES);
const got = readSync(fd, head, 0, REFERENCE_BYTES, 0);
closeSync(fd);
// Record-aligned slices of about 1 MiB, found before the clock starts.
const slices: Uint8Array[] = [];
let start = 0;
let end = 0;
for (const batch of frameRecordBatches(head.subarray(0, got))) {
  for (const f of batch) {
    if (f.offset + f.length > got) break;
    end = f.offset + f.length;
    if (end - start >= 2 ** 20) {
      slices.push(head.subarray(start, end));
      start = end;
    }
  }
}
if (end > start) slices.push(head.subarray(start, end));
const t0 = performance.now();
let records = 0;
let bytes = 0;
for (const s of slices) {
  records += referenceDecode(s).length;
  bytes += s.length;
}
const ms = performance.now() - t0;
process.stdout.write(
  `${JSON.stringify({ bytes, records, ms, maxRSS: process.resourceUsage().maxRSS, note: "first 32 MiB" })}\n`,
);

/**
 * What bsm-trail must recover and report for each damaged trail of the
 * corpus's `bad/` folder, derived from its `.note` and its bytes, not from
 * the decoder's output. Shared by test/bad.test.ts and scripts/bad-table.ts.
 *
 * Most trails are `good-5-records.bsm` damaged in one place. Its layout
 * (offset+length): file token 0+12; record 1 12+147 (header32_ex); record 2
 * 159+138 (header32: 18-byte header, exec_args at 177, path 186, path 202,
 * attr32 218, subject32 247, return32 284, trailer 290); record 3 297+88;
 * record 4 385+77; record 5 462+118 (header32 462, arg32 480, ipc 495,
 * ipc_perm 501, subject32 530, return32 567, trailer 573). Record 1: header
 * 12, path 38, attr32 61, path 90, subject32 109, return32 146, trailer 152.
 */

import type { BsmErrorKind } from "../src/index";

export interface ExpectedError {
  kind: BsmErrorKind;
  offset: number;
  recordOffset: number;
  tokenId: number;
  skipped: number;
}

export interface ExpectedTrail {
  /** Records out: [offset, length, damaged]. */
  records: [number, number, boolean][];
  errors: ExpectedError[];
  /** Kind strict mode throws, or null when it decodes without throwing. */
  strict: BsmErrorKind | null;
  /** Why, in one line (also the README table's "bsm-trail" column). */
  why: string;
}

const F: [number, number, boolean] = [0, 12, false];
const R1: [number, number, boolean] = [12, 147, false];
const R2: [number, number, boolean] = [159, 138, false];
const R2d: [number, number, boolean] = [159, 138, true];
const R3: [number, number, boolean] = [297, 88, false];
const R4: [number, number, boolean] = [385, 77, false];
const R5: [number, number, boolean] = [462, 118, false];
const ALL = [F, R1, R2, R3, R4, R5];
const FIRST4 = [F, R1, R2, R3, R4];

/** Shifts records by `d` bytes (a byte inserted before them). */
const at = (r: [number, number, boolean], d: number): [number, number, boolean] => [
  r[0] + d,
  r[1],
  r[2],
];

export const EXPECTED: Record<string, ExpectedTrail> = {
  "bad/good-5-records.bsm": {
    records: ALL,
    errors: [],
    strict: null,
    why: "control: all 6 records, no error",
  },
  "bad/no-file-token.bsm": {
    // The same records without the 12-byte file token.
    records: [R1, R2, R3, R4, R5].map((r) => at(r, -12)),
    errors: [],
    strict: null,
    why: "all 5 records, no error (a trail need not start with a file token)",
  },
  "bad/zero-length.bsm": {
    records: [],
    errors: [],
    strict: null,
    why: "no records, no error (an empty trail is valid)",
  },
  "bad/bad-trailer-count.bsm": {
    // Record 2's trailer (at 159 + 138 - 7 = 290) says 1: the frame does not
    // check, the walk reaches the trailer exactly where the header's count
    // puts it; the record is kept, marked damaged.
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 290, recordOffset: 159, tokenId: 0x13, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records (record 2 marked damaged); trailer-mismatch at 290",
  },
  "bad/bad-trailer-magic.bsm": {
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 290, recordOffset: 159, tokenId: 0x13, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records (record 2 marked damaged); trailer-mismatch at 290",
  },
  "bad/missing-trailer-id.bsm": {
    // The trailer's id byte at 290 is 0x28: no trailer token where the byte
    // count puts it; the record keeps its 138 bytes, without a trailer token.
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 290, recordOffset: 159, tokenId: 0x28, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records (record 2 without its trailer); trailer-mismatch at 290",
  },
  "bad/header-len-zero.bsm": {
    // Record 2's size field (160) is 0: the walk reads its tokens to the
    // trailer at 290, whose magic and count (138) agree: the record is 138
    // bytes; the error points at the size field.
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 160, recordOffset: 159, tokenId: 0x14, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records; trailer-mismatch (byte count 0) at 160",
  },
  "bad/header-len-too-small.bsm": {
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 160, recordOffset: 159, tokenId: 0x14, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records; trailer-mismatch (byte count 40) at 160",
  },
  "bad/header-len-overlaps-next.bsm": {
    // Size 168 frames nothing (159 + 168 - 7 is inside record 3); the walk
    // stops at record 2's own trailer, and record 3 is untouched.
    records: [F, R1, R2d, R3, R4, R5],
    errors: [
      { kind: "trailer-mismatch", offset: 160, recordOffset: 159, tokenId: 0x14, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records; trailer-mismatch (byte count 168) at 160",
  },
  "bad/header-len-exceeds-file.bsm": {
    // Record 5's size is 1 MiB (= maxRecordBytes, so still plausible) with
    // 118 bytes left: the walk finds its trailer at 573 agreeing on 118.
    records: [F, R1, R2, R3, R4, [462, 118, true]],
    errors: [
      { kind: "trailer-mismatch", offset: 463, recordOffset: 462, tokenId: 0x14, skipped: 0 },
    ],
    strict: "trailer-mismatch",
    why: "all 6 records; trailer-mismatch (byte count 1 MiB) at 463",
  },
  "bad/token-overruns-record.bsm": {
    // Record 1's path token at 38 claims 0xffff bytes (its length field at
    // 39): the frame checks, so the record is kept, the rest of its body
    // (38..152, 114 bytes) as one raw token.
    records: [F, [12, 147, true], R2, R3, R4, R5],
    errors: [{ kind: "malformed-token", offset: 39, recordOffset: 12, tokenId: 0x23, skipped: 0 }],
    strict: "malformed-token",
    why: "all 6 records (record 1's body after the bad path kept raw); malformed-token at 39",
  },
  "bad/unknown-token-id-in-record.bsm": {
    // 0x99 at 177 has no layout: the bytes to the trailer are kept raw. Not
    // damage (a newer writer's token), so strict mode does not throw.
    records: ALL,
    errors: [{ kind: "unknown-token", offset: 177, recordOffset: 159, tokenId: 0x99, skipped: 0 }],
    strict: null,
    why: "all 6 records (record 2's body from 177 kept raw); unknown-token at 177",
  },
  "bad/unsupported-token-id-0x34-groups.bsm": {
    records: ALL,
    errors: [{ kind: "unknown-token", offset: 177, recordOffset: 159, tokenId: 0x34, skipped: 0 }],
    strict: null,
    why: "all 6 records (record 2's body from 177 kept raw); unknown-token at 177",
  },
  "bad/garbage-byte-before-first-record.bsm": {
    // One 0x00 at 12: the file token is whole, the byte is garbage, the
    // records follow one byte later.
    records: [F, ...[R1, R2, R3, R4, R5].map((r) => at(r, 1))],
    errors: [{ kind: "garbage", offset: 12, recordOffset: 12, tokenId: -1, skipped: 1 }],
    strict: "garbage",
    why: "all 6 records; garbage at 12, 1 byte skipped",
  },
  "bad/garbage-byte-between-records.bsm": {
    records: [F, R1, R2, ...[R3, R4, R5].map((r) => at(r, 1))],
    errors: [{ kind: "garbage", offset: 297, recordOffset: 297, tokenId: -1, skipped: 1 }],
    strict: "garbage",
    why: "all 6 records; garbage at 297, 1 byte skipped",
  },
  "bad/truncated-in-header.bsm": {
    // 3 bytes of record 5: the input ends inside the header's size field.
    records: FIRST4,
    errors: [{ kind: "truncated", offset: 462, recordOffset: 462, tokenId: 0x14, skipped: 3 }],
    strict: "truncated",
    why: "the 5 whole records; truncated at 462, 3 bytes lost",
  },
  "bad/truncated-final-record.bsm": {
    // 59 of record 5's 118 bytes: the cut (521) is inside the ipc_perm token
    // at 501 (501..529), whose fixed fields start at 502.
    records: FIRST4,
    errors: [{ kind: "truncated", offset: 502, recordOffset: 462, tokenId: 0x32, skipped: 59 }],
    strict: "truncated",
    why: "the 5 whole records; truncated at 502 (ipc_perm), 59 bytes lost",
  },
  "bad/truncated-final-trailer.bsm": {
    // Record 5 lacks the last 3 bytes: its trailer at 573 has 4 of 7 bytes.
    records: FIRST4,
    errors: [{ kind: "truncated", offset: 574, recordOffset: 462, tokenId: 0x13, skipped: 115 }],
    strict: "truncated",
    why: "the 5 whole records; truncated at 574 (trailer), 115 bytes lost",
  },
  "bad/only-header-token.bsm": {
    // 18 bytes of record 1's header32_ex (26 bytes with its IPv4 address):
    // the address (from 14) runs past the end.
    records: [],
    errors: [{ kind: "truncated", offset: 14, recordOffset: 0, tokenId: 0x15, skipped: 18 }],
    strict: "truncated",
    why: "no records; truncated at 14 (header32_ex address), 18 bytes lost",
  },
  "bad/bare-token-path.bsm": {
    // A path token is no record: the whole file is one garbage region.
    records: [],
    errors: [{ kind: "garbage", offset: 0, recordOffset: 0, tokenId: -1, skipped: 24 }],
    strict: "garbage",
    why: "no records; garbage at 0, all 24 bytes skipped",
  },
  "bad/random-64k.bsm": {
    // No header in it has a trailer that checks: one garbage region.
    records: [],
    errors: [{ kind: "garbage", offset: 0, recordOffset: 0, tokenId: -1, skipped: 65536 }],
    strict: "garbage",
    why: "no records; garbage at 0, all 65,536 bytes skipped",
  },
};

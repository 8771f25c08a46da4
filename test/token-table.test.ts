/**
 * Every row of the token table has a fixture: a token of its type in one of
 * the project's fixture trails (written by our own encoder, scripts/gen-fixtures.ts)
 * that decodes strictly, re-encodes to its exact bytes, and prints by its
 * row (its praudit name in text, never `unknown`). A row added without a
 * fixture fails here.
 */

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Token } from "../src/gen/token-types";
import { decodeAllRecords } from "../src/index";
import { PrauditPrinter } from "../src/print/praudit";
import type { PrauditOptions } from "../src/print/praudit-options";
import { PrintBuffer } from "../src/print/print-buffer";
import { TOKEN_TABLE } from "../src/spec/tokens";
import { encodeRecord, encodeToken } from "../src/wire/encoder";
import type { RecordFrame } from "../src/wire/record";
import { tokens } from "../src/wire/token-builders";
import { rowArbitrary } from "./arbitraries";

const fixtures = join(resolve(dirname(fileURLToPath(import.meta.url)), ".."), "fixtures");

/** Every token of every clean fixture trail, with the file it came from. */
function fixtureTokens(): { file: string; token: Token }[] {
  const out: { file: string; token: Token }[] = [];
  for (const name of readdirSync(fixtures)) {
    if (!name.endsWith(".bsm") || name.startsWith("damaged")) continue;
    for (const r of decodeAllRecords(readFileSync(join(fixtures, name)), { strict: true })) {
      for (const token of r.tokens) out.push({ file: name, token });
    }
  }
  return out;
}

describe("the token table's fixtures", () => {
  const all = fixtureTokens();
  const text = new PrauditPrinter({ raw: false });
  const raw = new PrauditPrinter({ raw: true });
  const xml = new PrauditPrinter({ xml: true });

  it("reads the fixture trails", () => {
    expect(all.length).toBeGreaterThan(100);
  });

  for (const row of TOKEN_TABLE) {
    it(`0x${row.id.toString(16)} ${row.type}: a fixture token decodes, re-encodes and prints by its row`, () => {
      const found = all.filter((x) => x.token.id === row.id);
      expect(found.length, `no fixture holds a token 0x${row.id.toString(16)}`).toBeGreaterThan(0);
      for (const { token } of found) {
        expect(token.type).toBe(row.type);
        expect(encodeToken(token)[0]).toBe(row.id);
        if (
          row.type !== "other_file32" &&
          !row.type.startsWith("header") &&
          row.type !== "trailer"
        ) {
          // Inside a record of its own, it decodes back to the same token.
          const rec = encodeRecord(
            [tokens.header32({ event: 0, seconds: 0 }), token, tokens.trailer()],
            {
              fixSizes: true,
            },
          );
          const back = decodeAllRecords(rec, { strict: true, copy: true });
          expect(back[0].tokens[1]).toEqual(token);
        }
        const line = text.token(token);
        if (row.print.named === undefined) {
          expect(line.startsWith(`${row.print.name},`) || line === `${row.print.name}\n`).toBe(
            true,
          );
        }
        expect(line.startsWith("unknown")).toBe(false);
        expect(raw.token(token).startsWith(`${row.id}`)).toBe(true);
        if (row.print.xml !== "") expect(xml.token(token).length).toBeGreaterThan(1);
      }
    });
  }
});

/** Text modes where records print straight from their bytes. */
const FRAME_MODES: readonly Partial<PrauditOptions>[] = [
  {},
  { oneLine: true },
  { short: true, numeric: true, delimiter: ";" },
];

describe("the two generated text printers", () => {
  // Rows whose printing the formats describe (no named printer, not Apple's).
  const rows = TOKEN_TABLE.filter(
    (r) => r.print.named === undefined && !r.print.apple && r.type !== "trailer",
  );

  it("cover the rows", () => {
    expect(rows.length).toBeGreaterThan(40);
  });

  for (const row of rows) {
    it(`0x${row.id.toString(16)} ${row.type}: from record bytes as from decoded tokens, in every frame mode`, () => {
      fc.assert(
        fc.property(rowArbitrary(row.type as Token["type"]), (tok) => {
          const bytes = encodeRecord(
            [tokens.header32({ event: 23, seconds: 1709275542 }), tok, tokens.trailer()],
            { fixSizes: true },
          );
          const [record] = decodeAllRecords(bytes, { strict: true, encoding: "latin1" });
          const frame: RecordFrame = {
            kind: "header",
            offset: 0,
            length: bytes.length,
            event: record.event,
            modifier: record.modifier,
            version: record.version,
            seconds: record.seconds,
            milliseconds: record.milliseconds,
            damaged: false,
            bytes,
            record: null,
          };
          for (const o of FRAME_MODES) {
            const p = new PrauditPrinter(o);
            const a = new PrintBuffer();
            const b = new PrintBuffer();
            p.writeRecord(record, a);
            // The frame path prints every such row: no silent fall-back.
            expect(p.writeFrame(frame, b)).toBe(true);
            expect(b.take()).toBe(a.take());
          }
        }),
        { numRuns: 40 },
      );
    });
  }
});

/**
 * Prints the markdown table of the corpus's damaged trails (`bad/`): what
 * praudit printed and what bsm-trail recovers and reports. The table in
 * docs/damaged-trails.md is this script's output:
 *
 *     node --import tsx scripts/bad-table.ts > /tmp/table.md
 *
 * The bsm-trail columns come from decoding each trail now; test/bad.test.ts
 * asserts the same values against test/bad-expected.ts.
 */

import { existsSync, readFileSync } from "node:fs";
import { type BsmError, decodeAllRecords } from "../src/index";
import { badTrails, corpusPath } from "../test/corpus";

function read(rel: string): string {
  const p = corpusPath(rel);
  return existsSync(p) ? readFileSync(p, "latin1") : "";
}

function praudit(rel: string): string {
  const out = read(`${rel}.praudit.stdout`);
  const n = out.split("\n").filter((l) => /^(header|header_ex|file),/.test(l)).length;
  const rc = read(`${rel}.praudit.rc`).trim();
  const err = read(`${rel}.praudit.stderr`).trim();
  const pRc = read(`${rel}.praudit-p.rc`).trim();
  const t = out.split("\n").filter((l) => l !== "").length;
  const parts = [`${n} record${n === 1 ? "" : "s"} (${t} tokens), exit ${rc}`];
  parts.push(err === "" ? "no message" : `stderr: ${err.split("\n")[0].slice(0, 60)}`);
  if (pRc === "124") parts.push("`-p` hangs");
  return parts.join("; ");
}

function hex(id: number): string {
  return id < 0 ? "" : ` 0x${id.toString(16).padStart(2, "0")}`;
}

function ours(b: Uint8Array): { records: string; errors: string } {
  const errors: BsmError[] = [];
  const recs = decodeAllRecords(b, { onError: (e) => errors.push(e) });
  const damaged = recs.filter((r) => r.damaged).length;
  let tokens = 0;
  for (const r of recs) tokens += r.tokens.length;
  const records = `${recs.length} (${tokens} tokens)${damaged > 0 ? `, ${damaged} marked damaged` : ""}`;
  const errs =
    errors.length === 0
      ? "none"
      : errors
          .map(
            (e) =>
              `${e.kind} at ${e.offset}${e.recordOffset !== e.offset ? ` (record ${e.recordOffset})` : ""}` +
              `${hex(e.tokenId)}${e.skipped > 0 ? `, ${e.skipped} byte${e.skipped === 1 ? "" : "s"} skipped` : ""}`,
          )
          .join("; ");
  return { records, errors: errs };
}

const rows: string[] = [
  "| trail | damage (`.note`) | praudit (default mode) | bsm-trail records | bsm-trail errors (offset, token, bytes lost) |",
  "|---|---|---|---|---|",
];
for (const rel of badTrails()) {
  const note = read(`${rel}.note`).trim().replace(/\|/g, "\\|");
  const o = ours(new Uint8Array(readFileSync(corpusPath(rel))));
  rows.push(`| \`${rel.slice(4)}\` | ${note} | ${praudit(rel)} | ${o.records} | ${o.errors} |`);
}
console.log(rows.join("\n"));

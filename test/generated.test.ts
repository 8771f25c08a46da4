/**
 * The files under src/gen/ are what scripts/gen-tokens.ts makes of the
 * token table now: regenerated here and compared byte for byte.
 */

import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { generateAll } from "../scripts/gen-tokens";
import { TokenId } from "../src/spec/token-ids";
import { TOKEN_TABLE } from "../src/spec/tokens";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

describe("generated code", () => {
  const files = generateAll();

  it("covers the seven generated files", () => {
    expect([...files.keys()].sort()).toEqual([
      "src/gen/eager-tokens.ts",
      "src/gen/json-writer.ts",
      "src/gen/lazy-tokens.ts",
      "src/gen/read-token.ts",
      "src/gen/text-printer.ts",
      "src/gen/token-types.ts",
      "src/gen/xml-printer.ts",
    ]);
  });

  for (const [path, text] of files) {
    it(`${path} is up to date (npm run gen) and says @generated`, () => {
      const committed = readFileSync(join(root, path), "utf8");
      expect(committed.split("\n")[0]).toContain("@generated");
      expect(committed === text, `${path} differs from what the table generates`).toBe(true);
    });
  }
});

describe("the token table", () => {
  it("has one row per id, each AUT name matching its id", () => {
    const ids = TOKEN_TABLE.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    const byName = TokenId as Readonly<Record<string, number>>;
    for (const r of TOKEN_TABLE) {
      const name = r.aut.replace(/^AUT_/, "");
      expect(byName[name], `${r.aut} in TokenId`).toBe(r.id);
    }
  });

  it("names only fields a row has in its print forms", () => {
    for (const r of TOKEN_TABLE) {
      const names = new Set(r.fields.map((f) => f.name));
      const used = [
        ...r.print.text.map((s) => s.split(":")[1]),
        ...[...(r.print.xml + (r.print.textRaw ?? "")).matchAll(/\{\w+:(\w+)/g)].map((m) => m[1]),
      ];
      for (const u of used) expect(names.has(u), `${r.type}: ${u}`).toBe(true);
    }
  });
});

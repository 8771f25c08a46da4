/**
 * Every ```ts block of README.md is a complete program that typechecks
 * against the package: each block is written to a temporary directory as
 * a module of its own, `bsm-trail` and `bsm-trail/testing` resolve (by a
 * `paths` mapping) to the package's entry points in src/, and the
 * TypeScript compiler checks them with the project's strict options plus
 * `noUnusedLocals`, so an undefined name or an unused import fails.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The ```ts blocks of a Markdown text, with the line each starts on. */
function tsBlocks(markdown: string): { line: number; code: string }[] {
  const blocks: { line: number; code: string }[] = [];
  const lines = markdown.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    blocks.push({ line: start + 1, code: `${lines.slice(start, end).join("\n")}\n` });
    i = end;
  }
  return blocks;
}

/** Compiler options: the project's own (tsconfig.json), stricter on unused names. */
function compilerOptions(): ts.CompilerOptions {
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, ts.sys.readFile);
  if (config.error)
    throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, "\n"));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...parsed.options,
    noEmit: true,
    noUnusedLocals: true,
    noUnusedParameters: true,
    typeRoots: [join(root, "node_modules/@types")],
    paths: {
      "bsm-trail": [join(root, "src/index.ts")],
      "bsm-trail/testing": [join(root, "src/testing/index.ts")],
    },
  };
}

const readme = readFileSync(join(root, "README.md"), "utf8");
const blocks = tsBlocks(readme);
const dir = mkdtempSync(join(tmpdir(), "bsm-trail-readme-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("README.md TypeScript blocks", () => {
  it("has some", () => {
    expect(blocks.length).toBeGreaterThan(0);
  });

  it("each is a complete program that typechecks against the package", () => {
    const files = blocks.map((b, i) => {
      const file = join(dir, `readme-block-${i + 1}.ts`);
      writeFileSync(file, b.code);
      return file;
    });
    const program = ts.createProgram(files, compilerOptions());
    const problems: string[] = [];
    for (const [i, file] of files.entries()) {
      const source = program.getSourceFile(file);
      if (!source) throw new Error(`not compiled: ${file}`);
      // A block is a module that imports the package (not a fragment).
      expect(
        source.statements.some(
          (s) =>
            ts.isImportDeclaration(s) &&
            ts.isStringLiteral(s.moduleSpecifier) &&
            s.moduleSpecifier.text.startsWith("bsm-trail"),
        ),
        `README block at line ${blocks[i].line} imports "bsm-trail"`,
      ).toBe(true);
      const diagnostics = [
        ...program.getSyntacticDiagnostics(source),
        ...program.getSemanticDiagnostics(source),
      ];
      for (const d of diagnostics) {
        const at = d.start === undefined ? 0 : source.getLineAndCharacterOfPosition(d.start).line;
        const text = ts.flattenDiagnosticMessageText(d.messageText, "\n");
        problems.push(`README.md:${blocks[i].line + at}: TS${d.code} ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("a broken block is caught (undefined name, unused import)", () => {
    const file = join(dir, "broken.ts");
    writeFileSync(
      file,
      'import { decodeRecords, readTrail } from "bsm-trail";\nfor (const r of decodeRecords(bytes)) console.log(r);\n',
    );
    const program = ts.createProgram([file], compilerOptions());
    const codes = program.getSemanticDiagnostics(program.getSourceFile(file)).map((d) => d.code);
    expect(codes).toContain(2304); // Cannot find name 'bytes'.
    expect(codes).toContain(6133); // 'readTrail' is declared but its value is never read.
  });
});

/**
 * Nothing in the shipped library evaluates code: no `eval(`, no
 * `new Function` / `Function(` in src/ nor in the built bundle (dist/, when
 * built). binary-parser, which compiles parsers with `new Function`, stays
 * in tests and benchmarks: src/ never imports it and it is no runtime
 * dependency.
 */

import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

function files(dir: string, exts: readonly string[]): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const f of readdirSync(dir)) {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) out.push(...files(p, exts));
    else if (exts.some((e) => f.endsWith(e))) out.push(p);
  }
  return out;
}

/** Code evaluation: eval(...), new Function(...), Function(...) called as a constructor. */
const EVAL = /(?<![\w$.])eval\s*\(|\bnew\s+Function\b|(?<![\w$.])Function\s*\(/;

function offenders(paths: readonly string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const lines = readFileSync(p, "utf8").split("\n");
    lines.forEach((l, i) => {
      if (EVAL.test(l)) out.push(`${p.slice(root.length + 1)}:${i + 1}: ${l.trim().slice(0, 120)}`);
    });
  }
  return out;
}

describe("no code evaluation in the shipped library", () => {
  it("the pattern catches what it must", () => {
    for (const s of ["eval(x)", "const f = new Function('a', b)", "Function('return this')()"]) {
      expect(EVAL.test(s), s).toBe(true);
    }
    for (const s of ["evaluate(x)", "x.eval(y)", "isFunction(x)", "typeof f === 'function'"]) {
      expect(EVAL.test(s), s).toBe(false);
    }
  });

  it("src/ has none", () => {
    const src = files(join(root, "src"), [".ts"]);
    expect(src.length).toBeGreaterThan(0);
    expect(offenders(src)).toEqual([]);
  });

  it("the built bundle (dist/) has none, when built", () => {
    const dist = files(join(root, "dist"), [".js", ".cjs", ".mjs"]);
    if (dist.length === 0) {
      console.log("dist/ not built: bundle not scanned (npm run build first)");
      return;
    }
    expect(offenders(dist)).toEqual([]);
  });

  it("binary-parser stays in tests and benchmarks", () => {
    const src = files(join(root, "src"), [".ts"]);
    const importers = src.filter((p) => /["']binary-parser["']/.test(readFileSync(p, "utf8")));
    expect(importers).toEqual([]);
    const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      dependencies?: Record<string, string>;
      devDependencies?: Record<string, string>;
    };
    expect(Object.keys(pkg.dependencies ?? {})).not.toContain("binary-parser");
  });
});

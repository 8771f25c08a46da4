/**
 * The source tree's import graph: no file imports itself back through any
 * chain, and the token table (src/spec/) imports nothing outside itself.
 */

import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = join(root, "src");

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir)) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...sources(p));
    else if (p.endsWith(".ts")) out.push(p);
  }
  return out;
}

/** Each file's relative imports (and re-exports), resolved to files. */
function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const f of sources(src)) {
    const deps: string[] = [];
    const text = readFileSync(f, "utf8");
    for (const m of text.matchAll(/(?:import|export)[^"';]*?from\s+"(\.[^"]+)"/g)) {
      const t = normalize(join(dirname(f), m[1]));
      const file = [`${t}.ts`, join(t, "index.ts")].find((x) => {
        try {
          return statSync(x).isFile();
        } catch {
          return false;
        }
      });
      if (file !== undefined) deps.push(file);
    }
    g.set(f, deps);
  }
  return g;
}

/** Every cycle found by a depth-first walk, as file paths relative to src/. */
function cycles(g: Map<string, string[]>): string[][] {
  const state = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (u: string) => {
    state.set(u, 1);
    stack.push(u);
    for (const v of g.get(u) ?? []) {
      if (state.get(v) === 1) found.push([...stack.slice(stack.indexOf(v)), v]);
      else if (!state.has(v)) visit(v);
    }
    stack.pop();
    state.set(u, 2);
  };
  for (const f of g.keys()) if (!state.has(f)) visit(f);
  return found.map((c) => c.map((f) => relative(src, f)));
}

describe("source layering", () => {
  const g = graph();

  it("reads the whole tree", () => {
    expect(g.size).toBeGreaterThan(40);
    expect(g.get(join(src, "wire", "framer.ts"))).toContain(join(src, "gen", "read-token.ts"));
  });

  it("has no import circle", () => {
    expect(cycles(g)).toEqual([]);
  });

  it("finds a circle when there is one", () => {
    const a = join(src, "a.ts");
    const b = join(src, "b.ts");
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([["a.ts", "b.ts", "a.ts"]]);
  });

  it("gives no two files the same name (entry points, index.ts, aside)", () => {
    const seen = new Map<string, string>();
    for (const f of g.keys()) {
      const base = f.slice(f.lastIndexOf("/") + 1);
      if (base === "index.ts") continue;
      expect(seen.get(base), `${relative(src, f)} and ${seen.get(base)}`).toBeUndefined();
      seen.set(base, relative(src, f));
    }
  });

  it("keeps the token table free of imports from outside src/spec/", () => {
    for (const [f, deps] of g) {
      if (!f.startsWith(join(src, "spec"))) continue;
      for (const d of deps)
        expect(relative(src, d).startsWith("spec"), `${f} imports ${d}`).toBe(true);
    }
  });
});

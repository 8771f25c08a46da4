/**
 * Where the conformance corpus is: `BSM_CORPUS`, or `../shared/corpus` from
 * the repository root. Tests read it in place; it is never copied here.
 */

import { existsSync, readdirSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The corpus folder; throws loudly when it is missing. */
export function corpusDir(): string {
  const dir = process.env.BSM_CORPUS
    ? resolve(process.env.BSM_CORPUS)
    : resolve(repoRoot, "../shared/corpus");
  if (!existsSync(join(dir, "README.md"))) {
    throw new Error(
      `CONFORMANCE CORPUS MISSING: no README.md in ${dir}. ` +
        "Set BSM_CORPUS to the corpus folder (default ../shared/corpus beside the repository).",
    );
  }
  return dir;
}

/** A path inside the corpus. */
export function corpusPath(...parts: string[]): string {
  return join(corpusDir(), ...parts);
}

/** The corpus trails that have praudit outputs beside them, as paths relative to the corpus. */
export function corpusTrails(): string[] {
  const dir = corpusDir();
  const out: string[] = [];
  for (const sub of ["trails", "real"]) {
    for (const f of readdirSync(join(dir, sub)).sort()) {
      if (f.endsWith(".bsm")) out.push(`${sub}/${f}`);
    }
  }
  for (const f of readdirSync(join(dir, "openbsm-generate")).sort()) {
    if (/_record(-IPv[46])?$/.test(f)) out.push(`openbsm-generate/${f}`);
  }
  return out;
}

/** The damaged trails of `bad/`, relative to the corpus. */
export function badTrails(): string[] {
  return readdirSync(join(corpusDir(), "bad"))
    .filter((f) => f.endsWith(".bsm"))
    .sort()
    .map((f) => `bad/${f}`);
}

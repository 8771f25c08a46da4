/**
 * The damage fuzzer's command line.
 *
 *     npm run fuzz -- --seconds 600 [--seed S]
 *     npm run fuzz -- --seed S --repro I [--out damaged.bsm]
 *
 * Prints how many inputs it tried and every failure with the seed and index
 * that rebuild its input; exits 1 when an invariant broke (see check.ts).
 */

import { writeFileSync } from "node:fs";
import { caseSeed, check, checkPaths, fuzz, instrument, makeCase } from "./check";
import { corpusSources, Rng } from "./mutate";

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? undefined : process.argv[i + 1];
}

function num(name: string, dflt: number): number {
  const s = arg(name);
  if (s === undefined) return dflt;
  const v = Number(s);
  if (!Number.isFinite(v) || v < 0) {
    console.error(`--${name} wants a non-negative number, got ${s}`);
    process.exit(2);
  }
  return v;
}

const seed = num("seed", (Date.now() ^ (process.pid << 8)) >>> 0) >>> 0;
const repro = arg("repro");

if (repro !== undefined) {
  instrument();
  const i = Number(repro);
  const c = makeCase(seed, i, corpusSources());
  console.log(`seed ${seed} input ${i}: ${c.kind}, ${c.how}, ${c.input.length} bytes`);
  const out = arg("out");
  if (out !== undefined) {
    writeFileSync(out, c.input);
    console.log(`written to ${out}`);
  }
  const rng = new Rng(caseSeed(seed, i) ^ 1);
  const v = check(c.input, c.clean, c.strong, rng);
  v.push(...(await checkPaths(c.input, rng)));
  for (const x of v) console.log(`  ${x.rule}: ${x.detail}`);
  console.log(v.length === 0 ? "all invariants hold" : `${v.length} violations`);
  process.exit(v.length === 0 ? 0 : 1);
}

const seconds = num("seconds", 10);
console.log(`fuzzing for ${seconds} s, seed ${seed}`);
const stats = await fuzz({ seed, seconds, maxFailures: 20 });
const kinds = Object.entries(stats.byKind)
  .map(([k, n]) => `${k} ${n}`)
  .join(", ");
console.log(
  `inputs tried: ${stats.inputs} (${kinds}); ${(stats.bytes / 1e6).toFixed(1)} MB; ` +
    `exempted intact records: ${stats.exempted}; max steps/byte ${stats.maxStepsPerByte.toFixed(2)}; ` +
    `slowest input ${stats.maxMs.toFixed(1)} ms`,
);
for (const f of stats.failures) {
  console.log(`FAIL seed ${f.seed} input ${f.index}: ${f.how}`);
  for (const v of f.violations) console.log(`  ${v.rule}: ${v.detail}`);
  console.log(`  reproduce: npm run fuzz -- --seed ${f.seed} --repro ${f.index} --out damaged.bsm`);
}
console.log(stats.failures.length === 0 ? "no failures" : `${stats.failures.length} failures`);
process.exit(stats.failures.length === 0 ? 0 : 1);

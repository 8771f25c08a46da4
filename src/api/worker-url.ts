/**
 * Where a worker thread's script is, for the pools of `processTrails`
 * (src/api/parallel.ts) and the parallel `json` (src/json/json-pool.ts).
 *
 * @module
 */

/**
 * The script `name` for a pool whose module is at `here` (its
 * `import.meta.url`). Built, `dist/NAME.js` beside the bundle (a tsup
 * entry of that name); from source (tests and benchmarks run the
 * TypeScript through tsx), `NAME-dev.mjs` beside the module, which
 * registers tsx and loads `NAME.ts`.
 */
export function workerUrl(name: string, here: string): URL {
  return new URL(here.endsWith(".ts") ? `./${name}-dev.mjs` : `./${name}.js`, here);
}

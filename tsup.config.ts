import { defineConfig } from "tsup";

// No source maps: they were 1.8 MB of the 2.8 MB unpacked package, and the
// bundles are plain, unminified JavaScript that reads as it is.
export default defineConfig([
  {
    // The package root and the `bsm-trail/testing` subpath (package.json
    // "exports"): ESM with shared chunks, CJS, and types for each.
    entry: { index: "src/index.ts", testing: "src/testing/index.ts" },
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: false,
    clean: true,
    shims: true,
    target: "node20",
  },
  {
    entry: {
      cli: "src/cli/main.ts",
      worker: "src/api/worker.ts",
      "json-worker": "src/json/json-worker.ts",
    },
    format: ["esm"],
    sourcemap: false,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
  },
]);

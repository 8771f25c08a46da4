import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: "forks",
    // The corpus outputs were printed with TZ=UTC, and the printer's default
    // zone is the local one (TZ), as praudit's: pin it so the suite passes on
    // a machine in any zone. Tests of other zones name theirs.
    env: { TZ: "UTC" },
  },
});

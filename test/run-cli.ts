/** Runs the `bsm-trail` command from source in a child process, for CLI tests. */

import { spawnSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * `bsm-trail ...args` with `input` on standard input, TZ=UTC (or as `env`
 * says: its variables override the inherited ones); its status and output.
 */
export function cli(
  args: string[],
  input?: Uint8Array,
  env?: Readonly<Record<string, string | undefined>>,
): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(
    process.execPath,
    ["--import", "tsx", resolve(root, "src/cli/main.ts"), ...args],
    {
      input,
      env: { ...process.env, TZ: "UTC", ...env },
      maxBuffer: 64 << 20,
    },
  );
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

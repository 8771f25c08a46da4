/** Runs the `bsm-trail` command from source in a child process, for CLI tests. */

import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** tsx's loader by its full address, so that it is found from any working directory. */
const TSX = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** Where and how {@link cli} runs the command. */
export interface CliRun {
  /** A file descriptor for standard output (`/dev/full` opened); default a pipe, returned as `stdout`. */
  stdout: number;
  /** Environment variables added to the test's (after `TZ=UTC`); `undefined` removes one. */
  env: Record<string, string | undefined>;
  /** Working directory; default the test's. */
  cwd: string;
  /** A built command (`dist/cli.js`) run with plain node, instead of src/cli/main.ts through tsx. */
  script: string;
}

/** `bsm-trail ...args` with `input` on standard input, TZ=UTC; its status and output. */
export function cli(
  args: string[],
  input?: Uint8Array,
  run: Readonly<Partial<CliRun>> = {},
): { status: number | null; stdout: Buffer; stderr: string } {
  const entry =
    run.script === undefined ? ["--import", TSX, resolve(root, "src/cli/main.ts")] : [run.script];
  const r = spawnSync(process.execPath, [...entry, ...args], {
    input,
    cwd: run.cwd,
    env: { ...process.env, TZ: "UTC", ...run.env },
    maxBuffer: 64 << 20,
    stdio: ["pipe", run.stdout ?? "pipe", "pipe"],
  });
  return { status: r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: r.stderr.toString() };
}

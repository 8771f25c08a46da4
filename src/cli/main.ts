/**
 * The `bsm-trail` command: one file per subcommand beside this one
 * (praudit-command.ts, reduce-command.ts, json-command.ts, export-command.ts), shared output and usage in
 * output.ts and usage.ts.
 *
 * @module
 */

import { exportCommand } from "./export-command";
import { jsonCommand } from "./json-command";
import { prauditCommand } from "./praudit-command";
import { reduceCommand } from "./reduce-command";
import { USAGE, UsageError } from "./usage";

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "praudit":
        return await prauditCommand(rest);
      case "reduce":
        return await reduceCommand(rest);
      case "json":
        return await jsonCommand(rest);
      case "export":
        return await exportCommand(rest);
      case undefined:
      case "-h":
      case "--help":
      case "help":
        process.stdout.write(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command: ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`bsm-trail: ${(e as Error).message}\n\n${USAGE}`);
      return 2;
    }
    throw e;
  }
}

// Keep stdout's EPIPE (e.g. `| head`) quiet.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => {
    process.stderr.write(`bsm-trail: ${(e as Error).stack ?? e}\n`);
    process.exitCode = 1;
  },
);

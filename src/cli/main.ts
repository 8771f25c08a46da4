/**
 * The `bsm-trail` command: one file per subcommand beside this one
 * (praudit-command.ts, reduce-command.ts, config-command.ts, json-command.ts,
 * export-command.ts, stats-command.ts, report-command.ts), shared output and usage in
 * output.ts and usage.ts, how failures end the command in failure.ts.
 *
 * @module
 */

import { version } from "../../package.json";
import { BsmError } from "../wire/errors";
import { failureReport, writeFailure } from "./failure";
import { USAGE, UsageError, usageLine } from "./usage";

// Each command's module is imported when it runs, so that a command loads
// only what it needs (the bundle's chunks): start-up weighs in a whole
// `bsm-trail reduce` process (bench/run.ts, "bsm-trail reduce -m AUE_EXECVE").

/** The subcommands, for usage messages. */
const COMMANDS = ["praudit", "reduce", "json", "export", "config", "stats", "report"];

/**
 * The first sentence of a node:util parseArgs error ("Unknown option
 * '--frob'"), without its advice on positionals.
 */
function parseArgsProblem(message: string): string {
  const end = message.indexOf(". ");
  return end < 0 ? message : message.slice(0, end);
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit status. */
export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "praudit":
        return await (await import("./praudit-command")).prauditCommand(rest);
      case "reduce":
        return await (await import("./reduce-command")).reduceCommand(rest);
      case "config":
        return await (await import("./config-command")).configCommand(rest);
      case "json":
        return await (await import("./json-command")).jsonCommand(rest);
      case "export":
        return await (await import("./export-command")).exportCommand(rest);
      case "stats":
        return await (await import("./stats-command")).statsCommand(rest);
      case "report":
        return await (await import("./report-command")).reportCommand(rest);
      case "-h":
      case "--help":
      case "help":
        process.stdout.write(USAGE);
        return 0;
      case "-V":
      case "--version":
        process.stdout.write(`bsm-trail ${version}\n`);
        return 0;
      case undefined:
        throw new UsageError(`no command given: ${COMMANDS.join(" or ")}`);
      default:
        throw new UsageError(
          command.startsWith("-")
            ? `unknown option ${command}`
            : `unknown command ${JSON.stringify(command)}: ${COMMANDS.join(" or ")}`,
        );
    }
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const parseArgsError = typeof code === "string" && code.startsWith("ERR_PARSE_ARGS");
    if (e instanceof UsageError || parseArgsError) {
      const where = command !== undefined && COMMANDS.includes(command) ? command : undefined;
      const problem = (e as Error).message;
      process.stderr.write(usageLine(where, parseArgsError ? parseArgsProblem(problem) : problem));
      return 2;
    }
    if (e instanceof BsmError) {
      // A side file that cannot be used (--passwd /dev/zero): one line naming it.
      process.stderr.write(`bsm-trail: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}

/** Reports a failure that ended the command (failure.ts) and exits now. */
function fail(report: { text: string; status: number }): never {
  if (report.text !== "") process.stderr.write(report.text);
  process.exit(report.status);
}

// Standard output unwritable: EPIPE (`| head`) quietly, ENOSPC and the
// rest as one line; exit now, as a write that failed never drains.
process.stdout.on("error", (e: NodeJS.ErrnoException) => fail(writeFailure(e)));
process.on("uncaughtException", (e) => fail(failureReport(e)));

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e) => fail(failureReport(e)),
);

/**
 * The `bsm-trail config` command: reads an audit configuration directory
 * (`/etc/security` by default) and explains what it audits
 * (`config explain`) or checks it (`config check`: the lint, and with
 * `--profile` an mSCP baseline).
 *
 * Exit status: 0 when no finding is an error, 1 when one is (or the
 * directory cannot be read), 2 on usage errors.
 *
 * @module
 */

import { parseArgs } from "node:util";
import {
  formatEventExplanation,
  formatFindings,
  formatOverview,
  formatUserExplanation,
} from "../config/config-format";
import type { ConfigFinding } from "../config/finding";
import { lintAuditConfig } from "../config/lint";
import { type AuditConfig, loadAuditConfig } from "../config/load";
import { MSCP_BASELINES } from "../config/profiles";
import { BsmError } from "../wire/errors";
import { UsageError } from "./usage";

/** Usage of `bsm-trail config`. */
export const CONFIG_USAGE = `usage: bsm-trail config check [--json] [--profile NAME] [--passwd FILE] [DIR]
       bsm-trail config explain [--user NAME|UID] [--event NAME|NUM] [--passwd FILE] [DIR]

Reads the audit configuration in DIR (default /etc/security): audit_control,
audit_class, audit_event, audit_user.

  check     every problem, as file:line: severity: message [rule]
            --json          a JSON array of {file, line, severity, rule, message}
            --profile NAME  also check an mSCP baseline: ${Object.keys(MSCP_BASELINES).join(", ")}
  explain   what is audited: every class for every mask (no option), one user's
            classes (--user), or one event (--event; with --user, for that user)
            --user NAME|UID a login name or uid; --user=-1 is a non-attributable process
            --event NAME|NUM an audit_event name (AUE_EXECVE) or number
  --passwd FILE   resolve uids and check audit_user names against this passwd file

exit status: 0 no error found, 1 an error found (or DIR unreadable), 2 usage error.
`;

/**
 * Runs `bsm-trail config` with its arguments (after `config`).
 *
 * @param argv - the arguments
 * @returns the exit status
 */
export async function configCommand(argv: string[]): Promise<number> {
  try {
    return run(argv);
  } catch (e) {
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      process.stderr.write(`bsm-trail: config: ${(e as Error).message}\n\n${CONFIG_USAGE}`);
      return 2;
    }
    throw e;
  }
}

function run(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === "-h" || sub === "--help") {
    process.stdout.write(CONFIG_USAGE);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== "check" && sub !== "explain") {
    throw new UsageError(`unknown config command: ${sub} (check or explain)`);
  }
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      profile: { type: "string" },
      user: { type: "string" },
      event: { type: "string" },
      passwd: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    process.stdout.write(CONFIG_USAGE);
    return 0;
  }
  if (positionals.length > 1) throw new UsageError("config takes one directory");
  if (sub === "check" && (values.user !== undefined || values.event !== undefined)) {
    throw new UsageError("--user and --event are options of config explain");
  }
  if (sub === "explain" && (values.json || values.profile !== undefined)) {
    throw new UsageError("--json and --profile are options of config check");
  }
  if (values.profile !== undefined && !(values.profile in MSCP_BASELINES)) {
    throw new UsageError(
      `unknown profile: ${values.profile} (known: ${Object.keys(MSCP_BASELINES).join(", ")})`,
    );
  }
  const dir = positionals[0] ?? "/etc/security";
  let config: AuditConfig;
  try {
    config = loadAuditConfig(dir, values.passwd === undefined ? {} : { passwd: values.passwd });
  } catch (e) {
    if (e instanceof BsmError) {
      process.stderr.write(`bsm-trail: config: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  if (sub === "check") {
    const findings: ConfigFinding[] = lintAuditConfig(
      config,
      values.profile === undefined ? {} : { profile: values.profile },
    );
    process.stdout.write(
      values.json ? `${JSON.stringify(findings, null, 2)}\n` : formatFindings(findings),
    );
    return findings.some((f) => f.severity === "error") ? 1 : 0;
  }
  const user = values.user;
  const event = values.event;
  if (event !== undefined && !/^\d+$/.test(event) && config.table.byName(event) === undefined) {
    throw new UsageError(`unknown event: ${event} (not in ${config.paths.audit_event})`);
  }
  if (user !== undefined && !/^-?\d+$/.test(user) && /[:\s]/.test(user)) {
    throw new UsageError(`bad user: ${JSON.stringify(user)}`);
  }
  const out =
    event !== undefined
      ? formatEventExplanation(config, event, user)
      : user !== undefined
        ? formatUserExplanation(config, user)
        : formatOverview(config);
  process.stdout.write(out);
  return 0;
}

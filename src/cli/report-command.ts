/**
 * `bsm-trail report -o report.html [--config DIR] [--what-if FLAGS ...]
 * [stats' options] [file|dir ...]`: the HTML report of a trail's volume
 * (`renderReport` of `trailStats`), one self-contained file. Without
 * `--what-if` it compares the default candidates (the guide's `lo,aa` and
 * `lo,ad,na`, `--config`'s own flags, mSCP `cis_lvl2`'s); with `--config`
 * it adds the configuration's findings (`lintAuditConfig`).
 *
 * @module
 */

import { writeFileSync } from "node:fs";
import { lintAuditConfig } from "../config/lint";
import { ioErrorOf } from "../io/io-error";
import { renderReport } from "../report/render-report";
import { candidateNotes, defaultCandidates } from "../report/what-if-candidates";
import { optionValue } from "./json-command";
import { parseSelectionArgs } from "./reduce-command";
import { runStats, STATS_RUN_LONG, statsRunOf } from "./stats-args";
import { UsageError } from "./usage";

/** Usage of `bsm-trail report`. */
export const REPORT_USAGE = `usage: bsm-trail report -o report.html [--config DIR] [--what-if FLAGS]... [--title TEXT]
                        [--naflags FLAGS] [--disk SIZE] [--passwd FILE] [--utc | --tz ZONE]
                        [reduce's options but -o] [--merge] [file|dir ...]

One self-contained HTML file (no network: scripts, styles and data inline) with
charts of a trail's volume: over time by class, failures over time, top events,
users and executables, by hour of day, the what-if comparison of candidate flags,
and with --config the configuration's findings. Standard input when no file is named.

  -o FILE           the HTML file to write (- for standard output)
  --config DIR      the audit configuration the trail was recorded under: its classes,
                    events, audit_user, filesz/expire-after/minfree, and its findings
  --what-if FLAGS   a candidate audit_control flags line (repeatable); default: lo,aa,
                    lo,ad,na, --config's flags, and mSCP cis_lvl2's flags
  --title TEXT      the page's title (default "Audit trail volume")
  --naflags, --disk, --passwd, --utc, --tz, --events, --apple-events, --merge, --strict,
  --progress and reduce's selection: as for bsm-trail stats (bsm-trail stats -h).

exit status: 0 success, 1 damage reported, a file unreadable or the report unwritable,
2 usage error.
`;

/** The long options `report` adds to reduce's and the shared stats ones. */
const REPORT_LONG = { ...STATS_RUN_LONG, title: true };

/** An input's name as the report lists it. */
function inputName(file: string): string {
  return file === "-" || file === "/dev/stdin" ? "(standard input)" : file;
}

/** Runs `bsm-trail report` with its arguments; resolves to the exit status. */
export async function reportCommand(argv: string[]): Promise<number> {
  const args = parseSelectionArgs(argv, REPORT_LONG, false);
  if (args.help) {
    process.stdout.write(REPORT_USAGE);
    return 0;
  }
  const out = optionValue(args, "o");
  if (out === undefined || out === "") throw new UsageError("report needs -o FILE");
  if ((args.given.get("o")?.length ?? 0) > 1) throw new UsageError("-o given more than once");
  const run = statsRunOf(args);
  const whatIf = run.whatIf.length > 0 ? run.whatIf : defaultCandidates(run.config);
  const { stats, status } = await runStats(args, run, whatIf);
  if (stats === undefined) return status;
  const html = renderReport(stats, {
    title: optionValue(args, "title"),
    inputs: args.files.map(inputName),
    findings: run.config === undefined ? undefined : lintAuditConfig(run.config),
    configDir: run.configDir,
    candidateNotes: candidateNotes(whatIf, run.config),
  });
  if (out === "-") {
    process.stdout.write(html);
    return status;
  }
  try {
    writeFileSync(out, html);
  } catch (e) {
    process.stderr.write(`bsm-trail: ${ioErrorOf(out, "cannot write report", e).message}\n`);
    return 1;
  }
  return status;
}

/**
 * The candidates `bsm-trail report` compares when no `--what-if` is given:
 * the guide's two `flags` lines, the configuration in use (with
 * `--config`), and the flags an mSCP baseline requires (`cis_lvl2`).
 *
 * @module
 */

import type { AuditConfig } from "../config/load";
import { MSCP_BASELINES, MSCP_RULES } from "../config/profiles";

/**
 * The guide's candidates: `lo,aa` (the `flags` line of the guide's
 * audit_control, also audit_control(5)'s example) and `lo,ad,na` (what the
 * guide calls "a great starting set of classes", warning that `na` is a lot).
 */
export const GUIDE_CANDIDATES: readonly string[] = Object.freeze(["lo,aa", "lo,ad,na"]);

/** The mSCP baseline whose flags are a default candidate. */
export const BASELINE_CANDIDATE = "cis_lvl2";

/**
 * The `flags` line an mSCP baseline requires: every item of its flags rules
 * (`lo`, `aa`, `-fr`...), in the baseline's order, each once.
 *
 * @param profile - a baseline name (`cis_lvl2`)
 * @returns the flags line (`fm,ad,-ex,aa,-fr,lo,-fw` for `cis_lvl2`)
 * @throws RangeError for an unknown baseline name
 */
export function baselineFlags(profile: string): string {
  const baseline = MSCP_BASELINES[profile];
  if (baseline === undefined) throw new RangeError(`unknown profile: ${profile}`);
  const items: string[] = [];
  for (const id of baseline.rules) {
    const check = MSCP_RULES[id]?.check;
    if (check?.kind !== "flags") continue;
    for (const item of check.items) if (!items.includes(item)) items.push(item);
  }
  return items.join(",");
}

/**
 * The configuration's own `flags` line (as written), or undefined when it
 * has none.
 */
export function configFlags(config: AuditConfig): string | undefined {
  const flags = config.control.flags?.value;
  if (flags === undefined || flags.length === 0) return undefined;
  return flags.map((f) => f.text).join(",");
}

/**
 * The default what-if candidates: the guide's, the configuration's `flags`
 * (when a configuration is given and has one) and {@link BASELINE_CANDIDATE}'s,
 * each once, in that order.
 *
 * @param config - the configuration in use (`--config`), if any
 */
export function defaultCandidates(config?: AuditConfig): string[] {
  const out = [...GUIDE_CANDIDATES];
  const own = config === undefined ? undefined : configFlags(config);
  for (const c of [own, baselineFlags(BASELINE_CANDIDATE)]) {
    if (c !== undefined && !out.includes(c)) out.push(c);
  }
  return out;
}

/**
 * Where each candidate comes from, for the report's what-if table: `the
 * guide's`, `the configuration in use`, `mSCP cis_lvl2` (several joined
 * with `; ` when one line is more than one of them).
 *
 * @param candidates - the candidate flags lines
 * @param config - the configuration in use (`--config`), if any
 * @returns a note per candidate that is one of those; others are left out
 */
export function candidateNotes(
  candidates: readonly string[],
  config?: AuditConfig,
): Record<string, string> {
  const own = config === undefined ? undefined : configFlags(config);
  const baseline = baselineFlags(BASELINE_CANDIDATE);
  const notes: Record<string, string> = {};
  for (const c of candidates) {
    const why: string[] = [];
    if (GUIDE_CANDIDATES.includes(c)) why.push("the guide's");
    if (c === own) why.push("the configuration in use");
    if (c === baseline) why.push(`mSCP ${BASELINE_CANDIDATE}`);
    if (why.length > 0) notes[c] = why.join("; ");
  }
  return notes;
}

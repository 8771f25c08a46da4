/**
 * A finding of `bsm-trail config check`: one problem, where it is, how bad
 * it is, the rule that found it and what to write instead. The lint
 * (`lint.ts`) and the mSCP profiles (`profiles.ts`) both produce them; the
 * `--json` output is an array of them, as they are.
 *
 * @module
 */

/** How bad a finding is: `error` makes `config check` exit 1. */
export type Severity = "error" | "warning" | "info";

/** One problem found in a configuration. */
export interface ConfigFinding {
  /** The file (path as given). */
  file: string;
  /** 1-based line; 0 when the finding is about the file as a whole (missing, unreadable, a key it lacks). */
  line: number;
  /** `error`, `warning` or `info`. */
  severity: Severity;
  /** The rule: a lint rule id (`unknown-key`), or an mSCP rule id (`audit_flags_lo_configure`). */
  rule: string;
  /** What is wrong, and what to write instead. */
  message: string;
}

const ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Sorts findings by file, then line, then severity (errors first), then
 * rule: the order `config check` prints them in.
 *
 * @param findings - the findings (sorted in place)
 * @returns the same array
 */
export function sortFindings(findings: ConfigFinding[]): ConfigFinding[] {
  return findings.sort(
    (a, b) =>
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      ORDER[a.severity] - ORDER[b.severity] ||
      (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/**
 * The text `bsm-trail config` prints: findings (`config check`), and the
 * answers of `config explain` (one event, one user's class table, or the
 * overview of every mask).
 *
 * @module
 */

import type { AuditFlag } from "../tables/audit-flags";
import type { ConfigFinding } from "./finding";
import type { AuditConfig } from "./load";
import {
  AU_DEFAUDITID,
  classTable,
  type PreselectReason,
  type PreselectResult,
  preselect,
} from "./preselect";

/**
 * Findings as lines `file:line: severity: message [rule]` (no `:line` for
 * a finding about the whole file), then a count.
 *
 * @param findings - sorted findings
 */
export function formatFindings(findings: readonly ConfigFinding[]): string {
  let out = "";
  for (const f of findings) {
    out += `${f.file}${f.line > 0 ? `:${f.line}` : ""}: ${f.severity}: ${f.message} [${f.rule}]\n`;
  }
  const n = (s: string) => findings.filter((f) => f.severity === s).length;
  const plural = (k: number, w: string) => `${k} ${w}${k === 1 ? "" : "s"}`;
  out += `${plural(n("error"), "error")}, ${plural(n("warning"), "warning")}, ${plural(n("info"), "note")}\n`;
  return out;
}

function base(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}

function why(r: PreselectReason): string {
  if (r.source === "none") return `no setting selects ${r.className}`;
  const where = `${base(r.file ?? "")}:${r.line}`;
  const label =
    r.source === "always"
      ? "audit_user always"
      : r.source === "never"
        ? "audit_user never"
        : r.source;
  return `${label} '${r.item}' (${where})`;
}

function list(items: readonly AuditFlag[] | undefined): string {
  return items === undefined
    ? "(not set)"
    : items.length === 0
      ? "(empty)"
      : items.map((f) => f.text).join(",");
}

function whoText(result: { user?: string; auid?: number; nonAttributable: boolean }): string {
  if (result.nonAttributable) return "a non-attributable process (auid -1)";
  const parts = [result.user, result.auid === undefined ? undefined : `uid ${result.auid}`];
  return `user ${parts.filter((p) => p !== undefined).join(", ")}`;
}

function maskSource(
  config: AuditConfig,
  r: {
    nonAttributable: boolean;
    userEntry?: { line: number; alwaysText: string; neverText: string };
  },
): string {
  const c = config.control;
  if (r.nonAttributable)
    return `naflags ${list(c.naflags?.value)} (audit_control:${c.naflags?.line ?? "-"})`;
  const flags = `flags ${list(c.flags?.value)} (audit_control:${c.flags?.line ?? "-"})`;
  const u = r.userEntry;
  if (u === undefined) return `${flags}; no audit_user line`;
  return `${flags}; audit_user:${u.line} always ${u.alwaysText}, never ${u.neverText}`;
}

function answer(r: PreselectResult, outcome: string): string {
  const verdict = r.audited ? "AUDITED" : "not audited";
  if (r.eventClasses === 0) {
    return `  ${outcome}: ${verdict}: the event's class mask is 0 (no class, or one audit_class lacks)\n`;
  }
  let out = `  ${outcome}: ${verdict}\n`;
  for (const reason of r.reasons) {
    out += `    ${reason.className.padEnd(4)} ${reason.audited ? "selected" : "not selected"}: ${why(reason)}\n`;
  }
  return out;
}

/**
 * Explains one event for one audit user (or, without one, for a user
 * without an audit_user line and for a non-attributable process): is a
 * success audited, is a failure, and which setting decided each class.
 *
 * @param config - the configuration
 * @param event - event name or number
 * @param auid - uid, login name, -1 for non-attributable; `undefined` for both defaults
 * @throws RangeError for an event name audit_event lacks
 */
export function formatEventExplanation(
  config: AuditConfig,
  event: number | string,
  auid: number | string | undefined,
): string {
  // "" names no user: the masks of a user without an audit_user line.
  const whos: (number | string)[] = auid === undefined ? ["", AU_DEFAUDITID] : [auid];
  let out = "";
  for (const who of whos) {
    const ok = preselect(config, { event, auid: who, success: true });
    const fail = preselect(config, { event, auid: who, success: false });
    const entry = config.table.get(ok.event);
    const name =
      entry === undefined
        ? `event ${ok.event} (not in audit_event)`
        : `${entry.name} (${ok.event}, ${entry.description})`;
    const classes =
      config.table
        .classesOf(ok.event)
        .map((c) => c.name)
        .join(",") || "none";
    const subject = who === "" ? "a user without an audit_user line" : whoText(ok);
    out += `${name}, classes ${classes}, by ${subject}\n`;
    out += `  mask: ${maskSource(config, ok)}\n`;
    out += answer(ok, "success");
    out += answer(fail, "failure");
  }
  return out;
}

/**
 * The table of classes audited for one audit user (or, without one, for
 * a user without an audit_user line): per class, success and failure, and
 * the setting that decided each.
 *
 * @param config - the configuration
 * @param auid - uid, login name or -1; `undefined` for a user without an audit_user line
 */
export function formatUserExplanation(
  config: AuditConfig,
  auid: number | string | undefined,
): string {
  const t = classTable(config, auid ?? "");
  const subject = auid === undefined ? "a user without an audit_user line" : whoText(t);
  let out = `classes audited for ${subject}\n  mask: ${maskSource(config, t)}\n`;
  const rows = t.rows;
  const w = Math.max(5, ...rows.map((r) => r.success.className.length));
  out += `  ${"class".padEnd(w)}  success  failure  decided by\n`;
  for (const r of rows) {
    const s = r.success;
    const f = r.failure;
    const decided = why(s) === why(f) ? why(s) : `success: ${why(s)}; failure: ${why(f)}`;
    out += `  ${s.className.padEnd(w)}  ${(s.audited ? "yes" : "no").padEnd(7)}  ${(f.audited ? "yes" : "no").padEnd(7)}  ${decided}\n`;
  }
  return out;
}

/**
 * The overview `config explain` prints without `--user` or `--event`: every
 * class, whether successes (S) and failures (F) are audited for users
 * without an audit_user line (flags), for non-attributable processes
 * (naflags), and for each user of audit_user.
 *
 * @param config - the configuration
 */
export function formatOverview(config: AuditConfig): string {
  const c = config.control;
  const columns: { title: string; auid: number | string }[] = [
    { title: "flags", auid: "" },
    { title: "naflags", auid: AU_DEFAUDITID },
  ];
  const seen = new Set<string>();
  for (const u of config.users.entries) {
    if (!seen.has(u.name)) columns.push({ title: u.name, auid: u.name });
    seen.add(u.name);
  }
  const tables = columns.map((col) => classTable(config, col.auid).rows);
  const classes = config.table.classes.filter((k) => k.mask !== 0 && k.mask !== 0xffffffff);
  const wName = Math.max(5, ...classes.map((k) => k.name.length));
  const wDesc = Math.max(11, ...classes.map((k) => k.description.length));
  const widths = columns.map((col) => Math.max(3, col.title.length));
  let out = `flags:   ${list(c.flags?.value)} (audit_control:${c.flags?.line ?? "-"})\n`;
  out += `naflags: ${list(c.naflags?.value)} (audit_control:${c.naflags?.line ?? "-"})\n`;
  for (const u of config.users.entries) {
    out += `audit_user:${u.line}: ${u.name} always ${u.alwaysText}, never ${u.neverText}\n`;
  }
  out += `\n${"class".padEnd(wName)}  ${"description".padEnd(wDesc)}  ${columns.map((col, i) => col.title.padEnd(widths[i])).join("  ")}\n`;
  classes.forEach((k, row) => {
    const cells = tables.map((t, i) => {
      const r = t[row];
      const cell = `${r.success.audited ? "S" : "-"}${r.failure.audited ? "F" : "-"}`;
      return cell.padEnd(widths[i]);
    });
    out +=
      `${k.name.padEnd(wName)}  ${k.description.padEnd(wDesc)}  ${cells.join("  ")}`.trimEnd() +
      "\n";
  });
  out += "\nS: successes audited, F: failures audited, -: not audited.\n";
  return out;
}

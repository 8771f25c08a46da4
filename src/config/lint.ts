/**
 * The lint of `bsm-trail config check`: every problem of an audit
 * configuration, with its file, line, severity, rule id and what to write
 * instead. {@link LINT_RULES} lists the rules; each is a function of the
 * parsed configuration below.
 *
 * Severity: `error` where auditd or libbsm rejects or ignores what is
 * written (the configuration does not do what it says), `warning` where it
 * works but is risky (volume, halting, silent loss), `info` for what is
 * worth knowing (defaults in force, files not found but not needed).
 *
 * @module
 */

import { type AuditFlag, resolveAuditFlags } from "../tables/audit-flags";
import type { ControlSetting } from "./audit-control";
import { AUDIT_CONTROL_KEYS } from "./audit-control";
import { shown } from "./control-values";
import type { ConfigFinding, Severity } from "./finding";
import { sortFindings } from "./finding";
import type { AuditConfig } from "./load";
import { checkProfile, type MSCP_BASELINES } from "./profiles";

/**
 * Smallest non-zero `filesz` auditd accepts: 512 KiB (`MIN_AUDIT_FILE_SIZE`
 * in OpenBSM's libbsm.h; audit_control(5): "the minimum trail size (default
 * of 512K)").
 */
export const MIN_AUDIT_FILE_SIZE = 512 * 1024;

/** Every lint rule: its id, its severity, and what it finds. */
export const LINT_RULES: Readonly<Record<string, { severity: Severity; summary: string }>> =
  Object.freeze({
    "file-missing": {
      severity: "error",
      summary:
        "audit_control is missing (error); audit_class or audit_event missing (warning: the bundled macOS table is used); audit_user missing (info)",
    },
    "file-unreadable": {
      severity: "error",
      summary: "a file cannot be read, or is over the size limit",
    },
    "file-binary": { severity: "error", summary: "a file is not text (holds a NUL byte)" },
    "malformed-line": { severity: "warning", summary: "an audit_control line without ':'" },
    "unknown-key": { severity: "warning", summary: "an audit_control key libbsm does not read" },
    "duplicate-key": { severity: "warning", summary: "a key given twice: libbsm reads the first" },
    "missing-dir": { severity: "error", summary: "no dir: auditd has nowhere to write" },
    "empty-flags": {
      severity: "warning",
      summary: "flags missing or empty: nothing audited for users",
    },
    "empty-naflags": {
      severity: "warning",
      summary: "naflags empty: OpenBSM's parser fails on it",
    },
    "unknown-class": {
      severity: "error",
      summary: "a mask (flags, naflags, audit_user) names a class audit_class lacks",
    },
    "na-in-flags": { severity: "warning", summary: "na in flags: the guide's warning on volume" },
    "volume-all": {
      severity: "warning",
      summary: "all in a mask: every class, a flood of records",
    },
    "volume-arge": { severity: "warning", summary: "arge in policy: every exec's environment" },
    "ahlt-without-cnt": {
      severity: "warning",
      summary: "ahlt without cnt: the host halts when the audit disk fills",
    },
    "malformed-policy": { severity: "error", summary: "a policy word libbsm does not know" },
    "malformed-size": { severity: "error", summary: "filesz is not a size" },
    "filesz-too-small": { severity: "error", summary: "filesz below the 512K minimum" },
    "filesz-no-rotation": { severity: "warning", summary: "filesz 0: trails never rotate by size" },
    "malformed-expire-after": {
      severity: "error",
      summary: "expire-after is not an age/size condition",
    },
    "no-expire-after": {
      severity: "info",
      summary: "no expire-after: trail files are never removed",
    },
    "malformed-minfree": { severity: "error", summary: "minfree is not a whole number" },
    "minfree-range": { severity: "error", summary: "minfree outside 0-100" },
    "malformed-value": { severity: "error", summary: "dir, dist or qsize value not readable" },
    "leading-space": {
      severity: "warning",
      summary: "a value starting with white space that libbsm does not trim",
    },
    "carriage-return": { severity: "warning", summary: "a line ending in a carriage return" },
    "malformed-user-line": { severity: "error", summary: "an audit_user line libbsm skips" },
    "duplicate-user": { severity: "warning", summary: "a user named twice: libbsm uses the first" },
    "unknown-user": {
      severity: "warning",
      summary: "an audit_user name absent from the passwd file",
    },
    "table-line": {
      severity: "warning",
      summary: "an audit_class/audit_event line libbsm skips or misreads",
    },
    "event-unknown-class": {
      severity: "warning",
      summary: "an event whose class list names an unknown class: never audited",
    },
  });

/** Options of {@link lintAuditConfig}. */
export interface LintOptions {
  /** Rule ids to leave out. Default none. */
  disable: readonly string[];
  /**
   * Also check an mSCP baseline by its mSCP name (`cis_lvl1`, `cis_lvl2`,
   * `800-53r5_moderate`, `stig`...: {@link MSCP_BASELINES}); its findings
   * name mSCP rule ids. Default none.
   */
  profile: string;
  /** The uid the baseline's owner rules require. Default 0 (root). */
  owner: number;
  /** The gid the baseline's group rules require. Default 0 (wheel). */
  group: number;
}

/**
 * Checks a configuration against every rule of {@link LINT_RULES}, and
 * with `profile` against an mSCP baseline.
 *
 * @param config - the configuration (`loadAuditConfig`)
 * @param options - see {@link LintOptions}
 * @returns the findings, sorted by file and line
 * @throws RangeError for an unknown profile name
 */
export function lintAuditConfig(
  config: AuditConfig,
  options?: Readonly<Partial<LintOptions>>,
): ConfigFinding[] {
  const out: ConfigFinding[] = [];
  const add = (file: string, line: number, rule: string, message: string, severity?: Severity) => {
    out.push({ file, line, severity: severity ?? LINT_RULES[rule].severity, rule, message });
  };
  lintFiles(config, add);
  lintControl(config, add);
  lintMasks(config, add);
  lintUsers(config, add);
  lintTables(config, add);
  if (options?.profile !== undefined) {
    out.push(
      ...checkProfile(config, options.profile, { owner: options.owner, group: options.group }),
    );
  }
  const disabled = new Set(options?.disable ?? []);
  return sortFindings(out.filter((f) => !disabled.has(f.rule)));
}

type Add = (file: string, line: number, rule: string, message: string, severity?: Severity) => void;

function lintFiles(config: AuditConfig, add: Add): void {
  for (const p of config.problems) {
    if (p.kind === "binary")
      add(p.path, 0, "file-binary", `${p.message}: it is not an ${p.file} file`);
    else if (p.kind === "unreadable") add(p.path, 0, "file-unreadable", p.message);
    else if (p.file === "audit_control") {
      add(
        p.path,
        0,
        "file-missing",
        "no audit_control: auditd has no directory, flags or policy; write one (dir:/var/audit, flags:lo,aa, naflags:lo,aa, policy:cnt,argv, filesz:2M, expire-after:10M)",
      );
    } else if (p.file === "audit_user") {
      add(p.path, 0, "file-missing", "no audit_user: every user is audited by flags alone", "info");
    } else {
      add(
        p.path,
        0,
        "file-missing",
        `no ${p.file}: auditd cannot map events to classes; checked against the bundled macOS ${p.file} instead`,
        "warning",
      );
    }
  }
}

/** Edit distance, for "did you mean". */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(
        d[i - 1][j] + 1,
        d[i][j - 1] + 1,
        d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
  }
  return d[a.length][b.length];
}

function suggestKey(key: string): string {
  const k = key.trim().toLowerCase();
  let best = "";
  let bestD = Number.POSITIVE_INFINITY;
  for (const known of Object.keys(AUDIT_CONTROL_KEYS)) {
    const dd = distance(k, known);
    if (dd < bestD) {
      best = known;
      bestD = dd;
    }
  }
  // Two edits (a typo, a swapped or missing letter), or a third of a long key's letters
  // (expire_after, superuser-set-sflag-mask); beyond that the guess is noise.
  return bestD <= Math.max(2, Math.floor(best.length / 3)) ? `: did you mean '${best}:'?` : "";
}

function lintControl(config: AuditConfig, add: Add): void {
  const c = config.control;
  const file = config.paths.audit_control;
  if (config.problems.some((p) => p.file === "audit_control")) return;
  for (const u of c.unknown) {
    add(
      file,
      u.line,
      "malformed-line",
      `'${u.text}' is not key:value; libbsm ignores it (write a key:value line, or start it with # for a comment)`,
    );
  }
  const first = new Map<string, number>();
  for (const e of c.entries) {
    if (e.text.endsWith("\r")) {
      add(
        file,
        e.line,
        "carriage-return",
        `line ends with a carriage return, which libbsm keeps in the value ('${shown(e.value)}': a class, policy word or path that matches nothing): save the file with Unix line endings`,
      );
    }
    if (!(e.key in AUDIT_CONTROL_KEYS)) {
      add(
        file,
        e.line,
        "unknown-key",
        `unknown key '${e.key}'; libbsm ignores the line${suggestKey(e.key)}`,
      );
      continue;
    }
    if (e.key !== "dir") {
      const prev = first.get(e.key);
      if (prev !== undefined) {
        add(
          file,
          e.line,
          "duplicate-key",
          `'${e.key}' is already set on line ${prev}; libbsm reads that one and ignores this: merge them into one line`,
        );
      } else first.set(e.key, e.line);
    }
    if (["flags", "naflags", "policy", "host"].includes(e.key) && /^[ \t]/.test(e.value)) {
      add(
        file,
        e.line,
        "leading-space",
        `the value of '${e.key}' starts with white space, which libbsm keeps ('${shown(e.value)}' names nothing it knows): write ${e.key}:${e.value.trim()}`,
      );
    }
  }
  if (!c.dirs.some((d) => d.value !== undefined)) {
    add(file, 0, "missing-dir", "no dir: auditd has nowhere to write trails; add dir:/var/audit");
  }
  for (const d of c.dirs) if (d.error) add(file, d.line, "malformed-value", d.error);
  for (const s of [c.dist, c.qsize]) if (s?.error) add(file, s.line, "malformed-value", s.error);
  if (c.flags === undefined) {
    add(
      file,
      0,
      "empty-flags",
      "no flags: no class is audited for users (beyond audit_user's always masks); add flags:lo,aa",
    );
  } else if (c.flags.value?.length === 0) {
    add(
      file,
      c.flags.line,
      "empty-flags",
      "flags is empty: no class is audited for users (beyond audit_user's always masks); write flags:lo,aa",
    );
  }
  if (c.naflags !== undefined && c.naflags.value?.length === 0) {
    add(
      file,
      c.naflags.line,
      "empty-naflags",
      "naflags is empty: OpenBSM's auditd fails to parse it (openbsm#6); write naflags:no to audit no non-attributable event, or naflags:lo,aa",
    );
  }
  lintPolicy(file, c.policy, add);
  const fs = c.filesz;
  if (fs?.error) add(file, fs.line, "malformed-size", fs.error);
  else if (fs?.value === 0) {
    add(
      file,
      fs.line,
      "filesz-no-rotation",
      "filesz 0: trail files are never rotated by size and grow until auditd is told to rotate; write filesz:2M (or larger)",
    );
  } else if (fs?.value !== undefined && fs.value < MIN_AUDIT_FILE_SIZE) {
    add(
      file,
      fs.line,
      "filesz-too-small",
      `filesz ${fs.text} is ${fs.value} bytes, below the minimum of 512K (${MIN_AUDIT_FILE_SIZE}): auditd rejects it; write filesz:512K or more (2M)`,
    );
  }
  const ex = c.expireAfter;
  if (ex?.error) add(file, ex.line, "malformed-expire-after", ex.error);
  else if (ex === undefined) {
    add(
      file,
      0,
      "no-expire-after",
      "no expire-after: trail files are never removed, and fill the disk down to minfree; add expire-after:60d OR 1G (or what your retention requires)",
    );
  }
  const mf = c.minfree;
  if (mf?.error) add(file, mf.line, "malformed-minfree", mf.error);
  else if (mf?.value !== undefined && mf.value > 100) {
    add(
      file,
      mf.line,
      "minfree-range",
      `minfree ${mf.value} is not a percentage: write a number from 0 to 100 (20)`,
    );
  }
}

function lintPolicy(file: string, policy: ControlSetting<string[]> | undefined, add: Add): void {
  if (policy === undefined) return;
  if (policy.error) {
    add(file, policy.line, "malformed-policy", policy.error);
    return;
  }
  const words = policy.value ?? [];
  if (words.includes("ahlt") && !words.includes("cnt")) {
    add(
      file,
      policy.line,
      "ahlt-without-cnt",
      "policy has ahlt without cnt: when the audit disk fills the host halts (audit_control(5) recommends cnt, not ahlt); write policy:cnt,argv unless halting is intended",
    );
  }
  if (words.includes("arge")) {
    add(
      file,
      policy.line,
      "volume-arge",
      "policy has arge: every execve records its environment, a large volume that may hold secrets; write policy:cnt,argv",
    );
  }
}

function flagsList(items: readonly AuditFlag[]): string {
  return items.map((f) => f.text).join(",");
}

function lintMasks(config: AuditConfig, add: Add): void {
  const c = config.control;
  const file = config.paths.audit_control;
  const known = config.table.classes.map((k) => k.name).join(", ");
  for (const s of [c.flags, c.naflags]) {
    if (s?.value === undefined) continue;
    const r = resolveAuditFlags(flagsList(s.value), config.table);
    for (const u of r.unknown) {
      add(
        file,
        s.line,
        "unknown-class",
        `${s.key} names the class '${shown(u.name)}' (in '${shown(u.text)}'), which audit_class lacks: libbsm rejects the whole list and ${s.key === "flags" ? "no class is audited for users" : "no non-attributable event is audited"}; use one of ${known}`,
      );
    }
    if (s.value.some((f) => f.name === "all" && !f.remove)) {
      add(
        file,
        s.line,
        "volume-all",
        `${s.key} has '${s.value.find((f) => f.name === "all" && !f.remove)?.text}': every class of every event, a flood that fills the disk; name the classes you need (lo,aa,ad,-ex)`,
      );
    }
  }
  if (c.flags?.value?.some((f) => f.name === "na" && !f.remove)) {
    add(
      file,
      c.flags.line,
      "na-in-flags",
      "flags has na: a LOT of non-attributable events happen (the guide's warning); non-attributable records are selected by naflags, so remove na from flags unless you mean it",
    );
  }
}

function lintUsers(config: AuditConfig, add: Add): void {
  const file = config.paths.audit_user;
  const users = config.users;
  const known = config.table.classes.map((k) => k.name).join(", ");
  for (const i of users.issues)
    add(file, i.line, "malformed-user-line", `${i.message}; libbsm skips the line`);
  const seen = new Map<string, number>();
  for (const u of users.entries) {
    const prev = seen.get(u.name);
    if (prev !== undefined) {
      add(
        file,
        u.line,
        "duplicate-user",
        `'${u.name}' is already on line ${prev}; libbsm uses that line and ignores this one: merge them`,
      );
    } else seen.set(u.name, u.line);
    for (const [what, text] of [
      ["always", u.alwaysText],
      ["never", u.neverText],
    ] as const) {
      for (const bad of resolveAuditFlags(text, config.table).unknown) {
        add(
          file,
          u.line,
          "unknown-class",
          `the ${what} mask of '${u.name}' names the class '${bad.name}', which audit_class lacks: libbsm skips the whole line and '${u.name}' is audited by flags alone; use one of ${known}`,
        );
      }
      if (what === "always" && u.always.some((f) => f.name === "all" && !f.remove)) {
        add(
          file,
          u.line,
          "volume-all",
          `the always mask of '${u.name}' has all: every class of every event of this user, a flood; name the classes you need`,
        );
      }
    }
    if (config.passwd !== undefined && ![...config.passwd.values()].includes(u.name)) {
      add(
        file,
        u.line,
        "unknown-user",
        `'${u.name}' is not in ${config.passwdPath ?? "the passwd file"}: the line applies to no one (check the spelling)`,
      );
    }
  }
}

function lintTables(config: AuditConfig, add: Add): void {
  for (const [tf, path] of [
    [config.classes, config.paths.audit_class],
    [config.events, config.paths.audit_event],
  ] as const) {
    for (const i of tf.issues) {
      add(path, i.line, "table-line", i.message, i.action === "skipped" ? "warning" : "info");
    }
  }
  const file = config.paths.audit_event;
  const { entries, lines } = config.events;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const r = resolveAuditFlags(e.classes, config.table);
    if (r.unknown.length === 0) continue;
    const names = r.unknown.map((u) => `'${u.name}'`).join(", ");
    add(
      file,
      lines[i],
      "event-unknown-class",
      `${e.name} (${e.number}) names the class ${names}, which audit_class lacks: its class mask is 0 and it is never audited; add the class to audit_class or use a known one`,
    );
  }
}

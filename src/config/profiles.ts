/**
 * Baselines of the NIST macOS Security Compliance Project (mSCP,
 * usnistgov/macos_security): its audit rules (`rules/audit/*.yaml`) as
 * data, the baselines that include them (named as mSCP names them), and a
 * check of a configuration against one. Each finding names the mSCP rule.
 *
 * Facts taken from mSCP (rule ids, what each rule requires, which
 * baselines include it, the organisation-defined values of
 * `audit_retention_configure`); the checks are this project's own and
 * semantic where mSCP's are substring greps: a flags rule passes when the
 * class is in the effective success/failure mask (so `all` satisfies it,
 * and `lo,^lo` does not), not when the letters appear on the line.
 *
 * Rules that are not about the configuration files (`audit_auditd_enabled`,
 * `audit_settings_failure_notify`) or need ACLs (`audit_acls_*`) are
 * reported as `info`, not checked. Owner, group and mode rules are checked
 * only when the configuration was read from a real directory.
 *
 * @module
 */

import { lstatSync, readdirSync, statSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { resolveAuditFlags, splitAuditFlags } from "../tables/audit-flags";
import { formatAge } from "./control-values";
import type { ConfigFinding } from "./finding";
import { sortFindings } from "./finding";
import type { AuditConfig } from "./load";

/** What an mSCP rule checks. */
export type MscpCheck =
  /** Every item (`lo`: success and failure, `-ex`: failure, `+x`: success) is in the flags masks. */
  | { kind: "flags"; items: readonly string[] }
  /** `minfree` is at least this percentage. */
  | { kind: "minfree"; atLeast: number }
  /** `expire-after` keeps files at least the baseline's retention age. */
  | { kind: "retention" }
  /** `policy` has this word. */
  | { kind: "policy"; word: string }
  /** A file or folder belongs to uid 0 / gid 0, or has no permission bit beyond `mode`. */
  | {
      kind: "owner" | "group" | "mode";
      target: "audit_control" | "log folder" | "log files";
      mode?: number;
    }
  /** Not checked from the configuration files; `why` says what it needs. */
  | { kind: "manual"; why: string };

/** An mSCP audit rule: its title (as mSCP words it) and its check. */
export interface MscpRule {
  /** mSCP's title. */
  title: string;
  /** The check. */
  check: MscpCheck;
}

/** The mSCP audit rules, by id (rules/audit/*.yaml). */
export const MSCP_RULES: Readonly<Record<string, MscpRule>> = Object.freeze({
  audit_flags_lo_configure: {
    title: "Configure System to Audit All Log In and Log Out Events",
    check: { kind: "flags", items: ["lo"] },
  },
  audit_flags_aa_configure: {
    title: "Configure System to Audit All Authorization and Authentication Events",
    check: { kind: "flags", items: ["aa"] },
  },
  audit_flags_ad_configure: {
    title: "Configure System to Audit All Administrative Action Events",
    check: { kind: "flags", items: ["ad"] },
  },
  audit_flags_ex_configure: {
    title: "Configure System to Audit All Failed Program Execution on the System",
    check: { kind: "flags", items: ["-ex"] },
  },
  audit_flags_fr_configure: {
    title: "Configure System to Audit All Failed Read Actions on the System",
    check: { kind: "flags", items: ["-fr"] },
  },
  audit_flags_fw_configure: {
    title: "Configure System to Audit All Failed Write Actions on the System",
    check: { kind: "flags", items: ["-fw"] },
  },
  audit_flags_fd_configure: {
    title: "Configure System to Audit All Deletions of Object Attributes",
    check: { kind: "flags", items: ["-fd"] },
  },
  audit_flags_fm_configure: {
    title: "Configure System to Audit All Changes of Object Attributes",
    check: { kind: "flags", items: ["fm"] },
  },
  audit_flags_fm_failed_configure: {
    title: "Configure System to Audit All Failed Change of Object Attributes",
    check: { kind: "flags", items: ["-fm"] },
  },
  audit_flags_configure: {
    title: "Configure Audit Flags",
    check: { kind: "flags", items: ["fm", "ad", "-ex", "aa", "-fr", "lo", "-fw"] },
  },
  audit_configure_capacity_notify: {
    title: "Configure Audit Capacity Warning",
    check: { kind: "minfree", atLeast: 25 },
  },
  audit_retention_configure: {
    title: "Configure Audit Retention",
    check: { kind: "retention" },
  },
  audit_failure_halt: {
    title: "Configure System to Shut Down Upon Audit Failure",
    check: { kind: "policy", word: "ahlt" },
  },
  audit_control_owner_configure: {
    title: "Configure Audit_Control Owner to Root",
    check: { kind: "owner", target: "audit_control" },
  },
  audit_control_group_configure: {
    title: "Configure Audit_Control Group to Wheel",
    check: { kind: "group", target: "audit_control" },
  },
  audit_control_mode_configure: {
    title: "Configure Audit_Control Owner to Mode 440 or Less Permissive",
    check: { kind: "mode", target: "audit_control", mode: 0o440 },
  },
  audit_files_owner_configure: {
    title: "Configure Audit Log Files to be Owned by Root",
    check: { kind: "owner", target: "log files" },
  },
  audit_files_group_configure: {
    title: "Configure Audit Log Files Group to Wheel",
    check: { kind: "group", target: "log files" },
  },
  audit_files_mode_configure: {
    title: "Configure Audit Log Files to Mode 440 or Less Permissive",
    check: { kind: "mode", target: "log files", mode: 0o440 },
  },
  audit_folder_owner_configure: {
    title: "Configure Audit Log Folders to be Owned by Root",
    check: { kind: "owner", target: "log folder" },
  },
  audit_folder_group_configure: {
    title: "Configure Audit Log Folders Group to Wheel",
    check: { kind: "group", target: "log folder" },
  },
  audit_folders_mode_configure: {
    title: "Configure Audit Log Folders to Mode 700 or Less Permissive",
    check: { kind: "mode", target: "log folder", mode: 0o700 },
  },
  audit_acls_files_configure: {
    title: "Configure Audit Log Files to Not Contain Access Control Lists",
    check: { kind: "manual", why: "ACLs are not readable from here (ls -le)" },
  },
  audit_acls_folders_configure: {
    title: "Configure Audit Log Folder to Not Contain Access Control Lists",
    check: { kind: "manual", why: "ACLs are not readable from here (ls -lde)" },
  },
  audit_control_acls_configure: {
    title: "Configure Audit_Control to Not Contain Access Control Lists",
    check: { kind: "manual", why: "ACLs are not readable from here (ls -le)" },
  },
  audit_auditd_enabled: {
    title: "Enable Security Auditing",
    check: {
      kind: "manual",
      why: "whether auditd runs is launchd's state, not the configuration's",
    },
  },
  audit_settings_failure_notify: {
    title: "Configure Audit Failure Notification",
    check: { kind: "manual", why: "notification is syslog's configuration, not audit_control's" },
  },
});

/** A baseline: its mSCP audit rules and its retention age (`audit_retention_configure`'s value). */
export interface MscpBaseline {
  /** The rule ids, as the baseline lists them. */
  rules: readonly string[];
  /** The organisation-defined value of `audit_retention_configure` for this baseline (`30d`). */
  retention: string;
}

const PERMISSIONS = [
  "audit_files_group_configure",
  "audit_files_mode_configure",
  "audit_files_owner_configure",
  "audit_folder_group_configure",
  "audit_folder_owner_configure",
  "audit_folders_mode_configure",
];

const CIS_LVL1 = [
  "audit_acls_files_configure",
  "audit_acls_folders_configure",
  "audit_auditd_enabled",
  "audit_control_acls_configure",
  "audit_control_group_configure",
  "audit_control_mode_configure",
  "audit_control_owner_configure",
  ...PERMISSIONS,
  "audit_retention_configure",
];

const NIST_R5 = [
  "audit_acls_files_configure",
  "audit_acls_folders_configure",
  "audit_auditd_enabled",
  "audit_failure_halt",
  ...PERMISSIONS,
  "audit_flags_aa_configure",
  "audit_flags_ad_configure",
  "audit_flags_ex_configure",
  "audit_flags_fd_configure",
  "audit_flags_fm_failed_configure",
  "audit_flags_fr_configure",
  "audit_flags_fw_configure",
  "audit_flags_lo_configure",
  "audit_retention_configure",
];

/**
 * The mSCP baselines with audit rules, by mSCP's name (baselines/*.yaml;
 * `stig` is mSCP's name for the DISA STIG values). Retention values are
 * mSCP's: `cis_lvl1`/`cis_lvl2` 30d, `stig` 7d, the NIST baselines its
 * `recommended` 7d.
 */
export const MSCP_BASELINES: Readonly<Record<string, MscpBaseline>> = Object.freeze({
  cis_lvl1: { rules: CIS_LVL1, retention: "30d" },
  cis_lvl2: { rules: [...CIS_LVL1, "audit_flags_configure"], retention: "30d" },
  "800-53r5_low": { rules: NIST_R5, retention: "7d" },
  "800-53r5_moderate": { rules: NIST_R5, retention: "7d" },
  "800-53r5_high": { rules: [...NIST_R5, "audit_configure_capacity_notify"], retention: "7d" },
  stig: {
    rules: [
      "audit_acls_files_configure",
      "audit_acls_folders_configure",
      "audit_auditd_enabled",
      "audit_configure_capacity_notify",
      "audit_failure_halt",
      ...PERMISSIONS,
      "audit_flags_aa_configure",
      "audit_flags_ad_configure",
      "audit_flags_fm_configure",
      "audit_flags_fr_configure",
      "audit_flags_fw_configure",
      "audit_flags_lo_configure",
      "audit_retention_configure",
      "audit_settings_failure_notify",
    ],
    retention: "7d",
  },
});

/** Options of {@link checkProfile}. */
export interface ProfileOptions {
  /** The uid the owner rules require: default 0 (root). */
  owner: number;
  /** The gid the group rules require: default 0 (wheel on macOS). */
  group: number;
}

/**
 * Checks a configuration against an mSCP baseline: one `error` finding per
 * rule it fails, one `info` per rule not checked; nothing for a rule it
 * meets.
 *
 * @param config - the configuration
 * @param profile - a baseline name of {@link MSCP_BASELINES} (`cis_lvl2`)
 * @param options - see {@link ProfileOptions}
 * @throws RangeError for an unknown baseline name
 */
export function checkProfile(
  config: AuditConfig,
  profile: string,
  options?: Readonly<Partial<ProfileOptions>>,
): ConfigFinding[] {
  const ids: ProfileOptions = { owner: options?.owner ?? 0, group: options?.group ?? 0 };
  const baseline = MSCP_BASELINES[profile];
  if (baseline === undefined) {
    throw new RangeError(
      `unknown profile: ${profile} (known: ${Object.keys(MSCP_BASELINES).join(", ")})`,
    );
  }
  const out: ConfigFinding[] = [];
  for (const id of baseline.rules) {
    const rule = MSCP_RULES[id];
    for (const f of checkRule(config, id, rule.check, baseline, ids)) out.push(f);
  }
  return sortFindings(out);
}

function checkRule(
  config: AuditConfig,
  id: string,
  check: MscpCheck,
  baseline: MscpBaseline,
  ids: ProfileOptions,
): ConfigFinding[] {
  const file = config.paths.audit_control;
  const c = config.control;
  const fail = (line: number, message: string, f = file): ConfigFinding[] => [
    { file: f, line, severity: "error", rule: id, message },
  ];
  switch (check.kind) {
    case "flags": {
      const items = c.flags?.value ?? [];
      const r = resolveAuditFlags(
        items.map((f) => f.text),
        config.table,
      );
      const missing = check.items.filter((want) => {
        const w = splitAuditFlags(want)[0];
        const bit = config.table.classByName(w.name)?.mask ?? 0;
        return (w.success && (r.success & bit) === 0) || (w.failure && (r.failure & bit) === 0);
      });
      if (missing.length === 0) return [];
      const why =
        r.unknown.length > 0
          ? ` (flags names the unknown class '${r.unknown[0].name}', so libbsm audits no class)`
          : "";
      const fixed = [...items.map((f) => f.text), ...missing].join(",");
      return fail(
        c.flags?.line ?? 0,
        `flags does not audit ${missing.map((m) => describe(config, m)).join(", ")}${why}: write flags:${fixed}`,
      );
    }
    case "minfree": {
      const v = c.minfree?.value;
      if (v !== undefined && v >= check.atLeast && v <= 100) return [];
      const now = v === undefined ? "no minfree (the kernel's default is 20%)" : `minfree is ${v}`;
      return fail(
        c.minfree?.line ?? 0,
        `${now}: the administrator must be warned at ${check.atLeast}% free; write minfree:${check.atLeast}`,
      );
    }
    case "retention": {
      const want = baseline.retention;
      const wantSeconds = Number.parseInt(want, 10) * 86400;
      const ex = c.expireAfter;
      if (ex === undefined) {
        return fail(
          0,
          `no expire-after: write expire-after:${want} (records kept ${want} before removal)`,
        );
      }
      const v = ex.value;
      if (v === undefined)
        return fail(ex.line, `expire-after is malformed: write expire-after:${want}`);
      if (v.ageSeconds === undefined) {
        return fail(
          ex.line,
          `expire-after:${ex.text.trim()} removes trails by size alone, however young: write expire-after:${want}`,
        );
      }
      if (v.ageSeconds < wantSeconds) {
        return fail(
          ex.line,
          `expire-after keeps trails ${formatAge(v.ageSeconds)}, less than ${want}: write expire-after:${want}`,
        );
      }
      if (v.sizeBytes !== undefined && v.conjunction === "OR") {
        return fail(
          ex.line,
          `expire-after:${ex.text.trim()} may remove trails younger than ${want} once they reach the size: write expire-after:${want} (or ${want} AND a size)`,
        );
      }
      return [];
    }
    case "policy": {
      if (c.policy?.value?.includes(check.word)) return [];
      const now = c.policy?.value?.join(",") ?? "";
      const fixed = [...(c.policy?.value ?? []), check.word].join(",");
      return fail(
        c.policy?.line ?? 0,
        `policy${now === "" ? " is not set" : `:${now}`} lacks ${check.word}: write policy:${fixed}`,
      );
    }
    case "manual":
      return [{ file, line: 0, severity: "info", rule: id, message: `not checked: ${check.why}` }];
    default:
      return checkOwnership(config, id, check, ids);
  }
}

function describe(config: AuditConfig, item: string): string {
  const f = splitAuditFlags(item)[0];
  const when = f.success && f.failure ? "" : f.success ? ", successes" : ", failures";
  return `'${item}' (${config.table.classByName(f.name)?.description ?? f.name}${when})`;
}

/** Paths and their stat for an ownership rule, or why it is not checked. */
function targets(
  config: AuditConfig,
  target: "audit_control" | "log folder" | "log files",
): { paths: string[] } | { skip: string } {
  if (config.dir === undefined) return { skip: "the configuration was not read from a directory" };
  if (target === "audit_control") return { paths: [config.paths.audit_control] };
  const dir = config.control.dirs.find((d) => d.value !== undefined)?.value?.trim();
  if (dir === undefined) return { skip: "audit_control has no dir" };
  if (!isAbsolute(dir)) return { skip: `dir ${dir} is not an absolute path` };
  try {
    if (!statSync(dir).isDirectory()) return { skip: `${dir} is not a directory` };
  } catch {
    return { skip: `${dir} does not exist on this host` };
  }
  if (target === "log folder") return { paths: [dir] };
  try {
    return {
      paths: readdirSync(dir)
        .filter((n) => n !== "current")
        .map((n) => join(dir, n))
        .filter((p) => lstatSync(p).isFile()),
    };
  } catch (e) {
    return { skip: `${dir} cannot be listed (${(e as NodeJS.ErrnoException).code ?? e})` };
  }
}

function checkOwnership(
  config: AuditConfig,
  id: string,
  check: Extract<MscpCheck, { kind: "owner" | "group" | "mode" }>,
  ids: ProfileOptions,
): ConfigFinding[] {
  const where = targets(config, check.target);
  const file = config.paths.audit_control;
  if ("skip" in where) {
    return [{ file, line: 0, severity: "info", rule: id, message: `not checked: ${where.skip}` }];
  }
  const bad: string[] = [];
  for (const p of where.paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = lstatSync(p);
    } catch (e) {
      bad.push(`${p} (${(e as NodeJS.ErrnoException).code ?? e})`);
      continue;
    }
    if (check.kind === "owner" && st.uid !== ids.owner) bad.push(`${p} (uid ${st.uid})`);
    if (check.kind === "group" && st.gid !== ids.group) bad.push(`${p} (gid ${st.gid})`);
    if (check.kind === "mode" && (st.mode & 0o7777 & ~(check.mode ?? 0)) !== 0) {
      bad.push(`${p} (mode ${(st.mode & 0o7777).toString(8)})`);
    }
  }
  if (bad.length === 0) return [];
  // Three paths name the problem; a log folder of thousands of trails would drown the message.
  const shown = bad.slice(0, 3).join(", ") + (bad.length > 3 ? ` and ${bad.length - 3} more` : "");
  const fix =
    check.kind === "owner"
      ? "chown root"
      : check.kind === "group"
        ? "chgrp wheel"
        : `chmod ${(check.mode ?? 0).toString(8)}`;
  const what =
    check.kind === "owner"
      ? "owned by root"
      : check.kind === "group"
        ? "of group wheel (gid 0)"
        : `mode ${(check.mode ?? 0).toString(8)} or less`;
  return [
    {
      file: check.target === "audit_control" ? config.paths.audit_control : file,
      line: 0,
      severity: "error",
      rule: id,
      message: `${check.target} must be ${what}: ${shown}; run ${fix} on ${bad.length === 1 ? "it" : "them"}`,
    },
  ];
}

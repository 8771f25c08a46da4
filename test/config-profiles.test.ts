/**
 * The mSCP profiles: the stock configuration (corpus ref/apple, read in
 * place) fails cis_lvl2 on the flag rules; a configuration written to
 * satisfy it passes them; each kind of check (flags by effective mask,
 * minfree, retention, policy, owner/group/mode of real files) fails and
 * passes where mSCP's rule says it should.
 */

import { chmodSync, copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigFinding } from "../src/config/finding";
import { loadAuditConfig } from "../src/config/load";
import { checkProfile, MSCP_BASELINES, MSCP_RULES } from "../src/config/profiles";
import { corpusPath } from "./corpus";

const FLAG_RULES = (f: ConfigFinding) => f.rule.startsWith("audit_flags_");
const errors = (fs: ConfigFinding[]) => fs.filter((f) => f.severity === "error");

/**
 * The owner and group the rules are asked to require: this process's, so
 * the files the tests write pass without root; `OTHER` is anyone else.
 */
const ME = { owner: process.getuid?.() ?? 0, group: process.getgid?.() ?? 0 };
const OTHER = { owner: ME.owner + 1, group: ME.group + 1 };

/** A configuration directory: Apple's stock tables, this audit_control (mode 440). */
function configDir(control: string, logDir?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "bsm-profile-"));
  for (const f of ["audit_class", "audit_event", "audit_user"]) {
    copyFileSync(corpusPath("ref", "apple", f), join(dir, f));
  }
  const text = logDir === undefined ? control : control.replace("dir:/var/audit", `dir:${logDir}`);
  writeFileSync(join(dir, "audit_control"), text);
  chmodSync(join(dir, "audit_control"), 0o440);
  return dir;
}

const CIS_LVL2 = [
  "dir:/var/audit",
  "flags:lo,aa,fm,ad,-ex,-fr,-fw",
  "minfree:25",
  "naflags:lo,aa",
  "policy:cnt,argv",
  "filesz:2M",
  "expire-after:30d",
].join("\n");

describe("cis_lvl2", () => {
  it("the stock configuration fails it on the flag rules", () => {
    const findings = checkProfile(loadAuditConfig(corpusPath("ref", "apple")), "cis_lvl2");
    const flags = errors(findings).filter(FLAG_RULES);
    expect(flags.length).toBeGreaterThan(0);
    expect(flags.map((f) => f.rule)).toEqual(["audit_flags_configure"]);
    expect(flags[0].line).toBe(5); // flags:lo,aa in Apple's file
    // What to write: the missing classes, with their prefixes.
    for (const item of ["fm", "ad", "-ex", "-fr", "-fw"]) expect(flags[0].message).toContain(item);
    expect(flags[0].message).toMatch(/write flags:lo,aa,/);
  });

  it("a configuration written to satisfy it passes the flag rules, and the rest it can check", () => {
    const findings = checkProfile(loadAuditConfig(configDir(CIS_LVL2)), "cis_lvl2", ME);
    expect(findings.filter(FLAG_RULES)).toEqual([]);
    // Left: rules not about these files (info), and /var/audit's, absent here (info).
    expect(errors(findings)).toEqual([]);
    expect(findings.filter((f) => f.rule === "audit_auditd_enabled")[0].severity).toBe("info");
  });

  it("flag rules read the effective masks, not the letters", () => {
    const fails = (flags: string) =>
      errors(
        checkProfile(
          loadAuditConfig(configDir(CIS_LVL2.replace(/^flags:.*$/m, flags))),
          "cis_lvl2",
        ),
      ).filter(FLAG_RULES).length > 0;
    expect(fails("flags:all")).toBe(false); // every class, both outcomes
    expect(fails("flags:lo,aa,fm,ad,ex,fr,fw")).toBe(false); // both outcomes include failures
    expect(fails("flags:lo,aa,fm,ad,-ex,-fr,-fw,^lo")).toBe(true); // lo removed again
    expect(fails("flags:lo,aa,fm,ad,+ex,-fr,-fw")).toBe(true); // successes of ex only
    expect(fails("flags:lo,aa,-fm,ad,-ex,-fr,-fw")).toBe(true); // fm needs successes too
    expect(fails("flags:lo,aa,fm,ad,-ex,-fr,-fw,zz")).toBe(true); // an unknown class voids the line
  });
});

describe("checks", () => {
  const control = (change: (t: string) => string) => loadAuditConfig(configDir(change(CIS_LVL2)));
  const rule = (fs: ConfigFinding[], id: string) =>
    fs.filter((f) => f.rule === id && f.severity === "error");

  it("audit_retention_configure: an age of at least the baseline's value, not removable earlier", () => {
    const r = (expire: string, profile = "cis_lvl1") =>
      rule(
        checkProfile(
          control((t) => t.replace("expire-after:30d", expire)),
          profile,
        ),
        "audit_retention_configure",
      );
    expect(r("expire-after:30d")).toEqual([]);
    expect(r("expire-after:1y")).toEqual([]);
    expect(r("expire-after:30d AND 1G")).toEqual([]); // both must hold: never before 30 days
    expect(r("expire-after:7d")).toHaveLength(1); // CIS wants 30 days
    expect(r("expire-after:7d", "stig")).toEqual([]); // the STIG 7
    expect(r("expire-after:30d OR 1G")).toHaveLength(1); // 1G may come first
    expect(r("expire-after:10M")[0].message).toMatch(/by size alone/);
    expect(r("# no expiry")[0].message).toMatch(/write expire-after:30d/);
  });

  it("audit_configure_capacity_notify: minfree 25 or more", () => {
    const r = (minfree: string) =>
      rule(
        checkProfile(
          control((t) => t.replace("minfree:25", minfree)),
          "800-53r5_high",
        ),
        "audit_configure_capacity_notify",
      );
    expect(r("minfree:25")).toEqual([]);
    expect(r("minfree:30")).toEqual([]);
    expect(r("minfree:20")).toHaveLength(1);
    expect(r("# default")[0].message).toMatch(/20%/);
  });

  it("audit_failure_halt: policy ahlt", () => {
    const r = (policy: string) =>
      rule(
        checkProfile(
          control((t) => t.replace("policy:cnt,argv", policy)),
          "stig",
        ),
        "audit_failure_halt",
      );
    expect(r("policy:ahlt,argv")).toEqual([]);
    expect(r("policy:cnt,argv")[0].message).toMatch(/write policy:cnt,argv,ahlt/);
  });

  it("owner, group and mode of audit_control and of the log folder and files", () => {
    const logs = mkdtempSync(join(tmpdir(), "bsm-profile-logs-"));
    chmodSync(logs, 0o700);
    const trail = join(logs, "20240101000000.20240101010000");
    writeFileSync(trail, "");
    chmodSync(trail, 0o440);
    writeFileSync(join(logs, "current"), ""); // mSCP leaves the current link out
    chmodSync(join(logs, "current"), 0o644);
    const dir = configDir(CIS_LVL2, logs);
    const ids = (fs: ConfigFinding[]) => errors(fs).map((f) => f.rule);
    expect(ids(checkProfile(loadAuditConfig(dir), "cis_lvl1", ME))).toEqual([]);

    chmodSync(join(dir, "audit_control"), 0o644);
    chmodSync(logs, 0o755);
    chmodSync(trail, 0o640);
    const bad = checkProfile(loadAuditConfig(dir), "cis_lvl1", OTHER);
    expect(ids(bad).sort()).toEqual(
      [
        "audit_control_group_configure",
        "audit_control_mode_configure",
        "audit_control_owner_configure",
        "audit_files_group_configure",
        "audit_files_mode_configure",
        "audit_files_owner_configure",
        "audit_folder_group_configure",
        "audit_folder_owner_configure",
        "audit_folders_mode_configure",
      ].sort(),
    );
    const mode = bad.find((f) => f.rule === "audit_files_mode_configure");
    expect(mode?.message).toContain(trail);
    expect(mode?.message).toMatch(/chmod 440/);
  });

  it("ownership is not checked for a log folder that does not exist (info)", () => {
    const missing = join(mkdtempSync(join(tmpdir(), "bsm-profile-")), "no-such-dir");
    const fs = checkProfile(loadAuditConfig(configDir(CIS_LVL2, missing)), "cis_lvl1");
    const folder = fs.find((f) => f.rule === "audit_folders_mode_configure");
    expect(folder).toMatchObject({ severity: "info" });
    expect(folder?.message).toMatch(/does not exist/);
  });
});

describe("baselines", () => {
  it("are named as mSCP names them, and list only known rules", () => {
    for (const name of ["cis_lvl1", "cis_lvl2", "800-53r5_moderate", "800-53r5_high", "stig"]) {
      expect(MSCP_BASELINES, name).toHaveProperty(name);
    }
    for (const [name, b] of Object.entries(MSCP_BASELINES)) {
      for (const id of b.rules) expect(MSCP_RULES, `${name}: ${id}`).toHaveProperty(id);
    }
    expect(() => checkProfile(loadAuditConfig(corpusPath("ref", "apple")), "cis_lvl3")).toThrow(
      /unknown profile/,
    );
  });

  it("each finding names an mSCP rule of the baseline", () => {
    const apple = loadAuditConfig(corpusPath("ref", "apple"));
    for (const [name, b] of Object.entries(MSCP_BASELINES)) {
      for (const f of checkProfile(apple, name)) expect(b.rules, name).toContain(f.rule);
    }
    const stig = errors(checkProfile(apple, "stig")).map((f) => f.rule);
    expect(stig).toContain("audit_flags_ad_configure");
    expect(stig).not.toContain("audit_flags_lo_configure"); // lo is in the stock flags
  });

  it("a directory that is not read from disk skips the ownership rules", () => {
    const apple = loadAuditConfig(corpusPath("ref", "apple"));
    const fromTexts = { ...apple, dir: undefined };
    const f = checkProfile(fromTexts, "cis_lvl1").find(
      (x) => x.rule === "audit_control_owner_configure",
    );
    expect(f).toMatchObject({ severity: "info" });
  });
});

/**
 * `bsm-trail config check` and `config explain` end to end: output, JSON,
 * exit status (0 no error, 1 an error, 2 usage), and bad input (missing or
 * non-directory DIR, binary files) ending in one clear line, never a stack
 * trace.
 */

import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { corpusDir, corpusPath } from "./corpus";
import { cli } from "./run-cli";

const APPLE = corpusPath("ref", "apple");

describe("bsm-trail config check", () => {
  it("checks Apple's stock configuration: no error, the two events of the unknown class ua", () => {
    const r = cli(["config", "check", APPLE]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    const out = r.stdout.toString();
    expect(out).toMatch(
      /audit_event:\d+: warning: AUE_kadmind_auth .*'ua'.* \[event-unknown-class\]/,
    );
    expect(out).toMatch(/^0 errors, \d+ warnings?, \d+ notes?$/m);
  });

  it("--profile cis_lvl2 fails on the flags, naming the mSCP rule and the line; exit 1", () => {
    const r = cli(["config", "check", "--profile", "cis_lvl2", APPLE]);
    expect(r.status).toBe(1);
    const out = r.stdout.toString();
    expect(out).toContain(`${APPLE}/audit_control:5: error: flags does not audit`);
    expect(out).toContain("[audit_flags_configure]");
    expect(out).toContain("[audit_retention_configure]");
  });

  it("--json prints an array of {file, line, severity, rule, message}", () => {
    const r = cli(["config", "check", "--json", "--profile", "stig", APPLE]);
    expect(r.status).toBe(1);
    const findings = JSON.parse(r.stdout.toString()) as Record<string, unknown>[];
    expect(findings.length).toBeGreaterThan(5);
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual(["file", "line", "message", "rule", "severity"]);
      expect(Number.isInteger(f.line) && (f.line as number) >= 0).toBe(true);
      expect(["error", "warning", "info"]).toContain(f.severity);
    }
    const lo = findings.find((f) => f.rule === "audit_flags_ad_configure");
    expect(lo).toMatchObject({ file: `${APPLE}/audit_control`, line: 5, severity: "error" });
  });

  it("a binary file is an error finding, the others still checked; no stack trace", () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-config-cli-"));
    writeFileSync(join(dir, "audit_control"), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1]));
    writeFileSync(join(dir, "audit_user"), "root:lo\n");
    const r = cli(["config", "check", dir]);
    expect(r.status).toBe(1);
    const out = r.stdout.toString();
    expect(out).toContain(
      `${dir}/audit_control: error: audit_control is not text: NUL byte at offset 4`,
    );
    expect(out).toContain(`${dir}/audit_user:1: error:`);
    expect(r.stderr).toBe("");
  });

  it("a missing or non-directory DIR: one line on stderr, exit 1", () => {
    for (const dir of ["/nonexistent/security", corpusPath("ref", "apple", "audit_control")]) {
      const r = cli(["config", "check", dir]);
      expect(r.status).toBe(1);
      expect(r.stdout.toString()).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(dir);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("usage errors exit 2: unknown profile, subcommand, misplaced option, two dirs", () => {
    for (const args of [
      ["config", "check", "--profile", "cis_lvl9", APPLE],
      ["config", "lint", APPLE],
      ["config", "check", "--user", "root", APPLE],
      ["config", "explain", "--json", APPLE],
      ["config", "check", APPLE, APPLE],
      ["config", "explain", "--event", "AUE_NOPE", APPLE],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toMatch(/^bsm-trail: config: /);
      expect(r.stderr).toContain("usage: bsm-trail config");
    }
  });
});

describe("bsm-trail config explain", () => {
  it("without options: every class for flags, naflags and each audit_user line", () => {
    const r = cli(["config", "explain", APPLE]);
    expect(r.status).toBe(0);
    const out = r.stdout.toString();
    expect(out).toMatch(/^class\s+description\s+flags\s+naflags\s+root$/m);
    expect(out).toMatch(/^lo\s+login_logout\s+SF\s+SF\s+SF$/m);
    expect(out).toMatch(/^ex\s+exec\s+--\s+--\s+--$/m);
  });

  it("--user: the table of classes, with what decided each", () => {
    const out = cli(["config", "explain", "--user", "root", APPLE]).stdout.toString();
    expect(out).toMatch(/^ {2}lo\s+yes\s+yes\s+audit_user always 'lo' \(audit_user:4\)$/m);
    expect(out).toMatch(/^ {2}aa\s+yes\s+yes\s+flags 'aa' \(audit_control:5\)$/m);
  });

  it("--event with --user=-1: the non-attributable answer", () => {
    const r = cli(["config", "explain", "--event", "AUE_lw_login", "--user=-1", APPLE]);
    expect(r.status).toBe(0);
    const out = r.stdout.toString();
    expect(out).toContain("by a non-attributable process (auid -1)");
    expect(out).toMatch(/success: AUDITED\n\s+lo\s+selected: naflags 'lo' \(audit_control:7\)/);
    const execve = cli(["config", "explain", "--event", "23", APPLE]).stdout.toString();
    expect(execve).toContain("AUE_EXECVE (23, execve(2)), classes pc,ex");
    expect(execve).not.toContain("AUDITED");
  });
});

describe("README, section Configuration", () => {
  it("shows the output the commands print", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("## Configuration"),
      readme.indexOf("## Library tour"),
    );
    const shown = [...section.matchAll(/^\$ bsm-trail (.*)\n([\s\S]*?)(?=^\$ |^```)/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(4);
    // The README runs from the repository root with the corpus at ../shared/corpus.
    const here = (text: string) => text.split("../shared/corpus").join(corpusDir());
    // Owner, group and mode findings (and so the count) depend on how the corpus was
    // installed on this host: left out of the comparison.
    const stable = (text: string) =>
      text
        .trimEnd()
        .split("\n")
        .filter(
          (l) =>
            !/\[audit_(control|files|folders?)_(owner|group|mode)_configure\]$|^\d+ errors?, /.test(
              l,
            ),
        )
        .join("\n");
    for (const [, command, output] of shown) {
      const args = here(command).split(" ");
      const r = cli(args);
      expect(stable(r.stdout.toString()), command).toBe(stable(here(output)));
    }
  });
});

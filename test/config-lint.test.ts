/**
 * Every lint rule: a configuration that triggers it (the finding names the
 * rule, the file and the line of the problem) and one that does not. A
 * clean base configuration has no finding at all; each case changes one
 * thing in it. Files that cannot be used (missing, binary, huge, a
 * directory) are read through loadAuditConfig from a temporary directory.
 */

import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ConfigFinding } from "../src/config/finding";
import { LINT_RULES, lintAuditConfig } from "../src/config/lint";
import { type AuditConfigTexts, loadAuditConfig, parseAuditConfig } from "../src/config/load";

const BASE = {
  audit_control: [
    "# a clean configuration",
    "dir:/var/audit",
    "flags:lo,aa",
    "minfree:5",
    "naflags:lo,aa",
    "policy:cnt,argv",
    "filesz:2M",
    "expire-after:10M",
  ].join("\n"),
  audit_class: [
    "0x00000000:no:invalid class",
    "0x00000001:fr:file read",
    "0x00000400:na:non attributable",
    "0x00001000:lo:login_logout",
    "0x00002000:aa:authentication and authorization",
    "0x40000000:ex:exec",
    "0xffffffff:all:all flags set",
  ].join("\n"),
  audit_event: ["1:AUE_READ:read:fr", "2:AUE_LOGIN:login:lo", "3:AUE_EXEC:exec:ex"].join("\n"),
  audit_user: "root:lo:no\n",
};

type Texts = { -readonly [K in keyof typeof BASE]: string };

/** The base with one change. */
function withChange(change: (t: Texts) => void, passwd?: string) {
  const t: Texts = { ...BASE };
  change(t);
  let options = {};
  if (passwd !== undefined) {
    const dir = mkdtempSync(join(tmpdir(), "bsm-lint-"));
    writeFileSync(join(dir, "passwd"), passwd);
    options = { passwd: join(dir, "passwd") };
  }
  return lintAuditConfig(parseAuditConfig(t as AuditConfigTexts, options));
}

function control(line: number, text: string): (t: Texts) => void {
  return (t) => {
    const lines = t.audit_control.split("\n");
    lines[line - 1] = text;
    t.audit_control = lines.join("\n");
  };
}

function append(file: keyof Texts, text: string): (t: Texts) => void {
  return (t) => {
    t[file] = `${t[file].replace(/\n?$/, "\n")}${text}`;
  };
}

/** [rule, change that triggers it, file, line, change that does not]. */
type Case = [string, (t: Texts) => void, keyof Texts, number, (t: Texts) => void, string?];

const CASES: Case[] = [
  [
    "malformed-line",
    append("audit_control", "flags lo"),
    "audit_control",
    9,
    append("audit_control", "# flags lo"),
  ],
  [
    "unknown-key",
    append("audit_control", "flag:lo"),
    "audit_control",
    9,
    append("audit_control", "host:h"),
  ],
  [
    "duplicate-key",
    append("audit_control", "flags:lo"),
    "audit_control",
    9,
    append("audit_control", "dir:/var/audit2"),
  ],
  ["missing-dir", control(2, "# no dir"), "audit_control", 0, control(2, "dir:/srv/audit")],
  ["empty-flags", control(3, "flags:"), "audit_control", 3, control(3, "flags:lo")],
  ["empty-naflags", control(5, "naflags:"), "audit_control", 5, control(5, "naflags:no")],
  ["unknown-class", control(3, "flags:lo,zz"), "audit_control", 3, control(3, "flags:lo,ex")],
  ["na-in-flags", control(3, "flags:lo,na"), "audit_control", 3, control(3, "flags:lo,^na")],
  ["volume-all", control(3, "flags:all"), "audit_control", 3, control(3, "flags:lo,aa,-ex")],
  [
    "volume-arge",
    control(6, "policy:cnt,argv,arge"),
    "audit_control",
    6,
    control(6, "policy:cnt,argv"),
  ],
  [
    "ahlt-without-cnt",
    control(6, "policy:ahlt,argv"),
    "audit_control",
    6,
    control(6, "policy:cnt,ahlt,argv"),
  ],
  [
    "malformed-policy",
    control(6, "policy:cnt,argv,verbose"),
    "audit_control",
    6,
    control(6, "policy:cnt"),
  ],
  ["malformed-size", control(7, "filesz:2MB"), "audit_control", 7, control(7, "filesz:2048K")],
  ["filesz-too-small", control(7, "filesz:100K"), "audit_control", 7, control(7, "filesz:512K")],
  ["filesz-no-rotation", control(7, "filesz:0"), "audit_control", 7, control(7, "filesz:1G")],
  [
    "malformed-expire-after",
    control(8, "expire-after:10m"),
    "audit_control",
    8,
    control(8, "expire-after:10d"),
  ],
  [
    "no-expire-after",
    control(8, "# none"),
    "audit_control",
    0,
    control(8, "expire-after:60d OR 1G"),
  ],
  ["malformed-minfree", control(4, "minfree:5%"), "audit_control", 4, control(4, "minfree:25")],
  ["minfree-range", control(4, "minfree:101"), "audit_control", 4, control(4, "minfree:100")],
  [
    "malformed-value",
    append("audit_control", "qsize:lots"),
    "audit_control",
    9,
    append("audit_control", "qsize:100"),
  ],
  [
    "leading-space",
    control(6, "policy: cnt,argv"),
    "audit_control",
    6,
    control(6, "policy:cnt,argv  "),
  ],
  ["carriage-return", control(3, "flags:lo,aa\r"), "audit_control", 3, control(3, "flags:lo,aa")],
  [
    "malformed-user-line",
    append("audit_user", "alice:lo"),
    "audit_user",
    2,
    append("audit_user", "alice:lo:no"),
  ],
  [
    "duplicate-user",
    append("audit_user", "root:aa:no"),
    "audit_user",
    2,
    append("audit_user", "alice:aa:no"),
  ],
  [
    "table-line",
    append("audit_event", "4:AUE_X"),
    "audit_event",
    4,
    append("audit_event", "4:AUE_X:x:lo"),
  ],
  [
    "event-unknown-class",
    append("audit_event", "4:AUE_X:x:lo,zz"),
    "audit_event",
    4,
    append("audit_event", "4:AUE_X:x:lo,aa"),
  ],
];

function findingsOf(findings: ConfigFinding[], rule: string): ConfigFinding[] {
  return findings.filter((f) => f.rule === rule);
}

describe("lint", () => {
  it("finds nothing in the clean base configuration", () => {
    expect(withChange(() => {})).toEqual([]);
  });

  for (const [rule, trigger, file, line, clean] of CASES) {
    it(`${rule}: found where it is, not where it is not`, () => {
      const hits = findingsOf(withChange(trigger), rule);
      expect(hits.length, JSON.stringify(withChange(trigger))).toBeGreaterThan(0);
      expect(hits[0]).toMatchObject({ file, line, severity: LINT_RULES[rule].severity });
      expect(hits[0].message.length).toBeGreaterThan(20);
      expect(findingsOf(withChange(clean), rule)).toEqual([]);
    });
  }

  it("unknown-class: also in audit_user's always and never masks", () => {
    const hits = findingsOf(
      withChange(append("audit_user", "alice:lo,zz:no\nbob:lo:yy")),
      "unknown-class",
    );
    expect(hits.map((h) => [h.file, h.line])).toEqual([
      ["audit_user", 2],
      ["audit_user", 3],
    ]);
  });

  it("a leading space or a carriage return stays in a class name, as libbsm keeps it", () => {
    const space = withChange(control(3, "flags: lo,aa"));
    expect(findingsOf(space, "leading-space")[0].message).toMatch(/write flags:lo,aa/);
    expect(findingsOf(space, "unknown-class")[0].message).toContain("class ' lo'");
    const cr = withChange(control(3, "flags:lo,aa\r"));
    expect(findingsOf(cr, "unknown-class")[0].message).toContain("class 'aa\\r'");
    // A number is read up to the carriage return: no finding but the line ending.
    const minfree = withChange(control(4, "minfree:5\r"));
    expect(minfree.map((f) => f.rule)).toEqual(["carriage-return"]);
  });

  it("unknown-key suggests the key meant", () => {
    expect(
      findingsOf(withChange(append("audit_control", "expire_after:10M")), "unknown-key")[0].message,
    ).toMatch(/did you mean 'expire-after:'/);
  });

  it("unknown-user: audit_user names absent from the passwd file given", () => {
    const passwd = "root:*:0:0::0:0:System Administrator:/var/root:/bin/sh\n";
    const hits = findingsOf(
      withChange(append("audit_user", "ghost:lo:no"), passwd),
      "unknown-user",
    );
    expect(hits.map((h) => [h.file, h.line])).toEqual([["audit_user", 2]]);
    expect(
      findingsOf(
        withChange(() => {}, passwd),
        "unknown-user",
      ),
    ).toEqual([]);
    expect(findingsOf(withChange(append("audit_user", "ghost:lo:no")), "unknown-user")).toEqual([]);
  });

  it("file-missing: audit_control an error, audit_user a note", () => {
    const noControl = lintAuditConfig(parseAuditConfig({ ...BASE, audit_control: undefined }));
    expect(findingsOf(noControl, "file-missing")[0]).toMatchObject({
      file: "audit_control",
      line: 0,
      severity: "error",
    });
    const noUser = lintAuditConfig(parseAuditConfig({ ...BASE, audit_user: undefined }));
    expect(findingsOf(noUser, "file-missing")[0]).toMatchObject({
      file: "audit_user",
      severity: "info",
    });
    const noClass = lintAuditConfig(parseAuditConfig({ ...BASE, audit_class: undefined }));
    expect(findingsOf(noClass, "file-missing")[0]).toMatchObject({
      file: "audit_class",
      severity: "warning",
    });
    expect(findingsOf(lintAuditConfig(parseAuditConfig(BASE)), "file-missing")).toEqual([]);
  });

  it("file-binary, file-unreadable: binary, huge and directory files; the others still checked", () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-lint-files-"));
    writeFileSync(join(dir, "audit_control"), `${BASE.audit_control}\nflags:lo\n`);
    writeFileSync(join(dir, "audit_class"), Buffer.from([0x30, 0x78, 0x31, 0x00, 0xff, 0x3a]));
    symlinkSync("/dev/zero", join(dir, "audit_event")); // endless: over the 16 MiB limit
    mkdirSync(join(dir, "audit_user"));
    const findings = lintAuditConfig(loadAuditConfig(dir));
    expect(findingsOf(findings, "file-binary")).toMatchObject([
      { file: join(dir, "audit_class"), line: 0, severity: "error" },
    ]);
    expect(findingsOf(findings, "file-binary")[0].message).toMatch(/NUL byte at offset 3/);
    const unreadable = findingsOf(findings, "file-unreadable");
    expect(unreadable.map((f) => f.file).sort()).toEqual([
      join(dir, "audit_event"),
      join(dir, "audit_user"),
    ]);
    expect(unreadable.find((f) => f.file.endsWith("audit_event"))?.message).toMatch(
      /larger than the limit/,
    );
    expect(unreadable.find((f) => f.file.endsWith("audit_user"))?.message).toMatch(
      /is a directory/,
    );
    // audit_control is still read and checked.
    expect(findingsOf(findings, "duplicate-key")).toMatchObject([{ line: 9 }]);
    const clean = mkdtempSync(join(tmpdir(), "bsm-lint-files-"));
    for (const [f, text] of Object.entries(BASE)) writeFileSync(join(clean, f), text);
    expect(lintAuditConfig(loadAuditConfig(clean))).toEqual([]);
  });

  it("every rule of LINT_RULES has a case here", () => {
    const covered = new Set([
      ...CASES.map((c) => c[0]),
      "unknown-user",
      "file-missing",
      "file-binary",
      "file-unreadable",
    ]);
    expect(Object.keys(LINT_RULES).filter((r) => !covered.has(r))).toEqual([]);
  });
});

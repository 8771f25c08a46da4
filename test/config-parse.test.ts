/**
 * The audit configuration parsers: audit_control (every example of
 * audit_control(5) and of the guide in ../shared/seeds, every key, every
 * flag prefix, sizes, expire-after), audit_user, and the line-keeping forms
 * of the audit_class and audit_event parsers, on OpenBSM's and Apple's
 * stock files read in place from the corpus.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAuditClassFile } from "../src/config/audit-class";
import { AUDIT_CONTROL_KEYS, parseAuditControl } from "../src/config/audit-control";
import { parseAuditEventFile } from "../src/config/audit-event";
import { parseAuditUser } from "../src/config/audit-user";
import {
  POLICY_WORDS,
  parseExpireAfter,
  parsePolicy,
  parseSize,
} from "../src/config/control-values";
import { loadAuditConfig, parseAuditConfig } from "../src/config/load";
import { appleEvents, openbsmEvents } from "../src/tables/events";
import { corpusPath } from "./corpus";

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
const DAY = 86400;

/** The defaults block of audit_control(5) ("The following settings appear in the default audit_control file"). */
const MAN_DEFAULTS = [
  "dir:/var/audit",
  "flags:lo,aa",
  "minfree:5",
  "naflags:lo,aa",
  "policy:cnt,argv",
  "filesz:2M",
  "expire-after:10M",
].join("\n");

describe("audit_control: the manual's examples", () => {
  it("reads the default file as the manual describes it", () => {
    const c = parseAuditControl(MAN_DEFAULTS);
    expect(c.dirs.map((d) => d.value)).toEqual(["/var/audit"]);
    expect(c.flags?.value?.map((f) => f.name)).toEqual(["lo", "aa"]);
    expect(c.naflags?.value?.map((f) => f.name)).toEqual(["lo", "aa"]);
    expect(c.minfree?.value).toBe(5);
    expect(c.policy?.value).toEqual(["cnt", "argv"]);
    // "For example, 2M is the same as 2097152."
    expect(c.filesz?.value).toBe(2097152);
    // "Trail files will expire when their aggregate size exceeds 10MB."
    expect(c.expireAfter?.value).toEqual({ sizeBytes: 10 * MiB });
    expect(c.entries.map((e) => e.line)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(c.unknown).toEqual([]);
  });

  it("reads 'expire-after: 60d AND 1G' as 60 days and 1 gigabyte, both required", () => {
    const c = parseAuditControl("expire-after: 60d AND 1G\n");
    expect(c.expireAfter?.value).toEqual({
      ageSeconds: 60 * DAY,
      sizeBytes: GiB,
      conjunction: "AND",
    });
    expect(parseExpireAfter("30d OR 5G").value).toEqual({
      ageSeconds: 30 * DAY,
      sizeBytes: 5 * GiB,
      conjunction: "OR",
    });
  });

  it("reads every flag prefix: none, +, -, ^, ^+, ^-", () => {
    const c = parseAuditControl("flags:lo,+ex,-fr,^fw,^+fm,^-fc\n");
    expect(c.flags?.value?.map((f) => [f.text, f.name, f.success, f.failure, f.remove])).toEqual([
      ["lo", "lo", true, true, false], // record both successful and failed events
      ["+ex", "ex", true, false, false], // successful events
      ["-fr", "fr", false, true, false], // failed events
      ["^fw", "fw", true, true, true], // neither
      ["^+fm", "fm", true, false, true], // do not record successful events
      ["^-fc", "fc", false, true, true], // do not record failed events
    ]);
  });

  it("accepts every policy word of the manual's list", () => {
    const manual = [
      "cnt",
      "ahlt",
      "argv",
      "arge",
      "seq",
      "group",
      "trail",
      "path",
      "zonename",
      "perzone",
    ];
    expect(parsePolicy(manual.join(",")).value).toEqual(manual);
    for (const w of manual) expect(POLICY_WORDS).toContain(w);
    expect(parsePolicy("cnt,bogus").error).toMatch(/'bogus'/);
    expect(parsePolicy("cnt,,argv").error).toMatch(/empty word/);
  });

  it("sizes take B, K, M, G or nothing; 0 means no rotation", () => {
    expect(parseSize("512K").value).toBe(512 * KiB);
    expect(parseSize("2M").value).toBe(2 * MiB);
    expect(parseSize("1G").value).toBe(GiB);
    expect(parseSize("100B").value).toBe(100);
    expect(parseSize("4096").value).toBe(4096);
    expect(parseSize("0").value).toBe(0);
    for (const bad of ["2m", "2MB", "M", "-1", "2 M", ""])
      expect(parseSize(bad).error, bad).toBeDefined();
  });

  it("expire-after ages take s, h, d, y and sizes B, K, M, G, case-sensitively", () => {
    expect(parseExpireAfter("3600s").value).toEqual({ ageSeconds: 3600 });
    expect(parseExpireAfter("12h").value).toEqual({ ageSeconds: 12 * 3600 });
    expect(parseExpireAfter("7d").value).toEqual({ ageSeconds: 7 * DAY });
    // A year is 364 days plus one day per four years (libbsm's au_timetosec).
    expect(parseExpireAfter("1y").value).toEqual({ ageSeconds: 364 * DAY });
    expect(parseExpireAfter("4y").value).toEqual({ ageSeconds: (4 * 364 + 1) * DAY });
    expect(parseExpireAfter("500K").value).toEqual({ sizeBytes: 500 * KiB });
    expect(parseExpireAfter("1000").value).toEqual({ sizeBytes: 1000 });
    expect(parseExpireAfter("1g AND 2d").value).toEqual(undefined); // g is no suffix
    expect(parseExpireAfter("10m").error).toMatch(/unknown suffix 'm'/);
    expect(parseExpireAfter("60d and 1G").value?.conjunction).toBe("AND"); // libbsm: any case
    expect(parseExpireAfter("60d XOR 1G").error).toMatch(/'XOR'/);
    expect(parseExpireAfter("60d AND 30d").error).toMatch(/two ages/);
    expect(parseExpireAfter("1G OR 2G").error).toMatch(/two sizes/);
    expect(parseExpireAfter("soon").error).toBeDefined();
  });
});

describe("audit_control: the guide's examples", () => {
  it("reads its starting flags lo,ad,na and the default file it breaks down", () => {
    const c = parseAuditControl(`${MAN_DEFAULTS.replace("flags:lo,aa", "flags:lo,ad,na")}\n`);
    expect(c.flags?.value?.map((f) => f.name)).toEqual(["lo", "ad", "na"]);
    expect(c.policy?.value).toEqual(["cnt", "argv"]); // "maintain cnt and argv"
    expect(c.minfree?.value).toBe(5); // "at least 5% of the filesystem's total space"
  });
});

describe("audit_control: keys, lines and repeats", () => {
  it("knows every key of the manual, FreeBSD's and macOS's", () => {
    for (const k of [
      "dir",
      "flags",
      "host",
      "naflags",
      "minfree",
      "policy",
      "filesz",
      "expire-after",
    ]) {
      expect(AUDIT_CONTROL_KEYS, k).toHaveProperty(k);
    }
    for (const k of ["dist", "qsize", "superuser-set-sflags-mask", "member-clear-sflags-mask"]) {
      expect(AUDIT_CONTROL_KEYS, k).toHaveProperty(k);
    }
    const c = parseAuditControl("host:audit.example.org\ndist:on\nqsize:200\n");
    expect(c.host?.value).toBe("audit.example.org");
    expect(c.dist?.value).toBe(true);
    expect(c.qsize?.value).toBe(200);
    expect(parseAuditControl("dist:off").dist?.value).toBe(false);
    expect(parseAuditControl("qsize:20000").qsize?.error).toMatch(/10000/);
  });

  it("keeps comments, unknown lines and unknown keys with their line numbers", () => {
    const c = parseAuditControl(
      "# top\nflags:lo\nnot a setting\n\nbogus:1\ndir:/a\ndir:/b\nflags:aa\n",
    );
    expect(c.comments).toEqual([{ line: 1, text: "# top" }]);
    expect(c.unknown).toEqual([{ line: 3, text: "not a setting" }]);
    expect(c.entries.map((e) => [e.line, e.key])).toEqual([
      [2, "flags"],
      [5, "bogus"],
      [6, "dir"],
      [7, "dir"],
      [8, "flags"],
    ]);
    expect(c.dirs.map((d) => [d.line, d.value])).toEqual([
      [6, "/a"],
      [7, "/b"],
    ]);
    // libbsm looks a key up from the top: the first line is in force.
    expect(c.flags?.line).toBe(2);
    expect(c.flags?.value?.map((f) => f.name)).toEqual(["lo"]);
  });

  it("takes the value after the first colon, trailing white space removed", () => {
    const c = parseAuditControl("host:fe80::1  \t\nminfree:20 \n");
    expect(c.host?.value).toBe("fe80::1");
    expect(c.minfree?.value).toBe(20);
    expect(parseAuditControl("minfree:lots").minfree?.error).toBeDefined();
  });
});

describe("stock files (corpus ref/, read in place)", () => {
  for (const vendor of ["openbsm", "apple"]) {
    it(`${vendor}: every file parses, lines kept`, () => {
      const dir = corpusPath("ref", vendor);
      const text = (f: string) => readFileSync(`${dir}/${f}`, "utf8");
      const control = parseAuditControl(text("audit_control"));
      const controlLines = text("audit_control").split("\n");
      for (const e of control.entries) {
        expect(controlLines[e.line - 1]).toBe(`${e.key}:${e.value}`);
      }
      expect(control.unknown).toEqual([]);
      expect(control.dirs.map((d) => d.value)).toEqual(["/var/audit"]);
      expect(control.filesz?.value).toBe(2 * MiB);
      expect(control.expireAfter?.value).toEqual({ sizeBytes: 10 * MiB });
      for (const c of control.comments) expect(c.text.startsWith("#")).toBe(true);

      const users = parseAuditUser(text("audit_user"));
      expect(users.issues).toEqual([]);
      expect(users.entries.map((u) => [u.name, u.alwaysText, u.neverText])).toEqual([
        ["root", "lo", "no"],
      ]);
      expect(text("audit_user").split("\n")[users.entries[0].line - 1]).toBe("root:lo:no");

      const classes = parseAuditClassFile(text("audit_class"));
      const classLines = text("audit_class").split("\n");
      expect(classes.entries.length).toBe(20);
      classes.entries.forEach((c, i) => {
        expect(classLines[classes.lines[i] - 1]).toContain(`:${c.name}:${c.description}`);
      });
      expect(classes.comments.length).toBe(classLines.filter((l) => l.startsWith("#")).length);

      const events = parseAuditEventFile(text("audit_event"));
      const eventLines = text("audit_event").split("\n");
      events.entries.forEach((e, i) => {
        expect(eventLines[events.lines[i] - 1].startsWith(`${e.number}:${e.name}:`)).toBe(true);
      });
      expect(events.comments.length).toBe(eventLines.filter((l) => l.startsWith("#")).length);
      // The bundled tables come from the same parser.
      const bundled = vendor === "apple" ? appleEvents() : openbsmEvents();
      expect(bundled.entries).toEqual(events.entries);
      expect(bundled.classes).toEqual(classes.entries);
    });
  }

  it("loadAuditConfig reads a directory into the same objects", () => {
    const dir = corpusPath("ref", "apple");
    const c = loadAuditConfig(dir);
    expect(c.dir).toBe(dir);
    expect(c.problems).toEqual([]);
    expect(c.control).toEqual(
      parseAuditControl(readFileSync(`${dir}/audit_control`, "utf8"), {
        source: `${dir}/audit_control`,
      }),
    );
    expect(c.table.entries).toEqual(appleEvents().entries);
    expect(c.table.classMask(23)).toBe(appleEvents().classMask(23));
  });

  it("parseAuditConfig builds the same configuration from texts", () => {
    const dir = corpusPath("ref", "openbsm");
    const texts = Object.fromEntries(
      ["audit_control", "audit_class", "audit_event", "audit_user"].map((f) => [
        f,
        readFileSync(`${dir}/${f}`, "utf8"),
      ]),
    );
    const c = parseAuditConfig(texts);
    expect(c.dir).toBeUndefined();
    expect(c.problems).toEqual([]);
    expect(c.control.entries).toEqual(loadAuditConfig(dir).control.entries);
    expect(parseAuditConfig({}).problems.map((p) => [p.file, p.kind])).toEqual([
      ["audit_control", "missing"],
      ["audit_class", "missing"],
      ["audit_event", "missing"],
      ["audit_user", "missing"],
    ]);
  });
});

describe("audit_user", () => {
  it("reads name:always:never, keeping comments and bad lines", () => {
    const u = parseAuditUser("# users\nroot:lo:no\nalice:lo,+ex:^-fr\nbob:lo\n::\n\n");
    expect(u.comments).toEqual([{ line: 1, text: "# users" }]);
    expect(
      u.entries.map((e) => [
        e.line,
        e.name,
        e.always.map((f) => f.text),
        e.never.map((f) => f.text),
      ]),
    ).toEqual([
      [2, "root", ["lo"], ["no"]],
      [3, "alice", ["lo", "+ex"], ["^-fr"]],
    ]);
    expect(u.issues.map((i) => [i.line, i.action])).toEqual([
      [4, "skipped"],
      [5, "skipped"],
    ]);
    expect(u.issues[0].message).toMatch(/name:always:never/);
    // An empty field vanishes under strtok: 'bob::no' has two fields.
    expect(parseAuditUser("bob::no\n").entries).toEqual([]);
    expect(parseAuditUser(`${"n".repeat(50)}:lo:no\n`).issues[0].message).toMatch(/50/);
  });
});

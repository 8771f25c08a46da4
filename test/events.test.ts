import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditFlagsError, parseAuditFlags, splitAuditFlags } from "../src/tables/audit-flags";
import {
  AuditTableError,
  appleEvents,
  EventTable,
  loadEventTable,
  openbsmEvents,
  parseAuditClass,
  parseAuditEvent,
  type TableIssue,
} from "../src/tables/events";
import { corpusDir, corpusPath } from "./corpus";

/** Token ids of the header tokens in `praudit -r` output. */
const HEADER_IDS = new Set(["20", "21", "116", "121"]);

/** One praudit output in default mode with its `-r` and (when present) `-s` siblings. */
interface OutputSet {
  name: string;
  text: string;
  raw: string;
  short: string | undefined;
}

/** Every token-per-line praudit output of the corpus with its raw sibling. */
function outputSets(): OutputSet[] {
  const dir = corpusDir();
  const read = (p: string) => readFileSync(p, "latin1");
  const out: OutputSet[] = [];
  for (const sub of ["trails", "real", "openbsm-generate"]) {
    for (const f of readdirSync(join(dir, sub)).sort()) {
      const m = /^(.*)\.(praudit|bsmtok)\.txt$/.exec(f);
      if (m === null) continue;
      const base = join(dir, sub, `${m[1]}.${m[2]}`);
      out.push({
        name: `${sub}/${f}`,
        text: read(`${base}.txt`),
        raw: read(`${base}-r.txt`),
        short: read(`${base}-s.txt`),
      });
    }
  }
  for (const f of readdirSync(join(dir, "bad")).sort()) {
    const m = /^(.*)\.praudit\.stdout$/.exec(f);
    if (m === null) continue;
    const base = join(dir, "bad", m[1]);
    out.push({
      name: `bad/${f}`,
      text: read(`${base}.praudit.stdout`),
      raw: read(`${base}.praudit-r.stdout`),
      short: undefined,
    });
  }
  return out;
}

describe("bundled tables", () => {
  it("are exactly the corpus reference tables, in order", () => {
    for (const [folder, table] of [
      ["openbsm", openbsmEvents()],
      ["apple", appleEvents()],
    ] as const) {
      const events = parseAuditEvent(
        readFileSync(corpusPath("ref", folder, "audit_event"), "utf8"),
      );
      const classes = parseAuditClass(
        readFileSync(corpusPath("ref", folder, "audit_class"), "utf8"),
      );
      expect(table.entries).toEqual(events);
      expect(table.classes).toEqual(classes);
      expect(events.length).toBeGreaterThan(600);
      expect(classes.length).toBe(20);
    }
  });

  it("are cached", () => {
    expect(openbsmEvents()).toBe(openbsmEvents());
    expect(appleEvents()).toBe(appleEvents());
  });

  it("loadEventTable reads the same tables from files", () => {
    const t = loadEventTable(
      corpusPath("ref", "openbsm", "audit_event"),
      corpusPath("ref", "openbsm", "audit_class"),
    );
    expect(t.entries).toEqual(openbsmEvents().entries);
    expect(t.classMask(7)).toBe(openbsmEvents().classMask(7));
    expect(() => loadEventTable(corpusPath("ref", "no-such-file"))).toThrow(/ENOENT/);
  });
});

describe("lookups mirror getauevnum_r", () => {
  const t = openbsmEvents();

  it("first line wins for duplicated numbers", () => {
    expect(t.get(0)?.description).toBe("indir system call");
    expect(t.get(301)?.name).toBe("AUE_PORTFS");
    expect(t.get(6168)?.name).toBe("AUE_shutdown");
    expect(t.get(6171)?.name).toBe("AUE_ftpd_logout");
    expect(t.get(6172)?.name).toBe("AUE_ssh");
    expect(t.byName("AUE_DARWIN_GETFSSTAT")?.number).toBe(301);
    expect(t.byName("AUE_poweroff")?.number).toBe(6168);
    expect(t.byName("AUE_NOPE")).toBeUndefined();
  });

  it("absent numbers print as decimal", () => {
    expect(t.get(44901)).toBeUndefined();
    expect(t.eventText(44901)).toBe("44901");
    expect(t.eventText(44901, true)).toBe("44901");
    expect(t.eventText(65535)).toBe("65535");
    expect(t.eventText(23)).toBe("execve(2)");
    expect(t.eventText(23, true)).toBe("AUE_EXECVE");
  });

  it("class masks follow getauditflagsbin", () => {
    expect(t.classMask(7)).toBe(0x40000080); // pc,ex
    expect(t.classMask(0)).toBe(0); // no
    expect(t.classMask(44901)).toBe(0);
    expect(t.classesOf(7).map((c) => c.name)).toEqual(["pc", "ex"]);
    const custom = new EventTable(
      parseAuditEvent("1:A:a:fr,fw\n2:B:b:fr,bogus\n3:C:c:all,^fw\n4:D:d:-fr,+fw\n5:E:e:\n"),
      parseAuditClass("0x1:fr:read\n0x2:fw:write\n0xffffffff:all:all\n"),
    );
    expect(custom.classMask(1)).toBe(3);
    expect(custom.classMask(2)).toBe(0); // one unknown class voids the mask
    expect(custom.classMask(3)).toBe(0xfffffffd);
    expect(custom.classMask(4)).toBe(2); // failure-only classes are not in the success mask
    expect(custom.get(5)).toBeUndefined(); // no class field: libbsm skips the line
    expect(custom.classesOf(2).map((c) => c.name)).toEqual(["fr"]);
  });

  it("Apple's empty description field is read with strtok semantics", () => {
    const a = appleEvents();
    expect(a.get(43082)).toEqual({
      number: 43082,
      name: "AUE_RTPRIO",
      description: "rtprio(2)",
      classes: ["pc"],
    });
    expect(a.classMask(43082)).toBe(0x80);
  });

  it("every header line of every corpus output resolves as praudit printed it", () => {
    let headers = 0;
    let unknown = 0;
    let shortChecked = 0;
    const numbers = new Set<number>();
    for (const set of outputSets()) {
      const text = set.text.split("\n");
      const raw = set.raw.split("\n");
      const short = set.short?.split("\n");
      expect(raw.length, set.name).toBe(text.length);
      if (short !== undefined) expect(short.length, set.name).toBe(text.length);
      for (let i = 0; i < raw.length; i++) {
        const f = raw[i].split(",");
        if (!HEADER_IDS.has(f[0]) || !text[i].startsWith("header")) continue;
        const ev = Number(f[3]);
        const tok = f[0] === "20" || f[0] === "116" ? "header" : "header_ex";
        const prefix = `${tok},${f[1]},${f[2]},`;
        expect(text[i].startsWith(`${prefix}${t.eventText(ev)},`), `${set.name}:${i + 1}`).toBe(
          true,
        );
        if (short !== undefined) {
          expect(
            short[i].startsWith(`${prefix}${t.eventText(ev, true)},`),
            `${set.name}:${i + 1} -s`,
          ).toBe(true);
          shortChecked++;
        }
        if (t.get(ev) === undefined) unknown++;
        numbers.add(ev);
        headers++;
      }
    }
    expect(headers).toBeGreaterThan(21000);
    expect(shortChecked).toBeGreaterThan(21000);
    expect(unknown).toBeGreaterThan(0);
    expect(numbers.has(6168)).toBe(true); // a duplicated number is among them
    expect(numbers.size).toBeGreaterThan(40);
  });
});

describe("parse errors", () => {
  it("are reported with line numbers and the line is skipped", () => {
    const issues: TableIssue[] = [];
    const text = [
      "# comment",
      "",
      "1:AUE_EXIT:exit(2):pc",
      "2:AUE_FORK:fork(2)",
      "garbage",
      `3:${"N".repeat(30)}:too long name:pc`,
      `4:AUE_X:${"d".repeat(50)}:pc`,
      "x5:AUE_ODD:odd number:pc",
      "70000:AUE_BIG:wraps:pc",
      "# 9:AUE_C:commented out:pc",
      "6:AUE_CR:cr:pc\r",
    ].join("\n");
    const entries = parseAuditEvent(text, { onError: (i) => issues.push(i) });
    expect(entries.map((e) => [e.number, e.name])).toEqual([
      [1, "AUE_EXIT"],
      [0, "AUE_ODD"], // atoi("x5") is 0, as in libbsm
      [70000 & 0xffff, "AUE_BIG"],
      [6, "AUE_CR"],
    ]);
    expect(entries[3].classes).toEqual(["pc\r"]);
    expect(issues.map((i) => [i.line, i.action])).toEqual([
      [4, "skipped"],
      [5, "skipped"],
      [6, "skipped"],
      [7, "skipped"],
      [8, "kept"],
      [9, "kept"],
      [10, "skipped"],
      [11, "kept"],
    ]);
    expect(issues[0].text).toBe("2:AUE_FORK:fork(2)");
    expect(issues[0].message).toMatch(/3 non-empty fields/);
    expect(issues[6].message).toMatch(/would read it as event 0/);
  });

  it("strict mode throws one error listing every bad line", () => {
    const text = "1:A:a:pc\nbad line\n2:B:b:pc\nalso:bad\n";
    let caught: unknown;
    try {
      parseAuditEvent(text, { strict: true, source: "audit_event" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(AuditTableError);
    const err = caught as AuditTableError;
    expect(err.issues.map((i) => i.line)).toEqual([2, 4]);
    expect(err.message).toContain("audit_event:2:");
    expect(err.message).toContain("audit_event:4:");
    expect(err.source).toBe("audit_event");
    expect(() => parseAuditEvent("1:A:a:pc\n", { strict: true })).not.toThrow();
  });

  it("class lines: masks are u32, bad lines reported", () => {
    const issues: TableIssue[] = [];
    const classes = parseAuditClass(
      "#c\n0x80000000:ot:misc\n0xffffffff:all:all\n12:dec:decimal\n010:oct:octal\nnomask:x:y\n0x1:toolongname:z\n0x2:ok\n",
      { onError: (i) => issues.push(i) },
    );
    expect(classes.map((c) => [c.name, c.mask])).toEqual([
      ["ot", 0x80000000],
      ["all", 0xffffffff],
      ["dec", 12],
      ["oct", 8],
      ["x", 0],
    ]);
    expect(issues.map((i) => [i.line, i.action])).toEqual([
      [6, "kept"],
      [7, "skipped"],
      [8, "skipped"],
    ]);
    expect(() => parseAuditClass("0x1:fr\n", { strict: true })).toThrow(
      /:1: expected mask:name:description/,
    );
  });

  it("lines longer than libbsm's 255-character buffer are read in pieces", () => {
    const issues: TableIssue[] = [];
    const long = `1:AUE_A:a:pc${",pc".repeat(100)}`;
    const entries = parseAuditEvent(`${long}\n2:AUE_B:b:pc\n`, { onError: (i) => issues.push(i) });
    expect(entries.map((e) => e.number)).toEqual([1, 2]);
    expect(entries[0].classes.join(",").length).toBe(255 - "1:AUE_A:a:".length);
    expect(issues[0].line).toBe(1);
    expect(issues[0].message).toMatch(/255/);
  });

  it("the corpus tables have no line libbsm would reject", () => {
    for (const folder of ["openbsm", "apple"]) {
      const issues: TableIssue[] = [];
      parseAuditEvent(readFileSync(corpusPath("ref", folder, "audit_event"), "utf8"), {
        onError: (i) => issues.push(i),
      });
      parseAuditClass(readFileSync(corpusPath("ref", folder, "audit_class"), "utf8"), {
        onError: (i) => issues.push(i),
      });
      expect(
        issues.filter((i) => i.action === "skipped"),
        folder,
      ).toEqual([]);
    }
  });
});

describe("corpus", () => {
  it("is present (tests fail loudly without it)", () => {
    expect(existsSync(corpusPath("ref", "openbsm", "audit_event"))).toBe(true);
  });
});

describe("audit flags (getauditflagsbin)", () => {
  const t = openbsmEvents();
  const m = (name: string): number => t.classByName(name)?.mask ?? -1;

  it("reads each prefix as libbsm does", () => {
    expect(parseAuditFlags("ex", t)).toEqual({ success: m("ex"), failure: m("ex") });
    expect(parseAuditFlags("+ex", t)).toEqual({ success: m("ex"), failure: 0 });
    expect(parseAuditFlags("-ex", t)).toEqual({ success: 0, failure: m("ex") });
    expect(parseAuditFlags("lo,ex,^ex", t)).toEqual({ success: m("lo"), failure: m("lo") });
    expect(parseAuditFlags("lo,ex,^+ex", t)).toEqual({
      success: m("lo"),
      failure: (m("lo") | m("ex")) >>> 0,
    });
    expect(parseAuditFlags("lo,ex,^-ex", t)).toEqual({
      success: (m("lo") | m("ex")) >>> 0,
      failure: m("lo"),
    });
    // Items apply in order: a class added after its removal stays.
    expect(parseAuditFlags(["^ex", "ex"], t)).toEqual({ success: m("ex"), failure: m("ex") });
    // "all" is 0xffffffff: masks are unsigned.
    expect(parseAuditFlags("all", t).success).toBe(0xffffffff);
  });

  it("drops empty items, as strtok does", () => {
    expect(parseAuditFlags(",,lo,,", t)).toEqual(parseAuditFlags("lo", t));
    expect(parseAuditFlags("", t)).toEqual({ success: 0, failure: 0 });
    expect(splitAuditFlags(["lo,", "^-fr"])).toEqual([
      { text: "lo", name: "lo", success: true, failure: true, remove: false },
      { text: "^-fr", name: "fr", success: false, failure: true, remove: true },
    ]);
  });

  it("names the first unknown class and the item it is in", () => {
    let err: unknown;
    try {
      parseAuditFlags("lo,^-zz,yy", t);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AuditFlagsError);
    expect(err).toBeInstanceOf(RangeError);
    expect(err).toMatchObject({
      flag: "^-zz",
      className: "zz",
      message: "unknown audit class: zz",
    });
    expect(() => parseAuditFlags("+", t)).toThrow(AuditFlagsError);
  });

  it("reads against any class lookup, and gives event class masks", () => {
    const small = new EventTable(
      [{ number: 7, name: "AUE_X", description: "x", classes: ["aa", "^+bb"] }],
      [
        { mask: 1, name: "aa", description: "a" },
        { mask: 3, name: "bb", description: "b" },
      ],
    );
    expect(small.classByName("bb")?.mask).toBe(3);
    expect(small.classByName("cc")).toBeUndefined();
    expect(parseAuditFlags("aa,-bb", { classByName: (n) => small.classByName(n) })).toEqual({
      success: 1,
      failure: 3,
    });
    // ae_class: the success mask of the class list (aa, then bb's success bits removed).
    expect(small.classMask(7)).toBe(0);
    expect(small.classesOf(7).map((c) => c.name)).toEqual(["aa", "bb"]);
    const unknown = new EventTable(
      [{ number: 8, name: "AUE_Y", description: "y", classes: ["aa", "zz"] }],
      [{ mask: 1, name: "aa", description: "a" }],
    );
    expect(unknown.classMask(8)).toBe(0); // getauditflagsbin fails: AU_NULL
  });
});

/**
 * What-if counts checked against the project's `reduce -c FLAGS`
 * (`reduceRecords` with `classes`) on the same trail, for flag lines with
 * `^`, `+` and `-`, and for a `naflags` apart (reduce's selection split
 * by the subject's audit user: non-attributable records are judged by
 * `naflags`); against `preselect`
 * with an audit_user line; not-measurable classes; projections.
 */

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { type ReduceSelection, reduceRecords } from "../src/api/reduce";
import { parseAuditConfig } from "../src/config/load";
import { preselect } from "../src/config/preselect";
import { trailStats } from "../src/stats/trail-stats";
import { openbsmEvents } from "../src/tables/events";
import { generateTrail } from "../src/testing/generator";
import { decodeFrame } from "../src/wire/frame-decoder";
import { corpusPath } from "./corpus";

/** Records and bytes `reduce` selects (of those whose subject's audit user `who` accepts). */
function reduced(
  bytes: Uint8Array,
  sel: Partial<ReduceSelection>,
  who: (auid: number) => boolean = () => true,
): [number, number] {
  let n = 0;
  let b = 0;
  for (const f of reduceRecords(bytes, sel)) {
    const subject = [...decodeFrame(f).tokens].reverse().find((t) => t.type.startsWith("subject"));
    if (!who((subject as { auid: number }).auid)) continue;
    n++;
    b += f.length;
  }
  return [n, b];
}

const FLAGS = [
  "lo,aa",
  "lo,ad,na",
  "all",
  "all,^fr",
  "+ex,-fc",
  "fc,fd,^-fd",
  "-all",
  "+all,^+pc",
  "ex,pc,^+ex",
  "no",
];

const trails = (): [string, Uint8Array][] => [
  ["generated seed 3", generateTrail({ seed: 3, records: 4000 })],
  ["generated apple seed 9", generateTrail({ seed: 9, records: 2000, apple: true })],
  ["corpus mix-small", new Uint8Array(readFileSync(corpusPath("trails/mix-small.bsm")))],
  ["fixtures/sample.bsm", new Uint8Array(readFileSync("fixtures/sample.bsm"))],
];

/** True when every header record has a subject and a return token (what-if and reduce judge alike). */
function wellFormed(bytes: Uint8Array): boolean {
  return decodeAllRecords(bytes)
    .filter((r) => r.header !== null)
    .every(
      (r) =>
        r.tokens.some((t) => t.type.startsWith("subject")) &&
        r.tokens.some((t) => t.type.startsWith("return")),
    );
}

describe("what-if against reduce -c", () => {
  it.each(trails())("%s: every flags line (naflags the same)", async (_name, bytes) => {
    expect(wellFormed(bytes)).toBe(true);
    const s = await trailStats(bytes, { whatIf: FLAGS });
    expect(Object.keys(s.whatIf ?? {})).toEqual(FLAGS);
    let someKept = false;
    for (const flags of FLAGS) {
      const w = s.whatIf?.[flags];
      const [n, b] = reduced(bytes, { classes: flags });
      expect([w?.records, w?.bytes], flags).toEqual([n, b]);
      expect(w?.naflags).toBe(flags);
      expect(w?.bytesPerDay).toBeCloseTo(b / s.days, 6);
      expect(w?.notMeasurable).toEqual([]);
      if (n > 0 && n < s.records) someKept = true;
    }
    expect(someKept).toBe(true);
  });

  it.each(trails())("%s: naflags apart from flags", async (_name, bytes) => {
    const NA = 4294967295;
    let naSeen = 0;
    for (const [flags, naflags] of [
      ["lo,aa", "lo,ad"],
      ["all,^fr", "+ex"],
      ["fc,-fd", "no"],
    ]) {
      const s = await trailStats(bytes, { whatIf: [flags], naflags });
      const w = s.whatIf?.[flags];
      const [at, atB] = reduced(bytes, { classes: flags }, (a) => a !== NA);
      const [na, naB] = reduced(bytes, { classes: naflags }, (a) => a === NA);
      naSeen += na;
      expect([w?.records, w?.bytes], `${flags} / ${naflags}`).toEqual([at + na, atB + naB]);
      expect(w?.naflags).toBe(naflags);
    }
    expect(naSeen).toBeGreaterThan(0);
  });

  it("names an unknown class", async () => {
    await expect(trailStats(new Uint8Array(0), { whatIf: ["lo,zz"] })).rejects.toThrow(/zz/);
  });
});

describe("what-if with a configuration", () => {
  const texts = {
    audit_control: "flags:lo,ex,-fc\nnaflags:lo\nminfree:20\nfilesz:1M\nexpire-after:30d\n",
    audit_user: "root:fw:ex\n",
    audit_class: readFileSync(corpusPath("ref/openbsm/audit_class"), "utf8"),
    audit_event: readFileSync(corpusPath("ref/openbsm/audit_event"), "utf8"),
  };

  it("applies audit_user lines as preselect does", async () => {
    const bytes = generateTrail({ seed: 5, records: 3000 });
    const config = { ...parseAuditConfig(texts), passwd: new Map([[0, "root"]]) };
    const flags = "lo,ex,fc,fw";
    const s = await trailStats(bytes, { whatIf: [flags], config });
    const cand = parseAuditConfig({
      ...texts,
      audit_control: `flags:${flags}\nnaflags:lo\n`,
    });
    const candidate = { ...cand, passwd: config.passwd };
    let n = 0;
    let b = 0;
    let byRoot = 0;
    for (const r of decodeAllRecords(bytes)) {
      if (r.header === null) continue;
      const subject = [...r.tokens].reverse().find((t) => t.type.startsWith("subject")) as {
        auid: number;
      };
      const ret = [...r.tokens].reverse().find((t) => t.type.startsWith("return")) as {
        status: number;
      };
      const q = { event: r.event, auid: subject.auid, success: ret.status === 0 };
      if (preselect(candidate, q).audited) {
        n++;
        b += r.length;
        if (subject.auid === 0) byRoot++;
      }
    }
    expect(byRoot).toBeGreaterThan(0);
    const w = s.whatIf?.[flags];
    expect([w?.records, w?.bytes]).toEqual([n, b]);
    // naflags defaults to the configuration's.
    expect(w?.naflags).toBe("lo");
  });

  it("names the classes the recorded trail could not hold", async () => {
    const config = parseAuditConfig(texts);
    const s = await trailStats(new Uint8Array(0), {
      whatIf: ["lo,ex", "lo,fc", "+fc", "lo,ex,fr", "fw"],
      config,
    });
    const nm = (f: string) => s.whatIf?.[f].notMeasurable;
    expect(nm("lo,ex")).toEqual([]);
    // The trail holds failed fc only: successes are missing.
    expect(nm("lo,fc")).toEqual(["+fc"]);
    expect(nm("+fc")).toEqual(["+fc"]);
    expect(nm("lo,ex,fr")).toEqual(["fr"]);
    // root's audit_user line records fw always.
    expect(nm("fw")).toEqual([]);
  });

  it("projects files per day, days of history and days until minfree", async () => {
    const bytes = generateTrail({ seed: 11, records: 2000 });
    const config = parseAuditConfig(texts);
    const disk = 10 * 1024 ** 3;
    const s = await trailStats(bytes, { whatIf: ["all"], config, diskBytes: disk });
    const w = s.whatIf?.all;
    const perDay = (w?.bytes ?? 0) / s.days;
    expect(w?.bytesPerDay).toBeCloseTo(perDay, 6);
    expect(w?.filesPerDay).toBeCloseTo(perDay / 1024 ** 2, 9);
    expect(w?.daysOfHistory).toBe(30);
    expect(w?.daysUntilMinfree).toBeCloseTo((disk * 0.8) / perDay, 9);
  });

  it("takes history from an expiry size, AND and OR, or from the disk", async () => {
    const bytes = generateTrail({ seed: 12, records: 500 });
    const disk = 1024 ** 3;
    const with_ = async (control: string) => {
      const config = parseAuditConfig({ ...texts, audit_control: control });
      const s = await trailStats(bytes, { whatIf: ["all"], config, diskBytes: disk });
      return s.whatIf?.all;
    };
    const size = await with_("flags:all\nexpire-after:1G\n");
    expect(size?.daysOfHistory).toBeCloseTo(1024 ** 3 / (size?.bytesPerDay ?? 1), 9);
    const sizeDays = size?.daysOfHistory ?? 0;
    const and = await with_("flags:all\nexpire-after:2d AND 1G\n");
    expect(and?.daysOfHistory).toBeCloseTo(Math.max(2, sizeDays), 9);
    const or = await with_("flags:all\nexpire-after:2d OR 1G\n");
    expect(or?.daysOfHistory).toBeCloseTo(Math.min(2, sizeDays), 9);
    const none = await with_("flags:all\n");
    expect(none?.filesPerDay).toBeUndefined();
    expect(none?.daysUntilMinfree).toBeCloseTo(disk / (none?.bytesPerDay ?? 1), 9);
    expect(none?.daysOfHistory).toBe(none?.daysUntilMinfree);
  });

  it("uses the configuration's event table by default", async () => {
    const config = parseAuditConfig(texts);
    const s = await trailStats(generateTrail({ seed: 2, records: 100 }), { config });
    expect(openbsmEvents().get(23)?.name).toBe(s.byEvent["23"]?.name);
  });
});

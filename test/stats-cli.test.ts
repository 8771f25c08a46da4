/**
 * `bsm-trail stats`: the `--json` object parsed and checked against the
 * library and against `reduce -c` (the CLI's own), the text tables, usage
 * errors, damage; and a property (fast-check) that the sums over byEvent,
 * byDay, byHour, byUser, byExecutable and the timeline equal the totals.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { humanBytes } from "../src/stats/stats-text";
import type { Tally, TrailStats } from "../src/stats/stats-types";
import { trailStats } from "../src/stats/trail-stats";
import { generateTrail } from "../src/testing/generator";
import { encodeTrail } from "../src/wire/encoder";
import { badTrails, corpusPath } from "./corpus";
import { cli } from "./run-cli";

const dir = mkdtempSync(join(tmpdir(), "stats-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const SAMPLE = "fixtures/sample.bsm";

function json(args: string[], input?: Uint8Array): TrailStats {
  const r = cli(["stats", "--json", ...args], input);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const text = r.stdout.toString();
  expect(text.endsWith("\n")).toBe(true);
  expect(text.trim().split("\n")).toHaveLength(1);
  return JSON.parse(text) as TrailStats;
}

describe("bsm-trail stats --json", () => {
  it("prints the library's statistics as one object", async () => {
    const s = json([SAMPLE]);
    const lib = await trailStats(SAMPLE, { timeZone: "UTC" });
    expect(s).toEqual(JSON.parse(JSON.stringify(lib)));
    expect(Object.keys(s)).toEqual(
      expect.arrayContaining([
        "records",
        "bytes",
        "first",
        "last",
        "byEvent",
        "byClass",
        "byUser",
        "byDay",
      ]),
    );
    const header = decodeAllRecords(new Uint8Array(readFileSync(SAMPLE))).filter(
      (r) => r.header !== null,
    );
    expect(s.records).toBe(header.length);
    expect(s.bytes).toBe(header.reduce((a, r) => a + r.length, 0));
    for (const [k, e] of Object.entries(s.byEvent)) {
      expect(Object.keys(e).sort()).toEqual(["bytes", "classes", "failures", "name", "records"]);
      expect(e.records).toBe(header.filter((r) => String(r.event) === k).length);
    }
  });

  it("reads standard input", () => {
    const bytes = new Uint8Array(readFileSync(SAMPLE));
    expect(json([], bytes).bytes).toBe(json([SAMPLE]).bytes);
  });

  it("--what-if counts as the CLI's reduce -c selects", () => {
    const flags = ["lo,aa", "+ex,^fr,-fc", "all,^-pc"];
    const s = json(flags.flatMap((f) => ["--what-if", f]).concat(SAMPLE));
    for (const f of flags) {
      const r = cli(["reduce", "-c", f, SAMPLE]);
      expect(r.status).toBe(0);
      const kept = r.stdout;
      const records = decodeAllRecords(new Uint8Array(kept)).length;
      expect(s.whatIf?.[f]).toMatchObject({ flags: f, records, bytes: kept.length });
      expect(s.whatIf?.[f].bytesPerDay).toBeCloseTo(kept.length / s.days, 6);
    }
  });

  it("--config, --disk and --naflags", () => {
    const conf = join(dir, "security");
    rmSync(conf, { recursive: true, force: true });
    mkdirSync(conf);
    for (const f of ["audit_class", "audit_event", "audit_user"]) {
      writeFileSync(join(conf, f), readFileSync(corpusPath("ref/openbsm", f)));
    }
    writeFileSync(
      join(conf, "audit_control"),
      "dir:/var/audit\nflags:lo,aa,ex\nnaflags:lo\nminfree:10\nfilesz:2M\nexpire-after:7d\n",
    );
    const s = json(["--config", conf, "--disk", "1G", "--what-if", "lo,ex,fr", SAMPLE]);
    const w = s.whatIf?.["lo,ex,fr"];
    expect(w?.naflags).toBe("lo");
    expect(w?.notMeasurable).toEqual(["fr"]);
    expect(w?.filesPerDay).toBeCloseTo((w?.bytesPerDay ?? 0) / (2 * 1024 ** 2), 9);
    expect(w?.daysOfHistory).toBe(7);
    expect(w?.daysUntilMinfree).toBeCloseTo((1024 ** 3 * 0.9) / (w?.bytesPerDay ?? 1), 6);
    const na = json(["--config", conf, "--naflags", "all", "--what-if", "lo", SAMPLE]);
    expect(na.whatIf?.lo.naflags).toBe("all");
  });

  it("--passwd names users", () => {
    const passwd = join(dir, "passwd");
    writeFileSync(passwd, "root:*:0:0::/:/bin/sh\nalice:*:501:20::/:/bin/sh\n");
    const s = json(["--passwd", passwd, SAMPLE]);
    expect(s.byUser["0"].name).toBe("root");
    expect(s.byUser["501"].name).toBe("alice");
    expect(s.byUser["502"].name).toBeUndefined();
  });

  it("counts only what reduce's options select", () => {
    const s = json(["-m", "AUE_EXECVE", SAMPLE]);
    expect(Object.keys(s.byEvent)).toEqual(["23"]);
  });

  it("reports damage and still counts the intact records (exit status 1)", () => {
    const bad = corpusPath(badTrails().find((b) => b.includes("garbage-byte-between")) ?? "");
    const r = cli(["stats", "--json", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(bad);
    const s = JSON.parse(r.stdout.toString()) as TrailStats;
    expect(s.damaged.count).toBeGreaterThan(0);
    expect(s.records).toBeGreaterThan(0);
  });
});

describe("bsm-trail stats (text)", () => {
  it("prints tables with the top rows and the what-if comparison", () => {
    const r = cli(["stats", "--top", "3", "--what-if", "lo,aa", "--what-if", "all", SAMPLE]);
    expect(r.status).toBe(0);
    const text = r.stdout.toString();
    const s = json([SAMPLE]);
    expect(text).toContain(`records   ${s.records}`);
    expect(text).toContain(humanBytes(s.bytes));
    for (const title of [
      "By event",
      "By class",
      "By user",
      "By executable",
      "By hour (UTC)",
      "By day (UTC)",
      "What-if",
    ]) {
      expect(text).toContain(`\n${title}\n`);
    }
    // --top 3: three event rows, then how many more.
    const events = text.split("\nBy event\n")[1].split("\n\n")[0].split("\n");
    expect(events.filter((l) => /^\s+\d+\s+AUE_/.test(l))).toHaveLength(3);
    expect(text).toContain(`... ${Object.keys(s.byEvent).length - 3} more`);
    expect(text).toMatch(/\n\s+lo,aa\s+lo,aa\s+\d/);
  });

  it("humanBytes", () => {
    expect(humanBytes(512)).toBe("512 B");
    expect(humanBytes(1536)).toBe("1.5 KiB");
    expect(humanBytes(5 * 1024 ** 3)).toBe("5.0 GiB");
  });

  it.each([
    [["--what-if", "lo,zz"], /unknown class "zz"/],
    [["--disk", "10X"], /--disk/],
    [["--top", "0"], /--top/],
    [["--follow"], /--follow/],
    [["--utc", "--tz", "UTC"], /--utc and --tz/],
  ])("usage error %j", (args, message) => {
    const r = cli(["stats", ...args, SAMPLE]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain("bsm-trail stats --help");
  });

  it("--help", () => {
    const r = cli(["stats", "--help"]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain("--what-if FLAGS");
  });
});

describe("property: the tables add up to the totals", () => {
  it("byEvent, byDay, byHour, byUser, byExecutable and the timeline sum to records and bytes", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 1e6 }),
        fc.integer({ min: 0, max: 400 }),
        fc.array(fc.integer({ min: 0, max: 400 * 86400 }), { minLength: 1, maxLength: 50 }),
        fc.constantFrom("UTC", "America/New_York", "Asia/Kolkata"),
        async (seed, n, offsets, timeZone) => {
          const records = decodeAllRecords(generateTrail({ seed, records: n }));
          let i = 0;
          for (const r of records) {
            if (r.header !== null) r.header.seconds = 1_600_000_000 + offsets[i++ % offsets.length];
          }
          const s = await trailStats(encodeTrail(records), { timeZone, maxExecutables: 5 });
          const sum = (ts: Iterable<Tally>) => {
            let records = 0;
            let bytes = 0;
            let failures = 0;
            for (const t of ts) {
              records += t.records;
              bytes += t.bytes;
              failures += t.failures;
            }
            return { records, bytes, failures };
          };
          const total = { records: s.records, bytes: s.bytes, failures: s.failures };
          expect(sum(Object.values(s.byEvent))).toEqual(total);
          expect(sum(Object.values(s.byDay))).toEqual(total);
          expect(sum(s.byHour)).toEqual(total);
          expect(sum(Object.values(s.byUser))).toEqual(total);
          expect(sum(Object.values(s.byExecutable))).toEqual(total);
          expect(sum(s.timeline.buckets)).toEqual(total);
          expect(s.successes + s.failures).toBe(s.records);
          // A day's bytes by class add up to the bytes of each class.
          const byClass = new Map<string, number>();
          for (const d of Object.values(s.byDay)) {
            for (const [c, b] of Object.entries(d.bytesByClass)) {
              byClass.set(c, (byClass.get(c) ?? 0) + b);
            }
          }
          for (const [c, t] of Object.entries(s.byClass)) expect(byClass.get(c) ?? 0).toBe(t.bytes);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe("README, section Volume: stats and what-if", () => {
  it("shows the output the commands print", () => {
    const readme = readFileSync(new URL("../README.md", import.meta.url), "utf8");
    const section = readme.slice(
      readme.indexOf("## Volume: stats and what-if"),
      readme.indexOf("## Damaged trails"),
    );
    const shown = [...section.matchAll(/^\$ bsm-trail (.*)\n([\s\S]*?)(?=^\$ |^```)/gm)];
    expect(shown.length).toBeGreaterThanOrEqual(1);
    for (const [, command, output] of shown) {
      const r = cli(command.split(" "));
      expect(r.status, command).toBe(0);
      expect(r.stdout.toString(), command).toBe(output);
    }
    // The JSON example's line, without jq: the candidate's object as printed.
    const line = /^\{"flags":"lo,aa,ex".*\}$/m.exec(section)?.[0] ?? "";
    const s = json(
      `--config ${corpusPath("ref/openbsm")} --disk 20G --what-if lo,aa,ex ${SAMPLE}`.split(" "),
    );
    expect(JSON.stringify(s.whatIf?.["lo,aa,ex"])).toBe(line);
  });
});

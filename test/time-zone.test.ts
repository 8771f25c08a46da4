/**
 * Times in the local time zone, as praudit prints them (`ctime(3)`, `TZ`,
 * daylight saving included) and as reduce reads them: the corpus's
 * `tz/dst.bsm` against the real praudit's output in two zones, the printer
 * against `Intl.DateTimeFormat` on random instants in several zones, the
 * zone offsets' caching, `TZ` as the C library reads it, and wall times in
 * daylight-saving gaps and overlaps.
 */

import { readFileSync } from "node:fs";
import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { auditTime, auditTimeIn } from "../src/cli/audit-time";
import { FramePrinter } from "../src/print/frame-printer";
import { PrauditPrinter, prauditText } from "../src/print/praudit";
import type { PrauditOptions } from "../src/print/praudit-options";
import { PrintBuffer } from "../src/print/print-buffer";
import { localTimeZone, wallTimeToInstant, ZoneOffsets } from "../src/tables/time-zone";
import { loadHostDb, nameResolver } from "../src/tables/users";
import { encodeTrail } from "../src/wire/encoder";
import { tokens } from "../src/wire/token-builders";
import { corpusPath } from "./corpus";
import { cli } from "./run-cli";

type Opts = Readonly<Partial<PrauditOptions>>;

/** The zones the corpus's tz/ outputs were printed in. */
const CORPUS_ZONES = ["America/Los_Angeles", "Australia/Lord_Howe"] as const;

/**
 * Zones for the property tests: both hemispheres, half- and quarter-hour
 * offsets, a zone with half-hour daylight saving, and UTC.
 */
const ZONES = [
  "UTC",
  "America/Los_Angeles",
  "Australia/Lord_Howe", // +10:30, half an hour of daylight saving
  "Australia/Sydney", // southern hemisphere: summer time over new year
  "America/Santiago", // southern hemisphere, changes at midnight
  "Asia/Kolkata", // +05:30, LMT with seconds before 1854
  "Pacific/Chatham", // +12:45 / +13:45
  "America/St_Johns", // -03:30 / -02:30
  "Europe/Dublin", // negative daylight saving in the tzdata
] as const;

function corpusFile(zone: string): Buffer {
  return readFileSync(corpusPath("tz", `dst.bsm.praudit-l.${zone.replace("/", "_")}.txt`));
}

/** The options the corpus was printed with, in `zone`. */
function corpusOptions(zone: string, o: Opts = {}): Opts {
  const names = nameResolver(
    loadHostDb({ passwd: corpusPath("hostdb/passwd"), group: corpusPath("hostdb/group") }),
  );
  return { names, platform: "linux", appleTokens: false, timeZone: zone, ...o };
}

/** The CLI's way: frames printed from their bytes. */
function printFrames(bytes: Uint8Array, o: Opts): string {
  const printer = new PrauditPrinter(o);
  const w = new PrintBuffer();
  const fp = new FramePrinter(printer);
  w.str(printer.header());
  for (const batch of fp.batchesOf(bytes)) fp.write(batch, w);
  w.str(printer.footer());
  return w.take();
}

const WEEKDAYS = new Map([
  ["Sun", 0],
  ["Mon", 1],
  ["Tue", 2],
  ["Wed", 3],
  ["Thu", 4],
  ["Fri", 5],
  ["Sat", 6],
]);

const intlFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The `ctime` text of `seconds` in `zone` as `Intl.DateTimeFormat` shows the
 * wall clock: `Sun Mar 10 01:00:00 2024` (day of month padded with a space).
 */
function intlCtime(seconds: number, zone: string): string {
  let f = intlFormats.get(zone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      weekday: "short",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
      year: "numeric",
      hourCycle: "h23",
    });
    intlFormats.set(zone, f);
  }
  const p = Object.fromEntries(f.formatToParts(seconds * 1000).map((x) => [x.type, x.value]));
  expect(WEEKDAYS.has(p.weekday)).toBe(true);
  return `${p.weekday} ${p.month} ${p.day.padStart(2, " ")} ${p.hour}:${p.minute}:${p.second} ${p.year}`;
}

/** A trail of one header64 record (with a trailer) per instant. */
function trailAt(seconds: readonly number[]): Uint8Array {
  return encodeTrail(
    seconds.map((s) => [
      tokens.header64({ event: 23, seconds: BigInt(s) }),
      tokens.return32(0, 0),
      tokens.trailer(),
    ]),
    { fixSizes: true },
  );
}

/** A `ctime` text. */
const CTIME = /[A-Z][a-z]{2} [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \d{4}/;

/** The first time of every line of the corpus's `-l` output (its header's). */
function corpusTimes(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => CTIME.exec(l)?.[0] ?? "");
}

/** The time field of every line of `-l` output of {@link trailAt}'s records. */
function timesOf(text: string): string[] {
  return text
    .split("\n")
    .filter((l) => l !== "")
    .map((l) => l.split(",")[5]);
}

/** 1800-01-01 and 2200-01-01 UTC: the instants the property tests draw from. */
const FROM = Date.UTC(1800, 0, 1) / 1000;
const TO = Date.UTC(2200, 0, 1) / 1000;

/** Daylight-saving changes the sequence tests walk across (UTC seconds). */
const CHANGES: readonly (readonly [string, number])[] = [
  ["America/Los_Angeles", Date.UTC(2024, 2, 10, 10) / 1000],
  ["America/Los_Angeles", Date.UTC(2024, 10, 3, 9) / 1000],
  ["Australia/Lord_Howe", Date.UTC(2024, 3, 6, 15) / 1000], // 02:00 +11 back to 01:30 +10:30
  ["Australia/Lord_Howe", Date.UTC(2024, 9, 5, 15, 30) / 1000], // 02:00 +10:30 on to 02:30 +11
  ["Australia/Sydney", Date.UTC(2024, 3, 6, 16) / 1000],
  ["Pacific/Chatham", Date.UTC(2024, 8, 28, 14) / 1000],
];

describe("praudit's times in a time zone (corpus tz/)", () => {
  const bytes = readFileSync(corpusPath("tz", "dst.bsm"));

  for (const zone of CORPUS_ZONES) {
    it(`dst.bsm in ${zone}, decoded and from frames, as praudit -l prints it`, () => {
      const want = corpusFile(zone).toString("latin1");
      const o = corpusOptions(zone, { oneLine: true });
      expect(prauditText(decodeAllRecords(bytes), o)).toBe(want);
      expect(printFrames(bytes, o)).toBe(want);
    });

    it(`dst.bsm in ${zone}: the XML time attributes are the -l output's times`, () => {
      const want = corpusTimes(corpusFile(zone).toString("latin1"));
      expect(want.filter((t) => t === "")).toEqual([]);
      const xml = prauditText(decodeAllRecords(bytes), corpusOptions(zone, { xml: true }));
      const got = [...xml.matchAll(/<record [^>]*time="([^"]*)"/g)].map((m) => m[1]);
      expect(got).toHaveLength(400);
      expect(got).toEqual(want);
    });
  }

  it("the two zones print different times (the comparison is not vacuous)", () => {
    const la = corpusTimes(corpusFile("America/Los_Angeles").toString("latin1"));
    const lh = corpusTimes(corpusFile("Australia/Lord_Howe").toString("latin1"));
    expect(la).toHaveLength(400);
    for (let i = 0; i < la.length; i++) expect(la[i]).not.toBe(lh[i]);
  });
});

describe("bsm-trail praudit and TZ", () => {
  const trail = corpusPath("tz", "dst.bsm");
  const hostdb = [
    "--passwd",
    corpusPath("hostdb/passwd"),
    "--group",
    corpusPath("hostdb/group"),
    "--platform",
    "linux",
  ];

  for (const zone of CORPUS_ZONES) {
    it(`TZ=${zone} bsm-trail praudit -l dst.bsm is praudit's output`, () => {
      const r = cli(["praudit", "-l", ...hostdb, trail], undefined, { env: { TZ: zone } });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.equals(corpusFile(zone))).toBe(true);
    });

    it(`--tz ${zone} overrides TZ=UTC`, () => {
      const r = cli(["praudit", "-l", "--tz", zone, ...hostdb, trail]);
      expect(r.status).toBe(0);
      expect(r.stdout.equals(corpusFile(zone))).toBe(true);
    });
  }

  it("TZ as a POSIX rule string (PST8PDT,M3.2.0,M11.1.0) prints as the zone with that rule", () => {
    const r = cli(["praudit", "-l", ...hostdb, trail], undefined, {
      env: { TZ: "PST8PDT,M3.2.0,M11.1.0" },
    });
    expect(r.stderr).toBe("");
    expect(r.stdout.equals(corpusFile("America/Los_Angeles"))).toBe(true);
  });

  it("--utc prints what TZ=UTC prints, whatever TZ is", () => {
    const utc = cli(["praudit", "-l", ...hostdb, trail]);
    const flag = cli(["praudit", "-l", "--utc", ...hostdb, trail], undefined, {
      env: {
        TZ: "America/Los_Angeles",
      },
    });
    expect(flag.status).toBe(0);
    expect(flag.stdout.equals(utc.stdout)).toBe(true);
    expect(utc.stdout.equals(corpusFile("America/Los_Angeles"))).toBe(false);
    // The first record is at 2024-03-10 09:00:00.547 UTC.
    expect(utc.stdout.toString().split(",")[5]).toBe("Sun Mar 10 09:00:00 2024");
  });

  it("an unknown --tz is a one-line usage error; a TZ naming no zone warns and prints UTC", () => {
    const bad = cli(["praudit", "--tz", "Mars/Olympus_Mons", trail]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("Mars/Olympus_Mons");
    const utc = cli(["praudit", "-l", ...hostdb, trail]);
    const posix = cli(["praudit", "-l", ...hostdb, trail], undefined, {
      env: {
        TZ: "PST8PDT,M3.2.0,M11.1.0x",
      },
    });
    expect(posix.status).toBe(0);
    expect(posix.stderr).toMatch(
      /TZ="PST8PDT,M3\.2\.0,M11\.1\.0x" is neither a time zone name.*UTC/,
    );
    expect(posix.stdout.equals(utc.stdout)).toBe(true);
    // reduce reads -a and -b in that zone: one warning, UTC times.
    const red = cli(["reduce", "-a", "20240310", "-b", "20240310095959", trail], undefined, {
      env: {
        TZ: "Bogus/Zone",
      },
    });
    expect(red.status).toBe(0);
    expect(red.stderr.trim().split("\n")).toEqual([
      'bsm-trail: TZ="Bogus/Zone" is neither a time zone name this runtime knows nor a POSIX TZ rule; times are UTC',
    ]);
    const first = Date.UTC(2024, 2, 10, 9) / 1000;
    const kept = decodeAllRecords(new Uint8Array(red.stdout)).map(
      (r) => (r.tokens[0] as { seconds: number }).seconds,
    );
    expect(kept.length).toBeGreaterThan(0);
    for (const t of kept) expect(t >= first && t < first + 3600).toBe(true);
  });
});

describe("the printer's times against Intl.DateTimeFormat", () => {
  for (const zone of ZONES) {
    it(`random instants from 1800 to 2200 in ${zone}`, () => {
      fc.assert(
        fc.property(
          fc.array(fc.integer({ min: FROM, max: TO }), { minLength: 1, maxLength: 40 }),
          (secs) => {
            const bytes = trailAt(secs);
            const o: Opts = { oneLine: true, timeZone: zone };
            const want = secs.map((s) => intlCtime(s, zone));
            expect(timesOf(prauditText(decodeAllRecords(bytes), o))).toEqual(want);
            expect(timesOf(printFrames(bytes, o))).toEqual(want);
          },
        ),
        { numRuns: 40 },
      );
    });
  }

  for (const [zone, change] of CHANGES) {
    it(`runs of instants across the change at ${new Date(change * 1000).toISOString()} in ${zone}`, () => {
      fc.assert(
        fc.property(
          fc.integer({ min: -3 * 86400, max: 3 * 86400 }),
          fc.array(fc.integer({ min: 0, max: 4000 }), { minLength: 1, maxLength: 200 }),
          fc.boolean(),
          (start, steps, backwards) => {
            // A trail walking forward (or back) in small steps from near the change.
            const secs: number[] = [];
            let t = change + start;
            for (const s of steps) {
              t += backwards ? -s : s;
              secs.push(t);
            }
            const want = secs.map((s) => intlCtime(s, zone));
            expect(timesOf(printFrames(trailAt(secs), { oneLine: true, timeZone: zone }))).toEqual(
              want,
            );
          },
        ),
        { numRuns: 60 },
      );
    });
  }

  it("every second around each change", () => {
    for (const [zone, change] of CHANGES) {
      const secs = Array.from({ length: 7201 }, (_, i) => change - 3600 + i);
      const got = timesOf(printFrames(trailAt(secs), { oneLine: true, timeZone: zone }));
      expect(got).toEqual(secs.map((s) => intlCtime(s, zone)));
    }
  });

  it("the XML printer's time attribute and the text printer's agree, in a zone", () => {
    const secs = CHANGES.map(([, c]) => c - 1).concat(CHANGES.map(([, c]) => c));
    const bytes = trailAt(secs);
    const xml = prauditText(decodeAllRecords(bytes), {
      xml: true,
      timeZone: "Australia/Lord_Howe",
    });
    const got = [...xml.matchAll(/<record [^>]*time="([^"]*)"/g)].map((m) => m[1]);
    expect(got).toEqual(secs.map((s) => intlCtime(s, "Australia/Lord_Howe")));
  });

  it("-r prints the seconds, whatever the zone", () => {
    const text = prauditText(decodeAllRecords(trailAt([1710064800])), {
      raw: true,
      oneLine: true,
      timeZone: "America/Los_Angeles",
    });
    expect(text.split(",")[5]).toBe("1710064800");
  });
});

/**
 * POSIX rule strings and the zones that have kept those rules since the
 * year given (US rules since 2007, Australian since 2008, New Zealand's
 * since 2007; Japan has kept +9 without daylight time since 1952).
 */
const POSIX_RULES: readonly (readonly [string, string, number])[] = [
  ["PST8PDT,M3.2.0,M11.1.0", "America/Los_Angeles", 2007],
  ["EST5EDT,M3.2.0/2:00:00,M11.1.0/02", "America/New_York", 2007],
  ["AEST-10AEDT,M10.1.0,M4.1.0/3", "Australia/Sydney", 2008],
  ["<+1030>-10:30<+11>-11,M10.1.0,M4.1.0", "Australia/Lord_Howe", 2008],
  ["NZST-12NZDT,M9.5.0,M4.1.0/3", "Pacific/Auckland", 2008],
  ["<+1245>-12:45<+1345>,M9.5.0/2:45,M4.1.0/3:45", "Pacific/Chatham", 2008],
  ["JST-9", "Asia/Tokyo", 1952],
];

describe("POSIX TZ rule strings", () => {
  for (const [rule, zone, since] of POSIX_RULES) {
    it(`${rule} is ${zone} from ${since} to 2100`, () => {
      const from = Date.UTC(since, 0, 1) / 1000;
      const to = Date.UTC(2100, 0, 1) / 1000;
      const z = new ZoneOffsets(rule);
      expect(z.timeZone).toBe(rule);
      fc.assert(
        fc.property(fc.integer({ min: from, max: to }), (t) => {
          expect(z.offsetAt(t)).toBe(new ZoneOffsets(zone).offsetAt(t));
        }),
        { numRuns: 300 },
      );
      // Every second of an hour either side of each change of 2024.
      const changes = CHANGES.filter(([name]) => name === zone).map(([, c]) => c);
      const iana = new ZoneOffsets(zone);
      for (const c of changes) {
        for (let t = c - 3600; t <= c + 3600; t++) expect(z.offsetAt(t)).toBe(iana.offsetAt(t));
      }
    });
  }

  it("what is not a rule string is refused", () => {
    for (const bad of [
      "",
      "AB5",
      "ABCD",
      "EST5EDT,M3.2.0",
      "EST5EDT,M13.1.0,M11.1.0",
      "EST25",
      "<AB>5",
      "EST5EDT,J0,J100",
      "EST5x",
    ]) {
      expect(() => new ZoneOffsets(bad), bad).toThrow(RangeError);
    }
  });
});

describe("ZoneOffsets", () => {
  it("offsets with seconds (local mean time) and halves and quarters of hours", () => {
    // Facts of the tz database: LMT in Los Angeles was -7:52:58, Kolkata's
    // before 1854 +5:53:28; Chatham keeps +12:45 in winter.
    expect(new ZoneOffsets("America/Los_Angeles").offsetAt(Date.UTC(1850, 0, 1) / 1000)).toBe(
      -(7 * 3600 + 52 * 60 + 58),
    );
    expect(new ZoneOffsets("Asia/Kolkata").offsetAt(Date.UTC(1850, 0, 1) / 1000)).toBe(
      5 * 3600 + 53 * 60 + 28,
    );
    expect(new ZoneOffsets("Pacific/Chatham").offsetAt(Date.UTC(2024, 6, 1) / 1000)).toBe(
      12 * 3600 + 45 * 60,
    );
    expect(new ZoneOffsets("Australia/Lord_Howe").offsetAt(Date.UTC(2024, 0, 1) / 1000)).toBe(
      11 * 3600,
    );
  });

  it("asks the zone data about once a day of a sequential trail, not once a record", () => {
    const z = new ZoneOffsets("America/Los_Angeles");
    const start = Date.UTC(2024, 0, 1) / 1000;
    let last = 0;
    // A year, a record a minute: 525,600 look-ups across two changes.
    for (let t = start; t < start + 366 * 86400; t += 60) last = z.offsetAt(t);
    expect(last).toBe(-8 * 3600);
    // 366 days, and a binary search (17 asks) per change.
    expect(z.lookups).toBeLessThan(366 + 2 * 20 + 5);
    expect(z.lookups).toBeGreaterThan(300);
  });

  it("UTC asks nothing", () => {
    const z = new ZoneOffsets("Etc/UTC");
    expect(z.isUtc).toBe(true);
    for (let t = -1e10; t < 1e10; t += 1e7) expect(z.offsetAt(t)).toBe(0);
    expect(z.lookups).toBe(0);
  });

  it("instants beyond what Date holds get offset 0; the printer prints nothing for them, as for any year past 9999", () => {
    const z = new ZoneOffsets("Europe/Dublin");
    expect(z.offsetAt(1e13)).toBe(0);
    expect(z.offsetAt(-1e13)).toBe(0);
    const text = prauditText(decodeAllRecords(trailAt([1e13, 253402300799 + 86400])), {
      oneLine: true,
      timeZone: "Europe/Dublin",
    });
    expect(timesOf(text)).toEqual(["", ""]);
  });

  it("an unknown zone is a RangeError naming it, from the printer too", () => {
    expect(() => new ZoneOffsets("Nowhere/Special")).toThrow(/Nowhere\/Special/);
    expect(() => new PrauditPrinter({ timeZone: "Nowhere/Special" })).toThrow(RangeError);
  });
});

describe("the local zone (TZ)", () => {
  const saved = process.env.TZ;
  afterEach(() => {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  });

  it("reads TZ as the C library does", () => {
    expect(localTimeZone("America/New_York")).toEqual({ timeZone: "America/New_York" });
    expect(localTimeZone(":Europe/Paris")).toEqual({ timeZone: "Europe/Paris" });
    expect(localTimeZone("/usr/share/zoneinfo/Asia/Tokyo")).toEqual({ timeZone: "Asia/Tokyo" });
    expect(localTimeZone("")).toEqual({ timeZone: "UTC" });
    expect(localTimeZone("US/Pacific").timeZone).toBe("America/Los_Angeles");
    expect(localTimeZone("JST-9")).toEqual({ timeZone: "JST-9" });
    expect(localTimeZone(":EST5EDT4,M3.2.0,M11.1.0")).toEqual({
      timeZone: "EST5EDT4,M3.2.0,M11.1.0",
    });
    const bad = localTimeZone("Mars/Olympus_Mons");
    expect(bad.timeZone).toBe("UTC");
    expect(bad.problem).toContain("Mars/Olympus_Mons");
    const unset = localTimeZone(undefined);
    expect(() => new ZoneOffsets(unset.timeZone)).not.toThrow();
    expect(unset.problem).toBeUndefined();
  });

  it("is the printer's default, read when the printer is made", () => {
    const bytes = trailAt([1710064800]); // 2024-03-10 10:00 UTC
    process.env.TZ = "America/Los_Angeles";
    const la = new PrauditPrinter({ oneLine: true });
    process.env.TZ = "Asia/Kolkata";
    const kolkata = new PrauditPrinter({ oneLine: true });
    const [r] = decodeAllRecords(bytes);
    expect(la.record(r).split(",")[5]).toBe(intlCtime(1710064800, "America/Los_Angeles"));
    expect(kolkata.record(r).split(",")[5]).toBe(intlCtime(1710064800, "Asia/Kolkata"));
    expect(la.record(r).split(",")[5]).toBe("Sun Mar 10 03:00:00 2024");
  });
});

describe("reduce's times in a zone: gaps and overlaps", () => {
  const la = new ZoneOffsets("America/Los_Angeles");
  const lordHowe = new ZoneOffsets("Australia/Lord_Howe");
  const iso = (text: string, z: ZoneOffsets) => auditTime(text, z).toISOString();

  it("a time the clock showed once is that instant", () => {
    expect(iso("20240310013000", la)).toBe("2024-03-10T09:30:00.000Z"); // PST
    expect(iso("20240310033000", la)).toBe("2024-03-10T10:30:00.000Z"); // PDT
    expect(iso("20240701", la)).toBe("2024-07-01T07:00:00.000Z");
    expect(auditTimeIn("20240310013000", la).kind).toBe("exact");
  });

  it("a time in the spring gap is read with the offset before it (02:30 is 03:30 PDT)", () => {
    const r = auditTimeIn("20240310023000", la);
    expect(r.kind).toBe("gap");
    expect(new Date(r.seconds * 1000).toISOString()).toBe("2024-03-10T10:30:00.000Z");
    // Lord Howe skips 02:00-02:30 (+10:30 to +11): 02:15 is read at +10:30.
    const lh = auditTimeIn("20241006021500", lordHowe);
    expect(lh.kind).toBe("gap");
    expect(new Date(lh.seconds * 1000).toISOString()).toBe("2024-10-05T15:45:00.000Z");
  });

  it("a time in the autumn overlap is the first of its two instants", () => {
    const r = auditTimeIn("20241103013000", la);
    expect(r.kind).toBe("overlap");
    expect(new Date(r.seconds * 1000).toISOString()).toBe("2024-11-03T08:30:00.000Z"); // PDT, not PST's 09:30
    const lh = auditTimeIn("20240407014500", lordHowe);
    expect(lh.kind).toBe("overlap");
    expect(new Date(lh.seconds * 1000).toISOString()).toBe("2024-04-06T14:45:00.000Z"); // +11
  });

  it("any wall time: the instant shows that wall time again, or lies just past a gap", () => {
    for (const zone of ZONES) {
      const z = new ZoneOffsets(zone);
      fc.assert(
        fc.property(fc.integer({ min: FROM, max: TO }), (wall) => {
          const r = wallTimeToInstant(wall, z);
          const shown = z.localSeconds(r.seconds);
          if (r.kind === "gap") {
            // Past the change by as much as the wall time was past the gap's start.
            expect(shown).toBeGreaterThan(wall);
            expect(z.offsetAt(r.seconds)).toBeGreaterThan(z.offsetAt(r.seconds - 86400));
          } else {
            expect(shown).toBe(wall);
            expect(intlCtime(r.seconds, zone)).toBe(intlCtime(wall, "UTC"));
          }
          if (r.kind === "overlap") {
            // The clock shows it again after going back: r is the earlier.
            const later = r.seconds + z.offsetAt(r.seconds) - z.offsetAt(r.seconds + 86400);
            expect(later).toBeGreaterThan(r.seconds);
            expect(z.localSeconds(later)).toBe(wall);
          }
        }),
        { numRuns: 300 },
      );
    }
  });

  it("bsm-trail reduce -a/-b/-d read TZ's wall clock (dst.bsm)", () => {
    const trail = corpusPath("tz", "dst.bsm");
    const times = (out: Buffer) =>
      decodeAllRecords(new Uint8Array(out))
        .map((r) => r.tokens[0])
        .filter((t) => t.type === "header32" || t.type === "header32_ex")
        .map((t) => ({ seconds: (t as { seconds: number }).seconds }));
    const all = times(readFileSync(trail));
    const run = (args: string[]) => {
      const r = cli(["reduce", ...args, trail], undefined, { env: { TZ: "America/Los_Angeles" } });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      return times(r.stdout).map((t) => t.seconds);
    };
    // -a in the spring gap: from 10:30 UTC on.
    const gapFrom = Date.UTC(2024, 2, 10, 10, 30) / 1000;
    const after = run(["-a", "20240310023000"]);
    expect(after.length).toBeGreaterThan(0);
    expect(after).toEqual(all.map((t) => t.seconds).filter((s) => s >= gapFrom));
    // -b in the autumn overlap: up to the first 01:30 (08:30 UTC), its second included.
    const overlapTo = Date.UTC(2024, 10, 3, 8, 30) / 1000;
    const before = run(["-b", "20241103013000"]);
    expect(before).toEqual(all.map((t) => t.seconds).filter((s) => s < overlapTo + 1));
    // -d on the 25-hour day: 07:00 UTC Nov 3 to 08:00 UTC Nov 4.
    const day = run(["-d", "20241103"]);
    const [d0, d1] = [Date.UTC(2024, 10, 3, 7), Date.UTC(2024, 10, 4, 8)].map((x) => x / 1000);
    expect(day.length).toBeGreaterThan(0);
    expect(day).toEqual(all.map((t) => t.seconds).filter((s) => s >= d0 && s < d1));
  });
});

/**
 * A {@link TrailStats} built by hand for the report's tests: three days of
 * hourly buckets over four classes, events, users and executables with
 * names that try to break out of the page (`</script>`, `<!--`, quotes),
 * and three what-if candidates, one with a class not measurable.
 */

import type { DayTally, Tally, TrailStats } from "../src/stats/stats-types";

/** The path the tests look for: it must stay data in the page. */
export const HOSTILE_PATH = "/tmp/</script><script>alert(1)</script>/x";
/** A user name with markup and a comment opener. */
export const HOSTILE_USER = "<!--eve\u2028\"'&";

function t(records: number, bytes: number, failures: number): Tally {
  return { records, bytes, failures };
}

/** The hand-built statistics (a new object on each call). */
export function handStats(): TrailStats {
  const bucketSeconds = 3600;
  const start = Date.UTC(2026, 10, 27, 0, 0, 0);
  const buckets: DayTally[] = [];
  for (let i = 0; i < 72; i++) {
    const hour = i % 24;
    const busy = hour >= 8 && hour <= 18 ? 3 : 1;
    const fr = 900 * busy + 37 * (i % 5);
    const lo = 120 + 10 * (i % 3);
    const ex = 400 * busy;
    const ad = i % 12 === 0 ? 2000 : 0;
    const records = Math.round((fr + lo + ex + ad) / 100);
    const failures = i % 7 === 0 ? 4 : i % 3 === 0 ? 1 : 0;
    const bytesByClass: Record<string, number> = { fr, lo, ex };
    if (ad > 0) bytesByClass.ad = ad;
    buckets.push({ records, bytes: fr + lo + ex + ad, failures, bytesByClass });
  }
  const sum = (f: (b: DayTally) => number) => buckets.reduce((s, b) => s + f(b), 0);
  const records = sum((b) => b.records);
  const bytes = sum((b) => b.bytes);
  const failures = sum((b) => b.failures);
  const byHour = Array.from({ length: 24 }, (_, h) =>
    t(
      sum((b) => (buckets.indexOf(b) % 24 === h ? b.records : 0)),
      sum((b) => (buckets.indexOf(b) % 24 === h ? b.bytes : 0)),
      sum((b) => (buckets.indexOf(b) % 24 === h ? b.failures : 0)),
    ),
  );
  const days = 3;
  return {
    version: 1,
    records,
    bytes,
    successes: records - failures,
    failures,
    first: new Date(start).toISOString(),
    last: new Date(start + 72 * 3600 * 1000 - 1000).toISOString(),
    days,
    bytesPerDay: bytes / days,
    timeZone: "UTC",
    byEvent: {
      "72": { name: "AUE_OPEN_R", classes: ["fr"], ...t(1500, 150000, 30) },
      "23": { name: "AUE_EXECVE", classes: ["ex", "pc"], ...t(700, 80000, 2) },
      "32800": { name: "AUE_openssh", classes: ["lo"], ...t(90, 9000, 12) },
      "6153": { name: "AUE_su", classes: ["lo", "ad"], ...t(20, 2400, 5) },
      "(other)": { name: "(other)", classes: [], ...t(3, 300, 0) },
    },
    byClass: {
      fr: t(1500, 150000, 30),
      ex: t(700, 80000, 2),
      lo: t(110, 11400, 17),
      ad: t(20, 2400, 5),
    },
    byUser: {
      "501": { auid: 501, name: "alice", ...t(1600, 160000, 20) },
      "502": { auid: 502, name: HOSTILE_USER, ...t(500, 50000, 9) },
      "4294967295": { auid: 4294967295, ...t(213, 31700, 20) },
    },
    byExecutable: {
      "/usr/bin/find": t(1200, 120000, 3),
      [HOSTILE_PATH]: t(400, 60000, 1),
      "(unknown)": t(213, 31700, 0),
    },
    byHour,
    byDay: {},
    timeline: { bucketSeconds, start: new Date(start).toISOString(), buckets },
    damaged: { count: 1, bytes: 57 },
    fileTokens: { count: 2, bytes: 64 },
    whatIf: {
      "lo,aa": {
        flags: "lo,aa",
        naflags: "lo,aa",
        records: 110,
        bytes: 11400,
        bytesPerDay: 3800,
        notMeasurable: [],
        filesPerDay: 0.0036,
        daysOfHistory: 30,
        daysUntilMinfree: 1200,
      },
      "lo,ad,na": {
        flags: "lo,ad,na",
        naflags: "lo,aa",
        records: 130,
        bytes: 13800,
        bytesPerDay: 4600,
        notMeasurable: ["na"],
      },
      "fm,ad,-ex,aa,-fr,lo,-fw": {
        flags: "fm,ad,-ex,aa,-fr,lo,-fw",
        naflags: "lo,aa",
        records: 170,
        bytes: 18000,
        bytesPerDay: 6000,
        notMeasurable: ["fm", "fw"],
      },
    },
  };
}

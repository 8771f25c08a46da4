/**
 * The HTML report as a pure renderer (`renderReport` of a TrailStats built
 * by hand in report-fixture.ts): strings from the trail stay data (a path
 * holding `</script><script>...` cannot end the JSON block or add a
 * script), the page asks for nothing outside itself, the charts listed
 * follow the data, and the numbers in the JSON block and the tables are the
 * statistics' own, checked against sums the test computes from the fixture.
 */

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ConfigFinding } from "../src/config/finding";
import { parseAuditConfig } from "../src/config/load";
import { loadChartLibrary, MAX_CHART_LIBRARY_BYTES } from "../src/report/chart-library";
import { escapeHtml, scriptJson } from "../src/report/html-text";
import { renderReport } from "../src/report/render-report";
import { OTHER_CLASSES, type ReportModel } from "../src/report/report-model";
import { baselineFlags, candidateNotes, defaultCandidates } from "../src/report/what-if-candidates";
import type { TrailStats } from "../src/stats/stats-types";
import { HOSTILE_PATH, HOSTILE_USER, handStats } from "./report-fixture";

/** The page's JSON block, parsed. */
function modelOf(html: string): ReportModel {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  expect(m).not.toBeNull();
  return JSON.parse((m as RegExpExecArray)[1]) as ReportModel;
}

function count(text: string, needle: RegExp): number {
  return [...text.matchAll(needle)].length;
}

const FINDINGS: ConfigFinding[] = [
  {
    file: "/etc/security/audit_control",
    line: 4,
    severity: "warning",
    rule: "na-in-flags",
    message: "na in flags: <script>alert(2)</script>",
  },
  {
    file: "/etc/security/audit_user",
    line: 0,
    severity: "info",
    rule: "file-missing",
    message: "no audit_user",
  },
];

describe("scriptJson", () => {
  it("round-trips any value and never holds < > & or a line separator", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.string({ unit: "binary" }), (v, s) => {
        for (const x of [v, s, { [s]: [s, v] }]) {
          const text = scriptJson(x);
          expect(text).not.toMatch(/[<>&\u2028\u2029]/);
          expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(x)));
        }
      }),
    );
  });

  it("escapeHtml leaves no markup character", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});

describe("renderReport: hostile strings stay data", () => {
  const html = renderReport(handStats(), {
    title: "Volume </title><script>alert(3)</script>",
    inputs: [`/var/audit/${HOSTILE_PATH}`],
    findings: FINDINGS,
    configDir: "/etc/<security>",
  });

  it("has exactly its three scripts (data, uPlot, its own) and no other", () => {
    expect(count(html, /<script/gi)).toBe(3);
    expect(count(html, /<\/script/gi)).toBe(3);
    expect(html).not.toContain("<!--");
    expect(html).not.toContain("alert(1)</script>");
  });

  it("keeps the path, the user name and the title exact in the JSON block", () => {
    const m = modelOf(html);
    expect(m.executables.map((e) => e.label)).toContain(HOSTILE_PATH);
    expect(m.users.map((u) => u.label)).toContain(HOSTILE_USER);
    expect(m.inputs).toEqual([`/var/audit/${HOSTILE_PATH}`]);
    expect(m.title).toBe("Volume </title><script>alert(3)</script>");
    expect(m.findings?.[0].message).toBe(FINDINGS[0].message);
  });

  it("escapes them in the HTML tables", () => {
    expect(html).toContain(escapeHtml(HOSTILE_PATH));
    expect(html).toContain(escapeHtml("na in flags: <script>alert(2)</script>"));
    expect(html).toContain("<code>/etc/&lt;security&gt;</code>");
    expect(count(html, /<title>/g)).toBe(1);
  });

  it("asks for nothing outside the file", () => {
    expect(html).toMatch(/<meta http-equiv="Content-Security-Policy" content="default-src 'none';/);
    expect(html).not.toMatch(/<(link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<script[^>]*\bsrc=/i);
    expect(html).not.toMatch(/url\(\s*['"]?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import/i);
  });
});

describe("renderReport: the numbers are the statistics'", () => {
  const stats = handStats();
  const html = renderReport(stats, { top: 3, classes: 2 });
  const m = modelOf(html);

  it("keeps the totals", () => {
    expect(m.summary.records).toBe(stats.records);
    expect(m.summary.bytes).toBe(stats.bytes);
    expect(m.summary.failures).toBe(stats.failures);
    expect(m.summary.first).toBe(stats.first);
    expect(m.summary.last).toBe(stats.last);
  });

  it("keeps the top N events, users and executables by bytes, largest first", () => {
    const byBytes = (table: Record<string, { bytes: number }>) =>
      Object.values(table)
        .map((t) => t.bytes)
        .sort((a, b) => b - a)
        .slice(0, 3);
    expect(m.events.map((e) => e.bytes)).toEqual(byBytes(stats.byEvent));
    expect(m.users.map((e) => e.bytes)).toEqual(byBytes(stats.byUser));
    expect(m.executables.map((e) => e.bytes)).toEqual(byBytes(stats.byExecutable));
    expect(m.events[0]).toMatchObject({ label: "AUE_OPEN_R", key: "72", records: 1500 });
    expect(m.users.find((u) => u.key === "4294967295")?.label).toBe("non-attributable");
  });

  it("draws the largest classes as bands and sums the rest, bucket by bucket", () => {
    const tl = m.timeline;
    expect(tl).not.toBeNull();
    if (tl === null) return;
    const totals = new Map<string, number>();
    for (const b of stats.timeline.buckets) {
      for (const [c, v] of Object.entries(b.bytesByClass)) totals.set(c, (totals.get(c) ?? 0) + v);
    }
    const ranked = [...totals].sort((a, b) => b[1] - a[1]).map((e) => e[0]);
    expect(tl.classes).toEqual([...ranked.slice(0, 2), OTHER_CLASSES]);
    stats.timeline.buckets.forEach((b, i) => {
      const all = Object.values(b.bytesByClass).reduce((s, v) => s + v, 0);
      expect(tl.bytes.reduce((s, band) => s + band[i], 0)).toBe(all);
      expect(tl.bytes[0][i]).toBe(b.bytesByClass[ranked[0]] ?? 0);
      expect(tl.failures[i]).toBe(b.failures);
    });
    const start = Date.parse(stats.timeline.start as string) / 1000;
    expect(tl.x[5]).toBe(start + 5 * stats.timeline.bucketSeconds);
  });

  it("lists the recorded trail first in the what-if, then every candidate", () => {
    const w = m.whatIf ?? [];
    expect(w[0]).toMatchObject({ recorded: true, bytes: stats.bytes, records: stats.records });
    expect(w.slice(1).map((c) => c.flags)).toEqual(Object.keys(stats.whatIf ?? {}));
    expect(w.slice(1).map((c) => c.bytesPerDay)).toEqual(
      Object.values(stats.whatIf ?? {}).map((c) => c.bytesPerDay),
    );
    expect(html).toContain("fm, fw");
  });

  it("lists every chart its data has, in page order, and a table of each", () => {
    expect(m.charts).toEqual([
      "timeline",
      "failures",
      "events",
      "users",
      "executables",
      "hours",
      "whatif",
    ]);
    for (const id of m.charts) expect(html).toContain(`data-chart="${id}"`);
    expect(count(html, /<details>/g)).toBe(6);
  });
});

describe("renderReport: sections follow the data", () => {
  it("has no what-if or findings section when none was asked", () => {
    const stats = handStats();
    delete stats.whatIf;
    const html = renderReport(stats);
    expect(modelOf(html).charts).not.toContain("whatif");
    expect(html).not.toContain('id="whatif"');
    expect(html).not.toContain('id="findings"');
  });

  it("says there are no findings when the configuration has none", () => {
    const html = renderReport(handStats(), { findings: [] });
    expect(html).toContain('id="findings"');
    expect(html).toContain("No findings");
  });

  it("draws no failures chart when nothing failed", () => {
    const stats = handStats();
    stats.failures = 0;
    for (const b of stats.timeline.buckets) b.failures = 0;
    const html = renderReport(stats);
    expect(modelOf(html).charts).not.toContain("failures");
    expect(html).toContain("No failed record in the trail.");
  });

  it("renders an empty trail with no chart", () => {
    const empty: TrailStats = {
      version: 1,
      records: 0,
      bytes: 0,
      successes: 0,
      failures: 0,
      first: null,
      last: null,
      days: 0,
      bytesPerDay: 0,
      timeZone: "UTC",
      byEvent: {},
      byClass: {},
      byUser: {},
      byExecutable: {},
      byHour: [],
      byDay: {},
      timeline: { bucketSeconds: 60, start: null, buckets: [] },
      damaged: { count: 0, bytes: 0 },
      fileTokens: { count: 0, bytes: 0 },
      whatIf: {},
    };
    const html = renderReport(empty);
    const m = modelOf(html);
    expect(m.charts).toEqual([]);
    expect(m.hours).toHaveLength(24);
    expect(html).toContain("No record read.");
    expect(html).not.toMatch(/data-chart="\w/);
  });
});

describe("the chart library", () => {
  it("is read from the uplot package, under its size limit, and defines uPlot", () => {
    const lib = loadChartLibrary();
    expect(lib.script.length).toBeGreaterThan(10_000);
    expect(lib.script.length).toBeLessThanOrEqual(MAX_CHART_LIBRARY_BYTES);
    expect(lib.script).toMatch(/var uPlot\s*=/);
    expect(lib.style).toContain(".uplot");
    expect(renderReport(handStats())).toContain(lib.script);
  });
});

describe("the default what-if candidates", () => {
  it("are the guide's two lines and mSCP cis_lvl2's flags without a configuration", () => {
    const c = defaultCandidates();
    expect(c.slice(0, 2)).toEqual(["lo,aa", "lo,ad,na"]);
    // mSCP's audit_flags_configure (in cis_lvl2): fm, ad, -ex, aa, -fr, lo, -fw.
    expect(c[2].split(",").sort()).toEqual(["-ex", "-fr", "-fw", "aa", "ad", "fm", "lo"]);
    expect(c).toHaveLength(3);
    expect(baselineFlags("cis_lvl2")).toBe(c[2]);
    expect(() => baselineFlags("no-such-baseline")).toThrow(RangeError);
  });

  it("add the configuration's flags, once, and say where each comes from", () => {
    const own = parseAuditConfig({ audit_control: "flags:ex,-fr\nnaflags:lo\n" });
    const c = defaultCandidates(own);
    expect(c).toEqual(["lo,aa", "lo,ad,na", "ex,-fr", baselineFlags("cis_lvl2")]);
    expect(candidateNotes(c, own)).toEqual({
      "lo,aa": "the guide's",
      "lo,ad,na": "the guide's",
      "ex,-fr": "the configuration in use",
      [baselineFlags("cis_lvl2")]: "mSCP cis_lvl2",
    });
    const same = parseAuditConfig({ audit_control: "flags:lo,aa\n" });
    expect(defaultCandidates(same)).toHaveLength(3);
    expect(candidateNotes(["lo,aa", "pc"], same)).toEqual({
      "lo,aa": "the guide's; the configuration in use",
    });
  });

  it("are named in the what-if table", () => {
    const html = renderReport(handStats(), { candidateNotes: { "lo,ad,na": "the guide's" } });
    const w = modelOf(html).whatIf ?? [];
    expect(w.find((c) => c.flags === "lo,ad,na")?.note).toBe("the guide's");
    expect(w.find((c) => c.flags === "lo,aa")?.note).toBe("");
    expect(html).toContain('<td class="nowrap">the guide&#39;s</td>');
  });
});

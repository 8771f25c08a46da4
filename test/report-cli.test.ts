/**
 * `bsm-trail report`: the file it writes holds the trail's numbers (records
 * and bytes checked against the records decoded one by one, each what-if
 * candidate's records against `bsm-trail reduce -c FLAGS` on the same
 * trail), the default candidates, the configuration's findings with
 * `--config`, an input path holding `</script>` kept as data, and usage
 * mistakes and an unwritable output reported as every command reports them.
 */

import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { lintAuditConfig } from "../src/config/lint";
import { loadAuditConfig } from "../src/config/load";
import { MSCP_RULES } from "../src/config/profiles";
import type { ReportModel } from "../src/report/report-model";
import { corpusPath } from "./corpus";
import { cli } from "./run-cli";

const SAMPLE = resolve("fixtures/sample.bsm");
const dir = mkdtempSync(join(tmpdir(), "bsm-report-cli-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function modelOf(html: string): ReportModel {
  const m = /<script type="application\/json" id="report-data">([\s\S]*?)<\/script>/.exec(html);
  if (m === null) throw new Error("no JSON block in the report");
  return JSON.parse(m[1]) as ReportModel;
}

/** Runs `report -o FILE ...args`; the status, standard error and the page's model. */
function report(args: string[]) {
  const out = join(dir, `r${Math.random().toString(36).slice(2)}.html`);
  const r = cli(["report", "-o", out, ...args]);
  return { ...r, html: r.status === 0 ? readFileSync(out, "utf8") : "" };
}

/** The audit records of a trail (file tokens are not records), decoded one by one. */
function records(bytes: Uint8Array) {
  return decodeAllRecords(bytes).filter((r) => r.kind === "header");
}

describe("bsm-trail report", () => {
  const run = report(["--utc", SAMPLE]);
  const m = run.status === 0 ? modelOf(run.html) : undefined;

  it("writes the page, with the trail's records and bytes", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const recs = records(readFileSync(SAMPLE));
    expect(m?.summary.records).toBe(recs.length);
    expect(m?.summary.bytes).toBe(recs.reduce((s, r) => s + r.length, 0));
    expect(m?.inputs).toEqual([SAMPLE]);
  });

  it("compares the default candidates: the guide's and mSCP cis_lvl2's flags", () => {
    const flags = (m?.whatIf ?? []).filter((c) => !c.recorded).map((c) => c.flags);
    expect(flags.slice(0, 2)).toEqual(["lo,aa", "lo,ad,na"]);
    const check = MSCP_RULES.audit_flags_configure.check;
    const items = check.kind === "flags" ? check.items : [];
    expect(items.length).toBeGreaterThan(3);
    expect(
      flags.slice(2).some((f) => [...items].sort().join() === f.split(",").sort().join()),
    ).toBe(true);
    expect(flags).toHaveLength(3);
  });

  it("keeps, for each candidate, the records reduce -c keeps", () => {
    for (const c of (m?.whatIf ?? []).filter((w) => !w.recorded)) {
      const r = cli(["reduce", "-c", c.flags, SAMPLE]);
      expect(r.status).toBe(0);
      expect(c.records, c.flags).toBe(records(r.stdout).length);
    }
  });

  it("takes --what-if instead of the defaults", () => {
    const r = report(["--what-if", "ex", "--what-if", "fr,fw", SAMPLE]);
    expect(r.status).toBe(0);
    const w = modelOf(r.html).whatIf ?? [];
    expect(w.map((c) => c.flags)).toEqual(["(as recorded)", "ex", "fr,fw"]);
  });

  it("with --config, lists the configuration's findings and names its flags", () => {
    const cfg = corpusPath("ref", "apple");
    const r = report(["--config", cfg, "--disk", "20G", SAMPLE]);
    expect(r.status).toBe(0);
    const model = modelOf(r.html);
    const want = lintAuditConfig(loadAuditConfig(cfg));
    expect(model.findings?.map((f) => f.rule)).toEqual(want.map((f) => f.rule));
    expect(model.configDir).toBe(cfg);
    const own = model.whatIf?.find((c) => c.note.includes("the configuration in use"));
    const written = loadAuditConfig(cfg).control.flags?.value ?? [];
    expect(written.length).toBeGreaterThan(0);
    expect(own?.flags).toBe(written.map((f) => f.text).join(","));
    // filesz and minfree of the configuration give the projections.
    expect(own?.filesPerDay).toBeGreaterThan(0);
    expect(own?.daysUntilMinfree).toBeGreaterThan(0);
  });

  it("keeps an input path holding </script> as data", () => {
    const hostile = join(dir, "</script><script>alert(1)</script>.bsm");
    mkdirSync(join(hostile, ".."), { recursive: true });
    copyFileSync(SAMPLE, hostile);
    const r = report([hostile]);
    expect(r.status).toBe(0);
    expect(modelOf(r.html).inputs).toEqual([hostile]);
    expect([...r.html.matchAll(/<script/gi)]).toHaveLength(3);
    expect(r.html).not.toContain("alert(1)</script>");
  });

  it("writes to standard output with -o -", () => {
    const r = cli(["report", "-o", "-", SAMPLE]);
    expect(r.status).toBe(0);
    expect(modelOf(r.stdout.toString()).summary.records).toBe(m?.summary.records);
  });

  it("reports usage mistakes with status 2", () => {
    for (const [args, says] of [
      [[SAMPLE], "-o"],
      [["-o", join(dir, "x.html"), "--follow", SAMPLE], "--follow"],
      [["-o", join(dir, "x.html"), "--what-if", "lo,zz", SAMPLE], "zz"],
      [["-o", join(dir, "x.html"), "--disk", "lots", SAMPLE], "--disk"],
    ] as const) {
      const r = cli(["report", ...args]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stderr).toContain(says);
    }
  });

  it("reports an unwritable output with status 1, naming it", () => {
    const out = join(dir, "no-such-dir", "r.html");
    const r = cli(["report", "-o", out, SAMPLE]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(out);
  });

  it("reports a full disk in one line, exit 1, written to -o FILE or standard output", () => {
    const file = cli(["report", "-o", "/dev/full", SAMPLE]);
    expect(file.status).toBe(1);
    expect(file.stderr).toMatch(/^bsm-trail: .*\/dev\/full.*ENOSPC.*\n$/);
    const full = openSync("/dev/full", "w");
    try {
      const out = cli(["report", "-o", "-", SAMPLE], undefined, { stdout: full });
      expect(out.status).toBe(1);
      expect(out.stderr).toMatch(/^bsm-trail: .*ENOSPC.*\n$/);
    } finally {
      closeSync(full);
    }
  });

  it("prints its usage with -h", () => {
    const r = cli(["report", "-h"]);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain("bsm-trail report -o report.html");
  });
});

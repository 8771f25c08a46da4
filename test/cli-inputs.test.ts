/**
 * The CLI's inputs: directories, duplicates, gzip on standard input,
 * process substitution and /dev/stdin, `-p`, `--merge`, `--progress`.
 */

import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { generateTrail } from "../src/testing/generator";
import { cli } from "./run-cli";

const T0 = Date.UTC(2024, 2, 1);

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/** Two trails in an audit directory, the second open and gzip'd one closed, with `current`. */
function smallDir() {
  const dir = mkdtempSync(join(tmpdir(), "bsm-cli-"));
  const a = generateTrail({ seed: 1, records: 30, startTime: T0 });
  const b = generateTrail({ seed: 2, records: 40, startTime: T0 + 3600_000 });
  writeFileSync(join(dir, `${stamp(T0)}.${stamp(T0 + 3599_000)}.gz`), gzipSync(a));
  const open = join(dir, `${stamp(T0 + 3600_000)}.not_terminated`);
  writeFileSync(open, b);
  symlinkSync(open, join(dir, "current"));
  writeFileSync(join(dir, "README"), "not a trail");
  return { dir, a, b, open };
}

describe("bsm-trail inputs", () => {
  it("praudit prints a directory as its trails in order, and dir/* the same", () => {
    const { dir, a, b, open } = smallDir();
    const whole = cli(["praudit", "-l", "-n", dir]);
    expect(whole.status).toBe(0);
    const lines = whole.stdout.toString().trimEnd().split("\n");
    expect(lines.length).toBe(decodeAllRecords(a).length + decodeAllRecords(b).length);
    expect(whole.stderr).toBe(
      `bsm-trail: ${join(dir, "README")}: skipped (not a trail file name)\n`,
    );
    // Each file on its own, concatenated, prints the same.
    const parts = cli([
      "praudit",
      "-l",
      "-n",
      `${dir}/${stamp(T0)}.${stamp(T0 + 3599_000)}.gz`,
      open,
    ]);
    expect(parts.stdout.toString()).toBe(whole.stdout.toString());
    // current and its target named both: read once.
    const twice = cli(["praudit", "-l", "-n", open, join(dir, "current")]);
    expect(twice.stdout.toString().split("\n").length).toBe(decodeAllRecords(b).length + 1);
  });

  it("reads gzip on standard input and through /dev/stdin (a socket when spawned)", () => {
    const bytes = generateTrail({ seed: 3, records: 25 });
    const plain = cli(["praudit", "-l", "-n"], bytes);
    expect(plain.status).toBe(0);
    const gz = cli(["praudit", "-l", "-n"], gzipSync(bytes));
    expect(gz.stdout.toString()).toBe(plain.stdout.toString());
    const dev = cli(["praudit", "-l", "-n", "/dev/stdin"], gzipSync(bytes));
    expect(dev.status).toBe(0);
    expect(dev.stdout.toString()).toBe(plain.stdout.toString());
  });

  it("-p starts at the first whole record without calling the skipped bytes damage", () => {
    const bytes = generateTrail({ seed: 4, records: 25 });
    const recs = decodeAllRecords(bytes);
    // Join in the middle of the second record.
    const cut = recs[1].offset + 5;
    const tailOnly = bytes.subarray(cut);
    const withP = cli(["praudit", "-l", "-n", "-p"], tailOnly);
    expect(withP.status).toBe(0);
    expect(withP.stderr).toBe("");
    expect(withP.stdout.toString().trimEnd().split("\n").length).toBe(recs.length - 2);
    const without = cli(["praudit", "-l", "-n"], tailOnly);
    expect(without.status).toBe(1);
    expect(without.stderr).toContain("offset 0");
    // Damage later in the stream is still damage with -p.
    const damaged = new Uint8Array([
      ...tailOnly.subarray(0, recs[3].offset - cut),
      0x99,
      ...tailOnly.subarray(recs[3].offset - cut),
    ]);
    const later = cli(["praudit", "-l", "-n", "-p"], damaged);
    expect(later.status).toBe(1);
  });

  it("--merge interleaves files by time; reduce --merge writes what praudit --merge prints", () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-merge-cli-"));
    const x = join(dir, "x.bsm");
    const y = join(dir, "y.bsm");
    writeFileSync(x, generateTrail({ seed: 5, records: 60, startTime: T0 }));
    writeFileSync(y, generateTrail({ seed: 6, records: 60, startTime: T0 + 3 }));
    const merged = cli(["praudit", "-l", "-n", "--merge", x, y]);
    expect(merged.status).toBe(0);
    const times = merged.stdout
      .toString()
      .trimEnd()
      .split("\n")
      .map((l) => {
        const m = / \+ (\d+) msec/.exec(l);
        const d = /,((?:Sun|Mon|Tue|Wed|Thu|Fri|Sat) [^,]+),/.exec(l);
        return Date.parse(`${d?.[1]} UTC`) + Number(m?.[1]);
      });
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
    const concatenated = cli(["praudit", "-l", "-n", x, y]);
    expect(merged.stdout.toString()).not.toBe(concatenated.stdout.toString());
    expect(merged.stdout.toString().split("\n").sort()).toEqual(
      concatenated.stdout.toString().split("\n").sort(),
    );
    const raw = cli(["reduce", "--merge", "-A", x, y]);
    expect(raw.status).toBe(0);
    const again = cli(["praudit", "-l", "-n"], raw.stdout);
    const headers = merged.stdout
      .toString()
      .split("\n")
      .filter((l) => l.startsWith("header"));
    expect(again.stdout.toString().trimEnd().split("\n")).toEqual(headers);
  });

  it("--progress counts every byte read, skipped ones too, with a percentage", () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-progress-"));
    const p = join(dir, "garbage-then-trail.bsm");
    const trail = generateTrail({ seed: 7, records: 10 });
    const garbage = new Uint8Array(3_000_000).fill(0x41);
    writeFileSync(p, new Uint8Array([...garbage, ...trail]));
    const r = cli(["praudit", "-l", "-n", "--progress", p]);
    const last = r.stderr.trimEnd().split("\r").pop() as string;
    const total = ((garbage.length + trail.length) / 1e6).toFixed(1);
    expect(last).toContain(`${total} MB of ${total} MB (100%)`);
  });

  it("json reads directories and selects as reduce does (json -m X dir = reduce -m X dir | json)", () => {
    const { dir } = smallDir();
    const direct = cli(["json", "-m", "execve", "-u", "root", dir]);
    expect(direct.status).toBe(0);
    const reduced = cli(["reduce", "-m", "execve", "-u", "root", dir]);
    const viaReduce = cli(["json"], reduced.stdout);
    const body = (out: Buffer) =>
      out
        .toString()
        .trimEnd()
        .split("\n")
        .map((l) => {
          const j = JSON.parse(l);
          return [j.event.number, j.time, j.source.length];
        });
    expect(body(direct.stdout).length).toBeGreaterThan(0);
    expect(body(direct.stdout)).toEqual(body(viaReduce.stdout));
    // source.file names the trail each record came from.
    const files = new Set(
      direct.stdout
        .toString()
        .trimEnd()
        .split("\n")
        .map((l) => JSON.parse(l).source.file),
    );
    expect([...files].every((f) => typeof f === "string" && f.startsWith(dir))).toBe(true);
    // --merge of two directories: every record of both, in time order.
    const other = smallDir();
    const merged = cli(["json", "--merge", dir, other.dir]);
    const times = merged.stdout
      .toString()
      .trimEnd()
      .split("\n")
      .map((l) => JSON.parse(l).timeMs as number);
    const single = cli(["json", dir]).stdout.toString().trimEnd().split("\n").length;
    expect(times.length).toBe(2 * single);
    for (let i = 1; i < times.length; i++) expect(times[i]).toBeGreaterThanOrEqual(times[i - 1]);
  });
});

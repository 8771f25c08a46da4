import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { corpusPath } from "./corpus";
import { cli } from "./run-cli";

const hostdb = ["--passwd", corpusPath("hostdb/passwd"), "--group", corpusPath("hostdb/group")];

describe("bsm-trail praudit", () => {
  it("prints a corpus trail byte-identical to praudit -l, from a file and from stdin", () => {
    const trail = corpusPath("trails/all-tokens.bsm");
    const want = readFileSync(`${trail}.praudit-l.txt`);
    const args = ["praudit", "-l", "--platform", "linux", "--openbsm-unknown", ...hostdb];
    const fromFile = cli([...args, trail]);
    expect(fromFile.status).toBe(0);
    expect(Buffer.compare(fromFile.stdout, want)).toBe(0);
    const fromStdin = cli(args, readFileSync(trail));
    expect(Buffer.compare(fromStdin.stdout, want)).toBe(0);
  });

  it("reads gzip'd trails", () => {
    const trail = corpusPath("trails/mix-small.bsm");
    const dir = mkdtempSync(resolve(tmpdir(), "bsm-"));
    const gz = resolve(dir, "t.bsm.gz");
    writeFileSync(gz, gzipSync(readFileSync(trail)));
    const r = cli(["praudit", "-r", gz]);
    expect(r.status).toBe(0);
    expect(Buffer.compare(r.stdout, readFileSync(`${trail}.praudit-r.txt`))).toBe(0);
  });

  it("reports damage on stderr with file and offset, prints every intact record, exits 1", () => {
    const bad = corpusPath("bad/garbage-byte-between-records.bsm");
    const r = cli(["praudit", "-l", "-n", bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: offset 297`);
    // The control file is the same trail without the garbage byte.
    const good = cli(["praudit", "-l", "-n", corpusPath("bad/good-5-records.bsm")]);
    expect(r.stdout.toString()).toBe(good.stdout.toString());
  });

  it("names a missing file and goes on to the next", () => {
    const r = cli(["praudit", "-r", "/nonexistent/trail", corpusPath("bad/good-5-records.bsm")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("/nonexistent/trail");
    expect(r.stdout.toString().split("\n").length).toBeGreaterThan(5);
  });

  it("rejects -r with -s and unknown commands with status 2", () => {
    expect(cli(["praudit", "-r", "-s"]).status).toBe(2);
    expect(cli(["frobnicate"]).status).toBe(2);
  });
});

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  BSM_ERRNO_UNKNOWN,
  bsmErrnoName,
  type ErrnoPlatform,
  isMappedStatus,
  returnStatusText,
} from "../src/tables/errno";
import { corpusDir } from "./corpus";

/** Token ids of return32 / return64 in `praudit -r` output. */
const RETURN_IDS = new Set(["39", "114"]);

/** Default-mode praudit outputs (one token per line) of the corpus, each with its `-r` sibling. */
function outputPairs(): { name: string; text: string; raw: string }[] {
  const dir = corpusDir();
  const read = (p: string) => readFileSync(p, "latin1");
  const out: { name: string; text: string; raw: string }[] = [];
  for (const sub of ["trails", "real", "openbsm-generate"]) {
    for (const f of readdirSync(join(dir, sub)).sort()) {
      const m = /^(.*)\.(praudit|bsmtok)\.txt$/.exec(f);
      if (m === null) continue;
      const base = join(dir, sub, `${m[1]}.${m[2]}`);
      out.push({ name: `${sub}/${f}`, text: read(`${base}.txt`), raw: read(`${base}-r.txt`) });
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
    });
  }
  return out;
}

describe("returnStatusText against the corpus (praudit built on Linux)", () => {
  it("reproduces every return line, success and failure", () => {
    let lines = 0;
    let failures = 0;
    let unknown = 0;
    const statuses = new Set<number>();
    for (const { name, text, raw } of outputPairs()) {
      const t = text.split("\n");
      const r = raw.split("\n");
      expect(r.length, name).toBe(t.length);
      for (let i = 0; i < r.length; i++) {
        const f = r[i].split(",");
        if (!RETURN_IDS.has(f[0]) || !t[i].startsWith("return,")) continue;
        const status = Number(f[1]);
        const value = f.slice(2).join(",");
        expect(t[i], `${name}:${i + 1}`).toBe(
          `return,${returnStatusText(status, "linux")},${value}`,
        );
        statuses.add(status);
        lines++;
        if (status !== 0) failures++;
        if (!isMappedStatus(status, "linux")) unknown++;
      }
    }
    expect(lines).toBeGreaterThan(21000);
    expect(failures).toBeGreaterThan(1900);
    expect(unknown).toBeGreaterThan(70);
    expect(statuses.has(128)).toBe(true); // ENETUNREACH: not in libbsm's table
    expect(statuses.has(255)).toBe(true);
  });

  it("no default-mode return line is left unexplained", () => {
    // Every `return,` line of every default output, even without a raw twin.
    const known = new Set<string>();
    for (let s = 0; s < 256; s++) known.add(returnStatusText(s, "linux"));
    let count = 0;
    for (const { text } of outputPairs()) {
      for (const line of text.split("\n")) {
        if (!line.startsWith("return,")) continue;
        const status = line.slice("return,".length, line.lastIndexOf(","));
        expect(known.has(status), line).toBe(true);
        count++;
      }
    }
    expect(count).toBeGreaterThan(21000);
  });

  it("the E* records carry the BSM number of their errno", () => {
    const dir = join(corpusDir(), "openbsm-generate");
    const records = readdirSync(dir).filter((f) => /^E[A-Z0-9]+_record$/.test(f));
    expect(records.length).toBe(32);
    for (const rec of records) {
      const errnoName = rec.slice(0, -"_record".length);
      const raw = readFileSync(join(dir, `${rec}.praudit-r.txt`), "latin1").split("\n");
      const text = readFileSync(join(dir, `${rec}.praudit.txt`), "latin1").split("\n");
      const i = raw.findIndex((l) => l.startsWith("39,"));
      expect(i, rec).toBeGreaterThan(0);
      const status = Number(raw[i].split(",")[1]);
      expect(bsmErrnoName(status), rec).toBe(errnoName);
      expect(text[i], rec).toMatch(/^return,failure : /);
      expect(text[i]).toBe(`return,${returnStatusText(status, "linux")},${raw[i].split(",")[2]}`);
    }
  });

  it("XML output carries the same texts", () => {
    const dir = corpusDir();
    const xml = readFileSync(join(dir, "trails", "mix-small.bsm.praudit-x.xml"), "latin1");
    const raw = readFileSync(join(dir, "trails", "mix-small.bsm.praudit-r.txt"), "latin1");
    const fromXml = [...xml.matchAll(/<return errval="([^"]*)"/g)].map((m) => m[1]);
    const fromRaw = raw
      .split("\n")
      .filter((l) => l.startsWith("39,") || l.startsWith("114,"))
      .map((l) => returnStatusText(Number(l.split(",")[1]), "linux"));
    expect(fromXml.length).toBeGreaterThan(10000);
    expect(fromXml).toEqual(fromRaw);
  });
});

describe("returnStatusText per platform", () => {
  const cases: [number, ErrnoPlatform, string][] = [
    [0, "macos", "success"],
    [0, "freebsd", "success"],
    [0, "linux", "success"],
    [2, "macos", "failure : No such file or directory"],
    [2, "linux", "failure : No such file or directory"],
    [6, "macos", "failure : Device not configured"],
    [6, "linux", "failure : No such device or address"],
    [16, "macos", "failure : Resource busy"],
    [16, "freebsd", "failure : Device busy"],
    [16, "linux", "failure : Device or resource busy"],
    [34, "freebsd", "failure : Result too large"],
    [34, "linux", "failure : Numerical result out of range"],
    [37, "linux", "failure : Channel number out of range"], // ECHRNG: Solaris/Linux only
    [37, "macos", "failure: Unknown error: 37"],
    [37, "freebsd", "failure: Unknown error: 37"],
    [45, "linux", "failure : Resource deadlock avoided"],
    [56, "linux", "failure : Resource deadlock avoided"], // EDEADLOCK
    [56, "macos", "failure: Unknown error: 56"],
    [61, "linux", "failure: Unknown error: 61"], // ENODATA: absent from libbsm's table
    [72, "linux", "failure: Unknown error: 72"], // ELOCKUNMAPPED: Solaris only
    [74, "macos", "failure : EMULTIHOP (Reserved)"],
    [74, "freebsd", "failure : Multihop attempted"],
    [91, "linux", "failure : Interrupted system call should be restarted"],
    [91, "macos", "failure: Unknown error: 91"], // ERESTART is kernel-only on BSDs
    [122, "macos", "failure : Operation not supported on socket"],
    [122, "freebsd", "failure : Operation not supported"],
    [128, "macos", "failure: Unknown error: 128"],
    [128, "linux", "failure: Unknown error: 128"],
    [145, "macos", "failure : Operation timed out"],
    [145, "linux", "failure : Connection timed out"],
    [190, "freebsd", "failure : Too many processes"],
    [190, "linux", "failure: Unknown error: 190"],
    [200, "freebsd", "failure : Programming error"],
    [200, "macos", "failure: Unknown error: 200"],
    [206, "macos", "failure : Bad executable (or shared library)"],
    [206, "freebsd", "failure: Unknown error: 206"],
    [210, "macos", "failure: Unknown error: 210"], // macOS names it ENOPOLICY
    [220, "linux", "failure : Key has expired"],
    [223, "freebsd", "failure : Capabilities insufficient"],
    [225, "freebsd", "failure : Integrity check failed"],
    [BSM_ERRNO_UNKNOWN, "macos", "failure: Unknown error: 250"],
    [255, "linux", "failure: Unknown error: 255"],
  ];
  it.each(cases)("status %i on %s", (status, platform, expected) => {
    expect(returnStatusText(status, platform)).toBe(expected);
  });

  it("defaults to macOS", () => {
    expect(returnStatusText(16)).toBe("failure : Resource busy");
    expect(isMappedStatus(206)).toBe(true);
  });

  it("reads the status as a u_char and memoizes", () => {
    expect(returnStatusText(256 + 2, "linux")).toBe(returnStatusText(2, "linux"));
    expect(returnStatusText(-1, "linux")).toBe("failure: Unknown error: 255");
    expect(returnStatusText(13, "linux")).toBe(returnStatusText(13, "linux"));
  });

  it("every status has a text on every platform; unknown ones name the status", () => {
    for (const p of ["macos", "freebsd", "linux"] as const) {
      for (let s = 0; s < 256; s++) {
        const text = returnStatusText(s, p);
        if (isMappedStatus(s, p)) expect(text).toMatch(s === 0 ? /^success$/ : /^failure : \S/);
        else expect(text).toBe(`failure: Unknown error: ${s}`);
      }
    }
  });

  it("bsmErrnoName follows audit_errno.h", () => {
    expect(bsmErrnoName(0)).toBe("ESUCCESS");
    expect(bsmErrnoName(2)).toBe("ENOENT");
    expect(bsmErrnoName(45)).toBe("EDEADLK");
    expect(bsmErrnoName(151)).toBe("ESTALE");
    expect(bsmErrnoName(225)).toBe("EINTEGRITY");
    expect(bsmErrnoName(128)).toBeUndefined();
    expect(bsmErrnoName(250)).toBeUndefined();
    expect(bsmErrnoName(-1)).toBeUndefined();
    expect(bsmErrnoName(1.5)).toBeUndefined();
  });

  it("rejects an unknown platform", () => {
    expect(() => returnStatusText(1, "windows" as ErrnoPlatform)).toThrow(RangeError);
  });
});

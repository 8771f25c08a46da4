/**
 * `reduce -o file=` runs its extended regular expressions in time linear
 * in the path (issue 9, point 6): the paths are written into trails by
 * whoever caused the event, and a backtracking engine takes exponential
 * time on `^(.*\/)*shadow$` against a 62-byte path of slashes. The
 * translation of auditreduce's syntax is unchanged: the matcher agrees
 * with JavaScript's RegExp on the same translated expression wherever
 * that one finishes.
 */

import type { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { encodeRecord, parseFileSpec, reduceRecords, tokens as tok } from "../src/index";
import { Prng } from "../src/testing/generator";

/** Milliseconds `f` takes (best of `runs`, so a busy machine's pause does not count). */
function ms(f: () => unknown, runs = 3): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

/** `/a/a/.../a/x`: `n` path components, every prefix a `(.*\/)*` candidate. */
function slashes(n: number): string {
  return `/${"a/".repeat(n)}x`;
}

/** Patterns that backtrack exponentially (or worse than linearly) on the paths given. */
const PATHOLOGICAL: readonly [string, (n: number) => string][] = [
  ["^(.*/)*shadow$", slashes],
  ["^(a|a)*$", (n) => `${"a".repeat(2 * n)}/`],
  ["^(/?a*)*$", (n) => `${"/a".repeat(n)}!`],
  ["^([^/]*/)*[^/]*\\.conf$", slashes],
  ["(x+x+)+y", (n) => "x".repeat(2 * n)],
];

describe("-o file= regular expressions run in linear time", () => {
  it("^(.*/)*shadow$ on the 62-byte path: well under a second, where RegExp's time explodes", () => {
    const path = slashes(30);
    expect(path.length).toBe(62);
    const [p] = parseFileSpec("^(.*/)*shadow$");
    const ours = ms(() => p.regex.test(path));
    expect(p.regex.test(path)).toBe(false);
    expect(p.regex.test("/etc/shadow")).toBe(true);
    expect(p.regex.test("/a/b/c/shadow")).toBe(true);
    expect(ours).toBeLessThan(100);
    // The case is pathological for a backtracking engine: on a path 16
    // bytes shorter (a thousandth of the work at 62 bytes) RegExp already
    // takes far longer than our matcher on the whole path.
    const backtracking = /^(.*\/)*shadow$/s;
    const theirs = ms(() => backtracking.test(slashes(22)), 1);
    expect(theirs).toBeGreaterThan(10 * ours);
  });

  it("every pathological pattern on adversarial paths of 62 bytes to 100 KB: time grows linearly", () => {
    for (const [ere, make] of PATHOLOGICAL) {
      const [p] = parseFileSpec(ere);
      const small = make(5_000);
      const large = make(50_000);
      const tSmall = ms(() => p.regex.test(small));
      const tLarge = ms(() => p.regex.test(large));
      expect(
        ms(() => p.regex.test(make(30))),
        ere,
      ).toBeLessThan(100);
      expect(tLarge, `${ere} on ${large.length} bytes`).toBeLessThan(2000);
      // Ten times the input: linear is ~10x; 40x leaves room for noise
      // (a quadratic engine would be 100x, an exponential one never ends).
      expect(tLarge, `${ere}: ${tSmall.toFixed(2)} ms -> ${tLarge.toFixed(2)} ms`).toBeLessThan(
        40 * Math.max(tSmall, 0.5),
      );
    }
  });

  it("an expression that repeats nothing (run by RegExp) is linear too; one that repeats is not run by RegExp", () => {
    const [plain] = parseFileSpec("^/usr/(bin|lib)/|/(a|b)(a|b)(a|b)x$");
    expect(plain.regex).toBeInstanceOf(RegExp);
    const small = slashes(5_000);
    const large = slashes(50_000);
    const tSmall = ms(() => plain.regex.test(small));
    const tLarge = ms(() => plain.regex.test(large));
    expect(tLarge).toBeLessThan(40 * Math.max(tSmall, 0.5));
    for (const [ere] of PATHOLOGICAL) {
      expect(parseFileSpec(ere)[0].regex, ere).not.toBeInstanceOf(RegExp);
    }
    // Brackets hide no repetition: `[*+?{]` is a class of four characters.
    const [cls] = parseFileSpec("[*+?{]");
    expect(cls.regex).toBeInstanceOf(RegExp);
    expect(cls.regex.test("a+b")).toBe(true);
  });

  it("through reduceRecords: a trail whose paths are adversarial is reduced in well under a second", () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 200; i++) {
      const path = i % 50 === 7 ? "/etc/shadow" : slashes(30 + (i % 40));
      parts.push(
        encodeRecord(
          [
            tok.header32({ event: 72, seconds: 1_700_000_000 + i }), // AUE_OPEN_R
            tok.path(path),
            tok.return32(0, 0),
            tok.trailer(),
          ],
          { fixSizes: true },
        ),
      );
    }
    const trail = new Uint8Array(Buffer.concat(parts));
    let kept = 0;
    const t = ms(() => {
      kept = [...reduceRecords(trail, { file: "^(.*/)*shadow$" })].length;
    }, 1);
    expect(kept).toBe(4);
    expect(t).toBeLessThan(1000);
  });
});

describe("the translation of auditreduce's syntax is unchanged", () => {
  /** Extended regular expressions as auditreduce users write them. */
  const PATTERNS = [
    "^/usr/bin/",
    "/etc/master\\.passwd$",
    "^/var/(log|audit)/",
    "[[:digit:]]{3}$",
    "^/tmp/[^/]+\\.sh$",
    "[]x]",
    "[^[:alnum:]/._-]",
    "a.b",
    "^$",
    "(/private)?/etc/(passwd|group)",
    "\\.(so|dylib)(\\.[0-9]+)*$",
    "^/Users/[[:lower:]]+/Library/",
    "[[:space:]]",
    "x{2\\,}", // a comma in a pattern is written \, (a bare one separates patterns)
    "[[:punct:]]{2}",
    "^[[:upper:]]",
  ];
  const ALPHABET = "/ab.-_xX0129 \n,]^[é";

  it("agrees with RegExp on the same translated expression, on 2,000 random paths each", () => {
    const rng = new Prng(99);
    const paths: string[] = [
      "",
      "/",
      "a\nb",
      "/usr/bin/ls",
      "/etc/master.passwd",
      "/tmp/a b.sh",
      "/tmp/run.sh",
      "/var/log/system.log",
      "/var/audit/current",
      "/private/etc/passwd",
      "/etc/group",
      "/usr/lib/libc.so.7",
      "/usr/lib/libSystem.B.dylib",
      "/Users/alice/Library/Preferences",
      "/dev/tty123",
      "Xfile",
    ];
    for (let i = 0; i < 2000; i++) {
      let s = "";
      const n = rng.int(24);
      for (let j = 0; j < n; j++) s += ALPHABET[rng.int(ALPHABET.length)];
      paths.push(s);
    }
    for (const ere of PATTERNS) {
      const [p] = parseFileSpec(ere);
      // An expression that repeats nothing runs on RegExp (bounded work per position).
      const source =
        p.regex instanceof RegExp ? p.regex.source : (p.regex as unknown as RE2JS).pattern();
      const reference = new RegExp(source, "s");
      let matched = 0;
      for (const path of paths) {
        const want = reference.test(path);
        if (want) matched++;
        expect(p.regex.test(path), `${ere} on ${JSON.stringify(path)}`).toBe(want);
      }
      // Each pattern both matches and misses somewhere (the check means something).
      expect(matched, ere).toBeGreaterThan(0);
      expect(matched, ere).toBeLessThan(paths.length);
    }
  });

  it("malformed expressions, and what RE2 cannot run (back-references), are RangeErrors", () => {
    for (const bad of ["(", "[[:nope:]]", "a\\", "[a", "(a)\\1"]) {
      expect(() => parseFileSpec(bad), bad).toThrow(RangeError);
    }
  });
});

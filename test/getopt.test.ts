/**
 * The command line's getopt (src/cli/getopt.ts): options read as BSD's
 * getopt(3) reads auditreduce's, with auditreduce's own option string.
 */

import { describe, expect, it } from "vitest";
import { type GetoptSpec, getopt } from "../src/cli/getopt";
import { UsageError } from "../src/cli/usage";

/** auditreduce's option string (auditreduce.c), and two long options. */
const SPEC: GetoptSpec = {
  short: "Aa:b:c:d:e:f:g:j:m:o:r:u:v",
  long: { events: true, strict: false },
};

/** The options as `name=value` (or `name`) words, and the operands. */
function read(...argv: string[]): { opts: string[]; files: string[] } {
  const r = getopt(argv, SPEC);
  return {
    opts: r.options.map((o) => (o.value === undefined ? o.name : `${o.name}=${o.value}`)),
    files: r.operands,
  };
}

function usageError(argv: string[]): string {
  try {
    getopt(argv, SPEC);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return (e as Error).message;
  }
  throw new Error(`no usage error for ${argv.join(" ")}`);
}

describe("getopt", () => {
  it("gives an option the next word as its argument, whatever it starts with", () => {
    expect(read("-c", "-fr", "t")).toEqual({ opts: ["c=-fr"], files: ["t"] });
    expect(read("-m", "-1")).toEqual({ opts: ["m=-1"], files: [] });
    expect(read("-c", "--", "t")).toEqual({ opts: ["c=--"], files: ["t"] });
    expect(read("-o", "-")).toEqual({ opts: ["o=-"], files: [] });
    expect(read("--events", "-x")).toEqual({ opts: ["events=-x"], files: [] });
  });

  it("reads an attached argument and clustered flags", () => {
    expect(read("-cfr", "-vA", "-Am", "AUE_EXECVE").opts).toEqual([
      "c=fr",
      "v",
      "A",
      "A",
      "m=AUE_EXECVE",
    ]);
    // The rest of a word after an option that takes an argument is its argument.
    expect(read("-vcA").opts).toEqual(["v", "c=A"]);
    expect(read("--events=a=b", "--strict").opts).toEqual(["events=a=b", "strict"]);
  });

  it("keeps repeats in order", () => {
    expect(read("-m", "a", "-m", "b", "-mc").opts).toEqual(["m=a", "m=b", "m=c"]);
  });

  it("stops at --, at - and at the first file name", () => {
    expect(read("-v", "--", "-m", "x")).toEqual({ opts: ["v"], files: ["-m", "x"] });
    expect(read("-v", "-", "t")).toEqual({ opts: ["v"], files: ["-", "t"] });
    expect(read("t", "u", "-")).toEqual({ opts: [], files: ["t", "u", "-"] });
    expect(read("--", "--")).toEqual({ opts: [], files: ["--"] });
  });

  it("refuses an option after a file name instead of reading it as one", () => {
    expect(usageError(["t", "-m", "x"])).toBe(
      "-m after the file name t: options go before file names",
    );
    expect(usageError(["-v", "t", "--strict"])).toMatch(/^--strict after the file name t:/);
  });

  it("names an unknown option, a missing argument, an argument a flag does not take", () => {
    expect(usageError(["-Q"])).toBe("unknown option -Q");
    expect(usageError(["-vQ"])).toBe("unknown option -Q");
    expect(usageError(["--frob"])).toBe("unknown option --frob");
    expect(usageError(["--frob=1"])).toBe("unknown option --frob");
    // Long names are whole: no abbreviation.
    expect(usageError(["--event", "x"])).toBe("unknown option --event");
    expect(usageError(["-m"])).toBe("-m needs an argument");
    expect(usageError(["-v", "-c"])).toBe("-c needs an argument");
    expect(usageError(["--events"])).toBe("--events needs an argument");
    expect(usageError(["--strict=yes"])).toBe("--strict takes no argument");
    // Names inherited from Object are not options.
    expect(usageError(["--toString"])).toBe("unknown option --toString");
  });
});

/**
 * The command line's habits (issue 9, point 4 and the write errors of
 * point 6): `reduce` options read as auditreduce's getopt reads them,
 * event names in any case, `--version`, usage errors as one line, write
 * errors as one line (EPIPE silent), unexpected errors as one line; and
 * the built `dist/cli.js` (the project's tsup configuration) doing the
 * same, with the version of package.json.
 */

import { spawn } from "node:child_process";
import {
  closeSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reduceRecords } from "../src/api/reduce";
import { DEBUG_ENV, failureReport, writeFailure } from "../src/cli/failure";
import { openbsmEvents } from "../src/tables/events";
import { corpusPath } from "./corpus";
import { cli } from "./run-cli";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const pkg = JSON.parse(readFileSync(join(repo, "package.json"), "utf8")) as { version: string };
const trail = corpusPath("trails/mix-small.bsm");
const hostdb = ["--passwd", corpusPath("hostdb/passwd"), "--group", corpusPath("hostdb/group")];

/** The records reduceRecords selects from the trail, concatenated: what `reduce` must write. */
function selected(selection: Parameters<typeof reduceRecords>[1]): Buffer {
  const bytes = readFileSync(trail);
  return Buffer.concat([...reduceRecords(bytes, selection)].map((f) => f.bytes));
}

/** A usage error's line: `bsm-trail: [command: ]problem (bsm-trail [command ]--help)`. */
const USAGE_LINE =
  /^bsm-trail: (?:(praudit|reduce): )?[^\n]+ \(bsm-trail (?:(praudit|reduce) )?--help\)\n$/;

const ENOSPC_LINE = "bsm-trail: write error: ENOSPC (no space left on device)\n";

describe("reduce reads its options as auditreduce's getopt does", () => {
  it("-c -fr: the next word is -c's argument, whatever it starts with; -c-fr and -cfr attached", () => {
    const failures = selected({ classes: ["-fr"] });
    const both = selected({ classes: ["fr"] });
    expect(failures.length).toBeGreaterThan(0);
    expect(both.length).toBeGreaterThan(failures.length);
    for (const args of [["-c", "-fr"], ["-c-fr"]]) {
      const r = cli(["reduce", ...args, trail]);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.status).toBe(0);
      expect(r.stdout.equals(failures), args.join(" ")).toBe(true);
    }
    const r = cli(["reduce", "-cfr", trail]);
    expect(r.stdout.equals(both)).toBe(true);
  });

  it("-m -1: a negative number is -m's argument (event 65535, as strtol into uint16_t)", () => {
    const r = cli(["reduce", "-m", "-1", trail]);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout.equals(selected({ events: [65535] }))).toBe(true);
  });

  it("clustered flags (-vm X is -v -m X), -- before file names, a file named like an option after --", () => {
    const want = selected({ events: ["AUE_EXECVE"], invert: true });
    expect(want.length).toBeGreaterThan(0);
    for (const args of [
      ["-vm", "AUE_EXECVE", trail],
      ["-v", "-m", "AUE_EXECVE", "--", trail],
    ]) {
      const r = cli(["reduce", ...args]);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stdout.equals(want), args.join(" ")).toBe(true);
    }
    const dir = mkdtempSync(join(tmpdir(), "bsm-getopt-"));
    try {
      copyFileSync(trail, join(dir, "-m"));
      const r = cli(["reduce", "-v", "-m", "AUE_EXECVE", "--", "-m"], undefined, { cwd: dir });
      expect(r.status).toBe(0);
      expect(r.stdout.equals(want)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("an option after a file name is a usage error, before anything is written", () => {
    // BSD's getopt would make -m a file name, and copy the trail unfiltered first.
    const r = cli(["reduce", trail, "-m", "AUE_EXECVE"]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(USAGE_LINE);
    expect(r.stderr).toContain(`-m after the file name ${trail}`);
  });

  it("long options keep working, with = or a separate word", () => {
    const want = selected({ auid: 65534, classes: ["+ex"] });
    expect(want.length).toBeGreaterThan(0);
    const eq = hostdb.map((w, i) => (i % 2 === 0 ? `${w}=${hostdb[i + 1]}` : "")).filter(Boolean);
    for (const db of [hostdb, eq]) {
      const r = cli(["reduce", "-c", "+ex", "-u", "nobody", ...db, trail]);
      expect(r.status, db.join(" ")).toBe(0);
      expect(r.stdout.equals(want), db.join(" ")).toBe(true);
    }
  });
});

describe("event names in any case", () => {
  it("-m execve, aue_execve, AUE_EXECVE, Execve select the same records", () => {
    const want = selected({ events: [openbsmEvents().byName("AUE_EXECVE")?.number as number] });
    expect(want.length).toBeGreaterThan(0);
    for (const name of ["execve", "aue_execve", "AUE_EXECVE", "Execve"]) {
      const r = cli(["reduce", "-m", name, trail]);
      expect(r.status, name).toBe(0);
      expect(r.stdout.equals(want), name).toBe(true);
    }
  });

  it("an ambiguous name is a usage error naming the candidates; the exact name selects", () => {
    const r = cli(["reduce", "-m", "reboot", trail]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(USAGE_LINE);
    expect(r.stderr).toContain('ambiguous event name "reboot": AUE_REBOOT');
    expect(cli(["reduce", "-m", "AUE_reboot", trail]).status).toBe(0);
  });
});

describe("--version", () => {
  it("prints the version of package.json (-V too)", () => {
    for (const flag of ["--version", "-V"]) {
      const r = cli([flag]);
      expect(r.status).toBe(0);
      expect(r.stdout.toString()).toBe(`bsm-trail ${pkg.version}\n`);
    }
  });
});

describe("usage errors: one line naming the problem and --help, exit 2", () => {
  const cases: [string[], string][] = [
    [[], "bsm-trail: no command given"],
    [["frobnicate"], 'bsm-trail: unknown command "frobnicate"'],
    [["--frob"], "bsm-trail: unknown option --frob"],
    [["praudit", "-r", "-s"], "bsm-trail: praudit: -r and -s cannot be used together"],
    [["praudit", "-q"], "bsm-trail: praudit: "],
    [["praudit", "--platform", "vms"], "bsm-trail: praudit: --platform"],
    [["reduce", "-c", "xx"], 'bsm-trail: reduce: -c: unknown class "xx"'],
    [["reduce", "-m", "AUE_NOPE"], 'bsm-trail: reduce: -m: unknown event "AUE_NOPE"'],
    [["reduce", "-a", "2024"], 'bsm-trail: reduce: -a: bad time "2024"'],
    [["reduce", "-j", "abc"], 'bsm-trail: reduce: -j: not a number: "abc"'],
    [["reduce", "-m"], "bsm-trail: reduce: -m needs an argument"],
    [["reduce", "-Q"], "bsm-trail: reduce: unknown option -Q"],
    [["reduce", "--frob"], "bsm-trail: reduce: unknown option --frob"],
    [["reduce", "--strict=yes"], "bsm-trail: reduce: --strict takes no argument"],
    [
      ["reduce", "-u", "no-such-user", ...hostdb],
      'bsm-trail: reduce: -u: unknown user "no-such-user"',
    ],
    [["reduce", "-o", "file=("], "bsm-trail: reduce: -o file=: "],
  ];
  for (const [args, start] of cases) {
    it(args.join(" ") || "(no arguments)", () => {
      const r = cli(args);
      expect(r.status).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr).toMatch(USAGE_LINE);
      expect(r.stderr.startsWith(start)).toBe(true);
      const command = args[0] === "praudit" || args[0] === "reduce" ? `${args[0]} ` : "";
      expect(r.stderr.endsWith(` (bsm-trail ${command}--help)\n`)).toBe(true);
    });
  }

  it("--help still prints the whole usage, exit 0", () => {
    for (const args of [
      ["--help"],
      ["praudit", "--help"],
      ["reduce", "--help"],
      ["reduce", "-h"],
    ]) {
      const r = cli(args);
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.stderr).toBe("");
      expect(r.stdout.toString()).toMatch(/^usage: bsm-trail/);
      expect(r.stdout.toString().split("\n").length).toBeGreaterThan(10);
    }
  });
});

describe("write errors", () => {
  let full = -1;
  beforeAll(() => {
    full = openSync("/dev/full", "w");
  });
  afterAll(() => {
    if (full >= 0) closeSync(full);
  });

  it("> /dev/full: one line naming ENOSPC, exit 1, for every command", () => {
    for (const args of [
      ["praudit", "-l", trail],
      ["praudit", "-x", trail],
      ["praudit", "-r", trail],
      ["reduce", trail],
      // Two inputs: the write error ends the run, not just the first file.
      ["reduce", "-m", "AUE_EXECVE", trail, corpusPath("trails/mix-apple-small.bsm")],
      ["--version"],
      ["--help"],
    ]) {
      const r = cli(args, undefined, { stdout: full });
      expect(r.stderr, args.join(" ")).toBe(ENOSPC_LINE);
      expect(r.status, args.join(" ")).toBe(1);
    }
  });

  it("EPIPE (the reader went away, as `| head` does) is silent, exit 0", async () => {
    for (const args of [
      ["praudit", "-l", trail],
      ["reduce", trail],
    ]) {
      const r = await closedEarly(args);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.status, args.join(" ")).toBe(0);
      expect(r.got).toBeGreaterThan(0);
    }
  });

  it("failureReport: EPIPE silent, other write errors one line, anything else one line (stack only when asked)", () => {
    const err = (code: string, errno: number, syscall: string) =>
      Object.assign(new Error(`${code}: something, ${syscall}`), { code, errno, syscall });
    expect(failureReport(err("EPIPE", -32, "write"), {})).toEqual({ text: "", status: 0 });
    expect(failureReport(err("ENOSPC", -28, "write"), {})).toEqual({
      text: ENOSPC_LINE,
      status: 1,
    });
    // Whatever its syscall says, an error standard output emits is a write error.
    expect(writeFailure(err("EIO", -5, "close"))).toEqual({
      text: "bsm-trail: write error: EIO (i/o error)\n",
      status: 1,
    });
    const boom = new Error("boom\nsecond line");
    expect(failureReport(boom, {})).toEqual({ text: "bsm-trail: boom second line\n", status: 1 });
    expect(failureReport(boom, { [DEBUG_ENV]: "0" }).text).toBe("bsm-trail: boom second line\n");
    const debug = failureReport(boom, { [DEBUG_ENV]: "1" });
    expect(debug.status).toBe(1);
    expect(debug.text.startsWith("bsm-trail: boom second line\n")).toBe(true);
    expect(debug.text).toContain(boom.stack);
  });

  it("an unexpected error is one line, no stack (an unreadable --events file)", () => {
    const r = cli(["praudit", "--events", "/nonexistent/audit_event", trail]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^bsm-trail: [^\n]*\/nonexistent\/audit_event[^\n]*\n$/);
  });
});

/**
 * Runs the CLI with standard output read until some bytes came, then
 * closed: the command's next write fails with EPIPE.
 */
function closedEarly(
  args: string[],
): Promise<{ status: number | null; stderr: string; got: number }> {
  return new Promise((res, rej) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(repo, "src/cli/main.ts"), ...args],
      {
        env: { ...process.env, TZ: "UTC" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stderr = "";
    let got = 0;
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.once("data", (d: Buffer) => {
      got = d.length;
      child.stdout.destroy();
    });
    child.on("error", rej);
    child.on("close", (status) => res({ status, stderr, got }));
  });
}

describe("the built command (dist/cli.js from the project's tsup configuration)", () => {
  let dir = "";
  let script = "";

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "bsm-trail-cli-"));
    copyFileSync(join(repo, "package.json"), join(dir, "package.json"));
    symlinkSync(join(repo, "node_modules"), join(dir, "node_modules"), "dir");
    mkdirSync(join(dir, "dist"));
    const config = (await import("../tsup.config")).default;
    const configs = (Array.isArray(config) ? config : [config]) as Record<string, unknown>[];
    const cliConfig = configs.find(
      (c) => typeof c.entry === "object" && c.entry !== null && "cli" in c.entry,
    );
    expect(cliConfig).toBeDefined();
    const { build } = await import("tsup");
    await build({ ...cliConfig, config: false, outDir: join(dir, "dist"), silent: true });
    script = join(dir, "dist", "cli.js");
  }, 120_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("prints the version of package.json", () => {
    const r = cli(["--version"], undefined, { script });
    expect(r.stderr).toBe("");
    expect(r.stdout.toString()).toBe(`bsm-trail ${pkg.version}\n`);
  });

  it("reports a full disk in one line, a usage error in one line, and selects as from source", () => {
    const full = openSync("/dev/full", "w");
    try {
      const r = cli(["reduce", trail], undefined, { script, stdout: full });
      expect(r.stderr).toBe(ENOSPC_LINE);
      expect(r.status).toBe(1);
    } finally {
      closeSync(full);
    }
    const u = cli(["reduce", "-c", "xx", trail], undefined, { script });
    expect(u.status).toBe(2);
    expect(u.stderr).toBe('bsm-trail: reduce: -c: unknown class "xx" (bsm-trail reduce --help)\n');
    const r = cli(["reduce", "-c", "-fr", trail], undefined, { script });
    expect(r.status).toBe(0);
    expect(r.stdout.equals(selected({ classes: ["-fr"] }))).toBe(true);
  });
});

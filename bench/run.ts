/**
 * `npm run bench`: throughput, records/s and peak RSS of every public way
 * through a large trail, each case in its own child process, against the
 * raw-read baseline; prints a markdown table with the goals of the
 * benchmark issue (see bench/README.md).
 *
 * Options:
 *   --size 1G|256M|64M   trail size (repeatable, or comma-separated). The
 *                        first size runs every case; the others run the
 *                        streaming cases, to check that peak RSS is flat in
 *                        file size. Default: 1G,256M.
 *   --quick              a 64 MiB trail, every case (a fast check).
 *   --case NAME          only cases whose name contains NAME (repeatable).
 *   --repeat N           run each case N times, in rounds, keep the fastest
 *                        (default 1); the table shows the slowest run too.
 *   --against DIR        also run every case on another build's dist/ (e.g.
 *                        the last commit's, built into DIR), each run of ours
 *                        followed by one of it, and add its rows and the
 *                        ratio of ours to it.
 *
 * The C anchors (issue 13): when ../shared/oracle (or BSM_ORACLE) holds
 * OpenBSM's `bsmdecode` and `auditreduce`, they run in the same rounds as
 * our cases, and every case's ratio to `bsmdecode` (decoding) or
 * `auditreduce -m AUE_EXECVE` (selection) is printed beside its ratio to
 * the raw read, with the goals judged on those ratios. Without
 * them the bench runs and says the anchors are missing.
 */

import { spawnSync } from "node:child_process";
import {
  accessSync,
  closeSync,
  existsSync,
  constants as fsConstants,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { manyOf, SIZES, type TrailInfo, trailOf } from "./trails";

/** What a case reports (bench/case.mjs, bench/reference.ts). */
interface CaseResult {
  bytes: number;
  records: number;
  ms: number;
  /** Peak resident set, KiB (`process.resourceUsage().maxRSS`). */
  maxRSS: number;
  /** Detail: records selected, files... */
  note?: string;
  /**
   * CPU time of every thread of the case's process, ms (library cases; CLI
   * cases by bench/exit-stats.mjs):
   * over the whole case, reading included, so for cases timed without their
   * read (buffer cases) it says little.
   */
  cpuMs?: number;
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli.js");

// ------------------------------------------------------------------ goals

/**
 * `bsm-trail json` (native NDJSON) to /dev/null against `praudit -l` on the
 * same trail: at least this fraction of its MB/s (issue #10).
 */
const GOAL_JSON_VS_PRAUDIT = 0.5;
/** `bsm-trail export` (native Parquet) peak RSS, MB, whatever the trail's size (issue #10). */
const GOAL_EXPORT_RSS_MB = 300;
/**
 * `bsm-trail stats --json` against `praudit -l` on the same trail: "at
 * least as fast as praudit -l" (issue #12), so at least its MB/s.
 */
const GOAL_STATS_VS_PRAUDIT = 1.0;

/**
 * The goals (issue 13), as ratios to the C anchors measured in the
 * same run: `bsmdecode` (libbsm's au_read_rec + au_fetch_tok over every
 * token) for decoding, `auditreduce -m AUE_EXECVE` for selection.
 */
interface Goal {
  /** What the goal says. */
  what: string;
  /** The case it is judged on. */
  caseName: string;
  /** The anchor it is a ratio to. */
  anchor: "bsmdecode" | "auditreduce" | "readTrailBatches" | "praudit -l" | "none";
  /**
   * Least ratio (ours MB/s over the anchor's; for auditreduce: its time
   * over ours). Anchor "none": no speed goal, only {@link maxRssMb}.
   */
  min: number;
  /** Peak RSS below this many MB, whatever the trail's size. */
  maxRssMb?: number;
  /** Also: peak RSS at most {@link GOAL_STREAM_RSS_MB}, flat over sizes. */
  rss?: boolean;
}

const GOALS: Goal[] = [
  {
    what: "full typed decode, every field read (for-in walk)",
    caseName: "decodeRecordBatches every field",
    anchor: "bsmdecode",
    min: 0.4,
  },
  {
    what: "full typed decode, fields not read",
    caseName: "decodeRecordBatches buffer",
    anchor: "bsmdecode",
    min: 0.6,
  },
  {
    what: "lazy: type of every token, header, subject and path fields",
    caseName: "lazy header/subject/path",
    anchor: "bsmdecode",
    min: 1.0,
  },
  {
    what: "for await over readTrail, every field read; RSS flat ≤ 100 MB",
    caseName: "readTrail every field",
    anchor: "bsmdecode",
    min: 0.3,
    rss: true,
  },
  { what: "bsm-trail praudit -l", caseName: "praudit -l", anchor: "bsmdecode", min: 0.12 },
  {
    what: "bsm-trail reduce -m AUE_EXECVE faster than auditreduce (whole processes)",
    caseName: "bsm-trail reduce -m AUE_EXECVE",
    anchor: "auditreduce",
    min: 1.5,
  },
  {
    what: "processTrails over 8 files vs one thread (readTrailBatches)",
    caseName: "processTrails workers",
    anchor: "readTrailBatches",
    // 1.6x on 2 cores: the goal; scaled as 0.6 per core beyond the first.
    min: 1.6,
  },
  // Issue 10's goals for the json and export commands.
  {
    what: `bsm-trail json (native NDJSON, --jobs ${availableParallelism()}: every core) against praudit -l (issue 10)`,
    caseName: "json",
    anchor: "praudit -l",
    min: GOAL_JSON_VS_PRAUDIT,
  },
  {
    what: "bsm-trail export (native Parquet) peak RSS (issue 10)",
    caseName: "export",
    anchor: "none",
    min: 0,
    maxRssMb: GOAL_EXPORT_RSS_MB,
  },
  // Issue 12's goal for the stats command.
  {
    what: "bsm-trail stats --json against praudit -l (issue 12)",
    caseName: "stats",
    anchor: "praudit -l",
    min: GOAL_STATS_VS_PRAUDIT,
  },
];

/** Peak RSS streaming a trail with readTrail, MB, whatever its size. */
const GOAL_STREAM_RSS_MB = 100;
/**
 * Peak RSS is "flat" when the larger trail's peak is within this many MB of
 * the smaller one's ("readTrail" case at two sizes).
 */
const RSS_FLAT_SLACK_MB = 10;

/**
 * Where the C anchors live: BSM_ORACLE, else ../shared/oracle beside the
 * checkout (the project's machines; see its README.md).
 */
const ORACLE = process.env.BSM_ORACLE ?? resolve(ROOT, "..", "shared", "oracle");

function executable(path: string): boolean {
  try {
    accessSync(path, fsConstants.X_OK);
    return true;
  } catch {
    return false;
  }
}

// ------------------------------------------------------------------ cases

type Kind = "raw" | "library" | "cli" | "anchor";

interface CaseDef {
  name: string;
  kind: Kind;
  /** Streaming: also run at the extra sizes (RSS flatness). */
  streaming: boolean;
  /** Many files instead of one trail. */
  many?: boolean;
}

const CASES: CaseDef[] = [
  { name: "raw read", kind: "raw", streaming: true },
  { name: "bsmdecode (C libbsm)", kind: "anchor", streaming: true },
  { name: "auditreduce -m AUE_EXECVE (C)", kind: "anchor", streaming: true },
  { name: "binary-parser reference", kind: "library", streaming: false },
  { name: "decodeRecords buffer", kind: "library", streaming: false },
  { name: "decodeRecordBatches buffer", kind: "library", streaming: true },
  { name: "decodeRecordBatches every field", kind: "library", streaming: true },
  { name: "decodeRecordBatches every field and twin", kind: "library", streaming: true },
  { name: "eager header/subject/path", kind: "library", streaming: false },
  { name: "lazy header/subject/path", kind: "library", streaming: true },
  { name: "decodeRecordStream file", kind: "library", streaming: true },
  { name: "readTrail", kind: "library", streaming: true },
  { name: "readTrail every field", kind: "library", streaming: true },
  { name: "readTrailBatches", kind: "library", streaming: true },
  { name: "praudit -l", kind: "cli", streaming: true },
  { name: "json", kind: "cli", streaming: true },
  { name: "json --jobs 1", kind: "cli", streaming: true },
  { name: "export", kind: "cli", streaming: true },
  { name: "stats", kind: "cli", streaming: true },
  { name: "stats --what-if", kind: "cli", streaming: false },
  { name: "select execve", kind: "library", streaming: true },
  { name: "reduce -m AUE_EXECVE", kind: "library", streaming: true },
  { name: "reduce -o file=", kind: "library", streaming: true },
  { name: "bsm-trail reduce -m AUE_EXECVE", kind: "cli", streaming: true },
  { name: "processTrails workers", kind: "library", streaming: false, many: true },
];

/** Cases whose note (records selected, files) is shown beside their name. */
const WITH_NOTE = new Set([
  "processTrails workers",
  "select execve",
  "reduce -m AUE_EXECVE",
  "auditreduce -m AUE_EXECVE (C)",
  "reduce -o file=",
]);

interface Row {
  name: string;
  kind: Kind;
  /** A run of the other build (--against). */
  other: boolean;
  size: string;
  trail: TrailInfo;
  result: CaseResult;
  /** MB/s of the slowest run (equal to the best's with one run). */
  slowest: number;
}

function runLibraryCase(name: string, files: string[], dist: string | undefined): CaseResult {
  // The reference decoder is TypeScript under test/ (tsx); every other case
  // runs the built package in plain Node.
  const args =
    name === "binary-parser reference"
      ? ["--import", "tsx", "bench/reference.ts", ...files]
      : ["bench/case.mjs", name, ...files];
  const r = spawnSync(process.execPath, args, {
    cwd: ROOT,
    env: dist === undefined ? process.env : { ...process.env, BENCH_DIST: dist },
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`case ${name} failed (status ${r.status})`);
  const lines = r.stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]) as CaseResult;
}

/** The command line of each CLI case after `bsm-trail`; `out` is a scratch path for files it writes. */
function cliArgs(name: string, trail: TrailInfo, out: string): string[] {
  switch (name) {
    case "praudit -l":
      return ["praudit", "-l", trail.path];
    case "json":
      // Every core (the default --jobs).
      return ["json", trail.path];
    case "json --jobs 1":
      return ["json", "--jobs", "1", trail.path];
    case "export":
      return ["export", "--format", "native", "-o", out, trail.path];
    case "stats":
      return ["stats", "--json", trail.path];
    case "stats --what-if":
      // The report's default candidates: the guide's two lines and everything.
      return [
        "stats",
        "--json",
        "--what-if",
        "lo,aa",
        "--what-if",
        "lo,ad,na",
        "--what-if",
        "all",
        trail.path,
      ];
    default:
      throw new Error(`no command line for case ${name}`);
  }
}

function runCli(name: string, trail: TrailInfo, dist: string | undefined): CaseResult {
  const statsFile = join(tmpdir(), `bsm-bench-${process.pid}.json`);
  const scratch = join(tmpdir(), `bsm-bench-${process.pid}.parquet`);
  const out = openSync("/dev/null", "w");
  try {
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "./bench/exit-stats.mjs",
        dist === undefined ? CLI : join(dist, "cli.js"),
        ...cliArgs(name, trail, scratch),
      ],
      {
        cwd: ROOT,
        stdio: ["ignore", out, "inherit"],
        env: { ...process.env, BENCH_STATS_FILE: statsFile },
      },
    );
    if (r.status !== 0) throw new Error(`${name} failed (status ${r.status})`);
  } finally {
    closeSync(out);
    rmSync(scratch, { force: true });
  }
  const s = JSON.parse(readFileSync(statsFile, "utf8")) as {
    ms: number;
    maxRSS: number;
    cpuMs: number;
  };
  rmSync(statsFile, { force: true });
  return { bytes: trail.bytes, records: trail.records, ms: s.ms, maxRSS: s.maxRSS, cpuMs: s.cpuMs };
}

/** Wall time of a whole process, output to /dev/null. */
function timeProcess(cmd: string, args: string[], env?: NodeJS.ProcessEnv): number {
  const out = openSync("/dev/null", "w");
  try {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(cmd, args, { cwd: ROOT, stdio: ["ignore", out, "inherit"], env });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (status ${r.status})`);
    return ms;
  } finally {
    closeSync(out);
  }
}

/**
 * The C anchors. `bsmdecode` times itself (reading and decoding, no process
 * start-up) and says so on stdout; `auditreduce` is timed as a whole
 * process, as `bsm-trail reduce` is. Peak RSS: not measured (0).
 */
function runAnchor(name: string, trail: TrailInfo): CaseResult {
  if (name.startsWith("bsmdecode")) {
    const r = spawnSync(join(ORACLE, "bsmdecode"), [trail.path], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    });
    const m = /records (\d+) tokens (\d+) bytes (\d+) fetch_errors (\d+) time ([\d.]+) s/.exec(
      r.stdout,
    );
    if (r.status !== 0 || m === null) throw new Error(`bsmdecode failed: ${r.stdout}`);
    return {
      bytes: Number(m[3]),
      records: Number(m[1]),
      ms: Number(m[5]) * 1000,
      maxRSS: 0,
      note: `${m[2]} tokens`,
    };
  }
  const ms = timeProcess(join(ORACLE, "auditreduce"), ["-m", "AUE_EXECVE", trail.path]);
  return { bytes: trail.bytes, records: trail.records, ms, maxRSS: 0 };
}

/** `bsm-trail reduce -m AUE_EXECVE trail > /dev/null`, timed as a whole process like auditreduce. */
function runReduceCli(trail: TrailInfo, dist: string | undefined): CaseResult {
  const cli = dist === undefined ? CLI : join(dist, "cli.js");
  const ms = timeProcess(process.execPath, [cli, "reduce", "-m", "AUE_EXECVE", trail.path]);
  return { bytes: trail.bytes, records: trail.records, ms, maxRSS: 0 };
}

function runCase(
  def: CaseDef,
  size: string,
  dist?: string,
): { trail: TrailInfo; result: CaseResult } {
  if (def.many) {
    const parts = manyOf(size);
    const trail: TrailInfo = {
      path: dirname(parts[0].path),
      bytes: parts.reduce((a, p) => a + p.bytes, 0),
      records: parts.reduce((a, p) => a + p.records, 0),
    };
    return {
      trail,
      result: runLibraryCase(
        def.name,
        parts.map((p) => p.path),
        dist,
      ),
    };
  }
  const trail = trailOf(size);
  if (def.kind === "anchor") return { trail, result: runAnchor(def.name, trail) };
  if (def.kind === "cli") {
    return {
      trail,
      result:
        def.name === "bsm-trail reduce -m AUE_EXECVE"
          ? runReduceCli(trail, dist)
          : runCli(def.name, trail, dist),
    };
  }
  const result = runLibraryCase(def.name, [trail.path], dist);
  // Cases that scan without counting (selection) take the trail's counts.
  if (result.bytes === 0) result.bytes = trail.bytes;
  if (result.records === 0 && def.kind !== "raw") result.records = trail.records;
  return { trail, result };
}

// ------------------------------------------------------------------ build

function newestSource(dir: string): number {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newestSource(p));
    else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

/** Rebuilds dist/ (tsup) when a source file is newer than dist/cli.js. */
function ensureBuild(): void {
  if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestSource(join(ROOT, "src"))) return;
  process.stderr.write("bench: dist/cli.js is older than src/, running tsup\n");
  const r = spawnSync("npx", ["tsup", "--silent"], { cwd: ROOT, stdio: "inherit" });
  if (r.status !== 0) throw new Error("tsup failed");
}

// ------------------------------------------------------------------ table

const mbps = (r: CaseResult) => r.bytes / 1e6 / (r.ms / 1000);
const rssMb = (r: CaseResult) => r.maxRSS / 1024;

function fmt(n: number, digits = 0): string {
  return n.toLocaleString("en-US", {
    maximumFractionDigits: digits,
    minimumFractionDigits: digits,
  });
}

function label(size: string): string {
  return size.endsWith("G") ? `${size.slice(0, -1)} GiB` : `${size.slice(0, -1)} MiB`;
}

const BSMDECODE = "bsmdecode (C libbsm)";
const AUDITREDUCE = "auditreduce -m AUE_EXECVE (C)";

/** A case's ratio to its anchor at its size (see {@link Goal.min}), or NaN. */
function ratioTo(rows: Row[], r: Row, anchor: Goal["anchor"]): number {
  const name = anchor === "bsmdecode" ? BSMDECODE : anchor === "auditreduce" ? AUDITREDUCE : anchor;
  const a = rows.find((x) => x.name === name && x.size === r.size);
  if (a === undefined) return Number.NaN;
  // auditreduce: how many times faster (its time over ours); else MB/s over MB/s.
  return anchor === "auditreduce" ? a.result.ms / r.result.ms : mbps(r.result) / mbps(a.result);
}

function table(allRows: Row[], primary: string, anchors: boolean): string {
  let rows = allRows;
  const raw = new Map<string, number>();
  for (const r of rows) if (r.name === "raw read") raw.set(r.size, mbps(r.result));
  const others = rows.filter((r) => r.other);
  rows = rows.filter((r) => !r.other);
  const otherOf = (r: Row) => others.find((o) => o.name === r.name && o.size === r.size);

  const vs = others.length > 0;
  const lines = [
    `| case | MB/s | slowest run | records/s | peak RSS MB | cores busy | ratio to raw read | ratio to C anchor |${vs ? " other build MB/s | ours / other |" : ""}`,
    `|---|---:|---:|---:|---:|---:|---:|---:|${vs ? "---:|---:|" : ""}`,
  ];
  for (const r of rows) {
    const m = mbps(r.result);
    const base = raw.get(r.size);
    const name = r.size === primary ? r.name : `${r.name} [${label(r.size)}]`;
    const note = r.result.note ? ` (${r.result.note})` : "";
    const o = otherOf(r);
    const cmp = !vs
      ? ""
      : o
        ? ` ${fmt(mbps(o.result))} | ${fmt(m / mbps(o.result), 3)} |`
        : " — | — |";
    // Selection cases against auditreduce (x faster), every other against bsmdecode.
    const selection = /AUE_EXECVE|select execve/.test(r.name);
    const ratio =
      r.kind === "anchor" ? Number.NaN : ratioTo(rows, r, selection ? "auditreduce" : "bsmdecode");
    const ratioText = Number.isNaN(ratio)
      ? r.kind === "anchor"
        ? "anchor"
        : "—"
      : selection
        ? `${fmt(ratio, 2)}x faster`
        : fmt(ratio, 3);
    lines.push(
      `| ${name}${WITH_NOTE.has(r.name) ? note : ""} | ${fmt(m)} | ${fmt(r.slowest)} | ${r.result.records > 0 ? fmt(r.result.records / (r.result.ms / 1000)) : "—"} | ${r.result.maxRSS > 0 ? fmt(rssMb(r.result)) : "—"} | ${r.result.cpuMs !== undefined && r.result.bytes > 0 ? fmt(r.result.cpuMs / r.result.ms, 2) : "—"} | ${base ? fmt(m / base, 3) : "—"} | ${ratioText} |${cmp}`,
    );
  }

  // The goals, at every size their case ran.
  const goalLines = [
    "",
    anchors
      ? `Goals (issue 13), ratios to the C anchors of the same run (${ORACLE}):`
      : `Goals (issue 13): **C anchors missing** (no bsmdecode/auditreduce in ${ORACLE}; set BSM_ORACLE): ratios not measured.`,
    "",
    "| goal | case | size | ratio | wanted | met? |",
    "|---|---|---|---:|---:|---|",
  ];
  const cores = availableParallelism();
  for (const g of GOALS) {
    const cs = rows.filter((r) => r.name === g.caseName);
    if (cs.length === 0) {
      goalLines.push(`| ${g.what} | ${g.caseName} | — | — | ≥ ${fmt(g.min, 2)} | not run |`);
      continue;
    }
    // Workers: the 1.6x is for 2 cores; 0.6 more per core beyond the first.
    const min = g.anchor === "readTrailBatches" ? 1 + (g.min - 1) * (cores - 1) : g.min;
    for (const r of cs) {
      if (g.anchor === "none") {
        // A memory goal only (export).
        const max = g.maxRssMb ?? Number.POSITIVE_INFINITY;
        goalLines.push(
          `| ${g.what} | ${g.caseName} | ${label(r.size)} | ${fmt(rssMb(r.result), 1)} MB | < ${fmt(max)} MB | ${rssMb(r.result) < max ? "yes" : "**no**"} |`,
        );
        continue;
      }
      const ratio = ratioTo(rows, r, g.anchor);
      let met = Number.isNaN(ratio) ? "no anchor" : ratio >= min ? "yes" : "**no**";
      if (g.rss) {
        const sizes = cs.map((x) => rssMb(x.result));
        const flat = Math.max(...sizes) - Math.min(...sizes) <= RSS_FLAT_SLACK_MB;
        const under = rssMb(r.result) <= GOAL_STREAM_RSS_MB;
        met += `; RSS ${fmt(rssMb(r.result), 1)} MB ≤ ${GOAL_STREAM_RSS_MB}: ${under ? "yes" : "**no**"}`;
        if (cs.length > 1) met += `, flat: ${flat ? "yes" : "**no**"}`;
      }
      const shown = Number.isNaN(ratio)
        ? "—"
        : `${fmt(ratio, g.anchor === "bsmdecode" ? 3 : 2)}${g.anchor === "bsmdecode" ? "" : "x"}`;
      goalLines.push(
        `| ${g.what} | ${g.caseName} | ${label(r.size)} | ${shown} | ≥ ${fmt(min, 2)}${g.anchor === "bsmdecode" ? "" : "x"} | ${met} |`,
      );
    }
  }
  return [...lines, ...goalLines].join("\n");
}

// ------------------------------------------------------------------ main

function main(): void {
  const { values } = parseArgs({
    options: {
      size: { type: "string", multiple: true },
      quick: { type: "boolean" },
      case: { type: "string", multiple: true },
      repeat: { type: "string" },
      against: { type: "string" },
    },
  });
  const against = values.against;
  let sizes = (values.size ?? []).flatMap((s) => s.split(",")).filter((s) => s !== "");
  if (values.quick) sizes = ["64M"];
  if (sizes.length === 0) sizes = ["1G", "256M"];
  for (const s of sizes) {
    if (SIZES[s] === undefined) throw new RangeError(`--size must be one of ${Object.keys(SIZES)}`);
  }
  const repeat = Math.max(1, Number(values.repeat ?? 1));
  const filters = values.case ?? [];
  const anchors = executable(join(ORACLE, "bsmdecode")) && executable(join(ORACLE, "auditreduce"));
  if (!anchors) {
    process.stderr.write(
      `bench: C anchors missing (no bsmdecode/auditreduce in ${ORACLE}): ratios to them are not measured\n`,
    );
  }
  // The baseline and the anchors run whatever --case says: every ratio divides by them.
  const wanted = (d: CaseDef) =>
    d.name === "raw read" ||
    (d.kind === "anchor" && anchors) ||
    filters.length === 0 ||
    filters.some((f) => d.name.includes(f));

  const primary = sizes[0];
  const plan: { def: CaseDef; size: string; dist?: string }[] = [];
  const add = (def: CaseDef, size: string) => {
    plan.push({ def, size });
    // The other build right after ours, so that both see the same drift.
    if (
      against !== undefined &&
      def.kind !== "raw" &&
      def.kind !== "anchor" &&
      def.name !== "binary-parser reference"
    ) {
      plan.push({ def, size, dist: against });
    }
  };
  for (const def of CASES) if (wanted(def)) add(def, primary);
  for (const size of sizes.slice(1)) {
    for (const def of CASES) if (def.streaming && wanted(def)) add(def, size);
  }
  ensureBuild();

  const cpu = cpus()[0]?.model ?? "unknown CPU";
  process.stderr.write(
    `bench: node ${process.version}, V8 ${process.versions.v8}, ${availableParallelism()} cores (${cpu})\n`,
  );
  for (const size of sizes) {
    process.stderr.write(`bench: trail ${label(size)}...\n`);
    trailOf(size);
  }
  if (plan.some((p) => p.def.many)) manyOf(primary);

  // Repeats run in rounds (every case once, then again), not back to back:
  // this host's speed drifts by up to 2x over minutes, and a case's runs
  // spread over rounds see more of that drift than consecutive ones.
  // The raw-read baseline is cheap: at least 3 runs.
  // The anchors run as often as our cases, in the same rounds: a best of
  // three against a best of one would tilt every ratio on this noisy host.
  const runsOf = (def: CaseDef) => (def.kind === "raw" ? Math.max(3, repeat) : repeat);
  const runs: { trail: TrailInfo; result: CaseResult }[][] = plan.map(() => []);
  const rounds = Math.max(...plan.map((p) => runsOf(p.def)));
  for (let round = 0; round < rounds; round++) {
    plan.forEach(({ def, size, dist }, i) => {
      if (round >= runsOf(def)) return;
      const r = runCase(def, size, dist);
      runs[i].push(r);
      process.stderr.write(
        `bench: round ${round + 1}: ${def.name}${dist ? " (other build)" : ""} [${label(size)}]: ${fmt(mbps(r.result))} MB/s, ${fmt(rssMb(r.result))} MB peak RSS, ${fmt(r.result.ms / 1000, 2)} s\n`,
      );
    });
  }
  const rows: Row[] = [];
  plan.forEach(({ def, size, dist }, i) => {
    const all = runs[i];
    if (all.length === 0) return;
    const best = all.reduce((a, b) => (b.result.ms < a.result.ms ? b : a));
    const slowest = all.reduce((a, b) => (b.result.ms > a.result.ms ? b : a));
    // Peak RSS: the highest of the runs, so a lucky run cannot hide a spike.
    best.result.maxRSS = Math.max(...all.map((r) => r.result.maxRSS));
    rows.push({
      name: def.name,
      kind: def.kind,
      other: dist !== undefined,
      size,
      trail: best.trail,
      result: best.result,
      slowest: mbps(slowest.result),
    });
  });

  const t = trailOf(primary);
  process.stdout.write(
    [
      "",
      `Trail: ${label(primary)} generated (seed 1, ${fmt(t.records)} records, ${fmt(t.bytes)} bytes)` +
        (sizes.length > 1
          ? `; also ${sizes.slice(1).map(label).join(", ")} for streaming cases.`
          : "."),
      `Node ${process.version}, V8 ${process.versions.v8}, ${availableParallelism()} cores (${cpu}); best of ${repeat} runs taken in rounds; MB = 10^6 bytes.`,
      "",
      table(rows, primary, anchors),
      "",
    ].join("\n"),
  );
}

main();

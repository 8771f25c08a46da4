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
 */

import { spawnSync } from "node:child_process";
import {
  closeSync,
  existsSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from "node:fs";
import { availableParallelism, cpus, tmpdir } from "node:os";
import { dirname, join } from "node:path";
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
}

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CLI = join(ROOT, "dist", "cli.js");

// ------------------------------------------------------------------ goals

/** Full typed decode, fastest public API, MB/s (issue goal 3). */
const GOAL_FULL_DECODE = 400;
/** `for await` over readTrail, MB/s. */
const GOAL_READ_TRAIL = 250;
/** `bsm-trail praudit -l` to /dev/null, MB/s. */
const GOAL_PRAUDIT = 100;
/**
 * `bsm-trail json` (native NDJSON) to /dev/null against `praudit -l` on the
 * same trail: at least this fraction of its MB/s (issue #10).
 */
const GOAL_JSON_VS_PRAUDIT = 0.5;
/** `bsm-trail export` (native Parquet) peak RSS, MB, whatever the trail's size (issue #10). */
const GOAL_EXPORT_RSS_MB = 300;
/** Selection on header fields, every execve record written out raw, MB/s. */
const GOAL_SELECT = 2000;
/** Peak RSS streaming a trail with readTrail, MB, whatever its size. */
const GOAL_STREAM_RSS_MB = 100;
/**
 * Worker threads "use every core": the worker pool runs at least this many
 * times the single-thread readTrailBatches rate per available core beyond
 * the first (two workers gave 1.6x in the prototypes: 0.6 per extra
 * core; "processTrails workers" case).
 */
const WORKER_GAIN_PER_EXTRA_CORE = 0.5;
/**
 * Peak RSS is "flat" when the larger trail's peak is within this many MB of
 * the smaller one's ("readTrail" case at two sizes).
 */
const RSS_FLAT_SLACK_MB = 10;

// ------------------------------------------------------------------ cases

type Kind = "raw" | "library" | "cli";

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
  { name: "binary-parser reference", kind: "library", streaming: false },
  { name: "decodeRecords buffer", kind: "library", streaming: false },
  { name: "decodeRecordBatches buffer", kind: "library", streaming: false },
  { name: "decodeRecordStream file", kind: "library", streaming: true },
  { name: "readTrail", kind: "library", streaming: true },
  { name: "readTrailBatches", kind: "library", streaming: true },
  { name: "praudit -l", kind: "cli", streaming: true },
  { name: "json", kind: "cli", streaming: true },
  { name: "export", kind: "cli", streaming: true },
  { name: "select execve", kind: "library", streaming: true },
  { name: "reduce -m AUE_EXECVE", kind: "library", streaming: true },
  { name: "reduce -o file=", kind: "library", streaming: true },
  { name: "processTrails workers", kind: "library", streaming: false, many: true },
];

/** Cases whose note (records selected, files) is shown beside their name. */
const WITH_NOTE = new Set([
  "processTrails workers",
  "select execve",
  "reduce -m AUE_EXECVE",
  "reduce -o file=",
]);

const FULL_DECODE = [
  "decodeRecords buffer",
  "decodeRecordBatches buffer",
  "decodeRecordStream file",
  "readTrail",
  "readTrailBatches",
];

interface Row {
  name: string;
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
      return ["json", trail.path];
    case "export":
      return ["export", "--format", "native", "-o", out, trail.path];
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
  const s = JSON.parse(readFileSync(statsFile, "utf8")) as { ms: number; maxRSS: number };
  rmSync(statsFile, { force: true });
  return { bytes: trail.bytes, records: trail.records, ms: s.ms, maxRSS: s.maxRSS };
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
  if (def.kind === "cli") return { trail, result: runCli(def.name, trail, dist) };
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

function table(allRows: Row[], primary: string): string {
  let rows = allRows;
  const raw = new Map<string, number>();
  for (const r of rows) if (r.name === "raw read") raw.set(r.size, mbps(r.result));
  const others = rows.filter((r) => r.other);
  rows = rows.filter((r) => !r.other);
  const otherOf = (r: Row) => others.find((o) => o.name === r.name && o.size === r.size);
  const at = (name: string, size = primary) => rows.find((r) => r.name === name && r.size === size);

  // Goals, judged on the primary size.
  const goals = new Map<Row, { goal: string; met: string }>();
  const yes = (ok: boolean) => (ok ? "yes" : "**no**");
  const full = rows.filter((r) => r.size === primary && FULL_DECODE.includes(r.name));
  if (full.length > 0) {
    const best = full.reduce((a, b) => (mbps(b.result) > mbps(a.result) ? b : a));
    goals.set(best, {
      goal: `≥ ${GOAL_FULL_DECODE} MB/s (fastest full decode)`,
      met: yes(mbps(best.result) >= GOAL_FULL_DECODE),
    });
  }
  const rt = rows.filter((r) => r.name === "readTrail");
  for (const r of rt) {
    const sizes = rt.map((x) => rssMb(x.result));
    const flat = Math.max(...sizes) - Math.min(...sizes) <= RSS_FLAT_SLACK_MB;
    const rssOk = rssMb(r.result) <= GOAL_STREAM_RSS_MB && flat;
    if (r.size === primary) {
      const speedOk = mbps(r.result) >= GOAL_READ_TRAIL;
      goals.set(r, {
        goal: `≥ ${GOAL_READ_TRAIL} MB/s; RSS ≤ ${GOAL_STREAM_RSS_MB} MB${rt.length > 1 ? ", flat" : ""}`,
        met: `${yes(speedOk)}; ${yes(rssOk)}`,
      });
    } else {
      goals.set(r, {
        goal: `RSS ≤ ${GOAL_STREAM_RSS_MB} MB, flat`,
        met: yes(rssOk),
      });
    }
  }
  const pr = at("praudit -l");
  if (pr) {
    goals.set(pr, {
      goal: `≥ ${GOAL_PRAUDIT} MB/s`,
      met: yes(mbps(pr.result) >= GOAL_PRAUDIT),
    });
  }
  const js = at("json");
  if (js && pr) {
    const ratio = mbps(js.result) / mbps(pr.result);
    goals.set(js, {
      goal: `≥ ${GOAL_JSON_VS_PRAUDIT}x praudit -l`,
      met: `${yes(ratio >= GOAL_JSON_VS_PRAUDIT)} (${fmt(ratio, 2)}x)`,
    });
  }
  for (const ex of rows.filter((r) => r.name === "export")) {
    goals.set(ex, {
      goal: `peak RSS < ${GOAL_EXPORT_RSS_MB} MB`,
      met: yes(rssMb(ex.result) < GOAL_EXPORT_RSS_MB),
    });
  }
  // The selection goal is `bsm-trail reduce -m AUE_EXECVE`, measured
  // through the library's selection API until that command existed; it
  // does now, so its case carries the goal (select execve when not run).
  const sel = at("reduce -m AUE_EXECVE") ?? at("select execve");
  if (sel) {
    goals.set(sel, {
      goal: `≥ ${fmt(GOAL_SELECT)} MB/s`,
      met: yes(mbps(sel.result) >= GOAL_SELECT),
    });
  }
  const wk = at("processTrails workers");
  const single = at("readTrailBatches");
  if (wk) {
    const cores = availableParallelism();
    const want = 1 + WORKER_GAIN_PER_EXTRA_CORE * (cores - 1);
    const gain = single ? mbps(wk.result) / mbps(single.result) : Number.NaN;
    goals.set(wk, {
      goal: `every core: ≥ ${fmt(want, 1)}x readTrailBatches`,
      met: `${yes(gain >= want)} (${fmt(gain, 2)}x)`,
    });
  }

  const vs = others.length > 0;
  const lines = [
    `| case | MB/s | slowest run | records/s | peak RSS MB | ratio to raw read |${vs ? " other build MB/s | ours / other |" : ""} goal | met? |`,
    `|---|---:|---:|---:|---:|---:|${vs ? "---:|---:|" : ""}---|---|`,
  ];
  for (const r of rows) {
    const m = mbps(r.result);
    const base = raw.get(r.size);
    const g = goals.get(r);
    const name = r.size === primary ? r.name : `${r.name} [${label(r.size)}]`;
    const note = r.result.note ? ` (${r.result.note})` : "";
    const o = otherOf(r);
    const cmp = !vs
      ? ""
      : o
        ? ` ${fmt(mbps(o.result))} | ${fmt(m / mbps(o.result), 3)} |`
        : " — | — |";
    lines.push(
      `| ${name}${WITH_NOTE.has(r.name) ? note : ""} | ${fmt(m)} | ${fmt(r.slowest)} | ${r.result.records > 0 ? fmt(r.result.records / (r.result.ms / 1000)) : "—"} | ${fmt(rssMb(r.result))} | ${base ? fmt(m / base, 3) : "—"} |${cmp} ${g?.goal ?? ""} | ${g?.met ?? ""} |`,
    );
  }
  return lines.join("\n");
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
  const wanted = (d: CaseDef) =>
    d.name === "raw read" || filters.length === 0 || filters.some((f) => d.name.includes(f));

  const primary = sizes[0];
  const plan: { def: CaseDef; size: string; dist?: string }[] = [];
  const add = (def: CaseDef, size: string) => {
    plan.push({ def, size });
    // The other build right after ours, so that both see the same drift.
    if (against !== undefined && def.kind !== "raw" && def.name !== "binary-parser reference") {
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
  // The baseline is cheap and every ratio divides by it: at least 3 runs.
  const runsOf = (def: CaseDef) => (def.kind === "raw" ? Math.max(3, repeat) : repeat);
  const runs: { trail: TrailInfo; result: CaseResult }[][] = plan.map(() => []);
  const rounds = Math.max(...plan.map((p) => runsOf(p.def)));
  for (let round = 0; round < rounds; round++) {
    plan.forEach(({ def, size, dist }, i) => {
      if (round >= runsOf(def)) return;
      const r = runCase(def, size, dist);
      runs[i].push(r);
      process.stderr.write(
        `bench: round ${round + 1}: ${def.name}${dist ? " (other build)" : ""} [${label(size)}]: ${fmt(mbps(r.result))} MB/s, ${fmt(rssMb(r.result))} MB peak RSS\n`,
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
      table(rows, primary),
      "",
    ].join("\n"),
  );
}

main();

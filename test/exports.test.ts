/**
 * The public API: what the package root exports at run time (a curated
 * list of at most 60 names, none of them internals), that every name
 * issues #2, #3, #4, #10 and #11 made part of the contract is still there and is the
 * very function or class of its source module, and that the
 * `bsm-trail/testing` subpath resolves through the package's own
 * "exports" map, for `import` and `require`, with types.
 *
 * The subpath check builds the package with the project's tsup
 * configuration into a temporary directory holding a copy of
 * package.json, then lets Node (for the code) and the TypeScript compiler
 * (for the types, `moduleResolution: node16`) resolve `bsm-trail` and
 * `bsm-trail/testing` there by package self-reference, as they resolve
 * them in a project that installed the package.
 */

import { spawnSync } from "node:child_process";
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as decodeModule from "../src/api/decode";
import * as detachModule from "../src/api/detach";
import * as parallelModule from "../src/api/parallel";
import * as reduceModule from "../src/api/reduce";
import * as selectModule from "../src/api/select";
import * as trailSetModule from "../src/api/trail-set";
import * as controlModule from "../src/config/audit-control";
import * as userModule from "../src/config/audit-user";
import * as lintModule from "../src/config/lint";
import * as loadModule from "../src/config/load";
import * as preselectModule from "../src/config/preselect";
import * as exportModule from "../src/export/export-parquet";
import * as root from "../src/index";
import * as streamModule from "../src/io/stream";
import * as trailModule from "../src/io/trail";
import * as trailFilesModule from "../src/io/trail-files";
import * as nativeModule from "../src/json/native";
import * as jsonStreamModule from "../src/json/read-json";
import * as schemaModule from "../src/json/schema";
import * as prauditModule from "../src/print/praudit";
import * as renderReportModule from "../src/report/render-report";
import * as statsTypesModule from "../src/stats/stats-types";
import * as trailStatsModule from "../src/stats/trail-stats";
import * as eventsModule from "../src/tables/events";
import * as generatorModule from "../src/testing/generator";
import * as testing from "../src/testing/index";
import * as encoderModule from "../src/wire/encoder";
import * as errorsModule from "../src/wire/errors";
import * as frameModule from "../src/wire/frame-decoder";
import * as recordModule from "../src/wire/record";
import * as buildersModule from "../src/wire/token-builders";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * At most this many runtime (value) names at the package root: issue #8's
 * 60, grown by the trail-set, configuration and JSON issues (#9-#11), which
 * each name library functions the root must carry. The INTERNALS list is
 * what keeps the root curated.
 */
const MAX_ROOT_NAMES = 100;

/** Internals that must not be exported from the root (issue #8's list, and similar). */
const INTERNALS = [
  "RecordDecoder",
  "ChunkDecoder",
  "PrintBuffer",
  "ByteWriter",
  "Prng",
  "POOL_SIZE",
  "LAYOUTS",
  "LAYOUT_BY_ID",
  "LAYOUT_BY_TYPE",
  "UNKNOWN_LAYOUT",
  "TEXT_KINDS",
  "tokenKeys",
  "fieldKeys",
  "layoutOf",
  "hexOf",
  "encodeTokenInto",
  "encodeRecordInto",
  "DEFAULT_DECODE_OPTIONS",
  "REDUCE_READ_BYTES",
  "REDUCE_FLUSH_BYTES",
  "NEED_MORE",
  "runBatches",
  "eventBitmap",
  // The trail generator lives in bsm-trail/testing.
  "generateTrail",
  "generateTrailChunks",
  "DEFAULT_START_TIME",
];

/**
 * Names issues #2, #3, #4, #10 and #11 (and their resolution notes) made part of the
 * contract, each with the source module whose export it must be.
 */
const CONTRACT: Record<string, Record<string, unknown>> = {
  // #2: the decoding API and its errors, the printer, the encoder, event tables.
  decodeRecords: decodeModule,
  decodeRecordStream: streamModule,
  readTrail: trailModule,
  BsmError: errorsModule,
  TruncatedError: errorsModule,
  MalformedTokenError: errorsModule,
  TrailerMismatchError: errorsModule,
  UnknownTokenError: errorsModule,
  GarbageError: errorsModule,
  RecordTooLargeError: errorsModule,
  PrauditPrinter: prauditModule,
  prauditText: prauditModule,
  encodeToken: encoderModule,
  encodeRecord: encoderModule,
  encodeTrail: encoderModule,
  tokens: buildersModule,
  openbsmEvents: eventsModule,
  appleEvents: eventsModule,
  loadEventTable: eventsModule,
  EventTable: eventsModule,
  recordTime: recordModule,
  decodeAllRecords: decodeModule,
  // #3: batches, lazy access by frames, selection, reduce, workers, detaching.
  decodeRecordBatches: decodeModule,
  decodeRecordStreamBatches: streamModule,
  readTrailBatches: trailModule,
  frameRecords: selectModule,
  frameRecordBatches: selectModule,
  selectRecords: selectModule,
  selectRecordBatches: selectModule,
  selectRecordStreamBatches: selectModule,
  decodeFrame: frameModule,
  FrameDecoder: frameModule,
  reduceRecords: reduceModule,
  reduceStream: reduceModule,
  reduceTrail: reduceModule,
  processTrails: parallelModule,
  detachRecord: detachModule,
  detachToken: detachModule,
  // #9: trail sets, merging, following, I/O errors.
  readTrails: trailSetModule,
  mergeTrails: trailSetModule,
  followTrail: trailSetModule,
  listTrails: trailFilesModule,
  reduceTrails: reduceModule,
  IoError: errorsModule,
  // #11: the audit configuration: loading, a parser per file, preselection, the lint.
  loadAuditConfig: loadModule,
  parseAuditControl: controlModule,
  parseAuditUser: userModule,
  parseAuditClass: eventsModule,
  parseAuditEvent: eventsModule,
  preselect: preselectModule,
  lintAuditConfig: lintModule,
  // #10: JSON for scripts and fleets.
  recordToJson: nativeModule,
  recordsToJson: jsonStreamModule,
  readTrailJson: jsonStreamModule,
  recordSchema: schemaModule,
  exportParquet: exportModule,
  // #12: volume statistics and what-if.
  trailStats: trailStatsModule,
  OTHER_KEY: statsTypesModule,
  UNKNOWN_EXECUTABLE: statsTypesModule,
  // #12 part 3: the HTML report.
  renderReport: renderReportModule,
};

describe("package root", () => {
  const names = Object.keys(root);

  it(`exports at most ${MAX_ROOT_NAMES} runtime names`, () => {
    console.log(`bsm-trail root: ${names.length} runtime names`);
    expect(names.length).toBeLessThanOrEqual(MAX_ROOT_NAMES);
  });

  it("exports none of the internals", () => {
    expect(INTERNALS.filter((n) => n in root)).toEqual([]);
  });

  it("exports every name issues #2, #3, #4, #10 and #11 named, the same function or class", () => {
    for (const [name, module] of Object.entries(CONTRACT)) {
      expect(name in root, name).toBe(true);
      expect((root as Record<string, unknown>)[name], name).toBe(module[name]);
    }
  });

  it("names its exports one by one (no export *)", () => {
    const source = readFileSync(join(repo, "src/index.ts"), "utf8");
    expect(source).not.toMatch(/export\s+(type\s+)?\*/);
  });

  it("errors extend BsmError, and decoding works through the root", () => {
    for (const error of [
      root.TruncatedError,
      root.MalformedTokenError,
      root.TrailerMismatchError,
      root.UnknownTokenError,
      root.GarbageError,
      root.RecordTooLargeError,
    ]) {
      expect(error.prototype, error.name).toBeInstanceOf(root.BsmError);
    }
    const trail = readFileSync(join(repo, "fixtures/sample.bsm"));
    const records = root.decodeAllRecords(trail);
    expect(records.length).toBeGreaterThan(0);
    expect(root.encodeTrail(records)).toEqual(new Uint8Array(trail));
  });
});

describe("bsm-trail/testing (source entry)", () => {
  it("exports the trail generator, and only it", () => {
    expect(Object.keys(testing).sort()).toEqual([
      "DEFAULT_START_TIME",
      "generateTrail",
      "generateTrailChunks",
    ]);
    expect(testing.generateTrail).toBe(generatorModule.generateTrail);
    expect(testing.generateTrailChunks).toBe(generatorModule.generateTrailChunks);
  });
});

describe("bsm-trail/testing through the package's exports map", () => {
  let pkg = "";

  beforeAll(async () => {
    pkg = mkdtempSync(join(tmpdir(), "bsm-trail-pkg-"));
    cpSync(join(repo, "package.json"), join(pkg, "package.json"));
    symlinkSync(join(repo, "node_modules"), join(pkg, "node_modules"), "dir");
    mkdirSync(join(pkg, "dist"));
    // The project's own build (tsup.config.ts, both configurations), into the copy.
    const { build } = await import("tsup");
    await build({ outDir: join(pkg, "dist"), silent: true });
  }, 180_000);

  afterAll(() => {
    if (pkg) rmSync(pkg, { recursive: true, force: true });
  });

  /** Runs `node` in the package copy (so `bsm-trail` resolves by self-reference). */
  function node(args: string[]): string {
    const r = spawnSync(process.execPath, args, { cwd: pkg, encoding: "utf8" });
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return r.stdout;
  }

  const program = `
    const trail = testing.generateTrail({ seed: 7, records: 50 });
    const records = [...root.decodeRecords(trail)];
    console.log(JSON.stringify({
      testing: Object.keys(testing).sort(),
      root: Object.keys(root).length,
      records: records.length,
      sameClass: root.BsmError === rootAgain.BsmError,
    }));`;

  it("import (ESM)", () => {
    const out = node([
      "--input-type=module",
      "-e",
      `import * as testing from "bsm-trail/testing";
       import * as root from "bsm-trail";
       import * as rootAgain from "bsm-trail";
       ${program}`,
    ]);
    const r = JSON.parse(out);
    expect(r.testing).toEqual(["DEFAULT_START_TIME", "generateTrail", "generateTrailChunks"]);
    expect(r.root).toBe(Object.keys(root).length);
    expect(r.records).toBe(52); // two file tokens around 50 records
  });

  it("require (CommonJS)", () => {
    const out = node([
      "--input-type=commonjs",
      "-e",
      `const testing = require("bsm-trail/testing");
       const root = require("bsm-trail");
       const rootAgain = require("bsm-trail");
       ${program}`,
    ]);
    const r = JSON.parse(out);
    expect(r.testing).toEqual(["DEFAULT_START_TIME", "generateTrail", "generateTrailChunks"]);
    expect(r.root).toBe(Object.keys(root).length);
    expect(r.records).toBe(52);
  });

  it("types, for import and for require", () => {
    const files = {
      "consumer.mts": `import { decodeRecords, type BsmRecord } from "bsm-trail";
import { generateTrail, type GenerateOptions } from "bsm-trail/testing";
const options: GenerateOptions = { seed: 1, records: 3 };
const records: BsmRecord[] = [...decodeRecords(generateTrail(options))];
export const count: number = records.length;
`,
      "consumer.cts": `import bsm = require("bsm-trail");
import testing = require("bsm-trail/testing");
const records: bsm.BsmRecord[] = bsm.decodeAllRecords(testing.generateTrail({ seed: 1 }));
export const count: number = records.length;
`,
      "wrong.mts": `import { generateTrail } from "bsm-trail";
export const x = generateTrail;
`,
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(pkg, name), text);
    const program = ts.createProgram(
      Object.keys(files).map((f) => join(pkg, f)),
      {
        module: ts.ModuleKind.Node16,
        moduleResolution: ts.ModuleResolutionKind.Node16,
        target: ts.ScriptTarget.ES2022,
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
        typeRoots: [join(repo, "node_modules/@types")],
      },
    );
    const problems = (file: string) =>
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(join(pkg, file)))
        .map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(problems("consumer.mts")).toEqual([]);
    expect(problems("consumer.cts")).toEqual([]);
    // The generator is not at the root: the types say so too.
    expect(problems("wrong.mts").join("\n")).toMatch(/generateTrail/);
    // Each condition resolved to its own declaration file.
    const resolved = (from: string, spec: string, mode: ts.ResolutionMode) =>
      ts.resolveModuleName(
        spec,
        join(pkg, from),
        program.getCompilerOptions(),
        ts.sys,
        undefined,
        undefined,
        mode,
      ).resolvedModule?.resolvedFileName;
    expect(resolved("consumer.mts", "bsm-trail/testing", ts.ModuleKind.ESNext)).toBe(
      join(pkg, "dist/testing.d.ts"),
    );
    expect(resolved("consumer.cts", "bsm-trail/testing", ts.ModuleKind.CommonJS)).toBe(
      join(pkg, "dist/testing.d.cts"),
    );
  });
});

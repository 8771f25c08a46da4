/**
 * `reduce` (auditreduce): every filter against an independent answer, the
 * trail fully decoded with `decodeAllRecords` and its typed records
 * filtered here by auditreduce's rules written out plainly (some/every over
 * tokens, no bitmaps); the output bytes against the concatenation of the
 * selected records' bytes; records split at every read boundary; gzip;
 * damaged trails; the CLI.
 */

import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  type BsmError,
  type BsmRecord,
  decodeAllRecords,
  encodeRecord,
  openbsmEvents,
  parseClassFlags,
  parseFileSpec,
  type ReduceOptions,
  type ReduceSelection,
  reduceRecords,
  reduceStream,
  reduceTrail,
  type SubjectInput,
  type Token,
  tokens as tok,
} from "../src/index";
import { ChunkReader, openFileReader, openInput, readerChunks } from "../src/io/reader";
import { openTrailStream } from "../src/io/trail";
import { AuditFlagsError } from "../src/tables/audit-flags";
import { parseNameIds } from "../src/tables/users";
import { generateTrail, Prng } from "../src/testing/generator";
import { badTrails, corpusPath } from "./corpus";
import { cli } from "./run-cli";

const table = openbsmEvents();
const dir = mkdtempSync(join(tmpdir(), "bsm-reduce-"));
let tmpCount = 0;

function tmpFile(bytes: Uint8Array, suffix = ".bsm"): string {
  const p = join(dir, `t${tmpCount++}${suffix}`);
  writeFileSync(p, bytes);
  return p;
}

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(rel)));
}

// ------------------------------------------------------------------ the independent answer

/** A query in plain terms: numbers, ms times, JS regular expressions. */
interface Query {
  events?: number[];
  /** Success and failure class masks. */
  cls?: { s: number; f: number };
  afterMs?: number;
  beforeMs?: number;
  all?: boolean;
  auid?: number;
  euid?: number;
  egid?: number;
  ruid?: number;
  rgid?: number;
  subjectPid?: number;
  objectPid?: number;
  msgqid?: number;
  semid?: number;
  shmid?: number;
  /** Patterns in order: [regex, exclude]. */
  file?: [RegExp, boolean][];
  invert?: boolean;
}

const SUBJECTS = new Set(["subject32", "subject32_ex", "subject64", "subject64_ex"]);
const PROCESSES = new Set(["process32", "process32_ex", "process64", "process64_ex"]);
type Actor = Extract<Token, { auid: number }>;
type Ipc = Extract<Token, { type: "ipc" }>;

function fileMatches(patterns: [RegExp, boolean][], name: string): boolean {
  const hit = patterns.find(([re]) => re.test(name));
  return hit !== undefined && !hit[1];
}

/** auditreduce's decision for one decoded record, written out plainly. */
function refSelects(r: BsmRecord, q: Query): boolean {
  return refPasses(r, q) !== (q.invert ?? false);
}

function refPasses(r: BsmRecord, q: Query): boolean {
  const ids = [q.auid, q.euid, q.egid, q.ruid, q.rgid, q.subjectPid, q.objectPid];
  const ipcIds = [q.msgqid, q.semid, q.shmid];
  const nonFile =
    q.events !== undefined ||
    q.cls !== undefined ||
    q.afterMs !== undefined ||
    q.beforeMs !== undefined ||
    q.all === true ||
    ids.some((v) => v !== undefined) ||
    ipcIds.some((v) => v !== undefined);
  if (r.kind === "file") {
    if (nonFile) return false;
    return q.file === undefined || fileMatches(q.file, r.file?.name ?? "");
  }
  const ev = r.event;
  if (q.events !== undefined && !q.events.includes(ev)) return false;
  if (q.cls !== undefined) {
    const m = table.get(ev) === undefined ? 0 : table.classMask(ev);
    if ((m & (q.cls.s | q.cls.f)) === 0) return false;
    for (const t of r.tokens) {
      if (t.type !== "return32" && t.type !== "return64") continue;
      if ((m & (t.status === 0 ? q.cls.s : q.cls.f)) === 0) return false;
    }
  }
  if (!q.all) {
    const t = r.seconds * 1000 + r.milliseconds;
    if (q.afterMs !== undefined && t < q.afterMs) return false;
    if (q.beforeMs !== undefined && t >= q.beforeMs) return false;
  }
  const subjects = r.tokens.filter((t) => SUBJECTS.has(t.type)) as Actor[];
  const processes = r.tokens.filter((t) => PROCESSES.has(t.type)) as Actor[];
  const actors = [...subjects, ...processes];
  for (const k of ["auid", "euid", "egid", "ruid", "rgid"] as const) {
    const want = q[k];
    if (want === undefined) continue;
    if (actors.length === 0 || !actors.every((t) => t[k] === want)) return false;
  }
  if (q.subjectPid !== undefined) {
    if (subjects.length === 0 || !subjects.every((t) => t.pid === q.subjectPid)) return false;
  }
  if (q.objectPid !== undefined) {
    if (processes.length === 0 || !processes.every((t) => t.pid === q.objectPid)) return false;
  }
  const ipcs = r.tokens.filter((t) => t.type === "ipc") as Ipc[];
  if (ipcIds.some((v) => v !== undefined) && ipcs.some((t) => t.ipcType < 1 || t.ipcType > 3)) {
    return false;
  }
  for (const [type, want] of [
    [1, q.msgqid],
    [2, q.semid],
    [3, q.shmid],
  ] as const) {
    if (want === undefined) continue;
    const of = ipcs.filter((t) => t.ipcType === type);
    if (of.length === 0 || !of.every((t) => t.ipcId === want)) return false;
  }
  if (q.file !== undefined) {
    const names: string[] = [];
    for (const t of r.tokens) {
      if (t.type === "path") names.push(t.path);
      if (t.type === "other_file32") names.push(t.name);
    }
    const patterns = q.file;
    if (names.length === 0 || !names.every((n) => fileMatches(patterns, n))) return false;
  }
  return true;
}

/** The bytes of the records in order. */
/**
 * A record a reader frames: its header byte count and its trailer (magic,
 * byte count) agree with its length. Records that do not are left out of
 * reduce's output (file records have neither).
 */
function framesCleanly(r: BsmRecord): boolean {
  if (r.kind === "file") return true;
  const last = r.tokens[r.tokens.length - 1];
  return (
    r.header !== null &&
    r.header.size === r.length &&
    last.type === "trailer" &&
    last.magic === 0xb105 &&
    last.count === r.length
  );
}

function concat(trail: Uint8Array, records: readonly BsmRecord[]): Buffer {
  return Buffer.concat(records.map((r) => trail.subarray(r.offset, r.offset + r.length)));
}

// ------------------------------------------------------------------ trails

/**
 * A trail of random records built with the encoder: every header, subject
 * and process variant, several of each token a filter reads (so "every
 * token must pass" is tested), IPC tokens of every type and an unknown one,
 * returns of both widths, file tokens between records.
 */
function synthetic(seed: number, n: number): Uint8Array {
  const r = new Prng(seed);
  const t0 = 1_700_000_000;
  const parts: Uint8Array[] = [encodeRecord([tok.other_file32({ seconds: t0, name: "" })])];
  const names = ["/usr/bin/ls", "/usr/lib/libc.so", "/etc/passwd", "/tmp/x,y", "/dev/tty3", "/a"];
  const actor = (): SubjectInput => ({
    auid: r.pick([0, 501, -1]),
    euid: r.pick([0, 501]),
    egid: r.pick([0, 20]),
    ruid: r.pick([0, 501]),
    rgid: r.pick([0, 20]),
    pid: r.pick([100, 200]),
    sid: 7,
    address: "10.0.0.1",
  });
  for (let i = 0; i < n; i++) {
    if (r.chance(0.03)) {
      parts.push(encodeRecord([tok.other_file32({ seconds: t0 + i, name: r.pick(names) })]));
    }
    const event = r.pick([23, 72, 112, 1, 15, 88, 6152, 9999]);
    const h = { event, seconds: t0 + (i >> 2), milliseconds: r.int(1000) };
    const header = r.pick([
      () => tok.header32(h),
      () => tok.header32_ex({ ...h, address: "192.168.1.2" }),
      () => tok.header64(h),
      () => tok.header64_ex({ ...h, address: "fe80::1" }),
    ])();
    const body: Token[] = [];
    for (let k = r.int(3); k > 0; k--) {
      body.push(
        r.pick([tok.subject32, tok.subject32_ex, tok.subject64, tok.subject64_ex])(actor()),
      );
    }
    for (let k = r.int(3) - 1; k > 0; k--) {
      body.push(
        r.pick([tok.process32, tok.process32_ex, tok.process64, tok.process64_ex])(actor()),
      );
    }
    for (let k = r.int(3); k > 0; k--) body.push(tok.path(r.pick(names)));
    for (let k = r.int(3) - 1; k > 0; k--) body.push(tok.ipc(r.pick([1, 2, 3, 4]), r.pick([5, 6])));
    for (let k = r.int(3) - 1; k > 0; k--) {
      const status = r.pick([0, 13]);
      body.push(r.chance(0.5) ? tok.return32(status, 0) : tok.return64(status, 0n));
    }
    if (r.chance(0.2)) body.push(tok.text("hello"));
    for (let k = body.length - 1; k > 0; k--) {
      const j = r.int(k + 1);
      [body[k], body[j]] = [body[j], body[k]];
    }
    parts.push(encodeRecord([header, ...body, tok.trailer()], { fixSizes: true }));
  }
  parts.push(encodeRecord([tok.other_file32({ seconds: t0 + n, name: "/var/audit/x.y" })]));
  return new Uint8Array(Buffer.concat(parts));
}

interface Trail {
  name: string;
  bytes: Uint8Array;
  records: BsmRecord[];
}

function trail(name: string, bytes: Uint8Array): Trail {
  return { name, bytes, records: decodeAllRecords(bytes) };
}

const TRAILS: Trail[] = [
  trail("mix-small", load("trails/mix-small.bsm")),
  trail("all-tokens", load("trails/all-tokens.bsm")),
  trail("plaso-apple", load("real/plaso-apple.bsm")),
  trail("generated", generateTrail({ seed: 11, records: 3000 })),
  trail("synthetic-1", synthetic(1, 1500)),
  trail("synthetic-2", synthetic(2, 1500)),
];

// ------------------------------------------------------------------ cases

interface Case {
  label: string;
  selection: Partial<ReduceSelection>;
  query: Query;
}

const mask = (name: string) => table.classes.find((c) => c.name === name)?.mask ?? 0;
const FILE_SPEC = "^/usr/bin/,~^/usr/lib,/etc/";
const FILE_RES: [RegExp, boolean][] = [
  [/^\/usr\/bin\//, false],
  [/^\/usr\/lib/, true],
  [/\/etc\//, false],
];

/** The cases for a trail; times come from its records. */
function cases(t: Trail): Case[] {
  const headers = t.records.filter((r) => r.kind === "header");
  const at = (f: number) => {
    const r = headers[Math.floor(f * (headers.length - 1))];
    return r.seconds * 1000 + r.milliseconds;
  };
  const a = at(0.3);
  const b = at(0.7);
  return [
    { label: "no filter (the trail copied)", selection: {}, query: {} },
    { label: "-m AUE_EXECVE", selection: { events: ["AUE_EXECVE"] }, query: { events: [23] } },
    {
      label: "-m 72 -m AUE_CLOSE",
      selection: { events: [72, "AUE_CLOSE"] },
      query: { events: [72, 112] },
    },
    {
      label: "-c lo",
      selection: { classes: "lo" },
      query: { cls: { s: mask("lo"), f: mask("lo") } },
    },
    {
      label: "-c fr,pc",
      selection: { classes: ["fr", "pc"] },
      query: { cls: { s: mask("fr") | mask("pc"), f: mask("fr") | mask("pc") } },
    },
    { label: "-c +ex", selection: { classes: "+ex" }, query: { cls: { s: mask("ex"), f: 0 } } },
    { label: "-c -ex", selection: { classes: "-ex" }, query: { cls: { s: 0, f: mask("ex") } } },
    {
      label: "-c +pc,-fr",
      selection: { classes: "+pc,-fr" },
      query: { cls: { s: mask("pc"), f: mask("fr") } },
    },
    {
      label: "-c pc,^-pc (successes of pc)",
      selection: { classes: "pc,^-pc" },
      query: { cls: { s: mask("pc"), f: 0 } },
    },
    {
      label: "-m AUE_EXECVE -c -ex",
      selection: { events: ["AUE_EXECVE"], classes: "-ex" },
      query: { events: [23], cls: { s: 0, f: mask("ex") } },
    },
    { label: "after (Date)", selection: { after: new Date(a) }, query: { afterMs: a } },
    { label: "before (seconds)", selection: { before: b / 1000 }, query: { beforeMs: b } },
    {
      label: "after and before",
      selection: { after: new Date(a), before: new Date(b) },
      query: { afterMs: a, beforeMs: b },
    },
    {
      label: "-A overrides after",
      selection: { all: true, after: new Date(b) },
      query: { all: true, afterMs: b },
    },
    { label: "-u 501", selection: { auid: 501 }, query: { auid: 501 } },
    { label: "-u -1 (unset auid)", selection: { auid: -1 }, query: { auid: 0xffffffff } },
    { label: "-e 0", selection: { euid: 0 }, query: { euid: 0 } },
    { label: "-f 20", selection: { egid: 20 }, query: { egid: 20 } },
    { label: "-r 501", selection: { ruid: 501 }, query: { ruid: 501 } },
    { label: "-g 0", selection: { rgid: 0 }, query: { rgid: 0 } },
    { label: "-j 100", selection: { subjectPid: 100 }, query: { subjectPid: 100 } },
    { label: "-o pid=200", selection: { objectPid: 200 }, query: { objectPid: 200 } },
    { label: "-o msgqid=5", selection: { msgqid: 5 }, query: { msgqid: 5 } },
    { label: "-o semid=6", selection: { semid: 6 }, query: { semid: 6 } },
    { label: "-o shmid=5", selection: { shmid: 5 }, query: { shmid: 5 } },
    { label: `-o file=${FILE_SPEC}`, selection: { file: FILE_SPEC }, query: { file: FILE_RES } },
    {
      label: "-o file=/tmp/x\\,y,/dev/tty[[:digit:]]+",
      selection: { file: "/tmp/x\\,y,/dev/tty[[:digit:]]+" },
      query: {
        file: [
          [/\/tmp\/x,y/, false],
          [/\/dev\/tty[0-9]+/, false],
        ],
      },
    },
    {
      label: "-o file=^/var/audit/ (file tokens)",
      selection: { file: "^/var/audit/" },
      query: { file: [[/^\/var\/audit\//, false]] },
    },
    {
      label: "-m AUE_EXECVE -u 501 -o file=^/usr/",
      selection: { events: ["AUE_EXECVE"], auid: 501, file: "^/usr/" },
      query: { events: [23], auid: 501, file: [[/^\/usr\//, false]] },
    },
    {
      label: "-v -m AUE_EXECVE",
      selection: { events: ["AUE_EXECVE"], invert: true },
      query: { events: [23], invert: true },
    },
    {
      label: "-v -u 501 -a",
      selection: { auid: 501, after: new Date(a), invert: true },
      query: { auid: 501, afterMs: a, invert: true },
    },
    { label: "-v alone (nothing)", selection: { invert: true }, query: { invert: true } },
  ];
}

// ------------------------------------------------------------------ sinks

/** A stream sink that copies what it is given. */
function collector(): { sink: Writable; bytes: () => Buffer; writes: number[] } {
  const chunks: Buffer[] = [];
  const writes: number[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      chunks.push(Buffer.from(chunk));
      writes.push(chunk.length);
      setImmediate(cb);
    },
  });
  return { sink, bytes: () => Buffer.concat(chunks), writes };
}

/** reduceTrail into a temp file through its descriptor; the file's bytes. */
async function reduceToFile(
  path: string,
  selection: Partial<ReduceSelection>,
  options?: Partial<ReduceOptions>,
): Promise<Buffer> {
  const out = join(dir, `out${tmpCount++}`);
  const fd = openSync(out, "w");
  try {
    await reduceTrail(path, selection, fd, options);
  } finally {
    closeSync(fd);
  }
  return readFileSync(out);
}

// ------------------------------------------------------------------ tests

describe("every filter against the fully decoded trail", () => {
  const seen = new Map<string, { some: boolean; notAll: boolean }>();
  for (const t of TRAILS) {
    describe(t.name, () => {
      const path = tmpFile(t.bytes);
      for (const c of cases(t)) {
        it(c.label, async () => {
          const want = t.records.filter((r) => refSelects(r, c.query));
          const s = seen.get(c.label) ?? { some: false, notAll: false };
          s.some ||= want.length > 0;
          s.notAll ||= want.length < t.records.length;
          seen.set(c.label, s);
          // In memory: the frames selected.
          const got = [...reduceRecords(t.bytes, c.selection)];
          expect(got.map((f) => f.offset)).toEqual(want.map((r) => r.offset));
          // From a file: exactly the selected records' bytes.
          const bytes = await reduceToFile(path, c.selection);
          expect(bytes.equals(concat(t.bytes, want))).toBe(true);
        });
      }
    });
  }

  it("each case selects something somewhere, and not everything everywhere", () => {
    for (const [label, s] of seen) {
      if (label.startsWith("-v alone")) {
        expect(s.some, label).toBe(false);
        continue;
      }
      expect(s.some, label).toBe(true);
      if (label.startsWith("no filter")) continue;
      expect(s.notAll, label).toBe(true);
    }
    expect(seen.size).toBe(cases(TRAILS[0]).length);
  });

  it("-v selects exactly the complement, file records included", () => {
    for (const t of TRAILS) {
      for (const c of cases(t).filter((x) => !x.selection.invert && !x.label.startsWith("no"))) {
        const kept = new Set([...reduceRecords(t.bytes, c.selection)].map((f) => f.offset));
        const rest = [...reduceRecords(t.bytes, { ...c.selection, invert: true })].map(
          (f) => f.offset,
        );
        expect(rest).toEqual(t.records.map((r) => r.offset).filter((o) => !kept.has(o)));
      }
    }
  });

  it("with no filter, a clean trail comes out byte for byte", async () => {
    const t = TRAILS[0];
    expect(t.records[0].kind).toBe("file");
    expect((await reduceToFile(tmpFile(t.bytes), {})).equals(Buffer.from(t.bytes))).toBe(true);
  });
});

describe("output", () => {
  const t = TRAILS[0];
  const path = tmpFile(t.bytes);
  const want = concat(
    t.bytes,
    t.records.filter((r) => r.kind === "header" && r.event === 23),
  );

  it("a stream sink gets writes of flushBytes, the last one shorter", async () => {
    const c = collector();
    const r = await reduceTrail(path, { events: ["AUE_EXECVE"] }, c.sink, { flushBytes: 4096 });
    expect(c.bytes().equals(want)).toBe(true);
    expect(r.bytes).toBe(want.length);
    expect(r.records).toBe(t.records.filter((x) => x.event === 23 && x.kind === "header").length);
    expect(r.scanned).toBe(t.bytes.length);
    expect(c.writes.slice(0, -1).every((n) => n === 4096)).toBe(true);
    expect(c.writes.length).toBe(Math.ceil(want.length / 4096));
  });

  it("records are copied out before their read buffer is read into again", async () => {
    // A stream sink that calls back late while reads go on: every byte must still be right.
    const c = collector();
    await reduceTrail(path, {}, c.sink, { readBytes: 4096, flushBytes: 3000 });
    expect(c.bytes().equals(Buffer.from(t.bytes))).toBe(true);
  });
});

describe("records split at every read boundary", () => {
  const small = synthetic(3, 120);
  const smallRecords = decodeAllRecords(small);
  const damaged = (() => {
    const d = new Uint8Array(small.length + 1);
    const at = smallRecords[40].offset;
    d.set(small.subarray(0, at), 0);
    d[at] = 0xaa; // garbage where a record starts
    d.set(small.subarray(at), at + 1);
    d[smallRecords[80].offset + 1 + 3] ^= 0x10; // a header byte count
    return d.subarray(0, d.length - 9); // cut inside the closing file token
  })();
  const selections: Partial<ReduceSelection>[] = [
    {},
    { events: ["AUE_EXECVE", "AUE_OPEN_R"] },
    { auid: 501 },
    { file: FILE_SPEC, invert: true },
  ];

  for (const [name, bytes] of [
    ["intact", small],
    ["damaged", damaged],
  ] as const) {
    it(`read sizes 1, 2, 3, 5, 8, 13, 64, 100, 1000 give the whole-buffer answer (${name})`, async () => {
      const path = tmpFile(bytes);
      for (const sel of selections) {
        const wantErrors: string[] = [];
        const frames = [
          ...reduceRecords(bytes, sel, { onError: (e) => wantErrors.push(e.message) }),
        ];
        const want = Buffer.concat(frames.map((f) => f.bytes));
        if (name === "damaged") expect(wantErrors.length).toBeGreaterThan(1);
        expect(frames.length).toBeGreaterThan(0);
        for (const readBytes of [1, 2, 3, 5, 8, 13, 64, 100, 1000]) {
          const errors: string[] = [];
          const got = await reduceToFile(path, sel, {
            readBytes,
            flushBytes: 777,
            onError: (e) => errors.push(e.message),
          });
          expect(got.equals(want), `${JSON.stringify(sel)} readBytes ${readBytes}`).toBe(true);
          expect(errors.map((m) => m.replace(`${path}: `, ""))).toEqual(wantErrors);
        }
      }
    });
  }

  it("a record longer than the room kept for a split rest (64 KiB) and than a read", async () => {
    const big: Token[] = [tok.header32({ event: 23, seconds: 1_700_000_000 })];
    for (let i = 0; i < 300; i++) big.push(tok.text(`${i}:${"x".repeat(600)}`));
    big.push(tok.subject32({ auid: 501, euid: 0, egid: 0, ruid: 0, rgid: 0, pid: 1, sid: 1 }));
    big.push(tok.trailer());
    const bigRecord = encodeRecord(big, { fixSizes: true });
    expect(bigRecord.length).toBeGreaterThan(150_000);
    // Put it between two records of `small`, past the first read.
    const cut = smallRecords.find((r) => r.offset >= 5000)?.offset ?? 0;
    expect(cut).toBeGreaterThan(0);
    const trailBytes = new Uint8Array(
      Buffer.concat([small.subarray(0, cut), bigRecord, small.subarray(cut)]),
    );
    const records = decodeAllRecords(trailBytes);
    const want = concat(
      trailBytes,
      records.filter((r) => refSelects(r, { auid: 501 })),
    );
    expect(want.length).toBeGreaterThan(bigRecord.length);
    const path = tmpFile(trailBytes);
    for (const readBytes of [4096, 50_000, 100_000, 1 << 20]) {
      const got = await reduceToFile(path, { auid: 501 }, { readBytes });
      expect(got.equals(want), `readBytes ${readBytes}`).toBe(true);
    }
  });
});

describe("gzip, streams and standard input", () => {
  const t = TRAILS[0];
  const want = concat(
    t.bytes,
    t.records.filter((r) => refSelects(r, { auid: 501, events: [23] })),
  );
  const sel = { auid: 501, events: ["AUE_EXECVE"] };

  it("a gzip'd file", async () => {
    const gz = tmpFile(gzipSync(t.bytes), ".bsm.gz");
    expect(want.length).toBeGreaterThan(0);
    expect((await reduceToFile(gz, sel)).equals(want)).toBe(true);
    expect((await reduceToFile(gz, sel, { readBytes: 1000 })).equals(want)).toBe(true);
  });

  it("a stream in odd chunks, plain and gzip'd", async () => {
    for (const bytes of [t.bytes, new Uint8Array(gzipSync(t.bytes))]) {
      const chunks: Uint8Array[] = [];
      for (let i = 0; i < bytes.length; i += 7777) chunks.push(bytes.subarray(i, i + 7777));
      const c = collector();
      const r = await reduceStream(Readable.from(chunks), sel, c.sink);
      expect(c.bytes().equals(want)).toBe(true);
      expect(r.scanned).toBe(t.bytes.length);
    }
  });
});

describe("the reader stack (src/io/reader.ts)", () => {
  const t = TRAILS[0];
  const gz = new Uint8Array(gzipSync(t.bytes));

  async function all(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
    const out: Uint8Array[] = [];
    for await (const c of chunks) out.push(c);
    return Buffer.concat(out);
  }

  it("tells gzip by its first bytes, however they arrive", async () => {
    for (const bytes of [t.bytes, gz]) {
      // The magic split over one-byte chunks, then odd ones.
      const chunks = [bytes.subarray(0, 1), bytes.subarray(1, 2), bytes.subarray(2, 3)];
      for (let i = 3; i < bytes.length; i += 4099) chunks.push(bytes.subarray(i, i + 4099));
      const r = await openInput(new ChunkReader(chunks), 1000);
      expect((await all(readerChunks(r, 1000))).equals(t.bytes)).toBe(true);
    }
  });

  it("reads inputs shorter than the magic", async () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([0x1f])]) {
      const r = await openInput(new ChunkReader([bytes]), 16);
      expect((await all(readerChunks(r, 16))).equals(bytes)).toBe(true);
      const c = collector();
      const res = await reduceStream([bytes], {}, c.sink);
      expect(res.scanned).toBe(bytes.length);
    }
  });

  it("gives a file's trail bytes in fresh chunks, gunzipped when gzip'd", async () => {
    for (const [file, plain] of [
      [tmpFile(t.bytes), true],
      [tmpFile(gz, ".bsm.gz"), false],
    ] as const) {
      const chunks: Uint8Array[] = [];
      for await (const c of readerChunks(await openFileReader(file, 4096), 4096)) {
        expect(c.length).toBeLessThanOrEqual(4096);
        chunks.push(c);
      }
      expect(Buffer.concat(chunks).equals(t.bytes)).toBe(true);
      // A file's chunks may be kept: each read is into memory of its own
      // (gunzip's chunks are zlib's, which may share a buffer without overlapping).
      if (plain) expect(new Set(chunks.map((c) => c.buffer)).size).toBe(chunks.length);
      expect((await all(await openTrailStream(file, 4096))).equals(t.bytes)).toBe(true);
    }
  });

  it("rejects a missing file when opened, not at the first chunk", async () => {
    await expect(openTrailStream(join(dir, "no-such.bsm"))).rejects.toThrow(/ENOENT/);
    await expect(openFileReader(join(dir, "no-such.bsm"), 16)).rejects.toThrow(/ENOENT/);
  });

  it("closes the file when iteration stops early", async () => {
    const r = await openFileReader(tmpFile(t.bytes), 64);
    const it = readerChunks(r, 64);
    await it.next();
    await it.return();
    await r.close(); // a second close is a no-op
  });
});

describe("damaged trails (corpus bad/)", () => {
  for (const rel of badTrails()) {
    it(`${rel}: every intact matching record, damage reported`, async () => {
      const bytes = load(rel);
      const decodeErrors: BsmError[] = [];
      const records = decodeAllRecords(bytes, { onError: (e) => decodeErrors.push(e) });
      const path = tmpFile(bytes);
      for (const [sel, q] of [
        [{}, {}],
        [{ all: true }, { all: true }],
        [{ euid: 0 }, { euid: 0 }],
      ] as [Partial<ReduceSelection>, Query][]) {
        const selected = records.filter((r) => refSelects(r, q));
        const want = selected.filter(framesCleanly);
        const errors: BsmError[] = [];
        const got = await reduceToFile(path, sel, { onError: (e) => errors.push(e) });
        expect(got.equals(concat(bytes, want)), JSON.stringify(sel)).toBe(true);
        const key = (e: BsmError) => `${e.kind} ${e.offset} ${e.recordOffset} ${e.tokenId}`;
        // A selected record that does not frame is reported as left out, at its offset.
        const leftOut = selected
          .filter((r) => !framesCleanly(r))
          .map((r) => `trailer-mismatch ${r.offset} ${r.offset} ${r.header?.id}`);
        const isLeftOut = (e: BsmError) => /left out of the output/.test(e.message);
        expect(errors.filter(isLeftOut).map(key)).toEqual(leftOut);
        for (const e of errors.filter(isLeftOut)) expect(e.message).toContain(path);
        errors.splice(0, errors.length, ...errors.filter((e) => !isLeftOut(e)));
        // Damage in the framing is reported whatever the filter; damage
        // inside a record whose header and trailer agree, when its tokens are read.
        const framing = decodeErrors.filter(
          (e) => e.kind !== "unknown-token" && e.kind !== "malformed-token",
        );
        const gotKeys = errors.map(key).sort();
        expect(gotKeys.filter((k) => framing.map(key).includes(k))).toEqual(
          framing.map(key).sort(),
        );
        for (const k of gotKeys) expect(decodeErrors.map(key)).toContain(k);
        if (sel.euid !== undefined) expect(gotKeys).toEqual(decodeErrors.map(key).sort());
      }
    });
  }

  it("strict: rejects with the first damage, writing what was selected before it", async () => {
    const bytes = load("bad/garbage-byte-between-records.bsm");
    const records = decodeAllRecords(bytes);
    const c = collector();
    await expect(reduceTrail(tmpFile(bytes), {}, c.sink, { strict: true })).rejects.toThrow(
      /offset 297/,
    );
    const before = records.filter((r) => r.offset + r.length <= 297);
    expect(before.length).toBeGreaterThan(1);
    expect(c.bytes().equals(concat(bytes, before))).toBe(true);
  });
});

describe("parsing auditreduce's arguments", () => {
  it("-c flags: + successes, - failures, ^ removes; unknown classes named", () => {
    expect(parseClassFlags("lo,+ex,-fc")).toEqual({
      success: mask("lo") | mask("ex"),
      failure: mask("lo") | mask("fc"),
    });
    expect(parseClassFlags(["all", "^ex", "^+lo"])).toEqual({
      success: (0xffffffff & ~mask("ex") & ~mask("lo")) >>> 0,
      failure: (0xffffffff & ~mask("ex")) >>> 0,
    });
    expect(() => parseClassFlags("lo,zz")).toThrow(/zz/);
    expect(() => parseClassFlags("lo,zz")).toThrow(AuditFlagsError);
  });

  it("-o file=: commas split, \\, is a comma, ~ excludes, POSIX classes", () => {
    const p = parseFileSpec("/tmp/a\\,b,~^/usr/lib,[[:digit:]]{3}$,[]x]");
    expect(p.map((x) => x.exclude)).toEqual([false, true, false, false]);
    expect(p[0].regex.test("/tmp/a,b")).toBe(true);
    expect(p[0].regex.test("/tmp/a")).toBe(false);
    expect(p[1].regex.test("/usr/lib/x")).toBe(true);
    expect(p[2].regex.test("/var/log/123")).toBe(true);
    expect(p[2].regex.test("/var/log/12a")).toBe(false);
    expect(p[3].regex.test("a]")).toBe(true);
    expect(() => parseFileSpec("[[:nope:]]")).toThrow(/nope/);
    expect(() => parseFileSpec("(")).toThrow(RangeError);
  });

  it("user and group names: the first line for a name wins, as getpwnam's", () => {
    const ids = parseNameIds(
      "# c\nroot:x:0:0\ntoor:x:0:0\nroot:x:5:5\nbad:x:x:1\n\nalice:x:501:20\n",
    );
    expect([...ids]).toEqual([
      ["root", 0],
      ["toor", 0],
      ["alice", 501],
    ]);
  });

  it("names an unknown event; rejects bad ids", () => {
    expect(() => [...reduceRecords(new Uint8Array(0), { events: ["AUE_NOPE"] })]).toThrow(/NOPE/);
    expect(() => [...reduceRecords(new Uint8Array(0), { auid: 1.5 })]).toThrow(RangeError);
  });
});

// ------------------------------------------------------------------ CLI

describe("bsm-trail reduce", () => {
  const t = TRAILS[0];
  const path = corpusPath("trails/mix-small.bsm");
  const hostdb = ["--passwd", corpusPath("hostdb/passwd"), "--group", corpusPath("hostdb/group")];
  const sel = (q: Query) =>
    concat(
      t.bytes,
      t.records.filter((r) => refSelects(r, q)),
    );

  it("-m AUE_EXECVE: raw records on stdout, which praudit reads", () => {
    const r = cli(["reduce", "-m", "AUE_EXECVE", path]);
    expect(r.status).toBe(0);
    expect(r.stdout.equals(sel({ events: [23] }))).toBe(true);
    const p = cli(["praudit", "-l", "-s"], r.stdout);
    expect(p.status).toBe(0);
    const lines = p.stdout.toString().trim().split("\n");
    expect(lines.length).toBe(t.records.filter((x) => x.event === 23).length);
    expect(lines.every((l) => /^header(_ex)?,/.test(l) && l.includes(",AUE_EXECVE,"))).toBe(true);
  });

  it("reads standard input, gzip'd or not", () => {
    const want = sel({ cls: { s: mask("ex"), f: 0 }, auid: 65534 });
    expect(want.length).toBeGreaterThan(0);
    for (const input of [t.bytes, new Uint8Array(gzipSync(t.bytes))]) {
      const r = cli(["reduce", "-c", "+ex", "-u", "nobody", ...hostdb], input);
      expect(r.status).toBe(0);
      expect(r.stdout.equals(want)).toBe(true);
    }
  });

  it("times are local (TZ), -b includes its second, -d is a whole day", () => {
    // mix-small runs 2024-03-01 06:45:42 to 06:46:05 UTC.
    const r = cli(["reduce", "-a", "20240301064550", "-b", "20240301064555", path]);
    expect(r.status).toBe(0);
    const want = sel({
      afterMs: Date.UTC(2024, 2, 1, 6, 45, 50),
      beforeMs: Date.UTC(2024, 2, 1, 6, 45, 56),
    });
    expect(want.length).toBeGreaterThan(0);
    expect(r.stdout.equals(want)).toBe(true);
    const day = cli(["reduce", "-d", "20240301", path]);
    expect(day.stdout.equals(sel({ all: true }))).toBe(true);
    expect(cli(["reduce", "-d", "20240302", path]).stdout.length).toBe(0);
  });

  it("users and groups by name, objects, -j, -v", () => {
    const r = cli([
      "reduce",
      "-f",
      "dialout",
      "-e",
      "root",
      "-o",
      "file=^/usr/,~^/usr/lib",
      ...hostdb,
      path,
    ]);
    expect(r.status).toBe(0);
    const want = sel({
      egid: 20,
      euid: 0,
      file: [
        [/^\/usr\//, false],
        [/^\/usr\/lib/, true],
      ],
    });
    expect(want.length).toBeGreaterThan(0);
    expect(r.stdout.equals(want)).toBe(true);
    const v = cli(["reduce", "-v", "-m", "AUE_EXECVE", path]);
    expect(v.stdout.equals(sel({ events: [23], invert: true }))).toBe(true);
  });

  it("damage: reported with file and offset, every intact record written, exit 1; a missing file is named", () => {
    const bad = corpusPath("bad/garbage-byte-between-records.bsm");
    const r = cli(["reduce", bad, "/nonexistent/trail"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${bad}: offset 297`);
    expect(r.stderr).toContain("/nonexistent/trail");
    const good = readFileSync(corpusPath("bad/good-5-records.bsm"));
    expect(r.stdout.equals(good)).toBe(true);
  });

  it("usage errors exit 2, with one line on stderr pointing to --help", () => {
    for (const args of [
      ["-m", "AUE_NOPE"],
      ["-c", "zz"],
      ["-a", "2024"],
      ["-a", "20240231"],
      ["-d", "20240301", "-a", "20240301"],
      ["-u", "no-such-user", ...hostdb],
      ["-j", "abc"],
      ["-o", "sock=1"],
      ["-o", "frob=1"],
      ["-o", "file=("],
      ["--frob"],
    ]) {
      const r = cli(["reduce", ...args, path]);
      expect(r.status, args.join(" ")).toBe(2);
      expect(r.stdout.length, args.join(" ")).toBe(0);
      expect(r.stderr, args.join(" ")).toMatch(
        /^bsm-trail: reduce: [^\n]+ \(bsm-trail reduce --help\)\n$/,
      );
    }
  });
});

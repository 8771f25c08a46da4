/**
 * Trail sets: a /var/audit laid out as auditd lays it out (every kind of
 * name, a gzip'd member, `current`), read in order with no record twice;
 * merging; time windows; inputs that are not files.
 */

import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodeAllRecords, decodeRecords } from "../src/api/decode";
import { reduceTrails } from "../src/api/reduce";
import { mergeTrails, readTrails } from "../src/api/trail-set";
import { listTrails, trailInputs } from "../src/io/trail-files";
import { parseTrailName } from "../src/io/trail-names";
import { generateTrail } from "../src/testing/generator";
import type { BsmError } from "../src/wire/errors";
import { IoError } from "../src/wire/errors";
import type { BsmRecord } from "../src/wire/record";

/** auditd's `YYYYMMDDhhmmss` of a time (UTC). */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

const HOUR = 3600_000;
const T0 = Date.UTC(2024, 2, 1, 0, 0, 0);

interface Member {
  name: string;
  bytes: Uint8Array;
  gzip: boolean;
}

/**
 * A /var/audit of five hourly trails, written in a shuffled order: a gzip'd
 * closed one named `.gz`, a gzip'd one named without `.gz`, a crash_recovery,
 * a closed one, and the open one (`not_terminated`, `current`), plus files
 * that are no trails.
 */
function auditDir(): { dir: string; members: Member[] } {
  const dir = mkdtempSync(join(tmpdir(), "bsm-va-"));
  const members: Member[] = [];
  const kinds = ["gz-named", "gz-unnamed", "crash", "closed", "open"] as const;
  kinds.forEach((kind, k) => {
    const start = T0 + k * HOUR;
    const bytes = generateTrail({ seed: 100 + k, records: 20 + k, startTime: start });
    const end = stamp(start + HOUR - 1000);
    const base =
      kind === "crash"
        ? `${stamp(start)}.crash_recovery`
        : kind === "open"
          ? `${stamp(start)}.not_terminated`
          : `${stamp(start)}.${end}`;
    const name = kind === "gz-named" ? `${base}.gz` : base;
    const gzip = kind.startsWith("gz");
    members.push({ name, bytes, gzip });
  });
  for (const m of [...members].reverse()) {
    writeFileSync(join(dir, m.name), m.gzip ? gzipSync(m.bytes) : m.bytes);
  }
  symlinkSync(join(dir, members[4].name), join(dir, "current"));
  writeFileSync(join(dir, "audit_control.bak"), "flags:lo\n");
  mkdirSync(join(dir, "20240101000000.20240101010000"));
  return { dir, members };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe("trail names", () => {
  it("parses every auditd name and refuses others", () => {
    const closed = parseTrailName("20240310100000.20240310110000");
    expect(closed?.state).toBe("closed");
    expect(closed?.start.toISOString()).toBe("2024-03-10T10:00:00.000Z");
    expect(closed?.end?.toISOString()).toBe("2024-03-10T11:00:00.000Z");
    expect(parseTrailName("20240310100000.not_terminated")?.end).toBeNull();
    expect(parseTrailName("20240310100000.crash_recovery")?.state).toBe("crash_recovery");
    expect(parseTrailName("20240310100000.20240310110000.gz")?.gzipName).toBe(true);
    for (const bad of ["current", "20240230100000.not_terminated", "2024031010000.x", "x.gz"]) {
      expect(parseTrailName(bad)).toBeNull();
    }
  });
});

describe("a /var/audit directory", () => {
  it("lists trails by start time, current once, other entries skipped with a notice", async () => {
    const { dir, members } = auditDir();
    const skipped: string[] = [];
    const list = await listTrails(dir, { onSkip: (p) => skipped.push(p) });
    expect(list.map((f) => f.name)).toEqual(members.map((m) => m.name));
    expect(list.filter((f) => f.current).map((f) => f.name)).toEqual([members[4].name]);
    expect(skipped.sort()).toEqual(
      [join(dir, "20240101000000.20240101010000"), join(dir, "audit_control.bak")].sort(),
    );
  });

  it("reads every record once, in order, gzip'd members by content", async () => {
    const { dir, members } = auditDir();
    const got = await collect(readTrails([dir]));
    const want = members.flatMap((m) => decodeAllRecords(m.bytes));
    expect(got.length).toBe(want.length);
    expect(got.map((r) => [r.seconds, r.milliseconds, r.length])).toEqual(
      want.map((r) => [r.seconds, r.milliseconds, r.length]),
    );
  });

  it("reads the open trail once when named twice (dir/* names it and current)", async () => {
    const { dir, members } = auditDir();
    const all = [...members.map((m) => join(dir, m.name)), join(dir, "current")];
    const skipped: string[] = [];
    const inputs = await trailInputs(all, { onSkip: (p, why) => skipped.push(`${p}: ${why}`) });
    expect(inputs.length).toBe(members.length);
    expect(skipped).toEqual([`${join(dir, "current")}: already read under another name`]);
  });

  it("leaves out whole files closed before a time window, and only those", async () => {
    const { dir, members } = auditDir();
    const skipped: string[] = [];
    const after = new Date(T0 + 2 * HOUR + 30 * 60_000);
    const inputs = await trailInputs([dir], { after, onSkip: (_p, why) => skipped.push(why) });
    // The two closed trails of hours 0 and 1 go; crash_recovery (no end in its name) stays.
    expect(inputs.map((i) => i.path)).toEqual(members.slice(2).map((m) => join(dir, m.name)));
    expect(skipped.filter((w) => w === "closed before the time window").length).toBe(2);
  });

  it("reduce -a over the directory selects the same records as over each file", async () => {
    const { dir, members } = auditDir();
    const after = new Date(T0 + 3 * HOUR + 1000);
    const sink = new PassThrough();
    const chunks: Buffer[] = [];
    sink.on("data", (c: Buffer) => chunks.push(Buffer.from(c)));
    const r = await reduceTrails([dir], { after }, sink);
    const got = [...decodeRecords(new Uint8Array(Buffer.concat(chunks)))];
    const want = members
      .flatMap((m) => decodeAllRecords(m.bytes))
      .filter((x) => x.kind === "header" && x.seconds * 1000 + x.milliseconds >= after.getTime());
    expect(r.records).toBe(want.length);
    expect(got.map((x) => [x.seconds, x.milliseconds])).toEqual(
      want.map((x) => [x.seconds, x.milliseconds]),
    );
  });

  it("reports a missing input as an IoError naming it and reads the rest", async () => {
    const { dir, members } = auditDir();
    const errors: BsmError[] = [];
    const missing = join(dir, "nope.bsm");
    const got = await collect(
      readTrails([missing, join(dir, members[3].name)], { onError: (e) => errors.push(e) }),
    );
    expect(got.length).toBe(decodeAllRecords(members[3].bytes).length);
    expect(errors.length).toBe(1);
    expect(errors[0]).toBeInstanceOf(IoError);
    expect(errors[0].kind).toBe("io");
    expect(errors[0].message).toContain(missing);
    expect((errors[0] as IoError).code).toBe("ENOENT");
  });

  it("reports damaged gzip data as an IoError with the file and the offset reached", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-gz-"));
    const bytes = generateTrail({ seed: 5, records: 3000 });
    const gz = gzipSync(bytes);
    // Cut the gzip stream in the middle: what came before it is still read.
    const path = join(dir, "cut.gz");
    writeFileSync(path, gz.subarray(0, gz.length >> 1));
    const errors: BsmError[] = [];
    const got = await collect(readTrails([path], { onError: (e) => errors.push(e) }));
    expect(got.length).toBeGreaterThan(0);
    const io = errors.find((e) => e.kind === "io");
    expect(io?.file).toBe(path);
    expect(io?.offset).toBeGreaterThan(0);
    expect(io?.offset).toBeLessThan(bytes.length);
  });
});

describe("mergeTrails", () => {
  it("merges hosts in header-time order, each host's order kept, nothing lost", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-merge-"));
    const hosts = [0, 1, 2].map((h) => {
      const bytes = generateTrail({ seed: 7 + h, records: 500, startTime: T0 + h * 37 });
      const p = join(dir, `host${h}.bsm`);
      writeFileSync(p, bytes);
      return { p, records: decodeAllRecords(bytes) };
    });
    const got = await collect(mergeTrails(hosts.map((h) => h.p)));
    expect(got.length).toBe(hosts.reduce((n, h) => n + h.records.length, 0));
    const t = (r: { seconds: number; milliseconds: number }) => r.seconds * 1000 + r.milliseconds;
    const key = (r: BsmRecord) => `${t(r)}/${r.offset}/${r.length}/${r.event}`;
    // Each host's trail is in time order, so the merge is the stable sort of
    // the hosts' records (ties in host order).
    for (const h of hosts) {
      for (let i = 1; i < h.records.length; i++) {
        expect(t(h.records[i])).toBeGreaterThanOrEqual(t(h.records[i - 1]));
      }
    }
    const want = hosts.flatMap((h) => h.records).sort((x, y) => t(x) - t(y));
    expect(got.map(key)).toEqual(want.map(key));
    // Interleaved, not concatenated.
    expect(got.map(key)).not.toEqual(hosts.flatMap((h) => h.records).map(key));
  });

  it("merges directories: readTrails with merge equals mergeTrails", async () => {
    const a = auditDir();
    const b = auditDir();
    const m1 = await collect(mergeTrails([a.dir, b.dir]));
    const m2 = await collect(readTrails([a.dir, b.dir], { merge: true }));
    expect(m1.length).toBe(2 * a.members.reduce((n, m) => n + decodeAllRecords(m.bytes).length, 0));
    expect(m2.map((r) => r.length)).toEqual(m1.map((r) => r.length));
  });
});

describe("inputs that are not files", () => {
  it("reads a gzip'd stream from standard input", async () => {
    const bytes = generateTrail({ seed: 11, records: 50 });
    const stdin = new PassThrough();
    stdin.end(gzipSync(bytes));
    const got = await collect(readTrails(["-"], { stdin }));
    expect(got.length).toBe(decodeAllRecords(bytes).length);
  });

  it("reads a named pipe as a stream", async () => {
    const { execFileSync, spawn } = await import("node:child_process");
    const dir = mkdtempSync(join(tmpdir(), "bsm-fifo-"));
    const fifo = join(dir, "pipe");
    execFileSync("mkfifo", [fifo]);
    const bytes = generateTrail({ seed: 12, records: 80 });
    const src = join(dir, "src.bsm");
    writeFileSync(src, gzipSync(bytes));
    const writer = spawn("sh", ["-c", `cat '${src}' > '${fifo}'`]);
    const got = await collect(readTrails([fifo]));
    writer.kill();
    expect(got.length).toBe(decodeAllRecords(bytes).length);
    expect(readFileSync(src).length).toBeGreaterThan(0);
  });
});

/**
 * Live input: followTrail and `praudit --follow` see every record appended
 * to `current` and across auditd's rotation once, each within a second of
 * being written; a pipe's records are printed as they arrive.
 */

import { spawn } from "node:child_process";
import {
  appendFileSync,
  mkdtempSync,
  renameSync,
  symlinkSync,
  unlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { followTrail } from "../src/api/trail-set";
import { generateTrail } from "../src/testing/generator";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Bound on the delay between writing a record and seeing it (the "within a second"). */
const WITHIN_MS = 1000;

/** A trail cut into its records' byte strings (file tokens included). */
function recordsOf(seed: number, n: number, startTime: number): Uint8Array[] {
  const bytes = generateTrail({ seed, records: n, startTime });
  return decodeAllRecords(bytes).map((r) => bytes.subarray(r.offset, r.offset + r.length));
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14);
}

/**
 * A live audit directory: the open trail `current` points to, to which
 * records are appended (some split across two writes), then rotated as
 * auditd rotates: the old file renamed `start.end`, a new one started,
 * `current` re-pointed.
 */
class LiveDir {
  readonly dir = mkdtempSync(join(tmpdir(), "bsm-live-"));
  private path = "";
  private start = Date.UTC(2024, 2, 1, 0, 0, 0);
  /** Each record written, with when its last byte was written. */
  readonly written: { bytes: Uint8Array; at: number }[] = [];

  open(): void {
    this.path = join(this.dir, `${stamp(this.start)}.not_terminated`);
    writeFileSync(this.path, new Uint8Array(0));
    try {
      unlinkSync(join(this.dir, "current"));
    } catch {}
    symlinkSync(this.path, join(this.dir, "current"));
  }

  async append(record: Uint8Array, split: boolean): Promise<void> {
    if (split) {
      const half = record.length >> 1;
      appendFileSync(this.path, record.subarray(0, half));
      await sleep(150);
      appendFileSync(this.path, record.subarray(half));
    } else appendFileSync(this.path, record);
    this.written.push({ bytes: record, at: Date.now() });
  }

  rotate(): void {
    const end = this.start + 3600_000;
    renameSync(this.path, join(this.dir, `${stamp(this.start)}.${stamp(end)}`));
    this.start = end + 1000;
    // Between the rename and the new link, `current` dangles, as with auditd.
    this.open();
  }
}

/** The script of a follow test: records appended, a rotation, more records. */
async function drive(live: LiveDir, seen: () => number): Promise<void> {
  const a = recordsOf(21, 6, Date.UTC(2024, 2, 1));
  const b = recordsOf(22, 6, Date.UTC(2024, 2, 1, 1));
  for (let i = 0; i < a.length; i++) {
    await live.append(a[i], i % 3 === 1);
    await sleep(100);
  }
  // Let the reader catch up before rotating, then rotate while it waits.
  const until = Date.now() + 3000;
  while (seen() < live.written.length && Date.now() < until) await sleep(20);
  live.rotate();
  for (let i = 0; i < b.length; i++) {
    await live.append(b[i], i % 2 === 0);
    await sleep(100);
  }
}

describe("followTrail", () => {
  it("sees every record once, across a rotation, each within a second", async () => {
    const live = new LiveDir();
    live.open();
    // Records already there are read first.
    const first = recordsOf(20, 3, Date.UTC(2024, 2, 1));
    for (const r of first) await live.append(r, false);
    const ac = new AbortController();
    const got: { length: number; seconds: number; at: number }[] = [];
    const reading = (async () => {
      for await (const r of followTrail(live.dir, { signal: ac.signal, pollMs: 50 })) {
        got.push({ length: r.length, seconds: r.seconds, at: Date.now() });
      }
    })();
    await drive(live, () => got.length);
    const until = Date.now() + 3000;
    while (got.length < live.written.length && Date.now() < until) await sleep(20);
    ac.abort();
    await reading;
    expect(got.length).toBe(live.written.length);
    for (let i = 0; i < got.length; i++) {
      expect(got[i].length).toBe(live.written[i].bytes.length);
      expect(got[i].at - live.written[i].at).toBeLessThan(WITHIN_MS);
    }
  });

  it("ends when aborted while waiting, and follows a plain file as tail -F", async () => {
    const dir = mkdtempSync(join(tmpdir(), "bsm-tailf-"));
    const path = join(dir, "trail.bsm");
    const recs = recordsOf(30, 4, Date.UTC(2024, 2, 1));
    writeFileSync(path, recs[0]);
    const ac = new AbortController();
    const got: number[] = [];
    const reading = (async () => {
      for await (const r of followTrail(path, { signal: ac.signal, pollMs: 50 }))
        got.push(r.length);
    })();
    await sleep(200);
    appendFileSync(path, recs[1]);
    await sleep(300);
    // Replaced under the same name (log rotation by rename): the new file is followed.
    renameSync(path, `${path}.old`);
    writeFileSync(path, recs[2]);
    await sleep(400);
    ac.abort();
    await reading;
    expect(got).toEqual([recs[0].length, recs[1].length, recs[2].length]);
  });
});

/** Runs the CLI from source with a pipe on stdin and stdout read as it comes. */
function liveCli(args: string[]) {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", resolve(root, "src/cli/main.ts"), ...args],
    {
      env: { ...process.env, TZ: "UTC" },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  const lines: { text: string; at: number }[] = [];
  let partial = "";
  child.stdout.on("data", (c: Buffer) => {
    partial += c.toString();
    const parts = partial.split("\n");
    partial = parts.pop() as string;
    for (const p of parts) lines.push({ text: p, at: Date.now() });
  });
  let stderr = "";
  child.stderr.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  const exited = new Promise<number | null>((res) => child.on("close", (code) => res(code)));
  return { child, lines, exited, stderr: () => stderr };
}

async function waitFor(cond: () => boolean, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (!cond() && Date.now() < until) await sleep(20);
}

describe("bsm-trail praudit, live", () => {
  it("prints each record from a pipe as it arrives (tail -f | praudit)", async () => {
    const recs = recordsOf(40, 3, Date.UTC(2024, 2, 1));
    const run = liveCli(["praudit", "-l", "-n"]);
    // Node's start-up is not part of the bound: wait for the first line first.
    run.child.stdin.write(recs[0]);
    await waitFor(() => run.lines.length >= 1, 15_000);
    expect(run.lines.length).toBe(1);
    for (let i = 1; i < recs.length; i++) {
      const t = Date.now();
      run.child.stdin.write(recs[i]);
      await waitFor(() => run.lines.length > i, 5000);
      expect(run.lines.length).toBe(i + 1);
      expect(run.lines[i].at - t).toBeLessThan(WITHIN_MS);
    }
    run.child.stdin.end();
    expect(await run.exited).toBe(0);
  }, 30_000);

  it("--follow prints appended and rotated records, and ends cleanly on SIGINT", async () => {
    const live = new LiveDir();
    live.open();
    const run = liveCli(["praudit", "-l", "-n", "--follow", live.dir]);
    const first = recordsOf(41, 1, Date.UTC(2024, 2, 1))[0];
    await live.append(first, false);
    await waitFor(() => run.lines.length >= 1, 15_000);
    expect(run.lines.length).toBe(1);
    live.written.length = 0;
    const already = run.lines.length;
    await drive(live, () => run.lines.length - already);
    await waitFor(() => run.lines.length - already >= live.written.length, 3000);
    run.child.kill("SIGINT");
    expect(await run.exited).toBe(0);
    const lines = run.lines.slice(already);
    expect(lines.length).toBe(live.written.length);
    for (let i = 0; i < lines.length; i++) {
      // Each line is its record: praudit -l's first field after the token name is the byte count.
      const kind = lines[i].text.split(",")[0];
      if (kind === "header")
        expect(Number(lines[i].text.split(",")[1])).toBe(live.written[i].bytes.length);
      expect(lines[i].at - live.written[i].at).toBeLessThan(WITHIN_MS);
    }
    expect(run.stderr()).toBe("");
  }, 30_000);
});

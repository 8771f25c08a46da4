/**
 * One benchmark case, run by bench/run.ts in a child process of its own so
 * that its peak RSS is its own: `node bench/case.mjs <case> <file>...`.
 * Plain JavaScript over the built package (dist/index.js, what users run):
 * no TypeScript loader in the process to inflate its RSS or warm-up.
 * Prints one line of JSON: bytes, records, ms, maxRSS (KiB), note.
 */

import { closeSync, createReadStream, openSync, readFileSync, writeSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

// BENCH_DIST: another build's dist/ (bench/run.ts --against), else ours.
const lib = await import(
  process.env.BENCH_DIST
    ? pathToFileURL(join(process.env.BENCH_DIST, "index.js")).href
    : "../dist/index.js"
);

/** Reads of 256 KiB, as readTrail makes them (src/trail.ts, TRAIL_READ_BYTES). */
const READ_BYTES = 256 * 1024;

/** Reads of 1 MiB for selection (src/trail.ts, SELECT_READ_BYTES). */
const SELECT_READ_BYTES = 1024 * 1024;

/** Output buffer of the selection case: one write per MiB of selected records. */
const SELECT_OUT_BYTES = 2 ** 20;

/**
 * What a serializer does: every enumerable field of a token read through a
 * generic `for (const k in token)` walk (own fields and, for lazy tokens,
 * the prototype's enumerable getters). Returns a count so nothing is dead code.
 */
function readEveryField(tokens) {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    for (const k in t) {
      const v = t[k];
      n += typeof v === "string" ? v.length : v === undefined ? 0 : 1;
    }
  }
  return n;
}

/**
 * {@link readEveryField}, and the raw-byte twin of each text field too
 * (`pathBytes` beside `path`), read by name: on eager tokens of text types
 * the twins are getters that `for...in` does not list (src/gen/
 * eager-tokens.ts), on older builds own fields, skipped in the walk here
 * so that each build reads each field once.
 */
function readEveryFieldAndTwin(tokens) {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    for (const k in t) {
      if (k.endsWith("Bytes")) continue;
      const v = t[k];
      // A text field (a string, or an array of them) has a twin.
      if (typeof v === "string" || (Array.isArray(v) && typeof v[0] === "string")) {
        n += v.length;
        const raw = t[`${k}Bytes`];
        if (raw !== undefined) n += raw.length;
      } else n += v === undefined ? 0 : 1;
    }
  }
  return n;
}

/**
 * A filtering script's consumer: the `type` of every token, the header's
 * event and time, the subject's users and pid, every path.
 */
function readHeaderSubjectPath(tokens) {
  let n = 0;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    switch (t.type) {
      case "header32":
      case "header32_ex":
      case "header64":
      case "header64_ex":
        n += t.event + t.modifier + Number(t.seconds);
        break;
      case "subject32":
      case "subject64":
      case "subject32_ex":
      case "subject64_ex":
        n += t.auid + t.euid + t.pid;
        break;
      case "path":
        n += t.path.length;
        break;
      default:
        n++;
    }
  }
  return n;
}

/** @type {Record<string, (files: string[]) => Promise<{bytes: number, records: number, ms?: number, note?: string}>>} */
const CASES = {
  // The fastest plain read found: 1 MiB `read`s into one reused buffer
  // that starts 64 bytes past a page boundary (src/io/read-memory.ts says
  // why: into page-aligned memory the same reads ran ~4x slower here; a
  // 256 KiB createReadStream, the baseline before, ran at ~0.4x of this).
  async "raw read"([file]) {
    const fh = await open(file, "r");
    const b = Buffer.allocUnsafeSlow(SELECT_READ_BYTES + 64).subarray(64);
    let bytes = 0;
    try {
      for (;;) {
        const { bytesRead } = await fh.read(b, 0, b.length, null);
        if (bytesRead === 0) break;
        bytes += bytesRead;
      }
    } finally {
      await fh.close();
    }
    return { bytes, records: 0 };
  },

  async "decodeRecords buffer"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let tokens = 0;
    for (const r of lib.decodeRecords(buf)) {
      records++;
      tokens += r.tokens.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${tokens} tokens` };
  },

  async "decodeRecordBatches buffer"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let tokens = 0;
    for (const batch of lib.decodeRecordBatches(buf)) {
      for (let i = 0; i < batch.length; i++) tokens += batch[i].tokens.length;
      records += batch.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${tokens} tokens` };
  },

  async "decodeRecordBatches every field"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let fields = 0;
    for (const batch of lib.decodeRecordBatches(buf)) {
      for (let i = 0; i < batch.length; i++) fields += readEveryField(batch[i].tokens);
      records += batch.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${fields}` };
  },

  async "decodeRecordBatches every field and twin"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let fields = 0;
    for (const batch of lib.decodeRecordBatches(buf)) {
      for (let i = 0; i < batch.length; i++) fields += readEveryFieldAndTwin(batch[i].tokens);
      records += batch.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${fields}` };
  },

  async "eager header/subject/path"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let n = 0;
    for (const batch of lib.decodeRecordBatches(buf)) {
      for (let i = 0; i < batch.length; i++) n += readHeaderSubjectPath(batch[i].tokens);
      records += batch.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${n}` };
  },

  async "lazy header/subject/path"([file]) {
    const buf = readFileSync(file);
    const t0 = performance.now();
    let records = 0;
    let n = 0;
    for (const batch of lib.decodeRecordBatches(buf, { lazy: true })) {
      for (let i = 0; i < batch.length; i++) n += readHeaderSubjectPath(batch[i].tokens);
      records += batch.length;
    }
    return { bytes: buf.length, records, ms: performance.now() - t0, note: `${n}` };
  },

  async "readTrail every field"([file]) {
    let records = 0;
    let bytes = 0;
    let fields = 0;
    for await (const r of lib.readTrail(file)) {
      records++;
      bytes += r.length;
      fields += readEveryField(r.tokens);
    }
    return { bytes, records, note: `${fields}` };
  },

  async "decodeRecordStream file"([file]) {
    let records = 0;
    let bytes = 0;
    const source = createReadStream(file, { highWaterMark: READ_BYTES });
    for await (const r of lib.decodeRecordStream(source)) {
      records++;
      bytes += r.length;
    }
    return { bytes, records };
  },

  async readTrail([file]) {
    let records = 0;
    let bytes = 0;
    for await (const r of lib.readTrail(file)) {
      records++;
      bytes += r.length;
    }
    return { bytes, records };
  },

  async readTrailBatches([file]) {
    let records = 0;
    let bytes = 0;
    for await (const batch of lib.readTrailBatches(file)) {
      for (let i = 0; i < batch.length; i++) bytes += batch[i].length;
      records += batch.length;
    }
    return { bytes, records };
  },

  async "select execve"([file]) {
    // auditreduce -m AUE_EXECVE: every execve record written out raw.
    const out = openSync("/dev/null", "w");
    const buf = new Uint8Array(SELECT_OUT_BYTES);
    let used = 0;
    let selected = 0;
    let written = 0;
    // 1 MiB reads, as processTrails' select task makes them (src/trail.ts, SELECT_READ_BYTES).
    const source = await lib.openTrailStream(file, SELECT_READ_BYTES);
    for await (const batch of lib.selectRecordStreamBatches(source, { events: ["AUE_EXECVE"] })) {
      for (let i = 0; i < batch.length; i++) {
        const b = batch[i].bytes;
        if (used + b.length > buf.length) {
          writeSync(out, buf, 0, used);
          written += used;
          used = 0;
        }
        if (b.length > buf.length) {
          writeSync(out, b);
          written += b.length;
        } else {
          buf.set(b, used);
          used += b.length;
        }
      }
      selected += batch.length;
    }
    writeSync(out, buf, 0, used);
    written += used;
    closeSync(out);
    return { bytes: 0, records: 0, note: `${selected} records, ${written} bytes selected` };
  },

  async "reduce -m AUE_EXECVE"([file]) {
    // bsm-trail reduce's library call: one reused 1 MiB read buffer (and the
    // one being read ahead), selected records copied into a reused 1 MiB
    // output buffer (src/reduce.ts, REDUCE_READ_BYTES, REDUCE_FLUSH_BYTES).
    const out = openSync("/dev/null", "w");
    const r = await lib.reduceTrail(file, { events: ["AUE_EXECVE"] }, out);
    closeSync(out);
    return { bytes: 0, records: 0, note: `${r.records} records, ${r.bytes} bytes selected` };
  },

  async "reduce -o file="([file]) {
    // bsm-trail reduce -o 'file=^/usr/(bin|lib)/,~^/usr/lib/system/': the
    // tokens of every record decoded and each path matched by the regular
    // expressions (re2js, linear time: src/api/criteria.ts).
    const out = openSync("/dev/null", "w");
    const r = await lib.reduceTrail(file, { file: "^/usr/(bin|lib)/,~^/usr/lib/system/" }, out);
    closeSync(out);
    return { bytes: 0, records: 0, note: `${r.records} records, ${r.bytes} bytes selected` };
  },

  async "processTrails workers"(files) {
    const results = await lib.processTrails(files, { kind: "stats" });
    let bytes = 0;
    let records = 0;
    for (const r of results) {
      if (r.errors.length > 0) throw new Error(`${r.path}: ${r.errors[0]}`);
      bytes += r.bytes;
      records += r.records;
    }
    return { bytes, records, note: `${files.length} files` };
  },
};

const [name, ...files] = process.argv.slice(2);
const body = CASES[name];
if (body === undefined) throw new Error(`unknown case: ${name}`);
const t0 = performance.now();
const c0 = process.cpuUsage();
const r = await body(files);
const ms = r.ms ?? performance.now() - t0;
// CPU time of every thread of the process (main, workers, GC helpers, libuv
// reads) over the whole case: cpuMs / ms is how many cores it kept busy.
// Not for cases timed without their read (buffer cases).
const c = process.cpuUsage(c0);
const cpuMs = r.ms === undefined ? (c.user + c.system) / 1000 : undefined;
process.stdout.write(
  `${JSON.stringify({ ...r, ms, cpuMs, maxRSS: process.resourceUsage().maxRSS })}\n`,
);

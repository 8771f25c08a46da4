/**
 * The native format written straight into a byte buffer: the same JSON
 * text as `JSON.stringify(new NativeConverter(options).convert(record))`
 * (test/json-native.test.ts compares them on every corpus record), without
 * building the object, stringifying it and encoding the string.
 *
 * `bsm-trail json` writes the native format this way: building objects and
 * JSON.stringify ran at 6 MB/s of trail, a fifth of `praudit -l` on the same
 * machine (bench/run.ts, "json" case); the JSON is 7.5 times the size of the
 * trail, so every byte written counts. Bytes go to memory through a local
 * position: room is made once for what the record's summary can take at
 * most beside its strings, and again before each string for its worst
 * case (6 bytes per UTF-16 unit) plus that bound. Tokens are written by
 * src/gen/json-writer.ts, generated from the token table (one case per row,
 * reading each field by name: a generic loop over the rows' fields read
 * them through a megamorphic keyed load and took a quarter of the time).
 *
 * {@link NativeJsonWriter.writeFrame} writes a record frame without
 * decoding it: the tokens through the generated frame writer
 * (writeFrameTokensJson, straight from the bytes), the summary from the
 * bytes at the offsets frame-fields.ts works out from the layouts, its
 * strings copied from the tokens' JSON. Decoding every record first held
 * `bsm-trail json` at 0.26-0.37x `praudit -l`; test/json-frames.test.ts
 * checks both ways write the same bytes.
 *
 * @module
 */

import { writeFrameTokensJson, writeTokenJson } from "../gen/json-writer";
import type {
  ExecStringsToken,
  Return32Token,
  Return64Token,
  SubjectToken,
  Token,
} from "../gen/token-types";
import type { PrintBuffer } from "../print/print-buffer";
import { ascii, putArr, putNum, putStr, putUint64 } from "../print/put";
import { bsmErrnoName } from "../tables/errno";
import { addressText } from "../wire/addr";
import type { BsmRecord, RecordFrame, RecordHead } from "../wire/record";
import {
  EXEC_ARGS_ID,
  EXEC_ENV_ID,
  HOSTS,
  jsonHeadLength,
  PATH_ID,
  RETURNS,
  SUBJECTS,
  type SubjectFields,
} from "./frame-fields";
import {
  ConstBytes,
  grow,
  MAX_PER_UNIT,
  putConst,
  putIpv4Json,
  putJsonString,
  putU32,
  TokenStarts,
} from "./json-put";
import { MAX_DATE_MS, type NativeConverter } from "./native";
import type { ProcessInfo } from "./process-context";

const K_HEADER = new ConstBytes('{"kind":"header","time":');
const K_FILE = new ConstBytes('{"kind":"file","time":');
const K_TIMEMS = new ConstBytes(',"timeMs":');
const K_VERSION = new ConstBytes(',"version":');
const K_HOST = new ConstBytes(',"host":');
// Runs of constant text are written as one (bench/run.ts, "json" case).
const K_HOST_NULL_SUBJECT = new ConstBytes(',"host":null,"subject":{"auid":');
const K_HOST_NULL_NO_SUBJECT = new ConstBytes(',"host":null,"subject":null');
const K_SUBJECT = new ConstBytes(',"subject":{"auid":');
const K_NO_SUBJECT = new ConstBytes(',"subject":null');
const K_NO_RETURN = new ConstBytes(',"return":null');
const K_PATHS = new ConstBytes(',"paths":[');
const K_ARGS = new ConstBytes('],"args":[');
const K_ENV = new ConstBytes('],"env":[');
const K_TOKENS = new ConstBytes('],"tokens":[');
const K_LENGTH = new ConstBytes(',"length":');
const K_DAMAGED_T = new ConstBytes('},"damaged":true');
const K_DAMAGED_F = new ConstBytes('},"damaged":false');
const K_DAMAGED_F_END = new ConstBytes('},"damaged":false}\n');
const K_PARENT = new ConstBytes(',"parent":');
const NULL = new ConstBytes("null");
const K_EUID = new ConstBytes(',"euid":');
const K_EGID = new ConstBytes(',"egid":');
const K_RUID = new ConstBytes(',"ruid":');
const K_RGID = new ConstBytes(',"rgid":');
const K_PID = new ConstBytes(',"pid":');
const K_SID = new ConstBytes(',"sid":');
const K_PORT = new ConstBytes(',"port":"');
const K_ADDRESS = new ConstBytes('","address":');
/** A subject's ids in the native format's order: auid, euid, egid, ruid, rgid, pid, sid. */
const SUBJECT_IDS = 7;
/** The key after each of them (the last opens the port's string). */
const K_AFTER_ID = [K_EUID, K_EGID, K_RUID, K_RGID, K_PID, K_SID, K_PORT];

/**
 * The subject's {@link SUBJECT_IDS} ids (u32s, in that order) at `p`, each
 * followed by the next key, up to `,"port":"` (room assumed): the decoded
 * and the frame paths write them alike.
 */
function putSubjectIds(b: Uint8Array, p: number, ids: Float64Array): number {
  for (let k = 0; k < SUBJECT_IDS; k++) {
    p = putU32(b, p, ids[k]);
    p = putConst(b, p, K_AFTER_ID[k]);
  }
  return p;
}

const K_NAMES = ["auidName", "euidName", "ruidName", "egidName", "rgidName"].map(
  (k) => new ConstBytes(`,"${k}":`),
);
const K_SUCCESS_T = new ConstBytes(',"return":{"success":true,"errno":');
const K_SUCCESS_F = new ConstBytes(',"return":{"success":false,"errno":');
const K_ERRNO_NAME = new ConstBytes(',"errnoName":');
const K_VALUE = new ConstBytes(',"value":"');
const K_PEXE = new ConstBytes(',"executable":');
const K_PARGS = new ConstBytes(',"args":');
const K_PPID = new ConstBytes('{"pid":');

/**
 * Most bytes of a record's summary and tail but for their strings and the
 * event and file name texts: the keys above (under 400 bytes), a dozen
 * numbers, the time, the errno name.
 */
const SUMMARY_BYTES = 1024;

/** Most characters of an address's text (IPv6, 45) and its quotes. */
const ADDRESS_BYTES = MAX_PER_UNIT * 45 + 2;

/**
 * Writes records in the native format, one line each, into a byte buffer;
 * shares a {@link NativeConverter}'s options, event table and process
 * context.
 */
export class NativeJsonWriter {
  readonly #c: NativeConverter;
  readonly #events = new Map<number, ConstBytes>();
  /** `],"source":{"file":NAME,"offset":`. */
  readonly #source: ConstBytes;
  #second = -1;
  #secondText: Uint8Array = new Uint8Array(0);
  #headSecond = -1;
  /** `{"kind":"header","time":"YYYY-MM-DDTHH:MM:SS.` of {@link #headSecond}. */
  #secondHead = new ConstBytes("");
  /** `Z","timeMs":SECONDS` of {@link #headSecond} (the milliseconds follow). */
  #secondMs = new ConstBytes("");
  /** Where {@link writeFrame} found each token of a record. */
  readonly #starts = new TokenStarts();
  /** The subject ids of the record being written ({@link putSubjectIds}). */
  readonly #ids = new Float64Array(SUBJECT_IDS);
  /** Most bytes the user and group names of a subject take. */
  readonly #namesBytes: number;

  /** @param converter - whose options (event table, names, file name, context) to follow */
  constructor(converter: NativeConverter) {
    this.#c = converter;
    let longest = 0;
    const db = converter.hostDb;
    if (db !== null) {
      for (const m of [db.users, db.groups])
        for (const n of m.values()) longest = Math.max(longest, n.length);
    }
    this.#namesBytes = db === null ? 0 : 5 * (16 + MAX_PER_UNIT * longest);
    this.#source = new ConstBytes(
      new TextEncoder().encode(
        `],"source":{"file":${JSON.stringify(converter.fileName)},"offset":`,
      ),
    );
  }

  #event(n: number, file: boolean): ConstBytes {
    const key = file ? -1 : n;
    let e = this.#events.get(key);
    if (e === undefined) {
      const ev = file
        ? { number: 0, name: null, description: null, classes: [] }
        : this.#c.event(n);
      e = new ConstBytes(new TextEncoder().encode(`,"event":${JSON.stringify(ev)},"modifier":`));
      this.#events.set(key, e);
    }
    return e;
  }

  /** The time and timeMs values (room assumed: SUMMARY_BYTES). */
  #time(b: Uint8Array, p: number, seconds: number, ms: number): number {
    const total = seconds * 1000 + ms;
    if (!(total <= MAX_DATE_MS)) {
      p = putConst(b, p, NULL);
      p = putConst(b, p, K_TIMEMS);
      return putConst(b, p, NULL);
    }
    if (ms >= 0 && ms < 1000 && Number.isInteger(ms)) {
      if (seconds !== this.#second) {
        this.#second = seconds;
        // `"YYYY-MM-DDTHH:MM:SS.` of this second.
        this.#secondText = ascii(`"${new Date(seconds * 1000).toISOString().slice(0, -4)}`);
      }
      p = putArr(b, p, this.#secondText);
      b[p++] = 48 + ((ms / 100) | 0);
      b[p++] = 48 + (((ms / 10) | 0) % 10);
      b[p++] = 48 + (ms % 10);
      b[p++] = 90;
      b[p++] = 34;
    } else {
      b[p++] = 34;
      p = putStr(b, p, new Date(total).toISOString());
      b[p++] = 34;
    }
    p = putConst(b, p, K_TIMEMS);
    return putNum(b, p, total);
  }

  /**
   * kind, time and timeMs (room assumed): a header record's whole text but
   * its milliseconds kept per second.
   */
  #kindTime(b: Uint8Array, p: number, r: RecordHead): number {
    const s = r.seconds;
    const ms = r.milliseconds;
    if (
      r.kind === "header" &&
      s >= 1 &&
      s * 1000 + 999 <= MAX_DATE_MS &&
      Number.isInteger(s) &&
      ms >= 0 &&
      ms < 1000 &&
      Number.isInteger(ms)
    ) {
      if (s !== this.#headSecond) {
        this.#headSecond = s;
        const iso = new Date(s * 1000).toISOString();
        // The ISO time but its `000Z`, and timeMs but its last three digits.
        this.#secondHead = new ConstBytes(`{"kind":"header","time":"${iso.slice(0, -4)}`);
        this.#secondMs = new ConstBytes(`Z","timeMs":${s}`);
      }
      p = putConst(b, p, this.#secondHead);
      const d0 = 48 + ((ms / 100) | 0);
      const d1 = 48 + (((ms / 10) | 0) % 10);
      const d2 = 48 + (ms % 10);
      b[p++] = d0;
      b[p++] = d1;
      b[p++] = d2;
      p = putConst(b, p, this.#secondMs);
      b[p++] = d0;
      b[p++] = d1;
      b[p++] = d2;
      return p;
    }
    p = putConst(b, p, r.kind === "file" ? K_FILE : K_HEADER);
    return this.#time(b, p, s, ms);
  }

  /**
   * kind, time, event, modifier, version, host, and the subject's key (and
   * `{"auid":` when `subject`, else `null`).
   */
  #head(
    w: PrintBuffer,
    r: RecordHead,
    event: ConstBytes,
    host: string | null,
    subject: boolean,
    rest: number,
  ): number {
    let p = w.pos;
    let b = w.buf;
    if (p + rest > b.length) b = grow(w, p, rest);
    p = this.#kindTime(b, p, r);
    p = putConst(b, p, event);
    p = putNum(b, p, r.modifier);
    p = putConst(b, p, K_VERSION);
    p = putNum(b, p, r.version);
    if (host === null) p = putConst(b, p, subject ? K_HOST_NULL_SUBJECT : K_HOST_NULL_NO_SUBJECT);
    else {
      p = putConst(b, p, K_HOST);
      const need = MAX_PER_UNIT * host.length + rest;
      if (p + need > b.length) b = grow(w, p, need);
      p = putJsonString(b, p, host);
      p = putConst(b, p, subject ? K_SUBJECT : K_NO_SUBJECT);
    }
    w.pos = p;
    return p;
  }

  /** The subject summary after `{"auid":` (room for `rest` assumed at `p`). */
  #subject(w: PrintBuffer, p: number, s: SubjectToken, rest: number): number {
    let b = w.buf;
    const ids = this.#ids;
    ids[0] = s.auid;
    ids[1] = s.euid;
    ids[2] = s.egid;
    ids[3] = s.ruid;
    ids[4] = s.rgid;
    ids[5] = s.pid;
    ids[6] = s.sid;
    p = putSubjectIds(b, p, ids);
    p = putStr(b, p, String(s.port));
    p = putConst(b, p, K_ADDRESS);
    const need = MAX_PER_UNIT * s.address.length + rest;
    if (p + need > b.length) b = grow(w, p, need);
    p = putJsonString(b, p, s.address);
    if (this.#c.hostDb !== null) {
      p = this.#names(w, p, rest, s.auid, s.euid, s.ruid, s.egid, s.rgid);
      b = w.buf;
    }
    b[p++] = 125;
    w.pos = p;
    return p;
  }

  /**
   * The subject's user and group names (`--passwd`/`--group`), each key
   * written only when the name is known; makes its own room and returns
   * the new position (the caller reloads `w.buf`). Shared by the decoded
   * and the frame paths.
   */
  #names(
    w: PrintBuffer,
    p: number,
    rest: number,
    auid: number,
    euid: number,
    ruid: number,
    egid: number,
    rgid: number,
  ): number {
    const db = this.#c.hostDb;
    if (db === null) return p;
    let b = w.buf;
    for (let k = 0; k < 5; k++) {
      const nm =
        k === 0
          ? db.users.get(auid)
          : k === 1
            ? db.users.get(euid)
            : k === 2
              ? db.users.get(ruid)
              : k === 3
                ? db.groups.get(egid)
                : db.groups.get(rgid);
      if (nm !== undefined) {
        const n2 = MAX_PER_UNIT * nm.length + 16 + rest;
        if (p + n2 > b.length) b = grow(w, p, n2);
        p = putConst(b, p, K_NAMES[k]);
        p = putJsonString(b, p, nm);
      }
    }
    return p;
  }

  /** The return summary (room for `rest` assumed at `p`). */
  #return(w: PrintBuffer, p: number, t: Return32Token | Return64Token | null): number {
    const b = w.buf;
    if (t === null) p = putConst(b, p, K_NO_RETURN);
    else {
      p = putConst(b, p, t.status === 0 ? K_SUCCESS_T : K_SUCCESS_F);
      p = putNum(b, p, t.status);
      p = putConst(b, p, K_ERRNO_NAME);
      const en = bsmErrnoName(t.status);
      if (en === undefined) p = putConst(b, p, NULL);
      else p = putJsonString(b, p, en);
      p = putConst(b, p, K_VALUE);
      p = putStr(b, p, String(t.value));
      b[p++] = 34;
      b[p++] = 125;
    }
    w.pos = p;
    return p;
  }

  /** The strings of every token of `type` (path, exec_args, exec_env) as array elements, after `key`. */
  #strings(
    w: PrintBuffer,
    p: number,
    key: ConstBytes,
    tokens: readonly Token[],
    type: "path" | "exec_args" | "exec_env",
    rest: number,
  ): number {
    let b = w.buf;
    p = putConst(b, p, key);
    let first = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type !== type) continue;
      const a = t.type === "path" ? onePath(t.path) : (t as ExecStringsToken).strings;
      for (let j = 0; j < a.length; j++) {
        const need = MAX_PER_UNIT * a[j].length + 1 + rest;
        if (p + need > b.length) b = grow(w, p, need);
        if (!first) b[p++] = 44;
        first = false;
        p = putJsonString(b, p, a[j]);
      }
    }
    w.pos = p;
    return p;
  }

  /** source, damaged, and the parent with process context (room for `rest` assumed at `p`). */
  #tail(
    w: PrintBuffer,
    p: number,
    r: RecordHead,
    parent: ProcessInfo | undefined | false,
    rest: number,
  ): number {
    let b = w.buf;
    p = putConst(b, p, this.#source);
    p = putNum(b, p, r.offset);
    p = putConst(b, p, K_LENGTH);
    p = putNum(b, p, r.length);
    if (parent === false && !r.damaged) {
      p = putConst(b, p, K_DAMAGED_F_END);
      w.pos = p;
      return p;
    }
    p = putConst(b, p, r.damaged ? K_DAMAGED_T : K_DAMAGED_F);
    if (parent !== false) {
      p = putConst(b, p, K_PARENT);
      if (parent === undefined) p = putConst(b, p, NULL);
      else {
        p = putConst(b, p, K_PPID);
        p = putNum(b, p, parent.pid);
        p = putConst(b, p, K_PEXE);
        const exe = parent.executable;
        if (exe === null) p = putConst(b, p, NULL);
        else {
          const need = MAX_PER_UNIT * exe.length + rest;
          if (p + need > b.length) b = grow(w, p, need);
          p = putJsonString(b, p, exe);
        }
        p = putConst(b, p, K_PARGS);
        const pa = parent.args;
        if (pa === null) p = putConst(b, p, NULL);
        else {
          b[p++] = 91;
          for (let j = 0; j < pa.length; j++) {
            const need = MAX_PER_UNIT * pa[j].length + 1 + rest;
            if (p + need > b.length) b = grow(w, p, need);
            if (j > 0) b[p++] = 44;
            p = putJsonString(b, p, pa[j]);
          }
          b[p++] = 93;
        }
        b[p++] = 125;
      }
    }
    b[p++] = 125;
    b[p++] = 10;
    w.pos = p;
    return p;
  }

  /**
   * {@link write} of a record frame, straight from its bytes with no token
   * decoded: the same bytes. Returns false, with nothing written, when the
   * frame is a file record or damaged, when process context is on (it
   * reads tokens), or when a token has no row, would not read or holds a
   * string to decode as UTF-8: then decode the frame and {@link write} it.
   */
  writeFrame(f: RecordFrame, w: PrintBuffer): boolean {
    if (f.kind !== "header" || f.damaged || this.#c.context !== null) return false;
    const r = f.bytes;
    const starts = this.#starts;
    const event = this.#event(f.event, false);
    const rest = SUMMARY_BYTES + event.length + this.#source.length;
    // The tokens are written first, `gap` bytes on, then moved down to
    // follow the summary: no copy through a buffer of their own (its
    // `set` took 3% of bsm-trail json: bench/run.ts, "json" case). `gap`
    // is the most the summary takes: its fixed part, the host and subject
    // addresses, names, and every byte of the record as a string byte (6
    // bytes escaped, 3 more for quotes and a comma).
    const gap = rest + this.#namesBytes + 2 * ADDRESS_BYTES + (MAX_PER_UNIT + 3) * r.length;
    const p0 = w.pos;
    w.room(gap + rest);
    const t0 = p0 + gap;
    w.pos = t0;
    const v = viewOf(r);
    if (!writeFrameTokensJson(w, r, v, starts)) {
      w.pos = p0;
      return false;
    }
    const t1 = w.pos;
    // Room past every room check of the summary (a string's length and
    // `rest`), so that none grows the buffer: a grow keeps what is before
    // `pos` only, and the tokens are past it.
    w.room(gap);
    w.pos = p0;
    const o = r.byteOffset;
    const at = starts.at;
    const n = starts.n;
    let host = -1;
    let subject = -1;
    let ret = -1;
    for (let k = 0; k < n; k++) {
      const role = ROLE[r[at[k]]];
      if (role === HOST) host = at[k];
      else if (role === SUBJECT) {
        if (subject < 0) subject = at[k];
      } else if (role === RETURN && ret < 0) ret = at[k];
    }
    let hostText: string | null = null;
    if (host >= 0) {
      const h = HOST_AT[r[host]];
      hostText = addressText(r, host + h.address, v.getUint32(o + host + h.addressType));
    }
    let p = this.#head(w, f, event, hostText, subject >= 0, rest);
    let b = w.buf;
    // The subject summary.
    if (subject >= 0) {
      const sf = SUBJECT_AT[r[subject]];
      const at = sf.ids;
      const base = o + subject;
      const ids = this.#ids;
      for (let k = 0; k < SUBJECT_IDS; k++) ids[k] = v.getUint32(base + at[k]);
      p = putSubjectIds(b, p, ids);
      p = sf.port64
        ? putUint64(b, p, v.getUint32(base + sf.port), v.getUint32(base + sf.port + 4))
        : putU32(b, p, v.getUint32(base + sf.port));
      p = putConst(b, p, K_ADDRESS);
      const type = sf.addressType < 0 ? 4 : v.getUint32(base + sf.addressType);
      if (type === 4) p = putIpv4Json(b, p, r, subject + sf.address);
      else {
        const address = addressText(r, subject + sf.address, type);
        const need = MAX_PER_UNIT * address.length + rest;
        if (p + need > b.length) b = grow(w, p, need);
        p = putJsonString(b, p, address);
      }
      if (this.#c.hostDb !== null) {
        p = this.#names(w, p, rest, ids[0], ids[1], ids[3], ids[2], ids[4]);
        b = w.buf;
      }
      b[p++] = 125;
    }
    // The return summary.
    if (ret < 0) p = putConst(b, p, K_NO_RETURN);
    else {
      const rf = RETURN_AT[r[ret]];
      const status = r[ret + rf.status];
      p = putConst(b, p, status === 0 ? K_SUCCESS_T : K_SUCCESS_F);
      p = putU32(b, p, status);
      p = putConst(b, p, K_ERRNO_NAME);
      const en = bsmErrnoName(status);
      if (en === undefined) p = putConst(b, p, NULL);
      else p = putJsonString(b, p, en);
      p = putConst(b, p, K_VALUE);
      const base = o + ret + rf.value;
      p = rf.value64
        ? putUint64(b, p, v.getUint32(base), v.getUint32(base + 4))
        : putU32(b, p, v.getUint32(base));
      b[p++] = 34;
      b[p++] = 125;
    }
    p = this.#frameStrings(p, b, K_PATHS, r, PATH_ID, t1);
    p = this.#frameStrings(p, b, K_ARGS, r, EXEC_ARGS_ID, t1);
    p = this.#frameStrings(p, b, K_ENV, r, EXEC_ENV_ID, t1);
    // The tokens, written above.
    p = putConst(b, p, K_TOKENS);
    b.copyWithin(p, t0, t1);
    p += t1 - t0;
    this.#tail(w, p, f, false, rest);
    return true;
  }

  /**
   * The strings of every token with id `id` (path: its one string;
   * exec_args, exec_env: their strings) as array elements, after `key`:
   * copied from the tokens' JSON written at `t0` to `t1` (a path's string
   * ends before its token's `}`, exec strings before `]}`), escaped once
   * (escaping them again took 5% of bsm-trail json: bench/run.ts, "json"
   * case). The room is there (see writeFrame's gap).
   */
  #frameStrings(
    p: number,
    b: Uint8Array,
    key: ConstBytes,
    r: Uint8Array,
    id: number,
    t1: number,
  ): number {
    p = putConst(b, p, key);
    const at = this.#starts.at;
    const out = this.#starts.out;
    const n = this.#starts.n;
    const head = id === PATH_ID ? PATH_HEAD : id === EXEC_ARGS_ID ? ARGS_HEAD : ENV_HEAD;
    const tail = id === PATH_ID ? 1 : 2;
    let first = true;
    for (let k = 0; k < n; k++) {
      if (r[at[k]] !== id) continue;
      const s = out[k] + head + (k > 0 ? 1 : 0);
      const e = (k + 1 < n ? out[k + 1] : t1) - tail;
      if (e <= s) continue;
      if (!first) b[p++] = 44;
      first = false;
      if (e - s > 64) {
        b.copyWithin(p, s, e);
        p += e - s;
      } else for (let i = s; i < e; i++) b[p++] = b[i];
    }
    return p;
  }

  /** {@link write}: the name a FramePrinter (src/print/frame-printer.ts) calls. */
  writeRecord(r: BsmRecord, w: PrintBuffer): void {
    this.write(r, w);
  }

  /** Writes one record and a newline. */
  write(r: BsmRecord, w: PrintBuffer): void {
    const tokens = r.tokens;
    let host: string | null = null;
    let subject: SubjectToken | null = null;
    let ret: Return32Token | Return64Token | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      switch (t.type) {
        case "header32_ex":
        case "header64_ex":
          host = t.address;
          break;
        case "subject32":
        case "subject64":
        case "subject32_ex":
        case "subject64_ex":
          if (subject === null) subject = t;
          break;
        case "return32":
        case "return64":
          if (ret === null) ret = t;
          break;
      }
    }
    const file = r.kind === "file";
    const event = this.#event(r.event, file);
    // Room for everything but strings, from here to the end of the record.
    const rest = SUMMARY_BYTES + event.length + this.#source.length;
    let p = this.#head(w, r, event, host, subject !== null, rest);
    if (subject !== null) p = this.#subject(w, p, subject, rest);
    p = this.#return(w, p, ret);
    p = this.#strings(w, p, K_PATHS, tokens, "path", rest);
    p = this.#strings(w, p, K_ARGS, tokens, "exec_args", rest);
    p = this.#strings(w, p, K_ENV, tokens, "exec_env", rest);
    let b = w.buf;
    p = putConst(b, p, K_TOKENS);
    for (let i = 0; i < tokens.length; i++) {
      if (i > 0) b[p++] = 44;
      // A token makes its own room, and leaves `rest` bytes for what follows.
      p = writeTokenJson(w, b, p, tokens[i]);
      b = w.buf;
      if (p + rest > b.length) b = grow(w, p, rest);
    }
    const ctx = this.#c.context;
    if (ctx === null) {
      this.#tail(w, p, r, false, rest);
      return;
    }
    const pid = subject === null ? -1 : subject.pid;
    this.#tail(w, p, r, pid < 0 ? undefined : ctx.parentOf(pid), rest);
    const paths: string[] = [];
    let args: string[] | null = null;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type === "path") paths.push(t.path);
      else if (t.type === "exec_args") args = args === null ? t.strings : args.concat(t.strings);
    }
    ctx.observe({
      eventName: file ? null : this.#c.event(r.event).name,
      pid,
      success: ret === null || ret.status === 0,
      returnValue: ret === null ? 0 : Number(ret.value),
      paths,
      args,
      tokens,
    });
  }
}

/** What the frame writer reads of a token, by its id byte. */
const HOST = 1;
const SUBJECT = 2;
const RETURN = 3;
const ROLE = new Uint8Array(256);
for (const id of HOSTS.keys()) ROLE[id] = HOST;
for (const id of SUBJECTS.keys()) ROLE[id] = SUBJECT;
for (const id of RETURNS.keys()) ROLE[id] = RETURN;

/** The layouts of HOSTS, SUBJECTS and RETURNS by id byte, as arrays (a Map lookup a record showed in profiles). */
function byId<T>(m: ReadonlyMap<number, T>): T[] {
  const a: T[] = new Array(256);
  for (const [id, v] of m) a[id] = v;
  return a;
}
const HOST_AT = byId(HOSTS);
const SUBJECT_AT: SubjectFields[] = byId(SUBJECTS);
const RETURN_AT = byId(RETURNS);

/** Where the strings start in the JSON of a path, exec_args and exec_env token. */
const PATH_HEAD = jsonHeadLength("path");
const ARGS_HEAD = jsonHeadLength("exec_args") + 1;
const ENV_HEAD = jsonHeadLength("exec_env") + 1;

/** A path token's path as a one-element list (one reused array: no allocation per path). */
const ONE: string[] = [""];
function onePath(path: string): string[] {
  ONE[0] = path;
  return ONE;
}

/** The DataView over {@link viewBuffer}: one per input buffer, not one per record. */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewBuffer: ArrayBufferLike = view.buffer;

/** A DataView over the whole buffer of `r` (read at `r.byteOffset + i`), reused while the buffer is. */
function viewOf(r: Uint8Array): DataView {
  if (r.buffer !== viewBuffer) {
    viewBuffer = r.buffer;
    view = new DataView(r.buffer);
  }
  return view;
}

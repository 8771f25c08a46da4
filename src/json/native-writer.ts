/**
 * The native format written straight into a byte buffer: the same JSON
 * text as `JSON.stringify(new NativeConverter(options).convert(record))`
 * (test/json-native.test.ts compares them on every corpus record), without
 * building the object, stringifying it and encoding the string.
 *
 * `bsm-trail json` writes the native format this way: building objects and
 * JSON.stringify ran at 6 MB/s of trail, a fifth of `praudit -l` on the same
 * machine (bench/run.ts, "json" case); the JSON is 7.5 times the size of the
 * trail, so every byte written counts.
 *
 * @module
 */

import type { SubjectToken, Token } from "../gen/token-types";
import { type PrintBuffer, roomAt } from "../print/print-buffer";
import { ascii, putArr, putNum } from "../print/put";
import { LAYOUT_BY_TYPE } from "../spec/layouts";
import { bsmErrnoName } from "../tables/errno";
import type { BsmRecord } from "../wire/record";
import { MAX_DATE_MS, type NativeConverter } from "./native";
import { JSON_FORM, type JsonForm } from "./token-json";

const HEX = Uint8Array.from("0123456789abcdef", (c) => c.charCodeAt(0));

/**
 * A JSON string of `s`, escaped as JSON.stringify escapes it (`"`, `\`,
 * control characters; lone surrogates as `\udxxx`), in UTF-8.
 */
export function putJsonString(w: PrintBuffer, s: string): void {
  const n = s.length;
  // At most 6 bytes per UTF-16 unit (`\u001f`), and the quotes.
  const b = roomAt(w, w.pos, 6 * n + 2);
  let p = w.pos;
  b[p++] = 34;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) {
      if (c >= 0x20 && c !== 34 && c !== 92) {
        b[p++] = c;
        continue;
      }
      b[p++] = 92;
      switch (c) {
        case 34:
        case 92:
          b[p++] = c;
          break;
        case 8:
          b[p++] = 98;
          break;
        case 9:
          b[p++] = 116;
          break;
        case 10:
          b[p++] = 110;
          break;
        case 12:
          b[p++] = 102;
          break;
        case 13:
          b[p++] = 114;
          break;
        default:
          b[p++] = 117;
          b[p++] = 48;
          b[p++] = 48;
          b[p++] = HEX[c >> 4];
          b[p++] = HEX[c & 15];
      }
    } else if (c < 0x800) {
      b[p++] = 0xc0 | (c >> 6);
      b[p++] = 0x80 | (c & 63);
    } else if (c < 0xd800 || c > 0xdfff) {
      b[p++] = 0xe0 | (c >> 12);
      b[p++] = 0x80 | ((c >> 6) & 63);
      b[p++] = 0x80 | (c & 63);
    } else {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00);
        b[p++] = 0xf0 | (cp >> 18);
        b[p++] = 0x80 | ((cp >> 12) & 63);
        b[p++] = 0x80 | ((cp >> 6) & 63);
        b[p++] = 0x80 | (cp & 63);
        i++;
      } else {
        b[p++] = 92;
        b[p++] = 117;
        b[p++] = HEX[c >> 12];
        b[p++] = HEX[(c >> 8) & 15];
        b[p++] = HEX[(c >> 4) & 15];
        b[p++] = HEX[c & 15];
      }
    }
  }
  b[p++] = 34;
  w.pos = p;
}

function putBytes(w: PrintBuffer, a: Uint8Array): void {
  const b = roomAt(w, w.pos, a.length);
  w.pos = putArr(b, w.pos, a);
}

function putInt(w: PrintBuffer, v: number): void {
  const b = roomAt(w, w.pos, 24);
  w.pos = putNum(b, w.pos, v);
}

function putByte(w: PrintBuffer, c: number): void {
  w.byte(c);
}

function putHexString(w: PrintBuffer, a: Uint8Array): void {
  const b = roomAt(w, w.pos, 2 * a.length + 2);
  let p = w.pos;
  b[p++] = 34;
  for (let i = 0; i < a.length; i++) {
    b[p++] = HEX[a[i] >> 4];
    b[p++] = HEX[a[i] & 15];
  }
  b[p++] = 34;
  w.pos = p;
}

function putStrings(w: PrintBuffer, a: readonly string[], first: boolean): boolean {
  for (let i = 0; i < a.length; i++) {
    if (!first) putByte(w, 44);
    first = false;
    putJsonString(w, a[i]);
  }
  return first;
}

const b = (s: string) => ascii(s);

interface FieldPlan {
  readonly key: Uint8Array;
  readonly name: string;
  readonly form: JsonForm;
}

/** Each token type's prefix and fields, planned once from the table. */
const PLANS: ReadonlyMap<string, { prefix: Uint8Array; fields: readonly FieldPlan[] }> = new Map(
  [...LAYOUT_BY_TYPE].map(([type, layout]) => [
    type,
    {
      prefix: b(`{"type":${JSON.stringify(type)},"id":`),
      fields: layout.fields.map((f) => ({
        key: b(`,${JSON.stringify(f.name)}:`),
        name: f.name,
        form: JSON_FORM[f.kind],
      })),
    },
  ]),
);

function putToken(w: PrintBuffer, t: Token): void {
  const plan = PLANS.get(t.type) as { prefix: Uint8Array; fields: readonly FieldPlan[] };
  putBytes(w, plan.prefix);
  putInt(w, t.id);
  const src = t as unknown as Record<string, unknown>;
  const fields = plan.fields;
  for (let i = 0; i < fields.length; i++) {
    const f = fields[i];
    putBytes(w, f.key);
    const v = src[f.name];
    switch (f.form) {
      case "integer":
        putInt(w, v as number);
        break;
      case "decimal":
        putByte(w, 34);
        w.str((v as bigint).toString());
        putByte(w, 34);
        break;
      case "text":
        putJsonString(w, v as string);
        break;
      case "texts":
        putByte(w, 91);
        putStrings(w, v as string[], true);
        putByte(w, 93);
        break;
      case "integers": {
        putByte(w, 91);
        const a = v as number[];
        for (let j = 0; j < a.length; j++) {
          if (j > 0) putByte(w, 44);
          putInt(w, a[j]);
        }
        putByte(w, 93);
        break;
      }
      case "hex":
        putHexString(w, v as Uint8Array);
        break;
    }
  }
  putByte(w, 125);
}

const K_HEADER = b('{"kind":"header","time":');
const K_FILE = b('{"kind":"file","time":');
const K_TIMEMS = b(',"timeMs":');
const K_EVENT = b(',"event":');
const K_MODIFIER = b(',"modifier":');
const K_VERSION = b(',"version":');
const K_HOST = b(',"host":');
const K_SUBJECT = b(',"subject":');
const K_RETURN = b(',"return":');
const K_PATHS = b(',"paths":[');
const K_ARGS = b('],"args":[');
const K_ENV = b('],"env":[');
const K_TOKENS = b('],"tokens":[');
const K_SOURCE = b('],"source":{"file":');
const K_OFFSET = b(',"offset":');
const K_LENGTH = b(',"length":');
const K_DAMAGED_T = b('},"damaged":true');
const K_DAMAGED_F = b('},"damaged":false');
const K_PARENT = b(',"parent":');
const NULL = b("null");
const SUBJECT_KEYS = ["auid", "euid", "egid", "ruid", "rgid", "pid", "sid"].map((k, i) =>
  b(`${i === 0 ? "{" : ","}"${k}":`),
);
const K_PORT = b(',"port":"');
const K_ADDRESS = b('","address":');
const K_NAMES = ["auidName", "euidName", "ruidName", "egidName", "rgidName"].map((k) =>
  b(`,"${k}":`),
);
const K_SUCCESS_T = b('{"success":true,"errno":');
const K_SUCCESS_F = b('{"success":false,"errno":');
const K_ERRNO_NAME = b(',"errnoName":');
const K_VALUE = b(',"value":"');
const K_PEXE = b(',"executable":');
const K_PARGS = b(',"args":');
const K_PPID = b('{"pid":');

/**
 * Writes records in the native format, one line each, into a byte buffer;
 * shares a {@link NativeConverter}'s options, event table and process
 * context.
 */
export class NativeJsonWriter {
  readonly #c: NativeConverter;
  readonly #events = new Map<number, Uint8Array>();
  readonly #file: Uint8Array;
  #second = -1;
  #secondText: Uint8Array = new Uint8Array(0);

  /** @param converter - whose options (event table, names, file name, context) to follow */
  constructor(converter: NativeConverter) {
    this.#c = converter;
    this.#file = new TextEncoder().encode(JSON.stringify(converter.fileName));
  }

  #event(n: number, file: boolean): Uint8Array {
    const key = file ? -1 : n;
    let e = this.#events.get(key);
    if (e === undefined) {
      const ev = file
        ? { number: 0, name: null, description: null, classes: [] }
        : this.#c.event(n);
      e = new TextEncoder().encode(JSON.stringify(ev));
      this.#events.set(key, e);
    }
    return e;
  }

  #time(w: PrintBuffer, seconds: number, ms: number): void {
    const total = seconds * 1000 + ms;
    if (!(total <= MAX_DATE_MS)) {
      putBytes(w, NULL);
      putBytes(w, K_TIMEMS);
      putBytes(w, NULL);
      return;
    }
    if (ms >= 0 && ms < 1000 && Number.isInteger(ms)) {
      if (seconds !== this.#second) {
        this.#second = seconds;
        // "YYYY-MM-DDTHH:MM:SS." of this second.
        this.#secondText = ascii(`"${new Date(seconds * 1000).toISOString().slice(0, 20)}`);
      }
      putBytes(w, this.#secondText);
      const bb = roomAt(w, w.pos, 5);
      let p = w.pos;
      bb[p++] = 48 + ((ms / 100) | 0);
      bb[p++] = 48 + (((ms / 10) | 0) % 10);
      bb[p++] = 48 + (ms % 10);
      bb[p++] = 90;
      bb[p++] = 34;
      w.pos = p;
    } else {
      putByte(w, 34);
      w.str(new Date(total).toISOString());
      putByte(w, 34);
    }
    putBytes(w, K_TIMEMS);
    putInt(w, total);
  }

  /** Writes one record and a newline. */
  write(r: BsmRecord, w: PrintBuffer): void {
    const tokens = r.tokens;
    let host: string | null = null;
    let subject = -1;
    let ret = -1;
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
          if (subject < 0) subject = i;
          break;
        case "return32":
        case "return64":
          if (ret < 0) ret = i;
          break;
      }
    }
    const file = r.kind === "file";
    putBytes(w, file ? K_FILE : K_HEADER);
    this.#time(w, r.seconds, r.milliseconds);
    putBytes(w, K_EVENT);
    putBytes(w, this.#event(r.event, file));
    putBytes(w, K_MODIFIER);
    putInt(w, r.modifier);
    putBytes(w, K_VERSION);
    putInt(w, r.version);
    putBytes(w, K_HOST);
    if (host === null) putBytes(w, NULL);
    else putJsonString(w, host);

    putBytes(w, K_SUBJECT);
    let pid = -1;
    if (subject < 0) putBytes(w, NULL);
    else {
      const s = tokens[subject] as SubjectToken;
      pid = s.pid;
      putBytes(w, SUBJECT_KEYS[0]);
      putInt(w, s.auid);
      putBytes(w, SUBJECT_KEYS[1]);
      putInt(w, s.euid);
      putBytes(w, SUBJECT_KEYS[2]);
      putInt(w, s.egid);
      putBytes(w, SUBJECT_KEYS[3]);
      putInt(w, s.ruid);
      putBytes(w, SUBJECT_KEYS[4]);
      putInt(w, s.rgid);
      putBytes(w, SUBJECT_KEYS[5]);
      putInt(w, s.pid);
      putBytes(w, SUBJECT_KEYS[6]);
      putInt(w, s.sid);
      putBytes(w, K_PORT);
      w.str(String(s.port));
      putBytes(w, K_ADDRESS);
      putJsonString(w, s.address);
      const db = this.#c.hostDb;
      if (db !== null) {
        const names = [
          db.users.get(s.auid),
          db.users.get(s.euid),
          db.users.get(s.ruid),
          db.groups.get(s.egid),
          db.groups.get(s.rgid),
        ];
        for (let k = 0; k < 5; k++) {
          const nm = names[k];
          if (nm !== undefined) {
            putBytes(w, K_NAMES[k]);
            putJsonString(w, nm);
          }
        }
      }
      putByte(w, 125);
    }

    putBytes(w, K_RETURN);
    let success = true;
    let value = "0";
    if (ret < 0) putBytes(w, NULL);
    else {
      const t = tokens[ret] as Extract<Token, { type: "return32" | "return64" }>;
      success = t.status === 0;
      value = String(t.value);
      putBytes(w, success ? K_SUCCESS_T : K_SUCCESS_F);
      putInt(w, t.status);
      putBytes(w, K_ERRNO_NAME);
      const en = bsmErrnoName(t.status);
      if (en === undefined) putBytes(w, NULL);
      else putJsonString(w, en);
      putBytes(w, K_VALUE);
      w.str(value);
      putByte(w, 34);
      putByte(w, 125);
    }

    const ctx = this.#c.context;
    const paths: string[] | null = ctx === null ? null : [];
    let args: string[] | null = null;
    putBytes(w, K_PATHS);
    let first = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type === "path") {
        if (!first) putByte(w, 44);
        first = false;
        putJsonString(w, t.path);
        paths?.push(t.path);
      }
    }
    putBytes(w, K_ARGS);
    first = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type === "exec_args") {
        first = putStrings(w, t.strings, first);
        if (ctx !== null) args = args === null ? t.strings : args.concat(t.strings);
      }
    }
    putBytes(w, K_ENV);
    first = true;
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i];
      if (t.type === "exec_env") first = putStrings(w, t.strings, first);
    }
    putBytes(w, K_TOKENS);
    for (let i = 0; i < tokens.length; i++) {
      if (i > 0) putByte(w, 44);
      putToken(w, tokens[i]);
    }
    putBytes(w, K_SOURCE);
    putBytes(w, this.#file);
    putBytes(w, K_OFFSET);
    putInt(w, r.offset);
    putBytes(w, K_LENGTH);
    putInt(w, r.length);
    putBytes(w, r.damaged ? K_DAMAGED_T : K_DAMAGED_F);
    if (ctx !== null) {
      putBytes(w, K_PARENT);
      const parent = pid < 0 ? undefined : ctx.parentOf(pid);
      if (parent === undefined) putBytes(w, NULL);
      else {
        putBytes(w, K_PPID);
        putInt(w, parent.pid);
        putBytes(w, K_PEXE);
        if (parent.executable === null) putBytes(w, NULL);
        else putJsonString(w, parent.executable);
        putBytes(w, K_PARGS);
        if (parent.args === null) putBytes(w, NULL);
        else {
          putByte(w, 91);
          putStrings(w, parent.args, true);
          putByte(w, 93);
        }
        putByte(w, 125);
      }
      ctx.observe({
        eventName: file ? null : this.#c.event(r.event).name,
        pid,
        success,
        returnValue: Number(value),
        paths: paths as string[],
        args,
        tokens,
      });
    }
    putByte(w, 125);
    putByte(w, 10);
  }
}

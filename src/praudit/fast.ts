/**
 * The text printer's fast path: the token types of busy trails written
 * straight into the {@link PrintBuffer}'s memory with a local write
 * position, one room check per token, decimal digits two at a time, and
 * each token type read in a function of its own (so every field load sees
 * one object shape). Used when the delimiter and the token separator are
 * one byte each and neither `-r` nor `-x` is set; any other token goes
 * through {@link writeTextToken}. Same bytes as `textToken` (the
 * conformance suite prints records through this).
 *
 * @module
 */

import type {
  Arg32Token,
  Arg64Token,
  Attr32Token,
  ExecStringsToken,
  ExitToken,
  Header32ExToken,
  Header32Token,
  PathToken,
  Return32Token,
  Return64Token,
  SockInet32Token,
  SockUnixToken,
  Subject32ExToken,
  Subject32Token,
  TextToken,
  Token,
  TrailerToken,
} from "../tokens";
import type { PrintBuffer } from "./bytes";
import type { PrintContext } from "./context";
import { ntopEx } from "./format";
import { AUDIT_MAX_EXEC_STRINGS, stopsRecord, writeTextToken } from "./text";

/** Room reserved per token beyond its variable-length parts (numbers print in at most 26 bytes). */
const FIXED = 512;

/** "00" to "99": two digits per entry. */
const DIGITS2: Uint8Array = (() => {
  const a = new Uint8Array(200);
  for (let i = 0; i < 100; i++) {
    a[2 * i] = 48 + ((i / 10) | 0);
    a[2 * i + 1] = 48 + (i % 10);
  }
  return a;
})();

const HEXB = Uint8Array.from("0123456789abcdef", (ch) => ch.charCodeAt(0));

/** The bytes of an ASCII string. */
function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

const N_ARGUMENT = ascii("argument");
const N_ATTRIBUTE = ascii("attribute");
const N_EXIT_ERROR = ascii("exit\0Error ");
const N_HEADER = ascii("header");
const N_HEADER_EX = ascii("header_ex");
const N_PATH = ascii("path");
const N_RETURN = ascii("return");
const N_SOCKET_INET = ascii("socket-inet");
const N_SOCKET_UNIX = ascii("socket-unix");
const N_TEXT = ascii("text");
const N_TRAILER = ascii("trailer");
const N_EXEC_ARG = ascii("exec arg");
const N_EXEC_ENV = ascii("exec env");
const N_SUBJECT = ascii("subject");
const N_SUBJECT_EX = ascii("subject_ex");
const N_PROCESS = ascii("process");
const N_PROCESS_EX = ascii("process_ex");
const MSEC_HEAD = ascii(" + ");
const MSEC_TAIL = ascii(" msec");

/** Copies all of `src` to `b[p]`; returns the new position. */
function putArr(b: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  if (n > 48) {
    b.set(src, p);
    return p + n;
  }
  for (let i = 0; i < n; i++) b[p + i] = src[i];
  return p + n;
}

/** A string's char codes (0-255), for the rare value `${v}` prints. */
function putStr(b: Uint8Array, p: number, s: string): number {
  for (let i = 0; i < s.length; i++) b[p++] = s.charCodeAt(i);
  return p;
}

/** Decimal of `v`, an integer in [0, 2^31). */
function putSmall(b: Uint8Array, p: number, v: number): number {
  if (v < 10) {
    b[p] = 48 + v;
    return p + 1;
  }
  if (v < 100) {
    b[p] = DIGITS2[2 * v];
    b[p + 1] = DIGITS2[2 * v + 1];
    return p + 2;
  }
  const n =
    v < 1000
      ? 3
      : v < 10000
        ? 4
        : v < 100000
          ? 5
          : v < 1000000
            ? 6
            : v < 10000000
              ? 7
              : v < 100000000
                ? 8
                : v < 1000000000
                  ? 9
                  : 10;
  const end = p + n;
  let q = end;
  while (v >= 100) {
    const t = (v / 100) | 0;
    const r = (v - t * 100) << 1;
    b[--q] = DIGITS2[r + 1];
    b[--q] = DIGITS2[r];
    v = t;
  }
  if (v >= 10) {
    b[--q] = DIGITS2[2 * v + 1];
    b[--q] = DIGITS2[2 * v];
  } else b[--q] = 48 + v;
  return end;
}

/** `v` (below 10^9) as exactly `n` digits, zero-padded. */
function putPadded(b: Uint8Array, p: number, v: number, n: number): number {
  const end = p + n;
  for (let q = end - 1; q >= p; q--) {
    const t = (v / 10) | 0;
    b[q] = 48 + v - t * 10;
    v = t;
  }
  return end;
}

/** Decimal of a number, as `${v}` prints it. */
function putNum(b: Uint8Array, p: number, v: number): number {
  // Small enough to inline: the rare values go to putBigNum.
  return (v | 0) === v && v >= 0 ? putSmall(b, p, v) : putBigNum(b, p, v);
}

/** {@link putNum} of anything but an integer in [0, 2^31). */
function putBigNum(b: Uint8Array, p: number, v: number): number {
  if (v >>> 0 === v) {
    const hi = Math.floor(v / 100000);
    return putPadded(b, putSmall(b, p, hi), v - hi * 100000, 5);
  }
  if (v > 0 && v <= Number.MAX_SAFE_INTEGER && Number.isInteger(v)) {
    const hi = Math.floor(v / 1e9);
    return putPadded(b, putSmall(b, p, hi), v - hi * 1e9, 9);
  }
  return putStr(b, p, `${v}`);
}

/** `%lld` of a 64-bit wire value (unsigned bigint): signed decimal. */
function putInt64(b: Uint8Array, p: number, v: bigint): number {
  const n = Number(v);
  // Rounding is monotonic: n <= 2^53 - 1 exactly when v is.
  if (n >= 0 && n <= Number.MAX_SAFE_INTEGER) return putNum(b, p, n);
  return putStr(b, p, BigInt.asIntN(64, v).toString());
}

/** Lowercase hex of a 32-bit unsigned value, no prefix. */
function putHex(b: Uint8Array, p: number, v: number): number {
  let n = 1;
  for (let t = v >>> 4; t !== 0; t >>>= 4) n++;
  const end = p + n;
  let q = end;
  let t = v;
  do {
    b[--q] = HEXB[t & 15];
    t >>>= 4;
  } while (t !== 0);
  return end;
}

/** Octal of a 32-bit unsigned value, no prefix. */
function putOct(b: Uint8Array, p: number, v: number): number {
  let n = 1;
  for (let t = v >>> 3; t !== 0; t >>>= 3) n++;
  const end = p + n;
  let q = end;
  let t = v;
  do {
    b[--q] = 48 + (t & 7);
    t >>>= 3;
  } while (t !== 0);
  return end;
}

/** `inet_ntoa` of the 4 bytes at `a[0]`. */
function putIpv4(b: Uint8Array, p: number, a: Uint8Array): number {
  p = putSmall(b, p, a[0]);
  b[p++] = 0x2e;
  p = putSmall(b, p, a[1]);
  b[p++] = 0x2e;
  p = putSmall(b, p, a[2]);
  b[p++] = 0x2e;
  return putSmall(b, p, a[3]);
}

/** libbsm's `print_ip_ex_address`. */
function putAddressEx(b: Uint8Array, p: number, type: number, a: Uint8Array): number {
  return type === 4 ? putIpv4(b, p, a) : putStr(b, p, ntopEx(type, a));
}

/** libbsm's `print_string`: every byte but NULs. */
function putNoNul(b: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src[i];
    if (c !== 0) b[p++] = c;
  }
  return p;
}

/** A C string: the bytes before the first NUL. */
function putCString(b: Uint8Array, p: number, src: Uint8Array): number {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    const c = src[i];
    if (c === 0) break;
    b[p++] = c;
  }
  return p;
}

/** `w`'s memory with room for `need` bytes at `p`. */
function roomAt(w: PrintBuffer, p: number, need: number): Uint8Array {
  const b = w.buf;
  if (p + need <= b.length) return b;
  w.pos = p;
  w.room(need);
  return w.buf;
}

/** The ctime text `tm`, the delimiter, ` + N msec`. */
function putTime(b: Uint8Array, p: number, d: number, tm: Uint8Array, ms: number): number {
  p = putArr(b, p, tm);
  b[p++] = d;
  p = putArr(b, p, MSEC_HEAD);
  p = putNum(b, p, ms >>> 0);
  return putArr(b, p, MSEC_TAIL);
}

function trailer(w: PrintBuffer, t: TrailerToken, p: number, d: number): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_TRAILER);
  b[p++] = d;
  return putNum(b, p, t.count);
}

function path(w: PrintBuffer, t: PathToken, p: number, d: number): number {
  const s = t.pathBytes;
  const b = roomAt(w, p, FIXED + s.length);
  p = putArr(b, p, N_PATH);
  b[p++] = d;
  return putNoNul(b, p, s);
}

function text(w: PrintBuffer, t: TextToken, p: number, d: number): number {
  const s = t.textBytes;
  const b = roomAt(w, p, FIXED + s.length);
  p = putArr(b, p, N_TEXT);
  b[p++] = d;
  return putNoNul(b, p, s);
}

function return32(w: PrintBuffer, c: PrintContext, t: Return32Token, p: number, d: number): number {
  const st = c.statusBytes(t.status);
  const b = roomAt(w, p, FIXED + st.length);
  p = putArr(b, p, N_RETURN);
  b[p++] = d;
  p = putArr(b, p, st);
  b[p++] = d;
  return putNum(b, p, t.value >>> 0);
}

function return64(w: PrintBuffer, c: PrintContext, t: Return64Token, p: number, d: number): number {
  const st = c.statusBytes(t.status);
  const b = roomAt(w, p, FIXED + st.length);
  p = putArr(b, p, N_RETURN);
  b[p++] = d;
  p = putArr(b, p, st);
  b[p++] = d;
  return putInt64(b, p, t.value);
}

function header32(w: PrintBuffer, c: PrintContext, t: Header32Token, p: number, d: number): number {
  const ev = c.eventBytes(t.event);
  const tm = c.ctimeBytes(t.seconds >>> 0);
  const b = roomAt(w, p, FIXED + ev.length + tm.length);
  p = putArr(b, p, N_HEADER);
  b[p++] = d;
  p = putNum(b, p, t.size);
  b[p++] = d;
  p = putNum(b, p, t.version);
  b[p++] = d;
  p = putArr(b, p, ev);
  b[p++] = d;
  p = putNum(b, p, t.modifier);
  b[p++] = d;
  return putTime(b, p, d, tm, t.milliseconds);
}

function header32Ex(
  w: PrintBuffer,
  c: PrintContext,
  t: Header32ExToken,
  p: number,
  d: number,
): number {
  const ev = c.eventBytes(t.event);
  const tm = c.ctimeBytes(t.seconds >>> 0);
  const b = roomAt(w, p, FIXED + ev.length + tm.length);
  p = putArr(b, p, N_HEADER_EX);
  b[p++] = d;
  p = putNum(b, p, t.size);
  b[p++] = d;
  p = putNum(b, p, t.version);
  b[p++] = d;
  p = putArr(b, p, ev);
  b[p++] = d;
  p = putNum(b, p, t.modifier);
  b[p++] = d;
  p = putAddressEx(b, p, t.addressType, t.addressBytes);
  b[p++] = d;
  return putTime(b, p, d, tm, t.milliseconds);
}

/** The fields of a subject or process token after its name. */
function subjectFields(
  w: PrintBuffer,
  c: PrintContext,
  p: number,
  d: number,
  name: Uint8Array,
  auid: number,
  euid: number,
  egid: number,
  ruid: number,
  rgid: number,
  pid: number,
  sid: number,
  port: number,
): number {
  const a = c.userBytes(auid);
  const e = c.userBytes(euid);
  const eg = c.groupBytes(egid);
  const r = c.userBytes(ruid);
  const rg = c.groupBytes(rgid);
  const b = roomAt(w, p, FIXED + a.length + e.length + eg.length + r.length + rg.length);
  p = putArr(b, p, name);
  b[p++] = d;
  p = putArr(b, p, a);
  b[p++] = d;
  p = putArr(b, p, e);
  b[p++] = d;
  p = putArr(b, p, eg);
  b[p++] = d;
  p = putArr(b, p, r);
  b[p++] = d;
  p = putArr(b, p, rg);
  b[p++] = d;
  p = putNum(b, p, pid);
  b[p++] = d;
  p = putNum(b, p, sid);
  b[p++] = d;
  p = putNum(b, p, port);
  b[p++] = d;
  return p;
}

function subject32(
  w: PrintBuffer,
  c: PrintContext,
  t: Subject32Token,
  name: Uint8Array,
  p: number,
  d: number,
): number {
  p = subjectFields(w, c, p, d, name, t.auid, t.euid, t.egid, t.ruid, t.rgid, t.pid, t.sid, t.port);
  return putIpv4(w.buf, p, t.addressBytes);
}

function subject32Ex(
  w: PrintBuffer,
  c: PrintContext,
  t: Subject32ExToken,
  name: Uint8Array,
  p: number,
  d: number,
): number {
  p = subjectFields(w, c, p, d, name, t.auid, t.euid, t.egid, t.ruid, t.rgid, t.pid, t.sid, t.port);
  return putAddressEx(w.buf, p, t.addressType, t.addressBytes);
}

function arg32(w: PrintBuffer, t: Arg32Token, p: number, d: number): number {
  const s = t.descriptionBytes;
  const b = roomAt(w, p, FIXED + s.length);
  p = putArr(b, p, N_ARGUMENT);
  b[p++] = d;
  p = putNum(b, p, t.argNumber);
  b[p++] = d;
  b[p++] = 0x30;
  b[p++] = 0x78;
  p = putHex(b, p, t.value >>> 0);
  b[p++] = d;
  return putNoNul(b, p, s);
}

function arg64(w: PrintBuffer, t: Arg64Token, p: number, d: number): number {
  const s = t.descriptionBytes;
  const b = roomAt(w, p, FIXED + s.length);
  p = putArr(b, p, N_ARGUMENT);
  b[p++] = d;
  p = putNum(b, p, t.argNumber);
  b[p++] = d;
  b[p++] = 0x30;
  b[p++] = 0x78;
  const v = t.value;
  const n = Number(v);
  if (n >= 0 && n <= 0xffffffff) p = putHex(b, p, n);
  else if (n > 0 && n <= Number.MAX_SAFE_INTEGER) {
    const hi = Math.floor(n / 0x100000000);
    p = putHex(b, p, hi);
    const lo = n - hi * 0x100000000;
    for (let k = 28; k >= 0; k -= 4) b[p++] = HEXB[(lo >>> k) & 15];
  } else p = putStr(b, p, BigInt.asUintN(64, v).toString(16));
  b[p++] = d;
  return putNoNul(b, p, s);
}

function attr32(w: PrintBuffer, c: PrintContext, t: Attr32Token, p: number, d: number): number {
  const u = c.userBytes(t.uid);
  const g = c.groupBytes(t.gid);
  const b = roomAt(w, p, FIXED + u.length + g.length);
  p = putArr(b, p, N_ATTRIBUTE);
  b[p++] = d;
  p = putOct(b, p, t.mode >>> 0);
  b[p++] = d;
  p = putArr(b, p, u);
  b[p++] = d;
  p = putArr(b, p, g);
  b[p++] = d;
  p = putNum(b, p, t.fsid);
  b[p++] = d;
  p = putInt64(b, p, t.nodeId);
  b[p++] = d;
  return putNum(b, p, t.device);
}

function execStrings(
  w: PrintBuffer,
  t: ExecStringsToken,
  name: Uint8Array,
  p: number,
  d: number,
): number {
  const list = t.stringsBytes;
  const n = Math.min(list.length, AUDIT_MAX_EXEC_STRINGS);
  let need = FIXED;
  for (let i = 0; i < n; i++) need += list[i].length + 1;
  const b = roomAt(w, p, need);
  p = putArr(b, p, name);
  for (let i = 0; i < n; i++) {
    b[p++] = d;
    p = putCString(b, p, list[i]);
  }
  return p;
}

function sockInet32(w: PrintBuffer, t: SockInet32Token, p: number, d: number): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_SOCKET_INET);
  b[p++] = d;
  p = putNum(b, p, t.family);
  b[p++] = d;
  p = putNum(b, p, t.port);
  b[p++] = d;
  return putIpv4(b, p, t.addressBytes);
}

function exit(w: PrintBuffer, t: ExitToken, p: number, d: number): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_EXIT_ERROR);
  b[p - 7] = d;
  p = putNum(b, p, t.status);
  b[p++] = d;
  return putNum(b, p, t.value);
}

function sockUnix(w: PrintBuffer, t: SockUnixToken, p: number, d: number): number {
  const s = t.pathBytes;
  const b = roomAt(w, p, FIXED + s.length);
  p = putArr(b, p, N_SOCKET_UNIX);
  b[p++] = d;
  p = putNum(b, p, t.family);
  b[p++] = d;
  return putCString(b, p, s);
}

/**
 * A record's tokens in praudit's text form: each token followed by the
 * byte `s`, fields joined by the byte `d` (`c.del`); stops where praudit
 * stops (see `stopsRecord`). Not for `-r` or `-x`.
 */
export function writeTextTokensFast(
  w: PrintBuffer,
  c: PrintContext,
  tokens: readonly Token[],
  d: number,
  s: number,
): void {
  let p = w.pos;
  const apple = c.appleTokens;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    let q = -1;
    // A switch on the type: one load of a property of many shapes (the id
    // and a type check took two), most frequent types first.
    switch (t.type) {
      case "trailer":
        q = trailer(w, t, p, d);
        break;
      case "path":
        q = path(w, t, p, d);
        break;
      case "return32":
        q = return32(w, c, t, p, d);
        break;
      case "header32":
        q = header32(w, c, t, p, d);
        break;
      case "subject32":
        q = subject32(w, c, t, N_SUBJECT, p, d);
        break;
      case "arg32":
        q = arg32(w, t, p, d);
        break;
      case "attr32":
        q = attr32(w, c, t, p, d);
        break;
      case "exec_args":
        q = execStrings(w, t, N_EXEC_ARG, p, d);
        break;
      case "subject32_ex":
        q = subject32Ex(w, c, t, N_SUBJECT_EX, p, d);
        break;
      case "exec_env":
        q = execStrings(w, t, N_EXEC_ENV, p, d);
        break;
      case "sockinet32":
        q = sockInet32(w, t, p, d);
        break;
      case "arg64":
        q = arg64(w, t, p, d);
        break;
      case "text":
        q = text(w, t, p, d);
        break;
      case "exit":
        q = exit(w, t, p, d);
        break;
      case "header32_ex":
        q = header32Ex(w, c, t, p, d);
        break;
      case "return64":
        q = return64(w, c, t, p, d);
        break;
      case "sockunix":
        q = sockUnix(w, t, p, d);
        break;
      case "process32":
        q = subject32(w, c, t, N_PROCESS, p, d);
        break;
      case "process32_ex":
        q = subject32Ex(w, c, t, N_PROCESS_EX, p, d);
        break;
    }
    if (q >= 0) {
      // Every fast writer left room for this byte (FIXED).
      w.buf[q] = s;
      p = q + 1;
    } else {
      if (stopsRecord(t, apple)) break;
      w.pos = p;
      writeTextToken(w, c, t);
      w.byte(s);
      p = w.pos;
    }
  }
  w.pos = p;
}

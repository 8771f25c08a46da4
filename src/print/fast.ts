/**
 * The text printer's fast path: the token types of busy trails written
 * straight into the {@link PrintBuffer}'s memory with a local write
 * position, one room check per token and decimal digits two at a time.
 * Used when the delimiter and the token separator are one byte each and
 * neither `-r` nor `-x` is set; any other token goes through
 * {@link writeTextToken}. Same bytes as `textToken` (the conformance suite
 * prints records through this).
 *
 * Each token type is printed by a writer taking its fields as plain
 * arguments, shared by the two fast paths: {@link writeTextTokensFast}
 * reads them from decoded tokens (each type in a function of its own, so
 * every field load sees one object shape), and `writeFrameTextFast`
 * (src/praudit/frame-text.ts) reads them straight from a record's bytes.
 *
 * @module
 */

import type {
  Arg32Token,
  Arg64Token,
  Attr32Token,
  ExecStringsToken,
  Header32ExToken,
  Header32Token,
  Return64Token,
  Subject32ExToken,
  Subject32Token,
  Token,
} from "../spec/token-types";
import type { PrintContext } from "./context";
import type { PrintBuffer } from "./print-buffer";
import {
  ascii,
  FIXED,
  putAddressEx,
  putArr,
  putCString,
  putHex64,
  putInt64,
  putIpv4,
  putNoNul,
  putNum,
  putOct,
  putTime,
  roomAt,
} from "./put";
import { AUDIT_MAX_EXEC_STRINGS, stopsRecord, writeTextToken } from "./text-token";

export const N_ARGUMENT = ascii("argument");
const N_ATTRIBUTE = ascii("attribute");
const N_EXIT_ERROR = ascii("exit\0Error ");
export const N_HEADER = ascii("header");
export const N_HEADER_EX = ascii("header_ex");
export const N_PATH = ascii("path");
const N_RETURN = ascii("return");
const N_SOCKET_INET = ascii("socket-inet");
const N_SOCKET_UNIX = ascii("socket-unix");
export const N_TEXT = ascii("text");
const N_TRAILER = ascii("trailer");
export const N_EXEC_ARG = ascii("exec arg");
export const N_EXEC_ENV = ascii("exec env");
export const N_SUBJECT = ascii("subject");
export const N_SUBJECT_EX = ascii("subject_ex");
export const N_PROCESS = ascii("process");
export const N_PROCESS_EX = ascii("process_ex");

// ------------------------------------------------ writers (fields as arguments)

/** `trailer,count`. */
export function wTrailer(w: PrintBuffer, p: number, d: number, count: number): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_TRAILER);
  b[p++] = d;
  return putNum(b, p, count);
}

/** `name,string` with the string's NULs left out (path, text). */
export function wString(
  w: PrintBuffer,
  p: number,
  d: number,
  name: Uint8Array,
  src: Uint8Array,
  s: number,
  e: number,
): number {
  const b = roomAt(w, p, FIXED + e - s);
  p = putArr(b, p, name);
  b[p++] = d;
  return putNoNul(b, p, src, s, e);
}

/** `return,status text,value` of a return32 token. */
export function wReturn32(
  w: PrintBuffer,
  c: PrintContext,
  p: number,
  d: number,
  status: number,
  value: number,
): number {
  const st = c.statusBytes(status);
  const b = roomAt(w, p, FIXED + st.length);
  p = putArr(b, p, N_RETURN);
  b[p++] = d;
  p = putArr(b, p, st);
  b[p++] = d;
  return putNum(b, p, value >>> 0);
}

/** `return,status text,value` of a return64 token (value `hi * 2^32 + lo`, printed signed). */
export function wReturn64(
  w: PrintBuffer,
  c: PrintContext,
  p: number,
  d: number,
  status: number,
  hi: number,
  lo: number,
): number {
  const st = c.statusBytes(status);
  const b = roomAt(w, p, FIXED + st.length);
  p = putArr(b, p, N_RETURN);
  b[p++] = d;
  p = putArr(b, p, st);
  b[p++] = d;
  return putInt64(b, p, hi, lo);
}

/**
 * A header32 (`atype` 0) or header32_ex token (address of `atype` bytes at
 * `a[ai]`).
 */
export function wHeader(
  w: PrintBuffer,
  c: PrintContext,
  p: number,
  d: number,
  size: number,
  version: number,
  event: number,
  modifier: number,
  atype: number,
  a: Uint8Array,
  ai: number,
  seconds: number,
  ms: number,
): number {
  const ev = c.eventBytes(event);
  const tm = c.ctimeBytes(seconds >>> 0);
  const b = roomAt(w, p, FIXED + ev.length + tm.length);
  p = putArr(b, p, atype === 0 ? N_HEADER : N_HEADER_EX);
  b[p++] = d;
  p = putNum(b, p, size);
  b[p++] = d;
  p = putNum(b, p, version);
  b[p++] = d;
  p = putArr(b, p, ev);
  b[p++] = d;
  p = putNum(b, p, modifier);
  b[p++] = d;
  if (atype !== 0) {
    p = putAddressEx(b, p, atype, a, ai);
    b[p++] = d;
  }
  return putTime(b, p, d, tm, ms);
}

/**
 * A subject32/process32 (`ex` false: IPv4 at `a[ai]`) or
 * subject32_ex/process32_ex token (address of `atype` bytes at `a[ai]`).
 */
export function wSubject(
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
  ex: boolean,
  atype: number,
  a: Uint8Array,
  ai: number,
): number {
  const au = c.userBytes(auid);
  const e = c.userBytes(euid);
  const eg = c.groupBytes(egid);
  const r = c.userBytes(ruid);
  const rg = c.groupBytes(rgid);
  const b = roomAt(w, p, FIXED + au.length + e.length + eg.length + r.length + rg.length);
  p = putArr(b, p, name);
  b[p++] = d;
  p = putArr(b, p, au);
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
  return ex ? putAddressEx(b, p, atype, a, ai) : putIpv4(b, p, a, ai);
}

/** `argument,n,0xvalue,description` (value `hi * 2^32 + lo`; hi 0 for arg32). */
export function wArg(
  w: PrintBuffer,
  p: number,
  d: number,
  argNumber: number,
  hi: number,
  lo: number,
  src: Uint8Array,
  s: number,
  e: number,
): number {
  const b = roomAt(w, p, FIXED + e - s);
  p = putArr(b, p, N_ARGUMENT);
  b[p++] = d;
  p = putNum(b, p, argNumber);
  b[p++] = d;
  b[p++] = 0x30;
  b[p++] = 0x78;
  p = putHex64(b, p, hi, lo);
  b[p++] = d;
  return putNoNul(b, p, src, s, e);
}

/** An attr32 token (node id `nodeHi * 2^32 + nodeLo`, printed signed). */
export function wAttr32(
  w: PrintBuffer,
  c: PrintContext,
  p: number,
  d: number,
  mode: number,
  uid: number,
  gid: number,
  fsid: number,
  nodeHi: number,
  nodeLo: number,
  device: number,
): number {
  const u = c.userBytes(uid);
  const g = c.groupBytes(gid);
  const b = roomAt(w, p, FIXED + u.length + g.length);
  p = putArr(b, p, N_ATTRIBUTE);
  b[p++] = d;
  p = putOct(b, p, mode >>> 0);
  b[p++] = d;
  p = putArr(b, p, u);
  b[p++] = d;
  p = putArr(b, p, g);
  b[p++] = d;
  p = putNum(b, p, fsid);
  b[p++] = d;
  p = putInt64(b, p, nodeHi, nodeLo);
  b[p++] = d;
  return putNum(b, p, device);
}

/** `socket-inet,family,port,address` (IPv4 at `a[ai]`). */
export function wSockInet32(
  w: PrintBuffer,
  p: number,
  d: number,
  family: number,
  port: number,
  a: Uint8Array,
  ai: number,
): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_SOCKET_INET);
  b[p++] = d;
  p = putNum(b, p, family);
  b[p++] = d;
  p = putNum(b, p, port);
  b[p++] = d;
  return putIpv4(b, p, a, ai);
}

/** `exit,Error status,value` (praudit prints the name with a NUL inside). */
export function wExit(w: PrintBuffer, p: number, d: number, status: number, value: number): number {
  const b = roomAt(w, p, FIXED);
  p = putArr(b, p, N_EXIT_ERROR);
  b[p - 7] = d;
  p = putNum(b, p, status);
  b[p++] = d;
  return putNum(b, p, value);
}

/** `socket-unix,family,path` (the path up to its first NUL). */
export function wSockUnix(
  w: PrintBuffer,
  p: number,
  d: number,
  family: number,
  src: Uint8Array,
  s: number,
  e: number,
): number {
  const b = roomAt(w, p, FIXED + e - s);
  p = putArr(b, p, N_SOCKET_UNIX);
  b[p++] = d;
  p = putNum(b, p, family);
  b[p++] = d;
  return putCString(b, p, src, s, e);
}

// ------------------------------------------------ decoded tokens

/** High and low 32-bit halves of the last {@link split64}. */
let HI = 0;
let LO = 0;

/** Splits an unsigned 64-bit bigint into {@link HI} and {@link LO}. */
function split64(v: bigint): void {
  const n = Number(v);
  // Rounding is monotonic: n <= 2^53 - 1 exactly when v is.
  if (n <= Number.MAX_SAFE_INTEGER) {
    HI = Math.floor(n / 4294967296);
    LO = n - HI * 4294967296;
  } else {
    HI = Number(v >> 32n);
    LO = Number(v & 0xffffffffn);
  }
}

/** A header32 or header32_ex token. */
function header(
  w: PrintBuffer,
  c: PrintContext,
  t: Header32Token | Header32ExToken,
  p: number,
  d: number,
): number {
  const ex = t.type === "header32_ex";
  return wHeader(
    w,
    c,
    p,
    d,
    t.size,
    t.version,
    t.event,
    t.modifier,
    ex ? t.addressType : 0,
    ex ? t.addressBytes : N_HEADER,
    0,
    t.seconds,
    t.milliseconds,
  );
}

/** A subject32/process32 or subject32_ex/process32_ex token. */
function subject(
  w: PrintBuffer,
  c: PrintContext,
  t: Subject32Token | Subject32ExToken,
  name: Uint8Array,
  p: number,
  d: number,
): number {
  const ex = t.type === "subject32_ex" || t.type === "process32_ex";
  const { auid, euid, egid, ruid, rgid, pid, sid, port } = t;
  return wSubject(
    w,
    c,
    p,
    d,
    name,
    auid,
    euid,
    egid,
    ruid,
    rgid,
    pid,
    sid,
    port,
    ex,
    ex ? t.addressType : 4,
    t.addressBytes,
    0,
  );
}

function arg32(w: PrintBuffer, t: Arg32Token, p: number, d: number): number {
  const s = t.descriptionBytes;
  return wArg(w, p, d, t.argNumber, 0, t.value >>> 0, s, 0, s.length);
}

function arg64(w: PrintBuffer, t: Arg64Token, p: number, d: number): number {
  const s = t.descriptionBytes;
  split64(t.value);
  return wArg(w, p, d, t.argNumber, HI, LO, s, 0, s.length);
}

function return64(w: PrintBuffer, c: PrintContext, t: Return64Token, p: number, d: number): number {
  split64(t.value);
  return wReturn64(w, c, p, d, t.status, HI, LO);
}

function attr32(w: PrintBuffer, c: PrintContext, t: Attr32Token, p: number, d: number): number {
  split64(t.nodeId);
  return wAttr32(w, c, p, d, t.mode, t.uid, t.gid, t.fsid, HI, LO, t.device);
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
    const s = list[i];
    p = putCString(b, p, s, 0, s.length);
  }
  return p;
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
        q = wTrailer(w, p, d, t.count);
        break;
      case "path":
        q = wString(w, p, d, N_PATH, t.pathBytes, 0, t.pathBytes.length);
        break;
      case "return32":
        q = wReturn32(w, c, p, d, t.status, t.value);
        break;
      case "header32":
        q = header(w, c, t, p, d);
        break;
      case "subject32":
        q = subject(w, c, t, N_SUBJECT, p, d);
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
        q = subject(w, c, t, N_SUBJECT_EX, p, d);
        break;
      case "exec_env":
        q = execStrings(w, t, N_EXEC_ENV, p, d);
        break;
      case "sockinet32":
        q = wSockInet32(w, p, d, t.family, t.port, t.addressBytes, 0);
        break;
      case "arg64":
        q = arg64(w, t, p, d);
        break;
      case "text":
        q = wString(w, p, d, N_TEXT, t.textBytes, 0, t.textBytes.length);
        break;
      case "exit":
        q = wExit(w, p, d, t.status, t.value);
        break;
      case "header32_ex":
        q = header(w, c, t, p, d);
        break;
      case "return64":
        q = return64(w, c, t, p, d);
        break;
      case "sockunix":
        q = wSockUnix(w, p, d, t.family, t.pathBytes, 0, t.pathBytes.length);
        break;
      case "process32":
        q = subject(w, c, t, N_PROCESS, p, d);
        break;
      case "process32_ex":
        q = subject(w, c, t, N_PROCESS_EX, p, d);
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

/**
 * Text printing of one token, as libbsm's `au_print_flags_tok` does without
 * `AU_OFLAG_XML` (praudit's default, `-r`, `-s`, `-n` modes).
 *
 * @module
 */

import type {
  DataToken,
  IdentityToken,
  StringListToken,
  SubjectToken,
  Token,
} from "../spec/token-types";
import type { PrintContext } from "./context";
import {
  altHex,
  cString,
  hex64,
  int64,
  memByte,
  ntop4,
  ntop6,
  ntopEx,
  printMem,
  printString,
} from "./format";
import type { PrintBuffer } from "./print-buffer";

/**
 * Token ids libbsm's `au_fetch_tok` knows. A decoder `unknown` token with
 * one of these ids is a token libbsm failed to read: praudit stops printing
 * the record there (no trailer either).
 */
const LIBBSM_IDS: ReadonlySet<number> = new Set([
  0x11, 0x13, 0x14, 0x15, 0x21, 0x22, 0x23, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
  0x2e, 0x2f, 0x32, 0x38, 0x39, 0x3b, 0x3c, 0x3d, 0x3e, 0x52, 0x60, 0x71, 0x72, 0x73, 0x74, 0x75,
  0x77, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85,
]);

/**
 * Whether praudit stops printing a record at this token: libbsm could not
 * read it (a damaged known token; with `appleTokens`, a damaged Apple token
 * too, as macOS's libbsm knows those), or it is an unknown token with no
 * bytes before the trailer (`fetch_invalid_tok` fails on an empty body).
 */
export function stopsRecord(t: Token, appleTokens: boolean): boolean {
  return (
    t.type === "unknown" &&
    (LIBBSM_IDS.has(t.id) || t.data.length === 0 || (appleTokens && t.id >= 0xed && t.id <= 0xef))
  );
}

/** `AUDIT_MAX_ARGS` / `AUDIT_MAX_ENV`: libbsm keeps at most this many exec strings. */
export const AUDIT_MAX_EXEC_STRINGS = 128;

/** Subject and process token types by id. */
const SUBJECT_TYPES: readonly (string | undefined)[] = (() => {
  const a: (string | undefined)[] = new Array(256).fill(undefined);
  a[0x24] = "subject32";
  a[0x26] = "process32";
  a[0x75] = "subject64";
  a[0x77] = "process64";
  a[0x7a] = "subject32_ex";
  a[0x7b] = "process32_ex";
  a[0x7c] = "subject64_ex";
  a[0x7d] = "process64_ex";
  return a;
})();

/** The name praudit gives a token, or its id with `-r`. */
function tokType(c: PrintContext, t: Token, name: string): string {
  return c.raw ? `${t.id}` : name;
}

// ------------------------------------------------------------ arbitrary data

const ARB_HOW = ["binary", "octal", "decimal", "hex", "string"];
const ARB_UNIT = ["byte", "short", "int", "int64"];

/** The how-to-print word of a data token, or `undefined` when praudit knows none. */
export function arbHow(t: DataToken): string | undefined {
  return ARB_HOW[t.howToPrint];
}

/** The unit word of a data token (`byte`, `short`, `int`, `int64`). */
export function arbUnit(t: DataToken): string {
  return ARB_UNIT[t.unitType];
}

/**
 * The values of a data token as `print_arb_tok` prints them: each unit
 * read in the host's byte order (little-endian, as on every current Mac and
 * on the corpus's host) and printed with ` %c`, ` %o`, ` %d`, ` %x` or `%c`;
 * 64-bit units print their low 32 bits (printf reads an `int`).
 */
export function arbValues(t: DataToken): string {
  const d = t.data;
  const how = t.howToPrint;
  const size = 1 << t.unitType;
  const count = Math.min(t.unitCount, Math.floor(d.length / size));
  let s = "";
  for (let i = 0; i < count; i++) {
    const p = i * size;
    let v: number;
    if (size === 1) v = d[p];
    else if (size === 2) v = d[p] | (d[p + 1] << 8);
    else v = (d[p] | (d[p + 1] << 8) | (d[p + 2] << 16) | (d[p + 3] << 24)) >>> 0;
    switch (how) {
      case 0:
        s += ` ${String.fromCharCode(v & 0xff)}`;
        break;
      case 1:
        s += ` ${v.toString(8)}`;
        break;
      case 2:
        s += ` ${size >= 4 ? v | 0 : v}`;
        break;
      case 3:
        s += ` ${v.toString(16)}`;
        break;
      default:
        s += String.fromCharCode(v & 0xff);
    }
  }
  return s;
}

function dataText(c: PrintContext, t: DataToken): string {
  const del = c.del;
  const head = tokType(c, t, "arbitrary") + del;
  const how = arbHow(t);
  if (how === undefined) return head;
  return `${head}${how}${del}${arbUnit(t)}${del}${t.unitCount}${del}${arbValues(t)}`;
}

// ---------------------------------------------------------------- subjects

const SUBJECT_NAMES: Record<SubjectToken["type"], string> = {
  subject32: "subject",
  subject64: "subject",
  subject32_ex: "subject_ex",
  subject64_ex: "subject_ex",
  process32: "process",
  process64: "process",
  process32_ex: "process_ex",
  process64_ex: "process_ex",
};

/** The terminal address of a subject or process token, as libbsm prints it. */
export function subjectAddress(t: SubjectToken): string {
  return "addressType" in t ? ntopEx(t.addressType, t.addressBytes) : ntop4(t.addressBytes);
}

/** The name of a subject or process token (`subject_ex`). */
export function subjectName(t: SubjectToken): string {
  return SUBJECT_NAMES[t.type];
}

function subjectText(c: PrintContext, t: SubjectToken): string {
  const d = c.del;
  return (
    tokType(c, t, SUBJECT_NAMES[t.type]) +
    d +
    c.user(t.auid) +
    d +
    c.user(t.euid) +
    d +
    c.group(t.egid) +
    d +
    c.user(t.ruid) +
    d +
    c.group(t.rgid) +
    d +
    t.pid +
    d +
    t.sid +
    d +
    t.port +
    d +
    subjectAddress(t)
  );
}

// -------------------------------------------------------------- Apple tokens

/** The bytes of an Apple token's body (after the id byte), as on the wire. */
export function appleBody(t: IdentityToken | StringListToken): Uint8Array {
  const parts: number[] = [];
  const u16 = (v: number) => parts.push((v >>> 8) & 0xff, v & 0xff);
  const u32 = (v: number) =>
    parts.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
  const bytes = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i++) parts.push(b[i]);
  };
  if (t.type === "identity") {
    u32(t.signerType);
    u16(t.signingIdBytes.length);
    bytes(t.signingIdBytes);
    parts.push(t.signingIdTruncated & 0xff);
    u16(t.teamIdBytes.length);
    bytes(t.teamIdBytes);
    parts.push(t.teamIdTruncated & 0xff);
    u16(t.cdhash.length);
    bytes(t.cdhash);
  } else {
    u32(t.stringsBytes.length);
    for (const s of t.stringsBytes) {
      bytes(s);
      parts.push(0);
    }
  }
  return Uint8Array.from(parts);
}

function appleText(c: PrintContext, t: IdentityToken | StringListToken): string {
  const d = c.del;
  if (!c.appleTokens) return `${tokType(c, t, "unknown")}${d}${printMem(appleBody(t))}`;
  if (t.type === "identity") {
    return (
      tokType(c, t, "identity") +
      d +
      (t.signerType >>> 0) +
      d +
      printString(t.signingIdBytes) +
      d +
      (t.signingIdTruncated ? "truncated" : "complete") +
      d +
      printString(t.teamIdBytes) +
      d +
      (t.teamIdTruncated ? "truncated" : "complete") +
      d +
      printMem(t.cdhash)
    );
  }
  let s = tokType(c, t, t.type === "krb5_principal" ? "principal" : "cert hash");
  for (const b of t.stringsBytes) s += d + cString(b);
  return s;
}

// ------------------------------------------------------------------ tokens

/**
 * One token in praudit's text form (without the newline or the `-l`
 * delimiter that follow it).
 */
export function textToken(c: PrintContext, t: Token): string {
  const d = c.del;
  switch (t.type) {
    case "trailer":
      return `${tokType(c, t, "trailer")}${d}${t.count}`;
    case "path":
      return `${tokType(c, t, "path")}${d}${printString(t.pathBytes)}`;
    case "return32":
      return `${tokType(c, t, "return")}${d}${c.status(t.status)}${d}${t.value >>> 0}`;
    case "header32":
      return `${tokType(c, t, "header")}${d}${t.size}${d}${t.version}${d}${c.event(t.event)}${d}${t.modifier}${d}${c.sec32(t.seconds)}${d}${c.msec32(t.milliseconds)}`;
    case "subject32":
    case "subject64":
    case "subject32_ex":
    case "subject64_ex":
    case "process32":
    case "process64":
    case "process32_ex":
    case "process64_ex":
      return subjectText(c, t);
    case "arg32":
      return `${tokType(c, t, "argument")}${d}${t.argNumber}${d}0x${(t.value >>> 0).toString(16)}${d}${printString(t.descriptionBytes)}`;
    case "attr32":
      return `${tokType(c, t, "attribute")}${d}${(t.mode >>> 0).toString(8)}${d}${c.user(t.uid)}${d}${c.group(t.gid)}${d}${t.fsid}${d}${int64(t.nodeId)}${d}${t.device}`;
    case "exec_args":
    case "exec_env": {
      let s = tokType(c, t, t.type === "exec_args" ? "exec arg" : "exec env");
      const list = t.stringsBytes;
      const n = Math.min(list.length, AUDIT_MAX_EXEC_STRINGS);
      for (let i = 0; i < n; i++) s += d + cString(list[i]);
      return s;
    }
    case "identity":
    case "krb5_principal":
    case "cert_hash":
      return appleText(c, t);
    case "sockinet32":
      return `${tokType(c, t, "socket-inet")}${d}${t.family}${d}${t.port}${d}${ntop4(t.addressBytes)}`;
    case "arg64":
      return `${tokType(c, t, "argument")}${d}${t.argNumber}${d}${hex64(t.value)}${d}${printString(t.descriptionBytes)}`;
    case "text":
      return `${tokType(c, t, "text")}${d}${printString(t.textBytes)}`;
    case "header32_ex":
      if (c.raw) {
        // libbsm tests AU_OFLAG_RAW where it means AU_OFLAG_XML: -r prints
        // the XML attributes (no delimiters, no size).
        return `${t.id}version="${t.version}" event="${c.event(t.event)}" modifier="${t.modifier}" host="${ntopEx(t.addressType, t.addressBytes)}" time="${c.sec32(t.seconds)}" msec="${c.msec32(t.milliseconds)}" >`;
      }
      return `${tokType(c, t, "header_ex")}${d}${t.size}${d}${t.version}${d}${c.event(t.event)}${d}${t.modifier}${d}${ntopEx(t.addressType, t.addressBytes)}${d}${c.sec32(t.seconds)}${d}${c.msec32(t.milliseconds)}`;
    case "exit":
      return `${tokType(c, t, "exit")}${d}Error ${t.status}${d}${t.value}`;
    case "return64":
      return `${tokType(c, t, "return")}${d}${c.status(t.status)}${d}${int64(t.value)}`;
    case "sockunix":
      return `${tokType(c, t, "socket-unix")}${d}${t.family}${d}${cString(t.pathBytes)}`;
    case "sockinet128":
      return `${tokType(c, t, "socket-inet6")}${d}${t.family}${d}${t.port}${d}${ntop6(t.addressBytes)}`;
    case "socket_ex":
      return `${tokType(c, t, "socket")}${d}${altHex(t.domain)}${d}${altHex(t.socketType)}${d}${altHex(t.localPort)}${d}${ntopEx(t.addressType, t.localAddressBytes)}${d}${altHex(t.remotePort)}${d}${ntopEx(t.addressType, t.remoteAddressBytes)}`;
    case "ipc":
      return `${tokType(c, t, "IPC")}${d}${ipcType(c, t.ipcType)}${d}${t.ipcId}`;
    case "ipc_perm":
      return `${tokType(c, t, "IPC perm")}${d}${c.user(t.uid)}${d}${c.group(t.gid)}${d}${c.user(t.creatorUid)}${d}${c.group(t.creatorGid)}${d}${(t.mode >>> 0).toString(8)}${d}${t.sequence}${d}${t.key}`;
    case "newgroups": {
      let s = tokType(c, t, "group");
      for (const g of t.groups) s += d + c.group(g);
      return s;
    }
    case "header64":
      return `${tokType(c, t, "header")}${d}${t.size}${d}${t.version}${d}${c.event(t.event)}${d}${t.modifier}${d}${c.sec64(t.seconds)}${d}${c.msec64(t.milliseconds)}`;
    case "header64_ex":
      return `${tokType(c, t, "header_ex")}${d}${t.size}${d}${t.version}${d}${c.event(t.event)}${d}${t.modifier}${d}${ntopEx(t.addressType, t.addressBytes)}${d}${c.sec64(t.seconds)}${d}${c.msec64(t.milliseconds)}`;
    case "other_file32":
      return `${tokType(c, t, "file")}${d}${c.sec32(t.seconds)}${d}${c.msec32(t.milliseconds)}${d}${printString(t.nameBytes)}`;
    case "arg_uuid":
    case "ret_uuid":
      return `${tokType(c, t, t.type)}${d}${t.number}${d}${t.uuid}${d}${printString(t.descriptionBytes)}`;
    case "data":
      return dataText(c, t);
    case "attr64":
      return `${tokType(c, t, "attribute")}${d}${(t.mode >>> 0).toString(8)}${d}${c.user(t.uid)}${d}${c.group(t.gid)}${d}${t.fsid}${d}${int64(t.nodeId)}${d}${BigInt.asUintN(64, t.device)}`;
    case "in_addr":
      return `${tokType(c, t, "ip addr")}${d}${ntop4(t.addressBytes)}`;
    case "in_addr_ex":
      return `${tokType(c, t, "ip addr ex")}${d}${ntopEx(t.addressType, t.addressBytes)}`;
    case "ip":
      return `${tokType(c, t, "ip")}${d}${memByte(t.version)}${d}${memByte(t.tos)}${d}${t.length}${d}${t.ipId}${d}${t.fragmentOffset}${d}${memByte(t.ttl)}${d}${memByte(t.protocol)}${d}${t.checksum}${d}${ntop4(t.sourceBytes)}${d}${ntop4(t.destinationBytes)}`;
    case "iport":
      return `${tokType(c, t, "ip port")}${d}${altHex(t.port)}`;
    case "opaque":
      return `${tokType(c, t, "opaque")}${d}${t.data.length}${d}${printMem(t.data)}`;
    case "seq":
      return `${tokType(c, t, "sequence")}${d}${t.sequence}`;
    case "socket":
      return `${tokType(c, t, "socket")}${d}${t.socketType}${d}${t.localPort}${d}${ntop4(t.localAddressBytes)}${d}${t.remotePort}${d}${ntop4(t.remoteAddressBytes)}`;
    case "zonename":
      return `${tokType(c, t, "zone")}${d}${printString(t.zoneBytes)}`;
    case "priv":
      return `${tokType(c, t, "privilege")}${d}${printString(t.setTypeBytes)}${d}${printString(t.privilegesBytes)}`;
    case "upriv":
      return `${tokType(c, t, "use of privilege")}${d}${t.status ? "successful use of priv" : "failed use of priv"}${d}${printString(t.privilegeBytes)}`;
    case "unknown":
      return `${tokType(c, t, "unknown")}${d}${printMem(t.data)}`;
  }
}

/** libbsm's `print_ipctype`. */
export function ipcType(c: PrintContext, type: number): string {
  if (c.raw) return `${type}`;
  if (type === 1) return "Message IPC";
  if (type === 2) return "Semaphore IPC";
  if (type === 3) return "Shared Memory IPC";
  return `${type}`;
}

// ------------------------------------------------------------ into bytes

/** The bytes of an ASCII string. */
function ascii(s: string): Uint8Array {
  return Uint8Array.from(s, (ch) => ch.charCodeAt(0));
}

const N_ARGUMENT = ascii("argument");
const N_ATTRIBUTE = ascii("attribute");
const N_EXIT = ascii("exit");
const N_HEADER = ascii("header");
const N_HEADER_EX = ascii("header_ex");
const N_PATH = ascii("path");
const N_RETURN = ascii("return");
const N_SOCKET_INET = ascii("socket-inet");
const N_SOCKET_UNIX = ascii("socket-unix");
const N_TEXT = ascii("text");
const N_TRAILER = ascii("trailer");
/** Subject and process token names by id, as bytes. */
const SUBJECT_NAME_BYTES: readonly Uint8Array[] = (() => {
  const a: Uint8Array[] = new Array(256).fill(new Uint8Array(0));
  for (const [i, type] of SUBJECT_TYPES.entries()) {
    if (type !== undefined) a[i] = ascii(SUBJECT_NAMES[type as SubjectToken["type"]]);
  }
  return a;
})();

/** The token's name (its id with `-r`) and the delimiter. */
function head(w: PrintBuffer, c: PrintContext, t: Token, name: Uint8Array): void {
  if (c.raw) w.uint(t.id);
  else w.arr(name);
  w.sep(c.del);
}

/** libbsm's `print_ip_ex_address`, into `w`. */
function writeAddressEx(w: PrintBuffer, type: number, b: Uint8Array): void {
  if (type === 4) w.ipv4(b);
  else w.str(ntopEx(type, b));
}

/** libbsm's `print_sec32`, into `w`. */
function writeSec32(w: PrintBuffer, c: PrintContext, seconds: number): void {
  if (c.raw) w.uint(seconds >>> 0);
  else w.arr(c.ctimeBytes(seconds >>> 0));
}

/** libbsm's `print_msec32`, into `w`. */
function writeMsec32(w: PrintBuffer, c: PrintContext, ms: number): void {
  if (c.raw) {
    w.uint(ms >>> 0);
    return;
  }
  w.str(" + ");
  w.uint(ms >>> 0);
  w.str(" msec");
}

function writeSubject(w: PrintBuffer, c: PrintContext, t: SubjectToken): void {
  const d = c.del;
  head(w, c, t, SUBJECT_NAME_BYTES[t.id]);
  w.arr(c.userBytes(t.auid));
  w.sep(d);
  w.arr(c.userBytes(t.euid));
  w.sep(d);
  w.arr(c.groupBytes(t.egid));
  w.sep(d);
  w.arr(c.userBytes(t.ruid));
  w.sep(d);
  w.arr(c.groupBytes(t.rgid));
  w.sep(d);
  w.uint(t.pid);
  w.sep(d);
  w.uint(t.sid);
  w.sep(d);
  if (typeof t.port === "bigint") w.ubig(t.port);
  else w.uint(t.port);
  w.sep(d);
  if ("addressType" in t) writeAddressEx(w, t.addressType, t.addressBytes);
  else w.ipv4(t.addressBytes);
}

/**
 * {@link textToken} written straight into `w`: the token types of busy
 * trails byte by byte, every other type through its text. Same bytes as
 * `textToken` (the conformance suite prints records through this).
 */
export function writeTextToken(w: PrintBuffer, c: PrintContext, t: Token): void {
  const d = c.del;
  // On the id, a jump table; each case checks the type (tokens built by
  // hand may carry any id).
  switch (t.id) {
    case 0x13:
      if (t.type !== "trailer") break;
      head(w, c, t, N_TRAILER);
      w.uint(t.count);
      return;
    case 0x23:
      if (t.type !== "path") break;
      head(w, c, t, N_PATH);
      w.noNul(t.pathBytes);
      return;
    case 0x28:
      if (t.type !== "text") break;
      head(w, c, t, N_TEXT);
      w.noNul(t.textBytes);
      return;
    case 0x27:
      if (t.type !== "return32") break;
      head(w, c, t, N_RETURN);
      w.arr(c.statusBytes(t.status));
      w.sep(d);
      w.uint(t.value >>> 0);
      return;
    case 0x72:
      if (t.type !== "return64") break;
      head(w, c, t, N_RETURN);
      w.arr(c.statusBytes(t.status));
      w.sep(d);
      w.int64(t.value);
      return;
    case 0x14:
      if (t.type !== "header32") break;
      head(w, c, t, N_HEADER);
      w.uint(t.size);
      w.sep(d);
      w.uint(t.version);
      w.sep(d);
      w.arr(c.eventBytes(t.event));
      w.sep(d);
      w.uint(t.modifier);
      w.sep(d);
      writeSec32(w, c, t.seconds);
      w.sep(d);
      writeMsec32(w, c, t.milliseconds);
      return;
    case 0x15:
      if (t.type !== "header32_ex") break;
      if (c.raw) break;
      head(w, c, t, N_HEADER_EX);
      w.uint(t.size);
      w.sep(d);
      w.uint(t.version);
      w.sep(d);
      w.arr(c.eventBytes(t.event));
      w.sep(d);
      w.uint(t.modifier);
      w.sep(d);
      writeAddressEx(w, t.addressType, t.addressBytes);
      w.sep(d);
      writeSec32(w, c, t.seconds);
      w.sep(d);
      writeMsec32(w, c, t.milliseconds);
      return;
    case 0x24:
    case 0x26:
    case 0x75:
    case 0x77:
    case 0x7a:
    case 0x7b:
    case 0x7c:
    case 0x7d:
      if (SUBJECT_TYPES[t.id] === t.type) {
        writeSubject(w, c, t as SubjectToken);
        return;
      }
      break;
    case 0x2d:
      if (t.type !== "arg32") break;
      head(w, c, t, N_ARGUMENT);
      w.uint(t.argNumber);
      w.sep(d);
      w.byte(0x30);
      w.byte(0x78);
      w.hex(t.value);
      w.sep(d);
      w.noNul(t.descriptionBytes);
      return;
    case 0x3e:
      if (t.type !== "attr32") break;
      head(w, c, t, N_ATTRIBUTE);
      w.oct(t.mode);
      w.sep(d);
      w.arr(c.userBytes(t.uid));
      w.sep(d);
      w.arr(c.groupBytes(t.gid));
      w.sep(d);
      w.uint(t.fsid);
      w.sep(d);
      w.int64(t.nodeId);
      w.sep(d);
      w.uint(t.device);
      return;
    case 0x3c:
    case 0x3d: {
      if (t.type !== "exec_args" && t.type !== "exec_env") break;
      if (c.raw) w.uint(t.id);
      else w.str(t.type === "exec_args" ? "exec arg" : "exec env");
      const list = t.stringsBytes;
      const n = Math.min(list.length, AUDIT_MAX_EXEC_STRINGS);
      for (let i = 0; i < n; i++) {
        w.sep(d);
        w.cString(list[i]);
      }
      return;
    }
    case 0x80:
      if (t.type !== "sockinet32") break;
      head(w, c, t, N_SOCKET_INET);
      w.uint(t.family);
      w.sep(d);
      w.uint(t.port);
      w.sep(d);
      w.ipv4(t.addressBytes);
      return;
    case 0x52:
      if (t.type !== "exit") break;
      head(w, c, t, N_EXIT);
      w.str("Error ");
      w.uint(t.status);
      w.sep(d);
      w.uint(t.value);
      return;
    case 0x82:
      if (t.type !== "sockunix") break;
      head(w, c, t, N_SOCKET_UNIX);
      w.uint(t.family);
      w.sep(d);
      w.cString(t.pathBytes);
      return;
  }
  w.str(textToken(c, t));
}

/**
 * Token builders: one per token type, making a token from plain values the
 * way libbsm's `au_to_*` functions write it (counted strings are UTF-8 plus
 * a NUL, addresses are parsed from their text, ids filled in). Any other
 * token object (a row without a builder included) can be written as a
 * literal: the encoder takes any token.
 *
 * @module
 */

import type {
  Arg32Token,
  Arg64Token,
  Attr32Token,
  Attr64Token,
  DataToken,
  ExecStringsToken,
  ExitToken,
  Header32ExToken,
  Header32Token,
  Header64ExToken,
  Header64Token,
  IdentityToken,
  InAddrExToken,
  InAddrToken,
  IpcPermToken,
  IpcToken,
  IportToken,
  IpToken,
  NewgroupsToken,
  OpaqueToken,
  OtherFile32Token,
  PathToken,
  PrivToken,
  Return32Token,
  Return64Token,
  SeqToken,
  SocketExToken,
  SocketToken,
  SockInet32Token,
  SockInet128Token,
  SockUnixToken,
  StringListToken,
  Subject32ExToken,
  Subject32Token,
  Subject64ExToken,
  Subject64Token,
  TextToken,
  TrailerToken,
  UnknownToken,
  UprivToken,
  UuidToken,
  ZonenameToken,
} from "../gen/token-types";
import { layoutOf } from "../spec/layouts";
import { addressText, ipv4Text, uuidText } from "./addr";

/** The id of a token type: its row of the token table. */
function idOf(type: string): number {
  return layoutOf(type).id;
}

// ---------------------------------------------------------------- text helpers

const utf8 = new TextEncoder();

/** UTF-8 bytes of `s` followed by a NUL, as libbsm writes counted strings. */
export function cstringBytes(s: string): Uint8Array {
  const b = utf8.encode(s);
  const out = new Uint8Array(b.length + 1);
  out.set(b);
  return out;
}

function parseIPv4(s: string): Uint8Array | null {
  const parts = s.split(".");
  if (parts.length !== 4) return null;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return null;
    const v = Number(parts[i]);
    if (v > 255) return null;
    out[i] = v;
  }
  return out;
}

function parseIPv6(s: string): Uint8Array | null {
  const out = new Uint8Array(16);
  let str = s;
  let v4: Uint8Array | null = null;
  if (str.includes(".")) {
    const c = str.lastIndexOf(":");
    v4 = parseIPv4(str.slice(c + 1));
    if (v4 === null) return null;
    str = `${str.slice(0, c + 1)}0:0`;
  }
  const dbl = str.indexOf("::");
  if (dbl !== str.lastIndexOf("::")) return null;
  let words: string[];
  if (dbl >= 0) {
    const head = dbl > 0 ? str.slice(0, dbl).split(":") : [];
    const tail = dbl + 2 < str.length ? str.slice(dbl + 2).split(":") : [];
    if (head.length + tail.length > 7) return null;
    words = [...head, ...Array<string>(8 - head.length - tail.length).fill("0"), ...tail];
  } else {
    words = str.split(":");
    if (words.length !== 8) return null;
  }
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(words[i])) return null;
    const w = Number.parseInt(words[i], 16);
    out[2 * i] = w >> 8;
    out[2 * i + 1] = w & 0xff;
  }
  if (v4 !== null) out.set(v4, 12);
  return out;
}

/**
 * The bytes of an IPv4 (dotted quad, 4 bytes) or IPv6 (16 bytes) address
 * in text form. Throws a `RangeError` for anything else.
 */
export function addressBytes(text: string): Uint8Array {
  const b = text.includes(":") ? parseIPv6(text) : parseIPv4(text);
  if (b === null) throw new RangeError(`not an IPv4 or IPv6 address: ${text}`);
  return b;
}

/** The 16 bytes of a UUID in text form (32 hex digits, dashes ignored). */
export function uuidBytes(text: string): Uint8Array {
  const h = text.replace(/-/g, "");
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new RangeError(`not a UUID: ${text}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes, type and canonical text (the decoder's text form) of an address. */
function addrPair(text: string): {
  address: string;
  addressBytes: Uint8Array;
  addressType: number;
} {
  const b = addressBytes(text);
  return {
    address: addressText(b, 0, b.length),
    addressBytes: b,
    addressType: b.length,
  };
}

/** Integers given to builders: negative values are taken modulo 2^32 (`-1` is 0xffffffff). */
function u32(v: number): number {
  if (!Number.isInteger(v) || v < -0x80000000 || v > 0xffffffff) {
    throw new RangeError(`not a 32-bit integer: ${v}`);
  }
  return v >>> 0;
}

function u64(v: number | bigint): bigint {
  return BigInt.asUintN(64, BigInt(v));
}

function textOf(s: string): { text: string; bytes: Uint8Array } {
  return { text: s, bytes: cstringBytes(s) };
}

/** Fields common to subject and process builders. */
export interface SubjectInput {
  /** Audit user id (`-1` for unset). */
  auid: number;
  euid: number;
  egid: number;
  ruid: number;
  rgid: number;
  pid: number;
  /** Audit session id. */
  sid: number;
  /** Terminal port. @defaultValue 0 */
  port?: number | bigint;
  /** Terminal address, IPv4 (or IPv6 for `_ex` tokens). @defaultValue "0.0.0.0" */
  address?: string;
}

/** Input of the header builders. */
export interface HeaderInput {
  /** Event number (`AUE_*`). */
  event: number;
  /** @defaultValue 0 */
  modifier?: number;
  seconds: number | bigint;
  /** @defaultValue 0 */
  milliseconds?: number | bigint;
  /** @defaultValue 11 (OpenBSM) */
  version?: number;
  /** Record byte count; leave 0 and use `encodeRecord(..., { fixSizes: true })`. @defaultValue 0 */
  size?: number;
}

/** Input of the `_ex` header builders. */
export interface HeaderExInput extends HeaderInput {
  /** Host address, IPv4 or IPv6. */
  address: string;
}

/** Input of the attribute builders. */
export interface AttrInput {
  /** File mode including the type bits (0o100644). */
  mode: number;
  uid: number;
  gid: number;
  fsid: number;
  nodeId: number | bigint;
  device: number | bigint;
}

function subjectFields(s: SubjectInput) {
  return {
    auid: u32(s.auid),
    euid: u32(s.euid),
    egid: u32(s.egid),
    ruid: u32(s.ruid),
    rgid: u32(s.rgid),
    pid: u32(s.pid),
    sid: u32(s.sid),
  };
}

function ipv4Pair(text: string): { address: string; addressBytes: Uint8Array } {
  const b = parseIPv4(text);
  if (b === null) throw new RangeError(`not an IPv4 address: ${text}`);
  return { address: ipv4Text(b, 0), addressBytes: b };
}

function subject32Of(type: "subject32" | "process32", s: SubjectInput): Subject32Token {
  const a = ipv4Pair(s.address ?? "0.0.0.0");
  return {
    type,
    id: idOf(type),
    ...subjectFields(s),
    port: u32(Number(s.port ?? 0)),
    ...a,
  };
}

function subject64Of(type: "subject64" | "process64", s: SubjectInput): Subject64Token {
  const a = ipv4Pair(s.address ?? "0.0.0.0");
  return {
    type,
    id: idOf(type),
    ...subjectFields(s),
    port: u64(s.port ?? 0),
    ...a,
  };
}

function subject32ExOf(type: "subject32_ex" | "process32_ex", s: SubjectInput): Subject32ExToken {
  const a = addrPair(s.address ?? "0.0.0.0");
  return {
    type,
    id: idOf(type),
    ...subjectFields(s),
    port: u32(Number(s.port ?? 0)),
    addressType: a.addressType,
    address: a.address,
    addressBytes: a.addressBytes,
  };
}

function subject64ExOf(type: "subject64_ex" | "process64_ex", s: SubjectInput): Subject64ExToken {
  const a = addrPair(s.address ?? "0.0.0.0");
  return {
    type,
    id: idOf(type),
    ...subjectFields(s),
    port: u64(s.port ?? 0),
    addressType: a.addressType,
    address: a.address,
    addressBytes: a.addressBytes,
  };
}

function stringsOf<T extends ExecStringsToken["type"] | StringListToken["type"]>(
  type: T,
  list: readonly string[],
): { type: T; id: number; strings: string[]; stringsBytes: Uint8Array[] } {
  const stringsBytes = list.map((s) => {
    if (s.includes("\0")) throw new RangeError("a string of a string list contains a NUL");
    return utf8.encode(s);
  });
  return { type, id: idOf(type), strings: [...list], stringsBytes };
}

function uuidOf(
  type: "arg_uuid" | "ret_uuid",
  n: number,
  uuid: string,
  description: string,
): UuidToken {
  const b = uuidBytes(uuid);
  const d = textOf(description);
  return {
    type,
    id: idOf(type),
    number: n,
    uuid: uuidText(b, 0),
    uuidBytes: b,
    description: d.text,
    descriptionBytes: d.bytes,
  };
}

const UNIT_SHIFT = [0, 1, 2, 3];

/**
 * Token builders: one per token type, making a token from plain values the
 * way libbsm writes it (counted strings are UTF-8 plus a NUL, addresses are
 * parsed from text, ids filled in). Integers that are unsigned 32-bit on
 * the wire accept negative values (`-1` becomes 0xffffffff).
 */
export const tokens = {
  /** 0x11 file token; `name` empty (written as a lone NUL) for a trail's leading token. */
  other_file32(o: { seconds: number; milliseconds?: number; name?: string }): OtherFile32Token {
    const n = textOf(o.name ?? "");
    return {
      type: "other_file32",
      id: idOf("other_file32"),
      seconds: u32(o.seconds),
      milliseconds: u32(o.milliseconds ?? 0),
      name: n.text,
      nameBytes: n.bytes,
    };
  },
  /** Alias of {@link tokens.other_file32} (praudit calls it `file`). */
  file(o: { seconds: number; milliseconds?: number; name?: string }): OtherFile32Token {
    return tokens.other_file32(o);
  },
  /** 0x13 trailer; `count` is filled by `encodeRecord(..., { fixSizes: true })`. */
  trailer(count = 0, magic = 0xb105): TrailerToken {
    return { type: "trailer", id: idOf("trailer"), magic, count };
  },
  /** 0x14 32-bit header. */
  header32(h: HeaderInput): Header32Token {
    return {
      type: "header32",
      id: idOf("header32"),
      size: h.size ?? 0,
      version: h.version ?? 11,
      event: h.event,
      modifier: h.modifier ?? 0,
      seconds: u32(Number(h.seconds)),
      milliseconds: u32(Number(h.milliseconds ?? 0)),
    };
  },
  /** 0x15 32-bit header with the host address (IPv4 or IPv6). */
  header32_ex(h: HeaderExInput): Header32ExToken {
    const a = addrPair(h.address);
    return {
      type: "header32_ex",
      id: idOf("header32_ex"),
      size: h.size ?? 0,
      version: h.version ?? 11,
      event: h.event,
      modifier: h.modifier ?? 0,
      addressType: a.addressType,
      address: a.address,
      addressBytes: a.addressBytes,
      seconds: u32(Number(h.seconds)),
      milliseconds: u32(Number(h.milliseconds ?? 0)),
    };
  },
  /** 0x74 64-bit header. */
  header64(h: HeaderInput): Header64Token {
    return {
      type: "header64",
      id: idOf("header64"),
      size: h.size ?? 0,
      version: h.version ?? 11,
      event: h.event,
      modifier: h.modifier ?? 0,
      seconds: u64(h.seconds),
      milliseconds: u64(h.milliseconds ?? 0),
    };
  },
  /** 0x79 64-bit header with the host address. */
  header64_ex(h: HeaderExInput): Header64ExToken {
    const a = addrPair(h.address);
    return {
      type: "header64_ex",
      id: idOf("header64_ex"),
      size: h.size ?? 0,
      version: h.version ?? 11,
      event: h.event,
      modifier: h.modifier ?? 0,
      addressType: a.addressType,
      address: a.address,
      addressBytes: a.addressBytes,
      seconds: u64(h.seconds),
      milliseconds: u64(h.milliseconds ?? 0),
    };
  },
  /**
   * 0x21 arbitrary data. `units` are written big-endian in the unit size
   * (`unitType` 0 byte, 1 short, 2 int32, 3 int64), or given as raw bytes.
   */
  data(
    howToPrint: number,
    unitType: number,
    units: readonly (number | bigint)[] | Uint8Array,
  ): DataToken {
    if (!UNIT_SHIFT.includes(unitType)) throw new RangeError(`unit type 0..3, not ${unitType}`);
    let data: Uint8Array;
    if (units instanceof Uint8Array) {
      data = units;
    } else {
      data = new Uint8Array(units.length << unitType);
      const v = new DataView(data.buffer);
      units.forEach((x, i) => {
        const at = i << unitType;
        if (unitType === 0) v.setUint8(at, Number(x) & 0xff);
        else if (unitType === 1) v.setUint16(at, Number(x) & 0xffff);
        else if (unitType === 2) v.setUint32(at, Number(x) >>> 0);
        else v.setBigUint64(at, u64(x));
      });
    }
    const unitCount = data.length >> unitType;
    if (unitCount << unitType !== data.length || unitCount > 255) {
      throw new RangeError(
        `data of ${data.length} bytes is not up to 255 units of ${1 << unitType}`,
      );
    }
    return { type: "data", id: idOf("data"), howToPrint, unitType, unitCount, data };
  },
  /** 0x22 System V IPC object (1 message queue, 2 semaphore, 3 shared memory). */
  ipc(ipcType: number, ipcId: number): IpcToken {
    return { type: "ipc", id: idOf("ipc"), ipcType, ipcId: u32(ipcId) };
  },
  /** 0x23 path. */
  path(path: string): PathToken {
    const t = textOf(path);
    return { type: "path", id: idOf("path"), path: t.text, pathBytes: t.bytes };
  },
  /** 0x24 subject. */
  subject32(s: SubjectInput): Subject32Token {
    return subject32Of("subject32", s);
  },
  /** 0x26 process. */
  process32(s: SubjectInput): Subject32Token {
    return subject32Of("process32", s);
  },
  /** 0x27 32-bit return: BSM error number (0 success) and return value (`-1` allowed). */
  return32(status: number, value: number): Return32Token {
    return { type: "return32", id: idOf("return32"), status, value: u32(value) };
  },
  /** 0x28 text. */
  text(text: string): TextToken {
    const t = textOf(text);
    return { type: "text", id: idOf("text"), text: t.text, textBytes: t.bytes };
  },
  /** 0x29 opaque bytes. */
  opaque(data: Uint8Array): OpaqueToken {
    return { type: "opaque", id: idOf("opaque"), data };
  },
  /** 0x2a IPv4 address. */
  in_addr(address: string): InAddrToken {
    return { type: "in_addr", id: idOf("in_addr"), ...ipv4Pair(address) };
  },
  /** 0x2b IPv4 header (raw `struct ip` fields; `version` is the version/IHL byte). */
  ip(o: {
    version?: number;
    tos?: number;
    length?: number;
    ipId?: number;
    fragmentOffset?: number;
    ttl?: number;
    protocol?: number;
    checksum?: number;
    source: string;
    destination: string;
  }): IpToken {
    const s = ipv4Pair(o.source);
    const d = ipv4Pair(o.destination);
    return {
      type: "ip",
      id: idOf("ip"),
      version: o.version ?? 0x45,
      tos: o.tos ?? 0,
      length: o.length ?? 0,
      ipId: o.ipId ?? 0,
      fragmentOffset: o.fragmentOffset ?? 0,
      ttl: o.ttl ?? 64,
      protocol: o.protocol ?? 6,
      checksum: o.checksum ?? 0,
      source: s.address,
      sourceBytes: s.addressBytes,
      destination: d.address,
      destinationBytes: d.addressBytes,
    };
  },
  /** 0x2c IP port. */
  iport(port: number): IportToken {
    return { type: "iport", id: idOf("iport"), port };
  },
  /** 0x2d 32-bit argument: number, value (`-1` allowed), description. */
  arg32(argNumber: number, value: number, description: string): Arg32Token {
    const d = textOf(description);
    return {
      type: "arg32",
      id: idOf("arg32"),
      argNumber,
      value: u32(value),
      description: d.text,
      descriptionBytes: d.bytes,
    };
  },
  /** 0x71 64-bit argument. */
  arg64(argNumber: number, value: number | bigint, description: string): Arg64Token {
    const d = textOf(description);
    return {
      type: "arg64",
      id: idOf("arg64"),
      argNumber,
      value: u64(value),
      description: d.text,
      descriptionBytes: d.bytes,
    };
  },
  /** 0x2e IPv4 socket. */
  socket(o: {
    socketType: number;
    localPort: number;
    localAddress: string;
    remotePort: number;
    remoteAddress: string;
  }): SocketToken {
    const l = ipv4Pair(o.localAddress);
    const r = ipv4Pair(o.remoteAddress);
    return {
      type: "socket",
      id: idOf("socket"),
      socketType: o.socketType,
      localPort: o.localPort,
      localAddress: l.address,
      localAddressBytes: l.addressBytes,
      remotePort: o.remotePort,
      remoteAddress: r.address,
      remoteAddressBytes: r.addressBytes,
    };
  },
  /** 0x7f socket with domain; both addresses IPv4 or both IPv6. */
  socket_ex(o: {
    domain: number;
    socketType: number;
    localPort: number;
    localAddress: string;
    remotePort: number;
    remoteAddress: string;
  }): SocketExToken {
    const l = addrPair(o.localAddress);
    const r = addrPair(o.remoteAddress);
    if (l.addressType !== r.addressType) {
      throw new RangeError("socket_ex addresses must both be IPv4 or both IPv6");
    }
    return {
      type: "socket_ex",
      id: idOf("socket_ex"),
      domain: o.domain,
      socketType: o.socketType,
      addressType: l.addressType,
      localPort: o.localPort,
      localAddress: l.address,
      localAddressBytes: l.addressBytes,
      remotePort: o.remotePort,
      remoteAddress: r.address,
      remoteAddressBytes: r.addressBytes,
    };
  },
  /** 0x2f sequence number. */
  seq(sequence: number): SeqToken {
    return { type: "seq", id: idOf("seq"), sequence: u32(sequence) };
  },
  /** 0x32 System V IPC permission. */
  ipc_perm(o: {
    uid: number;
    gid: number;
    creatorUid: number;
    creatorGid: number;
    mode: number;
    sequence: number;
    key: number;
  }): IpcPermToken {
    return {
      type: "ipc_perm",
      id: idOf("ipc_perm"),
      uid: u32(o.uid),
      gid: u32(o.gid),
      creatorUid: u32(o.creatorUid),
      creatorGid: u32(o.creatorGid),
      mode: u32(o.mode),
      sequence: u32(o.sequence),
      key: u32(o.key),
    };
  },
  /** 0x38 privilege set. */
  priv(setType: string, privileges: string): PrivToken {
    const s = textOf(setType);
    const p = textOf(privileges);
    return {
      type: "priv",
      id: idOf("priv"),
      setType: s.text,
      setTypeBytes: s.bytes,
      privileges: p.text,
      privilegesBytes: p.bytes,
    };
  },
  /** 0x39 use of a privilege. */
  upriv(status: number, privilege: string): UprivToken {
    const p = textOf(privilege);
    return { type: "upriv", id: idOf("upriv"), status, privilege: p.text, privilegeBytes: p.bytes };
  },
  /** 0x3b group list. */
  newgroups(groups: readonly number[]): NewgroupsToken {
    return { type: "newgroups", id: idOf("newgroups"), groups: groups.map(u32) };
  },
  /** 0x3c exec arguments. */
  exec_args(args: readonly string[]): ExecStringsToken {
    return stringsOf("exec_args", args);
  },
  /** 0x3d exec environment. */
  exec_env(env: readonly string[]): ExecStringsToken {
    return stringsOf("exec_env", env);
  },
  /** 0x3e file attributes, 32-bit device. */
  attr32(a: AttrInput): Attr32Token {
    return {
      type: "attr32",
      id: idOf("attr32"),
      mode: u32(a.mode),
      uid: u32(a.uid),
      gid: u32(a.gid),
      fsid: u32(a.fsid),
      nodeId: u64(a.nodeId),
      device: u32(Number(a.device)),
    };
  },
  /** 0x73 file attributes, 64-bit device. */
  attr64(a: AttrInput): Attr64Token {
    return {
      type: "attr64",
      id: idOf("attr64"),
      mode: u32(a.mode),
      uid: u32(a.uid),
      gid: u32(a.gid),
      fsid: u32(a.fsid),
      nodeId: u64(a.nodeId),
      device: u64(a.device),
    };
  },
  /** 0x52 process exit: status, then return value (libbsm's au_to_exit(retval, err) writes err first). */
  exit(status: number, value: number): ExitToken {
    return { type: "exit", id: idOf("exit"), status: u32(status), value: u32(value) };
  },
  /** 0x60 zone name. */
  zonename(zone: string): ZonenameToken {
    const t = textOf(zone);
    return { type: "zonename", id: idOf("zonename"), zone: t.text, zoneBytes: t.bytes };
  },
  /** 0x72 64-bit return (`-1` allowed). */
  return64(status: number, value: number | bigint): Return64Token {
    return { type: "return64", id: idOf("return64"), status, value: u64(value) };
  },
  /** 0x75 64-bit subject. */
  subject64(s: SubjectInput): Subject64Token {
    return subject64Of("subject64", s);
  },
  /** 0x77 64-bit process. */
  process64(s: SubjectInput): Subject64Token {
    return subject64Of("process64", s);
  },
  /** 0x7a subject with an IPv4 or IPv6 terminal address. */
  subject32_ex(s: SubjectInput): Subject32ExToken {
    return subject32ExOf("subject32_ex", s);
  },
  /** 0x7b process with an IPv4 or IPv6 terminal address. */
  process32_ex(s: SubjectInput): Subject32ExToken {
    return subject32ExOf("process32_ex", s);
  },
  /** 0x7c 64-bit subject with an IPv4 or IPv6 terminal address. */
  subject64_ex(s: SubjectInput): Subject64ExToken {
    return subject64ExOf("subject64_ex", s);
  },
  /** 0x7d 64-bit process with an IPv4 or IPv6 terminal address. */
  process64_ex(s: SubjectInput): Subject64ExToken {
    return subject64ExOf("process64_ex", s);
  },
  /** 0x7e IPv4 or IPv6 address. */
  in_addr_ex(address: string): InAddrExToken {
    const a = addrPair(address);
    return { type: "in_addr_ex", id: idOf("in_addr_ex"), ...a };
  },
  /** 0x80 IPv4 socket address; `family` defaults to AF_INET (2), `port` as written (network order). */
  sockinet32(o: { family?: number; port: number; address: string }): SockInet32Token {
    return {
      type: "sockinet32",
      id: idOf("sockinet32"),
      family: o.family ?? 2,
      port: o.port,
      ...ipv4Pair(o.address),
    };
  },
  /**
   * 0x81 IPv6 socket address; `family` defaults to 26 (what macOS writes;
   * OpenBSM writes the host's AF_INET6), `port` as written.
   */
  sockinet128(o: { family?: number; port: number; address: string }): SockInet128Token {
    const a = addrPair(o.address);
    if (a.addressType !== 16)
      throw new RangeError(`sockinet128 needs an IPv6 address: ${o.address}`);
    return {
      type: "sockinet128",
      id: idOf("sockinet128"),
      family: o.family ?? 26,
      port: o.port,
      address: a.address,
      addressBytes: a.addressBytes,
    };
  },
  /** 0x82 Unix domain socket address: the path's UTF-8 bytes and a NUL (at most 103 bytes of path). */
  sockunix(o: { family?: number; path: string }): SockUnixToken {
    const t = textOf(o.path);
    if (t.bytes.length > 104 || t.bytes.indexOf(0) !== t.bytes.length - 1) {
      throw new RangeError("sockunix path must be at most 103 bytes and contain no NUL");
    }
    return {
      type: "sockunix",
      id: idOf("sockunix"),
      family: o.family ?? 1,
      path: t.text,
      pathBytes: t.bytes,
    };
  },
  /** 0x84 argument UUID. */
  arg_uuid(argNumber: number, uuid: string, description: string): UuidToken {
    return uuidOf("arg_uuid", argNumber, uuid, description);
  },
  /** 0x85 return UUID. */
  ret_uuid(status: number, uuid: string, description: string): UuidToken {
    return uuidOf("ret_uuid", status, uuid, description);
  },
  /** 0xed Apple code-signing identity; `cdhash` as bytes or hex. */
  identity(o: {
    signerType: number;
    signingId: string;
    signingIdTruncated?: number;
    teamId: string;
    teamIdTruncated?: number;
    cdhash: Uint8Array | string;
  }): IdentityToken {
    const s = textOf(o.signingId);
    const t = textOf(o.teamId);
    let cdhash: Uint8Array;
    if (typeof o.cdhash === "string") {
      const h = o.cdhash.replace(/^0x/, "");
      if (!/^([0-9a-fA-F]{2})*$/.test(h)) throw new RangeError(`not hex: ${o.cdhash}`);
      cdhash = new Uint8Array(h.length / 2);
      for (let i = 0; i < cdhash.length; i++)
        cdhash[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
    } else {
      cdhash = o.cdhash;
    }
    return {
      type: "identity",
      id: idOf("identity"),
      signerType: u32(o.signerType),
      signingId: s.text,
      signingIdBytes: s.bytes,
      signingIdTruncated: o.signingIdTruncated ?? 0,
      teamId: t.text,
      teamIdBytes: t.bytes,
      teamIdTruncated: o.teamIdTruncated ?? 0,
      cdhash,
    };
  },
  /** 0xee Kerberos principal strings. */
  krb5_principal(strings: readonly string[]): StringListToken {
    return stringsOf("krb5_principal", strings);
  },
  /** 0xef certificate hash strings. */
  cert_hash(strings: readonly string[]): StringListToken {
    return stringsOf("cert_hash", strings);
  },
  /** A token of an id without a known layout: id and the raw bytes after it. */
  unknown(id: number, data: Uint8Array): UnknownToken {
    return { type: "unknown", id, data };
  },
} as const;

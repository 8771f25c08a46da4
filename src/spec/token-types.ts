/**
 * Token model: one interface per BSM token type, joined in the {@link Token}
 * discriminated union on `type`.
 *
 * Conventions shared by every token:
 * - `type` is the token's `AUT_*` name from OpenBSM's `audit_record.h`,
 *   lowercased without `AUT_` (Apple's three are `identity`,
 *   `krb5_principal` and `cert_hash`).
 * - `id` is the token id byte as read.
 * - Integers are JavaScript numbers exactly as on the wire (unsigned);
 *   fields that are 64 bits on the wire are `bigint`.
 * - Text fields come as a decoded `string` beside a `...Bytes` view of the
 *   raw bytes on the wire (including any NUL terminator), so nothing is lost
 *   to decoding. Byte fields are views into the input unless the `copy`
 *   option was set.
 * - Addresses come as text (IPv4 dotted quad, IPv6 per RFC 5952) beside
 *   their raw bytes.
 *
 * @module
 */

/** Token ids of OpenBSM's `audit_record.h` (and Apple's `bsm/audit_record.h`). */
export const TokenId = {
  INVALID: 0x00,
  OTHER_FILE32: 0x11,
  OHEADER: 0x12,
  TRAILER: 0x13,
  HEADER32: 0x14,
  HEADER32_EX: 0x15,
  DATA: 0x21,
  IPC: 0x22,
  PATH: 0x23,
  SUBJECT32: 0x24,
  XATPATH: 0x25,
  PROCESS32: 0x26,
  RETURN32: 0x27,
  TEXT: 0x28,
  OPAQUE: 0x29,
  IN_ADDR: 0x2a,
  IP: 0x2b,
  IPORT: 0x2c,
  ARG32: 0x2d,
  SOCKET: 0x2e,
  SEQ: 0x2f,
  ACL: 0x30,
  ATTR: 0x31,
  IPC_PERM: 0x32,
  LABEL: 0x33,
  GROUPS: 0x34,
  ACE: 0x35,
  SLABEL: 0x36,
  CLEAR: 0x37,
  PRIV: 0x38,
  UPRIV: 0x39,
  LIAISON: 0x3a,
  NEWGROUPS: 0x3b,
  EXEC_ARGS: 0x3c,
  EXEC_ENV: 0x3d,
  ATTR32: 0x3e,
  UNAUTH: 0x3f,
  XATOM: 0x40,
  XOBJ: 0x41,
  XPROTO: 0x42,
  XSELECT: 0x43,
  XCOLORMAP: 0x44,
  XCURSOR: 0x45,
  XFONT: 0x46,
  XGC: 0x47,
  XPIXMAP: 0x48,
  XPROPERTY: 0x49,
  XWINDOW: 0x4a,
  XCLIENT: 0x4b,
  CMD: 0x51,
  EXIT: 0x52,
  ZONENAME: 0x60,
  HOST: 0x70,
  ARG64: 0x71,
  RETURN64: 0x72,
  ATTR64: 0x73,
  HEADER64: 0x74,
  SUBJECT64: 0x75,
  PROCESS64: 0x77,
  OTHER_FILE64: 0x78,
  HEADER64_EX: 0x79,
  SUBJECT32_EX: 0x7a,
  PROCESS32_EX: 0x7b,
  SUBJECT64_EX: 0x7c,
  PROCESS64_EX: 0x7d,
  IN_ADDR_EX: 0x7e,
  SOCKET_EX: 0x7f,
  SOCKINET32: 0x80,
  SOCKINET128: 0x81,
  SOCKUNIX: 0x82,
  ARG_UUID: 0x84,
  RET_UUID: 0x85,
  IDENTITY: 0xed,
  KRB5_PRINCIPAL: 0xee,
  CERT_HASH: 0xef,
} as const;

/** Name of every id in {@link TokenId}, lowercased as token `type`s are. */
export const TOKEN_NAMES: ReadonlyMap<number, string> = new Map(
  Object.entries(TokenId).map(([k, v]) => [v, k.toLowerCase()]),
);

/** Address type values used by `*_ex` tokens: the address length in bytes. */
export const AU_IPv4 = 4;
/** IPv6 address type (16 bytes). */
export const AU_IPv6 = 16;

/** Trailer magic number. */
export const TRAILER_MAGIC = 0xb105;

/** A text field's two forms. */
export type Bytes = Uint8Array;

/** 0x11: file token, written at the start and end of each trail file. */
export interface OtherFile32Token {
  type: "other_file32";
  id: number;
  seconds: number;
  milliseconds: number;
  /** File name (the next or previous trail), empty in a leading token. */
  name: string;
  nameBytes: Bytes;
}

/** 0x13: record trailer. */
export interface TrailerToken {
  type: "trailer";
  id: number;
  /** Should be 0xb105. */
  magic: number;
  /** Record byte count; should equal the header's `size`. */
  count: number;
}

/** 0x14: 32-bit header. `milliseconds` is milliseconds, not microseconds. */
export interface Header32Token {
  type: "header32";
  id: number;
  size: number;
  version: number;
  event: number;
  modifier: number;
  seconds: number;
  milliseconds: number;
}

/** 0x15: 32-bit header with the host address. */
export interface Header32ExToken {
  type: "header32_ex";
  id: number;
  size: number;
  version: number;
  event: number;
  modifier: number;
  /** 4 (IPv4) or 16 (IPv6). */
  addressType: number;
  address: string;
  addressBytes: Bytes;
  seconds: number;
  milliseconds: number;
}

/** 0x74: 64-bit header. */
export interface Header64Token {
  type: "header64";
  id: number;
  size: number;
  version: number;
  event: number;
  modifier: number;
  seconds: bigint;
  milliseconds: bigint;
}

/** 0x79: 64-bit header with the host address. */
export interface Header64ExToken {
  type: "header64_ex";
  id: number;
  size: number;
  version: number;
  event: number;
  modifier: number;
  addressType: number;
  address: string;
  addressBytes: Bytes;
  seconds: bigint;
  milliseconds: bigint;
}

/** Every header variant. */
export type HeaderToken = Header32Token | Header32ExToken | Header64Token | Header64ExToken;

/** 0x21: arbitrary data. */
export interface DataToken {
  type: "data";
  id: number;
  /** How to print: 0 binary, 1 octal, 2 decimal, 3 hex, 4 string. */
  howToPrint: number;
  /** Unit size code: 0 byte, 1 short, 2 int32, 3 int64. */
  unitType: number;
  unitCount: number;
  /** `unitCount` units of the unit size, big-endian on the wire. */
  data: Bytes;
}

/** 0x22: System V IPC object. */
export interface IpcToken {
  type: "ipc";
  id: number;
  /** 1 message queue, 2 semaphore, 3 shared memory. */
  ipcType: number;
  ipcId: number;
}

/** 0x23: path. */
export interface PathToken {
  type: "path";
  id: number;
  path: string;
  pathBytes: Bytes;
}

interface SubjectFields {
  id: number;
  auid: number;
  euid: number;
  egid: number;
  ruid: number;
  rgid: number;
  pid: number;
  sid: number;
}

/** 0x24 subject32 and 0x26 process32: terminal id is a 32-bit port and an IPv4 address. */
export interface Subject32Token extends SubjectFields {
  type: "subject32" | "process32";
  port: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x75 subject64 and 0x77 process64: 64-bit port. */
export interface Subject64Token extends SubjectFields {
  type: "subject64" | "process64";
  port: bigint;
  address: string;
  addressBytes: Bytes;
}

/** 0x7a subject32_ex and 0x7b process32_ex: 32-bit port, IPv4 or IPv6 address. */
export interface Subject32ExToken extends SubjectFields {
  type: "subject32_ex" | "process32_ex";
  port: number;
  addressType: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x7c subject64_ex and 0x7d process64_ex: 64-bit port, IPv4 or IPv6 address. */
export interface Subject64ExToken extends SubjectFields {
  type: "subject64_ex" | "process64_ex";
  port: bigint;
  addressType: number;
  address: string;
  addressBytes: Bytes;
}

/** Every subject or process variant. */
export type SubjectToken = Subject32Token | Subject64Token | Subject32ExToken | Subject64ExToken;

/** 0x27: 32-bit return. */
export interface Return32Token {
  type: "return32";
  id: number;
  /** BSM error number (0 success). */
  status: number;
  /** Return value, unsigned as on the wire. */
  value: number;
}

/** 0x72: 64-bit return. */
export interface Return64Token {
  type: "return64";
  id: number;
  status: number;
  /** Return value, unsigned as on the wire. */
  value: bigint;
}

/** 0x28: text. */
export interface TextToken {
  type: "text";
  id: number;
  text: string;
  textBytes: Bytes;
}

/** 0x29: opaque bytes. */
export interface OpaqueToken {
  type: "opaque";
  id: number;
  data: Bytes;
}

/** 0x2a: IPv4 address. */
export interface InAddrToken {
  type: "in_addr";
  id: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x7e: IPv4 or IPv6 address. */
export interface InAddrExToken {
  type: "in_addr_ex";
  id: number;
  addressType: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x2b: IPv4 header. */
export interface IpToken {
  type: "ip";
  id: number;
  version: number;
  tos: number;
  length: number;
  ipId: number;
  fragmentOffset: number;
  ttl: number;
  protocol: number;
  checksum: number;
  source: string;
  sourceBytes: Bytes;
  destination: string;
  destinationBytes: Bytes;
}

/** 0x2c: IP port (network order on the wire, as written). */
export interface IportToken {
  type: "iport";
  id: number;
  port: number;
}

/** 0x2d: 32-bit argument. */
export interface Arg32Token {
  type: "arg32";
  id: number;
  argNumber: number;
  value: number;
  description: string;
  descriptionBytes: Bytes;
}

/** 0x71: 64-bit argument. */
export interface Arg64Token {
  type: "arg64";
  id: number;
  argNumber: number;
  value: bigint;
  description: string;
  descriptionBytes: Bytes;
}

/** 0x2e: IPv4 socket. */
export interface SocketToken {
  type: "socket";
  id: number;
  socketType: number;
  localPort: number;
  localAddress: string;
  localAddressBytes: Bytes;
  remotePort: number;
  remoteAddress: string;
  remoteAddressBytes: Bytes;
}

/** 0x7f: socket with domain and IPv4 or IPv6 addresses. */
export interface SocketExToken {
  type: "socket_ex";
  id: number;
  domain: number;
  socketType: number;
  /** 4 (IPv4) or 16 (IPv6): the length of each address. */
  addressType: number;
  localPort: number;
  localAddress: string;
  localAddressBytes: Bytes;
  remotePort: number;
  remoteAddress: string;
  remoteAddressBytes: Bytes;
}

/** 0x2f: sequence number. */
export interface SeqToken {
  type: "seq";
  id: number;
  sequence: number;
}

/** 0x32: System V IPC permission. */
export interface IpcPermToken {
  type: "ipc_perm";
  id: number;
  uid: number;
  gid: number;
  creatorUid: number;
  creatorGid: number;
  mode: number;
  sequence: number;
  key: number;
}

/** 0x38: privilege set (Solaris-style). */
export interface PrivToken {
  type: "priv";
  id: number;
  setType: string;
  setTypeBytes: Bytes;
  privileges: string;
  privilegesBytes: Bytes;
}

/** 0x39: use of a privilege. */
export interface UprivToken {
  type: "upriv";
  id: number;
  /** Success (non-zero) or failure of the privilege use. */
  status: number;
  privilege: string;
  privilegeBytes: Bytes;
}

/** 0x3b: group list. */
export interface NewgroupsToken {
  type: "newgroups";
  id: number;
  groups: number[];
}

/** 0x3c exec_args and 0x3d exec_env: NUL-terminated strings. */
export interface ExecStringsToken {
  type: "exec_args" | "exec_env";
  id: number;
  strings: string[];
  /** Each string's bytes, without its NUL. */
  stringsBytes: Bytes[];
}

/** 0x3e: file attributes with a 32-bit device. */
export interface Attr32Token {
  type: "attr32";
  id: number;
  mode: number;
  uid: number;
  gid: number;
  fsid: number;
  nodeId: bigint;
  device: number;
}

/** 0x73: file attributes with a 64-bit device. */
export interface Attr64Token {
  type: "attr64";
  id: number;
  mode: number;
  uid: number;
  gid: number;
  fsid: number;
  nodeId: bigint;
  device: bigint;
}

/** 0x52: process exit. */
export interface ExitToken {
  type: "exit";
  id: number;
  status: number;
  value: number;
}

/** 0x60: zone name. */
export interface ZonenameToken {
  type: "zonename";
  id: number;
  zone: string;
  zoneBytes: Bytes;
}

/** 0x80: IPv4 socket address. */
export interface SockInet32Token {
  type: "sockinet32";
  id: number;
  family: number;
  port: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x81: IPv6 socket address. */
export interface SockInet128Token {
  type: "sockinet128";
  id: number;
  family: number;
  port: number;
  address: string;
  addressBytes: Bytes;
}

/** 0x82: Unix domain socket address. */
export interface SockUnixToken {
  type: "sockunix";
  id: number;
  family: number;
  path: string;
  pathBytes: Bytes;
}

/** 0x84 arg_uuid and 0x85 ret_uuid: a UUID with a number and a description. */
export interface UuidToken {
  type: "arg_uuid" | "ret_uuid";
  id: number;
  /** Argument number (arg_uuid) or return status (ret_uuid). */
  number: number;
  /** Canonical lowercase UUID text. */
  uuid: string;
  uuidBytes: Bytes;
  description: string;
  descriptionBytes: Bytes;
}

/** 0xed: Apple code-signing identity. */
export interface IdentityToken {
  type: "identity";
  id: number;
  signerType: number;
  signingId: string;
  signingIdBytes: Bytes;
  signingIdTruncated: number;
  teamId: string;
  teamIdBytes: Bytes;
  teamIdTruncated: number;
  cdhash: Bytes;
}

/** 0xee krb5_principal and 0xef cert_hash: a counted list of NUL-terminated strings. */
export interface StringListToken {
  type: "krb5_principal" | "cert_hash";
  id: number;
  strings: string[];
  stringsBytes: Bytes[];
}

/** Any id whose layout is not known: its bytes up to the record's trailer. */
export interface UnknownToken {
  type: "unknown";
  id: number;
  /** Bytes after the id byte. */
  data: Bytes;
}

/** A decoded token: a discriminated union on `type`. */
export type Token =
  | OtherFile32Token
  | TrailerToken
  | HeaderToken
  | DataToken
  | IpcToken
  | PathToken
  | SubjectToken
  | Return32Token
  | Return64Token
  | TextToken
  | OpaqueToken
  | InAddrToken
  | InAddrExToken
  | IpToken
  | IportToken
  | Arg32Token
  | Arg64Token
  | SocketToken
  | SocketExToken
  | SeqToken
  | IpcPermToken
  | PrivToken
  | UprivToken
  | NewgroupsToken
  | ExecStringsToken
  | Attr32Token
  | Attr64Token
  | ExitToken
  | ZonenameToken
  | SockInet32Token
  | SockInet128Token
  | SockUnixToken
  | UuidToken
  | IdentityToken
  | StringListToken
  | UnknownToken;

/** Every token `type` string. */
export type TokenType = Token["type"];

/** The token interface for a given `type`. */
export type TokenOf<T extends TokenType> = Extract<Token, { type: T }>;

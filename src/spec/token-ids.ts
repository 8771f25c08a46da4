/**
 * Token ids and the conventions of the token model (the interfaces are
 * generated from the token table into src/gen/token-types.ts).
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

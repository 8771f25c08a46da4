/**
 * Low-level formatting shared by the text and XML printers: byte strings,
 * C `printf` number formats, `ctime` in UTC, glibc's `inet_ntop`, BSD
 * `vis(3)` and XML escaping.
 *
 * Every function here returns a **byte string**: a JavaScript string whose
 * char codes are output bytes (0-255). See {@link prauditBytes}.
 *
 * @module
 */

import { nativeLatin1 } from "../wire/charset";

/** libbsm's `print_ipctype` words for IPC types 1, 2 and 3. */
export const IPC_TYPE_WORDS: readonly string[] = [
  "Message IPC",
  "Semaphore IPC",
  "Shared Memory IPC",
];

/** What an exit token's status prints before its number. */
export const EXIT_ERROR_PREFIX = "Error ";

/** A use-of-privilege token's status: failed (0), successful (any other). */
export const PRIV_USE_WORDS: readonly string[] = ["failed use of priv", "successful use of priv"];

/** Two lowercase hex digits per byte value. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) =>
  i.toString(16).padStart(2, "0"),
);

/** Below this length a char loop beats the native slice call. */
const SHORT = 8;

/**
 * The byte string of `b[start, end)`: each byte one char (ISO-8859-1, not
 * windows-1252, so bytes 0x80-0x9f are kept as they are).
 */
export function latin1(b: Uint8Array, start: number, end: number): string {
  if (end - start > SHORT && nativeLatin1 !== null) return nativeLatin1.call(b, start, end);
  let s = "";
  for (let i = start; i < end; i++) s += String.fromCharCode(b[i]);
  return s;
}

/**
 * libbsm's `print_string`: every byte of the field except NULs (a NUL does
 * not end the string; it is skipped).
 */
export function printString(b: Uint8Array): string {
  let n = b.length;
  if (n === 0) return "";
  if (b[n - 1] === 0) n--;
  // A JS scan beats TypedArray#indexOf's call on short fields.
  for (let i = 0; i < n; i++) {
    if (b[i] === 0) {
      let s = "";
      for (let j = 0; j < n; j++) if (b[j] !== 0) s += String.fromCharCode(b[j]);
      return s;
    }
  }
  return latin1(b, 0, n);
}

/** A C string (`strlen`): the bytes before the first NUL. */
export function cString(b: Uint8Array): string {
  const n = b.length;
  let z = 0;
  while (z < n && b[z] !== 0) z++;
  return latin1(b, 0, z);
}

/** libbsm's `print_mem`: `0x` and two hex digits per byte; nothing for no bytes. */
export function printMem(b: Uint8Array): string {
  const n = b.length;
  if (n === 0) return "";
  let s = "0x";
  for (let i = 0; i < n; i++) s += HEX2[b[i]];
  return s;
}

/** Hex of one byte as `print_mem` prints it (`0x45`). */
export function memByte(v: number): string {
  return `0x${HEX2[v & 0xff]}`;
}

/** `%d` of a 32-bit value: signed. */
export function int32(v: number): string {
  return `${v | 0}`;
}

/** `%#x` of an unsigned value: `0` for zero, else `0x` and lowercase hex. */
export function altHex(v: number): string {
  return v === 0 ? "0" : `0x${v.toString(16)}`;
}

/** `%lld` of a 64-bit wire value: signed. */
export function int64(v: bigint): string {
  return BigInt.asIntN(64, v).toString();
}

/** `0x%llx` of a 64-bit wire value. */
export function hex64(v: bigint): string {
  return `0x${BigInt.asUintN(64, v).toString(16)}`;
}

// ------------------------------------------------------------------ time

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

/**
 * What praudit's `print_sec32`/`print_sec64` print for `seconds` with
 * `TZ=UTC`: glibc's `ctime_r` (`%.3s %.3s%3d %.2d:%.2d:%.2d %d\n`) cut at
 * 24 characters, so `Fri Mar  1 18:32:37 2024`. A year of fewer than four
 * digits keeps the newline (praudit's `timestr[24] = '\0'` misses it).
 * Years glibc cannot format (outside -999..9999, where `ctime_r` fails and
 * praudit prints an uninitialized buffer) give an empty string.
 *
 * Computed without `Date` and without the process time zone.
 *
 * @param seconds - seconds since the epoch (any integer; negative is before 1970)
 */
export function ctimeUtc(seconds: number): string {
  if (!Number.isFinite(seconds)) return "";
  const days = Math.floor(seconds / 86400);
  const sod = seconds - days * 86400;
  // Howard Hinnant's civil_from_days.
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  if (y > 9999 || y < -999) return "";
  const wday = (((days + 4) % 7) + 7) % 7;
  const h = Math.floor(sod / 3600);
  const mi = Math.floor((sod % 3600) / 60);
  const s = sod % 60;
  const text = `${DAYS[wday]} ${MONTHS[m - 1]}${d < 10 ? `  ${d}` : ` ${d}`} ${pad2(h)}:${pad2(mi)}:${pad2(s)} ${y}\n`;
  return text.length > 24 ? text.slice(0, 24) : text;
}

// -------------------------------------------------------------- addresses

/** `inet_ntoa` of the 4 bytes at `b[p]`. */
export function ntop4(b: Uint8Array, p = 0): string {
  return `${b[p]}.${b[p + 1]}.${b[p + 2]}.${b[p + 3]}`;
}

/**
 * glibc's `inet_ntop(AF_INET6)`: the first longest run of two or more zero
 * words becomes `::`, and an address whose first six words are zero (other
 * than `::` and `::1`-style runs of seven or more) or that is IPv4-mapped
 * ends in dotted-quad form (`::1.2.3.4`, `::ffff:1.2.3.4`).
 */
export function ntop6(b: Uint8Array, p = 0): string {
  const w = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) w[i] = (b[p + 2 * i] << 8) | b[p + 2 * i + 1];
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1;
  let s = "";
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ":";
      continue;
    }
    if (i !== 0) s += ":";
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      return s + ntop4(b, p + 12);
    }
    s += w[i].toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ":";
  return s;
}

/** libbsm's `print_ip_ex_address`: by address type 4 or 16, else `invalid`. */
export function ntopEx(type: number, b: Uint8Array): string {
  if (type === 4) return ntop4(b);
  if (type === 16) return ntop6(b);
  return "invalid";
}

// ---------------------------------------------------------------- vis(3)

/** `vis(3)` of one byte with `VIS_CSTYLE` (no other flag, next char NUL, C locale). */
const VIS: readonly string[] = Array.from({ length: 256 }, (_, c) => visByte(c));

function visByte(c: number): string {
  if (c === 0x5c) return "\\\\";
  if ((c > 0x20 && c < 0x7f) || c === 0x20 || c === 0x09 || c === 0x0a) {
    return String.fromCharCode(c);
  }
  switch (c) {
    case 0x0d:
      return "\\r";
    case 0x08:
      return "\\b";
    case 0x07:
      return "\\a";
    case 0x0b:
      return "\\v";
    case 0x0c:
      return "\\f";
    case 0x00:
      return "\\0";
  }
  if ((c & 0x7f) === 0x20) return `\\${c.toString(8).padStart(3, "0")}`;
  let s = "\\";
  let c7 = c;
  if (c & 0x80) {
    c7 = c & 0x7f;
    s += "M";
  }
  if (c7 < 0x20 || c7 === 0x7f) return `${s}^${c7 === 0x7f ? "?" : String.fromCharCode(c7 + 64)}`;
  return `${s}-${String.fromCharCode(c7)}`;
}

/**
 * libbsm's `print_xml_string` (exec args and env in XML): stops at a NUL;
 * `& < > " '` become entities; every other byte goes through `vis(3)` with
 * `VIS_CSTYLE` (`é` in UTF-8 becomes `\M-C\M-)`, a backslash `\\`).
 */
export function xmlVisString(s: string): string {
  let out = "";
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    switch (c) {
      case 0:
        return out;
      case 0x26:
        out += "&amp;";
        break;
      case 0x3c:
        out += "&lt;";
        break;
      case 0x3e:
        out += "&gt;";
        break;
      case 0x22:
        out += "&quot;";
        break;
      case 0x27:
        out += "&apos;";
        break;
      default:
        out += VIS[c & 0xff];
    }
  }
  return out;
}

// ------------------------------------------------------------ XML escaping

/** Length of the valid UTF-8 sequence (an XML Char) starting at `s[i]`, or 0. */
function utf8Len(s: string, i: number): number {
  const c = s.charCodeAt(i);
  const n = s.length;
  if (c >= 0xc2 && c <= 0xdf) {
    return i + 1 < n && (s.charCodeAt(i + 1) & 0xc0) === 0x80 ? 2 : 0;
  }
  if (c >= 0xe0 && c <= 0xef) {
    if (i + 2 >= n) return 0;
    const c1 = s.charCodeAt(i + 1);
    const c2 = s.charCodeAt(i + 2);
    if ((c1 & 0xc0) !== 0x80 || (c2 & 0xc0) !== 0x80) return 0;
    if (c === 0xe0 && c1 < 0xa0) return 0; // overlong
    if (c === 0xed && c1 >= 0xa0) return 0; // surrogate
    if (c === 0xef && c1 === 0xbf && (c2 === 0xbe || c2 === 0xbf)) return 0; // U+FFFE, U+FFFF
    return 3;
  }
  if (c >= 0xf0 && c <= 0xf4) {
    if (i + 3 >= n) return 0;
    const c1 = s.charCodeAt(i + 1);
    if ((c1 & 0xc0) !== 0x80 || (s.charCodeAt(i + 2) & 0xc0) !== 0x80) return 0;
    if ((s.charCodeAt(i + 3) & 0xc0) !== 0x80) return 0;
    if (c === 0xf0 && c1 < 0x90) return 0; // overlong
    if (c === 0xf4 && c1 >= 0x90) return 0; // above U+10FFFF
    return 4;
  }
  return 0;
}

/**
 * Makes a byte string safe inside XML character data (`attr` false) or a
 * double-quoted attribute value (`attr` true), changing as little as
 * possible so that text praudit writes raw stays byte-identical whenever it
 * was already well-formed:
 *
 * - `&` and `<` become `&amp;` and `&lt;`; `"` becomes `&quot;` in an
 *   attribute; `>` becomes `&gt;` only after `]]` in character data;
 * - bytes XML 1.0 forbids (controls other than tab, LF and CR) and bytes
 *   that are not part of valid UTF-8 (or that encode U+FFFE/U+FFFF) are
 *   written as `vis(3)` does in exec args (`\^A`, `\M-i`, `\0`);
 * - everything else (valid UTF-8, backslashes) is kept as it is.
 */
export function xmlEscape(s: string, attr: boolean): string {
  const n = s.length;
  let i = 0;
  // Fast path: nothing to change.
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c >= 0x7f || c === 0x26 || c === 0x3c || c === 0x22 || c === 0x3e) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c >= 0x20 && c < 0x7f) {
      if (c === 0x26) out += "&amp;";
      else if (c === 0x3c) out += "&lt;";
      else if (c === 0x22 && attr) out += "&quot;";
      else if (
        c === 0x3e &&
        !attr &&
        i >= 2 &&
        s.charCodeAt(i - 1) === 0x5d &&
        s.charCodeAt(i - 2) === 0x5d
      )
        out += "&gt;";
      else out += s[i];
      i++;
    } else if (c === 0x09 || c === 0x0a || c === 0x0d || c === 0x7f) {
      out += s[i];
      i++;
    } else if (c >= 0x80) {
      const len = utf8Len(s, i);
      if (len > 0) {
        out += s.slice(i, i + len);
        i += len;
      } else {
        out += VIS[c & 0xff];
        i++;
      }
    } else {
      out += VIS[c & 0xff];
      i++;
    }
  }
  return out;
}

// ----------------------------------------------------------- byte strings

/**
 * Converts a byte string made by the printer (each char code one byte,
 * 0-255) to bytes, to write to a file or stdout exactly as praudit would.
 * Same bytes as `Buffer.from(s, "latin1")`, as a plain `Uint8Array` view.
 */
export function prauditBytes(s: string): Uint8Array {
  const b = Buffer.from(s, "latin1");
  return new Uint8Array(b.buffer, b.byteOffset, b.length);
}

/**
 * The byte string of text held as a JavaScript string (user and group
 * names, event descriptions, the delimiter): its UTF-8 bytes, one char
 * each. ASCII is returned unchanged.
 */
export function utf8ByteString(s: string): string {
  for (let i = 0; i < s.length; i++) {
    if (s.charCodeAt(i) >= 0x80) return Buffer.from(s, "utf8").toString("latin1");
  }
  return s;
}

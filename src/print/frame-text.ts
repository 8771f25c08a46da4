/**
 * The text fast path over a record's bytes: praudit's text for a record
 * frame printed straight from the bytes, with no token decoded (no object,
 * string or view made per field). Covers the token types of busy trails
 * (those of src/praudit/fast.ts); a record holding any other token, or a
 * token that would not decode cleanly, is left to the caller (nothing
 * written) to decode and print the usual way, so the output and the errors
 * reported are those of the decoded path.
 *
 * @module
 */

import type { PrintContext } from "./context";
import {
  N_EXEC_ARG,
  N_EXEC_ENV,
  N_PATH,
  N_PROCESS,
  N_PROCESS_EX,
  N_SUBJECT,
  N_SUBJECT_EX,
  N_TEXT,
  wArg,
  wAttr32,
  wExit,
  wHeader,
  wReturn32,
  wReturn64,
  wSockInet32,
  wSockUnix,
  wString,
  wSubject,
  wTrailer,
} from "./fast";
import type { PrintBuffer } from "./print-buffer";
import { ascii, FIXED, putAddressEx, putArr, putHex, putNum, putOct, roomAt } from "./put";
import { AUDIT_MAX_EXEC_STRINGS } from "./text-token";

const N_SOCKET = ascii("socket");
const N_SOCKET_INET6 = ascii("socket-inet6");
const N_IPC = ascii("IPC");
const N_IPC_PERM = ascii("IPC perm");
const N_GROUP = ascii("group");
/** praudit's names of IPC types 1-3. */
const IPC_TYPES = [
  new Uint8Array(0),
  ascii("Message IPC"),
  ascii("Semaphore IPC"),
  ascii("Shared Memory IPC"),
];

/** `altHex` (src/praudit/format.ts): 0, or 0x and lowercase hex. */
function putAltHex(b: Uint8Array, p: number, v: number): number {
  if (v === 0) {
    b[p] = 0x30;
    return p + 1;
  }
  b[p] = 0x30;
  b[p + 1] = 0x78;
  return putHex(b, p + 2, v);
}

/** The DataView over {@link viewBuffer}: one per input buffer, not per record. */
let view: DataView<ArrayBufferLike> = new DataView(new ArrayBuffer(0));
let viewBuffer: ArrayBufferLike = view.buffer;

/**
 * Writes the text of the record `r` (a whole header record, trailer
 * included, whose trailer has been checked) into `w`: each token followed
 * by the byte `s`, fields joined by the byte `d`. Returns false, with
 * nothing written, when a token is not one this path prints or would not
 * decode (then decode the record and print its tokens).
 */
export function writeFrameTextFast(
  w: PrintBuffer,
  c: PrintContext,
  r: Uint8Array,
  d: number,
  s: number,
): boolean {
  if (r.buffer !== viewBuffer) {
    viewBuffer = r.buffer;
    view = new DataView(r.buffer);
  }
  const v = view;
  const o = r.byteOffset;
  const start = w.pos;
  /** Where the trailer starts: no token may reach past it. */
  const lim = r.length - 7;
  let p = start;
  let i = 0;
  while (i < lim) {
    const id = r[i];
    const f = i + 1;
    let q: number;
    switch (id) {
      case 0x14:
      case 0x15: {
        // header32: size u32, version u8, event u16, modifier u16, sec u32,
        // msec u32; header32_ex has an address type u32 and address before the time
        const ex = id === 0x15;
        if (f + (ex ? 13 : 17) > lim) return fail(w, start);
        const at = ex ? v.getUint32(o + f + 9) : 0;
        const t = ex ? f + 13 + at : f + 9;
        if ((ex && at !== 4 && at !== 16) || t + 8 > lim) return fail(w, start);
        q = wHeader(
          w,
          c,
          p,
          d,
          v.getUint32(o + f),
          r[f + 4],
          v.getUint16(o + f + 5),
          v.getUint16(o + f + 7),
          at,
          r,
          f + 13,
          v.getUint32(o + t),
          v.getUint32(o + t + 4),
        );
        i = t + 8;
        break;
      }
      case 0x23:
      case 0x28: {
        // path, text: u16-counted string
        if (f + 2 > lim) return fail(w, start);
        const e = f + 2 + v.getUint16(o + f);
        if (e > lim) return fail(w, start);
        q = wString(w, p, d, id === 0x23 ? N_PATH : N_TEXT, r, f + 2, e);
        i = e;
        break;
      }
      case 0x27: {
        if (f + 5 > lim) return fail(w, start);
        q = wReturn32(w, c, p, d, r[f], v.getUint32(o + f + 1));
        i = f + 5;
        break;
      }
      case 0x72: {
        if (f + 9 > lim) return fail(w, start);
        q = wReturn64(w, c, p, d, r[f], v.getUint32(o + f + 1), v.getUint32(o + f + 5));
        i = f + 9;
        break;
      }
      case 0x24:
      case 0x26:
      case 0x7a:
      case 0x7b: {
        // subject/process: 8 u32 ids, then an IPv4 address or a type u32 and address
        const ex = id >= 0x7a;
        if (f + 36 > lim) return fail(w, start);
        const at = ex ? v.getUint32(o + f + 32) : 4;
        const a = ex ? f + 36 : f + 32;
        if ((at !== 4 && at !== 16) || a + at > lim) return fail(w, start);
        q = wSubject(
          w,
          c,
          p,
          d,
          id === 0x24
            ? N_SUBJECT
            : id === 0x26
              ? N_PROCESS
              : id === 0x7a
                ? N_SUBJECT_EX
                : N_PROCESS_EX,
          v.getUint32(o + f),
          v.getUint32(o + f + 4),
          v.getUint32(o + f + 8),
          v.getUint32(o + f + 12),
          v.getUint32(o + f + 16),
          v.getUint32(o + f + 20),
          v.getUint32(o + f + 24),
          v.getUint32(o + f + 28),
          ex,
          at,
          r,
          a,
        );
        i = a + at;
        break;
      }
      case 0x2d:
      case 0x71: {
        // arg32/arg64: number u8, value u32/u64, u16-counted description
        const wide = id === 0x71;
        const n = f + (wide ? 9 : 5);
        if (n + 2 > lim) return fail(w, start);
        const e = n + 2 + v.getUint16(o + n);
        if (e > lim) return fail(w, start);
        q = wide
          ? wArg(w, p, d, r[f], v.getUint32(o + f + 1), v.getUint32(o + f + 5), r, n + 2, e)
          : wArg(w, p, d, r[f], 0, v.getUint32(o + f + 1), r, n + 2, e);
        i = e;
        break;
      }
      case 0x3e: {
        // attr32: mode, uid, gid, fsid u32, node id u64, device u32
        if (f + 28 > lim) return fail(w, start);
        q = wAttr32(
          w,
          c,
          p,
          d,
          v.getUint32(o + f),
          v.getUint32(o + f + 4),
          v.getUint32(o + f + 8),
          v.getUint32(o + f + 12),
          v.getUint32(o + f + 16),
          v.getUint32(o + f + 20),
          v.getUint32(o + f + 24),
        );
        i = f + 28;
        break;
      }
      case 0x3c:
      case 0x3d: {
        // exec args/env: count u32, then count NUL-terminated strings
        if (f + 4 > lim) return fail(w, start);
        const n = v.getUint32(o + f);
        const from = f + 4;
        // Every string ends in a NUL before the trailer, or the token does not decode.
        let e = from;
        for (let k = 0; k < n; k++) {
          while (e < lim && r[e] !== 0) e++;
          if (e >= lim) return fail(w, start);
          e++;
        }
        const b = roomAt(w, p, FIXED + e - from);
        q = putArr(b, p, id === 0x3c ? N_EXEC_ARG : N_EXEC_ENV);
        let x = from;
        const shown = Math.min(n, AUDIT_MAX_EXEC_STRINGS);
        for (let k = 0; k < shown; k++) {
          b[q++] = d;
          for (let ch = r[x++]; ch !== 0; ch = r[x++]) b[q++] = ch;
        }
        i = e;
        break;
      }
      case 0x80: {
        // sockinet32: family u16, port u16, IPv4 address
        if (f + 8 > lim) return fail(w, start);
        q = wSockInet32(w, p, d, v.getUint16(o + f), v.getUint16(o + f + 2), r, f + 4);
        i = f + 8;
        break;
      }
      case 0x52: {
        if (f + 8 > lim) return fail(w, start);
        q = wExit(w, p, d, v.getUint32(o + f), v.getUint32(o + f + 4));
        i = f + 8;
        break;
      }
      case 0x82: {
        // sockunix: family u16, path NUL-terminated within 104 bytes, else 105 bytes
        if (f + 2 > lim) return fail(w, start);
        const ps = f + 2;
        const stop = Math.min(lim, ps + 104);
        let e = ps;
        while (e < stop && r[e] !== 0) e++;
        const n = e < ps + 104 ? e - ps + 1 : 105;
        if (ps + n > lim) return fail(w, start);
        q = wSockUnix(w, p, d, v.getUint16(o + f), r, ps, ps + n);
        i = ps + n;
        break;
      }
      case 0x75:
      case 0x77: {
        // subject64/process64: as subject32 with a u64 port; a port of 2^32 or
        // more is left to the decoded path.
        if (f + 40 > lim || v.getUint32(o + f + 28) !== 0) return fail(w, start);
        q = wSubject(
          w,
          c,
          p,
          d,
          id === 0x75 ? N_SUBJECT : N_PROCESS,
          v.getUint32(o + f),
          v.getUint32(o + f + 4),
          v.getUint32(o + f + 8),
          v.getUint32(o + f + 12),
          v.getUint32(o + f + 16),
          v.getUint32(o + f + 20),
          v.getUint32(o + f + 24),
          v.getUint32(o + f + 32),
          false,
          4,
          r,
          f + 36,
        );
        i = f + 40;
        break;
      }
      case 0x81: {
        // sockinet128: family u16, port u16, IPv6 address
        if (f + 20 > lim) return fail(w, start);
        const b = roomAt(w, p, FIXED);
        q = putArr(b, p, N_SOCKET_INET6);
        b[q++] = d;
        q = putNum(b, q, v.getUint16(o + f));
        b[q++] = d;
        q = putNum(b, q, v.getUint16(o + f + 2));
        b[q++] = d;
        q = putAddressEx(b, q, 16, r, f + 4);
        i = f + 20;
        break;
      }
      case 0x7f: {
        // socket_ex: domain u16, type u16, address type u16, local port u16,
        // local address, remote port u16, remote address
        if (f + 8 > lim) return fail(w, start);
        const at = v.getUint16(o + f + 4);
        const la = f + 8;
        const ra = la + at + 2;
        if ((at !== 4 && at !== 16) || ra + at > lim) return fail(w, start);
        const b = roomAt(w, p, FIXED);
        q = putArr(b, p, N_SOCKET);
        b[q++] = d;
        q = putAltHex(b, q, v.getUint16(o + f));
        b[q++] = d;
        q = putAltHex(b, q, v.getUint16(o + f + 2));
        b[q++] = d;
        q = putAltHex(b, q, v.getUint16(o + f + 6));
        b[q++] = d;
        q = putAddressEx(b, q, at, r, la);
        b[q++] = d;
        q = putAltHex(b, q, v.getUint16(o + la + at));
        b[q++] = d;
        q = putAddressEx(b, q, at, r, ra);
        i = ra + at;
        break;
      }
      case 0x22: {
        // ipc: type u8, id u32
        if (f + 5 > lim) return fail(w, start);
        const type = r[f];
        const b = roomAt(w, p, FIXED);
        q = putArr(b, p, N_IPC);
        b[q++] = d;
        q = type >= 1 && type <= 3 ? putArr(b, q, IPC_TYPES[type]) : putNum(b, q, type);
        b[q++] = d;
        q = putNum(b, q, v.getUint32(o + f + 1));
        i = f + 5;
        break;
      }
      case 0x32: {
        // ipc_perm: uid, gid, creator uid, creator gid, mode, sequence, key (u32 each)
        if (f + 28 > lim) return fail(w, start);
        const u = c.userBytes(v.getUint32(o + f));
        const g = c.groupBytes(v.getUint32(o + f + 4));
        const cu = c.userBytes(v.getUint32(o + f + 8));
        const cg = c.groupBytes(v.getUint32(o + f + 12));
        const b = roomAt(w, p, FIXED + u.length + g.length + cu.length + cg.length);
        q = putArr(b, p, N_IPC_PERM);
        b[q++] = d;
        q = putArr(b, q, u);
        b[q++] = d;
        q = putArr(b, q, g);
        b[q++] = d;
        q = putArr(b, q, cu);
        b[q++] = d;
        q = putArr(b, q, cg);
        b[q++] = d;
        q = putOct(b, q, v.getUint32(o + f + 16));
        b[q++] = d;
        q = putNum(b, q, v.getUint32(o + f + 20));
        b[q++] = d;
        q = putNum(b, q, v.getUint32(o + f + 24));
        i = f + 28;
        break;
      }
      case 0x3b: {
        // newgroups: count u16, then count u32 group ids
        if (f + 2 > lim) return fail(w, start);
        const n = v.getUint16(o + f);
        const e = f + 2 + 4 * n;
        if (e > lim) return fail(w, start);
        let need = FIXED;
        for (let g = f + 2; g < e; g += 4) need += c.groupBytes(v.getUint32(o + g)).length + 1;
        const b = roomAt(w, p, need);
        q = putArr(b, p, N_GROUP);
        for (let g = f + 2; g < e; g += 4) {
          b[q++] = d;
          q = putArr(b, q, c.groupBytes(v.getUint32(o + g)));
        }
        i = e;
        break;
      }
      default:
        return fail(w, start);
    }
    // Every writer left room for this byte (FIXED).
    w.buf[q] = s;
    p = q + 1;
  }
  if (i !== lim) return fail(w, start);
  p = wTrailer(w, p, d, r.length);
  w.buf[p] = s;
  w.pos = p + 1;
  return true;
}

/** Takes back what the record wrote. */
function fail(w: PrintBuffer, start: number): false {
  w.pos = start;
  return false;
}

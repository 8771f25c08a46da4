/**
 * What ECS and OCSF both read of a native record beyond its summary: the
 * first file attributes, the socket endpoints, the exit status and the
 * text tokens, found in one pass over its tokens.
 *
 * @module
 */

import type { NativeRecord } from "./native";

/** A network endpoint from a socket token. */
export interface Endpoint {
  /** IP address, or the socket path of a Unix socket. */
  address: string;
  /** Port, or null for a Unix socket. */
  port: number | null;
  /** True for an IP address (IPv4 or IPv6). */
  ip: boolean;
}

/** The file attributes of the first attr token. */
export interface FileAttributes {
  /** Mode bits (type and permissions). */
  mode: number;
  uid: number;
  gid: number;
  /** Inode number, decimal. */
  inode: string;
}

/** What ECS and OCSF read of a record's tokens. */
export interface RecordFacts {
  attr: FileAttributes | null;
  /** The local (or only) endpoint. */
  local: Endpoint | null;
  /** The remote endpoint. */
  remote: Endpoint | null;
  /** The exit token's status, or null. */
  exitStatus: number | null;
  /** Every text token's text. */
  texts: string[];
}

/**
 * Events whose lone socket address (sockinet32, sockinet128, sockunix) is
 * the remote end: the address a process connects or sends to. For the
 * others (bind, accept...) it is taken as the local end.
 */
const REMOTE_ADDRESS_EVENTS: ReadonlySet<string> = new Set([
  "AUE_CONNECT",
  "AUE_CONNECTAT",
  "AUE_SOCKCONNECT",
  "AUE_SENDTO",
  "AUE_SENDMSG",
]);

/** The facts of a native record, from its JSON tokens. */
export function recordFacts(r: NativeRecord): RecordFacts {
  const out: RecordFacts = { attr: null, local: null, remote: null, exitStatus: null, texts: [] };
  const remoteAddress = r.event.name !== null && REMOTE_ADDRESS_EVENTS.has(r.event.name);
  for (const t of r.tokens) {
    switch (t.type) {
      case "attr32":
      case "attr64":
        out.attr ??= {
          mode: t.mode as number,
          uid: t.uid as number,
          gid: t.gid as number,
          inode: String(t.nodeId),
        };
        break;
      case "socket":
      case "socket_ex":
        out.local ??= { address: t.localAddress as string, port: t.localPort as number, ip: true };
        out.remote ??= {
          address: t.remoteAddress as string,
          port: t.remotePort as number,
          ip: true,
        };
        break;
      case "sockinet32":
      case "sockinet128":
      case "sockunix": {
        const unix = t.type === "sockunix";
        const e: Endpoint = {
          address: (unix ? t.path : t.address) as string,
          port: unix ? null : (t.port as number),
          ip: !unix,
        };
        if (remoteAddress) out.remote ??= e;
        else out.local ??= e;
        break;
      }
      case "exit":
        out.exitStatus ??= t.status as number;
        break;
      case "text":
        out.texts.push(t.text as string);
        break;
    }
  }
  return out;
}

/** The last path component. */
export function baseName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? path : path.slice(i + 1);
}

/** The path without its last component ("" when it has none). */
export function dirName(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : i === 0 ? "/" : path.slice(0, i);
}

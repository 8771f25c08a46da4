/**
 * XML printing of one token (`praudit -x`), as libbsm's
 * `au_print_flags_tok` does with `AU_OFLAG_XML`, except where praudit's
 * output is not well-formed XML: see {@link XML_DEVIATIONS}.
 *
 * @module
 */

import type { IdentityToken, StringListToken, SubjectToken, Token } from "../spec/token-types";
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
  xmlEscape,
  xmlVisString,
} from "./format";
import { AUDIT_MAX_EXEC_STRINGS, arbHow, arbValues, ipcType, subjectAddress } from "./text-token";

/**
 * Every place where this printer's `-x` output differs from OpenBSM's
 * praudit, all so that the output is always well-formed XML. Where
 * praudit's XML is well-formed, ours is byte-identical.
 *
 * 1. header32_ex: praudit writes `<record ,53,11,execve(2),...` (libbsm
 *    tests `AU_OFLAG_RAW` instead of `AU_OFLAG_XML`); we write the
 *    attributes as for header64_ex: `<record version="11" event=".."
 *    modifier=".." host=".." time=".." msec=".." >`.
 * 2. IPC: praudit writes `<IPCipc-type="..."`; we write `<IPC ipc-type="..."`.
 * 3. newgroups: praudit closes `</group>` after every `<gid>`; we write
 *    `<group><gid>a</gid><gid>b</gid></group>`.
 * 4. Raw strings (path, text, file name, argument and UUID descriptions,
 *    zone, privilege names, socket paths, data values, user/group names,
 *    event names): praudit writes them unescaped. We escape `&` and `<`
 *    (and `"` inside attribute values, `>` after `]]`), and write bytes XML
 *    cannot hold (controls other than tab/LF/CR, bytes that are not valid
 *    UTF-8, U+FFFE/U+FFFF) as `vis(3)` writes them in exec args (`\^A`,
 *    `\M-i`, `\0`). Valid UTF-8 and backslashes are kept as they are.
 * 5. data (arbitrary) with an unknown how-to-print code: praudit writes an
 *    unterminated `<arbitrary `; we write `<arbitrary />`.
 * 6. Apple identity, krb5 principal and cert hash tokens (with
 *    `appleTokens`, the default) print as macOS's praudit does:
 *    `<identity signer-type=".." ... />`, and `<krb5_principal>` /
 *    `<cert_hash>` elements (our names: macOS's are not documented)
 *    holding `<principal>` / `<hash>` elements. OpenBSM's praudit prints
 *    nothing for them (an empty line), as we do with `appleTokens: false`.
 *
 * Kept as praudit writes them, being well-formed: privilege, use of
 * privilege, arg_uuid and ret_uuid tokens print their attributes as
 * character data outside any element (`type="effective" priv="..." `);
 * unknown tokens print nothing (an empty line); `msec=" + 540 msec"`; the
 * subject `tid` runs the port and the address together (`16777249192.168.1.2`,
 * except subject32: `16777249 192.168.1.2`); exec args and env go through
 * `vis(3)` (`\M-C\M-)`).
 */
export const XML_DEVIATIONS: readonly string[] = Object.freeze([
  "header32_ex: attributes instead of praudit's delimited fields after <record",
  "IPC: a space between the element name and its first attribute",
  "newgroups: one </group> after all <gid> elements",
  'raw strings: & < escaped (and " in attributes, > after ]]); bytes invalid in XML written as vis(3)',
  "data with an unknown how-to-print code: <arbitrary />",
  "Apple tokens: macOS's <identity .../>, <krb5_principal>, <cert_hash> (nothing with appleTokens false)",
]);

/** An escaped raw string for an attribute value. */
function attrStr(b: Uint8Array): string {
  return xmlEscape(printString(b), true);
}

/** An escaped raw string for character data. */
function textStr(b: Uint8Array): string {
  return xmlEscape(printString(b), false);
}

function subjectXml(c: PrintContext, t: SubjectToken): string {
  const process = t.type.startsWith("process");
  const sep = t.type === "subject32" ? " " : "";
  return `<${process ? "process" : "subject"} audit-uid="${c.user(t.auid)}" uid="${c.user(t.euid)}" gid="${c.group(t.egid)}" ruid="${c.user(t.ruid)}" rgid="${c.group(t.rgid)}" pid="${t.pid}" sid="${t.sid}" tid="${t.port}${sep}${subjectAddress(t)}" />`;
}

function appleXml(c: PrintContext, t: IdentityToken | StringListToken): string {
  if (!c.appleTokens) return "";
  if (t.type === "identity") {
    return `<identity signer-type="${t.signerType >>> 0}" signing-id="${attrStr(t.signingIdBytes)}" signing-id-truncated="${t.signingIdTruncated ? "yes" : "no"}" team-id="${attrStr(t.teamIdBytes)}" team-id-truncated="${t.teamIdTruncated ? "yes" : "no"}" cdhash="${printMem(t.cdhash)}" />`;
  }
  const [outer, inner] =
    t.type === "krb5_principal" ? ["krb5_principal", "principal"] : ["cert_hash", "hash"];
  let s = `<${outer}>`;
  for (const b of t.stringsBytes) s += `<${inner}>${xmlEscape(cString(b), false)}</${inner}>`;
  return `${s}</${outer}>`;
}

/**
 * One token in XML (without the newline or `-l` delimiter that follows it).
 * `-r` and `-s` change the values as in text mode.
 */
export function xmlToken(c: PrintContext, t: Token): string {
  switch (t.type) {
    case "header32":
      return `<record version="${t.version}" event="${c.event(t.event)}" modifier="${t.modifier}" time="${c.sec32(t.seconds)}" msec="${c.msec32(t.milliseconds)}" >`;
    case "header64":
      return `<record version="${t.version}" event="${c.event(t.event)}" modifier="${t.modifier}" time="${c.sec64(t.seconds)}" msec="${c.msec64(t.milliseconds)}" >`;
    case "header32_ex":
      return `<record version="${t.version}" event="${c.event(t.event)}" modifier="${t.modifier}" host="${ntopEx(t.addressType, t.addressBytes)}" time="${c.sec32(t.seconds)}" msec="${c.msec32(t.milliseconds)}" >`;
    case "header64_ex":
      return `<record version="${t.version}" event="${c.event(t.event)}" modifier="${t.modifier}" host="${ntopEx(t.addressType, t.addressBytes)}" time="${c.sec64(t.seconds)}" msec="${c.msec64(t.milliseconds)}" >`;
    case "trailer":
      return "</record>";
    case "other_file32":
      return `<file time="${c.sec32(t.seconds)}" msec="${c.msec32(t.milliseconds)}" >${textStr(t.nameBytes)}</file>`;
    case "arg32":
      return `<argument arg-num="${t.argNumber}" value="0x${(t.value >>> 0).toString(16)}" desc="${attrStr(t.descriptionBytes)}" />`;
    case "arg64":
      return `<argument arg-num="${t.argNumber}" value="${hex64(t.value)}" desc="${attrStr(t.descriptionBytes)}" />`;
    case "arg_uuid":
    case "ret_uuid":
      return `${t.type}-num="${t.number}" uuid="${t.uuid}" desc="${textStr(t.descriptionBytes)}" `;
    case "data": {
      const how = arbHow(t);
      if (how === undefined) return "<arbitrary />";
      return `<arbitrary print="${how}" type="${1 << t.unitType}" count="${t.unitCount}" >${xmlEscape(arbValues(t), false)}</arbitrary>`;
    }
    case "attr32":
      return `<attribute mode="${(t.mode >>> 0).toString(8)}" uid="${c.user(t.uid)}" gid="${c.group(t.gid)}" fsid="${t.fsid}" nodeid="${int64(t.nodeId)}" device="${t.device}" />`;
    case "attr64":
      return `<attribute mode="${(t.mode >>> 0).toString(8)}" uid="${c.user(t.uid)}" gid="${c.group(t.gid)}" fsid="${t.fsid}" nodeid="${int64(t.nodeId)}" device="${BigInt.asUintN(64, t.device)}" />`;
    case "exit":
      return `<exit errval="Error ${t.status}" retval="${t.value}" />`;
    case "exec_args":
    case "exec_env": {
      const [outer, inner] = t.type === "exec_args" ? ["exec_args", "arg"] : ["exec_env", "env"];
      let s = `<${outer}>`;
      const list = t.stringsBytes;
      const n = Math.min(list.length, AUDIT_MAX_EXEC_STRINGS);
      for (let i = 0; i < n; i++) s += `<${inner}>${xmlVisString(cString(list[i]))}</${inner}>`;
      return `${s}</${outer}>`;
    }
    case "newgroups": {
      let s = "<group>";
      for (const g of t.groups) s += `<gid>${c.group(g)}</gid>`;
      return `${s}</group>`;
    }
    case "in_addr":
      return `<ip_address>${ntop4(t.addressBytes)}</ip_address>`;
    case "in_addr_ex":
      return `<ip_address>${ntopEx(t.addressType, t.addressBytes)}</ip_address>`;
    case "ip":
      return `<ip version="${memByte(t.version)}" service_type="${memByte(t.tos)}" len="${t.length}" id="${t.ipId}" offset="${t.fragmentOffset}" time_to_live="${memByte(t.ttl)}" protocol="${memByte(t.protocol)}" cksum="${t.checksum}" src_addr="${ntop4(t.sourceBytes)}" dest_addr="${ntop4(t.destinationBytes)}" />`;
    case "ipc":
      return `<IPC ipc-type="${ipcType(c, t.ipcType)}" ipc-id="${t.ipcId}" />`;
    case "ipc_perm":
      return `<IPC_perm uid="${c.user(t.uid)}" gid="${c.group(t.gid)}" creator-uid="${c.user(t.creatorUid)}" creator-gid="${c.group(t.creatorGid)}" mode="${(t.mode >>> 0).toString(8)}" seq="${t.sequence}" key="${t.key}" />`;
    case "iport":
      return `<ip_port>${altHex(t.port)}</ip_port>`;
    case "opaque":
      return `<opaque>${printMem(t.data)}</opaque>`;
    case "path":
      return `<path>${textStr(t.pathBytes)}</path>`;
    case "subject32":
    case "subject64":
    case "subject32_ex":
    case "subject64_ex":
    case "process32":
    case "process64":
    case "process32_ex":
    case "process64_ex":
      return subjectXml(c, t);
    case "return32":
      return `<return errval="${c.status(t.status)}" retval="${t.value >>> 0}" />`;
    case "return64":
      return `<return errval="${c.status(t.status)}" retval="${int64(t.value)}" />`;
    case "seq":
      return `<sequence seq-num="${t.sequence}" />`;
    case "socket":
      return `<socket sock_type="${t.socketType}" lport="${t.localPort}" laddr="${ntop4(t.localAddressBytes)}" fport="${t.remotePort}" faddr="${ntop4(t.remoteAddressBytes)}" />`;
    case "socket_ex":
      return `<socket sock_dom="${altHex(t.domain)}" sock_type="${altHex(t.socketType)}" lport="${altHex(t.localPort)}" laddr="${ntopEx(t.addressType, t.localAddressBytes)}" faddr="${ntopEx(t.addressType, t.remoteAddressBytes)}" fport="${altHex(t.remotePort)}" />`;
    case "sockinet32":
      return `<socket-inet type="${t.family}" port="${t.port}" addr="${ntop4(t.addressBytes)}" />`;
    case "sockinet128":
      return `<socket-inet6 type="${t.family}" port="${t.port}" addr="${ntop6(t.addressBytes)}" />`;
    case "sockunix":
      return `<socket-unix type="${t.family}" port="" addr="${xmlEscape(cString(t.pathBytes), true)}" />`;
    case "text":
      return `<text>${textStr(t.textBytes)}</text>`;
    case "zonename":
      return `<zone name="${attrStr(t.zoneBytes)}" />`;
    case "priv":
      return `type="${textStr(t.setTypeBytes)}" priv="${textStr(t.privilegesBytes)}" `;
    case "upriv":
      return `status="${t.status ? "successful use of priv" : "failed use of priv"}" name="${textStr(t.privilegeBytes)}" `;
    case "identity":
    case "krb5_principal":
    case "cert_hash":
      return appleXml(c, t);
    case "unknown":
      return "";
  }
}

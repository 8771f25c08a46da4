/**
 * The token table: the single description of every token id bsm-trail
 * knows. One row per id: its `type`, its `AUT_*` name, its fields in wire
 * order with their wire kinds, and how praudit prints it (name, per-field
 * formats for text and `-r`, the XML template). The vocabulary is in
 * src/spec/kinds.ts.
 *
 * Everything else derives from these rows: `npm run gen` writes the token
 * interfaces, the token reader, the text printers (from decoded tokens and
 * from record bytes) and the XML printer into src/gen/ (a test regenerates
 * them and fails on any difference); the encoder, the test reference
 * decoder and the fuzz mutator walk the rows at run time.
 *
 * Adding a token: one row here (its layout and print forms), a named printer
 * in src/print/named-printers.ts if no format describes its printing, a
 * fixture, then `npm run gen`.
 *
 * @module
 */

import type { FieldKind, FieldLayout, TokenPrint, TokenSpec } from "./kinds";

/** A field of `kind`. */
function f(name: string, kind: FieldKind, doc?: string): FieldLayout {
  return doc === undefined ? { name, kind } : { name, kind, doc };
}

/** An `addr` field sized by the field `sizeFrom`. */
function addr(name: string, sizeFrom: string): FieldLayout {
  return { name, kind: "addr", sizeFrom };
}

function row(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  fields: FieldLayout[],
  print: TokenPrint,
  source?: string,
): TokenSpec {
  return source === undefined
    ? { id, type, aut, iface, doc, fields, print }
    : { id, type, aut, iface, doc, fields, print, source };
}

const HEAD = [
  f("size", "u32", "Record byte count, header to trailer."),
  f("version", "u8", "Record format version (11 on current systems)."),
  f("event", "u16", "Audit event number (audit_event)."),
  f("modifier", "u16", "Event modifier."),
];
const ADDRESS_TYPE = f("addressType", "u32", "4 (IPv4) or 16 (IPv6): the address length.");
const HEAD_TEXT = ["dec:size", "dec:version", "event:event", "dec:modifier"];
const HEAD_XML = 'version="{dec:version}" event="{event:event}" modifier="{dec:modifier}"';
const TIME_TEXT = ["sec:seconds", "msec:milliseconds"];
const TIME_XML = 'time="{sec:seconds}" msec="{msec:milliseconds}"';

function header(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  time: FieldKind,
) {
  const ms = f("milliseconds", time, "Milliseconds (not microseconds).");
  return row(id, type, aut, iface, doc, [...HEAD, f("seconds", time, "Seconds since 1970."), ms], {
    name: "header",
    text: [...HEAD_TEXT, ...TIME_TEXT],
    xml: `<record ${HEAD_XML} ${TIME_XML} >`,
  });
}

function headerEx(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  time: FieldKind,
) {
  const fields = [
    ...HEAD,
    ADDRESS_TYPE,
    addr("address", "addressType"),
    f("seconds", time, "Seconds since 1970."),
    f("milliseconds", time, "Milliseconds (not microseconds)."),
  ];
  const xmlAttrs = `${HEAD_XML} host="{addr:address}" ${TIME_XML}`;
  return row(id, type, aut, iface, doc, fields, {
    name: "header_ex",
    text: [...HEAD_TEXT, "addr:address", ...TIME_TEXT],
    // libbsm tests AU_OFLAG_RAW where it means AU_OFLAG_XML for header32_ex
    // only: -r prints the XML attributes (no delimiters, no size).
    ...(time === "u32" ? { textRaw: `{id}${xmlAttrs} >` } : {}),
    xml: `<record ${xmlAttrs} >`,
  });
}

/** Subject and process tokens: the element name, the port kind, whether the terminal address is typed. */
function subject(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  name: string,
  port: FieldKind,
  ex: boolean,
) {
  const fields = [
    f("auid", "u32", "Audit user id."),
    f("euid", "u32", "Effective user id."),
    f("egid", "u32", "Effective group id."),
    f("ruid", "u32", "Real user id."),
    f("rgid", "u32", "Real group id."),
    f("pid", "u32", "Process id."),
    f("sid", "u32", "Audit session id."),
    f("port", port, "Terminal port."),
    ...(ex ? [ADDRESS_TYPE, addr("address", "addressType")] : [f("address", "ipv4")]),
  ];
  const element = name.startsWith("process") ? "process" : "subject";
  // praudit runs the port and the address together, but for subject32.
  const tid = type === "subject32" ? "{dec:port} {addr:address}" : "{dec:port}{addr:address}";
  return row(id, type, aut, iface, doc, fields, {
    name,
    text: [
      "user:auid",
      "user:euid",
      "group:egid",
      "user:ruid",
      "group:rgid",
      "dec:pid",
      "dec:sid",
      "dec:port",
      "addr:address",
    ],
    xml: `<${element} audit-uid="{user:auid}" uid="{user:euid}" gid="{group:egid}" ruid="{user:ruid}" rgid="{group:rgid}" pid="{dec:pid}" sid="{dec:sid}" tid="${tid}" />`,
  });
}

function attr(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  device: FieldKind,
) {
  const fields = [
    f("mode", "u32", "File mode (type and permission bits)."),
    f("uid", "u32", "Owner user id."),
    f("gid", "u32", "Owner group id."),
    f("fsid", "u32", "File system id."),
    f("nodeId", "u64", "Inode number."),
    f("device", device, "Device."),
  ];
  return row(id, type, aut, iface, doc, fields, {
    name: "attribute",
    text: ["oct:mode", "user:uid", "group:gid", "dec:fsid", "i64:nodeId", "dec:device"],
    xml: '<attribute mode="{oct:mode}" uid="{user:uid}" gid="{group:gid}" fsid="{dec:fsid}" nodeid="{i64:nodeId}" device="{dec:device}" />',
  });
}

function arg(id: number, type: string, aut: string, iface: string, doc: string, value: FieldKind) {
  const fields = [
    f("argNumber", "u8", "Argument number."),
    f("value", value, "Argument value."),
    f("description", "string", "What the argument is."),
  ];
  return row(id, type, aut, iface, doc, fields, {
    name: "argument",
    text: ["dec:argNumber", "hex:value", "str:description"],
    xml: '<argument arg-num="{dec:argNumber}" value="{hex:value}" desc="{str:description}" />',
  });
}

function ret(id: number, type: string, aut: string, iface: string, doc: string, value: FieldKind) {
  const fields = [
    f("status", "u8", "BSM error number (0 success)."),
    f("value", value, "Return value, unsigned as on the wire."),
  ];
  const v = value === "u64" ? "i64:value" : "dec:value";
  return row(id, type, aut, iface, doc, fields, {
    name: "return",
    text: ["status:status", v],
    xml: `<return errval="{status:status}" retval="{${v}}" />`,
  });
}

function execStrings(
  id: number,
  type: string,
  aut: string,
  doc: string,
  name: string,
  item: string,
) {
  const strings = f(
    "strings",
    "strings",
    "The strings; `stringsBytes` holds each one's bytes without its NUL.",
  );
  return row(id, type, aut, "ExecStringsToken", doc, [strings], {
    name,
    text: ["args:strings"],
    xml: `<${type}>{args:strings:${item}}</${type}>`,
  });
}

function uuid(id: number, type: string, aut: string, doc: string) {
  const fields = [
    f("number", "u8", "Argument number (arg_uuid) or return status (ret_uuid)."),
    f("uuid", "uuid", "Canonical lowercase UUID text."),
    f("description", "string", "What the UUID is."),
  ];
  return row(id, type, aut, "UuidToken", doc, fields, {
    name: type,
    text: ["dec:number", "addr:uuid", "str:description"],
    // praudit prints the attributes as character data outside any element.
    xml: `${type}-num="{dec:number}" uuid="{addr:uuid}" desc="{str:description}" `,
  });
}

function appleList(id: number, type: string, aut: string, doc: string, name: string, item: string) {
  return row(id, type, aut, "StringListToken", doc, [f("strings", "strings")], {
    name,
    text: ["cstrs:strings"],
    xml: `<${type}>{cstrs:strings:${item}}</${type}>`,
    apple: true,
  });
}

function sockInet(
  id: number,
  type: string,
  aut: string,
  iface: string,
  doc: string,
  address: FieldKind,
  name: string,
) {
  const fields = [
    f("family", "u16", "Address family."),
    f("port", "u16", "Port."),
    f("address", address),
  ];
  return row(id, type, aut, iface, doc, fields, {
    name,
    text: ["dec:family", "dec:port", "addr:address"],
    xml: `<${name} type="{dec:family}" port="{dec:port}" addr="{addr:address}" />`,
  });
}

/** Every known token, in id order. */
export const TOKEN_TABLE: readonly TokenSpec[] = [
  row(
    0x11,
    "other_file32",
    "AUT_OTHER_FILE32",
    "OtherFile32Token",
    "0x11: file token, written at the start and end of each trail file.",
    [
      f("seconds", "u32", "Seconds since 1970."),
      f("milliseconds", "u32", "Milliseconds."),
      f("name", "string", "File name (the next or previous trail), empty in a leading token."),
    ],
    {
      name: "file",
      text: ["sec:seconds", "msec:milliseconds", "str:name"],
      xml: '<file time="{sec:seconds}" msec="{msec:milliseconds}" >{str:name}</file>',
    },
  ),
  row(
    0x13,
    "trailer",
    "AUT_TRAILER",
    "TrailerToken",
    "0x13: record trailer.",
    [
      f("magic", "u16", "Should be 0xb105."),
      f("count", "u32", "Record byte count; should equal the header's `size`."),
    ],
    { name: "trailer", text: ["dec:count"], xml: "</record>" },
  ),
  header(0x14, "header32", "AUT_HEADER32", "Header32Token", "0x14: 32-bit header.", "u32"),
  headerEx(
    0x15,
    "header32_ex",
    "AUT_HEADER32_EX",
    "Header32ExToken",
    "0x15: 32-bit header with the host address.",
    "u32",
  ),
  row(
    0x21,
    "data",
    "AUT_DATA",
    "DataToken",
    "0x21: arbitrary data.",
    [
      f("howToPrint", "u8", "How to print: 0 binary, 1 octal, 2 decimal, 3 hex, 4 string."),
      f("unitType", "u8", "Unit size code: 0 byte, 1 short, 2 int32, 3 int64."),
      f("unitCount", "u8", "Number of units."),
      {
        name: "data",
        kind: "units",
        sizeFrom: "unitType",
        countFrom: "unitCount",
        doc: "`unitCount` units of the unit size, big-endian on the wire.",
      },
    ],
    { name: "arbitrary", text: [], xml: "", named: "arbitrary" },
  ),
  row(
    0x22,
    "ipc",
    "AUT_IPC",
    "IpcToken",
    "0x22: System V IPC object.",
    [
      f("ipcType", "u8", "1 message queue, 2 semaphore, 3 shared memory."),
      f("ipcId", "u32", "IPC object id."),
    ],
    {
      name: "IPC",
      text: ["ipc:ipcType", "dec:ipcId"],
      xml: '<IPC ipc-type="{ipc:ipcType}" ipc-id="{dec:ipcId}" />',
    },
  ),
  row(0x23, "path", "AUT_PATH", "PathToken", "0x23: path.", [f("path", "string", "The path.")], {
    name: "path",
    text: ["str:path"],
    xml: "<path>{str:path}</path>",
  }),
  // Layout: illumos usr/src/uts/common/c2/audit_token.c, au_to_path() and
  // au_to_strings(AUT_XATPATH, ...) (a u32 count, then that many
  // NUL-terminated strings); illumos praudit calls it "path_attr".
  row(
    0x25,
    "xatpath",
    "AUT_XATPATH",
    "XatpathToken",
    "0x25: the attribute path of an extended-attribute file (Solaris, illumos), after its path token.",
    [
      f(
        "strings",
        "strings",
        "The path's components; `stringsBytes` holds each one's bytes without its NUL.",
      ),
    ],
    {
      name: "path_attr",
      text: ["cstrs:strings"],
      xml: "<path_attr>{cstrs:strings:xattr}</path_attr>",
    },
    "illumos usr/src/uts/common/c2/audit_token.c: au_to_path, au_to_strings(AUT_XATPATH)",
  ),
  subject(
    0x24,
    "subject32",
    "AUT_SUBJECT32",
    "Subject32Token",
    "0x24 subject32 and 0x26 process32: terminal id is a 32-bit port and an IPv4 address.",
    "subject",
    "u32",
    false,
  ),
  subject(0x26, "process32", "AUT_PROCESS32", "Subject32Token", "", "process", "u32", false),
  ret(0x27, "return32", "AUT_RETURN32", "Return32Token", "0x27: 32-bit return.", "u32"),
  row(0x28, "text", "AUT_TEXT", "TextToken", "0x28: text.", [f("text", "string", "The text.")], {
    name: "text",
    text: ["str:text"],
    xml: "<text>{str:text}</text>",
  }),
  row(
    0x29,
    "opaque",
    "AUT_OPAQUE",
    "OpaqueToken",
    "0x29: opaque bytes.",
    [f("data", "bytes", "The bytes.")],
    {
      name: "opaque",
      text: ["len:data", "mem:data"],
      xml: "<opaque>{mem:data}</opaque>",
    },
  ),
  row(
    0x2a,
    "in_addr",
    "AUT_IN_ADDR",
    "InAddrToken",
    "0x2a: IPv4 address.",
    [f("address", "ipv4")],
    {
      name: "ip addr",
      text: ["addr:address"],
      xml: "<ip_address>{addr:address}</ip_address>",
    },
  ),
  row(
    0x2b,
    "ip",
    "AUT_IP",
    "IpToken",
    "0x2b: IPv4 header.",
    [
      f("version", "u8"),
      f("tos", "u8", "Type of service."),
      f("length", "u16"),
      f("ipId", "u16"),
      f("fragmentOffset", "u16"),
      f("ttl", "u8"),
      f("protocol", "u8"),
      f("checksum", "u16"),
      f("source", "ipv4"),
      f("destination", "ipv4"),
    ],
    {
      name: "ip",
      text: [
        "byte:version",
        "byte:tos",
        "dec:length",
        "dec:ipId",
        "dec:fragmentOffset",
        "byte:ttl",
        "byte:protocol",
        "dec:checksum",
        "addr:source",
        "addr:destination",
      ],
      xml: '<ip version="{byte:version}" service_type="{byte:tos}" len="{dec:length}" id="{dec:ipId}" offset="{dec:fragmentOffset}" time_to_live="{byte:ttl}" protocol="{byte:protocol}" cksum="{dec:checksum}" src_addr="{addr:source}" dest_addr="{addr:destination}" />',
    },
  ),
  row(
    0x2c,
    "iport",
    "AUT_IPORT",
    "IportToken",
    "0x2c: IP port (network order on the wire, as written).",
    [f("port", "u16")],
    {
      name: "ip port",
      text: ["althex:port"],
      xml: "<ip_port>{althex:port}</ip_port>",
    },
  ),
  arg(0x2d, "arg32", "AUT_ARG32", "Arg32Token", "0x2d: 32-bit argument.", "u32"),
  row(
    0x2e,
    "socket",
    "AUT_SOCKET",
    "SocketToken",
    "0x2e: IPv4 socket.",
    [
      f("socketType", "u16"),
      f("localPort", "u16"),
      f("localAddress", "ipv4"),
      f("remotePort", "u16"),
      f("remoteAddress", "ipv4"),
    ],
    {
      name: "socket",
      text: [
        "dec:socketType",
        "dec:localPort",
        "addr:localAddress",
        "dec:remotePort",
        "addr:remoteAddress",
      ],
      xml: '<socket sock_type="{dec:socketType}" lport="{dec:localPort}" laddr="{addr:localAddress}" fport="{dec:remotePort}" faddr="{addr:remoteAddress}" />',
    },
  ),
  row(0x2f, "seq", "AUT_SEQ", "SeqToken", "0x2f: sequence number.", [f("sequence", "u32")], {
    name: "sequence",
    text: ["dec:sequence"],
    xml: '<sequence seq-num="{dec:sequence}" />',
  }),
  row(
    0x32,
    "ipc_perm",
    "AUT_IPC_PERM",
    "IpcPermToken",
    "0x32: System V IPC permission.",
    [
      f("uid", "u32"),
      f("gid", "u32"),
      f("creatorUid", "u32"),
      f("creatorGid", "u32"),
      f("mode", "u32"),
      f("sequence", "u32"),
      f("key", "u32"),
    ],
    {
      name: "IPC perm",
      text: [
        "user:uid",
        "group:gid",
        "user:creatorUid",
        "group:creatorGid",
        "oct:mode",
        "dec:sequence",
        "dec:key",
      ],
      xml: '<IPC_perm uid="{user:uid}" gid="{group:gid}" creator-uid="{user:creatorUid}" creator-gid="{group:creatorGid}" mode="{oct:mode}" seq="{dec:sequence}" key="{dec:key}" />',
    },
  ),
  row(
    0x38,
    "priv",
    "AUT_PRIV",
    "PrivToken",
    "0x38: privilege set (Solaris-style).",
    [f("setType", "string"), f("privileges", "string")],
    // praudit prints the attributes as character data outside any element.
    {
      name: "privilege",
      text: ["str:setType", "str:privileges"],
      xml: 'type="{str:setType}" priv="{str:privileges}" ',
    },
  ),
  row(
    0x39,
    "upriv",
    "AUT_UPRIV",
    "UprivToken",
    "0x39: use of a privilege.",
    [
      f("status", "u8", "Success (non-zero) or failure of the privilege use."),
      f("privilege", "string"),
    ],
    {
      name: "use of privilege",
      text: ["privuse:status", "str:privilege"],
      xml: 'status="{privuse:status}" name="{str:privilege}" ',
    },
  ),
  row(
    0x3b,
    "newgroups",
    "AUT_NEWGROUPS",
    "NewgroupsToken",
    "0x3b: group list.",
    [f("groups", "u32s", "Group ids.")],
    {
      name: "group",
      text: ["groups:groups"],
      xml: "<group>{groups:groups:gid}</group>",
    },
  ),
  execStrings(
    0x3c,
    "exec_args",
    "AUT_EXEC_ARGS",
    "0x3c exec_args and 0x3d exec_env: NUL-terminated strings.",
    "exec arg",
    "arg",
  ),
  execStrings(0x3d, "exec_env", "AUT_EXEC_ENV", "", "exec env", "env"),
  attr(
    0x3e,
    "attr32",
    "AUT_ATTR32",
    "Attr32Token",
    "0x3e: file attributes with a 32-bit device.",
    "u32",
  ),
  row(
    0x52,
    "exit",
    "AUT_EXIT",
    "ExitToken",
    "0x52: process exit.",
    [f("status", "u32", "Exit status."), f("value", "u32", "Return value.")],
    {
      name: "exit",
      text: ["error:status", "dec:value"],
      xml: '<exit errval="{error:status}" retval="{dec:value}" />',
    },
  ),
  row(
    0x60,
    "zonename",
    "AUT_ZONENAME",
    "ZonenameToken",
    "0x60: zone name.",
    [f("zone", "string")],
    {
      name: "zone",
      text: ["str:zone"],
      xml: '<zone name="{str:zone}" />',
    },
  ),
  arg(0x71, "arg64", "AUT_ARG64", "Arg64Token", "0x71: 64-bit argument.", "u64"),
  ret(0x72, "return64", "AUT_RETURN64", "Return64Token", "0x72: 64-bit return.", "u64"),
  attr(
    0x73,
    "attr64",
    "AUT_ATTR64",
    "Attr64Token",
    "0x73: file attributes with a 64-bit device.",
    "u64",
  ),
  header(0x74, "header64", "AUT_HEADER64", "Header64Token", "0x74: 64-bit header.", "u64"),
  subject(
    0x75,
    "subject64",
    "AUT_SUBJECT64",
    "Subject64Token",
    "0x75 subject64 and 0x77 process64: 64-bit port.",
    "subject",
    "u64",
    false,
  ),
  subject(0x77, "process64", "AUT_PROCESS64", "Subject64Token", "", "process", "u64", false),
  headerEx(
    0x79,
    "header64_ex",
    "AUT_HEADER64_EX",
    "Header64ExToken",
    "0x79: 64-bit header with the host address.",
    "u64",
  ),
  subject(
    0x7a,
    "subject32_ex",
    "AUT_SUBJECT32_EX",
    "Subject32ExToken",
    "0x7a subject32_ex and 0x7b process32_ex: 32-bit port, IPv4 or IPv6 address.",
    "subject_ex",
    "u32",
    true,
  ),
  subject(
    0x7b,
    "process32_ex",
    "AUT_PROCESS32_EX",
    "Subject32ExToken",
    "",
    "process_ex",
    "u32",
    true,
  ),
  subject(
    0x7c,
    "subject64_ex",
    "AUT_SUBJECT64_EX",
    "Subject64ExToken",
    "0x7c subject64_ex and 0x7d process64_ex: 64-bit port, IPv4 or IPv6 address.",
    "subject_ex",
    "u64",
    true,
  ),
  subject(
    0x7d,
    "process64_ex",
    "AUT_PROCESS64_EX",
    "Subject64ExToken",
    "",
    "process_ex",
    "u64",
    true,
  ),
  row(
    0x7e,
    "in_addr_ex",
    "AUT_IN_ADDR_EX",
    "InAddrExToken",
    "0x7e: IPv4 or IPv6 address.",
    [ADDRESS_TYPE, addr("address", "addressType")],
    { name: "ip addr ex", text: ["addr:address"], xml: "<ip_address>{addr:address}</ip_address>" },
  ),
  row(
    0x7f,
    "socket_ex",
    "AUT_SOCKET_EX",
    "SocketExToken",
    "0x7f: socket with domain and IPv4 or IPv6 addresses.",
    [
      f("domain", "u16"),
      f("socketType", "u16"),
      f("addressType", "u16", "4 (IPv4) or 16 (IPv6): the length of each address."),
      f("localPort", "u16"),
      addr("localAddress", "addressType"),
      f("remotePort", "u16"),
      addr("remoteAddress", "addressType"),
    ],
    {
      name: "socket",
      text: [
        "althex:domain",
        "althex:socketType",
        "althex:localPort",
        "addr:localAddress",
        "althex:remotePort",
        "addr:remoteAddress",
      ],
      xml: '<socket sock_dom="{althex:domain}" sock_type="{althex:socketType}" lport="{althex:localPort}" laddr="{addr:localAddress}" faddr="{addr:remoteAddress}" fport="{althex:remotePort}" />',
    },
  ),
  sockInet(
    0x80,
    "sockinet32",
    "AUT_SOCKINET32",
    "SockInet32Token",
    "0x80: IPv4 socket address.",
    "ipv4",
    "socket-inet",
  ),
  sockInet(
    0x81,
    "sockinet128",
    "AUT_SOCKINET128",
    "SockInet128Token",
    "0x81: IPv6 socket address.",
    "ipv6",
    "socket-inet6",
  ),
  row(
    0x82,
    "sockunix",
    "AUT_SOCKUNIX",
    "SockUnixToken",
    "0x82: Unix domain socket address.",
    [f("family", "u16", "Address family."), f("path", "sunpath", "Socket path.")],
    {
      name: "socket-unix",
      text: ["dec:family", "cstr:path"],
      xml: '<socket-unix type="{dec:family}" port="" addr="{cstr:path}" />',
    },
  ),
  uuid(
    0x84,
    "arg_uuid",
    "AUT_ARG_UUID",
    "0x84 arg_uuid and 0x85 ret_uuid: a UUID with a number and a description.",
  ),
  uuid(0x85, "ret_uuid", "AUT_RET_UUID", ""),
  row(
    0xed,
    "identity",
    "AUT_IDENTITY",
    "IdentityToken",
    "0xed: Apple code-signing identity.",
    [
      f("signerType", "u32"),
      f("signingId", "string"),
      f("signingIdTruncated", "u8"),
      f("teamId", "string"),
      f("teamIdTruncated", "u8"),
      f("cdhash", "bytes"),
    ],
    {
      name: "identity",
      text: [
        "dec:signerType",
        "str:signingId",
        "trunc:signingIdTruncated",
        "str:teamId",
        "trunc:teamIdTruncated",
        "mem:cdhash",
      ],
      xml: '<identity signer-type="{dec:signerType}" signing-id="{str:signingId}" signing-id-truncated="{trunc:signingIdTruncated}" team-id="{str:teamId}" team-id-truncated="{trunc:teamIdTruncated}" cdhash="{mem:cdhash}" />',
      apple: true,
    },
  ),
  appleList(
    0xee,
    "krb5_principal",
    "AUT_KRB5_PRINCIPAL",
    "0xee krb5_principal and 0xef cert_hash: a counted list of NUL-terminated strings.",
    "principal",
    "principal",
  ),
  appleList(0xef, "cert_hash", "AUT_CERT_HASH", "", "cert hash", "hash"),
];

/**
 * The pseudo-row of `unknown` tokens (an id without a row): the bytes after
 * the id up to the record's trailer. Not in {@link TOKEN_TABLE}.
 */
export const UNKNOWN_TOKEN: TokenSpec = row(
  -1,
  "unknown",
  "",
  "UnknownToken",
  "Any id whose layout is not known: its bytes up to the record's trailer.",
  [f("data", "rest", "Bytes after the id byte.")],
  // OpenBSM's praudit prints nothing in XML for an id it does not know.
  { name: "unknown", text: ["mem:data"], xml: "" },
);

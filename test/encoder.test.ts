/**
 * Encoder, layouts and builders: property round trips through the
 * hand-written decoder, exact re-encoding of every corpus trail, and the
 * binary-parser reference decoder (built from the same layouts) agreeing
 * field for field with the hand-written decoder.
 */

import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import type { Token, TokenOf, TokenType } from "../src/gen/token-types";
import { LAYOUT_BY_ID, LAYOUT_BY_TYPE, LAYOUTS, layoutOf, tokenKeys } from "../src/spec/layouts";
import { TOKEN_TABLE } from "../src/spec/tokens";
import { ByteWriter } from "../src/wire/byte-writer";
import { encodeRecord, encodeToken, encodeTrail } from "../src/wire/encoder";
import { addressBytes, tokens, uuidBytes } from "../src/wire/token-builders";
import {
  addrEx,
  bytes16,
  counted,
  counted2,
  header,
  ipv4,
  ipv6,
  rowArbitrary,
  stringList,
  subjectBase,
  sunpath,
  u8,
  u16,
  u32,
  u64,
  uuid,
  withType,
} from "./arbitraries";
import { corpusPath, corpusTrails } from "./corpus";
import { plainToken } from "./plain";
import { ipText, referenceDecode } from "./reference-decoder";

/** Byte equality without vitest's slow deep diff on large arrays. */
function expectSameBytes(got: Uint8Array, want: Uint8Array, what: string): void {
  if (Buffer.compare(got, want) === 0) return;
  let i = 0;
  while (i < got.length && i < want.length && got[i] === want[i]) i++;
  expect.fail(
    `${what}: ${got.length} bytes vs ${want.length}, first difference at byte ${i}` +
      ` (0x${got[i]?.toString(16)} vs 0x${want[i]?.toString(16)})`,
  );
}

const load = (rel: string) => new Uint8Array(readFileSync(corpusPath(rel)));
const fixture = (name: string) =>
  new Uint8Array(readFileSync(new URL(`../fixtures/${name}`, import.meta.url)));

/** Every token type: the token table's rows, and `unknown`. */
const TYPES = [...LAYOUTS.map((l) => l.type), "unknown"] as TokenType[];

/** The ids libbsm's (and Apple's) praudit know: every one has a row. */
const KNOWN_IDS = [
  0x11, 0x13, 0x14, 0x15, 0x21, 0x22, 0x23, 0x24, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b, 0x2c, 0x2d,
  0x2e, 0x2f, 0x32, 0x38, 0x39, 0x3b, 0x3c, 0x3d, 0x3e, 0x52, 0x60, 0x71, 0x72, 0x73, 0x74, 0x75,
  0x77, 0x79, 0x7a, 0x7b, 0x7c, 0x7d, 0x7e, 0x7f, 0x80, 0x81, 0x82, 0x84, 0x85, 0xed, 0xee, 0xef,
];

// ---------------------------------------------------------------- layouts

describe("layouts", () => {
  it("cover every token type and libbsm's ids; any other row names its source", () => {
    for (const type of TYPES) expect(LAYOUT_BY_TYPE.has(type), type).toBe(true);
    for (const id of KNOWN_IDS) expect(LAYOUT_BY_ID.has(id), `0x${id.toString(16)}`).toBe(true);
    for (const row of TOKEN_TABLE) {
      if (!KNOWN_IDS.includes(row.id)) expect(row.source, `0x${row.id.toString(16)}`).toMatch(/\S/);
    }
    expect(new Set(LAYOUTS.map((l) => l.type)).size).toBe(LAYOUTS.length);
    for (const l of LAYOUTS) expect(LAYOUT_BY_ID.get(l.id)).toBe(l);
  });

  it("name exactly the fields the hand-written decoder fills, in order", () => {
    const seen = new Set<string>();
    for (const bytes of [load("trails/all-tokens.bsm"), fixture("all-tokens.bsm")]) {
      for (const r of decodeAllRecords(bytes)) {
        for (const t of r.tokens) {
          seen.add(t.type);
          expect(Object.keys(plainToken(t)), t.type).toEqual(tokenKeys(layoutOf(t.type)));
          if (t.type !== "unknown") expect(t.id).toBe(layoutOf(t.type).id);
        }
      }
    }
    expect([...seen].sort()).toEqual([...TYPES].sort());
  });

  it("fixed lengths match the encoder", () => {
    for (const r of decodeAllRecords(load("trails/all-tokens.bsm"))) {
      for (const t of r.tokens) {
        const l = layoutOf(t.type);
        if (l.fixedLength !== undefined)
          expect(encodeToken(t).length, t.type).toBe(1 + l.fixedLength);
      }
    }
  });
});

// ---------------------------------------------------------------- builders

describe("builders", () => {
  it("write counted strings as libbsm does (UTF-8, NUL counted)", () => {
    expect(Array.from(encodeToken(tokens.path("/bin/ls")))).toEqual([
      0x23,
      0,
      8,
      ...new TextEncoder().encode("/bin/ls"),
      0,
    ]);
    const arg = encodeToken(tokens.arg32(1, -1, "fd"));
    expect(Array.from(arg)).toEqual([0x2d, 1, 0xff, 0xff, 0xff, 0xff, 0, 3, 0x66, 0x64, 0]);
    expect(Array.from(encodeToken(tokens.exec_args(["ls", "-la"])))).toEqual([
      0x3c, 0, 0, 0, 2, 0x6c, 0x73, 0, 0x2d, 0x6c, 0x61, 0,
    ]);
    expect(tokens.other_file32({ seconds: 1 }).nameBytes).toEqual(new Uint8Array([0]));
  });

  it("parse addresses and UUIDs", () => {
    expect(Array.from(addressBytes("192.0.2.1"))).toEqual([192, 0, 2, 1]);
    expect(Array.from(addressBytes("2001:db8::1"))).toEqual([
      0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1,
    ]);
    expect(Array.from(addressBytes("::ffff:1.2.3.4")).slice(10)).toEqual([0xff, 0xff, 1, 2, 3, 4]);
    expect(Array.from(addressBytes("::"))).toEqual(new Array(16).fill(0));
    for (const bad of ["1.2.3", "1.2.3.256", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "x"]) {
      expect(() => addressBytes(bad), bad).toThrow(RangeError);
    }
    const s = tokens.subject32_ex({
      auid: -1,
      euid: 0,
      egid: 0,
      ruid: 0,
      rgid: 0,
      pid: 1,
      sid: 2,
      address: "2001:0db8:0:0:0:0:0:1",
    });
    expect([s.auid, s.addressType, s.address]).toEqual([0xffffffff, 16, "2001:db8::1"]);
    expect(uuidBytes("6ba7b810-9dad-11d1-80b4-00c04fd430c8")[15]).toBe(0xc8);
    expect(tokens.arg_uuid(1, "6BA7B8109DAD11D180B400C04FD430C8", "x").uuid).toBe(
      "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
    );
  });

  it("fill header size and trailer count with fixSizes", () => {
    const rec = encodeRecord(
      [
        tokens.header32_ex({ event: 23, seconds: 5, milliseconds: 6, address: "2001:db8::1" }),
        tokens.return32(0, 0),
        tokens.trailer(),
      ],
      { fixSizes: true },
    );
    expect(rec.length).toBe(38 + 6 + 7);
    const [r] = decodeAllRecords(rec, { strict: true });
    expect(r.header?.size).toBe(rec.length);
    expect(r.tokens.at(-1)).toEqual(tokens.trailer(rec.length));
    expect(r.damaged).toBe(false);
  });

  it("reject values the wire cannot hold", () => {
    expect(() => encodeToken(tokens.iport(70000))).toThrow(RangeError);
    expect(() => encodeToken({ ...tokens.return32(0, 0), status: 256 })).toThrow(RangeError);
    expect(() => encodeToken({ ...tokens.in_addr_ex("1.2.3.4"), addressType: 16 })).toThrow(
      RangeError,
    );
    expect(() => encodeToken({ ...tokens.data(0, 1, [1, 2]), unitCount: 3 })).toThrow(RangeError);
    expect(() => encodeToken({ ...tokens.path("x"), id: 0x28 })).toThrow(RangeError);
    expect(() => tokens.exec_args(["a\0b"])).toThrow(RangeError);
    expect(() => tokens.sockunix({ path: "x".repeat(104) })).toThrow(RangeError);
  });

  it("ByteWriter grows and patches", () => {
    const w = new ByteWriter(16);
    for (let i = 0; i < 100; i++) w.u32(i);
    w.patchU32(0, 0xdeadbeef);
    w.u64(0xffffffffffffffffn);
    expect(w.length).toBe(408);
    expect(w.toUint8Array().slice(0, 4)).toEqual(new Uint8Array([0xde, 0xad, 0xbe, 0xef]));
    expect(() => w.u8(256)).toThrow(RangeError);
    expect(() => w.u64(-1n)).toThrow(RangeError);
  });

  it("rebuilt from decoded values give back every corpus token's bytes", () => {
    let n = 0;
    for (const rel of corpusTrails()) {
      for (const r of decodeAllRecords(load(rel))) {
        for (const t of r.tokens) {
          const b = rebuild(t);
          if (b === null) continue;
          expectSameBytes(encodeToken(b), encodeToken(t), `${rel} ${t.type}`);
          n++;
        }
      }
    }
    expect(n).toBeGreaterThan(100_000);
  });
});

/** The builder call that makes `t` from its decoded values (null: no builder input form). */
function rebuild(t: Token): Token | null {
  const b = tokens;
  switch (t.type) {
    case "other_file32":
      return b.other_file32(t);
    case "trailer":
      return b.trailer(t.count, t.magic);
    case "header32":
      return b.header32(t);
    case "header32_ex":
      return b.header32_ex(t);
    case "header64":
      return b.header64(t);
    case "header64_ex":
      return b.header64_ex(t);
    case "data":
      return b.data(t.howToPrint, t.unitType, t.data);
    case "ipc":
      return b.ipc(t.ipcType, t.ipcId);
    case "path":
      return b.path(t.path);
    case "subject32":
    case "process32":
      return b[t.type](t);
    case "subject64":
    case "process64":
      return b[t.type](t);
    case "subject32_ex":
    case "process32_ex":
    case "subject64_ex":
    case "process64_ex":
      return b[t.type](t);
    case "return32":
      return b.return32(t.status, t.value);
    case "return64":
      return b.return64(t.status, t.value);
    case "text":
      return b.text(t.text);
    case "opaque":
      return b.opaque(t.data);
    case "in_addr":
      return b.in_addr(t.address);
    case "in_addr_ex":
      return b.in_addr_ex(t.address);
    case "ip":
      return b.ip(t);
    case "iport":
      return b.iport(t.port);
    case "arg32":
      return b.arg32(t.argNumber, t.value, t.description);
    case "arg64":
      return b.arg64(t.argNumber, t.value, t.description);
    case "socket":
      return b.socket(t);
    case "socket_ex":
      return b.socket_ex(t);
    case "seq":
      return b.seq(t.sequence);
    case "ipc_perm":
      return b.ipc_perm(t);
    case "priv":
      return b.priv(t.setType, t.privileges);
    case "upriv":
      return b.upriv(t.status, t.privilege);
    case "newgroups":
      return b.newgroups(t.groups);
    case "exec_args":
    case "exec_env":
      return b[t.type](t.strings);
    case "attr32":
      return b.attr32(t);
    case "attr64":
      return b.attr64(t);
    case "exit":
      return b.exit(t.status, t.value);
    case "zonename":
      return b.zonename(t.zone);
    case "sockinet32":
      return b.sockinet32(t);
    case "sockinet128":
      return b.sockinet128(t);
    case "sockunix":
      return b.sockunix(t);
    case "arg_uuid":
      return b.arg_uuid(t.number, t.uuid, t.description);
    case "ret_uuid":
      return b.ret_uuid(t.number, t.uuid, t.description);
    case "identity":
      return b.identity(t);
    case "krb5_principal":
    case "cert_hash":
      return b[t.type](t.strings);
    default:
      // unknown, and rows added without a builder of their own.
      return null;
  }
}

// ---------------------------------------------------------------- arbitraries

/**
 * Hand-made arbitraries per type (the layouts as libbsm writes them, built
 * independently of the table); a type without one gets {@link rowArbitrary}.
 */
type Arbs = { [K in TokenType]?: fc.Arbitrary<TokenOf<K>> };

/** The arbitrary of a type: its hand-made one, else one from its row. */
function arbitraryOf(type: TokenType): fc.Arbitrary<Token> {
  return ((ARBS as Arbs)[type] as fc.Arbitrary<Token> | undefined) ?? rowArbitrary(type);
}

const unknownIds = Array.from({ length: 256 }, (_, i) => i).filter((i) => !LAYOUT_BY_ID.has(i));

const ARBS = {
  other_file32: fc
    .tuple(u32, u32, counted)
    .map(([seconds, milliseconds, n]) =>
      withType("other_file32", 0x11)({ seconds, milliseconds, name: n.text, nameBytes: n.bytes }),
    ),
  trailer: fc.record({ magic: u16, count: u32 }).map(withType("trailer", 0x13)),
  header32: fc.record(header(32)).map(withType("header32", 0x14)),
  header32_ex: fc.tuple(fc.record(header(32)), addrEx).map(([h, a]) =>
    withType(
      "header32_ex",
      0x15,
    )({
      size: h.size,
      version: h.version,
      event: h.event,
      modifier: h.modifier,
      ...a,
      seconds: h.seconds,
      milliseconds: h.milliseconds,
    }),
  ),
  header64: fc.record(header(64)).map(withType("header64", 0x74)),
  header64_ex: fc.tuple(fc.record(header(64)), addrEx).map(([h, a]) =>
    withType(
      "header64_ex",
      0x79,
    )({
      size: h.size,
      version: h.version,
      event: h.event,
      modifier: h.modifier,
      ...a,
      seconds: h.seconds,
      milliseconds: h.milliseconds,
    }),
  ),
  data: fc
    .tuple(
      u8,
      fc.integer({ min: 0, max: 3 }),
      fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(255)),
    )
    .chain(([howToPrint, unitType, unitCount]) =>
      fc
        .uint8Array({ minLength: unitCount << unitType, maxLength: unitCount << unitType })
        .map((data) => withType("data", 0x21)({ howToPrint, unitType, unitCount, data })),
    ),
  ipc: fc.record({ ipcType: u8, ipcId: u32 }).map(withType("ipc", 0x22)),
  path: counted2("path").map(withType("path", 0x23)),
  subject32: fc
    .tuple(fc.record({ ...subjectBase, port: u32 }), ipv4)
    .map(([s, a]) => withType("subject32", 0x24)({ ...s, ...a })),
  process32: fc
    .tuple(fc.record({ ...subjectBase, port: u32 }), ipv4)
    .map(([s, a]) => withType("process32", 0x26)({ ...s, ...a })),
  subject64: fc
    .tuple(fc.record({ ...subjectBase, port: u64 }), ipv4)
    .map(([s, a]) => withType("subject64", 0x75)({ ...s, ...a })),
  process64: fc
    .tuple(fc.record({ ...subjectBase, port: u64 }), ipv4)
    .map(([s, a]) => withType("process64", 0x77)({ ...s, ...a })),
  subject32_ex: fc
    .tuple(fc.record({ ...subjectBase, port: u32 }), addrEx)
    .map(([s, a]) => withType("subject32_ex", 0x7a)({ ...s, ...a })),
  process32_ex: fc
    .tuple(fc.record({ ...subjectBase, port: u32 }), addrEx)
    .map(([s, a]) => withType("process32_ex", 0x7b)({ ...s, ...a })),
  subject64_ex: fc
    .tuple(fc.record({ ...subjectBase, port: u64 }), addrEx)
    .map(([s, a]) => withType("subject64_ex", 0x7c)({ ...s, ...a })),
  process64_ex: fc
    .tuple(fc.record({ ...subjectBase, port: u64 }), addrEx)
    .map(([s, a]) => withType("process64_ex", 0x7d)({ ...s, ...a })),
  return32: fc.record({ status: u8, value: u32 }).map(withType("return32", 0x27)),
  return64: fc.record({ status: u8, value: u64 }).map(withType("return64", 0x72)),
  text: counted2("text").map(withType("text", 0x28)),
  opaque: fc.record({ data: fc.uint8Array({ maxLength: 64 }) }).map(withType("opaque", 0x29)),
  in_addr: ipv4.map(withType("in_addr", 0x2a)),
  in_addr_ex: addrEx.map(withType("in_addr_ex", 0x7e)),
  ip: fc
    .tuple(
      fc.record({
        version: u8,
        tos: u8,
        length: u16,
        ipId: u16,
        fragmentOffset: u16,
        ttl: u8,
        protocol: u8,
        checksum: u16,
      }),
      ipv4,
      ipv4,
    )
    .map(([h, s, d]) =>
      withType(
        "ip",
        0x2b,
      )({
        ...h,
        source: s.address,
        sourceBytes: s.addressBytes,
        destination: d.address,
        destinationBytes: d.addressBytes,
      }),
    ),
  iport: fc.record({ port: u16 }).map(withType("iport", 0x2c)),
  arg32: fc
    .tuple(u8, u32, counted2("description"))
    .map(([argNumber, value, d]) => withType("arg32", 0x2d)({ argNumber, value, ...d })),
  arg64: fc
    .tuple(u8, u64, counted2("description"))
    .map(([argNumber, value, d]) => withType("arg64", 0x71)({ argNumber, value, ...d })),
  socket: fc.tuple(u16, u16, ipv4, u16, ipv4).map(([socketType, localPort, l, remotePort, r]) =>
    withType(
      "socket",
      0x2e,
    )({
      socketType,
      localPort,
      localAddress: l.address,
      localAddressBytes: l.addressBytes,
      remotePort,
      remoteAddress: r.address,
      remoteAddressBytes: r.addressBytes,
    }),
  ),
  socket_ex: fc
    .tuple(u16, u16, u16, u16, fc.boolean(), bytes16, bytes16)
    .map(([domain, socketType, localPort, remotePort, v6, lb, rb]) => {
      const l = v6 ? lb : lb.subarray(0, 4);
      const r = v6 ? rb : rb.subarray(0, 4);
      return withType(
        "socket_ex",
        0x7f,
      )({
        domain,
        socketType,
        addressType: l.length,
        localPort,
        localAddress: ipText(l),
        localAddressBytes: l,
        remotePort,
        remoteAddress: ipText(r),
        remoteAddressBytes: r,
      });
    }),
  seq: fc.record({ sequence: u32 }).map(withType("seq", 0x2f)),
  ipc_perm: fc
    .record({
      uid: u32,
      gid: u32,
      creatorUid: u32,
      creatorGid: u32,
      mode: u32,
      sequence: u32,
      key: u32,
    })
    .map(withType("ipc_perm", 0x32)),
  priv: fc
    .tuple(counted2("setType"), counted2("privileges"))
    .map(([s, p]) => withType("priv", 0x38)({ ...s, ...p })),
  upriv: fc
    .tuple(u8, counted2("privilege"))
    .map(([status, p]) => withType("upriv", 0x39)({ status, ...p })),
  newgroups: fc
    .record({ groups: fc.array(u32, { maxLength: 20 }) })
    .map(withType("newgroups", 0x3b)),
  exec_args: stringList.map(withType("exec_args", 0x3c)),
  exec_env: stringList.map(withType("exec_env", 0x3d)),
  attr32: fc
    .record({ mode: u32, uid: u32, gid: u32, fsid: u32, nodeId: u64, device: u32 })
    .map(withType("attr32", 0x3e)),
  attr64: fc
    .record({ mode: u32, uid: u32, gid: u32, fsid: u32, nodeId: u64, device: u64 })
    .map(withType("attr64", 0x73)),
  exit: fc.record({ status: u32, value: u32 }).map(withType("exit", 0x52)),
  zonename: counted2("zone").map(withType("zonename", 0x60)),
  sockinet32: fc
    .tuple(u16, u16, ipv4)
    .map(([family, port, a]) => withType("sockinet32", 0x80)({ family, port, ...a })),
  sockinet128: fc
    .tuple(u16, u16, ipv6)
    .map(([family, port, a]) => withType("sockinet128", 0x81)({ family, port, ...a })),
  sockunix: fc
    .tuple(u16, sunpath)
    .map(([family, p]) => withType("sockunix", 0x82)({ family, ...p })),
  arg_uuid: fc
    .tuple(u8, uuid, counted2("description"))
    .map(([number, u, d]) => withType("arg_uuid", 0x84)({ number, ...u, ...d })),
  ret_uuid: fc
    .tuple(u8, uuid, counted2("description"))
    .map(([number, u, d]) => withType("ret_uuid", 0x85)({ number, ...u, ...d })),
  identity: fc
    .tuple(u32, counted2("signingId"), u8, counted2("teamId"), u8, fc.uint8Array({ maxLength: 48 }))
    .map(([signerType, s, st, team, tt, cdhash]) =>
      withType(
        "identity",
        0xed,
      )({
        signerType,
        ...s,
        signingIdTruncated: st,
        ...team,
        teamIdTruncated: tt,
        cdhash,
      }),
    ),
  krb5_principal: stringList.map(withType("krb5_principal", 0xee)),
  cert_hash: stringList.map(withType("cert_hash", 0xef)),
  unknown: fc
    .tuple(fc.constantFrom(...unknownIds), fc.uint8Array({ maxLength: 64 }))
    .map(([id, data]) => ({ type: "unknown", id, data }) as TokenOf<"unknown">),
} satisfies Arbs;

/** Wraps a token in a header32 record, encodes, decodes (strict), returns the token. */
function roundTrip(tok: Token): Token {
  const rec = encodeRecord([tokens.header32({ event: 0, seconds: 1 }), tok, tokens.trailer()], {
    fixSizes: true,
  });
  const recs = decodeAllRecords(rec, { strict: true });
  expect(recs.length).toBe(1);
  expect(recs[0].length).toBe(rec.length);
  expect(recs[0].tokens.length).toBe(3);
  return recs[0].tokens[1];
}

// ---------------------------------------------------------------- properties

describe("decode(encode(token)) equals the token", () => {
  for (const type of TYPES) {
    it(type, () => {
      fc.assert(
        fc.property(arbitraryOf(type), (tok) => {
          const back = roundTrip(tok);
          expect(plainToken(back)).toEqual(tok);
          expect(Object.keys(plainToken(back))).toEqual(tokenKeys(layoutOf(type)));
          expect(encodeToken(back)).toEqual(encodeToken(tok));
        }),
        { numRuns: 150 },
      );
    });
  }

  it("for tokens made from each row's wire kinds alone (every row but units)", () => {
    const rows = LAYOUTS.filter((l) => !l.fields.some((f) => f.kind === "units"));
    expect(rows.length).toBe(LAYOUTS.length - 1);
    for (const l of rows) {
      fc.assert(
        fc.property(rowArbitrary(l.type as TokenType), (tok) => {
          expect(plainToken(roundTrip(tok))).toEqual(tok);
        }),
        { numRuns: 30 },
      );
    }
  });

  it("as the record's own header", () => {
    const headers = fc.oneof(ARBS.header32, ARBS.header32_ex, ARBS.header64, ARBS.header64_ex);
    fc.assert(
      fc.property(headers, (h) => {
        const size = encodeToken(h).length + 7;
        const hdr = { ...h, size };
        const rec = encodeRecord([hdr, tokens.trailer(size)]);
        const [r] = decodeAllRecords(rec, { strict: true });
        expect(r.tokens.map(plainToken)).toEqual([hdr, tokens.trailer(size)]);
      }),
      { numRuns: 200 },
    );
  });

  it("lone file tokens as auditd writes them", () => {
    const name = fc.string({ unit: "binary", maxLength: 40 }).map((s) => s.replace(/\0/g, "_"));
    fc.assert(
      fc.property(u32, fc.integer({ min: 0, max: 999 }), name, (seconds, milliseconds, n) => {
        const f = tokens.other_file32({ seconds, milliseconds, name: n });
        const [r] = decodeAllRecords(encodeToken(f), { strict: true });
        expect(r.kind).toBe("file");
        expect(r.file && plainToken(r.file)).toEqual(f);
      }),
      { numRuns: 200 },
    );
  });
});

describe("random records and trails", () => {
  const body = fc.oneof(...TYPES.filter((t) => t !== "unknown").map(arbitraryOf));
  const header = fc.oneof(ARBS.header32, ARBS.header32_ex, ARBS.header64, ARBS.header64_ex);
  const record = fc
    .tuple(header, fc.array(body, { maxLength: 8 }), fc.option(ARBS.unknown, { nil: undefined }))
    .map(([h, b, u]) => [h, ...b, ...(u ? [u] : []), tokens.trailer()] as Token[]);

  it("decode(encodeRecord(tokens, fixSizes)) gives the tokens back", () => {
    fc.assert(
      fc.property(record, (toks) => {
        const bytes = encodeRecord(toks, { fixSizes: true });
        const recs = decodeAllRecords(bytes, { strict: true });
        expect(recs.length).toBe(1);
        const got = recs[0].tokens;
        const want = toks.slice();
        want[0] = { ...(want[0] as TokenOf<"header32">), size: bytes.length };
        want[want.length - 1] = tokens.trailer(bytes.length);
        expect(got.map(plainToken)).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it("encodeTrail(decodeAllRecords(trail)) gives the trail back", () => {
    const fileTok = fc
      .tuple(u32, fc.string({ maxLength: 30 }))
      .map(([s, n]) => [tokens.other_file32({ seconds: s, name: n.replace(/\0/g, "") })]);
    fc.assert(
      fc.property(fileTok, fc.array(record, { maxLength: 6 }), fileTok, (a, rs, z) => {
        const bytes = encodeTrail([a, ...rs, z], { fixSizes: true });
        const recs = decodeAllRecords(bytes, { strict: true });
        expect(recs.length).toBe(rs.length + 2);
        expect(encodeTrail(recs)).toEqual(bytes);
      }),
      { numRuns: 150 },
    );
  });
});

// A TextDecoder left at ignoreBOM: false would drop a leading U+FEFF.
it("keeps a leading U+FEFF in text fields", () => {
  const tok = tokens.text("\uFEFFbom");
  expect(plainToken(roundTrip(tok))).toEqual(tok);
});

// ---------------------------------------------------------------- corpus

describe("corpus", () => {
  const trails = corpusTrails();

  it("has the expected trails", () => {
    expect(trails.length).toBeGreaterThanOrEqual(57);
  });

  it.each(trails)("re-encoding %s gives its exact bytes", (rel) => {
    const bytes = load(rel);
    const errors: unknown[] = [];
    const recs = decodeAllRecords(bytes, { onError: (e) => errors.push(e) });
    expect(errors.filter((e) => (e as { kind: string }).kind !== "unknown-token")).toEqual([]);
    expectSameBytes(encodeTrail(recs), bytes, rel);
  });

  it.each(trails)("binary-parser reference decoder agrees on %s", (rel) => {
    const bytes = load(rel);
    const hand = decodeAllRecords(bytes);
    const ref = referenceDecode(bytes);
    expect(ref.length).toBe(hand.length);
    for (let i = 0; i < hand.length; i++) {
      expect([ref[i].offset, ref[i].length]).toEqual([hand[i].offset, hand[i].length]);
      expect(ref[i].tokens.length).toBe(hand[i].tokens.length);
      for (let j = 0; j < hand[i].tokens.length; j++) {
        const h = plainToken(hand[i].tokens[j]);
        const r = ref[i].tokens[j];
        const same =
          Object.keys(r).join() === Object.keys(h).join() && isDeepStrictEqual({ ...r }, { ...h });
        if (!same) {
          expect(Object.keys(r), `${rel} record ${i} token ${j}`).toEqual(Object.keys(h));
          expect(r, `${rel} record ${i} token ${j}`).toEqual(h);
        }
      }
    }
  });
});

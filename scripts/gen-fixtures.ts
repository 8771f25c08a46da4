/**
 * Writes the project's own fixtures (fixtures/*.bsm and fixtures/README.md)
 * with the project's encoder and generator:
 *
 *     node --import tsx scripts/gen-fixtures.ts
 *
 * test/generator.test.ts checks that the committed fixtures are exactly what
 * {@link buildFixtures} makes, so they never drift from this script.
 */

import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { decodeAllRecords } from "../src/api/decode";
import type { Token } from "../src/gen/token-types";
import { generateTrail, Prng } from "../src/testing/generator";
import { encodeTrail } from "../src/wire/encoder";
import { cstringBytes, tokens as t } from "../src/wire/token-builders";

/** Seed of fixtures/sample.bsm. */
export const SAMPLE_SEED = 20240301;
/** Records of fixtures/sample.bsm (between its two file tokens). */
export const SAMPLE_RECORDS = 200;
/** Seed of the trail the damaged fixtures are cut from. */
export const DAMAGED_SEED = 7;

const T0 = 1709275542; // 2024-03-01T06:45:42Z

const SUBJECT = {
  auid: 501,
  euid: 0,
  egid: 20,
  ruid: 501,
  rgid: 20,
  pid: 4242,
  sid: 100007,
  port: 0x10000042,
  address: "192.168.1.20",
};

/** One record per token type and variant, built with the token builders. */
export function allTokensTrail(): Uint8Array {
  let ms = 0;
  const hdr = (event = 0) => t.header32({ event, seconds: T0, milliseconds: ms++ });
  const rec = (body: Token[], event = 0, header: Token = hdr(event)): Token[] => [
    header,
    ...body,
    t.trailer(),
  ];
  const records: Token[][] = [
    [t.other_file32({ seconds: T0, milliseconds: 0 })],
    // Headers
    rec([t.text("header32")], 23),
    rec(
      [t.text("header32_ex IPv4")],
      23,
      t.header32_ex({ event: 23, seconds: T0, milliseconds: ms++, address: "192.168.10.5" }),
    ),
    rec(
      [t.text("header32_ex IPv6")],
      23,
      t.header32_ex({ event: 23, seconds: T0, milliseconds: ms++, address: "2001:db8::5" }),
    ),
    rec([t.text("header64")], 23, t.header64({ event: 23, seconds: T0, milliseconds: ms++ })),
    rec(
      [t.text("header64_ex IPv4")],
      23,
      t.header64_ex({ event: 23, seconds: T0, milliseconds: ms++, address: "10.0.0.1" }),
    ),
    rec(
      [t.text("header64_ex IPv6")],
      23,
      t.header64_ex({ event: 23, seconds: T0, milliseconds: ms++, address: "fe80::1:2:3:4" }),
    ),
    // Data: each unit size, each print format
    rec([
      t.data(3, 0, [0xde, 0xad, 0xbe, 0xef]),
      t.data(3, 1, [0x1234, 0xabcd]),
      t.data(3, 2, [0x12345678, 0xffffffff]),
      t.data(3, 3, [0x0123456789abcdefn]),
    ]),
    rec([
      t.data(0, 0, [1, 2, 3]),
      t.data(1, 0, [8, 64]),
      t.data(2, 2, [42, 7]),
      t.data(3, 0, [0xff]),
      t.data(4, 0, new TextEncoder().encode("hello\0")),
    ]),
    // Subjects and processes
    rec([t.subject32(SUBJECT)]),
    rec([t.process32({ ...SUBJECT, pid: 4243 })], 15),
    rec([t.subject64({ ...SUBJECT, port: 0x1_0000_0042n })]),
    rec([t.process64({ ...SUBJECT, pid: 4243 })], 15),
    rec([t.subject32_ex({ ...SUBJECT, address: "192.168.1.21" })]),
    rec([t.subject32_ex({ ...SUBJECT, address: "2001:db8::bb1" })]),
    rec([t.process32_ex({ ...SUBJECT, address: "192.168.1.22" })], 15),
    rec([t.process32_ex({ ...SUBJECT, address: "2001:db8::bb2" })], 15),
    rec([t.subject64_ex({ ...SUBJECT, address: "192.168.1.23" })]),
    rec([t.subject64_ex({ ...SUBJECT, address: "2001:db8::bb3" })]),
    rec([t.process64_ex({ ...SUBJECT, address: "192.168.1.24" })], 15),
    rec([t.process64_ex({ ...SUBJECT, address: "::ffff:192.0.2.1" })], 15),
    // Returns and arguments
    rec([t.return32(0, 0)], 72),
    rec([t.return32(13, -1)], 72),
    rec([t.return64(0, 0x7ff887704000n)], 210),
    rec([t.return64(22, -1)], 210),
    rec([t.arg32(1, 0x35, "fd"), t.arg32(2, -1, "flags")], 72),
    rec([t.arg64(1, 0x7ff887704000n, "addr")], 210),
    // Text-like
    rec([t.path("/Users/alice/Documents/résumé.pdf")]),
    rec([t.text('with,comma "quotes" & <angles>')]),
    rec([t.zonename("global")]),
    rec([t.opaque(new Uint8Array([0, 1, 2, 0xfe, 0xff]))]),
    // Addresses and sockets
    rec([t.in_addr("192.0.2.1")]),
    rec([t.in_addr_ex("192.0.2.2")]),
    rec([t.in_addr_ex("2001:db8::2")]),
    rec([
      t.ip({
        version: 0x45,
        tos: 0,
        length: 84,
        ipId: 0x1c46,
        fragmentOffset: 0x4000,
        ttl: 64,
        protocol: 6,
        checksum: 0xb1e6,
        source: "192.168.1.5",
        destination: "93.184.216.34",
      }),
    ]),
    rec([t.iport(0x1f90)]),
    rec(
      [
        t.socket({
          socketType: 2,
          localPort: 0xd8b8,
          localAddress: "192.168.1.5",
          remotePort: 0x1f90,
          remoteAddress: "8.8.8.8",
        }),
      ],
      32,
    ),
    rec(
      [
        t.socket_ex({
          domain: 2,
          socketType: 1,
          localPort: 50000,
          localAddress: "192.168.1.5",
          remotePort: 443,
          remoteAddress: "93.184.216.34",
        }),
      ],
      32,
    ),
    rec(
      [
        t.socket_ex({
          domain: 26,
          socketType: 1,
          localPort: 50001,
          localAddress: "2001:db8::5",
          remotePort: 443,
          remoteAddress: "2001:db8::8888",
        }),
      ],
      32,
    ),
    rec([t.sockinet32({ port: 443, address: "93.184.216.34" })], 32),
    rec([t.sockinet128({ port: 443, address: "2001:db8::b63" })], 34),
    rec([t.sockunix({ path: "/var/run/mDNSResponder" })], 32),
    // IPC
    rec([t.ipc(1, 65604), t.ipc(2, 65605), t.ipc(3, 65606)], 88),
    rec(
      [
        t.ipc_perm({
          uid: 501,
          gid: 20,
          creatorUid: 501,
          creatorGid: 20,
          mode: 0o600,
          sequence: 87,
          key: 20917,
        }),
      ],
      88,
    ),
    // Misc
    rec([t.seq(123456)]),
    rec([t.priv("effective", "file_dac_read,proc_setid")]),
    rec([t.upriv(1, "proc_setid")]),
    rec([t.newgroups([20, 12, 61, 79, 80])], 26),
    rec([t.exec_args(["ls", "-la", "", "tab\there"])], 23),
    rec([t.exec_env(["HOME=/Users/alice", "LANG=en_US.UTF-8", "LC_ALL="])], 23),
    rec([
      t.attr32({ mode: 0o100755, uid: 0, gid: 0, fsid: 16777220, nodeId: 31763471, device: 0 }),
    ]),
    rec([
      t.attr64({
        mode: 0o100644,
        uid: 501,
        gid: 20,
        fsid: 16777221,
        nodeId: 10755900n,
        device: 0x1000004n,
      }),
    ]),
    rec([t.exit(0, 126)], 1),
    rec([
      t.arg_uuid(1, "6ba7b810-9dad-11d1-80b4-00c04fd430c8", "volume"),
      t.ret_uuid(0, "123e4567-e89b-12d3-a456-426614174000", "session"),
    ]),
    // Apple
    rec(
      [
        t.subject32(SUBJECT),
        t.return32(0, 0),
        t.identity({
          signerType: 1,
          signingId: "com.apple.ls",
          teamId: "",
          cdhash: "92d7eb9268d16dded071c5c14606fb1c2d529b58",
        }),
      ],
      23,
    ),
    rec(
      [
        t.identity({
          signerType: 0,
          signingId: "org.example.tool",
          signingIdTruncated: 1,
          teamId: "ABCDE12345",
          teamIdTruncated: 0,
          cdhash: "8a240bdab47bdff5a8ecd1a4129e687ff6642ed4",
        }),
      ],
      43190,
    ),
    rec(
      [
        t.subject32(SUBJECT),
        t.krb5_principal(["alice@EXAMPLE.ORG", "host/build.example.org@EXAMPLE.ORG"]),
      ],
      45023,
    ),
    rec([t.subject32(SUBJECT), t.cert_hash(["0123456789abcdef0123456789abcdef01234567"])], 45023),
    // Solaris/illumos extended-attribute path (0x25) after its file's path.
    rec([
      t.path("/export/home/alice/report.odt"),
      {
        type: "xatpath",
        id: 0x25,
        strings: ["attr", "user.comment"],
        stringsBytes: [
          cstringBytes("attr").subarray(0, 4),
          cstringBytes("user.comment").subarray(0, 12),
        ],
      },
    ]),
    // A token id without a known layout (AUT_CMD, 0x51): kept raw to the trailer.
    rec([t.subject32(SUBJECT), t.unknown(0x51, new Uint8Array([0, 2, 0x61, 0x62]))]),
    [
      t.other_file32({
        seconds: T0,
        milliseconds: ms,
        name: "/var/audit/20240301064542.20240301064542",
      }),
    ],
  ];
  return encodeTrail(records, { fixSizes: true });
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** The damaged fixtures, cut from a 20-record generated trail (seed {@link DAMAGED_SEED}). */
export function damagedTrails(): Record<string, Uint8Array> {
  const base = generateTrail({ seed: DAMAGED_SEED, records: 20 });
  const recs = decodeAllRecords(base, { strict: true });
  const last = recs[recs.length - 2]; // the final header record (before the file token)
  const r6 = recs[6];
  const r10 = recs[10];

  // Truncated: the trail stops in the middle of its final record (no closing file token).
  const truncated = base.slice(0, last.offset + Math.floor(last.length / 2));

  // Garbage: 37 seeded bytes (none a header or file token id) between records 5 and 6.
  const r = new Prng(DAMAGED_SEED);
  const junk = new Uint8Array(37);
  for (let i = 0; i < junk.length; i++) {
    let b: number;
    do b = r.next() & 0xff;
    while (b === 0x11 || b === 0x14 || b === 0x15 || b === 0x74 || b === 0x79);
    junk[i] = b;
  }
  const garbage = concat(base.subarray(0, r6.offset), junk, base.subarray(r6.offset));

  // Bad trailer count: record 10's trailer says one byte more than its header.
  const badCount = base.slice();
  const v = new DataView(badCount.buffer);
  const at = r10.offset + r10.length - 4;
  v.setUint32(at, v.getUint32(at) + 1);

  return {
    "damaged-truncated.bsm": truncated,
    "damaged-garbage.bsm": garbage,
    "damaged-trailer-count.bsm": badCount,
  };
}

/** fixtures/README.md. */
export function fixturesReadme(): string {
  return `# Fixtures

Written by \`scripts/gen-fixtures.ts\` (\`npm run fixtures\`) with the project's
own encoder (\`src/wire/encoder.ts\`) and trail generator (\`src/testing/generator.ts\`);
\`test/generator.test.ts\` checks that they are exactly what the script makes.
Do not edit them by hand: change the script and run it again.

| file | what | how |
|---|---|---|
| \`sample.bsm\` | a small realistic trail: file token, ${SAMPLE_RECORDS} records, file token | \`generateTrail({ seed: ${SAMPLE_SEED}, records: ${SAMPLE_RECORDS} })\` |
| \`all-tokens.bsm\` | one record per token type and variant (every header, subject and process variant with IPv4 and IPv6, data in every unit size and print format, sockets, IPC, Apple identity/krb5/cert hash, an illumos path_attr 0x25, one unknown id 0x51), between two file tokens | token builders (\`tokens.*\`) and \`encodeTrail(records, { fixSizes: true })\` |
| \`damaged-truncated.bsm\` | the trail ends halfway through its final record (no closing file token) | \`generateTrail({ seed: ${DAMAGED_SEED}, records: 20 })\` cut at the middle of record 20 |
| \`damaged-garbage.bsm\` | 37 bytes of garbage (no byte 0x11/0x14/0x15/0x74/0x79) between records 5 and 6 (counting the leading file token as record 0) | the same trail, seeded bytes (\`Prng(${DAMAGED_SEED})\`) inserted |
| \`damaged-trailer-count.bsm\` | record 10's trailer byte count is one more than its header's | the same trail, trailer count incremented |
`;
}

/** Every fixture file, by name, as the script writes them. */
export function buildFixtures(): Record<string, Uint8Array | string> {
  return {
    "sample.bsm": generateTrail({ seed: SAMPLE_SEED, records: SAMPLE_RECORDS }),
    "all-tokens.bsm": allTokensTrail(),
    ...damagedTrails(),
    "README.md": fixturesReadme(),
  };
}

/** The fixtures folder. */
export const FIXTURES_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..", "fixtures");

function main(): void {
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const [name, data] of Object.entries(buildFixtures())) {
    writeFileSync(join(FIXTURES_DIR, name), data);
    console.log(`${name}: ${data.length} ${typeof data === "string" ? "chars" : "bytes"}`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();

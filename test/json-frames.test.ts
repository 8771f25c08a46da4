/**
 * The native JSON written straight from record frames (NativeJsonWriter's
 * writeFrame, through a FramePrinter, as `bsm-trail json` writes it) is
 * byte for byte what the writer writes of the decoded records, over every
 * corpus trail, the damaged bad/ trails, the fixtures, a generated trail
 * and records made to reach every branch (64-bit values, IPv6 hosts and
 * subjects, escapes, interior NULs, UTF-8 that must fall back to the
 * decoder, passwd names); and the frame path is the one taken for records
 * it can write.
 */

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import { NativeConverter, type NativeOptions } from "../src/json/native";
import { NativeJsonWriter } from "../src/json/native-writer";
import { FramePrinter } from "../src/print/frame-printer";
import { PrintBuffer } from "../src/print/print-buffer";
import { generateTrail } from "../src/testing/generator";
import { encodeRecord } from "../src/wire/encoder";
import type { RecordFrame } from "../src/wire/record";
import { tokens } from "../src/wire/token-builders";
import { badTrails, corpusPath, corpusTrails } from "./corpus";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = readdirSync(join(root, "fixtures"))
  .filter((f) => f.endsWith(".bsm"))
  .map((f) => join(root, "fixtures", f));

/** A writer that counts the frames it wrote from their bytes. */
class CountingWriter extends NativeJsonWriter {
  fromBytes = 0;
  override writeFrame(f: RecordFrame, w: PrintBuffer): boolean {
    const ok = super.writeFrame(f, w);
    if (ok) this.fromBytes++;
    return ok;
  }
}

/** The writer's text of every decoded record, the frame path's text, errors of each, and frames written from bytes. */
function both(bytes: Uint8Array, options: Readonly<Partial<NativeOptions>>) {
  const errA: string[] = [];
  const records = decodeAllRecords(bytes, { onError: (e) => errA.push(e.message) });
  const a = new PrintBuffer();
  const decoded = new NativeJsonWriter(new NativeConverter(options));
  for (const r of records) decoded.write(r, a);
  const errB: string[] = [];
  const writer = new CountingWriter(new NativeConverter(options));
  const printer = new FramePrinter(writer, { onError: (e) => errB.push(e.message) });
  const b = new PrintBuffer();
  for (const batch of printer.batchesOf(bytes)) printer.write(batch, b);
  const text = (w: PrintBuffer) => Buffer.from(w.buf.subarray(0, w.pos)).toString("latin1");
  return {
    decoded: text(a),
    frames: text(b),
    errors: [errA, errB],
    records: records.length,
    fromBytes: writer.fromBytes,
  };
}

const trails = [
  ...corpusTrails().map((t) => corpusPath(t)),
  ...badTrails().map((t) => corpusPath(t)),
  ...fixtures,
];

describe("frames written from their bytes", () => {
  it("finds the corpus and fixtures", () => {
    expect(trails.length).toBeGreaterThan(20);
  });

  let fromBytes = 0;
  for (const path of trails) {
    it(`${path.slice(path.lastIndexOf("/", path.lastIndexOf("/") - 1) + 1)}: the same bytes and errors as the decoded records`, () => {
      const r = both(readFileSync(path), { fileName: path });
      expect(r.frames === r.decoded).toBe(true);
      expect(r.errors[1]).toEqual(r.errors[0]);
      fromBytes += r.fromBytes;
    });
  }

  it("writes most corpus records from their bytes", () => {
    expect(fromBytes).toBeGreaterThan(1000);
  });

  it("a generated trail: the same bytes, every header record from its bytes", () => {
    const bytes = generateTrail({ seed: 7, bytes: 2 << 20 });
    const r = both(bytes, { fileName: "gen.bsm" });
    expect(r.frames === r.decoded).toBe(true);
    // All but the two file records.
    expect(r.fromBytes).toBe(r.records - 2);
    expect(r.frames).toMatch(/[^\x00-\x7f]/);
  });

  it("with passwd and group names", () => {
    const bytes = generateTrail({ seed: 8, bytes: 256 << 10 });
    const users = new Map([
      [0, "root"],
      [501, "alice"],
    ]);
    const groups = new Map([
      [0, "wheel"],
      [20, "staff"],
    ]);
    const r = both(bytes, { hostDb: { users, groups } });
    expect(r.frames === r.decoded).toBe(true);
    expect(r.frames).toContain('"auidName":"alice"');
    expect(r.frames).toContain('"egidName":"staff"');
    expect(r.fromBytes).toBeGreaterThan(100);
  });

  const subject = {
    auid: 501,
    euid: 0,
    egid: 20,
    ruid: 501,
    rgid: 20,
    pid: 42,
    sid: 7,
    port: 3,
    address: "10.0.0.9",
  };
  const cases: [string, Parameters<typeof encodeRecord>[0], boolean][] = [
    [
      "IPv6 host, 64-bit subject and values, escapes and an interior NUL",
      [
        tokens.header64_ex({
          event: 23,
          seconds: 1709275542,
          milliseconds: 7,
          address: "2001:db8::1",
        }),
        tokens.exec_args(["ls", "-l", 'quote" back\\slash tab\t\u0001\u007f']),
        tokens.exec_env(["HOME=/root", ""]),
        tokens.path("/bin/l\u0000s"),
        tokens.path(""),
        tokens.arg64(1, 2n ** 63n, "big"),
        tokens.opaque(Uint8Array.of(0xde, 0xad, 0x00)),
        tokens.subject64_ex({ ...subject, port: 2n ** 40n, address: "fe80::1" }),
        tokens.return64(2, 2n ** 64n - 1n),
        tokens.trailer(),
      ],
      true,
    ],
    [
      "subject32_ex with IPv4, return32 failure, two subjects (the first counts)",
      [
        tokens.header32({ event: 72, seconds: 1, milliseconds: 999 }),
        tokens.subject32_ex(subject),
        tokens.subject32({ ...subject, pid: 43 }),
        tokens.return32(2, 0xffffffff),
        tokens.return32(0, 1),
        tokens.trailer(),
      ],
      true,
    ],
    [
      "no subject, no return",
      [tokens.header32({ event: 1, seconds: 2, milliseconds: 3 }), tokens.trailer()],
      true,
    ],
    [
      "UTF-8 in paths and arguments (a BOM too): copied",
      [
        tokens.header32({ event: 72, seconds: 1, milliseconds: 0 }),
        tokens.path("/tmp/é😀\u0800\uffff"),
        tokens.path("\ufeffbom"),
        tokens.exec_args(["ß", "\u{10ffff}"]),
        tokens.trailer(),
      ],
      true,
    ],
  ];
  // Byte sequences that are not well-formed UTF-8 (the decoder puts U+FFFD
  // in their place): the record is decoded instead.
  const bad = [
    [0xff],
    [0xc0, 0x80],
    [0xc3],
    [0xe0, 0x80, 0x80],
    [0xed, 0xa0, 0x80],
    [0xe2, 0x82],
    [0xf4, 0x90, 0x80, 0x80],
    [0xf0, 0x8f, 0xbf, 0xbf],
    [0xf5, 0x80, 0x80, 0x80],
    [0x80],
  ];
  for (const seq of bad) {
    cases.push([
      `ill-formed UTF-8 ${seq.map((x) => x.toString(16)).join(" ")} in a path: decoded instead`,
      [
        tokens.header32({ event: 72, seconds: 1, milliseconds: 0 }),
        { ...tokens.path("x"), pathBytes: Uint8Array.of(0x61, ...seq, 0x62, 0) },
        tokens.trailer(),
      ],
      false,
    ]);
  }
  for (const [name, toks, framed] of cases) {
    it(name, () => {
      const bytes = encodeRecord(toks, { fixSizes: true });
      const r = both(bytes, { fileName: "t.bsm" });
      expect(r.records).toBe(1);
      expect(r.frames === r.decoded).toBe(true);
      expect(r.fromBytes).toBe(framed ? 1 : 0);
    });
  }
});

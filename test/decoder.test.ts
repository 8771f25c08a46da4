import { readFileSync } from "node:fs";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import {
  type BsmError,
  BsmError as BsmErrorClass,
  type BsmRecord,
  decodeAllRecords,
  decodeRecordStream,
  decodeRecords,
  readTrail,
  recordTime,
  type Token,
  TrailerMismatchError,
} from "../src/index";
import { corpusPath } from "./corpus";
import { plainRecords, plainToken } from "./plain";

function load(rel: string): Uint8Array {
  return new Uint8Array(readFileSync(corpusPath(rel)));
}

function tokensOf<T extends Token["type"]>(r: BsmRecord, type: T): Extract<Token, { type: T }>[] {
  return r.tokens.filter((t): t is Extract<Token, { type: T }> => t.type === type);
}

describe("known values", () => {
  it("real macOS trail (plaso-apple): 54 records, header32 v11, token counts", () => {
    const errors: BsmError[] = [];
    const recs = decodeAllRecords(load("real/plaso-apple.bsm"), { onError: (e) => errors.push(e) });
    expect(errors).toEqual([]);
    expect(recs.length).toBe(54);
    const counts: Record<string, number> = {};
    for (const r of recs) {
      expect(r.header?.type).toBe("header32");
      expect(r.version).toBe(11);
      expect(r.tokens.at(-1)?.type).toBe("trailer");
      for (const t of r.tokens) counts[t.type] = (counts[t.type] ?? 0) + 1;
    }
    expect(counts).toMatchObject({
      subject32: 49,
      subject32_ex: 2,
      text: 70,
      path: 1,
      arg32: 20,
      arg64: 10,
      return32: 54,
    });
    const r0 = recs[0];
    expect(r0.event).toBe(45029);
    expect(tokensOf(r0, "text")[0].text).toBe("launchctl::Audit recovery");
    expect(tokensOf(r0, "path")[0].path).toBe("/var/audit/20131104171720.crash_recovery");
    const ret = tokensOf(r0, "return32")[0];
    expect([ret.status, ret.value]).toEqual([0, 0]);
    // The sub-second field is milliseconds.
    expect(recordTime(r0).toISOString()).toBe("2013-11-04T18:36:20.381Z");
  });

  it("libbsm trail (plaso-openbsm): 50 AUE_NULL records, record 0 is arg32", () => {
    const recs = decodeAllRecords(load("real/plaso-openbsm.bsm"));
    expect(recs.length).toBe(50);
    for (const r of recs) {
      expect(r.event).toBe(0);
      expect(r.seconds).toBe(1230477138);
    }
    const arg = tokensOf(recs[0], "arg32")[0];
    expect(arg).toMatchObject({ argNumber: 3, value: 0xabcdef00, description: "test_arg32_token" });
    expect(recs[0].milliseconds).toBe(131);
  });

  it("all-tokens: 48 token ids decode, addresses as text, 64-bit as bigint", () => {
    const recs = decodeAllRecords(load("trails/all-tokens.bsm"), { strict: true });
    const all = recs.flatMap((r) => r.tokens);
    const ids = new Set(all.map((t) => t.id));
    expect(ids.size).toBe(48);
    expect(all.some((t) => t.type === "unknown")).toBe(false);
    const h6 = all.find((t) => t.type === "header32_ex" && t.addressType === 16);
    expect(h6 && "address" in h6 ? h6.address : "").toBe("2001:db8::b5d");
    const h64 = all.find((t) => t.type === "header64");
    expect(typeof (h64 as { seconds: unknown }).seconds).toBe("bigint");
    const r64 = all.filter((t) => t.type === "return64");
    expect(r64.map((t) => (t as { value: bigint }).value)).toEqual([
      140706010955776n,
      0xffffffffffffffffn,
    ]);
    const sun = all.find((t) => t.type === "sockunix");
    expect(sun).toMatchObject({ family: 1, path: "/var/run/syslog" });
    const id = all.find((t) => t.type === "identity");
    expect(id).toMatchObject({ signerType: 1, signingId: "com.apple.ls", teamId: "" });
    const k = all.find((t) => t.type === "krb5_principal");
    expect(k).toMatchObject({
      strings: ["alice@EXAMPLE.COM", "host/mac.example.com@EXAMPLE.COM"],
    });
    const uuid = all.find((t) => t.type === "arg_uuid");
    expect(uuid).toMatchObject({
      uuid: "5a62ea53-d41c-11e6-c8a3-25009d4bb49c",
      description: "object",
    });
  });

  it("mix-small: 11,327 records between two file tokens, every byte accounted for", () => {
    const b = load("trails/mix-small.bsm");
    const recs = decodeAllRecords(b, { strict: true });
    expect(recs.length).toBe(11_329);
    expect(recs[0].kind).toBe("file");
    expect(recs.at(-1)?.kind).toBe("file");
    let next = 0;
    for (const r of recs) {
      expect(r.offset).toBe(next);
      next = r.offset + r.length;
    }
    expect(next).toBe(b.length);
  });
});

describe("byte fields", () => {
  it("are zero-copy views into the input by default", () => {
    const b = load("trails/all-tokens.bsm");
    const recs = decodeAllRecords(b);
    const p = recs.flatMap((r) => r.tokens).find((t) => t.type === "path");
    expect(p && "pathBytes" in p ? p.pathBytes.buffer : null).toBe(b.buffer);
  });

  it("are detached by copy: true, with the same contents", () => {
    const b = load("trails/all-tokens.bsm");
    const plain = decodeAllRecords(b);
    const copied = decodeAllRecords(b, { copy: true });
    expect(plainRecords(copied)).toEqual(plainRecords(plain));
    const p = copied.flatMap((r) => r.tokens).find((t) => t.type === "path");
    expect(p && "pathBytes" in p ? p.pathBytes.buffer : b.buffer).not.toBe(b.buffer);
  });

  it("raw-byte twins are getters made on first read and kept, outside Object.keys", () => {
    const b = load("trails/all-tokens.bsm");
    let twins = 0;
    for (const r of decodeAllRecords(b)) {
      for (const t of r.tokens) {
        const all = Object.keys(plainToken(t));
        const own = Object.keys(t);
        const shown: string[] = [];
        for (const k in t) shown.push(k);
        expect(own, t.type).toEqual(all.filter((k) => !k.endsWith("Bytes")));
        expect(shown, t.type).toEqual(own);
        for (const k of all.filter((x) => x.endsWith("Bytes"))) {
          const rec = t as unknown as Record<string, Uint8Array | Uint8Array[]>;
          const first = rec[k];
          expect(rec[k], `${t.type}.${k}`).toBe(first);
          const views = Array.isArray(first) ? first : [first];
          for (const v of views) expect(v.buffer).toBe(b.buffer);
          twins++;
        }
      }
    }
    expect(twins).toBeGreaterThan(30);
  });

  it("text decodes through the encoding option and keeps raw bytes", () => {
    const b = load("trails/all-tokens.bsm");
    const find = (recs: BsmRecord[]) =>
      recs.flatMap((r) => r.tokens).find((t) => t.type === "text" && t.text.includes("tab")) as {
        text: string;
        textBytes: Uint8Array;
      };
    const utf8 = find(decodeAllRecords(b));
    const latin1 = find(decodeAllRecords(b, { encoding: "latin1" }));
    const mac = find(decodeAllRecords(b, { encoding: "macintosh" }));
    expect(utf8.text.endsWith("é utf8")).toBe(true);
    expect(latin1.text.endsWith("Ã© utf8")).toBe(true);
    expect(mac.text).not.toBe(utf8.text);
    expect(utf8.textBytes).toEqual(latin1.textBytes);
  });
});

describe("APIs agree", () => {
  const rel = "trails/mix-apple-small.bsm";

  it("decodeRecords iterator equals decodeAllRecords", () => {
    const b = load(rel);
    expect(plainRecords([...decodeRecords(b)])).toEqual(plainRecords(decodeAllRecords(b)));
  });

  it("decodeRecordStream over Node Readable, web ReadableStream and async iterable", async () => {
    const b = load(rel);
    const whole = plainRecords(decodeAllRecords(b));
    const chunks = (size: number) => {
      const out: Uint8Array[] = [];
      for (let i = 0; i < b.length; i += size) out.push(b.subarray(i, i + size));
      return out;
    };
    async function collect(src: Parameters<typeof decodeRecordStream>[0]) {
      const out: BsmRecord[] = [];
      for await (const r of decodeRecordStream(src)) out.push(r);
      return out;
    }
    expect(plainRecords(await collect(Readable.from(chunks(65536))))).toEqual(whole);
    const web = new ReadableStream<Uint8Array>({
      start(c) {
        for (const x of chunks(4096)) c.enqueue(x);
        c.close();
      },
    });
    expect(plainRecords(await collect(web))).toEqual(whole);
    async function* gen() {
      for (const x of chunks(7)) yield x;
    }
    expect(plainRecords(await collect(gen()))).toEqual(whole);
  });

  it("readTrail over a file", async () => {
    const path = corpusPath(rel);
    const out: BsmRecord[] = [];
    for await (const r of readTrail(path)) out.push(r);
    expect(plainRecords(out)).toEqual(plainRecords(decodeAllRecords(load(rel))));
  });
});

describe("damage", () => {
  function damaged(): Uint8Array {
    const b = load("trails/mix-small.bsm").slice(0, 4000);
    return b;
  }

  it("a bad trailer count is reported once and the record still comes out", () => {
    const b = damaged();
    const recs = decodeAllRecords(b);
    const r = recs[3];
    const t = r.offset + r.length - 4;
    const bad = b.slice();
    bad[t] ^= 0xff;
    const errors: BsmError[] = [];
    const out = decodeAllRecords(bad, { onError: (e) => errors.push(e) });
    expect(out.map((x) => x.offset)).toEqual(recs.map((x) => x.offset));
    expect(errors.length).toBe(recs.length === out.length ? 2 : 1); // plus the cut final record
    expect(errors[0]).toBeInstanceOf(TrailerMismatchError);
    expect(errors[0].recordOffset).toBe(r.offset);
    expect(out[3].damaged).toBe(true);
  });

  it("strict mode throws a BsmError with offsets", () => {
    const b = damaged();
    const recs = decodeAllRecords(b);
    const bad = b.slice();
    bad[recs[2].offset] = 0xaa;
    let thrown: unknown;
    try {
      decodeAllRecords(bad, { strict: true });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(BsmErrorClass);
    expect((thrown as BsmError).offset).toBe(recs[2].offset);
    expect((thrown as BsmError).message).toContain(`offset ${recs[2].offset}`);
  });

  it("garbage between records is skipped, reported once, and the next record comes out", () => {
    const b = damaged();
    const recs = decodeAllRecords(b);
    const at = recs[2].offset;
    const bad = new Uint8Array(b.length + 3);
    bad.set(b.subarray(0, at));
    bad.set([0xaa, 0xbb, 0xcc], at);
    bad.set(b.subarray(at), at + 3);
    const errors: BsmError[] = [];
    const out = decodeAllRecords(bad, { onError: (e) => errors.push(e), fileName: "x.bsm" });
    expect(out.length).toBe(recs.length);
    expect(errors[0].kind).toBe("garbage");
    expect(errors[0].offset).toBe(at);
    expect(errors[0].skipped).toBe(3);
    expect(errors[0].message).toMatch(/^x\.bsm: offset \d+/);
  });
});

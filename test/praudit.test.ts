/**
 * The praudit printer against the real praudit's outputs in the conformance
 * corpus (read in place through test/corpus.ts), byte for byte.
 */

import { existsSync, readdirSync, readFileSync } from "node:fs";
import { SaxesParser } from "saxes";
import { afterAll, describe, expect, it } from "vitest";
import { decodeAllRecords } from "../src/api/decode";
import type { Token } from "../src/gen/token-types";
import { ctimeUtc, ntop6, prauditBytes, xmlEscape, xmlVisString } from "../src/print/format";
import { FramePrinter } from "../src/print/frame-printer";
import { PrauditPrinter, prauditText } from "../src/print/praudit";
import type { PrauditOptions } from "../src/print/praudit-options";
import { PrintBuffer } from "../src/print/print-buffer";
import { XML_DEVIATIONS } from "../src/print/xml-deviations";
import { loadHostDb, type NameResolver, nameResolver } from "../src/tables/users";
import type { BsmRecord } from "../src/wire/record";
import { corpusPath, corpusTrails } from "./corpus";

type Opts = Readonly<Partial<PrauditOptions>>;

/** praudit's flags per corpus file suffix. */
const TEXT_MODES: readonly (readonly [string, Opts])[] = [
  ["praudit.txt", {}],
  ["praudit-l.txt", { oneLine: true }],
  ["praudit-r.txt", { raw: true }],
  ["praudit-rl.txt", { raw: true, oneLine: true }],
  ["praudit-s.txt", { short: true }],
  ["praudit-n.txt", { numeric: true }],
];
const XML_SUFFIX = "praudit-x.xml";

const BSMTOK_MODES: readonly (readonly [string, Opts])[] = [
  ["bsmtok.txt", {}],
  ["bsmtok-l.txt", { oneLine: true }],
  ["bsmtok-r.txt", { raw: true }],
  ["bsmtok-s.txt", { short: true }],
  ["bsmtok-n.txt", { numeric: true }],
  ["bsmtok-x.xml", { xml: true }],
];

/**
 * Bare tokens whose praudit-style XML is not well-formed, where we
 * deliberately differ (see XML_DEVIATIONS): a NUL in data, `<IPCipc-type`.
 */
const BSMTOK_XML_DEVIATING = new Set(["data_token", "ipc_token"]);

let names: NameResolver | undefined;
/** The corpus host's user and group names. */
function corpusNames(): NameResolver {
  names ??= nameResolver(
    loadHostDb({ passwd: corpusPath("hostdb/passwd"), group: corpusPath("hostdb/group") }),
  );
  return names;
}

/** The options the corpus was printed with (TZ=UTC), plus `o`. */
function corpusOptions(o: Opts): Opts {
  return { names: corpusNames(), platform: "linux", appleTokens: false, timeZone: "UTC", ...o };
}

function print(records: BsmRecord[], o: Opts): string {
  return prauditText(records, corpusOptions(o));
}

/**
 * The CLI's way: frames printed from their bytes where the printer can,
 * the rest decoded (src/praudit/frames.ts).
 */
function printFrames(bytes: Uint8Array, o: Opts): string {
  const printer = new PrauditPrinter(corpusOptions(o));
  const w = new PrintBuffer();
  const fp = new FramePrinter(printer);
  w.str(printer.header());
  for (const batch of fp.batchesOf(bytes)) fp.write(batch, w);
  w.str(printer.footer());
  return w.take();
}

/** Where two outputs first differ, for failure messages. */
function firstDifference(ours: string, want: string): string {
  const a = ours.split("\n");
  const b = want.split("\n");
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const show = (s: string | undefined) => (s === undefined ? "<end of output>" : JSON.stringify(s));
  return `line ${i + 1}:\n      ours: ${show(a[i])}\n      want: ${show(b[i])}`;
}

/** Parses a byte string as XML (strict UTF-8, saxes, no namespaces); the first error or null. */
function xmlError(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return "not valid UTF-8";
  }
  const parser = new SaxesParser({ xmlns: false });
  let error: string | null = null;
  parser.on("error", (e) => {
    error ??= e.message;
  });
  parser.write(text).close();
  return error;
}

/** Praudit output files compared and how many matched. */
const tally = { compared: 0, identical: 0 };
const failures: string[] = [];

function compare(file: string, suffix: string, ours: string, want: Buffer): string | null {
  tally.compared++;
  if (Buffer.compare(Buffer.from(prauditBytes(ours)), want) === 0) {
    tally.identical++;
    return null;
  }
  const msg = `${file} [${suffix}] ${firstDifference(ours, want.toString("latin1"))}`;
  failures.push(msg);
  return msg;
}

/** Names of the openbsm-generate samples (no suffix), records or bare tokens. */
function generateSamples(kind: "record" | "token"): string[] {
  const re = kind === "record" ? /_record(-|$)/ : /_token(-|$)/;
  return readdirSync(corpusPath("openbsm-generate"))
    .filter((f) => !f.includes(".") && re.test(f))
    .sort();
}

/**
 * Every corpus file with praudit outputs: corpusTrails() (trails/, real/,
 * openbsm-generate/*_record), the `*_record-IPv4`/`-IPv6` samples it does
 * not list, and the bare tokens (praudit prints nothing for most of them).
 */
function trailsWithOutputs(): string[] {
  const listed = corpusTrails();
  const more = [...generateSamples("record"), ...generateSamples("token")]
    .map((f) => `openbsm-generate/${f}`)
    .filter((f) => !listed.includes(f) && existsSync(corpusPath(`${f}.praudit.txt`)));
  return [...listed, ...more];
}

afterAll(() => {
  console.log(
    `praudit conformance: ${tally.identical} of ${tally.compared} outputs identical` +
      (failures.length > 0 ? `\n  ${failures.join("\n  ")}` : ""),
  );
});

describe("praudit conformance (corpus, byte for byte)", () => {
  const trails = trailsWithOutputs();
  it("finds the corpus", () => {
    expect(trails.length).toBeGreaterThan(50);
  });

  for (const trail of trails) {
    it(trail, () => {
      const bytes = readFileSync(corpusPath(trail));
      const records = decodeAllRecords(bytes);
      const diffs: string[] = [];
      for (const [suffix, o] of TEXT_MODES) {
        const want = readFileSync(corpusPath(`${trail}.${suffix}`));
        const d = compare(trail, suffix, print(records, o), want);
        if (d !== null) diffs.push(d);
        // The CLI's path, from record bytes, wherever it applies.
        if (new PrauditPrinter(o).printsFrames) {
          const f = compare(trail, `${suffix} from frames`, printFrames(bytes, o), want);
          if (f !== null) diffs.push(f);
        }
      }
      // XML: ours is always well-formed; identical wherever praudit's is.
      const ours = print(records, { xml: true });
      const oursError = xmlError(prauditBytes(ours));
      if (oursError !== null) diffs.push(`${trail} [-x] our XML is not well-formed: ${oursError}`);
      const want = readFileSync(corpusPath(`${trail}.${XML_SUFFIX}`));
      if (xmlError(want) === null) {
        const d = compare(trail, XML_SUFFIX, ours, want);
        if (d !== null) diffs.push(d);
      } else {
        // praudit's XML is broken here: same lines, only the deviations differ.
        const a = ours.split("\n").length;
        const b = want.toString("latin1").split("\n").length;
        if (a !== b) diffs.push(`${trail} [-x] ${a} lines, praudit ${b}`);
      }
      expect(diffs, diffs.join("\n")).toEqual([]);
    });
  }
});

describe("Apple tokens", () => {
  const APPLE_LINE =
    /^(identity,\d+,[^,]*,(complete|truncated),[^,]*,(complete|truncated),(0x[0-9a-f]*)?|principal(,[^,]*)*|cert hash(,[^,]*)*|23[789],.*)$/;

  for (const trail of ["trails/all-tokens.bsm", "trails/mix-apple-small.bsm"]) {
    it(`${trail}: only the unknown lines change, to macOS's forms`, () => {
      const records = decodeAllRecords(readFileSync(corpusPath(trail)));
      let changed = 0;
      for (const [suffix, o] of TEXT_MODES) {
        if (o.oneLine) continue;
        const apple = print(records, { ...o, appleTokens: true }).split("\n");
        const want = readFileSync(corpusPath(`${trail}.${suffix}`))
          .toString("latin1")
          .split("\n");
        expect(apple.length).toBe(want.length);
        for (let i = 0; i < want.length; i++) {
          if (apple[i] === want[i]) continue;
          changed++;
          expect(want[i]).toMatch(o.raw ? /^23[789],0x[0-9a-f]+$/ : /^unknown,0x[0-9a-f]+$/);
          expect(apple[i]).toMatch(APPLE_LINE);
        }
      }
      expect(changed).toBeGreaterThan(0);
      // XML: praudit's empty lines become elements; everything else is unchanged.
      const apple = print(records, { xml: true, appleTokens: true }).split("\n");
      const plain = print(records, { xml: true }).split("\n");
      expect(apple.length).toBe(plain.length);
      for (let i = 0; i < plain.length; i++) {
        if (apple[i] === plain[i]) continue;
        expect(plain[i]).toBe("");
        expect(apple[i]).toMatch(/^<(identity .* \/|krb5_principal|cert_hash)>/);
      }
      expect(xmlError(prauditBytes(apple.join("\n")))).toBeNull();
    });
  }

  it("prints all-tokens' Apple tokens as macOS does", () => {
    const records = decodeAllRecords(readFileSync(corpusPath("trails/all-tokens.bsm")));
    const text = print(records, { appleTokens: true }).split("\n");
    expect(text).toContain(
      "identity,1,com.apple.ls,complete,,complete,0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3",
    );
    expect(text).toContain(
      "identity,0,com.example.tool,complete,ABCDE12345,truncated,0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3",
    );
    expect(text).toContain("principal,alice@EXAMPLE.COM,host/mac.example.com@EXAMPLE.COM");
    expect(text).toContain("cert hash,3f786850e387550fdab836ed7e6dc881de23001b");
    const xml = print(records, { xml: true, appleTokens: true }).split("\n");
    expect(xml).toContain(
      '<identity signer-type="1" signing-id="com.apple.ls" signing-id-truncated="no" team-id="" team-id-truncated="no" cdhash="0xa0a1a2a3a4a5a6a7a8a9aaabacadaeafb0b1b2b3" />',
    );
    expect(xml).toContain(
      "<krb5_principal><principal>alice@EXAMPLE.COM</principal><principal>host/mac.example.com@EXAMPLE.COM</principal></krb5_principal>",
    );
    expect(xml).toContain(
      "<cert_hash><hash>3f786850e387550fdab836ed7e6dc881de23001b</hash></cert_hash>",
    );
  });
});

/** A bare token's bytes wrapped in a header32 … trailer record, decoded; the token. */
function decodeLoneToken(tok: Uint8Array): Token {
  const size = 18 + tok.length + 7;
  const b = new Uint8Array(size);
  const v = new DataView(b.buffer);
  b[0] = 0x14;
  v.setUint32(1, size);
  b[5] = 11;
  b.set(tok, 18);
  b[size - 7] = 0x13;
  v.setUint16(size - 6, 0xb105);
  v.setUint32(size - 4, size);
  const records = decodeAllRecords(b);
  expect(records.length).toBe(1);
  expect(records[0].tokens.length).toBe(3);
  return records[0].tokens[1];
}

describe("lone tokens (libbsm's printing, *.bsmtok*)", () => {
  const dir = corpusPath("openbsm-generate");
  const files = generateSamples("token");
  it("finds the bare tokens", () => {
    expect(files.length).toBeGreaterThan(20);
  });
  for (const f of files) {
    it(f, () => {
      const token = decodeLoneToken(readFileSync(`${dir}/${f}`));
      const diffs: string[] = [];
      for (const [suffix, o] of BSMTOK_MODES) {
        const ours = new PrauditPrinter(corpusOptions(o)).token(token);
        const want = readFileSync(`${dir}/${f}.${suffix}`);
        if (o.xml && BSMTOK_XML_DEVIATING.has(f)) {
          expect(ours).not.toBe(want.toString("latin1"));
          expect(xmlError(prauditBytes(`<a>${ours}</a>`))).toBeNull();
          continue;
        }
        const d = compare(`openbsm-generate/${f}`, suffix, ours, want);
        if (d !== null) diffs.push(d);
      }
      expect(diffs, diffs.join("\n")).toEqual([]);
    });
  }
});

describe("PrauditPrinter units", () => {
  const records = (): BsmRecord[] =>
    decodeAllRecords(readFileSync(corpusPath("openbsm-generate/subject32_record")));

  it("uses the delimiter (-d) between fields and after tokens with -l", () => {
    const recs = records();
    const comma = print(recs, { oneLine: true });
    const tab = print(recs, { oneLine: true, delimiter: "\t" });
    expect(tab).toBe(comma.replaceAll(",", "\t"));
    expect(print(recs, { delimiter: "::" })).toBe(print(recs, {}).replaceAll(",", "::"));
    // A non-ASCII delimiter is written as UTF-8.
    expect(prauditBytes(print(recs, { delimiter: "→" }))).toEqual(
      new Uint8Array(Buffer.from(print(recs, {}).replaceAll(",", "→"), "utf8")),
    );
  });

  it("prints raw numbers with -r", () => {
    const out = print(records(), { raw: true }).split("\n");
    expect(out[0]).toMatch(/^20,\d+,11,\d+,\d+,\d+,\d+$/);
    expect(out.at(-2)).toMatch(/^19,\d+$/);
    expect(out.some((l) => l.startsWith("36,"))).toBe(true);
  });

  it("prints an unknown uid or gid as %d, and -n never looks names up", () => {
    const lookups: number[] = [];
    const names: NameResolver = {
      user: (id) => {
        lookups.push(id);
        return id === 0 ? "root" : String(id | 0);
      },
      group: (id) => (id === 0 ? "wheel" : String(id | 0)),
    };
    const recs = decodeAllRecords(readFileSync(corpusPath("trails/all-tokens.bsm")));
    const text = prauditText(recs, { names, platform: "linux" });
    expect(text).toContain("process,-1,root,wheel,root,wheel,1,0,0,0.0.0.0");
    expect(text).toContain("group,20,12,61,-2\n");
    lookups.length = 0;
    const numeric = prauditText(recs, { names, platform: "linux", numeric: true });
    expect(lookups).toEqual([]);
    expect(numeric).toContain("process,-1,0,0,0,0,1,0,0,0.0.0.0");
  });

  it("prints times in UTC whatever the process time zone, and memoizes nothing wrong", () => {
    const recs = records();
    const before = print(recs, {});
    const tz = process.env.TZ;
    process.env.TZ = "America/New_York";
    try {
      expect(print(recs, {})).toBe(before);
    } finally {
      if (tz === undefined) delete process.env.TZ;
      else process.env.TZ = tz;
    }
  });

  it("frames XML with praudit's prolog and epilog", () => {
    const p = new PrauditPrinter(corpusOptions({ xml: true }));
    expect(p.header()).toBe("<?xml version='1.0' ?>\n<audit>\n");
    expect(p.footer()).toBe("</audit>\n");
    expect(new PrauditPrinter(corpusOptions({})).header()).toBe("");
    expect(XML_DEVIATIONS.length).toBeGreaterThan(0);
  });

  it("reproduces string bytes exactly and keeps XML well-formed", () => {
    const recs = decodeAllRecords(readFileSync(corpusPath("trails/all-tokens.bsm")));
    const text = print(recs, {});
    // "é" in UTF-8 is two bytes, two chars of the byte string.
    expect(text).toContain("tab \xc3\xa9 utf8");
    const xml = print(recs, { xml: true });
    expect(xml).toContain(
      '<text>text with, comma "quotes" &lt;xml> &amp; amp \t tab \xc3\xa9 utf8</text>',
    );
    expect(xml).toContain(
      "<group><gid>dialout</gid><gid>man</gid><gid>61</gid><gid>-2</gid></group>",
    );
    expect(xml).toContain('<IPC ipc-type="Message IPC" ipc-id="65537" />');
    expect(xml).toContain(
      '<record version="11" event="execve(2)" modifier="1" host="192.168.10.5" time="Fri Mar  1 18:32:37 2024" msec=" + 544 msec" >',
    );
    expect(xmlError(prauditBytes(xml))).toBeNull();
  });
});

describe("format helpers", () => {
  it("formats ctime as glibc does, in UTC", () => {
    expect(ctimeUtc(1709317957)).toBe("Fri Mar  1 18:32:37 2024");
    expect(ctimeUtc(0)).toBe("Thu Jan  1 00:00:00 1970");
    expect(ctimeUtc(-1)).toBe("Wed Dec 31 23:59:59 1969");
    expect(ctimeUtc(4294967295)).toBe("Sun Feb  7 06:28:15 2106");
    // A three-digit year keeps ctime's newline (praudit cuts at 24 chars).
    expect(ctimeUtc(-40000000000)).toBe("Sun Jun 15 00:53:20 702\n");
    expect(ctimeUtc(1e15)).toBe("");
  });

  it("prints IPv6 as glibc's inet_ntop", () => {
    const v6 = (hex: string) => ntop6(Uint8Array.from(Buffer.from(hex, "hex")));
    expect(v6("20010db8000000000000000000000b5d")).toBe("2001:db8::b5d");
    expect(v6("00000000000000000000000000000001")).toBe("::1");
    expect(v6("00000000000000000000000000000000")).toBe("::");
    expect(v6("00000000000000000000ffffc0a80101")).toBe("::ffff:192.168.1.1");
    expect(v6("000000000000000000000000c0a80101")).toBe("::192.168.1.1");
    expect(v6("fe800000000000000000000000000001")).toBe("fe80::1");
    expect(v6("20010db8000100000001000000000001")).toBe("2001:db8:1:0:1::1");
  });

  it("escapes exec args as print_xml_string (vis) and raw strings minimally", () => {
    expect(xmlVisString("r\xc3\xa9sum\xc3\xa9 <&>\"' \\ \x01\x7f\xa0")).toBe(
      "r\\M-C\\M-)sum\\M-C\\M-) &lt;&amp;&gt;&quot;&apos; \\\\ \\^A\\^?\\240",
    );
    expect(xmlEscape('a<b & c>d "q"', false)).toBe('a&lt;b &amp; c>d "q"');
    expect(xmlEscape('a<b & c>d "q"', true)).toBe("a&lt;b &amp; c>d &quot;q&quot;");
    expect(xmlEscape("]]>", false)).toBe("]]&gt;");
    expect(xmlEscape("ok \xc3\xa9 bad \xe9 nul \x00", false)).toBe("ok \xc3\xa9 bad \\M-i nul \\0");
  });
});

describe("damaged tokens", () => {
  it("stops the record where libbsm cannot read a token, as praudit does", () => {
    // header32, data token with an impossible unit size, text, trailer.
    const body = [0x21, 4, 9, 1, 0x41, 0x28, 0, 2, 0x68, 0];
    const size = 18 + body.length + 7;
    const b = new Uint8Array(size);
    const v = new DataView(b.buffer);
    b[0] = 0x14;
    v.setUint32(1, size);
    b[5] = 11;
    b.set(body, 18);
    b[size - 7] = 0x13;
    v.setUint16(size - 6, 0xb105);
    v.setUint32(size - 4, size);
    const records = decodeAllRecords(b);
    expect(records.length).toBe(1);
    expect(print(records, {})).toBe(
      "header,35,11,indir system call,0,Thu Jan  1 00:00:00 1970, + 0 msec\n",
    );
    expect(print(records, { oneLine: true })).toBe(
      "header,35,11,indir system call,0,Thu Jan  1 00:00:00 1970, + 0 msec,\n",
    );
  });
});
